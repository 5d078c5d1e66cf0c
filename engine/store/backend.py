"""The seam between the registry's workflow and where data lives: primitive operations only.

A backend opens transactions; a :class:`Transaction` reads and writes records and decides
nothing. Status rules, four eyes, locking, audit events and error messages are the registry's
(:mod:`engine.store.registry`, :mod:`engine.store.lifecycle`). Two backends ship:
:class:`~engine.store.memory.MemoryBackend` and :class:`~engine.store.sql.SqlBackend`.

Contract for every backend (``tests/test_store.py`` runs it on all of them):

- ``transaction(write=True)`` commits whole or not at all, audit entries included; an exception
  inside it leaves the previous state. Writers are serialised (SQLite ``BEGIN IMMEDIATE``, the
  memory lock) or compare-and-set (``replace_draft_agreement``, ``move_agreement``, ``update_clause``
  return False when the row is no longer what the caller read).
- Inserting a duplicate key raises :class:`~engine.errors.ConflictError`; a row the database's
  guards protect raises :class:`~engine.errors.ImmutableError`; other backend failures are
  :class:`~engine.errors.StoreError` (never a foreign exception).
- Lookups return None for "not there"; the registry turns that into ``NotFoundError``.
- Drafts are kept under the SHA-256 of their token and returned with ``token=""``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Protocol

from engine.store.records import (
    AgreementQuery,
    AgreementRecord,
    AgreementStatus,
    AgreementSummary,
    AuditEntry,
    AuditEvent,
    ClauseStatus,
    ClauseUsage,
    ClauseVersion,
    StoredUser,
    UserRecord,
    WizardDraft,
)

__all__ = ["Backend", "Transaction"]


class Transaction(Protocol):
    # -- agreements
    def agreement_status(self, agreement_id: str) -> AgreementStatus | None: ...

    def insert_agreements(self, records: Sequence[AgreementRecord]) -> None:
        """Store new agreements in their given status (with ``pdf`` when final) and their clause refs."""
        ...

    def replace_draft_agreement(self, record: AgreementRecord) -> bool:
        """Replace the content of draft ``record.id`` (created_at/by as given); False if it is no draft."""
        ...

    def move_agreement(
        self, agreement_id: str, old: AgreementStatus, new: AgreementStatus, *, at: datetime, pdf: bytes | None
    ) -> bool:
        """Set the status (and the PDF, if given) when the status is still ``old``."""
        ...

    def delete_draft_agreement(self, agreement_id: str) -> bool: ...

    def agreement(self, agreement_id: str, *, with_pdf: bool) -> AgreementRecord | None: ...

    def agreement_by_hash(self, content_hash: str) -> AgreementRecord | None: ...

    def agreement_pdf(self, agreement_id: str) -> tuple[bool, bytes | None]:
        """``(exists, pdf)``: the stored PDF without reading the agreement."""
        ...

    def list_agreements(self, query: AgreementQuery) -> list[AgreementSummary]:
        """Newest first (``created_at``, then ``id``, descending)."""
        ...

    def iter_agreements(self, *, with_pdf: bool) -> Iterator[AgreementRecord]:
        """Oldest first; may stream (the transaction stays open while the caller iterates)."""
        ...

    def clause_usage(self, clause_id: str) -> list[ClauseUsage]: ...

    # -- wizard drafts (keyed by the token's SHA-256)
    def insert_draft(self, key: str, draft: WizardDraft) -> None: ...

    def update_draft(self, key: str, draft: WizardDraft) -> None: ...

    def draft(self, key: str) -> WizardDraft | None: ...

    def delete_draft(self, key: str) -> bool: ...

    def purge_drafts(self, cutoff: datetime) -> int:
        """Delete drafts with ``expires_at <= cutoff``; returns how many."""
        ...

    # -- clause versions
    def lock_clause_library(self) -> None:
        """Serialise with other writers of the clause library until the transaction ends."""
        ...

    def has_clauses(self) -> bool: ...

    def clause(self, clause_id: str, version: str) -> ClauseVersion | None: ...

    def clauses(self, clause_id: str | None, status: ClauseStatus | None) -> list[ClauseVersion]: ...

    def insert_clauses(self, versions: Sequence[ClauseVersion]) -> None: ...

    def update_clause(self, old: ClauseVersion, new: ClauseVersion) -> bool:
        """Compare-and-set: write ``new`` if the stored lock version is still ``old.lock_version``."""
        ...

    # -- users
    def user(self, username: str) -> StoredUser | None: ...

    def users(self) -> list[UserRecord]:
        """Sorted by username."""
        ...

    def insert_user(self, stored: StoredUser) -> None: ...

    def update_user(self, stored: StoredUser) -> None: ...

    # -- audit log (append-only)
    def add_audit(self, entry: AuditEntry) -> None: ...

    def audit_events(self, subject_type: str | None, subject_id: str | None, limit: int | None) -> list[AuditEvent]:
        """Oldest first; with ``limit``, the newest ``limit`` events (still oldest first)."""
        ...


class Backend(Protocol):
    @property
    def url(self) -> str:
        """Where the data is, safe to print (no password)."""
        ...

    def transaction(self, *, write: bool = False) -> AbstractContextManager[Transaction]: ...

    def close(self) -> None: ...
