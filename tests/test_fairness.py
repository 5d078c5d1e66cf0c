"""The fairness check (EU Data Act Art. 13) on agreements composed from the shipped library."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from engine.core.agreement import Agreement
from engine.core.compose import compose
from engine.core.fairness import FairnessFlag, check_fairness
from engine.core.library import Library
from engine.errors import AnswersError
from tests.helpers import FIXED_TIME, ROOT, compose_agreement

#: What the shipped agreement types require besides the parties.
REQUIRED = {
    "dataset_title": "Trafikksensorer",
    "dataset_description": "Passeringer per kvarter fra 12 sensorer.",
    "start_date": "2027-01-01",
    "end_date": "2028-12-31",
}


def make(library: Library, type_id: str = "datadeling", lang: str = "nb", **answers: Any) -> Agreement:
    recipient = {} if type_id == "datadeling" else {"recipient": None}  # an open licence has none
    return compose_agreement(library, type_id, lang, **{**REQUIRED, **recipient, **answers})


def only(flags: list[FairnessFlag], code: str) -> FairnessFlag:
    hits = [f for f in flags if f.code == code]
    assert len(hits) == 1, [f.code for f in flags]
    return hits[0]


@pytest.mark.parametrize("type_id", ["datadeling", "datalisens"])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_defaults_raise_no_flag(repo_library: Library, type_id: str, lang: str) -> None:
    assert check_fairness(make(repo_library, type_id, lang)) == []


def test_defaults_until_notice_raise_no_flag(repo_library: Library) -> None:
    agreement = make(repo_library, term_type="until_notice")
    assert check_fairness(agreement) == []


@pytest.mark.parametrize(
    ("answers", "code", "level", "clause_id", "answer"),
    [
        ({"conformity_decision": "provider_decides"}, "conformity-unilateral", "red", "quality", "conformity_decision"),
        (
            {"liability_cap": "fixed_amount", "liability_cap_amount": 0},
            "liability-excluded",
            "red",
            "liability",
            "liability_cap_amount",
        ),
        (
            {"liability_cap": "fees_12_months", "liability_cap_amount": 0, "fee_model": "free"},
            "liability-excluded",
            "red",
            "liability",
            "liability_cap_amount",
        ),
        ({"liability_scope": "provider_only"}, "liability-one-sided", "amber", "liability", "liability_scope"),
        (
            {
                "liability_cap": "fixed_amount",
                "liability_cap_amount": 5000,
                "fee_model": "subscription",
                "fee_amount": 1000,
                "fee_period": "month",
            },
            "liability-cap-below-fees",
            "amber",
            "liability",
            "liability_cap_amount",
        ),
        ({"term_type": "until_notice", "notice_months": 0}, "notice-too-short", "amber", "term", "notice_months"),
        ({"end_date": "2034-06-30"}, "term-too-long", "amber", "term", "end_date"),
        (
            {"fee_model": "subscription", "fee_amount": 1000, "price_change": "unilateral"},
            "price-change-unilateral",
            "amber",
            "fees",
            "price_change",
        ),
        ({"results_owner": "provider_owns"}, "results-taken", "amber", "ip_results", "results_owner"),
        (
            {"results_at_termination": "delete"},
            "results-deleted",
            "amber",
            "effects_of_termination",
            "results_at_termination",
        ),
        (
            {"audit": "third_party_audit", "audit_notice_days": 3},
            "audit-short-notice",
            "amber",
            "audit",
            "audit_notice_days",
        ),
    ],
)
def test_each_unfair_answer_is_flagged(
    repo_library: Library, answers: dict[str, Any], code: str, level: str, clause_id: str, answer: str
) -> None:
    agreement = make(repo_library, **answers)
    flag = only(check_fairness(agreement), code)
    assert flag.level == level
    assert flag.clause_id == clause_id
    assert flag.clause_number == agreement.numbering()[clause_id]
    assert flag.answer == answer
    assert flag.value == agreement.answers[answer]
    assert flag.reason["nb"] and flag.reason["en"]
    assert "artikkel 13" in flag.reason["nb"] and "Article 13" in flag.reason["en"]


def test_fair_variants_are_not_flagged(repo_library: Library) -> None:
    fair = [
        {"liability_cap": "none"},
        {"liability_cap": "fees_12_months", "liability_cap_amount": 0, "fee_model": "fixed", "fee_amount": 5000},
        {"liability_cap": "fixed_amount", "liability_cap_amount": 50000, "fee_model": "fixed", "fee_amount": 20000},
        {"term_type": "until_notice", "notice_months": 1},
        {"fee_model": "subscription", "fee_amount": 1000, "price_change": "notice_with_exit"},
        {"audit": "third_party_audit", "audit_notice_days": 30},
        {"results_owner": "licence_back"},
        {"end_date": "2031-12-31"},
    ]
    for answers in fair:
        assert check_fairness(make(repo_library, **answers)) == [], answers


def test_red_flags_come_first(repo_library: Library) -> None:
    agreement = make(
        repo_library,
        results_owner="provider_owns",
        conformity_decision="provider_decides",
        liability_scope="provider_only",
    )
    flags = check_fairness(agreement)
    assert [f.level for f in flags] == ["red", "amber", "amber"]
    assert flags[0].code == "conformity-unilateral"


def test_licence_uses_its_own_term_clause(repo_library: Library) -> None:
    agreement = make(repo_library, "datalisens", term_type="until_notice", notice_months=0)
    flag = only(check_fairness(agreement), "notice-too-short")
    assert flag.clause_id == "licence_term"
    assert flag.clause_number == agreement.numbering()["licence_term"]


def test_flags_for_clauses_not_in_the_agreement_are_dropped(repo_library: Library) -> None:
    # The licence has no audit clause, so an audit answer could never become a term of it.
    agreement = make(repo_library, "datalisens")
    answers = {**agreement.answers, "audit": "third_party_audit", "audit_notice_days": 1}
    assert check_fairness(agreement.model_copy(update={"answers": answers})) == []


def test_flag_is_frozen(repo_library: Library) -> None:
    flag = check_fairness(make(repo_library, conformity_decision="provider_decides"))[0]
    with pytest.raises(ValidationError):
        flag.level = "amber"  # type: ignore[misc]


@pytest.mark.parametrize("name", ["kommune-sensordata", "oppdrett-forskning", "handel-ki"])
def test_shipped_examples_are_fair(repo_library: Library, name: str) -> None:
    data = yaml.safe_load((ROOT / "examples" / f"{name}.yaml").read_text(encoding="utf-8"))
    agreement = compose(
        data["type"],
        data["answers"],
        data["lang"],
        library=repo_library,
        created_at=dt.datetime.fromisoformat(data["created_at"]),
    )
    assert check_fairness(agreement) == []


def test_broken_example_reports_every_mistake(repo_library: Library) -> None:
    data = yaml.safe_load((ROOT / "examples" / "feil" / "ugyldig.yaml").read_text(encoding="utf-8"))
    with pytest.raises(AnswersError) as err:
        compose(data["type"], data["answers"], data["lang"], library=repo_library, created_at=FIXED_TIME)
    locs = {p.loc[0] for p in err.value.problems if p.loc}
    assert {"provider", "commercial_use", "comercial_definition"} <= locs
