"""One clause file (``clauses/<id>.yaml``): parse it, check it, and find every name its templates read.

The checks that need only the clause itself run here (fields, languages, semver, template syntax,
variables listed under ``parameters``); :mod:`engine.core.typefile` checks each clause against the
agreement types that use it, and :mod:`engine.core.library` runs both over the whole library.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from engine.core.agreement import SEMVER, ClauseTemplate
from engine.core.templating import GLOBAL_NAMES, Usage, analyse_expression, analyse_template
from engine.core.yamlsource import Located, load_located
from engine.errors import AvtaleverkError, LibraryError, Loc, TemplateError
from engine.i18n import LANGS
from engine.odrl.vocab import RULE_KINDS

#: The fields a clause file may have.
CLAUSE_KEYS = frozenset(
    {"id", "version", "kind", "title", "body", "parameters", "include_if", "policy", "examples", "note"}
)


@dataclass(frozen=True)
class ClauseUsage:
    """Names a clause reads (with file lines): for checking it against each agreement type."""

    names: dict[str, int]
    refs: dict[str, int]
    labels: dict[str, int]
    conditions: dict[str, int]  # names read by include_if / policy `if`


def parse_clause(name: str, text: str) -> tuple[ClauseTemplate, ClauseUsage]:
    located = load_located(text, name)
    data = located.data
    problems: list[AvtaleverkError] = []
    if not isinstance(data, dict):
        raise LibraryError("a clause file must be a YAML mapping", source=name, line=1)
    for key in data:
        if key not in CLAUSE_KEYS:
            problems.append(
                located.error(f"unknown field '{key}' (check the spelling)", "library.schema", key)
            )
    for key in ("title", "body"):
        value = data.get(key)
        if isinstance(value, dict):
            for lang in LANGS:
                if not str(value.get(lang) or "").strip():
                    problems.append(
                        located.error(f"{key} has no '{lang}' text", "library.missing-language", key)
                    )
    version = data.get("version")
    if version is not None and not SEMVER.match(str(version)):
        problems.append(
            located.error(
                f"version '{version}' is not semver (like 1.2.0)", "library.schema", "version"
            )
        )
    stem = Path(name).stem
    if data.get("id") is not None and str(data.get("id")) != stem:
        problems.append(
            located.error(
                f"clause id '{data.get('id')}' must match the file name '{stem}.yaml'",
                "library.schema",
                "id",
            )
        )
    clean = {k: v for k, v in data.items() if k in CLAUSE_KEYS}
    if "version" in clean:
        clean["version"] = str(clean["version"])
    lines = {str(k[0]): v for k, v in located.lines.items() if len(k) == 1}
    try:
        model = ClauseTemplate.model_validate({**clean, "source": name, "lines": lines})
    except ValidationError as exc:
        problems.extend(located.pydantic_problems(exc))
        raise LibraryError(f"{name} is not a valid clause", problems=problems) from exc
    usage, usage_problems = _clause_usage(model, located)
    problems.extend(usage_problems)
    if problems:
        raise LibraryError(f"{name} is not a valid clause", problems=problems)
    return model, usage


def _template_usage(
    source: str, located: Located, path: Loc, *, expression: bool = False
) -> tuple[Usage | None, list[AvtaleverkError]]:
    start = located.text_start.get(path, located.line(*path) or 1)
    try:
        usage = analyse_expression(source) if expression else analyse_template(source)
    except TemplateError as exc:
        line = (start + (exc.line or 1) - 1) if not expression else located.line(*path)
        return None, [
            LibraryError(
                f"{'.'.join(map(str, path))}: {exc.message}",
                code="library.syntax",
                source=located.source,
                line=line,
            )
        ]
    problems: list[AvtaleverkError] = []
    for attr, lineno in usage.private_attrs.items():
        problems.append(
            LibraryError(
                f"{'.'.join(map(str, path))}: access to '{attr}' is not allowed in a template",
                code="library.syntax",
                source=located.source,
                line=start + lineno - 1 if not expression else located.line(*path),
            )
        )
    # Report usage with absolute file lines.
    offset = start - 1 if not expression else 0

    def shift(d: dict[str, int]) -> dict[str, int]:
        return {k: (v + offset if not expression else located.line(*path) or 1) for k, v in d.items()}

    return Usage(shift(usage.names), shift(usage.refs), shift(usage.labels), {}), problems


def _strings(value: Any, path: Loc) -> Iterable[tuple[Loc, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, (*path, i))


def _clause_usage(model: ClauseTemplate, located: Located) -> tuple[ClauseUsage, list[AvtaleverkError]]:
    names: dict[str, int] = {}
    refs: dict[str, int] = {}
    labels: dict[str, int] = {}
    problems: list[AvtaleverkError] = []
    condition_names: dict[str, int] = {}

    def add(usage: Usage | None, *, condition: bool = False) -> None:
        if usage is None:
            return
        for k, v in usage.names.items():
            names.setdefault(k, v)
            if condition:
                condition_names.setdefault(k, v)
        for k, v in usage.refs.items():
            refs.setdefault(k, v)
        for k, v in usage.labels.items():
            labels.setdefault(k, v)

    for lang, text in model.body.items():
        usage, probs = _template_usage(text, located, ("body", lang))
        problems.extend(probs)
        add(usage)
    if model.include_if:
        usage, probs = _template_usage(model.include_if, located, ("include_if",), expression=True)
        problems.extend(probs)
        add(usage, condition=True)
    for i, rule in enumerate(model.policy):
        kinds = [k for k in RULE_KINDS if k in rule]
        extra = [k for k in rule if k not in (*RULE_KINDS, "if")]
        if len(kinds) != 1 or extra:
            problems.append(
                located.error(
                    "a policy item needs exactly one of permission / prohibition / obligation"
                    + (f" (unknown keys: {', '.join(map(str, extra))})" if extra else ""),
                    "library.schema",
                    "policy",
                    i,
                )
            )
        if "if" in rule:
            usage, probs = _template_usage(str(rule["if"]), located, ("policy", i, "if"), expression=True)
            problems.extend(probs)
            add(usage, condition=True)
        for path, text in _strings({k: v for k, v in rule.items() if k != "if"}, ("policy", i)):
            if path[-1] == "@each":
                usage, probs = _template_usage(text, located, path, expression=True)
                problems.extend(probs)
                add(usage, condition=True)
            elif "{{" in text or "{%" in text:
                usage, probs = _template_usage(text, located, path, expression=False)
                problems.extend(probs)
                add(usage)
    allowed = set(model.parameters) | GLOBAL_NAMES
    for name, line in sorted(names.items(), key=lambda kv: kv[1]):
        if name not in allowed:
            problems.append(
                LibraryError(
                    f"unknown variable '{name}': not listed under parameters",
                    code="library.unknown-variable",
                    source=located.source,
                    line=line,
                )
            )
    for qid, line in labels.items():
        if qid not in model.parameters:
            problems.append(
                LibraryError(
                    f"label('{qid}') names a question that is not listed under parameters",
                    code="library.unknown-variable",
                    source=located.source,
                    line=line,
                )
            )
    return ClauseUsage(names, refs, labels, condition_names), problems


def check_refs(
    clauses: Mapping[str, ClauseTemplate], usages: Mapping[str, ClauseUsage]
) -> list[AvtaleverkError]:
    problems: list[AvtaleverkError] = []
    for cid, usage in usages.items():
        for target, line in usage.refs.items():
            if target not in clauses:
                problems.append(
                    LibraryError(
                        f"reference to missing clause '{target}'",
                        code="library.unknown-clause",
                        source=clauses[cid].source,
                        line=line,
                    )
                )
    return problems
