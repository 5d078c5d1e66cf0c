"""Option rules: which answers exclude, require or imply others, and cross-field checks.

An agreement type declares its rules once, next to its questions (``rules:`` in ``agreements/*.yaml``,
model ``OptionRule``). The same declarations drive three users:

- ``compose`` refuses a contradictory answer set: ``check_rules`` raises one located ``AnswersError``
  per question that takes part in a broken rule, with the reasons in the document's language;
- the wizard asks ``disabled_options`` which options cannot be chosen with the other answers (and
  why), ``implied_answers`` which answers follow from others, and ``field_problems`` what to show at
  a field (ranges of numbers, cross-field checks such as an end date before the start);
- the library loader asks ``check_declarations`` whether every rule is well formed, reads only
  questions it lists, and whether the type's defaults break no rule.

Pure: answers in, findings out. Expressions are the same sandboxed Jinja2 expressions as ``visible_if``
and ``include_if``; they see the answers with hidden questions set to None.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine.core.agreement import AgreementType, OptionRule, Question, QuestionType
from engine.core.answers import defaults, field_label, validate_answers, visible
from engine.core.formatting import join_list
from engine.core.templating import GLOBAL_NAMES, analyse_expression, evaluate_condition
from engine.core.yamlsource import Located
from engine.errors import AnswersError, AvtaleverkError, LibraryError, TemplateError
from engine.i18n import LANGS, pick, text

RULE_KINDS = ("excludes", "requires", "implies", "check")

_WORDS = {
    "head": {
        "nb": "{n} svar passer ikke sammen med de andre svarene",
        "en": "{n} answer(s) do not fit the other answers",
    },
    "quoted": {"nb": "«{x}»", "en": "\u201c{x}\u201d"},
    "many": {
        "nb": "Passer ikke sammen med svarene på {others}; se begrunnelsen der.",
        "en": "Does not fit the answers to {others}; see the reason there.",
    },
}

#: A question in more broken rules than this gets one short error naming the other questions.
MAX_REASONS = 2


@dataclass(frozen=True)
class Violation:
    """One rule the answers break."""

    rule: OptionRule

    def reason(self, lang: str) -> str:
        return pick(self.rule.reason, lang)


@dataclass(frozen=True)
class DisabledOption:
    """An option the wizard should disable: choosing it would break ``rules``."""

    question: str
    value: Any
    reasons: tuple[str, ...]
    rules: tuple[str, ...]


# --------------------------------------------------------------------------- evaluation


def kind(rule: OptionRule) -> str:
    """Which of excludes / requires / implies / check the rule is."""
    return next(k for k in RULE_KINDS if getattr(rule, k) is not None)


def _holds(source: str, values: Mapping[str, Any], rule: OptionRule, part: str) -> bool:
    return evaluate_condition(source, values, where=f"rule '{rule.id}' {part}")


def broken(rule: OptionRule, values: Mapping[str, Any]) -> bool:
    """Whether ``values`` (validated answers, hidden questions None) break ``rule``."""
    if not _holds(rule.when, values, rule, "when"):
        return False
    if rule.excludes is not None:
        return _holds(rule.excludes, values, rule, "excludes")
    if rule.implies is not None:
        return any(values.get(q) is not None and values.get(q) != v for q, v in rule.implies.items())
    condition = rule.requires if rule.requires is not None else rule.check
    return not _holds(str(condition), values, rule, "requires" if rule.requires is not None else "check")


def violations(agreement_type: AgreementType, values: Mapping[str, Any]) -> list[Violation]:
    """Every rule of the type that ``values`` break, in declaration order."""
    return [Violation(r) for r in agreement_type.rules if broken(r, values)]


def rule_problems(agreement_type: AgreementType, values: Mapping[str, Any], lang: str) -> list[AnswersError]:
    """One error per question that takes part in a broken rule, in question order."""
    reasons: dict[str, list[str]] = {}
    others: dict[str, list[str]] = {}
    for v in violations(agreement_type, values):
        for qid in v.rule.questions:
            bucket = reasons.setdefault(qid, [])
            if v.reason(lang) not in bucket:
                bucket.append(v.reason(lang))
            others.setdefault(qid, []).extend(o for o in v.rule.questions if o != qid)
    out = []
    for q in agreement_type.questions:
        if q.id not in reasons:
            continue
        label = field_label(agreement_type, (q.id,), lang)
        if len(reasons[q.id]) <= MAX_REASONS:
            detail = " ".join(reasons[q.id])
        else:  # the other questions each carry their own reason
            names = [
                text(_WORDS, "quoted", lang, x=field_label(agreement_type, (o,), lang))
                for o in dict.fromkeys(others[q.id])
            ]
            detail = text(_WORDS, "many", lang, others=join_list(names, lang))
        out.append(AnswersError(f"{label}: {detail}", loc=(q.id,)))
    return out


def check_rules(agreement_type: AgreementType, values: Mapping[str, Any], lang: str = "nb") -> None:
    """Raise one ``AnswersError`` listing every question in a broken rule (compose calls this)."""
    problems = rule_problems(agreement_type, values, lang)
    if problems:
        raise AnswersError(text(_WORDS, "head", lang, n=len(problems)), problems=list(problems))


# --------------------------------------------------------------------------- for the wizard


def resolve(agreement_type: AgreementType, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers over the defaults, with every hidden question set to None (top-down, as validation does)."""
    values: dict[str, Any] = {**defaults(agreement_type), **answers}
    for q in agreement_type.questions:
        values.setdefault(q.id, None)
        if not visible(q, values):
            values[q.id] = None
    return values


