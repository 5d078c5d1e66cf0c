"""Compile policies and requests once: rules indexed by action, right operands typed, terms resolved.

A ``CompiledPolicy`` is what evaluation reads; it is cached on its ``Policy`` (per vocabulary), so
evaluating many requests against one policy compiles it once. Pure: standard library and the model only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from engine.errors import PolicyError
from engine.odrl import values as V
from engine.odrl.model import (
    Action,
    AnyConstraint,
    Asset,
    Constraint,
    LogicalConstraint,
    Party,
    Policy,
    Request,
    Rule,
    Term,
)
from engine.odrl.state import Facts, Units
from engine.odrl.vocab import ODRL, OPERATORS, Vocabulary, default_vocabulary, local_name

PURPOSE = ODRL + "purpose"
MAX_NESTING = 64
"""Deepest nesting of logical constraints accepted."""


@dataclass(slots=True)
class CompiledConstraint:
    """``left op rights`` with typed right operands; ``op`` is None for an operator we do not know."""

    src: Constraint
    left: str
    op: str | None
    rights: tuple[V.Value, ...]
    ref: str | None
    unit: str | None
    text: str


@dataclass(slots=True)
class CompiledLogic:
    """``or`` / ``xone`` / ``and`` / ``andSequence`` over compiled constraints."""

    src: LogicalConstraint
    op: str
    children: tuple[CompiledConstraint | CompiledLogic, ...]
    text: str


AnyCompiled = CompiledConstraint | CompiledLogic


@dataclass(slots=True)
class CompiledRule:
    """One atomic rule, ready to check: resolved action, compiled refinements and constraints."""

    rule: Rule
    kind: str
    action: str
    action_refinements: tuple[AnyCompiled, ...]
    target: Asset | None
    target_refinements: tuple[AnyCompiled, ...]
    assignee: Party | None
    assignee_refinements: tuple[AnyCompiled, ...]
    constraints: tuple[AnyCompiled, ...]


@dataclass(slots=True)
class CompiledPolicy:
    """A policy's rules compiled, permissions and prohibitions indexed by action."""

    policy: Policy
    rules: list[CompiledRule]
    by_action: dict[str, list[CompiledRule]]
    obligations: list[CompiledRule]
    conflict: str
    part_of: Mapping[str, tuple[str, ...]]
    vocab_id: int = 0


@dataclass(slots=True)
class CompiledRequest:
    """A request with its action resolved, the actions that include it, and its facts typed."""

    request: Request
    action: str
    ancestors: frozenset[str]
    facts: Facts
    units: Units
    vocab_id: int = 0


def compile_constraint(c: AnyConstraint, vocab: Vocabulary, depth: int = 0) -> AnyCompiled:
    if depth > MAX_NESTING:
        raise PolicyError(f"logical constraints are nested more than {MAX_NESTING} levels deep", code="policy.invalid")
    if isinstance(c, LogicalConstraint):
        kids = tuple(compile_constraint(k, vocab, depth + 1) for k in c.constraints)
        return CompiledLogic(c, local_name(c.operator), kids, c.short())
    left = vocab.resolve(c.left_operand)
    kind = V.expected_kind(left)
    terms = c.right_operand
    if c.data_type:
        terms = tuple(t if t.is_iri or t.datatype else Term(value=t.value, datatype=c.data_type) for t in terms)
    rights = tuple(V.from_term(t, kind, vocab) for t in terms)
    op = local_name(c.operator) if c.operator in OPERATORS else None
    ref = vocab.resolve(c.right_operand_reference) if c.right_operand_reference else None
    return CompiledConstraint(c, left, op, rights, ref, c.unit, c.short())


def compile_rule(rule: Rule, vocab: Vocabulary) -> CompiledRule:
    action = vocab.resolve(rule.action.iri)
    constraints = [compile_constraint(c, vocab) for c in rule.constraints]
    if action in vocab.interpreted:
        # Profile: odrl:commercialize / cc:CommercialUse = use for a commercial purpose.
        action, purpose = vocab.interpreted[action]
        extra = Constraint(left_operand=PURPOSE, operator=ODRL + "isA", right_operand=(Term.iri(purpose),))
        constraints.append(compile_constraint(extra, vocab))

    def refs(x: Action | Asset | Party | None) -> tuple[AnyCompiled, ...]:
        return tuple(compile_constraint(c, vocab) for c in x.refinements) if x else ()

    return CompiledRule(
        rule,
        rule.kind,
        action,
        refs(rule.action),
        rule.target,
        refs(rule.target),
        rule.assignee,
        refs(rule.assignee),
        tuple(constraints),
    )


def compile_policy(policy: Policy, vocab: Vocabulary | None = None) -> CompiledPolicy:
    """Index a policy's rules by action and type its right operands; cached on the policy."""
    vocab = vocab or default_vocabulary()
    cached = policy._compiled
    if isinstance(cached, CompiledPolicy) and cached.vocab_id == id(vocab):
        return cached
    rules = [compile_rule(r, vocab) for r in policy.rules]
    by_action: dict[str, list[CompiledRule]] = {}
    for cr in rules:
        if cr.kind in ("permission", "prohibition"):
            by_action.setdefault(cr.action, []).append(cr)
    conflict = local_name(policy.conflict) if policy.conflict else "invalid"
    cp = CompiledPolicy(
        policy,
        rules,
        by_action,
        [r for r in rules if r.kind == "obligation"],
        conflict,
        policy.part_of,
        id(vocab),
    )
    policy._compiled = cp
    return cp


def compile_request(request: Request, vocab: Vocabulary | None = None) -> CompiledRequest:
    """Resolve the request's action (and the profile's interpreted actions) and type its facts; cached."""
    vocab = vocab or default_vocabulary()
    cached = request._compiled
    if isinstance(cached, CompiledRequest) and cached.vocab_id == id(vocab):
        return cached
    action = vocab.resolve(request.action)
    facts: Facts = {}
    for left, terms in request.facts.items():
        left_iri = vocab.resolve(left)
        kind = V.expected_kind(left_iri)
        facts[left_iri] = tuple(V.from_term(t, kind, vocab) for t in terms)
    if action in vocab.interpreted:
        action, purpose = vocab.interpreted[action]
        facts.setdefault(PURPOSE, (V.Iri(purpose),))
    units = {vocab.resolve(k): v for k, v in request.units.items()}
    cr = CompiledRequest(request, action, vocab.action_ancestors(action), facts, units, id(vocab))
    request._compiled = cr
    return cr


__all__ = [
    "AnyCompiled",
    "CompiledConstraint",
    "CompiledLogic",
    "CompiledPolicy",
    "CompiledRequest",
    "CompiledRule",
    "compile_constraint",
    "compile_policy",
    "compile_request",
    "compile_rule",
]
