"""Clause files as the registry sees them: the id and version a file declares, version order, folders.

Full validation of a clause is :mod:`engine.core.library`'s job; the store reads only what it
keys versions by, with the library's version rule (semver, ``1.2.0``). The YAML is composed, not
constructed, so aliases are never expanded here: reading the id of a hostile file stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from engine.core.library import SEMVER
from engine.errors import Loc, StoreError
from engine.files import write_atomic
from engine.store.records import ClauseStatus, ClauseVersion, clause_file_name

__all__ = [
    "CLAUSE_ID",
    "MAX_VERSION_LENGTH",
    "latest_published",
    "parse_clause_source",
    "read_clause_dir",
    "version_key",
    "write_clause_dir",
]

#: Clause ids are file names: lower-case letters, digits, '-' and '_'.
CLAUSE_ID = re.compile(r"[a-z0-9][a-z0-9_\-]{0,99}")
#: The registry's version column holds this many characters.
MAX_VERSION_LENGTH = 32
_STR_TAG = "tag:yaml.org,2002:str"


def _top_level_scalars(source: str, loc: Loc, file_name: str | None) -> dict[str, yaml.ScalarNode]:
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise StoreError(
            f"clause file is not valid YAML: {getattr(exc, 'problem', None) or exc}",
            code="store.invalid",
            loc=loc,
            source=file_name,
            line=mark.line + 1 if mark is not None else None,
        ) from exc
    if not isinstance(node, yaml.MappingNode):
        raise StoreError("a clause file must be a YAML mapping", code="store.invalid", loc=loc, source=file_name)
    out: dict[str, yaml.ScalarNode] = {}
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode):
            out.setdefault(str(key.value), value)
    return out


def parse_clause_source(source: str, *, file_name: str | None = None) -> tuple[str, str]:
    """The ``(id, version)`` a clause file declares, checked by the library's rules."""
    loc: Loc = ("clauses", file_name) if file_name else ("clauses",)
    if not isinstance(source, str):
        raise StoreError("clause source must be text", code="store.invalid", loc=loc)
    scalars = _top_level_scalars(source, loc, file_name)
    id_node, version_node = scalars.get("id"), scalars.get("version")
    clause_id = id_node.value if id_node is not None and id_node.tag == _STR_TAG else None
    version = version_node.value if version_node is not None else None
    if not isinstance(clause_id, str) or not CLAUSE_ID.fullmatch(clause_id):
        shown = id_node.value if id_node is not None else None
        raise StoreError(
            f"clause id {shown!r} must be lower-case letters, digits, '-' or '_'",
            code="store.invalid",
            loc=(*loc, "id"),
            source=file_name,
        )
    if not isinstance(version, str) or len(version) > MAX_VERSION_LENGTH or not SEMVER.fullmatch(version):
        raise StoreError(
            f"clause {clause_id} needs a semver version such as 1.2.0 (got {version!r})",
            code="store.invalid",
            loc=(*loc, "version"),
            source=file_name,
        )
    if file_name is not None and file_name != clause_file_name(clause_id):
        raise StoreError(
            f"file {file_name} holds clause {clause_id!r}; it must be named {clause_file_name(clause_id)}",
            code="store.invalid",
            loc=loc,
            source=file_name,
        )
    return clause_id, version


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Order versions naturally: 1.10.0 > 1.9.0 (also for versions stored before the semver rule)."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\-+]", version))


def latest_published(versions: Iterable[ClauseVersion]) -> dict[str, ClauseVersion]:
    """clause id → its published version with the highest version number."""
    out: dict[str, ClauseVersion] = {}
    for cv in versions:
        if cv.status is not ClauseStatus.published:
            continue
        best = out.get(cv.clause_id)
        if best is None or version_key(cv.version) > version_key(best.version):
            out[cv.clause_id] = cv
    return out


def read_clause_dir(directory: Path) -> dict[str, str]:
    """``<clause id>.yaml`` file name → text, read as bytes (no newline translation) and decoded UTF-8."""
    directory = Path(directory)
    if not directory.is_dir():
        raise StoreError(f"{directory} is not a folder", code="store.invalid", source=directory)
    out: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            out[path.name] = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise StoreError(f"not UTF-8 text: {exc.reason}", code="store.invalid", source=path) from exc
    return out


def write_clause_dir(versions: Iterable[ClauseVersion], directory: Path) -> list[Path]:
    """Write each version as ``<id>.yaml``, byte-identical to what was loaded (atomic per file)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for cv in sorted(versions, key=lambda v: v.clause_id):
        path = directory / cv.file_name
        write_atomic(path, cv.source.encode("utf-8"))
        written.append(path)
    return written
