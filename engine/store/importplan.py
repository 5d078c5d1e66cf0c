"""Planning a load of clause files: which versions are new, which unchanged, which are refused.

Pure: the registry plans inside its transaction and then writes the plan, so a load is all or
nothing. A file whose id and version already exist with other text is refused, naming every such
file: the advisor bumps the version, because a stored version never changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from engine.errors import AvtaleverkError, ConflictError, StoreError
from engine.store.clausefiles import parse_clause_source
from engine.store.records import ClauseVersion

__all__ = ["ClauseImportPlan", "NewClause", "plan_clause_import"]


class NewClause(NamedTuple):
    clause_id: str
    version: str
    source: str

    @property
    def key(self) -> str:
        return f"{self.clause_id}@{self.version}"


class ClauseImportPlan(NamedTuple):
    new: list[NewClause]
    unchanged: list[str]


def plan_clause_import(
    sources: Mapping[str, str], existing: Mapping[tuple[str, str], ClauseVersion]
) -> ClauseImportPlan:
    """Decide what loading ``sources`` (file name → text) does, against the ``existing`` versions."""
    new: list[NewClause] = []
    unchanged: list[str] = []
    problems: list[AvtaleverkError] = []
    for name in sorted(sources):
        try:
            clause_id, version = parse_clause_source(sources[name], file_name=name)
        except StoreError as exc:
            problems.append(exc)
            continue
        current = existing.get((clause_id, version))
        if current is None:
            new.append(NewClause(clause_id, version, sources[name]))
        elif current.source == sources[name]:
            unchanged.append(f"{clause_id}@{version}")
        else:
            problems.append(
                StoreError(
                    f"clause {clause_id} {version} is already stored with different text; "
                    "bump `version:` in the file to make a new version",
                    code="store.conflict",
                    loc=("clauses", name, "version"),
                    source=name,
                )
            )
    if problems:
        first = problems[0]
        raise ConflictError(
            f"{len(problems)} clause file(s) cannot be loaded; first: {first.message}",
            loc=first.loc,
            source=first.source,
            line=first.line,
            problems=problems,
        )
    return ClauseImportPlan(new, unchanged)
