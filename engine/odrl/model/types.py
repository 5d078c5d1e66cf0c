"""pydantic models of the ODRL 2.2 information model, in *atomic* form.

A parsed policy is normalised: every rule has exactly one action, at most one target, one assignee and
one assigner (policy-level values are pushed down, several targets/actions/assignees are multiplied
out). Each atomic rule keeps the IRI of the rule it came from (``uid``) so reports point at the
original. All IRIs are full strings; no RDF library types leak into the model.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, PrivateAttr

from engine.odrl.vocab import AVT, ODRL, XSD, compact, local_name

RuleKind = Literal["permission", "prohibition", "obligation", "duty"]
Json = dict[str, "Json"] | list["Json"] | str | int | float | bool | None
"""A JSON value (what our compact JSON-LD and report dicts are made of)."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Term(_Model):
    """One RDF value: an IRI or a literal with optional datatype / language."""

    value: str
    is_iri: bool = False
    datatype: str | None = None
    language: str | None = None

    @classmethod
    def iri(cls, value: str) -> Term:
        return cls(value=value, is_iri=True)

    @classmethod
    def literal(cls, value: str | int | float | bool | Decimal, datatype: str | None = None) -> Term:
        if datatype is None:
            if isinstance(value, bool):
                datatype, value = XSD + "boolean", str(value).lower()
            elif isinstance(value, int):
                datatype = XSD + "integer"
            elif isinstance(value, float):
                datatype = XSD + "double"
        return cls(value=str(value), datatype=datatype)

    def short(self) -> str:
        return compact(self.value) if self.is_iri else self.value


class Constraint(_Model):
    """``leftOperand operator rightOperand`` (or ``rightOperandReference``)."""

    uid: str | None = None
    left_operand: str
    operator: str
    right_operand: tuple[Term, ...] = ()
    right_operand_reference: str | None = None
    data_type: str | None = None
    unit: str | None = None
    status: Term | None = None

    @property
    def is_logical(self) -> bool:
        return False

    def short(self) -> str:
        right = (
            ", ".join(t.short() for t in self.right_operand)
            if self.right_operand
            else f"<{self.right_operand_reference}>"
        )
        return f"{compact(self.left_operand)} {local_name(self.operator)} {right}"


class LogicalConstraint(_Model):
    """``or`` / ``xone`` / ``and`` / ``andSequence`` over other constraints."""

    uid: str | None = None
    operator: str
    constraints: tuple[Constraint | LogicalConstraint, ...]

    @property
    def is_logical(self) -> bool:
        return True

    def short(self) -> str:
        inner = f" {local_name(self.operator)} ".join(c.short() for c in self.constraints)
        return f"({inner})"


AnyConstraint = Constraint | LogicalConstraint


class Action(_Model):
    iri: str
    refinements: tuple[AnyConstraint, ...] = ()


class Asset(_Model):
    """An asset or AssetCollection; a refined collection names its ``source``."""

    uid: str
    is_collection: bool = False
    source: str | None = None
    refinements: tuple[AnyConstraint, ...] = ()


class Party(_Model):
    """A party or PartyCollection; a refined collection names its ``source``."""

    uid: str
    is_collection: bool = False
    source: str | None = None
    refinements: tuple[AnyConstraint, ...] = ()


class Rule(_Model):
    """One atomic rule: permission, prohibition, policy-level obligation, or a duty/remedy/consequence.

    ``duties`` are a permission's conditions, ``remedies`` a prohibition's, ``consequences`` apply when a
    duty or obligation is violated. Clause annotations let a decision cite "punkt 7.2".
    """

    kind: RuleKind
    uid: str
    policy_uid: str = ""
    action: Action
    target: Asset | None = None
    assignee: Party | None = None
    assigner: Party | None = None
    constraints: tuple[AnyConstraint, ...] = ()
    duties: tuple[Rule, ...] = ()
    remedies: tuple[Rule, ...] = ()
    consequences: tuple[Rule, ...] = ()
    clause_id: str | None = None
    clause_version: str | None = None
    clause_number: str | None = None

    @property
    def action_iri(self) -> str:
        return self.action.iri

    @property
    def target_iri(self) -> str | None:
        return self.target.uid if self.target else None

    @property
    def assignee_iri(self) -> str | None:
        return self.assignee.uid if self.assignee else None

    def short(self) -> str:
        bits = [self.kind, compact(self.action.iri)]
        if self.target:
            bits.append(f"target={compact(self.target.uid)}")
        if self.assignee:
            bits.append(f"assignee={compact(self.assignee.uid)}")
        bits.extend(c.short() for c in self.constraints)
        return " ".join(bits)


Duty = Rule


class Policy(_Model):
    """A Set / Offer / Agreement (or other policy subclass) with atomic rules."""

    uid: str
    type: str = ODRL + "Set"
    title: str | None = None
    """``dct:title``: the agreement's title, when the policy carries one."""
    profiles: tuple[str, ...] = ()
    conflict: str | None = None
    inherit_from: tuple[str, ...] = ()
    assigner: str | None = None
    assignee: str | None = None
    target: str | None = None
    permissions: tuple[Rule, ...] = ()
    prohibitions: tuple[Rule, ...] = ()
    obligations: tuple[Rule, ...] = ()
    part_of: dict[str, tuple[str, ...]] = {}
    """``odrl:partOf`` facts found in the policy graph: asset/party -> collections."""

    _compiled: object = PrivateAttr(default=None)
    """The ``CompiledPolicy`` of this policy, set by ``engine.odrl.compile`` (a cache, not data)."""

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self.permissions + self.prohibitions + self.obligations

    @property
    def type_name(self) -> str:
        return local_name(self.type)

    @property
    def uses_profile(self) -> bool:
        return AVT in self.profiles


class Request(_Model):
    """An ODRL request: who (assignee) wants to do what (action) to which asset (target), plus facts.

    ``facts`` maps a left-operand IRI to the values the request states for it (from ``eq`` / ``isAnyOf``
    constraints on the request's permission); ``units`` holds a unit given with a fact.
    """

    uid: str
    rule_uid: str | None = None
    assignee: str | None = None
    action: str
    target: str | None = None
    facts: dict[str, tuple[Term, ...]] = {}
    units: dict[str, str] = {}
    part_of: dict[str, tuple[str, ...]] = {}

    _compiled: object = PrivateAttr(default=None)
    """The ``CompiledRequest`` of this request, set by ``engine.odrl.compile`` (a cache, not data)."""


__all__ = [
    "Action",
    "AnyConstraint",
    "Asset",
    "Constraint",
    "Duty",
    "Json",
    "LogicalConstraint",
    "Party",
    "Policy",
    "Request",
    "Rule",
    "RuleKind",
    "Term",
]
