"""Parse ODRL policies and requests from JSON-LD / Turtle / any RDF syntax into the atomic model.

rdflib parses (``graph.load_graph``); the pure model reader (``engine.odrl.model.reader``) builds the
model from the graph's plain triples, so strictness, locations and atomisation are those of the
compact JSON-LD codec too.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from engine.odrl.model import Policy, Request, read_policies, read_request
from engine.odrl.vocab import Vocabulary, default_vocabulary
from engine.rdf.graph import load_graph, to_triples


def policies_from_graph(
    graph: Graph, *, vocab: Vocabulary | None = None, source: str | None = None, strict: bool = True
) -> list[Policy]:
    """Every policy in the graph (requests excluded), in atomic form."""
    return read_policies(to_triples(graph), vocab or default_vocabulary(), source=source, strict=strict)


def parse_policies(
    data: str | bytes | Graph,
    format: str | None = None,
    *,
    source: str | Path | None = None,
    strict: bool = True,
    vocab: Vocabulary | None = None,
) -> list[Policy]:
    """Parse ODRL policies from JSON-LD / Turtle text (or a Graph) into atomic ``Policy`` models.

    ``strict`` (default) raises ``ProfileViolation`` listing every structural problem.
    """
    graph = load_graph(data, format, source=source)
    return policies_from_graph(graph, vocab=vocab, source=str(source) if source else None, strict=strict)


def parse_request(
    data: str | bytes | Graph,
    format: str | None = None,
    *,
    source: str | Path | None = None,
    vocab: Vocabulary | None = None,
) -> Request:
    """Parse an ``odrl:Request`` (its first permission names assignee, action, target; constraints = facts)."""
    graph = load_graph(data, format, source=source)
    return read_request(to_triples(graph), vocab or default_vocabulary(), source=str(source) if source else None)


__all__ = ["parse_policies", "parse_request", "policies_from_graph"]
