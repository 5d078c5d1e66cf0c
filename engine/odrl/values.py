"""Typed values for constraint checks: literals -> Python values, and comparisons that never raise.

A comparison between values of unrelated types (a date and a free-text string) returns ``None``
("type mismatch"); the caller turns that into an Unsatisfied premise with a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Literal

from engine.odrl.model import Term
from engine.odrl.vocab import (
    DATETIME_OPERANDS,
    DURATION_OPERANDS,
    IRI_OPERANDS,
    NUMBER_OPERANDS,
    PREFIXES,
    XSD,
    Vocabulary,
    compact,
)


class Iri(str):
    """A string that is an IRI (as opposed to a plain text literal)."""

    __slots__ = ()


@dataclass(frozen=True, slots=True, order=True)
class Duration:
    """An xsd:duration, ordered by length; a month counts as 30.436875 days (the Gregorian mean)."""

    seconds: float
    text: str = ""

    def __str__(self) -> str:
        return self.text or f"PT{self.seconds:g}S"


Value = Iri | str | Decimal | datetime | date | Duration | bool
"""A typed value a check compares: an IRI, text, a number, a date(time), a duration or a boolean."""

_DURATION = re.compile(
    r"^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)
_MONTH = 30.436875 * 86400
_NUMBER_TYPES = frozenset(
    XSD + t
    for t in (
        "decimal", "integer", "int", "long", "short", "byte", "double", "float", "nonNegativeInteger",
        "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
        "unsignedShort", "unsignedByte",
    )
)  # fmt: skip
_DURATION_TYPES = frozenset(XSD + t for t in ("duration", "dayTimeDuration", "yearMonthDuration"))

Kind = Literal["iri", "number", "datetime", "duration", "any"]
"""What a left operand's values are read as."""


def expected_kind(left_operand: str) -> Kind:
    if left_operand in IRI_OPERANDS:
        return "iri"
    if left_operand in NUMBER_OPERANDS:
        return "number"
    if left_operand in DATETIME_OPERANDS:
        return "datetime"
    if left_operand in DURATION_OPERANDS:
        return "duration"
    return "any"


def parse_duration(text: str) -> Duration | None:
    m = _DURATION.match(text.strip())
    if not m or text.strip() in ("P", "PT") or text.strip().endswith("T"):
        return None
    sign, y, mo, w, d, h, mi, s = m.groups()
    secs = (
        float(y or 0) * 12 * _MONTH
        + float(mo or 0) * _MONTH
        + float(w or 0) * 7 * 86400
        + float(d or 0) * 86400
        + float(h or 0) * 3600
        + float(mi or 0) * 60
        + float(s or 0)
    )
    return Duration(-secs if sign else secs, text.strip())


def parse_datetime(text: str) -> datetime | date | None:
    """xsd:dateTime (naive = UTC) or xsd:date; ``None`` if it is neither."""
    t = text.strip()
    try:
        if "T" in t or " " in t:
            dt = datetime.fromisoformat(t.replace("z", "Z"))
            return dt if dt.tzinfo else dt.replace(tzinfo=UTC)
        if len(t) >= 10:
            return date.fromisoformat(t[:10]) if len(t) == 10 else None
    except ValueError:
        return None
    return None


def parse_number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def to_iri(text: str, vocab: Vocabulary) -> Iri | None:
    """Resolve a string to an IRI: a full IRI, a known prefix, or a plain word the vocabulary knows."""
    t = text.strip()
    if not t or " " in t:
        return None
    if "://" in t or t.startswith("urn:"):
        return Iri(vocab.resolve(t))
    prefix, sep, local = t.partition(":")
    if sep and prefix in PREFIXES:
        return Iri(vocab.resolve(PREFIXES[prefix] + local))
    found = vocab.lookup(t)
    return Iri(found) if found else None


def from_term(term: Term, kind: Kind, vocab: Vocabulary) -> Value:
    """Turn a parsed RDF term into the Python value the checks compare."""
    if term.is_iri:
        return Iri(vocab.resolve(term.value))
    dt = term.datatype
    if dt in (XSD + "dateTime", XSD + "dateTimeStamp", XSD + "date"):
        return parse_datetime(term.value) or term.value
    if dt in _NUMBER_TYPES:
        num = parse_number(term.value)
        return num if num is not None else term.value
    if dt in _DURATION_TYPES:
        return parse_duration(term.value) or term.value
    if dt == XSD + "boolean":
        return term.value.strip() in ("true", "1")
    if dt == XSD + "anyURI":
        return Iri(vocab.resolve(term.value.strip()))
    return coerce_text(term.value, kind, vocab)


