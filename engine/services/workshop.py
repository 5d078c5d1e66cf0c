"""The clause workshop's logic: who may use it, a clause file <-> form fields, version bumps, checking a
draft, saving it, what to compare it with, and each example's preview.

The workshop page only shows widgets; what a form means as a clause file, whether the result still loads
and proves its examples, and whether the person at the keyboard is an active legal advisor are decided
here. The four-eyes rule of publishing is the store's (it refuses an author's own approval).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import yaml

from engine.core.agreement import pick
from engine.core.library import Library
from engine.errors import AvtaleverkError, LibraryError
from engine.i18n import Texts, text
from engine.services.examples import ExampleResult, run_example, run_example_on

if TYPE_CHECKING:
    from engine.store import ClauseVersion, Store, UserRecord

__all__ = [
    "ORDER",
    "TEXTS",
    "ExamplePreview",
    "SignIn",
    "active_advisor",
    "bump",
    "diff_base",
    "example_previews",
    "failing_examples",
    "form_fields",
    "library_with",
    "save_clause",
    "sign_in",
    "source_from_form",
    "to_yaml",
]

ORDER = ("id", "version", "kind", "title", "parameters", "include_if", "body", "policy", "examples", "note")
ADVISOR = "advisor"  # engine.store.Role.advisor (a StrEnum): compared by value, so no database driver loads


# --------------------------------------------------------------------------- who may use the workshop


@dataclass(frozen=True)
class SignIn:
    """The outcome of signing in: the advisor, or why not (``credentials``: wrong name or password, or a
    disabled account; ``role``: the account is not a legal advisor)."""

    user: UserRecord | None
    refused: Literal["credentials", "role"] | None = None


def sign_in(store: Store, username: str, password: str) -> SignIn:
    """Check the password and the role: only active legal advisors get into the workshop."""
    try:
        user = store.authenticate(username.strip(), password)
    except AvtaleverkError:
        return SignIn(None, "credentials")
    if user.role != ADVISOR:
        return SignIn(None, "role")
    return SignIn(user)


def active_advisor(store: Store, username: str | None) -> UserRecord | None:
    """The user as the registry knows them now, if still an active advisor (re-read on every page run, so a
    disabled account or a changed role takes effect at once)."""
    if not username:
        return None
    try:
        user = store.get_user(username)
    except AvtaleverkError:
        return None
    if user is None or user.disabled or user.role != ADVISOR:
        return None
    return user


# --------------------------------------------------------------------------- the form



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
        raw = fields[name].strip()
        try:
            parsed[name] = yaml.safe_load(raw) if raw else None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = text(TEXTS, "yaml.line", lang, line=mark.line + 1) if mark is not None else ""
            what = text(TEXTS, "yaml.invalid", lang, field=name, where=where)
            problems.append(LibraryError(f"{what}: {getattr(exc, 'problem', exc)}", code="library.syntax"))
    if problems:
        raise LibraryError(text(TEXTS, "form.errors", lang), problems=problems)
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


def _block(body: str) -> str:
    body = body.replace("\r\n", "\n").strip("\n")
    return body + "\n" if body else ""


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


def save_clause(store: Store, cv: ClauseVersion, source: str, *, by: str, note: str) -> tuple[ClauseVersion, bool]:
    """Save the form: a published version gets a new draft version, a draft is updated in place (refused
    with ``ClauseEditConflict`` when someone saved it first). Returns (the version saved, whether it is new)."""
    if cv.status == "published":
        return store.create_clause_version(source, by=by, change_note=note), True
    saved = store.save_clause_draft(
        cv.clause_id, cv.version, source, by=by, expected_lock_version=cv.lock_version, change_note=note or None
    )
    return saved, False


def diff_base(store: Store, cv: ClauseVersion) -> ClauseVersion | None:
    """What a version is compared with: the newest other published version (a first published version
    with itself); None when there is nothing published to compare with."""
    published = [c for c in store.list_clause_versions(cv.clause_id, status="published") if c.version != cv.version]
    if published:
        return published[-1]
    return cv if cv.status == "published" else None


@dataclass(frozen=True)
class ExamplePreview:
    """One example of a clause: whether it passes, the checks, and the clause as the example composes it."""

    name: str
    results: tuple[ExampleResult, ...]
    number: str = ""
    title: str = ""
    html: str = ""  # empty: the clause is not part of the agreement with these answers
    error: str = ""  # the example does not compose

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)


def example_previews(lib: Library, clause_id: str) -> list[ExamplePreview]:
    """Every example of the clause, run and shown as it composes (the workshop's live preview)."""
    clause = lib.clause(clause_id)
    out = []
    for example in clause.examples:
        results, agreement = run_example_on(lib, clause, example)
        if agreement is None:
            error = results[0].detail if results and results[0].check == "compose" else ""
            out.append(ExamplePreview(example.name, tuple(results), error=error))
            continue
        part = agreement.clause(clause_id) or next((a for a in agreement.annexes if a.id == clause_id), None)
        if part is None:
            out.append(ExamplePreview(example.name, tuple(results)))
            continue
        title = pick(clause.title, example.lang)
        out.append(ExamplePreview(example.name, tuple(results), part.number, title, part.html))
    return out


TEXTS: Texts = {
    "form.errors": {"nb": "Skjemaet har feil", "en": "The form has errors"},
    "yaml.invalid": {"nb": "{field}: ugyldig YAML{where}", "en": "{field}: invalid YAML{where}"},
    "yaml.line": {"nb": " linje {line}", "en": " line {line}"},
}
