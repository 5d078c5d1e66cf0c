"""Requests from plain words: actions, purposes, places and tiers by their short names."""

from __future__ import annotations

from datetime import date

import pytest

from engine.errors import PolicyError
from engine.odrl import AVT, DPV, ODRL, Term, build_request


def test_build_request_plain_words() -> None:
    req = build_request(
        "http://e/a",
        "trainModel",
        "http://e/x",
        purpose="AcademicResearch",
        spatial="NO",
        aiTrainingTier="research",
        count=3,
        at=date(2024, 1, 1),
    )
    assert req.action == AVT + "trainModel"
    assert req.facts[ODRL + "purpose"][0] == Term.iri(DPV + "AcademicResearch")
    assert req.facts[ODRL + "spatial"][0].value.endswith("/country/NOR")
    assert req.facts[AVT + "aiTrainingTier"][0] == Term.iri(AVT + "tierResearch")
    assert build_request(None, "odrl:write", None).action == ODRL + "modify"
    with pytest.raises(PolicyError, match="unknown action"):
        build_request(None, "teleport", None)
