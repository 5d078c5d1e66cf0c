"""What the registry hands out: statuses, roles and frozen records.

Records are pydantic models (frozen, no extra fields), the same from every backend. JSON payloads
(answers, audit detail) are typed :data:`JsonObject`: the store keeps exactly what JSON can hold.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from engine.core.agreement import Agreement, ClauseRef, Party

__all__ = [
    "DEFAULT_DRAFT_TTL",
    "SYSTEM_ACTOR",
    "AgreementQuery",
    "AgreementRecord",
    "AgreementStatus",
    "AgreementSummary",
    "AuditEntry",
    "AuditEvent",
    "ClauseImportReport",
    "ClauseStatus",
    "ClauseUsage",
    "ClauseVersion",
    "JsonObject",
    "Role",
    "StoredUser",
    "UserRecord",
    "WizardDraft",
    "clause_file_name",
]

#: The actor recorded for what the product itself does (the first load of the shipped library).
SYSTEM_ACTOR = "avtaleverk"
#: How long an untouched wizard draft can be resumed.
DEFAULT_DRAFT_TTL = timedelta(days=30)

JsonObject = dict[str, JsonValue]


class AgreementStatus(StrEnum):
    draft = "draft"
    final = "final"
    signed = "signed"
    terminated = "terminated"


class ClauseStatus(StrEnum):
    draft = "draft"
    review = "review"
    published = "published"
    retired = "retired"


class Role(StrEnum):
    advisor = "advisor"
    admin = "admin"


def clause_file_name(clause_id: str) -> str:
    """The file a clause lives in, in ``clauses/`` and in exports."""
    return f"{clause_id}.yaml"


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AgreementSummary(_Record):
    """One row of the registry list: enough to find and identify an agreement."""

    id: str
    type_id: str
    type_version: str
    title: str
    language: str
    status: AgreementStatus
    parties: tuple[Party, ...]
    content_hash: str
    created_at: datetime
    updated_at: datetime
    created_by: str
    has_pdf: bool = False


class AgreementRecord(AgreementSummary):
    """The whole stored agreement. ``agreement`` re-renders the PDF byte-identically."""

    answers: JsonObject
    agreement: Agreement
    clauses: tuple[ClauseRef, ...]
    pdf: bytes | None = Field(default=None, repr=False)

    def summary(self) -> AgreementSummary:
        return AgreementSummary(**{name: getattr(self, name) for name in AgreementSummary.model_fields})


class AgreementQuery(_Record):
    """A page of the registry list, as the backends receive it (``party`` already case-folded)."""

    party: str | None = None
    status: AgreementStatus | None = None
    type_id: str | None = None
    created_from: datetime | None = None
    created_before: datetime | None = None
    limit: int = 50
    offset: int = 0


class WizardDraft(_Record):
    """Wizard answers saved as the user types; resumed with ``token`` until ``expires_at``.

    Backends never see the token: they keep the draft under the token's SHA-256 and return it
    with ``token=""``; the registry puts the caller's token back.
    """

    token: str = Field(repr=False)
    type_id: str
    language: str
    answers: JsonObject
    step: str | None = None
    created_by: str | None = None
    created_at: datetime
    touched_at: datetime
    expires_at: datetime


class ClauseVersion(_Record):
    """One version of one clause: the raw YAML text plus its place in the review workflow."""

    clause_id: str
    version: str
    status: ClauseStatus
    source: str
    author: str
    editors: tuple[str, ...]
    updated_by: str
    reviewer: str | None = None
    change_note: str = ""
    lock_version: int
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None = None

    @property
    def key(self) -> str:
        """``id@version``, the audit log's subject id."""
        return f"{self.clause_id}@{self.version}"

    @property
    def file_name(self) -> str:
        return clause_file_name(self.clause_id)


class ClauseUsage(_Record):
    agreement_id: str
    clause_version: str
    agreement_status: AgreementStatus


class ClauseImportReport(_Record):
    """What loading clause files did: ``id@version`` lists, and the status the new versions got."""

    created: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    status: ClauseStatus = ClauseStatus.draft


class UserRecord(_Record):
    username: str
    display_name: str
    role: Role
    disabled: bool = False
    created_at: datetime


class StoredUser(_Record):
    """A user with the argon2 hash, as backends keep it. Never leaves the store."""

    user: UserRecord
    password_hash: str = Field(repr=False)


class AuditEntry(_Record):
    """One audit event before the backend numbers it."""

    at: datetime
    actor: str
    action: str
    subject_type: str
    subject_id: str
    detail: JsonObject = Field(default_factory=dict)


class AuditEvent(AuditEntry):
    id: int
