"""Session state, set up in one place: every page calls ``init_state()`` first (through ``main.py``).

Only what a person is doing lives here (language, who is logged in, the wizard in progress); every
decision about it is the engine's.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import streamlit as st


@dataclass
class Wizard:
    """The agreement being filled in: its draft token, answers and where the user is."""

    type_id: str
    lang: str
    token: str
    answers: dict[str, Any] = field(default_factory=dict)
    step: int = 0
    tried: set[int] = field(default_factory=set)  # steps where "Neste" was pressed: show "required"
    saved: dict[str, Any] = field(default_factory=dict)  # what the draft in the store holds
    done: str | None = None  # registry id once finished


DEFAULTS: dict[str, Any] = {
    "lang": "nb",
    "user": None,  # engine.store.UserRecord of the logged-in advisor
    "wizard": None,  # Wizard
    "check_result": None,
    "confirm_move": None,  # (agreement id, status) waiting for confirmation
}


def init_state() -> None:
    for key, value in DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = copy.deepcopy(value)


def lang() -> str:
    return str(st.session_state.get("lang", "nb"))


def set_lang(value: str) -> None:
    st.session_state["lang"] = value


def user() -> Any:
    return st.session_state.get("user")


def wizard() -> Wizard | None:
    value = st.session_state.get("wizard")
    return value if isinstance(value, Wizard) else None


def set_wizard(value: Wizard | None) -> None:
    st.session_state["wizard"] = value
