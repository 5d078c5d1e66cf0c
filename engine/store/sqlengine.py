"""SQLAlchemy engines for the registry, and the one translation of database errors.

SQLite gets WAL, foreign keys, a busy timeout, a larger page cache and ``BEGIN IMMEDIATE`` for
writers; PostgreSQL a pre-ping pool. :func:`translate_error` turns every SQLAlchemy error into an
engine error; the guard triggers (messages ``avtaleverk.immutable: …``) become ``ImmutableError``.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

from engine.errors import ConflictError, ImmutableError, StoreError

__all__ = ["SQLITE_CACHE_KIB", "WRITE_OPTION", "make_engine", "translate_error"]

#: Execution option that makes a SQLite transaction start with ``BEGIN IMMEDIATE``.
WRITE_OPTION = "avtaleverk_write"
#: Page cache per SQLite connection (the default is 2 MiB).
SQLITE_CACHE_KIB = 32 * 1024
_IMMUTABLE = "avtaleverk.immutable"


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
    def _on_connect(dbapi_connection: sa.engine.interfaces.DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None  # we say BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        # 32 MiB of page cache per connection (default 2 MiB): index probes of the guard triggers and
        # newest-first pages stay in memory for registries of 100,000 agreements.
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front, so two writers queue instead of deadlocking.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "BEGIN")

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
