"""One agreement-type file (``agreements/<id>.yaml``): parse it and check it against the clauses it uses.

Questions (ids, groups, languages, options, ``visible_if``), the outline (every clause exists, is the
right kind and reads only questions this type asks), the defaults (they must be valid answers) and the
option rules (``engine.core.rules.check_declarations``).
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from engine.core.agreement import SEMVER, AgreementType, ClauseTemplate, QuestionType
from engine.core.answers import validate_answers
from engine.core.clausefile import ClauseUsage
from engine.core.rules import check_declarations
from engine.core.templating import GLOBAL_NAMES, analyse_expression
from engine.core.yamlsource import Located
from engine.errors import AvtaleverkError, LibraryError, Loc, TemplateError
from engine.i18n import LANGS


def parse_type(located: Located) -> AgreementType:
    data = located.data
    if not isinstance(data, dict):
        raise LibraryError("an agreement type file must be a YAML mapping", source=located.source, line=1)
    data = dict(data)
    if "version" in data:
        data["version"] = str(data["version"])
    questions = []
    for i, q in enumerate(data.get("questions") or []):
        if isinstance(q, dict):
            q = {**q, "line": located.line("questions", i)}
        questions.append(q)
    data["questions"] = questions
    try:
        return AgreementType.model_validate({**data, "source": located.source})
    except ValidationError as exc:
        raise LibraryError(
            f"{located.source} is not a valid agreement type", problems=located.pydantic_problems(exc)
        ) from exc


def check_type(
    t: AgreementType,
    located: Located,
    clauses: Mapping[str, ClauseTemplate],
    usages: Mapping[str, ClauseUsage],
) -> list[AvtaleverkError]:
    problems: list[AvtaleverkError] = []
    if not SEMVER.match(t.version):
        problems.append(located.error(f"version '{t.version}' is not semver", "library.schema", "version"))
    for key in ("title", "description"):
        for lang in LANGS:
            if not getattr(t, key).get(lang):
                problems.append(located.error(f"{key} has no '{lang}' text", "library.missing-language", key))
    group_ids = {g.id for g in t.groups}
    seen: set[str] = set()
    qids = {q.id for q in t.questions}
    for i, q in enumerate(t.questions):
        where = ("questions", i)
        if q.id in seen:
            problems.append(located.error(f"duplicate question id '{q.id}'", "library.duplicate-id", *where))
        seen.add(q.id)
        if q.group not in group_ids:
            problems.append(
                located.error(f"question '{q.id}': unknown group '{q.group}'", "library.schema", *where)
            )
        for key in ("label", "help"):
            for lang in LANGS:
                if not getattr(q, key).get(lang):
                    problems.append(
                        located.error(
                            f"question '{q.id}': {key} has no '{lang}' text",
                            "library.missing-language",
                            *where,
                            key,
                        )
                    )
        if q.type in (QuestionType.choice, QuestionType.multi_choice) and not q.options:
            problems.append(
                located.error(f"question '{q.id}' is a {q.type} without options", "library.schema", *where)
            )
        if q.visible_if:
            try:
                usage = analyse_expression(q.visible_if)
            except TemplateError as exc:
                problems.append(
                    located.error(f"question '{q.id}' visible_if: {exc.message}", "library.syntax", *where)
                )
                continue
            for name in usage.names:
                if name not in qids and name not in GLOBAL_NAMES:
                    problems.append(
                        located.error(
                            f"question '{q.id}' visible_if uses unknown question '{name}'",
                            "library.unknown-question",
                            *where,
                            "visible_if",
                        )
                    )
    placed: dict[str, str] = {}
    for si, section in enumerate(t.outline):
        for ci, cid in enumerate(section.clauses):
            path = ("outline", si, "clauses", ci)
            if cid in placed:
                problems.append(
                    located.error(f"clause '{cid}' is placed twice in the outline", "library.schema", *path)
                )
            placed[cid] = section.id
            problems.extend(_check_clause_in_type(t, cid, clauses, usages, located, path, "clause"))
    for ai, cid in enumerate(t.annexes):
        problems.extend(_check_clause_in_type(t, cid, clauses, usages, located, ("annexes", ai), "annex"))
    if not problems:
        # Defaults must themselves be valid answers.
        try:
            validate_answers(t, {}, "en", partial=True)
        except AvtaleverkError as exc:
            for p in exc.problems or [exc]:
                question = t.question(str(p.loc[0])) if p.loc else None
                problems.append(
                    LibraryError(
                        f"default answer is invalid: {p.message}",
                        code="library.schema",
                        source=located.source,
                        line=question.line if question else None,
                    )
                )
    if not problems:
        problems.extend(check_declarations(t, located))  # option rules, and defaults that break one
    return problems


def _check_clause_in_type(
    t: AgreementType,
    cid: str,
    clauses: Mapping[str, ClauseTemplate],
    usages: Mapping[str, ClauseUsage],
    located: Located,
    path: Loc,
    kind: str,
) -> list[AvtaleverkError]:
    clause = clauses.get(cid)
    if clause is None:
        return [located.error(f"{kind} '{cid}' does not exist in clauses/", "library.unknown-clause", *path)]
    problems: list[AvtaleverkError] = []
    if clause.kind != kind:
        problems.append(
            located.error(f"'{cid}' is a {clause.kind}, listed here as {kind}", "library.schema", *path)
        )
    qids = {q.id for q in t.questions}
    condition_names = usages[cid].conditions
    for param in clause.parameters:
        if param in qids:
            continue
        line = clause.lines.get("parameters")
        if param in condition_names:
            problems.append(
                LibraryError(
                    f"include_if uses '{param}', which is not a question in agreement type '{t.id}'",
                    code="library.unknown-question",
                    source=clause.source,
                    line=condition_names[param],
                )
            )
        else:
            problems.append(
                LibraryError(
                    f"parameter '{param}' is not a question in agreement type '{t.id}'",
                    code="library.unknown-variable",
                    source=clause.source,
                    line=line,
                )
            )
    return problems
