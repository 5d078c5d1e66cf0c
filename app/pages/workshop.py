"""Klausulverksted: legal advisors edit, preview, test and publish clause versions (login required).

Validation is the library loader's (``Library.from_sources``, every problem with its line), examples
run through ``engine.services.examples``, and the review workflow with its four-eyes rule is the store's.
"""

from __future__ import annotations

import difflib
from typing import Any

import streamlit as st

from app import state, ui
from engine import AvtaleverkError, Library, pick
from engine.services import workshop as workshop_logic
from engine.services.examples import compose_example, example_type, run_example
from engine.store import ClauseEditConflict, ClauseStatus, ClauseVersion, Role

# --------------------------------------------------------------------------- login


def current_advisor() -> Any:
    """The logged-in user, re-read from the store on every run; None unless an active advisor."""
    user = state.user()
    if user is None:
        return None
    try:
        fresh = ui.store().get_user(user.username)
    except AvtaleverkError:
        fresh = None
    if fresh is None or fresh.disabled or fresh.role != Role.advisor:
        return None
    return fresh


def login() -> None:
    st.markdown(
        ui.tr(
            "Klausulverkstedet er for juridiske rådgivere. Logg inn med kontoen din i registeret.",
            "The clause workshop is for legal advisors. Log in with your registry account.",
        )
    )
    with st.form("login", border=True):
        username = st.text_input(ui.tr("Brukernavn", "Username"), key="login_user")
        password = st.text_input(ui.tr("Passord", "Password"), type="password", key="login_password")
        submitted = st.form_submit_button(ui.tr("Logg inn", "Log in"), type="primary", icon=":material/login:")
    if not submitted:
        return
    try:
        user = ui.store().authenticate(username.strip(), password)
    except AvtaleverkError:
        st.error(ui.tr("Feil brukernavn eller passord.", "Wrong username or password."))
        return
    if user.role != Role.advisor:
        st.error(
            ui.tr(
                "Kontoen har ikke rollen juridisk rådgiver og har ikke tilgang til klausulverkstedet.",
                "This account does not have the legal advisor role and cannot use the clause workshop.",
            )
        )
        return
    st.session_state["user"] = user
    st.rerun()


# --------------------------------------------------------------------------- the page


def clause_picker() -> ClauseVersion | None:
    versions = ui.store().list_clause_versions()
    if not versions:
        st.info(ui.tr("Ingen klausuler i registeret ennå.", "No clauses in the registry yet."))
        return None
    by_id: dict[str, list[ClauseVersion]] = {}
    for cv in versions:
        by_id.setdefault(cv.clause_id, []).append(cv)
    with st.expander(ui.tr("Alle klausuler", "All clauses"), expanded=False):
        st.dataframe(
            [
                {
                    "Id": cv.clause_id,
                    ui.tr("Versjon", "Version"): cv.version,
                    ui.tr("Status", "Status"): ui.status_label(cv.status),
                    ui.tr("Sist endret av", "Last changed by"): cv.updated_by,
                    ui.tr("Endringsnotat", "Change note"): cv.change_note,
                }
                for cv in versions
            ],
            hide_index=True,
            width="stretch",
        )
    c1, c2 = st.columns([3, 2])
    wanted = st.session_state.pop("ws_select_next", None)
    if wanted:
        st.session_state["ws_clause"] = wanted[0]
        st.session_state[f"ws_version_{wanted[0]}"] = wanted[1]

    def clause_label(cid: str) -> str:
        newest = by_id[cid][-1]
        marks = {ClauseStatus.draft: " ✎", ClauseStatus.review: " ⧗"}
        return f"{cid} · v{newest.version}{marks.get(newest.status, '')}"

    clause_id = c1.selectbox(ui.tr("Klausul", "Clause"), sorted(by_id), format_func=clause_label, key="ws_clause")
    options = [cv.version for cv in by_id[clause_id]]
    if st.session_state.get(f"ws_version_{clause_id}") not in options:
        st.session_state[f"ws_version_{clause_id}"] = options[-1]
    version = c2.selectbox(
        ui.tr("Versjon", "Version"),
        options,
        key=f"ws_version_{clause_id}",
        format_func=lambda v: f"{v} – {ui.status_label(next(c.status for c in by_id[clause_id] if c.version == v))}",
    )
    return next(cv for cv in by_id[clause_id] if cv.version == version)


