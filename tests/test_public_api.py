"""The public boundary: exported names and documented error codes stay in step."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import engine
from engine.errors import ErrorCode

ROOT = Path(__file__).resolve().parent.parent


def test_all_is_sorted_and_complete() -> None:
    assert engine.__all__ == sorted(engine.__all__)
    for name in engine.__all__:
        assert hasattr(engine, name), name


def test_every_error_code_is_documented() -> None:
    documented = re.findall(r"^## (\S+)$", (ROOT / "docs/errors.md").read_text(encoding="utf-8"), re.M)
    assert documented == list(typing.get_args(ErrorCode))


def test_core_imports_no_adapter_libraries() -> None:
    """The pure core must not pull in Streamlit, SQL, WeasyPrint or rdflib."""
    import subprocess
    import sys

    code = (
        "import sys, engine, engine.core.compose, engine.core.library;"
        "bad = [m for m in ('streamlit','sqlmodel','sqlalchemy','weasyprint','rdflib') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_cli_reference_is_current() -> None:
    """docs/cli.md is generated from the commands; regenerate with `python -m engine.cli.reference`."""
    from engine.cli import app
    from engine.cli.reference import commands, reference

    documented = (ROOT / "docs/cli.md").read_text(encoding="utf-8")
    assert documented == reference(app)
    names = [name for name, _ in commands(app)]
    assert {"compose", "verify", "check", "fairness", "clauses lint", "clauses test", "serve", "init"} <= set(names)
