"""Clause examples: every clause proves its own meaning, in text and in ODRL decisions.

An example gives answers (merged over the agreement type's defaults and stand-ins for anything else
required), then states which text must and must not appear and what a request must be answered.
``avtale clauses test`` and pytest run the same function.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from engine import odrl
from engine.core.agreement import OTHER_PARTY, Agreement, AgreementType, ClauseExample, ClauseTemplate
from engine.core.answers import defaults
from engine.core.compose import compose
from engine.core.library import Library
from engine.core.policy import party_iri
from engine.core.samples import fill_missing
from engine.errors import AvtaleverkError
from engine.odrl import Report, State, build_request, evaluate

__all__ = [
    "EXAMPLE_TIME",
    "ExampleResult",
    "agreement_text",
    "ask",
    "compose_example",
    "example_answers",
    "example_type",
    "plain_text",
    "run_example",
    "run_example_on",
    "run_examples",
]

EXAMPLE_TIME = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
PREFERRED_TYPE = "datadeling"


@dataclass(frozen=True)
class ExampleResult:
    clause_id: str
    example: str
    check: str  # "compose", "excluded", "contains", "not_contains", "request"
    ok: bool
    detail: str


def plain_text(html: str) -> str:
    """Visible text of rendered HTML, normalised the way a reader compares it."""
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", html))
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def agreement_text(agreement: Agreement, clause_id: str | None = None) -> str:
    parts = [
        c.html for s in agreement.sections for c in s.clauses if clause_id is None or c.id == clause_id
    ] + [a.html for a in agreement.annexes if clause_id is None or a.id == clause_id]
    return plain_text("\n".join(parts))


def example_type(library: Library, clause: ClauseTemplate, example: ClauseExample) -> AgreementType | None:
    if example.type:
        return library.types.get(example.type)
    users = library.types_using(clause.id)
    preferred = [t for t in users if t.id == PREFERRED_TYPE]
    return next(iter(preferred or users), None)


def example_answers(agreement_type: AgreementType, answers: Mapping[str, Any], lang: str) -> dict[str, Any]:
    merged = {**defaults(agreement_type), **answers}
    return fill_missing(agreement_type, merged, lang)


def compose_example(
    library: Library, agreement_type: AgreementType, answers: Mapping[str, Any], lang: str
) -> Agreement:
    return compose(
        agreement_type,
        example_answers(agreement_type, answers, lang),
        lang,
        library=library,
        created_at=EXAMPLE_TIME,
    )


def _request_time(agreement: Agreement, at: Any) -> dt.datetime:
    if at:
        value = at if isinstance(at, dt.date) else dt.date.fromisoformat(str(at)[:10])
        return dt.datetime(value.year, value.month, value.day, 12, tzinfo=dt.UTC)
    start = agreement.answers.get("start_date")
    if start:
        return dt.datetime.fromisoformat(str(start)).replace(hour=12, tzinfo=dt.UTC) + dt.timedelta(days=30)
    return agreement.metadata.created_at


def ask(agreement: Agreement, request: Mapping[str, Any]) -> Report:
    """Evaluate one plain-words request against the agreement's policy; returns the ODRL Report."""
    if agreement.policy is None:
        raise AvtaleverkError("the agreement has no ODRL policy", code="policy.invalid")
    policies = odrl.policy_from_dict(agreement.policy)
    role = str(request.get("assignee", "recipient"))
    party = agreement.party(role)
    assignee = party_iri(party) if party is not None else OTHER_PARTY if role == "other" else role
    context = {
        k: v
        for k, v in request.items()
        if k not in ("assignee", "action", "target", "purpose", "spatial", "at", "expect", "cites")
    }
    req = build_request(
        assignee=assignee,
        action=str(request["action"]),
        target=str(request.get("target") or agreement.policy.get("target")),
        purpose=request.get("purpose"),
        spatial=request.get("spatial"),
        **context,
    )
    return evaluate(policies, req, State(now=_request_time(agreement, request.get("at"))))


def _describe_request(request: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in request.items() if v and k not in ("expect", "cites"))


def run_example(library: Library, clause: ClauseTemplate, example: ClauseExample) -> list[ExampleResult]:
    """Compose the example and run its checks."""
    return run_example_on(library, clause, example)[0]


def run_example_on(
    library: Library, clause: ClauseTemplate, example: ClauseExample
) -> tuple[list[ExampleResult], Agreement | None]:
    """The example's checks and the agreement they ran on (None when it does not compose), so a preview
    can show the clause without composing it a second time."""

    def result(check: str, ok: bool, detail: str) -> ExampleResult:
        return ExampleResult(clause.id, example.name, check, ok, detail)

    agreement_type = example_type(library, clause, example)
    if agreement_type is None:
        return [result("compose", False, "no agreement type uses this clause")], None
    try:
        agreement = compose_example(library, agreement_type, example.answers, example.lang)
    except AvtaleverkError as exc:
        return [result("compose", False, " | ".join(exc.all_lines()))], None
    included = clause.id in agreement.numbering()
    out: list[ExampleResult] = []
    if example.excluded:
        detail = "left out" if not included else "included, expected left out"
        return [result("excluded", not included, detail)], agreement
    if not included:
        return [result("compose", False, "the clause is not part of the agreement with these answers")], agreement
    text = agreement_text(agreement, clause.id)
    for snippet in example.contains:
        want = unicodedata.normalize("NFKC", snippet)
        out.append(result("contains", want in text, f"«{snippet}»"))
    for snippet in example.not_contains:
        want = unicodedata.normalize("NFKC", snippet)
        out.append(result("not_contains", want not in text, f"«{snippet}»"))
    for request in example.requests:
        out.append(_check_request(agreement, request, result))
    return out or [result("compose", True, "composes")], agreement


def _check_request(
    agreement: Agreement, request: Mapping[str, Any], result: Callable[[str, bool, str], ExampleResult]
) -> ExampleResult:
    expect = str(request.get("expect", "permit"))
    what = _describe_request(request)
    try:
        report = ask(agreement, request)
    except AvtaleverkError as exc:
        return result("request", False, f"{what}: {exc.one_line()}")
    ok = report.decision == expect
    detail = f"{what} → {report.decision}"
    if not ok:
        detail += f" (expected {expect}; {report.explain('en')})"
    cites = request.get("cites")
    if cites:
        cited = {r.clause_id for r in report.deciding}
        if cites not in cited:
            ok = False
            detail += f"; expected clause '{cites}' to decide, got {sorted(c for c in cited if c) or 'none'}"
        else:
            detail += f" citing {cites} ({agreement.numbering().get(str(cites), '?')})"
    return result("request", ok, detail)


def run_examples(library: Library, clause_ids: Iterable[str] | None = None) -> list[ExampleResult]:
    wanted = set(clause_ids) if clause_ids is not None else None
    results: list[ExampleResult] = []
    for clause in sorted(library.clauses.values(), key=lambda c: c.id):
        if wanted is not None and clause.id not in wanted:
            continue
        for example in clause.examples:
            results.extend(run_example(library, clause, example))
    return results
