"""Text -> rdflib Graph (JSON-LD with bundled contexts, Turtle, N-Triples, ...) -> plain triples.

Every rdflib / JSON error is translated here, once, to a ``PolicyParseError`` with the line when known.
``to_triples`` hands the model reader plain Python terms, so the reader never sees rdflib (and another
parser can replace rdflib here without touching it).
"""

from __future__ import annotations

import json
import warnings
from functools import partial
from pathlib import Path
from typing import Final

from rdflib import BNode, Graph, Literal, URIRef

from engine.errors import AvtaleverkError, PolicyError, PolicyParseError
from engine.odrl.model import Lit, Triples
from engine.odrl.vocab import PREFIXES
from engine.rdf.contexts import inline_contexts


def _remote_context(url: str, *, source: str | None) -> PolicyError:
    return PolicyError(
        f"remote JSON-LD context {url!r} is not allowed; use the ODRL context "
        "http://www.w3.org/ns/odrl.jsonld or put the context inline",
        loc=("@context",),
        source=source,
    )


MAX_BYTES: Final = 4 * 1024 * 1024
"""Largest policy or request accepted (bytes); bigger input is refused with a clear error."""

FORMATS: Final = {
    "json-ld": "json-ld",
    "jsonld": "json-ld",
    "json": "json-ld",
    "turtle": "turtle",
    "ttl": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "n3": "n3",
    "xml": "xml",
    "rdf/xml": "xml",
    "trig": "trig",
    "nquads": "nquads",
}


def sniff_format(text: str) -> str:
    head = text.lstrip()[:200]
    if head.startswith(("{", "[")):
        return "json-ld"
    if head.startswith(("<?xml", "<rdf:RDF")):
        return "xml"
    return "turtle"


def new_graph() -> Graph:
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph


def load_graph(data: str | bytes | Graph, format: str | None = None, *, source: str | Path | None = None) -> Graph:
    """Parse JSON-LD / Turtle / anything rdflib reads into a Graph, with bundled contexts only."""
    if isinstance(data, Graph):
        return data
    src = str(source) if source is not None else None
    if len(data) > MAX_BYTES:
        raise PolicyParseError(f"input is {len(data) / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.1f} MB", source=src)
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PolicyParseError("input is not UTF-8 text", source=src) from exc
    else:
        text = data
    fmt = FORMATS.get((format or "").casefold(), format) if format else sniff_format(text)
    graph = new_graph()
    if fmt == "json-ld":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PolicyParseError(f"invalid JSON: {exc.msg}", source=src, line=exc.lineno) from exc
        text = json.dumps(inline_contexts(obj, partial(_remote_context, source=src)))
    try:
        with warnings.catch_warnings():
            # rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally.
            warnings.simplefilter("ignore", DeprecationWarning)
            graph.parse(data=text, format=fmt)
    except AvtaleverkError:
        raise
    except Exception as exc:  # rdflib raises many unrelated types; translate them all once, here
        line = getattr(exc, "lines", None)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise PolicyParseError(
            f"cannot parse {fmt}: {first}",
            source=src,
            line=(line + 1) if isinstance(line, int) else None,
        ) from exc
    return graph


def to_triples(graph: Graph) -> Triples:
    """The graph as plain triples (IRIs and ``_:`` blank ids as str, literals as ``Lit``), unordered."""
    out = Triples()
    add = out.add
    for s, p, o in graph:
        subject = f"_:{s}" if isinstance(s, BNode) else str(s)
        if isinstance(o, Literal):
            obj: str | Lit = Lit(str(o), str(o.datatype) if o.datatype is not None else None, o.language)
        elif isinstance(o, URIRef):
            obj = str(o)
        else:
            obj = f"_:{o}"
        add(subject, str(p), obj)
    return out


__all__ = ["FORMATS", "MAX_BYTES", "load_graph", "new_graph", "sniff_format", "to_triples"]
