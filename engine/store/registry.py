"""The registry: every store use case written once, over a :class:`~engine.store.backend.Backend`.

    Registry = ClauseWorkflow + agreements + wizard drafts + users + reading the audit log

Each public method is one transaction: read, check the rules of :mod:`engine.store.lifecycle`,
write, record the audit event. The backends only read and write (``memory.py``, ``sql.py``).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

from pydantic import JsonValue

from engine.core.agreement import Agreement
from engine.errors import ConflictError, NotFoundError, PermissionDeniedError, StoreError
from engine.store import codec, lifecycle, passwords
from engine.store.backend import Transaction
from engine.store.clausefiles import version_key
from engine.store.clauseflow import ClauseWorkflow
from engine.store.protocols import AnswersInput
from engine.store.records import (
    DEFAULT_DRAFT_TTL,
    SYSTEM_ACTOR,
    AgreementQuery,
    AgreementRecord,
    AgreementStatus,
    AgreementSummary,
    AuditEvent,
    ClauseUsage,
    Role,
    StoredUser,
    UserRecord,
    WizardDraft,
)

__all__ = ["Registry"]

_LOGIN_FAILED = "wrong username or password, or the account is disabled"


class Registry(ClauseWorkflow):
    """A :class:`~engine.store.protocols.Store` over a backend: ``Registry(MemoryBackend())``."""

    # ------------------------------------------------------------------ agreements

    @staticmethod
    def _record(
        agreement: Agreement,
        *,
        by: str,
        status: AgreementStatus,
        pdf: bytes | None,
        now: datetime,
        created_at: datetime | None = None,
    ) -> AgreementRecord:
        codec.check_agreement(agreement)
        meta = agreement.metadata
        return AgreementRecord(
            id=meta.document_id,
            type_id=meta.type_id,
            type_version=meta.type_version,
            title=meta.title,
            language=meta.language,
            status=status,
            parties=agreement.parties,
            content_hash=agreement.content_hash,
            created_at=created_at or now,
            updated_at=now,
            created_by=by,
            has_pdf=pdf is not None,
            answers=codec.answers_payload(agreement.answers)[0],
            agreement=agreement,
            clauses=codec.clause_refs(agreement),
            pdf=pdf,
        )

    def _insert(
        self, tx: Transaction, agreements: Iterable[Agreement], by: str, status: AgreementStatus, pdf: bytes | None
    ) -> list[AgreementRecord]:
        if pdf is not None and status is AgreementStatus.draft:
            raise StoreError("only a final agreement stores its PDF", code="store.invalid")
        now = codec.utcnow()
        records = [self._record(a, by=by, status=status, pdf=pdf, now=now) for a in agreements]
        tx.insert_agreements(records)
        for r in records:
            self._audit(tx, by, "agreement.create", "agreement", r.id, status=status.value, hash=r.content_hash)
        return records

    def add_agreement(
        self,
        agreement: Agreement,
        *,
        by: str,
        status: AgreementStatus | str = AgreementStatus.draft,
        pdf: bytes | None = None,
    ) -> AgreementRecord:
        st = lifecycle.agreement_status(status)
        with self._write() as tx:
            [record] = self._insert(tx, [agreement], by, st, pdf)
        return self.get_agreement(record.id)

    def add_agreements(
        self, agreements: Iterable[Agreement], *, by: str, status: AgreementStatus | str = AgreementStatus.draft
    ) -> int:
        st = lifecycle.agreement_status(status)
        with self._write() as tx:
            return len(self._insert(tx, agreements, by, st, None))

    def _status(self, tx: Transaction, agreement_id: str) -> AgreementStatus:
        status = tx.agreement_status(agreement_id)
        if status is None:
            raise NotFoundError(f"no agreement {agreement_id!r}", loc=("agreements", agreement_id))
        return status

    def replace_agreement(self, agreement_id: str, agreement: Agreement, *, by: str) -> AgreementRecord:
        if agreement.metadata.document_id != agreement_id:
            raise StoreError("the new agreement has another document id", code="store.invalid")
        with self._write() as tx:
            lifecycle.check_mutable_agreement(agreement_id, self._status(tx, agreement_id), "update")
            old = tx.agreement(agreement_id, with_pdf=False)
            assert old is not None  # the status was just read in this transaction
            record = self._record(
                agreement,
                by=old.created_by,
                status=AgreementStatus.draft,
                pdf=None,
                now=codec.utcnow(),
                created_at=old.created_at,
            )
            if not tx.replace_draft_agreement(record):
                raise ConflictError(f"agreement {agreement_id} changed while saving", loc=("agreements", agreement_id))
            self._audit(tx, by, "agreement.update", "agreement", agreement_id, hash=agreement.content_hash)
        return self.get_agreement(agreement_id)

    def set_status(
        self,
        agreement_id: str,
        status: AgreementStatus | str,
        *,
        by: str,
        pdf: bytes | None = None,
        reason: str | None = None,
    ) -> AgreementRecord:
        new = lifecycle.agreement_status(status)
        with self._write() as tx:
            old = self._status(tx, agreement_id)
            lifecycle.check_agreement_move(agreement_id, old, new)
            lifecycle.check_pdf(new, pdf)
            if not tx.move_agreement(agreement_id, old, new, at=codec.utcnow(), pdf=pdf):
                raise ConflictError(
                    f"agreement {agreement_id} changed status while saving", loc=("agreements", agreement_id)
                )
            detail: dict[str, JsonValue] = {"old": old.value, "new": new.value}
            if reason:
                detail["reason"] = reason
            self._audit(tx, by, "agreement.status", "agreement", agreement_id, **detail)
        return self.get_agreement(agreement_id)

    def delete_agreement(self, agreement_id: str, *, by: str) -> None:
        with self._write() as tx:
            lifecycle.check_mutable_agreement(agreement_id, self._status(tx, agreement_id), "delete")
            if not tx.delete_draft_agreement(agreement_id):
                raise ConflictError(
                    f"agreement {agreement_id} changed while deleting", loc=("agreements", agreement_id)
                )
            self._audit(tx, by, "agreement.delete", "agreement", agreement_id)

    def get_agreement(self, agreement_id: str, *, with_pdf: bool = False) -> AgreementRecord:
        with self._read() as tx:
            record = tx.agreement(agreement_id, with_pdf=with_pdf)
        if record is None:
            raise NotFoundError(f"no agreement {agreement_id!r}", loc=("agreements", agreement_id))
        return record

    def find_by_hash(self, content_hash: str) -> AgreementRecord:
        key = codec.normalise_hash(content_hash)
        with self._read() as tx:
            record = tx.agreement_by_hash(key)
        if record is None:
            raise NotFoundError(f"no agreement with content hash {key[:12]}… in the registry", loc=("hash",))
        return record

    def get_pdf(self, agreement_id: str) -> bytes | None:
        with self._read() as tx:
            exists, pdf = tx.agreement_pdf(agreement_id)
        if not exists:
            raise NotFoundError(f"no agreement {agreement_id!r}", loc=("agreements", agreement_id))
        return pdf

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
        codec.check_page(limit, offset)
        query = AgreementQuery(
            party=party.casefold() if party else None,
            status=lifecycle.agreement_status(status) if status is not None else None,
            type_id=type_id,
            created_from=codec.aware(created_from) if created_from is not None else None,
            created_before=codec.aware(created_before) if created_before is not None else None,
            limit=limit,
            offset=offset,
        )
        with self._read() as tx:
            return tx.list_agreements(query)

    def iter_agreements(self, *, with_pdf: bool = False) -> Iterator[AgreementRecord]:
        with self._read() as tx:
            yield from tx.iter_agreements(with_pdf=with_pdf)

    def clause_versions_used_by(self, clause_id: str) -> list[ClauseUsage]:
        with self._read() as tx:
            usage = tx.clause_usage(clause_id)
        return sorted(usage, key=lambda u: (version_key(u.clause_version), u.agreement_id))

    # ------------------------------------------------------------------ wizard drafts

    def create_draft(
        self,
        type_id: str,
        answers: AnswersInput = None,
        *,
        language: str = "nb",
        step: str | None = None,
        by: str | None = None,
        ttl: timedelta = DEFAULT_DRAFT_TTL,
    ) -> WizardDraft:
        values, _ = codec.answers_payload(answers)
        token = secrets.token_urlsafe(32)
        now = codec.utcnow()
        draft = WizardDraft(
            token="",
            type_id=type_id,
            language=language,
            answers=values,
            step=step,
            created_by=by,
            created_at=now,
            touched_at=now,
            expires_at=now + ttl,
        )
        with self._write() as tx:
            tx.insert_draft(codec.token_key(token), draft)
        return draft.model_copy(update={"token": token})

    def _live_draft(self, tx: Transaction, token: str, now: datetime) -> WizardDraft:
        draft = tx.draft(codec.token_key(token)) if isinstance(token, str) else None
        if draft is None or draft.expires_at <= now:
            raise NotFoundError("no wizard draft for this link (it may have expired)", loc=("drafts",))
        return draft

    def _touch_draft(self, token: str, answers: AnswersInput | None, step: str | None) -> WizardDraft:
        """Every save and resume moves the expiry forward by the draft's own lifetime."""
        values = codec.answers_payload(answers)[0] if answers is not None else None
        now = codec.utcnow()
        with self._write() as tx:
            old = self._live_draft(tx, token, now)
            update: dict[str, object] = {"touched_at": now, "expires_at": now + (old.expires_at - old.touched_at)}
            if values is not None:
                update["answers"] = values
            if step is not None:
                update["step"] = step
            draft = old.model_copy(update=update)
            tx.update_draft(codec.token_key(token), draft)
        return draft.model_copy(update={"token": token})

    def save_draft(self, token: str, answers: AnswersInput, *, step: str | None = None) -> WizardDraft:
        return self._touch_draft(token, answers if answers is not None else {}, step)

    def resume_draft(self, token: str) -> WizardDraft:
        return self._touch_draft(token, None, None)

    def delete_draft(self, token: str) -> None:
        with self._write() as tx:
            self._live_draft(tx, token, codec.utcnow())
            tx.delete_draft(codec.token_key(token))

    def purge_expired_drafts(self, now: datetime | None = None) -> int:
        cutoff = codec.aware(now) if now is not None else codec.utcnow()
        with self._write() as tx:
            return tx.purge_drafts(cutoff)

    # ------------------------------------------------------------------ users

    def add_user(
        self, username: str, display_name: str, role: Role | str, password: str, *, by: str = SYSTEM_ACTOR
    ) -> UserRecord:
        codec.check_username(username)
        user = UserRecord(
            username=username, display_name=display_name, role=lifecycle.role(role), created_at=codec.utcnow()
        )
        stored = StoredUser(user=user, password_hash=passwords.hash_password(password))
        with self._write() as tx:
            if tx.user(username) is not None:
                raise ConflictError(f"user {username!r} already exists", loc=("users", username))
            tx.insert_user(stored)
            self._audit(tx, by, "user.add", "user", username, role=user.role.value)
        return user

    def _user(self, tx: Transaction, username: str) -> StoredUser:
        stored = tx.user(username)
        if stored is None:
            raise NotFoundError(f"no user {username!r}", loc=("users", username))
        return stored

    def get_user(self, username: str) -> UserRecord:
        with self._read() as tx:
            return self._user(tx, username).user

    def list_users(self) -> list[UserRecord]:
        with self._read() as tx:
            return tx.users()

    def disable_user(self, username: str, *, by: str) -> UserRecord:
        with self._write() as tx:
            stored = self._user(tx, username)
            user = stored.user.model_copy(update={"disabled": True})
            tx.update_user(stored.model_copy(update={"user": user}))
            self._audit(tx, by, "user.disable", "user", username)
        return user

    def authenticate(self, username: str, password: str) -> UserRecord:
        """One argon2 verification on every path (unknown, disabled, wrong type), so timing tells nothing."""
        known = isinstance(username, str) and isinstance(password, str)
        stored = None
        if known and len(username) <= 64:
            with self._read() as tx:
                stored = tx.user(username)
        candidate = password if isinstance(password, str) else ""
        if stored is None:
            passwords.verify_password(passwords.dummy_hash(), candidate)
            raise PermissionDeniedError(_LOGIN_FAILED)
        ok = passwords.verify_password(stored.password_hash, candidate)
        if not (ok and known) or stored.user.disabled:
            raise PermissionDeniedError(_LOGIN_FAILED)
        if passwords.needs_rehash(stored.password_hash):
            with self._write() as tx:
                tx.update_user(stored.model_copy(update={"password_hash": passwords.hash_password(candidate)}))
        return stored.user

    # ------------------------------------------------------------------ audit

    def audit_events(
        self, *, subject_type: str | None = None, subject_id: str | None = None, limit: int | None = None
    ) -> list[AuditEvent]:
        with self._read() as tx:
            return tx.audit_events(subject_type, subject_id, limit)
