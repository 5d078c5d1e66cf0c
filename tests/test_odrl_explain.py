"""Words for people: explanations in both languages, follow-up questions, reasons per rule."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from engine.odrl import State, build_request, evaluate, missing_questions, parse_policies, parse_request

DATA = Path(__file__).parent / "data" / "odrl"
NOW = datetime(2024, 2, 12, tzinfo=UTC)


@pytest.fixture
def alice_report():  # type: ignore[no-untyped-def]
    policies = parse_policies((DATA / "policies" / "alice_read_until_2024.ttl").read_text())
    request = parse_request((DATA / "requests" / "alice_read_x.jsonld").read_text())
    return evaluate(policies, request, State(now=NOW))


def test_explain_both_languages(alice_report) -> None:  # type: ignore[no-untyped-def]
    assert alice_report.explain("nb").startswith("Ja, dette er tillatt")
    assert alice_report.explain("en").startswith("Yes, this is permitted")
    with pytest.raises(ValueError):
        alice_report.explain("de")
    d = alice_report.to_dict("en")
    assert d["decision"] == "permit" and d["rules"][0]["active"] is True


def test_missing_questions_and_structured_reason() -> None:
    ttl = (DATA / "cases" / "avt04_purpose_missing" / "policy.ttl").read_text()
    req = build_request("https://example.no/startup", "read", "https://example.no/datasett", spatial="NO")
    report = evaluate(parse_policies(ttl), req, State(now=NOW))
    assert missing_questions(report, "nb") == ["Hva er formålet med bruken?"]
    assert "Kan ikke bekreftes ennå" in report.explain("nb") and "punkt 7.1" in report.explain("nb")
    [proh] = [r for r in report.rules if r.clause_number == "7.1"]
    assert proh.pending and proh.reason("nb") == "mangler opplysning om formål"
    assert proh.reason("en") == "missing fact: purpose"
