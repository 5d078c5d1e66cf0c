"""Avtaleverk's compact JSON-LD ⇄ the atomic model: the one serialized form of a policy, and pure.

The composer's policy (``Agreement.policy``, hashed, embedded in every PDF as ``policy.jsonld``) is this
form: ``@context`` = the W3C ODRL context by URL plus our prefixes (``CONTEXT``), ODRL terms as short
names (``"use"``, ``"isNoneOf"``), our terms as ``avt:`` CURIEs. Both directions are written here, without
an RDF library:

* ``policy_from_dict`` expands the document to plain triples (``model.expand``, a small exact subset of
  JSON-LD) and reads them with ``model.reader``, the reader ``engine.rdf`` uses too: both paths agree.
  Anything outside the subset (other contexts, properties the model cannot hold) is a ``PolicyParseError``;
  general JSON-LD goes through ``engine.rdf.parse_policies``.
* ``policy_to_jsonld`` writes the model back. Lossless: ``policy_from_dict(policy_to_jsonld(p)) == [p]``,
  and the composer's documents come back byte for byte. Conventions: values a rule inherits (policy-level
  target/assigner/assignee, a duty's target) are not repeated; a generated rule IRI (``#duty-1``) is left out
  when the rule has no siblings; set operators (isAnyOf, isAllOf, isNoneOf) take a list; a refined action is
  a one-element list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Final

from engine.errors import PolicyParseError
from engine.odrl.model.expand import expand
from engine.odrl.model.reader import child_uid, read_policies
from engine.odrl.model.types import Action, AnyConstraint, Asset, Json, LogicalConstraint, Party, Policy, Rule, Term
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

CONTEXT: Final[list[Json]] = [ODRL_CONTEXT_URL, {"avt": AVT, "dpv": DPV, "xsd": XSD, "dct": DCT}]
"""The ``@context`` we write: the W3C ODRL context by URL plus our prefixes inline."""


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
        triples = expand(data)
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


__all__ = ["CONTEXT", "policy_from_dict", "policy_to_jsonld"]
