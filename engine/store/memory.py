"""The in-memory backend, shipped for tests and demos (the way httpx ships ``MockTransport``).

``MemoryStore()`` is the registry over it: every rule of the SQL store, since the rules live in
:class:`~engine.store.registry.Registry`. A write transaction works on shallow copies of the
tables under a lock and swaps them in only when the whole call succeeded. What it cannot offer is
the database's own line of defence (triggers) and durability.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime

from engine.errors import ConflictError
from engine.store.codec import party_search_text
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
from engine.store.registry import Registry

__all__ = ["MemoryBackend", "MemoryStore"]


@dataclass
class _Tables:
    agreements: dict[str, AgreementRecord] = field(default_factory=dict)
    by_hash: dict[str, str] = field(default_factory=dict)
    drafts: dict[str, WizardDraft] = field(default_factory=dict)
    clauses: dict[tuple[str, str], ClauseVersion] = field(default_factory=dict)
    users: dict[str, StoredUser] = field(default_factory=dict)
    audit: list[AuditEvent] = field(default_factory=list)

    def copy(self) -> _Tables:
        return replace(
            self,
            agreements=dict(self.agreements),
            by_hash=dict(self.by_hash),
            drafts=dict(self.drafts),
            clauses=dict(self.clauses),
            users=dict(self.users),
            audit=list(self.audit),
        )


class _MemoryTransaction:
    """:class:`~engine.store.backend.Transaction` on one set of tables."""

    def __init__(self, tables: _Tables) -> None:
        self.t = tables

    # -- agreements

    def agreement_status(self, agreement_id: str) -> AgreementStatus | None:
        record = self.t.agreements.get(agreement_id)
        return record.status if record else None

    def _put(self, record: AgreementRecord) -> None:
        owner = self.t.by_hash.get(record.content_hash)
        if owner is not None and owner != record.id:
            raise ConflictError(
                f"an agreement with content hash {record.content_hash[:12]} already exists",
                loc=("agreements", record.id),
            )
        self.t.agreements[record.id] = record
        self.t.by_hash[record.content_hash] = record.id

    def insert_agreements(self, records: Sequence[AgreementRecord]) -> None:
        for record in records:
            if record.id in self.t.agreements:
                raise ConflictError(f"agreement {record.id} already exists", loc=("agreements", record.id))
            self._put(record)

    def replace_draft_agreement(self, record: AgreementRecord) -> bool:
        old = self.t.agreements.get(record.id)
        if old is None or old.status is not AgreementStatus.draft:
            return False
        del self.t.by_hash[old.content_hash]
        self._put(record)
        return True

    def move_agreement(
        self, agreement_id: str, old: AgreementStatus, new: AgreementStatus, *, at: datetime, pdf: bytes | None
    ) -> bool:
        record = self.t.agreements.get(agreement_id)
        if record is None or record.status is not old:
            return False
        update: dict[str, object] = {"status": new, "updated_at": at}
        if pdf is not None:
            update |= {"pdf": pdf, "has_pdf": True}
        self.t.agreements[agreement_id] = record.model_copy(update=update)
        return True

    def delete_draft_agreement(self, agreement_id: str) -> bool:
        record = self.t.agreements.get(agreement_id)
        if record is None or record.status is not AgreementStatus.draft:
            return False
        del self.t.agreements[agreement_id]
        del self.t.by_hash[record.content_hash]
        return True

    def agreement(self, agreement_id: str, *, with_pdf: bool) -> AgreementRecord | None:
        record = self.t.agreements.get(agreement_id)
        if record is None or with_pdf:
            return record
        return record.model_copy(update={"pdf": None})

    def agreement_by_hash(self, content_hash: str) -> AgreementRecord | None:
        agreement_id = self.t.by_hash.get(content_hash)
        return self.agreement(agreement_id, with_pdf=False) if agreement_id else None

    def agreement_pdf(self, agreement_id: str) -> tuple[bool, bytes | None]:
        record = self.t.agreements.get(agreement_id)
        return (record is not None, record.pdf if record else None)

    def list_agreements(self, query: AgreementQuery) -> list[AgreementSummary]:
        rows = [
            r
            for r in self.t.agreements.values()
            if (query.status is None or r.status is query.status)
            and (query.type_id is None or r.type_id == query.type_id)
            and (query.party is None or query.party in party_search_text(r.parties))
            and (query.created_from is None or r.created_at >= query.created_from)
            and (query.created_before is None or r.created_at < query.created_before)
        ]
        rows.sort(key=lambda r: (r.created_at, r.id), reverse=True)
        return [r.summary() for r in rows[query.offset : query.offset + query.limit]]

    def iter_agreements(self, *, with_pdf: bool) -> Iterator[AgreementRecord]:
        for r in sorted(self.t.agreements.values(), key=lambda r: (r.created_at, r.id)):
            yield r if with_pdf else r.model_copy(update={"pdf": None})

    def clause_usage(self, clause_id: str) -> list[ClauseUsage]:
        return [
            ClauseUsage(agreement_id=r.id, clause_version=ref.version, agreement_status=r.status)
            for r in self.t.agreements.values()
            for ref in r.clauses
            if ref.id == clause_id
        ]

    # -- wizard drafts

    def insert_draft(self, key: str, draft: WizardDraft) -> None:
        if key in self.t.drafts:
            raise ConflictError("a wizard draft with this token already exists", loc=("drafts",))
        self.t.drafts[key] = draft

    def update_draft(self, key: str, draft: WizardDraft) -> None:
        self.t.drafts[key] = draft

    def draft(self, key: str) -> WizardDraft | None:
        return self.t.drafts.get(key)

    def delete_draft(self, key: str) -> bool:
        return self.t.drafts.pop(key, None) is not None

    def purge_drafts(self, cutoff: datetime) -> int:
        dead = [k for k, d in self.t.drafts.items() if d.expires_at <= cutoff]
        for k in dead:
            del self.t.drafts[k]
        return len(dead)

    # -- clause versions

    def lock_clause_library(self) -> None:
        """Nothing to do: a write transaction holds the store's lock."""

    def has_clauses(self) -> bool:
        return bool(self.t.clauses)

    def clause(self, clause_id: str, version: str) -> ClauseVersion | None:
        return self.t.clauses.get((clause_id, version))

    def clauses(self, clause_id: str | None, status: ClauseStatus | None) -> list[ClauseVersion]:
        return [
            cv
            for cv in self.t.clauses.values()
            if (clause_id is None or cv.clause_id == clause_id) and (status is None or cv.status is status)
        ]

    def insert_clauses(self, versions: Sequence[ClauseVersion]) -> None:
        for cv in versions:
            key = (cv.clause_id, cv.version)
            if key in self.t.clauses:
                raise ConflictError(
                    f"clause {cv.clause_id} {cv.version} already exists; bump the version",
                    loc=("clauses", cv.clause_id, cv.version),
                )
            self.t.clauses[key] = cv

    def update_clause(self, old: ClauseVersion, new: ClauseVersion) -> bool:
        key = (old.clause_id, old.version)
        current = self.t.clauses.get(key)
        if current is None or current.lock_version != old.lock_version:
            return False
        self.t.clauses[key] = new
        return True

    # -- users

    def user(self, username: str) -> StoredUser | None:
        return self.t.users.get(username)

    def users(self) -> list[UserRecord]:
        return [s.user for _, s in sorted(self.t.users.items())]

    def insert_user(self, stored: StoredUser) -> None:
        name = stored.user.username
        if name in self.t.users:
            raise ConflictError(f"user {name!r} already exists", loc=("users", name))
        self.t.users[name] = stored

    def update_user(self, stored: StoredUser) -> None:
        self.t.users[stored.user.username] = stored

    # -- audit log

    def add_audit(self, entry: AuditEntry) -> None:
        self.t.audit.append(AuditEvent(id=len(self.t.audit) + 1, **dict(entry)))

    def audit_events(self, subject_type: str | None, subject_id: str | None, limit: int | None) -> list[AuditEvent]:
        rows = [
            e
            for e in self.t.audit
            if (subject_type is None or e.subject_type == subject_type)
            and (subject_id is None or e.subject_id == subject_id)
        ]
        return rows[-limit:] if limit else rows


class MemoryBackend:
    """:class:`~engine.store.backend.Backend` in a dict, all-or-nothing per transaction."""

    def __init__(self) -> None:
        self._tables = _Tables()
        self._lock = threading.RLock()

    @property
    def url(self) -> str:
        return "memory:"

    @contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[_MemoryTransaction]:
        if not write:
            yield _MemoryTransaction(self._tables)  # readers see the last committed tables
            return
        with self._lock:
            work = self._tables.copy()
            yield _MemoryTransaction(work)
            self._tables = work

    def close(self) -> None:
        pass


class MemoryStore(Registry):
    """The in-memory :class:`~engine.store.protocols.Store`: ``Registry(MemoryBackend())``."""

    def __init__(self) -> None:
        super().__init__(MemoryBackend())
