"""Avtaleverk: standard data-sharing agreements and an ODRL rights engine.

The pure core is re-exported here. Adapters are public subpackages with their own ``__all__``:
``engine.render`` (HTML, PDF/A, verify), ``engine.odrl`` (policies, requests, decisions) and
``engine.store`` (the registry).
"""

from engine.core.agreement import (
    Agreement,
    AgreementType,
    Annex,
    ClauseExample,
    ClauseRef,
    ClauseTemplate,
    ComposedClause,
    ComposedSection,
    Metadata,
    Party,
    Question,
    QuestionGroup,
    QuestionType,
    canonical_json,
    compute_content_hash,
    pick,
)
from engine.core.answers import answers_model, defaults, validate_answers, visible
from engine.core.compose import compose
from engine.core.library import Library, check_library, load_library
from engine.errors import (
    AnswersError,
    AvtaleverkError,
    ComposeError,
    ConflictError,
    ImmutableError,
    LibraryError,
    NotFoundError,
    PermissionDeniedError,
    PolicyError,
    PolicyParseError,
    ProfileViolation,
    RenderError,
    StoreError,
    TemplateError,
    UnknownIdError,
)

__all__ = [
    "Agreement",
    "AgreementType",
    "Annex",
    "AnswersError",
    "AvtaleverkError",
    "ClauseExample",
    "ClauseRef",
    "ClauseTemplate",
    "ComposeError",
    "ComposedClause",
    "ComposedSection",
    "ConflictError",
    "ImmutableError",
    "Library",
    "LibraryError",
    "Metadata",
    "NotFoundError",
    "Party",
    "PermissionDeniedError",
    "PolicyError",
    "PolicyParseError",
    "ProfileViolation",
    "Question",
    "QuestionGroup",
    "QuestionType",
    "RenderError",
    "StoreError",
    "TemplateError",
    "UnknownIdError",
    "answers_model",
    "canonical_json",
    "check_library",
    "compose",
    "compute_content_hash",
    "defaults",
    "load_library",
    "pick",
    "validate_answers",
    "visible",
]
