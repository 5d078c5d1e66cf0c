"""``avtale serve``: prepare the registry, then run the Streamlit app.

First start: the database is created (or upgraded), the shipped clause library is loaded (published into
an empty registry, later versions as drafts for review) and the demo advisor is created — its password
is printed once, here, and never again. Then ``streamlit run app/main.py`` replaces this process, so
signals and exit codes are Streamlit's.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from engine.cli._common import user_errors
from engine.services.registry import DATABASE_URL_ENV, database_url, prepare_registry, project_root

APP_FILE = Path(__file__).resolve().parents[2] / "app" / "main.py"
LIBRARY_ENV = "AVTALEVERK_LIBRARY_DIR"


def streamlit_command(port: int, headless: bool, address: str | None = None) -> list[str]:
    """The command line that runs the app (``python -m streamlit`` of this interpreter)."""
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(APP_FILE),
        "--server.port", str(port),
        "--server.headless", "true" if headless else "false",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
        "--client.toolbarMode", "viewer",
        "--client.showErrorDetails", "none",
        "--server.maxUploadSize", "20",
        "--theme.base", "light",
    ]  # fmt: skip
    if address:
        cmd += ["--server.address", address]
    # Naming the address we print keeps Streamlit from looking up an external IP on the network.
    cmd += ["--browser.serverAddress", address or "localhost"]
    return cmd


def prepare(database: str | None, library: Path | None) -> str | None:
    """Create/upgrade the registry and load the library; returns the demo password on first start."""
    root = library or project_root()
    if root is None:
        raise typer.BadParameter("give --library DIR (no project folder found)")
    url = database_url(database)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    report = prepare_registry(database, Path(root) / "clauses", demo_user=True)
    typer.echo(
        f"Registry: {report.database} ({len(report.clauses.created)} new clause version(s) loaded"
        f" as {report.clauses.status})."
    )
    return report.demo_password


def serve_cmd(
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8501,
    headless: Annotated[
        bool, typer.Option("--headless/--browser", help="Only serve (default), or also open a browser window.")
    ] = True,
    address: Annotated[str | None, typer.Option("--address", help="Address to bind (default: all).")] = None,
    database: Annotated[
        str | None, typer.Option("--database", help="Database URL (default: AVTALEVERK_DATABASE_URL or data/).")
    ] = None,
    library: Annotated[
        Path | None, typer.Option("--library", help="Folder with agreements/ and clauses/ (default: the project).")
    ] = None,
) -> None:
    """Start the app: set up the registry on first start, then run Streamlit."""
    with user_errors():
        password = prepare(database, library)
    if password:
        typer.echo(
            "\nDemo advisor created for the clause workshop.\n"
            f"  Username: demo\n  Password: {password}\n"
            "This password is shown only now; write it down.\n"
        )
    env = dict(os.environ)
    if database:
        env[DATABASE_URL_ENV] = database
    if library:
        env[LIBRARY_ENV] = str(Path(library).resolve())
    env.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    typer.echo(f"Starting the app on http://localhost:{port}/ (Ctrl+C stops it).")
    sys.stdout.flush()
    # Without a terminal Streamlit's first-run e-mail prompt would wait forever: always headless then.
    headless = headless or not sys.stdin.isatty()
    os.execvpe(sys.executable, streamlit_command(port, headless, address), env)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cmd)
