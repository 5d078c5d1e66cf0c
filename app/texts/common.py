"""Words shared by every page: navigation, language, sign-in state, statuses, downloads, errors."""

from __future__ import annotations

from engine import Texts

TEXTS: Texts = {
    "app.title": {"nb": "Avtaleverk", "en": "Avtaleverk"},
    "app.tagline": {
        "nb": "Standardavtaler for datadeling – enkelt, rettferdig og maskinlesbart.",
        "en": "Standard data-sharing agreements – simple, fair and machine-readable.",
    },
    "nav.wizard": {"nb": "Ny avtale", "en": "New agreement"},
    "nav.check": {"nb": "Sjekk bruk", "en": "Check a use"},
    "nav.registry": {"nb": "Avtaler", "en": "Agreements"},
    "nav.workshop": {"nb": "Klausulverksted", "en": "Clause workshop"},
    "nav.section.use": {"nb": "Avtaler og bruk", "en": "Agreements and use"},
    "nav.section.advisors": {"nb": "For juridiske rådgivere", "en": "For legal advisors"},
    "lang.label": {"nb": "Språk", "en": "Language"},
    "lang.nb": {"nb": "Norsk", "en": "Norsk"},
    "lang.en": {"nb": "English", "en": "English"},
    "error.unexpected": {
        "nb": "En uventet feil oppstod. Prøv igjen, eller kontakt den som drifter tjenesten.",
        "en": "An unexpected error occurred. Try again, or contact whoever runs the service.",
    },
    "logged_in_as": {"nb": "Logget inn som", "en": "Logged in as"},
    "logout": {"nb": "Logg ut", "en": "Log out"},
    "status.draft": {"nb": "Utkast", "en": "Draft"},
    "status.final": {"nb": "Endelig", "en": "Final"},
    "status.signed": {"nb": "Signert", "en": "Signed"},
    "status.terminated": {"nb": "Avsluttet", "en": "Terminated"},
    "status.review": {"nb": "Til gjennomgang", "en": "In review"},
    "status.published": {"nb": "Publisert", "en": "Published"},
    "status.retired": {"nb": "Trukket tilbake", "en": "Retired"},
    "dl.pdf": {"nb": "Last ned PDF/A (for signering)", "en": "Download PDF/A (for signing)"},
    "dl.docx": {"nb": "Last ned Word (DOCX)", "en": "Download Word (DOCX)"},
    "dl.jsonld": {"nb": "Policy som JSON-LD", "en": "Policy as JSON-LD"},
    "dl.ttl": {"nb": "Policy som Turtle", "en": "Policy as Turtle"},
    "word.agreement": {"nb": "Avtale", "en": "Agreement"},
    "word.status": {"nb": "Status", "en": "Status"},
    "word.version": {"nb": "Versjon", "en": "Version"},
    "word.parties": {"nb": "Parter", "en": "Parties"},
    "word.clause": {"nb": "Punkt", "en": "Clause"},
    "word.content_hash": {"nb": "Innholdshash", "en": "Content hash"},
}
