"""The ODRL side of composition: clause ``policy`` fragments → the agreement's ``Policy``.

Every rule records the clause it came from (id, version, number in this agreement), so a decision
can cite "punkt 7.2". The fragments are our compact JSON-LD (rendered with the answers); they are read
into an ``engine.odrl.model.Policy`` — checked like any policy, so a wrong fragment fails here, located
at its clause — and the agreement stores ``policy_to_jsonld(policy)``: the same bytes the fragments
describe, hashed with the agreement and embedded in its PDF. Pure: no RDF library.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from engine.core.agreement import AgreementType, ClauseTemplate, Metadata, Party
from engine.core.plan import Plan
from engine.core.templating import evaluate_condition, evaluate_value, render_value
from engine.errors import PolicyError, located
from engine.odrl.model import CONTEXT, Policy, policy_from_dict, policy_to_jsonld
from engine.odrl.vocab import PROFILE_IRI, RULE_KINDS

EACH = "@each"
"""In a fragment list, ``{"@id": "{{ item }}", "@each": "purposes"}`` gives one entry per answer."""


def party_iri(party: Party | Mapping[str, Any]) -> str:
    """A party's IRI: its entry in the Brønnøysund Register of Legal Entities."""
    orgnr = party.orgnr if isinstance(party, Party) else party.get("orgnr")
    return f"https://data.brreg.no/enhetsregisteret/api/enheter/{orgnr}"


def dataset_iri(values: Mapping[str, Any], document_id: str) -> str:
    return str(values.get("dataset_iri") or f"urn:avtaleverk:dataset:{document_id}")


def _render(value: Any, context: Mapping[str, Any], where: str) -> Any:
    if isinstance(value, str):
        return render_value(value, context, where=where)
    if isinstance(value, Mapping):
        return {k: _render(v, context, where) for k, v in value.items()}
    if isinstance(value, list | tuple):
        out: list[Any] = []
        for item in value:
            if isinstance(item, Mapping) and EACH in item:
                template = {k: v for k, v in item.items() if k != EACH}
                for element in evaluate_value(str(item[EACH]), context, where=where) or ():
                    out.append(_render(template, {**context, "item": element}, where))
            else:
                out.append(_render(item, context, where))
        return out
    return value


Origin = tuple[ClauseTemplate, int]
"""The clause a rule came from and the number of its fragment (1-based)."""


def _read(doc: dict[str, Any], origins: Mapping[str, list[Origin]]) -> Policy:
    """The document as a Policy; a problem is located at the clause whose fragment caused it."""
    try:
        [policy] = policy_from_dict(doc)
        return policy
    except PolicyError as whole:
        header = {k: v for k, v in doc.items() if k not in RULE_KINDS}
        for kind in RULE_KINDS:
            for rule, (clause, i) in zip(doc.get(kind, ()), origins[kind], strict=True):
                with located(clause.id, "policy", i - 1, source=clause.source):
                    policy_from_dict({**header, kind: [rule]})
        raise whole


def compose_policy(
    agreement_type: AgreementType,
    plan: Plan,
    context: Mapping[str, Any],
    metadata: Metadata,
    parties: Sequence[Party],
    values: Mapping[str, Any],
) -> Policy | None:
    """The agreement's ODRL policy, or None when no planned clause carries an ODRL meaning.

    The planned clauses' fragments make one compact JSON-LD document, read like any policy.
    """
    rules: dict[str, list[dict[str, Any]]] = {k: [] for k in RULE_KINDS}
    origins: dict[str, list[Origin]] = {k: [] for k in RULE_KINDS}
    ordered = [(n, c) for _, _, cs in plan.sections for n, c in cs] + plan.annexes
    for number, clause in ordered:
        for i, fragment in enumerate(clause.policy, start=1):
            where = f"clause '{clause.id}' policy item {i}"
            with located(clause.id, "policy", i - 1, source=clause.source):
                condition = fragment.get("if")
                if condition is not None and not evaluate_condition(str(condition), context, where=where):
                    continue
                kind = next(k for k in RULE_KINDS if k in fragment)
                body = _render(fragment[kind], context, where)
            rules[kind].append(
                {
                    "uid": f"urn:avtaleverk:{metadata.document_id}:{clause.id}:{i}",
                    **body,
                    "avt:clauseId": clause.id,
                    "avt:clauseVersion": clause.version,
                    "avt:clauseNumber": number,
                }
            )
            origins[kind].append((clause, i))
    if not any(rules.values()):
        return None
    by_role = {p.role: p for p in parties}
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": agreement_type.policy_type,
        "uid": f"urn:avtaleverk:agreement:{metadata.document_id}",
        "profile": PROFILE_IRI,
        # A specific prohibition always wins over a general permission: "use, but not commercially".
        "conflict": "prohibit",
        "dct:title": metadata.title,
        "target": dataset_iri(values, metadata.document_id),
    }
    if "provider" in by_role:
        doc["assigner"] = party_iri(by_role["provider"])
    if agreement_type.policy_type == "Agreement" and "recipient" in by_role:
        doc["assignee"] = party_iri(by_role["recipient"])
    for kind in RULE_KINDS:
        if rules[kind]:
            doc[kind] = rules[kind]
    return _read(doc, origins)


def build_policy(
    agreement_type: AgreementType,
    plan: Plan,
    context: Mapping[str, Any],
    metadata: Metadata,
    parties: Sequence[Party],
    values: Mapping[str, Any],
) -> dict[str, Any] | None:
    """The agreement's policy in our compact JSON-LD (what ``Agreement.policy`` holds), or None."""
    policy = compose_policy(agreement_type, plan, context, metadata, parties, values)
    return None if policy is None else policy_to_jsonld(policy)
