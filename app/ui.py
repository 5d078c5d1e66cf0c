"""Small helpers every page shares: the UI words, the cached registry and library, errors, styling.

Nothing here decides anything about agreements: texts of the agreement, validation and decisions all
come from ``engine.services``. This module holds the words around them and the plumbing. It is also the
one place in the app that opens the registry (through ``engine.services.registry``).
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import streamlit as st

from app import state
from app.texts import TEXTS
from engine import LANGS, AvtaleverkError, Library, load_library, text
from engine.services import registry
from engine.services.documents import Rendition, preview_html

ROOT = Path(__file__).resolve().parent.parent
LIBRARY_ENV = "AVTALEVERK_LIBRARY_DIR"

# --------------------------------------------------------------------------- words


def t(key: str, /, **values: Any) -> str:
    """The UI text ``key`` in the reader's language, ``{name}`` placeholders filled from ``values``."""
    return text(TEXTS, key, state.lang(), **values)


# A widget's ``format_func`` is called wherever the widget is read (AppTest reads it outside the script
# run), so it must not read session state: pages work out the labels first and pass ``dict.__getitem__``.


def status_label(status: Any) -> str:
    key = f"status.{getattr(status, 'value', status)}"
    return t(key) if key in TEXTS else str(status)


def escape(value: Any) -> str:
    return html.escape(str(value), quote=True)


# --------------------------------------------------------------------------- registry and library


def library_root() -> Path:
    return Path(os.environ.get(LIBRARY_ENV) or ROOT)


@st.cache_resource(show_spinner=False)
def _store(url: str | None, root: str) -> registry.Store:
    s = registry.open_store(url)
    if not s.published_clause_sources():  # `avtale serve` does this; a bare `streamlit run` too
        registry.initialise(s, Path(root) / "clauses", demo_user=False)
    return s


def store() -> registry.Store:
    """The registry (``AVTALEVERK_DATABASE_URL`` or the default SQLite file), opened once per process."""
    return _store(os.environ.get(registry.DATABASE_URL_ENV), str(library_root()))


@st.cache_data(ttl=30, show_spinner=False)
def _published(url: str | None, root: str) -> tuple[str, dict[str, str]]:
    sources = store().published_clause_sources()
    digest = hashlib.sha256(repr(sorted(sources.items())).encode("utf-8")).hexdigest()
    return digest, sources


@st.cache_resource(show_spinner=False, max_entries=4)
def _library(digest: str, root: str, _sources: dict[str, str]) -> Library:
    if not _sources:
        return load_library(root)
    return registry.published_library(store(), Path(root) / "agreements")


def library() -> Library:
    """Agreement types from files, clauses in their latest published version from the registry."""
    root = str(library_root())
    digest, sources = _published(os.environ.get(registry.DATABASE_URL_ENV), root)
    return _library(digest, root, sources)


def library_changed() -> None:
    """Call after publishing a clause version: the next page run builds the library anew."""
    _published.clear()


def agreement_statuses() -> list[str]:
    """Every status an agreement can have, in lifecycle order."""
    return [s.value for s in registry.AgreementStatus]


def next_statuses(status: str) -> list[str]:
    """The statuses an agreement may move to from ``status`` (forward only; the store enforces it)."""
    return [s.value for s in registry.next_statuses(status)]


def actor(default: str) -> str:
    """Who is acting, for the audit log: the signed-in user, else ``default``."""
    user = state.user()
    return str(user.username) if user is not None else default


# --------------------------------------------------------------------------- errors


@contextmanager
def shows_errors() -> Iterator[None]:
    """Show engine errors as one clear message, never a traceback."""
    try:
        yield
    except AvtaleverkError as err:
        show_error(err)


def show_error(err: AvtaleverkError) -> None:
    lines = [p.message for p in err.problems] if err.problems else []
    if lines:
        st.error(err.message + "\n\n" + "\n".join(f"- {line}" for line in lines[:12]))
    else:
        st.error(err.one_line())


def run_safely(body: Callable[[], None]) -> None:
    """Run a page: engine errors are shown plainly; anything else gets a calm message, not a traceback."""
    try:
        body()
    except AvtaleverkError as err:
        show_error(err)
    except Exception:
        if os.environ.get("AVTALEVERK_APP_DEBUG"):  # tests: let the bug show
            raise
        logging.getLogger("avtaleverk.app").exception("page failed")
        st.error(t("error.unexpected"))


# --------------------------------------------------------------------------- look


