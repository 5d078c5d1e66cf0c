"""The layers of ``engine/`` and ``app/``, checked from the source (every import, function bodies included).

    cli, app, api ──► services ──► rdf, render, store ──► core ──► odrl.model, odrl.vocab
          │                                               │            │
          └──► engine (the public __init__)               └────────────┴──► errors, i18n, files

* an import may only go down this picture (``ALLOWED``); odrl as a whole is beside core, and may use
  only errors and i18n;
* no import cycle between engine modules, however deep in a function or a ``TYPE_CHECKING`` block the
  import hides;
* no heavy third-party library (``HEAVY``) in core, odrl, errors, i18n or files, at any level;
* no function-level import of an engine module: a lazy import is only for a heavy library inside an
  adapter. Two exceptions, by name (``LAZY_EXCEPTIONS``), both package facades that keep a heavy
  library out of every process that does not need it, as their docstrings document: ``engine.odrl``
  reaches ``engine.rdf`` lazily (in functions, typed under ``TYPE_CHECKING``) for ``parse_*`` and
  ``to_graph`` (rdflib); ``engine.store`` reaches ``engine.store.sql`` lazily for ``open_store``,
  ``upgrade_database`` and ``SqlStore`` (SQLAlchemy, SQLModel, Alembic).

The checker runs over a folder, so ``test_the_checker_*`` prove on a synthetic tree that it fails.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import ROOT

#: Libraries only an adapter may import (rdf: rdflib, pyshacl, pyoxigraph; render: the PDF/DOCX stack;
#: store: the database stack; the edges: their frameworks).
HEAVY = frozenset(
    {
        *("rdflib", "pyshacl", "pyoxigraph"),
        *("pypdf", "weasyprint", "docx", "pyhanko"),
        *("sqlalchemy", "sqlmodel", "psycopg", "alembic"),
        *("streamlit", "typer", "fastapi", "uvicorn"),
    }
)

#: The layer of a module: the longest matching prefix wins.
LAYERS = {
    "engine": "engine",  # the public package __init__ only (see layer_of)
    "engine.errors": "base",
    "engine.i18n": "base",
    "engine.files": "base",
    "engine.core": "core",
    "engine.odrl": "odrl",
    "engine.odrl.model": "odrl.model",
    "engine.odrl.vocab": "odrl.vocab",
    "engine.rdf": "rdf",
    "engine.render": "render",
    "engine.store": "store",
    "engine.services": "services",
    "engine.cli": "cli",
    "engine.api": "api",
    "app": "app",
}
ODRL = {"odrl", "odrl.model", "odrl.vocab"}
ADAPTERS = {"rdf", "render", "store"}

#: layer → the layers it may import (its own layer is always allowed).
ALLOWED: dict[str, set[str]] = {
    "base": set(),
    "odrl": {"base"} | ODRL,
    "odrl.model": {"base"} | ODRL,
    "odrl.vocab": {"base"} | ODRL,
    "core": {"base", "odrl.model", "odrl.vocab"},
    "engine": {"base", "core", "odrl.model", "odrl.vocab"},
    **{adapter: {"base", "core"} | ODRL for adapter in ADAPTERS},
    "services": {"base", "core", "engine"} | ODRL | ADAPTERS,
    **{edge: {"services", "engine"} for edge in ("cli", "app", "api")},
}
PURE = {"base", "core"} | ODRL

#: (importing module, imported module or package): the only function-level engine imports there may be.
LAZY_EXCEPTIONS = {("engine.odrl", "engine.rdf"), ("engine.store", "engine.store.sql")}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the module imported (a submodule when ``from pkg import mod`` names one)
    file: str  # of the importing module, relative to the root
    line: int
    lazy: bool  # inside a function body
    type_only: bool = False  # under ``if TYPE_CHECKING:``

    @property
    def deferred(self) -> bool:
        return self.lazy or self.type_only

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def module_names(root: Path, packages: Iterable[str] = ("engine", "app")) -> dict[str, Path]:
    """Every module under ``root/<package>``: dotted name → file (``pkg/__init__.py`` is ``pkg``)."""
    out: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


class _Collector(ast.NodeVisitor):
    def __init__(self, module: str, file: str, known: set[str]) -> None:
        self.module, self.file, self.known = module, file, known
        self.is_package = file.endswith("__init__.py")
        self.depth = 0
        self.type_only = False
        self.found: list[Import] = []

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
            isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
        ):  # a type-only import still counts for edges and cycles: it is how a cycle hides
            outer, self.type_only = self.type_only, True
            for child in node.body:
                self.visit(child)
            self.type_only = outer
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def _add(self, target: str, node: ast.stmt) -> None:
        self.found.append(Import(self.module, target, self.file, node.lineno, self.depth > 0, self.type_only))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            package = self.module if self.is_package else self.module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{base}".strip(".")
        for alias in node.names:
            sub = f"{base}.{alias.name}"
            self._add(sub if sub in self.known else base, node)


def imports(root: Path) -> list[Import]:
    """Every import statement in every module under ``root`` (engine/ and app/)."""
    modules = module_names(root)
    known = set(modules)
    found: list[Import] = []
    for name, path in modules.items():
        collector = _Collector(name, path.relative_to(root).as_posix(), known)
        collector.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        found.extend(collector.found)
    return list(dict.fromkeys(found))  # ``from x import a, b`` is one edge


def layer_of(module: str) -> str | None:
    """The layer of an engine/app module, or None for anything else (stdlib, third party)."""
    if module == "engine":
        return "engine"
    matches = [p for p in LAYERS if p != "engine" and (module == p or module.startswith(p + "."))]
    return LAYERS[max(matches, key=len)] if matches else None


def _ours(module: str) -> bool:
    return module in ("engine", "app") or module.startswith(("engine.", "app."))


def _exception(imp: Import) -> tuple[str, str] | None:
    """The entry of ``LAZY_EXCEPTIONS`` that allows this deferred import (its target or a module inside it)."""
    if not imp.deferred:
        return None
    for source, target in LAZY_EXCEPTIONS:
        if imp.source == source and (imp.target == target or imp.target.startswith(target + ".")):
            return source, target
    return None


def _excepted(imp: Import) -> bool:
    return _exception(imp) is not None


def forbidden_edges(found: Iterable[Import]) -> list[str]:
    out: list[str] = []
    for imp in found:
        src, dst = layer_of(imp.source), layer_of(imp.target)
        if src is None or dst is None or src == dst:
            continue
        if _excepted(imp):
            continue
        if dst not in ALLOWED[src]:
            out.append(f"{imp.where}: {src} must not import {dst} ({imp.source} → {imp.target})")
    return out


def heavy_imports(found: Iterable[Import]) -> list[str]:
    return [
        f"{imp.where}: {imp.source} imports {imp.target}, which only an adapter may use"
        for imp in found
        if layer_of(imp.source) in PURE and imp.target.split(".")[0] in HEAVY
    ]


def lazy_engine_imports(found: Iterable[Import]) -> list[str]:
    return [
        f"{imp.where}: {imp.source} imports {imp.target} inside a function (import it at the top)"
        for imp in found
        if imp.lazy and _ours(imp.target) and not _excepted(imp)
    ]


def cycles(found: Iterable[Import]) -> list[list[str]]:
    """Strongly connected components of more than one module (or a module importing itself)."""
    graph: dict[str, set[str]] = {}
    for imp in found:
        if imp.source.startswith("engine") and imp.target.startswith("engine"):
            graph.setdefault(imp.source, set()).add(imp.target)
            graph.setdefault(imp.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan; the graph is small, recursion is fine
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                out.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


def problems(root: Path) -> Iterator[str]:
    found = imports(root)
    yield from forbidden_edges(found)
    yield from heavy_imports(found)
    yield from lazy_engine_imports(found)
    yield from (f"import cycle: {' → '.join(c)} → {c[0]}" for c in cycles(found))


# --------------------------------------------------------------------------- the real tree


@pytest.fixture(scope="module")
def found() -> list[Import]:
    return imports(ROOT)


def test_every_module_is_in_a_layer() -> None:
    unplaced = [m for m in module_names(ROOT) if layer_of(m) is None]
    assert unplaced == []


def test_no_forbidden_edge(found: list[Import]) -> None:
    assert forbidden_edges(found) == []


def test_no_heavy_library_in_the_pure_layers(found: list[Import]) -> None:
    assert heavy_imports(found) == []


def test_no_function_level_engine_import(found: list[Import]) -> None:
    assert lazy_engine_imports(found) == []


def test_no_import_cycle(found: list[Import]) -> None:
    assert cycles(found) == []


def test_each_exception_is_documented_where_it_is_made() -> None:
    modules = module_names(ROOT)
    for source, target in LAZY_EXCEPTIONS:
        docstring = ast.get_docstring(ast.parse(modules[source].read_text(encoding="utf-8")))
        assert docstring is not None and target in docstring, source


def test_each_exception_is_used(found: list[Import]) -> None:
    """An exception nobody needs any more is removed, not kept as a licence."""
    assert {_exception(imp) for imp in found} - {None} == LAZY_EXCEPTIONS


# --------------------------------------------------------------------------- the checker can fail


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")
    for package in {p.parent for p in root.rglob("*.py")}:
        (package / "__init__.py").touch()
    return root


CLEAN = {
    "engine/errors.py": "",
    "engine/core/agreement.py": "from engine.errors import AvtaleverkError\nfrom engine.odrl.model import Policy\n",
    "engine/odrl/model.py": "import pydantic\n",
    "engine/render/html.py": "from engine.core import agreement\n\ndef pdf():\n    import weasyprint\n",
    "engine/services/finish.py": "from engine.render.html import pdf\n",
    "engine/cli/main.py": "from engine.services import finish\nfrom engine import AvtaleverkError\n",
    "app/main.py": "from engine.services.finish import pdf\n",
}


def test_the_checker_passes_a_clean_tree(tmp_path: Path) -> None:
    assert list(problems(_tree(tmp_path, CLEAN))) == []


def test_the_checker_reports_a_forbidden_edge(tmp_path: Path) -> None:
    root = _tree(tmp_path, {**CLEAN, "engine/core/summary.py": "from engine.render.html import pdf\n"})
    assert list(problems(root)) == [
        "engine/core/summary.py:1: core must not import render (engine.core.summary → engine.render.html)"
    ]


def test_the_checker_reports_an_edge_app_must_not_take(tmp_path: Path) -> None:
    root = _tree(tmp_path, {**CLEAN, "app/main.py": "import streamlit\nfrom engine.store import sql\n"})
    assert list(problems(root)) == ["app/main.py:2: app must not import store (app.main → engine.store)"]


def test_the_checker_reports_a_cycle_through_a_type_only_import(tmp_path: Path) -> None:
    source = "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from engine.core.compose import Plan\n"
    compose = "from engine.core import policy\n"
    root = _tree(tmp_path, {**CLEAN, "engine/core/policy.py": source, "engine/core/compose.py": compose})
    assert list(problems(root)) == ["import cycle: engine.core.compose → engine.core.policy → engine.core.compose"]


def test_the_checker_reports_a_forbidden_type_only_import(tmp_path: Path) -> None:
    source = "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from engine.store import Store\n"
    root = _tree(tmp_path, {**CLEAN, "app/main.py": source})
    assert list(problems(root)) == ["app/main.py:4: app must not import store (app.main → engine.store)"]


def test_the_checker_reports_a_cycle_hidden_in_a_function(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            **CLEAN,
            "engine/core/compose.py": "from engine.core import policy\n",
            "engine/core/policy.py": "def build():\n    from engine.core.compose import Plan\n",
        },
    )
    assert list(problems(root)) == [
        "engine/core/policy.py:2: engine.core.policy imports engine.core.compose inside a function (import it at "
        "the top)",
        "import cycle: engine.core.compose → engine.core.policy → engine.core.compose",
    ]


def test_the_checker_reports_a_heavy_library_in_a_function_body(tmp_path: Path) -> None:
    root = _tree(tmp_path, {**CLEAN, "engine/odrl/evaluate.py": "def to_graph():\n    import rdflib.graph\n"})
    assert list(problems(root)) == [
        "engine/odrl/evaluate.py:2: engine.odrl.evaluate imports rdflib.graph, which only an adapter may use"
    ]


def test_the_checker_allows_only_the_named_exception(tmp_path: Path) -> None:
    facade = (
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from engine.rdf import read\n\n"
        "def parse_policies():\n    from engine.rdf.read import parse\n"
    )
    assert list(problems(_tree(tmp_path / "ok", {**CLEAN, "engine/odrl/__init__.py": facade}))) == []
    other = {**CLEAN, "engine/odrl/evaluate.py": facade}
    assert list(problems(_tree(tmp_path / "bad", other))) == [
        "engine/odrl/evaluate.py:4: odrl must not import rdf (engine.odrl.evaluate → engine.rdf)",
        "engine/odrl/evaluate.py:7: odrl must not import rdf (engine.odrl.evaluate → engine.rdf.read)",
        "engine/odrl/evaluate.py:7: engine.odrl.evaluate imports engine.rdf.read inside a function (import it "
        "at the top)",
    ]


def test_the_store_facade_may_load_only_its_sql_backend_lazily(tmp_path: Path) -> None:
    lazy = "def open_store():\n    from engine.store.sql import SqlStore\n"
    assert list(problems(_tree(tmp_path / "ok", {**CLEAN, "engine/store/__init__.py": lazy}))) == []
    memory = "def open_store():\n    from engine.store.memory import MemoryStore\n"
    elsewhere = {**CLEAN, "engine/store/__init__.py": memory, "engine/store/service.py": lazy}
    assert list(problems(_tree(tmp_path / "bad", elsewhere))) == [
        "engine/store/__init__.py:2: engine.store imports engine.store.memory inside a function (import it at the "
        "top)",
        "engine/store/service.py:2: engine.store.service imports engine.store.sql inside a function (import it at "
        "the top)",
    ]
