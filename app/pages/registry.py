"""Avtaler: the registry — list, search and filter, open one, move its status, verify a PDF.

Status moves and their rules are the store's (``AGREEMENT_TRANSITIONS``, forward only, audited);
PDF verification is ``engine.render.verify_pdf`` plus a look-up by content hash.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import streamlit as st

from app import state, ui
from engine import AvtaleverkError, NotFoundError, RenderError
from engine.render import verify_pdf
from engine.store import AGREEMENT_TRANSITIONS, AgreementStatus

OSLO = ZoneInfo("Europe/Oslo")
STATUSES = [s.value for s in AgreementStatus]
MOVE_WORDS = {
    "signed": {"nb": "Merk som signert", "en": "Mark as signed"},
    "terminated": {"nb": "Avslutt avtalen", "en": "Terminate the agreement"},
    "final": {"nb": "Gjør endelig", "en": "Make final"},
}


def local(moment: dt.datetime) -> dt.datetime:
    """A stored UTC time as people in Norway read it."""
    return moment.astimezone(OSLO)


def filters() -> tuple[str | None, str | None, tuple[dt.date, ...]]:
    c1, c2, c3 = st.columns([3, 2, 3])
    party = c1.text_input(
        ui.tr("Søk etter part (navn eller org.nr.)", "Search for a party (name or org. no.)"),
        key="reg_party",
        placeholder=ui.tr("f.eks. Bergen kommune", "e.g. Bergen kommune"),
    )
    status = c2.selectbox(
        ui.tr("Status", "Status"),
        [None, *STATUSES],
        key="reg_status",
        format_func=lambda s: ui.tr("Alle", "All") if s is None else ui.status_label(s),
    )
    dates = c3.date_input(
        ui.tr("Opprettet i perioden", "Created between"), value=(), key="reg_dates", format="DD.MM.YYYY"
    )
    chosen = tuple(dates) if isinstance(dates, tuple | list) else (dates,)
    return (party or "").strip() or None, status, tuple(d for d in chosen if d is not None)


def agreement_list() -> None:
    party, status, dates = filters()
    # A chosen day runs from midnight to midnight in Norway.
    start = dt.datetime.combine(dates[0], dt.time(), OSLO) if dates else None
    end = dt.datetime.combine(dates[1] + dt.timedelta(days=1), dt.time(), OSLO) if len(dates) == 2 else None
    rows = ui.store().list_agreements(party=party, status=status, created_from=start, created_before=end, limit=500)
    if not rows:
        if party or status or dates:
            st.info(ui.tr("Ingen avtaler passer søket.", "No agreements match the search."))
        else:
            st.info(
                ui.tr(
                    "Registeret er tomt ennå. Avtaler du fullfører under «Ny avtale», havner her.",
                    "The registry is empty so far. Agreements you finish under “New agreement” appear here.",
                )
            )
        return
    table = [
        {
            ui.tr("Dokument-ID", "Document ID"): r.id,
            ui.tr("Avtale", "Agreement"): r.title,
            ui.tr("Parter", "Parties"): " – ".join(p.name for p in r.parties),
            ui.tr("Status", "Status"): ui.status_label(r.status),
            ui.tr("Opprettet", "Created"): local(r.created_at).strftime("%d.%m.%Y %H:%M"),
        }
        for r in rows
    ]
    st.dataframe(table, hide_index=True, width="stretch")
    ids = [r.id for r in rows]
    by_id = {r.id: r for r in rows}
    chosen = st.selectbox(
        ui.tr("Åpne avtale", "Open agreement"),
        ids,
        index=None,
        key="reg_open",
        placeholder=ui.tr("Velg en avtale …", "Choose an agreement …"),
        format_func=lambda i: f"{i} · {' – '.join(p.name for p in by_id[i].parties)}",
    )
    if chosen:
        detail(chosen)


def request_move(agreement_id: str, status: str) -> None:
    st.session_state["confirm_move"] = (agreement_id, status)


def confirm_move(agreement_id: str, status: str) -> None:
    user = state.user()
    try:
        ui.store().set_status(agreement_id, status, by=user.username if user else "registeret")
    except AvtaleverkError as err:
        st.session_state["move_error"] = err.one_line()
    st.session_state["confirm_move"] = None


def detail(agreement_id: str) -> None:
    lang = state.lang()
    record = ui.store().get_agreement(agreement_id)
    agreement = record.agreement
    with st.container(border=True):
        ui.kicker(record.id)
        st.subheader(record.title)
        c1, c2 = st.columns([3, 2])
        with c1:
            for p in record.parties:
                role = ui.tr("Dataleverandør", "Provider") if p.role == "provider" else ui.tr("Mottaker", "Recipient")
                st.markdown(f"{role}: **{ui.escape(p.name)}** ({ui.escape(p.orgnr or '')})")
            st.html(
                f"<p class='av-muted'>{ui.tr('Innholdshash', 'Content hash')}</p>"
                f"<p class='av-hash'>{ui.escape(record.content_hash)}</p>"
            )
        with c2:
            st.metric(ui.tr("Status", "Status"), ui.status_label(record.status))
            st.caption(
                ui.tr(
                    f"Avtalemal {record.type_id} v{record.type_version} · opprettet ",
                    f"Template {record.type_id} v{record.type_version} · created ",
                )
                + local(record.created_at).strftime("%d.%m.%Y")
            )

        error = st.session_state.pop("move_error", None)
        if error:
            st.error(error)
        moves = sorted(AGREEMENT_TRANSITIONS[AgreementStatus(record.status)], key=STATUSES.index)
        pending = st.session_state.get("confirm_move")
        if pending and pending[0] == record.id:
            target = pending[1]
            st.warning(
                ui.tr(
                    f"Vil du endre status fra «{ui.status_label(record.status)}» til «{ui.status_label(target)}»? "
                    "Status kan bare gå framover, og endringen logges.",
                    f"Change the status from “{ui.status_label(record.status)}” to “{ui.status_label(target)}”? "
                    "Status only moves forward, and the change is logged.",
                )
            )
            a, b = st.columns(2)
            a.button(
                ui.tr("Ja, endre status", "Yes, change the status"),
                type="primary",
                key="move_yes",
                on_click=confirm_move,
                args=(record.id, target),
                width="stretch",
            )
            b.button(
                ui.tr("Avbryt", "Cancel"), key="move_no", on_click=request_move, args=(None, None), width="stretch"
            )
        elif moves:
            cols = st.columns(len(moves))
            for col, target in zip(cols, moves, strict=True):
                col.button(
                    MOVE_WORDS[target.value][lang],
                    key=f"move_{target.value}",
                    on_click=request_move,
                    args=(record.id, target.value),
                    width="stretch",
                )

        tab_files, tab_clauses, tab_history = st.tabs(
            [
                ui.tr("Nedlastinger", "Downloads"),
                ui.tr("Klausulversjoner", "Clause versions"),
                ui.tr("Historikk", "History"),
            ]
        )
        with tab_files:
            files = _files(record.id, agreement, lang)
            ui.download_buttons(files, key=f"reg_{record.id}")
        with tab_clauses:
            numbering = agreement.numbering()
            st.dataframe(
                [
                    {
                        ui.tr("Punkt", "Clause"): numbering.get(c.id, ""),
                        "Id": c.id,
                        ui.tr("Versjon", "Version"): c.version,
                    }
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
                st.markdown(
                    f"- {local(e.at).strftime('%d.%m.%Y %H:%M')} · **{ui.escape(e.action)}** · {ui.escape(e.actor)}"
                )


def _files(agreement_id: str, agreement: Any, lang: str) -> dict[str, Any]:
    cache = st.session_state.setdefault("reg_files", {})
    key = (agreement_id, lang)
    if key not in cache:
        cache[key] = ui.agreement_files(agreement, ui.store().get_pdf(agreement_id), lang)
    return dict(cache[key])


def verify() -> None:
    st.markdown(
        ui.tr(
            "Slipp en PDF her for å sjekke at den er uendret og finnes i registeret.",
            "Drop a PDF here to check that it is unchanged and in the registry.",
        )
    )
    up = st.file_uploader(ui.tr("PDF som skal sjekkes", "PDF to check"), type=["pdf"], key="verify_pdf")
    if up is None:
        return
    try:
        result = verify_pdf(up.getvalue())
    except RenderError as err:
        if err.code == "render.not-ours":
            st.warning(
                ui.tr(
                    "Ukjent: PDF-en er ikke laget med Avtaleverk (den har ingen innebygd avtale).",
                    "Unknown: the PDF was not made with Avtaleverk (it has no embedded agreement).",
                ),
                icon=":material/help:",
            )
        else:
            st.error(ui.tr("Filen kan ikke leses som PDF.", "The file cannot be read as a PDF."))
        return
    if not result.ok:
        st.error(
            ui.tr(
                "Endret: PDF-en stemmer ikke med avtalen den sier den inneholder.",
                "Altered: the PDF does not match the agreement it claims to hold.",
            ),
            icon=":material/gpp_bad:",
        )
        st.markdown("\n".join(f"- {ui.escape(m)}" for m in result.messages(state.lang())))
        return
    try:
        record = ui.store().find_by_hash(str(result.content_hash))
    except NotFoundError:
        record = None
    if record is None:
        st.warning(
            ui.tr(
                f"Uendret, men ikke registrert: {result.document_id} finnes ikke i dette registeret.",
                f"Intact but not registered: {result.document_id} is not in this registry.",
            ),
            icon=":material/help:",
        )
        return
    parties = " – ".join(f"{p.name} ({p.orgnr})" for p in record.parties)
    st.success(
        ui.tr(f"Uendret og registrert: {record.id}", f"Intact and registered: {record.id}"), icon=":material/verified:"
    )
    st.markdown(
        f"{ui.tr('Parter', 'Parties')}: **{ui.escape(parties)}**  \n"
        f"{ui.tr('Status', 'Status')}: **{ui.escape(ui.status_label(record.status))}**"
    )


def page() -> None:
    ui.kicker(ui.t("app.title"))
    st.title(ui.tr("Avtaleregisteret", "The agreement registry"))
    tab_list, tab_verify = st.tabs([ui.tr("Avtaler", "Agreements"), ui.tr("Verifiser en PDF", "Verify a PDF")])
    with tab_list:
        agreement_list()
    with tab_verify:
        verify()


ui.run_safely(page)
