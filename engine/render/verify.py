"""Read back what :func:`engine.render.pdf.render_pdf` put in a PDF and check it is untouched.

``verify_pdf`` takes the embedded ``agreement.json``, rebuilds the ``Agreement``, recomputes its
content hash (RFC 8785 canonical JSON → SHA-256) and compares it with the hash stored in the JSON
and with the hash in the PDF metadata (``/Keywords`` ``avtaleverk-sha256:…``, or XMP
``pdf:Keywords``). Differences come back in plain words, in every language (the :mod:`engine.i18n`
table ``DIFFERENCES``). A PDF without
our attachment is "not ours" (``render.not-ours``); bytes that are not a PDF are ``render.failed``.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from engine.core.agreement import Agreement, compute_content_hash
from engine.errors import RenderError
from engine.i18n import LANGS, I18n, Texts, pick, text
from engine.render.html import KEYWORD_DOCUMENT_ID, KEYWORD_HASH
from engine.render.pdf import AGREEMENT_ATTACHMENT

__all__ = ["DIFFERENCES", "Difference", "VerifyResult", "read_attachments", "read_metadata", "verify_pdf"]

_KEYWORDS_XMP = re.compile(rb"<pdf:Keywords>([^<]*)</pdf:Keywords>")

#: What each kind of difference says, by code.
DIFFERENCES: Texts = {
    "attachment.unreadable": {
        "nb": "Det innebygde agreement.json er ikke gyldig JSON ({error}).",
        "en": "The embedded agreement.json is not valid JSON ({error}).",
    },
    "attachment.invalid": {
        "nb": "Det innebygde agreement.json er ikke en gyldig avtale ({count} feil).",
        "en": "The embedded agreement.json is not a valid agreement ({count} errors).",
    },
    "hash.attachment": {
        "nb": "Avtaleteksten i PDF-en er endret: innholdshashen er {computed}, men avtalen oppgir {stated}.",
        "en": "The agreement inside the PDF has been changed: its content hash is {computed}, "
        "but the agreement states {stated}.",
    },
    "hash.metadata-missing": {
        "nb": "PDF-ens metadata har ingen innholdshash.",
        "en": "The PDF metadata has no content hash.",
    },
    "hash.metadata": {
        "nb": "Innholdshashen i PDF-ens metadata ({found}) stemmer ikke med avtalen i PDF-en ({computed}).",
        "en": "The content hash in the PDF metadata ({found}) does not match the agreement inside the PDF "
        "({computed}).",
    },
    "document-id": {
        "nb": "Dokument-ID i metadata ({found}) er ikke avtalens ({expected}).",
        "en": "The document id in the metadata ({found}) is not the agreement's ({expected}).",
    },
    "none": {"nb": "(ingen)", "en": "(none)"},
}


class Difference(BaseModel):
    """One thing that does not match, said in plain words in every language."""

    model_config = ConfigDict(frozen=True)

    code: str
    message: I18n

    @classmethod
    def of(cls, code: str, **values: object) -> Difference:
        return cls(code=code, message={lang: text(DIFFERENCES, code, lang, **values) for lang in LANGS})

    def text(self, lang: str = "nb") -> str:
        return pick(self.message, lang)


class VerifyResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    ok: bool
    document_id: str | None
    content_hash: str | None
    #: The hash recomputed from the embedded agreement.
    computed_hash: str | None = None
    #: The hash found in the PDF metadata (None when there is none).
    metadata_hash: str | None = None
    differences: tuple[Difference, ...] = ()

    def messages(self, lang: str = "nb") -> list[str]:
        return [d.text(lang) for d in self.differences]


def _reader(data: bytes) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise RenderError("not a PDF file (no %PDF- header)", loc=("verify",))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        _ = reader.trailer["/Root"]
    except (PyPdfError, KeyError, ValueError, OSError) as exc:
        raise RenderError(f"cannot read the PDF: {exc}", loc=("verify",)) from exc
    return reader


def read_attachments(data: bytes) -> dict[str, bytes]:
    """Every embedded file in the PDF, by name. Raises ``RenderError`` if ``data`` is no PDF."""
    from pypdf.errors import PyPdfError

    reader = _reader(data)
    out: dict[str, bytes] = {}
    try:
        for name, contents in reader.attachments.items():
            if contents:
                out[name] = contents[0]
    except (PyPdfError, KeyError, ValueError, TypeError) as exc:
        raise RenderError(f"cannot read the PDF attachments: {exc}", loc=("verify",)) from exc
    return out


def read_metadata(data: bytes) -> dict[str, str]:
    """The document id and content hash written in the PDF metadata (keys may be missing)."""
    reader = _reader(data)
    keywords = ""
    try:
        info = reader.metadata or {}
        keywords = str(info.get("/Keywords") or "")
    except Exception:  # a broken info dictionary is reported as "no hash", not a crash
        keywords = ""
    if not keywords:
        try:
            root = reader.trailer["/Root"]
            stream = root.get("/Metadata")
            xmp = stream.get_object().get_data() if stream is not None else b""
            match = _KEYWORDS_XMP.search(xmp)
            keywords = match.group(1).decode("utf-8") if match else ""
        except Exception:
            keywords = ""
    out: dict[str, str] = {}
    for word in (w.strip() for w in keywords.split(",")):
        if word.startswith(KEYWORD_HASH):
            out["content_hash"] = word.removeprefix(KEYWORD_HASH)
        elif word.startswith(KEYWORD_DOCUMENT_ID):
            out["document_id"] = word.removeprefix(KEYWORD_DOCUMENT_ID)
    return out


def verify_pdf(data: bytes) -> VerifyResult:
    """Check that the agreement inside the PDF is the one its hashes say it is."""
    attachments = read_attachments(data)
    meta = read_metadata(data)
    if AGREEMENT_ATTACHMENT not in attachments:
        raise RenderError(
            "this PDF was not made by Avtaleverk, or it was made as PDF/A-2b: it has no embedded "
            "agreement.json to check (verify a 2b file against the registry by its metadata hash)",
            code="render.not-ours",
            loc=("verify",),
        )
    differences: list[Difference] = []
    raw = attachments[AGREEMENT_ATTACHMENT]
    agreement: Agreement | None = None
    try:
        agreement = Agreement.model_validate(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        differences.append(Difference.of("attachment.unreadable", error=exc))
    except ValidationError as exc:
        differences.append(Difference.of("attachment.invalid", count=exc.error_count()))
    if agreement is None:
        return VerifyResult(
            ok=False,
            document_id=meta.get("document_id"),
            content_hash=None,
            metadata_hash=meta.get("content_hash"),
            differences=tuple(differences),
        )

    computed = compute_content_hash(agreement)
    stated = agreement.content_hash
    in_metadata = meta.get("content_hash")
    if stated != computed:
        # "(ingen)" / "(none)" is itself said in each language.
        message = {
            lang: text(DIFFERENCES, "hash.attachment", lang, computed=computed[:12], stated=shown)
            for lang in LANGS
            if (shown := stated[:12] or text(DIFFERENCES, "none", lang))
        }
        differences.append(Difference(code="hash.attachment", message=message))
    if in_metadata is None:
        differences.append(Difference.of("hash.metadata-missing"))
    elif in_metadata != computed:
        differences.append(Difference.of("hash.metadata", found=in_metadata[:12], computed=computed[:12]))
    meta_id = meta.get("document_id")
    if meta_id is not None and meta_id != agreement.metadata.document_id:
        differences.append(Difference.of("document-id", found=meta_id, expected=agreement.metadata.document_id))
    return VerifyResult(
        ok=not differences,
        document_id=agreement.metadata.document_id,
        content_hash=stated or None,
        computed_hash=computed,
        metadata_hash=in_metadata,
        differences=tuple(differences),
    )
