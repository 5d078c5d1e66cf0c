"""HTML rendering: layout, labels in both languages, escaping, the markup check, the registry."""

from __future__ import annotations

import functools
import html as htmlmod
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from engine.core.agreement import ComposedClause, Party
from engine.errors import RenderError
from engine.render import RENDERERS, SummaryRow, register_renderer, render, render_html
from engine.render.html import check_markup, doc_reference, format_orgnr
from engine.render.labels import LABELS, label
from tests.helpers.render import make_agreement


def _with_clause_html(body: str):
    agreement = make_agreement()
    section = agreement.sections[1]
    bad = ComposedClause(number="2.3", id="ondsinnet", version="1.0.0", title="Ondsinnet", html=body)
    sections = list(agreement.sections)
    sections[1] = section.model_copy(update={"clauses": (*section.clauses, bad)})
    return make_agreement(sections=tuple(sections))


SUMMARY = [
    SummaryRow(kind="may", text="Bruke dataene internt", clause_number="3.1"),
    SummaryRow(kind="may_not", text="Selge selve dataene", clause_number="3.3"),
    SummaryRow(kind="must", text="Varsle før kommersiell bruk", clause_number="3.3"),
]


def test_document_skeleton_in_bokmal():
    out = render_html(make_agreement())
    assert out.startswith("<!DOCTYPE html>")
    assert '<html lang="nb">' in out
    assert "<title>Datadelingsavtale</title>" in out
    assert "AV-2026-0042" in out
    assert "datadeling v1.2.0" in out
    assert "1. mars 2026" in out


def test_parties_block_with_formatted_orgnr():
    out = render_html(make_agreement())
    parties = out[out.index('class="parties"') : out.index('class="terms"')]
    for text in (
        "Nordlys Havbruk AS",
        "974 760 673",
        "Havnegata 12, 8800 Sandnessjøen",
        "Åse Bjørklund",
        "Fjordanalyse AS",
        "921 605 900",
        "Dataleverandør",
        "Mottaker",
        "Org.nr.",
    ):
        assert text in parties


def test_sections_and_clauses_are_numbered_in_order():
    out = render_html(make_agreement())
    positions = [out.index(f'<span class="num">{n}</span>') for n in ("1", "1.1", "1.2", "2", "2.1", "4.3")]
    assert positions == sorted(positions)
    assert '<span class="num">1</span>Parter og roller' in out
    assert '<span class="num">3.4</span>Dataleverandørens andel av verdiskapingen' in out


def test_clause_body_is_inserted_as_markup():
    out = render_html(make_agreement())
    assert "<li><em>Data</em>: datasettet beskrevet i vedlegg 1, med oppdateringer.</li>" in out


def test_annex_heading_and_signature_page():
    out = render_html(make_agreement())
    assert "Vedlegg 1 – Datasettbeskrivelse" in out
    signatures = out[out.index('class="signatures"') : out.index('class="annex"')]
    for text in (
        "Underskrifter",
        "Sted",
        "Dato",
        "Underskrift",
        "Øystein Dæhli",
        "Daglig leder",
        "Per Ærø",
        "Styreleder",
        'id="sig-1"',
        'id="sig-2"',
    ):
        assert text in signatures


def test_english_labels():
    out = render_html(make_agreement(language="en"), summary=SUMMARY)
    assert '<html lang="en">' in out
    for text in (
        "Parties",
        "Data provider",
        "Recipient",
        "Org. no.",
        "Signatures",
        "Place",
        "Date",
        "Annex 1 – Dataset description",
        "The recipient may",
        "The recipient may not",
        "The recipient must",
        "1 March 2026",
        'data-l-page="Page"',
        'data-l-of="of"',
    ):
        assert text in out
    for norwegian in ("Underskrifter", "Sted", "Vedlegg 1", "Dette kan mottakeren"):
        assert norwegian not in out


