"""Quality commands on an answers file: the fairness check (EU Data Act Art. 13)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from engine.cli._common import user_errors
from engine.cli.core import Lang, compose_file


def fairness_cmd(
    answers: Annotated[Path, typer.Argument(help="Answers file (YAML or JSON).")],
    lang: Annotated[Lang | None, typer.Option("--lang")] = None,
    library: Annotated[Path | None, typer.Option("--library")] = None,
) -> None:
    """Flag terms that are unfair (red) or presumed unfair (amber) under EU Data Act Art. 13."""
    from engine.core.fairness import check_fairness

    with user_errors():
        agreement = compose_file(answers, lang=lang.value if lang else None, library_root=library)
    language = agreement.metadata.language
    flags = check_fairness(agreement)
    if not flags:
        typer.echo("Ingen urimelige vilkår funnet." if language != "en" else "No unfair terms found.")
        return
    word = {"nb": "punkt", "en": "clause"}.get(language, "punkt")
    for f in flags:
        where = f"{word} {f.clause_number}" if f.clause_number else "-"
        reason = f.reason.get(language) or f.reason.get("nb", "")
        typer.echo(f"{f.level.upper():<5} {where:<12} {reason} ({f.answer} = {f.value})")
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("fairness")(fairness_cmd)