def implied_answers(agreement_type: AgreementType, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers that follow from the others (``implies`` rules) and differ from what is there now."""
    values = resolve(agreement_type, answers)
    out: dict[str, Any] = {}
    for rule in agreement_type.rules:
        if rule.implies is None or not _holds(rule.when, values, rule, "when"):
            continue
        for qid, value in rule.implies.items():
            if values.get(qid) is not None and values.get(qid) != value:
                out[qid] = value
    return out


def _candidates(q: Question) -> list[Any]:
    if q.type is QuestionType.bool:
        return [True, False]
    return [o.value for o in q.options]


def disabled_options(
    agreement_type: AgreementType, answers: Mapping[str, Any], lang: str = "nb"
) -> list[DisabledOption]:
    """The options of every visible choice, multi-choice and yes/no question that would break a rule.

    For a multi-choice question an option is disabled when ticking it (on top of what is ticked)
    would break a rule. Only rules that list the question are tried.
    """
    values = resolve(agreement_type, answers)
    out: list[DisabledOption] = []
    for q in agreement_type.questions:
        if q.type not in (QuestionType.choice, QuestionType.multi_choice, QuestionType.bool):
            continue
        if not visible(q, values):
            continue
        concerned = [r for r in agreement_type.rules if q.id in r.questions]
        if not concerned:
            continue
        for option in _candidates(q):
            if q.type is QuestionType.multi_choice:
                current = list(values.get(q.id) or [])
                tried = current if option in current else [*current, option]
            else:
                tried = option
            candidate = resolve(agreement_type, {**values, q.id: tried})
            hits = [r for r in concerned if broken(r, candidate)]
            if hits:
                out.append(
                    DisabledOption(
                        question=q.id,
                        value=option,
                        reasons=tuple(dict.fromkeys(pick(r.reason, lang) for r in hits)),
                        rules=tuple(r.id for r in hits),
                    )
                )
    return out


def field_problems(agreement_type: AgreementType, answers: Mapping[str, Any], lang: str = "nb") -> dict[str, list[str]]:
    """What to show at each field: what validation says about it (numbers out of range, a choice that does
    not exist, ...) and broken cross-field checks. Missing answers are not problems here (a draft)."""
    out: dict[str, list[str]] = {}
    try:
        validate_answers(agreement_type, answers, lang, partial=True)
    except AnswersError as exc:
        for p in exc.problems or [exc]:
            if p.loc:
                prefix = f"{field_label(agreement_type, p.loc, lang)}: "
                found = p.message[len(prefix) :] if p.message.startswith(prefix) else p.message
                out.setdefault(str(p.loc[0]), []).append(found)
    values = resolve(agreement_type, {k: v for k, v in answers.items() if k not in out})
    for rule in agreement_type.rules:
        if rule.check is not None and broken(rule, values):
            for qid in rule.questions:
                out.setdefault(qid, []).append(pick(rule.reason, lang))
    return out


# --------------------------------------------------------------------------- loading-time checks


def _names(source: str) -> set[str]:
    return set(analyse_expression(source).names) - GLOBAL_NAMES


def _option_ok(q: Question, value: Any) -> bool:
    if q.type is QuestionType.bool:
        return isinstance(value, bool)
    if q.type is QuestionType.choice:
        return q.option(str(value)) is not None
    return True


def check_declarations(agreement_type: AgreementType, located: Located) -> list[AvtaleverkError]:
    """Every problem in the type's ``rules`` (with file lines), then whether the defaults break one."""
    problems: list[AvtaleverkError] = []
    seen: set[str] = set()

    def err(msg: str, *path: str | int) -> None:
        problems.append(
            LibraryError(msg, code="library.schema", source=located.source, line=located.line("rules", *path))
        )

    for i, rule in enumerate(agreement_type.rules):
        if rule.id in seen:
            err(f"rule '{rule.id}': duplicate rule id", i)
        seen.add(rule.id)
        kinds = [k for k in RULE_KINDS if getattr(rule, k) is not None]
        if len(kinds) != 1:
            err(f"rule '{rule.id}' needs exactly one of {', '.join(RULE_KINDS)}", i)
            continue
        for lang in LANGS:
            if not str(rule.reason.get(lang) or "").strip():
                err(f"rule '{rule.id}': reason has no '{lang}' text", i, "reason")
        listed = set(rule.questions)
        for qid in rule.questions:
            if agreement_type.question(qid) is None:
                err(f"rule '{rule.id}': unknown question '{qid}'", i, "questions")
        parts = {"when": rule.when, kinds[0]: getattr(rule, kinds[0])}
        for part, source in parts.items():
            if not isinstance(source, str):
                continue
            try:
                names = _names(source)
            except TemplateError as exc:
                err(f"rule '{rule.id}' {part}: {exc.message}", i, part)
                continue
            for name in sorted(names - listed):
                err(f"rule '{rule.id}' {part} reads '{name}', which is not listed under questions", i, part)
        for qid, value in (rule.implies or {}).items():
            q = agreement_type.question(qid)
            if qid not in listed:
                err(f"rule '{rule.id}' implies '{qid}', which is not listed under questions", i, "implies")
            elif q is not None and not _option_ok(q, value):
                err(f"rule '{rule.id}' implies '{qid}: {value}', which is not an answer to it", i, "implies")
    if problems:
        return problems
    try:
        values = validate_answers(agreement_type, {}, "en", partial=True)
        for v in violations(agreement_type, values):
            err(f"the default answers break rule '{v.rule.id}': {v.reason('en')}", _index(agreement_type, v))
    except AvtaleverkError as exc:  # a rule that cannot be evaluated on the defaults
        problems.append(
            LibraryError(
                f"rules: {exc.message}", code="library.syntax", source=located.source, line=located.line("rules")
            )
        )
    return problems


def _index(agreement_type: AgreementType, v: Violation) -> int:
    return next(i for i, r in enumerate(agreement_type.rules) if r.id == v.rule.id)
