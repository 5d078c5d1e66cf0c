"""The only reader of ``agreements/`` and ``clauses/``: load, check everything, then hand out models.

Loading collects *every* problem (with file and line) before it fails, so an advisor fixes a file in
one pass. A ``Library`` is immutable once built; the store builds one from published clause versions
through ``Library.from_sources`` exactly as the files are read here. One file at a time is the work of
:mod:`engine.core.clausefile` and :mod:`engine.core.typefile`; this module reads the folders and checks
what spans files (duplicate ids, references between clauses).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

from engine.core.agreement import SEMVER as SEMVER  # the store checks versions by the same rule
from engine.core.agreement import AgreementType, ClauseTemplate
from engine.core.clausefile import ClauseUsage, check_refs, parse_clause
from engine.core.typefile import check_type, parse_type
from engine.core.yamlsource import load_located
from engine.errors import AvtaleverkError, LibraryError, UnknownIdError

T = TypeVar("T")


def repo_root() -> Path:
    """The project folder that holds agreements/, clauses/ and policies/."""
    return Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Library:
    types: dict[str, AgreementType]
    clauses: dict[str, ClauseTemplate]
    #: file name -> exact text, e.g. {"clauses/confidentiality.yaml": "..."}; the store keeps these.
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    def agreement_type(self, type_id: str) -> AgreementType:
        try:
            return self.types[type_id]
        except KeyError:
            known = ", ".join(sorted(self.types)) or "-"
            raise UnknownIdError(
                f"unknown agreement type '{type_id}' (known: {known})", loc=("type",)
            ) from None

    def clause(self, clause_id: str) -> ClauseTemplate:
        try:
            return self.clauses[clause_id]
        except KeyError:
            raise UnknownIdError(f"unknown clause '{clause_id}'") from None

    def types_using(self, clause_id: str) -> list[AgreementType]:
        return [t for t in self.types.values() if clause_id in t.clause_ids()]

    @classmethod
    def from_sources(cls, agreement_types: Mapping[str, str], clauses: Mapping[str, str]) -> Library:
        """Build from file texts (keys are file names such as ``confidentiality.yaml``)."""
        problems: list[AvtaleverkError] = []
        clause_models: dict[str, ClauseTemplate] = {}
        usages: dict[str, ClauseUsage] = {}
        sources: dict[str, str] = {}
        for name in sorted(clauses):
            text = clauses[name]
            sources[f"clauses/{Path(name).name}"] = text
            parsed = _collect(problems, partial(parse_clause, name, text))
            if parsed is None:
                continue
            model, usage = parsed
            if model.id in clause_models:
                other = clause_models[model.id].source
                problems.append(
                    LibraryError(
                        f"duplicate clause id '{model.id}' (also in {other})",
                        code="library.duplicate-id",
                        source=name,
                        line=model.lines.get("id"),
                    )
                )
                continue
            clause_models[model.id] = model
            usages[model.id] = usage
        type_models: dict[str, AgreementType] = {}
        for name in sorted(agreement_types):
            text = agreement_types[name]
            sources[f"agreements/{Path(name).name}"] = text
            located = _collect(problems, partial(load_located, text, name))
            if located is None:
                continue
            agreement_type = _collect(problems, partial(parse_type, located))
            if agreement_type is None:
                continue
            if agreement_type.id in type_models:
                problems.append(
                    LibraryError(
                        f"duplicate agreement type id '{agreement_type.id}'",
                        code="library.duplicate-id",
                        source=name,
                        line=located.line("id"),
                    )
                )
                continue
            type_models[agreement_type.id] = agreement_type
            problems.extend(check_type(agreement_type, located, clause_models, usages))
        problems.extend(check_refs(clause_models, usages))
        if problems:
            raise LibraryError(
                f"the clause library has {len(problems)} problem(s)", problems=_flatten(problems)
            )
        return cls(types=type_models, clauses=clause_models, sources=sources)


def load_library(root: Path | str | None = None) -> Library:
    """Load ``root/agreements/*.yaml`` and ``root/clauses/*.yaml`` (root defaults to the project)."""
    base = Path(root) if root is not None else repo_root()
    types = _read_dir(base / "agreements")
    clauses = _read_dir(base / "clauses")
    if not types:
        raise LibraryError(f"no agreement types found in {base / 'agreements'}", code="library.file")
    return Library.from_sources(types, clauses)


def check_library(root: Path | str | None = None) -> list[AvtaleverkError]:
    """Every problem in the library (empty when it loads cleanly) — for ``avtale clauses lint``."""
    try:
        load_library(root)
    except AvtaleverkError as exc:
        return exc.problems or [exc]
    return []


def _read_dir(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    out: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            out[_display(path)] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise LibraryError(f"cannot read file: {exc}", code="library.file", source=path) from exc
    return out


def _display(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _flatten(problems: Iterable[AvtaleverkError]) -> list[AvtaleverkError]:
    out: list[AvtaleverkError] = []
    for p in problems:
        out.extend(_flatten(p.problems) if p.problems else [p])
    return out


def _collect(problems: list[AvtaleverkError], fn: Callable[[], T]) -> T | None:
    try:
        return fn()
    except AvtaleverkError as exc:
        problems.append(exc)
        return None
