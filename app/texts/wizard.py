"""«Ny avtale»: the wizard's words (the questions themselves come from the agreement type)."""

from __future__ import annotations

from engine import Texts

TEXTS: Texts = {
    "wizard.title": {"nb": "Ny avtale", "en": "New agreement"},
    "wizard.start.title": {"nb": "Lag en datadelingsavtale", "en": "Create a data-sharing agreement"},
    "wizard.start.intro": {
        "nb": "Svar på spørsmålene, så tar avtalen form ved siden av. Du får en signeringsklar PDF, en Word-fil "
        "og en maskinlesbar policy som kan sjekkes automatisk. Alt lagres underveis.",
        "en": "Answer the questions and watch the agreement take shape beside them. You get a PDF ready for "
        "signing, a Word file and a machine-readable policy that can be checked automatically. "
        "Everything is saved as you go.",
    },
    "wizard.start.type": {"nb": "Avtaletype", "en": "Agreement type"},
    "wizard.start.lang": {"nb": "Avtalespråk", "en": "Language of the agreement"},
    "wizard.start.button": {"nb": "Start", "en": "Start"},
    "wizard.doc_lang.nb": {"nb": "Norsk (bokmål)", "en": "Norsk (bokmål)"},
    "wizard.doc_lang.en": {"nb": "English", "en": "English"},
    "wizard.resume.title": {"nb": "Fortsett et lagret utkast", "en": "Continue a saved draft"},
    "wizard.resume.code": {"nb": "Lenke eller kode", "en": "Link or code"},
    "wizard.resume.help": {
        "nb": "Lim inn lenken du fikk under «Fortsett senere».",
        "en": "Paste the link you got under “Continue later”.",
    },
    "wizard.resume.button": {"nb": "Fortsett", "en": "Continue"},
    "wizard.resume.not_found": {
        "nb": "Fant ikke utkastet. Lenken kan være feil eller utløpt (utkast lagres i 30 dager).",
        "en": "Draft not found. The link may be wrong or expired (drafts are kept for 30 days).",
    },
    "wizard.progress": {"nb": "Steg {step} av {steps}", "en": "Step {step} of {steps}"},
    "wizard.steps": {"nb": "Steg", "en": "Steps"},
    "wizard.saved": {
        "nb": ":material/cloud_done: Lagret automatisk. [Fortsett senere]({link}) – ta vare på lenken, "
        "den gjelder i 30 dager.",
        "en": ":material/cloud_done: Saved automatically. [Continue later]({link}) – keep the link; "
        "it works for 30 days.",
    },
    "wizard.copy_link": {"nb": "Kopier lenken", "en": "Copy the link"},
    "wizard.preview": {"nb": "Forhåndsvisning", "en": "Preview"},
    "wizard.optional": {"nb": "(valgfritt)", "en": "(optional)"},
    "wizard.choose": {"nb": "Velg …", "en": "Choose …"},
    "wizard.choose_many": {"nb": "Velg ett eller flere", "en": "Choose one or more"},
    "wizard.party.name": {"nb": "Navn", "en": "Name"},
    "wizard.party.orgnr": {"nb": "Organisasjonsnummer", "en": "Organisation number"},
    "wizard.party.address": {"nb": "Adresse", "en": "Address"},
    "wizard.party.contact_name": {"nb": "Kontaktperson", "en": "Contact person"},
    "wizard.party.contact_email": {"nb": "Kontaktpersonens e-post", "en": "Contact e-mail"},
    "wizard.party.signatory_name": {"nb": "Signatar (navn)", "en": "Signatory (name)"},
    "wizard.party.signatory_role": {"nb": "Signatarens stilling", "en": "Signatory's title"},
    "wizard.back": {"nb": "Tilbake", "en": "Back"},
    "wizard.next": {"nb": "Neste", "en": "Next"},
    "wizard.to_review": {"nb": "Til gjennomgang", "en": "To review"},
    "wizard.fix_red": {
        "nb": "Rett svarene som er merket med rødt før du går videre.",
        "en": "Correct the answers marked in red before you go on.",
    },
    "wizard.review": {"nb": "Gjennomgang", "en": "Review"},
    "wizard.review.missing": {
        "nb": "{count} svar mangler eller må rettes før avtalen kan fullføres.",
        "en": "{count} answer(s) are missing or must be corrected before the agreement can be finished.",
    },
    "wizard.edit": {"nb": "Endre", "en": "Edit"},
    "wizard.summary.title": {
        "nb": "Kort fortalt: hva mottakeren kan og må",
        "en": "In short: what the recipient may and must do",
    },
    "wizard.summary.may": {"nb": "Dette kan mottakeren", "en": "The recipient may"},
    "wizard.summary.may_not": {"nb": "Dette kan mottakeren ikke", "en": "The recipient may not"},
    "wizard.summary.must": {"nb": "Dette må mottakeren", "en": "The recipient must"},
    "wizard.summary.cite": {"nb": "pkt. {number}", "en": "cl. {number}"},
    "wizard.summary.note": {
        "nb": "Oppsummeringen er laget fra avtalens maskinlesbare policy. Ved motstrid gjelder avtaleteksten.",
        "en": "The summary is made from the agreement's machine-readable policy. The agreement text prevails.",
    },
    "wizard.fairness.title": {"nb": "Rimelighetssjekk", "en": "Fairness check"},
    "wizard.fairness.none": {"nb": "Ingen vilkår er flagget som urimelige.", "en": "No terms are flagged as unfair."},
    "wizard.finish": {"nb": "Fullfør og lagre avtalen", "en": "Finish and save the agreement"},
    "wizard.finishing": {"nb": "Lager avtalen og PDF-en …", "en": "Making the agreement and the PDF …"},
    "wizard.done.stored": {
        "nb": "Avtalen er lagret i registeret som endelig.",
        "en": "The agreement is stored in the registry as final.",
    },
    "wizard.done.hash": {"nb": "Innholdshash (SHA-256)", "en": "Content hash (SHA-256)"},
    "wizard.done.which": {
        "nb": "PDF/A-filen er den som skal signeres. Word-filen er en lesekopi med samme tekst og nummerering.",
        "en": "The PDF/A file is the one to sign. The Word file is a reading copy with the same text and numbering.",
    },
    "wizard.done.check": {"nb": "Sjekk en planlagt bruk", "en": "Check a planned use"},
    "wizard.done.again": {"nb": "Lag en ny avtale", "en": "Create another agreement"},
}
