"""App test helpers: which pages there are, an ``AppTest`` on a throw-away registry, and widget drivers.

``discover_pages()`` is the page list for the parametrised smoke test: every page file in ``app/pages``,
so a new page is smoke-tested without anyone adding it to a list; ``registered_pages()`` reads the
``st.Page(...)`` entries of ``app/main.py``, so a test can check every page is reachable.
``app_env(tmp_path, library)`` points the app at a fresh SQLite registry initialised through the
store API (the shipped library or the mini one in ``tests/data/library``) and returns the store.
``make_app(**state)`` builds ``AppTest.from_file("app/main.py")`` and seeds ``session_state``.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from engine.store import Role, Store, initialise, open_store
from tests.helpers import MINI, ROOT

APP_DIR = ROOT / "app"
APP = APP_DIR / "main.py"


def discover_pages() -> tuple[str, ...]:
    """``("pages/check.py", ...)``: every page in ``app/pages`` (paths relative to ``app/``), sorted."""
    pages = sorted((APP_DIR / "pages").glob("*.py"))
    return tuple(p.relative_to(APP_DIR).as_posix() for p in pages if not p.name.startswith("_"))


def registered_pages() -> tuple[str, ...]:
    """The page files ``app/main.py`` hands to ``st.Page``, as ``pages/<name>.py``, sorted."""
    tree = ast.parse((APP_DIR / "main.py").read_text(encoding="utf-8"))
    found = {
        f"pages/{arg.right.value}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page"
        for arg in node.args[:1]
        if isinstance(arg, ast.BinOp) and isinstance(arg.right, ast.Constant) and isinstance(arg.right.value, str)
    }
    return tuple(sorted(found))


PAGES = discover_pages()
TIMEOUT = 60

PASSWORDS = {"anne": "anne-har-et-langt-passord", "bjorn": "bjorn-har-et-langt-passord", "root": "root-passord-123"}


def cheap_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 at its cheapest for the test's users: the same code paths, a fraction of the time (the
    production parameters are the store's business, tested there)."""
    from argon2 import PasswordHasher

    from engine.store import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def app_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, library: Path = MINI) -> Store:
    """A fresh registry for one test, with two advisors and one admin; the app reads it from the env."""
    cheap_passwords(monkeypatch)
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    monkeypatch.setenv("AVTALEVERK_DATABASE_URL", url)
    monkeypatch.setenv("AVTALEVERK_LIBRARY_DIR", str(library))
    monkeypatch.setenv("AVTALEVERK_APP_DEBUG", "1")
    store = open_store(url)
    initialise(store, library / "clauses", demo_user=False)
    store.add_user("anne", "Anne Advokat", Role.advisor, PASSWORDS["anne"])
    store.add_user("bjorn", "Bjørn Jurist", Role.advisor, PASSWORDS["bjorn"])
    store.add_user("root", "Driftsansvarlig", Role.admin, PASSWORDS["root"])
    return store


def make_app(page: str | None = None, **state: Any) -> AppTest:
    """The app from its router, optionally switched to ``page``, with ``state`` seeded; already run."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def altered_pdf(pdf: bytes) -> bytes:
    """Same PDF, but the embedded agreement says something else (its hash no longer matches)."""
    import io
    import json

    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    data = json.loads(reader.attachments["agreement.json"][0])
    data["parties"][1]["name"] = "Noen andre AS"
    names = writer._root_object["/Names"]
    del names["/EmbeddedFiles"]
    writer.add_attachment("agreement.json", json.dumps(data).encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def red(at: AppTest) -> list[str]:
    """The inline validation messages under the wizard's questions."""
    return [m.value.removeprefix(":red[").removesuffix("]") for m in at.markdown if m.value.startswith(":red[")]


def html_bodies(at: AppTest) -> list[str]:
    return [str(h.proto.body) for h in at.get("html")]


def button(at: AppTest, label: str) -> Any:
    for b in at.button:
        if b.label == label:
            return b
    raise AssertionError(f"no button {label!r}: {[b.label for b in at.button]}")


# --------------------------------------------------------------------------- wizard driving


def set_answer(at: AppTest, qid: str, value: Any) -> None:
    """Set the widget(s) of one question (before ``run()``)."""
    if isinstance(value, dict):
        for field, v in value.items():
            at.text_input(key=f"q__{qid}__{field}").set_value(v)
        return
    key = f"q__{qid}"
    for kind in (
        "text_input",
        "text_area",
        "radio",
        "selectbox",
        "multiselect",
        "toggle",
        "number_input",
        "date_input",
    ):
        widgets = [w for w in getattr(at, kind) if getattr(w, "key", None) == key]
        if widgets:
            if kind == "date_input" and isinstance(value, str):
                value = dt.date.fromisoformat(value)
            widgets[0].set_value(value)
            return
    raise AssertionError(f"question {qid!r} has no widget on this step")


def fill_wizard(at: AppTest, answers: dict[str, Any], *, steps: int | None = None) -> None:
    """Answer what each step shows (from ``answers``) and press «Neste»: ``steps`` times, or to the review."""
    for _ in range(steps or 20):
        if not any(b.key == "next" for b in at.button):
            return
        done: set[str] = set()
        for _ in range(4):  # an answer can reveal more questions (visible_if)
            shown = {
                str(w.key)
                for kind in (
                    "text_input",
                    "text_area",
                    "radio",
                    "selectbox",
                    "multiselect",
                    "toggle",
                    "number_input",
                    "date_input",
                )
                for w in getattr(at, kind)
            }
            todo = [
                qid
                for qid, value in answers.items()
                if qid not in done and (f"q__{qid}__name" if isinstance(value, dict) else f"q__{qid}") in shown
            ]
            if not todo:
                break
            for qid in todo:
                set_answer(at, qid, answers[qid])
                done.add(qid)
            at.run()
        at.button(key="next").click().run()
        assert not at.exception, at.exception
        problems = red(at)
        assert not problems or any(b.key == "finish" for b in at.button), problems
    if steps is None:
        raise AssertionError("the wizard did not reach the review step")
