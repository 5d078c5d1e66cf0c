"""``engine.services.uses``: the plain-words catalogue of «Sjekk bruk» and the request it makes."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.errors import PolicyError
from engine.i18n import LANGS
from engine.services.uses import (
    ACTIONS,
    FIELDS,
    PLACES,
    PURPOSES,
    TEXTS,
    PlannedUse,
    ai_tier,
    catalogue,
    labels,
    option_label,
    use_time,
)
from tests.helpers import ROOT


def test_every_option_has_a_label_in_every_language_and_an_iri() -> None:
    for field in FIELDS:
        for o in catalogue(field):
            for lang in LANGS:
                assert o.label(lang), (field, o.value, lang)
                assert o.help(lang) == "" or o.help(lang) != o.label(lang)
            assert o.iri is None or o.iri.startswith("http"), o.value
    assert labels("what", "en")["trainModel"] == "Train an AI model on the data"
    assert option_label("where", "eea", "nb") == "I EØS"
    assert catalogue("what")[0].help("en") == "Look at, search and analyse the data within your own organisation."


def test_the_label_table_has_no_orphans() -> None:
    """Every key in TEXTS belongs to an option (or a sentence), so a translator translates nothing unused."""
    options = {f"{o.field}.{o.value}" for field in FIELDS for o in catalogue(field)}
    for key in TEXTS:
        base = key.removesuffix(".help")
        assert base in options or key.startswith("describe."), key


def test_purposes_are_dpv_terms_and_places_are_in_the_gazetteer() -> None:
    from engine.odrl import default_vocabulary

    dpv = {iri for iri in default_vocabulary().labels if iri.startswith("https://w3id.org/dpv#")}
    assert {o.iri for o in PURPOSES if o.iri} <= dpv
    places = (ROOT / "policies" / "places.ttl").read_text(encoding="utf-8")
    for o in PLACES:
        if o.iri:
            assert f":{o.iri.rsplit('/', 1)[-1]} a dct:Location" in places, o.value


def test_unknown_values_name_the_known_ones() -> None:
    with pytest.raises(PolicyError, match=r"unknown what 'fly' \(one of: read, aggregate"):
        option_label("what", "fly")
    with pytest.raises(PolicyError, match="unknown field 'how'"):
        catalogue("how")


def test_ai_tier_follows_what_and_why() -> None:
    assert ai_tier("trainModel", "academic_research") == "research"
    assert ai_tier("trainModel", "service_optimisation") == "internal"
    assert ai_tier("trainModel", "marketing") == "commercialiseOutputs"
    assert ai_tier("trainModel", "unknown") is None
    assert ai_tier("publishModel", None) == "publishModel"
    assert ai_tier("read", "academic_research") is None
    assert {o.iri for o in ACTIONS if o.value in ("trainModel", "benchmarkModel")} == {
        "https://w3id.org/avtaleverk/odrl/trainModel"
    }


def test_a_use_describes_itself_and_is_checked_at_noon() -> None:
    use = PlannedUse("read", why="academic_research", where="norway", when=dt.date(2026, 6, 1))
    assert use.describe("nb") == "lese og analysere dataene, til akademisk forskning, i norge"
    assert use.describe("en") == "read and analyse the data, for academic research, in norway"
    assert use_time(use.when) == dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
    assert use_time(dt.datetime(2026, 6, 1, 8, 30)).tzinfo is dt.UTC
