"""Reports for people: short explanations, per-rule reasons and follow-up questions (nb / en).

Pure text over ``evaluate.Report``; the RDF form of a report lives in ``io.report_to_graph``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.odrl import _values as V
from engine.odrl.vocab import AVT, ODRL, compact, default_vocabulary, local_name

if TYPE_CHECKING:
    from engine.odrl.evaluate import DutyReport, Premise, Report, RuleReport

LANGS = ("nb", "en")

# ODRL 2.2 only has English labels; these are the ones people meet in our agreements.
ACTION_NB = {
    "use": "bruke",
    "read": "lese",
    "reproduce": "kopiere",
    "distribute": "distribuere",
    "derive": "avlede",
    "modify": "endre",
    "sell": "selge",
    "transfer": "overdra",
    "attribute": "kreditere kilden",
    "compensate": "betale vederlag",
    "inform": "informere",
    "delete": "slette",
    "aggregate": "sammenstille",
    "anonymize": "anonymisere",
    "display": "vise",
    "print": "skrive ut",
    "archive": "arkivere",
    "give": "gi bort",
    "grantUse": "gi andre bruksrett",
    "index": "indeksere",
    "extract": "hente ut",
    "translate": "oversette",
    "transform": "omforme",
    "present": "presentere",
    "play": "spille av",
    "stream": "strømme",
    "execute": "kjøre",
    "install": "installere",
    "obtainConsent": "innhente samtykke",
    "reviewPolicy": "gjennomgå vilkårene",
    "watermark": "vannmerke",
    "nextPolicy": "videreføre vilkårene",
    "ensureExclusivity": "sikre eksklusivitet",
    "include": "inkludere",
    "acceptTracking": "godta sporing",
    "uninstall": "avinstallere",
    "annotate": "kommentere",
    "concurrentUse": "bruke samtidig",
    "digitize": "digitalisere",
    "move": "flytte",
    "textToSpeech": "lese opp",
}

QUESTIONS: dict[str, tuple[str, str]] = {
    ODRL + "purpose": ("Hva er formålet med bruken?", "What is the purpose of the use?"),
    ODRL + "spatial": (
        "Hvor skal dataene brukes (land eller område)?",
        "Where will the data be used (country or region)?",
    ),
    ODRL + "recipient": ("Hvem skal motta dataene?", "Who will receive the data?"),
    ODRL + "industry": ("Hvilken bransje gjelder bruken?", "Which industry is the use in?"),
    ODRL + "count": ("Hvor mange ganger skal handlingen utføres?", "How many times will the action be performed?"),
    ODRL + "payAmount": ("Hvor mye betales?", "How much is paid?"),
    ODRL + "percentage": ("Hvilken prosentandel gjelder?", "Which percentage applies?"),
    ODRL + "deliveryChannel": ("Hvilken leveringskanal brukes?", "Which delivery channel is used?"),
    ODRL + "language": ("Hvilket språk gjelder?", "Which language applies?"),
    ODRL + "elapsedTime": ("Hvor lang tid har gått siden bruken startet?", "How much time has passed since use began?"),
    ODRL + "dateTime": ("Når skal handlingen skje?", "When will the action take place?"),
    ODRL + "target": ("Hvilket datasett gjelder det?", "Which dataset is it about?"),
    ODRL + "assignee": ("Hvem skal bruke dataene?", "Who will use the data?"),
    AVT + "aiTrainingTier": (
        "Hvor langt går KI-bruken (ingen, benchmarking, forskning, intern bruk, publisere modellen, "
        "kommersialisere resultater, kommersialisere modellen)?",
        "How far does the AI use go (none, benchmarking, research, internal use, publish the model, "
        "commercialise outputs, commercialise the model)?",
    ),
}

_T = {
    "clause": ("punkt {n}", "clause {n}"),
    "rule": ("regelen {u}", "rule {u}"),
    "and": (" og ", " and "),
    "permit": ("Ja, dette er tillatt etter {c}.", "Yes, this is permitted under {c}."),
    "duties": (" Vilkår som må oppfylles: {d}.", " Conditions that must be met: {d}."),
    "prohibited": ("Nei, dette er forbudt etter {c}.", "No, this is prohibited under {c}."),
    "remedies": (" Ved brudd: {d}.", " On breach: {d}."),
    "conflict": (
        "Nei: {p} tillater dette, men {c} forbyr det, og avtalen sier ikke hvilken regel som går foran. "
        "Da gjelder forbudet.",
        "No: {p} permits this, but {c} prohibits it, and the agreement does not say which rule prevails. "
        "The prohibition applies.",
    ),
    "pending": (
        "Kan ikke bekreftes ennå: {c} forbyr dette i noen tilfeller, og det mangler opplysninger for å avgjøre om "
        "forbudet gjelder.",
        "Cannot be confirmed yet: {c} prohibits this in some cases, and facts are missing to decide whether "
        "the prohibition applies.",
    ),
    "violated": (
        "Nei: tillatelsen i {c} gjelder ikke lenger fordi en plikt er brutt ({d}).",
        "No: the permission in {c} no longer applies because a duty has been breached ({d}).",
    ),
    "none": ("Nei, ingen regel i avtalen tillater dette.", "No, no rule in the agreement permits this."),
    "closest": (" Nærmest er {c}: {r}.", " Closest is {c}: {r}."),
    "ask": (" Svar på dette for å få et sikkert svar: {q}", " Answer this to get a definite answer: {q}"),
    # premise reasons
    "target-no-match": ("gjelder {w}, ikke {a}", "applies to {w}, not {a}"),
    "party-no-match": ("gjelder {w}, ikke {a}", "applies to {w}, not {a}"),
    "action-no-match": ("gjelder «{w}», som ikke omfatter «{a}»", "covers “{w}”, which does not include “{a}”"),
    "false": ("vilkåret {w} er ikke oppfylt (verdi: {a})", "the condition {w} is not met (value: {a})"),
    "missing": ("mangler opplysning om {w}", "missing fact: {w}"),
    "type-mismatch": (
        "vilkåret {w} kan ikke sjekkes fordi verdien {a} har feil type",
        "the condition {w} cannot be checked because the value {a} has the wrong type",
    ),
    "unit-mismatch": ("vilkåret {w} bruker en annen enhet", "the condition {w} uses another unit"),
    "unknown-operator": ("vilkåret {w} har en ukjent operator", "the condition {w} has an unknown operator"),
    "missing-reference": (
        "mangler verdien som vilkåret {w} viser til",
        "missing the value the condition {w} refers to",
    ),
    "empty": ("et logisk vilkår uten deler", "a logical condition with no parts"),
    "duty-violated": ("en plikt er brutt", "a duty has been breached"),
    "ok": ("alle vilkår er oppfylt", "every condition is met"),
}


def _t(key: str, lang: str, **kw: Any) -> str:
    nb, en = _T[key]
    return (nb if lang == "nb" else en).format(**kw)


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


def cite(rule: Any, lang: str = "nb") -> str:
    """ "punkt 7.2" / "clause 7.2" when the rule records its clause, else the rule's IRI."""
    number = getattr(rule, "clause_number", None)
    if number:
        return _t("clause", lang, n=number)
    return _t("rule", lang, u=compact(rule.uid))


