"""Ny avtale: one step per question group, a live preview beside it, autosave, review and finish.

Widgets are generated from the question types; which questions show, what is wrong with an answer
and what the agreement says all come from ``engine`` (``engine.services.wizard``, ``compose``, ``render``).
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
from typing import Any

import streamlit as st

from app import state, ui
from app.state import Wizard
from engine import AgreementType, AvtaleverkError, Question, QuestionType, compose, pick
from engine.core.answers import answer_text
from engine.services.wizard import preview, problems_by_question, steps, visible_questions

PARTY_FIELDS: tuple[tuple[str, dict[str, str]], ...] = (
    ("name", {"nb": "Navn", "en": "Name"}),
    ("orgnr", {"nb": "Organisasjonsnummer", "en": "Organisation number"}),
    ("address", {"nb": "Adresse", "en": "Address"}),
    ("contact_name", {"nb": "Kontaktperson", "en": "Contact person"}),
    ("contact_email", {"nb": "Kontaktpersonens e-post", "en": "Contact e-mail"}),
    ("signatory_name", {"nb": "Signatar (navn)", "en": "Signatory (name)"}),
    ("signatory_role", {"nb": "Signatarens stilling", "en": "Signatory's title"}),
)
CHOICE_AS_RADIO = 4  # up to this many options: radio buttons; more: a select box


def key_of(qid: str, sub: str | None = None) -> str:
    return f"q__{qid}__{sub}" if sub else f"q__{qid}"


# --------------------------------------------------------------------------- widget values <-> answers


def _to_widget(q: Question, value: Any) -> Any:
    t = q.type
    if t is QuestionType.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value)[:10]) if value else None
        except ValueError:
            return None
    if t is QuestionType.bool:
        return bool(value)
    if t is QuestionType.multi_choice:
        allowed = {o.value for o in q.options}
        return [v for v in (value or []) if v in allowed]
    if t is QuestionType.choice:
        return value if q.option(str(value)) else None
    if t in (QuestionType.integer, QuestionType.percentage, QuestionType.money):
        try:
            return None if value in (None, "") else (int(value) if t is QuestionType.integer else float(value))
        except (TypeError, ValueError):
            return None
    return "" if value is None else str(value)


def _from_widget(q: Question, value: Any) -> Any:
    t = q.type
    if t is QuestionType.date:
        return value.isoformat() if isinstance(value, dt.date) else None
    if t in (QuestionType.percentage, QuestionType.money) and isinstance(value, float):
        return int(value) if value.is_integer() else value
    if t is QuestionType.integer and isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        return value.strip() or None
    return value


def seed(q: Question, w: Wizard) -> None:
    """Put the stored answer into the widget's state before the widget is drawn."""
    value = w.answers.get(q.id, q.default)
    if q.type is QuestionType.party:
        stored = value if isinstance(value, dict) else {}
        for name, _ in PARTY_FIELDS:
            k = key_of(q.id, name)
            if k not in st.session_state:
                st.session_state[k] = str(stored.get(name) or "")
        return
    k = key_of(q.id)
    if k not in st.session_state:
        st.session_state[k] = _to_widget(q, value)


def pull(q: Question, w: Wizard) -> None:
    """Copy the widget's value (if drawn) into the answers."""
    if q.type is QuestionType.party:
        keys = {name: key_of(q.id, name) for name, _ in PARTY_FIELDS}
        if not any(k in st.session_state for k in keys.values()):
            return
        party = {n: str(st.session_state.get(k) or "").strip() for n, k in keys.items()}
        party = {n: v for n, v in party.items() if v}
        if party:
            w.answers[q.id] = party
        else:
            w.answers.pop(q.id, None)
        return
    k = key_of(q.id)
    if k not in st.session_state:
        return
    value = _from_widget(q, st.session_state[k])
    if value is None:
        w.answers.pop(q.id, None)
    else:
        w.answers[q.id] = value


def forget_widgets() -> None:
    for k in [k for k in st.session_state if str(k).startswith("q__")]:
        del st.session_state[k]


# --------------------------------------------------------------------------- widgets


