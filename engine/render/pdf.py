"""Agreement → signature-ready PDF/A with WeasyPrint (and pyHanko for optional signature fields).

What the PDF holds (the contract with e-signing services and with :mod:`engine.render.verify`):

* A4 portrait, PDF/A-3b by default (``variant="pdf/a-2b"`` for archives that want 2b), fonts from
  ``engine/assets/fonts`` embedded as subsets; no form fields unless asked for.
* Footer on every page: document id · template version · short hash, and "Side X av Y".
* Metadata: title, author (the provider), subject, language, creation date = ``created_at``, and
  ``/Keywords`` (mirrored in XMP ``pdf:Keywords``) holding ``avtaleverk-document-id:<id>`` and
  ``avtaleverk-sha256:<content hash>``.
* PDF/A-3 attachments: ``agreement.json`` (the whole composed agreement, answers included) and
  ``policy.jsonld`` when the agreement has an ODRL policy. PDF/A-2 forbids non-PDF attachments,
  so a 2b file carries the hash in its metadata only.
* Deterministic: the same agreement gives the same bytes (fixed dates, content-derived file id).

WeasyPrint only ever reads files under ``engine/assets`` (:class:`AssetFetcher`); any other URL —
``file:///etc/passwd``, ``http://…``, ``data:`` — is refused, logged, and fails the render.
WeasyPrint and pyHanko are imported inside functions so importing ``engine`` stays fast.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from engine.core.agreement import Agreement
from engine.core.summary import SummaryRow
from engine.errors import RenderError
from engine.render.html import ASSETS_DIR, render_html

__all__ = [
    "AGREEMENT_ATTACHMENT",
    "MAX_PDF_BYTES",
    "POLICY_ATTACHMENT",
    "PdfVariant",
    "SignatureBox",
    "asset_url_fetcher",
    "pdf_from_html",
    "render_pdf",
]

logger = logging.getLogger(__name__)

PdfVariant = Literal["pdf/a-3b", "pdf/a-2b"]
VARIANTS: tuple[str, ...] = ("pdf/a-3b", "pdf/a-2b")

AGREEMENT_ATTACHMENT = "agreement.json"
POLICY_ATTACHMENT = "policy.jsonld"
#: BankID signing flows refuse larger files.
MAX_PDF_BYTES = 3 * 1024 * 1024

_MIME = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".svg": "image/svg+xml",
}
_ATTACHMENT_MIME = {".json": "/application#2fjson", ".jsonld": "/application#2fld+json"}
_PT_PER_PX = 0.75  # 72 PDF points per inch / 96 CSS px per inch


# --------------------------------------------------------------------------- URL fetcher


def _asset_path(url: str) -> Path | None:
    """The file under ``engine/assets`` that ``url`` names, or None if it names anything else."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    root = ASSETS_DIR.resolve()
    # Decide on the normalised path first, so a refused file is never even looked at.
    path = Path(os.path.normpath(url2pathname(unquote(parts.path))))
    if not path.is_relative_to(root):
        return None
    resolved = path.resolve()  # follows symlinks: a link out of assets/ is refused too
    if not resolved.is_relative_to(root) or not resolved.is_file():
        return None
    return resolved


@lru_cache(maxsize=1)
def _fetcher_classes() -> tuple[type, type]:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class RefusedURL(FatalURLFetchingError):
        """A URL outside the bundled assets; stops the render (WeasyPrint would only warn)."""

        def __init__(self, url: str) -> None:
            super().__init__(f"refused to fetch {url!r}: only files in engine/assets are allowed")
            self.url = url

    class AssetFetcher(URLFetcher):
        """Serves files under ``engine/assets`` and refuses every other URL."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=True)

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = _asset_path(url)
            if path is None:
                logger.error("PDF rendering refused to fetch %s (only engine/assets is served)", url)
                raise RefusedURL(url)
            mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
            return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={"Content-Type": mime})

    return AssetFetcher, RefusedURL


def asset_url_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves only files under ``engine/assets``."""
    fetcher_cls, _ = _fetcher_classes()
    return fetcher_cls()


# --------------------------------------------------------------------------- rendering


