"""Evaluate ODRL policies against a request in a state of the world (access-control scenario).

Follows the W3C ODRL Formal Semantics draft: a rule is *active* when its target, assignee, action
(with the ``includedIn`` hierarchy) and every constraint are satisfied; a Violated duty makes its
permission inactive; an active prohibition denies. A fact the request and state do not supply makes its
constraint Unsatisfied and is listed in ``Report.missing`` (fail closed).

Only the rules indexed under the request's action (and the actions that include it) are checked to
decide; the other rules' reports are built when ``Report.rules`` is first read. Deny, conflict and unmet
duties are ``Report`` values, never exceptions. Pure: no RDF library, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from engine.odrl.compile import CompiledPolicy, CompiledRequest, CompiledRule, compile_policy, compile_request
from engine.odrl.match import Env, check, member, refined
from engine.odrl.model import Policy, Request, Rule
from engine.odrl.report import Report
from engine.odrl.results import Decision, DutyReport, PolicyOutcome, Premise, RuleReport
from engine.odrl.state import State
from engine.odrl.vocab import ODRL, Vocabulary, default_vocabulary

TARGET = ODRL + "target"
ASSIGNEE = ODRL + "assignee"
_BASE_MAPS = 2
"""``Env.maps`` starts with the state's and the request's ``partOf`` facts; a policy's come after."""


def evaluate_rule(cr: CompiledRule, req: CompiledRequest, env: Env) -> RuleReport:
    """Check every premise of one compiled rule and the states of its duties."""
    env.any_mode = cr.kind == "prohibition"
    premises: list[Premise] = []
    request = req.request
    if cr.target is not None:
        t = cr.target
        want = t.source if t.is_collection and t.source else t.uid
        if request.target is None:
            premises.append(Premise("target", False, want, (), "missing", True, (TARGET,)))
        else:
            ok = member(request.target, want, env)
            premises.append(refined("target", want, request.target, ok, cr.target_refinements, env))
    if cr.assignee is not None:
        p = cr.assignee
        want = p.source if p.is_collection and p.source else p.uid
        if request.assignee is None:
            premises.append(Premise("party", False, want, (), "missing", True, (ASSIGNEE,)))
        else:
            ok = member(request.assignee, want, env)
            premises.append(refined("party", want, request.assignee, ok, cr.assignee_refinements, env))
    premises.append(refined("action", cr.action, req.action, cr.action in req.ancestors, cr.action_refinements, env))
    premises.extend(check(c, env) for c in cr.constraints)
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


def decide(cp: CompiledPolicy, reports: list[RuleReport]) -> PolicyOutcome:
    """One policy's decision from the reports of the rules that match the request's action."""
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


def _all_rules(
    compiled: list[CompiledPolicy], creq: CompiledRequest, env: Env, done: dict[int, RuleReport]
) -> list[RuleReport]:
    """Every rule's report, reusing those the decision already built (``Report.rules``, on first access)."""
    out: list[RuleReport] = []
    for cp in compiled:
        env.use_policy_map(cp.part_of, _BASE_MAPS)
        for cr in cp.rules:
            rr = done.get(id(cr))
            if rr is None:
                rr = evaluate_rule(cr, creq, env)
                done[id(cr)] = rr
            out.append(rr)
    return out


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
    creq = compile_request(request, vocab)
    sfacts, sunits = state.facts(vocab)
    if creq.facts:
        facts = dict(sfacts)
        facts.update(creq.facts)
    else:
        facts = sfacts
    units = {**sunits, **creq.units} if creq.units else sunits
    env = Env(vocab, facts, units, state.now, [state.part_of, request.part_of], state.duty_states)
    done: dict[int, RuleReport] = {}
    outcomes: list[PolicyOutcome] = []
    for cp in compiled:
        env.use_policy_map(cp.part_of, _BASE_MAPS)
        by_action = cp.by_action
        reports = []
        for a in creq.ancestors:
            rules = by_action.get(a)
            if rules:
                for cr in rules:
                    rr = evaluate_rule(cr, creq, env)
                    done[id(cr)] = rr
                    reports.append(rr)
        outcomes.append(decide(cp, reports))
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
    return Report(decision, reason, outcomes, request, state, partial(_all_rules, compiled, creq, env, done))


__all__ = ["decide", "evaluate", "evaluate_rule"]
