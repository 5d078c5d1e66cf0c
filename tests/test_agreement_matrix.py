"""Every pair of options, in both languages: the agreement composes, renders to PDF, and a fixed set of
probe requests gets the decision the options promise.

The expected decisions below are an oracle written from the option texts in DESIGN.md §3, independent of
the clause files: if a clause's policy fragment drifts from what its option promises, this fails. Rows are
only combinations the agreement type's option rules accept; a pair no accepted row covers must be refused
on its own (tests/test_option_rules.py checks the rules themselves).
"""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from engine.core.library import load_library
from engine.core.rules import resolve, violations
from engine.errors import AnswersError
from engine.render import render_pdf
from engine.services.examples import ask, compose_example, example_answers

FACTORS: dict[str, list[Any]] = {
    "commercial_use": ["allowed", "not_allowed", "allowed_for_fee", "allowed_after_notice"],
    "ai_training": ["none", "benchmarking", "research", "internal", "publish_model", "commercialise_outputs",
                    "commercialise_model"],
    "fee_model": ["free", "fixed", "per_use", "subscription", "cost_based", "data_in_return"],
    "onward_transfer": ["not_allowed", "affiliates", "customers_in_product", "same_terms"],
    "personal_data": ["none", "anonymised", "pseudonymised", "personal"],
    "territory": ["norway", "eea", "worldwide"],
    "term_type": ["fixed", "until_notice", "per_project"],
    "derivatives": ["allowed", "not_allowed", "share_alike"],
    "attribution": ["required", "not_required", "confidential"],
    "liability_cap": ["fees_12_months", "fixed_amount", "none"],
    "commercial_definition": ["narrow", "broad"],
    "purpose_limitation": [True, False],
    "invest_right": [False, True],
    "revenue_share": [False, True],
}
TIERS = FACTORS["ai_training"]
IN_TERM, AFTER_TERM = "2027-06-01", "2030-06-01"  # stand-in term: 2027-01-01 .. 2029-12-31


AGREEMENT_TYPE = load_library().types["datadeling"]


def accepted(row: dict[str, Any]) -> bool:
    """Whether the option rules accept the row (over the defaults and the examples' stand-ins)."""
    return not violations(AGREEMENT_TYPE, resolve(AGREEMENT_TYPE, example_answers(AGREEMENT_TYPE, row, "nb")))


def excluded_together(a: str, va: Any, b: str, vb: Any) -> bool:
    """Whether a rule that reads both questions refuses the pair on its own."""
    values = resolve(AGREEMENT_TYPE, example_answers(AGREEMENT_TYPE, {a: va, b: vb}, "nb"))
    return any({a, b} <= set(v.rule.questions) for v in violations(AGREEMENT_TYPE, values))


def all_pairs(
    factors: dict[str, list[Any]], seed: int = 7
) -> tuple[list[dict[str, Any]], set[tuple[tuple[str, Any], tuple[str, Any]]]]:
    """Accepted rows covering every pair of option values that some accepted row can hold (greedy,
    deterministic), and the pairs no accepted row was found for."""
    names = list(factors)
    uncovered = {
        ((a, va), (b, vb))
        for a, b in itertools.combinations(names, 2)
        for va in factors[a]
        for vb in factors[b]
    }
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    infeasible: set[tuple[tuple[str, Any], tuple[str, Any]]] = set()
    while uncovered:
        (a, va), (b, vb) = min(uncovered, key=repr)  # always cover at least one new pair
        best, best_gain = None, -1
        tries = 0 if excluded_together(a, va, b, vb) else 200  # a rule refuses the pair: no row can hold it
        for attempt in range(tries):
            row = {n: rng.choice(factors[n]) for n in names}
            row[a], row[b] = va, vb
            gain = sum(((x, row[x]), (y, row[y])) in uncovered for x, y in itertools.combinations(names, 2))
            if gain > best_gain and accepted(row):
                best, best_gain = row, gain
            if best is not None and attempt >= 40:
                break
        if best is None:
            infeasible.add(((a, va), (b, vb)))
            uncovered.discard(((a, va), (b, vb)))
            continue
        rows.append(best)
        uncovered -= {((x, best[x]), (y, best[y])) for x, y in itertools.combinations(names, 2)}
    return rows, infeasible


