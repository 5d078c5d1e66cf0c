"""Small helpers every page shares: UI words (nb/en), the cached store and library, errors, styling.

Nothing here decides anything about agreements: texts of the agreement, validation and decisions
all come from ``engine``. This module only holds the words around them and the plumbing.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import streamlit as st

from app import state
from engine import AvtaleverkError, Library, load_library
from engine.core.agreement import pick

ROOT = Path(__file__).resolve().parent.parent
LIBRARY_ENV = "AVTALEVERK_LIBRARY_DIR"

# --------------------------------------------------------------------------- words

WORDS: dict[str, dict[str, str]] = {
    "app.title": {"nb": "Avtaleverk", "en": "Avtaleverk"},
    "app.tagline": {
        "nb": "Standardavtaler for datadeling – enkelt, rettferdig og maskinlesbart.",
        "en": "Standard data-sharing agreements – simple, fair and machine-readable.",
    },
    "nav.wizard": {"nb": "Ny avtale", "en": "New agreement"},
    "nav.check": {"nb": "Sjekk bruk", "en": "Check a use"},
    "nav.registry": {"nb": "Avtaler", "en": "Agreements"},
    "nav.workshop": {"nb": "Klausulverksted", "en": "Clause workshop"},
    "nav.section.use": {"nb": "Avtaler og bruk", "en": "Agreements and use"},
    "nav.section.advisors": {"nb": "For juridiske rådgivere", "en": "For legal advisors"},
    "lang.label": {"nb": "Språk", "en": "Language"},
    "error.title": {"nb": "Noe gikk galt", "en": "Something went wrong"},
    "error.unexpected": {
        "nb": "En uventet feil oppstod. Prøv igjen, eller kontakt den som drifter tjenesten.",
        "en": "An unexpected error occurred. Try again, or contact whoever runs the service.",
    },
    "logged_in_as": {"nb": "Logget inn som", "en": "Logged in as"},
    "logout": {"nb": "Logg ut", "en": "Log out"},
    "status.draft": {"nb": "Utkast", "en": "Draft"},
    "status.final": {"nb": "Endelig", "en": "Final"},
    "status.signed": {"nb": "Signert", "en": "Signed"},
    "status.terminated": {"nb": "Avsluttet", "en": "Terminated"},
    "status.review": {"nb": "Til gjennomgang", "en": "In review"},
    "status.published": {"nb": "Publisert", "en": "Published"},
    "status.retired": {"nb": "Trukket tilbake", "en": "Retired"},
    "dl.pdf": {"nb": "Last ned PDF/A (for signering)", "en": "Download PDF/A (for signing)"},
    "dl.docx": {"nb": "Last ned Word (DOCX)", "en": "Download Word (DOCX)"},
    "dl.jsonld": {"nb": "Policy som JSON-LD", "en": "Policy as JSON-LD"},
    "dl.ttl": {"nb": "Policy som Turtle", "en": "Policy as Turtle"},
    "yes": {"nb": "Ja", "en": "Yes"},
    "no": {"nb": "Nei", "en": "No"},
}


def t(key: str, **kw: Any) -> str:
    """The UI word ``key`` in the chosen language."""
    text = pick(WORDS[key], state.lang())
    return text.format(**kw) if kw else text


def tr(nb: str, en: str) -> str:
    """Inline UI text in both languages (for words used once, next to where they are shown)."""
    return en if state.lang() == "en" else nb


def status_label(status: Any) -> str:
    key = f"status.{getattr(status, 'value', status)}"
    return t(key) if key in WORDS else str(status)


# --------------------------------------------------------------------------- store and library


def library_root() -> Path:
    return Path(os.environ.get(LIBRARY_ENV) or ROOT)


@st.cache_resource(show_spinner=False)
def _store(url: str | None, root: str) -> Any:
    from engine.store import initialise, open_store

    s = open_store(url)
    if not s.published_clause_sources():  # `avtale serve` does this; a bare `streamlit run` too
        initialise(s, Path(root) / "clauses", demo_user=False)
    return s


def store() -> Any:
    """The registry (``AVTALEVERK_DATABASE_URL`` or the default SQLite file), opened once per process."""
    return _store(os.environ.get("AVTALEVERK_DATABASE_URL"), str(library_root()))


@st.cache_data(ttl=30, show_spinner=False)
def _published(url: str | None, root: str) -> tuple[str, dict[str, str]]:
    sources = store().published_clause_sources()
    digest = hashlib.sha256(repr(sorted(sources.items())).encode("utf-8")).hexdigest()
    return digest, sources


@st.cache_resource(show_spinner=False, max_entries=4)
def _library(digest: str, root: str, _sources: dict[str, str]) -> Library:
    from engine.store import published_library

    if not _sources:
        return load_library(root)
    return published_library(store(), Path(root) / "agreements")


def library() -> Library:
    """Agreement types from files, clauses in their latest published version from the registry."""
    root = str(library_root())
    digest, sources = _published(os.environ.get("AVTALEVERK_DATABASE_URL"), root)
    return _library(digest, root, sources)


def library_changed() -> None:
    """Call after publishing a clause version: the next page run builds the library anew."""
    _published.clear()


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
        import logging

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


def style() -> None:
    st.html(CSS)


def kicker(text: str) -> None:
    st.html(f'<p class="av-kicker">{escape(text)}</p>')


def escape(text: Any) -> str:
    import html

    return html.escape(str(text), quote=True)


def _switch_language() -> None:
    chosen = st.session_state.get("lang_switch")
    if chosen in ("nb", "en"):
        state.set_lang(chosen)


def sidebar() -> None:
    """Language switch and who is logged in; shown on every page."""
    with st.sidebar:
        st.session_state["lang_switch"] = state.lang()
        st.segmented_control(
            t("lang.label"),
            options=["nb", "en"],
            format_func=lambda v: {"nb": "Norsk", "en": "English"}[v],
            key="lang_switch",
            selection_mode="single",
            on_change=_switch_language,
        )
        user = state.user()
        if user is not None:
            st.caption(f"{t('logged_in_as')} **{user.display_name}** ({user.username})")
            if st.button(t("logout"), key="logout"):
                st.session_state["user"] = None
                st.rerun()


# --------------------------------------------------------------------------- engine add-ons (one call each)


def rights_summary(agreement: Any, lang: str) -> list[Any]:
    """may / may not / must rows (``engine.core.summary``); empty until that module exists."""
    try:
        from engine.core.summary import rights_summary as summarise
    except ImportError:
        return []
    return list(summarise(agreement, lang))


def fairness_flags(agreement: Any) -> list[Any]:
    """Fairness flags (``engine.core.fairness``, EU Data Act Art. 13); empty until that module exists."""
    try:
        from engine.core.fairness import check_fairness
    except ImportError:
        return []
    return list(check_fairness(agreement))


def agreement_files(agreement: Any, pdf: bytes | None, lang: str) -> dict[str, tuple[bytes | str, str, str]]:
    """What a finished agreement can be downloaded as: key → (data, file name, mime type)."""
    import json

    from engine.odrl import policy_from_dict, policy_to_turtle
    from engine.render import render

    stem = agreement.metadata.document_id
    files: dict[str, tuple[bytes | str, str, str]] = {}
    summary = rights_summary(agreement, lang)
    if pdf is None:
        pdf = bytes(render(agreement, "pdf", summary=summary))
    files["pdf"] = (pdf, f"{stem}.pdf", "application/pdf")
    files["docx"] = (
        bytes(render(agreement, "docx", summary=summary)),
        f"{stem}.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    if agreement.policy is not None:
        files["jsonld"] = (
            json.dumps(agreement.policy, ensure_ascii=False, indent=2),
            f"{stem}.policy.jsonld",
            "application/ld+json",
        )
        files["ttl"] = (policy_to_turtle(policy_from_dict(agreement.policy)), f"{stem}.policy.ttl", "text/turtle")
    return files


def download_buttons(files: dict[str, tuple[bytes | str, str, str]], key: str) -> None:
    order = [k for k in ("pdf", "docx", "jsonld", "ttl") if k in files]
    for row in range(0, len(order), 2):
        cols = st.columns(2)
        for col, name in zip(cols, order[row : row + 2], strict=False):
            data, file_name, mime = files[name]
            col.download_button(
                t(f"dl.{name}"),
                data=data,
                file_name=file_name,
                mime=mime,
                key=f"{key}_{name}",
                type="primary" if name == "pdf" else "secondary",
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


def preview_html(agreement: Any) -> str:
    """The agreement's own HTML (``engine.render``), fitted to a column beside the questions."""
    from engine.render import render_html

    return render_html(agreement).replace("</head>", PREVIEW_CSS + "</head>", 1)
