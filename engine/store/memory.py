"""A dict-backed store, shipped for tests and demos (the way httpx ships ``MockTransport``).

It keeps every store-level rule of the SQL store (it shares them from ``base``), and each
operation is all-or-nothing: it works on shallow copies of the tables and swaps them in only when
the whole operation succeeded. What it cannot offer is the database's own line of defence
(triggers) and durability.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from engine.core.agreement import Agreement
from engine.errors import ConflictError, NotFoundError, PermissionDeniedError, StoreError
from engine.store import base, passwords
from engine.store.base import (
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

__all__ = ["MemoryStore"]


@dataclass
class _Tables:
    agreements: dict[str, AgreementRecord] = field(default_factory=dict)
    by_hash: dict[str, str] = field(default_factory=dict)
    drafts: dict[str, WizardDraft] = field(default_factory=dict)
    clauses: dict[tuple[str, str], ClauseVersion] = field(default_factory=dict)
    users: dict[str, tuple[UserRecord, str]] = field(default_factory=dict)
    audit: list[AuditEvent] = field(default_factory=list)

    def copy(self) -> _Tables:
        return _Tables(
            dict(self.agreements),
            dict(self.by_hash),
            dict(self.drafts),
            dict(self.clauses),
            dict(self.users),
            list(self.audit),
        )


def _token_key(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class MemoryStore:
    """In-memory :class:`~engine.store.base.Store`."""

    def __init__(self) -> None:
        self._t = _Tables()
        self._lock = threading.RLock()

    @property
    def url(self) -> str:
        return "memory:"

    def close(self) -> None:
        pass

    @contextmanager
    def _tx(self) -> Iterator[_Tables]:
        with self._lock:
            work = self._t.copy()
            yield work
            self._t = work

    def _audit(self, t: _Tables, actor: str, action: str, subject_type: str, subject_id: str, **detail: Any) -> None:
        t.audit.append(
            AuditEvent(
                id=len(t.audit) + 1,
                at=base.utcnow(),
                actor=actor,
                action=action,
                subject_type=subject_type,
                subject_id=subject_id,
                detail=detail,
            )
        )

    # ------------------------------------------------------------------ agreements

    def _insert(
        self,
        t: _Tables,
        agreement: Agreement,
        by: str,
        status: AgreementStatus,
        pdf: bytes | None,
        created_at: datetime | None = None,
    ) -> AgreementRecord:
        base.check_agreement(agreement)
        aid = agreement.metadata.document_id
        if aid in t.agreements:
            raise ConflictError(f"agreement {aid} already exists", loc=("agreements", aid))
        if agreement.content_hash in t.by_hash:
            raise ConflictError(
                f"an agreement with content hash {agreement.short_hash} already exists", loc=("agreements", aid)
            )
        if pdf is not None and status is AgreementStatus.draft:
            raise StoreError("only a final agreement stores its PDF", code="store.invalid")
        now = base.utcnow()
        record = AgreementRecord(
            id=aid,
            type_id=agreement.metadata.type_id,
            type_version=agreement.metadata.type_version,
            title=agreement.metadata.title,
            language=agreement.metadata.language,
            status=status,
            parties=agreement.parties,
            content_hash=agreement.content_hash,
            created_at=created_at or now,
            updated_at=now,
            created_by=by,
            has_pdf=pdf is not None,
            answers=base.answers_payload(agreement.answers)[0],
            agreement=agreement,
            clauses=base.clause_refs(agreement),
            pdf=pdf,
        )
        t.agreements[aid] = record
        t.by_hash[agreement.content_hash] = aid
        return record

    def add_agreement(
        self,
        agreement: Agreement,
        *,
        by: str,
        status: AgreementStatus | str = AgreementStatus.draft,
        pdf: bytes | None = None,
    ) -> AgreementRecord:
        st = base.agreement_status(status)
        with self._tx() as t:
            record = self._insert(t, agreement, by, st, pdf)
            self._created(t, record)
        return record.model_copy(update={"pdf": None})

    def add_agreements(
        self, agreements: Iterable[Agreement], *, by: str, status: AgreementStatus | str = "draft"
    ) -> int:
        st = base.agreement_status(status)
        n = 0
        with self._tx() as t:
            for agreement in agreements:
                self._created(t, self._insert(t, agreement, by, st, None))
                n += 1
        return n

    def _created(self, t: _Tables, r: AgreementRecord) -> None:
        self._audit(t, r.created_by, "agreement.create", "agreement", r.id, status=r.status.value, hash=r.content_hash)

    def _get(self, t: _Tables, agreement_id: str) -> AgreementRecord:
        try:
            return t.agreements[agreement_id]
        except KeyError:
            raise NotFoundError(f"no agreement {agreement_id!r}", loc=("agreements", agreement_id)) from None

    def replace_agreement(self, agreement_id: str, agreement: Agreement, *, by: str) -> AgreementRecord:
        with self._tx() as t:
            old = self._get(t, agreement_id)
            base.check_mutable_agreement(agreement_id, old.status, "update")
            if agreement.metadata.document_id != agreement_id:
                raise StoreError("the new agreement has another document id", code="store.invalid")
            del t.agreements[agreement_id]
            del t.by_hash[old.content_hash]
            record = self._insert(t, agreement, old.created_by, AgreementStatus.draft, None, old.created_at)
            self._audit(t, by, "agreement.update", "agreement", agreement_id, hash=agreement.content_hash)
        return record

    def set_status(
        self, agreement_id: str, status: AgreementStatus | str, *, by: str, pdf: bytes | None = None
    ) -> AgreementRecord:
        new = base.agreement_status(status)
        with self._tx() as t:
            old = self._get(t, agreement_id)
            base.check_agreement_move(agreement_id, old.status, new)
            if pdf is not None and new is not AgreementStatus.final:
                raise StoreError("the PDF is stored when the agreement becomes final", code="store.invalid")
            update: dict[str, Any] = {"status": new, "updated_at": base.utcnow()}
            if pdf is not None:
                update |= {"pdf": pdf, "has_pdf": True}
            record = old.model_copy(update=update)
            t.agreements[agreement_id] = record
            self._audit(t, by, "agreement.status", "agreement", agreement_id, old=old.status.value, new=new.value)
        return record.model_copy(update={"pdf": None})

    def delete_agreement(self, agreement_id: str, *, by: str) -> None:
        with self._tx() as t:
            old = self._get(t, agreement_id)
            base.check_mutable_agreement(agreement_id, old.status, "delete")
            del t.agreements[agreement_id]
            del t.by_hash[old.content_hash]
            self._audit(t, by, "agreement.delete", "agreement", agreement_id, hash=old.content_hash)

    def get_agreement(self, agreement_id: str, *, with_pdf: bool = False) -> AgreementRecord:
        record = self._get(self._t, agreement_id)
        return record if with_pdf else record.model_copy(update={"pdf": None})

    def find_by_hash(self, content_hash: str) -> AgreementRecord:
        key = base.normalise_hash(content_hash)
        aid = self._t.by_hash.get(key)
        if aid is None:
            raise NotFoundError(f"no agreement with content hash {key[:12]}… in the registry", loc=("hash",))
        return self.get_agreement(aid)

    def get_pdf(self, agreement_id: str) -> bytes | None:
        return self._get(self._t, agreement_id).pdf

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
    ) -> list[AgreementSummary]:
        base.check_page(limit, offset)
        st = base.agreement_status(status) if status is not None else None
        needle = party.casefold() if party else None
        rows = [
            r
            for r in self._t.agreements.values()
            if (st is None or r.status is st)
            and (type_id is None or r.type_id == type_id)
            and (needle is None or needle in base.party_search_text(r.parties))
            and (created_from is None or r.created_at >= base.aware(created_from))
            and (created_before is None or r.created_at < base.aware(created_before))
        ]
        rows.sort(key=lambda r: (r.created_at, r.id), reverse=True)
        fields = set(AgreementSummary.model_fields)
        return [AgreementSummary(**{k: getattr(r, k) for k in fields}) for r in rows[offset : offset + limit]]

    def iter_agreements(self, *, with_pdf: bool = False) -> Iterator[AgreementRecord]:
        rows = sorted(self._t.agreements.values(), key=lambda r: (r.created_at, r.id))
        for r in rows:
            yield r if with_pdf else r.model_copy(update={"pdf": None})

    def clause_versions_used_by(self, clause_id: str) -> list[ClauseUsage]:
        out = [
            ClauseUsage(agreement_id=r.id, clause_version=ref.version, agreement_status=r.status)
            for r in self._t.agreements.values()
            for ref in r.clauses
            if ref.id == clause_id
        ]
        return sorted(out, key=lambda u: (base.version_key(u.clause_version), u.agreement_id))

    # ------------------------------------------------------------------ wizard drafts

    def create_draft(
        self,
        type_id: str,
        answers: Mapping[str, Any] | str | None = None,
        *,
        language: str = "nb",
        step: str | None = None,
        by: str | None = None,
        ttl: timedelta = DEFAULT_DRAFT_TTL,
    ) -> WizardDraft:
        values, _ = base.answers_payload(answers)
        token = secrets.token_urlsafe(32)
        now = base.utcnow()
        draft = WizardDraft(
            token=token,
            type_id=type_id,
            language=language,
            answers=values,
            step=step,
            created_by=by,
            created_at=now,
            touched_at=now,
            expires_at=now + ttl,
        )
        with self._tx() as t:
            t.drafts[_token_key(token)] = draft
        return draft

    def _draft(self, t: _Tables, token: str, now: datetime) -> WizardDraft:
        draft = t.drafts.get(_token_key(token)) if isinstance(token, str) else None
        if draft is None or draft.expires_at <= now:
            raise NotFoundError("no wizard draft for this link (it may have expired)", loc=("drafts",))
        return draft

    def save_draft(self, token: str, answers: Mapping[str, Any] | str, *, step: str | None = None) -> WizardDraft:
        values, _ = base.answers_payload(answers)
        now = base.utcnow()
        with self._tx() as t:
            old = self._draft(t, token, now)
            ttl = old.expires_at - old.touched_at
            draft = old.model_copy(
                update={"answers": values, "step": step or old.step, "touched_at": now, "expires_at": now + ttl}
            )
            t.drafts[_token_key(token)] = draft
        return draft

    def resume_draft(self, token: str) -> WizardDraft:
        now = base.utcnow()
        with self._tx() as t:
            old = self._draft(t, token, now)
            draft = old.model_copy(update={"touched_at": now, "expires_at": now + (old.expires_at - old.touched_at)})
            t.drafts[_token_key(token)] = draft
        return draft

    def delete_draft(self, token: str) -> None:
        with self._tx() as t:
            self._draft(t, token, base.utcnow())
            del t.drafts[_token_key(token)]

    def purge_expired_drafts(self, now: datetime | None = None) -> int:
        cutoff = base.aware(now) if now is not None else base.utcnow()
        with self._tx() as t:
            dead = [k for k, d in t.drafts.items() if d.expires_at <= cutoff]
            for k in dead:
                del t.drafts[k]
        return len(dead)

    # ------------------------------------------------------------------ clause versions

    def _clause(self, t: _Tables, clause_id: str, version: str) -> ClauseVersion:
        try:
            return t.clauses[(clause_id, version)]
        except KeyError:
            raise NotFoundError(
                f"no clause {clause_id} version {version}", loc=("clauses", clause_id, version)
            ) from None

    def _advisor(self, t: _Tables, username: str, what: str) -> UserRecord:
        entry = t.users.get(username)
        return base.check_advisor(entry[0] if entry else None, username, what)

    def _new_clause(
        self, t: _Tables, clause_id: str, version: str, source: str, by: str, note: str, status: ClauseStatus
    ) -> ClauseVersion:
        if (clause_id, version) in t.clauses:
            raise ConflictError(
                f"clause {clause_id} {version} already exists; bump the version", loc=("clauses", clause_id, version)
            )
        now = base.utcnow()
        published = status is ClauseStatus.published
        cv = ClauseVersion(
            clause_id=clause_id,
            version=version,
            status=status,
            source=source,
            author=by,
            editors=(by,),
            updated_by=by,
            reviewer=by if published else None,
            change_note=note,
            lock_version=1,
            created_at=now,
            updated_at=now,
            published_at=now if published else None,
        )
        t.clauses[(clause_id, version)] = cv
        self._audit(t, by, "clause.create", "clause", f"{clause_id}@{version}", status=status.value)
        return cv

    def create_clause_version(self, source: str, *, by: str, change_note: str = "") -> ClauseVersion:
        clause_id, version = base.parse_clause_source(source)
        with self._tx() as t:
            self._advisor(t, by, "creating a clause version")
            return self._new_clause(t, clause_id, version, source, by, change_note, ClauseStatus.draft)

    def _put_clause(self, t: _Tables, old: ClauseVersion, by: str, action: str, **update: Any) -> ClauseVersion:
        cv = old.model_copy(update={"lock_version": old.lock_version + 1, "updated_at": base.utcnow(), **update})
        t.clauses[(cv.clause_id, cv.version)] = cv
        detail = {"status": cv.status.value, "lock_version": cv.lock_version}
        self._audit(t, by, action, "clause", f"{cv.clause_id}@{cv.version}", **detail)
        return cv

    def save_clause_draft(
        self,
        clause_id: str,
        version: str,
        source: str,
        *,
        by: str,
        expected_lock_version: int,
        change_note: str | None = None,
    ) -> ClauseVersion:
        if base.parse_clause_source(source) != (clause_id, version):
            raise StoreError("the text declares another clause id or version", code="store.invalid")
        with self._tx() as t:
            self._advisor(t, by, "editing a clause")
            old = self._clause(t, clause_id, version)
            base.check_editable_clause(old)
            base.check_lock(old, expected_lock_version)
            editors = old.editors if by in old.editors else (*old.editors, by)
            note = old.change_note if change_note is None else change_note
            return self._put_clause(
                t, old, by, "clause.save", source=source, editors=editors, updated_by=by, change_note=note
            )

    def submit_clause(self, clause_id: str, version: str, *, by: str, expected_lock_version: int) -> ClauseVersion:
        with self._tx() as t:
            self._advisor(t, by, "submitting a clause for review")
            old = self._clause(t, clause_id, version)
            base.check_clause_move(old, ClauseStatus.review)
            base.check_lock(old, expected_lock_version)
            return self._put_clause(t, old, by, "clause.submit", status=ClauseStatus.review)

    def send_back_clause(self, clause_id: str, version: str, *, by: str, note: str = "") -> ClauseVersion:
        with self._tx() as t:
            self._advisor(t, by, "sending a clause back")
            old = self._clause(t, clause_id, version)
            base.check_clause_move(old, ClauseStatus.draft)
            cv = self._put_clause(t, old, by, "clause.send-back", status=ClauseStatus.draft)
            if note:
                self._audit(t, by, "clause.comment", "clause", f"{clause_id}@{version}", note=note)
            return cv

    def approve_clause(self, clause_id: str, version: str, *, by: str, note: str = "") -> ClauseVersion:
        with self._tx() as t:
            self._advisor(t, by, "approving a clause")
            old = self._clause(t, clause_id, version)
            base.check_clause_move(old, ClauseStatus.published)
            base.check_four_eyes(old, by)
            now = base.utcnow()
            extra = {"change_note": note.strip()} if note.strip() else {}
            return self._put_clause(
                t, old, by, "clause.publish", status=ClauseStatus.published, reviewer=by, published_at=now, **extra
            )

    def retire_clause(self, clause_id: str, version: str, *, by: str) -> ClauseVersion:
        with self._tx() as t:
            self._advisor(t, by, "retiring a clause")
            old = self._clause(t, clause_id, version)
            base.check_clause_move(old, ClauseStatus.retired)
            return self._put_clause(t, old, by, "clause.retire", status=ClauseStatus.retired)

    def get_clause_version(self, clause_id: str, version: str) -> ClauseVersion:
        return self._clause(self._t, clause_id, version)

    def list_clause_versions(
        self, clause_id: str | None = None, *, status: ClauseStatus | str | None = None
    ) -> list[ClauseVersion]:
        st = base.clause_status(status) if status is not None else None
        rows = [
            cv
            for cv in self._t.clauses.values()
            if (clause_id is None or cv.clause_id == clause_id) and (st is None or cv.status is st)
        ]
        return sorted(rows, key=lambda cv: (cv.clause_id, base.version_key(cv.version)))

    def published_clause_sources(self) -> dict[str, str]:
        latest = base.latest_published(self._t.clauses.values())
        return {cv.file_name: cv.source for _, cv in sorted(latest.items())}

    def import_clause_sources(
        self, sources: Mapping[str, str], *, by: str, publish: bool = False
    ) -> ClauseImportReport:
        with self._tx() as t:
            base.check_import_actor(by, publish)
            if by != SYSTEM_ACTOR:
                self._advisor(t, by, "importing clauses")
            new, unchanged = base.plan_clause_import(sources, t.clauses)
            status = ClauseStatus.published if publish else ClauseStatus.draft
            for clause_id, version, text in new:
                self._new_clause(t, clause_id, version, text, by, "imported", status)
        return ClauseImportReport(created=tuple(f"{c}@{v}" for c, v, _ in new), unchanged=tuple(unchanged))

    # ------------------------------------------------------------------ users

    def add_user(
        self, username: str, display_name: str, role: Role | str, password: str, *, by: str = SYSTEM_ACTOR
    ) -> UserRecord:
        base.check_username(username)
        user = UserRecord(username=username, display_name=display_name, role=base.role(role), created_at=base.utcnow())
        hashed = passwords.hash_password(password)
        with self._tx() as t:
            if username in t.users:
                raise ConflictError(f"user {username!r} already exists", loc=("users", username))
            t.users[username] = (user, hashed)
            self._audit(t, by, "user.add", "user", username, role=user.role.value)
        return user

    def get_user(self, username: str) -> UserRecord:
        entry = self._t.users.get(username)
        if entry is None:
            raise NotFoundError(f"no user {username!r}", loc=("users", username))
        return entry[0]

    def list_users(self) -> list[UserRecord]:
        return [u for u, _ in sorted(self._t.users.values(), key=lambda e: e[0].username)]

    def disable_user(self, username: str, *, by: str) -> UserRecord:
        with self._tx() as t:
            if username not in t.users:
                raise NotFoundError(f"no user {username!r}", loc=("users", username))
            user, hashed = t.users[username]
            user = user.model_copy(update={"disabled": True})
            t.users[username] = (user, hashed)
            self._audit(t, by, "user.disable", "user", username)
        return user

    def authenticate(self, username: str, password: str) -> UserRecord:
        entry = self._t.users.get(username)
        if entry is None or entry[0].disabled or not passwords.verify_password(entry[1], password):
            raise PermissionDeniedError("wrong username or password, or the account is disabled")
        return entry[0]

    # ------------------------------------------------------------------ audit

    def audit_events(
        self, *, subject_type: str | None = None, subject_id: str | None = None, limit: int | None = None
    ) -> list[AuditEvent]:
        rows = [
            e
            for e in self._t.audit
            if (subject_type is None or e.subject_type == subject_type)
            and (subject_id is None or e.subject_id == subject_id)
        ]
        return rows[-limit:] if limit else rows
