"""The ODRL side of composition: clause ``policy`` fragments → the agreement's policy (JSON-LD).

Every rule records the clause it came from (id, version, number in this agreement), so a decision
can cite "punkt 7.2". Pure: builds a compact JSON-LD dict; parsing and evaluation live in
``engine.odrl``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from engine.core.agreement import AgreementType, Metadata, Party
from engine.core.templating import evaluate_condition, evaluate_value, render_value
from engine.errors import located

if TYPE_CHECKING:
    from engine.core.compose import Plan

ODRL_CONTEXT = "http://www.w3.org/ns/odrl.jsonld"
AVT = "https://w3id.org/avtaleverk/odrl/"
PROFILE = AVT
PREFIXES = {
    "avt": AVT,
    "dpv": "https://w3id.org/dpv#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct": "http://purl.org/dc/terms/",
}
RULE_KINDS = ("permission", "prohibition", "obligation")
EACH = "@each"


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
                # {"@id": "{{ item }}", "@each": "purposes"}: one entry per answer in a list.
                template = {k: v for k, v in item.items() if k != EACH}
                for element in evaluate_value(str(item[EACH]), context, where=where) or ():
                    out.append(_render(template, {**context, "item": element}, where))
            else:
                out.append(_render(item, context, where))
        return out
    return value


def build_policy(
    agreement_type: AgreementType,
    plan: Plan,
    context: Mapping[str, Any],
    metadata: Metadata,
    parties: Sequence[Party],
    values: Mapping[str, Any],
) -> dict[str, Any] | None:
    rules: dict[str, list[dict[str, Any]]] = {k: [] for k in RULE_KINDS}
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
            rule = {
                "uid": f"urn:avtaleverk:{metadata.document_id}:{clause.id}:{i}",
                **body,
                "avt:clauseId": clause.id,
                "avt:clauseVersion": clause.version,
                "avt:clauseNumber": number,
            }
            rules[kind].append(rule)
    if not any(rules.values()):
        return None
    by_role = {p.role: p for p in parties}
    policy: dict[str, Any] = {
        "@context": [ODRL_CONTEXT, PREFIXES],
        "@type": agreement_type.policy_type,
        "uid": f"urn:avtaleverk:agreement:{metadata.document_id}",
        "profile": PROFILE,
        # A specific prohibition always wins over a general permission: "use, but not commercially".
        "conflict": "prohibit",
        "dct:title": metadata.title,
        "target": dataset_iri(values, metadata.document_id),
    }
    if "provider" in by_role:
        policy["assigner"] = party_iri(by_role["provider"])
    if agreement_type.policy_type == "Agreement" and "recipient" in by_role:
        policy["assignee"] = party_iri(by_role["recipient"])
    for kind in RULE_KINDS:
        if rules[kind]:
            policy[kind] = rules[kind]
    return policy