def coerce_text(text: str, kind: Kind, vocab: Vocabulary) -> Value:
    """Read an untyped string the way the left operand expects; keep the string if that fails."""
    if kind == "iri":
        return to_iri(text, vocab) or text
    if kind == "number":
        num = parse_number(text)
        return text if num is None else num
    if kind == "datetime":
        return parse_datetime(text) or text
    if kind == "duration":
        return parse_duration(text) or text
    if "://" in text or text.startswith("urn:"):
        return Iri(vocab.resolve(text.strip()))
    return text


def from_python(raw: object, kind: Kind, vocab: Vocabulary) -> Value:
    """Turn a value from ``State.context`` (str, number, date, timedelta, Term...) into a check value."""
    if isinstance(raw, Term):
        return from_term(raw, kind, vocab)
    if isinstance(raw, Iri):
        return Iri(vocab.resolve(raw))
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | Decimal):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    if isinstance(raw, datetime):
        return raw if raw.tzinfo else raw.replace(tzinfo=UTC)
    if isinstance(raw, date):
        return raw
    if isinstance(raw, timedelta):
        return Duration(raw.total_seconds(), "")
    if isinstance(raw, Duration):
        return raw
    if isinstance(raw, str):
        return coerce_text(raw, kind, vocab)
    return str(raw)


def coerce_like(value: Value, like: Value, vocab: Vocabulary) -> Value | None:
    """Try to read ``value`` (usually a string) as the type of ``like``; ``None`` if impossible."""
    if type(value) is type(like) or (isinstance(value, Iri) and isinstance(like, Iri)):
        return value
    if isinstance(like, bool) or isinstance(value, bool):
        return None
    if isinstance(value, str) and not isinstance(value, Iri):
        if isinstance(like, Iri):
            return to_iri(value, vocab)
        if isinstance(like, Decimal):
            return parse_number(value)
        if isinstance(like, datetime | date):
            return parse_datetime(value)
        if isinstance(like, Duration):
            return parse_duration(value)
        return None
    if isinstance(value, datetime | date) and isinstance(like, datetime | date):
        return value
    if isinstance(value, Iri) and isinstance(like, str):
        return value if str(value) == like else None
    return None


def _as_date(v: datetime | date) -> date:
    """The calendar date of a dateTime in its own time zone (a bare xsd:date is local to the reader)."""
    return v.date() if isinstance(v, datetime) else v


def compare(a: Value | None, b: Value | None, vocab: Vocabulary) -> int | None:
    """-1/0/1 like ``cmp``, or ``None`` when the two cannot be ordered (type mismatch)."""
    if a is None or b is None:
        return None
    if isinstance(a, str) and not isinstance(a, Iri) and not isinstance(b, str):
        a = coerce_like(a, b, vocab)
    elif isinstance(b, str) and not isinstance(b, Iri) and not isinstance(a, str):
        b = coerce_like(b, a, vocab)
    if a is None or b is None:
        return None
    if isinstance(a, bool) or isinstance(b, bool):
        return None
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return (a > b) - (a < b)
    if isinstance(a, datetime | date) and isinstance(b, datetime | date):
        if isinstance(a, datetime) and isinstance(b, datetime):
            return (a > b) - (a < b)
        da, db = _as_date(a), _as_date(b)
        return (da > db) - (da < db)
    if isinstance(a, Duration) and isinstance(b, Duration):
        return (a.seconds > b.seconds) - (a.seconds < b.seconds)
    if isinstance(a, Iri) and isinstance(b, Iri):
        ra, rb = vocab.ranks.get(a), vocab.ranks.get(b)
        if ra is None or rb is None:
            return None
        return (ra > rb) - (ra < rb)
    return None


def equal(a: Value, b: Value, vocab: Vocabulary) -> bool | None:
    """Equality across representations; ``None`` on a type mismatch."""
    if isinstance(a, Iri) or isinstance(b, Iri):
        if isinstance(a, Iri) and isinstance(b, Iri):
            return a == b
        other, iri = (b, a) if isinstance(a, Iri) else (a, b)
        if isinstance(other, str):
            resolved = to_iri(other, vocab)
            return resolved == iri if resolved is not None else other == iri
        return None
    if isinstance(a, str) and isinstance(b, str):
        return a == b or a.casefold() == b.casefold()
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b if isinstance(a, bool) and isinstance(b, bool) else None
    c = compare(a, b, vocab)
    return None if c is None else c == 0


def show(value: Value) -> str:
    """A short printable form of a check value (for reasons and reports)."""
    if isinstance(value, Iri):
        return compact(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)
