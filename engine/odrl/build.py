"""Plain-words request builder for the UI and the CLI: "read", "trainModel", "dpv:AcademicResearch", "NO"."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

from engine.errors import PolicyError
from engine.odrl import values as V
from engine.odrl.model import Request, Term
from engine.odrl.model.reader import REQUEST_UID
from engine.odrl.vocab import AVT, ODRL, XSD, Vocabulary, default_vocabulary, expand, left_operand_iri

REQUEST_IRI = REQUEST_UID


def action_iri(name: str, vocab: Vocabulary | None = None) -> str:
    """``read`` -> odrl:read, ``trainModel`` -> avt:trainModel, ``odrl:write`` -> odrl:modify."""
    vocab = vocab or default_vocabulary()
    if ":" in name:
        iri = vocab.resolve(expand(name))
    else:
        iri = next((ns + name for ns in (ODRL, AVT) if ns + name in vocab.actions), ODRL + name)
        iri = vocab.resolve(iri)
    if iri not in vocab.actions and iri not in vocab.interpreted:
        names = sorted({a.rsplit("/", 1)[-1] for a in vocab.actions})
        close = difflib.get_close_matches(name.rsplit(":", 1)[-1], names, n=3)
        hint = f" — did you mean {' / '.join(close)}?" if close else ""
        raise PolicyError(f"unknown action {name!r}{hint}", loc=("action",))
    return iri


def _terms(left: str, raw: object, vocab: Vocabulary) -> tuple[Term, ...]:
    items: Iterable[object] = raw if isinstance(raw, list | tuple | set | frozenset) else (raw,)
    kind = V.expected_kind(left)
    out = []
    for item in items:
        if isinstance(item, Term):
            out.append(item)
        elif isinstance(item, bool):
            out.append(Term.literal(item))
        elif isinstance(item, int | float | Decimal):
            out.append(Term(value=str(item), datatype=XSD + "decimal"))
        elif isinstance(item, datetime):
            out.append(Term(value=item.isoformat(), datatype=XSD + "dateTime"))
        elif isinstance(item, date):
            out.append(Term(value=item.isoformat(), datatype=XSD + "date"))
        elif isinstance(item, timedelta):
            out.append(Term(value=f"PT{item.total_seconds():g}S", datatype=XSD + "duration"))
        else:
            value = V.coerce_text(str(item), kind, vocab)
            if isinstance(value, V.Iri):
                out.append(Term.iri(str(value)))
            else:
                out.append(Term(value=str(item)))
    return tuple(out)


def build_request(
    assignee: str | None,
    action: str,
    target: str | None,
    purpose: str | None = None,
    spatial: str | None = None,
    **context: object,
) -> Request:
    """A ``Request`` from plain words; extra keyword facts become request constraints (``count=3``)."""
    vocab = default_vocabulary()
    facts: dict[str, tuple[Term, ...]] = {}
    units: dict[str, str] = {}
    for key, raw in (("purpose", purpose), ("spatial", spatial), *context.items()):
        if raw is None:
            continue
        left = left_operand_iri(key, vocab)
        if isinstance(raw, dict) and "value" in raw:
            if raw.get("unit"):
                units[left] = expand(str(raw["unit"]), None)
            raw = raw["value"]
        facts[left] = _terms(left, raw, vocab)
    return Request(
        uid=REQUEST_IRI,
        rule_uid=REQUEST_IRI + "#permission",
        assignee=expand(assignee, None) if assignee else None,
        action=action_iri(action, vocab),
        target=expand(target, None) if target else None,
        facts=facts,
        units=units,
    )
