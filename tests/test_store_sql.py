"""Database-level behaviour of the SQL store on SQLite and PostgreSQL: triggers, migrations, config."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.exc import DBAPIError

from engine.core.agreement import Agreement
from engine.errors import ConflictError, ImmutableError, StoreError
from engine.store import ClauseEditConflict, Role, Store, config, open_store, upgrade_database
from engine.store.migrate import alembic_config, head_revision
from engine.store.sql import SqlStore, translate_error
from engine.store.tables import include_object, metadata

if TYPE_CHECKING:
    from tests.store_fixtures import RegistryFiles

pytest_plugins = ["tests.store_fixtures"]

PDF = b"%PDF-1.7 stored bytes"


def _sql(store: Store, statement: str, **params: Any) -> None:
    """Run SQL as a bug or a manual session would: straight on the database, past the store."""
    assert isinstance(store, SqlStore)
    with store.engine.begin() as conn:
        conn.execute(sa.text(statement), params)


def _refused(store: Store, statement: str, **params: Any) -> ImmutableError:
    with pytest.raises(DBAPIError) as err:
        _sql(store, statement, **params)
    assert "avtaleverk.immutable" in str(err.value.orig)
    translated = translate_error(err.value)
    assert isinstance(translated, ImmutableError)
    return translated


# --------------------------------------------------------------------------- triggers


def test_triggers_protect_final_agreements(sql_store: Store, compose_agreement: Callable[..., Agreement]) -> None:
    final = sql_store.add_agreement(compose_agreement(), by="kari", status="final", pdf=PDF)
    before = sql_store.get_agreement(final.id, with_pdf=True)
    for column, value in [
        ("answers", "{}"),
        ("agreement_json", "{}"),
        ("content_hash", "0" * 64),
        ("parties", "[]"),
        ("created_by", "mallory"),
    ]:
        _refused(sql_store, f"UPDATE agreements SET {column} = :v WHERE id = :id", v=value, id=final.id)
    _refused(sql_store, "UPDATE agreements SET pdf = :v WHERE id = :id", v=b"forged", id=final.id)
    _refused(sql_store, "UPDATE agreements SET status = 'draft' WHERE id = :id", id=final.id)
    _refused(sql_store, "DELETE FROM agreements WHERE id = :id", id=final.id)
    _refused(sql_store, "UPDATE agreement_clauses SET version = '9.9.9' WHERE agreement_id = :id", id=final.id)
    _refused(sql_store, "DELETE FROM agreement_clauses WHERE agreement_id = :id", id=final.id)
    _refused(
        sql_store,
        "INSERT INTO agreement_clauses (agreement_id, clause_id, version) VALUES (:id, 'extra', '1.0.0')",
        id=final.id,
    )
    # Forward moves stay possible, with nothing else changed.
    _sql(sql_store, "UPDATE agreements SET status = 'signed' WHERE id = :id", id=final.id)
    _refused(sql_store, "UPDATE agreements SET status = 'final' WHERE id = :id", id=final.id)
    after = sql_store.get_agreement(final.id, with_pdf=True)
    assert after.status == "signed"
    assert after.model_dump(exclude={"status", "updated_at"}) == before.model_dump(exclude={"status", "updated_at"})


def test_triggers_let_drafts_change(sql_store: Store, compose_agreement: Callable[..., Agreement]) -> None:
    draft = sql_store.add_agreement(compose_agreement(), by="kari")
    _sql(sql_store, "UPDATE agreements SET created_by = 'ola' WHERE id = :id", id=draft.id)
    _refused(sql_store, "UPDATE agreements SET status = 'signed' WHERE id = :id", id=draft.id)  # skips final
    _sql(sql_store, "DELETE FROM agreement_clauses WHERE agreement_id = :id", id=draft.id)
    _sql(sql_store, "DELETE FROM agreements WHERE id = :id", id=draft.id)


def test_audit_log_is_append_only(sql_store: Store) -> None:
    sql_store.add_user("anne", "Anne", Role.advisor, "anne-passord-1")
    _refused(sql_store, "UPDATE audit_log SET actor = 'mallory'")
    _refused(sql_store, "DELETE FROM audit_log")
    _sql(
        sql_store,
        "INSERT INTO audit_log (at, actor, action, subject_type, subject_id, detail) "
        "VALUES (:at, 'ops', 'note', 'user', 'anne', '{}')",
        at=dt.datetime.now(dt.UTC),
    )
    assert [e.action for e in sql_store.audit_events()] == ["user.add", "note"]


def test_published_clause_versions_are_protected(sql_store: Store, registry_files: RegistryFiles) -> None:
    sql_store.import_clause_sources(registry_files.clauses, by="avtaleverk", publish=True)
    where = "WHERE clause_id = 'mini_term'"
    _refused(sql_store, f"UPDATE clause_versions SET source = 'id: mini_term' {where}")
    _refused(sql_store, f"UPDATE clause_versions SET status = 'draft' {where}")
    _refused(sql_store, f"DELETE FROM clause_versions {where}")
    _sql(sql_store, f"UPDATE clause_versions SET status = 'retired' {where}")
    _refused(sql_store, f"UPDATE clause_versions SET status = 'published' {where}")


@pytest.mark.postgres
@pytest.mark.parametrize("table", ["agreements", "agreement_clauses", "clause_versions", "audit_log"])
def test_postgres_refuses_truncate(make_store: Callable[[str], Store], table: str) -> None:
    store = make_store("postgres")
    _refused(store, f"TRUNCATE {table} CASCADE")


def test_unknown_status_refused_by_the_database(sql_store: Store, compose_agreement: Callable[..., Agreement]) -> None:
    draft = sql_store.add_agreement(compose_agreement(), by="kari")
    with pytest.raises(DBAPIError) as err:
        _sql(sql_store, "UPDATE agreements SET status = 'archived' WHERE id = :id", id=draft.id)
    assert isinstance(translate_error(err.value), StoreError)


# --------------------------------------------------------------------------- several app instances


def test_two_instances_conflict_instead_of_overwriting(sql_store: Store, registry_files: RegistryFiles) -> None:
    assert isinstance(sql_store, SqlStore)
    other = SqlStore(sql_store._url)  # a second app instance on the same database
    try:
        sql_store.add_user("anne", "Anne", Role.advisor, "anne-passord-1")
        sql_store.add_user("bjorn", "Bjørn", Role.advisor, "bjorn-passord-1")
        text = registry_files.clauses["mini_term.yaml"].replace("1.0.0", "1.1.0")
        loaded = sql_store.create_clause_version(text, by="anne")
        seen_by_bjorn = other.get_clause_version("mini_term", "1.1.0")
        sql_store.save_clause_draft("mini_term", "1.1.0", text + "# A\n", by="anne", expected_lock_version=1)
        with pytest.raises(ClauseEditConflict) as err:
            other.save_clause_draft(
                "mini_term", "1.1.0", text + "# B\n", by="bjorn", expected_lock_version=seen_by_bjorn.lock_version
            )
        assert err.value.current.source == text + "# A\n" and loaded.lock_version == 1
        with pytest.raises(ConflictError):
            other.add_user("anne", "Anne again", Role.admin, "anne-passord-2")
    finally:
        other.close()


def test_sql_writes_survive_reopening(
    sql_store: Store, compose_agreement: Callable[..., Agreement], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert isinstance(sql_store, SqlStore)
    kept = sql_store.add_agreement(compose_agreement(), by="kari")
    monkeypatch.setattr(sql_store, "_audit", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("crash")))
    with pytest.raises(RuntimeError):
        sql_store.set_status(kept.id, "final", by="kari", pdf=PDF)
    monkeypatch.undo()
    reopened = SqlStore(sql_store._url)
    try:
        assert reopened.get_agreement(kept.id) == kept and reopened.get_pdf(kept.id) is None
    finally:
        reopened.close()


# --------------------------------------------------------------------------- migrations


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_migrations_upgrade_empty_database_and_match_models(kind: str, fresh_database: Callable[[str], str]) -> None:
    url = fresh_database(kind)
    before, after = upgrade_database(url)
    assert (before, after) == (None, head_revision())
    assert upgrade_database(url) == (head_revision(), head_revision())  # idempotent
    engine = sa.create_engine(config.normalise_url(url))
    try:
        with engine.connect() as conn:
            opts = {"compare_type": True, "include_object": include_object}
            diff = compare_metadata(MigrationContext.configure(conn, opts=opts), metadata)
            assert diff == [], f"models and migrations differ: {diff}"
            if kind == "sqlite":
                triggers = conn.execute(sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).all()
            else:
                triggers = conn.execute(sa.text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).all()
            assert len(triggers) >= 8
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "base")
        with engine.connect() as conn:
            assert sa.inspect(conn).get_table_names() == ["alembic_version"]
    finally:
        engine.dispose()
    upgrade_database(url)
    open_store(url).close()


def test_outdated_schema_is_refused(fresh_database: Callable[[str], str]) -> None:
    url = fresh_database("sqlite")
    upgrade_database(url)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0000'"))
    engine.dispose()
    with pytest.raises(StoreError) as err:
        open_store(url)
    assert "avtale db upgrade" in err.value.message


# --------------------------------------------------------------------------- configuration


def test_default_database_is_sqlite_in_data_dir_with_wal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(config.DATABASE_URL_ENV, raising=False)
    monkeypatch.setenv(config.DATA_DIR_ENV, str(tmp_path / "data"))
    assert config.database_url() == f"sqlite:///{tmp_path / 'data' / 'avtaleverk.db'}"
    store = open_store()
    try:
        assert (tmp_path / "data" / "avtaleverk.db").exists()
        assert isinstance(store, SqlStore)
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.close()
    monkeypatch.setenv(config.DATABASE_URL_ENV, "memory:")
    assert type(open_store()).__name__ == "MemoryStore"


def test_urls_are_normalised_and_redacted() -> None:
    assert config.normalise_url("postgres://u:secret@db/x") == "postgresql+psycopg://u:secret@db/x"
    assert config.normalise_url("postgresql://u@db/x") == "postgresql+psycopg://u@db/x"
    assert "secret" not in config.redact("postgresql+psycopg://u:secret@db/x")
    for bad in ("mysql://u@db/x", "not a url"):
        with pytest.raises(StoreError):
            config.normalise_url(bad)


def test_unreachable_database_is_a_store_error() -> None:
    with pytest.raises(StoreError) as err:
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")
    assert "secret" not in err.value.one_line()


# --------------------------------------------------------------------------- the PDF re-renders


@pytest.mark.slow
@pytest.mark.pdf
def test_stored_agreement_re_renders_byte_identical_pdf(
    make_store: Callable[[str], Store], compose_agreement: Callable[..., Agreement]
) -> None:
    pdf_module = pytest.importorskip("engine.render.pdf")
    store = make_store("sqlite")
    agreement = compose_agreement("Ærlig Øl AS")
    pdf = pdf_module.render_pdf(agreement)
    store.add_agreement(agreement, by="kari", status="final", pdf=pdf)
    record = store.find_by_hash(agreement.content_hash)
    assert store.get_pdf(record.id) == pdf
    assert pdf_module.render_pdf(record.agreement) == pdf