CSS = """
<style>
.block-container {padding-top: 4rem; max-width: 1280px;}
.av-kicker {font-size: .8rem; letter-spacing: .06em; text-transform: uppercase; color: #5b6675; margin: 0;}
.av-answer {border-radius: 10px; padding: 1.1rem 1.4rem; margin: .4rem 0 1rem 0; border: 1px solid;}
.av-answer h2 {margin: 0 0 .3rem 0; font-size: 2.4rem; line-height: 1.1;}
.av-answer p {margin: 0; font-size: 1.05rem;}
.av-ja {background: #ecf8f0; border-color: #9fd8b3; color: #0f5132;}
.av-nei {background: #fdeeee; border-color: #f0a8a8; color: #842029;}
.av-ja_hvis {background: #fff7e6; border-color: #f5cf7a; color: #664d03;}
.av-clause {border-left: 3px solid #c8d1dc; padding: .2rem 0 .2rem .8rem; margin: .4rem 0 .8rem 0;}
.av-clause .num {font-weight: 600; margin-right: .4rem;}
.av-muted {color: #5b6675; font-size: .9rem;}
.av-flag-red {border-left: 4px solid #c0392b; padding-left: .7rem; margin: .3rem 0;}
.av-flag-amber {border-left: 4px solid #d68910; padding-left: .7rem; margin: .3rem 0;}
.av-hash {font-family: ui-monospace, monospace; font-size: .8rem; word-break: break-all;}
table.diff {font: 12px ui-monospace, monospace; border-collapse: collapse; width: 100%;}
table.diff td {padding: 1px 4px; vertical-align: top; white-space: pre-wrap; word-break: break-word;}
.diff_header {color: #888;} .diff_next {display: none;}
.diff_add {background: #dcf5e3;} .diff_chg {background: #fff2c2;} .diff_sub {background: #fbd9d9;}
@media (min-width: 900px) {
  /* the live preview stays in view while the questions scroll */
  div[data-testid="stColumn"]:has(iframe) {position: sticky; top: 3.8rem; align-self: flex-start;}
}
@media (max-width: 640px) {
  .block-container {padding-left: .8rem; padding-right: .8rem;}
  .av-answer h2 {font-size: 1.8rem;}
}
</style>
"""


def setup() -> None:
    """Every run, before any page: the page config, the session state, the look."""
    st.set_page_config(page_title="Avtaleverk", page_icon=":material/handshake:", layout="wide")
    state.init_state()
    st.html(CSS)


def kicker(value: str) -> None:
    st.html(f'<p class="av-kicker">{escape(value)}</p>')


def hash_line(label_key: str, content_hash: str) -> None:
    st.html(f"<p class='av-muted'>{escape(t(label_key))}</p><p class='av-hash'>{escape(content_hash)}</p>")


def _switch_language() -> None:
    chosen = st.session_state.get("lang_switch")
    if chosen in LANGS:
        state.set_lang(chosen)


def sidebar() -> None:
    """Language switch and who is logged in; shown on every page."""
    with st.sidebar:
        st.session_state["lang_switch"] = state.lang()
        names = {lang: t(f"lang.{lang}") for lang in LANGS}
        st.segmented_control(
            t("lang.label"),
            options=list(LANGS),
            format_func=names.__getitem__,
            key="lang_switch",
            selection_mode="single",
            on_change=_switch_language,
        )
        user = state.user()
        if user is not None:
            st.caption(f"{t('logged_in_as')} **{user.display_name}** ({user.username})")
            if st.button(t("logout"), key="logout"):
                state.set_user(None)
                st.rerun()


def download_buttons(files: Sequence[Rendition], key: str) -> None:
    """One button per file, two to a row, the PDF first and primary."""
    for row in range(0, len(files), 2):
        cols = st.columns(2)
        for col, f in zip(cols, files[row : row + 2], strict=False):
            col.download_button(
                t(f"dl.{f.kind}"),
                data=f.data,
                file_name=f.file_name,
                mime=f.mime,
                key=f"{key}_{f.kind}",
                type="primary" if f.kind == "pdf" else "secondary",
                icon=":material/download:",
                on_click="ignore",
                width="stretch",
            )


PREVIEW_CSS = """<style>
@media screen {
  html { background: #fff; }
  body { max-width: none; margin: 0; padding: 8px 14px 24px 8px; box-shadow: none; font-size: 10pt; }
  .party-grid { flex-wrap: wrap; gap: 4mm; }
  .party { min-width: 52mm; }
  h1 { font-size: 18pt; }
  code { word-break: break-all; }
}
</style>
"""


def preview(agreement: Any, summary: Sequence[Any] | None = None) -> None:
    """The agreement's own HTML page, fitted to a column beside the questions."""
    page = preview_html(agreement, summary=summary).replace("</head>", PREVIEW_CSS + "</head>", 1)
    st.iframe(page, height=620)
