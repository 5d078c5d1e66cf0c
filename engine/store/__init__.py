"""The registry: agreements and their lifecycle, wizard drafts, clause versions, users, audit.

``open_store()`` gives a :class:`Store` for ``AVTALEVERK_DATABASE_URL`` (default: a SQLite file
in the data directory), ``open_store("memory:")`` the in-memory one. Every store is a
:class:`Registry` (the rules, written once) over a backend (``memory.py``, ``sql.py``);
SQLAlchemy stays in ``sql.py``, ``sqlrows.py``, ``tables.py`` and the migrations.

    records.py    statuses, roles, the frozen records        protocols.py  Store and its parts
    lifecycle.py  status moves, four eyes, bootstrap rule     backend.py    the backend seam
    codec.py      JSON payloads, hashes, tokens, search       registry.py   Registry (+ clauseflow.py,
    clausefiles.py / importplan.py  clause files in and out                 transactions.py)
    service.py    init, clause folders, published library, backup
"""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from engine.errors import ClauseEditConflict
from engine.store import migrate
from engine.store.backend import Backend, Transaction
from engine.store.config import DATA_DIR_ENV, DATABASE_URL_ENV, MEMORY_URL, data_dir, database_url
from engine.store.lifecycle import AGREEMENT_TRANSITIONS, CLAUSE_TRANSITIONS
from engine.store.memory import MemoryBackend, MemoryStore
from engine.store.protocols import (
    AgreementRepository,
    AuditLog,
    ClauseRepository,
    DraftRepository,
    Store,
    UserRepository,
)
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
from engine.store.registry import Registry
from engine.store.service import (
    InitReport,
    export_clause_dir,
    export_registry,
    import_clause_dir,
    initialise,
    published_library,
    registry_lines,
)
from engine.store.sql import SqlStore, make_engine, translate_error

__all__ = [
    "AGREEMENT_TRANSITIONS",
    "CLAUSE_TRANSITIONS",
    "DATABASE_URL_ENV",
    "DATA_DIR_ENV",
    "DEFAULT_DRAFT_TTL",
    "MEMORY_URL",
    "SYSTEM_ACTOR",
    "AgreementRecord",
    "AgreementRepository",
    "AgreementStatus",
    "AgreementSummary",
    "AuditEvent",
    "AuditLog",
    "Backend",
    "ClauseEditConflict",
    "ClauseImportReport",
    "ClauseRepository",
    "ClauseStatus",
    "ClauseUsage",
    "ClauseVersion",
    "DraftRepository",
    "InitReport",
    "MemoryBackend",
    "MemoryStore",
    "Registry",
    "Role",
    "SqlStore",
    "Store",
    "Transaction",
    "UserRecord",
    "UserRepository",
    "WizardDraft",
    "data_dir",
    "database_url",
    "export_clause_dir",
    "export_registry",
    "import_clause_dir",
    "initialise",
    "open_store",
    "published_library",
    "registry_lines",
    "upgrade_database",
]


def open_store(url: str | None = None, *, create: bool = True) -> Store:
    """Open the registry at ``url`` (default: ``AVTALEVERK_DATABASE_URL``, else the SQLite default).

    An empty database gets the schema on first open (``create``); a database at an older schema
    revision is refused with a message to run ``avtale db upgrade``.
    """
    resolved = database_url(url)
    if resolved == MEMORY_URL:
        return MemoryStore()
    return SqlStore(resolved, create=create)


def upgrade_database(url: str | None = None, revision: str = "head") -> tuple[str | None, str]:
    """Run the Alembic migrations (``avtale db upgrade``); returns ``(revision before, after)``."""
    resolved = database_url(url)
    if resolved == MEMORY_URL:
        return None, migrate.head_revision()
    engine = make_engine(resolved)
    try:
        return migrate.upgrade(engine, revision)
    except SQLAlchemyError as exc:
        raise translate_error(exc) from exc
    finally:
        engine.dispose()