def draw(q: Question, lang: str, problems: list[AvtaleverkError]) -> None:
    label = pick(q.label, lang)
    if not q.required:
        label += " " + ui.tr("(valgfritt)", "(optional)")
    help_text = pick(q.help, lang) or None
    placeholder = pick(q.placeholder, lang) if q.placeholder else None
    k = key_of(q.id)
    t = q.type
    if t is QuestionType.party:
        st.markdown(f"**{ui.escape(label)}**", help=help_text)
        fields = dict(PARTY_FIELDS)
        for row in (("name", "orgnr"), ("address",), ("contact_name", "contact_email"),
                    ("signatory_name", "signatory_role")):  # fmt: skip
            cols = st.columns(len(row))
            for col, name in zip(cols, row, strict=True):
                col.text_input(
                    pick(fields[name], lang), key=key_of(q.id, name), help=help_text if name == "name" else None
                )
    elif t in (QuestionType.text, QuestionType.orgnr, QuestionType.email):
        st.text_input(label, key=k, help=help_text, placeholder=placeholder)
    elif t is QuestionType.long_text:
        st.text_area(label, key=k, help=help_text, placeholder=placeholder, height=110)
    elif t is QuestionType.bool:
        st.toggle(label, key=k, help=help_text)
    elif t is QuestionType.choice:
        labels = {o.value: pick(o.label, lang) for o in q.options}
        options = list(labels)
        if len(options) <= CHOICE_AS_RADIO:
            st.radio(label, options, key=k, help=help_text, format_func=labels.__getitem__)
        else:
            st.selectbox(
                label,
                options,
                key=k,
                help=help_text,
                format_func=labels.__getitem__,
                placeholder=ui.tr("Velg …", "Choose …"),
            )
    elif t is QuestionType.multi_choice:
        labels = {o.value: pick(o.label, lang) for o in q.options}
        st.multiselect(
            label,
            list(labels),
            key=k,
            help=help_text,
            format_func=labels.__getitem__,
            placeholder=ui.tr("Velg ett eller flere", "Choose one or more"),
        )
    elif t is QuestionType.date:
        st.date_input(label, key=k, help=help_text, format="DD.MM.YYYY")
    elif t is QuestionType.integer:
        st.number_input(label, key=k, help=help_text, step=1, min_value=_int(q.minimum), max_value=_int(q.maximum))
    elif t is QuestionType.percentage:
        st.number_input(
            label,
            key=k,
            help=help_text,
            step=0.5,
            format="%.1f",
            min_value=float(q.minimum or 0),
            max_value=float(100 if q.maximum is None else q.maximum),
        )
    elif t is QuestionType.money:
        st.number_input(
            label,
            key=k,
            help=help_text,
            step=1000.0,
            format="%.0f",
            min_value=float(q.minimum or 0),
            max_value=None if q.maximum is None else float(q.maximum),
        )
    for p in problems:
        st.markdown(f":red[{ui.escape(p.message)}]")


def _int(value: float | None) -> int | None:
    return None if value is None else int(value)


# --------------------------------------------------------------------------- actions


def save_draft(w: Wizard, t: AgreementType) -> None:
    if w.answers == w.saved:
        return
    group = steps(t)[w.step].group.id if w.step < len(steps(t)) else "review"
    ui.store().save_draft(w.token, w.answers, step=group)
    w.saved = copy.deepcopy(w.answers)


def step_problems(t: AgreementType, w: Wizard, index: int, *, complete: bool) -> dict[str, list[AvtaleverkError]]:
    probs = problems_by_question(t, w.answers, state.lang(), partial=not complete)
    shown = {q.id for q in visible_questions(t, steps(t)[index], w.answers)}
    return {qid: ps for qid, ps in probs.items() if qid in shown}


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
    for q in steps(t)[w.step].questions:
        pull(q, w)
    w.tried.add(w.step)
    if not step_problems(t, w, w.step, complete=True):
        w.step += 1


def start(type_id: str, lang: str) -> None:
    draft = ui.store().create_draft(type_id, {}, language=lang)
    forget_widgets()
    state.set_wizard(Wizard(type_id=type_id, lang=lang, token=draft.token))
    st.query_params["utkast"] = draft.token


