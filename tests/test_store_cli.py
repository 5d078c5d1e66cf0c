"""``avtale init``, ``db upgrade``, ``users``, ``agreements``, ``clauses export/import`` (CliRunner)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import typer
from click.testing import Result
from typer.testing import CliRunner

from engine.cli import store as store_cli
from engine.core.agreement import Agreement
from engine.store import open_store
from engine.store.migrate import head_revision
from tests.helpers.app import cheap_passwords

if TYPE_CHECKING:
    from tests.store_fixtures import RegistryFiles

pytest_plugins = ["tests.store_fixtures"]


def _app() -> typer.Typer:
    app = typer.Typer()
    clauses = typer.Typer()
    store_cli.register_commands(app)
    store_cli.register_clause_commands(clauses)
    app.add_typer(clauses, name="clauses")
    return app


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    monkeypatch.setenv("AVTALEVERK_DATABASE_URL", f"sqlite:///{tmp_path / 'registry.db'}")
    cheap_passwords(monkeypatch)
    app = _app()
    runner = CliRunner()

    def run(*args: str, input: str | None = None, code: int = 0) -> Result:
        result = runner.invoke(app, list(args), input=input)
        assert result.exit_code == code, result.output + (result.stderr if code == 0 else "")
        return result

    return run


@pytest.fixture
def clause_dir(tmp_path: Path, registry_files: RegistryFiles) -> Path:
    folder = tmp_path / "clauses"
    folder.mkdir()
    for name, text in registry_files.clauses.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.slow
def test_init_prints_demo_password_once(cli: Callable[..., Result], clause_dir: Path, tmp_path: Path) -> None:
    first = cli("init", "--clauses", str(clause_dir))
    assert "2 new published" in first.stdout and "Username: demo" in first.stdout
    password = first.stdout.split("Password: ")[1].split()[0]
    second = cli("init", "--clauses", str(clause_dir))
    assert "2 unchanged" in second.stdout and "Password" not in second.stdout
    store = open_store(f"sqlite:///{tmp_path / 'registry.db'}")
    try:
        assert store.authenticate("demo", password).username == "demo"
    finally:
        store.close()
    (clause_dir / "mini_term.yaml").write_text("id: mini_term\nversion: 1.0.0\n# changed\n", encoding="utf-8")
    bad = cli("init", "--clauses", str(clause_dir), code=2)
    assert "bump" in bad.stderr and "Traceback" not in bad.output


def test_db_upgrade(cli: Callable[..., Result]) -> None:
    head = head_revision()
    assert f"empty → {head}" in cli("db", "upgrade").stdout
    assert f"already at schema {head}" in cli("db", "upgrade").stdout


def test_users_add_list_disable(cli: Callable[..., Result]) -> None:
    cli("users", "add", "anne", "--name", "Anne Advokat", input="hemmelig-passord\nhemmelig-passord\n")
    cli("users", "add", "bjorn", "--name", "Bjørn", "--role", "admin", "--password-stdin", input="et-langt-passord\n")
    listing = cli("users", "list").stdout
    assert "anne" in listing and "Bjørn" in listing and "hemmelig" not in listing
    cli("users", "disable", "anne")
    assert "disabled" in cli("users", "list").stdout
    err = cli("users", "add", "anne", "--name", "X", "--password-stdin", input="et-langt-passord\n", code=2)
    assert err.stderr.startswith("[store.conflict]")
    err = cli(
        "users", "add", "cecilie", "--name", "C", "--role", "root", "--password-stdin", input="langt-passord\n", code=2
    )
    assert "[store.invalid]" in err.stderr


@pytest.mark.slow
def test_agreements_list_show_export(
    cli: Callable[..., Result], tmp_path: Path, compose_agreement: Callable[..., Agreement]
) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'registry.db'}")
    try:
        draft = store.add_agreement(compose_agreement("Fjordby kommune"), by="kari")
        final = store.add_agreement(compose_agreement("Ærlig Øl AS"), by="kari", status="final", pdf=b"%PDF-x")
    finally:
        store.close()
    listing = cli("agreements", "list").stdout.splitlines()
    assert [line.split()[0] for line in listing] == [final.id, draft.id]
    assert cli("agreements", "list", "--party", "ærlig").stdout.split()[0] == final.id
    shown = cli("agreements", "show", final.content_hash, "--pdf", str(tmp_path / "a.pdf")).stdout
    assert final.id in shown and "final" in shown and "mini_term 1.0.0" in shown
    assert (tmp_path / "a.pdf").read_bytes() == b"%PDF-x"
    cli("agreements", "export", str(tmp_path / "backup.jsonl"))
    lines = (tmp_path / "backup.jsonl").read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["id"] for line in lines} == {draft.id, final.id}
    assert "[store.not-found]" in cli("agreements", "show", "AV-nope", code=2).stderr
    assert "[store.invalid]" in cli("agreements", "list", "--status", "bogus", code=2).stderr


def test_clauses_export_import(cli: Callable[..., Result], clause_dir: Path, tmp_path: Path) -> None:
    cli("init", "--clauses", str(clause_dir), "--no-demo")
    cli("users", "add", "anne", "--name", "Anne", "--password-stdin", input="et-langt-passord\n")
    out = tmp_path / "review"
    cli("clauses", "export", str(out))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {p.name: p.read_bytes() for p in clause_dir.iterdir()}
    text = (out / "mini_term.yaml").read_text(encoding="utf-8").replace("1.0.0", "1.1.0")
    (out / "mini_term.yaml").write_text(text, encoding="utf-8")
    result = cli("clauses", "import", str(out), "--as", "anne").stdout
    assert "new draft  mini_term@1.1.0" in result
    cli("clauses", "export", str(tmp_path / "drafts"), "--drafts")
    assert (tmp_path / "drafts" / "mini_term.yaml").read_text(encoding="utf-8") == text
    assert "[store.permission]" in cli("clauses", "import", str(out), "--as", "nobody", code=2).stderr
