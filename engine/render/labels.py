"""Fixed words printed around the clause text, in every language a document can have.

An :mod:`engine.i18n` table: label id → language → text. Adding a language (nynorsk) is adding one
entry per label, never touching the layout; a missing translation follows ``engine.i18n.pick``.
"""

from __future__ import annotations

from engine.i18n import Texts, pick, text

LABELS: Texts = {
    # title block
    "document_id": {"nb": "Dokument-ID", "en": "Document ID"},
    "template": {"nb": "Avtalemal", "en": "Template"},
    "content_hash": {"nb": "Innholdshash (SHA-256)", "en": "Content hash (SHA-256)"},
    "created": {"nb": "Utarbeidet", "en": "Prepared"},
    "between": {"nb": "mellom", "en": "between"},
    "and": {"nb": "og", "en": "and"},
    # parties
    "parties": {"nb": "Parter", "en": "Parties"},
    "role.provider": {"nb": "Dataleverandør", "en": "Data provider"},
    "role.recipient": {"nb": "Mottaker", "en": "Recipient"},
    "orgnr": {"nb": "Org.nr.", "en": "Org. no."},
    "address": {"nb": "Adresse", "en": "Address"},
    "contact": {"nb": "Kontaktperson", "en": "Contact"},
    "hereafter": {"nb": "heretter kalt", "en": "hereinafter"},
    # rights summary
    "summary": {"nb": "Kort fortalt", "en": "In short"},
    "summary.note": {
        "nb": "Oppsummeringen er en hjelp til å lese avtalen. Ved motstrid gjelder avtaleteksten.",
        "en": "This summary is a reading aid. If it conflicts with the agreement text, the text prevails.",
    },
    "summary.may": {"nb": "Dette kan mottakeren", "en": "The recipient may"},
    "summary.may_not": {"nb": "Dette kan mottakeren ikke", "en": "The recipient may not"},
    "summary.must": {"nb": "Dette må mottakeren", "en": "The recipient must"},
    "summary.clause": {"nb": "pkt.", "en": "cl."},
    "summary.none": {"nb": "—", "en": "—"},
    # body
    "contents": {"nb": "Avtalevilkår", "en": "Terms"},
    "annex": {"nb": "Vedlegg", "en": "Annex"},
    "annexes": {"nb": "Vedlegg", "en": "Annexes"},
    # signatures
    "signatures": {"nb": "Underskrifter", "en": "Signatures"},
    "signatures.intro": {
        "nb": "Avtalen signeres av personer med fullmakt til å forplikte partene. "
        "Hver part beholder ett signert eksemplar, eller avtalen signeres elektronisk.",
        "en": "The agreement is signed by persons authorised to bind the parties. "
        "Each party keeps one signed copy, or the agreement is signed electronically.",
    },
    "for": {"nb": "For", "en": "For"},
    "place": {"nb": "Sted", "en": "Place"},
    "date": {"nb": "Dato", "en": "Date"},
    "signature": {"nb": "Underskrift", "en": "Signature"},
    "name": {"nb": "Navn", "en": "Name"},
    "role": {"nb": "Stilling", "en": "Title"},
    # footer
    "page": {"nb": "Side", "en": "Page"},
    "of": {"nb": "av", "en": "of"},
    # PDF metadata
    "subject": {
        "nb": "Datadelingsavtale utarbeidet med Avtaleverk",
        "en": "Data-sharing agreement prepared with Avtaleverk",
    },
}


def label(key: str, lang: str) -> str:
    """The label ``key`` in ``lang`` (bokmål when there is no translation)."""
    return text(LABELS, key, lang)


def labels_for(lang: str) -> dict[str, str]:
    """Every label in ``lang``: what the page template sees as ``L``."""
    return {key: pick(texts, lang) for key, texts in LABELS.items()}