def editor(cv: ClauseVersion, user: Any) -> str:
    """The form; returns the clause file it describes (not yet saved)."""
    editable = cv.status in (ClauseStatus.draft, ClauseStatus.published)
    k = f"{cv.clause_id}@{cv.version}"
    fields = workshop_logic.form_fields(cv.source)
    for name, value in fields.items():
        st.session_state.setdefault(f"ws_{name}_{k}", value)
    if cv.status is ClauseStatus.published:
        st.session_state.setdefault(f"ws_version_new_{k}", workshop_logic.bump(cv.version))
        st.info(
            ui.tr(
                "Dette er en publisert versjon. Endringer lagres som en ny versjon (utkast).",
                "This is a published version. Changes are saved as a new version (draft).",
            ),
            icon=":material/info:",
        )
    elif cv.status is ClauseStatus.review:
        st.info(
            ui.tr(
                "Versjonen er til gjennomgang og kan ikke endres. Send den tilbake for å endre den.",
                "This version is in review and cannot be changed. Send it back to change it.",
            ),
            icon=":material/info:",
        )
    disabled = not editable
    c1, c2 = st.columns(2)
    c1.text_input(ui.tr("Tittel (bokmål)", "Title (bokmål)"), key=f"ws_title_nb_{k}", disabled=disabled)
    c2.text_input(ui.tr("Tittel (engelsk)", "Title (English)"), key=f"ws_title_en_{k}", disabled=disabled)
    hint = ui.tr(
        "Markdown og Jinja: {{ svar }}, {% if … %}, ref('klausul').",
        "Markdown and Jinja: {{ answer }}, {% if … %}, ref('clause').",
    )
    c1.text_area(
        ui.tr("Tekst (bokmål)", "Text (bokmål)"), key=f"ws_body_nb_{k}", height=220, disabled=disabled, help=hint
    )
    c2.text_area(
        ui.tr("Tekst (engelsk)", "Text (English)"), key=f"ws_body_en_{k}", height=220, disabled=disabled, help=hint
    )
    c1.text_input(
        ui.tr("Parametere (spørsmål teksten bruker)", "Parameters (questions the text uses)"),
        key=f"ws_parameters_{k}",
        disabled=disabled,
        help=ui.tr("Kommaseparert.", "Comma-separated."),
    )
    c2.text_input(
        ui.tr("Tas med når (include_if)", "Included when (include_if)"),
        key=f"ws_include_if_{k}",
        disabled=disabled,
        help=ui.tr(
            "Tomt: alltid med. Eksempel: commercial_use != 'not_allowed'",
            "Empty: always included. Example: commercial_use != 'not_allowed'",
        ),
    )
    c1.text_area(
        ui.tr("ODRL-betydning (policy, YAML)", "ODRL meaning (policy, YAML)"),
        key=f"ws_policy_{k}",
        height=180,
        disabled=disabled,
    )
    c2.text_area(ui.tr("Eksempler (YAML)", "Examples (YAML)"), key=f"ws_examples_{k}", height=180, disabled=disabled)
    st.text_input(ui.tr("Merknad til rådgivere (note)", "Note for advisors"), key=f"ws_note_{k}", disabled=disabled)
    current = {name: st.session_state[f"ws_{name}_{k}"] for name in fields}
    if cv.status is ClauseStatus.published:
        current["version"] = st.text_input(ui.tr("Ny versjon", "New version"), key=f"ws_version_new_{k}")
    return workshop_logic.source_from_form(cv.source, current, state.lang())


def save(cv: ClauseVersion, source: str, note: str, user: Any) -> None:
    s = ui.store()
    try:
        if cv.status is ClauseStatus.published:
            new = s.create_clause_version(source, by=user.username, change_note=note)
            st.session_state["ws_saved"] = ui.tr(
                f"Lagret som ny versjon {new.version} (utkast).", f"Saved as new version {new.version} (draft)."
            )
            st.session_state["ws_select_next"] = (cv.clause_id, new.version)
        else:
            s.save_clause_draft(
                cv.clause_id,
                cv.version,
                source,
                by=user.username,
                expected_lock_version=cv.lock_version,
                change_note=note or None,
            )
            st.session_state["ws_saved"] = ui.tr("Utkastet er lagret.", "The draft is saved.")
    except ClauseEditConflict as err:
        st.session_state["ws_error"] = ui.tr(
            f"{err.current.updated_by} lagret denne versjonen før deg. Last siden på nytt og før inn endringene dine.",
            f"{err.current.updated_by} saved this version before you. Reload and re-apply your changes.",
        )
    except AvtaleverkError as err:
        st.session_state["ws_error"] = err.one_line()


def failing_examples(cv: ClauseVersion) -> list[str]:
    """Names of the saved version's examples that fail (or why the version does not load at all)."""
    return workshop_logic.failing_examples(ui.library(), cv.clause_id, cv.source)


