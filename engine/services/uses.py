"""The plain words of «Sjekk bruk»: what / why / who / to whom / where / when → an ODRL request.

A person (or a platform acting for one) describes a planned use by picking one value per field;
:class:`PlannedUse` holds the picks and :func:`use_request` turns them into the ODRL request that
:mod:`engine.services.check` evaluates. Each value stands for an ODRL action, a W3C DPV purpose, a
place in ``policies/places.ttl`` or a recipient kind of our profile.

Labels and help texts live in ``TEXTS`` (the :mod:`engine.i18n` shape): the key ``what.read`` is the
label of the value ``read`` of the field ``what``, ``what.read.help`` its help text. A third language
is a translation of this table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from engine.core.agreement import OTHER_PARTY
from engine.errors import PolicyError
from engine.i18n import Texts, text
from engine.odrl import AVT, DPV, ODRL, build_request

if TYPE_CHECKING:
    from engine.odrl import Request
    from engine.services.sources import PolicySource

__all__ = [
    "ACTIONS",
    "FIELDS",
    "OTHER_PARTY",
    "PASSING_ON",
    "PLACES",
    "PURPOSES",
    "RECIPIENTS",
    "TEXTS",
    "WHO",
    "Field",
    "PlannedUse",
    "UseOption",
    "ai_tier",
    "catalogue",
    "labels",
    "option",
    "option_label",
    "use_facts",
    "use_request",
    "use_time",
]

COUNTRY = "http://publications.europa.eu/resource/authority/country/"


#: The fields of the form, in the order a person fills them in.
Field = Literal["what", "why", "who", "to", "where"]
FIELDS: tuple[Field, ...] = ("what", "why", "who", "to", "where")


@dataclass(frozen=True)
class UseOption:
    """One choice of one field: its value, the IRI it stands for (None: not stated) and its texts."""

    field: Field
    value: str
    iri: str | None

    def label(self, lang: str) -> str:
        return text(TEXTS, f"{self.field}.{self.value}", lang)

    def help(self, lang: str) -> str:
        """The help text ("" when the label says it all)."""
        key = f"{self.field}.{self.value}.help"
        return text(TEXTS, key, lang) if key in TEXTS else ""


def _options(field: Field, *pairs: tuple[str, str | None]) -> tuple[UseOption, ...]:
    return tuple(UseOption(field, value, iri) for value, iri in pairs)


#: What the user plans to do → ODRL action (ODRL 2.2 or our profile).
ACTIONS = _options(
    "what",
    ("read", ODRL + "read"),
    ("aggregate", ODRL + "aggregate"),
    ("derive", ODRL + "derive"),
    ("distribute", ODRL + "distribute"),
    ("sell", ODRL + "sell"),
    ("trainModel", AVT + "trainModel"),
    ("benchmarkModel", AVT + "trainModel"),
    ("publishModel", AVT + "publishModel"),
    ("commercialiseModel", AVT + "commercialiseModel"),
    ("commercialiseOutput", AVT + "commercialiseOutput"),
    ("use", ODRL + "use"),
    ("reproduce", ODRL + "reproduce"),
)

#: Why: purposes in plain language → W3C DPV (``policies/dpv-purposes.ttl``). ``unknown``: not stated.
PURPOSES = _options(
    "why",
    ("unknown", None),
    ("research_development", DPV + "ResearchAndDevelopment"),
    ("academic_research", DPV + "AcademicResearch"),
    ("noncommercial_research", DPV + "NonCommercialResearch"),
    ("commercial_research", DPV + "CommercialResearch"),
    ("service_optimisation", DPV + "ServiceOptimisation"),
    ("service_provision", DPV + "ServiceProvision"),
    ("sell_products", DPV + "SellProducts"),
    ("sell_insights", DPV + "SellInsightsFromData"),
    ("sell_data", DPV + "SellDataToThirdParties"),
    ("marketing", DPV + "Marketing"),
    ("statistics", DPV + "Statistics"),
    ("public_benefit", DPV + "PublicBenefit"),
    ("security", DPV + "EnforceSecurity"),
    ("legal_compliance", DPV + "LegalCompliance"),
)

#: Who will use the data: the agreement's recipient, or an organisation outside the agreement.
WHO = _options("who", ("recipient", None), ("other", OTHER_PARTY))

#: Whom the data is passed on to (sharing and selling only) → recipient kinds in our profile.
RECIPIENTS = _options(
    "to",
    ("unknown", None),
    ("affiliate", AVT + "affiliate"),
    ("customer", AVT + "customer"),
    ("third_party", AVT + "thirdParty"),
)
#: The actions where "to whom" matters.
PASSING_ON = frozenset({"distribute", "sell"})

#: Where the data will be used → places in ``policies/places.ttl``.
PLACES = _options(
    "where",
    ("unknown", None),
    ("norway", COUNTRY + "NOR"),
    ("nordic", AVT + "Nordic"),
    ("eu", AVT + "EU"),
    ("eea", AVT + "EEA"),
    ("usa", COUNTRY + "USA"),
    ("worldwide", AVT + "World"),
)

_CATALOGUES: dict[str, tuple[UseOption, ...]] = {
    "what": ACTIONS,
    "why": PURPOSES,
    "who": WHO,
    "to": RECIPIENTS,
    "where": PLACES,
}

#: How far an AI use goes (``avt:aiTrainingTier``, ranked in the profile), from what and why.
AI_TIER_BY_WHAT = {
    "benchmarkModel": "benchmarking",
    "publishModel": "publishModel",
    "commercialiseOutput": "commercialiseOutputs",
    "commercialiseModel": "commercialiseModel",
}
AI_TIER_BY_WHY = {
    **dict.fromkeys(
        ("research_development", "academic_research", "noncommercial_research", "public_benefit", "statistics"),
        "research",
    ),
    **dict.fromkeys(("commercial_research", "service_optimisation", "security", "legal_compliance"), "internal"),
    **dict.fromkeys(
        ("service_provision", "sell_products", "sell_insights", "sell_data", "marketing"), "commercialiseOutputs"
    ),
}


def ai_tier(what: str, why: str | None) -> str | None:
    """The AI training tier a planned use amounts to (None: not an AI use, or the purpose is unknown)."""
    if what in AI_TIER_BY_WHAT:
        return AI_TIER_BY_WHAT[what]
    if what == "trainModel":
        return AI_TIER_BY_WHY.get(why or "unknown")
    return None


def catalogue(field: str) -> Sequence[UseOption]:
    """The options of one field of the form (what / why / who / to / where), in the order shown."""
    try:
        return _CATALOGUES[field]
    except KeyError:
        raise PolicyError(f"unknown field {field!r} (one of: {', '.join(FIELDS)})", loc=("use",)) from None


def option(field: str, value: str | None) -> UseOption:
    """The option ``value`` of ``field``; a ``PolicyError`` naming the known values otherwise."""
    options = catalogue(field)
    for o in options:
        if o.value == value:
            return o
    known = ", ".join(o.value for o in options)
    raise PolicyError(f"unknown {field} {value!r} (one of: {known})", loc=("use", field))


def option_label(field: str, value: str, lang: str = "nb") -> str:
    """The plain label of a catalogue value."""
    return option(field, value).label(lang)


def labels(field: str, lang: str) -> Mapping[str, str]:
    """value → label for one field, in catalogue order (what a select box shows)."""
    return {o.value: o.label(lang) for o in catalogue(field)}


@dataclass(frozen=True)
class PlannedUse:
    """What a person describes: each field is a catalogue value (``when`` a date; None: now)."""

    what: str
    why: str | None = "unknown"
    who: str = "recipient"
    where: str | None = "unknown"
    when: dt.date | None = None
    to: str | None = "unknown"  # whom the data is passed on to (sharing and selling only)

    def describe(self, lang: str = "nb") -> str:
        """«lese og analysere dataene, til akademisk forskning, i norge»."""
        bits = [option_label("what", self.what, lang).lower()]
        if self.why and self.why != "unknown":
            bits.append(text(TEXTS, "describe.why", lang, purpose=option_label("why", self.why, lang).lower()))
        if self.where and self.where != "unknown":
            bits.append(option_label("where", self.where, lang).lower())
        return ", ".join(bits)


def use_time(when: dt.date | dt.datetime | None) -> dt.datetime:
    """The moment a use is checked at: noon UTC on the day, or now."""
    if when is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    if isinstance(when, dt.datetime):
        return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    return dt.datetime(when.year, when.month, when.day, 12, tzinfo=dt.UTC)


def use_facts(use: PlannedUse, source: PolicySource) -> dict[str, str | None]:
    """The request a planned use amounts to, as plain IRIs (what the answer shows it asked)."""
    what = option("what", use.what)
    why = option("why", use.why or "unknown")
    who = option("who", use.who)
    where = option("where", use.where or "unknown")
    to = option("to", use.to or "unknown")
    return {
        "assignee": who.iri if who.value != "recipient" else source.assignee,
        "action": what.iri,
        "target": source.target,
        "purpose": why.iri,
        "spatial": where.iri,
        "aiTrainingTier": ai_tier(what.value, why.value),
        "recipient": to.iri if what.value in PASSING_ON else None,
        "at": use_time(use.when).isoformat(),
    }


def use_request(use: PlannedUse, source: PolicySource) -> Request:
    """The ODRL request for a planned use of the source's dataset."""
    facts = use_facts(use, source)
    extra = {k: facts[k] for k in ("aiTrainingTier", "recipient") if facts[k]}
    return build_request(
        assignee=facts["assignee"],
        action=str(facts["action"]),
        target=facts["target"],
        purpose=facts["purpose"],
        spatial=facts["spatial"],
        **extra,
    )


