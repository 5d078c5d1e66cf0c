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

This package is a facade, and the one place in the store that imports lazily: ``engine.store.sql`` (the
SQL backend, which loads SQLAlchemy, SQLModel and Alembic) is imported inside :func:`open_store`,
:func:`upgrade_database` and ``__getattr__`` (for ``SqlStore``), so that importing ``engine.store`` —
and every edge that imports ``engine.services.registry`` — costs no database library until a SQL
registry is opened. ``avtale compose`` and ``avtale check`` never load SQLAlchemy. This is the second
of the two named lazy edges in ``tests/test_layers.py`` (the first: ``engine.odrl`` → ``engine.rdf``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.errors import ClauseEditConflict
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

if TYPE_CHECKING:
    from engine.store.sql import SqlStore

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


def __getattr__(name: str) -> object:
    if name == "SqlStore":  # the SQL backend loads SQLAlchemy: only when it is asked for
        from engine.store.sql import SqlStore

        return SqlStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
    from engine.store.sql import upgrade

    return upgrade(database_url(url), revision)
