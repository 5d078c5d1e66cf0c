"""«Sjekk bruk»: a planned use in plain words → an ODRL request → Ja / Nei / Ja, hvis …

Pure engine code for the check page, the CLI and any platform acting for a data user:

* the catalogue a person chooses from — *what* (read, combine, share, sell, train a model, …),
  *why* (purposes in plain language, mapped to W3C DPV), *who*, *where* (places in
  ``policies/places.ttl``) and *when*;
* :class:`PolicySource`, the policy to check against: a composed ``Agreement`` from the registry, one
  of our PDFs (its embedded ``agreement.json``) or an ODRL policy in JSON-LD / Turtle from anywhere;
* :func:`check_use`, which builds the request with ``engine.odrl.build_request``, evaluates it and
  returns a :class:`UseAnswer` view-model: the answer, the deciding clauses *with their text*, the
  duties owed in plain words, follow-up questions for missing facts and the FORCE compliance report.

No streamlit, no database: the app shows what this module decides.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from engine.core.agreement import Agreement, I18n, pick
from engine.errors import PolicyError, RenderError
from engine.services.examples import plain_text

__all__ = [
    "ACTIONS",
    "OTHER_PARTY",
    "PLACES",
    "PURPOSES",
    "RECIPIENTS",
    "WHO",
    "Answer",
    "DecidingClause",
    "PlannedUse",
    "PolicySource",
    "UseAnswer",
    "UseOption",
    "ai_tier",
    "catalogue",
    "check_use",
    "labels",
    "option_label",
]

ODRL = "http://www.w3.org/ns/odrl/2/"
AVT = "https://w3id.org/avtaleverk/odrl/"
DPV = "https://w3id.org/dpv#"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"

#: The assignee used for "another organisation" (not a party to the agreement).
OTHER_PARTY = "https://data.brreg.no/enhetsregisteret/api/enheter/999999999"

Answer = Literal["ja", "nei", "ja_hvis"]


@dataclass(frozen=True)
class UseOption:
    """One choice in the catalogue: a plain label (nb/en) and the IRI it stands for."""

    value: str
    iri: str | None
    label: I18n
    help: I18n | None = None

    def text(self, lang: str) -> str:
        return pick(self.label, lang)


def _o(value: str, iri: str | None, nb: str, en: str, help_nb: str = "", help_en: str = "") -> UseOption:
    return UseOption(value, iri, {"nb": nb, "en": en}, {"nb": help_nb, "en": help_en} if help_nb else None)


#: What the user plans to do → ODRL action (ODRL 2.2 or our profile).
ACTIONS: tuple[UseOption, ...] = (
    _o("read", ODRL + "read", "Lese og analysere dataene", "Read and analyse the data",
       "Se på, søke i og analysere dataene i egen virksomhet.",
       "Look at, search and analyse the data within your own organisation."),
    _o("aggregate", ODRL + "aggregate", "Sammenstille dataene med andre data", "Combine the data with other data",
       "Koble eller slå sammen dataene med egne data eller data fra andre.",
       "Link or merge the data with your own data or data from others."),
    _o("derive", ODRL + "derive", "Lage nye data eller resultater av dataene", "Create new data or results from it",
       "For eksempel beregninger, indekser eller bearbeidede versjoner.",
       "For example calculations, indices or processed versions."),
    _o("distribute", ODRL + "distribute", "Dele dataene med andre", "Share the data with others",
       "Gi dataene, eller en kopi av dem, til en annen virksomhet.",
       "Give the data, or a copy of it, to another organisation."),
    _o("sell", ODRL + "sell", "Selge dataene", "Sell the data",
       "Ta betalt for å gi andre dataene.", "Charge others for the data."),
    _o("trainModel", AVT + "trainModel", "Trene en KI-modell på dataene", "Train an AI model on the data",
       "Trene, finjustere eller evaluere en maskinlæringsmodell.",
       "Train, fine-tune or evaluate a machine-learning model."),
    _o("benchmarkModel", AVT + "trainModel", "Teste og sammenligne KI-modeller med dataene (benchmarking)",
       "Test and compare AI models with the data (benchmarking)",
       "Bruke dataene bare til å måle hvor godt modeller virker, ikke til å trene dem.",
       "Use the data only to measure how well models work, not to train them."),
    _o("publishModel", AVT + "publishModel", "Publisere en modell trent på dataene",
       "Publish a model trained on the data",
       "Gjøre modellen tilgjengelig for andre, gratis eller ikke.",
       "Make the model available to others, free or not."),
    _o("commercialiseModel", AVT + "commercialiseModel", "Selge eller lisensiere en modell trent på dataene",
       "Sell or license a model trained on the data"),
    _o("commercialiseOutput", AVT + "commercialiseOutput", "Tjene penger på resultater fra en slik modell",
       "Earn money on the output of such a model"),
    _o("use", ODRL + "use", "Bruke dataene på annen måte", "Use the data in some other way",
       "Når ingen av de andre passer: all bruk av dataene.", "When none of the others fit: any use of the data."),
    _o("reproduce", ODRL + "reproduce", "Kopiere dataene", "Copy the data",
       "Lage kopier, for eksempel til et annet system eller en sikkerhetskopi.",
       "Make copies, for example to another system or a backup."),
)  # fmt: skip

#: Why: purposes in plain language → W3C DPV (``policies/dpv-purposes.ttl``). ``None``: not stated.
PURPOSES: tuple[UseOption, ...] = (
    _o("unknown", None, "Vet ikke / ikke avklart ennå", "Don't know / not decided yet",
       "Da svarer vi så langt det går, og sier hva som mangler.",
       "We then answer as far as we can and say what is missing."),
    _o("research_development", DPV + "ResearchAndDevelopment", "Forskning og utvikling", "Research and development",
       "Alle slags forskning og utvikling, akademisk eller i en virksomhet.",
       "Research and development of any kind, academic or in a business."),
    _o("academic_research", DPV + "AcademicResearch", "Akademisk forskning", "Academic research",
       "Forskning ved universitet, høgskole eller forskningsinstitutt.",
       "Research at a university, college or research institute."),
    _o("noncommercial_research", DPV + "NonCommercialResearch", "Ikke-kommersiell forskning eller utredning",
       "Non-commercial research or study"),
    _o("commercial_research", DPV + "CommercialResearch", "Forskning og produktutvikling i egen virksomhet",
       "Research and product development in a business"),
    _o("service_optimisation", DPV + "ServiceOptimisation", "Forbedre egne tjenester eller egen drift",
       "Improve own services or operations"),
    _o("service_provision", DPV + "ServiceProvision", "Levere tjenester til egne brukere eller kunder",
       "Provide services to own users or customers"),
    _o("sell_products", DPV + "SellProducts", "Lage produkter som skal selges", "Make products for sale"),
    _o("sell_insights", DPV + "SellInsightsFromData", "Selge analyser og innsikt basert på dataene",
       "Sell analyses and insights based on the data"),
    _o("sell_data", DPV + "SellDataToThirdParties", "Selge dataene videre", "Sell the data on"),
    _o("marketing", DPV + "Marketing", "Markedsføring og reklame", "Marketing and advertising"),
    _o("statistics", DPV + "Statistics", "Statistikk", "Statistics"),
    _o("public_benefit", DPV + "PublicBenefit", "Allmennyttige formål", "Public benefit"),
    _o("security", DPV + "EnforceSecurity", "Sikkerhet og svindelforebygging", "Security and fraud prevention"),
    _o("legal_compliance", DPV + "LegalCompliance", "Oppfylle lovkrav", "Legal compliance"),
)  # fmt: skip

#: Who will use the data: the agreement's recipient, or an organisation outside the agreement.
WHO: tuple[UseOption, ...] = (
    _o("recipient", None, "Mottakeren i avtalen", "The recipient named in the agreement"),
    _o("other", OTHER_PARTY, "En annen virksomhet (ikke part i avtalen)",
       "Another organisation (not a party to the agreement)",
       "For eksempel en kunde, et datterselskap eller en samarbeidspartner.",
       "For example a customer, a subsidiary or a partner."),
)  # fmt: skip

#: Whom the data is passed on to (sharing and selling only) → recipient kinds in our profile.
RECIPIENTS: tuple[UseOption, ...] = (
    _o("unknown", None, "Vet ikke / ikke avklart ennå", "Don't know / not decided yet"),
    _o("affiliate", AVT + "affiliate", "Et selskap i samme konsern", "A company in the same group"),
    _o("customer", AVT + "customer", "Kunder, som del av et produkt", "Customers, as part of a product"),
    _o("third_party", AVT + "thirdParty", "En annen tredjepart", "Another third party"),
)  # fmt: skip
#: The actions where "to whom" matters.
PASSING_ON = frozenset({"distribute", "sell"})

#: Where the data will be used → places in ``policies/places.ttl``.
PLACES: tuple[UseOption, ...] = (
    _o("unknown", None, "Vet ikke / ikke avklart ennå", "Don't know / not decided yet"),
    _o("norway", COUNTRY + "NOR", "I Norge", "In Norway"),
    _o("nordic", AVT + "Nordic", "I Norden", "In the Nordic countries"),
    _o("eu", AVT + "EU", "I et EU-land", "In an EU country"),
    _o("eea", AVT + "EEA", "I EØS", "In the EEA"),
    _o("usa", COUNTRY + "USA", "I USA", "In the United States"),
    _o("worldwide", AVT + "World", "Hvor som helst i verden", "Anywhere in the world"),
)  # fmt: skip

#: How far an AI use goes (``avt:aiTrainingTier``, ranked in the profile), from what and why.
AI_TIER_BY_WHAT = {
    "benchmarkModel": "benchmarking",
    "publishModel": "publishModel",
    "commercialiseOutput": "commercialiseOutputs",
    "commercialiseModel": "commercialiseModel",
}
AI_TIER_BY_WHY = {
    "research_development": "research",
    "academic_research": "research",
    "noncommercial_research": "research",
    "public_benefit": "research",
    "statistics": "research",
    "commercial_research": "internal",
    "service_optimisation": "internal",
    "security": "internal",
    "legal_compliance": "internal",
    "service_provision": "commercialiseOutputs",
    "sell_products": "commercialiseOutputs",
    "sell_insights": "commercialiseOutputs",
    "sell_data": "commercialiseOutputs",
    "marketing": "commercialiseOutputs",
}


def ai_tier(what: str, why: str | None) -> str | None:
    """The AI training tier a planned use amounts to (None: not an AI use, or the purpose is unknown)."""
    if what in AI_TIER_BY_WHAT:
        return AI_TIER_BY_WHAT[what]
    if what == "trainModel":
        return AI_TIER_BY_WHY.get(why or "unknown")
    return None


_CATALOGUES = {"what": ACTIONS, "why": PURPOSES, "who": WHO, "to": RECIPIENTS, "where": PLACES}


def _find(kind: str, value: str | None) -> UseOption:
    options = _CATALOGUES[kind]
    for o in options:
        if o.value == value:
            return o
    known = ", ".join(o.value for o in options)
    raise PolicyError(f"unknown {kind} {value!r} (one of: {known})", loc=("use", kind))


def option_label(kind: str, value: str, lang: str = "nb") -> str:
    """The plain label of a catalogue value (``kind`` is what / why / who / to / where)."""
    return _find(kind, value).text(lang)


@dataclass(frozen=True)
class PlannedUse:
    """What a person describes: each field is a catalogue value (``when`` a date)."""

    what: str
    why: str | None = "unknown"
    who: str = "recipient"
    where: str | None = "unknown"
    when: dt.date | None = None
    to: str | None = "unknown"  # whom the data is passed on to (sharing and selling only)

    def describe(self, lang: str = "nb") -> str:
        bits = [option_label("what", self.what, lang).lower()]
        if self.why and self.why != "unknown":
            bits.append(("til " if lang == "nb" else "for ") + option_label("why", self.why, lang).lower())
        if self.where and self.where != "unknown":
            bits.append(option_label("where", self.where, lang).lower())
        return ", ".join(bits)


# --------------------------------------------------------------------------- policy sources


@dataclass(frozen=True)
class PolicySource:
    """The policy a use is checked against, and the agreement its rules come from (when known)."""

    policies: tuple[Any, ...]
    agreement: Agreement | None = None
    title: str = ""
    origin: str = "agreement"  # agreement | pdf | odrl
    warnings: tuple[I18n, ...] = ()

    @classmethod
    def from_agreement(cls, agreement: Agreement, *, origin: str = "agreement") -> PolicySource:
        from engine.odrl import policy_from_dict

        if agreement.policy is None:
            raise PolicyError(
                "the agreement has no machine-readable policy (no clause in it carries an ODRL meaning)",
                loc=("policy",),
            )
        return cls(
            policies=tuple(policy_from_dict(agreement.policy)),
            agreement=agreement,
            title=f"{agreement.metadata.title} · {agreement.metadata.document_id}",
            origin=origin,
        )

    @classmethod
    def from_pdf(cls, data: bytes) -> PolicySource:
        """One of our PDFs: its embedded agreement (and thus its policy). Altered files are refused."""
        from engine.render.verify import AGREEMENT_ATTACHMENT, read_attachments, verify_pdf

        result = verify_pdf(data)  # RenderError for non-PDFs and PDFs that are not ours
        if not result.ok:
            reasons = "; ".join(result.messages("en"))
            raise RenderError(f"the PDF has been altered, so its policy cannot be trusted: {reasons}", loc=("pdf",))
        raw = read_attachments(data)[AGREEMENT_ATTACHMENT]
        agreement = Agreement.model_validate(json.loads(raw.decode("utf-8")))
        return cls.from_agreement(agreement, origin="pdf")

    @classmethod
    def from_odrl(cls, text: str | bytes, *, name: str | None = None) -> PolicySource:
        """An ODRL policy in JSON-LD or Turtle, from anywhere."""
        from engine.odrl import parse_policies

        fmt = None
        if name:
            lower = name.lower()
            fmt = "turtle" if lower.endswith(".ttl") else "json-ld" if lower.endswith((".json", ".jsonld")) else None
        policies = parse_policies(text, fmt, source=name)
        title = name or (policies[0].uid if policies else "ODRL")
        return cls(policies=tuple(policies), title=title, origin="odrl")

    @property
    def assignee(self) -> str | None:
        return next((p.assignee for p in self.policies if p.assignee), None)

    @property
    def target(self) -> str | None:
        found = next((p.target for p in self.policies if p.target), None)
        if found:
            return found
        return next((r.target_iri for p in self.policies for r in p.rules if r.target_iri), None)

    def clause_text(self, clause_id: str | None, number: str | None) -> tuple[str, str]:
        """(title, plain text) of a clause in the agreement, found by id or by printed number."""
        if self.agreement is None:
            return "", ""
        for s in self.agreement.sections:
            for c in s.clauses:
                if (clause_id and c.id == clause_id) or (number and c.number == number):
                    return c.title, plain_text(c.html)
        for a in self.agreement.annexes:
            if (clause_id and a.id == clause_id) or (number and a.number == number):
                return a.title, plain_text(a.html)
        return "", ""


# --------------------------------------------------------------------------- the answer


@dataclass(frozen=True)
class DecidingClause:
    number: str
    title: str
    text: str
    kind: str  # permission | prohibition | obligation
    reason: str = ""


@dataclass(frozen=True)
class UseAnswer:
    answer: Answer
    headline: str
    explanation: str
    decision: str
    clauses: tuple[DecidingClause, ...]
    duties: tuple[str, ...]
    questions: tuple[str, ...]
    request: dict[str, str | None]
    report: Any = field(repr=False, compare=False)

    def turtle(self) -> str:
        """The FORCE compliance report as Turtle."""
        graph = self.report.to_graph()
        return str(graph.serialize(format="turtle"))

    def report_dict(self, lang: str = "nb") -> dict[str, Any]:
        return dict(self.report.to_dict(lang))


HEADLINES: dict[str, I18n] = {
    "ja": {"nb": "Ja", "en": "Yes"},
    "nei": {"nb": "Nei", "en": "No"},
    "ja_hvis": {"nb": "Ja, hvis …", "en": "Yes, if …"},
}


def _answer(report: Any) -> Answer:
    if report.decision == "permit":
        return "ja_hvis" if report.duties_owed else "ja"
    if report.decision == "deny":
        return "ja_hvis" if report.reason == "pending-facts" else "nei"
    return "ja_hvis" if report.missing else "nei"


def _duty_text(duty: Any, source: PolicySource, lang: str) -> str:
    from engine.odrl.report import action_label

    text = action_label(duty.action, lang)
    text = text[:1].upper() + text[1:]
    if duty.clause_number:
        word = "punkt" if lang == "nb" else "clause"
        text += f" ({word} {duty.clause_number})"
    return text


def _request_time(when: dt.date | dt.datetime | None) -> dt.datetime:
    if when is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    if isinstance(when, dt.datetime):
        return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    return dt.datetime(when.year, when.month, when.day, 12, tzinfo=dt.UTC)


def _humaniser(source: PolicySource, lang: str) -> Any:
    """Replace party IRIs in report texts by the parties' names."""
    from engine.core.policy import party_iri

    names: dict[str, str] = {OTHER_PARTY: "en annen virksomhet" if lang == "nb" else "another organisation"}
    if source.agreement is not None:
        for party in source.agreement.parties:
            names[party_iri(party)] = party.name

    def humanise(text: str) -> str:
        for iri, name in names.items():
            text = text.replace(iri, name)
        return text

    return humanise


