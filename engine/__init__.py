"""Avtaleverk: standard data-sharing agreements and an ODRL rights engine.

The pure core is re-exported here: the domain types, the clause library, answers, ``compose``, the
rights summary and the fairness check, the error tree, the i18n helpers and ``write_atomic``. Adapters are public
subpackages with their own ``__all__``: ``engine.render`` (HTML, PDF/A, DOCX, verify), ``engine.odrl``
(policies, requests, decisions), ``engine.rdf`` (RDF in and out) and ``engine.store`` (the registry);
``engine.services`` holds the use cases. The edges (CLI, app, API) import only ``engine`` and
``engine.services``.
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
)
from engine.core.answers import answer_text, answers_model, defaults, validate_answers, visible
from engine.core.compose import compose
from engine.core.fairness import FairnessFlag, check_fairness
from engine.core.library import Library, check_library, load_library
from engine.core.summary import SummaryRow, rights_summary
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
from engine.files import write_atomic
from engine.i18n import LANGS, SOURCE_LANG, I18n, Lang, Texts, pick, text

__all__ = [  # noqa: RUF022 - plain sorted() order, pinned by tests/test_public_api.py
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
    "FairnessFlag",
    "I18n",
    "ImmutableError",
    "LANGS",
    "Lang",
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
    "SOURCE_LANG",
    "StoreError",
    "SummaryRow",
    "TemplateError",
    "Texts",
    "UnknownIdError",
    "answer_text",
    "answers_model",
    "canonical_json",
    "check_fairness",
    "check_library",
    "compose",
    "compute_content_hash",
    "defaults",
    "load_library",
    "pick",
    "rights_summary",
    "text",
    "validate_answers",
    "visible",
    "write_atomic",
]
