"""``engine.services.check``: «may we?» → one serialisable CheckResult for the CLI, the app and the API."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from engine import compose, load_library
from engine.errors import PolicyError
from engine.odrl import action_iri
from engine.odrl.vocab import expand
from engine.services.check import CheckResult, check, check_use, read_state, request_for
from engine.services.examples import EXAMPLE_TIME, compose_example, example_type
from engine.services.sources import PolicySource
from engine.services.uses import ACTIONS, PURPOSES, RECIPIENTS, PlannedUse, ai_tier
from tests.helpers import FIXED_TIME, MINI, make_answers

JUNE = dt.date(2026, 6, 1)
DATA = Path(__file__).parent / "data" / "odrl"
AVT_CASE = DATA / "cases" / "avt01_read_in_norway" / "policy.ttl"


@pytest.fixture
def mini_source() -> PolicySource:
    agreement = compose("mini", make_answers(), "nb", library=load_library(MINI), created_at=FIXED_TIME)
    return PolicySource.from_agreement(agreement)


def test_a_permit_cites_its_clause_in_every_language(mini_source) -> None:
    result = check_use(mini_source, PlannedUse("read", why="academic_research", where="norway", when=JUNE))
    assert (result.decision, result.outcome, result.reason) == ("permit", "yes", "permitted")
    [rule] = result.deciding_rules
    assert (rule.clause_number, rule.clause_id, rule.kind) == ("2.1", "commercial", "permission")
    assert rule.agreement_id == mini_source.agreement_id
    assert result.explanation == {
        "nb": "Ja, dette er tillatt etter punkt 2.1.",
        "en": "Yes, this is permitted under clause 2.1.",
    }
    assert result.missing == () and result.duties_owed == ()
    assert result.request["purpose"] == "https://w3id.org/dpv#AcademicResearch"


def test_a_prohibited_purpose_is_no(mini_source) -> None:
    result = check_use(mini_source, PlannedUse("trainModel", why="sell_products", when=JUNE))
    assert (result.decision, result.outcome) == ("deny", "no")
    assert [r.clause_number for r in result.deciding_rules] == ["2.1"]
    assert result.request["aiTrainingTier"] == "commercialiseOutputs"


def test_a_missing_fact_is_undecided_with_its_question_in_each_language(mini_source) -> None:
    result = check_use(mini_source, PlannedUse("read", why="unknown", when=JUNE))
    assert result.outcome == "undecided"
    [fact] = result.missing
    assert (fact.fact, fact.iri) == ("odrl:purpose", "http://www.w3.org/ns/odrl/2/purpose")
    assert fact.question == {"nb": "Hva er formålet med bruken?", "en": "What is the purpose of the use?"}
    assert result.questions("en") == ["What is the purpose of the use?"]


def test_texts_name_the_parties_not_their_register_iris(mini_source) -> None:
    result = check_use(mini_source, PlannedUse("read", why="academic_research", who="other", when=JUNE))
    assert result.outcome == "no" and result.deciding_rules == ()
    closest = result.closest
    assert closest is not None and closest.clause_number == "2.1" and not closest.active
    assert "en annen virksomhet" in closest.reason["nb"] and "Sensorly AS" in closest.reason["nb"]
    assert "another organisation" in closest.reason["en"]
    assert all("https://data.brreg.no" not in text for text in result.explanation.values())


def test_duties_owed_carry_what_to_do_and_where_it_is_written() -> None:
    source = PolicySource.from_file(AVT_CASE)
    startup, dataset = "https://example.no/startup", "https://example.no/datasett"
    request = request_for(
        source, action="read", assignee=startup, target=dataset, purpose="AcademicResearch", spatial="NO"
    )
    result = check(source, request, read_state(at="2026-03-01T12:00:00+01:00"))
    assert result.outcome == "yes_with_duties"
    duty = next(d for d in result.duties_owed if d.clause_number == "11.1")
    assert duty.label["nb"] == "kreditere kilden" and duty.action == "odrl:attribute"
    assert duty.cite == {"nb": "punkt 11.1", "en": "clause 11.1"}


def test_the_result_round_trips_as_json_and_keeps_the_cli_keys(mini_source) -> None:
    result = check_use(mini_source, PlannedUse("read", why="unknown", when=JUNE))
    again = CheckResult.model_validate_json(result.model_dump_json())
    assert again.model_dump() == result.model_dump() and again.report is None and result.report is not None
    assert list(again.to_dict("nb")) == [
        "decision", "reason", "explanation", "deciding_rules", "duties_owed", "missing", "questions"
    ]  # fmt: skip
    live = result.to_dict("en")
    assert live["missing"] == ["odrl:purpose"] and live["questions"] == ["What is the purpose of the use?"]
    assert live["rules"] and {r["clause_number"] for r in live["rules"]} >= {"2.1"}
    assert "report:PolicyReport" in result.turtle()
    with pytest.raises(PolicyError, match="without its report"):
        again.turtle()


def test_state_files_and_moments(tmp_path: Path) -> None:
    state = tmp_path / "state.yaml"
    state.write_text("now: 2024-02-12T10:00:00Z\ncontext:\n  spatial: NO\n")
    loaded = read_state(state)
    assert loaded.now == dt.datetime(2024, 2, 12, 10, tzinfo=dt.UTC) and loaded.context == {"spatial": "NO"}
    assert read_state(state, "2025-01-01").now == dt.datetime(2025, 1, 1, tzinfo=dt.UTC), "--at wins"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"when": "now"}))
    with pytest.raises(PolicyError, match="unknown keys in state file: when"):
        read_state(bad)
    with pytest.raises(PolicyError, match="ISO date"):
        read_state(at="tomorrow")


# --------------------------------------------------------------------------- the shipped clause examples


def _repo_cases() -> list[Any]:
    """Every clause example request that the plain-words form can express."""
    from tests.helpers import ROOT

    lib = load_library(ROOT)
    by_action = {o.iri: o.value for o in ACTIONS if o.value not in ("benchmarkModel",)}
    by_purpose = {o.iri: o.value for o in PURPOSES if o.iri}
    by_recipient = {o.iri: o.value for o in RECIPIENTS if o.iri}
    known = {"action", "purpose", "spatial", "expect", "cites", "aiTrainingTier", "recipient"}
    cases = []
    for clause in sorted(lib.clauses.values(), key=lambda c: c.id):
        for example in clause.examples:
            for i, request in enumerate(example.requests):
                action = _expand(str(request.get("action", "")))
                purpose = _expand(str(request.get("purpose", "")))
                if action not in by_action or purpose not in by_purpose or set(request) - known:
                    continue
                if request.get("assignee") or request.get("spatial") not in (None, "NO"):
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
    if not name:
        return ""
    if name.startswith("dpv:"):
        return "https://w3id.org/dpv#" + name[4:]
    if name.startswith("avt:") and name[4:] in ("affiliate", "customer", "thirdParty"):
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
    agreement = compose_example(repo_library, example_type(repo_library, clause, example), example.answers,
                                example.lang)  # fmt: skip
    start = agreement.answers.get("start_date")
    when = dt.date.fromisoformat(str(start)) + dt.timedelta(days=30) if start else EXAMPLE_TIME.date()
    where = "norway" if request.get("spatial") == "NO" else "unknown"
    result = check_use(PolicySource.from_agreement(agreement), PlannedUse(what, why=why, where=where, when=when, to=to))
    expect = request.get("expect", "permit")
    assert result.decision == expect, result.explanation["en"]
    assert result.outcome in (("yes", "yes_with_duties") if expect == "permit" else ("no", "undecided"))
    cites = request.get("cites")
    if cites:
        assert agreement.numbering()[cites] in {r.clause_number for r in result.deciding_rules}
