"""Helpers shared by the command modules: error reporting and atomic file writes."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import typer

from engine.errors import AvtaleverkError

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


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write to a temporary file beside ``path`` and rename, so a failure never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_user(fn: Callable[[], T]) -> T:
    with user_errors():
        return fn()


def eprint(text: str) -> None:
    print(text, file=sys.stderr)