def _cites(rules: list[Any], lang: str) -> str:
    seen = list(dict.fromkeys(cite(r, lang) for r in rules))
    if len(seen) <= 1:
        return seen[0] if seen else ""
    return ", ".join(seen[:-1]) + _t("and", lang) + seen[-1]


def _vals(p: Premise) -> str:
    return ", ".join(V.show(v) for v in p.actual) or "—"


def fact_label(left: str, lang: str = "nb") -> str:
    vocab = default_vocabulary()
    if left in vocab.labels and (lang in vocab.labels[left] or lang == "en"):
        return vocab.label(left, lang).lower()
    names = {
        "purpose": "formål",
        "spatial": "sted",
        "recipient": "mottaker",
        "target": "datasett",
        "assignee": "bruker",
        "dateTime": "tidspunkt",
        "count": "antall",
        "payAmount": "beløp",
    }
    name = local_name(left)
    return names.get(name, name) if lang == "nb" else name


def premise_reason(p: Premise, lang: str = "nb") -> str:
    """One phrase saying why a premise failed (or that it held)."""
    lang = _lang(lang)
    if p.satisfied:
        return _t("ok", lang)
    if p.kind in ("target", "party", "action") and p.reason == "no-match":
        want = action_label(p.expected, lang) if p.kind == "action" else compact(p.expected)
        got = ", ".join(action_label(v, lang) if p.kind == "action" else V.show(v) for v in p.actual)
        return _t(f"{p.kind}-no-match", lang, w=want, a=got)
    if p.reason in ("missing", "missing-reference") and p.missing:
        return _t("missing", lang, w=", ".join(fact_label(m, lang) for m in p.missing))
    if p.children and p.reason in ("false", "missing"):
        failed = [c for c in p.children if not c.satisfied]
        if failed and p.kind != "constraint":
            return premise_reason(failed[0], lang)
    return _t(p.reason or "false", lang, w=f"«{p.expected}»" if lang == "nb" else f"“{p.expected}”", a=_vals(p))


