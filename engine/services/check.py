"""«May we?»: evaluate a request against a policy source and answer with one serialisable object.

    result = check_use(source, PlannedUse("trainModel", why="academic_research"))
    result = check(source, request_for(source, action="read", purpose="dpv:AcademicResearch"), state)
    result.decision, result.outcome, result.deciding_rules, result.duties_owed, result.missing
    result.to_dict("nb")      # the JSON of ``avtale check --format json`` (its keys are a contract)
    result.model_dump()       # everything, every text in every language (for the HTTP API)
    result.turtle()           # the FORCE compliance report

:class:`CheckResult` is the same answer for the CLI, the app and the HTTP API: the decision, the rules
that decide it with their clause numbers, the duties owed and the facts still missing with the question
to ask for each, in every language of :data:`engine.i18n.LANGS`. Texts about the agreement's parties
name them instead of showing their register IRIs.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, PrivateAttr

from engine import odrl
from engine.errors import PolicyError
from engine.i18n import LANGS, I18n, Texts, pick, text
from engine.odrl import State, action_label, build_request, cite, evaluate
from engine.odrl.vocab import compact
from engine.services.sources import PolicySource
from engine.services.uses import OTHER_PARTY, PlannedUse, use_facts, use_request, use_time

if TYPE_CHECKING:
    from engine.odrl import DutyReport, Report, Request, RuleReport

__all__ = [
    "TEXTS",
    "CheckResult",
    "DecidingRule",
    "DutyOwed",
    "MissingFact",
    "Outcome",
    "check",
    "check_use",
    "outcome_of",
    "read_request",
    "read_state",
    "request_for",
]

#: What a person does with the answer: go ahead, go ahead and do the duties, don't, or find out more.
Outcome = Literal["yes", "yes_with_duties", "no", "undecided"]
Decision = Literal["permit", "deny", "not-applicable"]

STATE_KEYS = frozenset({"now", "part_of", "duty_states", "context"})


class _StateLoader(yaml.SafeLoader):
    """YAML with YAML 1.2 booleans: only true/false, so ``spatial: NO`` stays Norway."""


_BOOL = "tag:yaml.org,2002:bool"
_StateLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StateLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DecidingRule(_Frozen):
    """A rule that decides the answer (or, in ``CheckResult.closest``, the one that came nearest)."""

    rule: str
    kind: str  # permission | prohibition | obligation
    clause_number: str | None = None
    clause_id: str | None = None
    agreement_id: str | None = None
    active: bool = True
    reason: I18n = {}  # why the rule does not apply, when it is not active


class DutyOwed(_Frozen):
    """A duty that comes with the permission: ``label`` says what to do, ``cite`` where it is written."""

    duty: str
    action: str
    rule: str
    clause_number: str | None = None
    label: I18n
    cite: I18n


class MissingFact(_Frozen):
    """A fact the answer waits for, and the question that asks for it."""

    fact: str  # compact left operand, e.g. "purpose", "avt:aiTrainingTier"
    iri: str
    question: I18n


class CheckResult(_Frozen):
    """The answer to «may we?»: serialisable, language-neutral (every text in every language)."""

    decision: Decision
    outcome: Outcome
    reason: str  # permitted | prohibited | conflict | pending-facts | duty-violated | no-permission
    explanation: I18n
    deciding_rules: tuple[DecidingRule, ...] = ()
    closest: DecidingRule | None = None  # nothing decided: the permission that came nearest
    duties_owed: tuple[DutyOwed, ...] = ()
    missing: tuple[MissingFact, ...] = ()
    request: dict[str, str | None] = {}
    _report: Report | None = PrivateAttr(default=None)

    @property
    def permitted(self) -> bool:
        return self.decision == "permit"

    @property
    def report(self) -> Report | None:
        """The ODRL report behind the answer (None for a result read back from JSON)."""
        return self._report

    def questions(self, lang: str) -> list[str]:
        return [pick(m.question, lang) for m in self.missing]

    def to_dict(self, lang: str = "nb") -> dict[str, Any]:
        """The ``avtale check --format json`` document in one language."""
        out: dict[str, Any] = {
            "decision": self.decision,
            "reason": self.reason,
            "explanation": pick(self.explanation, lang),
            "deciding_rules": [
                {"rule": r.rule, "kind": r.kind, "clause_number": r.clause_number} for r in self.deciding_rules
            ],
            "duties_owed": [
                {"duty": d.duty, "action": d.action, "clause_number": d.clause_number, "rule": d.rule}
                for d in self.duties_owed
            ],
            "missing": [m.fact for m in self.missing],
            "questions": self.questions(lang),
        }
        if self._report is not None:
            out["rules"] = self._report.to_dict(lang)["rules"]
        return out

    def turtle(self) -> str:
        """The FORCE compliance report as Turtle."""
        if self._report is None:
            raise PolicyError("this answer was read back without its report; check again for the compliance report")
        return str(self._report.to_graph().serialize(format="turtle"))


# --------------------------------------------------------------------------- requests and state


def request_for(
    source: PolicySource,
    *,
    action: str,
    assignee: str | None = None,
    target: str | None = None,
    purpose: str | None = None,
    spatial: str | None = None,
    **facts: Any,
) -> Request:
    """A request in plain words; the assignee and the target default to the source's (when it has one)."""
    return build_request(
        assignee or source.assignee,
        action,
        target or source.target,
        purpose=purpose,
        spatial=spatial,
        **facts,
    )


def read_request(path: Path) -> Request:
    """An ``odrl:Request`` from a JSON-LD or Turtle file."""
    return odrl.parse_request(_read_text(path, "request"), source=path)


