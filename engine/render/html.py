"""Agreement → one HTML document: the screen preview and the source of the PDF.

The page layout is a Jinja2 template (``templates/agreement.html.j2``) rendered in a sandboxed
environment with autoescaping and ``StrictUndefined``: every value inserted is escaped. The only
markup inserted as is are clause and annex bodies, which ``compose`` rendered from the library's
Markdown; they are checked here first (:func:`check_markup`) so a clause can never make a reader
of the document — a browser or WeasyPrint — load anything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from engine.core.agreement import Agreement
from engine.core.formatting import format_date_text, format_orgnr
from engine.core.summary import SUMMARY_KINDS, SummaryRow
from engine.errors import Loc, RenderError
from engine.render.labels import label, labels_for

__all__ = [
    "ASSETS_DIR",
    "STYLESHEET",
    "SummaryRow",
    "annex_heading",
    "check_markup",
    "doc_reference",
    "format_orgnr",
    "pdf_keywords",
    "render_html",
]

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"
STYLESHEET = ASSETS_DIR / "print.css"
_TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

#: Keyword prefixes in the PDF metadata that :mod:`engine.render.verify` reads back.
KEYWORD_DOCUMENT_ID = "avtaleverk-document-id:"
KEYWORD_HASH = "avtaleverk-sha256:"


# --------------------------------------------------------------------------- formatting


def w3c_datetime(value: datetime) -> str:
    """A W3C date-time in UTC without fractions (what WeasyPrint turns into PDF dates)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def doc_reference(agreement: Agreement) -> str:
    """The line printed in every page footer: document id · template version · short hash."""
    meta = agreement.metadata
    parts = [meta.document_id, f"{meta.type_id} v{meta.type_version}"]
    if agreement.content_hash:
        parts.append(agreement.short_hash)
    return " · ".join(parts)


def pdf_keywords(agreement: Agreement) -> list[str]:
    """PDF /Keywords (and XMP pdf:Keywords): where the document id and full hash are stored."""
    words = ["Avtaleverk", f"{KEYWORD_DOCUMENT_ID}{agreement.metadata.document_id}"]
    if agreement.content_hash:
        words.append(f"{KEYWORD_HASH}{agreement.content_hash}")
    return words


# --------------------------------------------------------------------------- markup check

# What Markdown rendering produces, and nothing that loads, runs or restyles anything.
_ALLOWED_TAGS = frozenset(
    {
        *("p", "br", "hr", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "div", "span"),
        *("strong", "em", "b", "i", "u", "s", "del", "ins", "sub", "sup", "small", "mark", "abbr"),
        *("code", "kbd", "q", "cite", "a", "h3", "h4", "h5", "h6"),
        *("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"),
    }
)
_ALLOWED_ATTRS = frozenset(
    {
        *("href", "title", "class", "id", "lang", "dir", "style", "align"),
        *("colspan", "rowspan", "scope", "start", "type", "reversed", "value"),
    }
)
_SAFE_HREF = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)
_UNSAFE_STYLE = re.compile(r"url\s*\(|image-set|@import|expression|\\", re.IGNORECASE)


class _MarkupChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED_TAGS:
            self.problems.append(f"<{tag}> is not allowed")
            return
        for name, value in attrs:
            value = (value or "").strip()
            if name not in _ALLOWED_ATTRS:
                self.problems.append(f'<{tag} {name}="{value}"> is not allowed')
            elif name == "href" and not _SAFE_HREF.match(value):
                self.problems.append(f'<{tag} href="{value}">: only http(s), mailto and # links')
            elif name == "style" and _UNSAFE_STYLE.search(value):
                self.problems.append(f'<{tag} style="{value}"> may load a resource')

    handle_startendtag = handle_starttag


def check_markup(html: str, loc: Loc = ()) -> Markup:
    """Check clause/annex HTML and mark it safe to insert, or raise ``RenderError``.

    Only the tags and attributes that Markdown produces are allowed; nothing that fetches a
    resource (``img``, ``link``, ``style``, ``url(...)``), runs code or escapes the layout.
    """
    checker = _MarkupChecker()
    checker.feed(html)
    checker.close()
    if checker.problems:
        raise RenderError(
            "clause markup would load or run something: " + "; ".join(checker.problems[:3]),
            loc=loc,
        )
    return Markup(html)  # checked above


# --------------------------------------------------------------------------- rendering


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(_TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["orgnr"] = format_orgnr
    return env


@lru_cache(maxsize=1)
def _stylesheet_text() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def annex_heading(number: str, title: str, lang: str) -> str:
    """"Vedlegg 1 – Databeskrivelse" (an annex numbered by a word, like "Bilag A", keeps its own)."""
    prefix = f"{label('annex', lang)} {number}" if number[:1].isdigit() else number
    return f"{prefix} – {title}"


def _summary_columns(summary: Sequence[SummaryRow], lang: str) -> list[dict[str, Any]]:
    return [
        {"kind": kind, "heading": label(f"summary.{kind}", lang), "rows": [r for r in summary if r.kind == kind]}
        for kind in SUMMARY_KINDS
    ]


def render_html(
    agreement: Agreement,
    *,
    for_pdf: bool = False,
    summary: Sequence[SummaryRow] = (),
) -> str:
    """The agreement as one HTML document.

    ``for_pdf=False`` (screen preview) inlines ``print.css`` so the page stands alone;
    ``for_pdf=True`` links it by a relative URL that :func:`engine.render.pdf.pdf_from_html`
    resolves inside ``engine/assets`` only. ``summary`` (the rows of
    :func:`engine.core.summary.rights_summary`) is printed as the rights table on page 1 when given;
    every renderer prints exactly the rows it is handed and computes none itself.
    """
    meta = agreement.metadata
    lang = meta.language
    sections = [
        {
            "number": s.number,
            "id": s.id,
            "title": s.title,
            "clauses": [
                {
                    "number": c.number,
                    "id": c.id,
                    "title": c.title,
                    "body": check_markup(c.html, ("sections", si, "clauses", ci, c.id)),
                }
                for ci, c in enumerate(s.clauses)
            ],
        }
        for si, s in enumerate(agreement.sections)
    ]
    annexes = [
        {
            "id": a.id,
            "heading": annex_heading(a.number, a.title, lang),
            "body": check_markup(a.html, ("annexes", ai, a.id)),
        }
        for ai, a in enumerate(agreement.annexes)
    ]
    provider = agreement.party("provider")
    context = {
        "L": labels_for(lang),
        "lang": lang,
        "for_pdf": for_pdf,
        "css": Markup(_stylesheet_text()),  # our own file
        "meta": meta,
        "created": format_date_text(meta.created_at, lang),
        "created_w3c": w3c_datetime(meta.created_at),
        "content_hash": agreement.content_hash,
        "doc_ref": doc_reference(agreement),
        "keywords": ", ".join(pdf_keywords(agreement)),
        "author": provider.name if provider else "",
        "parties": [
            {"party": p, "role": label(f"role.{p.role}", lang), "sig_id": f"sig-{i + 1}"}
            for i, p in enumerate(agreement.parties)
        ],
        "summary": _summary_columns(summary, lang) if summary else None,
        "sections": sections,
        "annexes": annexes,
    }
    try:
        return str(_environment().get_template("agreement.html.j2").render(context))
    except JinjaTemplateError as exc:
        raise RenderError(f"page layout failed: {exc}", loc=("render", "html")) from exc
