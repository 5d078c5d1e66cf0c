"""Generated policies and requests (hypothesis; 12,000+ examples in total across these tests).

Properties: evaluate raises only engine errors; adding a prohibition never turns a non-permit into a
permit under ``prohibit``; a permit stays a permit when facts are added for operands nobody gave.

Each property runs twice: with structured strategies (few hundred examples, good shrinking) and with
a hypothesis-drawn seed driving a plain ``random.Random`` builder (thousands of examples: drawing rich
structures through hypothesis costs ~10 ms each, the seeded builder well under 1 ms).
"""

from __future__ import annotations

import contextlib
import json
import random
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import AvtaleverkError
from engine.odrl import (
    AVT,
    DPV,
    ODRL,
    Action,
    Asset,
    Constraint,
    LogicalConstraint,
    Party,
    Policy,
    Request,
    Rule,
    State,
    Term,
    default_vocabulary,
    evaluate,
    parse_policies,
)
from engine.odrl.vocab import XSD

EX = "http://example.com/"
NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


def fast(n: int) -> settings:
    """Deterministic, no deadline: the examples are many and cheap, the run must stay quick and stable."""
    return settings(max_examples=n, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


ACTIONS = [ODRL + a for a in ("use", "read", "modify", "distribute", "transfer", "sell", "print", "write")] + [
    AVT + "trainModel",
    ODRL + "commercialize",
]
TARGETS = [EX + "x", EX + "y", EX + "coll"]
PARTIES = [EX + "alice", EX + "bob", EX + "team"]
PURPOSES = [
    DPV + p
    for p in (
        "Purpose",
        "ResearchAndDevelopment",
        "AcademicResearch",
        "Marketing",
        "TargetedAdvertising",
        "SellProducts",
    )
] + [AVT + "CommercialPurpose"]
PLACES = [
    AVT + "EEA",
    AVT + "EU",
    AVT + "Nordic",
    "http://publications.europa.eu/resource/authority/country/NOR",
    "http://publications.europa.eu/resource/authority/country/USA",
]
TIERS = [AVT + t for t in ("tierNone", "tierResearch", "tierInternal", "tierCommercialiseModel")]
OPS = ["eq", "neq", "lt", "lteq", "gt", "gteq", "isA", "hasPart", "isPartOf", "isAllOf", "isAnyOf", "isNoneOf"]

iri_term = st.builds(Term.iri, st.sampled_from(PURPOSES + PLACES + TIERS))
lit_term = st.one_of(
    st.builds(lambda n: Term(value=str(n), datatype=XSD + "integer"), st.integers(-5, 20)),
    st.builds(
        lambda d: Term(value=d, datatype=XSD + "date"), st.sampled_from(["2024-01-01", "2025-06-01", "2026-01-01"])
    ),
    st.builds(
        lambda d: Term(value=d, datatype=XSD + "dateTime"),
        st.sampled_from(["2025-06-01T12:00:00Z", "2025-06-01T11:00:00"]),
    ),
    st.builds(lambda d: Term(value=d, datatype=XSD + "duration"), st.sampled_from(["P1D", "PT5M", "P1Y", "bogus"])),
    st.builds(lambda s: Term(value=s), st.sampled_from(["hello", "NO", "dpv:Marketing", "", "2025-01-01", "P"])),
)
LEFTS = [
    ODRL + "purpose",
    ODRL + "spatial",
    ODRL + "count",
    ODRL + "dateTime",
    AVT + "aiTrainingTier",
    ODRL + "elapsedTime",
    ODRL + "recipient",
]


def leaf() -> st.SearchStrategy[Constraint]:
    return st.builds(
        lambda left, op, rights: Constraint(left_operand=left, operator=ODRL + op, right_operand=tuple(rights)),
        st.sampled_from(LEFTS),
        st.sampled_from(OPS),
        st.lists(st.one_of(iri_term, lit_term), min_size=1, max_size=3),
    )


def constraints(xone: bool = True) -> st.SearchStrategy[Any]:
    ops = ["or", "and", "andSequence"] + (["xone"] if xone else [])
    return st.recursive(
        leaf(),
        lambda kids: st.builds(
            lambda op, cs: LogicalConstraint(operator=ODRL + op, constraints=tuple(cs)),
            st.sampled_from(ops),
            st.lists(kids, min_size=0, max_size=3),
        ),
        max_leaves=6,
    )


def rules(kind: str, xone: bool = True) -> st.SearchStrategy[Rule]:
    duty = st.builds(
        lambda i, a: Rule(kind="duty", uid=f"{EX}duty{i}", action=Action(iri=ODRL + a)),
        st.integers(0, 3),
        st.sampled_from(["attribute", "compensate", "inform"]),
    )
    return st.builds(
        lambda i, action, target, assignee, cs, duties: Rule(
            kind=kind,  # type: ignore[arg-type]
            uid=f"{EX}p#{kind}{i}",
            policy_uid=EX + "p",
            action=Action(iri=action),
            target=Asset(uid=target, is_collection=target.endswith("coll")) if target else None,
            assignee=Party(uid=assignee) if assignee else None,
            constraints=tuple(cs),
            duties=tuple(duties) if kind == "permission" else (),
        ),
        st.integers(0, 1000),
        st.sampled_from(ACTIONS),
        st.sampled_from([*TARGETS, None]),
        st.sampled_from([*PARTIES, None]),
        st.lists(constraints(xone), max_size=3),
        st.lists(duty, max_size=2),
    )


def policies(xone: bool = True, conflict: list[str | None] | None = None) -> st.SearchStrategy[Policy]:
    return st.builds(
        lambda perms, prohs, conf: Policy(
            uid=EX + "p",
            permissions=tuple(perms),
            prohibitions=tuple(prohs),
            conflict=ODRL + conf if conf else None,
            part_of={EX + "x": (EX + "coll",), EX + "coll": (EX + "x",)},  # a cycle, on purpose
        ),
        st.lists(rules("permission", xone), max_size=4),
        st.lists(rules("prohibition", xone), max_size=3),
        st.sampled_from(conflict or [None, "perm", "prohibit", "invalid"]),
    )


facts = st.dictionaries(
    st.sampled_from(LEFTS), st.lists(st.one_of(iri_term, lit_term), min_size=1, max_size=2).map(tuple), max_size=4
)


def requests() -> st.SearchStrategy[Request]:
    return st.builds(
        lambda action, target, assignee, f: Request(
            uid=EX + "r", action=action, target=target, assignee=assignee, facts=f
        ),
        st.sampled_from(ACTIONS),
        st.sampled_from([*TARGETS, None]),
        st.sampled_from([*PARTIES, None]),
        facts,
    )


states = st.builds(
    lambda ds, ctx: State(now=NOW, duty_states=ds, context=ctx, part_of={EX + "alice": [EX + "team"]}),
    st.dictionaries(
        st.sampled_from([f"{EX}duty{i}" for i in range(4)]), st.sampled_from(["NonSet", "Fulfilled", "Violated"])
    ),
    st.dictionaries(
        st.sampled_from(["purpose", "spatial", "count", "elapsedTime"]),
        st.sampled_from(["AcademicResearch", "NO", 3, "P2D", "nonsense", 2.5]),
    ),
)


@pytest.mark.slow
@fast(400)
@given(policies(), requests(), states)
def test_evaluate_only_raises_engine_errors(policy: Policy, request: Request, state: State) -> None:
    try:
        report = evaluate(policy, request, state)
        assert report.decision in ("permit", "deny", "not-applicable")
        assert len(report.rules) == len(policy.rules)
        report.explain("nb")
        report.to_dict("en")
        assert all(isinstance(m, str) for m in report.missing)
    except AvtaleverkError:
        pass


@pytest.mark.slow
@fast(300)
@given(policies(conflict=["prohibit"]), rules("prohibition"), requests(), states)
def test_adding_a_prohibition_never_turns_deny_into_permit(
    policy: Policy, extra: Rule, request: Request, state: State
) -> None:
    before = evaluate(policy, request, state).decision
    more = policy.model_copy(update={"prohibitions": (*policy.prohibitions, extra)})
    after = evaluate(more, request, state).decision
    if before != "permit":
        assert after != "permit"
    if before == "deny":
        assert after == "deny"


@pytest.mark.slow
@fast(300)
@given(policies(xone=False), requests(), facts, states)
def test_permit_is_monotone_in_added_facts(
    policy: Policy, request: Request, more: dict[str, Any], state: State
) -> None:
    before = evaluate(policy, request, state)
    known = set(request.facts) | set(state.facts(default_vocabulary())[0])
    added = {k: v for k, v in more.items() if k not in known}
    richer = request.model_copy(update={"facts": {**request.facts, **added}})
    richer._compiled = None
    after = evaluate(policy, richer, state)
    if before.decision == "permit":
        assert after.decision == "permit", (before.explain("en"), after.explain("en"))


@fast(150)
@given(policies(), requests(), states)
def test_report_graph_never_fails(policy: Policy, request: Request, state: State) -> None:
    graph = evaluate(policy, request, state).to_graph()
    assert len(graph) > 0


json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(max_size=8),
        st.sampled_from(["read", "use", "eq", "odrl:lt", "@id", "Set", "http://e/x", "_:b"]),
    ),
    lambda kids: st.one_of(
        st.lists(kids, max_size=3),
        st.dictionaries(
            st.sampled_from(
                [
                    "@type",
                    "@id",
                    "uid",
                    "permission",
                    "prohibition",
                    "action",
                    "target",
                    "constraint",
                    "leftOperand",
                    "operator",
                    "rightOperand",
                    "or",
                    "@list",
                    "@value",
                    "duty",
                    "remedy",
                    "@context",
                ]
            ),
            kids,
            max_size=4,
        ),
    ),
    max_leaves=12,
)