ROWS, EXCLUDED = all_pairs(FACTORS)


def probes(row: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    """(name, request, expected decision) that the options in ``row`` promise."""
    base = {"purpose": "dpv:AcademicResearch", "spatial": "NO", "at": IN_TERM}
    broad_ban = row["commercial_use"] == "not_allowed" and row["commercial_definition"] == "broad"
    out = [
        ("commercial use", {**base, "action": "use", "purpose": "dpv:CommercialResearch"},
         "deny" if row["commercial_use"] == "not_allowed" else "permit"),
        ("redistribution", {**base, "action": "distribute", "recipient": "avt:thirdParty"},
         "permit" if row["onward_transfer"] == "same_terms" else "deny"),
        ("use after the term", {**base, "action": "use", "at": AFTER_TERM},
         "permit" if row["term_type"] == "until_notice" else "deny"),
        ("use outside the EEA", {**base, "action": "use", "spatial": "US"},
         "permit" if row["territory"] == "worldwide" else "deny"),
        ("use in Sweden", {**base, "action": "use", "spatial": "SE"},
         "deny" if row["territory"] == "norway" else "permit"),
        ("re-identification", {**base, "action": "reidentify"}, "deny"),
        # Providing services counts as commercial only under the broad definition.
        # Personal data is always purpose-bound, whatever purpose_limitation says.
        ("a purpose not listed", {**base, "action": "use", "purpose": "dpv:ServiceProvision"},
         "deny" if row["purpose_limitation"] or broad_ban or row["personal_data"] in ("pseudonymised", "personal")
         else "permit"),
        ("ordinary research use", {**base, "action": "use"}, "permit"),
    ]
    chosen = TIERS.index(row["ai_training"])
    for rank, tier in enumerate(TIERS[1:], start=1):
        expected = "permit" if chosen and rank <= chosen else "deny"
        out.append((f"AI training at tier {tier}", {**base, "action": "trainModel", "aiTrainingTier": tier},
                    expected))
    return out


@pytest.fixture(scope="module")
def library():
    return load_library()


def test_rows_cover_every_pair(library) -> None:
    for a, b in itertools.combinations(FACTORS, 2):
        seen = {(r[a], r[b]) for r in ROWS}
        missing = set(itertools.product(FACTORS[a], FACTORS[b])) - seen
        assert missing == {(va, vb) for (x, va), (y, vb) in EXCLUDED if (x, y) == (a, b)}, (a, b)
    assert EXCLUDED, "the option rules exclude some pairs (e.g. share alike with no onward transfer)"
    for (a, va), (b, vb) in EXCLUDED:  # an uncovered pair is one the rules refuse, located at its questions
        with pytest.raises(AnswersError) as err:
            compose_example(library, AGREEMENT_TYPE, {a: va, b: vb}, "nb")
        assert {a, b} & {p.loc[0] for p in err.value.problems if p.loc}, (a, va, b, vb)


@pytest.mark.slow
@pytest.mark.pdf
@pytest.mark.parametrize("row", ROWS, ids=[f"row{i:02d}" for i in range(len(ROWS))])
def test_option_combination(library, row: dict[str, Any]) -> None:
    agreement_type = library.types["datadeling"]
    for lang in ("nb", "en"):
        agreement = compose_example(library, agreement_type, row, lang)
        pdf = render_pdf(agreement)
        assert pdf.startswith(b"%PDF") and len(pdf) < 3_000_000
        wrong = []
        for name, request, expected in probes(row):
            report = ask(agreement, request)
            if report.decision != expected:
                wrong.append(f"{name}: got {report.decision}, expected {expected} — {report.explain('en')}")
        assert not wrong, f"{lang} {row}:\n" + "\n".join(wrong)