def resume(token: str) -> bool:
    from engine.store import WizardDraft

    try:
        draft: WizardDraft = ui.store().resume_draft(token)
    except AvtaleverkError:
        st.error(
            ui.tr(
                "Fant ikke utkastet. Lenken kan være feil eller utløpt (utkast lagres i 30 dager).",
                "Draft not found. The link may be wrong or expired (drafts are kept for 30 days).",
            )
        )
        return False
    t = ui.library().agreement_type(draft.type_id)
    groups = [s.group.id for s in steps(t)]
    step = groups.index(draft.step) if draft.step in groups else (len(groups) if draft.step == "review" else 0)
    forget_widgets()
    state.set_wizard(
        Wizard(
            type_id=draft.type_id,
            lang=draft.language,
            token=token,
            answers=dict(draft.answers),
            step=step,
            saved=copy.deepcopy(dict(draft.answers)),
        )
    )
    return True


def finish(t: AgreementType, w: Wizard) -> None:
    lib = ui.library()
    with ui.shows_errors(), st.spinner(ui.tr("Lager avtalen og PDF-en …", "Making the agreement and the PDF …")):
        agreement = compose(t, w.answers, w.lang, library=lib)
        files = ui.agreement_files(agreement, None, w.lang)
        user = state.user()
        record = ui.store().add_agreement(
            agreement, by=user.username if user else "veiviser", status="final", pdf=files["pdf"][0]
        )
        w.done = record.id
        st.session_state["finished"] = {"agreement": agreement, "files": files, "id": record.id}
        with contextlib.suppress(AvtaleverkError):  # already gone: nothing to clean up
            ui.store().delete_draft(w.token)
        st.query_params.pop("utkast", None)
        st.rerun()


# --------------------------------------------------------------------------- screens


def start_screen() -> None:
    lib = ui.library()
    ui.kicker(ui.t("app.title"))
    st.title(ui.tr("Lag en datadelingsavtale", "Create a data-sharing agreement"))
    st.markdown(
        ui.tr(
            "Svar på spørsmålene, så tar avtalen form ved siden av. Du får en signeringsklar PDF, en Word-fil "
            "og en maskinlesbar policy som kan sjekkes automatisk. Alt lagres underveis.",
            "Answer the questions and watch the agreement take shape beside them. You get a PDF ready for "
            "signing, a Word file and a machine-readable policy that can be checked automatically. "
            "Everything is saved as you go.",
        )
    )
    lang = state.lang()
    types = list(lib.types.values())
    with st.container(border=True):
        chosen = st.selectbox(
            ui.tr("Avtaletype", "Agreement type"),
            [x.id for x in types],
            format_func=lambda i: pick(lib.types[i].title, lang),
            key="start_type",
        )
        st.caption(pick(lib.types[chosen].description, lang))
        doc_lang = st.radio(
            ui.tr("Avtalespråk", "Language of the agreement"),
            list(lib.types[chosen].languages),
            format_func=lambda v: {"nb": "Norsk (bokmål)", "en": "English"}.get(v, v),
            index=0 if lang == "nb" else min(1, len(lib.types[chosen].languages) - 1),
            horizontal=True,
            key="start_lang",
        )
        if st.button(ui.tr("Start", "Start"), type="primary", key="start", icon=":material/arrow_forward:"):
            start(chosen, doc_lang)
            st.rerun()
    with st.expander(ui.tr("Fortsett et lagret utkast", "Continue a saved draft")):
        token = st.text_input(
            ui.tr("Lenke eller kode", "Link or code"),
            key="resume_token",
            help=ui.tr(
                "Lim inn lenken du fikk under «Fortsett senere».", "Paste the link you got under “Continue later”."
            ),
        )
        if st.button(ui.tr("Fortsett", "Continue"), key="resume") and token.strip():
            code = token.strip().rsplit("utkast=", 1)[-1].split("&", 1)[0]
            if resume(code):
                st.query_params["utkast"] = code
                st.rerun()


def progress(t: AgreementType, w: Wizard) -> None:
    lang = state.lang()
    all_steps = steps(t)
    titles = [pick(s.group.title, lang) for s in all_steps] + [ui.tr("Gjennomgang", "Review")]
    n = len(titles)
    st.progress((w.step + 1) / n, text=ui.tr(f"Steg {w.step + 1} av {n}", f"Step {w.step + 1} of {n}"))
    st.session_state["step_pills"] = w.step
    st.pills(
        ui.tr("Steg", "Steps"),
        list(range(n)),
        format_func=lambda i: f"{i + 1}. {titles[i]}",
        key="step_pills",
        on_change=jump,
        label_visibility="collapsed",
    )


