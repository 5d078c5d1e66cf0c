"""Reports for people: short explanations, per-rule reasons and follow-up questions (nb / en).

Pure text. It reads reports through the small protocols below (what a premise, a rule report, a duty
report and a whole report look like), so ``results`` and ``report`` can call it without an import cycle.
The RDF (FORCE) form of a report is written by ``engine.rdf.report_graph``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from engine.i18n import LANGS, text
from engine.odrl import values as V
from engine.odrl.model import Json, Rule
from engine.odrl.texts import ACTION_NB, FACT_NB, QUESTIONS, WORDS
from engine.odrl.vocab import ODRL, compact, default_vocabulary, local_name


class PremiseView(Protocol):
    """What the texts read of a premise (``results.Premise``)."""

    @property
    def kind(self) -> str: ...
    @property
    def satisfied(self) -> bool: ...
    @property
    def expected(self) -> str: ...
    @property
    def actual(self) -> tuple[V.Value, ...]: ...
    @property
    def reason(self) -> str | None: ...
    @property
    def missing(self) -> tuple[str, ...]: ...
    @property
    def children(self) -> Sequence[PremiseView]: ...


class Cited(Protocol):
    """Anything that records the clause it came from: a rule, a rule report, a duty."""

    @property
    def uid(self) -> str: ...
    @property
    def clause_number(self) -> str | None: ...


class DutyView(Cited, Protocol):
    """What the texts read of a duty report (``results.DutyReport``)."""

    @property
    def duty(self) -> Rule: ...
    @property
    def action(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def rule_uid(self) -> str: ...


class RuleView(Cited, Protocol):
    """What the texts read of a rule report (``results.RuleReport``)."""

    @property
    def rule(self) -> Rule: ...
    @property
    def kind(self) -> str: ...
    @property
    def policy_uid(self) -> str: ...
    @property
    def clause_id(self) -> str | None: ...
    @property
    def clause_version(self) -> str | None: ...
    @property
    def active(self) -> bool: ...
    @property
    def action_matched(self) -> bool: ...
    @property
    def premises(self) -> Sequence[PremiseView]: ...
    @property
    def failed(self) -> Sequence[PremiseView]: ...
    @property
    def duties(self) -> Sequence[DutyView]: ...


class OutcomeView(Protocol):
    @property
    def decision(self) -> str: ...
    @property
    def candidates(self) -> Sequence[RuleView]: ...


class ReportView(Protocol):
    """What the texts read of a whole report (``report.Report``)."""

    @property
    def decision(self) -> str: ...
    @property
    def reason(self) -> str: ...
    @property
    def outcomes(self) -> Sequence[OutcomeView]: ...
    @property
    def deciding(self) -> Sequence[RuleView]: ...
    @property
    def duties_owed(self) -> Sequence[DutyView]: ...
    @property
    def remedies(self) -> Sequence[DutyView]: ...
    @property
    def missing(self) -> Sequence[str]: ...
    @property
    def rules(self) -> Sequence[RuleView]: ...


def _t(key: str, lang: str, **values: object) -> str:
    return text(WORDS, key, lang, **values)


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    return lang


def action_label(iri: str, lang: str = "nb") -> str:
    """«bruke» / "use"; profile terms carry their own labels."""
    name = local_name(iri)
    if iri.startswith(ODRL) and lang == "nb" and name in ACTION_NB:
        return ACTION_NB[name]
    vocab = default_vocabulary()
    if iri in vocab.labels:
        return vocab.label(iri, lang)
    return name


def cite(rule: Cited, lang: str = "nb") -> str:
    """ "punkt 7.2" / "clause 7.2" when the rule records its clause, else the rule's IRI."""
    if rule.clause_number:
        return _t("clause", lang, n=rule.clause_number)
    return _t("rule", lang, u=compact(rule.uid))


def _cites(rules: Sequence[Cited], lang: str) -> str:
    seen = list(dict.fromkeys(cite(r, lang) for r in rules))
    if len(seen) <= 1:
        return seen[0] if seen else ""
    return ", ".join(seen[:-1]) + _t("and", lang) + seen[-1]


def _vals(p: PremiseView) -> str:
    return ", ".join(V.show(v) for v in p.actual) or "—"


def fact_label(left: str, lang: str = "nb") -> str:
    vocab = default_vocabulary()
    if left in vocab.labels and (lang in vocab.labels[left] or lang == "en"):
        return vocab.label(left, lang).lower()
    name = local_name(left)
    return FACT_NB.get(name, name) if lang == "nb" else name


def premise_reason(p: PremiseView, lang: str = "nb") -> str:
    """One phrase saying why a premise failed (or that it held)."""
    lang = _lang(lang)
    if p.satisfied:
        return _t("ok", lang)
    if p.kind in ("target", "party", "action") and p.reason == "no-match":
        want = action_label(p.expected, lang) if p.kind == "action" else compact(p.expected)
        got = ", ".join(action_label(str(v), lang) if p.kind == "action" else V.show(v) for v in p.actual)
        return _t(f"{p.kind}-no-match", lang, w=want, a=got)
    if p.reason in ("missing", "missing-reference") and p.missing:
        return _t("missing", lang, w=", ".join(fact_label(m, lang) for m in p.missing))
    if p.children and p.reason in ("false", "missing"):
        failed = [c for c in p.children if not c.satisfied]
        if failed and p.kind != "constraint":
            return premise_reason(failed[0], lang)
    return _t(p.reason or "false", lang, w=f"«{p.expected}»" if lang == "nb" else f"“{p.expected}”", a=_vals(p))


