"""The public ``engine.odrl`` API: a sorted, complete ``__all__``; a pure core without rdflib."""

from __future__ import annotations

import subprocess
import sys

import engine.odrl as odrl

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


def test_all_is_sorted_and_complete() -> None:
    assert odrl.__all__ == sorted(odrl.__all__, key=lambda n: (not n.isupper(), n[0].islower(), n))
    assert set(odrl.__all__) >= REQUIRED
    for name in odrl.__all__:
        assert hasattr(odrl, name), name


def test_core_modules_do_not_import_rdflib_or_ui_libraries() -> None:
    code = (
        "import sys\n"
        "import engine.odrl.model, engine.odrl.vocab, engine.odrl.evaluate, engine.odrl.report, engine.odrl.build\n"
        "bad = [m for m in ('rdflib', 'pyshacl', 'streamlit', 'sqlmodel', 'weasyprint') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_pyshacl_is_imported_lazily() -> None:
    code = "import sys, engine.odrl\nprint('pyshacl' in sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
