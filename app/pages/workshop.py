"""Klausulverksted: legal advisors edit, preview, test and publish clause versions (sign-in required).

Who may come in is ``engine.services.workshop`` (active advisors only, re-checked on every run); what the
form means as a clause file, saving, what to compare with and the example previews are too. Validation
is the library loader's (every problem with its line); the review workflow and its four-eyes rule are
the store's.
"""

from __future__ import annotations

import difflib
from typing import Any

import streamlit as st

from app import state, ui
from engine import AvtaleverkError, ConflictError, Library
from engine.services import workshop as ws

# --------------------------------------------------------------------------- sign-in


def login() -> None:
    st.markdown(ui.t("workshop.login.intro"))
    with st.form("login", border=True):
        username = st.text_input(ui.t("workshop.login.username"), key="login_user")
        password = st.text_input(ui.t("workshop.login.password"), type="password", key="login_password")
        submitted = st.form_submit_button(ui.t("workshop.login.button"), type="primary", icon=":material/login:")
    if not submitted:
        return
    outcome = ws.sign_in(ui.store(), username, password)
    if outcome.user is None:
        st.error(ui.t(f"workshop.login.refused.{outcome.refused}"))
        return
    state.set_user(outcome.user)
    st.rerun()


# --------------------------------------------------------------------------- the page


def flash(kind: str, message: str) -> None:
    """A message shown once, on the next run (after ``st.rerun``)."""
    state.put("ws_flash", (kind, message))


def clause_picker() -> Any:
    versions = ui.store().list_clause_versions()
    if not versions:
        st.info(ui.t("workshop.empty"))
        return None
    by_id: dict[str, list[Any]] = {}
    for cv in versions:
        by_id.setdefault(cv.clause_id, []).append(cv)
    with st.expander(ui.t("workshop.all"), expanded=False):
        st.dataframe(
            [
                {
                    "Id": cv.clause_id,
                    ui.t("word.version"): cv.version,
                    ui.t("word.status"): ui.status_label(cv.status),
                    ui.t("workshop.changed_by"): cv.updated_by,
                    ui.t("workshop.change_note"): cv.change_note,
                }
                for cv in versions
            ],
            hide_index=True,
            width="stretch",
        )
    c1, c2 = st.columns([3, 2])
    wanted = state.take("ws_select_next")
    if wanted:
        st.session_state["ws_clause"] = wanted[0]
        st.session_state[f"ws_version_{wanted[0]}"] = wanted[1]

    def clause_label(cid: str) -> str:
        newest = by_id[cid][-1]
        marks = {"draft": " ✎", "review": " ⧗"}
        return f"{cid} · v{newest.version}{marks.get(newest.status, '')}"

    clause_id = c1.selectbox(ui.t("workshop.clause"), sorted(by_id), format_func=clause_label, key="ws_clause")
    options = [cv.version for cv in by_id[clause_id]]
    if st.session_state.get(f"ws_version_{clause_id}") not in options:
        st.session_state[f"ws_version_{clause_id}"] = options[-1]
    names = {cv.version: f"{cv.version} – {ui.status_label(cv.status)}" for cv in by_id[clause_id]}
    version = c2.selectbox(ui.t("word.version"), options, key=f"ws_version_{clause_id}", format_func=names.__getitem__)
    return next(cv for cv in by_id[clause_id] if cv.version == version)


