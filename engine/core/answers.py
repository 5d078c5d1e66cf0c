"""Answers: a pydantic model built from an agreement type's questions, errors in the user's language.

The model is made with ``pydantic.create_model`` from the questions, so the agreement type file is the
one place that says what may be answered. Visibility (``visible_if``) decides what is required: a
hidden question is never required, and its answer is dropped so no invisible choice leaks into a
contract.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    create_model,
)
from pydantic_core import PydanticCustomError
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import orgnr as no_orgnr

from engine.core.agreement import AgreementType, Question, QuestionType
from engine.core.formatting import format_date_text, format_money, format_number, format_percent
from engine.core.templating import evaluate_condition
from engine.errors import AnswersError, Loc
from engine.i18n import Texts, pick, text

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


def check_orgnr(value: str) -> str:
    """Validate a Norwegian organisation number (MOD11) and return its 9 digits."""
    try:
        return str(no_orgnr.validate(value))
    except StdnumError as exc:
        raise PydanticCustomError("orgnr", "invalid organisation number") from exc


def _check_email(value: str) -> str:
    value = value.strip()
    if not _EMAIL.match(value):
        raise PydanticCustomError("email", "invalid e-mail address")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
OrgNr = Annotated[str, AfterValidator(check_orgnr)]
Email = Annotated[str, AfterValidator(_check_email)]


class PartyAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Text
    orgnr: OrgNr
    address: Text | None = None
    contact_name: Text | None = None
    contact_email: Email | None = None
    signatory_name: Text | None = None
    signatory_role: Text | None = None


def _field_type(q: Question) -> Any:
    t = q.type
    if t in (QuestionType.text, QuestionType.long_text):
        return Text
    if t is QuestionType.bool:
        return bool
    if t is QuestionType.choice:
        return Literal[tuple(o.value for o in q.options)]
    if t is QuestionType.multi_choice:
        return list[Literal[tuple(o.value for o in q.options)]]  # type: ignore[misc]
    if t is QuestionType.date:
        return dt.date
    if t is QuestionType.integer:
        return Annotated[int, Field(ge=q.minimum, le=q.maximum)]
    if t is QuestionType.percentage:
        lo = 0 if q.minimum is None else q.minimum
        hi = 100 if q.maximum is None else q.maximum
        return Annotated[Decimal, Field(ge=lo, le=hi, max_digits=7, decimal_places=3)]
    if t is QuestionType.money:
        lo = 0 if q.minimum is None else q.minimum
        return Annotated[Decimal, Field(ge=lo, le=q.maximum, max_digits=15, decimal_places=2)]
    if t is QuestionType.orgnr:
        return OrgNr
    if t is QuestionType.email:
        return Email
    if t is QuestionType.party:
        return PartyAnswer
    raise AssertionError(t)


_MODELS: dict[int, tuple[AgreementType, type[BaseModel]]] = {}


def answers_model(agreement_type: AgreementType) -> type[BaseModel]:
    """The pydantic model for one agreement type: every field optional; visibility decides later."""
    cached = _MODELS.get(id(agreement_type))
    if cached is not None and cached[0] is agreement_type:
        return cached[1]
    fields: dict[str, Any] = {q.id: (_field_type(q) | None, None) for q in agreement_type.questions}
    model: type[BaseModel] = create_model(
        f"Answers_{agreement_type.id}",
        __config__=ConfigDict(extra="forbid", str_strip_whitespace=True),
        **fields,
    )
    if len(_MODELS) > 256:
        _MODELS.clear()
    _MODELS[id(agreement_type)] = (agreement_type, model)
    return model


# --------------------------------------------------------------------------- messages

#: What a user reads when an answer is wrong, by pydantic error type (plus our own: orgnr, email, …).
MESSAGES: Texts = {
    "missing": {"nb": "Må fylles ut.", "en": "This answer is required."},
    "required": {"nb": "Må fylles ut.", "en": "This answer is required."},
    "string_too_short": {"nb": "Må fylles ut.", "en": "This answer is required."},
    "string_too_long": {"nb": "Teksten er for lang.", "en": "The text is too long."},
    "string_type": {"nb": "Skal være tekst.", "en": "Must be text."},
    "literal_error": {"nb": "Velg ett av alternativene: {expected}.", "en": "Choose one of: {expected}."},
    "bool_parsing": {"nb": "Svar ja eller nei.", "en": "Answer yes or no."},
    "bool_type": {"nb": "Svar ja eller nei.", "en": "Answer yes or no."},
    "int_parsing": {"nb": "Skal være et heltall.", "en": "Must be a whole number."},
    "int_from_float": {"nb": "Skal være et heltall.", "en": "Must be a whole number."},
    "int_type": {"nb": "Skal være et heltall.", "en": "Must be a whole number."},
    "decimal_parsing": {"nb": "Skal være et tall.", "en": "Must be a number."},
    "decimal_type": {"nb": "Skal være et tall.", "en": "Must be a number."},
    "decimal_max_places": {"nb": "For mange desimaler.", "en": "Too many decimals."},
    "decimal_max_digits": {"nb": "Tallet er for stort.", "en": "The number is too large."},
    "decimal_whole_digits": {"nb": "Tallet er for stort.", "en": "The number is too large."},
    "greater_than_equal": {"nb": "Må være minst {ge}.", "en": "Must be at least {ge}."},
    "less_than_equal": {"nb": "Kan ikke være mer enn {le}.", "en": "Must be at most {le}."},
    "date_parsing": {
        "nb": "Skal være en dato (ÅÅÅÅ-MM-DD).",
        "en": "Must be a date (YYYY-MM-DD).",
    },
    "date_from_datetime_parsing": {
        "nb": "Skal være en dato (ÅÅÅÅ-MM-DD).",
        "en": "Must be a date (YYYY-MM-DD).",
    },
    "date_type": {"nb": "Skal være en dato (ÅÅÅÅ-MM-DD).", "en": "Must be a date (YYYY-MM-DD)."},
    "list_type": {"nb": "Velg ett eller flere alternativer.", "en": "Choose one or more options."},
    "model_type": {"nb": "Fyll ut feltene for parten.", "en": "Fill in the party's fields."},
    "model_attributes_type": {"nb": "Fyll ut feltene for parten.", "en": "Fill in the party's fields."},
    "dict_type": {"nb": "Fyll ut feltene for parten.", "en": "Fill in the party's fields."},
    "extra_forbidden": {
        "nb": "Ukjent felt – ingen spørsmål har denne id-en.",
        "en": "Unknown field – no question has this id.",
    },
    "orgnr": {
        "nb": "Ugyldig organisasjonsnummer: 9 siffer med gyldig kontrollsiffer (MOD11).",
        "en": "Invalid organisation number: 9 digits with a valid check digit (MOD11).",
    },
    "email": {"nb": "Ugyldig e-postadresse.", "en": "Invalid e-mail address."},
    "did_you_mean": {"nb": "Mente du «{name}»?", "en": "Did you mean «{name}»?"},
    "must_correct": {"nb": "{n} svar må rettes", "en": "{n} answer(s) must be corrected"},
    "yes": {"nb": "Ja", "en": "Yes"},
    "no": {"nb": "Nei", "en": "No"},
}

#: The fields of a party answer, as a reader names them in an error ("Dataleverandør, e-post: …").
PARTY_LABELS: Texts = {
    "name": {"nb": "navn", "en": "name"},
    "orgnr": {"nb": "organisasjonsnummer", "en": "organisation number"},
    "address": {"nb": "adresse", "en": "address"},
    "contact_name": {"nb": "kontaktperson", "en": "contact person"},
    "contact_email": {"nb": "e-post", "en": "e-mail"},
    "signatory_name": {"nb": "signatar", "en": "signatory"},
    "signatory_role": {"nb": "signatarens rolle", "en": "signatory's role"},
}


def message(kind: str, lang: str, **ctx: Any) -> str:
    """The text for an error of ``kind``; an error type we have no text for keeps pydantic's ``fallback``."""
    if kind not in MESSAGES:
        return str(ctx.get("fallback", kind))
    template = pick(MESSAGES[kind], lang)
    # limits as a reader writes them: "49", not "49.0"; "99,99" in Norwegian
    ctx = {k: format_number(v, lang) if isinstance(v, int | float | Decimal) and not isinstance(v, bool) else v
           for k, v in ctx.items()}
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


