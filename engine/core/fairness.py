"""Fairness check: terms the answers made that EU Data Act Art. 13 treats as unfair.

Art. 13 covers terms on data access and use, and on liability and remedies, that one enterprise imposed
on another. A term is *always* unfair (red) if it excludes or limits liability for intent or gross
negligence, excludes remedies or liability for non-performance, or gives the imposing party the exclusive
right to decide whether the data conforms. A term is *presumed* unfair (amber) if it inappropriately
limits remedies or liability, takes away the other party's data (what it contributed or generated), makes
termination too hard or too quick, or lets the price change without a right to terminate.

The clause library never writes a red term by default (the liability clause never caps intent or gross
negligence), but some answers can still make one; the defaults make none. A flag is advice to the
parties: Art. 13 only bites when the term was imposed, not negotiated.

Pure: reads ``agreement.answers`` and ``agreement.numbering()``. The reasons are an :mod:`engine.i18n`
table keyed by flag code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from engine.core.agreement import Agreement
from engine.i18n import LANGS, I18n, Texts, text

#: A fixed term longer than this without any right to terminate for convenience is presumed too long.
MAX_FIXED_YEARS = 5
#: Notice for termination shorter than this many months is presumed unreasonably short.
MIN_NOTICE_MONTHS = 1
#: A third-party audit announced fewer days ahead than this reaches into the other party's business.
MIN_AUDIT_NOTICE_DAYS = 10

_PERIODS_PER_YEAR = {"month": 12, "quarter": 4, "year": 1}


Level = Literal["red", "amber"]


class FairnessFlag(BaseModel):
    """One term that is unfair (red) or presumed unfair (amber) under EU Data Act Art. 13."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    level: Level
    code: str
    clause_id: str
    clause_number: str | None
    reason: I18n
    answer: str
    value: Any = None


Finding = tuple[Level, str, str, str]
Check = Callable[[Mapping[str, Any]], Iterator[Finding]]
"""A check yields (level, code, clause id, answer id); the reason is ``REASONS[code]``."""

#: Why each flag is raised, in words the parties can act on ({years}, {days}: the limits above).
REASONS: Texts = {
    "liability-excluded": {
        "nb": "Et ansvarstak på kr 0 utelukker i praksis ansvaret for mislighold. Det er alltid urimelig "
        "etter EUs dataforordning artikkel 13 når vilkåret er påtvunget. Sett et beløp som står i "
        "forhold til risikoen.",
        "en": "A liability cap of NOK 0 in practice excludes liability for non-performance. That is always "
        "unfair under the EU Data Act Article 13 when the term was imposed. Set an amount that matches "
        "the risk.",
    },
    "liability-cap-below-fees": {
        "nb": "Ansvarstaket er lavere enn det Mottakeren betaler på ett år. Et så lavt tak kan "
        "begrense retten til erstatning på en urimelig måte (EUs dataforordning artikkel 13).",
        "en": "The liability cap is lower than what the Recipient pays in one year. A cap that low "
        "may limit the right to damages inappropriately (EU Data Act Article 13).",
    },
    "liability-one-sided": {
        "nb": "Taket beskytter bare Dataleverandøren, mens Mottakerens ansvar er ubegrenset. Det er "
        "presumptivt urimelig etter EUs dataforordning artikkel 13. La taket gjelde begge parter.",
        "en": "The cap protects only the Provider, while the Recipient's liability is unlimited. That is "
        "presumed unfair under the EU Data Act Article 13. Let the cap apply to both parties.",
    },
    "conformity-unilateral": {
        "nb": "Dataleverandøren avgjør alene om dataene er i samsvar med avtalen. Det er alltid urimelig "
        "etter EUs dataforordning artikkel 13 når vilkåret er påtvunget. La uenighet gå til "
        "tvisteløsning.",
        "en": "The Provider alone decides whether the data conforms to the agreement. That is always "
        "unfair under the EU Data Act Article 13 when the term was imposed. Let disagreements go to "
        "dispute resolution.",
    },
    "notice-too-short": {
        "nb": "Avtalen kan sies opp med kortere varsel enn én måned. En urimelig kort oppsigelsesfrist "
        "er presumptivt urimelig etter EUs dataforordning artikkel 13.",
        "en": "The agreement can be terminated with less than one month's notice. An unreasonably short "
        "notice period is presumed unfair under the EU Data Act Article 13.",
    },
    "term-too-long": {
        "nb": "Avtalen er bundet i mer enn {years} år uten rett til å si den opp. Et "
        "vilkår som hindrer oppsigelse innen rimelig tid, er presumptivt urimelig etter EUs "
        "dataforordning artikkel 13.",
        "en": "The agreement binds the parties for more than {years} years without a right "
        "to terminate. A term that prevents termination within a reasonable period is presumed "
        "unfair under the EU Data Act Article 13.",
    },
    "price-change-unilateral": {
        "nb": "Dataleverandøren kan endre prisen ensidig uten at Mottakeren kan si opp. Det er "
        "presumptivt urimelig etter EUs dataforordning artikkel 13. Velg varsel med rett til å si opp.",
        "en": "The Provider may change the price unilaterally without the Recipient being able to "
        "terminate. That is presumed unfair under the EU Data Act Article 13. Choose notice with a "
        "right to terminate.",
    },
    "results-taken": {
        "nb": "Dataleverandøren eier Resultatene, så Mottakeren mister data den selv har skapt når "
        "avtalen slutter. Det er presumptivt urimelig etter EUs dataforordning artikkel 13.",
        "en": "The Provider owns the Results, so the Recipient loses data it created itself when the "
        "agreement ends. That is presumed unfair under the EU Data Act Article 13.",
    },
    "results-deleted": {
        "nb": "Mottakeren må slette Resultatene når avtalen slutter, og får ikke beholde en kopi av data "
        "den selv har skapt. Det er presumptivt urimelig etter EUs dataforordning artikkel 13.",
        "en": "The Recipient must delete the Results when the agreement ends and may not keep a copy of "
        "data it created itself. That is presumed unfair under the EU Data Act Article 13.",
    },
    "audit-short-notice": {
        "nb": "Revisjon med under {days} dagers varsel gir Dataleverandøren tilgang til "
        "Mottakerens virksomhet og forretningshemmeligheter nesten uten forvarsel. Det kan være "
        "presumptivt urimelig etter EUs dataforordning artikkel 13.",
        "en": "An audit with less than {days} days' notice gives the Provider access to "
        "the Recipient's business and trade secrets almost without warning. That may be presumed "
        "unfair under the EU Data Act Article 13.",
    },
}


