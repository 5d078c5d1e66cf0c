"""Registry use cases for the edges (CLI, app, HTTP API): everything they do with the registry.

The edges import this module, not ``engine.store``: it re-exports the store's records, statuses
and setup functions, and adds the use cases that combine several store calls.

    prepare_registry(db, clauses)   schema to head, shipped clauses loaded, demo advisor (init, serve)
    open_registry(db)               a store that is closed afterwards (one CLI command)
    find_agreement(store, key)      by document id, else by content hash (``agreements show``, verify)
    next_statuses(status)           where an agreement may move from here, in lifecycle order
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from engine.errors import ClauseEditConflict, NotFoundError
from engine.store import (
    AGREEMENT_TRANSITIONS,
    CLAUSE_TRANSITIONS,
    DATABASE_URL_ENV,
    SYSTEM_ACTOR,
    AgreementRecord,
    AgreementStatus,
    AgreementSummary,
    AuditEvent,
    ClauseImportReport,
    ClauseStatus,
    ClauseUsage,
    ClauseVersion,
    InitReport,
    Role,
    Store,
    UserRecord,
    WizardDraft,
    database_url,
    export_clause_dir,
    export_registry,
    import_clause_dir,
    initialise,
    open_store,
    published_library,
    registry_lines,
    upgrade_database,
)
from engine.store.config import project_root, redact
from engine.store.lifecycle import agreement_status

__all__ = [
    "AGREEMENT_TRANSITIONS",
    "CLAUSE_TRANSITIONS",
    "DATABASE_URL_ENV",
    "SYSTEM_ACTOR",
    "AgreementRecord",
    "AgreementStatus",
    "AgreementSummary",
    "AuditEvent",
    "ClauseEditConflict",
    "ClauseImportReport",
    "ClauseStatus",
    "ClauseUsage",
    "ClauseVersion",
    "InitReport",
    "PreparedRegistry",
    "Role",
    "Store",
    "UserRecord",
    "WizardDraft",
    "database_url",
    "export_clause_dir",
    "export_registry",
    "find_agreement",
    "import_clause_dir",
    "initialise",
    "next_statuses",
    "open_registry",
    "open_store",
    "prepare_registry",
    "project_root",
    "published_library",
    "redact",
    "registry_lines",
    "upgrade_database",
]

_HASH_LENGTH = 64


@contextmanager
def open_registry(database: str | None = None) -> Iterator[Store]:
    """The registry at ``database`` (default: ``AVTALEVERK_DATABASE_URL``, else the SQLite file), closed after."""
    store = open_store(database)
    try:
        yield store
    finally:
        store.close()


class PreparedRegistry(InitReport):
    """What :func:`prepare_registry` did: :class:`InitReport` plus the schema revisions."""

    schema_before: str | None
    schema_after: str


def prepare_registry(database: str | None, clauses_dir: Path | None, *, demo_user: bool = True) -> PreparedRegistry:
    """First start and every later start: schema to head, the shipped clauses, the demo advisor.

    Into an empty library the shipped clauses are published (once, audit event ``library.bootstrap``);
    later, new shipped versions become drafts for review. ``demo_password`` is set only on the run that
    created the demo user; show it once.
    """
    before, after = upgrade_database(database)
    with open_registry(database) as store:
        report = initialise(store, clauses_dir, demo_user=demo_user)
    return PreparedRegistry(**dict(report), schema_before=before, schema_after=after)


def find_agreement(store: Store, key: str, *, with_pdf: bool = False) -> AgreementRecord:
    """The agreement with document id ``key``, else (for 64 hex digits) with that content hash."""
    try:
        return store.get_agreement(key, with_pdf=with_pdf)
    except NotFoundError:
        if len(key.strip()) != _HASH_LENGTH:
            raise
    record = store.find_by_hash(key)
    return store.get_agreement(record.id, with_pdf=True) if with_pdf else record


def next_statuses(status: AgreementStatus | str) -> list[AgreementStatus]:
    """The statuses an agreement in ``status`` may move to, in lifecycle order (empty at the end)."""
    order = list(AgreementStatus)
    return sorted(AGREEMENT_TRANSITIONS[agreement_status(status)], key=order.index)
