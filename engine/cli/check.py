"""``avtale check``: may this party do this with this dataset? Exit 0 permit, 1 deny / not applicable, 2 bad input.

The policy comes from :class:`engine.services.sources.PolicySource` — the same verified source as the
app's «Sjekk bruk»: an ODRL file, an agreement JSON or one of our PDFs (an altered PDF is refused).
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from engine import PolicyError, Texts, pick, text
from engine.cli._common import user_errors
from engine.services.check import CheckResult, check, read_request, read_state, request_for
from engine.services.sources import PolicySource


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    turtle = "turtle"


class Lang(StrEnum):
    nb = "nb"
    en = "en"


TEXTS: Texts = {
    "permit": {"nb": "TILLATT", "en": "PERMITTED"},
    "deny": {"nb": "IKKE TILLATT", "en": "DENIED"},
    "not-applicable": {"nb": "IKKE TILLATT (ingen regel gjelder)", "en": "NOT PERMITTED (no rule applies)"},
    "duties": {"nb": "Plikter som må oppfylles:", "en": "Duties to fulfil:"},
    "missing": {"nb": "Mangler opplysninger:", "en": "Missing facts:"},
}


def render_text(result: CheckResult, lang: str) -> str:
    lines = [text(TEXTS, result.decision, lang), pick(result.explanation, lang)]
    if result.duties_owed:
        lines.append(text(TEXTS, "duties", lang))
        lines.extend(f"  - {pick(d.label, lang)} ({pick(d.cite, lang)})" for d in result.duties_owed)
    questions = result.questions(lang)
    if questions:
        lines.append(text(TEXTS, "missing", lang))
        lines.extend(f"  - {q}" for q in questions)
    return "\n".join(lines)


def check_cmd(
    policy: Path = typer.Option(
        ...,
        "--policy",
        help="ODRL policy (JSON-LD or Turtle), an agreement JSON or an agreement PDF (verified: altered ones "
        "are refused).",
    ),
    request: Path | None = typer.Option(None, "--request", help="ODRL request file (JSON-LD or Turtle)."),
    assignee: str | None = typer.Option(None, "--assignee", help="Who wants to act (IRI); default: the policy's."),
    action: str | None = typer.Option(None, "--action", help="Action, e.g. read, use, trainModel, odrl:sell."),
    target: str | None = typer.Option(None, "--target", help="Dataset (IRI); default: the policy's target."),
    purpose: str | None = typer.Option(None, "--purpose", help="Purpose, e.g. dpv:AcademicResearch."),
    spatial: str | None = typer.Option(None, "--spatial", help="Where, e.g. NO, EEA, or a country IRI."),
    at: str | None = typer.Option(None, "--at", help="When (ISO date/time); default now."),
    state: Path | None = typer.Option(None, "--state", help="State file: now, part_of, duty_states, context."),
    format: OutputFormat = typer.Option(OutputFormat.text, "--format", help="text, json or turtle."),
    lang: Lang = typer.Option(Lang.nb, "--lang", help="Language of the explanation: nb or en."),
) -> None:
    """Check whether a planned use is permitted by an ODRL policy (exit 0 permit, 1 not, 2 input error)."""
    with user_errors():
        source = PolicySource.from_file(policy)
        if request is not None:
            if action is not None:
                raise PolicyError("give either --request or --action (with --assignee/--target), not both")
            req = read_request(request)
        elif action is not None:
            # Checking a use of *this* agreement: its one dataset and its one recipient by default.
            req = request_for(source, action=action, assignee=assignee, target=target, purpose=purpose, spatial=spatial)
        else:
            raise PolicyError("say what to check: --request FILE, or --action (with --assignee and --target)")
        result = check(source, req, read_state(state, at))
        if format is OutputFormat.json:
            typer.echo(json.dumps(result.to_dict(lang.value), ensure_ascii=False, indent=2))
        elif format is OutputFormat.turtle:
            typer.echo(result.turtle())
        else:
            typer.echo(render_text(result, lang.value))
    raise typer.Exit(0 if result.permitted else 1)


def register(app: typer.Typer) -> None:
    app.command("check")(check_cmd)
