"""The dataset description model (engine.core.dataset): what a describe form can and cannot hold."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest
from pydantic import ValidationError

from engine.core.dataset import (
    BRREG,
    Catalog,
    CatalogIris,
    ContactPoint,
    Dataset,
    Distribution,
    Location,
    PeriodOfTime,
    Publisher,
    PublishProblem,
    catalog_for,
    publish_problems,
)
from engine.core.dataset_codes import (
    LABELS,
    SCHEMES,
    FileType,
    Frequency,
    Licence,
    code_from_iri,
    code_iri,
    file_type_from_text,
    label_key,
    legacy_frequency,
    legacy_licence,
    media_type_from_text,
)
from engine.core.dataset_texts import MESSAGES

BERGEN = Publisher(orgnr="964338531", name={"nb": "Bergen kommune", "en": "City of Bergen"})


def complete_dataset(**overrides: object) -> Dataset:
    values: dict[str, object] = {
        "id": "badevann",
        "title": {"nb": "Badevannskvalitet", "en": "Bathing water quality"},
        "description": {"nb": "Prøver fra badeplasser.", "en": "Samples from bathing sites."},
        "publisher": BERGEN,
        "themes": ["HEAL", "ENVI"],
        "access_rights": "PUBLIC",
        "licence": "NLOD_2_0",
        "distributions": [Distribution(id="csv", access_url="https://data.bergen.kommune.no/badevann.csv")],
    }
    return Dataset(**{**values, **overrides})


def test_publisher_is_known_by_a_valid_organisation_number() -> None:
    assert BERGEN.iri == BRREG + "964338531"
    assert Publisher(orgnr="964 338 531").orgnr == "964338531"
    with pytest.raises(ValidationError, match="not a valid organisation number"):
        Publisher(orgnr="964338532")
    with pytest.raises(ValidationError):
        Publisher(name={"nb": "Uten nummer"})  # neither org.nr. nor IRI
    foreign = Publisher(iri="https://example.org/agents/x")
    assert foreign.orgnr is None and foreign.iri == "https://example.org/agents/x"


def test_same_content_in_another_order_is_the_same_dataset() -> None:
    a = complete_dataset(keywords={"nb": ["strand", "bading", "bading"]}, themes=["HEAL", "ENVI"], spatial=[
        "https://data.geonorge.no/administrativeEnheter/kommune/id/173016",
        "http://publications.europa.eu/resource/authority/country/NOR",
    ])  # fmt: skip
    b = complete_dataset(
        keywords={"nb": ["bading", "strand"]}, themes=["ENVI", "HEAL"], spatial=list(reversed(a.spatial))
    )
    assert a == b
    assert a.keywords == {"nb": ["bading", "strand"]}


def test_texts_are_kept_per_language_and_other_languages_refused() -> None:
    ds = complete_dataset(title={"nb": " Bading ", "nn": "Bading", "en": "Bathing"})
    assert ds.title == {"en": "Bathing", "nb": "Bading", "nn": "Bading"}
    with pytest.raises(ValidationError, match="'de' is not one of nb, nn, en"):
        complete_dataset(title={"de": "Baden"})


def test_identifiers_are_local_ids_or_absolute_iris() -> None:
    assert complete_dataset(id="https://kommune.example/ds/1").id == "https://kommune.example/ds/1"
    for bad in ("to ord", "../x", "ftp://host/x", ""):
        with pytest.raises(ValidationError):
            complete_dataset(id=bad)


def test_a_period_must_not_end_before_it_starts() -> None:
    assert PeriodOfTime(start=dt.date(2020, 1, 1)).end is None
    with pytest.raises(ValidationError, match="ends"):
        PeriodOfTime(start=dt.date(2021, 1, 1), end=dt.date(2020, 1, 1))
    with pytest.raises(ValidationError, match="start or an end"):
        PeriodOfTime()


def test_contact_point_checks_email_and_keeps_phone_as_tel_uri_carries_it() -> None:
    cp = ContactPoint(email="post@bergen.kommune.no", phone="+47 55 56 55 60")
    assert cp.phone == "+4755565560"
    with pytest.raises(ValidationError, match="e-mail"):
        ContactPoint(email="ikke en adresse")


def test_licence_has_one_place_whatever_way_it_was_given() -> None:
    on_distributions = complete_dataset(
        licence=None,
        distributions=[
            Distribution(id="a", access_url="https://x.example/a", licence="CC_BY_4_0"),
            Distribution(id="b", access_url="https://x.example/b", licence="CC_BY_4_0"),
        ],
    )
    assert on_distributions.licence is Licence.CC_BY_4_0
    assert [d.licence for d in on_distributions.distributions] == [None, None]
    mixed = complete_dataset(
        licence="CC_BY_4_0",
        distributions=[
            Distribution(id="a", access_url="https://x.example/a"),
            Distribution(id="b", access_url="https://x.example/b", licence="CC0"),
        ],
    )
    assert mixed.licence is None
    assert [d.licence for d in mixed.distributions] == [Licence.CC_BY_4_0, Licence.CC0]


def test_publish_problems_name_each_missing_field_and_where() -> None:
    assert publish_problems(catalog_for(BERGEN, [complete_dataset()])) == []
    draft = complete_dataset(
        id="utkast", description={}, access_rights=None, licence=None, themes=[], offer="standard",
        distributions=[Distribution(id="api")],
    )  # fmt: skip
    problems = publish_problems(catalog_for(BERGEN, [draft]), offers=[])
    where = {(p.location.subject, p.location.property) for p in problems}
    assert where == {
        ("utkast", "dct:description"),
        ("utkast", "dct:accessRights"),
        ("utkast", "dcat:theme"),
        ("utkast", "dct:license"),
        ("utkast", "odrl:hasPolicy"),
        ("utkast distribution api", "dcat:accessURL"),
    }
    assert all(isinstance(p, PublishProblem) for p in problems)
    assert "mangler" in problems[0].message("nb") and "missing" in problems[0].message("en")


def test_a_dataset_of_another_publisher_does_not_belong_in_the_catalogue() -> None:
    other = complete_dataset(publisher=Publisher(orgnr="942110464"))
    problems = publish_problems(catalog_for(BERGEN, [other]))
    assert [p.code for p in problems] == ["publish.other-publisher"]


def test_catalogue_gets_standard_texts_in_both_languages() -> None:
    catalog = catalog_for(BERGEN, [complete_dataset()])
    assert catalog.id == "964338531"
    assert catalog.title == {"en": "Datasets from City of Bergen", "nb": "Datasett fra Bergen kommune"}
    assert set(catalog.description) == {"nb", "en"}
    assert isinstance(catalog, Catalog)


def test_catalog_iris_are_stable_and_give_the_ids_back() -> None:
    iris = CatalogIris("https://data.bergen.kommune.no/katalog/")
    ds = iris.dataset("badevann")
    assert ds == "https://data.bergen.kommune.no/katalog/datasets/badevann"
    assert iris.dataset_id(ds) == "badevann"
    assert iris.distribution(ds, "csv") == ds + "/distributions/csv"
    assert iris.distribution_id(ds, ds + "/distributions/csv") == "csv"
    assert iris.offer("datalisens") == "https://data.bergen.kommune.no/katalog/offers/datalisens"
    assert iris.dataset("https://other.example/ds") == "https://other.example/ds"
    assert iris.dataset_id("https://other.example/ds") == "https://other.example/ds"
    with pytest.raises(ValueError, match="base URL"):
        CatalogIris("data.bergen.kommune.no?x=1")


def test_location_reads_as_a_path_to_the_value() -> None:
    loc = Location(source="k.ttl", subject="https://x.example/ds", path=("dcat:distribution",), property="dct:format")
    assert str(loc) == "k.ttl: <https://x.example/ds> dcat:distribution [] dct:format"


# --------------------------------------------------------------------------------------------- codes


@pytest.mark.parametrize(
    ("found", "licence"),
    [
        ("https://data.norge.no/nlod/no", Licence.NLOD_2_0),
        ("http://data.norge.no/nlod/no/2.0/", Licence.NLOD_2_0),
        ("https://creativecommons.org/licenses/by/4.0/deed.no", Licence.CC_BY_4_0),
        ("http://creativecommons.org/licenses/by-sa/4.0/legalcode", Licence.CC_BYSA_4_0),
        ("https://creativecommons.org/publicdomain/zero/1.0/", Licence.CC0),
        ("https://publications.europa.eu/resource/authority/licence/CC_BYNC_4_0", Licence.CC_BYNC_4_0),
        ("CC BY 4.0", Licence.CC_BY_4_0),
        ("http://data.norge.no/nlod/no/1.0", None),  # another licence text: not silently upgraded
        ("https://example.org/my-licence", None),
    ],
)
def test_legacy_licences_map_to_the_eu_licence_codes(found: str, licence: Licence | None) -> None:
    assert legacy_licence(found) == licence


def test_free_text_formats_and_media_types() -> None:
    assert file_type_from_text("CSV") is FileType.CSV
    assert file_type_from_text(".geojson") is FileType.GEOJSON
    assert file_type_from_text("text/csv; charset=utf-8") is FileType.CSV
    assert file_type_from_text("https://www.iana.org/assignments/media-types/application/ld+json") is FileType.JSON_LD
    assert file_type_from_text("Excel (xlsx)") is None
    assert media_type_from_text("https://www.iana.org/assignments/media-types/text/csv") == "text/csv"
    assert media_type_from_text("CSV") is None
    assert legacy_frequency("http://purl.org/cld/freq/daily") is Frequency.DAILY


def test_every_code_has_an_iri_and_a_label_in_both_languages() -> None:
    for kind in SCHEMES:
        for code in kind:
            assert code_from_iri(kind, code_iri(code)) is code
            assert set(LABELS[label_key(code)]) == {"nb", "en"}, code


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    for key, texts in MESSAGES.items():
        assert set(texts) == {"nb", "en"}, key
        names = {lang: set(re.findall(r"{(\w+)}", text)) for lang, text in texts.items()}
        assert names["nb"] == names["en"], key


@pytest.mark.slow
def test_the_model_is_pure() -> None:
    code = (
        "import sys, engine.core.dataset, engine.core.dataset_codes;"
        "print(','.join(m for m in ('rdflib', 'pyoxigraph', 'pyshacl', 'defusedxml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_description_survives_json_as_the_registry_stores_it() -> None:
    ds = complete_dataset(
        temporal=[PeriodOfTime(start=dt.datetime(2024, 1, 1, tzinfo=dt.UTC), end=dt.date(2026, 12, 31))],
        contact_points=[ContactPoint(email="post@bergen.kommune.no")],
        issued=dt.date(2022, 8, 15),
    )
    again = Dataset.model_validate_json(ds.model_dump_json())
    assert again == ds
    assert isinstance(again.temporal[0].start, dt.datetime) and not isinstance(again.temporal[0].end, dt.datetime)
