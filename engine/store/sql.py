"""The SQLModel store: SQLite (embedded default) and PostgreSQL (several app instances, one registry).

Every public method is one transaction, audit event included: it commits whole or not at all.
SQLAlchemy errors are translated once, in :meth:`SqlStore._session`; the guard triggers of the
migrations report as :class:`~engine.errors.ImmutableError`. Rows are converted to the records of
``base`` here, so no session or row object leaves this module.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, col, select

from engine.core.agreement import Agreement, Party
from engine.errors import (
    ConflictError,
    ImmutableError,
    NotFoundError,
    PermissionDeniedError,
    StoreError,
)
from engine.store import base, migrate, passwords
from engine.store.base import (
    DEFAULT_DRAFT_TTL,
    SYSTEM_ACTOR,
    AgreementRecord,
    AgreementStatus,
    AgreementSummary,
    AuditEvent,
    ClauseEditConflict,
    ClauseImportReport,
    ClauseStatus,
    ClauseUsage,
    ClauseVersion,
    Role,
    UserRecord,
    WizardDraft,
)
from engine.store.config import redact
from engine.store.tables import (
    AgreementClauseRow,
    AgreementRow,
    AuditRow,
    ClauseVersionRow,
    UserRow,
    WizardDraftRow,
)

__all__ = ["SqlStore", "make_engine", "translate_error"]

_WRITE = "avtaleverk_write"
_IMMUTABLE = "avtaleverk.immutable"


# --------------------------------------------------------------------------- engines


def make_engine(url: str) -> Engine:
    """An engine with the registry's connection settings (SQLite: WAL, foreign keys, BEGIN IMMEDIATE)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(parsed, pool_pre_ping=True)
    database = parsed.database or ""
    in_memory = database in ("", ":memory:") or parsed.query.get("mode") == "memory"
    if in_memory:
        engine = sa.create_engine(parsed, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we say BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        # Writers take the write lock up front, so two writers queue instead of deadlocking.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")

    return engine


def translate_error(exc: SQLAlchemyError) -> StoreError:
    """The one place a database error becomes an engine error. Messages carry no parameters."""
    orig = getattr(exc, "orig", None)
    text = (str(orig) if orig is not None else type(exc).__name__).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    if _IMMUTABLE in first:
        message = first.split(_IMMUTABLE, 1)[1].lstrip(": ")
        return ImmutableError(f"the database refused the change: {message}")
    if isinstance(exc, IntegrityError):
        lowered = first.lower()
        if "unique" in lowered or "duplicate key" in lowered:
            return ConflictError(f"already exists: {first}")
        return StoreError(f"the database refused the data: {first}", code="store.invalid")
    if isinstance(exc, OperationalError):
        return StoreError(f"database unavailable or busy: {first}")
    return StoreError(f"database error: {first}")


def _token_key(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- row → record


def _parties(text: str) -> tuple[Party, ...]:
    return tuple(Party.model_validate(p) for p in json.loads(text))


_SUMMARY_COLUMNS = (
    AgreementRow.id,
    AgreementRow.type_id,
    AgreementRow.type_version,
    AgreementRow.title,
    AgreementRow.language,
    AgreementRow.status,
    AgreementRow.parties,
    AgreementRow.content_hash,
    AgreementRow.created_at,
    AgreementRow.updated_at,
    AgreementRow.created_by,
    col(AgreementRow.pdf).is_not(None).label("has_pdf"),
)
_RECORD_COLUMNS = (*_SUMMARY_COLUMNS, AgreementRow.answers, AgreementRow.agreement_json)


def _summary(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "type_id": row.type_id,
        "type_version": row.type_version,
        "title": row.title,
        "language": row.language,
        "status": AgreementStatus(row.status),
        "parties": _parties(row.parties),
        "content_hash": row.content_hash,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "created_by": row.created_by,
        "has_pdf": bool(row.has_pdf),
    }


def _record(row: Any, pdf: bytes | None = None) -> AgreementRecord:
    agreement = Agreement.model_validate_json(row.agreement_json)
    return AgreementRecord(
        **_summary(row),
        answers=json.loads(row.answers),
        agreement=agreement,
        clauses=base.clause_refs(agreement),
        pdf=pdf,
    )


def _clause(row: ClauseVersionRow) -> ClauseVersion:
    return ClauseVersion(
        clause_id=row.clause_id,
        version=row.version,
        status=ClauseStatus(row.status),
        source=row.source,
        author=row.author,
        editors=tuple(json.loads(row.editors)),
        updated_by=row.updated_by,
        reviewer=row.reviewer,
        change_note=row.change_note,
        lock_version=row.lock_version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        published_at=row.published_at,
    )


def _user(row: UserRow) -> UserRecord:
    return UserRecord(
        username=row.username,
        display_name=row.display_name,
        role=Role(row.role),
        disabled=row.disabled,
        created_at=row.created_at,
    )


def _draft(row: WizardDraftRow, token: str) -> WizardDraft:
    return WizardDraft(
        token=token,
        type_id=row.type_id,
        language=row.language,
        answers=json.loads(row.answers),
        step=row.step,
        created_by=row.created_by,
        created_at=row.created_at,
        touched_at=row.touched_at,
        expires_at=row.expires_at,
    )


def _agreement_values(
    agreement: Agreement, by: str, now: datetime, created_at: datetime | None = None
) -> dict[str, Any]:
    base.check_agreement(agreement)
    meta = agreement.metadata
    dumped = agreement.model_dump(mode="json")
    return {
        "id": meta.document_id,
        "type_id": meta.type_id,
        "type_version": meta.type_version,
        "title": meta.title,
        "language": meta.language,
        "status": AgreementStatus.draft.value,
        "parties": base.dumps(dumped["parties"]),
        "party_search": base.party_search_text(agreement.parties),
        "answers": base.answers_payload(agreement.answers)[1],
        "agreement_json": base.dumps(dumped),
        "content_hash": agreement.content_hash,
        "pdf": None,
        "created_at": created_at or now,
        "updated_at": now,
        "created_by": by,
    }


def _path_to(status: AgreementStatus) -> list[AgreementStatus]:
    """The forward moves from draft to ``status`` (a row is inserted as draft, then moved)."""
    path = {
        AgreementStatus.draft: [],
        AgreementStatus.final: [AgreementStatus.final],
        AgreementStatus.signed: [AgreementStatus.final, AgreementStatus.signed],
        AgreementStatus.terminated: [AgreementStatus.final, AgreementStatus.terminated],
    }
    return path[status]


# --------------------------------------------------------------------------- the store


class SqlStore:
    """:class:`~engine.store.base.Store` on SQLite or PostgreSQL through SQLModel."""

    def __init__(self, url: str, *, engine: Engine | None = None, create: bool = True) -> None:
        self._url = url
        self.engine = engine or make_engine(url)
        self._write_engine = self.engine.execution_options(**{_WRITE: True})
        self._check_schema(create)

    @property
    def url(self) -> str:
        return redact(self._url)

    def close(self) -> None:
        self.engine.dispose()

    def _check_schema(self, create: bool) -> None:
        try:
            with self.engine.connect() as conn:
                current = migrate.current_revision(conn)
                populated = migrate.has_tables(conn)
        except SQLAlchemyError as exc:
            raise translate_error(exc) from exc
        head = migrate.head_revision()
        if current == head:
            return
        if current is None and not populated and create:
            try:
                migrate.upgrade(self.engine)
            except SQLAlchemyError as exc:
                raise translate_error(exc) from exc
            return
        raise StoreError(
            f"the database {self.url} is at schema revision {current or 'none'}, this program needs {head}; "
            "run `avtale db upgrade`",
            code="store.error",
        )

    @contextmanager
    def _session(self, *, write: bool = False) -> Iterator[Session]:
        """One transaction. Audit events collected by :meth:`_audit` are written just before commit."""
        try:
            with Session(self._write_engine if write else self.engine, expire_on_commit=False) as s, s.begin():
                yield s
                pending = s.info.pop("audit", None)
                if pending:
                    s.flush()
                    s.connection().execute(sa.insert(AuditRow), pending)
        except SQLAlchemyError as exc:
            raise translate_error(exc) from exc

    def _audit(self, s: Session, actor: str, action: str, subject_type: str, subject_id: str, **detail: Any) -> None:
        s.info.setdefault("audit", []).append(
            {
                "at": base.utcnow(),
                "actor": actor,
                "action": action,
                "subject_type": subject_type,
                "subject_id": subject_id,
                "detail": base.dumps(detail),
            }
        )

    # ------------------------------------------------------------------ agreements

    def _insert_agreements(
        self, s: Session, agreements: Iterable[Agreement], by: str, status: AgreementStatus, pdf: bytes | None
    ) -> list[str]:
        if pdf is not None and status is AgreementStatus.draft:
            raise StoreError("only a final agreement stores its PDF", code="store.invalid")
        now = base.utcnow()
        rows, refs, ids = [], [], []
        for agreement in agreements:
            values = _agreement_values(agreement, by, now)
            aid = values["id"]
            rows.append(values)
            ids.append(aid)
            refs.extend(
                {"agreement_id": aid, "clause_id": r.id, "version": r.version} for r in base.clause_refs(agreement)
            )
        if not rows:
            return ids
        conn = s.connection()
        self._check_new(s, rows)
        conn.execute(sa.insert(AgreementRow), rows)
        if refs:
            conn.execute(sa.insert(AgreementClauseRow), refs)
        for i, step in enumerate(_path_to(status)):
            update: dict[str, Any] = {"status": step.value}
            if i == 0 and pdf is not None:
                update["pdf"] = pdf
            for chunk in range(0, len(ids), 500):
                conn.execute(
                    sa.update(AgreementRow).where(col(AgreementRow.id).in_(ids[chunk : chunk + 500])).values(**update)
                )
        for values in rows:
            detail = {"status": status.value, "hash": values["content_hash"]}
            self._audit(s, by, "agreement.create", "agreement", values["id"], **detail)
        return ids

    @staticmethod
    def _check_new(s: Session, rows: list[dict[str, Any]]) -> None:
        """A friendly conflict error before the unique indexes say it less clearly."""
        if len(rows) > 50:
            return  # bulk loads rely on the unique indexes
        ids = [r["id"] for r in rows]
        hashes = [r["content_hash"] for r in rows]
        found = s.exec(
            select(AgreementRow.id, AgreementRow.content_hash).where(
                col(AgreementRow.id).in_(ids) | col(AgreementRow.content_hash).in_(hashes)
            )
        ).first()
        if found is not None:
            raise ConflictError(
                f"agreement {found.id} already exists (same id or content hash)", loc=("agreements", found.id)
            )

    def add_agreement(
        self,
        agreement: Agreement,
        *,
        by: str,
        status: AgreementStatus | str = AgreementStatus.draft,
        pdf: bytes | None = None,
    ) -> AgreementRecord:
        st = base.agreement_status(status)
        with self._session(write=True) as s:
            [aid] = self._insert_agreements(s, [agreement], by, st, pdf)
        return self.get_agreement(aid)

    def add_agreements(
        self, agreements: Iterable[Agreement], *, by: str, status: AgreementStatus | str = "draft"
    ) -> int:
        st = base.agreement_status(status)
        with self._session(write=True) as s:
            return len(self._insert_agreements(s, agreements, by, st, None))

    def _status_of(self, s: Session, agreement_id: str) -> AgreementStatus:
        status = s.exec(select(AgreementRow.status).where(AgreementRow.id == agreement_id)).first()
        if status is None:
            raise NotFoundError(f"no agreement {agreement_id!r}", loc=("agreements", agreement_id))
        return AgreementStatus(status)

    def replace_agreement(self, agreement_id: str, agreement: Agreement, *, by: str) -> AgreementRecord:
        if agreement.metadata.document_id != agreement_id:
            raise StoreError("the new agreement has another document id", code="store.invalid")
        with self._session(write=True) as s:
            old = self._status_of(s, agreement_id)
            base.check_mutable_agreement(agreement_id, old, "update")
            values = _agreement_values(agreement, by, base.utcnow())
            for key in ("id", "created_at", "created_by", "status"):
                values.pop(key)
            s.exec(sa.delete(AgreementClauseRow).where(col(AgreementClauseRow.agreement_id) == agreement_id))
            result = s.exec(
                sa.update(AgreementRow)
                .where(col(AgreementRow.id) == agreement_id, col(AgreementRow.status) == "draft")
                .values(**values)
            )
            if result.rowcount != 1:
                raise ConflictError(f"agreement {agreement_id} changed while saving", loc=("agreements", agreement_id))
            refs = [
                {"agreement_id": agreement_id, "clause_id": r.id, "version": r.version}
                for r in base.clause_refs(agreement)
            ]
            if refs:
                s.connection().execute(sa.insert(AgreementClauseRow), refs)
            self._audit(s, by, "agreement.update", "agreement", agreement_id, hash=agreement.content_hash)
        return self.get_agreement(agreement_id)

    def set_status(
        self, agreement_id: str, status: AgreementStatus | str, *, by: str, pdf: bytes | None = None
    ) -> AgreementRecord:
        new = base.agreement_status(status)
        with self._session(write=True) as s:
            old = self._status_of(s, agreement_id)
            base.check_agreement_move(agreement_id, old, new)
            if pdf is not None and new is not AgreementStatus.final:
                raise StoreError("the PDF is stored when the agreement becomes final", code="store.invalid")
            values: dict[str, Any] = {"status": new.value, "updated_at": base.utcnow()}
            if pdf is not None:
                values["pdf"] = pdf
            result = s.exec(
                sa.update(AgreementRow)
                .where(col(AgreementRow.id) == agreement_id, col(AgreementRow.status) == old.value)
                .values(**values)
            )
            if result.rowcount != 1:
                raise ConflictError(
                    f"agreement {agreement_id} changed status while saving", loc=("agreements", agreement_id)
                )
            self._audit(s, by, "agreement.status", "agreement", agreement_id, old=old.value, new=new.value)
        return self.get_agreement(agreement_id)

    def delete_agreement(self, agreement_id: str, *, by: str) -> None:
        with self._session(write=True) as s:
            old = self._status_of(s, agreement_id)
            base.check_mutable_agreement(agreement_id, old, "delete")
            s.exec(sa.delete(AgreementClauseRow).where(col(AgreementClauseRow.agreement_id) == agreement_id))
            s.exec(sa.delete(AgreementRow).where(col(AgreementRow.id) == agreement_id))
            self._audit(s, by, "agreement.delete", "agreement", agreement_id)

    def _one_record(self, where: Any, missing: str, *, with_pdf: bool = False) -> AgreementRecord:
        columns = (*_RECORD_COLUMNS, AgreementRow.pdf) if with_pdf else _RECORD_COLUMNS
        with self._session() as s:
            row = s.exec(sa.select(*columns).where(where)).first()
        if row is None:
            raise NotFoundError(missing)
        return _record(row, row.pdf if with_pdf else None)

    def get_agreement(self, agreement_id: str, *, with_pdf: bool = False) -> AgreementRecord:
        return self._one_record(
            col(AgreementRow.id) == agreement_id, f"no agreement {agreement_id!r}", with_pdf=with_pdf
        )

    def find_by_hash(self, content_hash: str) -> AgreementRecord:
        key = base.normalise_hash(content_hash)
        return self._one_record(
            col(AgreementRow.content_hash) == key, f"no agreement with content hash {key[:12]}… in the registry"
        )

    def get_pdf(self, agreement_id: str) -> bytes | None:
        with self._session() as s:
            row = s.exec(sa.select(AgreementRow.pdf).where(col(AgreementRow.id) == agreement_id)).first()
        if row is None:
            raise NotFoundError(f"no agreement {agreement_id!r}", loc=("agreements", agreement_id))
        return row.pdf

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
        query = sa.select(*_SUMMARY_COLUMNS)
        if status is not None:
            query = query.where(col(AgreementRow.status) == base.agreement_status(status).value)
        if type_id is not None:
            query = query.where(col(AgreementRow.type_id) == type_id)
        if party:
            query = query.where(col(AgreementRow.party_search).contains(party.casefold(), autoescape=True))
        if created_from is not None:
            query = query.where(col(AgreementRow.created_at) >= base.aware(created_from))
        if created_before is not None:
            query = query.where(col(AgreementRow.created_at) < base.aware(created_before))
        query = query.order_by(col(AgreementRow.created_at).desc(), col(AgreementRow.id).desc())
        with self._session() as s:
            rows = s.exec(query.limit(limit).offset(offset)).all()
        return [AgreementSummary(**_summary(r)) for r in rows]

    def iter_agreements(self, *, with_pdf: bool = False) -> Iterator[AgreementRecord]:
        columns = (*_RECORD_COLUMNS, AgreementRow.pdf) if with_pdf else _RECORD_COLUMNS
        query = sa.select(*columns).order_by(col(AgreementRow.created_at), col(AgreementRow.id))
        with self._session() as s:
            for row in s.exec(query.execution_options(yield_per=500)):
                yield _record(row, row.pdf if with_pdf else None)

    def clause_versions_used_by(self, clause_id: str) -> list[ClauseUsage]:
        query = (
            sa.select(AgreementClauseRow.agreement_id, AgreementClauseRow.version, AgreementRow.status)
            .join(AgreementRow, col(AgreementRow.id) == col(AgreementClauseRow.agreement_id))
            .where(col(AgreementClauseRow.clause_id) == clause_id)
        )
        with self._session() as s:
            rows = s.exec(query).all()
        out = [
            ClauseUsage(
                agreement_id=r.agreement_id, clause_version=r.version, agreement_status=AgreementStatus(r.status)
            )
            for r in rows
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
        _, text = base.answers_payload(answers)
        token = secrets.token_urlsafe(32)
        now = base.utcnow()
        row = WizardDraftRow(
            token_hash=_token_key(token),
            type_id=type_id,
            language=language,
            answers=text,
            step=step,
            created_by=by,
            created_at=now,
            touched_at=now,
            expires_at=now + ttl,
        )
        with self._session(write=True) as s:
            s.add(row)
        return _draft(row, token)

    def _live_draft(self, s: Session, token: str, now: datetime) -> WizardDraftRow:
        row = s.get(WizardDraftRow, _token_key(token)) if isinstance(token, str) else None
        if row is None or row.expires_at <= now:
            raise NotFoundError("no wizard draft for this link (it may have expired)", loc=("drafts",))
        return row

    def _touch_draft(self, token: str, text: str | None, step: str | None) -> WizardDraft:
        now = base.utcnow()
        with self._session(write=True) as s:
            row = self._live_draft(s, token, now)
            ttl = row.expires_at - row.touched_at
            if text is not None:
                row.answers = text
            if step is not None:
                row.step = step
            row.touched_at, row.expires_at = now, now + ttl
            s.add(row)
            s.flush()
            return _draft(row, token)

    def save_draft(self, token: str, answers: Mapping[str, Any] | str, *, step: str | None = None) -> WizardDraft:
        _, text = base.answers_payload(answers)
        return self._touch_draft(token, text, step)

    def resume_draft(self, token: str) -> WizardDraft:
        return self._touch_draft(token, None, None)

    def delete_draft(self, token: str) -> None:
        with self._session(write=True) as s:
            s.delete(self._live_draft(s, token, base.utcnow()))

    def purge_expired_drafts(self, now: datetime | None = None) -> int:
        cutoff = base.aware(now) if now is not None else base.utcnow()
        with self._session(write=True) as s:
            result = s.exec(sa.delete(WizardDraftRow).where(col(WizardDraftRow.expires_at) <= cutoff))
            return int(result.rowcount)

    # ------------------------------------------------------------------ clause versions

    def _clause_row(self, s: Session, clause_id: str, version: str) -> ClauseVersionRow:
        row = s.exec(
            select(ClauseVersionRow).where(ClauseVersionRow.clause_id == clause_id, ClauseVersionRow.version == version)
        ).first()
        if row is None:
            raise NotFoundError(f"no clause {clause_id} version {version}", loc=("clauses", clause_id, version))
        return row

    def _advisor(self, s: Session, username: str, what: str) -> UserRecord:
        row = s.exec(select(UserRow).where(UserRow.username == username)).first()
        return base.check_advisor(_user(row) if row else None, username, what)

    def _new_clause(
        self, s: Session, clause_id: str, version: str, source: str, by: str, note: str, status: ClauseStatus
    ) -> ClauseVersionRow:
        now = base.utcnow()
        published = status is ClauseStatus.published
        row = ClauseVersionRow(
            clause_id=clause_id,
            version=version,
            status=status.value,
            source=source,
            author=by,
            editors=base.dumps([by]),
            updated_by=by,
            reviewer=by if published else None,
            change_note=note,
            lock_version=1,
            created_at=now,
            updated_at=now,
            published_at=now if published else None,
        )
        s.add(row)
        self._audit(s, by, "clause.create", "clause", f"{clause_id}@{version}", status=status.value)
        return row

    def create_clause_version(self, source: str, *, by: str, change_note: str = "") -> ClauseVersion:
        clause_id, version = base.parse_clause_source(source)
        with self._session(write=True) as s:
            self._advisor(s, by, "creating a clause version")
            exists = s.exec(
                select(ClauseVersionRow.id).where(
                    ClauseVersionRow.clause_id == clause_id, ClauseVersionRow.version == version
                )
            ).first()
            if exists is not None:
                raise ConflictError(
                    f"clause {clause_id} {version} already exists; bump the version",
                    loc=("clauses", clause_id, version),
                )
            row = self._new_clause(s, clause_id, version, source, by, change_note, ClauseStatus.draft)
            s.flush()
            return _clause(row)

    def _update_clause(
        self, s: Session, row: ClauseVersionRow, expected_lock: int, by: str, action: str, **values: Any
    ) -> ClauseVersion:
        """Compare-and-set on ``lock_version``: a concurrent save makes this a conflict, never a lost update."""
        values |= {"lock_version": expected_lock + 1, "updated_at": base.utcnow()}
        result = s.exec(
            sa.update(ClauseVersionRow)
            .where(col(ClauseVersionRow.id) == row.id, col(ClauseVersionRow.lock_version) == expected_lock)
            .values(**values)
        )
        if result.rowcount != 1:
            s.expire(row)
            current = _clause(s.get(ClauseVersionRow, row.id) or row)
            base.check_lock(current, expected_lock)
            raise ClauseEditConflict(f"clause {row.clause_id} {row.version} changed while saving", current=current)
        s.expire(row)
        fresh = s.get(ClauseVersionRow, row.id)
        assert fresh is not None
        cv = _clause(fresh)
        self._audit(
            s,
            by,
            action,
            "clause",
            f"{cv.clause_id}@{cv.version}",
            status=cv.status.value,
            lock_version=cv.lock_version,
        )
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
        with self._session(write=True) as s:
            self._advisor(s, by, "editing a clause")
            row = self._clause_row(s, clause_id, version)
            current = _clause(row)
            base.check_editable_clause(current)
            base.check_lock(current, expected_lock_version)
            editors = current.editors if by in current.editors else (*current.editors, by)
            values: dict[str, Any] = {"source": source, "editors": base.dumps(list(editors)), "updated_by": by}
            if change_note is not None:
                values["change_note"] = change_note
            return self._update_clause(s, row, expected_lock_version, by, "clause.save", **values)

    def submit_clause(self, clause_id: str, version: str, *, by: str, expected_lock_version: int) -> ClauseVersion:
        with self._session(write=True) as s:
            self._advisor(s, by, "submitting a clause for review")
            row = self._clause_row(s, clause_id, version)
            current = _clause(row)
            base.check_clause_move(current, ClauseStatus.review)
            base.check_lock(current, expected_lock_version)
            return self._update_clause(s, row, expected_lock_version, by, "clause.submit", status="review")

    def send_back_clause(self, clause_id: str, version: str, *, by: str, note: str = "") -> ClauseVersion:
        with self._session(write=True) as s:
            self._advisor(s, by, "sending a clause back")
            row = self._clause_row(s, clause_id, version)
            base.check_clause_move(_clause(row), ClauseStatus.draft)
            cv = self._update_clause(s, row, row.lock_version, by, "clause.send-back", status="draft")
            if note:
                self._audit(s, by, "clause.comment", "clause", f"{clause_id}@{version}", note=note)
            return cv

    def approve_clause(self, clause_id: str, version: str, *, by: str, note: str = "") -> ClauseVersion:
        with self._session(write=True) as s:
            self._advisor(s, by, "approving a clause")
            row = self._clause_row(s, clause_id, version)
            current = _clause(row)
            base.check_clause_move(current, ClauseStatus.published)
            base.check_four_eyes(current, by)
            return self._update_clause(
                s,
                row,
                row.lock_version,
                by,
                "clause.publish",
                status="published",
                reviewer=by,
                published_at=base.utcnow(),
                **({"change_note": note.strip()} if note.strip() else {}),
            )

    def retire_clause(self, clause_id: str, version: str, *, by: str) -> ClauseVersion:
        with self._session(write=True) as s:
            self._advisor(s, by, "retiring a clause")
            row = self._clause_row(s, clause_id, version)
            base.check_clause_move(_clause(row), ClauseStatus.retired)
            return self._update_clause(s, row, row.lock_version, by, "clause.retire", status="retired")

    def get_clause_version(self, clause_id: str, version: str) -> ClauseVersion:
        with self._session() as s:
            return _clause(self._clause_row(s, clause_id, version))

    def list_clause_versions(
        self, clause_id: str | None = None, *, status: ClauseStatus | str | None = None
    ) -> list[ClauseVersion]:
        query = select(ClauseVersionRow)
        if clause_id is not None:
            query = query.where(ClauseVersionRow.clause_id == clause_id)
        if status is not None:
            query = query.where(ClauseVersionRow.status == base.clause_status(status).value)
        with self._session() as s:
            rows = [_clause(r) for r in s.exec(query).all()]
        return sorted(rows, key=lambda cv: (cv.clause_id, base.version_key(cv.version)))

    def published_clause_sources(self) -> dict[str, str]:
        latest = base.latest_published(self.list_clause_versions(status=ClauseStatus.published))
        return {cv.file_name: cv.source for _, cv in sorted(latest.items())}

    def import_clause_sources(
        self, sources: Mapping[str, str], *, by: str, publish: bool = False
    ) -> ClauseImportReport:
        base.check_import_actor(by, publish)
        with self._session(write=True) as s:
            if by != SYSTEM_ACTOR:
                self._advisor(s, by, "importing clauses")
            existing = {(r.clause_id, r.version): _clause(r) for r in s.exec(select(ClauseVersionRow)).all()}
            new, unchanged = base.plan_clause_import(sources, existing)
            status = ClauseStatus.published if publish else ClauseStatus.draft
            for clause_id, version, text in new:
                self._new_clause(s, clause_id, version, text, by, "imported", status)
        return ClauseImportReport(created=tuple(f"{c}@{v}" for c, v, _ in new), unchanged=tuple(unchanged))

    # ------------------------------------------------------------------ users

    def add_user(
        self, username: str, display_name: str, role: Role | str, password: str, *, by: str = SYSTEM_ACTOR
    ) -> UserRecord:
        base.check_username(username)
        row = UserRow(
            username=username,
            display_name=display_name,
            role=base.role(role).value,
            password_hash=passwords.hash_password(password),
            disabled=False,
            created_at=base.utcnow(),
        )
        with self._session(write=True) as s:
            if s.exec(select(UserRow.id).where(UserRow.username == username)).first() is not None:
                raise ConflictError(f"user {username!r} already exists", loc=("users", username))
            s.add(row)
            self._audit(s, by, "user.add", "user", username, role=row.role)
        return _user(row)

    def _user_row(self, s: Session, username: str) -> UserRow:
        row = s.exec(select(UserRow).where(UserRow.username == username)).first()
        if row is None:
            raise NotFoundError(f"no user {username!r}", loc=("users", username))
        return row

    def get_user(self, username: str) -> UserRecord:
        with self._session() as s:
            return _user(self._user_row(s, username))

    def list_users(self) -> list[UserRecord]:
        with self._session() as s:
            return [_user(r) for r in s.exec(select(UserRow).order_by(col(UserRow.username))).all()]

    def disable_user(self, username: str, *, by: str) -> UserRecord:
        with self._session(write=True) as s:
            row = self._user_row(s, username)
            row.disabled = True
            s.add(row)
            self._audit(s, by, "user.disable", "user", username)
            s.flush()
            return _user(row)

    def authenticate(self, username: str, password: str) -> UserRecord:
        with self._session() as s:
            row = s.exec(select(UserRow).where(UserRow.username == username)).first()
            ok = row is not None and not row.disabled and passwords.verify_password(row.password_hash, password)
        if not ok or row is None:
            raise PermissionDeniedError("wrong username or password, or the account is disabled")
        if passwords.needs_rehash(row.password_hash):
            with self._session(write=True) as s:
                s.exec(
                    sa.update(UserRow)
                    .where(col(UserRow.id) == row.id)
                    .values(password_hash=passwords.hash_password(password))
                )
        return _user(row)

    # ------------------------------------------------------------------ audit

    def audit_events(
        self, *, subject_type: str | None = None, subject_id: str | None = None, limit: int | None = None
    ) -> list[AuditEvent]:
        query = select(AuditRow)
        if subject_type is not None:
            query = query.where(AuditRow.subject_type == subject_type)
        if subject_id is not None:
            query = query.where(AuditRow.subject_id == subject_id)
        query = query.order_by(col(AuditRow.id).desc())
        if limit:
            query = query.limit(limit)
        with self._session() as s:
            rows = s.exec(query).all()
        return [
            AuditEvent(
                id=r.id or 0,
                at=r.at,
                actor=r.actor,
                action=r.action,
                subject_type=r.subject_type,
                subject_id=r.subject_id,
                detail=json.loads(r.detail),
            )
            for r in reversed(rows)
        ]
