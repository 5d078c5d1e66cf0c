"""Loading the clause library: every problem is reported with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.core.library import check_library, load_library
from engine.errors import LibraryError


def _problems(root: Path) -> list[str]:
    return [p.one_line() for p in check_library(root)]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_mini_library_loads(mini_library) -> None:
    assert set(mini_library.types) == {"mini"}
    assert set(mini_library.clauses) == {"parties", "commercial", "fee", "confidentiality", "dataset_annex"}
    assert mini_library.clauses["dataset_annex"].kind == "annex"
    assert mini_library.clauses["commercial"].version == "1.1.0"


def test_unknown_variable_named_with_line(mini_copy: Path) -> None:
    _edit(mini_copy / "clauses/fee.yaml", "{{ fee_amount | money }} per år", "{{ fee_amont | money }} per år")
    lines = _problems(mini_copy)
    assert any("fee.yaml:8:" in line and "unknown variable 'fee_amont'" in line for line in lines), lines


def test_syntax_error_with_line(mini_copy: Path) -> None:
    _edit(mini_copy / "clauses/confidentiality.yaml", "{% if notes %}\n    Merknad", "{% if notes %\n    Merknad")
    lines = _problems(mini_copy)
    assert any("confidentiality.yaml:" in line and "[library.syntax]" in line for line in lines), lines


def test_yaml_syntax_error_with_line(mini_copy: Path) -> None:
    (mini_copy / "clauses/fee.yaml").write_text("id: fee\nversion: [1.0.0\n", encoding="utf-8")
    lines = _problems(mini_copy)
    assert any("fee.yaml:" in line and "YAML syntax error" in line for line in lines), lines


def test_missing_language(mini_copy: Path) -> None:
    _edit(mini_copy / "clauses/fee.yaml", "title: {nb: Vederlag, en: Fee}", "title: {nb: Vederlag}")
    lines = _problems(mini_copy)
    assert any("fee.yaml:3:" in line and "title has no 'en' text" in line for line in lines), lines


def test_duplicate_id(mini_copy: Path) -> None:
    text = (mini_copy / "clauses/fee.yaml").read_text(encoding="utf-8")
    (mini_copy / "clauses/fee2.yaml").write_text(text, encoding="utf-8")
    lines = _problems(mini_copy)
    assert any("fee2.yaml:1:" in line and "must match the file name" in line for line in lines), lines


def test_reference_to_missing_clause(mini_copy: Path) -> None:
    _edit(mini_copy / "clauses/commercial.yaml", 'ref("confidentiality") }} og', 'ref("confidentiallity") }} og')
    lines = _problems(mini_copy)
    assert any(
        "commercial.yaml:8:" in line and "missing clause 'confidentiallity'" in line for line in lines
    ), lines


def test_include_if_on_unknown_question(mini_copy: Path) -> None:
    _edit(mini_copy / "clauses/fee.yaml", "parameters: [commercial_use, fee_amount]",
          "parameters: [commercial_usage, fee_amount]")
    _edit(mini_copy / "clauses/fee.yaml", "include_if: \"commercial_use ==", "include_if: \"commercial_usage ==")
    lines = _problems(mini_copy)
    assert any(
        "fee.yaml:5:" in line and "include_if uses 'commercial_usage'" in line and "[library.unknown-question]"
        in line for line in lines
    ), lines


def test_visible_if_on_unknown_question(mini_copy: Path) -> None:
    _edit(mini_copy / "agreements/mini.yaml", "visible_if: \"commercial_use ==", "visible_if: \"comercial_use ==")
    lines = _problems(mini_copy)
    assert any("mini.yaml:" in line and "unknown question 'comercial_use'" in line for line in lines), lines


def test_outline_names_missing_clause(mini_copy: Path) -> None:
    _edit(mini_copy / "agreements/mini.yaml", "clauses: [commercial, fee", "clauses: [commercial, fees")
    lines = _problems(mini_copy)
    assert any("mini.yaml:" in line and "clause 'fees' does not exist" in line for line in lines), lines


def test_private_attribute_rejected_at_load(mini_copy: Path) -> None:
    _edit(mini_copy / "clauses/fee.yaml", "per år.", "per år. {{ fee_amount.__class__ }}")
    lines = _problems(mini_copy)
    assert any("fee.yaml:8:" in line and "'__class__' is not allowed" in line for line in lines), lines


def test_unknown_field_and_bad_version(mini_copy: Path) -> None:
    _edit(mini_copy / "clauses/fee.yaml", "version: 1.0.0", "version: one\nincldue_if: x")
    lines = _problems(mini_copy)
    assert any("unknown field 'incldue_if'" in line for line in lines), lines
    assert any("not semver" in line for line in lines), lines


def test_all_problems_reported_at_once(mini_copy: Path) -> None:
    _edit(mini_copy / "clauses/fee.yaml", "{{ fee_amount | money }} per år", "{{ fee_amont | money }} per år")
    _edit(mini_copy / "clauses/commercial.yaml", 'ref("confidentiality") }} og', 'ref("nope") }} og')
    with pytest.raises(LibraryError) as info:
        load_library(mini_copy)
    lines = [p.one_line() for p in info.value.problems]
    assert any("unknown variable 'fee_amont'" in line for line in lines), lines
    assert any("missing clause 'nope'" in line for line in lines), lines


def test_invalid_default_is_reported(mini_copy: Path) -> None:
    _edit(mini_copy / "agreements/mini.yaml", "default: not_allowed", "default: forbidden")
    lines = _problems(mini_copy)
    assert any("default answer is invalid" in line for line in lines), lines


def test_repo_library_loads(repo_library) -> None:
    assert "datadeling" in repo_library.types
