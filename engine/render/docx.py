"""Agreement → Word document (DOCX) for parties who want to read or comment in Word.

Same numbering, titles and clause text as the PDF (both come from the composed ``Agreement``), the
parties, the rights summary when given, printed signature blocks and the annexes. The footer carries
the same document reference (id · template version · short hash) and "Side X av Y". The PDF/A stays
the document to sign; the DOCX is a reading copy. python-docx is imported only when a DOCX is made.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from html.parser import HTMLParser
from typing import Any

from engine.core.agreement import Agreement
from engine.core.formatting import format_date_text, format_orgnr
from engine.core.summary import SUMMARY_KINDS, SummaryRow
from engine.errors import RenderError
from engine.render.html import annex_heading, doc_reference
from engine.render.labels import label

__all__ = ["render_docx"]

_FONT = "Carlito"  # metric-compatible with Calibri; Word substitutes when missing
_BLOCK = {"p", "li", "h3", "h4", "h5", "h6", "blockquote", "pre", "td", "th"}


class _HtmlToDocx(HTMLParser):
    """The small HTML subset that clause Markdown produces → python-docx paragraphs, lists and tables."""

    def __init__(self, container: Any, docx: Any) -> None:
        super().__init__(convert_charrefs=True)
        self.container = container
        self.docx = docx
        self.paragraph: Any = None
        self.bold = 0
        self.italic = 0
        self.lists: list[list[Any]] = []  # stack of [kind, counter]
        self.table: Any = None
        self.row: list[Any] | None = None
        self.rows: list[list[tuple[str, bool]]] = []
        self.cell_text: list[str] | None = None
        self.cell_head = False

    # -- helpers
    def _new_paragraph(self) -> Any:
        if self.lists:
            kind, _ = self.lists[-1]
            style = "List Number" if kind == "ol" else "List Bullet"
            level = len(self.lists)
            if level > 1:
                style += f" {min(level, 3)}"
            try:
                p = self.container.add_paragraph(style=style)
            except KeyError:
                p = self.container.add_paragraph()
            return p
        return self.container.add_paragraph()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "li":
            self.paragraph = self._new_paragraph()
        elif tag in ("p", "h3", "h4", "h5", "h6", "blockquote", "pre"):
            if self.cell_text is None:
                if self.lists and self.paragraph is not None:
                    self.paragraph.add_run().add_break()
                else:
                    self.paragraph = self._new_paragraph()
                if tag.startswith("h"):
                    self.bold += 1
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "br" and self.paragraph is not None and self.cell_text is None:
            self.paragraph.add_run().add_break()
        elif tag == "table":
            self.rows = []
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell_text = []
            self.cell_head = tag == "th"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.paragraph = None
        elif tag in ("p", "li", "blockquote", "pre") and not self.lists:
            self.paragraph = None
        elif tag in ("h3", "h4", "h5", "h6"):
            self.bold = max(0, self.bold - 1)
            self.paragraph = None
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag in ("td", "th") and self.row is not None and self.cell_text is not None:
            self.row.append(("".join(self.cell_text).strip(), self.cell_head))
            self.cell_text = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None
        elif tag == "table":
            self._flush_table()

    def handle_data(self, data: str) -> None:
        if self.cell_text is not None:
            self.cell_text.append(data)
            return
        if not data.strip() and self.paragraph is None:
            return
        if self.paragraph is None:
            self.paragraph = self._new_paragraph()
        text = " ".join(data.split())
        if data[:1].isspace() and self.paragraph.text and not self.paragraph.text.endswith(" "):
            text = " " + text
        if data[-1:].isspace() and text and not text.endswith(" "):
            text += " "
        if not text:
            return
        run = self.paragraph.add_run(text)
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None

    def _flush_table(self) -> None:
        rows = [r for r in self.rows if r]
        if not rows:
            return
        width = max(len(r) for r in rows)
        table = self.container.add_table(rows=len(rows), cols=width)
        with contextlib.suppress(KeyError, ValueError):  # a template without the style: plain table
            table.style = "Table Grid"
        for i, row in enumerate(rows):
            for j, (text, head) in enumerate(row):
                cell = table.cell(i, j)
                cell.text = ""
                run = cell.paragraphs[0].add_run(text)
                run.bold = head or None
        self.rows = []
        self.paragraph = None


def _html_into(container: Any, html: str, docx: Any) -> None:
    parser = _HtmlToDocx(container, docx)
    parser.feed(html)
    parser.close()


def _add_field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, instr, sep, text, end):
        run._r.append(el)


def _heading(document: Any, text: str, level: int) -> Any:
    h = document.add_heading(text, level=level)
    return h


def _key_value_table(document: Any, rows: Sequence[tuple[str, str]]) -> None:
    rows = [(k, v) for k, v in rows if v]
    if not rows:
        return
    table = document.add_table(rows=len(rows), cols=2)
    for i, (k, v) in enumerate(rows):
        table.cell(i, 0).text = k
        table.cell(i, 1).text = v
        for r in table.cell(i, 0).paragraphs[0].runs:
            r.bold = True


def render_docx(agreement: Agreement, *, summary: Sequence[SummaryRow] = (), **_: Any) -> bytes:
    """The agreement as a DOCX file (bytes): same numbering and text as the PDF.

    ``summary`` is printed as the rights summary when given, exactly as by the HTML and PDF renderers.
    """
    try:
        import docx
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise RenderError("python-docx is not installed", loc=("render", "docx")) from exc

    meta = agreement.metadata
    lang = meta.language
    try:
        document = docx.Document()
        section = document.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4 portrait
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(2.3))
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
        normal = document.styles["Normal"]
        normal.font.name = _FONT
        normal.font.size = Pt(10.5)

        props = document.core_properties
        props.title = meta.title
        props.subject = label("subject", lang)
        props.identifier = meta.document_id
        props.keywords = f"Avtaleverk, {meta.document_id}, {agreement.content_hash}"
        props.language = lang
        props.created = meta.created_at.replace(tzinfo=None)
        props.modified = meta.created_at.replace(tzinfo=None)
        props.last_modified_by = "Avtaleverk"
        props.author = "Avtaleverk"
        props.revision = 1

        footer = section.footer.paragraphs[0]
        footer.text = f"{doc_reference(agreement)}    {label('page', lang)} "
        _add_field(footer, "PAGE")
        footer.add_run(f" {label('of', lang)} ")
        _add_field(footer, "NUMPAGES")
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for run in footer.runs:
            run.font.size = Pt(8)

        # title block
        kicker = document.add_paragraph(f"{label('document_id', lang)} {meta.document_id}")
        kicker.runs[0].font.size = Pt(9)
        document.add_heading(meta.title, level=0)
        if len(agreement.parties) == 2:
            p = document.add_paragraph(f"{label('between', lang)} ")
            p.add_run(agreement.parties[0].name).bold = True
            p.add_run(f" {label('and', lang)} ")
            p.add_run(agreement.parties[1].name).bold = True
        _key_value_table(
            document,
            [
                (label("template", lang), f"{meta.type_id} v{meta.type_version}"),
                (label("created", lang), format_date_text(meta.created_at, lang)),
                (label("content_hash", lang), agreement.content_hash),
            ],
        )

        # parties
        _heading(document, label("parties", lang), 1)
        for party in agreement.parties:
            p = document.add_paragraph()
            p.add_run(label(f"role.{party.role}", lang) + ": ").bold = True
            p.add_run(party.name)
            contact = ", ".join(filter(None, (party.contact_name, party.contact_email)))
            _key_value_table(
                document,
                [
                    (label("orgnr", lang), format_orgnr(party.orgnr)),
                    (label("address", lang), party.address or ""),
                    (label("contact", lang), contact),
                ],
            )

        # rights summary
        if summary:
            _heading(document, label("summary", lang), 1)
            for kind in SUMMARY_KINDS:
                rows = [r for r in summary if r.kind == kind]
                document.add_paragraph().add_run(label(f"summary.{kind}", lang)).bold = True
                if not rows:
                    document.add_paragraph(label("summary.none", lang))
                for r in rows:
                    ref = f" ({label('summary.clause', lang)} {r.clause_number})" if r.clause_number else ""
                    document.add_paragraph(f"{r.text}{ref}", style="List Bullet")
            note = document.add_paragraph(label("summary.note", lang))
            note.runs[0].italic = True

        # terms
        for s in agreement.sections:
            _heading(document, f"{s.number}  {s.title}", 1)
            for c in s.clauses:
                _heading(document, f"{c.number}  {c.title}", 2)
                _html_into(document, c.html, docx)

        # signatures
        _heading(document, label("signatures", lang), 1)
        document.add_paragraph(label("signatures.intro", lang))
        for party in agreement.parties:
            p = document.add_paragraph()
            p.add_run(f"{label('for', lang)} ")
            p.add_run(party.name).bold = True
            if party.orgnr:
                p.add_run(f"  ({label('orgnr', lang)} {format_orgnr(party.orgnr)})")
            table = document.add_table(rows=4, cols=2)
            lines = [
                (label("place", lang), "_" * 28),
                (label("date", lang), "_" * 28),
                (label("signature", lang), "_" * 28),
                (label("name", lang), party.signatory_name or ""),
            ]
            for i, (k, v) in enumerate(lines):
                table.cell(i, 0).text = k
                table.cell(i, 1).text = v
            document.add_paragraph(f"{label('role', lang)}: {party.signatory_role or ''}")

        # annexes
        for a in agreement.annexes:
            document.add_page_break()  # type: ignore[no-untyped-call]
            _heading(document, annex_heading(a.number, a.title, lang), 1)
            _html_into(document, a.html, docx)

        out = io.BytesIO()
        document.save(out)
    except RenderError:
        raise
    except Exception as exc:
        raise RenderError(f"DOCX rendering failed: {type(exc).__name__}: {exc}", loc=("render", "docx")) from exc
    return out.getvalue()
