"""Store contract, clause library: review, four eyes, locking, loading files, the bootstrap (all stores)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from engine.core.agreement import Agreement
from engine.errors import ConflictError, ImmutableError, PermissionDeniedError, StoreError
from engine.store import (
    SYSTEM_ACTOR,
    ClauseEditConflict,
    ClauseStatus,
    Role,
    Store,
    export_clause_dir,
    import_clause_dir,
    initialise,
    published_library,
)

if TYPE_CHECKING:
    from tests.store_fixtures import RegistryFiles

pytest_plugins = ["tests.store_fixtures"]

# --------------------------------------------------------------------------- clause versions


def _v(text: str, version: str, marker: str = "") -> str:
    return text.replace("version: 1.0.0", f"version: {version}").replace("måneder.", f"måneder.{marker}")


def test_four_eyes_publishing(store: Store, advisors: tuple[str, str], registry_files: RegistryFiles) -> None:
    anne, bjorn = advisors
    cv = store.create_clause_version(_v(registry_files.clauses["mini_term.yaml"], "1.1.0"), by=anne, change_note="ny")
    assert (cv.status, cv.lock_version, cv.author) == (ClauseStatus.draft, 1, anne)
    with pytest.raises(ImmutableError):
        store.approve_clause("mini_term", "1.1.0", by=bjorn)  # not in review yet
    cv = store.submit_clause("mini_term", "1.1.0", by=anne, expected_lock_version=1)
    assert cv.status is ClauseStatus.review
    with pytest.raises(PermissionDeniedError):
        store.approve_clause("mini_term", "1.1.0", by=anne)
    with pytest.raises(PermissionDeniedError):
        store.approve_clause("mini_term", "1.1.0", by="nobody")
    published = store.approve_clause("mini_term", "1.1.0", by=bjorn, note="Klarere frist for sletting")
    assert (published.status, published.reviewer) == (ClauseStatus.published, bjorn)
    assert published.change_note == "Klarere frist for sletting"
    assert published.published_at is not None
    actions = [(e.actor, e.action) for e in store.audit_events(subject_id="mini_term@1.1.0")]
    assert actions == [(anne, "clause.create"), (anne, "clause.submit"), (bjorn, "clause.publish")]


def test_an_editor_cannot_approve_either(
    store: Store, advisors: tuple[str, str], registry_files: RegistryFiles
) -> None:
    anne, bjorn = advisors
    store.add_user("cecilie", "Cecilie", Role.admin, "cecilie-passord")
    text = _v(registry_files.clauses["mini_term.yaml"], "2.0.0")
    store.create_clause_version(text, by=anne)
    cv = store.save_clause_draft("mini_term", "2.0.0", text + "# bjørn\n", by=bjorn, expected_lock_version=1)
    assert cv.editors == (anne, bjorn) and cv.updated_by == bjorn
    store.submit_clause("mini_term", "2.0.0", by=bjorn, expected_lock_version=cv.lock_version)
    store.send_back_clause("mini_term", "2.0.0", by="cecilie", note="rett skrivefeil")
    back = store.get_clause_version("mini_term", "2.0.0")
    assert back.status is ClauseStatus.draft
    store.submit_clause("mini_term", "2.0.0", by=anne, expected_lock_version=back.lock_version)
    for own in (anne, bjorn):
        with pytest.raises(PermissionDeniedError):
            store.approve_clause("mini_term", "2.0.0", by=own)
    store.disable_user("cecilie", by="admin")
    with pytest.raises(PermissionDeniedError):
        store.approve_clause("mini_term", "2.0.0", by="cecilie")


def test_optimistic_locking_conflict(store: Store, advisors: tuple[str, str], registry_files: RegistryFiles) -> None:
    anne, bjorn = advisors
    text = _v(registry_files.clauses["mini_term.yaml"], "1.1.0")
    loaded = store.create_clause_version(text, by=anne)
    anne_text, bjorn_text = _v(text, "1.1.0", " Anne."), _v(text, "1.1.0", " Bjørn.")
    saved = store.save_clause_draft("mini_term", "1.1.0", anne_text, by=anne, expected_lock_version=loaded.lock_version)
    assert saved.lock_version == loaded.lock_version + 1
    with pytest.raises(ClauseEditConflict) as err:
        store.save_clause_draft("mini_term", "1.1.0", bjorn_text, by=bjorn, expected_lock_version=loaded.lock_version)
    assert isinstance(err.value, ConflictError) and err.value.code == "store.conflict"
    assert err.value.current.source == anne_text and err.value.current.updated_by == anne
    assert store.get_clause_version("mini_term", "1.1.0").source == anne_text  # nothing overwritten
    merged = store.save_clause_draft(
        "mini_term", "1.1.0", bjorn_text, by=bjorn, expected_lock_version=err.value.current.lock_version
    )
    assert merged.source == bjorn_text
    with pytest.raises(ClauseEditConflict):
        store.submit_clause("mini_term", "1.1.0", by=anne, expected_lock_version=saved.lock_version)


def test_published_clause_versions_never_change(
    store: Store, advisors: tuple[str, str], registry_files: RegistryFiles
) -> None:
    anne, bjorn = advisors
    initialise(store, None, demo_user=False)
    store.import_clause_sources(registry_files.clauses, by="avtaleverk", publish=True)
    cv = store.get_clause_version("mini_term", "1.0.0")
    assert cv.status is ClauseStatus.published
    with pytest.raises(ImmutableError):
        store.save_clause_draft("mini_term", "1.0.0", cv.source + "#", by=anne, expected_lock_version=cv.lock_version)
    with pytest.raises(ConflictError):
        store.create_clause_version(cv.source, by=anne)  # same id + version: bump it
    retired = store.retire_clause("mini_term", "1.0.0", by=bjorn)
    assert retired.status is ClauseStatus.retired
    with pytest.raises(ImmutableError):
        store.approve_clause("mini_term", "1.0.0", by=bjorn)
    with pytest.raises(StoreError) as err:
        store.list_clause_versions(status="approved")
    assert err.value.code == "store.invalid"


def test_composition_uses_latest_published_and_agreements_keep_theirs(
    store: Store,
    advisors: tuple[str, str],
    tmp_path: Path,
    compose_agreement: Callable[..., Agreement],
    registry_files: RegistryFiles,
) -> None:
    anne, bjorn = advisors
    store.import_clause_sources(registry_files.clauses, by="avtaleverk", publish=True)
    (tmp_path / "mini.yaml").write_text(registry_files.type_text, encoding="utf-8")
    old = compose_agreement(library=published_library(store, tmp_path))
    store.add_agreement(old, by="kari", status="final")

    new_text = _v(registry_files.clauses["mini_term.yaml"], "1.1.0", " Den kan forlenges.")
    store.create_clause_version(new_text, by=anne)
    store.submit_clause("mini_term", "1.1.0", by=anne, expected_lock_version=1)
    store.create_clause_version(_v(registry_files.clauses["mini_term.yaml"], "1.2.0", " Utkast."), by=anne)  # a draft
    assert store.published_clause_sources()["mini_term.yaml"] == registry_files.clauses["mini_term.yaml"]
    store.approve_clause("mini_term", "1.1.0", by=bjorn)
    assert store.published_clause_sources()["mini_term.yaml"] == new_text

    new = compose_agreement(library=published_library(store, tmp_path))
    assert new.clause("mini_term").version == "1.1.0" and "forlenges" in new.clause("mini_term").html
    store.add_agreement(new, by="kari")
    kept = store.get_agreement(old.metadata.document_id).agreement
    assert kept.clause("mini_term").version == "1.0.0" and "forlenges" not in kept.clause("mini_term").html
    usage = {(u.agreement_id, u.clause_version) for u in store.clause_versions_used_by("mini_term")}
    assert usage == {(old.metadata.document_id, "1.0.0"), (new.metadata.document_id, "1.1.0")}


def test_clause_files_round_trip_byte_identical(
    make_store: object, tmp_path: Path, store: Store, registry_files: RegistryFiles
) -> None:
    source = tmp_path / "clauses"
    source.mkdir()
    files = {**registry_files.clauses, "windows.yaml": "id: windows\r\nversion: 1.0.0\r\ntitle: {nb: Æ}\r\n\r\n"}
    for name, text in files.items():
        (source / name).write_bytes(text.encode("utf-8"))
    report = initialise(store, source, demo_user=False)
    assert sorted(report.clauses.created) == ["mini_parties@1.0.0", "mini_term@1.0.0", "windows@1.0.0"]

    exported = tmp_path / "export"
    export_clause_dir(store, exported)
    assert {p.name: p.read_bytes() for p in exported.iterdir()} == {n: t.encode("utf-8") for n, t in files.items()}
    second = initialise(store, exported, demo_user=False)
    assert second.clauses.created == () and len(second.clauses.unchanged) == 3

    other = make_store("memory")  # type: ignore[operator]
    initialise(other, exported, demo_user=False)
    again = tmp_path / "again"
    export_clause_dir(other, again)
    assert {p.name: p.read_bytes() for p in again.iterdir()} == {p.name: p.read_bytes() for p in exported.iterdir()}


def test_clause_import_refuses_changed_text_without_version_bump(
    store: Store, advisors: tuple[str, str], tmp_path: Path, registry_files: RegistryFiles
) -> None:
    anne, _ = advisors
    store.import_clause_sources(registry_files.clauses, by="avtaleverk", publish=True)
    folder = tmp_path / "review"
    export_clause_dir(store, folder)
    (folder / "mini_term.yaml").write_text(registry_files.clauses["mini_term.yaml"] + "# endret\n", encoding="utf-8")
    with pytest.raises(ConflictError) as err:
        import_clause_dir(store, folder, by=anne)
    assert "bump" in err.value.message and err.value.source == folder / "mini_term.yaml"
    (folder / "mini_term.yaml").write_text(
        _v(registry_files.clauses["mini_term.yaml"], "1.0.1", " Endret."), encoding="utf-8"
    )
    report = import_clause_dir(store, folder, by=anne)
    assert report.created == ("mini_term@1.0.1",) and report.unchanged == ("mini_parties@1.0.0",)
    assert store.get_clause_version("mini_term", "1.0.1").status is ClauseStatus.draft  # review still needed
    with pytest.raises(PermissionDeniedError):
        import_clause_dir(store, folder, by=anne, publish=True)
    (folder / "wrong.yaml").write_text(registry_files.clauses["mini_term.yaml"], encoding="utf-8")
    (folder / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(StoreError) as bad:
        import_clause_dir(store, folder, by=anne)
    assert len(bad.value.problems) == 2
    assert len(store.list_clause_versions("mini_term")) == 2  # nothing half-imported


# --------------------------------------------------------------------------- publishing without review


def test_shipped_library_is_published_once_into_an_empty_registry(
    store: Store, advisors: tuple[str, str], registry_files: RegistryFiles
) -> None:
    report = store.import_clause_sources(registry_files.clauses, by=SYSTEM_ACTOR, publish=True)
    assert report.status is ClauseStatus.published
    assert sorted(report.created) == ["mini_parties@1.0.0", "mini_term@1.0.0"]
    [event] = store.audit_events(subject_type="library")
    assert (event.actor, event.action, event.subject_id) == (SYSTEM_ACTOR, "library.bootstrap", "clauses")
    assert sorted(event.detail["published"]) == sorted(report.created)  # type: ignore[arg-type]

    # A second "bootstrap" — by the product's name or anyone's — publishes nothing.
    bumped = {"mini_term.yaml": _v(registry_files.clauses["mini_term.yaml"], "9.0.0", " Smuglet inn.")}
    before = store.list_clause_versions()
    for by in (SYSTEM_ACTOR, advisors[0], "mallory"):
        with pytest.raises(PermissionDeniedError) as err:
            store.import_clause_sources(bumped, by=by, publish=True)
        assert err.value.code == "store.permission"
    assert store.list_clause_versions() == before
    assert "9.0.0" not in store.published_clause_sources()["mini_term.yaml"]
    assert len(store.audit_events(subject_type="library")) == 1


def test_publish_import_by_a_person_is_refused_even_into_an_empty_registry(
    store: Store, advisors: tuple[str, str], registry_files: RegistryFiles
) -> None:
    with pytest.raises(PermissionDeniedError):
        store.import_clause_sources(registry_files.clauses, by=advisors[0], publish=True)
    assert store.list_clause_versions() == [] and store.audit_events(subject_type="clause") == []


def test_later_shipped_versions_become_drafts_for_review(
    store: Store, advisors: tuple[str, str], registry_files: RegistryFiles, tmp_path: Path
) -> None:
    anne, bjorn = advisors
    folder = tmp_path / "clauses"
    folder.mkdir()
    for name, text in registry_files.clauses.items():
        (folder / name).write_text(text, encoding="utf-8")
    first = initialise(store, folder, demo_user=False)
    assert first.clauses.status is ClauseStatus.published and len(first.clauses.created) == 2

    upgraded = _v(registry_files.clauses["mini_term.yaml"], "1.1.0", " Ny i denne utgaven.")
    (folder / "mini_term.yaml").write_text(upgraded, encoding="utf-8")
    second = initialise(store, folder, demo_user=False)
    assert second.clauses.status is ClauseStatus.draft
    assert second.clauses.created == ("mini_term@1.1.0",) and second.clauses.unchanged == ("mini_parties@1.0.0",)
    assert store.published_clause_sources()["mini_term.yaml"] == registry_files.clauses["mini_term.yaml"]

    draft = store.get_clause_version("mini_term", "1.1.0")
    assert (draft.status, draft.author) == (ClauseStatus.draft, SYSTEM_ACTOR)
    store.submit_clause("mini_term", "1.1.0", by=anne, expected_lock_version=draft.lock_version)
    store.approve_clause("mini_term", "1.1.0", by=bjorn)
    assert store.published_clause_sources()["mini_term.yaml"] == upgraded
    assert len(store.audit_events(subject_type="library")) == 1


# --------------------------------------------------------------------------- clause files


BAD_VERSIONS = ["1.0", "1", "v1.0.0", "1.0.0-rc1", "1.0.0\\n", "01.2", "1.2.3.4", "1." + "0" * 40 + ".0"]


def test_clause_versions_follow_the_library_semver_rule(
    store: Store, advisors: tuple[str, str], registry_files: RegistryFiles
) -> None:
    """The same rule as ``engine.core.library`` (semver), so what the store keeps always composes."""
    for version in BAD_VERSIONS:
        text = registry_files.clauses["mini_term.yaml"].replace("version: 1.0.0", f'version: "{version}"')
        with pytest.raises(StoreError) as err:
            store.create_clause_version(text, by=advisors[0])
        assert err.value.code == "store.invalid" and "semver" in err.value.message, version
        with pytest.raises(StoreError):
            store.import_clause_sources({"mini_term.yaml": text}, by=advisors[0])
    assert store.list_clause_versions() == []


def test_a_version_the_store_accepts_composes(
    store: Store, advisors: tuple[str, str], registry_files: RegistryFiles, tmp_path: Path
) -> None:
    anne, bjorn = advisors
    store.import_clause_sources(registry_files.clauses, by=SYSTEM_ACTOR, publish=True)
    text = _v(registry_files.clauses["mini_term.yaml"], "1.10.0", " Versjon ti.")
    store.create_clause_version(text, by=anne)
    store.submit_clause("mini_term", "1.10.0", by=anne, expected_lock_version=1)
    store.approve_clause("mini_term", "1.10.0", by=bjorn)
    (tmp_path / "mini.yaml").write_text(registry_files.type_text, encoding="utf-8")
    library = published_library(store, tmp_path)
    assert library.clauses["mini_term"].version == "1.10.0"  # 1.10.0 is newer than 1.9.0 and 1.0.0


def test_clause_id_and_version_are_read_without_expanding_aliases(store: Store, advisors: tuple[str, str]) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]"
               for i in range(1, 9)]  # fmt: skip
    bomb = "id: bomb\nversion: 1.0.0\n" + "\n".join(levels) + "\n"  # 8**9 strings if expanded
    cv = store.create_clause_version(bomb, by=advisors[0])
    assert (cv.clause_id, cv.version, cv.source) == ("bomb", "1.0.0", bomb)
