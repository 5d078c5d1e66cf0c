"""The registry: agreements and their lifecycle, wizard drafts, clause versions, users, audit.

``open_store()`` gives a :class:`Store` for ``AVTALEVERK_DATABASE_URL`` (default: a SQLite file
in the data directory), ``open_store("memory:")`` the in-memory one. The engine talks to the
store only through the protocols in :mod:`engine.store.base`; SQLAlchemy stays in ``sql.py``.
"""

from __future__ import annotations

from engine.store.base import (
    AGREEMENT_TRANSITIONS,
    CLAUSE_TRANSITIONS,
    DEFAULT_DRAFT_TTL,
    SYSTEM_ACTOR,
    AgreementRecord,
    AgreementRepository,
    AgreementStatus,
    AgreementSummary,
    AuditEvent,
    AuditLog,
    ClauseEditConflict,
    ClauseImportReport,
    ClauseRepository,
    ClauseStatus,
    ClauseUsage,
    ClauseVersion,
    DraftRepository,
    Role,
    Store,
    UserRecord,
    UserRepository,
    WizardDraft,
)
from engine.store.config import DATA_DIR_ENV, DATABASE_URL_ENV, MEMORY_URL, data_dir, database_url
from engine.store.memory import MemoryStore
from engine.store.service import (
    InitReport,
    export_clause_dir,
    export_registry,
    import_clause_dir,
    initialise,
    published_library,
)

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
    "ClauseEditConflict",
    "ClauseImportReport",
    "ClauseRepository",
    "ClauseStatus",
    "ClauseUsage",
    "ClauseVersion",
    "DraftRepository",
    "InitReport",
    "MemoryStore",
    "Role",
    "Store",
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
    from engine.store.sql import SqlStore

    return SqlStore(resolved, create=create)


def upgrade_database(url: str | None = None, revision: str = "head") -> tuple[str | None, str]:
    """Run the Alembic migrations (``avtale db upgrade``); returns ``(revision before, after)``."""
    from sqlalchemy.exc import SQLAlchemyError

    from engine.store import migrate
    from engine.store.sql import make_engine, translate_error

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
