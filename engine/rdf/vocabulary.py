"""Build the vocabulary snapshot from ``policies/`` with rdflib (written by ``python -m engine.rdf.snapshot``).

The snapshot holds what ``engine.odrl.vocab.Vocabulary`` is built from (action hierarchy, deprecated
terms, DPV ``broader``, places ``isPartOf``, tier ranks, notations, labels, profile interpretations, known
terms), a verbatim copy of the bundled JSON-LD contexts, and a SHA-256 of every source file. Output is
deterministic (sorted), so a changed snapshot in a diff means a changed vocabulary.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from engine.errors import PolicyError, PolicyParseError
from engine.odrl.vocab import (
    AVT,
    CONTEXT_FILES,
    ODRL,
    SNAPSHOT_FILE,
    VOCABULARY_FILES,
    Vocabulary,
    local_name,
    policies_dir,
)

OD = Namespace(ODRL)
A = Namespace(AVT)
OWL_DEPRECATED = URIRef("http://www.w3.org/2002/07/owl#deprecated")
GENERATED_BY = "python -m engine.rdf.snapshot --write"


def snapshot_path() -> Path:
    return Path(__file__).resolve().parents[1] / "odrl" / SNAPSHOT_FILE


def _graph(directory: Path) -> Graph:
    g = Graph()
    for name in VOCABULARY_FILES:
        path = directory / name
        try:
            g.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many unrelated types
            raise PolicyParseError(f"cannot read vocabulary file {name}: {exc}", source=path) from exc
    return g


def _sorted_map(d: Mapping[str, set[str]]) -> dict[str, list[str]]:
    return {k: sorted(v) for k, v in sorted(d.items())}


def vocabulary_data(directory: Path | None = None) -> dict[str, Any]:
    """The ``vocabulary`` part of a snapshot: plain, sorted JSON data read from the Turtle files."""
    g = _graph(directory or policies_dir())
    included: dict[str, set[str]] = {}
    for s, o in g.subject_objects(OD.includedIn):
        included.setdefault(str(s), set()).add(str(o))
    actions = {str(s) for s in g.subjects(RDF.type, OD.Action)} | set(included)
    left_operands = {str(s) for s in g.subjects(RDF.type, OD.LeftOperand)}
    exact: dict[str, str] = {}
    for s in set(g.subjects(OWL_DEPRECATED, Literal(True))):
        targets = list(g.objects(s, SKOS.exactMatch))
        if len(targets) == 1:
            exact[str(s)] = str(targets[0])
    for lo in left_operands:  # e.g. odrl:device -> odrl:systemDevice
        targets = list(g.objects(URIRef(lo), SKOS.exactMatch))
        if len(targets) == 1 and str(targets[0]) in left_operands:
            exact[lo] = str(targets[0])
    broader: dict[str, set[str]] = {}
    for s, o in g.subject_objects(SKOS.broader):
        broader.setdefault(str(s), set()).add(str(o))
    part_of: dict[str, set[str]] = {}
    for s, o in g.subject_objects(DCTERMS.isPartOf):
        part_of.setdefault(str(s), set()).add(str(o))
    ranks = {str(s): int(str(o)) for s, o in g.subject_objects(A.tierRank)}
    labels: dict[str, dict[str, str]] = {}
    # Several labels in one language: the smallest wins, so the snapshot does not depend on parse order.
    for s, o in sorted(g.subject_objects(RDFS.label)):
        if isinstance(o, Literal):
            labels.setdefault(str(s), {}).setdefault(o.language or "en", str(o))
    interpreted: dict[str, list[str]] = {}
    for s, o in g.subject_objects(A.interpretedAs):
        purpose = g.value(s, A.interpretedPurpose)
        if purpose is not None:
            interpreted[str(s)] = [str(o), str(purpose)]
    notations: dict[str, str] = {}
    concepts = set(broader) | set(part_of) | set(ranks) | {o for v in broader.values() for o in v}
    for iri in sorted(concepts):
        notations.setdefault(local_name(iri).casefold(), iri)
    for s, o in sorted(g.subject_objects(SKOS.notation)):
        notations[str(o).casefold()] = str(s)
    known = {str(s) for s in g.subjects() if isinstance(s, URIRef)}
    return {
        "actions": sorted(actions),
        "broader": _sorted_map(broader),
        "exact_match": dict(sorted(exact.items())),
        "included_in": _sorted_map(included),
        "interpreted": dict(sorted(interpreted.items())),
        "known_terms": sorted(known),
        "labels": {k: dict(sorted(v.items())) for k, v in sorted(labels.items())},
        "left_operands": sorted(left_operands),
        "notations": dict(sorted(notations.items())),
        "part_of": _sorted_map(part_of),
        "ranks": dict(sorted(ranks.items())),
    }


def _contexts(directory: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in sorted(CONTEXT_FILES.values()):
        path = directory / name
        try:
            ctx = json.loads(path.read_text(encoding="utf-8"))["@context"]
        except (OSError, ValueError, KeyError) as exc:
            raise PolicyError(f"bundled JSON-LD context {name} is missing or broken", source=path) from exc
        if not isinstance(ctx, dict):
            raise PolicyError(f"bundled JSON-LD context {name} must be one object", source=path)
        out[name] = ctx
    return out


def build_snapshot(directory: Path | None = None) -> dict[str, Any]:
    """The whole snapshot: sources (SHA-256), bundled contexts, vocabulary data."""
    directory = directory or policies_dir()
    names = sorted({*VOCABULARY_FILES, *CONTEXT_FILES.values()})
    sources = {n: hashlib.sha256((directory / n).read_bytes()).hexdigest() for n in names}
    return {
        "generated_by": GENERATED_BY,
        "sources": sources,
        "contexts": _contexts(directory),
        "vocabulary": vocabulary_data(directory),
    }


def render_snapshot(data: Mapping[str, Any]) -> str:
    """The snapshot as the exact text committed (sorted keys, one space indent, trailing newline)."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def load_vocabulary(directory: Path | None = None) -> Vocabulary:
    """A Vocabulary built from Turtle files (``policies/`` by default) instead of the snapshot."""
    return Vocabulary.from_data(vocabulary_data(directory))


__all__ = ["GENERATED_BY", "build_snapshot", "load_vocabulary", "render_snapshot", "snapshot_path", "vocabulary_data"]
