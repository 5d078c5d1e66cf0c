"""PDF rendering and verification, read back with pypdf. Every test here renders with WeasyPrint."""

from __future__ import annotations

import builtins
import io
import json
import logging
import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from engine.errors import RenderError
from engine.render import SummaryRow, read_attachments, render, render_pdf, verify_pdf
from engine.render import pdf as pdfmod
from engine.render.html import ASSETS_DIR, render_html
from engine.render.verify import read_metadata
from tests.helpers.render import make_agreement

pytestmark = [pytest.mark.pdf, pytest.mark.slow]

SUMMARY = [
    SummaryRow(kind="may", text="Bruke dataene internt og til forskning", clause_number="3.1"),
    SummaryRow(kind="may_not", text="Selge eller gi videre selve dataene", clause_number="3.3"),
    SummaryRow(kind="must", text="Varsle før kommersiell bruk av trente modeller", clause_number="3.3"),
]


def text_of(page) -> str:
    return unicodedata.normalize("NFKC", page.extract_text())


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def xmp(data: bytes) -> str:
    return reader(data).trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


@pytest.fixture(scope="module")
def agreement():
    return make_agreement()


@pytest.fixture(scope="module")
def nb_pdf(agreement) -> bytes:
    return render_pdf(agreement, summary=SUMMARY)


@pytest.fixture(scope="module")
def signed_fields_pdf(agreement) -> bytes:
    return render_pdf(agreement, summary=SUMMARY, signature_fields=True)


# --------------------------------------------------------------------------- layout and text


def test_pages_and_footer_on_every_page(nb_pdf, agreement):
    pages = reader(nb_pdf).pages
    assert len(pages) == 4
    for number, page in enumerate(pages, start=1):
        text = flat(text_of(page))
        assert f"Side {number} av 4" in text
        assert "AV-2026-0042" in text
        assert agreement.short_hash in text
        assert "datadeling v1.2.0" in text


def test_page_one_has_title_parties_and_summary(nb_pdf):
    text = flat(text_of(reader(nb_pdf).pages[0]))
    for expected in (
        "Datadelingsavtale",
        "Nordlys Havbruk AS",
        "974 760 673",
        "Fjordanalyse AS",
        "921 605 900",
        "Havnegata 12, 8800 Sandnessjøen",
        "Dette kan mottakeren",
        "Dette må mottakeren",
        "1 Parter og roller",
        "1.1 Partenes roller",
    ):
        assert expected in text


def test_signature_page_and_annex_page(nb_pdf):
    pages = reader(nb_pdf).pages
    signature = flat(text_of(pages[2]))
    assert signature.startswith("Underskrifter")
    for expected in (
        "For Nordlys Havbruk AS",
        "For Fjordanalyse AS",
        "Sted",
        "Dato",
        "Underskrift",
        "Øystein Dæhli",
        "Daglig leder",
        "Per Ærø",
        "Styreleder",
        "Org.nr. 921 605 900",
    ):
        assert expected in signature
    assert flat(text_of(pages[3])).startswith("Vedlegg 1 – Datasettbeskrivelse")


def test_a4_portrait(nb_pdf):
    for page in reader(nb_pdf).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)


def test_english_agreement_has_english_labels():
    data = render_pdf(make_agreement(language="en"))
    pages = reader(data).pages
    first = flat(text_of(pages[0]))
    assert "Page 1 of 4" in first and "Parties" in first and "DATA PROVIDER" in first
    signature = flat(text_of(pages[2]))
    assert "Signatures" in signature and "Place" in signature and "Date" in signature
    assert flat(text_of(pages[3])).startswith("Annex 1 – Dataset description")
    assert "Side" not in first and "Underskrifter" not in signature