def field_label(agreement_type: AgreementType, loc: Loc, lang: str) -> str:
    """A human name for an error location: the question's label, plus the party field."""
    if not loc:
        return ""
    q = agreement_type.question(str(loc[0]))
    head = pick(q.label, lang) if q else str(loc[0])
    if len(loc) > 1 and q is not None and q.type is QuestionType.party:
        field = str(loc[1])
        sub = pick(PARTY_LABELS[field], lang) if field in PARTY_LABELS else field
        return f"{head}, {sub}"
    return head


def _error_for(agreement_type: AgreementType, err: Any, lang: str) -> AnswersError:
    loc = tuple(err["loc"])
    kind = err["type"]
    ctx = dict(err.get("ctx") or {})
    if kind == "literal_error":
        q = agreement_type.question(str(loc[0]))
        if q is not None:
            ctx["expected"] = ", ".join(f"{o.value} ({pick(o.label, lang)})" for o in q.options)
    reason = message(kind, lang, fallback=err["msg"], **ctx)
    if kind == "extra_forbidden" and loc:
        close = difflib.get_close_matches(str(loc[0]), [q.id for q in agreement_type.questions], n=1)
        if close:
            reason += " " + text(MESSAGES, "did_you_mean", lang, name=close[0])
    label = field_label(agreement_type, loc, lang)
    return AnswersError(f"{label}: {reason}" if label else reason, loc=loc)


