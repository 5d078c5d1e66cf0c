"""Registry commands: init, db upgrade, users, agreements, clauses export/import.

Each command opens the registry named by ``--database`` (default: ``AVTALEVERK_DATABASE_URL``, else
the SQLite file in the data directory) through :mod:`engine.services.registry`, calls one use case, and
prints. Importing this module loads no database library (``engine.store`` opens SQL lazily).
"""

from __future__ import annotations

import getpass
import io
import sys
from pathlib import Path
from typing import Annotated

import typer

from engine.cli._common import user_errors, write_atomic
from engine.cli.core import clauses_app
from engine.services.registry import (
    database_url,
    export_clause_dir,
    export_registry,
    find_agreement,
    import_clause_dir,
    open_registry,
    prepare_registry,
    project_root,
    redact,
    upgrade_database,
)

Database = Annotated[
    str | None,
    typer.Option("--database", help="Database URL (default: AVTALEVERK_DATABASE_URL, else data/avtaleverk.db)."),
]

db_app = typer.Typer(help="The registry database.", no_args_is_help=True)
users_app = typer.Typer(help="People who maintain the clause library.", no_args_is_help=True)
agreements_app = typer.Typer(help="The registry of agreements.", no_args_is_help=True)


def _operator() -> str:
    """Who ran a command-line change, for the audit log."""
    try:
        return f"cli:{getpass.getuser()}"[:64]
    except Exception:  # no user name in this environment
        return "cli"


# --------------------------------------------------------------------------- init, db


def init_cmd(
    clauses: Annotated[
        Path | None, typer.Option("--clauses", help="Clause files to load (default: the project's clauses/).")
    ] = None,
    database: Database = None,
    demo: Annotated[bool, typer.Option("--demo/--no-demo", help="Create the demo advisor on first run.")] = True,
) -> None:
    """Create or upgrade the registry, load the shipped clauses (new versions become drafts), add a demo user.

    Into an empty registry the shipped clauses are published once (audit event `library.bootstrap`).
    """
    with user_errors():
        folder = clauses
        if folder is None:
            root = project_root()
            if root is None:
                raise typer.BadParameter("give --clauses DIR (no project folder found)")
            folder = root / "clauses"
        report = prepare_registry(database, folder, demo_user=demo)
        after = report.schema_after
        schema = f"created at {after}" if report.schema_before is None else f"at {after}"
        typer.echo(f"Registry {report.database}: schema {schema}.")
        typer.echo(
            f"Clauses from {folder}: {len(report.clauses.created)} new {report.clauses.status} version(s), "
            f"{len(report.clauses.unchanged)} unchanged."
        )
        if report.demo_password:
            typer.echo(
                "Demo advisor created. Username: demo  Password: "
                f"{report.demo_password}\nThis password is shown only now; write it down or change it."
            )


@db_app.command("upgrade")
def db_upgrade(
    database: Database = None,
    revision: Annotated[str, typer.Option("--revision", help="Target revision.")] = "head",
) -> None:
    """Run the database migrations (Alembic) up to the newest schema."""
    with user_errors():
        before, after = upgrade_database(database, revision)
        where = redact(database_url(database))
        if before == after:
            typer.echo(f"{where}: already at schema {after}.")
        else:
            typer.echo(f"{where}: schema {before or 'empty'} → {after}.")


