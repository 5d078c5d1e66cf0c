"""Quality commands on an answers file: the fairness check (EU Data Act Art. 13)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from engine import Texts, pick, text
from engine.cli._common import user_errors
from engine.cli.core import Lang
from engine.services.agreements import compose_file
from engine.services.summary import fairness_flags

TEXTS: Texts = {
    "none": {"nb": "Ingen urimelige vilkår funnet.", "en": "No unfair terms found."},
    "clause": {"nb": "punkt {number}", "en": "clause {number}"},
}


def fairness_cmd(
    answers: Annotated[Path, typer.Argument(help="Answers file (YAML or JSON).")],
    lang: Annotated[Lang | None, typer.Option("--lang")] = None,
    library: Annotated[Path | None, typer.Option("--library")] = None,
) -> None:
    """Flag terms that are unfair (red) or presumed unfair (amber) under EU Data Act Art. 13."""
    with user_errors():
        agreement = compose_file(answers, lang=lang.value if lang else None, library_root=library)
    language = agreement.metadata.language
    flags = fairness_flags(agreement)
    if not flags:
        typer.echo(text(TEXTS, "none", language))
        return
    for f in flags:
        where = text(TEXTS, "clause", language, number=f.clause_number) if f.clause_number else "-"
        typer.echo(f"{f.level.upper():<5} {where:<12} {pick(f.reason, language)} ({f.answer} = {f.value})")
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("fairness")(fairness_cmd)
