"""The ``avtale`` command: parse arguments, call ``engine.services`` (or ``engine``), print.

Each area registers its commands from its own module (``engine.cli.<area>``) through
``register(app)``, the way a new area would be added. This is the only place that maps
``AvtaleverkError`` to exit code 2 ("your input is wrong").
"""

from __future__ import annotations

import importlib
import sys

import typer

from engine import AvtaleverkError

# Built-in command modules, registered like any addition would be.
COMMAND_MODULES = (
    "engine.cli.core",
    "engine.cli.check",
    "engine.cli.store",
    "engine.cli.serve",
    "engine.cli.quality",
)

app = typer.Typer(
    name="avtale",
    help="Avtaleverk: standard data-sharing agreements and an ODRL rights engine.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _load_commands() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)


_load_commands()


def main() -> None:
    try:
        app(standalone_mode=True)
    except AvtaleverkError as err:  # pragma: no cover - commands catch their own
        for line in err.all_lines():
            print(line, file=sys.stderr)
        raise SystemExit(2) from None
