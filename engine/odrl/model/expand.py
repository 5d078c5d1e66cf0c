"""Our compact JSON-LD -> ordered plain triples: the small, exact subset of JSON-LD 1.1 expansion we write.

Contexts: the bundled ODRL and Avtaleverk contexts by URL, and inline maps of prefixes and terms (a term may
say ``"@type": "@id"`` or ``"@vocab"``). Keywords: ``@id``/``uid``, ``@type``/``type``, ``@value``, ``@language``,
``@list``, ``@graph``, ``@context``. Properties: only those ``PROPERTIES`` names, i.e. what the model holds.
Everything else is a located ``PolicyParseError`` — general JSON-LD goes through ``engine.rdf``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from engine.errors import Loc, PolicyParseError
from engine.odrl.model.triples import RDF_FIRST, RDF_NIL, RDF_REST, RDF_TYPE, RDF_VALUE, Lit, Node, Triples
from engine.odrl.vocab import AVT, DCT, ODRL, XSD, bundled_context

MAX_DEPTH: Final = 64
"""Deepest nesting of JSON objects accepted."""

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_KEYWORDS = frozenset({"@id", "@type", "@value", "@language", "@list", "@graph", "@context"})
#: Properties the model holds; any other property would be lost, so it is refused.
PROPERTIES: Final = frozenset(
    {RDF_TYPE, RDF_VALUE, DCT + "title", AVT + "clauseId", AVT + "clauseVersion", AVT + "clauseNumber"}
    | {
        ODRL + p
        for p in (
            "profile", "conflict", "inheritFrom", "assigner", "assignee", "target", "action", "permission",
            "prohibition", "obligation", "duty", "remedy", "consequence", "constraint", "refinement",
            "leftOperand", "operator", "rightOperand", "rightOperandReference", "dataType", "datatype",
            "unit", "status", "or", "xone", "and", "andSequence", "source", "partOf",
        )
    }
)  # fmt: skip

Coercion = str | None  # "@id", "@vocab" or None


def _absolute(iri: str) -> bool:
    return iri.startswith("@") or "://" in iri or iri.startswith("urn:")


class _Context:
    """Active context: term -> (IRI or keyword, coercion); terms ending in / or # double as prefixes."""

    def __init__(self) -> None:
        self.terms: dict[str, tuple[str, Coercion]] = {}

    def copy(self) -> _Context:
        out = _Context()
        out.terms = dict(self.terms)
        return out

    def add(self, value: object, loc: Loc) -> None:
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                bundled = bundled_context(item)
                if bundled is None:
                    raise PolicyParseError(
                        f"JSON-LD context {item!r} is not one of ours; read this policy with parse_policies",
                        loc=loc,
                    )
                self.define(bundled, loc)
            elif isinstance(item, dict):
                self.define(item, loc)
            else:
                raise PolicyParseError("@context must be a URL, an object or a list of them", loc=loc)

    def define(self, ctx: Mapping[str, object], loc: Loc) -> None:
        pending: dict[str, tuple[str, Coercion]] = {}
        for term, definition in ctx.items():
            coercion: Coercion = None
            if isinstance(definition, dict):
                iri = definition.get("@id", term)
                coercion = definition.get("@type")
                extra = set(definition) - {"@id", "@type"}
                if extra or coercion not in (None, "@id", "@vocab") or not isinstance(iri, str):
                    raise PolicyParseError(f"unsupported definition of {term!r} in @context", loc=loc)
            elif isinstance(definition, str):
                iri = definition
            else:
                raise PolicyParseError(f"unsupported definition of {term!r} in @context", loc=loc)
            if term.startswith("@"):
                raise PolicyParseError(f"{term} in @context is not supported in our compact form", loc=loc)
            pending[term] = (iri, coercion)
        # Absolute IRIs first, so definitions may use prefixes defined beside them.
        for term, (iri, coercion) in sorted(pending.items(), key=lambda kv: not _absolute(kv[1][0])):
            self.terms[term] = (iri if iri.startswith("@") else self.expand(iri, vocab=False, loc=loc), coercion)

    def expand(self, value: str, *, vocab: bool, loc: Loc) -> str:
        """A term (vocab only), CURIE, blank node id or absolute IRI -> full IRI (or blank id)."""
        if vocab and value in self.terms:
            return self.terms[value][0]
        if value.startswith("_:"):
            return value
        prefix, sep, suffix = value.partition(":")
        if sep and not suffix.startswith("//") and prefix in self.terms:
            base = self.terms[prefix][0]
            if base.endswith(("/", "#", ":")):
                return base + suffix
        if _SCHEME.match(value):
            return value
        if vocab and value and ":" not in value:
            # An unknown plain word where a term is expected: read it as ODRL's, so profile checks name it.
            return ODRL + value
        raise PolicyParseError(f"{value!r} is not an IRI, a known prefix or an ODRL term", loc=loc)

    def key(self, key: str, loc: Loc) -> tuple[str, Coercion]:
        if key in _KEYWORDS:
            return key, None
        if key in self.terms:
            iri, coercion = self.terms[key]
            return iri, coercion
        return self.expand(key, vocab=True, loc=loc), None


