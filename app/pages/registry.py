"""Avtaler: the registry — list, search and filter, open one, move its status, verify a PDF.

Status moves and their rules are the store's (forward only, audited); the files an agreement is offered
as are ``engine.services.documents.downloads``; verification is ``engine.services.verify.verify``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import streamlit as st

from app import state, ui
from engine import AvtaleverkError, RenderError
from engine.services.documents import downloads
from engine.services.verify import verify

OSLO = ZoneInfo("Europe/Oslo")


def local(moment: dt.datetime) -> dt.datetime:
    """A stored UTC time as people in Norway read it."""
    return moment.astimezone(OSLO)


def filters() -> tuple[str | None, str | None, tuple[dt.date, ...]]:
    c1, c2, c3 = st.columns([3, 2, 3])
    party = c1.text_input(ui.t("registry.search"), key="reg_party", placeholder=ui.t("registry.search.example"))
    names = {None: ui.t("registry.all"), **{s: ui.status_label(s) for s in ui.agreement_statuses()}}
    status = c2.selectbox(ui.t("word.status"), list(names), key="reg_status", format_func=names.__getitem__)
    dates = c3.date_input(ui.t("registry.created_between"), value=(), key="reg_dates", format="DD.MM.YYYY")
    chosen = tuple(dates) if isinstance(dates, tuple | list) else (dates,)
    return (party or "").strip() or None, status, tuple(d for d in chosen if d is not None)


def agreement_list() -> None:
    party, status, dates = filters()
    # A chosen day runs from midnight to midnight in Norway.
    start = dt.datetime.combine(dates[0], dt.time(), OSLO) if dates else None
    end = dt.datetime.combine(dates[1] + dt.timedelta(days=1), dt.time(), OSLO) if len(dates) == 2 else None
    rows = ui.store().list_agreements(party=party, status=status, created_from=start, created_before=end, limit=500)
    if not rows:
        st.info(ui.t("registry.no_match" if party or status or dates else "registry.empty"))
        return
    table = [
        {
            ui.t("registry.document_id"): r.id,
            ui.t("word.agreement"): r.title,
            ui.t("word.parties"): " – ".join(p.name for p in r.parties),
            ui.t("word.status"): ui.status_label(r.status),
            ui.t("registry.created"): local(r.created_at).strftime("%d.%m.%Y %H:%M"),
        }
        for r in rows
    ]
    st.dataframe(table, hide_index=True, width="stretch")
    by_id = {r.id: r for r in rows}
    chosen = st.selectbox(
        ui.t("registry.open"),
        list(by_id),
        index=None,
        key="reg_open",
        placeholder=ui.t("registry.open.placeholder"),
        format_func=lambda i: f"{i} · {' – '.join(p.name for p in by_id[i].parties)}",
    )
    if chosen:
        detail(chosen)


def request_move(agreement_id: str | None, status: str | None) -> None:
    state.put("confirm_move", (agreement_id, status) if agreement_id else None)


def confirm_move(agreement_id: str, status: str) -> None:
    try:
        ui.store().set_status(agreement_id, status, by=ui.actor("registeret"))
    except AvtaleverkError as err:
        state.put("move_error", err.one_line())
    state.put("confirm_move", None)


def status_moves(record: Any) -> None:
    error = state.take("move_error")
    if error:
        st.error(error)
    pending = state.get("confirm_move")
    if pending and pending[0] == record.id:
        target = pending[1]
        st.warning(
            ui.t("registry.move.confirm", old=ui.status_label(record.status), new=ui.status_label(target))
        )
        a, b = st.columns(2)
        a.button(
            ui.t("registry.move.yes"), type="primary", key="move_yes", on_click=confirm_move,
            args=(record.id, target), width="stretch",
        )  # fmt: skip
        b.button(ui.t("registry.move.no"), key="move_no", on_click=request_move, args=(None, None), width="stretch")
        return
    moves = ui.next_statuses(record.status)
    for col, target in zip(st.columns(len(moves)) if moves else [], moves, strict=True):
        col.button(
            ui.t(f"registry.move.{target}"), key=f"move_{target}", on_click=request_move,
            args=(record.id, target), width="stretch",
        )  # fmt: skip


def files_of(record: Any) -> list[Any]:
    """The agreement's files, made once per session (the PDF is the one stored)."""
    cache = state.get("reg_files")
    if record.id not in cache:
        cache[record.id] = downloads(record.agreement, pdf=ui.store().get_pdf(record.id))
    return list(cache[record.id])