def question_step(t: AgreementType, w: Wizard, index: int) -> None:
    lang = state.lang()
    step = steps(t)[index]
    for q in step.questions:
        pull(q, w)  # a widget changed in this rerun: visibility must see it
    st.subheader(pick(step.group.title, lang))
    if step.group.intro:
        st.markdown(pick(step.group.intro, lang))
    shown = visible_questions(t, step, w.answers)
    for q in shown:
        seed(q, w)
    problems = step_problems(t, w, index, complete=index in w.tried)
    for q in shown:
        with st.container():
            draw(q, lang, problems.get(q.id, []))
        pull(q, w)
    problems = step_problems(t, w, index, complete=index in w.tried)
    st.write("")
    back, nxt = st.columns(2)
    if index > 0:
        back.button(
            ui.tr("Tilbake", "Back"),
            key="back",
            on_click=go_to,
            args=(index - 1,),
            icon=":material/arrow_back:",
            width="stretch",
        )
    last = index == len(steps(t)) - 1
    nxt.button(
        ui.tr("Til gjennomgang", "To review") if last else ui.tr("Neste", "Next"),
        key="next",
        type="primary",
        on_click=go_next,
        args=(t,),
        icon=":material/arrow_forward:",
        icon_position="right",
        width="stretch",
    )
    if index in w.tried and problems:
        st.warning(
            ui.tr(
                "Rett svarene som er merket med rødt før du går videre.",
                "Correct the answers marked in red before you go on.",
            )
        )


def review_step(t: AgreementType, w: Wizard, draft: Any) -> None:
    lang = state.lang()
    st.subheader(ui.tr("Gjennomgang", "Review"))
    problems = problems_by_question(t, w.answers, lang)
    if problems:
        st.warning(
            ui.tr(
                f"{sum(map(len, problems.values()))} svar mangler eller må rettes før avtalen kan fullføres.",
                f"{sum(map(len, problems.values()))} answer(s) are missing or must be corrected "
                "before the agreement can be finished.",
            )
        )
    for i, step in enumerate(steps(t)):
        with st.container(border=True):
            head, edit = st.columns([3, 1], vertical_alignment="center")
            head.markdown(f"**{ui.escape(pick(step.group.title, lang))}**")
            edit.button(
                ui.tr("Endre", "Edit"),
                key=f"edit_{i}",
                on_click=go_to,
                args=(i,),
                type="tertiary",
                icon=":material/edit:",
                width="content",
            )
            for q in visible_questions(t, step, w.answers):
                value = answer_text(q, w.answers.get(q.id, q.default), lang)
                st.markdown(f"{ui.escape(pick(q.label, lang))}: **{ui.escape(value)}**")
                for p in problems.get(q.id, []):
                    st.markdown(f":red[{ui.escape(p.message)}]")

    summary = ui.rights_summary(draft, lang) if draft is not None else []
    if summary:
        st.subheader(ui.tr("Kort fortalt: hva mottakeren kan og må", "In short: what the recipient may and must do"))
        heads = {
            "may": (":green[:material/check_circle:]", ui.tr("Dette kan mottakeren", "The recipient may")),
            "may_not": (":red[:material/block:]", ui.tr("Dette kan mottakeren ikke", "The recipient may not")),
            "must": (":orange[:material/assignment:]", ui.tr("Dette må mottakeren", "The recipient must")),
        }
        word = ui.tr("pkt.", "cl.")
        with st.container(border=True):
            for kind, (icon, head) in heads.items():
                rows = [r for r in summary if r.kind == kind]
                st.markdown(f"{icon} **{head}**")
                lines = [
                    f"- {ui.escape(r.text)} <span class='av-muted'>({word} {ui.escape(r.clause_number)})</span>"
                    for r in rows
                ]
                st.markdown("\n".join(lines) or "—", unsafe_allow_html=True)
        st.caption(
            ui.tr(
                "Oppsummeringen er laget fra avtalens maskinlesbare policy. Ved motstrid gjelder avtaleteksten.",
                "The summary is made from the agreement's machine-readable policy. The agreement text prevails.",
            )
        )
    flags = ui.fairness_flags(draft) if draft is not None else []
    st.subheader(ui.tr("Rimelighetssjekk", "Fairness check"))
    if not flags:
        st.success(
            ui.tr("Ingen vilkår er flagget som urimelige.", "No terms are flagged as unfair."),
            icon=":material/verified:",
        )
    for f in flags:
        level = str(getattr(f, "level", "amber"))
        reason = pick(getattr(f, "reason", {}) or {}, lang)
        number = getattr(f, "clause_number", "") or ""
        q = t.question(str(getattr(f, "answer", "") or ""))
        about = f" · {ui.tr('gjelder svaret', 'about the answer')} «{pick(q.label, lang)}»" if q else ""
        badge = ui.tr("Urimelig", "Unfair") if level == "red" else ui.tr("Antatt urimelig", "Presumed unfair")
        st.html(
            f"<div class='av-flag-{ui.escape(level)}'><b>{badge}</b> · {ui.tr('punkt', 'clause')} "
            f"{ui.escape(number)}{ui.escape(about)}<br>{ui.escape(reason)}</div>"
        )

    st.write("")
    if st.button(
        ui.tr("Fullfør og lagre avtalen", "Finish and save the agreement"),
        type="primary",
        disabled=bool(problems),
        key="finish",
        icon=":material/task_alt:",
    ):
        finish(t, w)


