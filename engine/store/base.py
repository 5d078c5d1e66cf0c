"""The registry's interface: record types, lifecycle rules and the repository protocols.

Everything here is pure: no SQL, no sessions. ``memory.py`` and ``sql.py`` implement the same
protocols and share the rules below, so a behaviour that is a *store* rule (forward-only status,
four-eyes publishing, optimistic locking) is decided in one place. The SQL adapter adds a second
line of defence in the database itself (triggers, see ``docs/store.md``).

    Store = AgreementRepository + DraftRepository + ClauseRepository + UserRepository + AuditLog
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

import yaml
from pydantic import BaseModel, ConfigDict, Field

from engine.core.agreement import Agreement, ClauseRef, Party, compute_content_hash
from engine.errors import ConflictError, ImmutableError, PermissionDeniedError, StoreError

__all__ = [
    "AGREEMENT_TRANSITIONS",
    "CLAUSE_TRANSITIONS",
    "DEFAULT_DRAFT_TTL",
    "SYSTEM_ACTOR",
    "AgreementRecord",
    "AgreementRepository",
    "AgreementStatus",
    "AuditEvent",
    "AuditLog",
    "ClauseEditConflict",
    "ClauseImportReport",
    "ClauseRepository",
    "ClauseStatus",
    "ClauseUsage",
    "ClauseVersion",
    "DraftRepository",
    "Role",
    "Store",
    "UserRecord",
    "UserRepository",
    "WizardDraft",
]

#: The actor recorded for what the product itself does (``avtale init`` loading the shipped library).
SYSTEM_ACTOR = "avtaleverk"
#: How long an untouched wizard draft can be resumed.
DEFAULT_DRAFT_TTL = timedelta(days=30)
#: Length of the indexed party-search text (names and org.nr. beyond it are not searchable).
PARTY_SEARCH_MAX = 600


class AgreementStatus(StrEnum):
    draft = "draft"
    final = "final"
    signed = "signed"
    terminated = "terminated"


#: Status moves forward only; every move is an audit event.
AGREEMENT_TRANSITIONS: dict[AgreementStatus, frozenset[AgreementStatus]] = {
    AgreementStatus.draft: frozenset({AgreementStatus.final}),
    AgreementStatus.final: frozenset({AgreementStatus.signed, AgreementStatus.terminated}),
    AgreementStatus.signed: frozenset({AgreementStatus.terminated}),
    AgreementStatus.terminated: frozenset(),
}


class ClauseStatus(StrEnum):
    draft = "draft"
    review = "review"
    published = "published"
    retired = "retired"


#: review → draft is "sent back for changes"; nothing leaves published except to retired.
CLAUSE_TRANSITIONS: dict[ClauseStatus, frozenset[ClauseStatus]] = {
    ClauseStatus.draft: frozenset({ClauseStatus.review}),
    ClauseStatus.review: frozenset({ClauseStatus.draft, ClauseStatus.published}),
    ClauseStatus.published: frozenset({ClauseStatus.retired}),
    ClauseStatus.retired: frozenset(),
}


class Role(StrEnum):
    advisor = "advisor"
    admin = "admin"


# --------------------------------------------------------------------------- records


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

    answers: dict[str, Any]
    agreement: Agreement
    clauses: tuple[ClauseRef, ...]
    pdf: bytes | None = Field(default=None, repr=False)


class WizardDraft(_Record):
    """Wizard answers saved as the user types; resumed with ``token`` until ``expires_at``."""

    token: str = Field(repr=False)
    type_id: str
    language: str
    answers: dict[str, Any]
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
    def file_name(self) -> str:
        return clause_file_name(self.clause_id)


class ClauseUsage(_Record):
    agreement_id: str
    clause_version: str
    agreement_status: AgreementStatus


class ClauseImportReport(_Record):
    """What loading a folder of clause files did: ``id@version`` lists."""

    created: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()


class UserRecord(_Record):
    username: str
    display_name: str
    role: Role
    disabled: bool = False
    created_at: datetime


class AuditEvent(_Record):
    id: int
    at: datetime
    actor: str
    action: str
    subject_type: str
    subject_id: str
    detail: dict[str, Any] = Field(default_factory=dict)


class ClauseEditConflict(ConflictError):
    """Someone else saved this clause version first; ``current`` is what they saved."""

    def __init__(self, message: str, *, current: ClauseVersion) -> None:
        super().__init__(message, loc=("clauses", current.clause_id, current.version))
        self.current = current


# --------------------------------------------------------------------------- protocols


class AgreementRepository(Protocol):
    def add_agreement(
        self,
        agreement: Agreement,
        *,
        by: str,
        status: AgreementStatus | str = AgreementStatus.draft,
        pdf: bytes | None = None,
    ) -> AgreementRecord: ...

    def add_agreements(
        self, agreements: Iterable[Agreement], *, by: str, status: AgreementStatus | str = "draft"
    ) -> int: ...

    def replace_agreement(self, agreement_id: str, agreement: Agreement, *, by: str) -> AgreementRecord: ...

    def set_status(
        self, agreement_id: str, status: AgreementStatus | str, *, by: str, pdf: bytes | None = None
    ) -> AgreementRecord: ...

    def delete_agreement(self, agreement_id: str, *, by: str) -> None: ...

    def get_agreement(self, agreement_id: str, *, with_pdf: bool = False) -> AgreementRecord: ...

    def find_by_hash(self, content_hash: str) -> AgreementRecord: ...

    def get_pdf(self, agreement_id: str) -> bytes | None: ...

    def list_agreements(
        self,
        *,
        party: str | None = None,
        status: AgreementStatus | str | None = None,
        type_id: str | None = None,
        created_from: datetime | None = None,
        created_before: datetime | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[AgreementSummary]: ...

    def iter_agreements(self, *, with_pdf: bool = False) -> Iterator[AgreementRecord]: ...

    def clause_versions_used_by(self, clause_id: str) -> list[ClauseUsage]: ...


class DraftRepository(Protocol):
    def create_draft(
        self,
        type_id: str,
        answers: Mapping[str, Any] | str | None = None,
        *,
        language: str = "nb",
        step: str | None = None,
        by: str | None = None,
        ttl: timedelta = DEFAULT_DRAFT_TTL,
    ) -> WizardDraft: ...

    def save_draft(self, token: str, answers: Mapping[str, Any] | str, *, step: str | None = None) -> WizardDraft: ...

    def resume_draft(self, token: str) -> WizardDraft: ...

    def delete_draft(self, token: str) -> None: ...

    def purge_expired_drafts(self, now: datetime | None = None) -> int: ...


class ClauseRepository(Protocol):
    def create_clause_version(self, source: str, *, by: str, change_note: str = "") -> ClauseVersion: ...

    def save_clause_draft(
        self,
        clause_id: str,
        version: str,
        source: str,
        *,
        by: str,
        expected_lock_version: int,
        change_note: str | None = None,
    ) -> ClauseVersion: ...

    def submit_clause(self, clause_id: str, version: str, *, by: str, expected_lock_version: int) -> ClauseVersion: ...

    def send_back_clause(self, clause_id: str, version: str, *, by: str, note: str = "") -> ClauseVersion: ...

    def approve_clause(self, clause_id: str, version: str, *, by: str, note: str = "") -> ClauseVersion:
        """Publish (four-eyes); ``note`` is the change note published with the version."""
        ...

    def retire_clause(self, clause_id: str, version: str, *, by: str) -> ClauseVersion: ...

    def get_clause_version(self, clause_id: str, version: str) -> ClauseVersion: ...

    def list_clause_versions(
        self, clause_id: str | None = None, *, status: ClauseStatus | str | None = None
    ) -> list[ClauseVersion]: ...

    def published_clause_sources(self) -> dict[str, str]: ...

    def import_clause_sources(
        self, sources: Mapping[str, str], *, by: str, publish: bool = False
    ) -> ClauseImportReport: ...


class UserRepository(Protocol):
    def add_user(
        self, username: str, display_name: str, role: Role | str, password: str, *, by: str = SYSTEM_ACTOR
    ) -> UserRecord: ...

    def get_user(self, username: str) -> UserRecord: ...

    def list_users(self) -> list[UserRecord]: ...

    def disable_user(self, username: str, *, by: str) -> UserRecord: ...

    def authenticate(self, username: str, password: str) -> UserRecord: ...


class AuditLog(Protocol):
    def audit_events(
        self, *, subject_type: str | None = None, subject_id: str | None = None, limit: int | None = None
    ) -> list[AuditEvent]: ...


@runtime_checkable
class Store(AgreementRepository, DraftRepository, ClauseRepository, UserRepository, AuditLog, Protocol):
    """Everything the product remembers. ``open_store()`` returns one."""

    @property
    def url(self) -> str: ...

    def close(self) -> None: ...


# --------------------------------------------------------------------------- shared rules


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise StoreError("timestamps must be timezone-aware", code="store.invalid")
    return value.astimezone(UTC)


def agreement_status(value: AgreementStatus | str) -> AgreementStatus:
    try:
        return AgreementStatus(value)
    except ValueError:
        allowed = ", ".join(s.value for s in AgreementStatus)
        raise StoreError(f"unknown agreement status {value!r} (one of {allowed})", code="store.invalid") from None


def clause_status(value: ClauseStatus | str) -> ClauseStatus:
    try:
        return ClauseStatus(value)
    except ValueError:
        allowed = ", ".join(s.value for s in ClauseStatus)
        raise StoreError(f"unknown clause status {value!r} (one of {allowed})", code="store.invalid") from None


def role(value: Role | str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise StoreError(f"unknown role {value!r} (advisor or admin)", code="store.invalid") from None


def check_agreement_move(agreement_id: str, old: AgreementStatus, new: AgreementStatus) -> None:
    if new not in AGREEMENT_TRANSITIONS[old]:
        raise ImmutableError(
            f"agreement {agreement_id} cannot move from {old} to {new} (status moves forward only)",
            loc=("agreements", agreement_id, "status"),
        )


def check_clause_move(cv: ClauseVersion, new: ClauseStatus) -> None:
    if new not in CLAUSE_TRANSITIONS[cv.status]:
        raise ImmutableError(
            f"clause {cv.clause_id} {cv.version} is {cv.status}; it cannot move to {new}",
            loc=("clauses", cv.clause_id, cv.version),
        )


def check_mutable_agreement(agreement_id: str, status: AgreementStatus, what: str) -> None:
    if status is not AgreementStatus.draft:
        raise ImmutableError(
            f"agreement {agreement_id} is {status}: a final or signed agreement never changes ({what} refused)",
            loc=("agreements", agreement_id),
        )


def check_editable_clause(cv: ClauseVersion) -> None:
    if cv.status is not ClauseStatus.draft:
        raise ImmutableError(
            f"clause {cv.clause_id} {cv.version} is {cv.status}; only a draft can be edited "
            "(create a new version instead)",
            loc=("clauses", cv.clause_id, cv.version),
        )


def check_lock(cv: ClauseVersion, expected: int) -> None:
    if cv.lock_version != expected:
        raise ClauseEditConflict(
            f"clause {cv.clause_id} {cv.version} was changed by {cv.updated_by} "
            f"(lock version {cv.lock_version}, you edited {expected}); merge their text and save again",
            current=cv,
        )


def check_advisor(user: UserRecord | None, username: str, what: str) -> UserRecord:
    if user is None or user.disabled:
        raise PermissionDeniedError(f"{username!r} is not an active user; {what} refused", loc=("users", username))
    return user


def check_import_actor(by: str, publish: bool) -> None:
    """Only the product itself loads clauses as published (the shipped library); people import drafts."""
    if publish and by != SYSTEM_ACTOR:
        raise PermissionDeniedError(
            "imported clauses become drafts; publishing needs a second advisor's approval",
            loc=("clauses",),
        )


def check_four_eyes(cv: ClauseVersion, approver: str) -> None:
    if approver == cv.author or approver in cv.editors:
        raise PermissionDeniedError(
            f"{approver} wrote or edited clause {cv.clause_id} {cv.version}; "
            "a second advisor must approve it (nobody approves their own change)",
            loc=("clauses", cv.clause_id, cv.version),
        )


def check_agreement(agreement: Agreement) -> None:
    """The stored hash must be the agreement's own: a PDF can then always be verified."""
    if not isinstance(agreement, Agreement):
        raise StoreError("expected an engine.core.agreement.Agreement", code="store.invalid")
    expected = compute_content_hash(agreement)
    if agreement.content_hash != expected:
        raise StoreError(
            f"agreement {agreement.metadata.document_id} has content hash {agreement.content_hash!r} "
            f"but its content hashes to {expected}",
            code="store.invalid",
            loc=("agreements", agreement.metadata.document_id, "content_hash"),
        )


