"""Store fixtures: a throw-away PostgreSQL cluster, migrated templates, ``make_store(kind)``, agreements.

Loaded as a plugin (``pytest_plugins = ["tests.store_fixtures"]``). PostgreSQL comes from
``AVTALEVERK_TEST_POSTGRES_URL`` (a server where the user may CREATE DATABASE) or, if unset, from a
cluster this module starts in a temporary folder. Without PostgreSQL binaries the postgres tests
skip — unless ``CI=true`` or ``AVTALEVERK_REQUIRE_POSTGRES=1``, where they fail.

Each SQL test gets a fresh database copied from a template migrated once per session (a file copy
for SQLite, ``CREATE DATABASE … TEMPLATE`` for PostgreSQL), so tests are isolated and fast.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from sqlalchemy.engine import make_url

from engine.core.agreement import Agreement
from engine.store import MemoryStore, Role, Store
from engine.store.config import normalise_url
from engine.store.testing import PostgresUnavailable, TempPostgres

STORE_KINDS = ["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
SQL_KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]

# --------------------------------------------------------------------------- a tiny clause library

MINI_TYPE = """\
id: mini
version: 1.0.0
title: {nb: Miniavtale, en: Mini agreement}
description: {nb: En liten avtale for tester av registeret., en: A small agreement for registry tests.}
languages: [nb, en]
groups:
  - id: parter
    title: {nb: Partene, en: The parties}
questions:
  - id: provider
    type: party
    group: parter
    label: {nb: Dataleverandør, en: Provider}
    help: {nb: Den som deler dataene., en: The one who shares the data.}
  - id: recipient
    type: party
    group: parter
    label: {nb: Mottaker, en: Recipient}
    help: {nb: Den som får dataene., en: The one who receives the data.}
  - id: term_months
    type: integer
    group: parter
    label: {nb: Varighet i måneder, en: Term in months}
    help: {nb: Hvor lenge avtalen gjelder., en: How long the agreement lasts.}
    default: 12
    minimum: 1
outline:
  - id: parter
    title: {nb: Partene, en: The parties}
    clauses: [mini_parties, mini_term]
"""
MINI_CLAUSES = {
    "mini_parties.yaml": """\
id: mini_parties
version: 1.0.0
title: {nb: Partene, en: The parties}
parameters: [provider, recipient]
body:
  nb: Avtalen er inngått mellom **{{ provider.name }}** og **{{ recipient.name }}**.
  en: The agreement is made between **{{ provider.name }}** and **{{ recipient.name }}**.
""",
    "mini_term.yaml": """\
# Varighet: kommentarer og formatering skal overleve eksport byte for byte.
id: mini_term
version: 1.0.0
title: {nb: Varighet, en: Term}
parameters: [term_months]
body:
  nb: Avtalen gjelder i {{ term_months }} måneder.
  en: The agreement lasts {{ term_months }} months.
