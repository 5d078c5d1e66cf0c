"""What evaluation finds per rule: premises (target, party, action, constraint), duty states, rule reports.

These are the parts a ``Report`` is made of (and what the FORCE compliance report writes); the
decision itself and the ``Report`` live in ``report``, the words for people in ``explain``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from engine.odrl import values as V
from engine.odrl.explain import rule_reason
from engine.odrl.model import AnyConstraint, Policy, Rule

Decision = Literal["permit", "deny", "not-applicable"]
PremiseKind = Literal["target", "party", "action", "constraint"]


@dataclass(slots=True)
class Premise:
    """One premise of a rule (target, party, action or constraint) and whether it held."""

    kind: PremiseKind
    satisfied: bool
    expected: str = ""
    actual: tuple[V.Value, ...] = ()
    reason: str | None = None
    """Why it failed: missing, type-mismatch, unit-mismatch, no-match, false, unknown-operator,
    missing-reference, empty."""
    pending: bool = False
    """Unsatisfied only because facts are missing: supplying them could change the outcome."""
    missing: tuple[str, ...] = ()
    constraint: AnyConstraint | None = None
    operator: str | None = None
    children: tuple[Premise, ...] = ()

    def describe(self) -> str:
        got = ", ".join(V.show(v) for v in self.actual) or "—"
        return f"{self.kind} {self.expected}: {'ok' if self.satisfied else self.reason} (value {got})"


@dataclass(slots=True)
class DutyReport:
    """A duty (or remedy / consequence) and its deontic state."""

    duty: Rule
    state: str
    rule_uid: str
    consequences: tuple[DutyReport, ...] = ()

    @property
    def uid(self) -> str:
        return self.duty.uid

    @property
    def action(self) -> str:
        return self.duty.action.iri

    @property
    def clause_number(self) -> str | None:
        return self.duty.clause_number


@dataclass(slots=True)
class RuleReport:
    """How one atomic rule fared: its premises, whether it is active, its duties."""

    rule: Rule
    policy_uid: str
    active: bool
    premises: tuple[Premise, ...]
    duties: tuple[DutyReport, ...] = ()
    remedies: tuple[DutyReport, ...] = ()
    consequences: tuple[DutyReport, ...] = ()
    deontic_state: str | None = None
    pending: bool = False

    @property
    def kind(self) -> str:
        return self.rule.kind

    @property
    def uid(self) -> str:
        return self.rule.uid

    @property
    def clause_id(self) -> str | None:
        return self.rule.clause_id

    @property
    def clause_number(self) -> str | None:
        return self.rule.clause_number

    @property
    def clause_version(self) -> str | None:
        return self.rule.clause_version

    @property
    def failed(self) -> tuple[Premise, ...]:
        return tuple(p for p in self.premises if not p.satisfied)

    @property
    def missing(self) -> tuple[str, ...]:
        out: dict[str, None] = {}
        for p in self.premises:
            if not p.satisfied:
                out.update(dict.fromkeys(p.missing))
        return tuple(out)

    @property
    def action_matched(self) -> bool:
        return all(p.satisfied for p in self.premises if p.kind == "action")

    def reason(self, lang: str = "nb") -> str:
        """Why the rule is (in)active, in words: the first failed premise, or a breached duty."""
        return rule_reason(self, lang)


@dataclass
class PolicyOutcome:
    """The decision of one policy, with the rules that decided it."""

    policy: Policy
    decision: Decision
    reason: str
    deciding: list[RuleReport] = field(default_factory=list)
    """Active permissions (permit), active or pending prohibitions (deny), both on a conflict."""
    candidates: list[RuleReport] = field(default_factory=list)


__all__ = ["Decision", "DutyReport", "PolicyOutcome", "Premise", "PremiseKind", "RuleReport"]