def workflow(cv: ClauseVersion, user: Any) -> None:
    s = ui.store()
    st.markdown(
        f"{ui.tr('Status', 'Status')}: **{ui.status_label(cv.status)}** · "
        f"{ui.tr('forfatter', 'author')} {ui.escape(cv.author)}"
        + (f" · {ui.tr('redigert av', 'edited by')} {ui.escape(', '.join(cv.editors))}" if cv.editors else "")
        + (f" · {ui.tr('godkjent av', 'approved by')} {ui.escape(cv.reviewer)}" if cv.reviewer else "")
    )
    if cv.change_note:
        st.markdown(f"{ui.tr('Endringsnotat', 'Change note')}: _{ui.escape(cv.change_note)}_")
    failing = failing_examples(cv) if cv.status is ClauseStatus.draft else []
    if failing:
        st.warning(
            ui.tr(
                "Eksemplene må gå gjennom før utkastet kan sendes til gjennomgang: ",
                "The examples must pass before the draft can be submitted for review: ",
            )
            + ", ".join(failing)
        )
    try:
        if cv.status is ClauseStatus.draft and st.button(
            ui.tr("Send til gjennomgang", "Submit for review"),
            type="primary",
            key="ws_submit",
            icon=":material/send:",
            disabled=bool(failing),
        ):
            s.submit_clause(cv.clause_id, cv.version, by=user.username, expected_lock_version=cv.lock_version)
            st.session_state["ws_saved"] = ui.tr(
                "Sendt til gjennomgang. En annen rådgiver må godkjenne.",
                "Submitted for review. Another advisor must approve.",
            )
            st.rerun()
        if cv.status is ClauseStatus.review:
            publish_note = st.text_input(
                ui.tr("Endringsnotat som publiseres", "Change note to publish"),
                value=cv.change_note,
                key="ws_publish_note",
                help=ui.tr(
                    "Hva er endret og hvorfor – vises sammen med versjonen.",
                    "What changed and why – shown with the version.",
                ),
            )
            a, b = st.columns(2)
            if a.button(
                ui.tr("Godkjenn og publiser", "Approve and publish"),
                type="primary",
                key="ws_approve",
                icon=":material/verified:",
                width="stretch",
            ):
                s.approve_clause(cv.clause_id, cv.version, by=user.username, note=publish_note)
                ui.library_changed()
                st.session_state["ws_saved"] = ui.tr(
                    f"Versjon {cv.version} er publisert.", f"Version {cv.version} is published."
                )
                st.rerun()
            if b.button(
                ui.tr("Send tilbake", "Send back"), key="ws_send_back", icon=":material/undo:", width="stretch"
            ):
                s.send_back_clause(cv.clause_id, cv.version, by=user.username)
                st.rerun()
    except AvtaleverkError as err:
        st.error(_friendly(err))


def _friendly(err: AvtaleverkError) -> str:
    if err.code == "store.permission":
        return ui.tr(
            "Du kan ikke godkjenne en endring du selv har skrevet eller redigert. En annen rådgiver må godkjenne den.",
            "You cannot approve a change you wrote or edited. Another advisor must approve it.",
        )
    return err.one_line()


def preview_examples(lib: Library, clause_id: str) -> None:
    clause = lib.clause(clause_id)
    if not clause.examples:
        st.caption(ui.tr("Klausulen har ingen eksempler.", "The clause has no examples."))
    for example in clause.examples:
        results = run_example(lib, clause, example)
        ok = all(r.ok for r in results)
        with st.expander(f"{'✅' if ok else '❌'} {example.name}", expanded=not ok):
            t = example_type(lib, clause, example)
            if t is not None:
                try:
                    agreement = compose_example(lib, t, example.answers, example.lang)
                    composed = agreement.clause(clause_id)
                    annex = next((a for a in agreement.annexes if a.id == clause_id), None)
                    html = composed.html if composed else annex.html if annex else ""
                    number = composed.number if composed else annex.number if annex else ""
                    if html:
                        st.markdown(f"**{number} {ui.escape(pick(clause.title, example.lang))}**")
                        st.html(f"<div class='av-clause'>{html}</div>")
                    else:
                        st.caption(
                            ui.tr(
                                "Klausulen er ikke med i avtalen med disse svarene.",
                                "The clause is not part of the agreement with these answers.",
                            )
                        )
                except AvtaleverkError as err:
                    st.error(err.one_line())
            for r in results:
                mark = ":green[✓]" if r.ok else ":red[✗]"
                st.markdown(f"{mark} `{r.check}` {ui.escape(r.detail)}")