@fast(400)
@given(json_values)
def test_parsing_arbitrary_json_raises_only_engine_errors(value: Any) -> None:
    doc = value if not isinstance(value, dict) else {"@context": "http://www.w3.org/ns/odrl.jsonld", **value}
    with contextlib.suppress(AvtaleverkError):
        parse_policies(json.dumps(doc), "json-ld")


@fast(300)
@given(st.text(max_size=200))
def test_parsing_arbitrary_text_raises_only_engine_errors(text: str) -> None:
    with contextlib.suppress(AvtaleverkError):
        parse_policies("@prefix odrl: <http://www.w3.org/ns/odrl/2/> .\n" + text, "turtle")


# -- seeded bulk: the same shapes, built with random.Random(seed) -------------------------------------


def _r_term(rng: random.Random) -> Term:
    pick = rng.random()
    if pick < 0.4:
        return Term.iri(rng.choice(PURPOSES + PLACES + TIERS))
    if pick < 0.6:
        return Term(value=str(rng.randint(-5, 20)), datatype=XSD + "integer")
    if pick < 0.7:
        return Term(value=rng.choice(["2024-01-01", "2025-06-01", "2026-01-01"]), datatype=XSD + "date")
    if pick < 0.8:
        return Term(value=rng.choice(["P1D", "PT5M", "P1Y", "bogus"]), datatype=XSD + "duration")
    return Term(value=rng.choice(["hello", "NO", "dpv:Marketing", "", "2025-01-01", "P", "EEA"]))


