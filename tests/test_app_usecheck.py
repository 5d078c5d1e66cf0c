"""``engine.services.usecheck``: plain words → ODRL request → Ja / Nei / Ja, hvis …, with clauses and questions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from engine import compose, load_library
from engine.errors import PolicyError, RenderError
from engine.odrl import policy_from_dict, policy_to_turtle
from engine.services.examples import EXAMPLE_TIME, compose_example, example_type
from engine.services.usecheck import (
    ACTIONS,
    PLACES,
    PURPOSES,
    RECIPIENTS,
    PlannedUse,
    PolicySource,
    ai_tier,
    check_use,
    labels,
    option_label,
)
from tests.conftest import MINI, ROOT, mini_answers

FIXED = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
JUNE = dt.date(2026, 6, 1)


@pytest.fixture
def mini_source() -> PolicySource:
    agreement = compose("mini", mini_answers(), "nb", library=load_library(MINI), created_at=FIXED)
    return PolicySource.from_agreement(agreement)


def test_catalogue_has_labels_in_both_languages_and_iris() -> None:
    for options in (ACTIONS, PURPOSES, PLACES):
        for o in options:
            assert o.label["nb"] and o.label["en"], o.value
            assert o.iri is None or o.iri.startswith("http"), o.value
    assert labels("what", "en")["trainModel"] == "Train an AI model on the data"
    assert option_label("where", "eea", "nb") == "I EØS"
    assert {o.iri for o in PURPOSES if o.iri} <= _dpv_purposes()


def _dpv_purposes() -> set[str]:
    from engine.odrl import default_vocabulary

    vocab = default_vocabulary()
    return {iri for iri in vocab.labels if iri.startswith("https://w3id.org/dpv#")}


def test_places_are_in_the_gazetteer() -> None:
    text = (ROOT / "policies" / "places.ttl").read_text(encoding="utf-8")
    for o in PLACES:
        if o.iri:
            local = o.iri.rsplit("/", 1)[-1]
            assert f":{local} a dct:Location" in text, o.value


def test_permit_without_duties_is_ja_and_cites_clause_text(mini_source) -> None:
    answer = check_use(mini_source, PlannedUse("read", why="academic_research", where="norway", when=JUNE))
    assert (answer.answer, answer.headline, answer.decision) == ("ja", "Ja", "permit")
    [clause] = answer.clauses
    assert clause.number == "2.1" and clause.title == "Kommersiell bruk"
    assert "skal ikke bruke dataene kommersielt" in clause.text
    assert answer.questions == () and answer.duties == ()


def test_prohibited_purpose_is_nei(mini_source) -> None:
    answer = check_use(mini_source, PlannedUse("trainModel", why="sell_products", when=JUNE), "en")
    assert (answer.answer, answer.headline) == ("nei", "No")
    assert answer.clauses[0].number == "2.1"
    assert answer.questions == (), "a definite no asks nothing"


def test_missing_purpose_is_ja_hvis_with_the_follow_up_question(mini_source) -> None:
    answer = check_use(mini_source, PlannedUse("read", why="unknown", when=JUNE))
    assert answer.answer == "ja_hvis"
    assert answer.questions == ("Hva er formålet med bruken?",)
    en = check_use(mini_source, PlannedUse("read", why="unknown", when=JUNE), "en")
    assert en.headline == "Yes, if …" and en.questions == ("What is the purpose of the use?",)


def test_other_party_is_named_in_plain_words(mini_source) -> None:
    answer = check_use(mini_source, PlannedUse("read", why="academic_research", who="other", when=JUNE))
    assert answer.answer == "nei"
    assert "en annen virksomhet" in answer.clauses[0].reason
    assert "Sensorly AS" in answer.clauses[0].reason
    assert "https://data.brreg.no" not in answer.explanation


def test_report_as_turtle_and_dict(mini_source) -> None:
    answer = check_use(mini_source, PlannedUse("read", why="academic_research", when=JUNE))
    turtle = answer.turtle()
    assert "report:PolicyReport" in turtle and "report:PermissionReport" in turtle
    assert answer.report_dict("nb")["decision"] == "permit"
    assert answer.request["purpose"] == "https://w3id.org/dpv#AcademicResearch"


def test_unknown_catalogue_value_is_a_policy_error(mini_source) -> None:
    with pytest.raises(PolicyError, match="unknown what 'fly'"):
        check_use(mini_source, PlannedUse("fly"))


def test_sources_from_odrl_text_and_bad_input() -> None:
    agreement = compose("mini", mini_answers(), "nb", library=load_library(MINI), created_at=FIXED)
    turtle = policy_to_turtle(policy_from_dict(agreement.policy))
    source = PolicySource.from_odrl(turtle, name="avtale.ttl")
    assert source.agreement is None and source.assignee and source.target
    answer = check_use(source, PlannedUse("trainModel", why="sell_products", when=JUNE))
    assert answer.answer == "nei" and answer.clauses[0].number == "2.1" and answer.clauses[0].text == ""
    with pytest.raises(PolicyError):
        PolicySource.from_odrl(b"@prefix broken", name="x.ttl")
    with pytest.raises(RenderError):
        PolicySource.from_pdf(b"not a pdf")


def test_ai_tier_follows_what_and_why() -> None:
    assert ai_tier("trainModel", "academic_research") == "research"
    assert ai_tier("trainModel", "service_optimisation") == "internal"
    assert ai_tier("trainModel", "unknown") is None
    assert ai_tier("publishModel", None) == "publishModel"
    assert ai_tier("read", "academic_research") is None


# --------------------------------------------------------------------------- the shipped clause examples


def _repo_cases() -> list[Any]:
    """Every clause example request that the plain-words form can express."""
    lib = load_library(ROOT)
    by_action = {o.iri: o.value for o in ACTIONS if o.value not in ("benchmarkModel",)}
    by_purpose = {o.iri: o.value for o in PURPOSES if o.iri}
    by_recipient = {o.iri: o.value for o in RECIPIENTS if o.iri}
    cases = []
    for clause in sorted(lib.clauses.values(), key=lambda c: c.id):
        for example in clause.examples:
            for i, request in enumerate(example.requests):
                action = _expand(str(request.get("action", "")))
                purpose = _expand(str(request.get("purpose", "")))
                extra = set(request) - {
                    "action",
                    "purpose",
                    "spatial",
                    "expect",
                    "cites",
                    "aiTrainingTier",
                    "recipient",
                }
                if action not in by_action or purpose not in by_purpose or extra or request.get("assignee"):
                    continue
                if request.get("spatial") not in (None, "NO"):
                    continue
                what, why = by_action[action], by_purpose[purpose]
                if ai_tier(what, why) != request.get("aiTrainingTier"):
                    continue
                to = by_recipient.get(_expand(str(request.get("recipient", ""))), "unknown")
                if request.get("recipient") and (to == "unknown" or what not in ("distribute", "sell")):
                    continue
                cases.append(
                    pytest.param(clause.id, example.name, i, what, why, to, id=f"{clause.id}-{i}-{example.name}")
                )
    return cases


def _expand(name: str) -> str:
    from engine.odrl import action_iri
    from engine.odrl.vocab import expand

    if not name:
        return ""
    if name.startswith("dpv:"):
        return "https://w3id.org/dpv#" + name[4:]
    if name.startswith("avt:") and name[4:5].islower() and name[4:] in ("affiliate", "customer", "thirdParty"):
        return "https://w3id.org/avtaleverk/odrl/" + name[4:]
    try:
        return action_iri(name)
    except PolicyError:
        return expand(name)


@pytest.mark.parametrize(("clause_id", "example_name", "index", "what", "why", "to"), _repo_cases())
def test_plain_words_give_the_clause_examples_decisions(repo_library, clause_id, example_name, index, what, why, to):
    clause = repo_library.clause(clause_id)
    example = next(e for e in clause.examples if e.name == example_name)
    request = example.requests[index]
    agreement_type = example_type(repo_library, clause, example)
    agreement = compose_example(repo_library, agreement_type, example.answers, example.lang)
    start = agreement.answers.get("start_date")
    when = dt.date.fromisoformat(str(start)) + dt.timedelta(days=30) if start else EXAMPLE_TIME.date()
    where = "norway" if request.get("spatial") == "NO" else "unknown"
    use = PlannedUse(what, why=why, where=where, when=when, to=to)
    answer = check_use(PolicySource.from_agreement(agreement), use)
    expect = request.get("expect", "permit")
    assert answer.decision == expect, answer.explanation
    assert answer.answer in (("ja", "ja_hvis") if expect == "permit" else ("nei", "ja_hvis"))
    cites = request.get("cites")
    if cites:
        number = agreement.numbering()[cites]
        assert number in {c.number for c in answer.clauses}, answer.clauses
        cited = next(c for c in answer.clauses if c.number == number)
        assert cited.text, "the deciding clause comes with its text"