def diff_view(cv: ClauseVersion, source: str) -> None:
    published = [
        c
        for c in ui.store().list_clause_versions(cv.clause_id, status=ClauseStatus.published)
        if c.version != cv.version
    ]
    base = published[-1] if published else None
    if cv.status is ClauseStatus.published and not published:
        base = cv
    if base is None:
        st.caption(ui.tr("Ingen publisert versjon å sammenligne med.", "No published version to compare with."))
        return
    if base.source == source:
        st.caption(
            ui.tr(
                f"Ingen endringer mot publisert versjon {base.version}.",
                f"No changes against published version {base.version}.",
            )
        )
        return
    table = difflib.HtmlDiff(wrapcolumn=60).make_table(
        base.source.splitlines(),
        source.splitlines(),
        fromdesc=ui.tr(f"Publisert {base.version}", f"Published {base.version}"),
        todesc=ui.tr("Denne versjonen", "This version"),
        context=True,
        numlines=2,
    )
    st.html(
        "<style>table.diff{font:12px ui-monospace,monospace;border-collapse:collapse;width:100%}"
        "table.diff td{padding:1px 4px;vertical-align:top;white-space:pre-wrap;word-break:break-word}"
        ".diff_header{color:#888}.diff_next{display:none}"
        ".diff_add{background:#dcf5e3}.diff_chg{background:#fff2c2}.diff_sub{background:#fbd9d9}</style>"
        f"<div style='overflow-x:auto'>{table}</div>"
    )


def usage_view(clause_id: str) -> None:
    rows = ui.store().clause_versions_used_by(clause_id)
    if not rows:
        st.caption(
            ui.tr(
                "Ingen avtaler i registeret bruker denne klausulen ennå.",
                "No agreement in the registry uses this clause yet.",
            )
        )
        return
    st.dataframe(
        [
            {
                ui.tr("Avtale", "Agreement"): u.agreement_id,
                ui.tr("Versjon", "Version"): u.clause_version,
                ui.tr("Status", "Status"): ui.status_label(u.agreement_status),
            }
            for u in rows
        ],
        hide_index=True,
        width="stretch",
    )


def workshop(user: Any) -> None:
    for key, show in (("ws_saved", st.success), ("ws_error", st.error)):
        message = st.session_state.pop(key, None)
        if message:
            show(message)
    cv = clause_picker()
    if cv is None:
        return
    tab_edit, tab_preview, tab_diff, tab_usage = st.tabs(
        [
            ui.tr("Rediger", "Edit"),
            ui.tr("Forhåndsvisning og eksempler", "Preview and examples"),
            ui.tr("Endringer", "Changes"),
            ui.tr("Brukes i", "Used by"),
        ]
    )
    lib: Library | None = None
    with tab_edit:
        workflow(cv, user)
        source = editor(cv, user)
        try:
            lib = workshop_logic.library_with(ui.library(), cv.clause_id, source)
        except AvtaleverkError as err:
            st.error(
                ui.tr("Klausulen kan ikke lagres før dette er rettet:", "Fix this before the clause can be saved:")
                + "\n\n"
                + "\n".join(f"- {p.one_line()}" for p in (err.problems or [err])[:12])
            )
        if cv.status in (ClauseStatus.draft, ClauseStatus.published):
            note = st.text_input(
                ui.tr("Endringsnotat", "Change note"),
                key=f"ws_change_note_{cv.clause_id}@{cv.version}",
                value=cv.change_note if cv.status is ClauseStatus.draft else "",
                help=ui.tr(
                    "Hva er endret, og hvorfor? Vises for den som godkjenner.",
                    "What changed, and why? Shown to the approver.",
                ),
            )
            unchanged = source == cv.source
            if st.button(
                ui.tr("Lagre utkast", "Save draft"),
                key="ws_save",
                type="primary",
                disabled=lib is None or unchanged or not note.strip(),
                icon=":material/save:",
            ):
                save(cv, source, note.strip(), user)
                st.rerun()
            if not unchanged and not note.strip():
                st.caption(ui.tr("Skriv et endringsnotat for å lagre.", "Write a change note to save."))
    with tab_preview:
        if lib is None:
            st.warning(ui.tr("Rett feilene under «Rediger» først.", "Fix the errors under “Edit” first."))
        else:
            preview_examples(lib, cv.clause_id)
    with tab_diff:
        diff_view(cv, source)
    with tab_usage:
        usage_view(cv.clause_id)


def page() -> None:
    ui.kicker(ui.t("nav.section.advisors"))
    st.title(ui.tr("Klausulverksted", "Clause workshop"))
    user = current_advisor()
    if user is None:
        if state.user() is not None:
            st.session_state["user"] = None
            st.error(ui.tr("Kontoen din har ikke lenger tilgang.", "Your account no longer has access."))
        login()
        return
    workshop(user)


ui.run_safely(page)
