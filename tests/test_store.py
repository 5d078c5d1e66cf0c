"""Store contract: the same behaviour from the memory, SQLite and PostgreSQL stores."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from engine.core.agreement import Agreement, compute_content_hash
from engine.errors import ConflictError, ImmutableError, NotFoundError, PermissionDeniedError, StoreError
from engine.store import (
    SYSTEM_ACTOR,
    AgreementStatus,
    ClauseEditConflict,
    ClauseStatus,
    Role,
    Store,
    export_clause_dir,
    export_registry,
    import_clause_dir,
    initialise,
    published_library,
)

if TYPE_CHECKING:
    from tests.store_fixtures import RegistryFiles

pytest_plugins = ["tests.store_fixtures"]

PDF = b"%PDF-1.7\n% not a real PDF, but bytes the store must keep exactly\n\x00\xff"


# --------------------------------------------------------------------------- agreements


def test_agreement_round_trip_is_exact(store: Store, compose_agreement: Callable[..., Agreement]) -> None:
    agreement = compose_agreement()
    record = store.add_agreement(agreement, by="kari")
    got = store.get_agreement(agreement.metadata.document_id)
    assert got == record
    assert got.agreement == agreement
    assert Agreement.model_validate(agreement.model_dump(mode="json")) == got.agreement
    assert compute_content_hash(got.agreement) == got.content_hash == agreement.content_hash
    assert got.status is AgreementStatus.draft
    assert got.parties == agreement.parties and got.answers == agreement.answers
    assert [(c.id, c.version) for c in got.clauses] == [("mini_parties", "1.0.0"), ("mini_term", "1.0.0")]
    assert got.created_at.tzinfo is not None and got.created_at.utcoffset() == dt.timedelta(0)
    assert got.created_by == "kari"
    [event] = store.audit_events(subject_type="agreement", subject_id=got.id)
    assert (event.actor, event.action) == ("kari", "agreement.create")


def test_find_by_hash_reports_id_status_parties(store: Store, compose_agreement: Callable[..., Agreement]) -> None:
    agreement = compose_agreement("Ærlig Øl AS")
    store.add_agreement(agreement, by="kari", status="final", pdf=PDF)
    found = store.find_by_hash(agreement.content_hash.upper())
    assert (found.id, found.status) == (agreement.metadata.document_id, AgreementStatus.final)
    assert found.parties[0].name == "Ærlig Øl AS" and found.parties[0].orgnr
    with pytest.raises(NotFoundError):
        store.find_by_hash("0" * 64)
    with pytest.raises(StoreError) as err:
        store.find_by_hash("not-a-hash")
    assert err.value.code == "store.invalid"


def test_status_moves_forward_only_and_each_move_is_audited(
    store: Store, compose_agreement: Callable[..., Agreement]
) -> None:
    aid = store.add_agreement(compose_agreement(), by="kari").id
    with pytest.raises(ImmutableError):
        store.set_status(aid, "signed", by="kari")  # draft must become final first
    final = store.set_status(aid, AgreementStatus.final, by="kari", pdf=PDF)
    assert final.status is AgreementStatus.final and final.has_pdf
    assert store.get_pdf(aid) == PDF
    store.set_status(aid, "signed", by="ola")
    for back in ("final", "draft", "signed"):
        with pytest.raises(ImmutableError):
            store.set_status(aid, back, by="kari")
    store.set_status(aid, "terminated", by="ola")
    with pytest.raises(ImmutableError):
        store.set_status(aid, "final", by="kari")
    moves = [(e.detail["old"], e.detail["new"], e.actor) for e in store.audit_events(subject_id=aid)[1:]]
    assert moves == [("draft", "final", "kari"), ("final", "signed", "ola"), ("signed", "terminated", "ola")]
    assert store.get_pdf(aid) == PDF


def test_unknown_status_is_a_typed_error(store: Store, compose_agreement: Callable[..., Agreement]) -> None:
    aid = store.add_agreement(compose_agreement(), by="kari").id
    for bad in ("archived", "FINAL", ""):
        with pytest.raises(StoreError) as err:
            store.set_status(aid, bad, by="kari")
        assert err.value.code == "store.invalid"
    with pytest.raises(StoreError):
        store.list_agreements(status="archived")
    with pytest.raises(StoreError):
        store.add_agreement(compose_agreement(), by="kari", status="approved")
    assert store.get_agreement(aid).status is AgreementStatus.draft


@pytest.mark.parametrize("status", ["final", "signed", "terminated"])
def test_final_agreement_never_changes(store: Store, status: str, compose_agreement: Callable[..., Agreement]) -> None:
    agreement = compose_agreement()
    aid = agreement.metadata.document_id
    store.add_agreement(agreement, by="kari", status=status, pdf=PDF)
    before = store.get_agreement(aid, with_pdf=True)
    replacement = compose_agreement()
    replacement = Agreement.model_validate(
        {**replacement.model_dump(), "metadata": {**replacement.metadata.model_dump(), "document_id": aid}}
    )
    replacement = replacement.model_copy(update={"content_hash": compute_content_hash(replacement)})
    with pytest.raises(ImmutableError):
        store.replace_agreement(aid, replacement, by="mallory")
    with pytest.raises(ImmutableError):
        store.delete_agreement(aid, by="mallory")
    assert store.get_agreement(aid, with_pdf=True) == before


def test_draft_agreement_can_be_replaced_and_deleted(store: Store, compose_agreement: Callable[..., Agreement]) -> None:
    first = compose_agreement(term_months=12)
    aid = first.metadata.document_id
    store.add_agreement(first, by="kari")
    second = first.model_copy(update={"answers": {**first.answers, "term_months": 36}})
    second = second.model_copy(update={"content_hash": compute_content_hash(second)})
    replaced = store.replace_agreement(aid, second, by="ola")
    assert replaced.content_hash == second.content_hash and replaced.answers["term_months"] == 36
    assert replaced.created_by == "kari"
    with pytest.raises(NotFoundError):
        store.find_by_hash(first.content_hash)
    store.delete_agreement(aid, by="ola")
    with pytest.raises(NotFoundError):
        store.get_agreement(aid)
    assert [e.action for e in store.audit_events(subject_id=aid)] == [
        "agreement.create",
        "agreement.update",
        "agreement.delete",
    ]


def test_duplicates_and_forged_hashes_are_refused(store: Store, compose_agreement: Callable[..., Agreement]) -> None:
    agreement = compose_agreement()
    store.add_agreement(agreement, by="kari")
    with pytest.raises(ConflictError):
        store.add_agreement(agreement, by="kari")
    forged = compose_agreement().model_copy(update={"content_hash": "a" * 64})
    with pytest.raises(StoreError) as err:
        store.add_agreement(forged, by="kari")
    assert err.value.code == "store.invalid"
    with pytest.raises(StoreError):
        store.add_agreement(compose_agreement(), by="kari", pdf=PDF)  # a draft has no PDF yet
    assert len(store.list_agreements()) == 1


def test_list_newest_first_with_party_filter(store: Store, compose_agreement: Callable[..., Agreement]) -> None:
    names = ["Fjordby kommune", "Ærlig Øl AS", "Sensorlab AS", "Fjordby kommune", "100% Data AS", "O'Brien \\ Co_1"]
    ids = [store.add_agreement(compose_agreement(n), by="kari").id for n in names]
    assert [s.id for s in store.list_agreements()] == ids[::-1]
    assert [s.id for s in store.list_agreements(party="o'brien \\ co_1")] == [ids[5]]
    assert store.list_agreements(party="co%1") == [] and store.list_agreements(party="o_brien") == []
    assert [s.id for s in store.list_agreements(party="FJORDBY")] == [ids[3], ids[0]]
    assert [s.id for s in store.list_agreements(party="ærlig øl")] == [ids[1]]
    assert [s.id for s in store.list_agreements(party="100%")] == [ids[4]]
    assert store.list_agreements(party="%") == store.list_agreements(party="100%")  # '%' is no wildcard
    assert [s.id for s in store.list_agreements(party="964330123")] != []  # org.nr. is searchable
    assert [s.id for s in store.list_agreements(limit=2, offset=2)] == [ids[3], ids[2]]
    store.set_status(ids[0], "final", by="kari")
    assert [s.id for s in store.list_agreements(status="final")] == [ids[0]]
    assert store.list_agreements(type_id="other") == []
    with pytest.raises(StoreError):
        store.list_agreements(limit=0)


def test_list_by_creation_time(store: Store, compose_agreement: Callable[..., Agreement]) -> None:
    ids = [store.add_agreement(compose_agreement(n), by="kari").id for n in ("A AS", "B AS", "C AS")]
    times = {s.id: s.created_at for s in store.list_agreements()}
    middle = times[ids[1]]
    after = store.list_agreements(created_from=middle)
    assert {s.id for s in after} == {i for i in ids if times[i] >= middle}
    before = store.list_agreements(created_before=middle)
    assert {s.id for s in before} == {i for i in ids if times[i] < middle}
    assert store.list_agreements(created_from=middle, created_before=middle) == []
    with pytest.raises(StoreError):
        store.list_agreements(created_from=middle.replace(tzinfo=None))


def test_clause_versions_used_by(store: Store, compose_agreement: Callable[..., Agreement]) -> None:
    a = store.add_agreement(compose_agreement(), by="kari")
    b = store.add_agreement(compose_agreement(), by="kari", status="final")
    usage = store.clause_versions_used_by("mini_term")
    assert {(u.agreement_id, u.clause_version, u.agreement_status) for u in usage} == {
        (a.id, "1.0.0", AgreementStatus.draft),
        (b.id, "1.0.0", AgreementStatus.final),
    }
    assert store.clause_versions_used_by("nothing") == []


def test_crash_inside_a_write_leaves_previous_state(
    store: Store, monkeypatch: pytest.MonkeyPatch, compose_agreement: Callable[..., Agreement]
) -> None:
    kept = store.add_agreement(compose_agreement(), by="kari")
    events_before = store.audit_events()

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(store, "_audit", crash)  # the last step of every write, inside its transaction
    lost = compose_agreement()
    with pytest.raises(RuntimeError):
        store.add_agreement(lost, by="kari")
    with pytest.raises(RuntimeError):
        store.add_agreements([compose_agreement(), compose_agreement()], by="kari")
    with pytest.raises(RuntimeError):
        store.set_status(kept.id, "final", by="kari", pdf=PDF)
    with pytest.raises(RuntimeError):
        store.delete_agreement(kept.id, by="kari")
    monkeypatch.undo()
    with pytest.raises(NotFoundError):
        store.get_agreement(lost.metadata.document_id)
    assert store.get_agreement(kept.id) == kept
    assert [s.id for s in store.list_agreements()] == [kept.id]
    assert store.clause_versions_used_by("mini_term")[0].agreement_id == kept.id
    assert store.audit_events() == events_before


def test_bulk_insert_and_backup_export(store: Store, compose_agreement: Callable[..., Agreement]) -> None:
    agreements = [compose_agreement(f"Kunde {i} AS") for i in range(30)]
    assert store.add_agreements(agreements, by="import") == 30
    store.set_status(agreements[0].metadata.document_id, "final", by="kari", pdf=PDF)
    out = io.StringIO()
    assert export_registry(store, out) == 30
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    by_id = {line["id"]: line for line in lines}
    assert set(by_id) == {a.metadata.document_id for a in agreements}
    first = by_id[agreements[0].metadata.document_id]
    assert first["status"] == "final" and base64.b64decode(first["pdf_base64"]) == PDF
    assert Agreement.model_validate(first["agreement"]) == agreements[0]
    assert by_id[agreements[1].metadata.document_id]["pdf_base64"] is None


# --------------------------------------------------------------------------- wizard drafts

RICH_ANSWERS = {
    "provider": {"name": "Ærlig Øl AS", "orgnr": "964330123", "address": None},
    "purposes": ["dpv:AcademicResearch", "dpv:ServiceOptimisation"],
    "term_months": 24,
    "revenue_share": 2.5,
    "commercial": False,
    "note": "Linje 1\nLinje 2 – «sitat» 😀",
    "empty": {},
}


def test_draft_resume_restores_every_answer(store: Store) -> None:
    draft = store.create_draft("datadeling", {"provider": {"name": "Ærlig"}}, language="en", step="parter")
    assert len(draft.token) >= 43 and draft.expires_at > draft.touched_at
    saved = store.save_draft(draft.token, RICH_ANSWERS, step="kommersiell")
    resumed = store.resume_draft(draft.token)
    assert resumed.answers == RICH_ANSWERS == saved.answers
    assert (resumed.type_id, resumed.language, resumed.step) == ("datadeling", "en", "kommersiell")
    assert resumed.touched_at >= saved.touched_at and resumed.created_at == draft.created_at
    store.save_draft(draft.token, json.dumps({"term_months": 6}))
    assert store.resume_draft(draft.token).answers == {"term_months": 6}
    other = store.create_draft("datadeling")
    assert other.token != draft.token and store.resume_draft(other.token).answers == {}
    store.delete_draft(draft.token)
    with pytest.raises(NotFoundError):
        store.resume_draft(draft.token)


def test_draft_tokens_are_unguessable_and_expire(store: Store) -> None:
    live = store.create_draft("datadeling", {"a": 1})
    dead = store.create_draft("datadeling", {"a": 2}, ttl=dt.timedelta(seconds=-1))
    for token in (dead.token, live.token[:-1] + "x", "", "../../etc"):
        with pytest.raises(NotFoundError):
            store.resume_draft(token)
    with pytest.raises(NotFoundError):
        store.save_draft(dead.token, {"a": 3})
    assert store.purge_expired_drafts() == 1
    assert store.purge_expired_drafts(dt.datetime.now(dt.UTC) + dt.timedelta(days=31)) == 1
    with pytest.raises(NotFoundError):
        store.resume_draft(live.token)
    with pytest.raises(StoreError):
        store.purge_expired_drafts(dt.datetime(2030, 1, 1))  # naive time refused


@pytest.mark.parametrize(
    "bad",
    ["{not json", "[1, 2]", '"text"', '{"x": NaN}', b"\xff\xfe", {"x": float("inf")}, {"x": object()}, {1: "a"}, 42],
)
def test_malformed_answers_are_typed_errors(store: Store, bad: object) -> None:
    draft = store.create_draft("datadeling", {"keep": True})
    with pytest.raises(StoreError) as err:
        store.save_draft(draft.token, bad)  # type: ignore[arg-type]
    assert err.value.code == "store.invalid"
    with pytest.raises(StoreError):
        store.create_draft("datadeling", bad)  # type: ignore[arg-type]
    assert store.resume_draft(draft.token).answers == {"keep": True}


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


# --------------------------------------------------------------------------- users


def test_users_add_list_disable_authenticate(store: Store) -> None:
    user = store.add_user("anne", "Anne Advokat", "advisor", "riktig-passord")
    assert user.role is Role.advisor and not user.disabled
    assert "hash" not in repr(store.list_users()) and "riktig" not in repr(store.list_users())
    assert store.authenticate("anne", "riktig-passord") == user
    for name, password in (("anne", "feil-passord!"), ("ukjent", "riktig-passord")):
        with pytest.raises(PermissionDeniedError):
            store.authenticate(name, password)
    with pytest.raises(ConflictError):
        store.add_user("anne", "Anne 2", "admin", "et-annet-passord")
    for args in (("Bad Name", "x", "advisor"), ("bob", "Bob", "superuser")):
        with pytest.raises(StoreError) as err:
            store.add_user(*args, "langt-nok-passord")
        assert err.value.code == "store.invalid"
    with pytest.raises(StoreError):
        store.add_user("bob", "Bob", "advisor", "kort")
    store.disable_user("anne", by="admin")
    assert store.get_user("anne").disabled
    with pytest.raises(PermissionDeniedError):
        store.authenticate("anne", "riktig-passord")
    with pytest.raises(NotFoundError):
        store.disable_user("ukjent", by="admin")
    assert [e.action for e in store.audit_events(subject_type="user")] == ["user.add", "user.disable"]


def test_initialise_creates_demo_user_once(store: Store, tmp_path: Path, registry_files: RegistryFiles) -> None:
    folder = tmp_path / "clauses"
    folder.mkdir()
    for name, text in registry_files.clauses.items():
        (folder / name).write_text(text, encoding="utf-8")
    first = initialise(store, folder)
    assert first.demo_password and first.demo_password not in repr(first)
    assert store.authenticate("demo", first.demo_password).role is Role.advisor
    assert len(first.clauses.created) == 2
    second = initialise(store, folder)
    assert second.demo_password is None and second.clauses.created == ()
    assert all(first.demo_password not in json.dumps(e.detail) for e in store.audit_events())


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


# --------------------------------------------------------------------------- login


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every argon2 verification the store runs, by the hash it checked against."""
    from engine.store import passwords

    calls: list[str] = []
    real = passwords.verify_password

    def counting(password_hash: str, password: str) -> bool:
        calls.append("dummy" if password_hash == passwords.dummy_hash() else "user")
        return real(password_hash, password)

    monkeypatch.setattr(passwords, "verify_password", counting)
    return calls


