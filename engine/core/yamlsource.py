"""YAML that remembers where each value came from, so every error can name file and line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from engine.errors import AvtaleverkError, ErrorCode, LibraryError, Loc

Path_ = Loc


@dataclass
class Located:
    """Parsed YAML data plus the 1-based line of every mapping key / sequence item."""

    data: Any
    source: str
    lines: dict[Path_, int] = field(default_factory=dict)
    # Block scalars start their text on the line after the key; keep where the text begins.
    text_start: dict[Path_, int] = field(default_factory=dict)

    def line(self, *path: str | int) -> int | None:
        """The line of ``path`` or of its closest located ancestor."""
        p: Path_ = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return 1

    def error(self, message: str, code: ErrorCode, *path: str | int, line: int | None = None) -> LibraryError:
        """A ``LibraryError`` at ``path`` in this file (or at ``line`` when given)."""
        return LibraryError(message, code=code, source=self.source, line=line or self.line(*path))

    def pydantic_problems(self, exc: ValidationError) -> list[AvtaleverkError]:
        """One located ``library.schema`` error per problem pydantic found in this file's data."""
        out: list[AvtaleverkError] = []
        for e in exc.errors():
            loc = tuple(e["loc"])
            what = ".".join(str(p) for p in loc) or "file"
            msg = e["msg"]
            if e["type"] == "missing":
                msg = "required field is missing"
            elif e["type"] == "extra_forbidden":
                msg = "unknown field (check the spelling)"
            out.append(self.error(f"{what}: {msg}", "library.schema", *loc))
        return out


def _convert(loader: yaml.SafeLoader, node: yaml.Node, path: Path_, out: Located) -> Any:
    out.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            sub = (*path, key)
            out.lines[sub] = key_node.start_mark.line + 1
            if isinstance(value_node, yaml.ScalarNode) and value_node.style in ("|", ">"):
                out.text_start[sub] = value_node.start_mark.line + 2
            elif isinstance(value_node, yaml.ScalarNode):
                out.text_start[sub] = value_node.start_mark.line + 1
            result[key] = _convert(loader, value_node, sub, out)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(loader, item, (*path, i), out) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def load_located(text: str, source: str | Path, *, code: ErrorCode = "library.syntax") -> Located:
    """Parse one YAML document; a syntax error becomes a LibraryError at its line."""
    out = Located(data=None, source=str(source))
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            out.data = _convert(loader, node, (), out)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise LibraryError(
            f"YAML syntax error: {exc.problem or exc}", code=code, source=source, line=line
        ) from exc
    except yaml.YAMLError as exc:
        raise LibraryError(f"YAML error: {exc}", code=code, source=source) from exc
    finally:
        loader.dispose()
    return out
