"""What an agreement means, shown in the app: the rights summary box and the fairness flags.

Both are worded by ``engine.services.summary``; this module only lays them out.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from app import ui
from engine.services.summary import KINDS, FlagView, SummaryRow

ICONS = {
    "may": ":green[:material/check_circle:]",
    "may_not": ":red[:material/block:]",
    "must": ":orange[:material/assignment:]",
}


def rights_box(rows: Sequence[SummaryRow]) -> None:
    """«Kort fortalt»: may / may not / must, each line citing its clause (nothing when there is no summary)."""
    if not rows:
        return
    st.subheader(ui.t("wizard.summary.title"))
    with st.container(border=True):
        for kind in KINDS:
            st.markdown(f"{ICONS[kind]} **{ui.t(f'wizard.summary.{kind}')}**")
            lines = [
                f"- {ui.escape(r.text)} <span class='av-muted'>"
                f"({ui.t('wizard.summary.cite', number=ui.escape(r.clause_number))})</span>"
                for r in rows
                if r.kind == kind
            ]
            st.markdown("\n".join(lines) or "—", unsafe_allow_html=True)
    st.caption(ui.t("wizard.summary.note"))


def fairness_box(flags: Sequence[FlagView]) -> None:
    """The fairness check: each flag with its level, clause, answer and reason (or that none is flagged)."""
    st.subheader(ui.t("wizard.fairness.title"))
    if not flags:
        st.success(ui.t("wizard.fairness.none"), icon=":material/verified:")
    for f in flags:
        st.html(
            f"<div class='av-flag-{ui.escape(f.level)}'><b>{ui.escape(f.badge)}</b> · {ui.escape(f.where)}"
            f"<br>{ui.escape(f.reason)}</div>"
        )
