"""Reading an RDF file safely: size limit, nothing fetched, no XML entities, bounded nesting.

Every file goes through ``parse_triples``; what it refuses it refuses with a ``CatalogError``
(``catalog.parse``) before a parser sees the bytes:

- more than ``max_bytes`` (a path is checked by its size, never read whole);
- not UTF-8;
- JSON-LD: a JSON syntax error (with its line), nesting deeper than ``max_depth``, or any context that is
  not inline or bundled. The ODRL and Avtaleverk context URLs resolve to the copies in ``policies/``;
  every other URL is refused by name. pyoxigraph is the second fence: it has no document loader, so it
  cannot fetch one either (a scoped or imported remote context fails there too).
- RDF/XML: scanned first with defusedxml (expat without entity expansion): a DTD entity declaration,
  external reference or element nesting deeper than ``max_depth`` is refused. (Deep XML also makes the
  RDF/XML parser quadratic, hence the scan.)
- Turtle/N-Triples: parsed by pyoxigraph (linear, no recursion), then blank-node nesting deeper than
  ``max_depth`` is refused, as in the other formats.
"""

from __future__ import annotations

import json
import re
import xml.sax
from collections import deque
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

import defusedxml
import defusedxml.sax
import pyoxigraph as ox

from engine.errors import CatalogError
from engine.rdf.contexts import inline_context, inline_contexts
from engine.rdf.dcat.terms import RDF_REST

MAX_BYTES = 40 * 1024 * 1024
"""Largest file accepted (40 MiB: a catalogue of 10,000 datasets with two distributions each is 25–34 MB
in the three formats)."""
MAX_DEPTH = 64
"""Deepest nesting accepted: JSON objects/arrays, XML elements, chains of blank nodes."""

FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "json-ld": ox.RdfFormat.JSON_LD,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
    "rdf": ox.RdfFormat.RDF_XML,
    "rdf/xml": ox.RdfFormat.RDF_XML,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}
_SUFFIXES = {".ttl": "turtle", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".xml": "xml", ".nt": "nt"}


def _refuse(message: str, source: str | None, line: int | None = None) -> CatalogError:
    return CatalogError(message, code="catalog.parse", source=source, line=line)


def read_input(
    data: bytes | str | Path, *, source: str | None = None, max_bytes: int = MAX_BYTES
) -> tuple[bytes, str | None]:
    """The bytes of ``data`` (a path, bytes or text) within the size limit, and the name to report."""
    if isinstance(data, Path):
        source = source or str(data)
        try:
            size = data.stat().st_size
            if size > max_bytes:
                raise _refuse(_too_big(size, max_bytes), source)
            with data.open("rb") as fh:
                raw = fh.read(max_bytes + 1)
        except OSError as exc:
            raise _refuse(f"cannot read the file: {exc.strerror or exc}", source) from exc
    else:
        raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if len(raw) > max_bytes:
        raise _refuse(_too_big(len(raw), max_bytes), source)
    return raw.removeprefix(b"\xef\xbb\xbf"), source


def _too_big(size: int, limit: int) -> str:
    return f"the file is {size / 2**20:.1f} MiB; the limit is {limit / 2**20:.0f} MiB"


def sniff_format(raw: bytes, source: str | None = None) -> str:
    if source and Path(source).suffix.casefold() in _SUFFIXES:
        return _SUFFIXES[Path(source).suffix.casefold()]
    head = raw[:512].lstrip()
    if head.startswith((b"{", b"[")):
        return "json-ld"
    if head.startswith(b"<?xml") or head.startswith(b"<rdf:RDF") or head.startswith(b"<!--"):
        return "xml"
    return "turtle"


def parse_triples(
    data: bytes | str | Path,
    format: str | None = None,
    *,
    source: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
) -> list[ox.Triple]:
    """The triples of an RDF file (named graphs merged into one), or a ``CatalogError``."""
    raw, source = read_input(data, source=source, max_bytes=max_bytes)
    name = (format or sniff_format(raw, source)).casefold()
    if name not in FORMATS:
        raise _refuse(f"unknown format {format!r}; use turtle, json-ld or xml", source)
    fmt = FORMATS[name]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refuse(f"the file is not UTF-8 text (byte {exc.start})", source) from exc
    if fmt == ox.RdfFormat.JSON_LD:
        raw = _safe_jsonld(raw, source, max_depth)
    elif fmt == ox.RdfFormat.RDF_XML:
        _scan_xml(raw, source, max_depth)
    try:
        triples = [q.triple for q in ox.parse(raw, fmt)]
    except SyntaxError as exc:
        raise _refuse(f"cannot parse {name}: {_first_line(exc)}", source, _line_of(exc)) from exc
    except (ValueError, OSError) as exc:
        raise _refuse(f"cannot parse {name}: {exc}", source) from exc
    if any(isinstance(t.subject, ox.Triple) or isinstance(t.object, ox.Triple) for t in triples):
        # RDF 1.2 triple terms (<<( … )>>, reifiers): no DCAT-AP-NO property takes one, and every
        # reader of these triples may rely on subjects and objects being IRIs, blank nodes or literals.
        raise _refuse("triple terms (RDF 1.2 <<( … )>> or << … >>) are not supported in a catalogue", source)
    check_blank_node_depth(triples, max_depth, source)
    return triples


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _line_of(exc: Exception) -> int | None:
    m = re.search(r"line (\d+)", str(exc)) or re.match(r"^(\d+):\d+", str(exc))
    return int(m.group(1)) if m else None


