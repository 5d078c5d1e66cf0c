"""Raw SQL cannot rewrite history: every way of writing over a protected row, from a plain connection.

Protected rows: agreements that are not drafts and their clause references, published (and
retired) clause versions, every audit row. On SQLite the statements go through a plain
``sqlite3`` connection (no pragmas, foreign keys off, no recursive triggers), the way a person
with the file would; on PostgreSQL through a plain psycopg connection. Each statement is run in
its own transaction; it must be refused, and afterwards the protected rows are byte for byte
what they were. The same statements succeed on a database at revision 0001 (REPLACE's implicit
delete fires no DELETE trigger there), so the tests would notice the guards going missing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import make_url

from engine.core.agreement import Agreement
from engine.store import SYSTEM_ACTOR, Role, Store
from engine.store.migrate import alembic_config
from engine.store.sql import SqlStore

if TYPE_CHECKING:
    from tests.store_fixtures import RegistryFiles

pytest_plugins = ["tests.store_fixtures"]

PDF = b"%PDF-1.7 the signed-off bytes"
PROTECTED = ("agreements", "agreement_clauses", "clause_versions", "audit_log")


@dataclass
class Registry:
    store: SqlStore
    final: str  # a final agreement (with its PDF and clause references)
    draft: str  # a draft agreement
    published: str  # clause version id@version, published
    clause_draft: str  # clause version id@version, draft


@pytest.fixture
def filled(
    make_store: Callable[[str], Store],
    compose_agreement: Callable[..., Agreement],
    registry_files: RegistryFiles,
    request: pytest.FixtureRequest,
) -> Callable[[str], Registry]:
    def fill(kind: str) -> Registry:
        store = make_store(kind)
        assert isinstance(store, SqlStore)
        store.import_clause_sources(registry_files.clauses, by=SYSTEM_ACTOR, publish=True)
        store.add_user("anne", "Anne", Role.advisor, "anne-passord-1")
        draft_text = registry_files.clauses["mini_term.yaml"].replace("version: 1.0.0", "version: 1.1.0")
        store.create_clause_version(draft_text, by="anne")
        final = store.add_agreement(compose_agreement(), by="kari", status="final", pdf=PDF).id
        draft = store.add_agreement(compose_agreement(), by="kari").id
        return Registry(store, final, draft, "mini_term@1.0.0", "mini_term@1.1.0")

    return fill


# --------------------------------------------------------------------------- SQLite


def _sqlite_path(store: SqlStore) -> str:
    database = make_url(store._url).database
    assert database
    return database


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _copy(conn: sqlite3.Connection, verb: str, table: str, where: str, **overrides: str) -> str:
    """``verb INTO table (cols) SELECT … FROM table WHERE where`` with some columns replaced by SQL."""
    columns = _columns(conn, table)
    extra = [c for c in overrides if c not in columns]  # rowid
    names = [*extra, *columns]
    exprs = [overrides.get(c, c) for c in names]
    return f"{verb} INTO {table} ({', '.join(names)}) SELECT {', '.join(exprs)} FROM {table} WHERE {where}"


def _sqlite_attacks(conn: sqlite3.Connection, r: Registry) -> Iterator[str]:
    f, d = f"'{r.final}'", f"'{r.draft}'"
    pub = "clause_id = 'mini_term' AND version = '1.0.0'"
    draft_cv = "clause_id = 'mini_term' AND version = '1.1.0'"
    final_rowid = f"(SELECT rowid FROM agreements WHERE id = {f})"
    final_hash = f"(SELECT content_hash FROM agreements WHERE id = {f})"
    # agreements
    for verb in ("REPLACE", "INSERT OR REPLACE"):
        yield _copy(conn, verb, "agreements", f"id = {f}", answers="'{}'", status="'draft'")
        yield _copy(conn, verb, "agreements", f"id = {d}", content_hash=final_hash)
        yield _copy(conn, verb, "agreements", f"id = {d}", rowid=final_rowid, id="'AV-NEW'", content_hash="'f' || 'x'")
    yield _copy(conn, "INSERT", "agreements", f"id = {f}")
    yield _copy(conn, "INSERT", "agreements", f"id = {f}") + " ON CONFLICT (id) DO UPDATE SET answers = '{}'"
    for column, value in (("id", f), ("content_hash", final_hash), ("rowid", final_rowid), ("_rowid_", final_rowid),
                          ("oid", final_rowid)):  # fmt: skip
        yield f"UPDATE OR REPLACE agreements SET {column} = {value} WHERE id = {d}"
    yield f"UPDATE OR REPLACE agreements SET answers = '{{}}' WHERE id = {f}"
    yield f"UPDATE agreements SET pdf = x'00' WHERE id = {f}"
    yield f"UPDATE agreements SET status = 'draft' WHERE id = {f}"
    yield f"DELETE FROM agreements WHERE id = {f}"
    # agreement_clauses of the final agreement
    final_ref_rowid = f"(SELECT rowid FROM agreement_clauses WHERE agreement_id = {f} AND clause_id = 'mini_term')"
    for verb in ("REPLACE", "INSERT OR REPLACE"):
        yield f"{verb} INTO agreement_clauses (agreement_id, clause_id, version) VALUES ({f}, 'mini_term', '9.9.9')"
        yield (
            f"{verb} INTO agreement_clauses (rowid, agreement_id, clause_id, version) "
            f"VALUES ({final_ref_rowid}, {d}, 'extra', '1.0.0')"
        )
    yield f"INSERT INTO agreement_clauses (agreement_id, clause_id, version) VALUES ({f}, 'extra', '1.0.0')"
    yield f"UPDATE OR REPLACE agreement_clauses SET version = '9.9.9' WHERE agreement_id = {f}"
    yield f"UPDATE OR REPLACE agreement_clauses SET agreement_id = {f} WHERE agreement_id = {d}"
    yield f"DELETE FROM agreement_clauses WHERE agreement_id = {f}"
    # clause_versions: the published one
    pub_id = f"(SELECT id FROM clause_versions WHERE {pub})"
    for verb in ("REPLACE", "INSERT OR REPLACE"):
        yield _copy(conn, verb, "clause_versions", pub, source="'id: mini_term'")
        yield _copy(conn, verb, "clause_versions", pub, id="NULL", source="'id: mini_term'")
        yield _copy(conn, verb, "clause_versions", draft_cv, id=pub_id)
    yield _copy(conn, "INSERT", "clause_versions", pub, id="NULL") + (
        " ON CONFLICT (clause_id, version) DO UPDATE SET source = 'id: mini_term'"
    )
    yield f"UPDATE OR REPLACE clause_versions SET version = '1.0.0' WHERE {draft_cv}"
    yield f"UPDATE OR REPLACE clause_versions SET id = {pub_id} WHERE {draft_cv}"
    yield f"UPDATE OR REPLACE clause_versions SET oid = {pub_id} WHERE {draft_cv}"
    yield f"UPDATE clause_versions SET source = 'id: mini_term' WHERE {pub}"
    yield f"UPDATE clause_versions SET status = 'draft' WHERE {pub}"
    yield f"DELETE FROM clause_versions WHERE {pub}"
    # audit_log
    for verb in ("REPLACE", "INSERT OR REPLACE"):
        yield _copy(conn, verb, "audit_log", "id = 1", actor="'mallory'")
    yield _copy(conn, "INSERT", "audit_log", "id = 1") + " ON CONFLICT (id) DO UPDATE SET actor = 'mallory'"
    yield "UPDATE OR REPLACE audit_log SET id = 1 WHERE id = 2"
    yield "UPDATE audit_log SET actor = 'mallory'"
    yield "DELETE FROM audit_log WHERE id = 1"


def _snapshot(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    return {t: conn.execute(f"SELECT rowid, * FROM {t} ORDER BY rowid").fetchall() for t in PROTECTED}


def _attempt(conn: sqlite3.Connection, statement: str) -> sqlite3.Error | None:
    """Run ``statement`` in a transaction and roll it back; the error, or None if it went through."""
    conn.execute("BEGIN")
    try:
        conn.execute(statement)
    except sqlite3.Error as exc:
        return exc
    finally:
        conn.execute("ROLLBACK")
    return None


def _plain(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (0,)
    assert conn.execute("PRAGMA recursive_triggers").fetchone() == (0,)
    return conn


@pytest.mark.slow
def test_sqlite_refuses_every_rewrite_from_a_plain_connection(filled: Callable[[str], Registry]) -> None:
    registry = filled("sqlite")
    conn = _plain(_sqlite_path(registry.store))
    try:
        before = _snapshot(conn)
        attacks = list(_sqlite_attacks(conn, registry))
        assert len(attacks) >= 40
        for statement in attacks:
            error = _attempt(conn, statement)
            assert error is not None, f"went through: {statement}"
            assert "avtaleverk.immutable" in str(error), f"{statement}\n  {error}"
        assert _snapshot(conn) == before
    finally:
        conn.close()


@pytest.mark.slow
def test_drafts_stay_editable_from_a_plain_connection(filled: Callable[[str], Registry]) -> None:
    registry = filled("sqlite")
    conn = _plain(_sqlite_path(registry.store))
    d = f"'{registry.draft}'"
    try:
        for statement in (
            _copy(conn, "REPLACE", "agreements", f"id = {d}", answers="'{}'"),
            f"UPDATE OR REPLACE agreements SET title = 'Ny tittel' WHERE id = {d}",
            f"REPLACE INTO agreement_clauses (agreement_id, clause_id, version) VALUES ({d}, 'mini_term', '1.0.0')",
            _copy(conn, "REPLACE", "clause_versions", "version = '1.1.0'", source="'id: mini_term'"),
            "INSERT INTO audit_log (at, actor, action, subject_type, subject_id, detail) "
            "VALUES ('2026-01-01 00:00:00', 'ops', 'note', 'user', 'anne', '{}')",
        ):
            assert _attempt(conn, statement) is None, statement
    finally:
        conn.close()


@pytest.mark.slow
def test_existing_databases_get_the_guards_by_upgrading(filled: Callable[[str], Registry]) -> None:
    registry = filled("sqlite")
    path = _sqlite_path(registry.store)
    registry.store.close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0001")
    conn0 = _plain(path)
    try:
        replaced = [
            s for s in _sqlite_attacks(conn0, registry) if "REPLACE" in s and _attempt(conn0, s) is None
        ]  # at 0001 REPLACE rewrites protected rows: the hole this revision closes
        assert len(replaced) >= 15, replaced
    finally:
        conn0.close()
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    engine.dispose()
    conn1 = _plain(path)
    try:
        for statement in replaced:
            error = _attempt(conn1, statement)
            assert error is not None and "avtaleverk.immutable" in str(error), statement
    finally:
        conn1.close()
    reopened = SqlStore(f"sqlite:///{path}")
    try:
        assert reopened.get_agreement(registry.final, with_pdf=True).pdf == PDF  # the data came through
    finally:
        reopened.close()


# --------------------------------------------------------------------------- PostgreSQL


def _pg_attacks(r: Registry) -> Iterator[tuple[str, bool]]:
    """``(statement, by_trigger)``: PostgreSQL has no REPLACE; ON CONFLICT DO UPDATE and MERGE fire the
    row triggers. A duplicate plain INSERT is refused by the unique index instead (``by_trigger`` False)."""
    f = f"'{r.final}'"
    pub = "clause_id = 'mini_term' AND version = '1.0.0'"
    agreement_cols = (
        "id, type_id, type_version, title, language, status, parties, party_search, answers, agreement_json, "
        "content_hash, pdf, created_at, updated_at, created_by"
    )
    yield f"INSERT INTO agreements ({agreement_cols}) SELECT {agreement_cols} FROM agreements WHERE id = {f}", False
    yield (
        (
            f"INSERT INTO agreements ({agreement_cols}) SELECT {agreement_cols} FROM agreements WHERE id = {f} "
            "ON CONFLICT (id) DO UPDATE SET answers = '{}'"
        ),
        True,
    )
    yield (
        (
            f"MERGE INTO agreements a USING (SELECT {f} AS id) s ON a.id = s.id "
            "WHEN MATCHED THEN UPDATE SET answers = '{}'"
        ),
        True,
    )
    yield f"MERGE INTO agreements a USING (SELECT {f} AS id) s ON a.id = s.id WHEN MATCHED THEN DELETE", True
    yield f"UPDATE agreements SET pdf = '\\x00' WHERE id = {f}", True
    yield f"DELETE FROM agreements WHERE id = {f}", True
    yield (
        (
            f"INSERT INTO agreement_clauses (agreement_id, clause_id, version) VALUES ({f}, 'mini_term', '9.9.9') "
            "ON CONFLICT (agreement_id, clause_id) DO UPDATE SET version = '9.9.9'"
        ),
        True,
    )
    yield f"INSERT INTO agreement_clauses (agreement_id, clause_id, version) VALUES ({f}, 'extra', '1.0.0')", True
    yield f"DELETE FROM agreement_clauses WHERE agreement_id = {f}", True
    clause_cols = (
        "clause_id, version, status, source, author, editors, updated_by, reviewer, change_note, lock_version, "
        "created_at, updated_at, published_at"
    )
    yield (
        (
            f"INSERT INTO clause_versions ({clause_cols}) SELECT {clause_cols} FROM clause_versions WHERE {pub} "
            "ON CONFLICT (clause_id, version) DO UPDATE SET source = 'id: mini_term'"
        ),
        True,
    )
    yield (
        (
            "MERGE INTO clause_versions c USING (SELECT 'mini_term' AS clause_id, '1.0.0' AS version) s "
            "ON c.clause_id = s.clause_id AND c.version = s.version WHEN MATCHED THEN UPDATE SET source = 'x'"
        ),
        True,
    )
    yield f"UPDATE clause_versions SET source = 'id: mini_term' WHERE {pub}", True
    yield f"DELETE FROM clause_versions WHERE {pub}", True
    audit_cols = "id, at, actor, action, subject_type, subject_id, detail"
    yield (
        (
            f"INSERT INTO audit_log ({audit_cols}) SELECT {audit_cols} FROM audit_log WHERE id = 1 "
            "ON CONFLICT (id) DO UPDATE SET actor = 'mallory'"
        ),
        True,
    )
    yield f"INSERT INTO audit_log ({audit_cols}) SELECT {audit_cols} FROM audit_log WHERE id = 1", False
    yield "UPDATE audit_log SET actor = 'mallory'", True
    yield "DELETE FROM audit_log WHERE id = 1", True


@pytest.mark.slow
@pytest.mark.postgres
def test_postgres_refuses_every_rewrite_from_a_plain_connection(filled: Callable[[str], Registry]) -> None:
    registry = filled("postgres")
    engine = sa.create_engine(registry.store._url)  # none of the store's connection settings

    def snapshot() -> dict[str, list[tuple[object, ...]]]:
        with engine.connect() as conn:
            return {t: [tuple(r) for r in conn.execute(sa.text(f"SELECT * FROM {t} ORDER BY 1, 2"))] for t in PROTECTED}

    try:
        before = snapshot()
        for statement, by_trigger in _pg_attacks(registry):
            with pytest.raises(sa.exc.DBAPIError) as err, engine.begin() as conn:
                conn.exec_driver_sql(statement.replace("%", "%%"))
            if by_trigger:
                assert "avtaleverk.immutable" in str(err.value.orig), statement
            else:
                assert isinstance(err.value, sa.exc.IntegrityError), statement
        assert snapshot() == before
    finally:
        engine.dispose()
