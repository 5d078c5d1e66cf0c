"""Sjekk bruk: is a planned use permitted? Ja / Nei / Ja, hvis … with the clauses that decide it.

The policy comes from the registry, one of our PDFs or any ODRL policy; the plain-words form is
``engine.services.usecheck``'s catalogue, and ``engine.services.usecheck.check_use`` decides.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app import state, ui
from engine import AvtaleverkError
from engine.services.usecheck import PlannedUse, PolicySource, UseAnswer, catalogue, check_use, labels

SOURCES = ("registry", "pdf", "odrl")


def source_picker() -> PolicySource | None:
    names = {
        "registry": ui.tr("Avtale i registeret", "Agreement in the registry"),
        "pdf": ui.tr("Last opp en avtale-PDF", "Upload an agreement PDF"),
        "odrl": ui.tr("Last opp en ODRL-policy", "Upload an ODRL policy"),
    }
    kind = st.segmented_control(
        ui.tr("Hvilken avtale gjelder det?", "Which agreement is it about?"),
        SOURCES,
        format_func=names.__getitem__,
        default="registry",
        key="check_source",
    )
    if kind == "pdf":
        up = st.file_uploader(
            ui.tr("PDF laget med Avtaleverk", "PDF made with Avtaleverk"),
            type=["pdf"],
            key="check_pdf",
            help=ui.tr(
                "Policyen som ligger inne i PDF-en brukes. Er filen endret, avvises den.",
                "The policy embedded in the PDF is used. An altered file is refused.",
            ),
        )
        return PolicySource.from_pdf(up.getvalue()) if up is not None else None
    if kind == "odrl":
        up = st.file_uploader(
            ui.tr("ODRL-policy (JSON-LD eller Turtle)", "ODRL policy (JSON-LD or Turtle)"),
            type=["jsonld", "json", "ttl"],
            key="check_odrl",
            help=ui.tr(
                "En policy fra hvor som helst, for eksempel fra en dataportal.",
                "A policy from anywhere, for example from a data portal.",
            ),
        )
        return PolicySource.from_odrl(up.getvalue(), name=up.name) if up is not None else None
    rows = ui.store().list_agreements(limit=500)
    if not rows:
        st.info(
            ui.tr(
                "Registeret er tomt. Lag en avtale under «Ny avtale», eller last opp en PDF eller policy.",
                "The registry is empty. Create an agreement under “New agreement”, or upload a PDF or policy.",
            )
        )
        return None
    ids = [r.id for r in rows]
    by_id = {r.id: r for r in rows}
    wanted = st.session_state.pop("check_agreement", None) or st.query_params.get("avtale")
    if wanted in by_id:
        st.session_state["check_pick"] = wanted

    def label(i: str) -> str:
        r = by_id[i]
        names = " – ".join(p.name for p in r.parties)
        return f"{r.title}: {names} ({r.id}, {ui.status_label(r.status).lower()})"

    chosen = st.selectbox(ui.tr("Avtale", "Agreement"), ids, format_func=label, key="check_pick")
    if chosen is None:
        return None
    record = ui.store().get_agreement(chosen)
    return PolicySource.from_agreement(record.agreement)


def use_form() -> PlannedUse | None:
    lang = state.lang()
    with st.form("use_form", border=True):
        st.markdown(f"**{ui.tr('Beskriv den planlagte bruken', 'Describe the planned use')}**")
        what_help = "\n".join(f"- **{o.text(lang)}**: {o.help[lang]}" for o in catalogue("what") if o.help)
        c1 = c2 = c3 = c4 = c5 = st
        what_labels = labels("what", lang)
        why_labels = labels("why", lang)
        who_labels = labels("who", lang)
        where_labels = labels("where", lang)
        to_labels = labels("to", lang)
        what = c1.selectbox(
            ui.tr("Hva skal gjøres med dataene?", "What will be done with the data?"),
            list(what_labels),
            format_func=what_labels.__getitem__,
            key="use_what",
            help=what_help,
        )
        why = c2.selectbox(
            ui.tr("Hvorfor – hva er formålet?", "Why – what is the purpose?"),
            list(why_labels),
            format_func=why_labels.__getitem__,
            key="use_why",
            help=ui.tr("Formålene er standardbegreper fra W3C DPV.", "The purposes are standard terms from W3C DPV."),
        )
        who = c3.radio(
            ui.tr("Hvem skal bruke dataene?", "Who will use the data?"),
            list(who_labels),
            format_func=who_labels.__getitem__,
            key="use_who",
        )
        to = c3.selectbox(
            ui.tr("Hvem får dataene, hvis de deles eller selges?", "Who gets the data, if it is shared or sold?"),
            list(to_labels),
            format_func=to_labels.__getitem__,
            key="use_to",
            help=ui.tr(
                "Brukes bare når bruken er å dele eller selge dataene.", "Only used when the use is sharing or selling."
            ),
        )
        where = c4.selectbox(
            ui.tr("Hvor skal dataene brukes?", "Where will the data be used?"),
            list(where_labels),
            format_func=where_labels.__getitem__,
            key="use_where",
        )
        when = c5.date_input(ui.tr("Når?", "When?"), value=dt.date.today(), key="use_when", format="DD.MM.YYYY")
        submitted = st.form_submit_button(ui.tr("Sjekk", "Check"), type="primary", icon=":material/rule:")
    if not submitted:
        return None
    return PlannedUse(what=what, why=why, who=who, where=where, when=when, to=to)


def show_answer(result: UseAnswer) -> None:
    st.html(
        f"<div class='av-answer av-{ui.escape(result.answer)}' role='status'>"
        f"<h2>{ui.escape(result.headline)}</h2><p>{ui.escape(result.explanation)}</p></div>"
    )
    if result.questions:
        st.markdown(f"**{ui.tr('Dette må avklares', 'To be clarified')}**")
        for q in result.questions:
            st.info(q, icon=":material/help:")
    if result.duties:
        st.markdown(f"**{ui.tr('Plikter som følger med', 'Duties that come with it')}**")
        st.markdown("\n".join(f"- {ui.escape(d)}" for d in result.duties))
    if result.clauses:
        st.markdown(f"**{ui.tr('Punktene som avgjør', 'The clauses that decide')}**")
        for c in result.clauses:
            kind = {"permission": ui.tr("tillater", "permits"), "prohibition": ui.tr("forbyr", "prohibits")}.get(
                c.kind, c.kind
            )
            title = f"{ui.tr('Punkt', 'Clause')} {c.number} {c.title}".strip() if c.number else c.title
            reason = f"<br><span class='av-muted'>{ui.escape(c.reason)}</span>" if c.reason else ""
            text = f"<br>{ui.escape(c.text)}" if c.text else ""
            st.html(
                f"<div class='av-clause'><span class='num'>{ui.escape(title)}</span>"
                f"<span class='av-muted'>({ui.escape(kind)})</span>{text}{reason}</div>"
            )
    with st.expander(ui.tr("Vis samsvarsrapporten (ODRL / FORCE)", "Show the compliance report (ODRL / FORCE)")):
        turtle = result.turtle()
        st.download_button(
            ui.tr("Last ned rapporten (Turtle)", "Download the report (Turtle)"),
            data=turtle,
            file_name="samsvarsrapport.ttl",
            mime="text/turtle",
            key="report_ttl",
            icon=":material/download:",
            on_click="ignore",
        )
        st.code(turtle, language="turtle")


def page() -> None:
    ui.kicker(ui.t("app.title"))
    st.title(ui.tr("Er bruken tillatt?", "Is the use permitted?"))
    st.markdown(
        ui.tr(
            "Velg avtalen, beskriv bruken med vanlige ord, og få svar med punktene i avtalen som avgjør det.",
            "Pick the agreement, describe the use in plain words, and get an answer with the clauses that decide it.",
        )
    )
    source: PolicySource | None = None
    try:
        source = source_picker()
    except AvtaleverkError as err:
        st.error(ui.tr("Kan ikke bruke denne kilden: ", "Cannot use this source: ") + err.message)
    if source is None:
        return
    st.caption(ui.tr("Sjekker mot: ", "Checking against: ") + source.title)
    form_col, answer_col = st.columns([5, 6], gap="large")
    with form_col:
        use = use_form()
    if use is not None:
        st.session_state["check_result"] = (source.title, use)
    stored = st.session_state.get("check_result")
    with answer_col:
        if stored and stored[0] == source.title:
            with ui.shows_errors():
                show_answer(check_use(source, stored[1], state.lang()))
        else:
            st.caption(
                ui.tr(
                    "Svaret kommer her: Ja, Nei eller Ja, hvis …, med punktene i avtalen som avgjør det.",
                    "The answer appears here: Yes, No or Yes, if …, with the clauses that decide it.",
                )
            )


ui.run_safely(page)
