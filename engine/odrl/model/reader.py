"""Plain triples → atomic ``Policy`` / ``Request`` models, collecting every structural problem on the way.

The one reader of ODRL: ``engine.rdf`` feeds it triples parsed from Turtle / JSON-LD / N-Triples, and the
compact JSON-LD codec (``model.jsonld``) feeds it the triples of our own documents. Pure: no RDF library.
Structural problems become ``ProfileViolation`` (one per problem, located); strict reading raises them
all at once. Objects are read in document order when the triples are ``ordered``, sorted otherwise.

Over 400 lines on purpose: it is one walk over one graph, and the ``Reader`` carries that walk's state (the
stack that catches cycles, the profile switch, every problem with its location) through every kind of
node; split up, that state would have to be passed around.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from engine.errors import PolicyError, ProfileViolation
from engine.odrl.model.triples import RDF_FIRST, RDF_NIL, RDF_REST, RDF_TYPE, RDF_VALUE, Lit, Node, Triples, is_iri
from engine.odrl.model.types import (
    Action,
    AnyConstraint,
    Asset,
    Constraint,
    LogicalConstraint,
    Party,
    Policy,
    Request,
    Rule,
    RuleKind,
    Term,
)
from engine.odrl.vocab import (
    AVT,
    CONFLICT_NAMES,
    DCT,
    LOGICAL_OPERATORS,
    ODRL,
    OPERATORS,
    POLICY_TYPE_NAMES,
    PROFILE_IRI,
    RULE_KINDS,
    Vocabulary,
    compact,
    expand,
    local_name,
)

Loc = tuple[str | int, ...]

REQUEST_UID: Final = "urn:avtaleverk:request"
"""The IRI a request without one gets."""
FACT_OPERATORS: Final = frozenset(ODRL + n for n in ("eq", "isAnyOf", "isAllOf"))
"""Operators a request may state a fact with."""
_SORTED_LOGICAL = sorted(LOGICAL_OPERATORS)
_POLICY_TYPES = {ODRL + name: rank for rank, name in enumerate(POLICY_TYPE_NAMES)}
_RULE_PROPS = tuple(ODRL + p for p in ("permission", "prohibition", "obligation", "duty", "remedy"))
_CLAUSE = (("clause_id", AVT + "clauseId"), ("clause_version", AVT + "clauseVersion"),
           ("clause_number", AVT + "clauseNumber"))  # fmt: skip


def _o(name: str) -> str:
    return ODRL + name


def _str(node: Node) -> str:
    return node.value if isinstance(node, Lit) else node


def child_uid(parent: str, suffix: str) -> str:
    """The IRI a rule without one gets: ``<parent>#duty-1`` (or ``<parent>-duty-1`` under a fragment)."""
    return f"{parent}{'-' if '#' in parent else '#'}{suffix}"