@pytest.mark.slow
def test_every_failed_login_costs_one_argon2_verification(store: Store, verifications: list[str]) -> None:
    store.add_user("anne", "Anne", Role.advisor, "riktig-passord")
    store.add_user("ola", "Ola", Role.advisor, "ola-sitt-passord")
    store.disable_user("ola", by="admin")
    attempts = [("ukjent", "riktig-passord"), ("anne", "feil-passord!"), ("ola", "ola-sitt-passord")]
    messages = set()
    for username, password in attempts:  # unknown user, wrong password, disabled account
        verifications.clear()
        with pytest.raises(PermissionDeniedError) as err:
            store.authenticate(username, password)
        assert len(verifications) == 1, (username, verifications)
        messages.add(err.value.message)
    assert len(messages) == 1  # the same words whether or not the user exists
    verifications.clear()
    assert store.authenticate("anne", "riktig-passord").username == "anne"
    assert verifications == ["user"]


@pytest.mark.slow
def test_wrong_types_at_login_are_a_failed_login(make_store: Callable[[str], Store], verifications: list[str]) -> None:
    store = make_store("memory")  # the check is the registry's, the same over every backend
    store.add_user("anne", "Anne", Role.advisor, "riktig-passord")
    attempts: list[tuple[object, object]] = [
        ("anne", None),
        ("anne", 12345),
        ("anne", b"riktig-passord"),
        (None, "riktig-passord"),
        (["anne"], "riktig-passord"),
        ("x" * 5000, "riktig-passord"),
        ("anne", "r" * 100_000),
    ]
    for username, password in attempts:
        verifications.clear()
        with pytest.raises(PermissionDeniedError) as err:
            store.authenticate(username, password)  # type: ignore[arg-type]
        assert err.value.code == "store.permission" and len(verifications) == 1, (username, password)


