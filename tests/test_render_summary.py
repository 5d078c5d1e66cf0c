"""The rights summary: renderers print the rows they are handed, all three alike, and compute none."""

from __future__ import annotations

import html
import io
import re

import docx
import pytest
from pypdf import PdfReader

from engine import SummaryRow
from engine.render import render
from tests.helpers.render import make_agreement

ROWS = (
    SummaryRow(kind="may", text="Bruke dataene internt", clause_number="3.1"),
    SummaryRow(kind="may_not", text="Selge selve dataene", clause_number="3.3"),
    SummaryRow(kind="must", text="Oppgi kilden", clause_number=None),
)


def _printed(fmt: str, data: str | bytes) -> str:
    """The text a reader of the rendered file sees."""
    if fmt == "html":
        assert isinstance(data, str)
        return html.unescape(re.sub(r"<[^>]+>", " ", data[data.index("<body") :]))
    assert isinstance(data, bytes)
    if fmt == "pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


FORMATS = ["html", pytest.param("pdf", marks=[pytest.mark.slow, pytest.mark.pdf]), "docx"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_rows_given_are_printed(fmt: str) -> None:
    text = _printed(fmt, render(make_agreement(), fmt, summary=ROWS))
    assert "Kort fortalt" in text
    for row in ROWS:
        assert row.text in text
    assert "pkt. 3.3" in " ".join(text.split()).replace("\u00a0", " ")
    assert "None" not in text  # a row without a clause number prints no "(pkt. None)"


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_rows_no_summary_even_when_the_agreement_has_a_policy(fmt: str) -> None:
    agreement = make_agreement()
    assert agreement.policy is not None
    text = _printed(fmt, render(agreement, fmt))
    assert "Kort fortalt" not in text
    assert "Bruke dataene internt" not in text
