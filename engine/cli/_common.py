"""Helpers shared by the command modules: error reporting and atomic file writes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from engine import AvtaleverkError, write_atomic

__all__ = ["user_errors", "write_atomic"]



@contextmanager
def user_errors() -> Iterator[None]:
    """Print each engine error as one located line on stderr and exit 2, no traceback."""
    try:
        yield
    except AvtaleverkError as err:
        for line in err.all_lines():
            typer.echo(line, err=True)
        raise typer.Exit(2) from None
