"""Store contract: agreements and wizard drafts, the same from the memory, SQLite and PostgreSQL stores."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from engine.core.agreement import Agreement, compute_content_hash
from engine.errors import ConflictError, ImmutableError, NotFoundError, StoreError
from engine.store import (
    AgreementStatus,
    ClauseEditConflict,
    Store,
    export_registry,
)

if TYPE_CHECKING:
    pass

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
