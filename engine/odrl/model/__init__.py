"""The ODRL 2.2 information model in atomic form, and its one serialized form (our compact JSON-LD).

    types     pydantic classes: Term, Constraint, LogicalConstraint, Action, Asset, Party, Rule, Policy, Request
    triples   plain RDF triples (``Triples``, ``Lit``): what any parser hands the reader
    reader    triples -> atomic policies and requests, with every structural problem located
    expand    our compact JSON-LD -> plain triples (a small, exact subset of JSON-LD)
    jsonld    our compact JSON-LD <-> the model, losslessly and without an RDF library

This package is what ``engine.core`` may use of ODRL (with ``engine.odrl.vocab``): the composer builds a
``Policy`` and stores ``policy_to_jsonld(policy)``; the rights summary reads it back with
``policy_from_dict``. Import from the package, not from its submodules.
"""

from __future__ import annotations

from engine.odrl.model.jsonld import CONTEXT, policy_from_dict, policy_to_jsonld
from engine.odrl.model.reader import read_policies, read_request
from engine.odrl.model.triples import Lit, Triples
from engine.odrl.model.types import (
    Action,
    AnyConstraint,
    Asset,
    Constraint,
    Duty,
    Json,
    LogicalConstraint,
    Party,
    Policy,
    Request,
    Rule,
    RuleKind,
    Term,
)

__all__ = [
    "CONTEXT",
    "Action",
    "AnyConstraint",
    "Asset",
    "Constraint",
    "Duty",
    "Json",
    "Lit",
    "LogicalConstraint",
    "Party",
    "Policy",
    "Request",
    "Rule",
    "RuleKind",
    "Term",
    "Triples",
    "policy_from_dict",
    "policy_to_jsonld",
    "read_policies",
    "read_request",
]
