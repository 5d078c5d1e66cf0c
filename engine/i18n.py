"""One shape for every user-facing text: a table of keys, each key a text per language, and ``pick``.

Why one shape: a third language (nynorsk) must be a translation of the tables, not a hunt through
eight differently shaped dictionaries with three different behaviours for a missing language.

    WORDS: Texts = {"next": {"nb": "Neste", "en": "Next"}}
    pick(WORDS["next"], "en")            -> "Next"
    text(WORDS, "next", "nb")            -> "Neste"

The one fallback rule: the asked language, else bokmål (every text is written in bokmål first),
else the first text there is. Legal text must not fall back silently: the library loader and the
workshop check that every clause has every language, so ``pick`` only ever falls back for UI copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

Lang = Literal["nb", "en"]
#: The languages a document can be written in and the UI can speak, in the order they are offered.
LANGS: tuple[Lang, ...] = ("nb", "en")
#: The language every text is written in first, and the fallback for UI copy.
SOURCE_LANG: Lang = "nb"

#: The Babel locale that formats dates, numbers and money in each language.
LOCALES: Mapping[str, str] = {"nb": "nb_NO", "en": "en_GB"}

#: Text in each language, keyed by language code.
I18n = dict[str, str]
#: A table of texts: message key -> text per language.
Texts = Mapping[str, Mapping[str, str]]


def pick(texts: Mapping[str, str] | None, lang: str) -> str:
    """The text in ``lang``, else in bokmål, else the first there is ("" for no text at all)."""
    if not texts:
        return ""
    return texts.get(lang) or texts.get(SOURCE_LANG) or next(iter(texts.values()), "")


def text(table: Texts, key: str, lang: str, /, **values: object) -> str:
    """``pick`` from a table by key, then fill ``{name}`` placeholders. An unknown key is a bug: KeyError."""
    template = pick(table[key], lang)
    return template.format(**values) if values else template


def locale(lang: str) -> str:
    """The Babel locale for ``lang``, by the same rule as ``pick`` (an unknown language formats as bokmål)."""
    return LOCALES.get(lang) or LOCALES[SOURCE_LANG]
