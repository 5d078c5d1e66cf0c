"""Fixtures only (helpers to import live in ``tests.helpers``): the two tiers of library.

``mini_library`` is built per test from ``tests/data/library``; ``repo_library`` loads the shipped
``agreements/`` and ``clauses/`` once per session, so every run validates the real library.
"""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine import Library, load_library
from tests.helpers import MINI, ROOT

pytest_plugins = ["tests.store_fixtures"]


@pytest.fixture
def mini_library() -> Library:
    return load_library(MINI)


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini library, for tests that break a file on purpose."""
    target = tmp_path / "lib"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture(scope="session")
def repo_library() -> Library:
    """The shipped agreements/ and clauses/."""
    return load_library(ROOT)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Any attempt to open a connection is recorded and refused; the test fails if one was made."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts
    assert attempts == [], f"network attempts: {attempts}"
