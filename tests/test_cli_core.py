"""The `avtale` CLI as a user meets it: exit codes, one located line per mistake, no half-written files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from engine.cli import app
from tests.helpers import MINI, PROVIDER, RECIPIENT

runner = CliRunner()


def _answers_file(tmp_path: Path, **answers: object) -> Path:
    data = {
        "type": "mini",
        "lang": "nb",
        "created_at": "2026-11-20T10:00:00+01:00",
        "answers": {"provider": PROVIDER, "recipient": RECIPIENT, **answers},
    }
    path = tmp_path / "svar.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_types_and_clauses_list() -> None:
    result = runner.invoke(app, ["types", "--library", str(MINI)])
    assert result.exit_code == 0, result.output
    assert "mini" in result.output and "Minidatadelingsavtale" in result.output
    result = runner.invoke(app, ["clauses", "list", "--library", str(MINI), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "commercial" in result.output and "1.1.0" in result.output and "Commercial use" in result.output


def test_lint_ok_and_broken(tmp_path: Path) -> None:
    result = runner.invoke(app, ["clauses", "lint", "--library", str(MINI)])
    assert result.exit_code == 0, result.output
    assert "ok: 1 agreement type(s), 5 clause(s)" in result.output
    import shutil

    lib = tmp_path / "lib"
    shutil.copytree(MINI, lib)
    fee = lib / "clauses/fee.yaml"
    fee.write_text(fee.read_text(encoding="utf-8").replace("fee_amount | money", "fee_amont | money", 1))
    result = runner.invoke(app, ["clauses", "lint", "--library", str(lib)])
    assert result.exit_code == 2
    assert "fee.yaml:8: [library.unknown-variable] unknown variable 'fee_amont'" in result.output


def test_compose_writes_json_and_html_without_pdf(tmp_path: Path) -> None:
    answers = _answers_file(tmp_path)
    out_json, out_html = tmp_path / "a.json", tmp_path / "a.html"
    result = runner.invoke(
        app,
        ["compose", str(answers), "--library", str(MINI), "--no-pdf", "--json", str(out_json), "--html",
         str(out_html)],
    )
    assert result.exit_code == 0, result.output
    assert "AV-2026-" in result.output
    assert '"content_hash"' in out_json.read_text(encoding="utf-8")
    assert "Bergen kommune" in out_html.read_text(encoding="utf-8")


def test_compose_reports_each_mistake_with_line_and_exit_2(tmp_path: Path) -> None:
    bad_recipient = {**RECIPIENT, "orgnr": "921605901"}
    answers = _answers_file(tmp_path, recipient=bad_recipient, commercial_use="sometimes")
    target = tmp_path / "out.pdf"
    result = runner.invoke(app, ["compose", str(answers), "--library", str(MINI), "-o", str(target)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert any(
        line.startswith(f"{answers}:") and "Ugyldig organisasjonsnummer" in line and "recipient.orgnr" in line
        for line in lines
    ), lines
    assert any("Velg ett av alternativene" in line for line in lines), lines
    assert "Traceback" not in result.output
    assert not target.exists()
    assert list(tmp_path.glob(".out.pdf.*")) == []


def test_compose_english_errors(tmp_path: Path) -> None:
    answers = _answers_file(tmp_path, recipient={**RECIPIENT, "orgnr": "1"})
    result = runner.invoke(app, ["compose", str(answers), "--library", str(MINI), "--lang", "en", "--no-pdf"])
    assert result.exit_code == 2
    assert "Recipient, organisation number: Invalid organisation number" in result.output


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("type: mini\nanswers: [1, 2\n", "YAML syntax error"),
        ("- just a list\n", "an answers file is a mapping"),
        ("type: maxi\nanswers: {}\n", "unknown agreement type 'maxi'"),
        ("answers: {}\n", "type: Field required"),
    ],
)
def test_compose_bad_files(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["compose", str(path), "--library", str(MINI), "--no-pdf"])
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "Traceback" not in result.output


def test_compose_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["compose", str(tmp_path / "nope.yaml"), "--library", str(MINI)])
    assert result.exit_code == 2
    assert "cannot read" in result.output


@pytest.mark.slow
@pytest.mark.pdf
def test_verify_against_the_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.render import render_pdf
    from engine.services.agreements import compose_file
    from engine.store import open_store

    monkeypatch.setenv("AVTALEVERK_DATABASE_URL", f"sqlite:///{tmp_path / 'reg.db'}")
    agreement = compose_file(_answers_file(tmp_path), library_root=MINI)
    pdf = render_pdf(agreement)
    registered, stranger = tmp_path / "registered.pdf", tmp_path / "stranger.pdf"
    registered.write_bytes(pdf)
    store = open_store()
    store.add_agreement(agreement, by="kari", status="final", pdf=pdf)
    store.close()
    result = runner.invoke(app, ["verify", str(registered), "--registry"])
    assert result.exit_code == 0, result.output
    assert f"registry: {agreement.metadata.document_id} status=final" in result.output
    assert "Bergen kommune (974760673)" in result.output

    other = compose_file(_answers_file(tmp_path, notes="Et annet utkast"), library_root=MINI)
    stranger.write_bytes(render_pdf(other))
    result = runner.invoke(app, ["verify", str(stranger), "--registry"])
    assert result.exit_code == 1
    assert "ikke registrert" in result.output