def finished_screen() -> None:
    done = st.session_state.get("finished") or {}
    agreement = done.get("agreement")
    if agreement is None:
        state.set_wizard(None)
        st.rerun()
    st.success(
        ui.tr("Avtalen er lagret i registeret som endelig.", "The agreement is stored in the registry as final."),
        icon=":material/task_alt:",
    )
    ui.kicker(f"{agreement.metadata.document_id}")
    st.title(agreement.metadata.title)
    st.markdown(" · ".join(f"**{ui.escape(p.name)}** ({ui.escape(p.orgnr or '')})" for p in agreement.parties))
    st.html(
        f"<p class='av-muted'>{ui.tr('Innholdshash (SHA-256)', 'Content hash (SHA-256)')}:</p>"
        f"<p class='av-hash'>{ui.escape(agreement.content_hash)}</p>"
    )
    ui.download_buttons(done["files"], key="done")
    st.caption(
        ui.tr(
            "PDF/A-filen er den som skal signeres. Word-filen er en lesekopi med samme tekst og nummerering.",
            "The PDF/A file is the one to sign. The Word file is a reading copy with the same text and numbering.",
        )
    )
    a, b = st.columns(2)
    if a.button(
        ui.tr("Sjekk en planlagt bruk", "Check a planned use"), key="to_check", icon=":material/rule:", width="stretch"
    ):
        st.session_state["check_agreement"] = done["id"]
        st.switch_page("pages/check.py")
    if b.button(
        ui.tr("Lag en ny avtale", "Create another agreement"), key="again", icon=":material/add:", width="stretch"
    ):
        state.set_wizard(None)
        st.session_state.pop("finished", None)
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
    lang = state.lang()
    ui.kicker(pick(t.title, lang) + (" · English" if w.lang == "en" else ""))
    st.title(ui.tr("Ny avtale", "New agreement"))
    progress(t, w)
    link = resume_link(w.token)
    saved, copy_col = st.columns([3, 1], vertical_alignment="center")
    saved.caption(
        ui.tr(
            f":material/cloud_done: Lagret automatisk. [Fortsett senere]({link}) – ta vare på lenken, "
            "den gjelder i 30 dager.",
            f":material/cloud_done: Saved automatically. [Continue later]({link}) – keep the link; "
            "it works for 30 days.",
        )
    )
    with copy_col.popover(ui.tr("Kopier lenken", "Copy the link"), icon=":material/link:", width="stretch"):
        st.code(link, language=None, wrap_lines=True)
    left, right = st.columns([5, 4], gap="large")
    with left:
        if w.step < len(steps(t)):
            question_step(t, w, w.step)
            draft = None
        else:
            draft = preview(t, w.answers, w.lang, library=lib, created_at=today())
            review_step(t, w, draft)
    save_draft(w, t)
    with right:
        st.markdown(f"**{ui.tr('Forhåndsvisning', 'Preview')}**")
        agreement = draft if draft is not None else preview(t, w.answers, w.lang, library=lib, created_at=today())
        st.iframe(ui.preview_html(agreement), height=620)


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