def _r_constraint(rng: random.Random, depth: int, xone: bool) -> Any:
    if depth < 2 and rng.random() < 0.3:
        ops = ["or", "and", "andSequence"] + (["xone"] if xone else [])
        kids = tuple(_r_constraint(rng, depth + 1, xone) for _ in range(rng.randint(0, 3)))
        return LogicalConstraint(operator=ODRL + rng.choice(ops), constraints=kids)
    rights = tuple(_r_term(rng) for _ in range(rng.randint(1, 3)))
    return Constraint(left_operand=rng.choice(LEFTS), operator=ODRL + rng.choice(OPS), right_operand=rights)


def _r_rule(rng: random.Random, kind: str, xone: bool = True) -> Rule:
    target, assignee = rng.choice([*TARGETS, None]), rng.choice([*PARTIES, None])
    duties = tuple(
        Rule(kind="duty", uid=f"{EX}duty{rng.randint(0, 3)}", action=Action(iri=ODRL + "attribute"))
        for _ in range(rng.randint(0, 2) if kind == "permission" else 0)
    )
    return Rule(
        kind=kind,  # type: ignore[arg-type]
        uid=f"{EX}p#{kind}{rng.randint(0, 1000)}",
        policy_uid=EX + "p",
        action=Action(iri=rng.choice(ACTIONS)),
        target=Asset(uid=target, is_collection=target.endswith("coll")) if target else None,
        assignee=Party(uid=assignee) if assignee else None,
        constraints=tuple(_r_constraint(rng, 0, xone) for _ in range(rng.randint(0, 3))),
        duties=duties,
    )


