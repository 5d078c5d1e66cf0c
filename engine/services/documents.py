"""An agreement as files: PDF/A, DOCX, the policy as JSON-LD and Turtle, the agreement as JSON, the HTML preview.

One place decides what a finished agreement can be downloaded as, its file names and MIME types, and
that every rendering is given the same rights summary (so the PDF, the DOCX and the preview agree on
what page 1 says). The CLI, the app and the HTTP API take their files from here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from engine import odrl
from engine.core.agreement import Agreement
from engine.errors import RenderError
from engine.render import render
from engine.services.summary import SummaryRow, rights_summary

__all__ = [
    "DOWNLOADS",
    "MIME_TYPES",
    "FileKind",
    "Rendition",
    "agreement_json",
    "downloads",
    "file_name",
    "policy_jsonld",
    "policy_turtle",
    "preview_html",
    "rendition",
]

FileKind = Literal["pdf", "docx", "jsonld", "ttl", "json", "html"]

#: What a finished agreement is offered as, in the order it is offered.
DOWNLOADS: tuple[FileKind, ...] = ("pdf", "docx", "jsonld", "ttl")

MIME_TYPES: dict[FileKind, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "jsonld": "application/ld+json",
    "ttl": "text/turtle",
    "json": "application/json",
    "html": "text/html",
}
_SUFFIXES: dict[FileKind, str] = {
    "pdf": ".pdf",
    "docx": ".docx",
    "jsonld": ".policy.jsonld",
    "ttl": ".policy.ttl",
    "json": ".json",
    "html": ".html",
}


@dataclass(frozen=True)
class Rendition:
    """One file of an agreement: what it is, its bytes (or text), its file name and MIME type."""

    kind: FileKind
    data: bytes | str
    file_name: str
    mime: str

    @property
    def content(self) -> bytes:
        """The file's bytes (a text file encoded as UTF-8): what is written or stored."""
        return self.data if isinstance(self.data, bytes) else self.data.encode("utf-8")


def file_name(agreement: Agreement, kind: FileKind) -> str:
    """``AV-2026-….pdf``, ``AV-2026-….policy.ttl``: named after the document id."""
    return agreement.metadata.document_id + _SUFFIXES[kind]


def agreement_json(agreement: Agreement) -> str:
    """The whole composed agreement as JSON (what ``PolicySource.from_agreement_json`` reads back)."""
    return json.dumps(agreement.model_dump(mode="json"), ensure_ascii=False, indent=2)


def policy_jsonld(agreement: Agreement) -> str | None:
    """The agreement's ODRL policy as JSON-LD (None when no clause carries an ODRL meaning)."""
    if agreement.policy is None:
        return None
    return json.dumps(agreement.policy, ensure_ascii=False, indent=2)


def policy_turtle(agreement: Agreement) -> str | None:
    """The agreement's ODRL policy as Turtle (None when it has none)."""
    if agreement.policy is None:
        return None
    return str(odrl.policy_to_turtle(odrl.policy_from_dict(agreement.policy)))


def preview_html(agreement: Agreement, *, summary: Sequence[SummaryRow] | None = None) -> str:
    """The agreement as one HTML page for the screen (the rights summary included)."""
    rows = rights_summary(agreement) if summary is None else summary
    return str(render(agreement, "html", summary=rows))


def rendition(
    agreement: Agreement,
    kind: FileKind,
    *,
    summary: Sequence[SummaryRow] | None = None,
    variant: str = "pdf/a-3b",
    signature_fields: bool = False,
) -> Rendition:
    """One file of the agreement. The PDF is PDF/A-3b by default (``variant="pdf/a-2b"``);
    ``signature_fields`` adds empty PAdES fields (e-signing services want the flat default)."""
    rows = rights_summary(agreement) if summary is None and kind in ("pdf", "docx", "html") else summary
    data: bytes | str | None
    if kind == "pdf":
        data = bytes(render(agreement, "pdf", summary=rows, variant=variant, signature_fields=signature_fields))
    elif kind == "docx":
        data = bytes(render(agreement, "docx", summary=rows))
    elif kind == "html":
        data = preview_html(agreement, summary=rows)
    elif kind == "json":
        data = agreement_json(agreement)
    elif kind == "jsonld":
        data = policy_jsonld(agreement)
    else:
        data = policy_turtle(agreement)
    if data is None:
        raise RenderError("the agreement has no ODRL policy to write", loc=("render", kind))
    return Rendition(kind, data, file_name(agreement, kind), MIME_TYPES[kind])


def downloads(agreement: Agreement, *, pdf: bytes | None = None) -> tuple[Rendition, ...]:
    """What a finished agreement is offered as (:data:`DOWNLOADS`; the policy files only when it has a
    policy). ``pdf``: the stored PDF, so a registered agreement is offered in the very bytes registered."""
    rows = rights_summary(agreement)
    out = []
    for kind in DOWNLOADS:
        if kind in ("jsonld", "ttl") and agreement.policy is None:
            continue
        if kind == "pdf" and pdf is not None:
            out.append(Rendition("pdf", pdf, file_name(agreement, "pdf"), MIME_TYPES["pdf"]))
        else:
            out.append(rendition(agreement, kind, summary=rows))
    return tuple(out)