def test_fonts_are_bundled_subsets(nb_pdf):
    fonts = set()
    for page in reader(nb_pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor  # embedded
            fonts.add(str(font["/BaseFont"]))
    assert fonts, "no fonts"
    for name in fonts:
        assert re.fullmatch(r"/[A-Z]{6}\+Avtaleverk-(Serif|Sans|Symbols)(-\w+)?", name), name


def test_size_is_well_under_three_megabytes(nb_pdf, signed_fields_pdf):
    assert len(nb_pdf) < 3 * 1024 * 1024
    assert len(signed_fields_pdf) < 3 * 1024 * 1024


def test_too_large_a_pdf_is_refused(monkeypatch, agreement):
    monkeypatch.setattr(pdfmod, "MAX_PDF_BYTES", 1000)
    with pytest.raises(RenderError, match="at most 3 MB"):
        render_pdf(agreement)


# --------------------------------------------------------------------------- PDF/A, metadata, attachments


def test_pdfa_3b_markers(nb_pdf):
    meta = xmp(nb_pdf)
    assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="B"' in meta
    root = reader(nb_pdf).trailer["/Root"]
    assert "/OutputIntents" in root
    assert "/AF" in root  # associated files, PDF/A-3


def test_pdfa_2b_variant(agreement):
    data = render_pdf(agreement, variant="pdf/a-2b")
    meta = xmp(data)
    assert 'pdfaid:part="2"' in meta and 'pdfaid:conformance="B"' in meta
    # PDF/A-2 allows only PDF/A attachments: the hash lives in the metadata alone.
    assert read_attachments(data) == {}
    assert read_metadata(data)["content_hash"] == agreement.content_hash
    with pytest.raises(RenderError) as info:
        verify_pdf(data)
    assert info.value.code == "render.not-ours"


def test_unknown_variant_is_refused(agreement):
    with pytest.raises(RenderError, match="unknown PDF variant"):
        render_pdf(agreement, variant="pdf/x-4")


def test_document_metadata(nb_pdf, agreement):
    pdf = reader(nb_pdf)
    info = pdf.metadata
    assert info["/Title"] == "Datadelingsavtale"
    assert info["/Author"] == "Nordlys Havbruk AS"
    assert "Avtaleverk" in info["/Subject"]
    assert f"avtaleverk-sha256:{agreement.content_hash}" in info["/Keywords"]
    assert "avtaleverk-document-id:AV-2026-0042" in info["/Keywords"]
    assert info["/CreationDate"] == info["/ModDate"] == "D:20260301093000Z"
    assert pdf.trailer["/Root"]["/Lang"] == "nb"
    assert agreement.content_hash in xmp(nb_pdf)  # pdf:Keywords mirrors /Keywords


def test_attachments_hold_the_agreement_and_the_policy(nb_pdf, agreement):
    files = read_attachments(nb_pdf)
    assert set(files) == {"agreement.json", "policy.jsonld"}
    assert json.loads(files["agreement.json"]) == agreement.model_dump(mode="json")
    assert json.loads(files["agreement.json"])["answers"]["notes"].startswith("Ønsker")
    assert json.loads(files["policy.jsonld"]) == agreement.policy


def test_attachment_types_and_relationships(nb_pdf):
    root = reader(nb_pdf).trailer["/Root"]
    names = root["/Names"]["/EmbeddedFiles"]["/Names"]
    found = {}
    for i in range(0, len(names), 2):
        spec = names[i + 1].get_object()
        stream = spec["/EF"]["/F"].get_object()
        found[str(names[i])] = (str(spec["/AFRelationship"]), str(stream["/Subtype"]))
    assert found == {
        "agreement.json": ("/Source", "/application/json"),
        "policy.jsonld": ("/Data", "/application/ld+json"),
    }


def test_no_policy_no_policy_attachment():
    data = render_pdf(make_agreement(policy=None))
    assert set(read_attachments(data)) == {"agreement.json"}


def test_no_form_fields_by_default(nb_pdf):
    pdf = reader(nb_pdf)
    assert "/AcroForm" not in pdf.trailer["/Root"]
    assert not pdf.get_fields()
    for page in pdf.pages:
        assert all(a.get_object()["/Subtype"] != "/Widget" for a in page.get("/Annots", []))


# --------------------------------------------------------------------------- determinism


def test_same_agreement_same_bytes(nb_pdf, agreement):
    assert render_pdf(agreement, summary=SUMMARY) == nb_pdf


def test_same_bytes_with_signature_fields(signed_fields_pdf, agreement):
    assert render_pdf(agreement, summary=SUMMARY, signature_fields=True) == signed_fields_pdf


def test_render_registry_gives_the_same_pdf(agreement, nb_pdf):
    assert render(agreement, "pdf", summary=SUMMARY) == nb_pdf


def test_a_changed_answer_changes_the_bytes(agreement, nb_pdf):
    other = make_agreement(answers={**agreement.answers, "territory": "norway"})
    assert render_pdf(other, summary=SUMMARY) != nb_pdf


# --------------------------------------------------------------------------- signature fields


def test_signature_fields_one_per_signatory(signed_fields_pdf):
    pdf = reader(signed_fields_pdf)
    fields = pdf.get_fields()
    assert {name: f["/FT"] for name, f in fields.items()} == {"Signature1": "/Sig", "Signature2": "/Sig"}
    signature_page = pdf.pages[2]
    widgets = [a.get_object() for a in signature_page["/Annots"]]
    assert len(widgets) == 2
    width = float(signature_page.mediabox.width)
    height = float(signature_page.mediabox.height)
    rects = sorted([float(v) for v in w["/Rect"]] for w in widgets)
    for llx, lly, urx, ury in rects:
        assert 0 < llx < urx < width and 0 < lly < ury < height
        assert urx - llx > 100 and ury - lly > 20  # a box one can sign in
        assert ury < height * 0.8  # below the heading, over the signature line
    assert rects[0][2] <= rects[1][0]  # side by side, not overlapping
    for widget in widgets:
        assert int(widget["/F"]) & 4  # printable, as PDF/A wants


def test_signature_fields_keep_pdfa_metadata_and_verify(signed_fields_pdf, nb_pdf):
    assert xmp(signed_fields_pdf) == xmp(nb_pdf)
    assert reader(signed_fields_pdf).metadata == reader(nb_pdf).metadata
    assert signed_fields_pdf.startswith(nb_pdf)  # an incremental update of the flat file
    assert verify_pdf(signed_fields_pdf).ok


# --------------------------------------------------------------------------- verify


def test_verify_passes_on_the_original(nb_pdf, agreement):
    result = verify_pdf(nb_pdf)
    assert result.ok, result.messages()
    assert result.document_id == "AV-2026-0042"
    assert result.content_hash == result.computed_hash == result.metadata_hash == agreement.content_hash
    assert result.differences == ()


def _replace_attachment(data: bytes, name: str, new: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    names = writer.root_object["/Names"]["/EmbeddedFiles"].get_object()["/Names"]
    for i in range(0, len(names), 2):
        if names[i] == name:
            stream = names[i + 1].get_object()["/EF"]["/F"].get_object()
            stream.set_data(new)
            stream[NameObject("/Params")].get_object().pop("/CheckSum", None)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_verify_fails_when_one_byte_of_the_agreement_changes(nb_pdf):
    original = read_attachments(nb_pdf)["agreement.json"]
    at = original.index(b"Fjordanalyse AS")
    tampered_json = original[:at] + b"G" + original[at + 1 :]
    tampered = _replace_attachment(nb_pdf, "agreement.json", tampered_json)

    changed = read_attachments(tampered)["agreement.json"]
    assert len(changed) == len(original)
    assert sum(a != b for a, b in zip(changed, original, strict=True)) == 1  # really one byte

    result = verify_pdf(tampered)
    assert not result.ok
    assert [d.code for d in result.differences] == ["hash.attachment", "hash.metadata"]
    assert "endret" in result.messages("nb")[0]
    assert "changed" in result.messages("en")[0]


def test_verify_catches_a_tamperer_who_also_fixes_the_json_hash(nb_pdf, agreement):
    from engine.core.agreement import compute_content_hash

    forged = make_agreement(answers={**agreement.answers, "territory": "worldwide"})
    assert forged.content_hash == compute_content_hash(forged)
    payload = json.dumps(forged.model_dump(mode="json")).encode()
    result = verify_pdf(_replace_attachment(nb_pdf, "agreement.json", payload))
    assert not result.ok
    assert [d.code for d in result.differences] == ["hash.metadata"]


def test_verify_reports_unreadable_json(nb_pdf):
    result = verify_pdf(_replace_attachment(nb_pdf, "agreement.json", b"{not json"))
    assert not result.ok and result.differences[0].code == "attachment.unreadable"


def test_a_pdf_that_is_not_ours():
    from weasyprint import HTML

    foreign = HTML(string="<p>Hei</p>").write_pdf()
    with pytest.raises(RenderError) as info:
        verify_pdf(foreign)
    assert info.value.code == "render.not-ours"


@pytest.mark.parametrize("junk", [b"", b"hello", b"%PDF-1.7\n garbage", b"\x00" * 100])
def test_invalid_pdf_bytes(junk):
    with pytest.raises(RenderError) as info:
        verify_pdf(junk)
    assert info.value.code in ("render.failed", "render.not-ours")
    with pytest.raises(RenderError):
        read_attachments(junk) if junk[:4] != b"%PDF" else verify_pdf(junk)


# --------------------------------------------------------------------------- fetching


def test_fetcher_serves_only_assets(caplog):
    fetcher = pdfmod.asset_url_fetcher()
    css = fetcher((ASSETS_DIR / "print.css").as_uri())
    assert b"@font-face" in css.read() and css.content_type == "text/css"
    refused = [
        "file:///etc/passwd",
        (ASSETS_DIR / ".." / ".." / "pyproject.toml").as_uri(),
        f"file://{ASSETS_DIR}/../render/html.py",
        "http://example.com/print.css",
        "https://example.com/font.ttf",
        "data:text/plain,hei",
        "ftp://example.com/x",
    ]
    _, refused_cls = pdfmod._fetcher_classes()
    with caplog.at_level(logging.ERROR, logger="engine.render.pdf"):
        for url in refused:
            with pytest.raises(refused_cls):
                fetcher(url)
    assert caplog.text.count("refused to fetch") == len(refused)


def test_fetcher_refuses_a_symlink_out_of_assets(tmp_path, monkeypatch):
    secret = tmp_path / "secret.css"
    secret.write_text("p { color: red }")
    fake_assets = tmp_path / "assets"
    fake_assets.mkdir()
    (fake_assets / "link.css").symlink_to(secret)
    monkeypatch.setattr(pdfmod, "ASSETS_DIR", fake_assets)
    _, refused_cls = pdfmod._fetcher_classes()
    with pytest.raises(refused_cls):
        pdfmod.asset_url_fetcher()((fake_assets / "link.css").as_uri())


def test_an_escaped_answer_shows_literally_in_the_pdf():
    from engine.core.agreement import Party

    evil = '<img src="file:///etc/passwd">'
    agreement = make_agreement(
        parties=(
            Party(role="provider", name="Nordlys Havbruk AS", orgnr="974760673", address=evil),
            Party(role="recipient", name="Fjordanalyse AS", orgnr="921605900"),
        )
    )
    text = flat(text_of(reader(render_pdf(agreement)).pages[0]))
    assert evil in text


@pytest.fixture
def opened_paths(monkeypatch):
    """Every path opened through ``open``/``io.open`` while the test runs."""
    seen: list[str] = []
    real_open = builtins.open

    def spy(file, *args, **kwargs):
        seen.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)
    return seen


def test_clause_markup_that_loads_a_file_fails_before_anything_is_read(tmp_path, opened_paths):
    from engine.core.agreement import ComposedClause

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for the pdf")
    agreement = make_agreement()
    section = agreement.sections[0]
    bad = ComposedClause(
        number="1.3", id="bilde", version="1", title="Bilde", html=f'<p><img src="{secret.as_uri()}"></p>'
    )
    agreement = make_agreement(
        sections=(section.model_copy(update={"clauses": (*section.clauses, bad)}), *agreement.sections[1:])
    )
    opened_paths.clear()
    with pytest.raises(RenderError, match="img"):
        render_pdf(agreement)
    assert str(secret) not in opened_paths


def test_weasyprint_never_reads_a_file_outside_assets(tmp_path, opened_paths, agreement):
    """Even HTML that skipped the markup check (a bug) cannot make WeasyPrint read the file."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for the pdf")
    html = render_html(agreement, for_pdf=True).replace(
        "<main", f'<img src="{secret.as_uri()}"><img src="/etc/passwd"><main', 1
    )
    opened_paths.clear()
    with pytest.raises(RenderError, match="refused to fetch") as info:
        pdfmod.pdf_from_html(html, agreement)
    assert info.value.code == "render.failed"
    assert str(secret) not in opened_paths
    assert "/etc/passwd" not in opened_paths
    assert not any(Path(p).name == "passwd" for p in opened_paths)


def test_stylesheet_url_outside_assets_fails_the_render(agreement):
    html = render_html(agreement, for_pdf=True).replace(
        '<link rel="stylesheet" href="print.css">', '<link rel="stylesheet" href="file:///etc/passwd">'
    )
    with pytest.raises(RenderError, match="refused to fetch 'file:///etc/passwd'"):
        pdfmod.pdf_from_html(html, agreement)