@dataclass(frozen=True)
class SignatureBox:
    """Where a signatory's signature line was laid out: page index and rectangle in PDF points."""

    name: str
    page: int
    box: tuple[int, int, int, int]  # llx, lly, urx, ury


def _walk(box: Any) -> Any:
    yield box
    for child in getattr(box, "children", ()):
        yield from _walk(child)


def _signature_boxes(document: Any) -> list[SignatureBox]:
    """Find each ``.sig-line`` element (ids ``sig-1``, ``sig-2``…) in the laid-out pages."""
    found: dict[str, SignatureBox] = {}
    for index, page in enumerate(document.pages):
        height = page.height
        for box in _walk(page._page_box):
            element = getattr(box, "element", None)
            if element is None or getattr(box, "element_tag", None) != "div":
                continue
            box_id = element.get("id") or ""
            if not box_id.startswith("sig-") or box_id in found:
                continue
            x, y = box.border_box_x(), box.border_box_y()
            w, h = box.border_width(), box.border_height()
            llx, urx = x * _PT_PER_PX, (x + w) * _PT_PER_PX
            lly, ury = (height - y - h) * _PT_PER_PX, (height - y) * _PT_PER_PX
            found[box_id] = SignatureBox(box_id, index, (round(llx), round(lly), round(urx), round(ury)))
    return [found[k] for k in sorted(found, key=lambda k: int(k.split("-")[1]))]


