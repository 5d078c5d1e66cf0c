"""The clause workshop's logic: a clause file <-> form fields, version bumps, checking a draft.

The workshop page only shows widgets; what a form means as a clause file, and whether the result still
loads and proves its examples, is decided here.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from engine.core.library import Library
from engine.errors import AvtaleverkError, LibraryError
from engine.services.examples import run_example

ORDER = ("id", "version", "kind", "title", "parameters", "include_if", "body", "policy", "examples", "note")



class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def to_yaml(value: Any) -> str:
    if value in (None, [], {}):
        return ""
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def form_fields(source: str) -> dict[str, Any]:
    data = yaml.safe_load(source) or {}
    return {
        "version": str(data.get("version", "")),
        "title_nb": (data.get("title") or {}).get("nb", ""),
        "title_en": (data.get("title") or {}).get("en", ""),
        "body_nb": (data.get("body") or {}).get("nb", ""),
        "body_en": (data.get("body") or {}).get("en", ""),
        "parameters": ", ".join(data.get("parameters") or []),
        "include_if": data.get("include_if") or "",
        "policy": to_yaml(data.get("policy")),
        "examples": to_yaml(data.get("examples")),
        "note": data.get("note") or "",
    }


def source_from_form(original: str, fields: dict[str, Any], lang: str = "nb") -> str:
    """The clause file with the form's values put in place (key order of the original kept)."""
    data = dict(yaml.safe_load(original) or {})
    problems = []
    parsed: dict[str, Any] = {}
    for name in ("policy", "examples"):
        text = fields[name].strip()
        try:
            parsed[name] = yaml.safe_load(text) if text else None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = (" line " if lang == "en" else " linje ") + str(mark.line + 1) if mark is not None else ""
            what = "invalid YAML" if lang == "en" else "ugyldig YAML"
            problems.append(
                LibraryError(f"{name}: {what}{line}: {getattr(exc, 'problem', exc)}", code="library.syntax")
            )
    if problems:
        head = "The form has errors" if lang == "en" else "Skjemaet har feil"
        raise LibraryError(head, problems=problems)
    data["version"] = fields["version"].strip()
    data["title"] = {"nb": fields["title_nb"].strip(), "en": fields["title_en"].strip()}
    data["body"] = {"nb": _block(fields["body_nb"]), "en": _block(fields["body_en"])}
    params = [p.strip() for p in re.split(r"[,\s]+", fields["parameters"]) if p.strip()]
    data["parameters"] = params
    for key, value in (
        ("include_if", fields["include_if"].strip()),
        ("note", fields["note"].strip()),
        ("policy", parsed["policy"]),
        ("examples", parsed["examples"]),
    ):
        if value:
            data[key] = value
        else:
            data.pop(key, None)
    ordered = {k: data[k] for k in ORDER if k in data}
    ordered.update({k: v for k, v in data.items() if k not in ordered})
    return to_yaml(ordered)


def _block(text: str) -> str:
    text = text.replace("\r\n", "\n").strip("\n")
    return text + "\n" if text else ""


def bump(version: str) -> str:
    parts = version.split(".")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[0]}.{parts[1]}.{int(parts[2]) + 1}"
    return version + ".1"


def library_with(lib: Library, clause_id: str, source: str) -> Library:
    """``lib`` with this clause replaced: the loader checks everything, with lines."""
    types = {k.split("/", 1)[1]: v for k, v in lib.sources.items() if k.startswith("agreements/")}
    clauses = {k.split("/", 1)[1]: v for k, v in lib.sources.items() if k.startswith("clauses/")}
    clauses[f"{clause_id}.yaml"] = source
    return Library.from_sources(types, clauses)


def failing_examples(lib: Library, clause_id: str, source: str) -> list[str]:
    """Names of the clause's examples that fail with ``source`` (or why it does not load at all)."""
    try:
        candidate = library_with(lib, clause_id, source)
    except AvtaleverkError as err:
        return [err.message]
    clause = candidate.clause(clause_id)
    return [e.name for e in clause.examples if not all(r.ok for r in run_example(candidate, clause, e))]
