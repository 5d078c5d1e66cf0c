"""What the CLI and the app do with a store: first-run setup, clause folders in and out, backups.

These functions work on any :class:`~engine.store.protocols.Store` (memory or SQL). File writes go
through a temporary file and a rename, so an interrupted export never leaves half a file. The
edges reach them through :mod:`engine.services.registry`.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from engine.core.library import Library
from engine.errors import ConflictError, StoreError
from engine.store import codec, passwords
from engine.store.clausefiles import latest_published, read_clause_dir, write_clause_dir
from engine.store.protocols import Store
from engine.store.records import (
    SYSTEM_ACTOR,
    AgreementRecord,
    ClauseImportReport,
    ClauseStatus,
    ClauseVersion,
    Role,
)

__all__ = [
    "DEMO_USERNAME",
    "InitReport",
    "export_clause_dir",
    "export_registry",
    "import_clause_dir",
    "initialise",
    "published_library",
    "read_clause_dir",
    "registry_line",
    "registry_lines",
]

DEMO_USERNAME = "demo"


class InitReport(BaseModel):
    """What ``avtale init`` did. ``demo_password`` is set only on the run that created the demo user.

    ``clauses.status`` says what the new clause versions became: ``published`` on the first load
    into an empty library, ``draft`` (for review) on every later load.
    """

    model_config = ConfigDict(frozen=True)

    database: str
    clauses: ClauseImportReport
    demo_password: str | None = Field(default=None, repr=False)


def _locate(exc: StoreError, directory: Path) -> None:
    for err in [exc, *exc.problems]:
        if err.source is not None and not err.source.is_absolute():
            err.source = directory / err.source


def import_clause_dir(store: Store, directory: Path, *, by: str, publish: bool = False) -> ClauseImportReport:
    """Load a folder of clause files as new draft versions by ``by`` (review still needed).

    Unchanged files do nothing; a changed file that keeps its version is refused (bump the version).
    All files load in one transaction, or none do. ``publish=True`` is the bootstrap rule of
    :meth:`~engine.store.protocols.ClauseRepository.import_clause_sources`.
    """
    sources = read_clause_dir(directory)
    try:
        return store.import_clause_sources(sources, by=by, publish=publish)
    except StoreError as exc:
        _locate(exc, Path(directory))
        raise


def _newest_versions(store: Store, include_drafts: bool) -> list[ClauseVersion]:
    if not include_drafts:
        return list(latest_published(store.list_clause_versions(status=ClauseStatus.published)).values())
    out: dict[str, ClauseVersion] = {}
    for cv in store.list_clause_versions():  # sorted by id, then version
        if cv.status is not ClauseStatus.retired:
            out[cv.clause_id] = cv
    return list(out.values())


def export_clause_dir(store: Store, directory: Path, *, include_drafts: bool = False) -> list[Path]:
    """Write the library as ``<id>.yaml`` files, byte-identical to what was loaded.

    By default the latest published version of each clause; ``include_drafts`` writes the newest
    version in any state except retired (for reviewing work in progress in git).
    """
    return write_clause_dir(_newest_versions(store, include_drafts), Path(directory))


def published_library(store: Store, agreements_dir: Path) -> Library:
    """The :class:`~engine.core.library.Library` that composition uses: agreement types from files,
    clauses in their latest published version from the registry."""
    types = {p.name: p.read_bytes().decode("utf-8") for p in sorted(Path(agreements_dir).glob("*.yaml"))}
    return Library.from_sources(types, store.published_clause_sources())


def _load_shipped(store: Store, clauses_dir: Path) -> ClauseImportReport:
    sources = read_clause_dir(clauses_dir)
    try:
        return store.load_shipped_clauses(sources)
    except StoreError as exc:
        _locate(exc, Path(clauses_dir))
        raise


def initialise(store: Store, clauses_dir: Path | None, *, demo_user: bool = True) -> InitReport:
    """First run (and every later run, idempotently): load the shipped clauses and, when the registry
    has no users yet, create the ``demo`` advisor with a random password.

    Into an empty library the shipped clauses are published without review, once (audit event
    ``library.bootstrap``); later runs add new shipped versions as drafts for the advisors. The
    password is returned once, in the report, for the caller to show; it is not logged or stored.
    """
    report = ClauseImportReport()
    if clauses_dir is not None:
        report = _load_shipped(store, clauses_dir)
    password = None
    if demo_user and not store.list_users():
        candidate = passwords.new_password()
        try:
            store.add_user(DEMO_USERNAME, "Demo advisor", Role.advisor, candidate, by=SYSTEM_ACTOR)
        except ConflictError:  # another instance created it a moment ago
            pass
        else:
            password = candidate
    return InitReport(database=store.url, clauses=report, demo_password=password)


# --------------------------------------------------------------------------- backup


def registry_line(record: AgreementRecord) -> dict[str, JsonValue]:
    """One agreement as a JSON object for the backup (PDF base64-encoded)."""
    out: dict[str, JsonValue] = record.model_dump(mode="json", exclude={"pdf", "agreement", "has_pdf"})
    out["agreement"] = record.agreement.model_dump(mode="json")
    out["pdf_base64"] = base64.b64encode(record.pdf).decode("ascii") if record.pdf is not None else None
    return out


def registry_lines(store: Store, *, with_pdf: bool = True) -> Iterator[str]:
    """The backup as JSON Lines, one agreement per line, oldest first (streamed)."""
    for record in store.iter_agreements(with_pdf=with_pdf):
        yield codec.dumps(registry_line(record)) + "\n"


def export_registry(store: Store, out: IO[str], *, with_pdf: bool = True) -> int:
    """Write every agreement as one JSON line; returns the count."""
    n = 0
    for line in registry_lines(store, with_pdf=with_pdf):
        out.write(line)
        n += 1
    return n
