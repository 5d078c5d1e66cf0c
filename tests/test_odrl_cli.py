"""``avtale check``: exit 0 permit, 1 deny / not applicable, 2 input error; the policy from an ODRL file, an
agreement JSON or one of our PDFs — verified, so an altered PDF or agreement is refused."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfWriter
from typer.testing import CliRunner

from engine.cli import app

DATA = Path(__file__).parent / "data" / "odrl"
AVT_POLICY = DATA / "cases" / "avt01_read_in_norway" / "policy.ttl"
ALICE = DATA / "policies" / "alice_read_until_2024.jsonld"
BASE = [
    "check",
    "--policy",
    str(AVT_POLICY),
    "--assignee",
    "https://example.no/startup",
    "--target",
    "https://example.no/datasett",
    "--at",
    "2026-03-01T12:00:00+01:00",
]
runner = CliRunner()


def test_permit_exit_0_with_duties_in_text() -> None:
    result = runner.invoke(app, [*BASE, "--action", "read", "--purpose", "dpv:AcademicResearch", "--spatial", "NO"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("TILLATT")
    assert "punkt 5.1" in result.output and "kreditere kilden (punkt 11.1)" in result.output


def test_deny_exit_1_english() -> None:
    result = runner.invoke(
        app, [*BASE, "--action", "reidentify", "--purpose", "AcademicResearch", "--spatial", "NO", "--lang", "en"]
    )
    assert result.exit_code == 1, result.output
    assert result.output.startswith("DENIED") and "clause 6.1" in result.output


def test_missing_facts_listed() -> None:
    result = runner.invoke(app, [*BASE, "--action", "read", "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert "What is the purpose of the use?" in result.output
    assert "Where will the data be used" in result.output


def test_json_and_turtle_output() -> None:
    result = runner.invoke(
        app, [*BASE, "--action", "read", "--purpose", "AcademicResearch", "--spatial", "NO", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["decision"] == "permit" and data["duties_owed"][0]["clause_number"] == "11.1"
    result = runner.invoke(app, [*BASE, "--action", "read", "--format", "turtle"])
    assert result.exit_code == 1
    assert "report:PolicyReport" in result.output


def test_request_file_and_state_file(tmp_path: Path) -> None:
    state = tmp_path / "state.yaml"
    state.write_text("now: 2024-02-12T10:00:00Z\ncontext:\n  spatial: NO\n")
    request = DATA / "requests" / "alice_read_x.jsonld"
    result = runner.invoke(app, ["check", "--policy", str(ALICE), "--request", str(request), "--state", str(state)])
    assert result.exit_code == 0, result.output
    late = tmp_path / "late.json"
    late.write_text(json.dumps({"now": "2025-02-12T10:00:00Z"}))
    result = runner.invoke(app, ["check", "--policy", str(ALICE), "--request", str(request), "--state", str(late)])
    assert result.exit_code == 1, result.output


def _pdf(attachments: dict[str, bytes]) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    for name, data in attachments.items():
        writer.add_attachment(name, data)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _mini_agreement():
    from engine import compose, load_library
    from tests.helpers import FIXED_TIME, MINI, make_answers

    return compose("mini", make_answers(), "nb", library=load_library(MINI), created_at=FIXED_TIME)


MINI_USE = ["--action", "read", "--purpose", "dpv:AcademicResearch", "--at", "2026-06-01"]


def test_policy_from_an_agreement_json_and_a_tampered_one(tmp_path: Path) -> None:
    from engine.services.documents import agreement_json

    agreement = _mini_agreement()
    good = tmp_path / "avtale.json"
    good.write_text(agreement_json(agreement), encoding="utf-8")
    result = runner.invoke(app, ["check", "--policy", str(good), *MINI_USE])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("TILLATT") and "punkt 2.1" in result.output

    data = json.loads(agreement_json(agreement))
    data["parties"][1]["name"] = "Noen andre AS"
    bad = tmp_path / "endret.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["check", "--policy", str(bad), *MINI_USE])
    assert result.exit_code == 2, result.output
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"{bad}: [policy.invalid] the agreement has been altered"), line


@pytest.mark.slow
@pytest.mark.pdf
def test_policy_from_our_pdf_and_an_altered_pdf_is_refused(tmp_path: Path) -> None:
    from engine.render import render_pdf
    from tests.helpers.app import altered_pdf

    pdf = render_pdf(_mini_agreement())
    ours = tmp_path / "avtale.pdf"
    ours.write_bytes(pdf)
    result = runner.invoke(app, ["check", "--policy", str(ours), *MINI_USE, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [r["clause_number"] for r in json.loads(result.output)["deciding_rules"]] == ["2.1"]

    changed = tmp_path / "endret.pdf"
    changed.write_bytes(altered_pdf(pdf))
    result = runner.invoke(app, ["check", "--policy", str(changed), *MINI_USE])
    assert result.exit_code == 2, result.output
    [line] = result.stderr.strip().splitlines()
    assert "[render.failed] the PDF has been altered, so its policy cannot be trusted" in line, line
    assert line.startswith(str(changed)), line


def test_a_pdf_with_only_a_policy_attachment_is_not_trusted(tmp_path: Path) -> None:
    """Before, the CLI read ``policy.jsonld`` from any PDF; now it trusts only PDFs it can verify."""
    pdf = tmp_path / "avtale.pdf"
    pdf.write_bytes(_pdf({"policy.jsonld": ALICE.read_bytes()}))
    result = runner.invoke(app, ["check", "--policy", str(pdf), "--action", "read", "--at", "2024-06-01"])
    assert result.exit_code == 2, result.output
    assert "[render.not-ours] this PDF was not made by Avtaleverk" in result.stderr


@pytest.mark.parametrize(
    ("files", "args", "message"),
    [
        ({"plain.pdf": _pdf({})}, ["--action", "read"], "not made by Avtaleverk"),
        ({"broken.pdf": b"%PDF-1.7\nnot really"}, ["--action", "read"], "cannot read the PDF"),
        ({"p.ttl": b"@prefix : <x> . :a :b"}, ["--action", "read"], "[policy.parse]"),
        ({}, ["--action", "read"], "cannot read policy file"),
        ({"p.jsonld": ALICE.read_bytes()}, [], "say what to check"),
        ({"p.jsonld": ALICE.read_bytes()}, ["--action", "teleport"], "unknown action"),
        ({"p.jsonld": ALICE.read_bytes()}, ["--action", "read", "--at", "tomorrow"], "ISO date"),
    ],
)
def test_input_errors_exit_2_with_one_line(
    tmp_path: Path, files: dict[str, bytes], args: list[str], message: str
) -> None:
    path = tmp_path / (next(iter(files)) if files else "missing.ttl")
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    result = runner.invoke(app, ["check", "--policy", str(path), *args])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_bad_option_value_exit_2() -> None:
    result = runner.invoke(app, [*BASE, "--action", "read", "--format", "xml"])
    assert result.exit_code == 2