# --------------------------------------------------------------------------- users


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="Login name: lower-case letters, digits, . _ -")],
    name: Annotated[str, typer.Option("--name", help="Display name.")],
    role: Annotated[str, typer.Option("--role", help="advisor or admin.")] = "advisor",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input (for scripts).")
    ] = False,
    database: Database = None,
) -> None:
    """Add a user. The password is asked for twice, without echo."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with user_errors(), open_registry(database) as store:
        user = store.add_user(username, name, role, password, by=_operator())
        typer.echo(f"Added {user.role} {user.username} ({user.display_name}).")


@users_app.command("list")
def users_list(database: Database = None) -> None:
    """List users: username, role, active or disabled, display name."""
    with user_errors(), open_registry(database) as store:
        for user in store.list_users():
            state = "disabled" if user.disabled else "active"
            typer.echo(f"{user.username:<20} {user.role:<8} {state:<9} {user.display_name}")


@users_app.command("disable")
def users_disable(username: str, database: Database = None) -> None:
    """Disable a user (kept for the audit trail; can no longer sign in or approve)."""
    with user_errors(), open_registry(database) as store:
        store.disable_user(username, by=_operator())
        typer.echo(f"Disabled {username}.")


# --------------------------------------------------------------------------- agreements


@agreements_app.command("list")
def agreements_list(
    party: Annotated[str | None, typer.Option("--party", help="Part of a party name or org.nr.")] = None,
    status: Annotated[str | None, typer.Option("--status", help="draft, final, signed or terminated.")] = None,
    type_id: Annotated[str | None, typer.Option("--type", help="Agreement type id.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Rows per page.")] = 50,
    offset: Annotated[int, typer.Option("--offset", help="Rows to skip.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    database: Database = None,
) -> None:
    """The newest agreements first."""
    with user_errors(), open_registry(database) as store:
        rows = store.list_agreements(party=party, status=status, type_id=type_id, limit=limit, offset=offset)
        for row in rows:
            if as_json:
                typer.echo(row.model_dump_json())
                continue
            parties = " / ".join(p.name for p in row.parties)
            typer.echo(f"{row.id}  {row.status:<10} {row.created_at:%Y-%m-%d}  {row.content_hash[:12]}  {parties}")


@agreements_app.command("show")
def agreements_show(
    agreement_id: Annotated[str, typer.Argument(help="Document id (or the content hash).")],
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Write the stored PDF here.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The whole record as JSON.")] = False,
    database: Database = None,
) -> None:
    """One agreement: status, parties, hash, clause versions."""
    with user_errors(), open_registry(database) as store:
        record = find_agreement(store, agreement_id, with_pdf=pdf is not None)
        if as_json:
            typer.echo(record.model_dump_json(exclude={"pdf"}, indent=2))
        else:
            typer.echo(f"{record.id}  {record.title}  ({record.type_id} {record.type_version}, {record.language})")
            typer.echo(f"Status:   {record.status}  (updated {record.updated_at:%Y-%m-%d %H:%M} UTC)")
            typer.echo(f"Created:  {record.created_at:%Y-%m-%d %H:%M} UTC by {record.created_by}")
            typer.echo(f"Hash:     {record.content_hash}")
            for p in record.parties:
                typer.echo(f"Party:    {p.role:<10} {p.name}" + (f", org.nr. {p.orgnr}" if p.orgnr else ""))
            typer.echo("Clauses:  " + ", ".join(f"{c.id} {c.version}" for c in record.clauses))
            typer.echo(f"PDF:      {'stored' if record.has_pdf else 'not stored'}")
        if pdf is not None:
            if record.pdf is None:
                raise typer.BadParameter("no PDF is stored for this agreement (it is not final)")
            write_atomic(pdf, record.pdf)
            typer.echo(f"Wrote {pdf}", err=True)


@agreements_app.command("export")
def agreements_export(
    output: Annotated[Path, typer.Argument(help="JSON Lines file to write, or - for standard output.")],
    no_pdf: Annotated[bool, typer.Option("--no-pdf", help="Leave out the stored PDFs.")] = False,
    database: Database = None,
) -> None:
    """Back up the whole registry as JSON Lines (one agreement per line, PDFs base64-encoded)."""
    with user_errors(), open_registry(database) as store:
        if str(output) == "-":
            n = export_registry(store, sys.stdout, with_pdf=not no_pdf)
        else:
            buffer = io.StringIO()
            n = export_registry(store, buffer, with_pdf=not no_pdf)
            write_atomic(output, buffer.getvalue())
        typer.echo(f"Exported {n} agreement(s).", err=True)


# --------------------------------------------------------------------------- clauses export/import


def clauses_export(
    directory: Annotated[Path, typer.Argument(help="Folder to write <clause id>.yaml files into.")],
    drafts: Annotated[
        bool, typer.Option("--drafts", help="Newest version of each clause in any state (not only published).")
    ] = False,
    database: Database = None,
) -> None:
    """Write the clause library from the registry to files, byte-identical, for review in git."""
    with user_errors(), open_registry(database) as store:
        written = export_clause_dir(store, directory, include_drafts=drafts)
        typer.echo(f"Wrote {len(written)} clause file(s) to {directory}.")


def clauses_import(
    directory: Annotated[Path, typer.Argument(help="Folder of <clause id>.yaml files.")],
    as_user: Annotated[str, typer.Option("--as", help="The advisor making the change (author of new drafts).")],
    database: Database = None,
) -> None:
    """Load clause files as new draft versions; unchanged files are skipped. Publishing needs review."""
    with user_errors(), open_registry(database) as store:
        report = import_clause_dir(store, directory, by=as_user)
        for item in report.created:
            typer.echo(f"new draft  {item}")
        typer.echo(f"{len(report.created)} new draft version(s), {len(report.unchanged)} unchanged.")


def register_clause_commands(group: typer.Typer) -> None:
    """Add ``export`` and ``import`` to the ``avtale clauses`` group (owned by engine.cli.core)."""
    existing = {c.name for c in group.registered_commands}
    if "export" not in existing:
        group.command("export")(clauses_export)
    if "import" not in existing:
        group.command("import")(clauses_import)


def register_commands(app: typer.Typer) -> None:
    app.command("init")(init_cmd)
    app.add_typer(db_app, name="db")
    app.add_typer(users_app, name="users")
    app.add_typer(agreements_app, name="agreements")


def register(app: typer.Typer) -> None:
    register_commands(app)
    register_clause_commands(clauses_app)
