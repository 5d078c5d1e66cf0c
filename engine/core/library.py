"""The only reader of ``agreements/`` and ``clauses/``: load, check everything, then hand out models.

Loading collects *every* problem (with file and line) before it fails, so an advisor fixes a file in
one pass. A ``Library`` is immutable once built; the store builds one from published clause versions
through ``Library.from_sources`` exactly as the files are read here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from engine.core.agreement import LANGS, AgreementType, ClauseTemplate, QuestionType
from engine.core.rules import check_declarations
from engine.core.templating import GLOBAL_NAMES, Usage, analyse_expression, analyse_template
from engine.core.yamlsource import Located, load_located
from engine.errors import AvtaleverkError, ErrorCode, LibraryError, TemplateError, UnknownIdError

SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
CLAUSE_KEYS = {
    "id", "version", "kind", "title", "body", "parameters", "include_if", "policy", "examples", "note",
}  # fmt: skip
RULE_KEYS = ("permission", "prohibition", "obligation")


def repo_root() -> Path:
    """The project folder that holds agreements/, clauses/ and policies/."""
    return Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class ClauseUsage:
    """Names a clause reads (with file lines): for checking it against each agreement type."""

    names: dict[str, int]
    refs: dict[str, int]
    labels: dict[str, int]
    conditions: dict[str, int]  # names read by include_if / policy `if`


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
            parsed = _collect(problems, lambda n=name, t=text: _parse_clause(n, t))
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
            located = _collect(problems, lambda n=name, t=text: load_located(t, n))
            if located is None:
                continue
            agreement_type = _collect(problems, lambda loc=located: _parse_type(loc))
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
            problems.extend(_check_type(agreement_type, located, clause_models, usages))
        problems.extend(_check_refs(clause_models, usages))
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


def _collect(problems: list[AvtaleverkError], fn: Any) -> Any:
    try:
        return fn()
    except AvtaleverkError as exc:
        problems.append(exc)
        return None


# --------------------------------------------------------------------------- clauses


def _err(
    msg: str, code: ErrorCode, located: Located, *path: str | int, line: int | None = None
) -> LibraryError:
    return LibraryError(msg, code=code, source=located.source, line=line or located.line(*path))


def _pydantic_problems(exc: ValidationError, located: Located) -> list[AvtaleverkError]:
    out: list[AvtaleverkError] = []
    for e in exc.errors():
        loc = tuple(e["loc"])
        what = ".".join(str(p) for p in loc) or "file"
        msg = e["msg"]
        if e["type"] == "missing":
            msg = "required field is missing"
        elif e["type"] == "extra_forbidden":
            msg = "unknown field (check the spelling)"
        out.append(
            LibraryError(
                f"{what}: {msg}", code="library.schema", source=located.source, line=located.line(*loc)
            )
        )
    return out


def _parse_clause(name: str, text: str) -> tuple[ClauseTemplate, ClauseUsage]:
    located = load_located(text, name)
    data = located.data
    problems: list[AvtaleverkError] = []
    if not isinstance(data, dict):
        raise LibraryError("a clause file must be a YAML mapping", source=name, line=1)
    for key in data:
        if key not in CLAUSE_KEYS:
            problems.append(
                _err(f"unknown field '{key}' (check the spelling)", "library.schema", located, key)
            )
    for key in ("title", "body"):
        value = data.get(key)
        if isinstance(value, dict):
            for lang in LANGS:
                if not str(value.get(lang) or "").strip():
                    problems.append(
                        _err(f"{key} has no '{lang}' text", "library.missing-language", located, key)
                    )
    version = data.get("version")
    if version is not None and not SEMVER.match(str(version)):
        problems.append(
            _err(
                f"version '{version}' is not semver (like 1.2.0)", "library.schema", located, "version"
            )
        )
    stem = Path(name).stem
    if data.get("id") is not None and str(data.get("id")) != stem:
        problems.append(
            _err(
                f"clause id '{data.get('id')}' must match the file name '{stem}.yaml'",
                "library.schema",
                located,
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
        problems.extend(_pydantic_problems(exc, located))
        raise LibraryError(f"{name} is not a valid clause", problems=problems) from exc
    usage, usage_problems = _clause_usage(model, located)
    problems.extend(usage_problems)
    if problems:
        raise LibraryError(f"{name} is not a valid clause", problems=problems)
    return model, usage


def _template_usage(
    source: str, located: Located, path: tuple[str | int, ...], *, expression: bool = False
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


def _strings(value: Any, path: tuple[str | int, ...]) -> Iterable[tuple[tuple[str | int, ...], str]]:
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
        kinds = [k for k in RULE_KEYS if k in rule]
        extra = [k for k in rule if k not in (*RULE_KEYS, "if")]
        if len(kinds) != 1 or extra:
            problems.append(
                _err(
                    "a policy item needs exactly one of permission / prohibition / obligation"
                    + (f" (unknown keys: {', '.join(map(str, extra))})" if extra else ""),
                    "library.schema",
                    located,
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


def _check_refs(
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


# --------------------------------------------------------------------------- agreement types


def _parse_type(located: Located) -> AgreementType:
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
            f"{located.source} is not a valid agreement type", problems=_pydantic_problems(exc, located)
        ) from exc


def _check_type(
    t: AgreementType,
    located: Located,
    clauses: Mapping[str, ClauseTemplate],
    usages: Mapping[str, ClauseUsage],
) -> list[AvtaleverkError]:
    from engine.core.answers import validate_answers

    problems: list[AvtaleverkError] = []
    if not SEMVER.match(t.version):
        problems.append(_err(f"version '{t.version}' is not semver", "library.schema", located, "version"))
    for key in ("title", "description"):
        for lang in LANGS:
            if not getattr(t, key).get(lang):
                problems.append(_err(f"{key} has no '{lang}' text", "library.missing-language", located, key))
    group_ids = {g.id for g in t.groups}
    seen: set[str] = set()
    qids = {q.id for q in t.questions}
    for i, q in enumerate(t.questions):
        where = ("questions", i)
        if q.id in seen:
            problems.append(_err(f"duplicate question id '{q.id}'", "library.duplicate-id", located, *where))
        seen.add(q.id)
        if q.group not in group_ids:
            problems.append(
                _err(f"question '{q.id}': unknown group '{q.group}'", "library.schema", located, *where)
            )
        for key in ("label", "help"):
            for lang in LANGS:
                if not getattr(q, key).get(lang):
                    problems.append(
                        _err(
                            f"question '{q.id}': {key} has no '{lang}' text",
                            "library.missing-language",
                            located,
                            *where,
                            key,
                        )
                    )
        if q.type in (QuestionType.choice, QuestionType.multi_choice) and not q.options:
            problems.append(
                _err(f"question '{q.id}' is a {q.type} without options", "library.schema", located, *where)
            )
        if q.visible_if:
            try:
                usage = analyse_expression(q.visible_if)
            except TemplateError as exc:
                problems.append(
                    _err(f"question '{q.id}' visible_if: {exc.message}", "library.syntax", located, *where)
                )
                continue
            for name in usage.names:
                if name not in qids and name not in GLOBAL_NAMES:
                    problems.append(
                        _err(
                            f"question '{q.id}' visible_if uses unknown question '{name}'",
                            "library.unknown-question",
                            located,
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
                    _err(f"clause '{cid}' is placed twice in the outline", "library.schema", located, *path)
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
                q = t.question(str(p.loc[0])) if p.loc else None
                problems.append(
                    LibraryError(
                        f"default answer is invalid: {p.message}",
                        code="library.schema",
                        source=located.source,
                        line=q.line if q else None,
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
    path: tuple[str | int, ...],
    kind: str,
) -> list[AvtaleverkError]:
    clause = clauses.get(cid)
    if clause is None:
        return [_err(f"{kind} '{cid}' does not exist in clauses/", "library.unknown-clause", located, *path)]
    problems: list[AvtaleverkError] = []
    if clause.kind != kind:
        problems.append(
            _err(f"'{cid}' is a {clause.kind}, listed here as {kind}", "library.schema", located, *path)
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
