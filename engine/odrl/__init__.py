"""ODRL 2.2 rights engine — the public facade: read policies, evaluate requests, report decisions.

    policies = parse_policies(text)                 # JSON-LD or Turtle -> atomic Policy models (engine.rdf)
    request = build_request("ex:alice", "read", "ex:x", purpose="dpv:AcademicResearch")
    report = evaluate(policies, request, State(now=datetime.now(UTC)))
    report.decision, report.duties_owed, report.missing, report.explain("nb"), report.to_graph()

Everything under ``engine/odrl/`` is pure at run time, at every level: it imports only the standard
library, pydantic, ``engine.errors`` and ``engine.i18n``. The vocabulary comes from the generated snapshot
``vocabulary.json`` (``python -m engine.rdf.snapshot --write``); our compact JSON-LD is read and written by
``engine.odrl.model`` without an RDF library.

    vocab      IRIs and constants (one home each), the frozen Vocabulary from the snapshot
    model      pydantic model, plain triples, the reader (triples -> model), our compact JSON-LD codec
    values     typed values and comparisons           state     State (time, memberships, duties, facts)
    compile    CompiledPolicy / CompiledRequest       match     premise checks
    results    Premise, DutyReport, RuleReport        evaluate  evaluate(), rule evaluation, decision
    report     Report (+ the graph-writer seam)       explain   words for people (nb / en)
    index      PolicyIndex                            build     build_request(), action_iri()

The one exception to the layering rule ("odrl imports nothing but the standard library, pydantic,
engine.errors and engine.i18n"), for the layering test to encode by name:

    module ``engine.odrl`` (this file, and no other module under engine/odrl) imports ``engine.rdf`` and
    ``engine.rdf.report_graph`` inside functions: in ``__getattr__`` (PEP 562), for the I/O names in
    ``RDF_NAMES``, and in ``_rdf_report_graph``, the graph writer it registers for ``Report.to_graph()``.

Why: those names have always been reachable as ``engine.odrl.parse_policies`` etc. and callers build on
them, yet reading Turtle or writing RDF needs rdflib, which belongs to the adapter ``engine.rdf``. The
imports run on first use only, so importing ``engine.odrl`` (or any pure module) never loads rdflib.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.odrl.build import action_iri, build_request
from engine.odrl.compile import CompiledPolicy, CompiledRequest, compile_policy, compile_request
from engine.odrl.evaluate import evaluate
from engine.odrl.explain import action_label, cite, explain, missing_questions, premise_reason, rule_reason
from engine.odrl.index import PolicyIndex
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
    policy_from_dict,
    policy_to_jsonld,
)
from engine.odrl.report import RdfGraph, Report, set_graph_writer
from engine.odrl.results import Decision, DutyReport, PolicyOutcome, Premise, RuleReport
from engine.odrl.state import State
from engine.odrl.vocab import AVT, DPV, ODRL, PROFILE_IRI, REPORT, Vocabulary, default_vocabulary, policies_dir

if TYPE_CHECKING:
    from engine.rdf import (
        load_graph,
        load_vocabulary,
        parse_policies,
        parse_request,
        policy_to_graph,
        policy_to_turtle,
        report_to_graph,
        validate,
    )

RDF_NAMES = frozenset(
    {
        "load_graph",
        "load_vocabulary",
        "parse_policies",
        "parse_request",
        "policy_to_graph",
        "policy_to_turtle",
        "report_to_graph",
        "validate",
    }
)
"""Public names served by ``engine.rdf`` (rdflib / pyshacl), imported on first use."""


def __getattr__(name: str) -> object:
    if name not in RDF_NAMES:
        raise AttributeError(f"module 'engine.odrl' has no attribute {name!r}")
    import engine.rdf  # the documented facade exception (see the module docstring)

    value: object = getattr(engine.rdf, name)
    globals()[name] = value
    return value


def _rdf_report_graph(report: Report) -> RdfGraph:
    """``Report.to_graph()``: the FORCE report written by ``engine.rdf.report_graph`` (rdflib)."""
    from engine.rdf.report_graph import report_to_graph  # the documented facade exception

    return report_to_graph(report)


set_graph_writer(_rdf_report_graph)

__all__ = [
    "AVT",
    "DPV",
    "ODRL",
    "PROFILE_IRI",
    "REPORT",
    "Action",
    "AnyConstraint",
    "Asset",
    "CompiledPolicy",
    "CompiledRequest",
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
    "RdfGraph",
    "Report",
    "Request",
    "Rule",
    "RuleReport",
    "State",
    "Term",
    "Vocabulary",
    "action_iri",
    "action_label",
    "build_request",
    "cite",
    "compile_policy",
    "compile_request",
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
    "set_graph_writer",
    "validate",
]