def detail(agreement_id: str) -> None:
    record = ui.store().get_agreement(agreement_id)
    with st.container(border=True):
        ui.kicker(record.id)
        st.subheader(record.title)
        c1, c2 = st.columns([3, 2])
        with c1:
            for p in record.parties:
                role = ui.t(f"registry.role.{p.role}")
                st.markdown(f"{role}: **{ui.escape(p.name)}** ({ui.escape(p.orgnr or '')})")
            ui.hash_line("word.content_hash", record.content_hash)
        with c2:
            st.metric(ui.t("word.status"), ui.status_label(record.status))
            st.caption(
                ui.t(
                    "registry.template",
                    type=record.type_id,
                    version=record.type_version,
                    created=local(record.created_at).strftime("%d.%m.%Y"),
                )
            )
        status_moves(record)
        tab_files, tab_clauses, tab_history = st.tabs(
            [ui.t("registry.tab.files"), ui.t("registry.tab.clauses"), ui.t("registry.tab.history")]
        )
        with tab_files:
            ui.download_buttons(files_of(record), key=f"reg_{record.id}")
        with tab_clauses:
            numbering = record.agreement.numbering()
            st.dataframe(
                [
                    {ui.t("word.clause"): numbering.get(c.id, ""), "Id": c.id, ui.t("word.version"): c.version}
                    for c in record.clauses
                ],
                hide_index=True,
                width="stretch",
            )
        with tab_history:
            events = ui.store().audit_events(subject_type="agreement", subject_id=record.id, limit=50)
            if not events:
                st.caption("—")
            for e in events:
                when = local(e.at).strftime("%d.%m.%Y %H:%M")
                st.markdown(f"- {when} · **{ui.escape(e.action)}** · {ui.escape(e.actor)}")


def verify_tab() -> None:
    st.markdown(ui.t("registry.verify.intro"))
    up = st.file_uploader(ui.t("registry.verify.file"), type=["pdf"], key="verify_pdf")
    if up is None:
        return
    try:
        result = verify(up.getvalue(), ui.store())
    except RenderError as err:
        if err.code == "render.not-ours":
            st.warning(ui.t("registry.verify.not_ours"), icon=":material/help:")
        else:
            st.error(ui.t("registry.verify.unreadable"))
        return
    if result.status == "altered":
        st.error(ui.t("registry.verify.altered"), icon=":material/gpp_bad:")
        st.markdown("\n".join(f"- {ui.escape(m)}" for m in result.messages(state.lang())))
        return
    record = result.record
    if record is None:
        st.warning(ui.t("registry.verify.unregistered", id=result.document_id), icon=":material/help:")
        return
    parties = " – ".join(f"{p.name} ({p.orgnr})" for p in record.parties)
    st.success(ui.t("registry.verify.registered", id=record.id), icon=":material/verified:")
    st.markdown(
        f"{ui.t('word.parties')}: **{ui.escape(parties)}**  \n"
        f"{ui.t('word.status')}: **{ui.escape(ui.status_label(record.status))}**"
    )


def page() -> None:
    ui.kicker(ui.t("app.title"))
    st.title(ui.t("registry.title"))
    tab_list, tab_verify = st.tabs([ui.t("registry.tab.list"), ui.t("registry.tab.verify")])
    with tab_list:
        agreement_list()
    with tab_verify:
        verify_tab()


ui.run_safely(page)