def _number(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def _yearly_fees(a: Mapping[str, Any]) -> Decimal | None:
    """What the Recipient pays in a year, when the answers say it; None when they do not."""
    total = Decimal(0)
    known = False
    fee = _number(a.get("fee_amount"))
    model = a.get("fee_model")
    if fee is not None and model in ("fixed", "cost_based"):
        total += fee
        known = True
    elif fee is not None and model == "subscription":
        total += fee * _PERIODS_PER_YEAR.get(str(a.get("fee_period")), 1)
        known = True
    commercial = _number(a.get("commercial_fee"))
    if a.get("commercial_use") == "allowed_for_fee" and commercial is not None:
        total += commercial
        known = True
    return total if known else None


# --------------------------------------------------------------------------- checks


def _liability(a: Mapping[str, Any]) -> Iterator[Finding]:
    cap = a.get("liability_cap")
    if cap in (None, "none"):
        return
    amount = _number(a.get("liability_cap_amount"))
    no_fees = a.get("fee_model") in (None, "free", "data_in_return") and a.get("commercial_use") != "allowed_for_fee"
    if amount is not None and amount == 0 and (cap == "fixed_amount" or no_fees):
        yield "red", "liability-excluded", "liability", "liability_cap_amount"
    elif cap == "fixed_amount" and amount is not None:
        fees = _yearly_fees(a)
        if fees is not None and amount < fees:
            yield "amber", "liability-cap-below-fees", "liability", "liability_cap_amount"
    if a.get("liability_scope") == "provider_only":
        yield "amber", "liability-one-sided", "liability", "liability_scope"


def _conformity(a: Mapping[str, Any]) -> Iterator[Finding]:
    if a.get("conformity_decision") == "provider_decides":
        yield "red", "conformity-unilateral", "quality", "conformity_decision"


def _termination(a: Mapping[str, Any]) -> Iterator[Finding]:
    term_type = a.get("term_type")
    notice = _number(a.get("notice_months"))
    if term_type == "until_notice" and notice is not None and notice < MIN_NOTICE_MONTHS:
        yield "amber", "notice-too-short", "term", "notice_months"
    start, end = _date(a.get("start_date")), _date(a.get("end_date"))
    if term_type == "fixed" and start and end:
        try:
            limit = start.replace(year=start.year + MAX_FIXED_YEARS)
        except ValueError:  # 29 February
            limit = start.replace(year=start.year + MAX_FIXED_YEARS, day=28)
        if end > limit:
            yield "amber", "term-too-long", "term", "end_date"


def _price(a: Mapping[str, Any]) -> Iterator[Finding]:
    if a.get("price_change") == "unilateral":
        yield "amber", "price-change-unilateral", "fees", "price_change"


def _generated_data(a: Mapping[str, Any]) -> Iterator[Finding]:
    if a.get("results_owner") == "provider_owns":
        yield "amber", "results-taken", "ip_results", "results_owner"
    if a.get("results_at_termination") == "delete":
        yield "amber", "results-deleted", "effects_of_termination", "results_at_termination"


def _audit(a: Mapping[str, Any]) -> Iterator[Finding]:
    days = _number(a.get("audit_notice_days"))
    if a.get("audit") == "third_party_audit" and days is not None and days < MIN_AUDIT_NOTICE_DAYS:
        yield "amber", "audit-short-notice", "audit", "audit_notice_days"


CHECKS: tuple[Check, ...] = (_liability, _conformity, _termination, _price, _generated_data, _audit)

#: Clause ids that play the same part in another agreement type (the licence has its own term clause).
_ALTERNATIVES = {"term": ("term", "licence_term")}


def reason(code: str) -> I18n:
    """The reason for flag ``code`` in every language, with the limits filled in."""
    limits = {"years": MAX_FIXED_YEARS, "days": MIN_AUDIT_NOTICE_DAYS}
    return {lang: text(REASONS, code, lang, **limits) for lang in LANGS}


def check_fairness(agreement: Agreement) -> list[FairnessFlag]:
    """Every red or amber flag the agreement's answers raise, red first, in clause order."""
    answers = agreement.answers
    numbers = agreement.numbering()
    flags: list[FairnessFlag] = []
    for check in CHECKS:
        for level, code, clause_id, answer in check(answers):
            found = next((c for c in _ALTERNATIVES.get(clause_id, (clause_id,)) if c in numbers), None)
            if found is None:
                continue  # the clause is not part of this agreement, so neither is the term
            flags.append(
                FairnessFlag(
                    level=level,
                    code=code,
                    clause_id=found,
                    clause_number=numbers[found],
                    reason=reason(code),
                    answer=answer,
                    value=answers.get(answer),
                )
            )
    order = {cid: i for i, cid in enumerate(numbers)}
    flags.sort(key=lambda f: (f.level != "red", order.get(f.clause_id, len(order))))
    return flags
