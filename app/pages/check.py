"""Sjekk bruk: is a planned use permitted? Ja / Nei / Ja, hvis … with the clauses that decide it.

The policy comes from ``engine.services.sources.PolicySource`` (the registry, one of our PDFs — verified —
or any ODRL policy or agreement JSON); the form is the plain-words catalogue of ``engine.services.uses``,
and ``engine.services.check_view.answer_use`` decides and words the answer.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app import state, ui
from engine import AvtaleverkError
from engine.services.check_view import UseAnswer, answer_use
from engine.services.sources import PolicySource
from engine.services.uses import PlannedUse, catalogue, labels

SOURCES = ("registry", "pdf", "odrl")


def registry_source() -> PolicySource | None:
    rows = ui.store().list_agreements(limit=500)
    if not rows:
        st.info(ui.t("check.registry.empty"))
        return None
    by_id = {r.id: r for r in rows}
    wanted = state.take("check_agreement") or st.query_params.get("avtale")
    if wanted in by_id:
        st.session_state["check_pick"] = wanted

    choices = {
        r.id: f"{r.title}: {' – '.join(p.name for p in r.parties)} ({r.id}, {ui.status_label(r.status).lower()})"
        for r in rows
    }
    chosen = st.selectbox(ui.t("word.agreement"), list(by_id), format_func=choices.__getitem__, key="check_pick")
    return PolicySource.from_registry(ui.store(), chosen) if chosen is not None else None


def source_picker() -> PolicySource | None:
    names = {k: ui.t(f"check.source.{k}") for k in SOURCES}
    kind = st.segmented_control(
        ui.t("check.source"),
        SOURCES,
        format_func=names.__getitem__,
        default="registry",
        key="check_source",
    )
    if kind == "pdf":
        up = st.file_uploader(ui.t("check.pdf"), type=["pdf"], key="check_pdf", help=ui.t("check.pdf.help"))
        return PolicySource.from_pdf(up.getvalue()) if up is not None else None
    if kind == "odrl":
        up = st.file_uploader(
            ui.t("check.odrl"), type=["jsonld", "json", "ttl"], key="check_odrl", help=ui.t("check.odrl.help")
        )
        return PolicySource.from_bytes(up.getvalue(), name=up.name) if up is not None else None
    return registry_source()


def _select(field: str, key: str, label_key: str, help_text: str | None = None) -> str:
    options = labels(field, state.lang())
    return str(
        st.selectbox(ui.t(label_key), list(options), format_func=options.__getitem__, key=key, help=help_text)
    )


def use_form() -> PlannedUse | None:
    lang = state.lang()
    with st.form("use_form", border=True):
        st.markdown(f"**{ui.t('check.form.title')}**")
        what_help = "\n".join(f"- **{o.label(lang)}**: {o.help(lang)}" for o in catalogue("what") if o.help(lang))
        what = _select("what", "use_what", "check.form.what", what_help)
        why = _select("why", "use_why", "check.form.why", ui.t("check.form.why.help"))
        who_labels = labels("who", lang)
        who = st.radio(
            ui.t("check.form.who"), list(who_labels), format_func=who_labels.__getitem__, key="use_who"
        )
        to = _select("to", "use_to", "check.form.to", ui.t("check.form.to.help"))
        where = _select("where", "use_where", "check.form.where")
        when = st.date_input(ui.t("check.form.when"), value=dt.date.today(), key="use_when", format="DD.MM.YYYY")
        submitted = st.form_submit_button(ui.t("check.form.submit"), type="primary", icon=":material/rule:")
    if not submitted:
        return None
    return PlannedUse(what=what, why=why, who=str(who), where=where, when=when, to=to)


def show_answer(answer: UseAnswer) -> None:
    st.html(
        f"<div class='av-answer av-{ui.escape(answer.verdict)}' role='status'>"
        f"<h2>{ui.escape(answer.headline)}</h2><p>{ui.escape(answer.explanation)}</p></div>"
    )
    if answer.questions:
        st.markdown(f"**{ui.t('check.questions')}**")
        for q in answer.questions:
            st.info(q, icon=":material/help:")
    if answer.duties:
        st.markdown(f"**{ui.t('check.duties')}**")
        st.markdown("\n".join(f"- {ui.escape(d)}" for d in answer.duties))
    if answer.clauses:
        st.markdown(f"**{ui.t('check.clauses')}**")
        for c in answer.clauses:
            reason = f"<br><span class='av-muted'>{ui.escape(c.reason)}</span>" if c.reason else ""
            body = f"<br>{ui.escape(c.text)}" if c.text else ""
            st.html(
                f"<div class='av-clause'><span class='num'>{ui.escape(c.heading)}</span>"
                f"<span class='av-muted'>({ui.escape(c.kind_label)})</span>{body}{reason}</div>"
            )
    with st.expander(ui.t("check.report")):
        turtle = answer.turtle()
        st.download_button(
            ui.t("check.report.download"),
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
    st.title(ui.t("check.title"))
    st.markdown(ui.t("check.intro"))
    source: PolicySource | None = None
    try:
        source = source_picker()
    except AvtaleverkError as err:
        st.error(ui.t("check.source.refused", reason=err.message))
    if source is None:
        return
    st.caption(ui.t("check.against", title=source.title))
    form_col, answer_col = st.columns([5, 6], gap="large")
    with form_col:
        use = use_form()
    if use is not None:
        state.put("check_result", (source.title, use))
    asked = state.get("check_result")
    with answer_col:
        if asked and asked[0] == source.title:
            with ui.shows_errors():
                show_answer(answer_use(source, asked[1], state.lang()))
        else:
            st.caption(ui.t("check.placeholder"))


ui.run_safely(page)
