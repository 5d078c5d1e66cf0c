"""SHACL validation against the DCAT-AP-NO 2.x shapes shipped in ``policies/dcat-ap-no/``, offline.

The data graph is the file's triples plus ``vocabularies.ttl`` (the EU codes we emit and accept, as
``skos:inScheme`` facts the shapes' vocabulary checks look for). Nothing is inferred and nothing is
imported: pyshacl runs with ``inference="none"`` and no ``owl:imports``, so it opens no socket. A code
outside the bundled subset is reported as not from the controlled vocabulary — the subset is the set of
codes Avtaleverk can publish.

pyshacl (and rdflib, which it needs) is imported on first use: it is slow to import.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox
from pydantic import BaseModel, ConfigDict

from engine.errors import CatalogError
from engine.odrl.vocab import policies_dir
from engine.rdf.dcat.index import Index
from engine.rdf.dcat.source import MAX_BYTES, parse_triples
from engine.rdf.dcat.terms import compact

SHAPES_FILE = "DCAT-AP-NO-shacl_shapes_2.00.ttl"
VOCABULARY_FILE = "vocabularies.ttl"
Severity = Literal["Violation", "Warning", "Info"]


class ShaclResult(BaseModel):
    """One SHACL result: the node, the property path, the offending value, the shape's own message."""

    model_config = ConfigDict(frozen=True)

    focus_node: str
    path: str | None
    value: str | None
    message: str
    severity: Severity
    constraint: str

    def one_line(self) -> str:
        at = f" {self.path}" if self.path else ""
        value = f" = {self.value}" if self.value else ""
        node = f"<{self.focus_node}>" if " " not in self.focus_node else self.focus_node
        return f"{self.severity}: {node}{at}{value}: {self.message} ({self.constraint})"


def dcat_dir() -> Path:
    return policies_dir() / "dcat-ap-no"


@lru_cache(maxsize=1)
def _shapes() -> Any:
    from rdflib import Graph

    try:
        return Graph().parse(dcat_dir() / SHAPES_FILE, format="turtle")
    except Exception as exc:  # rdflib raises many types; the shipped file is broken or missing
        raise CatalogError(f"the shipped DCAT-AP-NO shapes cannot be read: {exc}", source=dcat_dir()) from exc


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[ox.Triple, ...]:
    return tuple(parse_triples(dcat_dir() / VOCABULARY_FILE))


def validate_catalog(
    data: bytes | str | Path | Iterable[ox.Triple],
    format: str | None = None,
    *,
    source: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> list[ShaclResult]:
    """Every SHACL result for a DCAT-AP-NO document (or triples), violations first; no violation = valid."""
    if isinstance(data, bytes | str | Path):
        triples = parse_triples(data, format, source=source, max_bytes=max_bytes)
    else:
        triples = list(data)
    return _validate([*triples, *_vocabulary()], source, Index(triples, source))


def violations(results: Iterable[ShaclResult]) -> list[ShaclResult]:
    return [r for r in results if r.severity == "Violation"]


def _validate(triples: list[ox.Triple], source: str | None, index: Index) -> list[ShaclResult]:
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import SH

    graph = Graph()
    for t in triples:
        graph.add((_rdflib(t.subject), _rdflib(t.predicate), _rdflib(t.object)))
    try:
        _conforms, report, _report_text = pyshacl.validate(
            graph, shacl_graph=_shapes(), inference="none", allow_warnings=True, allow_infos=True
        )
    except Exception as exc:  # pyshacl raises its own types and rdflib's
        raise CatalogError(f"SHACL validation could not run: {exc}", source=source) from exc
    out = []
    for result in report.objects(None, SH.result):  # top-level results; nested ones are sh:detail
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        component = str(report.value(result, SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1]
        out.append(
            ShaclResult(
                focus_node=_node(report.value(result, SH.focusNode), index),
                path=compact(str(path)) if path is not None else None,
                value=_node(value, index) if value is not None else None,
                message="; ".join(messages) or component,
                severity=severity if severity in ("Violation", "Warning", "Info") else "Violation",
                constraint=component,
            )
        )
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    return sorted(set(out), key=lambda r: (order[r.severity], r.focus_node, r.path or "", r.value or "", r.message))


def _node(term: Any, index: Index) -> str:
    """An IRI as it is; a blank node as the path it hangs from (its label means nothing to a reader)."""
    from rdflib import BNode

    if isinstance(term, BNode):
        loc = index.location(ox.BlankNode(str(term)))
        return " ".join([loc.subject or "", *(f"{p} []" for p in loc.path)])
    return str(term)


def _rdflib(term: Any) -> Any:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))
