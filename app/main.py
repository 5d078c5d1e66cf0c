"""Avtaleverk in the browser: the router. Pages live in ``app/pages``; they call ``engine.services``."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run app/main.py` puts only app/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app import ui  # noqa: E402

PAGES = Path(__file__).resolve().parent / "pages"

ui.setup()
navigation = st.navigation(
    {
        ui.t("nav.section.use"): [
            st.Page(
                PAGES / "wizard.py",
                title=ui.t("nav.wizard"),
                icon=":material/edit_document:",
                url_path="ny-avtale",
                default=True,
            ),
            st.Page(PAGES / "check.py", title=ui.t("nav.check"), icon=":material/rule:", url_path="sjekk-bruk"),
            st.Page(
                PAGES / "registry.py", title=ui.t("nav.registry"), icon=":material/folder_open:", url_path="avtaler"
            ),
        ],
        ui.t("nav.section.advisors"): [
            st.Page(
                PAGES / "workshop.py", title=ui.t("nav.workshop"), icon=":material/gavel:", url_path="klausulverksted"
            ),
        ],
    }
)
ui.sidebar()
navigation.run()