def _utc_naive(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def _attachments(agreement: Agreement) -> list[Any]:
    from weasyprint import Attachment

    when = _utc_naive(agreement.metadata.created_at)
    payload = json.dumps(agreement.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True)
    items = [
        Attachment(
            string=payload.encode("utf-8"),
            name=AGREEMENT_ATTACHMENT,
            description="The composed agreement (Avtaleverk), answers included",
            created=when,
            modified=when,
            relationship="Source",
        )
    ]
    if agreement.policy is not None:
        policy = json.dumps(agreement.policy, ensure_ascii=False, indent=2, sort_keys=True)
        items.append(
            Attachment(
                string=policy.encode("utf-8"),
                name=POLICY_ATTACHMENT,
                description="ODRL 2.2 policy (JSON-LD) with the same meaning as the text",
                created=when,
                modified=when,
                relationship="Data",
            )
        )
    return items


def _fix_attachment_types(document: Any, pdf: Any) -> None:
    """Finisher: a fixed MIME subtype per attachment, independent of the machine's mime.types."""
    by_ref: dict[int, str] = {}
    for obj in pdf.objects:
        if isinstance(obj, dict) and obj.get("Type") == "/Filespec" and "EF" in obj:
            uf = obj.get("UF")
            suffix = Path(str(getattr(uf, "string", uf or ""))).suffix.lower()
            by_ref[int(obj["EF"]["F"].split()[0])] = _ATTACHMENT_MIME.get(suffix, "/application#2foctet-stream")
    for number, subtype in by_ref.items():
        pdf.objects[number].extra["Subtype"] = subtype


def _translate(exc: BaseException, what: str) -> RenderError:
    _, refused_cls = _fetcher_classes()
    if isinstance(exc, refused_cls):
        return RenderError(str(exc), loc=("render", "pdf"))
    return RenderError(f"{what} failed: {type(exc).__name__}: {exc}", loc=("render", "pdf"))


#: When WeasyPrint lacks libharfbuzz-subset it subsets fonts with fontTools, which stamps "now" into
#: each font's head.modified unless SOURCE_DATE_EPOCH is set (the reproducible-builds convention).
_FONT_EPOCH = "1262304000"  # 2010-01-01T00:00:00Z: a fixed date, the value itself is meaningless


@contextmanager
def _reproducible() -> Iterator[None]:
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = old or _FONT_EPOCH
    try:
        with warnings.catch_warnings():
            # WeasyPrint 70 opens its bundled sRGB profile for PDF/A and never closes it; the
            # ResourceWarning is its leak, not ours (and an error under pytest's strict filters).
            warnings.simplefilter("ignore", ResourceWarning)
            yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def _layout(html: str) -> Any:
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    try:
        document = HTML(string=html, base_url=str(ASSETS_DIR) + os.sep, url_fetcher=asset_url_fetcher()).render()
    except (Exception, FatalURLFetchingError) as exc:
        raise _translate(exc, "PDF layout") from exc
    return document


def _write(document: Any, agreement: Agreement | None, variant: str | None) -> bytes:
    from weasyprint.urls import FatalURLFetchingError

    try:
        with _reproducible():
            return bytes(
                document.write_pdf(
                    pdf_variant=variant,
                    # PDF/A-2 allows only PDF/A attachments (WeasyPrint would leave empty file specs).
                    attachments=_attachments(agreement) if agreement and variant == "pdf/a-3b" else None,
                    finisher=_fix_attachment_types,
                )
            )
    except (Exception, FatalURLFetchingError) as exc:
        raise _translate(exc, "PDF writing") from exc


def pdf_from_html(html: str, agreement: Agreement | None = None, *, variant: str | None = "pdf/a-3b") -> bytes:
    """Lay out ``html`` (from :func:`render_html` with ``for_pdf=True``) and write the PDF.

    The low-level step of :func:`render_pdf`: only bundled assets can be fetched; with an
    ``agreement`` the PDF/A-3 attachments are added.
    """
    if variant is not None and variant not in VARIANTS:
        raise RenderError(f"unknown PDF variant {variant!r}; use one of {', '.join(VARIANTS)}")
    return _write(_layout(html), agreement, variant)


def _add_signature_fields(data: bytes, boxes: Sequence[SignatureBox], agreement: Agreement) -> bytes:
    """Append one empty PAdES signature field per signatory as an incremental update.

    The update touches nothing else: the XMP/info metadata stay as rendered (pyHanko would stamp
    "now" into them) and the second file id is derived from the content hash, so the result is
    still deterministic and still PDF/A.
    """
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        # Keep the rendered metadata (dates, PDF/A id) as is.
        writer._update_meta = lambda: None  # type: ignore[method-assign]
        first_id = writer._document_id[0]
        second = hashlib.sha256(f"{agreement.content_hash}:signature-fields".encode()).digest()[:16]
        writer._document_id = generic.ArrayObject([first_id, generic.ByteStringObject(second)])
        for index, sig in enumerate(boxes):
            party = agreement.parties[index] if index < len(agreement.parties) else None
            readable = f"{party.signatory_name or party.name}" if party else sig.name
            append_signature_field(
                writer,
                SigFieldSpec(
                    sig_field_name=f"Signature{index + 1}",
                    on_page=sig.page,
                    box=sig.box,
                    readable_field_name=readable,
                ),
            )
        out = io.BytesIO()
        writer.write(out)  # type: ignore[no-untyped-call]
    except Exception as exc:
        raise RenderError(
            f"adding signature fields failed: {type(exc).__name__}: {exc}", loc=("render", "pdf")
        ) from exc
    return out.getvalue()


def render_pdf(
    agreement: Agreement,
    *,
    variant: str = "pdf/a-3b",
    signature_fields: bool = False,
    summary: Sequence[SummaryRow] = (),
) -> bytes:
    """The agreement as a signature-ready PDF/A (bytes). See the module docstring for what is inside.

    ``summary`` is printed as the rights table on page 1 when given (see :func:`render_html`).

    ``signature_fields=True`` adds one empty signature field per signatory over its signature
    line (for signing in a PDF reader); e-signing services want the default, a flat file.
    """
    if variant not in VARIANTS:
        raise RenderError(f"unknown PDF variant {variant!r}; use one of {', '.join(VARIANTS)}")
    html = render_html(agreement, for_pdf=True, summary=summary)
    document = _layout(html)
    data = _write(document, agreement, variant)
    if signature_fields:
        data = _add_signature_fields(data, _signature_boxes(document), agreement)
    if len(data) > MAX_PDF_BYTES:
        raise RenderError(
            f"the PDF is {len(data) / 1_048_576:.1f} MB; signing services accept at most 3 MB",
            loc=("render", "pdf"),
        )
    return data
