"""«Avtaler»: the registry page's words."""

from __future__ import annotations

from engine import Texts

TEXTS: Texts = {
    "registry.title": {"nb": "Avtaleregisteret", "en": "The agreement registry"},
    "registry.tab.list": {"nb": "Avtaler", "en": "Agreements"},
    "registry.tab.verify": {"nb": "Verifiser en PDF", "en": "Verify a PDF"},
    "registry.search": {
        "nb": "Søk etter part (navn eller org.nr.)",
        "en": "Search for a party (name or org. no.)",
    },
    "registry.search.example": {"nb": "f.eks. Bergen kommune", "en": "e.g. Bergen kommune"},
    "registry.all": {"nb": "Alle", "en": "All"},
    "registry.created_between": {"nb": "Opprettet i perioden", "en": "Created between"},
    "registry.no_match": {"nb": "Ingen avtaler passer søket.", "en": "No agreements match the search."},
    "registry.empty": {
        "nb": "Registeret er tomt ennå. Avtaler du fullfører under «Ny avtale», havner her.",
        "en": "The registry is empty so far. Agreements you finish under “New agreement” appear here.",
    },
    "registry.document_id": {"nb": "Dokument-ID", "en": "Document ID"},
    "registry.created": {"nb": "Opprettet", "en": "Created"},
    "registry.open": {"nb": "Åpne avtale", "en": "Open agreement"},
    "registry.open.placeholder": {"nb": "Velg en avtale …", "en": "Choose an agreement …"},
    "registry.role.provider": {"nb": "Dataleverandør", "en": "Provider"},
    "registry.role.recipient": {"nb": "Mottaker", "en": "Recipient"},
    "registry.template": {
        "nb": "Avtalemal {type} v{version} · opprettet {created}",
        "en": "Template {type} v{version} · created {created}",
    },
    "registry.move.signed": {"nb": "Merk som signert", "en": "Mark as signed"},
    "registry.move.terminated": {"nb": "Avslutt avtalen", "en": "Terminate the agreement"},
    "registry.move.final": {"nb": "Gjør endelig", "en": "Make final"},
    "registry.move.draft": {"nb": "Gjør til utkast", "en": "Make a draft"},
    "registry.move.confirm": {
        "nb": "Vil du endre status fra «{old}» til «{new}»? Status kan bare gå framover, og endringen logges.",
        "en": "Change the status from “{old}” to “{new}”? Status only moves forward, and the change is logged.",
    },
    "registry.move.yes": {"nb": "Ja, endre status", "en": "Yes, change the status"},
    "registry.move.no": {"nb": "Avbryt", "en": "Cancel"},
    "registry.tab.files": {"nb": "Nedlastinger", "en": "Downloads"},
    "registry.tab.clauses": {"nb": "Klausulversjoner", "en": "Clause versions"},
    "registry.tab.history": {"nb": "Historikk", "en": "History"},
    "registry.verify.intro": {
        "nb": "Slipp en PDF her for å sjekke at den er uendret og finnes i registeret.",
        "en": "Drop a PDF here to check that it is unchanged and in the registry.",
    },
    "registry.verify.file": {"nb": "PDF som skal sjekkes", "en": "PDF to check"},
    "registry.verify.not_ours": {
        "nb": "Ukjent: PDF-en er ikke laget med Avtaleverk (den har ingen innebygd avtale).",
        "en": "Unknown: the PDF was not made by Avtaleverk (it has no embedded agreement).",
    },
    "registry.verify.unreadable": {"nb": "Filen kan ikke leses som PDF.", "en": "The file cannot be read as a PDF."},
    "registry.verify.altered": {
        "nb": "Endret: PDF-en stemmer ikke med avtalen den sier den inneholder.",
        "en": "Altered: the PDF does not match the agreement it claims to hold.",
    },
    "registry.verify.unregistered": {
        "nb": "Uendret, men ikke registrert: {id} finnes ikke i dette registeret.",
        "en": "Intact but not registered: {id} is not in this registry.",
    },
    "registry.verify.registered": {"nb": "Uendret og registrert: {id}", "en": "Intact and registered: {id}"},
}
