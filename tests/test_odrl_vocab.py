"""The vocabulary snapshot: generated from policies/, pinned, and all evaluation needs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from engine.odrl import AVT, DPV, ODRL, default_vocabulary
from engine.odrl.vocab import CONTEXT_FILES, VOCABULARY_FILES, bundled_context, left_operand_iri, snapshot
from engine.rdf.vocabulary import build_snapshot, render_snapshot, snapshot_path

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_committed_snapshot_is_what_policies_give() -> None:
    """Edit a .ttl or context in policies/ and this fails until `python -m engine.rdf.snapshot --write`."""
    assert snapshot_path().read_text(encoding="utf-8") == render_snapshot(build_snapshot()), (
        "engine/odrl/vocabulary.json is stale: run `python -m engine.rdf.snapshot --write`"
    )


def test_snapshot_names_its_sources() -> None:
    assert set(snapshot()["sources"]) == {*VOCABULARY_FILES, *CONTEXT_FILES.values()}
    assert snapshot()["generated_by"] == "python -m engine.rdf.snapshot --write"


def test_action_hierarchy_and_deprecated_terms() -> None:
    v = default_vocabulary()
    assert ODRL + "use" in v.action_ancestors(ODRL + "read")
    assert ODRL + "reproduce" in v.action_ancestors(ODRL + "extract")
    assert ODRL + "transfer" in v.action_ancestors(ODRL + "sell")
    assert ODRL + "transfer" not in v.action_ancestors(ODRL + "use")
    assert ODRL + "use" in v.action_ancestors(AVT + "trainModel")
    assert v.resolve(ODRL + "write") == ODRL + "modify"


def test_purposes_places_tiers_and_words() -> None:
    v = default_vocabulary()
    assert DPV + "ResearchAndDevelopment" in v.broader[DPV + "AcademicResearch"]
    assert AVT + "EEA" in v.part_of[v.lookup("NO") or ""]
    assert v.ranks[AVT + "tierResearch"] < v.ranks[AVT + "tierCommercialiseModel"]
    assert v.lookup("research") == AVT + "tierResearch"
    assert left_operand_iri("aiTrainingTier", v) == AVT + "aiTrainingTier"
    assert v.label(DPV + "AcademicResearch", "nb") != v.label(DPV + "AcademicResearch", "en")


def test_bundled_contexts_are_in_the_snapshot() -> None:
    odrl = bundled_context("https://www.w3.org/ns/odrl.jsonld")
    assert odrl is not None and odrl["neq"] == "odrl:neq"
    assert bundled_context(AVT + "context.jsonld") is not None
    assert bundled_context("https://evil.example/context.jsonld") is None


def test_vocabulary_loads_without_rdflib_or_policies_dir() -> None:
    code = (
        "import sys, builtins, io\n"
        "real = io.open\n"
        "def guard(path, *a, **k):\n"
        "    assert 'policies' not in str(path), path\n"
        "    return real(path, *a, **k)\n"
        "builtins.open = io.open = guard\n"
        "from engine.odrl import default_vocabulary\n"
        "assert len(default_vocabulary().actions) > 50\n"
        "print('rdflib' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
