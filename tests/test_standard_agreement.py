"""The shipped library as users get it: lint-clean, every clause example true, both agreement types, the CLI."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from engine.cli import app
from engine.core.library import check_library
from engine.services.examples import compose_example, run_examples
from tests.helpers import ROOT

runner = CliRunner()
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.mark.slow
def test_library_is_lint_clean() -> None:
    assert [p.one_line() for p in check_library(ROOT)] == []


@pytest.mark.slow
def test_every_clause_example_holds(repo_library) -> None:
    results = run_examples(repo_library)
    failed = [f"{r.clause_id} / {r.example}: {r.detail}" for r in results if not r.ok]
    assert not failed, "\n".join(failed)
    with_examples = {r.clause_id for r in results}
    option_bearing = {c.id for c in repo_library.clauses.values() if c.policy or c.include_if}
    assert option_bearing <= with_examples, option_bearing - with_examples
    assert sum(r.check == "request" for r in results) >= 50


def test_datalisens_is_an_open_offer(repo_library) -> None:
    t = repo_library.types["datalisens"]
    assert t.question("recipient") is None
    a = compose_example(repo_library, t, {}, "nb")
    assert a.policy is not None and a.policy["@type"] == "Offer"
    assert a.policy["assigner"].endswith("/974760673")
    assert "assignee" not in a.policy
    shared = set(t.clause_ids()) & set(repo_library.types["datadeling"].clause_ids())
    assert len(shared) >= 10  # reuse is real


def test_personal_data_brings_the_right_annex_or_section(repo_library) -> None:
    t = repo_library.types["datadeling"]
    # A processor cannot use the data commercially on its own account (an option rule), so say so.
    answers = {"personal_data": "personal", "personal_data_role": "processor", "commercial_use": "not_allowed"}
    processor = compose_example(repo_library, t, answers, "nb")
    assert "dpa_annex" in processor.numbering()
    c2c = compose_example(
        repo_library, t, {"personal_data": "personal", "personal_data_role": "controller_controller"}, "en"
    )
    assert "controller_to_controller" in c2c.numbering() and "dpa_annex" not in c2c.numbering()
    none = compose_example(repo_library, t, {"personal_data": "none"}, "nb")
    assert "dpa_annex" not in none.numbering()


@pytest.mark.slow
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_renders_with_summary_on_page_one(tmp_path: Path, path: Path) -> None:
    out = tmp_path / "a.pdf"
    result = runner.invoke(app, ["compose", str(path), "-o", str(out), "--policy", str(tmp_path / "p.jsonld")])
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    first = unicodedata.normalize("NFKC", reader.pages[0].extract_text())
    assert "Kort fortalt" in first or "In short" in first
    assert "Dette kan mottakeren ikke" in first or "The recipient may not" in first
    assert set(reader.attachments) == {"agreement.json", "policy.jsonld"}
    assert out.stat().st_size < 3_000_000
    verify = runner.invoke(app, ["verify", str(out)])
    assert verify.exit_code == 0 and verify.output.startswith("intact: ")


@pytest.mark.slow
def test_broken_example_gives_located_errors_and_suggestion() -> None:
    result = runner.invoke(app, ["compose", str(ROOT / "examples/feil/ugyldig.yaml"), "--no-pdf"])
    assert result.exit_code == 2
    assert "Mente du «commercial_definition»?" in result.output
    assert "examples/feil/ugyldig.yaml:" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_fairness_command(tmp_path: Path) -> None:
    example = ROOT / "examples/kommune-sensordata.yaml"
    result = runner.invoke(app, ["fairness", str(example)])
    assert result.exit_code == 0, result.output
    assert "Ingen urimelige vilkår" in result.output
    unfair = tmp_path / "urimelig.yaml"
    text = example.read_text(encoding="utf-8")
    shutil.copy(example, unfair)
    unfair.write_text(text.replace("answers:\n", "answers:\n  conformity_decision: provider_decides\n", 1),
                      encoding="utf-8")
    result = runner.invoke(app, ["fairness", str(unfair)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("RED")
    assert "punkt" in result.output


def _pdf_text(path: Path) -> str:
    import re

    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    text = re.sub(r"-\s*\n\s*", "", unicodedata.normalize("NFKC", text))  # undo hyphenation at line ends
    return re.sub(r"\s+", " ", text)


@pytest.mark.slow
@pytest.mark.pdf
def test_chosen_options_are_in_the_pdf_and_others_are_not(tmp_path: Path) -> None:
    kommune, handel = tmp_path / "kommune.pdf", tmp_path / "handel.pdf"
    for src, out in ((ROOT / "examples/kommune-sensordata.yaml", kommune), (ROOT / "examples/handel-ki.yaml", handel)):
        result = runner.invoke(app, ["compose", str(src), "-o", str(out)])
        assert result.exit_code == 0, result.output
    text = _pdf_text(kommune)
    assert "Mottakeren kan ikke bruke Dataene kommersielt" in text
    assert "kan bruke Dataene kommersielt, slik det er definert" not in text
    assert "Fjordby kommune" in text and "964 330 123" in text
    assert "Dataleverandørens rett til å investere" not in text
    english = _pdf_text(handel)
    assert "The Provider's right to invest" in english
    assert "Revenue share" in english
    assert "The Recipient may not use the Data commercially" not in english
    assert "Page 1 of" in english and "Side 1 av" in text