class Reader:
    """Walks triples into atomic model objects; ``problems`` collects every structural problem."""

    def __init__(self, triples: Triples, vocab: Vocabulary, source: str | None) -> None:
        self.g = triples
        self.vocab = vocab
        self.source = source
        self.problems: list[ProfileViolation] = []
        self.types: dict[str, str] = {}
        self._stack: set[Node] = set()
        self._profile_check = True

    def problem(self, message: str, loc: Loc) -> None:
        self.problems.append(ProfileViolation(message, loc=loc, source=self.source))

    # -- small helpers ---------------------------------------------------------------------------
    def objs(self, node: Node, prop: str) -> list[Node]:
        found = self.g.objects(node, prop)
        if self.g.ordered or len(found) < 2:
            return list(found)
        return sorted(found, key=self.sort_key)

    def sort_key(self, node: Node, depth: int = 0) -> str:
        if isinstance(node, Lit) or is_iri(node):
            return f"0{_str(node)}"
        if depth > 3:
            return "1"
        parts = sorted(f"{p}={self.sort_key(o, depth + 1)}" for p, o in self.g.properties(node))
        return "1" + "|".join(parts)

    def iri(self, node: Node, ns: str | None = ODRL) -> str:
        if isinstance(node, Lit):
            return self.vocab.resolve(expand(node.value, ns))
        return node

    def text(self, node: Node, prop: str) -> str | None:
        value = self.g.value(node, prop)
        return None if value is None else _str(value)

    def list_items(self, node: Node, loc: Loc) -> list[Node] | None:
        """Items of an rdf:List, or None if ``node`` is not a list; cycles are a problem, not a hang."""
        if node == RDF_NIL:
            return []
        if self.g.value(node, RDF_FIRST) is None:
            return None
        items: list[Node] = []
        seen: set[Node] = set()
        current: Node | None = node
        while current is not None and current != RDF_NIL:
            if current in seen:
                self.problem("an RDF list loops back on itself", loc)
                break
            seen.add(current)
            first = self.g.value(current, RDF_FIRST)
            if first is not None:
                items.append(first)
            current = self.g.value(current, RDF_REST)
        return items

    @staticmethod
    def term(node: Node) -> Term:
        if isinstance(node, Lit):
            return Term(value=node.value, datatype=node.datatype, language=node.language)
        return Term(value=node, is_iri=is_iri(node))

    def clause(self, node: Node) -> dict[str, str | None]:
        return {attr: self.text(node, prop) for attr, prop in _CLAUSE}

    # -- constraints -----------------------------------------------------------------------------
    def constraints(self, node: Node, prop: str, loc: Loc) -> tuple[AnyConstraint, ...]:
        out: list[AnyConstraint] = []
        for i, c in enumerate(self.objs(node, prop)):
            items = self.list_items(c, loc)
            for j, item in enumerate(items if items is not None else [c]):
                built = self.constraint(item, (*loc, local_name(prop), i + j))
                if built is not None:
                    out.append(built)
        return tuple(out)

    def constraint(self, node: Node, loc: Loc) -> AnyConstraint | None:
        if node in self._stack:
            self.problem("a logical constraint contains itself", loc)
            return None
        uid = node if is_iri(node) else None
        for op in _SORTED_LOGICAL:
            values = self.objs(node, op)
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
        return self.atomic_constraint(node, uid, loc)

    def atomic_constraint(self, node: Node, uid: str | None, loc: Loc) -> Constraint | None:
        left = self.g.value(node, _o("leftOperand"))
        operator = self.g.value(node, _o("operator"))
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
        for r in self.objs(node, _o("rightOperand")):
            items = self.list_items(r, loc)
            value = self.g.value(r, RDF_VALUE) if items is None and not isinstance(r, Lit) else None
            if items is not None:
                rights.extend(self.term(x) for x in items)
            elif value is not None and not is_iri(r):
                rights.append(self.term(value))
            else:
                rights.append(self.term(r))
        ref = self.g.value(node, _o("rightOperandReference"))
        if not rights and ref is None:
            self.problem("constraint without rightOperand or rightOperandReference", loc)
            ok = False
        if not ok or left is None or operator is None:
            return None
        data_type = self.g.value(node, _o("dataType")) or self.g.value(node, _o("datatype"))
        unit = self.g.value(node, _o("unit"))
        status = self.g.value(node, _o("status"))
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
            right_operand_reference=_str(ref) if ref is not None else None,
            data_type=_str(data_type) if data_type is not None else None,
            unit=_str(unit) if unit is not None else None,
            status=self.term(status) if status is not None else None,
        )

    def check_avt_term(self, iri: str, loc: Loc) -> None:
        if self._profile_check and iri.startswith(AVT) and iri not in self.vocab.known_terms:
            self.problem(f"unknown profile term {compact(iri)!r}", loc)

    # -- actions, assets, parties ----------------------------------------------------------------
    def action(self, node: Node, loc: Loc) -> Action:
        refinements: tuple[AnyConstraint, ...] = ()
        if isinstance(node, str) and not is_iri(node):
            value = self.g.value(node, RDF_VALUE)
            refinements = self.constraints(node, _o("refinement"), loc)
            if value is None:
                self.problem("action without rdf:value", loc)
                return Action(iri=ODRL + "use", refinements=refinements)
            node = value
        iri = self.iri(node)
        if self._profile_check and iri not in self.vocab.actions:
            self.problem(f"unknown action {compact(iri)!r} (not in ODRL 2.2 or the profile)", loc)
        return Action(iri=iri, refinements=refinements)

    def _collection(self, node: Node, cls: str, loc: Loc) -> tuple[str, bool, str | None, tuple[AnyConstraint, ...]]:
        source = self.g.value(node, _o("source"))
        is_coll = self.g.has(_str(node), RDF_TYPE, _o(cls)) or source is not None
        uid = _str(node) if is_iri(node) or isinstance(node, Lit) else (_str(source) if source is not None else node)
        src = _str(source) if source is not None else None
        return uid, is_coll, src, self.constraints(node, _o("refinement"), loc)

    def asset(self, node: Node, loc: Loc) -> Asset:
        uid, is_coll, source, refinements = self._collection(node, "AssetCollection", loc)
        return Asset(uid=uid, is_collection=is_coll, source=source, refinements=refinements)

    def party(self, node: Node, loc: Loc) -> Party:
        uid, is_coll, source, refinements = self._collection(node, "PartyCollection", loc)
        return Party(uid=uid, is_collection=is_coll, source=source, refinements=refinements)

    # -- rules -----------------------------------------------------------------------------------
    def rules(
        self,
        node: Node,
        kind: RuleKind,
        uid: str,
        policy_uid: str,
        inherited: Mapping[str, list[Node]],
        loc: Loc,
    ) -> list[Rule]:
        """One rule node -> its atomic rules (several targets/actions/assignees multiplied out)."""

        def own_or(key: str) -> list[Node]:
            return self.objs(node, _o(key)) or list(inherited.get(key, []))

        actions = own_or("action")
        if not actions:
            self.problem(f"{kind} without an action", loc)
            return []
        targets: list[Node | None] = [*own_or("target")] or [None]
        assignees: list[Node | None] = [*own_or("assignee")] or [None]
        assigners: list[Node | None] = [*own_or("assigner")] or [None]
        constraints = self.constraints(node, _o("constraint"), loc)
        duties: tuple[Rule, ...] = ()
        remedies: tuple[Rule, ...] = ()
        consequences: tuple[Rule, ...] = ()
        sub: dict[str, list[Node]] = {"target": [t for t in targets if t is not None], "assignee": [], "assigner": []}
        if kind == "permission":
            duties = self.sub_rules(node, "duty", uid, policy_uid, sub, loc)
        elif kind == "prohibition":
            remedies = self.sub_rules(node, "remedy", uid, policy_uid, sub, loc, remedy=True)
        if kind in ("obligation", "duty"):
            consequences = self.sub_rules(node, "consequence", uid, policy_uid, sub, loc)
        clause = self.clause(node)
        out: list[Rule] = []
        for a in actions:
            action = self.action(a, (*loc, "action"))
            for t in targets:
                target = self.asset(t, (*loc, "target")) if t is not None else None
                for e in assignees:
                    assignee = self.party(e, (*loc, "assignee")) if e is not None else None
                    for r in assigners:
                        out.append(
                            Rule(
                                kind=kind,
                                uid=uid,
                                policy_uid=policy_uid,
                                action=action,
                                target=target,
                                assignee=assignee,
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
        node: Node,
        name: str,
        parent_uid: str,
        policy_uid: str,
        inherited: Mapping[str, list[Node]],
        loc: Loc,
        remedy: bool = False,
    ) -> tuple[Rule, ...]:
        out: list[Rule] = []
        for i, d in enumerate(self.objs(node, _o(name))):
            if d in self._stack:
                self.problem(f"{name} refers back to itself", (*loc, name, i))
                continue
            if remedy and self.objs(d, _o("consequence")):
                self.problem("a remedy cannot have a consequence", (*loc, name, i))
            uid = d if is_iri(d) else child_uid(parent_uid, f"{name}-{i + 1}")
            self._stack.add(d)
            try:
                out.extend(self.rules(d, "duty", uid, policy_uid, inherited, (*loc, name, i)))
            finally:
                self._stack.discard(d)
        return tuple(out)

    # -- policies --------------------------------------------------------------------------------
    def policy_nodes(self, *, requests: bool) -> list[str]:
        g = self.g
        typed: dict[str, str] = {}
        for s, o in g.pairs(RDF_TYPE):
            if isinstance(o, str) and o in _POLICY_TYPES:
                current = typed.get(s)
                if current is None or _POLICY_TYPES[o] < _POLICY_TYPES[current]:
                    typed[s] = o
        rule_nodes = {o for p in _RULE_PROPS for _, o in g.pairs(p)}
        for kind in RULE_KINDS:
            for s in g.subjects(_o(kind)):
                if s not in typed and s not in rule_nodes:
                    typed[s] = ODRL + "Set"
        self.types = typed
        nodes = [n for n in g.subject_nodes() if n in typed and (typed[n] == ODRL + "Request") == requests]
        return nodes if g.ordered else sorted(nodes, key=self.sort_key)

    def policy(self, node: str, index: int) -> Policy:
        g = self.g
        uid = node if is_iri(node) else f"urn:avtaleverk:policy:{index + 1}"
        ptype = self.types.get(node, ODRL + "Set")
        loc: Loc = (compact(uid),)
        profiles = tuple(sorted(_str(p) for p in g.objects(node, _o("profile"))))
        self._profile_check = not profiles or PROFILE_IRI in profiles or PROFILE_IRI.rstrip("/") in profiles
        conflict_node = g.value(node, _o("conflict"))
        conflict = self.iri(conflict_node) if conflict_node is not None else None
        if conflict is not None and local_name(conflict) not in CONFLICT_NAMES:
            self.problem(f"unknown conflict strategy {compact(conflict)!r}; use perm, prohibit or invalid", loc)
        inherited = {key: self.objs(node, _o(key)) for key in ("action", "target", "assignee", "assigner")}
        groups: dict[str, list[Rule]] = {k: [] for k in RULE_KINDS}
        for kind in RULE_KINDS:
            for i, r in enumerate(self.objs(node, _o(kind))):
                ruid = r if is_iri(r) else child_uid(uid, f"{kind}-{i + 1}")
                self._stack.add(r)
                try:
                    groups[kind].extend(self.rules(r, kind, ruid, uid, inherited, (*loc, kind, i)))
                finally:
                    self._stack.discard(r)
        if not any(groups.values()) and not g.objects(node, _o("inheritFrom")):
            self.problem("policy has no permission, prohibition or obligation", loc)
        name = local_name(ptype)
        for kind, rules in groups.items():
            for i, rule in enumerate(rules):
                if name == "Agreement" and (rule.assigner is None or rule.assignee is None):
                    self.problem(f"an Agreement needs an assigner and an assignee ({kind} {i + 1})", loc)
                elif name == "Offer" and rule.assigner is None:
                    self.problem(f"an Offer needs an assigner ({kind} {i + 1})", loc)
        title = g.value(node, DCT + "title")

        def first(key: str) -> str | None:
            return _str(inherited[key][0]) if inherited[key] else None

        return Policy(
            uid=uid,
            type=ptype,
            title=_str(title) if title is not None else None,
            profiles=profiles,
            conflict=conflict,
            inherit_from=tuple(sorted(_str(p) for p in g.objects(node, _o("inheritFrom")))),
            assigner=first("assigner"),
            assignee=first("assignee"),
            target=first("target"),
            permissions=tuple(groups["permission"]),
            prohibitions=tuple(groups["prohibition"]),
            obligations=tuple(groups["obligation"]),
            part_of=self.part_of(),
        )

    def part_of(self) -> dict[str, tuple[str, ...]]:
        """``odrl:partOf`` facts anywhere in the triples: member -> collections."""
        out: dict[str, list[str]] = {}
        for s, o in self.g.pairs(_o("partOf")):
            out.setdefault(s, []).append(_str(o))
        return {s: tuple(os if self.g.ordered else sorted(os)) for s, os in out.items()}


def raise_problems(problems: list[ProfileViolation]) -> None:
    """One ``ProfileViolation`` carrying every problem (the first one's message and location)."""
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


def read_policies(
    triples: Triples, vocab: Vocabulary, *, source: str | None = None, strict: bool = True
) -> list[Policy]:
    """Every policy in the triples (requests excluded), in atomic form."""
    reader = Reader(triples, vocab, source)
    nodes = reader.policy_nodes(requests=False)
    if not nodes:
        raise PolicyError("no ODRL policy found (expected an odrl:Set, Offer or Agreement)", source=source)
    try:
        policies = [reader.policy(n, i) for i, n in enumerate(nodes)]
    except RecursionError as exc:
        raise ProfileViolation("policy is nested too deeply", source=source) from exc
    if strict:
        raise_problems(reader.problems)
    return _inherit(policies)


def read_request(triples: Triples, vocab: Vocabulary, *, source: str | None = None) -> Request:
    """An ``odrl:Request``: its first permission names assignee, action, target; constraints are facts."""
    reader = Reader(triples, vocab, source)
    reader._profile_check = False
    nodes = reader.policy_nodes(requests=True) or reader.policy_nodes(requests=False)
    if not nodes:
        raise PolicyError("no odrl:Request found", source=source)
    node = nodes[0]
    uid = node if is_iri(node) else REQUEST_UID
    rule_nodes = reader.objs(node, _o("permission")) or reader.objs(node, _o("prohibition"))
    if not rule_nodes:
        raise PolicyError("the request has no permission naming an action", source=source, loc=(compact(uid),))
    rnode = rule_nodes[0]

    def one(prop: str) -> Node | None:
        return triples.value(rnode, _o(prop)) or triples.value(node, _o(prop))

    action = one("action")
    if action is None:
        raise PolicyError("the request names no action", source=source, loc=(compact(uid), "permission"))
    if isinstance(action, str) and not is_iri(action):
        action = triples.value(action, RDF_VALUE) or _o("use")
    facts: dict[str, tuple[Term, ...]] = {}
    units: dict[str, str] = {}
    for i, c in enumerate(reader.constraints(rnode, _o("constraint"), (compact(uid), "permission"))):
        if not isinstance(c, Constraint) or c.operator not in FACT_OPERATORS:
            raise PolicyError(
                "request facts must be constraints with operator eq (or isAnyOf / isAllOf)",
                source=source,
                loc=(compact(uid), "permission", "constraint", i),
            )
        terms = c.right_operand
        if c.data_type:
            terms = tuple(t if t.is_iri or t.datatype else Term(value=t.value, datatype=c.data_type) for t in terms)
        facts[c.left_operand] = facts.get(c.left_operand, ()) + terms
        if c.unit:
            units[c.left_operand] = c.unit
    raise_problems(reader.problems)
    target, assignee = one("target"), one("assignee")
    return Request(
        uid=uid,
        rule_uid=rnode if is_iri(rnode) else None,
        assignee=_str(assignee) if assignee is not None else None,
        action=reader.iri(action),
        target=_str(target) if target is not None else None,
        facts=facts,
        units=units,
        part_of=reader.part_of(),
    )


__all__ = ["FACT_OPERATORS", "REQUEST_UID", "Reader", "child_uid", "raise_problems", "read_policies", "read_request"]
