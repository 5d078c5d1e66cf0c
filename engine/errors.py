"""Every error a user can cause and fix, in one tree.

    AvtaleverkError                 code + message + loc (+ source file and line)
    ├── LibraryError                a clause or agreement-type file is wrong
    │   └── UnknownIdError          an id that names nothing (agreement type, clause, question)
    ├── AnswersError                answers do not fit the questions (one entry per field)
    ├── TemplateError               a clause template failed: syntax, missing variable, sandbox escape
    ├── ComposeError                answers are valid but cannot make an agreement
    ├── RenderError                 HTML/PDF/DOCX rendering failed, or a PDF is not ours
    ├── PolicyError                 an ODRL policy or request is wrong
    │   ├── PolicyParseError        cannot be parsed (JSON-LD/Turtle syntax)
    │   └── ProfileViolation        parses, but breaks the ODRL model or our profile
    ├── CatalogError                a dataset description cannot be read, published or validated
    └── StoreError                  the registry refused an operation
        ├── NotFoundError
        ├── ImmutableError          a final/signed agreement or an audit record cannot change
        ├── ConflictError           already exists, or someone else saved first
        │   └── ClauseEditConflict  optimistic locking on a clause version (carries ``current``)
        └── PermissionDeniedError   wrong role or four-eyes rule

Adapters translate foreign exceptions (jinja2, rdflib, sqlalchemy, pydantic) into these once,
with ``raise ... from exc``, so nothing else escapes ``engine``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, Protocol

ErrorCode = Literal[
    "library.file",
    "library.schema",
    "library.duplicate-id",
    "library.missing-language",
    "library.unknown-variable",
    "library.unknown-question",
    "library.unknown-clause",
    "library.syntax",
    "library.unknown-id",
    "answers.invalid",
    "answers.file",
    "template.syntax",
    "template.undefined",
    "template.security",
    "template.error",
    "compose.invalid",
    "render.failed",
    "render.not-ours",
    "policy.parse",
    "policy.invalid",
    "policy.profile",
    "store.error",
    "store.not-found",
    "store.immutable",
    "store.conflict",
    "store.permission",
    "store.invalid",
    "catalog.parse",
    "catalog.invalid",
]

Loc = tuple[str | int, ...]


class AvtaleverkError(Exception):
    """Base of every error the engine raises on purpose."""

    default_code: ErrorCode = "compose.invalid"

    def __init__(
        self,
        message: str,
        *,
        code: ErrorCode | None = None,
        loc: Loc = (),
        source: Path | str | None = None,
        line: int | None = None,
        problems: Sequence[AvtaleverkError] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code: ErrorCode = code or self.default_code
        self.loc: Loc = tuple(loc)
        self.source = Path(source) if source is not None else None
        self.line = line
        # Loading reports every problem at once; the first one is this error itself.
        self.problems: list[AvtaleverkError] = list(problems)

    def one_line(self) -> str:
        """``source:line: [code] message (at a.b.c)`` — what the CLI and UI print."""
        where = ""
        if self.source is not None:
            where = f"{self.source}:{self.line}: " if self.line else f"{self.source}: "
        at = f" (at {'.'.join(str(p) for p in self.loc)})" if self.loc else ""
        return f"{where}[{self.code}] {self.message}{at}"

    def all_lines(self) -> list[str]:
        return [p.one_line() for p in self.problems] if self.problems else [self.one_line()]

    def __str__(self) -> str:
        return self.one_line()


class LibraryError(AvtaleverkError):
    default_code: ErrorCode = "library.schema"


class UnknownIdError(LibraryError):
    default_code: ErrorCode = "library.unknown-id"


class AnswersError(AvtaleverkError):
    """Answers that do not fit the questions; ``problems`` holds one error per field."""

    default_code: ErrorCode = "answers.invalid"


class TemplateError(AvtaleverkError):
    default_code: ErrorCode = "template.error"


class ComposeError(AvtaleverkError):
    default_code: ErrorCode = "compose.invalid"


class RenderError(AvtaleverkError):
    default_code: ErrorCode = "render.failed"


class PolicyError(AvtaleverkError):
    default_code: ErrorCode = "policy.invalid"


class PolicyParseError(PolicyError):
    default_code: ErrorCode = "policy.parse"


class ProfileViolation(PolicyError):
    default_code: ErrorCode = "policy.profile"


class CatalogError(AvtaleverkError):
    """A DCAT-AP-NO file refused (too big, remote context, XML entities, syntax: ``catalog.parse``) or a
    catalogue that cannot be published as it stands (``catalog.invalid``); ``problems`` holds every one."""

    default_code: ErrorCode = "catalog.invalid"


class StoreError(AvtaleverkError):
    default_code: ErrorCode = "store.error"


class NotFoundError(StoreError):
    default_code: ErrorCode = "store.not-found"


class ImmutableError(StoreError):
    default_code: ErrorCode = "store.immutable"


class ConflictError(StoreError):
    default_code: ErrorCode = "store.conflict"


class SavedClause(Protocol):
    """What a :class:`ClauseEditConflict` tells about the stored version (``engine.store.ClauseVersion``)."""

    @property
    def clause_id(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def updated_by(self) -> str: ...
    @property
    def lock_version(self) -> int: ...


class ClauseEditConflict(ConflictError):
    """Someone else saved this clause version first; ``current`` is what they saved (merge, save again)."""

    def __init__(self, message: str, *, current: SavedClause, loc: Loc = ()) -> None:
        super().__init__(message, loc=loc or ("clauses", current.clause_id, current.version))
        self.current = current


class PermissionDeniedError(StoreError):
    default_code: ErrorCode = "store.permission"


@contextmanager
def located(*loc: str | int, source: Path | str | None = None) -> Iterator[None]:
    """Prepend ``loc`` (and fill ``source``) on engine errors bubbling through."""
    try:
        yield
    except AvtaleverkError as exc:
        exc.loc = tuple(loc) + exc.loc
        if source is not None and exc.source is None:
            exc.source = Path(source)
        raise
