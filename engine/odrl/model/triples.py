"""Plain RDF triples, the one input the model reader takes: any RDF parser (rdflib today, pyoxigraph
later) or our own compact JSON-LD codec fills a ``Triples`` index, and ``reader`` builds the model from it.

Terms are plain Python values: an IRI is a ``str``, a blank node a ``str`` starting with ``_:``, a literal a
``Lit``. A ``Triples`` remembers insertion order; ``ordered=True`` makes the reader keep it and keeps repeated
values (the codec's documents are sequences: ``[a, a]`` stays two values, so they are written back byte for
byte); otherwise it is a set of triples whose objects the reader sorts, so an unordered graph always reads
the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple, TypeGuard

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = RDF_NS + "type"
RDF_FIRST = RDF_NS + "first"
RDF_REST = RDF_NS + "rest"
RDF_NIL = RDF_NS + "nil"
RDF_VALUE = RDF_NS + "value"


class Lit(NamedTuple):
    """A literal: lexical value, datatype IRI (None for a plain string) and language tag."""

    value: str
    datatype: str | None = None
    language: str | None = None


Node = str | Lit
"""An IRI (``str``), a blank node (``str`` starting with ``_:``) or a literal (``Lit``)."""
Triple = tuple[str, str, Node]


def is_blank(node: Node) -> TypeGuard[str]:
    return isinstance(node, str) and node.startswith("_:")


def is_iri(node: Node) -> TypeGuard[str]:
    return isinstance(node, str) and not node.startswith("_:")


class Triples:
    """An in-memory triple index: subject → predicate → objects, and predicate → (subject, object)."""

    __slots__ = ("_by_predicate", "_count", "_seen", "_spo", "ordered")

    def __init__(self, triples: Iterable[Triple] = (), *, ordered: bool = False) -> None:
        self.ordered = ordered
        self._spo: dict[str, dict[str, list[Node]]] = {}
        self._by_predicate: dict[str, list[tuple[str, Node]]] = {}
        self._seen: set[Triple] = set()
        self._count = 0
        for s, p, o in triples:
            self.add(s, p, o)

    def add(self, s: str, p: str, o: Node) -> None:
        triple = (s, p, o)
        if triple in self._seen and not self.ordered:  # a graph is a set of triples
            return
        self._seen.add(triple)
        self._count += 1
        self._spo.setdefault(s, {}).setdefault(p, []).append(o)
        self._by_predicate.setdefault(p, []).append((s, o))

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Triple]:
        for s, props in self._spo.items():
            for p, objects in props.items():
                for o in objects:
                    yield s, p, o

    def objects(self, s: Node, p: str) -> list[Node]:
        if not isinstance(s, str):
            return []
        return self._spo.get(s, {}).get(p, [])

    def value(self, s: Node, p: str) -> Node | None:
        found = self.objects(s, p)
        return found[0] if found else None

    def has(self, s: Node, p: str, o: Node) -> bool:
        return isinstance(s, str) and (s, p, o) in self._seen

    def properties(self, s: Node) -> Iterator[tuple[str, Node]]:
        if isinstance(s, str):
            for p, objects in self._spo.get(s, {}).items():
                for o in objects:
                    yield p, o

    def pairs(self, p: str) -> list[tuple[str, Node]]:
        """Every (subject, object) with predicate ``p``, in insertion order."""
        return self._by_predicate.get(p, [])

    def subjects(self, p: str, o: Node | None = None) -> list[str]:
        seen: dict[str, None] = {}
        for s, obj in self.pairs(p):
            if o is None or obj == o:
                seen[s] = None
        return list(seen)

    def subject_nodes(self) -> list[str]:
        return list(self._spo)


__all__ = ["RDF_FIRST", "RDF_NIL", "RDF_REST", "RDF_TYPE", "RDF_VALUE", "Lit", "Node", "Triple", "Triples"]
