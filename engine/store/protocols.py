"""The registry's public interface: what the engine and the edges may ask a store.

    Store = AgreementRepository + DraftRepository + ClauseRepository + UserRepository + AuditLog

``open_store()`` returns one. Every store is a :class:`~engine.store.registry.Registry` over a
backend (:mod:`engine.store.backend`), so the rules behind these methods are the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from engine.core.agreement import Agreement
from engine.store.records import (
    DEFAULT_DRAFT_TTL,
    SYSTEM_ACTOR,
    AgreementRecord,
    AgreementStatus,
    AgreementSummary,
    AuditEvent,
    ClauseImportReport,
    ClauseStatus,
    ClauseUsage,
    ClauseVersion,
    Role,
    UserRecord,
    WizardDraft,
)

__all__ = ["AgreementRepository", "AuditLog", "ClauseRepository", "DraftRepository", "Store", "UserRepository"]

#: Wizard answers as callers give them: a mapping, or JSON text of an object.
AnswersInput = Mapping[str, object] | str | bytes | None


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
        self, agreements: Iterable[Agreement], *, by: str, status: AgreementStatus | str = AgreementStatus.draft
    ) -> int: ...

    def replace_agreement(self, agreement_id: str, agreement: Agreement, *, by: str) -> AgreementRecord: ...

    def set_status(
        self,
        agreement_id: str,
        status: AgreementStatus | str,
        *,
        by: str,
        pdf: bytes | None = None,
        reason: str | None = None,
    ) -> AgreementRecord:
        """Move forward (draft → final → signed → terminated); ``reason`` is kept in the audit event."""
        ...

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
        answers: AnswersInput = None,
        *,
        language: str = "nb",
        step: str | None = None,
        by: str | None = None,
        ttl: timedelta = DEFAULT_DRAFT_TTL,
    ) -> WizardDraft: ...

    def save_draft(self, token: str, answers: AnswersInput, *, step: str | None = None) -> WizardDraft: ...

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
    ) -> ClauseImportReport:
        """New versions become drafts by ``by`` (an active advisor). ``publish=True`` is the bootstrap:
        only ``by=SYSTEM_ACTOR`` into an empty library; anything else is ``PermissionDeniedError``."""
        ...

    def load_shipped_clauses(self, sources: Mapping[str, str]) -> ClauseImportReport:
        """``avtale init``: into an empty library the shipped files are published (audit event
        ``library.bootstrap``); into a library with versions, new shipped versions become drafts."""
        ...


class UserRepository(Protocol):
    def add_user(
        self, username: str, display_name: str, role: Role | str, password: str, *, by: str = SYSTEM_ACTOR
    ) -> UserRecord: ...

    def get_user(self, username: str) -> UserRecord: ...

    def list_users(self) -> list[UserRecord]: ...

    def disable_user(self, username: str, *, by: str) -> UserRecord: ...

    def authenticate(self, username: str, password: str) -> UserRecord:
        """The active user with this password, else ``PermissionDeniedError`` — in the same time
        whether or not the user exists (an argon2 verification either way)."""
        ...


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
