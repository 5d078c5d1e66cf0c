"""The CLI reference in docs/cli.md is generated from the commands themselves, so it cannot drift."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer.main


def commands(app: typer.Typer) -> Iterator[tuple[str, Any]]:
    """(full command name, click command) for every leaf command, in order."""

    def walk(command: Any, prefix: list[str]) -> Iterator[tuple[str, Any]]:
        subs = getattr(command, "commands", None)
        if subs is None:
            yield " ".join(prefix), command
            return
        for name in sorted(subs):
            yield from walk(subs[name], [*prefix, name])

    yield from walk(typer.main.get_command(app), [])


def reference(app: typer.Typer) -> str:
    lines = [
        "# `avtale` command reference",
        "",
        "Generated from the commands' own help (`python -m engine.cli.reference > docs/cli.md`); a test",
        "keeps it in step. Exit codes: 0 success (a check: permitted), 1 a negative answer (not permitted,",
        "altered PDF, unfair terms, failing examples), 2 your input is wrong.",
        "",
    ]
    for name, command in commands(app):
        lines += [f"## avtale {name}", "", (command.help or "").strip(), ""]
        params = [p for p in command.params if p.name != "help"]
        for p in params:
            flags = ", ".join(p.opts) if getattr(p, "opts", None) and p.param_type_name == "option" else p.name.upper()
            text = (getattr(p, "help", None) or "").strip()
            lines.append(f"- `{flags}`" + (f": {text}" if text else ""))
        if params:
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    from engine.cli import app as avtale

    print(reference(avtale), end="")
