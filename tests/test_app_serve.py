"""``avtale serve``: set up the registry on first start (demo password printed once), then run Streamlit."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.cli import app
from engine.cli import serve as serve_module
from engine.store import open_store
from tests.helpers import MINI


class Exec(Exception):
    pass


@pytest.fixture
def no_exec(monkeypatch):
    calls = []

    def fake_exec(file, args, env):
        calls.append((args, env))
        raise Exec

    monkeypatch.setattr(serve_module.os, "execvpe", fake_exec)
    return calls


@pytest.mark.slow
def test_serve_prepares_registry_prints_password_once_and_runs_streamlit(tmp_path: Path, no_exec) -> None:
    url = f"sqlite:///{tmp_path / 'sub' / 'registry.db'}"
    runner = CliRunner()
    first = runner.invoke(app, ["serve", "--database", url, "--library", str(MINI), "--port", "8765", "--headless"])
    assert isinstance(first.exception, Exec), first.output
    assert "Password:" in first.output and "Username: demo" in first.output
    args, env = no_exec[0]
    assert args[1:4] == ["-m", "streamlit", "run"] and args[4].endswith("app/main.py")
    assert args[args.index("--server.port") + 1] == "8765"
    assert args[args.index("--server.headless") + 1] == "true"
    assert env["AVTALEVERK_DATABASE_URL"] == url
    assert env["AVTALEVERK_LIBRARY_DIR"] == str(MINI.resolve())

    store = open_store(url)
    assert [u.username for u in store.list_users()] == ["demo"]
    assert "commercial.yaml" in store.published_clause_sources()
    store.close()

    second = runner.invoke(app, ["serve", "--database", url, "--library", str(MINI)])
    assert isinstance(second.exception, Exec)
    assert "Password:" not in second.output, "the password is shown once"


def test_serve_reports_a_bad_database_url_without_traceback(no_exec) -> None:
    result = CliRunner().invoke(app, ["serve", "--database", "mysql://x/y"])
    assert result.exit_code == 2
    assert "unsupported database" in result.output
    assert not no_exec
