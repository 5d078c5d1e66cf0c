"""``avtale check``: may this party do this with this dataset? Exit 0 permit, 1 deny / not applicable, 2 bad input."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from engine.cli._common import user_errors
from engine.errors import PolicyError

POLICY_ATTACHMENT = "policy.jsonld"


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    turtle = "turtle"


class Lang(StrEnum):
    nb = "nb"
    en = "en"


_DECISION = {
    "nb": {"permit": "TILLATT", "deny": "IKKE TILLATT", "not-applicable": "IKKE TILLATT (ingen regel gjelder)"},
    "en": {"permit": "PERMITTED", "deny": "DENIED", "not-applicable": "NOT PERMITTED (no rule applies)"},
}
_HEAD = {
    "nb": {"duties": "Plikter som må oppfylles:", "missing": "Mangler opplysninger:"},
    "en": {"duties": "Duties to fulfil:", "missing": "Missing facts:"},
}


def read_policy_bytes(path: Path) -> tuple[bytes, str | None]:
    """Policy text from a file; a PDF made by the product gives its embedded ``policy.jsonld``."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PolicyError(f"cannot read policy file: {exc.strerror}", source=path) from exc
    if data[:5] != b"%PDF-":
        return data, None
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        attachments = PdfReader(path).attachments
        found = attachments.get(POLICY_ATTACHMENT)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise PolicyError(f"cannot read the PDF: {exc}", source=path) from exc
    if not found:
        raise PolicyError(
            f"this PDF has no embedded {POLICY_ATTACHMENT}; only PDFs made by Avtaleverk carry a policy",
            source=path,
        )
    return found[0], "json-ld"


def _read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"cannot read {what} file: {exc}", source=path) from exc


def _parse_when(text: str, what: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise PolicyError(f"{what} must be an ISO date/time such as 2026-03-01T12:00, not {text!r}") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def load_state(path: Path | None, at: str | None) -> Any:
    """``State`` from a JSON/YAML file ({now, part_of, duty_states, context}) and/or ``--at``."""
    from engine.odrl import State

    raw: dict[str, Any] = {}
    if path is not None:
        import yaml

        text = _read_text(path, "state")
        try:
            raw = json.loads(text) if path.suffix.lower() == ".json" else (yaml.safe_load(text) or {})
        except (ValueError, yaml.YAMLError) as exc:
            raise PolicyError(f"state file is not valid JSON/YAML: {exc}", source=path) from exc
        if not isinstance(raw, dict):
            raise PolicyError("state file must hold a mapping", source=path)
        unknown = set(raw) - {"now", "part_of", "duty_states", "context"}
        if unknown:
            raise PolicyError(f"unknown keys in state file: {', '.join(sorted(unknown))}", source=path)
    now_raw = at or raw.get("now")
    if isinstance(now_raw, datetime):
        now = now_raw if now_raw.tzinfo else now_raw.replace(tzinfo=UTC)
    elif now_raw is not None:
        now = _parse_when(str(now_raw), "--at" if at else "now")
    else:
        now = datetime.now(UTC)
    return State(
        now=now,
        part_of=raw.get("part_of") or {},
        duty_states=raw.get("duty_states") or {},
        context=raw.get("context") or {},
    )


def render_text(report: Any, lang: str) -> str:
    lines = [_DECISION[lang][report.decision], report.explain(lang)]
    from engine.odrl.report import action_label, cite

    if report.duties_owed:
        lines.append(_HEAD[lang]["duties"])
        lines.extend(f"  - {action_label(d.action, lang)} ({cite(d.duty, lang)})" for d in report.duties_owed)
    questions = report.questions(lang)
    if questions:
        lines.append(_HEAD[lang]["missing"])
        lines.extend(f"  - {q}" for q in questions)
    return "\n".join(lines)


def _only(values: set[str | None]) -> str | None:
    return next(iter(values)) if len(values) == 1 else None


def check(
    policy: Path = typer.Option(..., "--policy", help="ODRL policy (JSON-LD or Turtle) or an agreement PDF."),
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
        from engine.odrl import build_request, evaluate, parse_policies, parse_request

        data, fmt = read_policy_bytes(policy)
        policies = parse_policies(data, fmt, source=policy)
        if request is not None:
            if action is not None:
                raise PolicyError("give either --request or --action (with --assignee/--target), not both")
            req = parse_request(_read_text(request, "request"), source=request)
        elif action is not None:
            # Checking a use of *this* agreement: its one dataset and its one recipient by default.
            target = target or _only({p.target for p in policies})
            assignee = assignee or _only({p.assignee for p in policies})
            req = build_request(assignee, action, target, purpose=purpose, spatial=spatial)
        else:
            raise PolicyError("say what to check: --request FILE, or --action (with --assignee and --target)")
        report = evaluate(policies, req, load_state(state, at))
        if format is OutputFormat.json:
            typer.echo(json.dumps(report.to_dict(lang.value), ensure_ascii=False, indent=2))
        elif format is OutputFormat.turtle:
            typer.echo(report.to_graph().serialize(format="turtle"))
        else:
            typer.echo(render_text(report, lang.value))
    raise typer.Exit(0 if report.decision == "permit" else 1)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
