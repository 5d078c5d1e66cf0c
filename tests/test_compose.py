"""Composition: numbering, options, cross-references, escaping, hashing, sandbox."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from engine.core.agreement import Agreement, compute_content_hash
from engine.core.compose import compose
from engine.core.library import load_library
from engine.errors import AnswersError, ComposeError, LibraryError, TemplateError
from tests.helpers import FIXED_TIME, compose_agreement, make_answers


def _text(a: Agreement) -> str:
    return "\n".join(c.html for s in a.sections for c in s.clauses) + "\n".join(x.html for x in a.annexes)


def test_default_agreement_numbering_and_metadata(mini_library) -> None:
    a = compose_agreement(mini_library)
    assert [(s.number, [c.number for c in s.clauses]) for s in a.sections] == [
        ("1", ["1.1"]),
        ("2", ["2.1", "2.2"]),
    ]
    assert a.numbering()["confidentiality"] == "2.2"
    assert [x.number for x in a.annexes] == ["1"]
    assert a.metadata.type_id == "mini" and a.metadata.type_version == "0.1.0"
    assert ("commercial", "1.1.0") in {(c.id, c.version) for c in a.metadata.clauses}
    assert "fee" not in {c.id for c in a.metadata.clauses}
    assert a.metadata.created_at == FIXED_TIME
    assert a.metadata.document_id.startswith("AV-2026-")
    assert [p.role for p in a.parties] == ["provider", "recipient"]


def test_chosen_option_text_present_and_other_absent(mini_library) -> None:
    a = compose_agreement(mini_library)
    assert "skal ikke bruke dataene kommersielt" in _text(a)
    assert "mot vederlag" not in _text(a)
    b = compose_agreement(mini_library, commercial_use="allowed_for_fee", fee_amount=10000)
    assert "mot vederlag etter punkt 2.2" in _text(b)
    assert "kr 10 000" in unicodedata.normalize("NFKC", _text(b))
    assert "skal ikke bruke" not in _text(b)


def test_cross_references_follow_numbering(mini_library) -> None:
    a = compose_agreement(mini_library)
    assert "Se også punkt 2.2 og vedlegg 1." in _text(a)
    b = compose_agreement(mini_library, commercial_use="allowed_for_fee", fee_amount=5)
    assert "Se også punkt 2.3 og vedlegg 1." in _text(b)
    en = compose_agreement(mini_library, lang="en")
    assert "See also clause 2.2 and Annex 1." in _text(en)


def test_english_dates_and_money(mini_library) -> None:
    a = compose_agreement(
        mini_library, lang="en", commercial_use="allowed_for_fee", fee_amount=10000, start_date="2026-03-01"
    )
    text = _text(a)
    assert "1 March 2026" in text
    assert "NOK 10,000" in unicodedata.normalize("NFKC", text)
    nb = compose_agreement(mini_library, start_date="2026-03-01")
    assert "1. mars 2026" in _text(nb)
    assert "974 760 673" in _text(nb)


def test_answer_values_are_escaped(mini_library) -> None:
    evil = make_answers()
    evil["provider"]["name"] = "<img src=\"file:///etc/passwd\"> & *bold*"
    a = compose("mini", evil, "nb", library=mini_library, created_at=FIXED_TIME)
    html = a.sections[0].clauses[0].html
    assert "<img" not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt; &amp; *bold*" in html


def test_markdown_in_answers_cannot_change_structure(mini_library) -> None:
    a = compose_agreement(mini_library, notes="# heading\n\n- item\n1. list")
    html = a.clause("confidentiality").html
    assert "<h1>" not in html and "<li>" not in html and "<ul>" not in html
    assert "# heading" in html


def test_content_hash_is_sha256_of_canonical_json(mini_library) -> None:
    a = compose_agreement(mini_library)
    assert len(a.content_hash) == 64
    assert compute_content_hash(a) == a.content_hash
    changed = a.model_copy(update={"answers": {**a.answers, "notes": "x"}})
    assert compute_content_hash(changed) != a.content_hash


def test_same_inputs_same_agreement(mini_library) -> None:
    assert compose_agreement(mini_library) == compose_agreement(mini_library)
    later = compose("mini", make_answers(), "nb", library=mini_library, created_at=FIXED_TIME + dt.timedelta(1))
    assert later.metadata.document_id != compose_agreement(mini_library).metadata.document_id


def test_agreement_is_immutable(mini_library) -> None:
    a = compose_agreement(mini_library)
    with pytest.raises(Exception):  # noqa: B017 - pydantic frozen instance error
        a.content_hash = "x"  # type: ignore[misc]


def test_policy_rules_cite_their_clause(mini_library) -> None:
    a = compose_agreement(mini_library)
    assert a.policy is not None
    assert a.policy["@type"] == "Agreement"
    assert a.policy["assigner"].endswith("/974760673")
    assert a.policy["assignee"].endswith("/921605900")
    prohibition = a.policy["prohibition"][0]
    assert prohibition["avt:clauseNumber"] == "2.1"
    assert prohibition["avt:clauseId"] == "commercial"
    b = compose_agreement(mini_library, commercial_use="allowed_for_fee", fee_amount=1)
    assert "prohibition" not in b.policy


def test_invalid_orgnr_rejected_in_both_languages(mini_library) -> None:
    bad = make_answers()
    bad["recipient"]["orgnr"] = "123456789"
    with pytest.raises(AnswersError) as nb:
        compose("mini", bad, "nb", library=mini_library)
    lines = nb.value.all_lines()
    assert any("Mottaker, organisasjonsnummer: Ugyldig organisasjonsnummer" in x for x in lines), lines
    assert nb.value.problems[0].loc == ("recipient", "orgnr")
    with pytest.raises(AnswersError) as en:
        compose("mini", bad, "en", library=mini_library)
    assert any("Invalid organisation number" in x for x in en.value.all_lines())


def test_each_bad_field_reported(mini_library) -> None:
    with pytest.raises(AnswersError) as info:
        compose(
            "mini",
            {"provider": {"name": "", "orgnr": "974760673"}, "commercial_use": "sometimes", "start_date": "soon",
             "unknown_q": 1},
            "nb",
            library=mini_library,
        )
    locs = {p.loc[0] for p in info.value.problems}
    assert {"provider", "recipient", "commercial_use", "start_date", "unknown_q"} <= locs
    text = " ".join(info.value.all_lines())
    assert "Velg ett av alternativene" in text and "Skal være en dato" in text and "Må fylles ut" in text


def test_hidden_question_is_not_required_and_dropped(mini_library) -> None:
    a = compose_agreement(mini_library, fee_amount=500)  # fee hidden while commercial use is not allowed
    assert a.answers["fee_amount"] is None
    with pytest.raises(AnswersError) as info:
        compose_agreement(mini_library, commercial_use="allowed_for_fee")
    assert info.value.problems[0].loc == ("fee_amount",)


def test_unknown_type_and_language(mini_library) -> None:
    with pytest.raises(LibraryError, match="unknown agreement type 'maxi'"):
        compose("maxi", make_answers(), "nb", library=mini_library)
    with pytest.raises(ComposeError, match="language 'de'"):
        compose("mini", make_answers(), "de", library=mini_library)


def _write(root: Path, rel: str, old: str, new: str) -> None:
    p = root / rel
    p.write_text(p.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ lang.__class__.__mro__[1].__subclasses__() }}",
        "{{ ref.__globals__ }}",
        "{{ (lang|attr('__class__')) }}",
        "{{ label.__init__.__globals__['os'] }}",
    ],
)
def test_sandbox_escape_attempts_fail(mini_copy: Path, payload: str) -> None:
    _write(mini_copy, "clauses/confidentiality.yaml", "fortrolige.", f"fortrolige. {payload}")
    try:
        lib = load_library(mini_copy)
    except LibraryError as exc:  # caught when loading (private attribute access)
        assert any("not allowed" in p.message for p in exc.problems), exc.all_lines()
        return
    with pytest.raises(TemplateError) as info:
        compose("mini", make_answers(), "nb", library=lib, created_at=FIXED_TIME)
    assert info.value.code == "template.security"


def test_missing_variable_names_clause_and_variable(mini_copy: Path) -> None:
    _write(mini_copy, "clauses/confidentiality.yaml", "{% if notes %}\n    Merknad: {{ notes }}",
           "Merknad: {{ notes.text }}\n    {% if notes %}")
    lib = load_library(mini_copy)
    with pytest.raises(TemplateError) as info:
        compose("mini", make_answers(notes="hei"), "nb", library=lib, created_at=FIXED_TIME)
    err = info.value
    assert err.code == "template.undefined"
    assert "clause 'confidentiality'" in err.message and "'text'" in err.message
    assert err.loc[0] == "confidentiality"


def test_reference_to_excluded_clause_is_an_error(mini_copy: Path) -> None:
    _write(mini_copy, "clauses/confidentiality.yaml", "fortrolige.", 'fortrolige, se {{ ref("fee") }}.')
    lib = load_library(mini_copy)
    with pytest.raises(ComposeError, match="refers to clause 'fee'"):
        compose("mini", make_answers(), "nb", library=lib, created_at=FIXED_TIME)


def test_naive_created_at_rejected(mini_library) -> None:
    with pytest.raises(ComposeError):
        compose("mini", make_answers(), "nb", library=mini_library, created_at=dt.datetime(2026, 1, 1))