def rule_reason(rr: RuleReport, lang: str = "nb") -> str:
    """Why a rule is (in)active: the first failed premise, or a breached duty."""
    failed = rr.failed
    if failed:
        return premise_reason(failed[0], lang)
    if any(d.state == "Violated" for d in rr.duties):
        return _t("duty-violated", lang)
    return _t("ok", lang)


def _duty_text(d: DutyReport, lang: str) -> str:
    text = action_label(d.action, lang)
    return f"{text} ({cite(d.duty, lang)})" if d.clause_number else text


def missing_questions(report: Report, lang: str = "nb") -> list[str]:
    """Follow-up questions for the facts the decision is still waiting for."""
    lang = _lang(lang)
    out = []
    for left in report.missing:
        nb_en = QUESTIONS.get(left)
        if nb_en:
            out.append(nb_en[0] if lang == "nb" else nb_en[1])
        else:
            label = fact_label(left, lang)
            out.append(f"Hva er verdien for «{label}»?" if lang == "nb" else f"What is the value of “{label}”?")
    return out


def explain(report: Report, lang: str = "nb") -> str:
    """A short paragraph: the answer, the clauses that decide it, duties owed and what is missing."""
    lang = _lang(lang)
    deciding = report.deciding
    reason = report.reason
    if report.decision == "permit":
        text = _t("permit", lang, c=_cites(deciding, lang))
        owed = report.duties_owed
        if owed:
            duties = ", ".join(dict.fromkeys(_duty_text(d, lang) for d in owed))
            text += _t("duties", lang, d=duties)
        return text
    if reason in ("prohibited", "conflict"):
        prohibitions = [r for r in deciding if r.kind == "prohibition"]
        permissions = [r for r in deciding if r.kind == "permission"]
        if reason == "conflict":
            text = _t("conflict", lang, p=_cites(permissions, lang), c=_cites(prohibitions, lang))
        else:
            text = _t("prohibited", lang, c=_cites(prohibitions, lang))
        remedies = report.remedies
        if remedies:
            text += _t("remedies", lang, d=", ".join(dict.fromkeys(_duty_text(d, lang) for d in remedies)))
        return text
    if reason == "pending-facts":
        text = _t("pending", lang, c=_cites(deciding, lang))
    elif reason == "duty-violated":
        broken = [d for r in deciding for d in r.duties if d.state == "Violated"]
        text = _t("violated", lang, c=_cites(deciding, lang), d=", ".join(_duty_text(d, lang) for d in broken))
    else:
        text = _t("none", lang)
        near = [
            r
            for o in report.outcomes
            for r in o.candidates
            if r.kind == "permission" and not r.active and r.action_matched
        ]
        if near:
            text += _t("closest", lang, c=cite(near[0], lang), r=rule_reason(near[0], lang))
    questions = missing_questions(report, lang)
    if questions:
        text += _t("ask", lang, q=" ".join(questions))
    return text


def _premise_dict(p: Premise, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": p.kind,
        "satisfied": p.satisfied,
        "expected": p.expected,
        "value": [V.show(v) for v in p.actual],
    }
    if not p.satisfied:
        out["reason"] = p.reason
        out["explanation"] = premise_reason(p, lang)
    if p.missing:
        out["missing"] = [compact(m) for m in p.missing]
    if p.children:
        out["premises"] = [_premise_dict(c, lang) for c in p.children]
    return out


def rule_report_dict(rr: RuleReport, lang: str = "nb") -> dict[str, Any]:
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


def report_to_dict(report: Report, lang: str = "nb") -> dict[str, Any]:
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
        "missing": [compact(m) for m in report.missing],
        "questions": missing_questions(report, lang),
        "rules": [rule_report_dict(r, lang) for r in report.rules],
    }
