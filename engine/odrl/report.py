"""The outcome of ``evaluate``: decision, per-rule reports, duties owed, missing facts — and its views.

``Report.explain()``, ``questions()`` and ``to_dict()`` are the words for people (``explain``);
``Report.to_graph()`` is the FORCE compliance report as an RDF graph. Writing RDF is the RDF adapter's job,
so ``to_graph`` goes through one explicit seam: the graph writer registered with ``set_graph_writer``.
The public facade ``engine.odrl`` registers ``engine.rdf``'s writer (imported on first use), so every
program that imports ``engine.odrl`` gets graphs; tests and other adapters may register their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Protocol

from engine.errors import PolicyError
from engine.odrl.explain import explain, missing_questions, report_to_dict
from engine.odrl.model import Json, Policy, Request
from engine.odrl.results import Decision, DutyReport, PolicyOutcome, RuleReport
from engine.odrl.state import State


class RdfGraph(Protocol):
    """What ``Report.to_graph()`` returns: an RDF graph (an ``rdflib.Graph`` from the built-in writer)."""

    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[tuple[object, object, object]]: ...
    def serialize(self, *, format: str) -> str | bytes | object: ...


GraphWriter = Callable[["Report"], RdfGraph]
"""Writes a report as an RDF graph (FORCE compliance-report vocabulary)."""

_graph_writer: list[GraphWriter] = []


def set_graph_writer(writer: GraphWriter) -> None:
    """Register the function ``Report.to_graph()`` calls (the last one registered wins)."""
    _graph_writer[:] = [writer]


class Report:
    """The outcome of ``evaluate``: decision, per-rule reports, duties owed and missing facts.

    ``reason`` is a code: permitted, prohibited, conflict, pending-facts, duty-violated, no-permission.
    ``rules`` has one RuleReport per atomic rule of every policy; it is built on first access (by
    ``all_rules``, given by ``evaluate``) so the decision itself stays cheap.
    """

    __slots__ = ("_all_rules", "_rules", "decision", "outcomes", "reason", "request", "state")

    def __init__(
        self,
        decision: Decision,
        reason: str,
        outcomes: list[PolicyOutcome],
        request: Request,
        state: State,
        all_rules: Callable[[], list[RuleReport]],
    ) -> None:
        self.decision: Decision = decision
        self.reason = reason
        self.outcomes = outcomes
        self.request = request
        self.state = state
        self._all_rules = all_rules
        self._rules: list[RuleReport] | None = None

    def __repr__(self) -> str:
        return f"Report(decision={self.decision!r}, reason={self.reason!r}, missing={self.missing!r})"

    @property
    def permitted(self) -> bool:
        return self.decision == "permit"

    @property
    def policies(self) -> list[Policy]:
        return [o.policy for o in self.outcomes]

    @property
    def deciding(self) -> list[RuleReport]:
        return [r for o in self.outcomes if o.decision == self.decision for r in o.deciding]

    @property
    def rules(self) -> list[RuleReport]:
        if self._rules is None:
            self._rules = self._all_rules()
        return self._rules

    @property
    def duties_owed(self) -> list[DutyReport]:
        """Duties not yet fulfilled on the permissions that grant this request."""
        if self.decision != "permit":
            return []
        return [d for r in self.deciding if r.kind == "permission" for d in r.duties if d.state == "NonSet"]

    @property
    def remedies(self) -> list[DutyReport]:
        return [d for r in self.deciding if r.kind == "prohibition" for d in r.remedies]

    @property
    def obligations(self) -> list[RuleReport]:
        return [r for r in self.rules if r.kind == "obligation"]

    @property
    def missing(self) -> list[str]:
        """Left operands (or target/assignee) that a rule relevant to this request needs but nobody gave."""
        out: dict[str, None] = {}
        for o in self.outcomes:
            for r in o.candidates:
                if r.pending:
                    out.update(dict.fromkeys(r.missing))
        return list(out)

    def to_graph(self) -> RdfGraph:
        """The report as an RDF graph in the FORCE compliance-report vocabulary (see ``set_graph_writer``)."""
        if not _graph_writer:
            raise PolicyError("no RDF graph writer is registered; import engine.odrl", code="policy.invalid")
        return _graph_writer[0](self)

    def explain(self, lang: str = "nb") -> str:
        return explain(self, lang)

    def questions(self, lang: str = "nb") -> list[str]:
        return missing_questions(self, lang)

    def to_dict(self, lang: str = "nb") -> dict[str, Json]:
        return report_to_dict(self, lang)


__all__ = ["GraphWriter", "RdfGraph", "Report", "set_graph_writer"]
