"""The domain types: what a clause library holds and what a composed agreement is.

These pydantic models are the public boundary between the pure core and every adapter (PDF, RDF,
store, CLI, app). A composed ``Agreement`` is plain, immutable data: everything needed to render,
verify and store it is inside it.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

import rfc8785
from pydantic import BaseModel, ConfigDict, Field

from engine.i18n import LANGS as LANGS
from engine.i18n import I18n as I18n
from engine.i18n import Lang as Lang
from engine.i18n import pick as pick

#: Clause and agreement-type versions are semantic versions ("1.2.0"): the one rule, for files and store.
SEMVER = re.compile(r"^\d+\.\d+\.\d+$")


#: A party is named in an ODRL policy by its entry in the Brønnøysund Register of Legal Entities.
PARTY_IRI_BASE = "https://data.brreg.no/enhetsregisteret/api/enheter/"
#: The assignee that stands for "another organisation": anyone who is not a party to the agreement.
OTHER_PARTY = f"{PARTY_IRI_BASE}999999999"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --------------------------------------------------------------------------- library side


class QuestionType(StrEnum):
    text = "text"
    long_text = "long_text"
    bool = "bool"
    choice = "choice"
    multi_choice = "multi_choice"
    date = "date"
    integer = "integer"
    percentage = "percentage"
    money = "money"
    orgnr = "orgnr"
    email = "email"
    party = "party"


class Option(_Frozen):
    value: str
    label: I18n
    help: I18n | None = None


class Question(_Frozen):
    id: str
    type: QuestionType
    label: I18n
    help: I18n
    group: str
    required: bool = True
    default: Any = None
    options: tuple[Option, ...] = ()
    visible_if: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    placeholder: I18n | None = None
    line: int | None = Field(default=None, exclude=True)

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


class QuestionGroup(_Frozen):
    """One wizard step."""

    id: str
    title: I18n
    intro: I18n | None = None


class OutlineSection(_Frozen):
    id: str
    title: I18n
    clauses: tuple[str, ...]


class OptionRule(_Frozen):
    """A rule between answers, declared next to the questions; ``engine.core.rules`` evaluates it.

    ``when`` says when the rule applies; then exactly one of: ``excludes`` (must not hold),
    ``requires`` (must hold), ``implies`` (these questions must have these answers; the wizard sets
    them) or ``check`` (a cross-field check shown at the field). ``questions`` are the questions the
    rule reads: a broken rule is reported at each of them.
    """

    id: str
    questions: tuple[str, ...]
    when: str = "true"
    excludes: str | None = None
    requires: str | None = None
    implies: dict[str, Any] | None = None
    check: str | None = None
    reason: I18n


class AgreementType(_Frozen):
    id: str
    version: str
    title: I18n
    description: I18n
    languages: tuple[str, ...] = LANGS
    policy_type: Literal["Agreement", "Offer", "Set"] = "Agreement"
    groups: tuple[QuestionGroup, ...]
    questions: tuple[Question, ...]
    outline: tuple[OutlineSection, ...]
    annexes: tuple[str, ...] = ()
    rules: tuple[OptionRule, ...] = ()
    source: str | None = Field(default=None, exclude=True)

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)

    def clause_ids(self) -> list[str]:
        return [cid for s in self.outline for cid in s.clauses] + list(self.annexes)


class ClauseExample(_Frozen):
    """A clause proving its own meaning: answers in, text and decisions out."""

    name: str
    type: str | None = None
    answers: dict[str, Any] = Field(default_factory=dict)
    lang: str = "nb"
    contains: tuple[str, ...] = ()
    not_contains: tuple[str, ...] = ()
    excluded: bool = False
    requests: tuple[dict[str, Any], ...] = ()


class ClauseTemplate(_Frozen):
    id: str
    version: str
    kind: Literal["clause", "annex"] = "clause"
    title: I18n
    body: I18n
    parameters: tuple[str, ...] = ()
    include_if: str | None = None
    policy: tuple[dict[str, Any], ...] = ()
    examples: tuple[ClauseExample, ...] = ()
    note: str | None = None
    source: str | None = Field(default=None, exclude=True)
    lines: dict[str, int] = Field(default_factory=dict, exclude=True)


# --------------------------------------------------------------------------- composed side


class Party(_Frozen):
    role: Literal["provider", "recipient"]
    name: str
    orgnr: str | None = None
    address: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    signatory_name: str | None = None
    signatory_role: str | None = None


class ClauseRef(_Frozen):
    id: str
    version: str


class ComposedClause(_Frozen):
    number: str
    id: str
    version: str
    title: str
    html: str


class ComposedSection(_Frozen):
    number: str
    id: str
    title: str
    clauses: tuple[ComposedClause, ...]


class Annex(_Frozen):
    number: str
    id: str
    version: str
    title: str
    html: str


class Metadata(_Frozen):
    document_id: str
    type_id: str
    type_version: str
    title: str
    language: str
    created_at: datetime
    clauses: tuple[ClauseRef, ...]


class Agreement(_Frozen):
    """A composed agreement: pure data, hashed, ready to render, store and verify."""

    metadata: Metadata
    parties: tuple[Party, ...]
    sections: tuple[ComposedSection, ...]
    annexes: tuple[Annex, ...] = ()
    answers: dict[str, Any]
    policy: dict[str, Any] | None = None
    content_hash: str = ""

    def clause(self, clause_id: str) -> ComposedClause | None:
        return next((c for s in self.sections for c in s.clauses if c.id == clause_id), None)

    def numbering(self) -> dict[str, str]:
        """clause id → number as printed ("7.2"; annexes "Vedlegg 1" use their own number)."""
        out = {c.id: c.number for s in self.sections for c in s.clauses}
        out.update({a.id: a.number for a in self.annexes})
        return out

    def party(self, role: str) -> Party | None:
        return next((p for p in self.parties if p.role == role), None)

    @property
    def short_hash(self) -> str:
        return self.content_hash[:12]


def canonical_json(agreement: Agreement) -> bytes:
    """RFC 8785 canonical JSON of everything in the agreement except its own hash."""
    return rfc8785.dumps(agreement.model_dump(mode="json", exclude={"content_hash"}))


def compute_content_hash(agreement: Agreement) -> str:
    """SHA-256 (hex) of :func:`canonical_json`: what the PDF, the registry and ``avtale verify`` compare."""
    return hashlib.sha256(canonical_json(agreement)).hexdigest()
