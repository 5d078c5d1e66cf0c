"""``engine.services.check_view``: the answer of «Sjekk bruk» worded for one reader."""

from __future__ import annotations

import datetime as dt

import pytest

from engine import compose, load_library
from engine.odrl import policy_from_dict, policy_to_turtle
from engine.services.check_view import answer_use
from engine.services.sources import PolicySource
from engine.services.uses import PlannedUse
from tests.helpers import FIXED_TIME, MINI, make_answers

JUNE = dt.date(2026, 6, 1)


@pytest.fixture
def agreement():
    return compose("mini", make_answers(), "nb", library=load_library(MINI), created_at=FIXED_TIME)


def test_ja_with_the_deciding_clause_and_its_text(agreement) -> None:
    use = PlannedUse("read", why="academic_research", when=JUNE)
    answer = answer_use(PolicySource.from_agreement(agreement), use, "nb")
    assert (answer.verdict, answer.headline, answer.decision) == ("ja", "Ja", "permit")
    [clause] = answer.clauses
    assert (clause.heading, clause.kind_label, clause.reason) == ("Punkt 2.1 Kommersiell bruk", "tillater", "")
    assert "skal ikke bruke dataene kommersielt" in clause.text
    assert answer.questions == () and answer.duties == ()


def test_nei_asks_nothing_and_ja_hvis_asks_for_the_missing_fact(agreement) -> None:
    source = PolicySource.from_agreement(agreement)
    no = answer_use(source, PlannedUse("trainModel", why="sell_products", when=JUNE), "en")
    assert (no.verdict, no.headline, no.questions) == ("nei", "No", ())
    assert no.clauses[0].heading == "Clause 2.1 Kommersiell bruk", "a bokmål agreement, an English reader"
    maybe = answer_use(source, PlannedUse("read", why="unknown", when=JUNE), "en")
    assert (maybe.verdict, maybe.headline) == ("ja_hvis", "Yes, if …")
    assert maybe.questions == ("What is the purpose of the use?",)


def test_without_a_deciding_rule_the_nearest_permission_says_why(agreement) -> None:
    use = PlannedUse("read", why="academic_research", who="other", when=JUNE)
    answer = answer_use(PolicySource.from_agreement(agreement), use, "nb")
    assert answer.verdict == "nei"
    [clause] = answer.clauses
    assert clause.number == "2.1" and "en annen virksomhet" in clause.reason and "Sensorly AS" in clause.reason


def test_an_odrl_policy_has_clause_numbers_but_no_clause_texts(agreement) -> None:
    source = PolicySource.from_odrl(policy_to_turtle(policy_from_dict(agreement.policy)), name="avtale.ttl")
    answer = answer_use(source, PlannedUse("trainModel", why="sell_products", when=JUNE), "nb")
    assert answer.verdict == "nei"
    assert (answer.clauses[0].number, answer.clauses[0].text, answer.clauses[0].heading) == ("2.1", "", "Punkt 2.1")
    assert "report:PermissionReport" in answer.turtle()
