"""``engine.services.summary``: the rights summary and the fairness flags, for display."""

from __future__ import annotations

import pytest

from engine import compose, load_library
from engine.services.summary import fairness_view, rights_summary, summary_groups
from tests.helpers import FIXED_TIME, MINI, make_answers


def test_summary_in_the_readers_language_grouped_may_may_not_must() -> None:
    agreement = compose("mini", make_answers(), "nb", library=load_library(MINI), created_at=FIXED_TIME)
    assert [r.text for r in rights_summary(agreement)] == [
        "Bruke dataene",
        "Bruke dataene til formål: kommersielt formål",
    ], "by default in the agreement's language"
    groups = summary_groups(agreement, "en")
    assert [g.kind for g in groups] == ["may", "may_not", "must"]
    assert [r.text for r in groups[0].rows] == ["Use the data"] and groups[2].rows == ()


@pytest.mark.slow
def test_fairness_flags_name_the_clause_and_the_answer(repo_library) -> None:
    from engine.core.samples import fill_missing

    lib = repo_library
    t = lib.agreement_type("datadeling")
    answers = fill_missing(t, {"liability_cap": "fixed_amount", "liability_cap_amount": 0}, "nb")
    agreement = compose(t, answers, "nb", library=lib, created_at=FIXED_TIME)
    [flag] = [f for f in fairness_view(agreement, t, "nb") if f.level == "red"]
    number = agreement.numbering()["liability"]
    question = t.question("liability_cap_amount")
    assert question is not None
    assert flag.badge == "Urimelig" and flag.where == f"punkt {number} · gjelder svaret «{question.label['nb']}»"
    assert flag.reason.startswith("Et ansvarstak på kr 0")
    [english] = [f for f in fairness_view(agreement, t, "en") if f.level == "red"]
    assert english.badge == "Unfair" and english.reason.startswith("A liability cap of NOK 0")
