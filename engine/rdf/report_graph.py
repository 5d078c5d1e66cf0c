"""A ``Report`` as an RDF graph in the FORCE compliance-report vocabulary (``report:``).

One ``PolicyReport`` per policy, a Permission/Prohibition/ObligationReport per atomic rule with its premise
reports (Target, Party, Action, Constraint) and DutyReports as condition reports. This is the graph writer
the facade ``engine.odrl`` registers for ``Report.to_graph()``.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD
from rdflib.term import Node

from engine.odrl.model import AnyConstraint, LogicalConstraint, Term
from engine.odrl.report import Report
from engine.odrl.results import DutyReport, Premise, RuleReport
from engine.odrl.values import Duration, Iri, Value
from engine.odrl.vocab import AVT, ODRL, REPORT
from engine.rdf.graph import new_graph

OD = Namespace(ODRL)
A = Namespace(AVT)
R = Namespace(REPORT)


def _node(iri: str | None) -> URIRef | BNode:
    if iri is None or iri.startswith("_:"):
        return BNode()
    return URIRef(iri)


def _value_literal(v: Value) -> URIRef | Literal:
    if isinstance(v, Iri):
        return URIRef(v)
    if isinstance(v, Duration):
        return Literal(str(v), datatype=XSD.duration)
    return Literal(v)


def report_to_graph(report: Report) -> Graph:
    """FORCE compliance report (``https://w3id.org/force/compliance-report#``) for an evaluation."""
    g = new_graph()
    request = report.request
    req_node = URIRef(request.uid)
    rule_req = URIRef(request.rule_uid) if request.rule_uid else req_node
    by_policy: dict[str, list[RuleReport]] = {}
    for rr in report.rules:
        by_policy.setdefault(rr.policy_uid, []).append(rr)
    created = Literal(report.state.now.isoformat(), datatype=XSD.dateTime)
    for policy in report.policies:
        pr = BNode()
        g.add((pr, RDF.type, R.PolicyReport))
        g.add((pr, R.policy, URIRef(policy.uid)))
        g.add((pr, R.policyRequest, req_node))
        g.add((pr, DCTERMS.created, created))
        for rr in by_policy.get(policy.uid, []):
            node = BNode()
            g.add((pr, R.ruleReport, node))
            cls = {"permission": R.PermissionReport, "prohibition": R.ProhibitionReport}.get(
                rr.kind, R.ObligationReport
            )
            g.add((node, RDF.type, cls))
            g.add((node, R.rule, _node(rr.uid)))
            g.add((node, R.ruleRequest, rule_req))
            g.add((node, R.attemptState, R.Attempted))
            g.add((node, R.activationState, R.Active if rr.active else R.Inactive))
            if rr.deontic_state:
                g.add((node, R.deonticState, R[rr.deontic_state]))
            if rr.clause_number:
                g.add((node, A.clauseNumber, Literal(rr.clause_number)))
            for p in rr.premises:
                g.add((node, R.premiseReport, _premise_node(g, p)))
            for d in (*rr.duties, *rr.remedies, *rr.consequences):
                g.add((node, R.conditionReport, _duty_node(g, d, rule_req)))
    return g


def _premise_node(g: Graph, p: Premise) -> BNode:
    node = BNode()
    cls = {"target": R.TargetReport, "party": R.PartyReport, "action": R.ActionReport}.get(p.kind, R.ConstraintReport)
    g.add((node, RDF.type, cls))
    g.add((node, R.satisfactionState, R.Satisfied if p.satisfied else R.Unsatisfied))
    if p.reason:
        g.add((node, RDFS.comment, Literal(p.reason)))
    c = p.constraint
    if p.kind == "constraint" and c is not None:
        g.add((node, R.constraint, _constraint_node(g, c)))
        if isinstance(c, LogicalConstraint):
            g.add((node, R.constraintLogicalOperand, URIRef(c.operator)))
        else:
            g.add((node, R.constraintOperator, URIRef(c.operator)))
            for t in c.right_operand:
                g.add((node, R.constraintRightOperand, _term_node(t)))
            for v in p.actual:
                g.add((node, R.constraintLeftOperand, _value_literal(v)))
    for child in p.children:
        g.add((node, R.premiseReport, _premise_node(g, child)))
    return node


def _duty_node(g: Graph, d: DutyReport, rule_req: URIRef) -> BNode:
    node = BNode()
    g.add((node, RDF.type, R.DutyReport))
    g.add((node, R.rule, _node(d.uid)))
    g.add((node, R.ruleRequest, rule_req))
    g.add((node, R.deonticState, R[d.state]))
    for c in d.consequences:
        g.add((node, R.conditionReport, _duty_node(g, c, rule_req)))
    return node


def _term_node(t: Term) -> URIRef | Literal:
    if t.is_iri:
        return URIRef(t.value)
    return Literal(t.value, datatype=URIRef(t.datatype) if t.datatype else None, lang=t.language)


def _constraint_node(g: Graph, c: AnyConstraint) -> URIRef | BNode:
    if c.uid:
        return URIRef(c.uid)
    node = BNode()
    if isinstance(c, LogicalConstraint):
        items: list[Node] = [_constraint_node(g, x) for x in c.constraints]
        head = BNode()
        Collection(g, head, items)
        g.add((node, URIRef(c.operator), head))
        return node
    g.add((node, OD.leftOperand, URIRef(c.left_operand)))
    g.add((node, OD.operator, URIRef(c.operator)))
    for t in c.right_operand:
        g.add((node, OD.rightOperand, _term_node(t)))
    return node


__all__ = ["report_to_graph"]
