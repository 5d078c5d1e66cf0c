"""The SQL backend: SQLite (embedded default) and PostgreSQL (several app instances, one registry).

``SqlStore(url)`` is the registry over it. A transaction is one SQLAlchemy connection in one
database transaction, audit rows included: it commits whole or not at all. SQLAlchemy errors are
translated once, in :meth:`SqlBackend.transaction` (:func:`translate_error`); the guard triggers
of the migrations report as :class:`~engine.errors.ImmutableError`. Rows become records through
:mod:`engine.store.sqlrows`; engines are made in :mod:`engine.store.sqlengine`. No row or
connection leaves these modules.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from engine.errors import ConflictError, StoreError
from engine.store import migrate
from engine.store.config import MEMORY_URL, redact
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
from engine.store.sqlengine import WRITE_OPTION, make_engine, translate_error
from engine.store.sqlrows import (
    AGREEMENTS,
    AUDIT,
    CLAUSE_REFS,
    CLAUSES,
    DRAFTS,
    RECORD_COLUMNS,
    SUMMARY_COLUMNS,
    USERS,
    agreement_values,
    audit_event,
    audit_values,
    clause_changes,
    clause_ref_values,
    clause_values,
    clause_version,
    draft_values,
    record,
    stored_user,
    summary,
    user_record,
    user_values,
    wizard_draft,
)

__all__ = ["SqlBackend", "SqlStore", "make_engine", "translate_error", "upgrade"]

_CHUNK = 500
# Any constant works; it only has to be the same for every app instance sharing a database.
_PG_CLAUSE_LOCK = 0x41764B4C  # "AvKL"


def _path_to(status: AgreementStatus) -> list[AgreementStatus]:
    """The forward moves from draft to ``status``. On PostgreSQL rows are inserted as drafts (the
    clause references of a final agreement cannot be inserted, by trigger), then moved."""
    path = {
        AgreementStatus.draft: [],
        AgreementStatus.final: [AgreementStatus.final],
        AgreementStatus.signed: [AgreementStatus.final, AgreementStatus.signed],
        AgreementStatus.terminated: [AgreementStatus.final, AgreementStatus.terminated],
    }
    return path[status]


def _party_pattern(party: str) -> sa.BindParameter[str]:
    """``%party%`` with the wildcards in ``party`` escaped, sent as a literal (quoted by SQLAlchemy).

    A literal lets PostgreSQL plan each search for its own pattern: the trigram index (0003) for a
    rare name, the newest-first index for a common one. A bound parameter in a prepared statement
    can get one generic plan for both, and then one of them walks the whole registry.
    """
    escaped = party.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return sa.bindparam("party", f"%{escaped}%", type_=sa.Text(), literal_execute=True)


# --------------------------------------------------------------------------- one transaction


class _SqlTransaction:
    """:class:`~engine.store.backend.Transaction` on one connection; audit rows go in at commit."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.pending_audit: list[dict[str, object]] = []

    # -- agreements

    def agreement_status(self, agreement_id: str) -> AgreementStatus | None:
        value = self.conn.execute(sa.select(AGREEMENTS.c.status).where(AGREEMENTS.c.id == agreement_id)).scalar()
        return AgreementStatus(value) if value is not None else None

    def _check_new(self, rows: list[dict[str, object]]) -> None:
        """A friendly conflict error before the unique indexes say it less clearly (bulk loads rely on them)."""
        if len(rows) > 50:
            return
        ids = [r["id"] for r in rows]
        hashes = [r["content_hash"] for r in rows]
        found = self.conn.execute(
            sa.select(AGREEMENTS.c.id).where(AGREEMENTS.c.id.in_(ids) | AGREEMENTS.c.content_hash.in_(hashes))
        ).first()
        if found is not None:
            raise ConflictError(
                f"agreement {found.id} already exists (same id or content hash)", loc=("agreements", found.id)
            )

    def _set_status(self, ids: list[str], status: AgreementStatus) -> None:
        for k in range(0, len(ids), _CHUNK):
            self.conn.execute(
                sa.update(AGREEMENTS).where(AGREEMENTS.c.id.in_(ids[k : k + _CHUNK])).values(status=status.value)
            )

    def insert_agreements(self, records: Sequence[AgreementRecord]) -> None:
        if not records:
            return
        refs = [ref for r in records for ref in clause_ref_values(r.id, r.clauses)]
        if self.conn.dialect.name == "sqlite":
            # The clause references go in first and the rows in their own status, in one INSERT each:
            # the references' guard lets them in while their agreement does not exist yet, and the
            # foreign key is checked at commit (``defer_foreign_keys`` ends with the transaction).
            rows = [agreement_values(r, as_draft=False) for r in records]
            self._check_new(rows)
            self.conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            if refs:
                self.conn.execute(sa.insert(CLAUSE_REFS), refs)
            self.conn.execute(sa.insert(AGREEMENTS), rows)
            return
        # PostgreSQL checks the foreign key at once: insert drafts, their references, then move them.
        rows = [agreement_values(r) for r in records]
        self._check_new(rows)
        self.conn.execute(sa.insert(AGREEMENTS), rows)
        if refs:
            self.conn.execute(sa.insert(CLAUSE_REFS), refs)
        groups: dict[AgreementStatus, list[AgreementRecord]] = {}
        for r in records:
            groups.setdefault(r.status, []).append(r)
        for status, group in groups.items():
            steps = _path_to(status)
            if not steps:
                continue
            for r in group:  # the PDF goes in with the move to final (after it, the row is frozen)
                if r.pdf is not None:
                    self.conn.execute(
                        sa.update(AGREEMENTS).where(AGREEMENTS.c.id == r.id).values(status=steps[0].value, pdf=r.pdf)
                    )
            self._set_status([r.id for r in group if r.pdf is None], steps[0])
            for step in steps[1:]:
                self._set_status([r.id for r in group], step)

    def replace_draft_agreement(self, record: AgreementRecord) -> bool:
        values = agreement_values(record)
        del values["id"], values["status"]
        self.conn.execute(sa.delete(CLAUSE_REFS).where(CLAUSE_REFS.c.agreement_id == record.id))
        result = self.conn.execute(
            sa.update(AGREEMENTS).where(AGREEMENTS.c.id == record.id, AGREEMENTS.c.status == "draft").values(**values)
        )
        if result.rowcount != 1:
            return False
        refs = clause_ref_values(record.id, record.clauses)
        if refs:
            self.conn.execute(sa.insert(CLAUSE_REFS), refs)
        return True

    def move_agreement(
        self, agreement_id: str, old: AgreementStatus, new: AgreementStatus, *, at: datetime, pdf: bytes | None
    ) -> bool:
        values: dict[str, object] = {"status": new.value, "updated_at": at}
        if pdf is not None:
            values["pdf"] = pdf
        result = self.conn.execute(
            sa.update(AGREEMENTS)
            .where(AGREEMENTS.c.id == agreement_id, AGREEMENTS.c.status == old.value)
            .values(**values)
        )
        return result.rowcount == 1

    def delete_draft_agreement(self, agreement_id: str) -> bool:
        self.conn.execute(sa.delete(CLAUSE_REFS).where(CLAUSE_REFS.c.agreement_id == agreement_id))
        result = self.conn.execute(
            sa.delete(AGREEMENTS).where(AGREEMENTS.c.id == agreement_id, AGREEMENTS.c.status == "draft")
        )
        return result.rowcount == 1

    def _one_record(self, where: sa.ColumnElement[bool], with_pdf: bool) -> AgreementRecord | None:
        columns = (*RECORD_COLUMNS, AGREEMENTS.c.pdf) if with_pdf else RECORD_COLUMNS
        row = self.conn.execute(sa.select(*columns).where(where)).first()
        return record(row, with_pdf=with_pdf) if row is not None else None

    def agreement(self, agreement_id: str, *, with_pdf: bool) -> AgreementRecord | None:
        return self._one_record(AGREEMENTS.c.id == agreement_id, with_pdf)

    def agreement_by_hash(self, content_hash: str) -> AgreementRecord | None:
        return self._one_record(AGREEMENTS.c.content_hash == content_hash, False)

    def agreement_pdf(self, agreement_id: str) -> tuple[bool, bytes | None]:
        row = self.conn.execute(sa.select(AGREEMENTS.c.pdf).where(AGREEMENTS.c.id == agreement_id)).first()
        return (row is not None, row.pdf if row is not None else None)

    def list_agreements(self, query: AgreementQuery) -> list[AgreementSummary]:
        stmt = sa.select(*SUMMARY_COLUMNS)
        if query.status is not None:
            stmt = stmt.where(AGREEMENTS.c.status == query.status.value)
        if query.type_id is not None:
            stmt = stmt.where(AGREEMENTS.c.type_id == query.type_id)
        if query.party:
            stmt = stmt.where(AGREEMENTS.c.party_search.like(_party_pattern(query.party), escape="/"))
        if query.created_from is not None:
            stmt = stmt.where(AGREEMENTS.c.created_at >= query.created_from)
        if query.created_before is not None:
            stmt = stmt.where(AGREEMENTS.c.created_at < query.created_before)
        stmt = stmt.order_by(AGREEMENTS.c.created_at.desc(), AGREEMENTS.c.id.desc())
        rows = self.conn.execute(stmt.limit(query.limit).offset(query.offset)).all()
        return [summary(r) for r in rows]

    def iter_agreements(self, *, with_pdf: bool) -> Iterator[AgreementRecord]:
        columns = (*RECORD_COLUMNS, AGREEMENTS.c.pdf) if with_pdf else RECORD_COLUMNS
        stmt = sa.select(*columns).order_by(AGREEMENTS.c.created_at, AGREEMENTS.c.id)
        for row in self.conn.execution_options(yield_per=_CHUNK).execute(stmt):
            yield record(row, with_pdf=with_pdf)

    def clause_usage(self, clause_id: str) -> list[ClauseUsage]:
        stmt = (
            sa.select(CLAUSE_REFS.c.agreement_id, CLAUSE_REFS.c.version, AGREEMENTS.c.status)
            .join(AGREEMENTS, AGREEMENTS.c.id == CLAUSE_REFS.c.agreement_id)
            .where(CLAUSE_REFS.c.clause_id == clause_id)
        )
        return [
            ClauseUsage(
                agreement_id=r.agreement_id, clause_version=r.version, agreement_status=AgreementStatus(r.status)
            )
            for r in self.conn.execute(stmt)
        ]

    # -- wizard drafts

    def insert_draft(self, key: str, draft: WizardDraft) -> None:
        self.conn.execute(sa.insert(DRAFTS).values(token_hash=key, **draft_values(draft)))

    def update_draft(self, key: str, draft: WizardDraft) -> None:
        self.conn.execute(sa.update(DRAFTS).where(DRAFTS.c.token_hash == key).values(**draft_values(draft)))

    def draft(self, key: str) -> WizardDraft | None:
        row = self.conn.execute(sa.select(DRAFTS).where(DRAFTS.c.token_hash == key)).first()
        return wizard_draft(row) if row is not None else None

    def delete_draft(self, key: str) -> bool:
        return self.conn.execute(sa.delete(DRAFTS).where(DRAFTS.c.token_hash == key)).rowcount == 1

    def purge_drafts(self, cutoff: datetime) -> int:
        return int(self.conn.execute(sa.delete(DRAFTS).where(DRAFTS.c.expires_at <= cutoff)).rowcount)

    # -- clause versions

    def lock_clause_library(self) -> None:
        if self.conn.dialect.name == "postgresql":  # SQLite writers are serialised by BEGIN IMMEDIATE
            self.conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_CLAUSE_LOCK})

    def has_clauses(self) -> bool:
        return self.conn.execute(sa.select(CLAUSES.c.id).limit(1)).first() is not None

    def clause(self, clause_id: str, version: str) -> ClauseVersion | None:
        stmt = sa.select(CLAUSES).where(CLAUSES.c.clause_id == clause_id, CLAUSES.c.version == version)
        row = self.conn.execute(stmt).first()
        return clause_version(row) if row is not None else None

    def clauses(self, clause_id: str | None, status: ClauseStatus | None) -> list[ClauseVersion]:
        stmt = sa.select(CLAUSES)
        if clause_id is not None:
            stmt = stmt.where(CLAUSES.c.clause_id == clause_id)
        if status is not None:
            stmt = stmt.where(CLAUSES.c.status == status.value)
        return [clause_version(r) for r in self.conn.execute(stmt)]

    def insert_clauses(self, versions: Sequence[ClauseVersion]) -> None:
        if versions:
            self.conn.execute(sa.insert(CLAUSES), [clause_values(cv) for cv in versions])

    def update_clause(self, old: ClauseVersion, new: ClauseVersion) -> bool:
        """Only the columns that change are written (the triggers compare the rest)."""
        result = self.conn.execute(
            sa.update(CLAUSES)
            .where(
                CLAUSES.c.clause_id == old.clause_id,
                CLAUSES.c.version == old.version,
                CLAUSES.c.lock_version == old.lock_version,
            )
            .values(**clause_changes(old, new))
        )
        return result.rowcount == 1

    # -- users

    def user(self, username: str) -> StoredUser | None:
        row = self.conn.execute(sa.select(USERS).where(USERS.c.username == username)).first()
        return stored_user(row) if row is not None else None

    def users(self) -> list[UserRecord]:
        return [user_record(r) for r in self.conn.execute(sa.select(USERS).order_by(USERS.c.username))]

    def insert_user(self, stored: StoredUser) -> None:
        self.conn.execute(sa.insert(USERS).values(**user_values(stored)))

    def update_user(self, stored: StoredUser) -> None:
        values = user_values(stored)
        self.conn.execute(sa.update(USERS).where(USERS.c.username == stored.user.username).values(**values))

    # -- audit log

    def add_audit(self, entry: AuditEntry) -> None:
        self.pending_audit.append(audit_values(entry))

    def audit_events(self, subject_type: str | None, subject_id: str | None, limit: int | None) -> list[AuditEvent]:
        stmt = sa.select(AUDIT)
        if subject_type is not None:
            stmt = stmt.where(AUDIT.c.subject_type == subject_type)
        if subject_id is not None:
            stmt = stmt.where(AUDIT.c.subject_id == subject_id)
        stmt = stmt.order_by(AUDIT.c.id.desc())
        if limit:
            stmt = stmt.limit(limit)
        return [audit_event(r) for r in reversed(self.conn.execute(stmt).all())]