# --------------------------------------------------------------------------------------------- JSON-LD


def _safe_jsonld(raw: bytes, source: str | None, max_depth: int) -> bytes:
    try:
        doc = json.loads(raw)
    except RecursionError as exc:
        raise _refuse(f"the JSON is nested more than {max_depth} levels deep", source) from exc
    except json.JSONDecodeError as exc:
        raise _refuse(f"invalid JSON: {exc.msg}", source, exc.lineno) from exc
    _check_json_depth(doc, max_depth, source)
    refuse = partial(_remote_context, source=source)
    if raw.count(b'"@context"') == 1 and b'"@import"' not in raw and isinstance(doc, dict) and "@context" in doc:
        # the usual file: one context, at the top. Only it needs looking at, and only URLs need replacing.
        context = inline_context(doc["@context"], refuse)
        if context == doc["@context"]:
            return raw
        return json.dumps({**doc, "@context": context}, ensure_ascii=False).encode("utf-8")
    return json.dumps(inline_contexts(doc, refuse), ensure_ascii=False).encode("utf-8")


def _check_json_depth(doc: Any, max_depth: int, source: str | None) -> None:
    stack: list[tuple[Any, int]] = [(doc, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > max_depth:
            raise _refuse(f"the JSON is nested more than {max_depth} levels deep", source)
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))


def _remote_context(url: str, *, source: str | None) -> CatalogError:
    return CatalogError(
        f"remote JSON-LD context {url!r} is not fetched; put the context inline in the file",
        code="catalog.parse",
        loc=("@context",),
        source=source,
    )


# --------------------------------------------------------------------------------------------- RDF/XML


class _DepthHandler(xml.sax.handler.ContentHandler):
    def __init__(self, max_depth: int) -> None:
        super().__init__()
        self.depth = 0
        self.max_depth = max_depth

    def startElementNS(self, name: Any, qname: Any, attrs: Any) -> None:
        self.depth += 1
        if self.depth > self.max_depth:
            raise _TooDeep

    def endElementNS(self, name: Any, qname: Any) -> None:
        self.depth -= 1


class _TooDeep(Exception):
    pass


def _scan_xml(raw: bytes, source: str | None, max_depth: int) -> None:
    parser = defusedxml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_namespaces, True)
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setContentHandler(_DepthHandler(max_depth))
    try:
        parser.feed(raw)
        parser.close()
    except _TooDeep as exc:
        raise _refuse(f"the XML is nested more than {max_depth} elements deep", source) from exc
    except defusedxml.EntitiesForbidden as exc:
        raise _refuse(
            f"XML entity declarations are not accepted (<!ENTITY {exc.name} …>); expand them or export Turtle",
            source,
            parser.getLineNumber(),
        ) from exc
    except (defusedxml.DTDForbidden, defusedxml.ExternalReferenceForbidden) as exc:
        raise _refuse("XML with external references is not accepted", source, parser.getLineNumber()) from exc
    except xml.sax.SAXParseException as exc:
        raise _refuse(f"invalid XML: {exc.getMessage()}", source, exc.getLineNumber()) from exc


# --------------------------------------------------------------------------------------------- nesting


def check_blank_node_depth(triples: Iterable[ox.Triple], max_depth: int, source: str | None) -> None:
    """Refuse blank nodes nested more than ``max_depth`` levels below their root (an RDF list is one level:
    its ``rdf:rest`` links do not count)."""
    edges: dict[ox.BlankNode, list[tuple[ox.BlankNode, int]]] = {}
    nested: set[ox.BlankNode] = set()
    tops: set[ox.BlankNode] = set()
    for t in triples:
        s, o = t.subject, t.object
        if not isinstance(o, ox.BlankNode):
            continue
        if isinstance(s, ox.BlankNode):
            edges.setdefault(s, []).append((o, 0 if t.predicate.value == RDF_REST else 1))
            nested.add(o)
        else:
            tops.add(o)
    if not edges:
        return
    level = dict.fromkeys(tops | (set(edges) - nested), 1)
    queue = deque(level)
    while queue:  # 0-1 breadth-first search: the shortest nesting of every blank node from a root
        node = queue.popleft()
        for child, weight in edges.get(node, ()):
            depth = level[node] + weight
            if child in level and level[child] <= depth:
                continue
            if depth > max_depth:
                raise _refuse(f"blank nodes are nested more than {max_depth} levels deep", source)
            level[child] = depth
            queue.appendleft(child) if weight == 0 else queue.append(child)
