"""Session state, set up in one place: ``init_state()`` runs first on every run (``ui.setup()`` in ``main.py``).

Only what a person is doing lives here (language, who is signed in, the wizard in progress, what a page
shows next); every decision about it is the engine's. Widget values keep their own keys (``q__…``,
``ws_…``, ``reg_…``): they belong to the widgets that draw them.
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
    "user": None,  # engine.store.UserRecord of the signed-in advisor
    "wizard": None,  # Wizard
    "finished": None,  # engine.services.agreements.Finished: the agreement the wizard just finished
    "check_agreement": None,  # registry id the check page opens with (from «Sjekk en planlagt bruk»)
    "check_result": None,  # (source title, PlannedUse): the last use checked
    "confirm_move": None,  # (agreement id, status) waiting for confirmation
    "move_error": None,  # why the last status move was refused
    "reg_files": {},  # agreement id -> its downloads (rendered once per session)
    "ws_flash": None,  # ("success" | "error", message) shown once on the workshop's next run
    "ws_select_next": None,  # (clause id, version) the workshop selects on its next run
}


def init_state() -> None:
    for key, value in DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = copy.deepcopy(value)


def get(key: str) -> Any:
    return st.session_state.get(key, DEFAULTS[key])


def put(key: str, value: Any) -> None:
    if key not in DEFAULTS:
        raise KeyError(f"{key!r} is not declared in app.state.DEFAULTS")
    st.session_state[key] = value


def take(key: str) -> Any:
    """The value, and reset it to its default (for one-shot messages and hand-overs between pages)."""
    value = get(key)
    put(key, copy.deepcopy(DEFAULTS[key]))
    return value


def lang() -> str:
    return str(get("lang"))


def set_lang(value: str) -> None:
    put("lang", value)


def user() -> Any:
    return get("user")


def set_user(value: Any) -> None:
    put("user", value)


def wizard() -> Wizard | None:
    value = get("wizard")
    return value if isinstance(value, Wizard) else None


def set_wizard(value: Wizard | None) -> None:
    put("wizard", value)
