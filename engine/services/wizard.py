"""What the wizard needs from the engine: steps, visible questions, per-step problems, a live preview.

Pure functions of (agreement type, answers): the app keeps only widget state and calls these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine.core.agreement import Agreement, AgreementType, Question, QuestionGroup, QuestionType
from engine.core.answers import PartyAnswer, defaults, validate_answers, visible
from engine.core.compose import compose_values
from engine.core.library import Library
from engine.core.samples import fill_missing
from engine.errors import AnswersError

PARTY_FIELDS = frozenset(PartyAnswer.model_fields)


@dataclass(frozen=True)
class Step:
    group: QuestionGroup
    questions: tuple[Question, ...]


def steps(agreement_type: AgreementType) -> list[Step]:
    """One step per question group, in the type's order; groups without questions are skipped."""
    out = []
    for g in agreement_type.groups:
        qs = tuple(q for q in agreement_type.questions if q.group == g.id)
        if qs:
            out.append(Step(g, qs))
    return out


def visible_questions(agreement_type: AgreementType, step: Step, answers: Mapping[str, Any]) -> list[Question]:
    values = {**defaults(agreement_type), **answers}
    return [q for q in step.questions if visible(q, values)]


def problems_by_question(
    agreement_type: AgreementType, answers: Mapping[str, Any], lang: str, *, partial: bool = False
) -> dict[str, list[AnswersError]]:
    """Validation problems keyed by question id (empty when the answers are complete and valid)."""
    try:
        validate_answers(agreement_type, answers, lang, partial=partial)
    except AnswersError as exc:
        out: dict[str, list[AnswersError]] = {}
        for p in exc.problems or [exc]:
            out.setdefault(str(p.loc[0]) if p.loc else "", []).append(p)
        return out
    return {}


def usable_answers(agreement_type: AgreementType, answers: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """The valid part of possibly half-filled answers: invalid fields are left out, not fatal."""
    bad = problems_by_question(agreement_type, answers, lang, partial=True)
    kept = {k: v for k, v in answers.items() if k not in bad}
    return validate_answers(agreement_type, kept, lang, partial=True)


def preview(
    agreement_type: AgreementType,
    answers: Mapping[str, Any],
    lang: str,
    *,
    library: Library,
    created_at: dt.datetime | None = None,
) -> Agreement:
    """The agreement as it stands: unanswered questions show as [placeholders]."""
    values = fill_missing(agreement_type, usable_answers(agreement_type, answers, lang), lang, placeholders=True)
    # A party whose org.nr. is not valid yet still shows what has been typed (as text, escaped later).
    bad = problems_by_question(agreement_type, answers, lang, partial=True)
    for q in agreement_type.questions:
        raw = answers.get(q.id)
        if q.type is QuestionType.party and q.id in bad and isinstance(raw, Mapping):
            wrong = {str(p.loc[1]) for p in bad[q.id] if len(p.loc) > 1}
            typed = {k: str(v).strip() for k, v in raw.items() if k in PARTY_FIELDS and k not in wrong and v}
            values[q.id] = {**values[q.id], **typed}
    stamp = created_at or dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    return compose_values(
        agreement_type, values, lang, library=library, created_at=stamp, document_id="UTKAST"
    )
