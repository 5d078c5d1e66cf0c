"""Dates, numbers, money, percentages, organisation numbers and lists as a reader of each language expects.

"1. mars 2026" / "1 March 2026", "kr 10 000" / "NOK 10,000" — Babel does the locale work; the patterns
that differ between languages are :mod:`engine.i18n` tables, so nynorsk is one more entry per pattern.
Spaces inside an amount are no-break spaces: "kr 10 000" never breaks across lines.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from engine.i18n import Texts, locale, text

NBSP = "\u00a0"

PATTERNS: Texts = {
    "date": {"nb": "d. MMMM y", "en": "d MMMM y"},
    # "¤" is the currency sign (kr / NOK); the space after it is a no-break space.
    "money.whole": {"nb": "¤\u00a0#,##0", "en": "¤\u00a0#,##0"},
    "money.cents": {"nb": "¤\u00a0#,##0.00", "en": "¤\u00a0#,##0.00"},
    "percent": {"nb": "{n} %", "en": "{n}%"},
    "list.and": {"nb": "{head} og {last}", "en": "{head} and {last}"},
}


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _as_decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc


def format_date_text(value: Any, lang: str) -> str:
    """A date (or the date of a date-time, or an ISO string) in words: "1. mars 2026"."""
    return str(format_date(_as_date(value), text(PATTERNS, "date", lang), locale=locale(lang)))


def format_money(value: Any, lang: str) -> str:
    """An amount in Norwegian kroner: "kr 10 000", "NOK 10,000.50"."""
    amount = _as_decimal(value)
    pattern = text(PATTERNS, "money.whole" if amount == amount.to_integral_value() else "money.cents", lang)
    formatted = format_currency(amount, "NOK", format=pattern, locale=locale(lang), currency_digits=False)
    return str(formatted).replace(" ", NBSP)


def format_number(value: Any, lang: str) -> str:
    return str(format_decimal(_as_decimal(value), locale=locale(lang)))


def format_percent(value: Any, lang: str) -> str:
    return text(PATTERNS, "percent", lang, n=format_number(value, lang))


def format_orgnr(value: Any) -> str:
    """``974760673`` → ``974 760 673``; anything that is not nine digits is printed as given."""
    if value is None or value == "":
        return ""
    digits = re.sub(r"\s", "", str(value))
    if len(digits) == 9 and digits.isdigit():
        return f"{digits[0:3]} {digits[3:6]} {digits[6:9]}"
    return str(value)


def format_count(value: Any, one: str, many: str, lang: str) -> str:
    """``30 | unit("dag", "dager")`` → "30 dager", ``1`` → "1 dag" (number and word never split)."""
    return f"{format_number(value, lang)}{NBSP}{one if _as_decimal(value) == 1 else many}"


def join_list(items: Iterable[Any], lang: str) -> str:
    """``["a", "b", "c"]`` → "a, b og c" / "a, b and c"."""
    parts = [str(i) for i in items]
    if len(parts) <= 1:
        return "".join(parts)
    return text(PATTERNS, "list.and", lang, head=", ".join(parts[:-1]), last=parts[-1])