def clause_refs(agreement: Agreement) -> tuple[ClauseRef, ...]:
    seen: dict[str, ClauseRef] = {}
    for ref in agreement.metadata.clauses:
        other = seen.setdefault(ref.id, ref)
        if other.version != ref.version:
            raise StoreError(
                f"agreement uses clause {ref.id} in two versions ({other.version}, {ref.version})",
                code="store.invalid",
                loc=("agreements", agreement.metadata.document_id, "clauses"),
            )
    return tuple(seen.values())


def party_search_text(parties: Iterable[Party]) -> str:
    """What the party filter searches: names and org.nr., case-folded (capped: it is indexed)."""
    return " | ".join(" ".join(filter(None, (p.name, p.orgnr))) for p in parties).casefold()[:PARTY_SEARCH_MAX]


def normalise_hash(content_hash: str) -> str:
    value = content_hash.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{64}", value):
        raise StoreError(f"not a SHA-256 content hash: {content_hash!r}", code="store.invalid")
    return value


def check_page(limit: int, offset: int) -> None:
    if not 0 < limit <= 1000 or offset < 0:
        raise StoreError("page size must be 1..1000 and offset ≥ 0", code="store.invalid")


# --------------------------------------------------------------------------- JSON payloads


def dumps(value: Any) -> str:
    """Compact JSON as stored: UTF-8 text, no NaN/Infinity (they are not JSON)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def answers_payload(answers: Mapping[str, Any] | str | bytes | None) -> tuple[dict[str, Any], str]:
    """Validate wizard answers (a mapping, or JSON text of an object) → (dict, JSON text)."""
    if answers is None:
        return {}, "{}"
    if isinstance(answers, str | bytes):
        try:
            answers = json.loads(answers, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as exc:
            raise StoreError(f"answers are not valid JSON: {exc}", code="store.invalid", loc=("answers",)) from exc
    if not isinstance(answers, Mapping):
        raise StoreError(
            f"answers must be a JSON object, not {type(answers).__name__}", code="store.invalid", loc=("answers",)
        )
    if any(not isinstance(k, str) for k in answers):
        raise StoreError("answer keys must be strings", code="store.invalid", loc=("answers",))
    try:
        text = dumps(dict(answers))
    except (TypeError, ValueError) as exc:
        raise StoreError(f"answers cannot be stored as JSON: {exc}", code="store.invalid", loc=("answers",)) from exc
    return json.loads(text), text


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


# --------------------------------------------------------------------------- clause files

_ID = re.compile(r"[a-z0-9][a-z0-9_\-]{0,99}")
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-+]{0,31}")


def clause_file_name(clause_id: str) -> str:
    return f"{clause_id}.yaml"


def parse_clause_source(source: str, *, file_name: str | None = None) -> tuple[str, str]:
    """The ``(id, version)`` a clause file declares. Full validation is :mod:`engine.core.library`'s job."""
    loc: tuple[str | int, ...] = ("clauses", file_name) if file_name else ("clauses",)
    if not isinstance(source, str):
        raise StoreError("clause source must be text", code="store.invalid", loc=loc)
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise StoreError(
            f"clause file is not valid YAML: {getattr(exc, 'problem', None) or exc}",
            code="store.invalid",
            loc=loc,
            source=file_name,
            line=mark.line + 1 if mark is not None else None,
        ) from exc
    if not isinstance(data, dict):
        raise StoreError("a clause file must be a YAML mapping", code="store.invalid", loc=loc, source=file_name)
    clause_id, version = data.get("id"), data.get("version")
    if isinstance(version, int | float) and not isinstance(version, bool):
        version = str(version)
    if not isinstance(clause_id, str) or not _ID.fullmatch(clause_id):
        raise StoreError(
            f"clause id {clause_id!r} must be lower-case letters, digits, '-' or '_'",
            code="store.invalid",
            loc=(*loc, "id"),
            source=file_name,
        )
    if not isinstance(version, str) or not _VERSION.fullmatch(version):
        raise StoreError(
            f'clause {clause_id} needs a version such as "1.0" (got {version!r})',
            code="store.invalid",
            loc=(*loc, "version"),
            source=file_name,
        )
    if file_name is not None and file_name != clause_file_name(clause_id):
        raise StoreError(
            f"file {file_name} holds clause {clause_id!r}; it must be named {clause_file_name(clause_id)}",
            code="store.invalid",
            loc=loc,
            source=file_name,
        )
    return clause_id, version


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Order versions naturally: 1.10 > 1.9 > 1.9-rc1."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\-+]", version))


