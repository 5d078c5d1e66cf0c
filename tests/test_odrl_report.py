"""The Report: decision and parts computed lazily, and the explicit seam to an RDF graph writer."""

from __future__ import annotations

from collections.abc import Iterator

from engine.odrl import ODRL, Action, Policy, Report, Rule, build_request, evaluate, set_graph_writer
from engine.odrl import report as report_module


def _policy() -> Policy:
    rules = tuple(
        Rule(kind="permission", uid=f"http://e/p#{a}", policy_uid="http://e/p", action=Action(iri=ODRL + a))
        for a in ("read", "print", "play")
    )
    return Policy(uid="http://e/p", permissions=rules)


def test_only_rules_for_the_action_decide_the_rest_come_on_demand() -> None:
    report = evaluate(_policy(), build_request(None, "read", None))
    assert report.decision == "permit" and [r.uid for r in report.deciding] == ["http://e/p#read"]
    assert [r.uid for r in report.rules] == ["http://e/p#read", "http://e/p#print", "http://e/p#play"]
    assert report.rules[0] is report.deciding[0]
    assert [r.active for r in report.rules] == [True, False, False]


class _FakeGraph:
    def __init__(self, report: Report) -> None:
        self.decision = report.decision

    def __len__(self) -> int:
        return 1

    def __iter__(self) -> Iterator[tuple[object, object, object]]:
        yield ("report", "decision", self.decision)

    def serialize(self, *, format: str) -> str:
        return f"{format}: {self.decision}"


def test_to_graph_uses_the_registered_writer() -> None:
    report = evaluate(_policy(), build_request(None, "read", None))
    previous = list(report_module._graph_writer)
    try:
        set_graph_writer(_FakeGraph)
        assert report.to_graph().serialize(format="turtle") == "turtle: permit"
    finally:
        report_module._graph_writer[:] = previous
    graph = report.to_graph()  # the built-in writer (rdflib) is back
    kinds = [str(o) for _, p, o in graph if str(p).endswith("#type") and str(o).endswith("PermissionReport")]
    assert len(kinds) == 3
