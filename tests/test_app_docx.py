"""DOCX download: same numbering and text as the PDF, parties and signature blocks (python-docx)."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest

from engine import compose, load_library
from engine.render import RENDERERS, render
from engine.render.html import doc_reference
from engine.services.examples import plain_text
from tests.helpers import MINI, ROOT, make_answers

FIXED = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def docx_text(data: bytes) -> tuple[list[str], str, str]:
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    footer = document.sections[0].footer.paragraphs[0].text
    return paragraphs, "\n".join(paragraphs + cells), footer


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_docx_has_the_same_numbering_and_text_as_the_agreement(lang) -> None:
    answers = make_answers(commercial_use="allowed_for_fee", fee_amount=12000, notes="Punktliste:\n\n- én\n- to")
    agreement = compose("mini", answers, lang, library=load_library(MINI), created_at=FIXED)
    assert "docx" in RENDERERS
    data = render(agreement, "docx")
    assert isinstance(data, bytes) and data[:2] == b"PK"
    paragraphs, text, footer = docx_text(data)
    assert paragraphs[1] == agreement.metadata.title
    for section in agreement.sections:
        assert f"{section.number}  {section.title}" in paragraphs
        for clause in section.clauses:
            assert f"{clause.number}  {clause.title}" in paragraphs
            assert _norm(plain_text(clause.html)) in _norm(text), clause.id
    for annex in agreement.annexes:
        assert any(p.endswith(f"{annex.number} – {annex.title}") for p in paragraphs)
        assert "CSV" in text
    for party in agreement.parties:
        assert party.name in text and (party.signatory_name or "") in text
    assert ("Underskrifter" if lang == "nb" else "Signatures") in paragraphs
    assert doc_reference(agreement) in footer
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.identifier == agreement.metadata.document_id
    assert agreement.content_hash in props.keywords


@pytest.mark.slow
def test_docx_of_the_shipped_agreement_with_summary() -> None:
    from engine.core.samples import fill_missing
    from engine.core.summary import rights_summary

    lib = load_library(ROOT)
    t = lib.agreement_type("datadeling")
    agreement = compose(t, fill_missing(t, {}, "nb"), "nb", library=lib, created_at=FIXED)
    data = render(agreement, "docx", summary=rights_summary(agreement, "nb"))
    paragraphs, _, _ = docx_text(data)
    assert "Kort fortalt" in paragraphs
    numbers = [c.number for s in agreement.sections for c in s.clauses]
    assert all(any(p.startswith(f"{n}  ") for p in paragraphs) for n in numbers)
