"""The public ``engine.odrl`` API: a sorted, complete ``__all__``; a pure engine with one named exception."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import engine.odrl as odrl

ROOT = Path(__file__).resolve().parents[1]
ODRL_DIR = ROOT / "engine" / "odrl"
REQUIRED = {
    "parse_policies",
    "parse_request",
    "State",
    "evaluate",
    "Report",
    "RuleReport",
    "build_request",
    "missing_questions",
    "policy_to_jsonld",
    "policy_to_turtle",
    "policy_from_dict",
    "Policy",
    "Rule",
}
ALLOWED = ("engine.errors", "engine.i18n", "engine.odrl", "pydantic")
FACADE_EXCEPTION = {"engine.rdf", "engine.rdf.report_graph"}
"""What ``engine/odrl/__init__.py`` alone may import inside functions (see its docstring)."""


def test_all_is_sorted_and_complete() -> None:
    assert odrl.__all__ == sorted(odrl.__all__, key=lambda n: (not n.isupper(), n[0].islower(), n))
    assert set(odrl.__all__) >= REQUIRED
    for name in odrl.__all__:
        assert hasattr(odrl, name), name


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(module, inside a function) for every import in a file, TYPE_CHECKING blocks included."""
    tree = ast.parse(path.read_text())
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((a.name, inner) for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                found.append((child.module, inner))
            visit(child, inner)

    visit(tree, False)
    return found


def test_odrl_imports_only_the_standard_library_pydantic_and_engine_basics() -> None:
    stdlib = sys.stdlib_module_names
    for path in sorted(ODRL_DIR.rglob("*.py")):
        for module, in_function in _imports(path):
            top = module.split(".")[0]
            if path.name == "__init__.py" and path.parent == ODRL_DIR and module in FACADE_EXCEPTION:
                assert in_function or module == "engine.rdf", (path, module)  # top level only under TYPE_CHECKING
                continue
            ok = top in stdlib or top == "__future__" or module.startswith(ALLOWED)
            assert ok, f"{path.relative_to(ROOT)} imports {module}"
            where = path.relative_to(ROOT)
            assert not (in_function and module.startswith("engine")), f"{where}: function-level import of {module}"


def test_evaluating_from_our_jsonld_never_loads_rdflib() -> None:
    code = (
        "import sys, pkgutil, importlib, engine.odrl\n"
        "for m in pkgutil.walk_packages(engine.odrl.__path__, 'engine.odrl.'): importlib.import_module(m.name)\n"
        "from engine.odrl import State, build_request, evaluate, policy_from_dict\n"
        "doc = {'@context': 'http://www.w3.org/ns/odrl.jsonld', '@type': 'Set', 'uid': 'http://e/p',\n"
        "       'permission': [{'action': 'use', 'constraint': [{'leftOperand': 'purpose', 'operator': 'isA',\n"
        "                       'rightOperand': {'@id': 'https://w3id.org/dpv#ResearchAndDevelopment'}}]}]}\n"
        "r = evaluate(policy_from_dict(doc), build_request(None, 'read', None, purpose='AcademicResearch'), State())\n"
        "assert r.decision == 'permit', r\n"
        "r.explain('nb'); r.to_dict('en'); r.rules\n"
        "bad = [m for m in ('rdflib', 'pyshacl', 'pyoxigraph', 'pypdf', 'streamlit', 'sqlmodel', 'weasyprint')\n"
        "       if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == ""


def test_io_names_load_the_rdf_adapter_on_first_use() -> None:
    code = (
        "import sys, engine.odrl as o\n"
        "before = 'rdflib' in sys.modules\n"
        "o.parse_policies\n"
        "print(before, 'rdflib' in sys.modules, 'pyshacl' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "True", "False"]
