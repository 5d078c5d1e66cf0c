"""Stand-in answers: for the live preview (visible placeholders) and for clause examples (valid values).

The preview must show the whole agreement before every question is answered; clause examples need a
complete, valid set of answers to merge their own over. Both fill only what is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from engine.core.agreement import AgreementType, Question, QuestionType, pick
from engine.core.answers import visible

# Real-looking parties with valid organisation numbers (MOD11), used only in examples and tests.
SAMPLE_PARTIES: dict[str, dict[str, str]] = {
    "provider": {
        "name": "Eksempel Dataleverandør AS",
        "orgnr": "974760673",
        "address": "Storgata 1, 0155 Oslo",
        "contact_name": "Kari Nordmann",
        "contact_email": "kari@example.no",
        "signatory_name": "Kari Nordmann",
        "signatory_role": "Daglig leder",
    },
    "recipient": {
        "name": "Eksempel Mottaker AS",
        "orgnr": "921605900",
        "address": "Kongens gate 2, 7011 Trondheim",
        "contact_name": "Ola Nordmann",
        "contact_email": "ola@example.no",
        "signatory_name": "Ola Nordmann",
        "signatory_role": "Styreleder",
    },
}
SAMPLE_DATE = dt.date(2027, 1, 1)
SAMPLE_LATER_DATE = dt.date(2029, 12, 31)  # an end date after the start, so a term is never empty


def _sample(q: Question, lang: str, placeholders: bool) -> Any:
    t = q.type
    if t is QuestionType.party:
        base = SAMPLE_PARTIES.get(q.id, SAMPLE_PARTIES["recipient"])
        if placeholders:
            return {"name": f"[{pick(q.label, lang)}]", "orgnr": "—"}
        return dict(base)
    if t in (QuestionType.text, QuestionType.long_text):
        return f"[{pick(q.label, lang)}]" if placeholders else pick(q.label, lang)
    if t is QuestionType.email:
        return "post@example.no"
    if t is QuestionType.orgnr:
        return "—" if placeholders else "974760673"
    if t is QuestionType.bool:
        return False
    if t is QuestionType.choice:
        return q.options[0].value if q.options else None
    if t is QuestionType.multi_choice:
        return [q.options[0].value] if q.options else []
    if t is QuestionType.date:
        return (SAMPLE_DATE if "start" in q.id else SAMPLE_LATER_DATE).isoformat()
    if t in (QuestionType.integer, QuestionType.percentage, QuestionType.money):
        if q.minimum is not None and q.minimum > 1:
            return int(q.minimum)
        return {QuestionType.integer: 12, QuestionType.percentage: 10, QuestionType.money: 10000}[t]


def fill_missing(
    agreement_type: AgreementType, values: Mapping[str, Any], lang: str = "nb", *, placeholders: bool = False
) -> dict[str, Any]:
    """``values`` with every missing, visible, required answer given a stand-in."""
    out = dict(values)
    for q in agreement_type.questions:
        if out.get(q.id) not in (None, [], ""):
            continue
        if not visible(q, out):
            out[q.id] = None
            continue
        out[q.id] = _sample(q, lang, placeholders) if q.required else out.get(q.id)
    return out
