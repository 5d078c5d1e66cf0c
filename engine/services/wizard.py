"""What the wizard needs from the engine: steps, visible questions, per-step problems, a live preview,
the review, and drafts saved as the user types.

Pure functions of (agreement type, answers), plus three draft functions that take the registry: the app
keeps only widget state and calls these. Steps are numbered 0 … n-1 for the question groups and n for
the review; a draft remembers its step by group id (``"review"`` for the review), so a draft still opens
at the right place when the agreement type gains a group.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.core.agreement import Agreement, AgreementType, Question, QuestionGroup, QuestionType
from engine.core.answers import PartyAnswer, answer_text, defaults, validate_answers, visible
from engine.core.compose import compose_values
from engine.core.fairness import FairnessFlag
from engine.core.library import Library
from engine.core.samples import fill_missing
from engine.errors import AnswersError, AvtaleverkError
from engine.services.summary import SummaryRow, fairness_flags, rights_summary

if TYPE_CHECKING:
    from engine.store import Store

__all__ = [
    "PARTY_FIELDS",
    "REVIEW",
    "Draft",
    "Review",
    "Step",
    "answer_text",
    "preview",
    "problems_by_question",
    "resume_draft",
    "review",
    "save_draft",
    "start_draft",
    "step_id",
    "step_index",
    "step_problems",
    "steps",
    "usable_answers",
    "visible_questions",
]

PARTY_FIELDS = frozenset(PartyAnswer.model_fields)
#: The step id of the review (after the last question group).
REVIEW = "review"
#: The document id a preview carries until the agreement is finished.
PREVIEW_ID = "UTKAST"


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


def step_id(agreement_type: AgreementType, index: int) -> str:
    """The group id of step ``index`` (``"review"`` after the last group)."""
    all_steps = steps(agreement_type)
    return all_steps[index].group.id if index < len(all_steps) else REVIEW


def step_index(agreement_type: AgreementType, step: str | None) -> int:
    """Where a draft saved at ``step`` opens: its group, the review, or the first step."""
    ids = [s.group.id for s in steps(agreement_type)]
    if step in ids:
        return ids.index(step)
    return len(ids) if step == REVIEW else 0


def visible_questions(agreement_type: AgreementType, step: Step, answers: Mapping[str, Any]) -> list[Question]:
    values = {**defaults(agreement_type), **answers}
    return [q for q in step.questions if visible(q, values)]


def problems_by_question(
    agreement_type: AgreementType, answers: Mapping[str, Any], lang: str, *, partial: bool = False
) -> dict[str, list[AvtaleverkError]]:
    """Validation problems keyed by question id (empty when the answers are complete and valid)."""
    try:
        validate_answers(agreement_type, answers, lang, partial=partial)
    except AnswersError as exc:
        out: dict[str, list[AvtaleverkError]] = {}
        for p in exc.problems or [exc]:
            out.setdefault(str(p.loc[0]) if p.loc else "", []).append(p)
        return out
    return {}


def step_problems(
    agreement_type: AgreementType, answers: Mapping[str, Any], index: int, lang: str, *, complete: bool
) -> dict[str, list[AvtaleverkError]]:
    """The problems of the questions step ``index`` shows; ``complete``: a missing required answer counts
    (after «Neste» was pressed), otherwise only answers that are wrong as typed."""
    probs = problems_by_question(agreement_type, answers, lang, partial=not complete)
    shown = {q.id for q in visible_questions(agreement_type, steps(agreement_type)[index], answers)}
    return {qid: ps for qid, ps in probs.items() if qid in shown}


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
    return compose_values(agreement_type, values, lang, library=library, created_at=stamp, document_id=PREVIEW_ID)


@dataclass(frozen=True)
class Review:
    """The review step: the agreement as it would be finished, what is still wrong, and what it means."""

    agreement: Agreement
    problems: dict[str, list[AvtaleverkError]]
    summary: tuple[SummaryRow, ...]
    flags: tuple[FairnessFlag, ...]

    @property
    def ready(self) -> bool:
        """Every answer is there and valid: the agreement can be finished."""
        return not self.problems


def review(
    agreement_type: AgreementType,
    answers: Mapping[str, Any],
    lang: str,
    ui_lang: str,
    *,
    library: Library,
    created_at: dt.datetime | None = None,
) -> Review:
    """Everything the review shows: the preview (in the agreement's ``lang``), the problems and the rights
    summary in the reader's ``ui_lang``, and the fairness flags."""
    agreement = preview(agreement_type, answers, lang, library=library, created_at=created_at)
    return Review(
        agreement=agreement,
        problems=problems_by_question(agreement_type, answers, ui_lang),
        summary=tuple(rights_summary(agreement, ui_lang)),
        flags=tuple(fairness_flags(agreement)),
    )


# --------------------------------------------------------------------------- drafts


@dataclass(frozen=True)
class Draft:
    """A draft as the wizard resumes it: the type, the agreement's language, the answers, the step."""

    token: str
    type_id: str
    lang: str
    answers: dict[str, Any]
    step: int


def start_draft(store: Store, type_id: str, lang: str, *, by: str | None = None) -> Draft:
    """A new, empty draft; its token is what the resume link carries."""
    draft = store.create_draft(type_id, {}, language=lang, by=by)
    return Draft(draft.token, draft.type_id, draft.language, {}, 0)


def save_draft(
    store: Store, agreement_type: AgreementType, token: str, answers: Mapping[str, Any], step: int
) -> None:
    """Save the answers and where the user is."""
    store.save_draft(token, dict(answers), step=step_id(agreement_type, step))


def resume_draft(store: Store, library: Library, token: str) -> Draft:
    """The draft behind a resume link (``NotFoundError`` when the link is wrong or the draft expired)."""
    draft = store.resume_draft(token)
    agreement_type = library.agreement_type(draft.type_id)
    return Draft(token, draft.type_id, draft.language, dict(draft.answers), step_index(agreement_type, draft.step))
