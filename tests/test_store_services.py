"""The registry use cases the edges call (``engine.services.registry``)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from engine.core.agreement import Agreement
from engine.errors import NotFoundError, StoreError
from engine.services import registry
from engine.store import AgreementStatus, Store

if TYPE_CHECKING:
    from tests.store_fixtures import RegistryFiles

pytest_plugins = ["tests.store_fixtures"]

PDF = b"%PDF-1.7 kept"


@pytest.mark.slow
def test_prepare_registry_creates_schema_loads_clauses_once_and_shows_the_password_once(
    tmp_path: Path, registry_files: RegistryFiles
) -> None:
    folder = tmp_path / "clauses"
    folder.mkdir()
    for name, text in registry_files.clauses.items():
        (folder / name).write_text(text, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'data' / 'registry.db'}"
    first = registry.prepare_registry(url, folder)
    assert first.schema_before is None and first.schema_after == registry.upgrade_database(url)[1]
    assert first.clauses.status is registry.ClauseStatus.published and len(first.clauses.created) == 2
    assert first.demo_password and first.demo_password not in repr(first)
    again = registry.prepare_registry(url, folder)
    assert (again.schema_before, again.demo_password, again.clauses.created) == (first.schema_after, None, ())
    with registry.open_registry(url) as store:
        assert store.authenticate("demo", first.demo_password).role is registry.Role.advisor


def test_find_agreement_by_id_or_content_hash(store: Store, compose_agreement: Callable[..., Agreement]) -> None:
    agreement = compose_agreement()
    aid = store.add_agreement(agreement, by="kari", status="final", pdf=PDF).id
    assert registry.find_agreement(store, aid).id == aid
    by_hash = registry.find_agreement(store, agreement.content_hash.upper(), with_pdf=True)
    assert (by_hash.id, by_hash.pdf) == (aid, PDF)
    assert registry.find_agreement(store, agreement.content_hash).pdf is None
    for missing in ("AV-NOPE", "0" * 64):
        with pytest.raises(NotFoundError):
            registry.find_agreement(store, missing)


def test_next_statuses_follow_the_lifecycle() -> None:
    assert registry.next_statuses("draft") == [AgreementStatus.final]
    assert registry.next_statuses(AgreementStatus.final) == [AgreementStatus.signed, AgreementStatus.terminated]
    assert registry.next_statuses("terminated") == []
    with pytest.raises(StoreError) as err:
        registry.next_statuses("archived")
    assert err.value.code == "store.invalid"


def _export_order(name: str) -> tuple[int, str]:
    """Constants, then classes, then functions (the order of ``engine.store.__all__``)."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_the_edges_find_every_store_name_they_use_here() -> None:
    import engine.store

    for name in registry.__all__:
        assert hasattr(registry, name), name
    assert registry.__all__ == sorted(registry.__all__, key=_export_order)
    assert engine.store.__all__ == sorted(engine.store.__all__, key=_export_order)
    assert set(engine.store.__all__) <= {n for n in dir(engine.store) if not n.startswith("_")}
    assert registry.ClauseEditConflict is engine.store.ClauseEditConflict


@pytest.mark.slow
def test_no_database_library_is_loaded_until_a_sql_registry_is_opened() -> None:
    """Why engine.store opens SQL lazily: `avtale compose` and `avtale check` never pay for SQLAlchemy."""
    code = (
        "import sys, engine.cli, engine.services.registry as r\n"
        "heavy = ('sqlalchemy', 'sqlmodel', 'alembic')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "r.open_store('memory:').close()\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "r.open_store('sqlite://').close()\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "[]", "['alembic', 'sqlalchemy', 'sqlmodel']"]
