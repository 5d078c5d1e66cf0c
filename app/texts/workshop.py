"""«Klausulverksted»: the clause workshop's words."""

from __future__ import annotations

from engine import Texts

TEXTS: Texts = {
    "workshop.login.intro": {
        "nb": "Klausulverkstedet er for juridiske rådgivere. Logg inn med kontoen din i registeret.",
        "en": "The clause workshop is for legal advisors. Log in with your registry account.",
    },
    "workshop.login.username": {"nb": "Brukernavn", "en": "Username"},
    "workshop.login.password": {"nb": "Passord", "en": "Password"},
    "workshop.login.button": {"nb": "Logg inn", "en": "Log in"},
    "workshop.login.refused.credentials": {"nb": "Feil brukernavn eller passord.", "en": "Wrong username or password."},
    "workshop.login.refused.role": {
        "nb": "Kontoen har ikke rollen juridisk rådgiver og har ikke tilgang til klausulverkstedet.",
        "en": "This account does not have the legal advisor role and cannot use the clause workshop.",
    },
    "workshop.no_longer": {"nb": "Kontoen din har ikke lenger tilgang.", "en": "Your account no longer has access."},
    "workshop.empty": {"nb": "Ingen klausuler i registeret ennå.", "en": "No clauses in the registry yet."},
    "workshop.all": {"nb": "Alle klausuler", "en": "All clauses"},
    "workshop.clause": {"nb": "Klausul", "en": "Clause"},
    "workshop.changed_by": {"nb": "Sist endret av", "en": "Last changed by"},
    "workshop.change_note": {"nb": "Endringsnotat", "en": "Change note"},
    "workshop.change_note.help": {
        "nb": "Hva er endret, og hvorfor? Vises for den som godkjenner.",
        "en": "What changed, and why? Shown to the approver.",
    },
    "workshop.published_note": {
        "nb": "Dette er en publisert versjon. Endringer lagres som en ny versjon (utkast).",
        "en": "This is a published version. Changes are saved as a new version (draft).",
    },
    "workshop.review_note": {
        "nb": "Versjonen er til gjennomgang og kan ikke endres. Send den tilbake for å endre den.",
        "en": "This version is in review and cannot be changed. Send it back to change it.",
    },
    "workshop.field.title_nb": {"nb": "Tittel (bokmål)", "en": "Title (bokmål)"},
    "workshop.field.title_en": {"nb": "Tittel (engelsk)", "en": "Title (English)"},
    "workshop.field.body_nb": {"nb": "Tekst (bokmål)", "en": "Text (bokmål)"},
    "workshop.field.body_en": {"nb": "Tekst (engelsk)", "en": "Text (English)"},
    "workshop.field.body.help": {
        "nb": "Markdown og Jinja: {{ svar }}, {% if … %}, ref('klausul').",
        "en": "Markdown and Jinja: {{ answer }}, {% if … %}, ref('clause').",
    },
    "workshop.field.parameters": {
        "nb": "Parametere (spørsmål teksten bruker)",
        "en": "Parameters (questions the text uses)",
    },
    "workshop.field.parameters.help": {"nb": "Kommaseparert.", "en": "Comma-separated."},
    "workshop.field.include_if": {"nb": "Tas med når (include_if)", "en": "Included when (include_if)"},
    "workshop.field.include_if.help": {
        "nb": "Tomt: alltid med. Eksempel: commercial_use != 'not_allowed'",
        "en": "Empty: always included. Example: commercial_use != 'not_allowed'",
    },
    "workshop.field.policy": {"nb": "ODRL-betydning (policy, YAML)", "en": "ODRL meaning (policy, YAML)"},
    "workshop.field.examples": {"nb": "Eksempler (YAML)", "en": "Examples (YAML)"},
    "workshop.field.note": {"nb": "Merknad til rådgivere (note)", "en": "Note for advisors"},
    "workshop.field.new_version": {"nb": "Ny versjon", "en": "New version"},
    "workshop.saved.new": {
        "nb": "Lagret som ny versjon {version} (utkast).",
        "en": "Saved as new version {version} (draft).",
    },
    "workshop.saved.draft": {"nb": "Utkastet er lagret.", "en": "The draft is saved."},
    "workshop.saved.conflict": {
        "nb": "{by} lagret denne versjonen før deg. Last siden på nytt og før inn endringene dine.",
        "en": "{by} saved this version before you. Reload and re-apply your changes.",
    },
    "workshop.author": {"nb": "forfatter", "en": "author"},
    "workshop.edited_by": {"nb": "redigert av", "en": "edited by"},
    "workshop.approved_by": {"nb": "godkjent av", "en": "approved by"},
    "workshop.examples_must_pass": {
        "nb": "Eksemplene må gå gjennom før utkastet kan sendes til gjennomgang: {names}",
        "en": "The examples must pass before the draft can be submitted for review: {names}",
    },
    "workshop.submit": {"nb": "Send til gjennomgang", "en": "Submit for review"},
    "workshop.submitted": {
        "nb": "Sendt til gjennomgang. En annen rådgiver må godkjenne.",
        "en": "Submitted for review. Another advisor must approve.",
    },
    "workshop.publish_note": {"nb": "Endringsnotat som publiseres", "en": "Change note to publish"},
    "workshop.publish_note.help": {
        "nb": "Hva er endret og hvorfor – vises sammen med versjonen.",
        "en": "What changed and why – shown with the version.",
    },
    "workshop.approve": {"nb": "Godkjenn og publiser", "en": "Approve and publish"},
    "workshop.published": {"nb": "Versjon {version} er publisert.", "en": "Version {version} is published."},
    "workshop.send_back": {"nb": "Send tilbake", "en": "Send back"},
    "workshop.four_eyes": {
        "nb": "Du kan ikke godkjenne en endring du selv har skrevet eller redigert. "
        "En annen rådgiver må godkjenne den.",
        "en": "You cannot approve a change you wrote or edited. Another advisor must approve it.",
    },
    "workshop.no_examples": {"nb": "Klausulen har ingen eksempler.", "en": "The clause has no examples."},
    "workshop.not_included": {
        "nb": "Klausulen er ikke med i avtalen med disse svarene.",
        "en": "The clause is not part of the agreement with these answers.",
    },
    "workshop.diff.nothing": {
        "nb": "Ingen publisert versjon å sammenligne med.",
        "en": "No published version to compare with.",
    },
    "workshop.diff.same": {
        "nb": "Ingen endringer mot publisert versjon {version}.",
        "en": "No changes against published version {version}.",
    },
    "workshop.diff.published": {"nb": "Publisert {version}", "en": "Published {version}"},
    "workshop.diff.this": {"nb": "Denne versjonen", "en": "This version"},
    "workshop.unused": {
        "nb": "Ingen avtaler i registeret bruker denne klausulen ennå.",
        "en": "No agreement in the registry uses this clause yet.",
    },
    "workshop.fix_first": {
        "nb": "Klausulen kan ikke lagres før dette er rettet:",
        "en": "Fix this before the clause can be saved:",
    },
    "workshop.save": {"nb": "Lagre utkast", "en": "Save draft"},
    "workshop.note_needed": {"nb": "Skriv et endringsnotat for å lagre.", "en": "Write a change note to save."},
    "workshop.tab.edit": {"nb": "Rediger", "en": "Edit"},
    "workshop.tab.preview": {"nb": "Forhåndsvisning og eksempler", "en": "Preview and examples"},
    "workshop.tab.diff": {"nb": "Endringer", "en": "Changes"},
    "workshop.tab.usage": {"nb": "Brukes i", "en": "Used by"},
    "workshop.fix_edit_first": {
        "nb": "Rett feilene under «Rediger» først.",
        "en": "Fix the errors under “Edit” first.",
    },
}