# --------------------------------------------------------------------------- the backend


class SqlBackend:
    """:class:`~engine.store.backend.Backend` on SQLite or PostgreSQL."""

    def __init__(self, url: str, *, engine: Engine | None = None, create: bool = True) -> None:
        self.raw_url = url
        self.engine = engine or make_engine(url)
        self.write_engine = self.engine.execution_options(**{WRITE_OPTION: True})
        self._check_schema(create)

    @property
    def url(self) -> str:
        return redact(self.raw_url)

    def close(self) -> None:
        self.engine.dispose()

    def _check_schema(self, create: bool) -> None:
        try:
            with self.engine.connect() as conn:
                current = migrate.current_revision(conn)
                populated = migrate.has_tables(conn)
            head = migrate.head_revision()
            if current == head:
                return
            if current is None and not populated and create:
                migrate.upgrade(self.engine)
                return
        except SQLAlchemyError as exc:
            raise translate_error(exc) from exc
        raise StoreError(
            f"the database {self.url} is at schema revision {current or 'none'}, this program needs {head}; "
            "run `avtale db upgrade`",
            code="store.error",
        )

    @contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[_SqlTransaction]:
        try:
            with (self.write_engine if write else self.engine).begin() as conn:
                tx = _SqlTransaction(conn)
                yield tx
                if tx.pending_audit:
                    conn.execute(sa.insert(AUDIT), tx.pending_audit)
        except SQLAlchemyError as exc:
            raise translate_error(exc) from exc


class SqlStore(Registry):
    """The registry on SQLite or PostgreSQL: ``Registry(SqlBackend(url))``."""

    def __init__(self, url: str, *, engine: Engine | None = None, create: bool = True) -> None:
        self.sql = SqlBackend(url, engine=engine, create=create)
        super().__init__(self.sql)

    @property
    def engine(self) -> Engine:
        return self.sql.engine

    @property
    def _write_engine(self) -> Engine:
        return self.sql.write_engine

    @property
    def _url(self) -> str:
        return self.sql.raw_url


def upgrade(url: str, revision: str = "head") -> tuple[str | None, str]:
    """Run the Alembic migrations on the database at ``url`` (resolved); ``(revision before, after)``.

    The memory store has no schema: it is always at the head revision.
    """
    if url == MEMORY_URL:
        return None, migrate.head_revision()
    engine = make_engine(url)
    try:
        return migrate.upgrade(engine, revision)
    except SQLAlchemyError as exc:
        raise translate_error(exc) from exc
    finally:
        engine.dispose()
