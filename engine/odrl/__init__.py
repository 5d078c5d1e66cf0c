"""ODRL 2.2 rights engine: read policies, evaluate requests, report decisions.

    policies = parse_policies(text)                 # JSON-LD or Turtle -> atomic Policy models
    request = build_request("ex:alice", "read", "ex:x", purpose="dpv:AcademicResearch")
    report = evaluate(policies, request, State(now=datetime.now(UTC)))
    report.decision, report.duties_owed, report.missing, report.explain("nb"), report.to_graph()

Core modules (model, vocab, evaluate, report) are pure; rdflib lives in ``io`` and pyshacl in ``validate``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from engine.odrl.build import action_iri, build_request
from engine.odrl.evaluate import (
    Decision,
    DutyReport,
    PolicyIndex,
    PolicyOutcome,
    Premise,
    Report,
    RuleReport,
    State,
    compile_policy,
    evaluate,
)
from engine.odrl.model import (
    Action,
    AnyConstraint,
    Asset,
    Constraint,
    Duty,
    LogicalConstraint,
    Party,
    Policy,
    Request,
    Rule,
    Term,
)
from engine.odrl.report import cite, explain, missing_questions, premise_reason, rule_reason
from engine.odrl.vocab import AVT, DPV, ODRL, PROFILE_IRI, REPORT, Vocabulary, default_vocabulary, policies_dir

# rdflib (io) and pyshacl (validate) load on first use, so importing the pure core stays light.
_LAZY = {
    "load_graph": "engine.rdf.io",
    "load_vocabulary": "engine.rdf.io",
    "parse_policies": "engine.rdf.io",
    "parse_request": "engine.rdf.io",
    "policy_from_dict": "engine.rdf.io",
    "policy_to_graph": "engine.rdf.io",
    "policy_to_jsonld": "engine.rdf.io",
    "policy_to_turtle": "engine.rdf.io",
    "report_to_graph": "engine.rdf.io",
    "validate": "engine.rdf.validate",
}

if TYPE_CHECKING:
    from engine.rdf.io import (
        load_graph,
        load_vocabulary,
        parse_policies,
        parse_request,
        policy_from_dict,
        policy_to_graph,
        policy_to_jsonld,
        policy_to_turtle,
        report_to_graph,
    )
    from engine.rdf.validate import validate


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'engine.odrl' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "AVT",
    "DPV",
    "ODRL",
    "PROFILE_IRI",
    "REPORT",
    "Action",
    "AnyConstraint",
    "Asset",
    "Constraint",
    "Decision",
    "Duty",
    "DutyReport",
    "LogicalConstraint",
    "Party",
    "Policy",
    "PolicyIndex",
    "PolicyOutcome",
    "Premise",
    "Report",
    "Request",
    "Rule",
    "RuleReport",
    "State",
    "Term",
    "Vocabulary",
    "action_iri",
    "build_request",
    "cite",
    "compile_policy",
    "default_vocabulary",
    "evaluate",
    "explain",
    "load_graph",
    "load_vocabulary",
    "missing_questions",
    "parse_policies",
    "parse_request",
    "policies_dir",
    "policy_from_dict",
    "policy_to_graph",
    "policy_to_jsonld",
    "policy_to_turtle",
    "premise_reason",
    "report_to_graph",
    "rule_reason",
    "validate",
]
