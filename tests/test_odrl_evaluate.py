"""Evaluation semantics: operators, datatypes, hierarchies, collections, duties, conflicts, missing facts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from engine.errors import PolicyError
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
    build_request,
    evaluate,
)
from engine.odrl.vocab import XSD

EX = "http://example.com/"
NOW = datetime(2024, 2, 12, 10, 0, tzinfo=UTC)


def c(left: str, op: str, *rights: Any, **kw: Any) -> Constraint:
    terms = []
    for r in rights:
        if isinstance(r, Term):
            terms.append(r)
        elif isinstance(r, str) and (r.startswith(("http", "urn:"))):
            terms.append(Term.iri(r))
        else:
            terms.append(Term.literal(r))
    ns = AVT if left == "aiTrainingTier" else ODRL
    return Constraint(left_operand=ns + left, operator=ODRL + op, right_operand=tuple(terms), **kw)


def lc(op: str, *cs: Any) -> LogicalConstraint:
    return LogicalConstraint(operator=ODRL + op, constraints=tuple(cs))


def rule(kind: str = "permission", action: str = "use", *constraints: Any, **kw: Any) -> Rule:
    iri = action if "://" in action else ODRL + action
    kw.setdefault("uid", f"{EX}p#{kind}-{action}")
    return Rule(kind=kind, action=Action(iri=iri), constraints=tuple(constraints), policy_uid=EX + "p", **kw)  # type: ignore[arg-type]


def policy(*rules: Rule, conflict: str | None = None, **kw: Any) -> Policy:
    return Policy(
        uid=kw.pop("uid", EX + "p"),
        permissions=tuple(r for r in rules if r.kind == "permission"),
        prohibitions=tuple(r for r in rules if r.kind == "prohibition"),
        obligations=tuple(r for r in rules if r.kind == "obligation"),
        conflict=ODRL + conflict if conflict else None,
        **kw,
    )


def decide(p: Policy | list[Policy], action: str = "read", state: State | None = None, **facts: Any) -> str:
    req = build_request(EX + "alice", action, EX + "x", **facts)
    return evaluate(p, req, state or State(now=NOW)).decision


def permitted(constraint: Any, state: State | None = None, **facts: Any) -> bool:
    return decide(policy(rule("permission", "use", constraint)), state=state, **facts) == "permit"


# -- operators x datatypes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "right", "value", "expected"),
    [
        ("eq", 5, 5, True),
        ("eq", 5, 6, False),
        ("neq", 5, 6, True),
        ("neq", 5, 5, False),
        ("lt", 5, 4, True),
        ("lt", 5, 5, False),
        ("lteq", 5, 5, True),
        ("lteq", 5, 6, False),
        ("gt", 5, 6, True),
        ("gt", 5, 5, False),
        ("gteq", 5, 5, True),
        ("gteq", 5, 4, False),
        ("lt", Decimal("2.5"), Decimal("2.49"), True),
        ("eq", Decimal("5.00"), 5, True),
        ("lteq", 10, "9", True),
    ],
)
def test_number_operators(op: str, right: Any, value: Any, expected: bool) -> None:
    r = Term(value=str(right), datatype=XSD + ("decimal" if isinstance(right, Decimal) else "integer"))
    assert permitted(c("count", op, r), count=value) is expected


@pytest.mark.parametrize(
    ("op", "right", "now", "expected"),
    [
        ("lteq", Term(value="2024-12-31", datatype=XSD + "date"), NOW, True),
        ("lteq", Term(value="2024-12-31", datatype=XSD + "date"), datetime(2024, 12, 31, 23, 59, tzinfo=UTC), True),
        ("lt", Term(value="2024-12-31", datatype=XSD + "date"), datetime(2024, 12, 31, 12, tzinfo=UTC), False),
        ("gt", Term(value="2024-01-01T00:00:00Z", datatype=XSD + "dateTime"), NOW, True),
        ("gt", Term(value="2024-02-12T11:00:00+02:00", datatype=XSD + "dateTime"), NOW, True),
        ("gt", Term(value="2024-02-12T10:30:00", datatype=XSD + "dateTime"), NOW, False),
        ("eq", Term(value="2024-02-12", datatype=XSD + "date"), NOW, True),
        ("lt", Term(value="2025-01-01"), NOW, True),
    ],
)
def test_datetime_operators(op: str, right: Term, now: datetime, expected: bool) -> None:
    assert permitted(c("dateTime", op, right), State(now=now)) is expected


def test_naive_state_time_is_utc() -> None:
    right = Term(value="2024-02-12T10:00:00Z", datatype=XSD + "dateTime")
    assert permitted(c("dateTime", "eq", right), State(now=datetime(2024, 2, 12, 10)))


@pytest.mark.parametrize(
    ("right", "elapsed", "expected"),
    [
        ("P30D", timedelta(days=29), True),
        ("P30D", timedelta(days=31), False),
        ("PT1H", "PT59M", True),
        ("P1Y", "P11M", True),
        ("P1Y", "P13M", False),
        ("P1M", timedelta(days=30), True),
    ],
)
def test_duration_elapsed_time(right: str, elapsed: Any, expected: bool) -> None:
    con = c("elapsedTime", "lteq", Term(value=right, datatype=XSD + "duration"))
    assert permitted(con, State(now=NOW, context={"elapsedTime": elapsed})) is expected


def test_wrong_datatypes_are_unsatisfied_with_reason() -> None:
    p = policy(rule("permission", "use", c("dateTime", "lt", Term(value="next week"))))
    report = evaluate(p, build_request(EX + "a", "read", EX + "x"), State(now=NOW))
    assert report.decision == "not-applicable"
    [premise] = [x for x in report.rules[0].premises if x.kind == "constraint"]
    assert premise.reason == "type-mismatch"
    assert not permitted(c("count", "lt", 5), count="many")
    assert not permitted(c("count", "eq", 5), count=NOW)
    assert not permitted(c("purpose", "lt", DPV + "Marketing"), purpose="dpv:Marketing")


def test_string_and_iri_operands() -> None:
    assert permitted(c("language", "eq", Term(value="en")), language="EN")
    assert permitted(c("deliveryChannel", "eq", EX + "api"), deliveryChannel=EX + "api")
    assert permitted(c("industry", "neq", EX + "finance"), industry=EX + "publishing")
    assert permitted(c("recipient", "eq", EX + "bob"), recipient=EX + "bob")
    assert not permitted(c("recipient", "eq", EX + "bob"), recipient=EX + "eve")


def test_iri_given_as_plain_string_literal() -> None:
    # Compact JSON-LD without {"@id": ...} turns IRIs into strings; they still compare as IRIs.
    assert permitted(c("purpose", "isA", Term(value="dpv:ResearchAndDevelopment")), purpose="AcademicResearch")
    assert permitted(c("spatial", "isPartOf", Term(value="EEA")), spatial="NO")


def test_pay_amount_with_unit() -> None:
    euro, nok = "http://dbpedia.org/resource/Euro", "http://dbpedia.org/resource/Norwegian_krone"
    con = c("payAmount", "gteq", Term(value="100", datatype=XSD + "decimal"), unit=euro)
    assert permitted(con, payAmount={"value": 150, "unit": euro})
    assert permitted(con, payAmount=150)  # a fact without unit is read in the constraint's unit
    assert not permitted(con, payAmount={"value": 150, "unit": nok})
    assert not permitted(con, payAmount={"value": 50, "unit": euro})


def test_percentage_and_count_from_state_context() -> None:
    con = c("percentage", "lteq", Term(value="10", datatype=XSD + "decimal"))
    assert permitted(con, State(now=NOW, context={"percentage": 7.5}))
    assert not permitted(con, State(now=NOW, context={"odrl:percentage": 12}))


# -- taxonomies and hierarchies --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("right", "value", "expected"),
    [
        ("ResearchAndDevelopment", "AcademicResearch", True),
        ("ResearchAndDevelopment", "Marketing", False),
        ("Marketing", "TargetedAdvertising", True),
        ("SellProducts", "SellDataToThirdParties", True),
        ("ServiceProvision", "SellInsightsFromData", True),
        ("EnforceSecurity", "FraudPreventionAndDetection", True),
        ("Purpose", "DirectMarketing", True),
        ("AcademicResearch", "ResearchAndDevelopment", False),
    ],
)
def test_purpose_isa_follows_dpv(right: str, value: str, expected: bool) -> None:
    assert permitted(c("purpose", "isA", DPV + right), purpose=f"dpv:{value}") is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("CommercialResearch", True),
        ("SellProductsToDataSubject", True),
        ("SocialMediaMarketing", True),
        ("NonCommercialResearch", False),
        ("AcademicResearch", False),
        ("ServiceOptimisation", False),
    ],
)
def test_commercial_purpose_grouping(value: str, expected: bool) -> None:
    assert permitted(c("purpose", "isA", AVT + "CommercialPurpose"), purpose=value) is expected


@pytest.mark.parametrize(
    ("right", "value", "expected"),
    [
        ("EEA", "NO", True),
        ("Nordic", "NO", True),
        ("EU", "NO", False),
        ("EU", "SE", True),
        ("EEA", "DE", True),
        ("EEA", "US", False),
        ("Nordic", "DK", True),
        ("World", "NOR", True),
        ("EEA", "EU", True),
    ],
)
def test_places_is_part_of(right: str, value: str, expected: bool) -> None:
    assert permitted(c("spatial", "isPartOf", AVT + right), spatial=value) is expected


def test_has_part() -> None:
    assert permitted(
        c("spatial", "hasPart", "http://publications.europa.eu/resource/authority/country/NOR"), spatial="EEA"
    )
    assert not permitted(c("spatial", "hasPart", AVT + "EEA"), spatial="NO")


@pytest.mark.parametrize(
    ("granted", "requested", "expected"),
    [
        ("use", "read", True),
        ("use", "modify", True),
        ("use", "distribute", True),
        ("use", "derive", True),
        ("use", "transfer", False),
        ("use", "sell", False),
        ("use", "give", False),
        ("transfer", "sell", True),
        ("transfer", "give", True),
        ("reproduce", "extract", True),
        ("use", "extract", True),
        ("read", "use", False),
        ("modify", "write", True),
        ("use", "write", True),
        ("play", "read", False),
        ("use", AVT + "trainModel", True),
        ("use", AVT + "reidentify", True),
        ("inform", AVT + "reportUse", True),
    ],
)
def test_action_hierarchy(granted: str, requested: str, expected: bool) -> None:
    assert (decide(policy(rule("permission", granted)), requested) == "permit") is expected


def test_deprecated_action_in_policy_resolves() -> None:
    assert decide(policy(rule("permission", "write")), "modify") == "permit"
    assert decide(policy(rule("permission", "license")), "grantUse") == "permit"


def test_commercialize_is_use_for_a_commercial_purpose() -> None:
    p = policy(rule("permission", "use"), rule("prohibition", "commercialize"), conflict="prohibit")
    assert decide(p, "read", purpose="AcademicResearch") == "permit"
    assert decide(p, "read", purpose="SellInsightsFromData") == "deny"
    assert decide(p, "commercialize") == "deny"


def test_ai_training_tiers_are_ordered() -> None:
    con = c("aiTrainingTier", "lteq", AVT + "tierInternal")
    for tier, ok in [
        ("none", True),
        ("benchmarking", True),
        ("research", True),
        ("internal", True),
        ("publishModel", False),
        ("commercialiseOutputs", False),
        ("commercialiseModel", False),
    ]:
        assert permitted(con, aiTrainingTier=tier) is ok, tier
    assert permitted(
        c("aiTrainingTier", "isAnyOf", AVT + "tierResearch", AVT + "tierBenchmarking"),
        aiTrainingTier="avt:tierResearch",
    )


# -- set operators ---------------------------------------------------------------------------------


def test_set_operators() -> None:
    research, marketing = DPV + "ResearchAndDevelopment", DPV + "Marketing"
    assert permitted(c("purpose", "isAnyOf", research, marketing), purpose="AcademicResearch")
    assert not permitted(c("purpose", "isAnyOf", research), purpose="Advertising")
    assert permitted(c("purpose", "isNoneOf", marketing), purpose="AcademicResearch")
    assert not permitted(c("purpose", "isNoneOf", marketing), purpose="TargetedAdvertising")
    assert permitted(c("purpose", "isAllOf", research, marketing), purpose=["AcademicResearch", "DirectMarketing"])
    assert not permitted(c("purpose", "isAllOf", research, marketing), purpose=["AcademicResearch"])
    assert permitted(c("spatial", "isAnyOf", AVT + "Nordic"), spatial="IS")


def test_several_values_permission_needs_all_prohibition_any() -> None:
    p = policy(rule("permission", "use", c("purpose", "isA", DPV + "ResearchAndDevelopment")))
    assert decide(p, purpose=["AcademicResearch", "Marketing"]) == "not-applicable"
    q = policy(
        rule("permission", "use"),
        rule("prohibition", "use", c("purpose", "isA", DPV + "Marketing")),
        conflict="prohibit",
    )
    assert decide(q, purpose=["AcademicResearch", "Marketing"]) == "deny"
    assert decide(q, purpose=["AcademicResearch"]) == "permit"


# -- logical constraints ---------------------------------------------------------------------------


def test_logical_constraints() -> None:
    a, b = c("count", "lt", 5), c("purpose", "isA", DPV + "Marketing")
    facts = {"count": 3, "purpose": "AcademicResearch"}  # a holds, b does not
    assert permitted(lc("or", a, b), **facts)
    assert not permitted(lc("and", a, b), **facts)
    assert not permitted(lc("andSequence", a, b), **facts)
    assert permitted(lc("xone", a, b), **facts)
    assert not permitted(lc("xone", a, c("count", "gt", 1)), **facts)
    assert permitted(lc("and", a, lc("or", b, c("count", "eq", 3))), **facts)


def test_empty_logical_constraint_is_unsatisfied() -> None:
    assert not permitted(LogicalConstraint(operator=ODRL + "or", constraints=()))


def test_unknown_operator_is_unsatisfied_not_an_exception() -> None:
    con = Constraint(left_operand=ODRL + "count", operator=ODRL + "approximately", right_operand=(Term.literal(1),))
    assert not permitted(con, count=1)


def test_right_operand_reference() -> None:
    con = Constraint(left_operand=ODRL + "count", operator=ODRL + "lteq", right_operand_reference=EX + "quota")
    assert permitted(con, State(now=NOW, context={EX + "quota": 10}), count=3)
    p = policy(rule("permission", "use", con))
    report = evaluate(p, build_request(EX + "a", "read", EX + "x", count=3), State(now=NOW))
    assert report.decision == "not-applicable" and report.missing == [EX + "quota"]


# -- missing facts ---------------------------------------------------------------------------------


def test_missing_fact_is_unsatisfied_and_reported() -> None:
    p = policy(rule("permission", "use", c("purpose", "isA", DPV + "ResearchAndDevelopment"), c("count", "lt", 3)))
    report = evaluate(p, build_request(EX + "a", "read", EX + "x"), State(now=NOW))
    assert report.decision == "not-applicable"
    assert report.missing == [ODRL + "purpose", ODRL + "count"]
    assert report.questions("nb")[0] == "Hva er formålet med bruken?"
    assert report.questions("en")[0] == "What is the purpose of the use?"


def test_missing_fact_not_reported_when_rule_fails_anyway() -> None:
    p = policy(rule("permission", "use", c("purpose", "isA", DPV + "Marketing"), c("count", "lt", 3)))
    report = evaluate(p, build_request(EX + "a", "read", EX + "x", purpose="AcademicResearch"), State(now=NOW))
    assert report.missing == []


def test_pending_prohibition_blocks_permit() -> None:
    p = policy(rule("permission", "use"), rule("prohibition", "use", c("purpose", "isA", AVT + "CommercialPurpose")))
    report = evaluate(p, build_request(EX + "a", "read", EX + "x"), State(now=NOW))
    assert (report.decision, report.reason) == ("deny", "pending-facts")
    assert report.missing == [ODRL + "purpose"]
    assert decide(p, purpose="AcademicResearch") == "permit"


def test_missing_target_or_assignee() -> None:
    p = policy(rule("permission", "use", target=Asset(uid=EX + "x"), assignee=Party(uid=EX + "alice")))
    report = evaluate(p, build_request(None, "read", None), State(now=NOW))
    assert report.decision == "not-applicable"
    assert report.missing == [ODRL + "target", ODRL + "assignee"]


# -- collections -----------------------------------------------------------------------------------


def test_asset_and_party_collections_via_state() -> None:
    p = policy(
        rule(
            "permission",
            "use",
            target=Asset(uid=EX + "all-data", is_collection=True),
            assignee=Party(uid=EX + "researchers", is_collection=True),
        )
    )
    state = State(
        now=NOW, part_of={EX + "x": [EX + "sub"], EX + "sub": [EX + "all-data"], EX + "alice": EX + "researchers"}
    )
    assert decide(p, state=state) == "permit"
    assert decide(p, state=State(now=NOW)) == "not-applicable"


def test_cyclic_collections_terminate() -> None:
    p = policy(rule("permission", "use", target=Asset(uid=EX + "never")))
    state = State(now=NOW, part_of={EX + "x": [EX + "a"], EX + "a": [EX + "b"], EX + "b": [EX + "x", EX + "a"]})
    assert decide(p, state=state) == "not-applicable"


def test_refined_party_collection() -> None:
    party = Party(
        uid=EX + "staff", is_collection=True, source=EX + "staff", refinements=(c("spatial", "isPartOf", AVT + "EEA"),)
    )
    p = policy(rule("permission", "use", assignee=party))
    state = State(now=NOW, part_of={EX + "alice": [EX + "staff"]})
    assert decide(p, state=state, spatial="NO") == "permit"
    assert decide(p, state=state, spatial="US") == "not-applicable"


def test_part_of_from_policy_and_request_graph() -> None:
    p = policy(rule("permission", "use", target=Asset(uid=EX + "coll")), part_of={EX + "x": (EX + "coll",)})
    assert decide(p) == "permit"
    req = Request(uid=EX + "r", action=ODRL + "read", target=EX + "y", part_of={EX + "y": (EX + "coll",)})
    assert evaluate(p, req, State(now=NOW)).decision == "permit"


# -- duties, prohibitions, conflicts -----------------------------------------------------------------


def _with_duty(**kw: Any) -> Policy:
    duty = Rule(kind="duty", uid=EX + "duty1", action=Action(iri=ODRL + "attribute"), clause_number="11.1")
    return policy(rule("permission", "use", duties=(duty,)), **kw)


@pytest.mark.parametrize(
    ("state", "decision", "owed"),
    [(None, "permit", 1), ("NonSet", "permit", 1), ("Fulfilled", "permit", 0), ("Violated", "not-applicable", 0)],
)
def test_duty_states(state: str | None, decision: str, owed: int) -> None:
    st = State(now=NOW, duty_states={EX + "duty1": state} if state else {})
    report = evaluate(_with_duty(), build_request(EX + "a", "read", EX + "x"), st)
    assert report.decision == decision
    assert len(report.duties_owed) == owed
    if owed:
        assert report.duties_owed[0].clause_number == "11.1"
        assert "kreditere kilden (punkt 11.1)" in report.explain("nb")


def test_duty_state_by_action_name_and_bad_state() -> None:
    st = State(now=NOW, duty_states={"attribute": "fulfilled"})
    assert evaluate(_with_duty(), build_request(EX + "a", "read", EX + "x"), st).duties_owed == []
    with pytest.raises(PolicyError, match="duty state"):
        State(now=NOW, duty_states={EX + "duty1": "Maybe"})


def test_violated_duty_reports_consequence() -> None:
    cons = Rule(kind="duty", uid=EX + "cons", action=Action(iri=ODRL + "compensate"))
    duty = Rule(kind="duty", uid=EX + "duty1", action=Action(iri=ODRL + "attribute"), consequences=(cons,))
    p = policy(rule("permission", "use", duties=(duty,)))
    report = evaluate(
        p, build_request(EX + "a", "read", EX + "x"), State(now=NOW, duty_states={EX + "duty1": "Violated"})
    )
    assert report.reason == "duty-violated"
    [d] = report.rules[0].duties
    assert d.state == "Violated" and d.consequences[0].uid == EX + "cons"


def test_prohibition_remedy_reported() -> None:
    remedy = Rule(kind="duty", uid=EX + "rem", action=Action(iri=ODRL + "delete"))
    p = policy(rule("prohibition", "archive", remedies=(remedy,)))
    report = evaluate(p, build_request(EX + "a", "archive", EX + "x"), State(now=NOW))
    assert report.decision == "deny" and [r.uid for r in report.remedies] == [EX + "rem"]
    assert "Ved brudd: slette" in report.explain("nb")


@pytest.mark.parametrize(
    ("conflict", "decision", "reason"),
    [
        ("perm", "permit", "permitted"),
        ("prohibit", "deny", "prohibited"),
        ("invalid", "deny", "conflict"),
        (None, "deny", "conflict"),
    ],
)
def test_conflict_strategies(conflict: str | None, decision: str, reason: str) -> None:
    p = policy(rule("permission", "use"), rule("prohibition", "distribute"), conflict=conflict)
    report = evaluate(p, build_request(EX + "a", "distribute", EX + "x"), State(now=NOW))
    assert (report.decision, report.reason) == (decision, reason)
    assert decide(p, "read") == "permit"


def test_obligations_are_reported_not_decisive() -> None:
    ob = rule("obligation", "compensate", uid=EX + "ob", assignee=Party(uid=EX + "alice"))
    p = policy(rule("permission", "use"), ob)
    report = evaluate(
        p, build_request(EX + "alice", "read", EX + "x"), State(now=NOW, duty_states={EX + "ob": "Violated"})
    )
    assert report.decision == "permit"
    [o] = report.obligations
    assert o.deontic_state == "Violated"


def test_several_policies() -> None:
    allow = policy(rule("permission", "use"), uid=EX + "allow")
    deny = policy(rule("prohibition", "distribute"), uid=EX + "deny")
    unrelated = policy(rule("permission", "print", target=Asset(uid=EX + "other")), uid=EX + "other")
    assert decide([allow, unrelated], "read") == "permit"
    assert decide([allow, deny], "distribute") == "deny"
    assert decide([allow, deny], "read") == "permit"
    assert decide([unrelated], "read") == "not-applicable"
    assert decide([], "read") == "not-applicable"


def test_rules_have_one_report_each_in_order() -> None:
    p = policy(rule("permission", "read"), rule("permission", "print"), rule("prohibition", "sell"))
    report = evaluate(p, build_request(EX + "a", "read", EX + "x"), State(now=NOW))
    assert [(r.kind, r.active) for r in report.rules] == [
        ("permission", True),
        ("permission", False),
        ("prohibition", False),
    ]
    assert report.rules[1].failed[0].kind == "action"
    assert "omfatter" in report.rules[1].reason("nb")




