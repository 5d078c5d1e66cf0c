"""App test helpers that need no Streamlit: which pages there are.

``discover_pages()`` is the page list for the parametrised smoke test: every page file in
``app/pages``, so a new page is smoke-tested without anyone adding it to a list.
``registered_pages()`` reads the ``st.Page(...)`` entries of ``app/main.py``, so a test can check that
every page is reachable from the navigation and that no entry names a missing file.
"""

from __future__ import annotations

import ast

from tests.helpers import ROOT

APP = ROOT / "app"


def discover_pages() -> tuple[str, ...]:
    """``("pages/check.py", ...)``: every page in ``app/pages`` (paths relative to ``app/``), sorted."""
    pages = sorted((APP / "pages").glob("*.py"))
    return tuple(p.relative_to(APP).as_posix() for p in pages if not p.name.startswith("_"))


def registered_pages() -> tuple[str, ...]:
    """The page files ``app/main.py`` hands to ``st.Page``, as ``pages/<name>.py``, sorted."""
    tree = ast.parse((APP / "main.py").read_text(encoding="utf-8"))
    found = {
        f"pages/{arg.right.value}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page"
        for arg in node.args[:1]
        if isinstance(arg, ast.BinOp) and isinstance(arg.right, ast.Constant) and isinstance(arg.right.value, str)
    }
    return tuple(sorted(found))
