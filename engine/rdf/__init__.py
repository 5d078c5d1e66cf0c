"""RDF adapter: the only importer of rdflib and pyshacl — parsing, writing, vocabulary build, SHACL.

    contexts      bundled JSON-LD contexts (from the vocabulary snapshot); remote contexts are refused
    graph         text -> rdflib Graph (errors translated, size limit) -> plain triples for the model reader
    read          parse_policies, parse_request, policies_from_graph
    write         policy_to_jsonld (also from a Graph), policy_to_graph, policy_to_turtle
    report_graph  report_to_graph: a Report as a FORCE compliance-report graph
    validate      validate / check: our structural checks plus the W3C POE shapes (pyshacl, lazy)
    vocabulary    build the vocabulary snapshot from policies/; snapshot: `python -m engine.rdf.snapshot --write`
    dcat          DCAT-AP-NO dataset catalogues (import, export, validation; pyoxigraph), imported on use

``engine.odrl`` serves these names too, importing this package on first use (its one documented
exception to the layering rule).
"""

from __future__ import annotations

from engine.rdf.contexts import avt_context, odrl_context
from engine.rdf.graph import MAX_BYTES, load_graph, sniff_format, to_triples
from engine.rdf.read import parse_policies, parse_request, policies_from_graph
from engine.rdf.report_graph import report_to_graph
from engine.rdf.validate import check, shacl_problems, validate
from engine.rdf.vocabulary import build_snapshot, load_vocabulary
from engine.rdf.write import policy_to_graph, policy_to_jsonld, policy_to_turtle

__all__ = [
    "MAX_BYTES",
    "avt_context",
    "build_snapshot",
    "check",
    "load_graph",
    "load_vocabulary",
    "odrl_context",
    "parse_policies",
    "parse_request",
    "policies_from_graph",
    "policy_to_graph",
    "policy_to_jsonld",
    "policy_to_turtle",
    "report_to_graph",
    "shacl_problems",
    "sniff_format",
    "to_triples",
    "validate",
]