def test_footer_strings_are_on_body():
    agreement = make_agreement()
    out = render_html(agreement)
    assert f'data-docref="{doc_reference(agreement)}"' in out
    assert doc_reference(agreement) == f"AV-2026-0042 · datadeling v1.2.0 · {agreement.content_hash[:12]}"
    assert 'data-l-page="Side" data-l-of="av"' in out


def test_summary_table_only_when_given():
    assert 'class="summary"' not in render_html(make_agreement(), summary=())
    assert 'class="summary"' not in render_html(make_agreement(policy=None))
    out = render_html(make_agreement(), summary=SUMMARY)
    summary = out[out.index('class="summary"') : out.index('class="terms"')]
    assert out.index('class="parties"') < out.index('class="summary"')
    for text in (
        "Dette kan mottakeren",
        "Dette kan mottakeren ikke",
        "Dette må mottakeren",
        "Bruke dataene internt",
        "(pkt.&nbsp;3.1)",
        "Selge selve dataene",
        "(pkt.&nbsp;3.3)",
    ):
        assert text in summary


def test_summary_column_without_rows_shows_a_dash():
    out = render_html(make_agreement(), summary=SUMMARY[:1])
    assert out.count('<p class="none">—</p>') == 2


def test_summary_row_is_frozen_and_checked():
    row = SUMMARY[0]
    with pytest.raises(ValueError):
        row.text = "x"  # type: ignore[misc]
    with pytest.raises(ValueError):
        SummaryRow(kind="perhaps", text="x", clause_number="1.1")  # type: ignore[arg-type]


def test_screen_preview_inlines_the_stylesheet_and_pdf_links_it():
    screen = render_html(make_agreement())
    assert "<style>" in screen and "@font-face" in screen and 'href="print.css"' not in screen
    printable = render_html(make_agreement(), for_pdf=True)
    assert '<link rel="stylesheet" href="print.css">' in printable and "<style>" not in printable


def test_metadata_for_the_pdf():
    agreement = make_agreement()
    out = render_html(agreement, for_pdf=True)
    assert '<meta name="author" content="Nordlys Havbruk AS">' in out
    assert f"avtaleverk-sha256:{agreement.content_hash}" in out
    assert '<meta name="dcterms.created" content="2026-03-01T09:30:00Z">' in out


def test_answer_values_are_escaped():
    evil = '<img src="file:///etc/passwd"> & <script>alert(1)</script>'
    agreement = make_agreement(
        parties=(
            Party(role="provider", name="Nordlys Havbruk AS", orgnr="974760673", address=evil),
            Party(role="recipient", name='Fjord "<b>analyse</b>" AS', orgnr="921605900"),
        )
    )
    out = render_html(agreement)
    assert "<img" not in out and "<script>" not in out
    assert htmlmod.escape(evil, quote=False) in out or "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in out
    assert "&lt;b&gt;analyse&lt;/b&gt;" in out


