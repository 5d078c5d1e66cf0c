"""Shared fixtures: paths, the two tiers of library (mini per test, the real repo once per session)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from engine.core.library import Library, load_library

pytest_plugins = ["tests.store_fixtures", "tests.helpers"]

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "library"
FIXED_TIME = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)

PROVIDER = {
    "name": "Bergen kommune",
    "orgnr": "974760673",
    "address": "Rådhusgaten 10, 5014 Bergen",
    "contact_name": "Kari Nordmann",
    "contact_email": "kari@bergen.kommune.no",
    "signatory_name": "Per Ås",
    "signatory_role": "Kommunedirektør",
}
RECIPIENT = {
    "name": "Sensorly AS",
    "orgnr": "921605900",
    "address": "Strandkaien 2, 5013 Bergen",
    "contact_name": "Ola Øren",
    "contact_email": "ola@sensorly.no",
    "signatory_name": "Åse Lie",
    "signatory_role": "Daglig leder",
}


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
    """The shipped agreements/ and clauses/: every run validates the real library."""
    return load_library(ROOT)


def mini_answers(**overrides: Any) -> dict[str, Any]:
    return {"provider": dict(PROVIDER), "recipient": dict(RECIPIENT), **overrides}
