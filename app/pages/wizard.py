"""Ny avtale: one step per question group, a live preview beside it, autosave, review and finish.

Widgets are generated from the question types (``app.widgets``); which questions show, what is wrong
with an answer, the preview, the review, drafts and «Fullfør» are ``engine.services.wizard`` and
``engine.services.agreements``.
"""

from __future__ import annotations

import copy
import datetime as dt

import streamlit as st

from app import state, ui
from app.meaning import fairness_box, rights_box
from app.state import Wizard
from app.widgets import draw, forget_widgets, pull, seed
from engine import SOURCE_LANG, AgreementType, AvtaleverkError, pick
from engine.services import wizard as wizard_service
from engine.services.agreements import finish_agreement
from engine.services.summary import fairness_view

# --------------------------------------------------------------------------- actions


def save_draft(w: Wizard, t: AgreementType) -> None:
    if w.answers != w.saved:
        wizard_service.save_draft(ui.store(), t, w.token, w.answers, w.step)
        w.saved = copy.deepcopy(w.answers)


def go_to(index: int) -> None:
    w = state.wizard()
    if w is not None:
        w.step = index


def jump() -> None:
    chosen = st.session_state.get("step_pills")
    if chosen is not None:
        go_to(int(chosen))


def go_next(t: AgreementType) -> None:
    w = state.wizard()
    if w is None:
        return
    for q in wizard_service.steps(t)[w.step].questions:
        pull(q, w)
    w.tried.add(w.step)
    if not wizard_service.step_problems(t, w.answers, w.step, state.lang(), complete=True):
        w.step += 1


def open_draft(draft: wizard_service.Draft) -> None:
    forget_widgets()
    state.set_wizard(
        Wizard(
            type_id=draft.type_id,
            lang=draft.lang,
            token=draft.token,
            answers=dict(draft.answers),
            step=draft.step,
            saved=copy.deepcopy(dict(draft.answers)),
        )
    )
    st.query_params["utkast"] = draft.token


def resume(token: str) -> bool:
    try:
        draft = wizard_service.resume_draft(ui.store(), ui.library(), token)
    except AvtaleverkError:
        st.error(ui.t("wizard.resume.not_found"))
        return False
    open_draft(draft)
    return True


def finish(t: AgreementType, w: Wizard) -> None:
    with ui.shows_errors(), st.spinner(ui.t("wizard.finishing")):
        done = finish_agreement(
            ui.store(), t, w.answers, w.lang, library=ui.library(), by=ui.actor("veiviser"), draft_token=w.token
        )
        w.done = done.record_id
        state.put("finished", done)
        st.query_params.pop("utkast", None)
        st.rerun()


# --------------------------------------------------------------------------- screens


def start_screen() -> None:
    lib = ui.library()
    lang = state.lang()
    ui.kicker(ui.t("app.title"))
    st.title(ui.t("wizard.start.title"))
    st.markdown(ui.t("wizard.start.intro"))
    types = list(lib.types.values())
    with st.container(border=True):
        chosen = st.selectbox(
            ui.t("wizard.start.type"),
            [x.id for x in types],
            format_func=lambda i: pick(lib.types[i].title, lang),
            key="start_type",
        )
        st.caption(pick(lib.types[chosen].description, lang))
        languages = list(lib.types[chosen].languages)
        doc_lang = st.radio(
            ui.t("wizard.start.lang"),
            languages,
            format_func={v: ui.t(f"wizard.doc_lang.{v}") for v in languages}.__getitem__,
            index=languages.index(lang) if lang in languages else 0,
            horizontal=True,
            key="start_lang",
        )
        if st.button(ui.t("wizard.start.button"), type="primary", key="start", icon=":material/arrow_forward:"):
            open_draft(wizard_service.start_draft(ui.store(), chosen, doc_lang))
            st.rerun()
    with st.expander(ui.t("wizard.resume.title")):
        token = st.text_input(ui.t("wizard.resume.code"), key="resume_token", help=ui.t("wizard.resume.help"))
        code = token.strip().rsplit("utkast=", 1)[-1].split("&", 1)[0]
        if st.button(ui.t("wizard.resume.button"), key="resume") and code and resume(code):
            st.rerun()


def progress(t: AgreementType, w: Wizard) -> None:
    lang = state.lang()
    titles = [pick(s.group.title, lang) for s in wizard_service.steps(t)] + [ui.t("wizard.review")]
    n = len(titles)
    st.progress((w.step + 1) / n, text=ui.t("wizard.progress", step=w.step + 1, steps=n))
    st.session_state["step_pills"] = w.step
    st.pills(
        ui.t("wizard.steps"),
        list(range(n)),
        format_func=lambda i: f"{i + 1}. {titles[i]}",
        key="step_pills",
        on_change=jump,
        label_visibility="collapsed",
    )