class _Page(HTMLParser):
    """The structure of a page (tags and attribute names, in order) and the text of its party names."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.structure: list[tuple[str, ...]] = []
        self.party_names: list[str] = []
        self._in_party_name = False
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.structure.append(("start", tag, *(name for name, _ in attrs)))
        if tag == "p" and ("class", "party-name") in attrs:
            self._in_party_name = True
            self.party_names.append("")

    def handle_endtag(self, tag: str) -> None:
        self.structure.append(("end", tag))
        self._in_party_name = False

    def handle_data(self, data: str) -> None:
        if self._in_party_name:
            self.party_names[-1] += data


def _page_for(provider_name: str) -> tuple[str, Party]:
    provider = Party(role="provider", name=provider_name)
    agreement = make_agreement(parties=(provider, Party(role="recipient", name="Fjordanalyse AS")))
    return render_html(agreement), agreement.parties[0]


@functools.cache
def _plain_structure() -> list[tuple[str, ...]]:
    return _Page(_page_for("Nordlys Havbruk AS")[0]).structure


@given(st.text(min_size=1, max_size=60).filter(lambda s: s.strip()))
@settings(max_examples=60, deadline=None)
def test_any_party_name_is_escaped(name: str) -> None:
    """Whatever the name, the page has the same elements as with a plain name, and prints the name as text."""
    page, provider = _page_for(name)
    parsed = _Page(page)
    assert parsed.structure == _plain_structure()  # no markup from the name
    assert parsed.party_names == [provider.name, "Fjordanalyse AS"]  # read back exactly as given
    assert str(escape(provider.name)) in page.split("<body", 1)[1]


@pytest.mark.parametrize("name", ["<", "<b>X&amp;</b>", "Fjord\" <i>AS", "a > b & c"])
def test_a_name_with_markup_characters_is_printed_escaped(name: str) -> None:
    page, _ = _page_for(name)
    block = page.split('<p class="party-name">', 1)[1].split("</p>", 1)[0]
    assert block == str(escape(name)) and name not in block


@pytest.mark.parametrize(
    "body",
    [
        '<p>Se <img src="file:///etc/passwd"></p>',
        "<p>x</p><script>alert(1)</script>",
        '<link rel="stylesheet" href="http://example.com/x.css">',
        '<p style="background: url(file:///etc/passwd)">x</p>',
        "<style>@import url(http://example.com/x.css);</style>",
        '<a href="javascript:alert(1)">klikk</a>',
        '<iframe src="https://example.com"></iframe>',
        '<p onclick="alert(1)">x</p>',
        '<object data="file:///etc/passwd"></object>',
    ],
)
def test_clause_markup_that_loads_or_runs_something_is_refused(body):
    with pytest.raises(RenderError) as info:
        render_html(_with_clause_html(body))
    assert info.value.code == "render.failed"
    assert info.value.loc[-1] == "ondsinnet"  # names the clause


def test_markdown_output_passes_the_check():
    markdown_like = (
        '<h4>Overskrift</h4><p>Tekst med <a href="https://www.digdir.no">lenke</a>, '
        '<a href="mailto:post@x.no">e-post</a> og <a href="#clause-1.1">pkt. 1.1</a>.</p>'
        '<table><thead><tr><th style="text-align:right">A</th></tr></thead><tbody><tr><td>1</td></tr>'
        '</tbody></table><ol start="3"><li><code>x</code></li></ol><blockquote><p>sitat</p></blockquote><hr>'
    )
    assert str(check_markup(markdown_like)) == markdown_like


@pytest.mark.parametrize(
    ("raw", "shown"),
    [("974760673", "974 760 673"), ("974 760 673", "974 760 673"), ("12345", "12345"), (None, ""), ("", "")],
)
def test_format_orgnr(raw, shown):
    assert format_orgnr(raw) == shown


def test_every_label_has_bokmal_and_english():
    for key, texts in LABELS.items():
        assert texts.get("nb") and texts.get("en"), key


def test_missing_translation_falls_back_to_bokmal():
    assert label("page", "nn") == "Side"


def test_layout_environment_is_sandboxed_strict_and_escaping():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from engine.render.html import _environment

    env = _environment()
    assert isinstance(env, SandboxedEnvironment)
    assert env.undefined is StrictUndefined
    assert env.autoescape is True


def test_registry_holds_the_builtins_and_render_dispatches():
    assert {"html", "pdf"} <= set(RENDERERS)
    agreement = make_agreement()
    assert render(agreement, "html") == render_html(agreement)
    assert render(agreement, "html", summary=SUMMARY) == render_html(agreement, summary=SUMMARY)


def test_render_unknown_format_is_a_render_error():
    with pytest.raises(RenderError, match="unknown output format 'odt'"):
        render(make_agreement(), "odt")


def test_a_new_renderer_registers_like_the_builtins(monkeypatch):
    monkeypatch.setitem(RENDERERS, "txt", RENDERERS["html"])
    register_renderer("txt", lambda agreement, **opts: agreement.metadata.title)
    assert render(make_agreement(), "txt") == "Datadelingsavtale"


@pytest.mark.slow
def test_importing_the_renderers_does_not_import_weasyprint_or_pyhanko():
    code = "import sys, engine.render; print(sorted(m for m in ('weasyprint', 'pyhanko', 'pypdf') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
