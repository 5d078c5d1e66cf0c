"""The rights summary: "may / may not / must", generated from the agreement's ODRL policy.

Read from the policy, not the answers, so the summary can never say something the machine-readable
meaning does not: if a clause's policy fragment is wrong, the summary shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from engine.core.agreement import Agreement
from engine.core.formatting import format_date_text, format_money, format_number, join_list
from engine.i18n import Texts, pick, text
from engine.odrl.model import policy_from_dict
from engine.odrl.vocab import default_vocabulary

SummaryKind = Literal["may", "may_not", "must"]
#: The order the three columns are printed in, by every renderer.
SUMMARY_KINDS: tuple[SummaryKind, ...] = ("may", "may_not", "must")


class SummaryRow(BaseModel):
    """One line of the rights summary on page 1: what the recipient may, may not or must do."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: SummaryKind
    text: str
    clause_number: str | None = None


#: Phrases per "left operand.operator group"; {v} is the value(s) as a readable list.
PHRASES: Texts = {
    "purpose.in": {"nb": "til formål: {v}", "en": "for purposes: {v}"},
    "purpose.out": {"nb": "til andre formål enn {v}", "en": "for purposes other than {v}"},
    "spatial.in": {"nb": "innenfor {v}", "en": "within {v}"},
    "spatial.out": {"nb": "utenfor {v}", "en": "outside {v}"},
    "dateTime.lt": {"nb": "før {v}", "en": "before {v}"},
    "dateTime.lteq": {"nb": "til og med {v}", "en": "until {v}"},
    "dateTime.gt": {"nb": "etter {v}", "en": "after {v}"},
    "dateTime.gteq": {"nb": "fra og med {v}", "en": "from {v}"},
    "aiTrainingTier.gt": {"nb": "utover nivået «{v}»", "en": "beyond the level “{v}”"},
    "aiTrainingTier.gteq": {"nb": "på nivået «{v}» eller høyere", "en": "at the level “{v}” or above"},
    "aiTrainingTier.lteq": {"nb": "opp til nivået «{v}»", "en": "up to the level “{v}”"},
    "aiTrainingTier.lt": {"nb": "under nivået «{v}»", "en": "below the level “{v}”"},
    "aiTrainingTier.in": {"nb": "på nivået «{v}»", "en": "at the level “{v}”"},
    "aiTrainingTier.out": {"nb": "på andre nivåer enn «{v}»", "en": "at levels other than “{v}”"},
    "recipient.in": {"nb": "med {v}", "en": "with {v}"},
    "recipient.out": {"nb": "med andre enn {v}", "en": "with anyone but {v}"},
    "event.gt": {"nb": "når avtalen er slutt", "en": "when the agreement has ended"},
    "payAmount.in": {"nb": "på {v}", "en": "of {v}"},
    "or": {"nb": " eller ", "en": " or "},
    "and": {"nb": " og ", "en": " and "},
}
_GROUP = {
    "eq": "in", "isA": "in", "isPartOf": "in", "isAnyOf": "in", "isAllOf": "in", "hasPart": "in",
    "neq": "out", "isNoneOf": "out",
    "lt": "lt", "lteq": "lteq", "gt": "gt", "gteq": "gteq",
}  # fmt: skip


#: How an action reads in the summary ("may …"): verb phrases, not vocabulary labels.
ACTIONS: Texts = {
    "use": {"nb": "bruke dataene", "en": "use the data"},
    "read": {"nb": "lese og analysere dataene", "en": "read and analyse the data"},
    "reproduce": {"nb": "kopiere dataene", "en": "copy the data"},
    "distribute": {"nb": "dele dataene med andre", "en": "share the data with others"},
    "transfer": {"nb": "overdra dataene", "en": "transfer the data"},
    "sell": {"nb": "selge dataene", "en": "sell the data"},
    "give": {"nb": "gi bort dataene", "en": "give the data away"},
    "derive": {"nb": "lage avledede data", "en": "create derived data"},
    "aggregate": {"nb": "sammenstille dataene med andre data", "en": "combine the data with other data"},
    "modify": {"nb": "endre dataene", "en": "modify the data"},
    "anonymize": {"nb": "anonymisere dataene", "en": "anonymise the data"},
    "attribute": {"nb": "oppgi kilden", "en": "credit the source"},
    "compensate": {"nb": "betale vederlag", "en": "pay the fee"},
    "delete": {"nb": "slette dataene", "en": "delete the data"},
    "inform": {"nb": "informere dataleverandøren", "en": "inform the provider"},
    "archive": {"nb": "arkivere dataene", "en": "archive the data"},
    "trainModel": {"nb": "trene KI-modeller på dataene", "en": "train AI models on the data"},
    "publishModel": {"nb": "publisere modeller trent på dataene", "en": "publish models trained on the data"},
    "commercialiseModel": {"nb": "selge eller lisensiere trente modeller", "en": "sell or license trained models"},
    "commercialiseOutput": {"nb": "utnytte modellresultater kommersielt", "en": "commercialise model outputs"},
    "reidentify": {"nb": "reidentifisere personer", "en": "re-identify individuals"},
    "offerInvestment": {"nb": "tilby dataleverandøren å investere", "en": "offer the provider the right to invest"},
    "reportUse": {"nb": "rapportere bruken", "en": "report the use"},
    "nextPolicy": {"nb": "gi videre bare på de samme vilkårene", "en": "pass on only on the same terms"},
    "confirmDeletion": {"nb": "bekrefte slettingen skriftlig", "en": "confirm the deletion in writing"},
    "surveil": {"nb": "overvåke enkeltpersoner", "en": "monitor individuals"},
    "discriminate": {"nb": "forskjellsbehandle på usaklig grunnlag", "en": "discriminate unfairly"},
    "buildCompetingDataset": {"nb": "bygge et konkurrerende datasett", "en": "build a competing dataset"},
    "shareRevenue": {"nb": "betale en andel av inntektene", "en": "pay a share of the revenue"},
    "payRevenueShare": {"nb": "betale inntektsandel", "en": "pay the revenue share"},
    # "distribute" with a recipient constraint: "share the data with anyone but …".
    "distribute.with": {"nb": "dele dataene", "en": "share the data"},
}


