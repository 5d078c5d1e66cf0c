"""ODRL in and out through rdflib: JSON-LD (compact or expanded) and Turtle <-> the pydantic model.

The only module (with ``validate``) that imports rdflib. JSON-LD contexts are bundled: the W3C ODRL
context URL and our profile's context URL resolve to the copies in ``policies/``; any other remote
context is refused, so parsing never opens a socket. Every rdflib/json error is translated to a
``PolicyParseError``; structural problems become ``ProfileViolation`` (one per problem).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from engine.errors import AvtaleverkError, PolicyError, PolicyParseError, ProfileViolation
from engine.odrl.model import (
    Action,
    AnyConstraint,
    Asset,
    Constraint,
    LogicalConstraint,
    Party,
    Policy,
    Request,
    Rule,
    Term,
)
from engine.odrl.vocab import (
    AVT,
    AVT_CONTEXT_URLS,
    LOGICAL_OPERATORS,
    ODRL,
    ODRL_CONTEXT_URLS,
    OPERATORS,
    POLICY_TYPES,
    PREFIXES,
    PROFILE_IRI,
    REPORT,
    Vocabulary,
    compact,
    default_vocabulary,
    expand,
    local_name,
    policies_dir,
)

OD = Namespace(ODRL)
A = Namespace(AVT)
R = Namespace(REPORT)
OWL_DEPRECATED = URIRef("http://www.w3.org/2002/07/owl#deprecated")

MAX_BYTES = 4 * 1024 * 1024
"""Largest policy or request accepted (bytes); bigger input is refused with a clear error."""

VOCABULARY_FILES = ("odrl22.ttl", "avtaleverk-profile.ttl", "dpv-purposes.ttl", "places.ttl")
_TYPE_ORDER = ("Agreement", "Offer", "Ticket", "Assertion", "Privacy", "Request", "Set", "Policy")
_SET_OPERATORS = frozenset(ODRL + n for n in ("isAnyOf", "isAllOf", "isNoneOf"))
_FACT_OPERATORS = frozenset(ODRL + n for n in ("eq", "isAnyOf", "isAllOf"))
_FORMATS = {
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


# --------------------------------------------------------------------------------------------- contexts


@lru_cache(maxsize=1)
def odrl_context() -> dict[str, Any]:
    """The corrected ODRL 2.2 JSON-LD context shipped in ``policies/odrl-context.jsonld``."""
    return _read_context("odrl-context.jsonld")


@lru_cache(maxsize=1)
def avt_context() -> dict[str, Any]:
    """Prefixes and short names for our profile (``policies/avtaleverk-context.jsonld``)."""
    return _read_context("avtaleverk-context.jsonld")


def _read_context(name: str) -> dict[str, Any]:
    path = policies_dir() / name
    try:
        ctx = json.loads(path.read_text(encoding="utf-8"))["@context"]
    except (OSError, ValueError, KeyError) as exc:
        raise PolicyError(f"bundled JSON-LD context {name} is missing or broken", source=path) from exc
    return dict(ctx)


def _bundled(url: str) -> dict[str, Any] | None:
    if url in ODRL_CONTEXT_URLS:
        return odrl_context()
    if url in AVT_CONTEXT_URLS:
        return avt_context()
    return None


def _inline_contexts(obj: Any, source: str | None) -> Any:
    """Replace known context URLs with the bundled copies; refuse any other remote context."""
    if isinstance(obj, list):
        return [_inline_contexts(x, source) for x in obj]
    if not isinstance(obj, dict):
        return obj
    out: dict[str, Any] = {}
    for key, value in obj.items():
        if key == "@context":
            out[key] = _context_value(value, source)
        else:
            out[key] = _inline_contexts(value, source)
    return out


def _context_value(value: Any, source: str | None) -> Any:
    if isinstance(value, str):
        ctx = _bundled(value)
        if ctx is None:
            raise PolicyError(
                f"remote JSON-LD context {value!r} is not allowed; use the ODRL context "
                "http://www.w3.org/ns/odrl.jsonld or put the context inline",
                loc=("@context",),
                source=source,
            )
        return ctx
    if isinstance(value, list):
        return [_context_value(v, source) for v in value]
    if isinstance(value, dict):
        value = dict(value)
        imported = value.pop("@import", None)
        if imported is not None:
            base = _context_value(imported, source) if isinstance(imported, str) else None
            if not isinstance(base, dict):
                raise PolicyError("@import must name a bundled context", loc=("@context",), source=source)
            value = {**base, **value}
        return value
    return value


# --------------------------------------------------------------------------------------------- graphs


def sniff_format(text: str) -> str:
    head = text.lstrip()[:200]
    if head.startswith(("{", "[")):
        return "json-ld"
    if head.startswith(("<?xml", "<rdf:RDF")):
        return "xml"
    return "turtle"


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
    fmt = _FORMATS.get((format or "").casefold(), format) if format else sniff_format(text)
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    if fmt == "json-ld":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PolicyParseError(f"invalid JSON: {exc.msg}", source=src, line=exc.lineno) from exc
        obj = _inline_contexts(obj, src)
        text = json.dumps(obj)
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


# --------------------------------------------------------------------------------------------- vocabulary


def load_vocabulary(directory: Path | None = None) -> Vocabulary:
    """Build the frozen Vocabulary from the Turtle files in ``policies/`` (ODRL, profile, DPV, places)."""
    directory = directory or policies_dir()
    g = Graph()
    for name in VOCABULARY_FILES:
        path = directory / name
        try:
            g.parse(path, format="turtle")
        except Exception as exc:
            raise PolicyParseError(f"cannot read vocabulary file {name}: {exc}", source=path) from exc
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
    for s in left_operands:  # e.g. odrl:device -> odrl:systemDevice
        targets = list(g.objects(URIRef(s), SKOS.exactMatch))
        if len(targets) == 1 and str(targets[0]) in left_operands:
            exact[s] = str(targets[0])
    broader: dict[str, set[str]] = {}
    for s, o in g.subject_objects(SKOS.broader):
        broader.setdefault(str(s), set()).add(str(o))
    part_of: dict[str, set[str]] = {}
    for s, o in g.subject_objects(DCTERMS.isPartOf):
        part_of.setdefault(str(s), set()).add(str(o))
    ranks = {str(s): int(o) for s, o in g.subject_objects(A.tierRank)}
    labels: dict[str, dict[str, str]] = {}
    for s, o in g.subject_objects(RDFS.label):
        if isinstance(o, Literal):
            labels.setdefault(str(s), {}).setdefault(o.language or "en", str(o))
    interpreted: dict[str, tuple[str, str]] = {}
    for s, o in g.subject_objects(A.interpretedAs):
        purpose = g.value(s, A.interpretedPurpose)
        if purpose is not None:
            interpreted[str(s)] = (str(o), str(purpose))
    notations: dict[str, str] = {}
    concepts = set(broader) | set(part_of) | set(ranks) | {o for v in broader.values() for o in v}
    for iri in sorted(concepts):
        notations.setdefault(local_name(iri).casefold(), iri)
    for s, o in sorted(g.subject_objects(SKOS.notation)):
        notations[str(o).casefold()] = str(s)
    known = {str(s) for s in g.subjects() if isinstance(s, URIRef)}
    return Vocabulary.build(
        included_in=included,
        exact_match=exact,
        broader=broader,
        part_of=part_of,
        ranks=ranks,
        notations=notations,
        labels=labels,
        interpreted=interpreted,
        actions=actions,
        left_operands=left_operands,
        known_terms=known,
    )


# --------------------------------------------------------------------------------------------- graph -> model


class _Reader:
    """Walks a graph into atomic model objects, collecting every structural problem on the way."""

    def __init__(self, g: Graph, vocab: Vocabulary, source: str | None) -> None:
        self.g = g
        self.vocab = vocab
        self.source = source
        self.problems: list[ProfileViolation] = []
        self._stack: set[Any] = set()
        self._profile_check = True

    def problem(self, message: str, loc: tuple[str | int, ...]) -> None:
        self.problems.append(ProfileViolation(message, loc=loc, source=self.source))

    # -- small helpers ---------------------------------------------------------------------------
    def objs(self, node: Any, prop: URIRef) -> list[Any]:
        return sorted(self.g.objects(node, prop), key=self.sort_key)

    def sort_key(self, node: Any, depth: int = 0) -> str:
        if not isinstance(node, BNode):
            return f"0{node}"
        if depth > 3:
            return "1"
        parts = sorted(f"{p}={self.sort_key(o, depth + 1)}" for p, o in self.g.predicate_objects(node))
        return "1" + "|".join(parts)

    def iri(self, node: Any, ns: str | None = ODRL) -> str:
        if isinstance(node, Literal):
            return self.vocab.resolve(expand(str(node), ns))
        return str(node)

    def text(self, node: Any, prop: URIRef) -> str | None:
        value = self.g.value(node, prop)
        return None if value is None else str(value)

    def list_items(self, node: Any, loc: tuple[str | int, ...]) -> list[Any] | None:
        """Items of an rdf:List, or None if ``node`` is not a list; cycles are a problem, not a hang."""
        if node == RDF.nil:
            return []
        if self.g.value(node, RDF.first) is None:
            return None
        items, seen = [], set()
        while node is not None and node != RDF.nil:
            if node in seen:
                self.problem("an RDF list loops back on itself", loc)
                break
            seen.add(node)
            first = self.g.value(node, RDF.first)
            if first is not None:
                items.append(first)
            node = self.g.value(node, RDF.rest)
        return items

    def term(self, node: Any) -> Term:
        if isinstance(node, Literal):
            dt = str(node.datatype) if node.datatype else None
            return Term(value=str(node), datatype=dt, language=node.language)
        return Term(value=str(node), is_iri=isinstance(node, URIRef))

    def clause(self, node: Any) -> dict[str, str | None]:
        return {
            "clause_id": self.text(node, A.clauseId),
            "clause_version": self.text(node, A.clauseVersion),
            "clause_number": self.text(node, A.clauseNumber),
        }

    # -- constraints -----------------------------------------------------------------------------
    def constraints(self, node: Any, prop: URIRef, loc: tuple[str | int, ...]) -> tuple[AnyConstraint, ...]:
        out: list[AnyConstraint] = []
        for i, c in enumerate(self.objs(node, prop)):
            items = self.list_items(c, loc)
            for j, item in enumerate(items if items is not None else [c]):
                built = self.constraint(item, (*loc, local_name(str(prop)), i + j))
                if built is not None:
                    out.append(built)
        return tuple(out)

    def constraint(self, node: Any, loc: tuple[str | int, ...]) -> AnyConstraint | None:
        if node in self._stack:
            self.problem("a logical constraint contains itself", loc)
            return None
        uid = str(node) if isinstance(node, URIRef) else None
        for op in sorted(LOGICAL_OPERATORS):
            values = self.objs(node, URIRef(op))
            if not values:
                continue
            self._stack.add(node)
            try:
                operands: list[AnyConstraint] = []
                for v in values:
                    items = self.list_items(v, loc)
                    for k, item in enumerate(items if items is not None else [v]):
                        built = self.constraint(item, (*loc, local_name(op), k))
                        if built is not None:
                            operands.append(built)
            finally:
                self._stack.discard(node)
            if not operands:
                self.problem(f"logical constraint '{local_name(op)}' has no operands", loc)
                return None
            return LogicalConstraint(uid=uid, operator=op, constraints=tuple(operands))
        left = self.g.value(node, OD.leftOperand)
        operator = self.g.value(node, OD.operator)
        ok = True
        if left is None:
            self.problem("constraint without leftOperand", loc)
            ok = False
        if operator is None:
            self.problem("constraint without operator", loc)
            ok = False
        elif self.iri(operator) not in OPERATORS:
            self.problem(f"unknown operator {compact(self.iri(operator))!r}", loc)
            ok = False
        rights: list[Term] = []
        for r in self.objs(node, OD.rightOperand):
            items = self.list_items(r, loc)
            if items is not None:
                rights.extend(self.term(x) for x in items)
            elif isinstance(r, BNode) and self.g.value(r, RDF.value) is not None:
                rights.append(self.term(self.g.value(r, RDF.value)))
            else:
                rights.append(self.term(r))
        ref = self.g.value(node, OD.rightOperandReference)
        if not rights and ref is None:
            self.problem("constraint without rightOperand or rightOperandReference", loc)
            ok = False
        if not ok or left is None or operator is None:
            return None
        data_type = self.g.value(node, OD.dataType) or self.g.value(node, OD.datatype)
        unit = self.g.value(node, OD.unit)
        status = self.g.value(node, OD.status)
        left_iri = self.iri(left)
        if self._profile_check and left_iri not in self.vocab.left_operands:
            self.problem(f"unknown left operand {compact(left_iri)!r} (not in ODRL 2.2 or the profile)", loc)
        for t in rights:
            self.check_avt_term(t.value if t.is_iri else "", loc)
        return Constraint(
            uid=uid,
            left_operand=left_iri,
            operator=self.iri(operator),
            right_operand=tuple(rights),
            right_operand_reference=str(ref) if ref is not None else None,
            data_type=str(data_type) if data_type is not None else None,
            unit=str(unit) if unit is not None else None,
            status=self.term(status) if status is not None else None,
        )

    def check_avt_term(self, iri: str, loc: tuple[str | int, ...]) -> None:
        if self._profile_check and iri.startswith(AVT) and iri not in self.vocab.known_terms:
            self.problem(f"unknown profile term {compact(iri)!r}", loc)

    # -- actions, assets, parties ----------------------------------------------------------------
    def action(self, node: Any, loc: tuple[str | int, ...]) -> Action:
        refinements: tuple[AnyConstraint, ...] = ()
        if isinstance(node, BNode):
            value = self.g.value(node, RDF.value)
            refinements = self.constraints(node, OD.refinement, loc)
            if value is None:
                self.problem("action without rdf:value", loc)
                return Action(iri=ODRL + "use", refinements=refinements)
            node = value
        iri = self.iri(node)
        if self._profile_check and iri not in self.vocab.actions:
            self.problem(f"unknown action {compact(iri)!r} (not in ODRL 2.2 or the profile)", loc)
        return Action(iri=iri, refinements=refinements)

    def asset(self, node: Any, loc: tuple[str | int, ...]) -> Asset:
        source = self.g.value(node, OD.source)
        is_coll = (node, RDF.type, OD.AssetCollection) in self.g or source is not None
        return Asset(
            uid=str(node) if not isinstance(node, BNode) else str(source or f"_:{node}"),
            is_collection=is_coll,
            source=str(source) if source is not None else None,
            refinements=self.constraints(node, OD.refinement, loc),
        )

    def party(self, node: Any, loc: tuple[str | int, ...]) -> Party:
        source = self.g.value(node, OD.source)
        is_coll = (node, RDF.type, OD.PartyCollection) in self.g or source is not None
        return Party(
            uid=str(node) if not isinstance(node, BNode) else str(source or f"_:{node}"),
            is_collection=is_coll,
            source=str(source) if source is not None else None,
            refinements=self.constraints(node, OD.refinement, loc),
        )

    # -- rules -----------------------------------------------------------------------------------
    def rules(
        self,
        node: Any,
        kind: str,
        uid: str,
        policy_uid: str,
        inherited: Mapping[str, list[Any]],
        loc: tuple[str | int, ...],
    ) -> list[Rule]:
        """One rule node -> its atomic rules (several targets/actions/assignees multiplied out)."""

        def own_or(prop: URIRef, key: str) -> list[Any]:
            return self.objs(node, prop) or list(inherited.get(key, []))

        actions = own_or(OD.action, "action")
        if not actions:
            self.problem(f"{kind} without an action", loc)
            return []
        targets = own_or(OD.target, "target") or [None]
        assignees = own_or(OD.assignee, "assignee") or [None]
        assigners = own_or(OD.assigner, "assigner") or [None]
        constraints = self.constraints(node, OD.constraint, loc)
        duties: tuple[Rule, ...] = ()
        remedies: tuple[Rule, ...] = ()
        consequences: tuple[Rule, ...] = ()
        sub = {"target": targets if targets != [None] else [], "assignee": [], "assigner": []}
        if kind == "permission":
            duties = self.sub_rules(node, OD.duty, "duty", uid, policy_uid, sub, loc)
        elif kind == "prohibition":
            remedies = self.sub_rules(node, OD.remedy, "duty", uid, policy_uid, sub, loc, remedy=True)
        if kind in ("obligation", "duty"):
            consequences = self.sub_rules(node, OD.consequence, "duty", uid, policy_uid, sub, loc)
        clause = self.clause(node)
        out: list[Rule] = []
        for a in actions:
            action = self.action(a, (*loc, "action"))
            for t in targets:
                for e in assignees:
                    for r in assigners:
                        out.append(
                            Rule(
                                kind=kind,  # type: ignore[arg-type]
                                uid=uid,
                                policy_uid=policy_uid,
                                action=action,
                                target=self.asset(t, (*loc, "target")) if t is not None else None,
                                assignee=self.party(e, (*loc, "assignee")) if e is not None else None,
                                assigner=self.party(r, (*loc, "assigner")) if r is not None else None,
                                constraints=constraints,
                                duties=duties,
                                remedies=remedies,
                                consequences=consequences,
                                **clause,
                            )
                        )
        return out

    def sub_rules(
        self,
        node: Any,
        prop: URIRef,
        kind: str,
        parent_uid: str,
        policy_uid: str,
        inherited: Mapping[str, list[Any]],
        loc: tuple[str | int, ...],
        remedy: bool = False,
    ) -> tuple[Rule, ...]:
        out: list[Rule] = []
        name = local_name(str(prop))
        for i, d in enumerate(self.objs(node, prop)):
            if d in self._stack:
                self.problem(f"{name} refers back to itself", (*loc, name, i))
                continue
            if remedy and self.objs(d, OD.consequence):
                self.problem("a remedy cannot have a consequence", (*loc, name, i))
            uid = str(d) if isinstance(d, URIRef) else _child_uid(parent_uid, f"{name}-{i + 1}")
            self._stack.add(d)
            try:
                out.extend(self.rules(d, kind, uid, policy_uid, inherited, (*loc, name, i)))
            finally:
                self._stack.discard(d)
        return tuple(out)

    # -- policies --------------------------------------------------------------------------------
    def policy_nodes(self, *, requests: bool) -> list[Any]:
        g = self.g
        typed: dict[Any, str] = {}
        for t in POLICY_TYPES:
            for s in g.subjects(RDF.type, URIRef(t)):
                current = typed.get(s)
                if current is None or _TYPE_ORDER.index(local_name(t)) < _TYPE_ORDER.index(local_name(current)):
                    typed[s] = t
        rule_nodes = {
            o for p in (OD.permission, OD.prohibition, OD.obligation, OD.duty, OD.remedy) for o in g.objects(None, p)
        }
        for p in (OD.permission, OD.prohibition, OD.obligation):
            for s in g.subjects(p, None):
                if s not in typed and s not in rule_nodes:
                    typed[s] = ODRL + "Set"
        self.types = typed
        nodes = [n for n, t in typed.items() if (t == ODRL + "Request") == requests]
        return sorted(nodes, key=self.sort_key)

    def policy(self, node: Any, index: int) -> Policy:
        g = self.g
        uid = str(node) if isinstance(node, URIRef) else f"urn:avtaleverk:policy:{index + 1}"
        ptype = self.types.get(node, ODRL + "Set")
        loc: tuple[str | int, ...] = (compact(uid),)
        profiles = tuple(sorted(str(p) for p in g.objects(node, OD.profile)))
        self._profile_check = not profiles or PROFILE_IRI in profiles or PROFILE_IRI.rstrip("/") in profiles
        conflict_node = g.value(node, OD.conflict)
        conflict = self.iri(conflict_node) if conflict_node is not None else None
        if conflict is not None and local_name(conflict) not in ("perm", "prohibit", "invalid"):
            self.problem(f"unknown conflict strategy {compact(conflict)!r}; use perm, prohibit or invalid", loc)
        inherited = {
            "action": self.objs(node, OD.action),
            "target": self.objs(node, OD.target),
            "assignee": self.objs(node, OD.assignee),
            "assigner": self.objs(node, OD.assigner),
        }
        groups: dict[str, list[Rule]] = {"permission": [], "prohibition": [], "obligation": []}
        for kind in groups:
            for i, r in enumerate(self.objs(node, URIRef(ODRL + kind))):
                ruid = str(r) if isinstance(r, URIRef) else _child_uid(uid, f"{kind}-{i + 1}")
                self._stack.add(r)
                try:
                    groups[kind].extend(self.rules(r, kind, ruid, uid, inherited, (*loc, kind, i)))
                finally:
                    self._stack.discard(r)
        if not any(groups.values()) and not self.objs(node, OD.inheritFrom):
            self.problem("policy has no permission, prohibition or obligation", loc)
        name = local_name(ptype)
        for kind, rules in groups.items():
            for i, rule in enumerate(rules):
                if name == "Agreement" and (rule.assigner is None or rule.assignee is None):
                    self.problem(f"an Agreement needs an assigner and an assignee ({kind} {i + 1})", loc)
                elif name == "Offer" and rule.assigner is None:
                    self.problem(f"an Offer needs an assigner ({kind} {i + 1})", loc)
        part_of: dict[str, tuple[str, ...]] = {}
        for s, o in g.subject_objects(OD.partOf):
            part_of[str(s)] = (*part_of.get(str(s), ()), str(o))
        first = inherited
        return Policy(
            uid=uid,
            type=ptype,
            profiles=profiles,
            conflict=conflict,
            inherit_from=tuple(sorted(str(p) for p in g.objects(node, OD.inheritFrom))),
            assigner=str(first["assigner"][0]) if first["assigner"] else None,
            assignee=str(first["assignee"][0]) if first["assignee"] else None,
            target=str(first["target"][0]) if first["target"] else None,
            permissions=tuple(groups["permission"]),
            prohibitions=tuple(groups["prohibition"]),
            obligations=tuple(groups["obligation"]),
            part_of=part_of,
        )


def _child_uid(parent: str, suffix: str) -> str:
    return f"{parent}{'-' if '#' in parent else '#'}{suffix}"


def _raise_problems(problems: list[ProfileViolation]) -> None:
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise ProfileViolation(first.message + more, loc=first.loc, source=first.source, problems=list(problems))


def _inherit(policies: list[Policy]) -> list[Policy]:
    """Copy the rules of a parent policy (odrl:inheritFrom) found in the same input into its children."""
    by_uid = {p.uid: p for p in policies}
    out = []
    for p in policies:
        extra: dict[str, list[Rule]] = {"permissions": [], "prohibitions": [], "obligations": []}
        seen = {p.uid}
        queue = list(p.inherit_from)
        while queue:
            parent = by_uid.get(queue.pop(0))
            if parent is None or parent.uid in seen:
                continue
            seen.add(parent.uid)
            for key in extra:
                extra[key].extend(getattr(parent, key))
            queue.extend(parent.inherit_from)
        if any(extra.values()):
            p = p.model_copy(update={k: getattr(p, k) + tuple(v) for k, v in extra.items()})
        out.append(p)
    return out


def policies_from_graph(
    graph: Graph, *, vocab: Vocabulary | None = None, source: str | None = None, strict: bool = True
) -> list[Policy]:
    """Every policy in the graph (requests excluded), in atomic form."""
    reader = _Reader(graph, vocab or default_vocabulary(), source)
    nodes = reader.policy_nodes(requests=False)
    if not nodes:
        raise PolicyError("no ODRL policy found (expected an odrl:Set, Offer or Agreement)", source=source)
    try:
        policies = [reader.policy(n, i) for i, n in enumerate(nodes)]
    except RecursionError as exc:
        raise ProfileViolation("policy is nested too deeply", source=source) from exc
    if strict:
        _raise_problems(reader.problems)
    return _inherit(policies)


def parse_policies(
    data: str | bytes | Graph,
    format: str | None = None,
    *,
    source: str | Path | None = None,
    strict: bool = True,
    vocab: Vocabulary | None = None,
) -> list[Policy]:
    """Parse ODRL policies from JSON-LD / Turtle text (or a Graph) into atomic ``Policy`` models.

    ``strict`` (default) raises ``ProfileViolation`` listing every structural problem.
    """
    graph = load_graph(data, format, source=source)
    return policies_from_graph(graph, vocab=vocab, source=str(source) if source else None, strict=strict)


def parse_request(
    data: str | bytes | Graph,
    format: str | None = None,
    *,
    source: str | Path | None = None,
    vocab: Vocabulary | None = None,
) -> Request:
    """Parse an ``odrl:Request`` (its first permission names assignee, action, target; constraints = facts)."""
    src = str(source) if source else None
    graph = load_graph(data, format, source=source)
    reader = _Reader(graph, vocab or default_vocabulary(), src)
    reader._profile_check = False
    nodes = reader.policy_nodes(requests=True) or reader.policy_nodes(requests=False)
    if not nodes:
        raise PolicyError("no odrl:Request found", source=src)
    node = nodes[0]
    uid = str(node) if isinstance(node, URIRef) else "urn:avtaleverk:request"
    rule_nodes = reader.objs(node, OD.permission) or reader.objs(node, OD.prohibition)
    if not rule_nodes:
        raise PolicyError("the request has no permission naming an action", source=src, loc=(compact(uid),))
    rnode = rule_nodes[0]

    def one(prop: URIRef) -> Any:
        return graph.value(rnode, prop) or graph.value(node, prop)

    action = one(OD.action)
    if action is None:
        raise PolicyError("the request names no action", source=src, loc=(compact(uid), "permission"))
    if isinstance(action, BNode):
        action = graph.value(action, RDF.value) or OD.use
    facts: dict[str, tuple[Term, ...]] = {}
    units: dict[str, str] = {}
    for i, c in enumerate(reader.constraints(rnode, OD.constraint, (compact(uid), "permission"))):
        if not isinstance(c, Constraint) or c.operator not in _FACT_OPERATORS:
            raise PolicyError(
                "request facts must be constraints with operator eq (or isAnyOf / isAllOf)",
                source=src,
                loc=(compact(uid), "permission", "constraint", i),
            )
        terms = c.right_operand
        if c.data_type:
            terms = tuple(t if t.is_iri or t.datatype else Term(value=t.value, datatype=c.data_type) for t in terms)
        facts[c.left_operand] = facts.get(c.left_operand, ()) + terms
        if c.unit:
            units[c.left_operand] = c.unit
    _raise_problems(reader.problems)
    part_of: dict[str, tuple[str, ...]] = {}
    for s, o in graph.subject_objects(OD.partOf):
        part_of[str(s)] = (*part_of.get(str(s), ()), str(o))
    target, assignee = one(OD.target), one(OD.assignee)
    return Request(
        uid=uid,
        rule_uid=str(rnode) if isinstance(rnode, URIRef) else None,
        assignee=str(assignee) if assignee is not None else None,
        action=reader.iri(action),
        target=str(target) if target is not None else None,
        facts=facts,
        units=units,
        part_of=part_of,
    )


def policy_from_dict(d: Mapping[str, Any] | Sequence[Any]) -> list[Policy]:
    """Policies from a compact JSON-LD dict (what the composer builds)."""
    try:
        text = json.dumps(d)
    except (TypeError, ValueError) as exc:
        raise PolicyParseError(f"policy dict is not JSON: {exc}") from exc
    return parse_policies(text, "json-ld")


# --------------------------------------------------------------------------------------------- model -> JSON-LD


def output_context() -> list[Any]:
    """The ``@context`` we write: the W3C ODRL context by URL plus our prefixes inline."""
    return ["http://www.w3.org/ns/odrl.jsonld", {k: PREFIXES[k] for k in ("avt", "dpv", "country", "xsd")}]


def _short(iri: str) -> str:
    c = compact(iri)
    return c[len("odrl:") :] if c.startswith("odrl:") else c


def _id(iri: str) -> str:
    return iri if iri.startswith("_:") else compact(iri)


def _term_json(t: Term) -> Any:
    if t.is_iri:
        return {"@id": compact(t.value)}
    if t.language:
        return {"@value": t.value, "@language": t.language}
    if t.datatype and t.datatype != str(XSD.string):
        return {"@value": t.value, "@type": compact(t.datatype)}
    return t.value


def _constraint_json(c: AnyConstraint) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if c.uid:
        out["uid"] = _id(c.uid)
    if isinstance(c, LogicalConstraint):
        out[local_name(c.operator)] = {"@list": [_constraint_json(x) for x in c.constraints]}
        return out
    out["leftOperand"] = _short(c.left_operand)
    out["operator"] = _short(c.operator)
    if c.right_operand:
        values = [_term_json(t) for t in c.right_operand]
        if c.operator in _SET_OPERATORS or len(values) > 1:
            out["rightOperand"] = {"@list": values} if c.operator in _SET_OPERATORS else values
        else:
            out["rightOperand"] = values[0]
    if c.right_operand_reference:
        out["rightOperandReference"] = _id(c.right_operand_reference)
    if c.data_type:
        out["dataType"] = compact(c.data_type)
    if c.unit:
        out["unit"] = {"@id": compact(c.unit)}
    if c.status is not None:
        out["status"] = _term_json(c.status)
    return out


def _refined_json(x: Asset | Party, kind: str) -> Any:
    if not x.is_collection and not x.refinements:
        return _id(x.uid)
    out: dict[str, Any] = {"@type": kind}
    if not x.uid.startswith("_:") and x.uid != x.source:
        out["uid"] = _id(x.uid)
    if x.source:
        out["source"] = _id(x.source)
    if x.refinements:
        out["refinement"] = [_constraint_json(c) for c in x.refinements]
    return out


def _action_json(a: Action) -> Any:
    if not a.refinements:
        return _short(a.iri)
    return {"rdf:value": {"@id": compact(a.iri)}, "refinement": [_constraint_json(c) for c in a.refinements]}


def _rules_json(rules: Iterable[Rule], atomic: bool = False) -> list[dict[str, Any]]:
    """Group atomic rules that share an IRI back into one (compact) rule node, unless ``atomic``."""
    grouped: dict[Any, list[Rule]] = {}
    for r in rules:
        grouped.setdefault(id(r) if atomic else r.uid, []).append(r)
    out = []
    for atoms in grouped.values():
        first = atoms[0]
        node: dict[str, Any] = {} if atomic else {"uid": _id(first.uid)}
        for key, getter, kind in (
            ("target", lambda r: r.target, "AssetCollection"),
            ("assignee", lambda r: r.assignee, "PartyCollection"),
            ("assigner", lambda r: r.assigner, "PartyCollection"),
        ):
            vals: list[Any] = []
            for r in atoms:
                v = getter(r)
                if v is not None:
                    j = _refined_json(v, kind)
                    if j not in vals:
                        vals.append(j)
            if vals:
                node[key] = vals[0] if len(vals) == 1 else vals
        acts: list[Any] = []
        for r in atoms:
            j = _action_json(r.action)
            if j not in acts:
                acts.append(j)
        node["action"] = acts[0] if len(acts) == 1 else acts
        if first.constraints:
            node["constraint"] = [_constraint_json(c) for c in first.constraints]
        if first.duties:
            node["duty"] = _rules_json(first.duties, atomic)
        if first.remedies:
            node["remedy"] = _rules_json(first.remedies, atomic)
        if first.consequences:
            node["consequence"] = _rules_json(first.consequences, atomic)
        for attr, key in (
            ("clause_id", "avt:clauseId"),
            ("clause_version", "avt:clauseVersion"),
            ("clause_number", "avt:clauseNumber"),
        ):
            if getattr(first, attr) is not None:
                node[key] = getattr(first, attr)
        out.append(node)
    return out


def _policy_json(p: Policy, atomic: bool = False) -> dict[str, Any]:
    node: dict[str, Any] = {"uid": _id(p.uid), "@type": p.type_name}
    if p.profiles:
        node["profile"] = [_id(x) for x in p.profiles] if len(p.profiles) > 1 else _id(p.profiles[0])
    if p.conflict:
        node["conflict"] = local_name(p.conflict)
    if p.inherit_from:
        node["inheritFrom"] = [_id(x) for x in p.inherit_from]
    for key in ("assigner", "assignee", "target"):
        if getattr(p, key):
            node[key] = _id(getattr(p, key))
    for kind, rules in (("permission", p.permissions), ("prohibition", p.prohibitions), ("obligation", p.obligations)):
        if rules:
            node[kind] = _rules_json(rules, atomic)
    return node


def policy_to_jsonld(policy: Policy | Sequence[Policy] | Graph, *, atomic: bool = False) -> dict[str, Any]:
    """Compact JSON-LD (ODRL context + avt/dpv prefixes) for one policy, several, or a graph of them.

    Atomic rules that came from one rule are merged back under its IRI; ``atomic=True`` writes each
    atomic rule as its own (blank) node instead, the form the W3C shapes check.
    """
    if isinstance(policy, Graph):
        policy = policies_from_graph(policy, strict=False)
    plist = [policy] if isinstance(policy, Policy) else list(policy)
    nodes = [_policy_json(p, atomic) for p in plist]
    facts: dict[str, list[str]] = {}
    for p in plist:
        for s, os in p.part_of.items():
            facts.setdefault(s, [])
            facts[s].extend(o for o in os if o not in facts[s])
    nodes.extend({"uid": _id(s), "partOf": [_id(o) for o in os]} for s, os in facts.items())
    if len(nodes) == 1:
        return {"@context": output_context(), **nodes[0]}
    return {"@context": output_context(), "@graph": nodes}


def policy_to_graph(policy: Policy | Sequence[Policy], *, atomic: bool = False) -> Graph:
    """The policy (or policies) as an rdflib Graph, via the compact JSON-LD form."""
    return load_graph(json.dumps(policy_to_jsonld(policy, atomic=atomic)), "json-ld")


def policy_to_turtle(policy: Policy | Sequence[Policy] | Graph) -> str:
    graph = policy if isinstance(policy, Graph) else policy_to_graph(policy)
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph.serialize(format="turtle")


# --------------------------------------------------------------------------------------------- report graph


def _node(iri: str | None) -> URIRef | BNode:
    if iri is None or iri.startswith("_:"):
        return BNode()
    return URIRef(iri)


def _value_literal(v: Any) -> URIRef | Literal:
    from engine.odrl._values import Duration, Iri

    if isinstance(v, Iri):
        return URIRef(v)
    if isinstance(v, Duration):
        return Literal(str(v), datatype=XSD.duration)
    return Literal(v)


def report_to_graph(report: Any) -> Graph:
    """FORCE compliance report (``https://w3id.org/force/compliance-report#``) for an evaluation."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    request = report.request
    req_node = URIRef(request.uid)
    rule_req = URIRef(request.rule_uid) if request.rule_uid else req_node
    by_policy: dict[str, list[Any]] = {}
    for rr in report.rules:
        by_policy.setdefault(rr.policy_uid, []).append(rr)
    created = Literal(report.state.now.isoformat(), datatype=XSD.dateTime)
    for policy in report.policies:
        pr = BNode()
        g.add((pr, RDF.type, R.PolicyReport))
        g.add((pr, R.policy, URIRef(policy.uid)))
        g.add((pr, R.policyRequest, req_node))
        g.add((pr, DCTERMS.created, created))
        for rr in by_policy.get(policy.uid, []):
            node = BNode()
            g.add((pr, R.ruleReport, node))
            cls = {"permission": R.PermissionReport, "prohibition": R.ProhibitionReport}.get(
                rr.kind, R.ObligationReport
            )
            g.add((node, RDF.type, cls))
            g.add((node, R.rule, _node(rr.uid)))
            g.add((node, R.ruleRequest, rule_req))
            g.add((node, R.attemptState, R.Attempted))
            g.add((node, R.activationState, R.Active if rr.active else R.Inactive))
            if rr.deontic_state:
                g.add((node, R.deonticState, R[rr.deontic_state]))
            if rr.clause_number:
                g.add((node, A.clauseNumber, Literal(rr.clause_number)))
            for p in rr.premises:
                g.add((node, R.premiseReport, _premise_node(g, p)))
            for d in (*rr.duties, *rr.remedies, *rr.consequences):
                g.add((node, R.conditionReport, _duty_node(g, d, rule_req)))
    return g


def _premise_node(g: Graph, p: Any) -> BNode:
    node = BNode()
    cls = {"target": R.TargetReport, "party": R.PartyReport, "action": R.ActionReport}.get(p.kind, R.ConstraintReport)
    g.add((node, RDF.type, cls))
    g.add((node, R.satisfactionState, R.Satisfied if p.satisfied else R.Unsatisfied))
    if p.reason:
        g.add((node, RDFS.comment, Literal(p.reason)))
    c = p.constraint
    if p.kind == "constraint" and c is not None:
        g.add((node, R.constraint, _constraint_node(g, c)))
        if isinstance(c, LogicalConstraint):
            g.add((node, R.constraintLogicalOperand, URIRef(c.operator)))
        else:
            g.add((node, R.constraintOperator, URIRef(c.operator)))
            for t in c.right_operand:
                g.add((node, R.constraintRightOperand, _term_node(t)))
            for v in p.actual:
                g.add((node, R.constraintLeftOperand, _value_literal(v)))
    for child in p.children:
        g.add((node, R.premiseReport, _premise_node(g, child)))
    return node


def _duty_node(g: Graph, d: Any, rule_req: URIRef) -> BNode:
    node = BNode()
    g.add((node, RDF.type, R.DutyReport))
    g.add((node, R.rule, _node(d.uid)))
    g.add((node, R.ruleRequest, rule_req))
    g.add((node, R.deonticState, R[d.state]))
    for c in d.consequences:
        g.add((node, R.conditionReport, _duty_node(g, c, rule_req)))
    return node


def _term_node(t: Term) -> URIRef | Literal:
    if t.is_iri:
        return URIRef(t.value)
    return Literal(t.value, datatype=URIRef(t.datatype) if t.datatype else None, lang=t.language)


def _constraint_node(g: Graph, c: AnyConstraint) -> URIRef | BNode:
    if c.uid:
        return URIRef(c.uid)
    node = BNode()
    if isinstance(c, LogicalConstraint):
        items = [_constraint_node(g, x) for x in c.constraints]
        head = BNode()
        Collection(g, head, items)
        g.add((node, URIRef(c.operator), head))
        return node
    g.add((node, OD.leftOperand, URIRef(c.left_operand)))
    g.add((node, OD.operator, URIRef(c.operator)))
    for t in c.right_operand:
        g.add((node, OD.rightOperand, _term_node(t)))
    return node


def iter_turtle_files(directory: Path | None = None) -> Iterator[Path]:
    """The Turtle files under ``policies/`` (for docs and tests)."""
    yield from sorted((directory or policies_dir()).glob("*.ttl"))


__all__ = [
    "load_graph",
    "load_vocabulary",
    "parse_policies",
    "parse_request",
    "policy_from_dict",
    "policy_to_graph",
    "policy_to_jsonld",
    "policy_to_turtle",
    "report_to_graph",
]
