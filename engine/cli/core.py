"""Core commands: compose, verify, types, clauses list/lint/test."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from engine import Library, RenderError, Texts, check_library, load_library, pick, text
from engine.cli._common import user_errors, write_atomic
from engine.services.agreements import compose_file
from engine.services.documents import agreement_json, policy_jsonld, rendition
from engine.services.examples import run_examples
from engine.services.registry import open_registry
from engine.services.verify import verify

clauses_app = typer.Typer(help="The clause library: list, check and test the clauses.", no_args_is_help=True)


class Lang(StrEnum):
    nb = "nb"
    en = "en"


class PdfA(StrEnum):
    a3b = "3b"
    a2b = "2b"


TEXTS: Texts = {
    "no-policy": {
        "nb": "Advarsel: denne avtaletypen har ingen ODRL-policy.",
        "en": "Warning: this agreement type has no ODRL policy.",
    },
    "not-registered": {"nb": "registry: ikke registrert", "en": "registry: not registered"},
}


def _library(root: Path | None) -> Library:
    return load_library(root)


def compose_cmd(
    answers: Annotated[Path, typer.Argument(help="Answers file (YAML or JSON) naming its agreement type.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="PDF to write (default: out/<name>.pdf).")
    ] = None,
    lang: Annotated[Lang | None, typer.Option("--lang", help="Language of the document.")] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Also write the HTML preview.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the agreement as JSON.")] = None,
    policy: Annotated[
        Path | None, typer.Option("--policy", help="Also write the ODRL policy (JSON-LD).")
    ] = None,
    pdfa: Annotated[PdfA, typer.Option("--pdfa", help="PDF/A level: 3b (default) or 2b.")] = PdfA.a3b,
    signature_fields: Annotated[
        bool, typer.Option("--signature-fields", help="Add empty PAdES signature fields (pyHanko).")
    ] = False,
    no_pdf: Annotated[bool, typer.Option("--no-pdf", help="Skip the PDF.")] = False,
    library: Annotated[
        Path | None, typer.Option("--library", help="Folder with agreements/ and clauses/.")
    ] = None,
) -> None:
    """Compose an agreement from an answers file and write it as PDF/A (and HTML, JSON, policy)."""
    with user_errors():
        agreement = compose_file(answers, lang=lang.value if lang else None, library_root=library)
        written: list[str] = []
        if json_out:
            write_atomic(json_out, agreement_json(agreement))
            written.append(str(json_out))
        if policy:
            policy_text = policy_jsonld(agreement)
            if policy_text is None:
                typer.echo(text(TEXTS, "no-policy", agreement.metadata.language), err=True)
            else:
                write_atomic(policy, policy_text)
                written.append(str(policy))
        if html:
            write_atomic(html, rendition(agreement, "html").data)
            written.append(str(html))
        if not no_pdf:
            out = output or Path("out") / f"{answers.stem}.pdf"
            pdf = rendition(agreement, "pdf", variant=f"pdf/a-{pdfa.value}", signature_fields=signature_fields)
            data = pdf.content
            write_atomic(out, data)
            written.append(f"{out} ({len(data) / 1024:.0f} kB)")
        typer.echo(f"{agreement.metadata.document_id}  {agreement.short_hash}  →  {', '.join(written)}")


def verify_cmd(
    pdf: Annotated[Path, typer.Argument(help="A PDF produced by Avtaleverk.")],
    registry: Annotated[
        bool, typer.Option("--registry", help="Also look the agreement up in the registry by its hash.")
    ] = False,
    lang: Annotated[Lang, typer.Option("--lang")] = Lang.nb,
) -> None:
    """Check that a PDF is intact: recompute the hash of its embedded agreement and compare."""
    with user_errors():
        try:
            data = pdf.read_bytes()
        except OSError as exc:
            raise RenderError(f"cannot read {pdf}: {exc.strerror}", source=pdf) from exc
        if registry:
            with open_registry() as store:
                result = verify(data, store)
        else:
            result = verify(data)
        if result.status == "altered":
            typer.echo(f"altered: {result.document_id or '?'}")
            for line in result.messages(lang.value):
                typer.echo(f"  - {line}")
            raise typer.Exit(1)
        typer.echo(f"intact: {result.document_id} {result.content_hash}")
        if registry:
            if result.record is None:
                typer.echo(text(TEXTS, "not-registered", lang.value))
                raise typer.Exit(1)
            parties = ", ".join(f"{p.name} ({p.orgnr})" for p in result.record.parties)
            typer.echo(f"registry: {result.record.id} status={result.record.status} parties: {parties}")


def types_cmd(
    lang: Annotated[Lang, typer.Option("--lang")] = Lang.nb,
    library: Annotated[Path | None, typer.Option("--library")] = None,
) -> None:
    """List the agreement types."""
    with user_errors():
        lib = _library(library)
        for t in lib.types.values():
            typer.echo(
                f"{t.id:<12} {t.version:<8} {pick(t.title, lang.value)}  "
                f"({len(t.questions)} questions, {len(t.clause_ids())} clauses)"
            )


@clauses_app.command("list")
def clauses_list(
    lang: Annotated[Lang, typer.Option("--lang")] = Lang.nb,
    library: Annotated[Path | None, typer.Option("--library")] = None,
) -> None:
    """List every clause with its version and the agreement types that use it."""
    with user_errors():
        lib = _library(library)
        for c in sorted(lib.clauses.values(), key=lambda c: c.id):
            used = ",".join(t.id for t in lib.types_using(c.id)) or "-"
            cond = " (conditional)" if c.include_if else ""
            typer.echo(f"{c.id:<28} {c.version:<8} {c.kind:<6} {used:<22} {pick(c.title, lang.value)}{cond}")


@clauses_app.command("lint")
def clauses_lint(library: Annotated[Path | None, typer.Option("--library")] = None) -> None:
    """Check every clause and agreement-type file; print each problem with file and line."""
    problems = check_library(library)
    for p in problems:
        typer.echo(p.one_line(), err=True)
    if problems:
        typer.echo(f"{len(problems)} problem(s)", err=True)
        raise typer.Exit(2)
    lib = _library(library)
    typer.echo(f"ok: {len(lib.types)} agreement type(s), {len(lib.clauses)} clause(s)")


def register(app: typer.Typer) -> None:
    app.command("compose")(compose_cmd)
    app.command("verify")(verify_cmd)
    app.command("types")(types_cmd)
    app.add_typer(clauses_app, name="clauses")


@clauses_app.command("test")
def clauses_test(
    clause: Annotated[list[str] | None, typer.Argument(help="Only these clause ids.")] = None,
    library: Annotated[Path | None, typer.Option("--library")] = None,
    failures_only: Annotated[bool, typer.Option("--failures", help="Print only failing checks.")] = False,
) -> None:
    """Run every clause's examples: text that must (not) appear and the decisions its policy must give."""
    with user_errors():
        lib = _library(library)
        results = run_examples(lib, clause or None)
    width = max((len(r.clause_id) for r in results), default=10)
    for r in results:
        if failures_only and r.ok:
            continue
        mark = "ok  " if r.ok else "FAIL"
        typer.echo(f"{mark} {r.clause_id:<{width}}  {r.check:<12} {r.example}: {r.detail}")
    failed = sum(not r.ok for r in results)
    clauses = len({r.clause_id for r in results})
    typer.echo(f"{len(results) - failed} passed, {failed} failed ({clauses} clauses)")
    if failed:
        raise typer.Exit(1)
