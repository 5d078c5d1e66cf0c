"""The public boundary: exported names and documented error codes stay in step."""

from __future__ import annotations

import re
import typing

import engine
from engine.errors import ErrorCode
from tests.helpers import ROOT


def test_all_is_sorted_and_complete() -> None:
    assert engine.__all__ == sorted(engine.__all__)
    for name in engine.__all__:
        assert hasattr(engine, name), name


def test_every_error_code_is_documented() -> None:
    documented = re.findall(r"^## (\S+)$", (ROOT / "docs/errors.md").read_text(encoding="utf-8"), re.M)
    assert documented == list(typing.get_args(ErrorCode))


def test_cli_reference_is_current() -> None:
    """docs/cli.md is generated from the commands; regenerate with `python -m engine.cli.reference`."""
    from engine.cli import app
    from engine.cli.reference import commands, reference

    documented = (ROOT / "docs/cli.md").read_text(encoding="utf-8")
    assert documented == reference(app)
    names = [name for name, _ in commands(app)]
    assert {"compose", "verify", "check", "fairness", "clauses lint", "clauses test", "serve", "init"} <= set(names)
