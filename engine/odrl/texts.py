"""Every word the ODRL engine says to people, in one place: one table per kind, one text per language.

A third language (nynorsk) is a translation of this file. Shape: ``engine.i18n`` tables (key -> language -> text),
read with ``engine.i18n.text``; ``ACTION_NB`` and ``FACT_NB`` give Norwegian names where the vocabulary has
English ones only.
"""

from __future__ import annotations

from engine.i18n import Texts
from engine.odrl.vocab import AVT, ODRL

#: Norwegian names of ODRL actions (ODRL 2.2 has English labels only; English uses the local name).
ACTION_NB: dict[str, str] = {
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

#: Follow-up questions for a missing fact, keyed by left-operand IRI.
QUESTIONS: Texts = {
    ODRL + "purpose": {"nb": "Hva er formålet med bruken?", "en": "What is the purpose of the use?"},
    ODRL + "spatial": {
        "nb": "Hvor skal dataene brukes (land eller område)?",
        "en": "Where will the data be used (country or region)?",
    },
    ODRL + "recipient": {"nb": "Hvem skal motta dataene?", "en": "Who will receive the data?"},
    ODRL + "industry": {"nb": "Hvilken bransje gjelder bruken?", "en": "Which industry is the use in?"},
    ODRL + "count": {
        "nb": "Hvor mange ganger skal handlingen utføres?",
        "en": "How many times will the action be performed?",
    },
    ODRL + "payAmount": {"nb": "Hvor mye betales?", "en": "How much is paid?"},
    ODRL + "percentage": {"nb": "Hvilken prosentandel gjelder?", "en": "Which percentage applies?"},
    ODRL + "deliveryChannel": {"nb": "Hvilken leveringskanal brukes?", "en": "Which delivery channel is used?"},
    ODRL + "language": {"nb": "Hvilket språk gjelder?", "en": "Which language applies?"},
    ODRL + "elapsedTime": {
        "nb": "Hvor lang tid har gått siden bruken startet?",
        "en": "How much time has passed since use began?",
    },
    ODRL + "dateTime": {"nb": "Når skal handlingen skje?", "en": "When will the action take place?"},
    ODRL + "target": {"nb": "Hvilket datasett gjelder det?", "en": "Which dataset is it about?"},
    ODRL + "assignee": {"nb": "Hvem skal bruke dataene?", "en": "Who will use the data?"},
    AVT + "aiTrainingTier": {
        "nb": (
            "Hvor langt går KI-bruken (ingen, benchmarking, forskning, intern bruk, publisere modellen, "
            "kommersialisere resultater, kommersialisere modellen)?"
        ),
        "en": (
            "How far does the AI use go (none, benchmarking, research, internal use, publish the model, "
            "commercialise outputs, commercialise the model)?"
        ),
    },
}

#: Phrases of explanations and premise reasons ({c} clauses, {d} duties, {w} wanted, {a} actual).
WORDS: Texts = {
    "clause": {"nb": "punkt {n}", "en": "clause {n}"},
    "rule": {"nb": "regelen {u}", "en": "rule {u}"},
    "and": {"nb": " og ", "en": " and "},
    "permit": {"nb": "Ja, dette er tillatt etter {c}.", "en": "Yes, this is permitted under {c}."},
    "duties": {"nb": " Vilkår som må oppfylles: {d}.", "en": " Conditions that must be met: {d}."},
    "prohibited": {"nb": "Nei, dette er forbudt etter {c}.", "en": "No, this is prohibited under {c}."},
    "remedies": {"nb": " Ved brudd: {d}.", "en": " On breach: {d}."},
    "conflict": {
        "nb": (
            "Nei: {p} tillater dette, men {c} forbyr det, og avtalen sier ikke hvilken regel som går foran. "
            "Da gjelder forbudet."
        ),
        "en": (
            "No: {p} permits this, but {c} prohibits it, and the agreement does not say which rule prevails. "
            "The prohibition applies."
        ),
    },
    "pending": {
        "nb": (
            "Kan ikke bekreftes ennå: {c} forbyr dette i noen tilfeller, og det mangler opplysninger for å "
            "avgjøre om forbudet gjelder."
        ),
        "en": (
            "Cannot be confirmed yet: {c} prohibits this in some cases, and facts are missing to decide "
            "whether the prohibition applies."
        ),
    },
    "violated": {
        "nb": "Nei: tillatelsen i {c} gjelder ikke lenger fordi en plikt er brutt ({d}).",
        "en": "No: the permission in {c} no longer applies because a duty has been breached ({d}).",
    },
    "none": {"nb": "Nei, ingen regel i avtalen tillater dette.", "en": "No, no rule in the agreement permits this."},
    "closest": {"nb": " Nærmest er {c}: {r}.", "en": " Closest is {c}: {r}."},
    "ask": {"nb": " Svar på dette for å få et sikkert svar: {q}", "en": " Answer this to get a definite answer: {q}"},
    "target-no-match": {"nb": "gjelder {w}, ikke {a}", "en": "applies to {w}, not {a}"},
    "party-no-match": {"nb": "gjelder {w}, ikke {a}", "en": "applies to {w}, not {a}"},
    "action-no-match": {
        "nb": "gjelder «{w}», som ikke omfatter «{a}»",
        "en": "covers “{w}”, which does not include “{a}”",
    },
    "false": {"nb": "vilkåret {w} er ikke oppfylt (verdi: {a})", "en": "the condition {w} is not met (value: {a})"},
    "missing": {"nb": "mangler opplysning om {w}", "en": "missing fact: {w}"},
    "type-mismatch": {
        "nb": "vilkåret {w} kan ikke sjekkes fordi verdien {a} har feil type",
        "en": "the condition {w} cannot be checked because the value {a} has the wrong type",
    },
    "unit-mismatch": {"nb": "vilkåret {w} bruker en annen enhet", "en": "the condition {w} uses another unit"},
    "unknown-operator": {
        "nb": "vilkåret {w} har en ukjent operator",
        "en": "the condition {w} has an unknown operator",
    },
    "missing-reference": {
        "nb": "mangler verdien som vilkåret {w} viser til",
        "en": "missing the value the condition {w} refers to",
    },
    "empty": {"nb": "et logisk vilkår uten deler", "en": "a logical condition with no parts"},
    "duty-violated": {"nb": "en plikt er brutt", "en": "a duty has been breached"},
    "ok": {"nb": "alle vilkår er oppfylt", "en": "every condition is met"},
}

#: Plain words for left operands in Norwegian, when the vocabulary has no Norwegian label.
FACT_NB: dict[str, str] = {
    "purpose": "formål",
    "spatial": "sted",
    "recipient": "mottaker",
    "target": "datasett",
    "assignee": "bruker",
    "dateTime": "tidspunkt",
    "count": "antall",
    "payAmount": "beløp",
}


__all__ = ["ACTION_NB", "FACT_NB", "QUESTIONS", "WORDS"]
