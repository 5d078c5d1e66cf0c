"""What an agreement means for the recipient, for display: the rights summary and the fairness flags.

The summary (may / may not / must, each citing its clause) is read from the agreement's ODRL policy, so
it never says what the machine-readable meaning does not; the flags are the EU Data Act Art. 13 check.
The renderers print the same rows (:mod:`engine.services.documents` hands them over).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from engine.core.agreement import Agreement, AgreementType
from engine.core.fairness import FairnessFlag, check_fairness
from engine.core.summary import SUMMARY_KINDS, SummaryKind, SummaryRow
from engine.core.summary import rights_summary as _rows
from engine.i18n import Texts, pick, text

__all__ = [
    "KINDS",
    "TEXTS",
    "FlagView",
    "SummaryGroup",
    "SummaryRow",
    "fairness_flags",
    "fairness_view",
    "rights_summary",
    "summary_groups",
]

KINDS = SUMMARY_KINDS


def rights_summary(agreement: Agreement, lang: str | None = None) -> list[SummaryRow]:
    """may / may not / must rows in ``lang`` (default: the agreement's language); [] without a policy."""
    return list(_rows(agreement, lang))


@dataclass(frozen=True)
class SummaryGroup:
    kind: SummaryKind
    rows: tuple[SummaryRow, ...]


def summary_groups(agreement: Agreement, lang: str) -> tuple[SummaryGroup, ...]:
    """The summary in three groups, in the order may, may not, must (a group may be empty)."""
    rows = rights_summary(agreement, lang)
    return tuple(SummaryGroup(kind, tuple(r for r in rows if r.kind == kind)) for kind in KINDS)


def fairness_flags(agreement: Agreement) -> list[FairnessFlag]:
    """Terms that are unfair (red) or presumed unfair (amber) under EU Data Act Art. 13."""
    return list(check_fairness(agreement))


@dataclass(frozen=True)
class FlagView:
    """A flag as a reader sees it: «Urimelig · punkt 16.2 · gjelder svaret «Ansvarsgrense»», and why."""

    level: Literal["red", "amber"]
    badge: str
    where: str
    reason: str


def fairness_view(agreement: Agreement, agreement_type: AgreementType, lang: str) -> tuple[FlagView, ...]:
    """The fairness flags worded in ``lang``, each naming its clause and the answer it is about."""
    out = []
    for flag in fairness_flags(agreement):
        where = text(TEXTS, "flag.clause", lang, number=flag.clause_number or "")
        question = agreement_type.question(flag.answer)
        if question is not None:
            where += text(TEXTS, "flag.answer", lang, label=pick(question.label, lang))
        out.append(FlagView(flag.level, text(TEXTS, f"flag.{flag.level}", lang), where, pick(flag.reason, lang)))
    return tuple(out)


TEXTS: Texts = {
    "flag.red": {"nb": "Urimelig", "en": "Unfair"},
    "flag.amber": {"nb": "Antatt urimelig", "en": "Presumed unfair"},
    "flag.clause": {"nb": "punkt {number}", "en": "clause {number}"},
    "flag.answer": {"nb": " · gjelder svaret «{label}»", "en": " · about the answer «{label}»"},
}
