"""The imported graph as an index that records which triples the reader used, and reports the rest.

Every triple of a file ends up either *mapped* (the reader took it into the model, possibly with a
warning) or *reported* (a warning per property of a node the reader knows, or per node it does not) —
``Accounting`` holds the counts, and ``reported == triples - mapped`` by construction.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

import pyoxigraph as ox

from engine.core.dataset import ImportWarning, Location
from engine.rdf.dcat.terms import RDF_NS, Term, compact, term_key

Subject = ox.NamedNode | ox.BlankNode
Path = tuple[str, ...]


@dataclass(frozen=True)
class Accounting:
    """What became of the triples of a file."""

    triples: int
    mapped: int
    reported: int


def show(term: Term) -> str:
    """A value as a warning quotes it (literals cut at 80 characters)."""
    if isinstance(term, ox.Literal):
        return term.value if len(term.value) <= 80 else term.value[:77] + "…"
    return "[]" if isinstance(term, ox.BlankNode) else compact(term.value)


class Index:
    def __init__(self, triples: Iterable[ox.Triple], source: str | None) -> None:
        self.source = source
        self.spo: dict[Subject, dict[str, list[Term]]] = {}
        count = 0
        for t in set(triples):  # from parse_triples, which refuses triple terms
            subject, value = cast(Subject, t.subject), cast(Term, t.object)
            self.spo.setdefault(subject, {}).setdefault(t.predicate.value, []).append(value)
            count += 1
        for props in self.spo.values():
            for values in props.values():
                values.sort(key=term_key)
        self.count = count
        self.used: set[tuple[Subject, str, Term]] = set()
        self.visited: set[Subject] = set()
        self.warnings: list[ImportWarning] = []
        self._paths: dict[ox.BlankNode, tuple[Subject, Path]] | None = None

    # -- reading --------------------------------------------------------------------------------------
    def values(self, s: Subject, prop: str) -> list[Term]:
        """The values of ``prop`` on ``s``, sorted; they count as mapped."""
        self.visited.add(s)
        values = self.spo.get(s, {}).get(prop, [])
        self.used.update((s, prop, o) for o in values)
        return values

    def take(self, s: Subject, prop: str, o: Term) -> None:
        """Count one triple as mapped."""
        self.visited.add(s)
        self.used.add((s, prop, o))

    def peek(self, s: Subject, prop: str) -> list[Term]:
        return self.spo.get(s, {}).get(prop, [])

    def types(self, s: Subject) -> set[str]:
        return {o.value for o in self.peek(s, RDF_NS + "type") if isinstance(o, ox.NamedNode)}

    def take_type(self, s: Subject, *classes: str) -> None:
        for o in self.peek(s, RDF_NS + "type"):
            if o.value in classes:
                self.used.add((s, RDF_NS + "type", o))
        self.visited.add(s)

    def subjects_of_type(self, cls: str) -> list[Subject]:
        return sorted((s for s in self.spo if cls in self.types(s)), key=term_key)

    def unused(self, s: Subject) -> int:
        return sum(1 for p, vs in self.spo.get(s, {}).items() for o in vs if (s, p, o) not in self.used)

    def warn(self, key: str, loc: Location, prop: str | None = None, /, **values: Any) -> None:
        if prop is not None:
            loc = loc.model_copy(update={"property": compact(prop)})
        self.warnings.append(ImportWarning(code=key, values={k: str(v) for k, v in values.items()}, location=loc))

    # -- what is left -----------------------------------------------------------------------------------
    def report_leftovers(self) -> Accounting:
        """One warning per unused property of a node the reader read, one per node it never read."""
        paths = self.paths()
        for s in sorted(self.spo, key=term_key):
            left = {p: [o for o in vs if (s, p, o) not in self.used] for p, vs in self.spo[s].items()}
            left = {p: vs for p, vs in left.items() if vs}
            if not left:
                continue
            loc = self.location(s, paths)
            if s in self.visited:
                for p, vs in sorted(left.items()):
                    self.warn("unmapped.property", loc, p, property=compact(p), count=len(vs), found=show(vs[0]))
            else:
                types = ", ".join(sorted(compact(t) for t in self.types(s))) or "—"
                props = ", ".join(sorted(compact(p) for p in left))
                count = sum(len(vs) for vs in left.values())
                self.warn("unmapped.node", loc, types=types, count=count, properties=props)
        return Accounting(triples=self.count, mapped=len(self.used), reported=self.count - len(self.used))

    def location(
        self, s: Subject, paths: dict[ox.BlankNode, tuple[Subject, tuple[str, ...]]] | None = None
    ) -> Location:
        if isinstance(s, ox.NamedNode):
            return Location(source=self.source, subject=s.value)
        root, path = (paths or self.paths()).get(s, (s, ()))
        subject = root.value if isinstance(root, ox.NamedNode) else f"_:{root.value}"
        return Location(source=self.source, subject=subject, path=path)

    def paths(self) -> dict[ox.BlankNode, tuple[Subject, Path]]:
        """For each blank node, the first IRI it hangs from and the properties down to it (breadth first)."""
        if self._paths is None:
            self._paths = self._walk()
        return self._paths

    def _walk(self) -> dict[ox.BlankNode, tuple[Subject, Path]]:
        out: dict[ox.BlankNode, tuple[Subject, Path]] = {}
        queue: deque[tuple[Subject, Subject, tuple[str, ...]]] = deque(
            (s, s, ()) for s in sorted(self.spo, key=term_key) if isinstance(s, ox.NamedNode)
        )
        queue.extend((s, s, ()) for s in sorted(self.spo, key=term_key) if isinstance(s, ox.BlankNode))
        while queue:
            node, root, path = queue.popleft()
            for p, vs in sorted(self.spo.get(node, {}).items()):
                for o in vs:
                    if isinstance(o, ox.BlankNode) and o not in out and o != root:
                        out[o] = (root, (*path, compact(p)))
                        queue.append((o, root, out[o][1]))
        return out