class _Expander:
    """Compact JSON-LD -> ordered plain triples."""

    def __init__(self) -> None:
        self.triples = Triples(ordered=True)
        self._blank = 0

    def fresh(self) -> str:
        self._blank += 1
        return f"_:j{self._blank}"

    def document(self, doc: object) -> Triples:
        ctx = _Context()
        if isinstance(doc, list):
            for i, node in enumerate(doc):
                self.node(node, ctx, (i,), 0)
            return self.triples
        if not isinstance(doc, dict):
            raise PolicyParseError("a policy document is a JSON object", loc=())
        if "@context" in doc:
            ctx.add(doc["@context"], ("@context",))
        graph = doc.get("@graph")
        if graph is not None:
            if set(doc) - {"@context", "@graph"}:
                raise PolicyParseError("a document with @graph has nothing else beside it", loc=())
            for i, node in enumerate(graph if isinstance(graph, list) else [graph]):
                self.node(node, ctx, ("@graph", i), 0)
        else:
            self.node(doc, ctx, (), 0)
        return self.triples

    def node(self, obj: object, ctx: _Context, loc: Loc, depth: int) -> str:
        if depth > MAX_DEPTH:
            raise PolicyParseError(f"the policy is nested more than {MAX_DEPTH} levels deep", loc=loc)
        if not isinstance(obj, dict):
            raise PolicyParseError("expected a JSON object (a node)", loc=loc)
        if "@context" in obj and depth > 0:
            ctx = ctx.copy()
            ctx.add(obj["@context"], (*loc, "@context"))
        keys = [(k, *ctx.key(k, (*loc, k))) for k in obj if k != "@context"]
        subject: str | None = None
        for key, iri, _ in keys:
            if iri == "@id":
                raw = obj[key]
                if not isinstance(raw, str):
                    raise PolicyParseError("a node's @id (uid) must be a string", loc=(*loc, key))
                subject = ctx.expand(raw, vocab=False, loc=(*loc, key))
        s = subject if subject is not None else self.fresh()
        for key, iri, coercion in keys:
            value = obj[key]
            where = (*loc, key)
            if iri == "@id":
                continue
            if iri == "@type":
                for t in value if isinstance(value, list) else [value]:
                    if not isinstance(t, str):
                        raise PolicyParseError("@type must name a class", loc=where)
                    self.triples.add(s, RDF_TYPE, ctx.expand(t, vocab=True, loc=where))
                continue
            if iri.startswith("@"):
                raise PolicyParseError(f"{key} is not allowed on a node", loc=where)
            if iri not in PROPERTIES:
                raise PolicyParseError(
                    f"property {key!r} is not part of ODRL or our profile (read general JSON-LD with parse_policies)",
                    loc=where,
                )
            for i, item in enumerate(value if isinstance(value, list) else [value]):
                o = self.value(item, ctx, coercion, (*where, i) if isinstance(value, list) else where, depth)
                if o is not None:
                    self.triples.add(s, iri, o)
        return s

    def value(self, item: object, ctx: _Context, coercion: Coercion, loc: Loc, depth: int) -> Node | None:
        if item is None:
            return None
        if isinstance(item, bool):
            return Lit("true" if item else "false", XSD + "boolean")
        if isinstance(item, int):
            return Lit(str(item), XSD + "integer")
        if isinstance(item, float):
            return Lit(str(item), XSD + "double")
        if isinstance(item, str):
            if coercion is None:
                return Lit(item)
            return ctx.expand(item, vocab=coercion == "@vocab", loc=loc)
        if isinstance(item, list):
            raise PolicyParseError("a list inside a list is not supported", loc=loc)
        if not isinstance(item, dict):
            raise PolicyParseError("unsupported JSON value", loc=loc)
        if "@list" in item:
            return self.rdf_list(item, ctx, coercion, loc, depth)
        if "@value" in item:
            return self.literal(item, ctx, loc)
        if set(item) == {"@id"}:
            raw = item["@id"]
            if not isinstance(raw, str):
                raise PolicyParseError("@id must be a string", loc=loc)
            return ctx.expand(raw, vocab=False, loc=loc)
        return self.node(item, ctx, loc, depth + 1)

    def rdf_list(self, item: Mapping[str, object], ctx: _Context, coercion: Coercion, loc: Loc, depth: int) -> str:
        if set(item) != {"@list"}:
            raise PolicyParseError("@list stands alone in its object", loc=loc)
        raw = item["@list"]
        members = [self.value(x, ctx, coercion, (*loc, "@list", i), depth) for i, x in enumerate(raw)] if isinstance(
            raw, list
        ) else [self.value(raw, ctx, coercion, (*loc, "@list"), depth)]
        items = [m for m in members if m is not None]
        if not items:
            return RDF_NIL
        head = self.fresh()
        current = head
        for i, m in enumerate(items):
            self.triples.add(current, RDF_FIRST, m)
            rest = RDF_NIL if i == len(items) - 1 else self.fresh()
            self.triples.add(current, RDF_REST, rest)
            current = rest
        return head

    @staticmethod
    def literal(item: Mapping[str, object], ctx: _Context, loc: Loc) -> Lit:
        if set(item) - {"@value", "@type", "@language"}:
            raise PolicyParseError("a value object has only @value, @type and @language", loc=loc)
        raw, dtype, lang = item["@value"], item.get("@type"), item.get("@language")
        if (dtype is not None and not isinstance(dtype, str)) or (lang is not None and not isinstance(lang, str)):
            raise PolicyParseError("@type and @language of a value are strings", loc=loc)
        if isinstance(raw, bool):
            return Lit("true" if raw else "false", ctx.expand(dtype, vocab=True, loc=loc) if dtype else XSD + "boolean")
        if isinstance(raw, int | float) and dtype is None:
            return Lit(str(raw), XSD + ("integer" if isinstance(raw, int) else "double"))
        if not isinstance(raw, str | int | float):
            raise PolicyParseError("@value must be a string, number or boolean", loc=loc)
        return Lit(str(raw), ctx.expand(dtype, vocab=True, loc=loc) if dtype else None, lang)


def expand(doc: object) -> Triples:
    """The triples of a compact JSON-LD document (a node, a ``@graph`` document or a list of nodes)."""
    return _Expander().document(doc)


__all__ = ["MAX_DEPTH", "PROPERTIES", "expand"]
