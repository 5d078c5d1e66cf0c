"""ODRL cases as data: tests/data/odrl/cases/<name>/{policy.*, request.json, expected.json}."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from engine.odrl import State, build_request, evaluate, parse_policies
from engine.odrl.vocab import compact

CASES = Path(__file__).parent / "data" / "odrl" / "cases"


def _cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.is_dir())


def _state(raw: dict[str, Any]) -> State:
    now = raw.get("now", "2024-02-12T10:00:00Z")
    return State(
        now=datetime.fromisoformat(now).replace(tzinfo=datetime.fromisoformat(now).tzinfo or UTC),
        part_of=raw.get("part_of", {}),
        duty_states=raw.get("duty_states", {}),
        context=raw.get("context", {}),
    )


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_case(case: Path) -> None:
    policy_file = next(case.glob("policy.*"))
    policies = parse_policies(policy_file.read_bytes(), source=policy_file)
    raw = json.loads((case / "request.json").read_text())
    request = build_request(raw.pop("assignee", None), raw.pop("action"), raw.pop("target", None), **raw)
    expected = json.loads((case / "expected.json").read_text())
    report = evaluate(policies, request, _state(expected.get("state", {})))
    assert report.decision == expected["decision"], report.explain("en")
    if "reason" in expected:
        assert report.reason == expected["reason"], report.explain("en")
    if "missing" in expected:
        assert [compact(m) for m in report.missing] == expected["missing"]
    if "duties_owed" in expected:
        assert [d.uid for d in report.duties_owed] == expected["duties_owed"]
    if "deciding_clauses" in expected:
        got = sorted({r.clause_number for r in report.deciding if r.clause_number})
        assert got == sorted(expected["deciding_clauses"]), report.explain("en")
    # every report renders in both languages and as FORCE RDF
    assert report.explain("nb") and report.explain("en")
    assert len(report.to_graph()) > 0


def test_cases_exist() -> None:
    assert len(_cases()) >= 25