def _r_policy(rng: random.Random, xone: bool = True, conflict: str | None = "any") -> Policy:
    conf = rng.choice([None, "perm", "prohibit", "invalid"]) if conflict == "any" else conflict
    return Policy(
        uid=EX + "p",
        permissions=tuple(_r_rule(rng, "permission", xone) for _ in range(rng.randint(0, 4))),
        prohibitions=tuple(_r_rule(rng, "prohibition", xone) for _ in range(rng.randint(0, 3))),
        conflict=ODRL + conf if conf else None,
        part_of={EX + "x": (EX + "coll",), EX + "coll": (EX + "x",)},
    )


def _r_facts(rng: random.Random) -> dict[str, tuple[Term, ...]]:
    return {rng.choice(LEFTS): tuple(_r_term(rng) for _ in range(rng.randint(1, 2))) for _ in range(rng.randint(0, 4))}


def _r_request(rng: random.Random) -> Request:
    return Request(
        uid=EX + "r",
        action=rng.choice(ACTIONS),
        target=rng.choice([*TARGETS, None]),
        assignee=rng.choice([*PARTIES, None]),
        facts=_r_facts(rng),
    )


def _r_state(rng: random.Random) -> State:
    ds = {f"{EX}duty{i}": rng.choice(["NonSet", "Fulfilled", "Violated"]) for i in range(rng.randint(0, 3))}
    ctx_pool: dict[str, Any] = {"purpose": "AcademicResearch", "spatial": "NO", "count": 3, "elapsedTime": "P2D"}
    ctx = {k: v for k, v in ctx_pool.items() if rng.random() < 0.3}
    return State(now=NOW, duty_states=ds, context=ctx, part_of={EX + "alice": [EX + "team"]})


seeds = st.integers(0, 2**32 - 1)


@pytest.mark.slow
@fast(5000)
@given(seeds)
def test_bulk_evaluate_only_raises_engine_errors(seed: int) -> None:
    rng = random.Random(seed)
    policy, request, state = _r_policy(rng), _r_request(rng), _r_state(rng)
    test_evaluate_only_raises_engine_errors.hypothesis.inner_test(policy, request, state)  # type: ignore[attr-defined]


@pytest.mark.slow
@fast(3000)
@given(seeds)
def test_bulk_adding_a_prohibition(seed: int) -> None:
    rng = random.Random(seed)
    policy = _r_policy(rng, conflict="prohibit")
    args = (policy, _r_rule(rng, "prohibition"), _r_request(rng), _r_state(rng))
    test_adding_a_prohibition_never_turns_deny_into_permit.hypothesis.inner_test(*args)  # type: ignore[attr-defined]


@pytest.mark.slow
@fast(3000)
@given(seeds)
def test_bulk_permit_is_monotone(seed: int) -> None:
    rng = random.Random(seed)
    args = (_r_policy(rng, xone=False), _r_request(rng), _r_facts(rng), _r_state(rng))
    test_permit_is_monotone_in_added_facts.hypothesis.inner_test(*args)  # type: ignore[attr-defined]
