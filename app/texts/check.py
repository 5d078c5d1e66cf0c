"""«Sjekk bruk»: the check page's words (the form's options and the answer come from ``engine.services``)."""

from __future__ import annotations

from engine import Texts

TEXTS: Texts = {
    "check.title": {"nb": "Er bruken tillatt?", "en": "Is the use permitted?"},
    "check.intro": {
        "nb": "Velg avtalen, beskriv bruken med vanlige ord, og få svar med punktene i avtalen som avgjør det.",
        "en": "Pick the agreement, describe the use in plain words, and get an answer with the clauses that decide it.",
    },
    "check.source": {"nb": "Hvilken avtale gjelder det?", "en": "Which agreement is it about?"},
    "check.source.registry": {"nb": "Avtale i registeret", "en": "Agreement in the registry"},
    "check.source.pdf": {"nb": "Last opp en avtale-PDF", "en": "Upload an agreement PDF"},
    "check.source.odrl": {"nb": "Last opp en ODRL-policy", "en": "Upload an ODRL policy"},
    "check.source.refused": {"nb": "Kan ikke bruke denne kilden: {reason}", "en": "Cannot use this source: {reason}"},
    "check.registry.empty": {
        "nb": "Registeret er tomt. Lag en avtale under «Ny avtale», eller last opp en PDF eller policy.",
        "en": "The registry is empty. Create an agreement under “New agreement”, or upload a PDF or policy.",
    },
    "check.pdf": {"nb": "PDF laget med Avtaleverk", "en": "PDF made with Avtaleverk"},
    "check.pdf.help": {
        "nb": "Policyen som ligger inne i PDF-en brukes. Er filen endret, avvises den.",
        "en": "The policy embedded in the PDF is used. An altered file is refused.",
    },
    "check.odrl": {"nb": "ODRL-policy (JSON-LD eller Turtle)", "en": "ODRL policy (JSON-LD or Turtle)"},
    "check.odrl.help": {
        "nb": "En policy fra hvor som helst, for eksempel fra en dataportal – eller en avtale lagret som JSON.",
        "en": "A policy from anywhere, for example from a data portal – or an agreement saved as JSON.",
    },
    "check.against": {"nb": "Sjekker mot: {title}", "en": "Checking against: {title}"},
    "check.form.title": {"nb": "Beskriv den planlagte bruken", "en": "Describe the planned use"},
    "check.form.what": {"nb": "Hva skal gjøres med dataene?", "en": "What will be done with the data?"},
    "check.form.why": {"nb": "Hvorfor – hva er formålet?", "en": "Why – what is the purpose?"},
    "check.form.why.help": {
        "nb": "Formålene er standardbegreper fra W3C DPV.",
        "en": "The purposes are standard terms from W3C DPV.",
    },
    "check.form.who": {"nb": "Hvem skal bruke dataene?", "en": "Who will use the data?"},
    "check.form.to": {
        "nb": "Hvem får dataene, hvis de deles eller selges?",
        "en": "Who gets the data, if it is shared or sold?",
    },
    "check.form.to.help": {
        "nb": "Brukes bare når bruken er å dele eller selge dataene.",
        "en": "Only used when the use is sharing or selling.",
    },
    "check.form.where": {"nb": "Hvor skal dataene brukes?", "en": "Where will the data be used?"},
    "check.form.when": {"nb": "Når?", "en": "When?"},
    "check.form.submit": {"nb": "Sjekk", "en": "Check"},
    "check.placeholder": {
        "nb": "Svaret kommer her: Ja, Nei eller Ja, hvis …, med punktene i avtalen som avgjør det.",
        "en": "The answer appears here: Yes, No or Yes, if …, with the clauses that decide it.",
    },
    "check.questions": {"nb": "Dette må avklares", "en": "To be clarified"},
    "check.duties": {"nb": "Plikter som følger med", "en": "Duties that come with it"},
    "check.clauses": {"nb": "Punktene som avgjør", "en": "The clauses that decide"},
    "check.report": {
        "nb": "Vis samsvarsrapporten (ODRL / FORCE)",
        "en": "Show the compliance report (ODRL / FORCE)",
    },
    "check.report.download": {"nb": "Last ned rapporten (Turtle)", "en": "Download the report (Turtle)"},
}
