"""What many test files share: paths, the fixed moment, the two parties and the factories.

Import from here (``from tests.helpers import make_answers``), never from ``conftest``: conftest holds
fixtures only. One factory per concept: ``make_answers`` (answers), ``compose_agreement`` (an agreement
composed from a library), ``tests.helpers.render.make_agreement`` (an agreement built by hand, without
a library). Area helpers live beside this file: ``tests.helpers.render``, ``tests.helpers.app``
(``discover_pages``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from engine import Agreement, Library, compose

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
#: The small library the tests compose from (two agreement types, a dozen clauses).
MINI = DATA / "library"
#: Every test that composes uses this moment, so document ids and hashes are reproducible.
FIXED_TIME = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)

PROVIDER = {
    "name": "Bergen kommune",
    "orgnr": "974760673",
    "address": "Rådhusgaten 10, 5014 Bergen",
    "contact_name": "Kari Nordmann",
    "contact_email": "kari@bergen.kommune.no",
    "signatory_name": "Per Ås",
    "signatory_role": "Kommunedirektør",
}
RECIPIENT = {
    "name": "Sensorly AS",
    "orgnr": "921605900",
    "address": "Strandkaien 2, 5013 Bergen",
    "contact_name": "Ola Øren",
    "contact_email": "ola@sensorly.no",
    "signatory_name": "Åse Lie",
    "signatory_role": "Daglig leder",
}


def make_answers(**overrides: Any) -> dict[str, Any]:
    """Both parties plus ``overrides``; an override of ``None`` leaves that answer out (``recipient=None``
    for an open offer, which has no recipient question)."""
    answers = {"provider": dict(PROVIDER), "recipient": dict(RECIPIENT), **overrides}
    return {k: v for k, v in answers.items() if v is not None}


def compose_agreement(library: Library, type_id: str = "mini", lang: str = "nb", **answers: Any) -> Agreement:
    """``compose`` at ``FIXED_TIME`` with :func:`make_answers` (``**answers`` go to it)."""
    return compose(type_id, make_answers(**answers), lang, library=library, created_at=FIXED_TIME)
