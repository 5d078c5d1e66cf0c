"""Where the registry lives: ``AVTALEVERK_DATABASE_URL``, else a SQLite file in the data directory.

The data directory is ``AVTALEVERK_DATA_DIR`` if set; in a source checkout it is ``<repo>/data``
(git-ignored); for an installed package it is ``$XDG_DATA_HOME/avtaleverk``
(``~/.local/share/avtaleverk``).
"""

from __future__ import annotations

import os
from pathlib import Path

from engine.errors import StoreError

__all__ = ["DATABASE_URL_ENV", "DATA_DIR_ENV", "data_dir", "database_url", "normalise_url", "project_root", "redact"]

DATABASE_URL_ENV = "AVTALEVERK_DATABASE_URL"
DATA_DIR_ENV = "AVTALEVERK_DATA_DIR"
MEMORY_URL = "memory:"


def project_root() -> Path | None:
    """The source checkout this package runs from (it has ``pyproject.toml``), or None when installed."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").is_file() and (root / "engine").is_dir() else None


def data_dir() -> Path:
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    root = project_root()
    if root is not None:
        return root / "data"
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "avtaleverk"


def database_url(url: str | None = None) -> str:
    """The URL to open: the argument, else ``AVTALEVERK_DATABASE_URL``, else the default SQLite file."""
    url = url or os.environ.get(DATABASE_URL_ENV)
    if not url:
        return f"sqlite:///{data_dir() / 'avtaleverk.db'}"
    return normalise_url(url)


def normalise_url(url: str) -> str:
    """Accept the URLs people paste: ``postgres://`` and ``postgresql://`` mean psycopg 3."""
    if url == MEMORY_URL:
        return url
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    from sqlalchemy.engine import make_url  # imported where used: the memory store needs no SQLAlchemy

    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy.exc.ArgumentError
        raise StoreError(f"not a database URL: {redact(url)}", code="store.invalid") from exc
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(
            f"unsupported database {parsed.get_backend_name()!r}: use sqlite:/// or postgresql://",
            code="store.invalid",
        )
    return url


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    if url == MEMORY_URL:
        return url
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<database url>"
