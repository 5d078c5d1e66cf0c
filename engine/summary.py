"""The rights summary: "may / may not / must", generated from the agreement's ODRL policy.

Read from the policy, not the answers, so the summary can never say something the machine-readable
meaning does not: if a clause's policy fragment is wrong, the summary shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from engine.agreement import Agreement
from engine.render.html import SummaryRow
from engine.templating import format_date_text, format_money, format_number

_OPS = {
    "nb": {
        "purpose": "til formål: {v}",
        "spatial": "innenfor {v}",
        "dateTime<": "til og med {v}",
        "dateTime>": "fra {v}",
        "tier": "KI-bruk: {v}",
        "payAmount": "{v}",
        "recipient": "til {v}",
        "or": " eller ",
        "and": " og ",
        "not": "ikke ",
    },
    "en": {
        "purpose": "for purposes: {v}",
        "spatial": "within {v}",
        "dateTime<": "until {v}",
        "dateTime>": "from {v}",
        "tier": "AI use: {v}",
        "payAmount": "{v}",
        "recipient": "to {v}",
        "or": " or ",
        "and": " and ",
        "not": "not ",
    },
}


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
    "payRevenueShare": ("betale inntektsandel", "pay the revenue share"),
}


def _action(iri: str, vocab: Any, lang: str) -> str:
    name = iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    pair = _ACTIONS.get(name)
    if pair is not None:
        return pair[1] if lang == "en" else pair[0]
    return str(vocab.label(iri, lang))


def _words(lang: str) -> dict[str, str]:
    return _OPS["en" if lang == "en" else "nb"]


def _value(term: Any, vocab: Any, lang: str, *, money: bool = False) -> str:
    if term.is_iri:
        return str(vocab.label(term.value, lang))
    dt_ = (term.datatype or "").rsplit("#", 1)[-1]
    if dt_ in ("date", "dateTime"):
        try:
            return format_date_text(term.value[:10], lang)
        except ValueError:
            return str(term.value)
    if money:
        try:
            return format_money(term.value, lang)
        except ValueError:
            return str(term.value)
    if dt_ in ("decimal", "integer", "double", "float"):
        try:
            return format_number(term.value, lang)
        except ValueError:
            return str(term.value)
    return str(term.value)


def _phrase(constraint: Any, vocab: Any, lang: str) -> str:
    w = _words(lang)
    if constraint.is_logical:
        op = constraint.operator.rsplit("/", 1)[-1]
        joiner = w["or"] if op in ("or", "xone") else w["and"]
        return "(" + joiner.join(_phrase(c, vocab, lang) for c in constraint.constraints) + ")"
    left = constraint.left_operand.rsplit("/", 1)[-1]
    op = constraint.operator.rsplit("/", 1)[-1]
    negated = op in ("neq", "isNoneOf")
    values = ", ".join(
        _value(t, vocab, lang, money=left == "payAmount") for t in constraint.right_operand
    ) or str(constraint.right_operand_reference or "")
    prefix = w["not"] if negated else ""
    if left == "purpose":
        return prefix + w["purpose"].format(v=values)
    if left == "spatial":
        return prefix + w["spatial"].format(v=values)
    if left == "dateTime":
        key = "dateTime<" if op in ("lt", "lteq") else "dateTime>"
        return w[key].format(v=values)
    if left == "aiTrainingTier":
        return prefix + w["tier"].format(v=values)
    if left == "payAmount":
        return w["payAmount"].format(v=values)
    if left == "recipient":
        return prefix + w["recipient"].format(v=values)
    return f"{vocab.label(constraint.left_operand, lang)} {op} {values}"


def _rule_text(rule: Any, vocab: Any, lang: str) -> str:
    text = _action(rule.action.iri, vocab, lang)
    text = text[:1].upper() + text[1:]
    extra = [_phrase(c, vocab, lang) for c in (*rule.action.refinements, *rule.constraints)]
    return f"{text} {', '.join(extra)}".strip() if extra else text


def rights_summary(agreement: Agreement, lang: str | None = None) -> list[SummaryRow]:
    """may / may not / must rows, each citing the clause its rule came from."""
    if agreement.policy is None:
        return []
    from engine.odrl import default_vocabulary, policy_from_dict

    language = lang or agreement.metadata.language
    vocab = default_vocabulary()
    rows: list[SummaryRow] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, rule: Any, number: str | None) -> None:
        text = _rule_text(rule, vocab, language)
        if (kind, text) in seen:
            return
        seen.add((kind, text))
        rows.append(SummaryRow(kind=kind, text=text, clause_number=number))  # type: ignore[arg-type]

    for policy in policy_from_dict(agreement.policy):
        for rule in policy.permissions:
            add("may", rule, rule.clause_number)
            for duty in rule.duties:
                add("must", duty, duty.clause_number or rule.clause_number)
        for rule in policy.prohibitions:
            add("may_not", rule, rule.clause_number)
        for rule in policy.obligations:
            add("must", rule, rule.clause_number)
    order = {"may": 0, "may_not": 1, "must": 2}
    return sorted(rows, key=lambda r: (order[r.kind], _number_key(r.clause_number)))


def _number_key(number: str | None) -> Sequence[int]:
    if not number:
        return (9999,)
    return tuple(int(p) if p.isdigit() else 0 for p in number.split("."))
