"""``engine.services.sources``: the one verified policy source (registry, our PDF, agreement JSON, ODRL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine import compose, load_library
from engine.errors import NotFoundError, PolicyError, PolicyParseError, RenderError
from engine.odrl import policy_from_dict, policy_to_turtle
from engine.services.documents import agreement_json
from engine.services.sources import PolicySource
from tests.helpers import FIXED_TIME, MINI, make_answers

RECIPIENT_IRI = "https://data.brreg.no/enhetsregisteret/api/enheter/921605900"


@pytest.fixture
def agreement():
    return compose("mini", make_answers(), "nb", library=load_library(MINI), created_at=FIXED_TIME)


def test_from_an_agreement_knows_its_parties_target_and_clause_texts(agreement) -> None:
    source = PolicySource.from_agreement(agreement)
    assert source.origin == "agreement" and source.agreement_id == agreement.metadata.document_id
    assert source.assignee == RECIPIENT_IRI
    assert source.target == agreement.policy["target"]
    assert source.party_names()[RECIPIENT_IRI] == "Sensorly AS"
    title, body = source.clause_text("commercial", None)
    assert title == "Kommersiell bruk" and "skal ikke bruke dataene kommersielt" in body
    assert source.clause_text(None, "2.1") == (title, body)
    assert source.clause_text("nope", "9.9") == ("", "")


def test_from_the_registry(agreement, make_store) -> None:
    store = make_store("memory")
    record = store.add_agreement(agreement, by="test", status="final")
    source = PolicySource.from_registry(store, record.id)
    assert (source.origin, source.agreement) == ("registry", agreement)
    with pytest.raises(NotFoundError):
        PolicySource.from_registry(store, "AV-finnes-ikke")


def test_agreement_json_is_read_back_and_a_tampered_one_refused(agreement) -> None:
    source = PolicySource.from_bytes(agreement_json(agreement).encode())
    assert source.origin == "agreement-json" and source.agreement == agreement
    data = json.loads(agreement_json(agreement))
    data["answers"]["commercial_use"] = "allowed"
    with pytest.raises(PolicyError, match="the agreement has been altered"):
        PolicySource.from_agreement_json(json.dumps(data))
    with pytest.raises(PolicyError, match=r"not a valid agreement \(.*first at metadata"):
        PolicySource.from_agreement_json('{"metadata": {}, "sections": [], "content_hash": ""}')


def test_odrl_text_in_turtle_and_json_ld(agreement) -> None:
    turtle = policy_to_turtle(policy_from_dict(agreement.policy))
    source = PolicySource.from_odrl(turtle, name="avtale.ttl")
    assert source.origin == "odrl" and source.agreement is None and source.title == "avtale.ttl"
    assert source.assignee == RECIPIENT_IRI and source.target == agreement.policy["target"]
    assert source.clause_text("commercial", "2.1") == ("", "")
    assert PolicySource.from_bytes(json.dumps(agreement.policy).encode(), name="p.jsonld").origin == "odrl"
    with pytest.raises(PolicyParseError):
        PolicySource.from_odrl(b"@prefix broken", name="x.ttl")


def test_files_name_themselves_in_every_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot read policy file") as info:
        PolicySource.from_file(tmp_path / "missing.ttl")
    assert info.value.source == tmp_path / "missing.ttl"
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really")
    with pytest.raises(RenderError, match="cannot read the PDF") as info:
        PolicySource.from_file(broken)
    assert info.value.one_line().startswith(f"{broken}: [render.failed]")
    with pytest.raises(RenderError, match="not a PDF"):
        PolicySource.from_pdf(b"not a pdf")


@pytest.mark.slow
@pytest.mark.pdf
def test_our_pdf_is_verified_and_an_altered_one_refused(agreement) -> None:
    from engine.render import render_pdf
    from tests.helpers.app import altered_pdf

    pdf = render_pdf(agreement)
    source = PolicySource.from_bytes(pdf)
    assert source.origin == "pdf" and source.agreement == agreement
    with pytest.raises(RenderError, match="the PDF has been altered, so its policy cannot be trusted"):
        PolicySource.from_pdf(altered_pdf(pdf))