def latest_published(versions: Iterable[ClauseVersion]) -> dict[str, ClauseVersion]:
    """clause id → its published version with the highest version number."""
    out: dict[str, ClauseVersion] = {}
    for cv in versions:
        if cv.status is not ClauseStatus.published:
            continue
        best = out.get(cv.clause_id)
        if best is None or version_key(cv.version) > version_key(best.version):
            out[cv.clause_id] = cv
    return out


def plan_clause_import(
    sources: Mapping[str, str], existing: Mapping[tuple[str, str], ClauseVersion]
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Decide what importing ``sources`` (file name → text) does: new ``(id, version, text)`` and unchanged.

    A file whose id and version already exist with different text is an error naming every such
    file: the advisor must bump the version, because a published version never changes.
    """
    new: list[tuple[str, str, str]] = []
    unchanged: list[str] = []
    problems: list[StoreError] = []
    for name in sorted(sources):
        try:
            clause_id, version = parse_clause_source(sources[name], file_name=name)
        except StoreError as exc:
            problems.append(exc)
            continue
        current = existing.get((clause_id, version))
        if current is None:
            new.append((clause_id, version, sources[name]))
        elif current.source == sources[name]:
            unchanged.append(f"{clause_id}@{version}")
        else:
            problems.append(
                StoreError(
                    f"clause {clause_id} {version} is already stored with different text; "
                    "bump `version:` in the file to make a new version",
                    code="store.conflict",
                    loc=("clauses", name, "version"),
                    source=name,
                )
            )
    if problems:
        first = problems[0]
        raise ConflictError(
            f"{len(problems)} clause file(s) cannot be loaded; first: {first.message}",
            loc=first.loc,
            source=first.source,
            line=first.line,
            problems=problems,
        )
    return new, unchanged


def check_username(username: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9._\-]{1,63}", username or ""):
        raise StoreError(
            f"username {username!r}: 2-64 lower-case letters, digits, '.', '_' or '-'",
            code="store.invalid",
            loc=("users", username),
        )
    return username