# --------------------------------------------------------------------------- validation


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return {k: _jsonable(v) for k, v in value.model_dump().items() if v is not None}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def defaults(agreement_type: AgreementType) -> dict[str, Any]:
    return {q.id: q.default for q in agreement_type.questions if q.default is not None}


def visible(question: Question, values: Mapping[str, Any]) -> bool:
    if not question.visible_if:
        return True
    return evaluate_condition(question.visible_if, values, where=f"question '{question.id}' visible_if")


def validate_answers(
    agreement_type: AgreementType, raw: Mapping[str, Any], lang: str = "nb", *, partial: bool = False
) -> dict[str, Any]:
    """Validate answers (merged over defaults) and return them as JSON-ready values.

    Every question id is present in the result; hidden or unanswered optional questions are None.
    Raises AnswersError whose ``problems`` list every field at once. With ``partial`` (a wizard
    draft), missing required answers are not errors.
    """
    merged: dict[str, Any] = {**defaults(agreement_type), **{k: v for k, v in raw.items() if v != ""}}
    model = answers_model(agreement_type)
    problems: list[AnswersError] = []
    try:
        parsed = model.model_validate(merged)
    except ValidationError as exc:
        problems = [_error_for(agreement_type, e, lang) for e in exc.errors()]
        bad = {e.loc[0] for e in problems if e.loc}
        clean = {k: v for k, v in merged.items() if k not in bad and agreement_type.question(k)}
        parsed = model.model_validate(clean)
    values: dict[str, Any] = {q.id: _jsonable(getattr(parsed, q.id)) for q in agreement_type.questions}
    bad_ids = {p.loc[0] for p in problems if p.loc}
    for q in agreement_type.questions:  # in question order, so a hidden chain resolves top-down
        if not visible(q, values):
            values[q.id] = None
            continue
        if q.required and values[q.id] in (None, []) and q.id not in bad_ids and not partial:
            problems.append(
                AnswersError(f"{pick(q.label, lang)}: {message('required', lang)}", loc=(q.id,))
            )
    if problems:
        order = {q.id: i for i, q in enumerate(agreement_type.questions)}
        problems.sort(key=lambda p: order.get(str(p.loc[0]) if p.loc else "", 10_000))
        raise AnswersError(text(MESSAGES, "must_correct", lang, n=len(problems)), problems=problems)
    return values


def answer_text(q: Question, value: Any, lang: str) -> str:
    """An answer as a reader sees it (option labels, formatted dates and amounts) — for review screens."""
    if value in (None, "", []):
        return "—"
    t = q.type
    if t is QuestionType.party and isinstance(value, dict):
        return " · ".join(str(b) for b in (value.get("name", ""), value.get("orgnr", "")) if b)
    if t is QuestionType.choice:
        o = q.option(str(value))
        return pick(o.label, lang) if o else str(value)
    if t is QuestionType.multi_choice:
        return ", ".join(pick(o.label, lang) if (o := q.option(str(v))) else str(v) for v in value)
    if t is QuestionType.bool:
        return text(MESSAGES, "yes" if value else "no", lang)
    try:
        if t is QuestionType.date:
            return format_date_text(value, lang)
        if t is QuestionType.money:
            return format_money(value, lang)
        if t is QuestionType.percentage:
            return format_percent(value, lang)
    except (ValueError, ArithmeticError):
        return str(value)
    return str(value)
