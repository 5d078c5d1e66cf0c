"""Avtaleverk's compact JSON-LD ⇄ the atomic model: the one serialized form of a policy, and pure.

The composer's policy (``Agreement.policy``, hashed, embedded in every PDF as ``policy.jsonld``) is this
form: ``@context`` = the W3C ODRL context by URL plus our prefixes (``CONTEXT``), ODRL terms as short
names (``"use"``, ``"isNoneOf"``), our terms as ``avt:`` CURIEs. Both directions are written here, without
an RDF library:

* ``policy_from_dict`` expands the document to plain triples (a small, exact subset of JSON-LD: the bundled
  contexts and inline prefix maps, ``@id``/``@type``/``@value``/``@language``/``@list``/``@graph``) and reads
  them with ``model.reader`` — the same reader ``engine.rdf`` uses, so both paths agree on every policy.
  Anything outside the subset (other contexts, properties the model cannot hold) is a ``PolicyParseError``;
  general JSON-LD goes through ``engine.rdf.parse_policies``.
* ``policy_to_jsonld`` writes the model back. Lossless: ``policy_from_dict(policy_to_jsonld(p)) == [p]``,
  and the composer's documents come back byte for byte. Conventions: values a rule inherits (policy-level
  target/assigner/assignee, a duty's target) are not repeated; a generated rule IRI (``#duty-1``) is left out
  when the rule has no siblings; set operators (isAnyOf, isAllOf, isNoneOf) take a list; a refined action is
  a one-element list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Final

from engine.errors import Loc, PolicyParseError
from engine.odrl.model.reader import child_uid, read_policies
from engine.odrl.model.triples import RDF_FIRST, RDF_NIL, RDF_REST, RDF_TYPE, RDF_VALUE, Lit, Node, Triples
from engine.odrl.model.types import Action, AnyConstraint, Asset, LogicalConstraint, Party, Policy, Rule, Term
from engine.odrl.vocab import (
    AVT,
    CONFLICT_TERMS,
    DCT,
    DPV,
    ODRL,
    ODRL_CONTEXT_URL,
    RULE_KINDS,
    SET_OPERATORS,
    XSD,
    Vocabulary,
    bundled_context,
    default_vocabulary,
    local_name,
)

Json = dict[str, "Json"] | list["Json"] | str | int | float | bool | None
"""A JSON value."""

CONTEXT: Final[list[Json]] = [ODRL_CONTEXT_URL, {"avt": AVT, "dpv": DPV, "xsd": XSD, "dct": DCT}]
"""The ``@context`` we write: the W3C ODRL context by URL plus our prefixes inline."""

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


def policy_from_dict(
    doc: Mapping[str, object] | Sequence[object],
    *,
    vocab: Vocabulary | None = None,
    strict: bool = True,
    source: str | None = None,
) -> list[Policy]:
    """Policies from our compact JSON-LD (what the composer builds and ``policy_to_jsonld`` writes)."""
    if isinstance(doc, Mapping):
        data: object = dict(doc)
    elif isinstance(doc, Sequence) and not isinstance(doc, str | bytes):
        data = list(doc)
    else:
        raise PolicyParseError("a policy document is a JSON object or a list of them", source=source)
    try:
        triples = _Expander().document(data)
    except PolicyParseError as err:
        if err.source is None and source:
            err.source = Path(source)
        raise
    return read_policies(triples, vocab or default_vocabulary(), source=source, strict=strict)


# --------------------------------------------------------------------------------------------- writing


def _namespaces() -> list[tuple[str, str]]:
    """(namespace, prefix) pairs usable in what we write, longest namespace first."""
    found: dict[str, str] = {}
    inline = CONTEXT[1] if isinstance(CONTEXT[1], dict) else {}
    for ctx in (bundled_context(ODRL_CONTEXT_URL) or {}, inline):
        for prefix, ns in ctx.items():
            if isinstance(ns, str) and ns.endswith(("/", "#")) and "://" in ns:
                found[ns] = prefix
    return sorted(found.items(), key=lambda kv: -len(kv[0]))


def _odrl_terms() -> frozenset[str]:
    """Short names the ODRL context defines for ODRL IRIs (``use``, ``isNoneOf``, ``Agreement``)."""
    ctx = bundled_context(ODRL_CONTEXT_URL) or {}
    out = set()
    for term, definition in ctx.items():
        iri = definition.get("@id") if isinstance(definition, dict) else definition
        if iri == f"odrl:{term}":
            out.add(term)
    return frozenset(out)


class _Writer:
    def __init__(self, atomic: bool) -> None:
        self.atomic = atomic
        self.namespaces = _namespaces()
        self.terms = _odrl_terms()

    def iri(self, iri: str) -> str:
        """A CURIE with a prefix of our context, or the IRI itself (blank node ids unchanged)."""
        if iri.startswith("_:"):
            return iri
        for ns, prefix in self.namespaces:
            if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns) :].startswith("//"):
                return f"{prefix}:{iri[len(ns) :]}"
        return iri

    def vocab(self, iri: str) -> str:
        """An ODRL term by its short name, else as ``iri``."""
        if iri.startswith(ODRL) and iri[len(ODRL) :] in self.terms:
            return iri[len(ODRL) :]
        return self.iri(iri)

    def term(self, t: Term) -> Json:
        if t.is_iri:
            return {"@id": self.iri(t.value)}
        if t.language:
            return {"@value": t.value, "@language": t.language}
        if t.datatype:
            return {"@value": t.value, "@type": self.iri(t.datatype)}
        return t.value

    def constraint(self, c: AnyConstraint) -> dict[str, Json]:
        out: dict[str, Json] = {}
        if c.uid:
            out["uid"] = self.iri(c.uid)
        if isinstance(c, LogicalConstraint):
            out[self.vocab(c.operator)] = {"@list": [self.constraint(x) for x in c.constraints]}
            return out
        out["leftOperand"] = self.vocab(c.left_operand)
        out["operator"] = self.vocab(c.operator)
        if c.right_operand:
            values = [self.term(t) for t in c.right_operand]
            out["rightOperand"] = values if c.operator in SET_OPERATORS or len(values) > 1 else values[0]
        if c.right_operand_reference:
            out["rightOperandReference"] = self.iri(c.right_operand_reference)
        if c.data_type:
            out["dataType"] = self.iri(c.data_type)
        if c.unit:
            out["unit"] = {"@id": self.iri(c.unit)}
        if c.status is not None:
            out["status"] = self.term(c.status)
        return out

    def refined(self, x: Asset | Party, kind: str) -> Json:
        if not x.is_collection and not x.refinements:
            return self.iri(x.uid)
        out: dict[str, Json] = {"@type": kind}
        if not x.uid.startswith("_:") and x.uid != x.source:
            out["uid"] = self.iri(x.uid)
        if x.source:
            out["source"] = self.iri(x.source)
        if x.refinements:
            out["refinement"] = [self.constraint(c) for c in x.refinements]
        return out

    def action(self, a: Action) -> Json:
        if not a.refinements:
            return self.vocab(a.iri)
        return {"rdf:value": {"@id": self.iri(a.iri)}, "refinement": [self.constraint(c) for c in a.refinements]}

    def rules(self, rules: Iterable[Rule], kind: str, parent: str, inherited: Mapping[str, list[Json]]) -> list[Json]:
        """Atomic rules that share an IRI are merged back into one rule node, unless writing atomic."""
        grouped: dict[object, list[Rule]] = {}
        for r in rules:
            grouped.setdefault(id(r) if self.atomic else r.uid, []).append(r)
        out: list[Json] = []
        for i, atoms in enumerate(grouped.values()):
            first = atoms[0]
            node: dict[str, Json] = {}
            if not self.atomic and not (len(grouped) == 1 and first.uid == child_uid(parent, f"{kind}-{i + 1}")):
                node["uid"] = self.iri(first.uid)
            own: dict[str, list[Json]] = {}
            for key, cls in (("target", "AssetCollection"), ("assignee", "PartyCollection"),
                             ("assigner", "PartyCollection")):  # fmt: skip
                vals: list[Json] = []
                for r in atoms:
                    v: Asset | Party | None = getattr(r, key)
                    j = self.refined(v, cls) if v is not None else None
                    if j is not None and j not in vals:
                        vals.append(j)
                own[key] = vals
                if vals and (self.atomic or vals != inherited.get(key)):
                    node[key] = vals[0] if len(vals) == 1 else vals
            acts: list[Json] = []
            for r in atoms:
                j = self.action(r.action)
                if j not in acts:
                    acts.append(j)
            node["action"] = acts if len(acts) > 1 or isinstance(acts[0], dict) else acts[0]
            if first.constraints:
                node["constraint"] = [self.constraint(c) for c in first.constraints]
            sub = {"target": own["target"]}
            for name, children in (("duty", first.duties), ("remedy", first.remedies),
                                   ("consequence", first.consequences)):  # fmt: skip
                if children:
                    node[name] = self.rules(children, name, first.uid, sub)
            for attr, key in (("clause_id", "avt:clauseId"), ("clause_version", "avt:clauseVersion"),
                              ("clause_number", "avt:clauseNumber")):  # fmt: skip
                value = getattr(first, attr)
                if value is not None:
                    node[key] = value
            out.append(node)
        return out

    def policy(self, p: Policy) -> dict[str, Json]:
        node: dict[str, Json] = {"@type": self.vocab(p.type), "uid": self.iri(p.uid)}
        if p.profiles:
            node["profile"] = [self.iri(x) for x in p.profiles] if len(p.profiles) > 1 else self.iri(p.profiles[0])
        if p.conflict:
            node["conflict"] = local_name(p.conflict) if p.conflict in CONFLICT_TERMS else self.iri(p.conflict)
        if p.inherit_from:
            node["inheritFrom"] = [self.iri(x) for x in p.inherit_from]
        if p.title is not None:
            node["dct:title"] = p.title
        inherited: dict[str, list[Json]] = {}
        for key in ("target", "assigner", "assignee"):
            value: str | None = getattr(p, key)
            if value:
                node[key] = self.iri(value)
                inherited[key] = [self.iri(value)]
        for kind, rules in zip(RULE_KINDS, (p.permissions, p.prohibitions, p.obligations), strict=True):
            if rules:
                node[kind] = self.rules(rules, kind, p.uid, inherited)
        return node


def policy_to_jsonld(policy: Policy | Sequence[Policy], *, atomic: bool = False) -> dict[str, Json]:
    """Our compact JSON-LD for one policy (a node) or several (``@graph``), ``partOf`` facts included.

    ``atomic=True`` writes each atomic rule as its own blank node with every value spelled out (the form
    the W3C shapes check) instead of merging atoms back into the rules they came from.
    """
    plist = [policy] if isinstance(policy, Policy) else list(policy)
    if not all(isinstance(p, Policy) for p in plist):
        raise TypeError("policy_to_jsonld takes Policy models; for an RDF graph use engine.rdf.policy_to_jsonld")
    writer = _Writer(atomic)
    nodes: list[Json] = [writer.policy(p) for p in plist]
    facts: dict[str, list[str]] = {}
    for p in plist:
        for s, os in p.part_of.items():
            have = facts.setdefault(s, [])
            have.extend(o for o in os if o not in have)
    nodes.extend({"uid": writer.iri(s), "partOf": [writer.iri(o) for o in os]} for s, os in facts.items())
    context: list[Json] = [c if not isinstance(c, dict) else dict(c) for c in CONTEXT]
    if len(nodes) == 1 and isinstance(nodes[0], dict):
        return {"@context": context, **nodes[0]}
    return {"@context": context, "@graph": nodes}


__all__ = ["CONTEXT", "PROPERTIES", "Json", "policy_from_dict", "policy_to_jsonld"]