""",
}

ORGNRS = ("964330123", "935308291", "974760673", "921605900")
_counter = itertools.count(1)


def registry_library(clauses: dict[str, str] | None = None) -> Any:
    from engine.core.library import Library

    return Library.from_sources({"mini.yaml": MINI_TYPE}, clauses or MINI_CLAUSES)


def make_agreement(
    provider: str = "Fjordby kommune",
    recipient: str = "Sensorlab AS",
    *,
    term_months: int | None = None,
    lang: str = "nb",
    library: Any = None,
) -> Agreement:
    """A really composed agreement (mini library); each call differs, so ids and hashes are unique."""
    from engine.core.compose import compose

    n = next(_counter)
    answers = {
        "provider": {"name": provider, "orgnr": ORGNRS[n % 2]},
        "recipient": {"name": recipient, "orgnr": ORGNRS[2 + n % 2]},
        "term_months": term_months or n,
    }
    created = dt.datetime(2026, 3, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=n)
    return compose("mini", answers, lang, library=library or registry_library(), created_at=created)


class RegistryFiles(NamedTuple):
    """The tiny library as file texts: ``type_text`` (agreements/mini.yaml) and ``clauses``."""

    type_text: str
    clauses: dict[str, str]


@pytest.fixture
def compose_agreement() -> Callable[..., Agreement]:
    """``compose_agreement(provider=..., recipient=..., *, term_months, lang, library)``: see make_agreement."""
    return make_agreement


@pytest.fixture
def registry_files() -> RegistryFiles:
    return RegistryFiles(MINI_TYPE, dict(MINI_CLAUSES))


# --------------------------------------------------------------------------- PostgreSQL


def _postgres_required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("AVTALEVERK_REQUIRE_POSTGRES") == "1"


class _PgServer:
    """A PostgreSQL server we may create databases on: an external one, or a TempPostgres."""

    def __init__(self, admin_url: str, cluster: TempPostgres | None) -> None:
        self.admin_url = admin_url
        self.cluster = cluster

    def url(self, database: str) -> str:
        return make_url(self.admin_url).set(database=database).render_as_string(hide_password=False)

    def _admin(self, sql: str) -> None:
        import psycopg

        url = make_url(self.admin_url)
        params = {
            "host": url.host or "127.0.0.1",
            "port": url.port or 5432,
            "user": url.username,
            "password": url.password,
            "dbname": url.database or "postgres",
        }
        with psycopg.connect(**{k: v for k, v in params.items() if v is not None}, autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create_database(self, name: str, template: str | None = None) -> str:
        clause = f" TEMPLATE {template}" if template else ""
        if template and self.cluster is not None:  # our own PostgreSQL 15: copying files is fastest
            clause += " STRATEGY FILE_COPY"
        self._admin(f'CREATE DATABASE "{name}"{clause}')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_server() -> Iterator[_PgServer]:
    external = os.environ.get("AVTALEVERK_TEST_POSTGRES_URL")
    if external:
        yield _PgServer(normalise_url(external), None)
        return
    try:
        cluster = TempPostgres()
    except PostgresUnavailable as exc:
        if _postgres_required():
            pytest.fail(f"PostgreSQL is required here (CI / AVTALEVERK_REQUIRE_POSTGRES): {exc}")
        pytest.skip(str(exc))
    cluster.start()
    try:
        yield _PgServer(cluster.admin_url, cluster)
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_server: _PgServer) -> Iterator[str]:
    """A migrated database that each test's database is copied from."""
    from engine.store import upgrade_database

    name = f"avtaleverk_tpl_{uuid.uuid4().hex[:8]}"
    url = pg_server.create_database(name)
    upgrade_database(url)
    yield name
    pg_server.drop_database(name)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from engine.store import upgrade_database

    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    upgrade_database(f"sqlite:///{path}")
    return path


# --------------------------------------------------------------------------- stores


@pytest.fixture
def fresh_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """``fresh_database(kind)`` → URL of a new, *empty* database (for migration tests)."""
    drops: list[tuple[_PgServer, str]] = []

    def make(kind: str) -> str:
        if kind == "sqlite":
            return f"sqlite:///{tmp_path / f'empty-{uuid.uuid4().hex[:6]}.db'}"
        server: _PgServer = request.getfixturevalue("pg_server")
        name = f"avtaleverk_empty_{uuid.uuid4().hex[:8]}"
        drops.append((server, name))
        return server.create_database(name)

    yield make
    for server, name in drops:
        server.drop_database(name)


@pytest.fixture
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[..., Store]]:
    """``make_store(kind)``: a new, migrated, empty store of that kind, closed after the test."""
    opened: list[Store] = []
    drops: list[tuple[_PgServer, str]] = []

    def make(kind: str) -> Store:
        from engine.store import open_store

        if kind == "memory":
            store: Store = MemoryStore()
        elif kind == "sqlite":
            template: Path = request.getfixturevalue("sqlite_template")
            path = tmp_path / f"store-{uuid.uuid4().hex[:6]}.db"
            shutil.copyfile(template, path)
            store = open_store(f"sqlite:///{path}")
        elif kind == "postgres":
            server: _PgServer = request.getfixturevalue("pg_server")
            tpl: str = request.getfixturevalue("pg_template")
            name = f"avtaleverk_t_{uuid.uuid4().hex[:10]}"
            drops.append((server, name))
            store = open_store(server.create_database(name, template=tpl))
        else:  # pragma: no cover
            raise ValueError(kind)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()
    for server, name in drops:
        server.drop_database(name)


@pytest.fixture(params=STORE_KINDS)
def store(request: pytest.FixtureRequest, make_store: Callable[[str], Store]) -> Store:
    """Every store kind: memory, SQLite, PostgreSQL (store-level behaviour)."""
    return make_store(request.param)


@pytest.fixture(params=SQL_KINDS)
def sql_store(request: pytest.FixtureRequest, make_store: Callable[[str], Store]) -> Store:
    """The SQL stores only (database-level behaviour: triggers, migrations, transactions)."""
    return make_store(request.param)


@pytest.fixture
def advisors(store: Store) -> tuple[str, str]:
    """Two advisors (``anne``, ``bjorn``) in ``store``."""
    store.add_user("anne", "Anne Advokat", Role.advisor, "anne-passord-1")
    store.add_user("bjorn", "Bjørn Jurist", Role.advisor, "bjorn-passord-1")
    return "anne", "bjorn"