def editor(cv: Any) -> str:
    """The form; returns the clause file it describes (not yet saved)."""
    k = f"{cv.clause_id}@{cv.version}"
    fields = ws.form_fields(cv.source)
    for name, value in fields.items():
        st.session_state.setdefault(f"ws_{name}_{k}", value)
    if cv.status == "published":
        st.session_state.setdefault(f"ws_version_new_{k}", ws.bump(cv.version))
        st.info(ui.t("workshop.published_note"), icon=":material/info:")
    elif cv.status == "review":
        st.info(ui.t("workshop.review_note"), icon=":material/info:")
    disabled = cv.status not in ("draft", "published")
    c1, c2 = st.columns(2)
    hint = ui.t("workshop.field.body.help")
    for col, lang in ((c1, "nb"), (c2, "en")):
        col.text_input(ui.t(f"workshop.field.title_{lang}"), key=f"ws_title_{lang}_{k}", disabled=disabled)
    for col, lang in ((c1, "nb"), (c2, "en")):
        col.text_area(ui.t(f"workshop.field.body_{lang}"), key=f"ws_body_{lang}_{k}", height=220, disabled=disabled,
                      help=hint)  # fmt: skip
    c1.text_input(ui.t("workshop.field.parameters"), key=f"ws_parameters_{k}", disabled=disabled,
                  help=ui.t("workshop.field.parameters.help"))  # fmt: skip
    c2.text_input(ui.t("workshop.field.include_if"), key=f"ws_include_if_{k}", disabled=disabled,
                  help=ui.t("workshop.field.include_if.help"))  # fmt: skip
    c1.text_area(ui.t("workshop.field.policy"), key=f"ws_policy_{k}", height=180, disabled=disabled)
    c2.text_area(ui.t("workshop.field.examples"), key=f"ws_examples_{k}", height=180, disabled=disabled)
    st.text_input(ui.t("workshop.field.note"), key=f"ws_note_{k}", disabled=disabled)
    current = {name: st.session_state[f"ws_{name}_{k}"] for name in fields}
    if cv.status == "published":
        current["version"] = st.text_input(ui.t("workshop.field.new_version"), key=f"ws_version_new_{k}")
    return ws.source_from_form(cv.source, current, state.lang())


def save(cv: Any, source: str, note: str, user: Any) -> None:
    try:
        saved, created = ws.save_clause(ui.store(), cv, source, by=user.username, note=note)
    except ConflictError as err:
        current = getattr(err, "current", None)  # a ClauseEditConflict says who saved first
        flash("error", ui.t("workshop.saved.conflict", by=current.updated_by) if current else err.one_line())
        return
    except AvtaleverkError as err:
        flash("error", err.one_line())
        return
    if created:
        flash("success", ui.t("workshop.saved.new", version=saved.version))
        state.put("ws_select_next", (cv.clause_id, saved.version))
    else:
        flash("success", ui.t("workshop.saved.draft"))


def workflow(cv: Any, user: Any) -> None:
    s = ui.store()
    line = f"{ui.t('word.status')}: **{ui.status_label(cv.status)}** · {ui.t('workshop.author')} {ui.escape(cv.author)}"
    if cv.editors:
        line += f" · {ui.t('workshop.edited_by')} {ui.escape(', '.join(cv.editors))}"
    if cv.reviewer:
        line += f" · {ui.t('workshop.approved_by')} {ui.escape(cv.reviewer)}"
    st.markdown(line)
    if cv.change_note:
        st.markdown(f"{ui.t('workshop.change_note')}: _{ui.escape(cv.change_note)}_")
    failing = ws.failing_examples(ui.library(), cv.clause_id, cv.source) if cv.status == "draft" else []
    if failing:
        st.warning(ui.t("workshop.examples_must_pass", names=", ".join(failing)))
    try:
        if cv.status == "draft" and st.button(
            ui.t("workshop.submit"), type="primary", key="ws_submit", icon=":material/send:", disabled=bool(failing)
        ):
            s.submit_clause(cv.clause_id, cv.version, by=user.username, expected_lock_version=cv.lock_version)
            flash("success", ui.t("workshop.submitted"))
            st.rerun()
        if cv.status == "review":
            note = st.text_input(ui.t("workshop.publish_note"), value=cv.change_note, key="ws_publish_note",
                                 help=ui.t("workshop.publish_note.help"))  # fmt: skip
            a, b = st.columns(2)
            if a.button(ui.t("workshop.approve"), type="primary", key="ws_approve", icon=":material/verified:",
                        width="stretch"):  # fmt: skip
                s.approve_clause(cv.clause_id, cv.version, by=user.username, note=note)
                ui.library_changed()
                flash("success", ui.t("workshop.published", version=cv.version))
                st.rerun()
            if b.button(ui.t("workshop.send_back"), key="ws_send_back", icon=":material/undo:", width="stretch"):
                s.send_back_clause(cv.clause_id, cv.version, by=user.username)
                st.rerun()
    except AvtaleverkError as err:
        st.error(ui.t("workshop.four_eyes") if err.code == "store.permission" else err.one_line())


