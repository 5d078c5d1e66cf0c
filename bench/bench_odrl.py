"""ODRL engine benchmark: ``.venv/bin/python bench/bench_odrl.py`` (not collected by pytest).

Prints medians for: a 20-rule agreement, parse + evaluate from Turtle and from our compact JSON-LD,
a 500-constraint ``or`` of ``and``s, "which of 10,000 agreements permit this request" (index vs. a naive
scan), and loading the vocabulary snapshot.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.odrl import (
    PolicyIndex,
    State,
    Vocabulary,
    build_request,
    evaluate,
    parse_policies,
    policy_from_dict,
    policy_to_jsonld,
    policy_to_turtle,
)
from engine.odrl.model import Action, Asset, Constraint, LogicalConstraint, Party, Policy, Rule, Term
from engine.odrl.vocab import AVT, DPV, ODRL, snapshot

EX = "http://example.com/"
NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)
CONTEXT: list[Any] = ["http://www.w3.org/ns/odrl.jsonld", {"avt": AVT, "dpv": DPV, "ex": EX}]
ACTIONS = [
    "read",
    "reproduce",
    "distribute",
    "derive",
    "modify",
    "aggregate",
    "anonymize",
    "index",
    "display",
    "print",
    "archive",
    "extract",
    "annotate",
    "translate",
    "transform",
    "present",
    "avt:trainModel",
    "avt:publishModel",
    "avt:commercialiseOutput",
    "avt:reidentify",
]


def median_us(fn: Callable[[], object], n: int) -> float:
    for _ in range(min(200, n)):
        fn()
    samples = []
    for _ in range(n):
        t = time.perf_counter_ns()
        fn()
        samples.append(time.perf_counter_ns() - t)
    return statistics.median(samples) / 1000


def agreement_20() -> dict[str, Any]:
    rules = []
    for i, act in enumerate(ACTIONS[:16]):
        rule: dict[str, Any] = {
            "uid": f"ex:a20#perm{i}",
            "action": act,
            "target": f"ex:dataset{i % 4}",
            "avt:clauseNumber": f"5.{i + 1}",
            "constraint": [
                {"leftOperand": "purpose", "operator": "isA", "rightOperand": {"@id": "dpv:ResearchAndDevelopment"}},
                {
                    "leftOperand": "dateTime",
                    "operator": "lteq",
                    "rightOperand": {"@value": "2030-12-31", "@type": "xsd:date"},
                },
            ],
        }
        if i % 3 == 0:
            rule["duty"] = [{"action": "attribute", "avt:clauseNumber": "11.1"}]
        rules.append(rule)
    prohibitions = [
        {"uid": f"ex:a20#proh{i}", "action": act, "target": "ex:dataset0", "avt:clauseNumber": f"6.{i + 1}"}
        for i, act in enumerate(ACTIONS[16:])
    ]
    return {
        "@context": CONTEXT,
        "uid": "ex:a20",
        "@type": "Agreement",
        "profile": "avt:",
        "assigner": "ex:provider",
        "assignee": "ex:recipient",
        "conflict": "prohibit",
        "permission": rules,
        "prohibition": prohibitions,
    }


def big_or(n_and: int = 250) -> Policy:
    """One permission whose constraint is an ``or`` of ``n_and`` ``and``s of 2 = 500 constraints."""
    ands = []
    for i in range(n_and):
        ands.append(
            LogicalConstraint(
                operator=ODRL + "and",
                constraints=(
                    Constraint(left_operand=ODRL + "count", operator=ODRL + "lteq", right_operand=(Term.literal(i),)),
                    Constraint(
                        left_operand=ODRL + "purpose",
                        operator=ODRL + "isA",
                        right_operand=(Term.iri(DPV + "ResearchAndDevelopment"),),
                    ),
                ),
            )
        )
    rule = Rule(
        kind="permission",
        uid=EX + "big#r",
        policy_uid=EX + "big",
        action=Action(iri=ODRL + "use"),
        target=Asset(uid=EX + "x"),
        constraints=(LogicalConstraint(operator=ODRL + "or", constraints=tuple(ands)),),
    )
    return Policy(uid=EX + "big", permissions=(rule,))


def many_agreements(n: int) -> list[Policy]:
    out = []
    for i in range(n):
        uid = f"{EX}agreement/{i}"
        perm = Rule(
            kind="permission",
            uid=uid + "#use",
            policy_uid=uid,
            action=Action(iri=ODRL + "use"),
            target=Asset(uid=f"{EX}dataset/{i % 2000}"),
            assignee=Party(uid=f"{EX}org/{i % 997}"),
            assigner=Party(uid=f"{EX}provider/{i % 50}"),
            constraints=(
                Constraint(
                    left_operand=ODRL + "purpose",
                    operator=ODRL + "isA",
                    right_operand=(Term.iri(DPV + ("ResearchAndDevelopment" if i % 2 else "Marketing")),),
                ),
            ),
        )
        proh = Rule(
            kind="prohibition",
            uid=uid + "#sell",
            policy_uid=uid,
            action=Action(iri=ODRL + "distribute"),
            target=Asset(uid=f"{EX}dataset/{i % 2000}"),
            assignee=Party(uid=f"{EX}org/{i % 997}"),
        )
        out.append(Policy(uid=uid, type=ODRL + "Agreement", permissions=(perm,), prohibitions=(proh,)))
    return out


def main() -> None:
    state = State(now=NOW)
    print("ODRL engine benchmark (median of many runs)")

    [a20] = policy_from_dict(agreement_20())
    req = build_request(EX + "recipient", "read", EX + "dataset0", purpose="dpv:AcademicResearch")
    assert evaluate(a20, req, state).decision == "permit"
    t = median_us(lambda: evaluate(a20, req, state), 5000)
    print(f"  20-rule agreement, evaluate:               {t:9.1f} µs   (goal ≤ 50 µs)")
    req_deny = build_request(EX + "recipient", "avt:trainModel", EX + "dataset0", purpose="dpv:AcademicResearch")
    assert evaluate(a20, req_deny, state).decision == "deny"
    t = median_us(lambda: evaluate(a20, req_deny, state), 5000)
    print(f"  20-rule agreement, evaluate (deny):        {t:9.1f} µs")
    t = median_us(lambda: evaluate(a20, req, state).rules, 2000)
    print(f"  20-rule agreement, evaluate + all 20 rule reports: {t:9.1f} µs")

    ttl = policy_to_turtle(a20)

    def parse_and_eval() -> None:
        evaluate(parse_policies(ttl, "turtle"), req, state)

    t = median_us(parse_and_eval, 50)
    print(f"  parse Turtle ({len(ttl) // 1024} KB) + evaluate:           {t / 1000:9.2f} ms")
    doc = policy_to_jsonld(a20)

    def read_and_eval() -> None:
        evaluate(policy_from_dict(doc), req, state)

    t = median_us(read_and_eval, 200)
    print(f"  read our JSON-LD (no rdflib) + evaluate:   {t / 1000:9.2f} ms")
    t = median_us(lambda: Vocabulary.from_data(snapshot()["vocabulary"]), 50)
    print(f"  build the vocabulary from its snapshot:    {t / 1000:9.2f} ms")

    big = big_or()
    breq = build_request(EX + "a", "read", EX + "x", purpose="dpv:AcademicResearch", count=249)
    assert evaluate(big, breq, state).decision == "permit"
    t = median_us(lambda: evaluate(big, breq, state), 500)
    print(f"  500-constraint or-of-ands (match last):    {t / 1000:9.3f} ms   (goal ≤ 5 ms)")
    breq2 = build_request(EX + "a", "read", EX + "x", purpose="dpv:Marketing", count=1)
    t = median_us(lambda: evaluate(big, breq2, state), 500)
    print(f"  500-constraint or-of-ands (no match):      {t / 1000:9.3f} ms")

    t0 = time.perf_counter()
    policies = many_agreements(10_000)
    t1 = time.perf_counter()
    index = PolicyIndex(policies)
    t2 = time.perf_counter()
    print(f"  10,000 agreements: build {t1 - t0:.2f} s, compile + index {t2 - t1:.2f} s")
    q = build_request(f"{EX}org/3", "read", f"{EX}dataset/3", purpose="dpv:AcademicResearch")
    hits = index.permitting(q, state)
    assert hits, "expected at least one permitting agreement"
    t = median_us(lambda: index.permitting(q, state), 200)
    print(f"  which of 10,000 permit this request (index): {t / 1000:7.3f} ms   (goal ≤ 20 ms), {len(hits)} hit(s)")
    t = median_us(lambda: [p for p in policies if evaluate(p, q, state).decision == "permit"], 3)
    print(f"  same, naive scan of all 10,000:            {t / 1000:9.1f} ms")


if __name__ == "__main__":
    main()