TEXTS: Texts = {
    # what → ODRL action
    "what.read": {"nb": "Lese og analysere dataene", "en": "Read and analyse the data"},
    "what.read.help": {
        "nb": "Se på, søke i og analysere dataene i egen virksomhet.",
        "en": "Look at, search and analyse the data within your own organisation.",
    },
    "what.aggregate": {"nb": "Sammenstille dataene med andre data", "en": "Combine the data with other data"},
    "what.aggregate.help": {
        "nb": "Koble eller slå sammen dataene med egne data eller data fra andre.",
        "en": "Link or merge the data with your own data or data from others.",
    },
    "what.derive": {"nb": "Lage nye data eller resultater av dataene", "en": "Create new data or results from it"},
    "what.derive.help": {
        "nb": "For eksempel beregninger, indekser eller bearbeidede versjoner.",
        "en": "For example calculations, indices or processed versions.",
    },
    "what.distribute": {"nb": "Dele dataene med andre", "en": "Share the data with others"},
    "what.distribute.help": {
        "nb": "Gi dataene, eller en kopi av dem, til en annen virksomhet.",
        "en": "Give the data, or a copy of it, to another organisation.",
    },
    "what.sell": {"nb": "Selge dataene", "en": "Sell the data"},
    "what.sell.help": {"nb": "Ta betalt for å gi andre dataene.", "en": "Charge others for the data."},
    "what.trainModel": {"nb": "Trene en KI-modell på dataene", "en": "Train an AI model on the data"},
    "what.trainModel.help": {
        "nb": "Trene, finjustere eller evaluere en maskinlæringsmodell.",
        "en": "Train, fine-tune or evaluate a machine-learning model.",
    },
    "what.benchmarkModel": {
        "nb": "Teste og sammenligne KI-modeller med dataene (benchmarking)",
        "en": "Test and compare AI models with the data (benchmarking)",
    },
    "what.benchmarkModel.help": {
        "nb": "Bruke dataene bare til å måle hvor godt modeller virker, ikke til å trene dem.",
        "en": "Use the data only to measure how well models work, not to train them.",
    },
    "what.publishModel": {"nb": "Publisere en modell trent på dataene", "en": "Publish a model trained on the data"},
    "what.publishModel.help": {
        "nb": "Gjøre modellen tilgjengelig for andre, gratis eller ikke.",
        "en": "Make the model available to others, free or not.",
    },
    "what.commercialiseModel": {
        "nb": "Selge eller lisensiere en modell trent på dataene",
        "en": "Sell or license a model trained on the data",
    },
    "what.commercialiseOutput": {
        "nb": "Tjene penger på resultater fra en slik modell",
        "en": "Earn money on the output of such a model",
    },
    "what.use": {"nb": "Bruke dataene på annen måte", "en": "Use the data in some other way"},
    "what.use.help": {
        "nb": "Når ingen av de andre passer: all bruk av dataene.",
        "en": "When none of the others fit: any use of the data.",
    },
    "what.reproduce": {"nb": "Kopiere dataene", "en": "Copy the data"},
    "what.reproduce.help": {
        "nb": "Lage kopier, for eksempel til et annet system eller en sikkerhetskopi.",
        "en": "Make copies, for example to another system or a backup.",
    },
    # why → DPV purpose
    "why.unknown": {"nb": "Vet ikke / ikke avklart ennå", "en": "Don't know / not decided yet"},
    "why.unknown.help": {
        "nb": "Da svarer vi så langt det går, og sier hva som mangler.",
        "en": "We then answer as far as we can and say what is missing.",
    },
    "why.research_development": {"nb": "Forskning og utvikling", "en": "Research and development"},
    "why.research_development.help": {
        "nb": "Alle slags forskning og utvikling, akademisk eller i en virksomhet.",
        "en": "Research and development of any kind, academic or in a business.",
    },
    "why.academic_research": {"nb": "Akademisk forskning", "en": "Academic research"},
    "why.academic_research.help": {
        "nb": "Forskning ved universitet, høgskole eller forskningsinstitutt.",
        "en": "Research at a university, college or research institute.",
    },
    "why.noncommercial_research": {
        "nb": "Ikke-kommersiell forskning eller utredning",
        "en": "Non-commercial research or study",
    },
    "why.commercial_research": {
        "nb": "Forskning og produktutvikling i egen virksomhet",
        "en": "Research and product development in a business",
    },
    "why.service_optimisation": {
        "nb": "Forbedre egne tjenester eller egen drift",
        "en": "Improve own services or operations",
    },
    "why.service_provision": {
        "nb": "Levere tjenester til egne brukere eller kunder",
        "en": "Provide services to own users or customers",
    },
    "why.sell_products": {"nb": "Lage produkter som skal selges", "en": "Make products for sale"},
    "why.sell_insights": {
        "nb": "Selge analyser og innsikt basert på dataene",
        "en": "Sell analyses and insights based on the data",
    },
    "why.sell_data": {"nb": "Selge dataene videre", "en": "Sell the data on"},
    "why.marketing": {"nb": "Markedsføring og reklame", "en": "Marketing and advertising"},
    "why.statistics": {"nb": "Statistikk", "en": "Statistics"},
    "why.public_benefit": {"nb": "Allmennyttige formål", "en": "Public benefit"},
    "why.security": {"nb": "Sikkerhet og svindelforebygging", "en": "Security and fraud prevention"},
    "why.legal_compliance": {"nb": "Oppfylle lovkrav", "en": "Legal compliance"},
    # who → assignee
    "who.recipient": {"nb": "Mottakeren i avtalen", "en": "The recipient named in the agreement"},
    "who.other": {
        "nb": "En annen virksomhet (ikke part i avtalen)",
        "en": "Another organisation (not a party to the agreement)",
    },
    "who.other.help": {
        "nb": "For eksempel en kunde, et datterselskap eller en samarbeidspartner.",
        "en": "For example a customer, a subsidiary or a partner.",
    },
    # to whom → recipient kind
    "to.unknown": {"nb": "Vet ikke / ikke avklart ennå", "en": "Don't know / not decided yet"},
    "to.affiliate": {"nb": "Et selskap i samme konsern", "en": "A company in the same group"},
    "to.customer": {"nb": "Kunder, som del av et produkt", "en": "Customers, as part of a product"},
    "to.third_party": {"nb": "En annen tredjepart", "en": "Another third party"},
    # where → place
    "where.unknown": {"nb": "Vet ikke / ikke avklart ennå", "en": "Don't know / not decided yet"},
    "where.norway": {"nb": "I Norge", "en": "In Norway"},
    "where.nordic": {"nb": "I Norden", "en": "In the Nordic countries"},
    "where.eu": {"nb": "I et EU-land", "en": "In an EU country"},
    "where.eea": {"nb": "I EØS", "en": "In the EEA"},
    "where.usa": {"nb": "I USA", "en": "In the United States"},
    "where.worldwide": {"nb": "Hvor som helst i verden", "en": "Anywhere in the world"},
    # sentences
    "describe.why": {"nb": "til {purpose}", "en": "for {purpose}"},
}