def test_unknown_users_are_checked_against_a_real_argon2_hash(store: Store, verifications: list[str]) -> None:
    from engine.store import passwords

    with pytest.raises(PermissionDeniedError):
        store.authenticate("ukjent", "et-passord-her")
    assert verifications == ["dummy"]
    assert passwords.dummy_hash().startswith("$argon2id$")
    assert not passwords.needs_rehash(passwords.dummy_hash())  # same cost parameters as real hashes


# --------------------------------------------------------------------------- audit detail and errors


def test_status_move_records_the_reason(store: Store, compose_agreement: Callable[..., Agreement]) -> None:
    aid = store.add_agreement(compose_agreement(), by="kari", status="final", pdf=PDF).id
    store.set_status(aid, "terminated", by="ola", reason="Vesentlig mislighold (punkt 20)")
    event = store.audit_events(subject_id=aid)[-1]
    assert event.detail == {"old": "final", "new": "terminated", "reason": "Vesentlig mislighold (punkt 20)"}


def test_clause_edit_conflict_is_in_the_one_error_tree() -> None:
    import engine.errors
    import engine.store

    assert engine.store.ClauseEditConflict is engine.errors.ClauseEditConflict
    assert issubclass(ClauseEditConflict, ConflictError)
    assert ClauseEditConflict.default_code == "store.conflict"
