"""The UI copy tables (app, services, CLI): every text in every language, with the same placeholders.

A third language is a translation of these tables; this test says which texts it still lacks.
"""

from __future__ import annotations

import string

import pytest

from app.texts import TEXTS as APP_TEXTS
from engine.cli.check import TEXTS as CLI_CHECK
from engine.cli.core import TEXTS as CLI_CORE
from engine.cli.quality import TEXTS as CLI_QUALITY
from engine.i18n import LANGS
from engine.services import check, check_view, summary, uses, workshop

TABLES = {
    "app": APP_TEXTS,
    "services.uses": uses.TEXTS,
    "services.check": check.TEXTS,
    "services.check_view": check_view.TEXTS,
    "services.summary": summary.TEXTS,
    "services.workshop": workshop.TEXTS,
    "cli.check": CLI_CHECK,
    "cli.core": CLI_CORE,
    "cli.quality": CLI_QUALITY,
}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_text_in_every_language_with_the_same_placeholders(name: str) -> None:
    for key, texts in TABLES[name].items():
        assert set(texts) == set(LANGS), f"{name}: {key} has {sorted(texts)}"
        assert all(texts[lang].strip() for lang in LANGS), f"{name}: {key} has an empty text"
        if "{{" not in texts["nb"]:  # texts shown as is (Jinja hints) are never formatted
            assert _fields(texts["nb"]) == _fields(texts["en"]), f"{name}: {key}"


def test_the_app_uses_only_keys_that_exist() -> None:
    """Every ``ui.t("…")`` with a literal key in app/ names a text in the tables."""
    import re

    from tests.helpers.app import ROOT

    used: set[str] = set()
    for path in (ROOT / "app").rglob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_.]+)["']""", path.read_text(encoding="utf-8")))
    assert used, "the pattern finds the calls"
    assert sorted(used - set(APP_TEXTS)) == []
