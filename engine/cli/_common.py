"""Helpers shared by the command modules: error reporting and atomic file writes."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import typer

from engine.errors import AvtaleverkError
from engine.files import write_atomic

__all__ = ["eprint", "run_user", "user_errors", "write_atomic"]

T = TypeVar("T")


@contextmanager
def user_errors() -> Iterator[None]:
    """Print each engine error as one located line on stderr and exit 2, no traceback."""
    try:
        yield
    except AvtaleverkError as err:
        for line in err.all_lines():
            typer.echo(line, err=True)
        raise typer.Exit(2) from None


def run_user(fn: Callable[[], T]) -> T:
    with user_errors():
        return fn()


def eprint(text: str) -> None:
    print(text, file=sys.stderr)
