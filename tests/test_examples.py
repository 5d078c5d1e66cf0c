"""Clause examples and the rights summary: each clause proves its own meaning."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from engine.cli import app
from engine.core.compose import compose
from engine.core.library import load_library
from engine.core.summary import rights_summary
from engine.services.examples import run_examples
from tests.helpers import FIXED_TIME, MINI, make_answers

runner = CliRunner()


def test_mini_examples_pass(mini_library) -> None:
    results = run_examples(mini_library)
    assert results and all(r.ok for r in results), [r for r in results if not r.ok]
    checks = {r.check for r in results}
    assert {"contains", "not_contains", "request", "excluded"} <= checks
    cited = [r.detail for r in results if r.check == "request" and "citing" in r.detail]
    assert any("citing commercial (2.1)" in d for d in cited), cited


def test_a_wrong_expectation_fails_visibly(tmp_path: Path) -> None:
    lib_dir = tmp_path / "lib"
    shutil.copytree(MINI, lib_dir)
    clause = lib_dir / "clauses/commercial.yaml"
    clause.write_text(
        clause.read_text(encoding="utf-8").replace(
            'purpose: "dpv:CommercialResearch", expect: deny', 'purpose: "dpv:CommercialResearch", expect: permit'
        ),
        encoding="utf-8",
    )
    results = run_examples(load_library(lib_dir))
    failed = [r for r in results if not r.ok]
    assert len(failed) == 1 and "expected permit" in failed[0].detail
    result = runner.invoke(app, ["clauses", "test", "--library", str(lib_dir)])
    assert result.exit_code == 1
    assert "FAIL commercial" in result.output and "1 failed" in result.output


def test_clauses_test_command_passes_on_mini() -> None:
    result = runner.invoke(app, ["clauses", "test", "--library", str(MINI)])
    assert result.exit_code == 0, result.output
    assert " 0 failed" in result.output


def test_rights_summary_comes_from_the_policy(mini_library) -> None:
    a = compose("mini", make_answers(), "nb", library=mini_library, created_at=FIXED_TIME)
    rows = rights_summary(a)
    assert ("may", "Bruke dataene", "2.1") in [(r.kind, r.text, r.clause_number) for r in rows]
    assert any(r.kind == "may_not" and "kommersielt formål" in r.text for r in rows)
    en = rights_summary(a, "en")
    assert any(r.kind == "may_not" and r.text.startswith("Use the data for purposes: commercial") for r in en)
    # Without the prohibition in the policy, the summary does not claim one.
    b = compose("mini", make_answers(commercial_use="allowed_for_fee", fee_amount=1), "nb", library=mini_library,
                created_at=FIXED_TIME)
    assert not any(r.kind == "may_not" for r in rights_summary(b))
    no_policy = a.model_copy(update={"policy": None})
    assert rights_summary(no_policy) == []


def test_unreadable_fact_does_not_lift_a_prohibition(repo_library) -> None:
    """A tier the engine cannot read is treated as missing: refused with a follow-up question."""
    from engine.services.examples import ask, compose_example

    a = compose_example(repo_library, repo_library.types["datadeling"], {"ai_training": "benchmarking"}, "nb")
    base = {"action": "trainModel", "purpose": "dpv:AcademicResearch", "spatial": "NO", "at": "2027-06-01"}
    assert ask(a, {**base, "aiTrainingTier": "benchmarking"}).decision == "permit"
    assert ask(a, {**base, "aiTrainingTier": "publish_model"}).decision == "deny"
    report = ask(a, {**base, "aiTrainingTier": "deep-learning-ish"})
    assert report.decision == "deny"
    assert any("aiTrainingTier" in m for m in report.missing), report.missing
