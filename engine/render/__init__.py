"""Renderers: Agreement → HTML preview or signature-ready PDF/A, and PDF verification.

Built-in renderers register in ``RENDERERS`` exactly the way a new one (DOCX) would be added;
``render(agreement, fmt, **opts)`` looks the format up there and nothing else special-cases it.
WeasyPrint, pyHanko and pypdf are imported only when a PDF is made or read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, overload

from engine.core.agreement import Agreement
from engine.errors import RenderError
from engine.render.docx import render_docx
from engine.render.html import SummaryRow, render_html
from engine.render.pdf import render_pdf
from engine.render.verify import VerifyResult, read_attachments, verify_pdf

__all__ = [
    "RENDERERS",
    "Renderer",
    "SummaryRow",
    "VerifyResult",
    "read_attachments",
    "register_renderer",
    "render",
    "render_docx",
    "render_html",
    "render_pdf",
    "verify_pdf",
]

#: A renderer takes an agreement and keyword options and returns text (str) or a file (bytes).
Renderer = Callable[..., str | bytes]

RENDERERS: dict[str, Renderer] = {}


def register_renderer(fmt: str, renderer: Renderer) -> None:
    """Make ``render(agreement, fmt)`` call ``renderer``; a later registration replaces an earlier one."""
    RENDERERS[fmt] = renderer


# Built-ins, registered like any addition would be.
register_renderer("html", render_html)
register_renderer("pdf", render_pdf)
register_renderer("docx", render_docx)


@overload
def render(agreement: Agreement, fmt: Literal["html"], **opts: Any) -> str: ...
@overload
def render(agreement: Agreement, fmt: Literal["pdf", "docx"], **opts: Any) -> bytes: ...
@overload
def render(agreement: Agreement, fmt: str, **opts: Any) -> str | bytes: ...


def render(agreement: Agreement, fmt: str, **opts: Any) -> str | bytes:
    """Render ``agreement`` as ``fmt`` ("html" → str, "pdf" → bytes)."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        known = ", ".join(sorted(RENDERERS))
        raise RenderError(f"unknown output format {fmt!r}; known formats: {known}", loc=("render",)) from None
    return renderer(agreement, **opts)
