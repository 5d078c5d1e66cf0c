"""Compilation: rules indexed by action, typed right operands, profile interpretations, caching."""

from __future__ import annotations

from decimal import Decimal

from engine.odrl import (
    AVT,
    ODRL,
    Action,
    CompiledPolicy,
    Constraint,
    Policy,
    Rule,
    Term,
    build_request,
    compile_policy,
    compile_request,
    default_vocabulary,
)
from engine.odrl.compile import CompiledConstraint
from engine.odrl.vocab import XSD, Vocabulary


def _policy() -> Policy:
    def rule(kind: str, action: str, *constraints: Constraint) -> Rule:
        return Rule(kind=kind, uid=f"http://e/p#{kind}-{action}", action=Action(iri=action),  # type: ignore[arg-type]
                    constraints=constraints)  # fmt: skip

    count = Constraint(left_operand=ODRL + "count", operator=ODRL + "lteq", right_operand=(Term(value="10"),))
    return Policy(
        uid="http://e/p",
        permissions=(rule("permission", ODRL + "write", count), rule("permission", ODRL + "commercialize")),
        prohibitions=(rule("prohibition", AVT + "trainModel"),),
        obligations=(rule("obligation", ODRL + "attribute"),),
    )


def test_rules_are_indexed_by_resolved_action() -> None:
    cp = compile_policy(_policy())
    assert isinstance(cp, CompiledPolicy)
    assert set(cp.by_action) == {ODRL + "modify", ODRL + "use", AVT + "trainModel"}
    assert [r.rule.kind for r in cp.obligations] == ["obligation"]
    assert cp.conflict == "invalid"


def test_right_operands_are_typed_by_left_operand() -> None:
    cp = compile_policy(_policy())
    [leaf] = cp.by_action[ODRL + "modify"][0].constraints
    assert isinstance(leaf, CompiledConstraint) and leaf.rights == (Decimal(10),) and leaf.op == "lteq"


def test_commercialize_is_use_with_a_commercial_purpose() -> None:
    [cr] = compile_policy(_policy()).by_action[ODRL + "use"]
    [extra] = cr.constraints
    assert isinstance(extra, CompiledConstraint)
    assert extra.left == ODRL + "purpose" and extra.rights == (AVT + "CommercialPurpose",)
    creq = compile_request(build_request(None, "commercialize", None))
    assert creq.action == ODRL + "use" and creq.facts[ODRL + "purpose"] == (AVT + "CommercialPurpose",)


def test_compiled_once_per_policy_and_vocabulary() -> None:
    p = _policy()
    assert compile_policy(p) is compile_policy(p)
    other = Vocabulary.build(
        included_in={}, exact_match={}, broader={}, part_of={}, ranks={}, notations={}, labels={},
        interpreted={}, actions=(), left_operands=(), known_terms=(),
    )  # fmt: skip
    assert compile_policy(p, other) is not compile_policy(p, default_vocabulary())


def test_data_type_applies_to_untyped_values() -> None:
    c = Constraint(left_operand=ODRL + "count", operator=ODRL + "eq", right_operand=(Term(value="3"),),
                   data_type=XSD + "integer")  # fmt: skip
    p = Policy(uid="http://e/q", permissions=(Rule(kind="permission", uid="http://e/q#r",
                                                   action=Action(iri=ODRL + "use"), constraints=(c,)),))  # fmt: skip
    [leaf] = compile_policy(p).rules[0].constraints
    assert isinstance(leaf, CompiledConstraint) and leaf.rights == (Decimal(3),)
