"""The wizard's question widgets: one widget per question type, and widget values <-> answers.

Each question's widget keeps its value under ``q__<question id>`` (a party: ``q__<id>__<field>``);
``seed`` puts a stored answer into the widget before it is drawn, ``pull`` copies what was typed back
into the answers. Labels, help texts and options come from the agreement type.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from app import ui
from app.state import Wizard
from engine import AvtaleverkError, Question, QuestionType, pick

#: The fields of a party, row by row as the form shows them.
PARTY_ROWS: tuple[tuple[str, ...], ...] = (
    ("name", "orgnr"),
    ("address",),
    ("contact_name", "contact_email"),
    ("signatory_name", "signatory_role"),
)
PARTY_FIELDS: tuple[str, ...] = tuple(name for row in PARTY_ROWS for name in row)
CHOICE_AS_RADIO = 4  # up to this many options: radio buttons; more: a select box
NUMBERS = (QuestionType.integer, QuestionType.percentage, QuestionType.money)


def key_of(qid: str, sub: str | None = None) -> str:
    return f"q__{qid}__{sub}" if sub else f"q__{qid}"


def _to_widget(q: Question, value: Any) -> Any:
    t = q.type
    if t is QuestionType.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value)[:10]) if value else None
        except ValueError:
            return None
    if t is QuestionType.bool:
        return bool(value)
    if t is QuestionType.multi_choice:
        allowed = {o.value for o in q.options}
        return [v for v in (value or []) if v in allowed]
    if t is QuestionType.choice:
        return value if q.option(str(value)) else None
    if t in NUMBERS:
        try:
            return None if value in (None, "") else (int(value) if t is QuestionType.integer else float(value))
        except (TypeError, ValueError):
            return None
    return "" if value is None else str(value)


def _from_widget(q: Question, value: Any) -> Any:
    t = q.type
    if t is QuestionType.date:
        return value.isoformat() if isinstance(value, dt.date) else None
    if t in (QuestionType.percentage, QuestionType.money) and isinstance(value, float):
        return int(value) if value.is_integer() else value
    if t is QuestionType.integer and isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        return value.strip() or None
    return value


def seed(q: Question, w: Wizard) -> None:
    """Put the stored answer into the widget's state before the widget is drawn."""
    value = w.answers.get(q.id, q.default)
    if q.type is QuestionType.party:
        stored = value if isinstance(value, dict) else {}
        for name in PARTY_FIELDS:
            st.session_state.setdefault(key_of(q.id, name), str(stored.get(name) or ""))
        return
    st.session_state.setdefault(key_of(q.id), _to_widget(q, value))


def pull(q: Question, w: Wizard) -> None:
    """Copy the widget's value (if drawn) into the answers."""
    if q.type is QuestionType.party:
        keys = {name: key_of(q.id, name) for name in PARTY_FIELDS}
        if not any(k in st.session_state for k in keys.values()):
            return
        party = {n: str(st.session_state.get(k) or "").strip() for n, k in keys.items()}
        party = {n: v for n, v in party.items() if v}
        if party:
            w.answers[q.id] = party
        else:
            w.answers.pop(q.id, None)
        return
    k = key_of(q.id)
    if k not in st.session_state:
        return
    value = _from_widget(q, st.session_state[k])
    if value is None:
        w.answers.pop(q.id, None)
    else:
        w.answers[q.id] = value


def forget_widgets() -> None:
    for k in [k for k in st.session_state if str(k).startswith("q__")]:
        del st.session_state[k]


def _int(value: float | None) -> int | None:
    return None if value is None else int(value)


def _party(q: Question, label: str, help_text: str | None) -> None:
    st.markdown(f"**{ui.escape(label)}**", help=help_text)
    for row in PARTY_ROWS:
        for col, name in zip(st.columns(len(row)), row, strict=True):
            col.text_input(
                ui.t(f"wizard.party.{name}"), key=key_of(q.id, name), help=help_text if name == "name" else None
            )


def _choice(q: Question, lang: str, label: str, help_text: str | None) -> None:
    labels = {o.value: pick(o.label, lang) for o in q.options}
    common = {"key": key_of(q.id), "help": help_text, "format_func": labels.__getitem__}
    if q.type is QuestionType.multi_choice:
        st.multiselect(label, list(labels), placeholder=ui.t("wizard.choose_many"), **common)
    elif len(labels) <= CHOICE_AS_RADIO:
        st.radio(label, list(labels), **common)
    else:
        st.selectbox(label, list(labels), placeholder=ui.t("wizard.choose"), **common)


def _number(q: Question, label: str, help_text: str | None) -> None:
    k = key_of(q.id)
    if q.type is QuestionType.integer:
        st.number_input(label, key=k, help=help_text, step=1, min_value=_int(q.minimum), max_value=_int(q.maximum))
    elif q.type is QuestionType.percentage:
        top = float(100 if q.maximum is None else q.maximum)
        st.number_input(
            label, key=k, help=help_text, step=0.5, format="%.1f", min_value=float(q.minimum or 0), max_value=top
        )
    else:
        top = None if q.maximum is None else float(q.maximum)
        st.number_input(
            label, key=k, help=help_text, step=1000.0, format="%.0f", min_value=float(q.minimum or 0), max_value=top
        )


def draw(q: Question, lang: str, problems: list[AvtaleverkError]) -> None:
    """The question's widget, with its problems in red under it."""
    label = pick(q.label, lang)
    if not q.required:
        label += " " + ui.t("wizard.optional")
    help_text = pick(q.help, lang) or None
    placeholder = pick(q.placeholder, lang) if q.placeholder else None
    k = key_of(q.id)
    t = q.type
    if t is QuestionType.party:
        _party(q, label, help_text)
    elif t in (QuestionType.text, QuestionType.orgnr, QuestionType.email):
        st.text_input(label, key=k, help=help_text, placeholder=placeholder)
    elif t is QuestionType.long_text:
        st.text_area(label, key=k, help=help_text, placeholder=placeholder, height=110)
    elif t is QuestionType.bool:
        st.toggle(label, key=k, help=help_text)
    elif t in (QuestionType.choice, QuestionType.multi_choice):
        _choice(q, lang, label, help_text)
    elif t is QuestionType.date:
        st.date_input(label, key=k, help=help_text, format="DD.MM.YYYY")
    elif t in NUMBERS:
        _number(q, label, help_text)
    for p in problems:
        st.markdown(f":red[{ui.escape(p.message)}]")
