"""Triples -> JSON-LD with an inline context, deterministically.

pyoxigraph writes expanded JSON-LD without a context; harvesters read it, people do not. This writes one
``@graph`` of node objects in the order the subjects come, with compact keys (``dct:title``) from the
fixed prefixes, full IRIs in ``@id`` values, and keys sorted — so the same triples in the same order are
the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, cast

import pyoxigraph as ox

from engine.rdf.dcat.terms import LANG_STRING, PREFIXES, RDF_TYPE, XSD_STRING


def _compact(iri: str, prefixes: Mapping[str, str]) -> str:
    for prefix, ns in prefixes.items():
        if iri.startswith(ns):
            local = iri[len(ns) :]
            if local and not local.startswith("//"):
                return f"{prefix}:{local}"
    return iri


def _node_id(term: ox.NamedNode | ox.BlankNode) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _value(term: Any, prefixes: Mapping[str, str]) -> dict[str, str]:
    if isinstance(term, ox.Literal):
        out = {"@value": term.value}
        if term.language:
            out["@language"] = term.language
        elif term.datatype.value not in (XSD_STRING, LANG_STRING):
            out["@type"] = _compact(term.datatype.value, prefixes)
        return out
    return {"@id": _node_id(term)}


def to_jsonld(triples: Iterable[ox.Triple], prefixes: Mapping[str, str] = PREFIXES) -> dict[str, Any]:
    nodes: dict[Any, dict[str, Any]] = {}
    for t in triples:
        node = nodes.get(t.subject)
        if node is None:  # our own triples: no triple terms (parse_triples refuses them on the way in)
            node = nodes[t.subject] = {"@id": _node_id(cast(ox.NamedNode | ox.BlankNode, t.subject))}
        if t.predicate == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            node.setdefault("@type", []).append(_compact(t.object.value, prefixes))
        else:
            node.setdefault(_compact(t.predicate.value, prefixes), []).append(_value(t.object, prefixes))
    return {"@context": dict(prefixes), "@graph": list(nodes.values())}


def jsonld_bytes(triples: Iterable[ox.Triple], prefixes: Mapping[str, str] = PREFIXES) -> bytes:
    """One node object per line (json's C encoder runs only without ``indent``: 5x faster on 10,000 datasets)."""
    doc = to_jsonld(triples, prefixes)
    context = json.dumps(doc["@context"], ensure_ascii=False, indent=2, sort_keys=True)
    nodes = ",\n".join(json.dumps(node, ensure_ascii=False, sort_keys=True) for node in doc["@graph"])
    return f'{{\n"@context": {context},\n"@graph": [\n{nodes}\n]\n}}\n'.encode()
