"""Every word the app shows around the agreements, in the ``engine.i18n`` shape: key → text per language.

One table per page (``app/texts/<page>.py``, keys prefixed with the page's name) plus the shared words;
``TEXTS`` is all of them, and ``app.ui.t(key)`` picks from it in the reader's language. A third language
is a translation of these tables. Texts of the agreements themselves come from the clause library, and
the engine's answers from ``engine.services``.
"""

from __future__ import annotations

from app.texts import check, common, registry, wizard, workshop
from engine import Texts

_TABLES = (common.TEXTS, wizard.TEXTS, check.TEXTS, registry.TEXTS, workshop.TEXTS)


def _merged() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for table in _TABLES:
        for key, texts in table.items():
            if key in out:
                raise KeyError(f"UI text {key!r} is defined twice")
            out[key] = dict(texts)
    return out


TEXTS: Texts = _merged()