def _read_text(path: Path, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"cannot read {what} file: {exc}", source=path) from exc


def _moment(value: object, what: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise PolicyError(f"{what} must be an ISO date/time such as 2026-03-01T12:00, not {value!r}") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def read_state(path: Path | None = None, at: str | None = None) -> State:
    """The state of the world from a JSON/YAML file (``now``, ``part_of``, ``duty_states``, ``context``)
    and/or a moment (``at``, ISO; it wins over the file's ``now``). Neither: now, nothing else known."""
    raw: dict[str, Any] = {}
    if path is not None:
        content = _read_text(path, "state")
        try:
            if Path(path).suffix.lower() == ".json":
                raw = json.loads(content)
            else:
                raw = yaml.load(content, Loader=_StateLoader) or {}  # a SafeLoader
        except (ValueError, yaml.YAMLError) as exc:
            raise PolicyError(f"state file is not valid JSON/YAML: {exc}", source=path) from exc
        if not isinstance(raw, dict):
            raise PolicyError("state file must hold a mapping", source=path)
        unknown = set(raw) - STATE_KEYS
        if unknown:
            raise PolicyError(f"unknown keys in state file: {', '.join(sorted(unknown))}", source=path)
    when = at if at is not None else raw.get("now")
    return State(
        now=_moment(when, "--at" if at is not None else "now") if when is not None else dt.datetime.now(dt.UTC),
        part_of=raw.get("part_of") or {},
        duty_states=raw.get("duty_states") or {},
        context=raw.get("context") or {},
    )


# --------------------------------------------------------------------------- the check


def check(source: PolicySource, request: Request, state: State | None = None) -> CheckResult:
    """Evaluate ``request`` against every policy of ``source`` in ``state`` (default: now)."""
    report = evaluate(list(source.policies), request, state or State())
    return _result(report, source, _request_facts(request, report.state))


def check_use(source: PolicySource, use: PlannedUse) -> CheckResult:
    """A planned use in plain words (:mod:`engine.services.uses`), checked at ``use.when``."""
    report = evaluate(list(source.policies), use_request(use, source), State(now=use_time(use.when)))
    return _result(report, source, use_facts(use, source))


def _request_facts(request: Request, state: State) -> dict[str, str | None]:
    facts: dict[str, str | None] = {
        "assignee": request.assignee,
        "action": request.action,
        "target": request.target,
    }
    for left, terms in request.facts.items():
        facts[compact(left)] = ", ".join(t.value for t in terms)
    facts["at"] = state.now.isoformat()
    return facts


def outcome_of(report: Report) -> Outcome:
    """permit → yes (with duties when some are owed); a prohibition waiting for facts, or nothing applying
    while facts are missing → undecided; otherwise no."""
    if report.decision == "permit":
        return "yes_with_duties" if report.duties_owed else "yes"
    if report.decision == "deny":
        return "undecided" if report.reason == "pending-facts" else "no"
    return "undecided" if report.missing else "no"


def _in_every_language(make: Callable[[str], str], humanise: Callable[[str, str], str]) -> I18n:
    return {lang: humanise(make(lang), lang) for lang in LANGS}


def _humaniser(source: PolicySource) -> Callable[[str, str], str]:
    """Replace party IRIs in report texts by the parties' names."""
    names = source.party_names()

    def humanise(value: str, lang: str) -> str:
        for iri, name in (*names.items(), (OTHER_PARTY, text(TEXTS, "other-party", lang))):
            value = value.replace(iri, name)
        return value

    return humanise


def _rule(rr: RuleReport, source: PolicySource, humanise: Callable[[str, str], str]) -> DecidingRule:
    return DecidingRule(
        rule=rr.uid,
        kind=rr.kind,
        clause_number=rr.clause_number,
        clause_id=rr.clause_id,
        agreement_id=source.agreement_id,
        active=rr.active,
        reason={} if rr.active else _in_every_language(rr.reason, humanise),
    )


def _duty(d: DutyReport) -> DutyOwed:
    return DutyOwed(
        duty=d.uid,
        action=compact(d.action),
        rule=d.rule_uid,
        clause_number=d.clause_number,
        label={lang: action_label(d.action, lang) for lang in LANGS},
        cite={lang: cite(d.duty, lang) for lang in LANGS},
    )


def _closest(report: Report) -> RuleReport | None:
    """The permission that would have applied: its action matches, a condition does not."""
    for outcome in report.outcomes:
        for rr in outcome.candidates:
            if rr.kind == "permission" and rr.action_matched and rr.clause_number:
                return rr
    return None


def _result(report: Report, source: PolicySource, request: Mapping[str, str | None]) -> CheckResult:
    humanise = _humaniser(source)
    questions = {lang: report.questions(lang) for lang in LANGS}
    missing = tuple(
        MissingFact(fact=compact(iri), iri=iri, question={lang: questions[lang][i] for lang in LANGS})
        for i, iri in enumerate(report.missing)
    )
    near = _closest(report) if not report.deciding and report.decision != "permit" else None
    result = CheckResult(
        decision=report.decision,
        outcome=outcome_of(report),
        reason=report.reason,
        explanation=_in_every_language(report.explain, humanise),
        deciding_rules=tuple(_rule(rr, source, humanise) for rr in report.deciding),
        closest=_rule(near, source, humanise) if near is not None else None,
        duties_owed=tuple(_duty(d) for d in report.duties_owed),
        missing=missing,
        request=dict(request),
    )
    result._report = report
    return result


TEXTS: Texts = {
    "other-party": {"nb": "en annen virksomhet", "en": "another organisation"},
}
