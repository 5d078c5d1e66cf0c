"""Policies out as RDF: an rdflib Graph or Turtle, by way of our compact JSON-LD (the one written form)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rdflib import Graph

from engine.odrl.model import Json, Policy
from engine.odrl.model import policy_to_jsonld as compact_jsonld
from engine.odrl.vocab import PREFIXES
from engine.rdf.graph import load_graph
from engine.rdf.read import policies_from_graph


def policy_to_jsonld(policy: Policy | Sequence[Policy] | Graph, *, atomic: bool = False) -> dict[str, Json]:
    """Our compact JSON-LD for one policy, several, or every policy in a graph."""
    if isinstance(policy, Graph):
        policy = policies_from_graph(policy, strict=False)
    return compact_jsonld(policy, atomic=atomic)


def policy_to_graph(policy: Policy | Sequence[Policy], *, atomic: bool = False) -> Graph:
    """The policy (or policies) as an rdflib Graph, via the compact JSON-LD form."""
    return load_graph(json.dumps(compact_jsonld(policy, atomic=atomic)), "json-ld")


def policy_to_turtle(policy: Policy | Sequence[Policy] | Graph) -> str:
    graph = policy if isinstance(policy, Graph) else policy_to_graph(policy)
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph.serialize(format="turtle")


__all__ = ["policy_to_graph", "policy_to_jsonld", "policy_to_turtle"]