def preview_examples(lib: Library, clause_id: str) -> None:
    previews = ws.example_previews(lib, clause_id)
    if not previews:
        st.caption(ui.t("workshop.no_examples"))
    for p in previews:
        with st.expander(f"{'✅' if p.ok else '❌'} {p.name}", expanded=not p.ok):
            if p.error:
                st.error(p.error)
            elif p.html:
                st.markdown(f"**{p.number} {ui.escape(p.title)}**")
                st.html(f"<div class='av-clause'>{p.html}</div>")
            else:
                st.caption(ui.t("workshop.not_included"))
            for r in p.results:
                st.markdown(f"{':green[✓]' if r.ok else ':red[✗]'} `{r.check}` {ui.escape(r.detail)}")


def diff_view(cv: Any, source: str) -> None:
    base = ws.diff_base(ui.store(), cv)
    if base is None:
        st.caption(ui.t("workshop.diff.nothing"))
        return
    if base.source == source:
        st.caption(ui.t("workshop.diff.same", version=base.version))
        return
    table = difflib.HtmlDiff(wrapcolumn=60).make_table(
        base.source.splitlines(),
        source.splitlines(),
        fromdesc=ui.t("workshop.diff.published", version=base.version),
        todesc=ui.t("workshop.diff.this"),
        context=True,
        numlines=2,
    )
    st.html(f"<div style='overflow-x:auto'>{table}</div>")


def usage_view(clause_id: str) -> None:
    rows = ui.store().clause_versions_used_by(clause_id)
    if not rows:
        st.caption(ui.t("workshop.unused"))
        return
    st.dataframe(
        [
            {
                ui.t("word.agreement"): u.agreement_id,
                ui.t("word.version"): u.clause_version,
                ui.t("word.status"): ui.status_label(u.agreement_status),
            }
            for u in rows
        ],
        hide_index=True,
        width="stretch",
    )


def edit_tab(cv: Any, user: Any) -> tuple[str, Library | None]:
    workflow(cv, user)
    source = editor(cv)
    lib: Library | None = None
    try:
        lib = ws.library_with(ui.library(), cv.clause_id, source)
    except AvtaleverkError as err:
        problems = "\n".join(f"- {p.one_line()}" for p in (err.problems or [err])[:12])
        st.error(f"{ui.t('workshop.fix_first')}\n\n{problems}")
    if cv.status in ("draft", "published"):
        note = st.text_input(
            ui.t("workshop.change_note"),
            key=f"ws_change_note_{cv.clause_id}@{cv.version}",
            value=cv.change_note if cv.status == "draft" else "",
            help=ui.t("workshop.change_note.help"),
        )
        unchanged = source == cv.source
        if st.button(ui.t("workshop.save"), key="ws_save", type="primary",
                     disabled=lib is None or unchanged or not note.strip(), icon=":material/save:"):  # fmt: skip
            save(cv, source, note.strip(), user)
            st.rerun()
        if not unchanged and not note.strip():
            st.caption(ui.t("workshop.note_needed"))
    return source, lib


def workshop(user: Any) -> None:
    message = state.take("ws_flash")
    if message:
        (st.success if message[0] == "success" else st.error)(message[1])
    cv = clause_picker()
    if cv is None:
        return
    tab_edit, tab_preview, tab_diff, tab_usage = st.tabs(
        [ui.t(f"workshop.tab.{name}") for name in ("edit", "preview", "diff", "usage")]
    )
    with tab_edit:
        source, lib = edit_tab(cv, user)
    with tab_preview:
        if lib is None:
            st.warning(ui.t("workshop.fix_edit_first"))
        else:
            preview_examples(lib, cv.clause_id)
    with tab_diff:
        diff_view(cv, source)
    with tab_usage:
        usage_view(cv.clause_id)


def page() -> None:
    ui.kicker(ui.t("nav.section.advisors"))
    st.title(ui.t("nav.workshop"))
    signed_in = state.user()
    user = ws.active_advisor(ui.store(), signed_in.username if signed_in is not None else None)
    if user is None:
        if signed_in is not None:
            state.set_user(None)
            st.error(ui.t("workshop.no_longer"))
        login()
        return
    workshop(user)


ui.run_safely(page)