def check_use(source: PolicySource, use: PlannedUse, lang: str = "nb") -> UseAnswer:
    """Evaluate a planned use against the source's policy; the answer with its reasons."""
    from engine.odrl import State, build_request, evaluate

    what = _find("what", use.what)
    why = _find("why", use.why or "unknown")
    who = _find("who", use.who)
    where = _find("where", use.where or "unknown")
    target = source.target
    assignee = who.iri if who.value != "recipient" else source.assignee
    to = _find("to", use.to or "unknown")
    tier = ai_tier(what.value, why.value)
    facts: dict[str, str] = {"aiTrainingTier": tier} if tier else {}
    if what.value in PASSING_ON and to.iri:
        facts["recipient"] = to.iri
    request = build_request(
        assignee=assignee,
        action=str(what.iri),
        target=target,
        purpose=why.iri,
        spatial=where.iri,
        **facts,
    )
    report = evaluate(list(source.policies), request, State(now=_request_time(use.when)))
    answer = _answer(report)
    humanise = _humaniser(source, lang)
    deciding: list[DecidingClause] = []
    seen: set[tuple[str, str]] = set()
    for rule in report.deciding:
        number = rule.clause_number or ""
        key = (number, "") if number else (rule.uid, rule.kind)
        if key in seen:
            continue
        seen.add(key)
        title, text = source.clause_text(rule.clause_id, rule.clause_number)
        deciding.append(
            DecidingClause(
                number=number,
                title=title,
                text=text,
                kind=rule.kind,
                reason="" if rule.active else humanise(rule.reason(lang)),
            )
        )
    if not deciding and report.decision != "permit":
        # Nothing decided: show the nearest permission that would have applied, so the reader sees why.
        for outcome in report.outcomes:
            for rule in outcome.candidates:
                if rule.kind == "permission" and rule.action_matched and rule.clause_number:
                    title, text = source.clause_text(rule.clause_id, rule.clause_number)
                    deciding.append(
                        DecidingClause(rule.clause_number, title, text, rule.kind, humanise(rule.reason(lang)))
                    )
                    break
            if deciding:
                break
    duties = tuple(dict.fromkeys(_duty_text(d, source, lang) for d in report.duties_owed))
    return UseAnswer(
        answer=answer,
        headline=pick(HEADLINES[answer], lang),
        explanation=humanise(report.explain(lang)),
        decision=report.decision,
        clauses=tuple(deciding),
        duties=duties,
        # A definite "no" is not changed by more facts: ask only when the answers could turn it.
        questions=() if answer == "nei" else tuple(report.questions(lang)),
        request={
            "assignee": assignee,
            "action": what.iri,
            "target": target,
            "purpose": why.iri,
            "spatial": where.iri,
            "aiTrainingTier": tier,
            "recipient": facts.get("recipient"),
            "at": _request_time(use.when).isoformat(),
        },
        report=report,
    )


def catalogue(kind: str) -> Sequence[UseOption]:
    """The options for one field of the form (what / why / who / to / where)."""
    return _CATALOGUES[kind]


def labels(kind: str, lang: str) -> Mapping[str, str]:
    """value → label for one field, in catalogue order (what a select box shows)."""
    return {o.value: o.text(lang) for o in _CATALOGUES[kind]}
