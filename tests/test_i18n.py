"""One shape for user-facing text (``engine.i18n``): every table complete, one rule for a missing language."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import string
from collections.abc import Mapping
from typing import Any

import pytest

import engine.core
import engine.render
from engine.core.answers import MESSAGES, message
from engine.core.formatting import format_date_text, format_money, join_list
from engine.core.summary import ACTIONS
from engine.i18n import LANGS, locale, pick, text
from engine.render.labels import label


def _tables() -> dict[str, Mapping[str, Mapping[str, str]]]:
    """Every module-level text table in core and render: a mapping of keys to {language: text}."""
    found: dict[str, Any] = {}
    for package in (engine.core, engine.render):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for name, value in vars(module).items():
                entries = list(value.values()) if isinstance(value, Mapping) else []
                if entries and all(isinstance(e, Mapping) and "nb" in e for e in entries):
                    found[f"{module.__name__}.{name}"] = value
    return found


TABLES = _tables()


def test_the_tables_are_found() -> None:
    assert {
        "engine.core.answers.MESSAGES",
        "engine.core.fairness.REASONS",
        "engine.core.formatting.PATTERNS",
        "engine.core.plan.REF_WORDS",
        "engine.core.summary.ACTIONS",
        "engine.core.summary.PHRASES",
        "engine.render.labels.LABELS",
        "engine.render.verify.DIFFERENCES",
    } <= set(TABLES)


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_text_is_in_every_language_with_the_same_placeholders(name: str) -> None:
    for key, texts in TABLES[name].items():
        assert tuple(sorted(texts)) == tuple(sorted(LANGS)), f"{name}[{key!r}]"
        assert all(texts[lang] for lang in LANGS), f"{name}[{key!r}] has an empty text"
        assert len({frozenset(_fields(texts[lang])) for lang in LANGS}) == 1, f"{name}[{key!r}] placeholders differ"


def test_pick_falls_back_to_bokmal_then_to_any_text() -> None:
    assert pick({"nb": "Neste", "en": "Next"}, "en") == "Next"
    assert pick({"nb": "Neste", "en": "Next"}, "nn") == "Neste"
    assert pick({"en": "Next"}, "nn") == "Next"
    assert pick(None, "nb") == ""


def test_an_unknown_language_reads_as_bokmal_everywhere() -> None:
    """One behaviour: the labels, the messages, the summary words and the formatting all say it in bokmål."""
    assert label("page", "se") == label("page", "nb") == "Side"
    assert message("orgnr", "se") == message("orgnr", "nb")
    assert text(ACTIONS, "use", "se") == "bruke dataene"
    assert locale("se") == locale("nb") == "nb_NO"
    assert format_date_text(dt.date(2026, 3, 1), "se") == "1. mars 2026"
    assert format_money(10000, "se") == format_money(10000, "nb") == "kr\u00a010\u00a0000"
    assert join_list(["a", "b", "c"], "se") == "a, b og c"


def test_english_formats() -> None:
    assert format_date_text(dt.date(2026, 3, 1), "en") == "1 March 2026"
    assert format_money(10000.5, "en") == "NOK\u00a010,000.50"
    assert join_list(["a", "b"], "en") == "a and b"


def test_a_message_without_a_text_keeps_what_pydantic_said() -> None:
    assert "value_error" not in MESSAGES
    assert message("value_error", "nb", fallback="Value error, bad") == "Value error, bad"
