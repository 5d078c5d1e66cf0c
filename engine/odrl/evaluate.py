"""Evaluate ODRL policies against a request in a state of the world (access-control scenario).

Follows the W3C ODRL Formal Semantics draft: a rule is *active* when its target, assignee, action
(with the ``includedIn`` hierarchy) and every constraint are satisfied; a Violated duty makes its
permission inactive; an active prohibition denies. A fact the request and state do not supply makes its
constraint Unsatisfied and is listed in ``Report.missing`` (fail closed).

Policies are compiled once (rules indexed by action, right operands typed, vocabulary closures
precomputed) and cached on the ``Policy`` object, so evaluating many requests is cheap. Deny, conflict
and unmet duties are ``Report`` values, never exceptions. Pure: no rdflib, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from engine.errors import PolicyError
from engine.odrl import _values as V
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
from engine.odrl.vocab import (
    AVT,
    DUTY_STATES,
    ODRL,
    OPERATORS,
    Vocabulary,
    default_vocabulary,
    expand,
    local_name,
)

Decision = Literal["permit", "deny", "not-applicable"]
PremiseKind = Literal["target", "party", "action", "constraint"]

DATETIME = ODRL + "dateTime"
PURPOSE = ODRL + "purpose"
TARGET = ODRL + "target"
ASSIGNEE = ODRL + "assignee"


# --------------------------------------------------------------------------------------------- state


class State:
    """The state of the world a request is evaluated in.

    ``part_of`` maps a party or asset IRI to the collections it belongs to; ``duty_states`` maps a duty
    IRI (or an action such as ``"attribute"``) to NonSet | Fulfilled | Violated; ``context`` holds facts
    keyed by left operand (``"purpose"``, ``"spatial"``, ``"odrl:count"``, a full IRI).
    """

    __slots__ = ("_cache", "context", "duty_states", "now", "part_of")

    def __init__(
        self,
        now: datetime | None = None,
        part_of: Mapping[str, Iterable[str]] | None = None,
        duty_states: Mapping[str, str] | None = None,
        context: Mapping[str, object] | None = None,
    ) -> None:
        now = now or datetime.now(UTC)
        self.now = now if now.tzinfo else now.replace(tzinfo=UTC)
        self.part_of: dict[str, tuple[str, ...]] = {
            expand(k, None): tuple(expand(v, None) for v in ([vs] if isinstance(vs, str) else vs))
            for k, vs in (part_of or {}).items()
        }
        self.duty_states: dict[str, str] = {}
        for key, raw in (duty_states or {}).items():
            value = local_name(str(raw)).casefold()
            match = next((s for s in DUTY_STATES if s.casefold() == value), None)
            if match is None:
                raise PolicyError(
                    f"unknown duty state {raw!r} for {key!r}; use NonSet, Fulfilled or Violated",
                    loc=("state", "duty_states", key),
                )
            self.duty_states[key] = match
            self.duty_states.setdefault(expand(key), match)
        self.context: dict[str, object] = dict(context or {})
        self._cache: tuple[int, dict[str, tuple[Any, ...]], dict[str, str]] | None = None

    def __repr__(self) -> str:
        return f"State(now={self.now.isoformat()}, context={self.context!r})"

    def facts(self, vocab: Vocabulary) -> tuple[dict[str, tuple[Any, ...]], dict[str, str]]:
        """Context facts as typed values, keyed by left-operand IRI (computed once per vocabulary)."""
        if self._cache is not None and self._cache[0] == id(vocab):
            return self._cache[1], self._cache[2]
        facts: dict[str, tuple[Any, ...]] = {}
        units: dict[str, str] = {}
        for key, raw in self.context.items():
            left = left_operand_iri(key, vocab)
            raws: Iterable[Any]
            if isinstance(raw, Mapping) and "value" in raw:
                if raw.get("unit"):
                    units[left] = expand(str(raw["unit"]), None)
                raw = raw["value"]
            raws = raw if isinstance(raw, list | tuple | set | frozenset) else (raw,)
            kind = V.expected_kind(left)
            facts[left] = tuple(V.from_python(r, kind, vocab) for r in raws)
        self._cache = (id(vocab), facts, units)
        return facts, units


def left_operand_iri(name: str, vocab: Vocabulary) -> str:
    """``"purpose"`` -> odrl:purpose, ``"aiTrainingTier"`` -> avt:aiTrainingTier, IRIs unchanged."""
    if ":" in name:
        return vocab.resolve(expand(name))
    for ns in (ODRL, AVT):
        if ns + name in vocab.left_operands:
            return ns + name
    return ODRL + name


# --------------------------------------------------------------------------------------------- reports


@dataclass(slots=True)
class Premise:
    """One premise of a rule (target, party, action or constraint) and whether it held."""

    kind: PremiseKind
    satisfied: bool
    expected: str = ""
    actual: tuple[Any, ...] = ()
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
        from engine.odrl.report import rule_reason

        return rule_reason(self, lang)


# --------------------------------------------------------------------------------------------- compile


@dataclass(slots=True)
class _Leaf:
    src: Constraint
    left: str
    op: str | None
    rights: tuple[Any, ...]
    ref: str | None
    unit: str | None
    text: str


@dataclass(slots=True)
class _Logic:
    src: LogicalConstraint
    op: str
    children: tuple[_Leaf | _Logic, ...]
    text: str


_C = _Leaf | _Logic


@dataclass(slots=True)
class _CRule:
    rule: Rule
    kind: str
    action: str
    action_refinements: tuple[_C, ...]
    target: Asset | None
    target_refinements: tuple[_C, ...]
    assignee: Party | None
    assignee_refinements: tuple[_C, ...]
    constraints: tuple[_C, ...]


@dataclass(slots=True)
class _CPolicy:
    policy: Policy
    rules: list[_CRule]
    by_action: dict[str, list[_CRule]]
    obligations: list[_CRule]
    conflict: str
    part_of: Mapping[str, tuple[str, ...]]
    vocab_id: int = 0


@dataclass(slots=True)
class _CRequest:
    request: Request
    action: str
    ancestors: frozenset[str]
    facts: dict[str, tuple[Any, ...]]
    units: dict[str, str]
    vocab_id: int = 0


def _compile_constraint(c: AnyConstraint, vocab: Vocabulary, depth: int = 0) -> _C:
    if depth > 64:
        raise PolicyError("logical constraints are nested more than 64 levels deep", code="policy.invalid")
    if isinstance(c, LogicalConstraint):
        kids = tuple(_compile_constraint(k, vocab, depth + 1) for k in c.constraints)
        return _Logic(c, local_name(c.operator), kids, c.short())
    left = vocab.resolve(c.left_operand)
    kind = V.expected_kind(left)
    terms = c.right_operand
    if c.data_type:
        terms = tuple(t if t.is_iri or t.datatype else Term(value=t.value, datatype=c.data_type) for t in terms)
    rights = tuple(V.from_term(t, kind, vocab) for t in terms)
    op = local_name(c.operator) if c.operator in OPERATORS else None
    ref = vocab.resolve(c.right_operand_reference) if c.right_operand_reference else None
    return _Leaf(c, left, op, rights, ref, c.unit, c.short())


def _compile_rule(rule: Rule, vocab: Vocabulary) -> _CRule:
    action = vocab.resolve(rule.action.iri)
    constraints = [_compile_constraint(c, vocab) for c in rule.constraints]
    if action in vocab.interpreted:
        # Profile: odrl:commercialize / cc:CommercialUse = use for a commercial purpose.
        action, purpose = vocab.interpreted[action]
        extra = Constraint(left_operand=PURPOSE, operator=ODRL + "isA", right_operand=(Term.iri(purpose),))
        constraints.append(_compile_constraint(extra, vocab))

    def refs(x: Action | Asset | Party | None) -> tuple[_C, ...]:
        return tuple(_compile_constraint(c, vocab) for c in x.refinements) if x else ()

    return _CRule(
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


def compile_policy(policy: Policy, vocab: Vocabulary | None = None) -> _CPolicy:
    """Index a policy's rules by action and type its right operands; cached on the policy."""
    vocab = vocab or default_vocabulary()
    cached = policy._compiled
    if cached is not None and cached.vocab_id == id(vocab):
        return cached
    rules = [_compile_rule(r, vocab) for r in policy.rules]
    by_action: dict[str, list[_CRule]] = {}
    for cr in rules:
        if cr.kind in ("permission", "prohibition"):
            by_action.setdefault(cr.action, []).append(cr)
    conflict = local_name(policy.conflict) if policy.conflict else "invalid"
    cp = _CPolicy(
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


def _compile_request(request: Request, vocab: Vocabulary) -> _CRequest:
    cached = request._compiled
    if cached is not None and cached.vocab_id == id(vocab):
        return cached
    action = vocab.resolve(request.action)
    facts: dict[str, tuple[Any, ...]] = {}
    for left, terms in request.facts.items():
        left_iri = vocab.resolve(left)
        kind = V.expected_kind(left_iri)
        facts[left_iri] = tuple(V.from_term(t, kind, vocab) for t in terms)
    if action in vocab.interpreted:
        action, purpose = vocab.interpreted[action]
        facts.setdefault(PURPOSE, (V.Iri(purpose),))
    units = {vocab.resolve(k): v for k, v in request.units.items()}
    cr = _CRequest(request, action, vocab.action_ancestors(action), facts, units, id(vocab))
    request._compiled = cr
    return cr


# --------------------------------------------------------------------------------------------- checks


class _Env:
    """Facts and closures for one evaluation; ancestors are memoised per evaluation."""

    __slots__ = ("_anc", "any_mode", "duty_states", "facts", "maps", "now", "units", "vocab")

    def __init__(
        self,
        vocab: Vocabulary,
        facts: dict[str, tuple[Any, ...]],
        units: dict[str, str],
        now: datetime,
        maps: list[Mapping[str, tuple[str, ...]]],
        duty_states: Mapping[str, str],
    ) -> None:
        self.vocab = vocab
        self.facts = facts
        self.units = units
        self.now = now
        self.maps = maps
        self.duty_states = duty_states
        self.any_mode = False
        self._anc: dict[str, frozenset[str]] = {}

    def use_policy_map(self, part_of: Mapping[str, tuple[str, ...]], base: int) -> None:
        """Switch the policy-graph ``partOf`` facts; the memo is dropped only when they change."""
        if len(self.maps) > base:
            del self.maps[base:]
            self._anc.clear()
        if part_of:
            self.maps.append(part_of)
            self._anc.clear()

    def ancestors(self, x: str) -> frozenset[str]:
        """x plus every collection, broader concept, containing place or including action (cycle-safe)."""
        hit = self._anc.get(x)
        if hit is not None:
            return hit
        v = self.vocab
        seen = {x}
        stack = [x]
        while stack:
            n = stack.pop()
            for src in (v.broader, v.part_of, v.included_in):
                up = src.get(n)
                if up:
                    for p in up:
                        if p not in seen:
                            seen.add(p)
                            stack.append(p)
            for m in self.maps:
                for p in m.get(n, ()):
                    if p not in seen:
                        seen.add(p)
                        stack.append(p)
        out = frozenset(seen)
        self._anc[x] = out
        return out

    def duty_state(self, duty: Rule) -> str:
        ds = self.duty_states
        if not ds:
            return "NonSet"
        return ds.get(duty.uid) or ds.get(duty.action.iri) or ds.get(local_name(duty.action.iri)) or "NonSet"


def _member(x: str | None, of: str, env: _Env) -> bool:
    return x is not None and (x == of or of in env.ancestors(x))


def _as_iri(v: Any, env: _Env) -> V.Iri | None:
    if isinstance(v, V.Iri):
        return v
    if isinstance(v, str):
        return V.to_iri(v, env.vocab)
    return None


def _is_a(v: Any, r: Any, env: _Env) -> bool | None:
    a, b = _as_iri(v, env), _as_iri(r, env)
    if a is None or b is None:
        eq = V.equal(v, r, env.vocab)
        return True if eq else None
    return a == b or b in env.ancestors(a)


def _any_of(v: Any, rights: tuple[Any, ...], env: _Env) -> bool | None:
    seen_type = False
    for r in rights:
        eq = V.equal(v, r, env.vocab)
        if eq:
            return True
        isa = _is_a(v, r, env) if isinstance(r, V.Iri) or isinstance(v, V.Iri) else None
        if isa:
            return True
        if eq is not None or isa is not None:
            seen_type = True
    return False if seen_type else None


def _test(op: str, v: Any, rights: tuple[Any, ...], env: _Env) -> bool | None:
    vocab = env.vocab
    if op == "eq":
        results = [V.equal(v, r, vocab) for r in rights]
        return True if True in results else (False if False in results else None)
    if op == "neq":
        results = [V.equal(v, r, vocab) for r in rights]
        return None if None in results else not any(results)
    if op in ("lt", "lteq", "gt", "gteq"):
        ok = True
        for r in rights:
            c = V.compare(v, r, vocab)
            if c is None:
                return None
            ok = ok and (c < 0 if op == "lt" else c <= 0 if op == "lteq" else c > 0 if op == "gt" else c >= 0)
        return ok
    if op in ("isA", "isPartOf"):
        results = [_is_a(v, r, env) for r in rights]
        return True if True in results else (False if False in results else None)
    if op == "hasPart":
        results = [_is_a(r, v, env) for r in rights]
        return None if None in results else all(results)
    if op == "isAnyOf":
        return _any_of(v, rights, env)
    if op == "isNoneOf":
        res = _any_of(v, rights, env)
        return None if res is None else not res
    return None


def _check(c: _C, env: _Env) -> Premise:
    if isinstance(c, _Logic):
        return _check_logic(c, env)
    if c.op is None:
        return Premise("constraint", False, c.text, (), "unknown-operator", constraint=c.src)
    values = (env.facts.get(DATETIME) or (env.now,)) if c.left == DATETIME else env.facts.get(c.left)
    if not values:
        return Premise("constraint", False, c.text, (), "missing", True, (c.left,), c.src, c.src.operator)
    rights = c.rights
    if c.ref is not None:
        rights = env.facts.get(c.ref, ())
        if not rights:
            return Premise(
                "constraint", False, c.text, values, "missing-reference", True, (c.ref,), c.src, c.src.operator
            )
    if c.unit is not None:
        have = env.units.get(c.left)
        if have is not None and have != c.unit:
            return Premise("constraint", False, c.text, values, "unit-mismatch", constraint=c.src)
    if c.op == "isAllOf":
        hits = [_any_of(r, tuple(values), env) for r in rights]
        # isAllOf: every right operand must be covered by some value of the left operand.
        covered = [any(_any_of(v, (r,), env) for v in values) for r in rights]
        ok = bool(rights) and all(covered)
        reason = None if ok else ("type-mismatch" if None in hits and not any(covered) else "false")
        return Premise("constraint", ok, c.text, values, reason, constraint=c.src, operator=c.src.operator)
    ok_any = False
    ok_all = True
    mismatch = False
    for v in values:
        r = _test(c.op, v, rights, env)
        if r is True:
            ok_any = True
        else:
            ok_all = False
            mismatch = mismatch or r is None
    ok = ok_any if env.any_mode else ok_all
    reason = None if ok else ("type-mismatch" if mismatch else "false")
    # A value that cannot be compared is as good as no value: ask again rather than let a
    # prohibition lapse (fail closed).
    unknown = not ok and mismatch
    return Premise(
        "constraint", ok, c.text, values, reason, unknown, (c.left,) if unknown else (), c.src, c.src.operator
    )


def _check_logic(c: _Logic, env: _Env) -> Premise:
    kids = tuple(_check(k, env) for k in c.children)
    if not kids:
        return Premise("constraint", False, c.text, (), "empty", constraint=c.src, operator=c.src.operator)
    n_ok = sum(1 for k in kids if k.satisfied)
    any_pending = any(k.pending for k in kids if not k.satisfied)
    if c.op in ("and", "andSequence"):
        ok = n_ok == len(kids)
        pending = not ok and all(k.satisfied or k.pending for k in kids)
    elif c.op == "or":
        ok = n_ok > 0
        pending = not ok and any_pending
    else:  # xone
        ok = n_ok == 1
        pending = not ok and n_ok == 0 and any_pending
    missing: tuple[str, ...] = ()
    if pending:
        missing = tuple(dict.fromkeys(m for k in kids if not k.satisfied for m in k.missing))
    return Premise(
        "constraint",
        ok,
        c.text,
        (),
        None if ok else ("missing" if pending else "false"),
        pending,
        missing,
        c.src,
        c.src.operator,
        kids,
    )


def _refined(kind: PremiseKind, expected: str, actual: str, matched: bool, refs: tuple[_C, ...], env: _Env) -> Premise:
    kids = tuple(_check(r, env) for r in refs)
    ok = matched and all(k.satisfied for k in kids)
    pending = not ok and matched and all(k.satisfied or k.pending for k in kids)
    missing = tuple(m for k in kids if not k.satisfied for m in k.missing) if pending else ()
    reason = None if ok else ("no-match" if not matched else ("missing" if pending else "false"))
    return Premise(kind, ok, expected, (V.Iri(actual),), reason, pending, missing, children=kids)


def _eval_rule(cr: _CRule, req: _CRequest, env: _Env) -> RuleReport:
    env.any_mode = cr.kind == "prohibition"
    premises: list[Premise] = []
    request = req.request
    if cr.target is not None:
        t = cr.target
        want = t.source if t.is_collection and t.source else t.uid
        if request.target is None:
            premises.append(Premise("target", False, want, (), "missing", True, (TARGET,)))
        else:
            ok = _member(request.target, want, env)
            premises.append(_refined("target", want, request.target, ok, cr.target_refinements, env))
    if cr.assignee is not None:
        p = cr.assignee
        want = p.source if p.is_collection and p.source else p.uid
        if request.assignee is None:
            premises.append(Premise("party", False, want, (), "missing", True, (ASSIGNEE,)))
        else:
            ok = _member(request.assignee, want, env)
            premises.append(_refined("party", want, request.assignee, ok, cr.assignee_refinements, env))
    premises.append(_refined("action", cr.action, req.action, cr.action in req.ancestors, cr.action_refinements, env))
    premises.extend(_check(c, env) for c in cr.constraints)
    ok = all(p.satisfied for p in premises)
    pending = not ok and all(p.satisfied or p.pending for p in premises)
    rule = cr.rule

    def duty_reports(duties: tuple[Rule, ...]) -> tuple[DutyReport, ...]:
        out = []
        for d in duties:
            state = env.duty_state(d)
            cons = duty_reports(d.consequences) if state == "Violated" else ()
            out.append(DutyReport(d, state, rule.uid, cons))
        return tuple(out)

    duties = duty_reports(rule.duties)
    remedies = duty_reports(rule.remedies)
    deontic = None
    consequences: tuple[DutyReport, ...] = ()
    if cr.kind == "obligation":
        deontic = env.duty_state(rule)
        consequences = duty_reports(rule.consequences) if deontic == "Violated" else ()
    active = ok and not any(d.state == "Violated" for d in duties)
    return RuleReport(rule, rule.policy_uid, active, tuple(premises), duties, remedies, consequences, deontic, pending)


# --------------------------------------------------------------------------------------------- report


@dataclass
class PolicyOutcome:
    """The decision of one policy, with the rules that decided it."""

    policy: Policy
    decision: Decision
    reason: str
    deciding: list[RuleReport] = field(default_factory=list)
    """Active permissions (permit), active or pending prohibitions (deny), both on a conflict."""
    candidates: list[RuleReport] = field(default_factory=list)


class Report:
    """The outcome of ``evaluate``: decision, per-rule reports, duties owed and missing facts.

    ``reason`` is a code: permitted, prohibited, conflict, pending-facts, duty-violated, no-permission.
    ``rules`` has one RuleReport per atomic rule of every policy; it is built on first access so the
    decision itself stays cheap.
    """

    def __init__(
        self,
        decision: Decision,
        reason: str,
        outcomes: list[PolicyOutcome],
        request: Request,
        state: State,
        env: _Env,
        compiled: list[_CPolicy],
        creq: _CRequest,
        done: dict[int, RuleReport],
    ) -> None:
        self.decision: Decision = decision
        self.reason = reason
        self.outcomes = outcomes
        self.request = request
        self.state = state
        self._env = env
        self._compiled = compiled
        self._creq = creq
        self._done = done
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
            out: list[RuleReport] = []
            base = 2
            for cp in self._compiled:
                self._env.use_policy_map(cp.part_of, base)
                for cr in cp.rules:
                    rr = self._done.get(id(cr))
                    if rr is None:
                        rr = _eval_rule(cr, self._creq, self._env)
                        self._done[id(cr)] = rr
                    out.append(rr)
            self._rules = out
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

    def to_graph(self) -> Any:
        """The report as an rdflib Graph in the FORCE compliance-report vocabulary."""
        from engine.rdf.io import report_to_graph

        return report_to_graph(self)

    def explain(self, lang: str = "nb") -> str:
        from engine.odrl.report import explain

        return explain(self, lang)

    def questions(self, lang: str = "nb") -> list[str]:
        from engine.odrl.report import missing_questions

        return missing_questions(self, lang)

    def to_dict(self, lang: str = "nb") -> dict[str, Any]:
        from engine.odrl.report import report_to_dict

        return report_to_dict(self, lang)


def _decide(cp: _CPolicy, reports: list[RuleReport]) -> PolicyOutcome:
    perm = [r for r in reports if r.kind == "permission" and r.active]
    proh = [r for r in reports if r.kind == "prohibition" and r.active]
    pend = [r for r in reports if r.kind == "prohibition" and r.pending]
    p = cp.policy
    if perm and proh:
        if cp.conflict == "perm":
            return PolicyOutcome(p, "permit", "permitted", perm, reports)
        if cp.conflict == "prohibit":
            return PolicyOutcome(p, "deny", "prohibited", proh, reports)
        return PolicyOutcome(p, "deny", "conflict", proh + perm, reports)
    if proh:
        return PolicyOutcome(p, "deny", "prohibited", proh, reports)
    if perm:
        if pend and cp.conflict != "perm":
            return PolicyOutcome(p, "deny", "pending-facts", pend, reports)
        return PolicyOutcome(p, "permit", "permitted", perm, reports)
    violated = [
        r
        for r in reports
        if r.kind == "permission"
        and all(x.satisfied for x in r.premises)
        and any(d.state == "Violated" for d in r.duties)
    ]
    if violated:
        return PolicyOutcome(p, "not-applicable", "duty-violated", violated, reports)
    return PolicyOutcome(p, "not-applicable", "no-permission", [], reports)


def evaluate(
    policies: Policy | Sequence[Policy],
    request: Request,
    state: State | None = None,
    *,
    vocab: Vocabulary | None = None,
) -> Report:
    """Decide permit / deny / not-applicable for ``request`` under ``policies`` in ``state``.

    Several policies: permitted when some policy permits and no applicable policy denies.
    """
    vocab = vocab or default_vocabulary()
    state = state or State()
    plist = [policies] if isinstance(policies, Policy) else list(policies)
    compiled = [compile_policy(p, vocab) for p in plist]
    creq = _compile_request(request, vocab)
    sfacts, sunits = state.facts(vocab)
    if creq.facts:
        facts = dict(sfacts)
        facts.update(creq.facts)
    else:
        facts = sfacts
    units = {**sunits, **creq.units} if creq.units else sunits
    env = _Env(vocab, facts, units, state.now, [state.part_of, request.part_of], state.duty_states)
    done: dict[int, RuleReport] = {}
    outcomes: list[PolicyOutcome] = []
    for cp in compiled:
        env.use_policy_map(cp.part_of, 2)
        by_action = cp.by_action
        reports = []
        for a in creq.ancestors:
            rules = by_action.get(a)
            if rules:
                for cr in rules:
                    rr = _eval_rule(cr, creq, env)
                    done[id(cr)] = rr
                    reports.append(rr)
        outcomes.append(_decide(cp, reports))
    decision: Decision = "not-applicable"
    reason = "no-permission"
    if any(o.decision == "deny" for o in outcomes):
        first = next(o for o in outcomes if o.decision == "deny")
        decision, reason = "deny", first.reason
    elif any(o.decision == "permit" for o in outcomes):
        decision, reason = "permit", "permitted"
    elif outcomes:
        na = [o for o in outcomes if o.reason == "duty-violated"]
        reason = na[0].reason if na else "no-permission"
    return Report(decision, reason, outcomes, request, state, env, compiled, creq, done)


class PolicyIndex:
    """Many policies indexed by (action, target) so "which policies permit this?" skips the rest."""

    def __init__(self, policies: Iterable[Policy], vocab: Vocabulary | None = None) -> None:
        self.vocab = vocab or default_vocabulary()
        self.policies = list(policies)
        self._by_key: dict[tuple[str, str | None], list[Policy]] = {}
        for p in self.policies:
            cp = compile_policy(p, self.vocab)
            for cr in cp.rules:
                if cr.kind != "permission":
                    continue
                t = cr.target
                key = (cr.action, (t.source or t.uid) if t and t.is_collection and t.source else t and t.uid)
                bucket = self._by_key.setdefault(key, [])
                if not bucket or bucket[-1] is not p:
                    bucket.append(p)

    def candidates(self, request: Request, state: State | None = None) -> list[Policy]:
        """Policies with a permission whose action and target could match the request."""
        state = state or State()
        creq = _compile_request(request, self.vocab)
        env = _Env(self.vocab, {}, {}, state.now, [state.part_of, request.part_of], {})
        targets: set[str | None] = {None}
        if request.target is not None:
            targets |= env.ancestors(request.target)
        seen: dict[int, Policy] = {}
        for a in creq.ancestors:
            for t in targets:
                for p in self._by_key.get((a, t), ()):
                    seen.setdefault(id(p), p)
        return list(seen.values())

    def permitting(self, request: Request, state: State | None = None) -> list[Policy]:
        """The policies that, each on its own, permit the request."""
        state = state or State()
        return [
            p
            for p in self.candidates(request, state)
            if evaluate(p, request, state, vocab=self.vocab).decision == "permit"
        ]