def question_step(t: AgreementType, w: Wizard, index: int) -> None:
    lang = state.lang()
    step = wizard_service.steps(t)[index]
    for q in step.questions:
        pull(q, w)  # a widget changed in this rerun: visibility must see it
    st.subheader(pick(step.group.title, lang))
    if step.group.intro:
        st.markdown(pick(step.group.intro, lang))
    shown = wizard_service.visible_questions(t, step, w.answers)
    for q in shown:
        seed(q, w)
    problems = wizard_service.step_problems(t, w.answers, index, lang, complete=index in w.tried)
    for q in shown:
        with st.container():
            draw(q, lang, problems.get(q.id, []))
        pull(q, w)
    problems = wizard_service.step_problems(t, w.answers, index, lang, complete=index in w.tried)
    st.write("")
    back, nxt = st.columns(2)
    if index > 0:
        back.button(
            ui.t("wizard.back"), key="back", on_click=go_to, args=(index - 1,), icon=":material/arrow_back:",
            width="stretch",
        )  # fmt: skip
    last = index == len(wizard_service.steps(t)) - 1
    nxt.button(
        ui.t("wizard.to_review") if last else ui.t("wizard.next"),
        key="next",
        type="primary",
        on_click=go_next,
        args=(t,),
        icon=":material/arrow_forward:",
        icon_position="right",
        width="stretch",
    )
    if index in w.tried and problems:
        st.warning(ui.t("wizard.fix_red"))


def answers_overview(t: AgreementType, w: Wizard, problems: dict[str, list[AvtaleverkError]]) -> None:
    lang = state.lang()
    for i, step in enumerate(wizard_service.steps(t)):
        with st.container(border=True):
            head, edit = st.columns([3, 1], vertical_alignment="center")
            head.markdown(f"**{ui.escape(pick(step.group.title, lang))}**")
            edit.button(
                ui.t("wizard.edit"), key=f"edit_{i}", on_click=go_to, args=(i,), type="tertiary",
                icon=":material/edit:", width="content",
            )  # fmt: skip
            for q in wizard_service.visible_questions(t, step, w.answers):
                value = wizard_service.answer_text(q, w.answers.get(q.id, q.default), lang)
                st.markdown(f"{ui.escape(pick(q.label, lang))}: **{ui.escape(value)}**")
                for p in problems.get(q.id, []):
                    st.markdown(f":red[{ui.escape(p.message)}]")


def review_step(t: AgreementType, w: Wizard, review: wizard_service.Review) -> None:
    st.subheader(ui.t("wizard.review"))
    if review.problems:
        st.warning(ui.t("wizard.review.missing", count=sum(map(len, review.problems.values()))))
    answers_overview(t, w, review.problems)
    rights_box(review.summary)
    fairness_box(fairness_view(review.agreement, t, state.lang()))
    st.write("")
    if st.button(
        ui.t("wizard.finish"), type="primary", disabled=not review.ready, key="finish", icon=":material/task_alt:"
    ):
        finish(t, w)


def finished_screen() -> None:
    done = state.get("finished")
    if done is None:
        state.set_wizard(None)
        st.rerun()
    agreement = done.agreement
    st.success(ui.t("wizard.done.stored"), icon=":material/task_alt:")
    ui.kicker(agreement.metadata.document_id)
    st.title(agreement.metadata.title)
    st.markdown(" · ".join(f"**{ui.escape(p.name)}** ({ui.escape(p.orgnr or '')})" for p in agreement.parties))
    ui.hash_line("wizard.done.hash", agreement.content_hash)
    ui.download_buttons(done.files, key="done")
    st.caption(ui.t("wizard.done.which"))
    a, b = st.columns(2)
    if a.button(ui.t("wizard.done.check"), key="to_check", icon=":material/rule:", width="stretch"):
        state.put("check_agreement", done.record_id)
        st.switch_page("pages/check.py")
    if b.button(ui.t("wizard.done.again"), key="again", icon=":material/add:", width="stretch"):
        state.set_wizard(None)
        state.put("finished", None)
        forget_widgets()
        st.rerun()


def resume_link(token: str) -> str:
    """The address that restores this draft: the page's own URL with ``?utkast=<token>``."""
    here = str(getattr(st.context, "url", "") or "")
    base = here.split("?", 1)[0] if here.startswith("http") else ""
    return f"{base}?utkast={token}"


def today() -> dt.datetime:
    """The preview's date: today (stable within the day, so the preview does not flicker)."""
    return dt.datetime.combine(dt.date.today(), dt.time(), tzinfo=dt.UTC)


def wizard_screen(w: Wizard) -> None:
    lib = ui.library()
    t = lib.agreement_type(w.type_id)
    in_other_lang = f" · {ui.t(f'wizard.doc_lang.{w.lang}')}" if w.lang != SOURCE_LANG else ""
    ui.kicker(pick(t.title, state.lang()) + in_other_lang)
    st.title(ui.t("wizard.title"))
    progress(t, w)
    link = resume_link(w.token)
    saved, copy_col = st.columns([3, 1], vertical_alignment="center")
    saved.caption(ui.t("wizard.saved", link=link))
    with copy_col.popover(ui.t("wizard.copy_link"), icon=":material/link:", width="stretch"):
        st.code(link, language=None, wrap_lines=True)
    left, right = st.columns([5, 4], gap="large")
    with left:
        if w.step < len(wizard_service.steps(t)):
            question_step(t, w, w.step)
            agreement = None
        else:
            review = wizard_service.review(t, w.answers, w.lang, state.lang(), library=lib, created_at=today())
            agreement = review.agreement
            review_step(t, w, review)
    save_draft(w, t)
    with right:
        st.markdown(f"**{ui.t('wizard.preview')}**")
        if agreement is None:
            agreement = wizard_service.preview(t, w.answers, w.lang, library=lib, created_at=today())
        ui.preview(agreement)


def page() -> None:
    w = state.wizard()
    token = st.query_params.get("utkast")
    if token and (w is None or w.token != token) and not resume(token):
        st.query_params.pop("utkast", None)
    w = state.wizard()
    if w is None:
        start_screen()
    elif w.done:
        finished_screen()
    else:
        wizard_screen(w)


ui.run_safely(page)