def rule_reason(rr: RuleView, lang: str = "nb") -> str:
    """Why a rule is (in)active: the first failed premise, or a breached duty."""
    failed = rr.failed
    if failed:
        return premise_reason(failed[0], lang)
    if any(d.state == "Violated" for d in rr.duties):
        return _t("duty-violated", lang)
    return _t("ok", lang)


def _duty_text(d: DutyView, lang: str) -> str:
    label = action_label(d.action, lang)
    return f"{label} ({cite(d.duty, lang)})" if d.clause_number else label


def missing_questions(report: ReportView, lang: str = "nb") -> list[str]:
    """Follow-up questions for the facts the decision is still waiting for."""
    lang = _lang(lang)
    out = []
    for left in report.missing:
        if left in QUESTIONS:
            out.append(text(QUESTIONS, left, lang))
        else:
            label = fact_label(left, lang)
            out.append(f"Hva er verdien for «{label}»?" if lang == "nb" else f"What is the value of “{label}”?")
    return out


def explain(report: ReportView, lang: str = "nb") -> str:
    """A short paragraph: the answer, the clauses that decide it, duties owed and what is missing."""
    lang = _lang(lang)
    deciding = report.deciding
    reason = report.reason
    if report.decision == "permit":
        said = _t("permit", lang, c=_cites(deciding, lang))
        owed = report.duties_owed
        if owed:
            duties = ", ".join(dict.fromkeys(_duty_text(d, lang) for d in owed))
            said += _t("duties", lang, d=duties)
        return said
    if reason in ("prohibited", "conflict"):
        prohibitions = [r for r in deciding if r.kind == "prohibition"]
        permissions = [r for r in deciding if r.kind == "permission"]
        if reason == "conflict":
            said = _t("conflict", lang, p=_cites(permissions, lang), c=_cites(prohibitions, lang))
        else:
            said = _t("prohibited", lang, c=_cites(prohibitions, lang))
        remedies = report.remedies
        if remedies:
            said += _t("remedies", lang, d=", ".join(dict.fromkeys(_duty_text(d, lang) for d in remedies)))
        return said
    if reason == "pending-facts":
        said = _t("pending", lang, c=_cites(deciding, lang))
    elif reason == "duty-violated":
        broken = [d for r in deciding for d in r.duties if d.state == "Violated"]
        said = _t("violated", lang, c=_cites(deciding, lang), d=", ".join(_duty_text(d, lang) for d in broken))
    else:
        said = _t("none", lang)
        near = [
            r
            for o in report.outcomes
            for r in o.candidates
            if r.kind == "permission" and not r.active and r.action_matched
        ]
        if near:
            said += _t("closest", lang, c=cite(near[0], lang), r=rule_reason(near[0], lang))
    questions = missing_questions(report, lang)
    if questions:
        said += _t("ask", lang, q=" ".join(questions))
    return said




def _premise_dict(p: PremiseView, lang: str) -> dict[str, Json]:
    shown: list[Json] = [V.show(v) for v in p.actual]
    out: dict[str, Json] = {"kind": p.kind, "satisfied": p.satisfied, "expected": p.expected, "value": shown}
    if not p.satisfied:
        out["reason"] = p.reason
        out["explanation"] = premise_reason(p, lang)
    if p.missing:
        out["missing"] = _strings(compact(m) for m in p.missing)
    if p.children:
        out["premises"] = [_premise_dict(c, lang) for c in p.children]
    return out


def rule_report_dict(rr: RuleView, lang: str = "nb") -> dict[str, Json]:
    return {
        "kind": rr.kind,
        "rule": rr.uid,
        "policy": rr.policy_uid,
        "clause_number": rr.clause_number,
        "clause_id": rr.clause_id,
        "clause_version": rr.clause_version,
        "action": compact(rr.rule.action.iri),
        "active": rr.active,
        "reason": rule_reason(rr, lang),
        "premises": [_premise_dict(p, lang) for p in rr.premises],
        "duties": [{"duty": d.uid, "action": compact(d.action), "state": d.state} for d in rr.duties],
    }


def report_to_dict(report: ReportView, lang: str = "nb") -> dict[str, Json]:
    """Plain JSON-ready dict for the CLI and the UI."""
    lang = _lang(lang)
    return {
        "decision": report.decision,
        "reason": report.reason,
        "explanation": explain(report, lang),
        "deciding_rules": [{"rule": r.uid, "kind": r.kind, "clause_number": r.clause_number} for r in report.deciding],
        "duties_owed": [
            {"duty": d.uid, "action": compact(d.action), "clause_number": d.clause_number, "rule": d.rule_uid}
            for d in report.duties_owed
        ],
        "missing": _strings(compact(m) for m in report.missing),
        "questions": _strings(missing_questions(report, lang)),
        "rules": [rule_report_dict(r, lang) for r in report.rules],
    }


def _strings(items: Iterable[str]) -> list[Json]:
    return list(items)


__all__ = [
    "ReportView",
    "RuleView",
    "action_label",
    "cite",
    "explain",
    "fact_label",
    "missing_questions",
    "premise_reason",
    "report_to_dict",
    "rule_reason",
]