def _action(iri: str, vocab: Any, lang: str) -> str:
    name = _local(iri)
    if name in ACTIONS:
        return pick(ACTIONS[name], lang)
    return str(vocab.label(iri, lang))


def _value(term: Any, vocab: Any, lang: str, *, money: bool = False) -> str:
    if term.is_iri:
        return str(vocab.label(term.value, lang))
    kind = (term.datatype or "").rsplit("#", 1)[-1]
    try:
        if kind in ("date", "dateTime"):
            return format_date_text(term.value[:10], lang)
        if money:
            return format_money(term.value, lang)
        if kind in ("decimal", "integer", "double", "float"):
            return format_number(term.value, lang)
    except ValueError:
        pass
    return str(term.value)


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _phrase(constraint: Any, vocab: Any, lang: str) -> str:
    if constraint.is_logical:
        joiner = text(PHRASES, "or" if _local(constraint.operator) in ("or", "xone") else "and", lang)
        return "(" + joiner.join(_phrase(c, vocab, lang) for c in constraint.constraints) + ")"
    left = _local(constraint.left_operand)
    op = _local(constraint.operator)
    values = [_value(t, vocab, lang, money=left == "payAmount") for t in constraint.right_operand]
    if left == "purpose":  # purposes read as common nouns inside a sentence
        values = [v[:1].lower() + v[1:] if v[1:2].islower() else v for v in values]
    shown = join_list(values, lang) or str(constraint.right_operand_reference or "")
    key = f"{left}.{_GROUP.get(op, op)}"
    if key in PHRASES:
        return text(PHRASES, key, lang, v=shown)
    return f"{vocab.label(constraint.left_operand, lang)} {op} {shown}"


def _rule_text(rule: Any, vocab: Any, lang: str) -> str:
    verb = _action(rule.action.iri, vocab, lang)
    if _local(rule.action.iri) == "distribute" and any(
        not c.is_logical and _local(c.left_operand) == "recipient" for c in rule.constraints
    ):
        verb = text(ACTIONS, "distribute.with", lang)  # "… with anyone but …"
    extra = [_phrase(c, vocab, lang) for c in (*rule.action.refinements, *rule.constraints)]
    return f"{verb} {', '.join(extra)}" if extra else verb


def rights_summary(agreement: Agreement, lang: str | None = None) -> list[SummaryRow]:
    """may / may not / must rows, each citing the clause its rule came from."""
    if agreement.policy is None:
        return []
    language = lang or agreement.metadata.language
    vocab = default_vocabulary()
    texts: dict[tuple[SummaryKind, str | None], list[str]] = {}

    def add(kind: SummaryKind, rule: Any, number: str | None) -> None:
        said = _rule_text(rule, vocab, language)
        bucket = texts.setdefault((kind, number), [])
        if said not in bucket:
            bucket.append(said)

    for policy in policy_from_dict(agreement.policy):
        for rule in policy.permissions:
            add("may", rule, rule.clause_number)
            for duty in rule.duties:
                add("must", duty, duty.clause_number or rule.clause_number)
        for rule in policy.prohibitions:
            add("may_not", rule, rule.clause_number)
        for rule in policy.obligations:
            add("must", rule, rule.clause_number)
    # One row per clause and kind keeps the table short enough for page 1.
    rows = [
        SummaryRow(kind=kind, text=_sentence(items), clause_number=number)
        for (kind, number), items in texts.items()
    ]
    return sorted(rows, key=lambda r: (SUMMARY_KINDS.index(r.kind), _number_key(r.clause_number)))


def _sentence(items: list[str]) -> str:
    joined = "; ".join(items)
    return joined[:1].upper() + joined[1:]


def _number_key(number: str | None) -> Sequence[int]:
    if not number:
        return (9999,)
    return tuple(int(p) if p.isdigit() else 0 for p in number.split("."))
