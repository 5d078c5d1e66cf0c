"""Every pair of options, in both languages: the agreement composes, renders to PDF, and a fixed set of
probe requests gets the decision the options promise.

The expected decisions below are an oracle written from the option texts in DESIGN.md §3, independent of
the clause files: if a clause's policy fragment drifts from what its option promises, this fails.
"""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from engine.core.library import load_library
from engine.render import render_pdf
from engine.services.examples import ask, compose_example

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


def all_pairs(factors: dict[str, list[Any]], seed: int = 7) -> list[dict[str, Any]]:
    """A small set of rows covering every pair of option values (greedy, deterministic)."""
    names = list(factors)
    uncovered = {
        ((a, va), (b, vb))
        for a, b in itertools.combinations(names, 2)
        for va in factors[a]
        for vb in factors[b]
    }
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    while uncovered:
        (a, va), (b, vb) = min(uncovered, key=repr)  # always cover at least one new pair
        best, best_gain = None, -1
        for _ in range(40):
            row = {n: rng.choice(factors[n]) for n in names}
            row[a], row[b] = va, vb
            gain = sum(((x, row[x]), (y, row[y])) in uncovered for x, y in itertools.combinations(names, 2))
            if gain > best_gain:
                best, best_gain = row, gain
        assert best is not None
        rows.append(best)
        uncovered -= {((x, best[x]), (y, best[y])) for x, y in itertools.combinations(names, 2)}
    return rows


ROWS = all_pairs(FACTORS)


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
        ("a purpose not listed", {**base, "action": "use", "purpose": "dpv:ServiceProvision"},
         "deny" if row["purpose_limitation"] or broad_ban else "permit"),
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


def test_rows_cover_every_pair() -> None:
    for a, b in itertools.combinations(FACTORS, 2):
        seen = {(r[a], r[b]) for r in ROWS}
        assert seen == set(itertools.product(FACTORS[a], FACTORS[b])), (a, b)


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
