"""The answer to «Sjekk bruk» as a person reads it, in one language: the view model of the check page.

:func:`answer_use` checks a planned use (:func:`engine.services.check.check_use`) and words the
:class:`~engine.services.check.CheckResult` for one reader: a headline, the explanation, the deciding
clauses *with their text* (one entry per clause), the duties in plain words and the follow-up questions.
No streamlit here: the page only shows what this module words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from engine.i18n import Texts, pick, text
from engine.services.check import CheckResult, DecidingRule, check_use
from engine.services.sources import PolicySource
from engine.services.uses import PlannedUse

__all__ = ["TEXTS", "ClauseView", "UseAnswer", "Verdict", "answer_use", "answer_view"]

#: The three answers the page shows today (issue 16 splits "ja_hvis" into duties and undecided).
Verdict = Literal["ja", "nei", "ja_hvis"]
_VERDICTS: dict[str, Verdict] = {"yes": "ja", "yes_with_duties": "ja_hvis", "no": "nei", "undecided": "ja_hvis"}


@dataclass(frozen=True)
class ClauseView:
    """A deciding clause: «Punkt 2.1 Kommersiell bruk», what kind of rule it holds, its text, and why
    it does not apply (when it does not)."""

    number: str
    title: str
    text: str
    kind: str  # permission | prohibition | obligation
    heading: str
    kind_label: str
    reason: str = ""


@dataclass(frozen=True)
class UseAnswer:
    verdict: Verdict
    headline: str
    explanation: str
    clauses: tuple[ClauseView, ...]
    duties: tuple[str, ...]
    questions: tuple[str, ...]
    result: CheckResult = field(repr=False, compare=False)

    @property
    def decision(self) -> str:
        return self.result.decision

    def turtle(self) -> str:
        """The FORCE compliance report as Turtle."""
        return self.result.turtle()


def answer_use(source: PolicySource, use: PlannedUse, lang: str) -> UseAnswer:
    """Check a planned use and word the answer in ``lang``."""
    return answer_view(check_use(source, use), source, lang)


def _clause(rule: DecidingRule, source: PolicySource, lang: str) -> ClauseView:
    number = rule.clause_number or ""
    title, body = source.clause_text(rule.clause_id, rule.clause_number)
    heading = text(TEXTS, "clause.heading", lang, number=number, title=title).strip() if number else title
    kind_key = f"kind.{rule.kind}"
    return ClauseView(
        number=number,
        title=title,
        text=body,
        kind=rule.kind,
        heading=heading,
        kind_label=text(TEXTS, kind_key, lang) if kind_key in TEXTS else rule.kind,
        reason=pick(rule.reason, lang),
    )


def _duty_text(label: str, number: str | None, lang: str) -> str:
    line = label[:1].upper() + label[1:]
    return text(TEXTS, "duty.clause", lang, duty=line, number=number) if number else line


def answer_view(result: CheckResult, source: PolicySource, lang: str) -> UseAnswer:
    """Word a check result in ``lang``; one entry per deciding clause, the nearest permission when none decides."""
    rules = result.deciding_rules or ((result.closest,) if result.closest is not None else ())
    clauses: list[ClauseView] = []
    seen: set[tuple[str, str]] = set()
    for rule in rules:
        key = (rule.clause_number, "") if rule.clause_number else (rule.rule, rule.kind)
        if key not in seen:
            seen.add(key)
            clauses.append(_clause(rule, source, lang))
    verdict = _VERDICTS[result.outcome]
    duties = tuple(dict.fromkeys(_duty_text(pick(d.label, lang), d.clause_number, lang) for d in result.duties_owed))
    return UseAnswer(
        verdict=verdict,
        headline=text(TEXTS, f"headline.{verdict}", lang),
        explanation=pick(result.explanation, lang),
        clauses=tuple(clauses),
        duties=duties,
        # A definite "no" is not changed by more facts: ask only when the answers could turn it.
        questions=() if verdict == "nei" else tuple(result.questions(lang)),
        result=result,
    )


TEXTS: Texts = {
    "headline.ja": {"nb": "Ja", "en": "Yes"},
    "headline.nei": {"nb": "Nei", "en": "No"},
    "headline.ja_hvis": {"nb": "Ja, hvis …", "en": "Yes, if …"},
    "clause.heading": {"nb": "Punkt {number} {title}", "en": "Clause {number} {title}"},
    "kind.permission": {"nb": "tillater", "en": "permits"},
    "kind.prohibition": {"nb": "forbyr", "en": "prohibits"},
    "kind.obligation": {"nb": "pålegger", "en": "requires"},
    "duty.clause": {"nb": "{duty} (punkt {number})", "en": "{duty} (clause {number})"},
}
