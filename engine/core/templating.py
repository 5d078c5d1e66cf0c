"""The one Jinja2 environment clause texts, conditions and policy fragments run in.

Sandboxed, ``StrictUndefined`` (a missing value is an error, never a blank in a legal text) and
autoescaping. Every value printed into a clause body is escaped for *both* layers it passes through:
HTML (entities) and Markdown (backslash escapes), so a party's name can neither inject markup nor
change the document's structure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from engine.core.formatting import (
    format_count,
    format_date_text,
    format_money,
    format_number,
    format_orgnr,
    format_percent,
    join_list,
)
from engine.errors import AvtaleverkError, TemplateError

#: Names every template may use besides the answers.
GLOBAL_NAMES = frozenset({"lang", "ref", "label", "is_included", "item", "true", "false", "none"})

_MD_PUNCT = set("\\`*_{}[]()#+-.!|~<>:")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}


def escape_text(value: Any) -> Markup:
    """Escape a value for a Markdown body that will be rendered to HTML."""
    if isinstance(value, Markup):
        return value
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for ch in text:
        if ch in _HTML:
            out.append(_HTML[ch])
        elif ch in _MD_PUNCT:
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\\n")  # a hard line break, never a new block
        else:
            out.append(ch)
    # Collapse blank lines so an answer can never end a list or start a heading.
    return Markup(re.sub(r"(\\\n){2,}", "\\\n", "".join(out)))


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    return escape_text(value)


# --------------------------------------------------------------------------- environment


class _Env(SandboxedEnvironment):
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # Answers are dicts and scalars: nothing private is ever needed.
        if attr.startswith("_"):
            return False
        return super().is_safe_attribute(obj, attr, value)


def make_environment(lang: str) -> SandboxedEnvironment:
    env = _Env(autoescape=True, undefined=StrictUndefined, finalize=_finalize, keep_trailing_newline=True)
    env.filters.update(
        date=lambda v: format_date_text(v, lang),
        money=lambda v: format_money(v, lang),
        number=lambda v: format_number(v, lang),
        percent=lambda v: format_percent(v, lang),
        orgnr=format_orgnr,
        join_list=lambda v: join_list(v, lang),
        unit=lambda n, one, many: format_count(n, one, many, lang),
    )
    env.globals.clear()
    env.globals.update(lang=lang, true=True, false=False, none=None)
    return env


@lru_cache(maxsize=8)
def environment(lang: str) -> SandboxedEnvironment:
    return make_environment(lang)


@lru_cache(maxsize=4096)
def _compiled_template(lang: str, source: str) -> Any:
    return environment(lang).from_string(source)


@lru_cache(maxsize=4096)
def _compiled_expression(source: str) -> Callable[..., Any]:
    return environment("nb").compile_expression(source, undefined_to_none=False)


# --------------------------------------------------------------------------- running templates


def _translate(exc: Exception, where: str, line_offset: int = 0) -> TemplateError:
    line = getattr(exc, "lineno", None)
    if isinstance(exc, SecurityError):
        return TemplateError(f"{where}: blocked by the sandbox: {exc}", code="template.security")
    if isinstance(exc, UndefinedError):
        name = _undefined_name(str(exc))
        return TemplateError(
            f"{where}: the value {name} is missing (no answer and no default)", code="template.undefined"
        )
    if isinstance(exc, TemplateSyntaxError):
        return TemplateError(
            f"{where}: syntax error: {exc.message}",
            code="template.syntax",
            line=(line + line_offset) if line else None,
        )
    return TemplateError(f"{where}: {type(exc).__name__}: {exc}", code="template.error")


def _undefined_name(message: str) -> str:
    m = re.search(r"'([^']+)' is undefined", message)
    if m:
        return f"'{m.group(1)}'"
    m = re.search(r"has no attribute '([^']+)'", message)
    return f"'{m.group(1)}'" if m else f"({message})"


def render_text(source: str, context: Mapping[str, Any], lang: str, *, where: str) -> str:
    """Render a clause body (Markdown + Jinja2) with escaped answer values."""
    try:
        return str(_compiled_template(lang, source).render(**context))
    except AvtaleverkError:
        raise
    except Exception as exc:  # sandbox, undefined, syntax; filters reject bad values with ValueError
        raise _translate(exc, where) from exc


def evaluate_condition(source: str, context: Mapping[str, Any], *, where: str) -> bool:
    return bool(evaluate_value(source, context, where=where))


def evaluate_value(source: str, context: Mapping[str, Any], *, where: str) -> Any:
    """The value of an expression (a condition, or a list to repeat a policy item over)."""
    try:
        return _compiled_expression(source)(**context)
    except AvtaleverkError:
        raise
    except Exception as exc:
        raise _translate(exc, where) from exc


def render_value(source: str, context: Mapping[str, Any], *, where: str) -> str:
    """Render a short template whose result is data (policy fragments): no escaping."""
    if "{" not in source:
        return source
    try:
        env = environment("nb")
        tmpl = env.overlay(autoescape=False, finalize=lambda v: "" if v is None else v).from_string(source)
        return str(tmpl.render(**context))
    except AvtaleverkError:
        raise
    except Exception as exc:
        raise _translate(exc, where) from exc


# --------------------------------------------------------------------------- static analysis


@dataclass(frozen=True)
class Usage:
    """What a template reads, found without running it (for loading-time checks)."""

    names: dict[str, int]  # variable -> first line
    refs: dict[str, int]  # ref("clause") / is_included("clause") -> first line
    labels: dict[str, int]  # label("question") -> first line
    private_attrs: dict[str, int]  # obj.__x__ -> line: always rejected


def _analyse(ast: nodes.Template) -> Usage:
    names: dict[str, int] = {}
    refs: dict[str, int] = {}
    labels: dict[str, int] = {}
    private: dict[str, int] = {}
    assigned = {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")}
    for name in ast.find_all(nodes.Name):
        if name.ctx == "load" and name.name not in assigned:
            names.setdefault(name.name, name.lineno)
    for attr in ast.find_all(nodes.Getattr):
        if attr.attr.startswith("_"):
            private.setdefault(attr.attr, attr.lineno)
    for item in ast.find_all(nodes.Getitem):
        if isinstance(item.arg, nodes.Const) and str(item.arg.value).startswith("_"):
            private.setdefault(str(item.arg.value), item.lineno)
    for call in ast.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.args and isinstance(call.args[0], nodes.Const):
            target = {"ref": refs, "is_included": refs, "label": labels}.get(call.node.name)
            if target is not None:
                target.setdefault(str(call.args[0].value), call.lineno)
    return Usage(names, refs, labels, private)


def analyse_template(source: str) -> Usage:
    """Parse a template; raises TemplateError(code=template.syntax) with its line on bad syntax."""
    try:
        ast = environment("nb").parse(source)
    except TemplateSyntaxError as exc:
        raise _translate(exc, "template") from exc
    return _analyse(ast)


def analyse_expression(source: str) -> Usage:
    return analyse_template("{{ (" + source + ") }}")
