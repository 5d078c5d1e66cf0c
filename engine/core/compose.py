"""Answers + library → a composed ``Agreement``. Pure: no files, no database, no network.

Composition runs in two passes: first decide which clauses apply (``include_if``) and number them,
then render every text with ``ref()`` already knowing the final numbers. Text and ODRL policy come
from the same answers through the same clauses.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import rfc8785
from markdown_it import MarkdownIt

from engine.core.agreement import (
    Agreement,
    AgreementType,
    Annex,
    ClauseRef,
    ClauseTemplate,
    ComposedClause,
    ComposedSection,
    Metadata,
    Party,
    QuestionType,
    compute_content_hash,
)
from engine.core.answers import validate_answers
from engine.core.library import Library
from engine.core.plan import Plan
from engine.core.policy import build_policy
from engine.core.rules import check_rules
from engine.core.templating import render_text
from engine.errors import ComposeError, TemplateError, located
from engine.i18n import pick

DOCUMENT_NAMESPACE = uuid.UUID("6f1d3a52-9c1e-5b7a-8e2f-0a7d4c3b2e10")


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def markdown_to_html(text: str) -> str:
    return str(_markdown().render(text))


def _label_function(agreement_type: AgreementType, values: Mapping[str, Any], lang: str) -> Any:
    def label(question_id: str) -> Any:
        q = agreement_type.question(question_id)
        if q is None:
            raise TemplateError(f"label(): unknown question '{question_id}'", code="template.undefined")
        value = values.get(question_id)
        if value is None:
            return ""
        if isinstance(value, list):
            return [pick(o.label, lang) if (o := q.option(v)) else v for v in value]
        option = q.option(str(value))
        return pick(option.label, lang) if option else value

    return label


def base_context(
    agreement_type: AgreementType, values: Mapping[str, Any], lang: str
) -> dict[str, Any]:
    """What every template and condition sees: the answers plus the helpers."""
    return {**values, "lang": lang, "label": _label_function(agreement_type, values, lang)}


def default_document_id(
    agreement_type: AgreementType, values: Mapping[str, Any], lang: str, created_at: dt.datetime
) -> str:
    """A stable id: the same inputs at the same moment give the same id (reproducible PDFs)."""
    seed = rfc8785.dumps(
        {
            "type": agreement_type.id,
            "version": agreement_type.version,
            "lang": lang,
            "created_at": created_at.isoformat(),
            "answers": values,
        }
    )
    h = uuid.uuid5(DOCUMENT_NAMESPACE, seed.decode("utf-8")).hex.upper()
    return f"AV-{created_at:%Y}-{h[0:4]}-{h[4:8]}-{h[8:12]}"


def compose(
    agreement_type: AgreementType | str,
    answers: Mapping[str, Any],
    lang: str = "nb",
    *,
    library: Library,
    created_at: dt.datetime | None = None,
    document_id: str | None = None,
) -> Agreement:
    """Validate the answers and compose the agreement they describe."""
    t = library.agreement_type(agreement_type) if isinstance(agreement_type, str) else agreement_type
    if lang not in t.languages:
        raise ComposeError(
            f"language '{lang}' is not offered for '{t.id}' (choose {', '.join(t.languages)})", loc=("lang",)
        )
    values = validate_answers(t, answers, lang)
    check_rules(t, values, lang)  # answers that contradict each other (the type's option rules)
    return compose_values(
        t, values, lang, library=library, created_at=created_at, document_id=document_id
    )


def compose_values(
    t: AgreementType,
    values: Mapping[str, Any],
    lang: str,
    *,
    library: Library,
    created_at: dt.datetime | None = None,
    document_id: str | None = None,
) -> Agreement:
    """Compose from answers that are already validated (or filled in for a preview)."""
    if created_at is None:
        created_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    elif created_at.tzinfo is None:
        raise ComposeError("created_at must carry a time zone", loc=("created_at",))
    doc_id = document_id or default_document_id(t, values, lang, created_at)

    context = base_context(t, values, lang)
    plan = Plan(t, library, context)
    context["ref"] = lambda cid: plan.ref(str(cid), lang)
    context["is_included"] = lambda cid: str(cid) in plan.numbers

    sections: list[ComposedSection] = []
    title_of = {s.id: s.title for s in t.outline}
    for number, section_id, clauses in plan.sections:
        composed = tuple(_compose_clause(c, n, context, lang) for n, c in clauses)
        sections.append(
            ComposedSection(
                number=number, id=section_id, title=pick(title_of[section_id], lang), clauses=composed
            )
        )
    annexes = tuple(
        Annex(
            number=n, id=c.id, version=c.version, title=pick(c.title, lang), html=_body_html(c, context, lang)
        )
        for n, c in plan.annexes
    )
    used = [c for _, c in plan.clauses()]
    parties = tuple(
        Party(role=q.id, **values[q.id])
        for q in t.questions
        if q.type is QuestionType.party and values.get(q.id) and q.id in ("provider", "recipient")
    )
    metadata = Metadata(
        document_id=doc_id,
        type_id=t.id,
        type_version=t.version,
        title=pick(t.title, lang),
        language=lang,
        created_at=created_at,
        clauses=tuple(ClauseRef(id=c.id, version=c.version) for c in used),
    )
    policy = build_policy(t, plan, context, metadata, parties, values)
    agreement = Agreement(
        metadata=metadata,
        parties=parties,
        sections=tuple(sections),
        annexes=annexes,
        answers=dict(values),
        policy=policy,
    )
    return agreement.model_copy(update={"content_hash": compute_content_hash(agreement)})


def _body_html(clause: ClauseTemplate, context: Mapping[str, Any], lang: str) -> str:
    source = pick(clause.body, lang)
    with located(clause.id, "body", lang, source=clause.source):
        text = render_text(source, context, lang, where=f"clause '{clause.id}'")
    return markdown_to_html(text)


def _compose_clause(
    clause: ClauseTemplate, number: str, context: Mapping[str, Any], lang: str
) -> ComposedClause:
    return ComposedClause(
        number=number,
        id=clause.id,
        version=clause.version,
        title=pick(clause.title, lang),
        html=_body_html(clause, context, lang),
    )
