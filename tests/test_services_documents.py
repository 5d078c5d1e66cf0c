"""``engine.services.documents``: an agreement as files — names, MIME types, and one summary for every rendering."""

from __future__ import annotations

import json

import pytest

from engine import compose, load_library
from engine.errors import RenderError
from engine.services.documents import (
    MIME_TYPES,
    agreement_json,
    downloads,
    file_name,
    policy_jsonld,
    policy_turtle,
    preview_html,
    rendition,
)
from engine.services.sources import PolicySource
from engine.services.summary import rights_summary
from tests.helpers import FIXED_TIME, MINI, make_answers


@pytest.fixture
def agreement():
    return compose("mini", make_answers(), "en", library=load_library(MINI), created_at=FIXED_TIME)


def test_files_are_named_after_the_document_id(agreement) -> None:
    doc = agreement.metadata.document_id
    assert [file_name(agreement, k) for k in ("pdf", "docx", "jsonld", "ttl", "json")] == [
        f"{doc}.pdf", f"{doc}.docx", f"{doc}.policy.jsonld", f"{doc}.policy.ttl", f"{doc}.json"
    ]  # fmt: skip
    assert MIME_TYPES["docx"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_the_policy_files_say_the_same(agreement) -> None:
    assert json.loads(str(policy_jsonld(agreement))) == agreement.policy
    turtle = str(policy_turtle(agreement))
    assert PolicySource.from_odrl(turtle, name="p.ttl").target == agreement.policy["target"]
    assert PolicySource.from_agreement_json(agreement_json(agreement)).agreement == agreement


def test_the_preview_prints_the_summary_in_the_agreements_language(agreement) -> None:
    page = preview_html(agreement)
    [may] = [r for r in rights_summary(agreement) if r.kind == "may"]
    assert may.text == "Use the data" and may.text in page
    assert "Use the data" not in preview_html(agreement, summary=()), "an empty summary prints none"
    html = rendition(agreement, "html")
    assert (html.file_name.endswith(".html"), html.mime, html.data) == (True, "text/html", page)


def test_without_a_policy_there_are_no_policy_files(agreement) -> None:
    bare = agreement.model_copy(update={"policy": None})
    with pytest.raises(RenderError, match="no ODRL policy"):
        rendition(bare, "ttl")
    assert policy_jsonld(bare) is None and policy_turtle(bare) is None


@pytest.mark.slow
@pytest.mark.pdf
def test_downloads_in_order_the_pdf_as_stored(agreement) -> None:
    files = downloads(agreement)
    assert [(f.kind, f.mime) for f in files] == [
        ("pdf", "application/pdf"), ("docx", MIME_TYPES["docx"]), ("jsonld", "application/ld+json"),
        ("ttl", "text/turtle"),
    ]  # fmt: skip
    assert bytes(files[0].data).startswith(b"%PDF-") and bytes(files[1].data)[:2] == b"PK"
    stored = downloads(agreement, pdf=b"%PDF-stored")
    assert stored[0].data == b"%PDF-stored" and stored[0].file_name == files[0].file_name
