"""PolicyIndex: many policies at once, the same answers as evaluating each."""

from __future__ import annotations

from datetime import UTC, datetime

from engine.odrl import ODRL, Action, Asset, Party, Policy, PolicyIndex, Rule, State, build_request, evaluate

EX = "http://example.com/"
NOW = datetime(2024, 2, 12, 10, 0, tzinfo=UTC)


def _policy(i: int) -> Policy:
    uid = f"{EX}p{i}"
    rule = Rule(
        kind="permission",
        uid=uid + "#use",
        policy_uid=uid,
        action=Action(iri=ODRL + "use"),
        target=Asset(uid=f"{EX}d{i % 3}"),
        assignee=Party(uid=EX + "alice"),
    )
    return Policy(uid=uid, permissions=(rule,))


def test_policy_index_matches_evaluate() -> None:
    policies = [_policy(i) for i in range(9)]
    index = PolicyIndex(policies)
    req = build_request(EX + "alice", "read", EX + "d1")
    got = index.permitting(req, State(now=NOW))
    assert [p.uid for p in got] == [p.uid for p in policies if evaluate(p, req, State(now=NOW)).decision == "permit"]
    assert [p.uid for p in got] == [f"{EX}p1", f"{EX}p4", f"{EX}p7"]


def test_candidates_skip_other_actions_and_targets() -> None:
    index = PolicyIndex([_policy(i) for i in range(9)])
    assert index.candidates(build_request(EX + "alice", "read", EX + "d2")) == [
        p for p in index.policies if p.uid in (f"{EX}p2", f"{EX}p5", f"{EX}p8")
    ]
    # transfer is not included in use, so no permission could match
    assert index.candidates(build_request(EX + "alice", "transfer", EX + "d2")) == []
