"""FORCE compliance report graph: one PolicyReport per policy, rule reports, premise and duty reports."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from engine.odrl import State, build_request, evaluate, parse_policies, parse_request

R = Namespace("https://w3id.org/force/compliance-report#")
ODRL = Namespace("http://www.w3.org/ns/odrl/2/")
DATA = Path(__file__).parent / "data" / "odrl"
NOW = datetime(2024, 2, 12, tzinfo=UTC)


@pytest.fixture
def alice_report():  # type: ignore[no-untyped-def]
    policies = parse_policies((DATA / "policies" / "alice_read_until_2024.ttl").read_text())
    request = parse_request((DATA / "requests" / "alice_read_x.jsonld").read_text())
    return evaluate(policies, request, State(now=NOW))


def test_force_report_for_alice_example(alice_report) -> None:  # type: ignore[no-untyped-def]
    g = alice_report.to_graph()
    [pr] = list(g.subjects(RDF.type, R.PolicyReport))
    assert g.value(pr, R.policy) == URIRef("http://example.com/policy-alice")
    assert g.value(pr, R.policyRequest) == URIRef("http://example.com/request:1")
    assert g.value(pr, DCTERMS.created) == Literal(NOW.isoformat(), datatype=XSD.dateTime)
    [rr] = list(g.objects(pr, R.ruleReport))
    assert (rr, RDF.type, R.PermissionReport) in g
    assert g.value(rr, R.rule) == URIRef("http://example.com/policy-alice-read")
    assert g.value(rr, R.ruleRequest) == URIRef("http://example.com/request:1#p")
    assert g.value(rr, R.attemptState) == R.Attempted
    assert g.value(rr, R.activationState) == R.Active
    premises = list(g.objects(rr, R.premiseReport))
    kinds = sorted(str(g.value(p, RDF.type)).rsplit("#", 1)[1] for p in premises)
    assert kinds == ["ActionReport", "ConstraintReport", "PartyReport", "TargetReport"]
    assert all(g.value(p, R.satisfactionState) == R.Satisfied for p in premises)
    [cr] = [p for p in premises if (p, RDF.type, R.ConstraintReport) in g]
    assert g.value(cr, R.constraint) == URIRef("http://example.com/until-2024")
    assert g.value(cr, R.constraintOperator) == ODRL.lteq
    assert g.value(cr, R.constraintRightOperand) == Literal("2024-12-31T23:59:59", datatype=XSD.dateTime)
    assert g.value(cr, R.constraintLeftOperand) == Literal(NOW)


def test_premise_reports_only_for_properties_the_rule_has() -> None:
    ttl = """@prefix odrl: <http://www.w3.org/ns/odrl/2/> .
<http://e/p> a odrl:Set ; odrl:permission <http://e/r> . <http://e/r> odrl:action odrl:use ."""
    report = evaluate(parse_policies(ttl), build_request("http://e/a", "read", "http://e/x"), State(now=NOW))
    g = report.to_graph()
    [rr] = list(g.subjects(RDF.type, R.PermissionReport))
    assert [g.value(p, RDF.type) for p in g.objects(rr, R.premiseReport)] == [R.ActionReport]


def test_logical_constraint_and_duty_reports() -> None:
    ttl = """@prefix odrl: <http://www.w3.org/ns/odrl/2/> .
<http://e/p> a odrl:Set ; odrl:permission <http://e/r> .
<http://e/r> odrl:action odrl:use ;
  odrl:constraint [ odrl:or ( [ odrl:leftOperand odrl:count ; odrl:operator odrl:lt ; odrl:rightOperand 3 ]
                              [ odrl:leftOperand odrl:count ; odrl:operator odrl:gt ; odrl:rightOperand 10 ] ) ] ;
  odrl:duty <http://e/d> . <http://e/d> odrl:action odrl:attribute ."""
    report = evaluate(parse_policies(ttl), build_request("http://e/a", "read", "http://e/x", count=2), State(now=NOW))
    g = report.to_graph()
    [cr] = list(g.subjects(R.constraintLogicalOperand, ODRL["or"]))
    assert g.value(cr, R.satisfactionState) == R.Satisfied
    nested = list(g.objects(cr, R.premiseReport))
    assert sorted(g.value(n, R.satisfactionState) for n in nested) == sorted([R.Satisfied, R.Unsatisfied])
    [dr] = list(g.subjects(RDF.type, R.DutyReport))
    assert g.value(dr, R.rule) == URIRef("http://e/d") and g.value(dr, R.deonticState) == R.NonSet


def test_inactive_rule_and_prohibition_report() -> None:
    ttl = """@prefix odrl: <http://www.w3.org/ns/odrl/2/> .
<http://e/p> a odrl:Set ; odrl:prohibition <http://e/r> . <http://e/r> odrl:action odrl:sell ."""
    report = evaluate(parse_policies(ttl), build_request("http://e/a", "read", "http://e/x"), State(now=NOW))
    g = report.to_graph()
    [rr] = list(g.subjects(RDF.type, R.ProhibitionReport))
    assert g.value(rr, R.activationState) == R.Inactive




