"""The rights summary: "may / may not / must", generated from the agreement's ODRL policy.

Read from the policy, not the answers, so the summary can never say something the machine-readable
meaning does not: if a clause's policy fragment is wrong, the summary shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from engine.core.agreement import Agreement
from engine.core.templating import format_date_text, format_money, format_number, join_list
from engine.odrl.model import policy_from_dict
from engine.odrl.vocab import default_vocabulary
from engine.render.html import SummaryRow

#: Phrases per (left operand, operator group); {v} is the value(s) as a readable list.
_PHRASES = {
    "nb": {
        ("purpose", "in"): "til formål: {v}",
        ("purpose", "out"): "til andre formål enn {v}",
        ("spatial", "in"): "innenfor {v}",
        ("spatial", "out"): "utenfor {v}",
        ("dateTime", "lt"): "før {v}",
        ("dateTime", "lteq"): "til og med {v}",
        ("dateTime", "gt"): "etter {v}",
        ("dateTime", "gteq"): "fra og med {v}",
        ("aiTrainingTier", "gt"): "utover nivået «{v}»",
        ("aiTrainingTier", "gteq"): "på nivået «{v}» eller høyere",
        ("aiTrainingTier", "lteq"): "opp til nivået «{v}»",
        ("aiTrainingTier", "lt"): "under nivået «{v}»",
        ("aiTrainingTier", "in"): "på nivået «{v}»",
        ("aiTrainingTier", "out"): "på andre nivåer enn «{v}»",
        ("recipient", "in"): "med {v}",
        ("recipient", "out"): "med andre enn {v}",
        ("event", "gt"): "når avtalen er slutt",
        ("payAmount", "in"): "på {v}",
        "or": " eller ",
        "and": " og ",
    },
    "en": {
        ("purpose", "in"): "for purposes: {v}",
        ("purpose", "out"): "for purposes other than {v}",
        ("spatial", "in"): "within {v}",
        ("spatial", "out"): "outside {v}",
        ("dateTime", "lt"): "before {v}",
        ("dateTime", "lteq"): "until {v}",
        ("dateTime", "gt"): "after {v}",
        ("dateTime", "gteq"): "from {v}",
        ("aiTrainingTier", "gt"): "beyond the level “{v}”",
        ("aiTrainingTier", "gteq"): "at the level “{v}” or above",
        ("aiTrainingTier", "lteq"): "up to the level “{v}”",
        ("aiTrainingTier", "lt"): "below the level “{v}”",
        ("aiTrainingTier", "in"): "at the level “{v}”",
        ("aiTrainingTier", "out"): "at levels other than “{v}”",
        ("recipient", "in"): "with {v}",
        ("recipient", "out"): "with anyone but {v}",
        ("event", "gt"): "when the agreement has ended",
        ("payAmount", "in"): "of {v}",
        "or": " or ",
        "and": " and ",
    },
}
_GROUP = {
    "eq": "in", "isA": "in", "isPartOf": "in", "isAnyOf": "in", "isAllOf": "in", "hasPart": "in",
    "neq": "out", "isNoneOf": "out",
    "lt": "lt", "lteq": "lteq", "gt": "gt", "gteq": "gteq",
}  # fmt: skip


#: How an action reads in the summary ("may …"): verb phrases, not vocabulary labels.
_ACTIONS = {
    "use": ("bruke dataene", "use the data"),
    "read": ("lese og analysere dataene", "read and analyse the data"),
    "reproduce": ("kopiere dataene", "copy the data"),
    "distribute": ("dele dataene med andre", "share the data with others"),
    "transfer": ("overdra dataene", "transfer the data"),
    "sell": ("selge dataene", "sell the data"),
    "give": ("gi bort dataene", "give the data away"),
    "derive": ("lage avledede data", "create derived data"),
    "aggregate": ("sammenstille dataene med andre data", "combine the data with other data"),
    "modify": ("endre dataene", "modify the data"),
    "anonymize": ("anonymisere dataene", "anonymise the data"),
    "attribute": ("oppgi kilden", "credit the source"),
    "compensate": ("betale vederlag", "pay the fee"),
    "delete": ("slette dataene", "delete the data"),
    "inform": ("informere dataleverandøren", "inform the provider"),
    "archive": ("arkivere dataene", "archive the data"),
    "trainModel": ("trene KI-modeller på dataene", "train AI models on the data"),
    "publishModel": ("publisere modeller trent på dataene", "publish models trained on the data"),
    "commercialiseModel": ("selge eller lisensiere trente modeller", "sell or license trained models"),
    "commercialiseOutput": ("utnytte modellresultater kommersielt", "commercialise model outputs"),
    "reidentify": ("reidentifisere personer", "re-identify individuals"),
    "offerInvestment": (
        "tilby dataleverandøren å investere",
        "offer the provider the right to invest",
    ),
    "reportUse": ("rapportere bruken", "report the use"),
    "nextPolicy": ("gi videre bare på de samme vilkårene", "pass on only on the same terms"),
    "confirmDeletion": ("bekrefte slettingen skriftlig", "confirm the deletion in writing"),
    "surveil": ("overvåke enkeltpersoner", "monitor individuals"),
    "discriminate": ("forskjellsbehandle på usaklig grunnlag", "discriminate unfairly"),
    "buildCompetingDataset": ("bygge et konkurrerende datasett", "build a competing dataset"),
    "shareRevenue": ("betale en andel av inntektene", "pay a share of the revenue"),
    "payRevenueShare": ("betale inntektsandel", "pay the revenue share"),
}


def _action(iri: str, vocab: Any, lang: str) -> str:
    name = iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    pair = _ACTIONS.get(name)
    if pair is not None:
        return pair[1] if lang == "en" else pair[0]
    return str(vocab.label(iri, lang))


def _words(lang: str) -> dict[Any, str]:
    return _PHRASES["en" if lang == "en" else "nb"]


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
    w = _words(lang)
    if constraint.is_logical:
        joiner = w["or"] if _local(constraint.operator) in ("or", "xone") else w["and"]
        return "(" + joiner.join(_phrase(c, vocab, lang) for c in constraint.constraints) + ")"
    left = _local(constraint.left_operand)
    op = _local(constraint.operator)
    values = [_value(t, vocab, lang, money=left == "payAmount") for t in constraint.right_operand]
    if left == "purpose":  # purposes read as common nouns inside a sentence
        values = [v[:1].lower() + v[1:] if v[1:2].islower() else v for v in values]
    shown = join_list(values, lang) or str(constraint.right_operand_reference or "")
    template = w.get((left, _GROUP.get(op, op)))
    if template is not None:
        return template.format(v=shown)
    return f"{vocab.label(constraint.left_operand, lang)} {op} {shown}"


def _rule_text(rule: Any, vocab: Any, lang: str) -> str:
    text = _action(rule.action.iri, vocab, lang)
    if _local(rule.action.iri) == "distribute" and any(
        not c.is_logical and _local(c.left_operand) == "recipient" for c in rule.constraints
    ):
        text = "share the data" if lang == "en" else "dele dataene"  # "… with anyone but …"
    extra = [_phrase(c, vocab, lang) for c in (*rule.action.refinements, *rule.constraints)]
    return f"{text} {', '.join(extra)}" if extra else text


def rights_summary(agreement: Agreement, lang: str | None = None) -> list[SummaryRow]:
    """may / may not / must rows, each citing the clause its rule came from."""
    if agreement.policy is None:
        return []
    language = lang or agreement.metadata.language
    vocab = default_vocabulary()
    texts: dict[tuple[str, str | None], list[str]] = {}

    def add(kind: str, rule: Any, number: str | None) -> None:
        text = _rule_text(rule, vocab, language)
        bucket = texts.setdefault((kind, number), [])
        if text not in bucket:
            bucket.append(text)

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
        SummaryRow(kind=kind, text=_sentence(items), clause_number=number)  # type: ignore[arg-type]
        for (kind, number), items in texts.items()
    ]
    order = {"may": 0, "may_not": 1, "must": 2}
    return sorted(rows, key=lambda r: (order[r.kind], _number_key(r.clause_number)))


def _sentence(items: list[str]) -> str:
    text = "; ".join(items)
    return text[:1].upper() + text[1:]


def _number_key(number: str | None) -> Sequence[int]:
    if not number:
        return (9999,)
    return tuple(int(p) if p.isdigit() else 0 for p in number.split("."))
