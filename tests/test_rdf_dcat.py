"""DCAT-AP-NO in and out (engine.rdf.dcat): round trips, stable bytes, SHACL, real catalogues, hostile files."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from engine.core.dataset import (
    Catalog,
    ContactPoint,
    Dataset,
    Distribution,
    PeriodOfTime,
    Publisher,
    catalog_for,
)
from engine.core.dataset_codes import SCHEMES, AccessRights, DataTheme, Licence, code_iri
from engine.errors import CatalogError
from engine.rdf.dcat import CATALOG_FORMATS, parse_triples, read_catalogs, write_catalog
from engine.rdf.dcat.shacl import dcat_dir, validate_catalog, violations
from engine.rdf.dcat.terms import compact

DATA = Path(__file__).parent / "data" / "dcat"
BASE = "https://data.bergen.kommune.no/avtaleverk"
OFFER = json.loads((DATA / "offer-datalisens.jsonld").read_text(encoding="utf-8"))
FORMATS = list(CATALOG_FORMATS)
DCT, DCAT, ODRL = "http://purl.org/dc/terms/", "http://www.w3.org/ns/dcat#", "http://www.w3.org/ns/odrl/2/"
BERGEN = Publisher(orgnr="964338531", name={"nb": "Bergen kommune", "en": "City of Bergen"})
NOR = "http://publications.europa.eu/resource/authority/country/NOR"
BERGEN_PLACE = "https://data.geonorge.no/administrativeEnheter/kommune/id/173016"


def kommune_catalog() -> Catalog:
    """A municipality describing three datasets the way the form will: one open, two offered on terms."""
    contact = ContactPoint(name={"nb": "Bergen kommune, data"}, email="data@bergen.kommune.no", phone="+47 55 56 55 60")
    badevann = Dataset(
        id="badevann",
        title={"nb": "Badevannskvalitet", "en": "Bathing water quality"},
        description={"nb": "Prøver av E. coli ved badeplasser.", "en": "E. coli samples at bathing sites."},
        publisher=BERGEN,
        contact_points=[contact],
        themes=["HEAL", "ENVI"],
        other_themes=["https://psi.norge.no/los/tema/miljo-og-klima"],
        keywords={"nb": ["bading", "vannkvalitet"], "en": ["bathing water"]},
        spatial=[BERGEN_PLACE, NOR],
        temporal=[PeriodOfTime(start=dt.date(2019, 6, 1))],
        frequency="WEEKLY",
        access_rights="PUBLIC",
        licence="NLOD_2_0",
        distributions=[
            Distribution(id="csv", title={"nb": "CSV"}, access_url="https://data.bergen.kommune.no/badevann.csv",
                         formats=["CSV"], media_types=["text/csv"]),
            Distribution(id="api", title={"nb": "API"}, access_url="https://api.bergen.kommune.no/badevann",
                         formats=["JSON"], media_types=["application/json"], languages=["NOB"]),
        ],
        languages=["NOB"],
        landing_pages=["https://www.bergen.kommune.no/badevann"],
        modified=dt.date(2026, 5, 2),
    )  # fmt: skip
    sensorer = Dataset(
        id="bysensorer",
        title={"nb": "Bysensorer: støy og trafikk", "en": "City sensors: noise and traffic"},
        description={"nb": "Minuttverdier fra 120 sensorer.", "en": "Per-minute values from 120 sensors."},
        publisher=BERGEN,
        contact_points=[contact, ContactPoint(kind="Group", organisation_unit={"nb": "Smartby"}, url="https://bergen.kommune.no/smartby")],
        themes=["TRAN", "TECH"],
        spatial=[BERGEN_PLACE],
        temporal=[PeriodOfTime(start=dt.datetime(2024, 1, 1, 0, 0, tzinfo=dt.UTC), end=dt.date(2026, 12, 31))],
        frequency="CONT",
        access_rights="RESTRICTED",
        licence="CC_BYNC_4_0",
        distributions=[
            Distribution(id="strom", access_url="https://api.bergen.kommune.no/sensorer",
                         download_urls=["https://data.bergen.kommune.no/sensorer/2025.zip"], formats=["JSON", "ZIP"]),
        ],
        offer="datalisens-forskning",
    )  # fmt: skip
    skoler = Dataset(
        id="elevtall",
        title={"nb": "Elevtall per skole"},
        description={"nb": "Elevtall per trinn, uten personopplysninger."},
        publisher=BERGEN,
        themes=["EDUC"],
        access_rights="NON_PUBLIC",
        licence="CC_BY_4_0",
        offer="datalisens-forskning",
        issued=dt.date(2022, 8, 15),
    )
    return catalog_for(BERGEN, [badevann, sensorer, skoler])


def export(catalog: Catalog, fmt: str) -> bytes:
    return write_catalog(catalog, base_url=BASE, format=fmt, offers={"datalisens-forskning": OFFER})


def graph(data: bytes | Path, fmt: str | None = None) -> Graph:
    g = Graph()
    for t in parse_triples(data, fmt):
        g.add(tuple(_rdflib(x) for x in (t.subject, t.predicate, t.object)))  # type: ignore[arg-type]
    return g


def _rdflib(term: Any) -> Any:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    return (
        Literal(term.value, lang=term.language) if term.language else Literal(term.value, datatype=term.datatype.value)
    )


# --------------------------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("fmt", FORMATS)
def test_describe_export_import_gives_the_same_catalogue(fmt: str, no_network: list[Any]) -> None:
    catalog = kommune_catalog()
    published = export(catalog, fmt)
    result = read_catalogs(published, fmt, base_url=BASE)
    remarks = {(w.code, w.location.subject, w.location.property) for w in result.warnings}
    elevtall = f"{BASE}/datasets/elevtall"  # described without contact or distribution: recommended, not required
    assert remarks == {
        ("missing.recommended", elevtall, "dcat:contactPoint"),
        ("missing.recommended", elevtall, "dcat:distribution"),
    }
    assert result.accounting.reported == 0 and result.accounting.mapped == result.accounting.triples
    assert result.catalogs == [catalog]
    offer_iri = f"{BASE}/offers/datalisens-forskning"
    offer_out = graph(json.dumps(result.offers["datalisens-forskning"]).encode(), "json-ld")
    offer_in = graph(export(catalog_for(BERGEN, [catalog.datasets[2]]), "turtle"))
    offer_in = offer_in.cbd(URIRef(offer_iri))  # the inlined offer: policy node and what hangs from it
    assert len(offer_out) > 40 and (URIRef(offer_iri), None, None) in offer_out
    assert isomorphic(offer_in, offer_out.cbd(URIRef(offer_iri)))
    # publishing what was read gives the very same bytes
    assert write_catalog(result.catalogs[0], base_url=BASE, format=fmt, offers=result.offers) == published


def test_the_three_formats_carry_the_same_graph() -> None:
    graphs = [graph(export(kommune_catalog(), fmt), fmt) for fmt in FORMATS]
    assert len(graphs[0]) > 150
    assert isomorphic(graphs[0], graphs[1]) and isomorphic(graphs[0], graphs[2])


def test_same_content_gives_the_same_bytes_whatever_the_order() -> None:
    catalog = kommune_catalog()
    shuffled = catalog.model_copy(update={"datasets": list(reversed(catalog.datasets))})
    reordered_offer = {**OFFER, "permission": list(reversed(OFFER["permission"]))}
    for fmt in FORMATS:
        a = export(catalog, fmt)
        b = write_catalog(shuffled, base_url=BASE, format=fmt, offers={"datalisens-forskning": reordered_offer})
        assert a == b, fmt


@pytest.mark.slow
def test_same_bytes_in_another_process() -> None:
    """No hash order, clock or random blank-node label leaks into the output."""
    code = (
        "import hashlib, sys; sys.path.insert(0, 'tests'); import test_rdf_dcat as t;"
        "print(' '.join(hashlib.sha256(t.export(t.kommune_catalog(), f)).hexdigest() for f in t.FORMATS))"
    )
    root = Path(__file__).parent.parent
    runs = {
        subprocess.run(
            [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }  # fmt: skip
    assert len(runs) == 1
    assert runs.pop().split() == [
        __import__("hashlib").sha256(export(kommune_catalog(), f)).hexdigest() for f in FORMATS
    ]


def test_what_the_national_catalogue_reads_is_always_there() -> None:
    g = graph(export(kommune_catalog(), "turtle"))
    datasets = {s for s in g.subjects(None, URIRef(DCAT + "Dataset"))}
    assert {str(d).rsplit("/", 1)[1] for d in datasets} == {"badevann", "bysensorer", "elevtall"}
    for ds in datasets:
        assert g.value(ds, URIRef(DCT + "accessRights")) is not None
        dists = list(g.objects(ds, URIRef(DCAT + "distribution")))
        for dist in dists:
            assert g.value(dist, URIRef(DCT + "license")) is not None
        if not dists:  # a dataset without distribution carries its licence itself
            assert g.value(ds, URIRef(DCT + "license")) == URIRef(code_iri(Licence.CC_BY_4_0))
    offer = URIRef(f"{BASE}/offers/datalisens-forskning")
    assert set(g.objects(offer, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"))) == {
        URIRef(ODRL + "Offer"),
        URIRef(ODRL + "Policy"),
    }
    sensors = URIRef(f"{BASE}/datasets/bysensorer")
    assert g.value(sensors, URIRef(ODRL + "hasPolicy")) == offer
    assert g.value(URIRef(f"{BASE}/datasets/bysensorer/distributions/strom"), URIRef(ODRL + "hasPolicy")) == offer
    assert len(list(g.subjects(None, URIRef(ODRL + "Offer")))) == 1  # shared by two datasets, inlined once


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_published_catalogue_passes_the_dcat_ap_no_shapes(fmt: str, no_network: list[Any]) -> None:
    results = validate_catalog(export(kommune_catalog(), fmt), fmt)
    assert violations(results) == []
    # the only remarks: Geonorge places are not in the EU place tables (a warning in the shapes)
    assert {(r.severity, r.path, r.value) for r in results} == {("Warning", "dct:spatial", BERGEN_PLACE)}


@pytest.mark.slow
def test_shacl_results_say_which_node_which_property_and_why() -> None:
    ttl = export(kommune_catalog(), "turtle").decode()
    broken = ttl.replace('dct:title "Elevtall per skole"@nb ;', "").replace(
        "<http://publications.europa.eu/resource/authority/frequency/CONT>", "<http://purl.org/cld/freq/continuous>"
    )
    results = violations(validate_catalog(broken.encode(), "turtle"))
    found = {(r.focus_node, r.path, r.severity) for r in results}
    assert (f"{BASE}/datasets/elevtall", "dct:title", "Violation") in found
    assert (f"{BASE}/datasets/bysensorer", "dct:accrualPeriodicity", "Violation") in found
    title = next(r for r in results if r.path == "dct:title")
    assert "dct:title skal ha minst én verdi" in title.message and title.constraint == "MinCountConstraintComponent"
    assert title.one_line().startswith(f"Violation: <{BASE}/datasets/elevtall> dct:title")


# --------------------------------------------------------------------------------------------- real files


def _root(g: Graph, node: Any) -> tuple[str, tuple[str, ...]]:
    """The IRI a blank node hangs from and the properties down to it (as warnings locate it)."""
    path: list[str] = []
    while isinstance(node, BNode):
        parents = sorted(g.subject_predicates(node))
        assert parents, f"orphan blank node {node}"
        node, via = parents[0]
        path.insert(0, compact(str(via)))
    return str(node), tuple(path)


def _publishable(catalog: Catalog) -> Catalog:
    """``catalog`` with placeholders for what it lacks to publish: they add triples, they hide none."""
    fill = {"nb": "(placeholder)"}

    def dataset(d: Dataset) -> Dataset:
        dists = [
            x if x.access_url else x.model_copy(update={"access_url": "https://placeholder.invalid/"})
            for x in d.distributions
        ]
        complete = dists and all(x.licence for x in dists)
        return d.model_copy(
            update={
                "title": d.title or fill,
                "description": d.description or fill,
                "themes": d.themes or [DataTheme.GOVE],
                "access_rights": d.access_rights or AccessRights.PUBLIC,
                "distributions": dists,
                "licence": d.licence or (None if complete else Licence.CC0),
            }
        )

    datasets = [dataset(d) for d in catalog.datasets]
    return catalog.model_copy(
        update={"title": catalog.title or fill, "description": catalog.description or fill, "datasets": datasets}
    )


def unaccounted(name: str) -> list[tuple[Any, Any, Any]]:
    """Triples of the file that are neither in the re-published catalogue nor pointed at by a warning."""
    source = graph(DATA / name)
    result = read_catalogs(DATA / name)
    assert result.accounting.triples == len(source)
    assert result.accounting.mapped + result.accounting.reported == result.accounting.triples
    kept = Graph()
    for c in result.catalogs + [catalog_for(d.publisher, [d]) for d in result.uncatalogued if d.publisher]:
        kept += graph(write_catalog(_publishable(c), base_url=BASE, offers=result.offers))
    warned = {(w.location.subject, w.location.path, w.location.property) for w in result.warnings}
    missing = []
    for s, p, o in source:
        subject, path = _root(source, s)
        if (subject, path, compact(str(p))) in warned or (subject, path, None) in warned:
            continue
        if isinstance(s, URIRef) and (s, p, o) in kept:
            continue
        if isinstance(o, BNode) and (*_root(source, o), None) in warned:
            continue  # the warning is about the node this triple links to (a dataset without IRI, …)
        # kept, possibly moved or normalised: the value is published under the same property somewhere
        # (a dataset licence on its distributions, an e-mail as mailto:, a nested tel: as the value itself)
        if any(str(x).endswith(str(o)) for x in kept.objects(None, p)) or (
            (None, None, o) in kept and isinstance(o, URIRef)
        ):
            continue
        if isinstance(o, BNode) and any(
            isinstance(x, BNode) for x in kept.objects(s if isinstance(s, URIRef) else None, p)
        ):
            continue  # a blank node (contact, period, distribution): its own triples are checked one by one
        missing.append((s, p, o))
    return missing


@pytest.mark.parametrize(
    "name",
    ["DCAT-AP-NO2.0-examples.ttl", "test.ttl", "kommune-trondheim.ttl", "datanorge-export.jsonld", "fylke-offer.rdf"],
)
def test_every_triple_is_kept_or_reported(name: str, no_network: list[Any]) -> None:
    """For each triple of the file: the re-published catalogue says the same, or a warning points at it."""
    assert unaccounted(name) == []


def test_kommune_catalogue_reads_with_located_warnings(no_network: list[Any]) -> None:
    result = read_catalogs(DATA / "kommune-trondheim.ttl")
    (catalog,) = result.catalogs
    assert catalog.publisher is not None and catalog.publisher.orgnr == "942110464"
    assert [d.id for d in catalog.datasets] == [
        "https://data.trondheim.kommune.no/datasett/bysykkel",
        "https://data.trondheim.kommune.no/datasett/luftkvalitet",
        "https://data.trondheim.kommune.no/datasett/skolebygg",
    ]
    bysykkel, luft, skole = catalog.datasets
    assert luft.licence == "NLOD_2_0" and [d.formats for d in luft.distributions] == [["JSON"], ["CSV"]]
    assert luft.contact_points[0].phone == "+4772540000" and luft.contact_points[0].name == {"nb": "Miljøenheten"}
    assert luft.temporal == [PeriodOfTime(start=dt.date(2015, 1, 1))] and luft.issued == dt.date(2016, 3, 1)
    assert luft.other_themes == ["https://psi.norge.no/los/tema/miljo-og-klima"]
    assert bysykkel.access_rights == "PUBLIC" and bysykkel.frequency == "MONTHLY" and bysykkel.licence == "CC_BY_4_0"
    assert bysykkel.keywords == {"nb": ["bysykkel", "mobilitet"]}
    assert bysykkel.distributions[0].access_url == "https://data.trondheim.kommune.no/bysykkel/2024.zip"
    assert skole.distributions[0].formats == []
    codes = {(w.code, w.location.subject, w.location.path, w.location.property) for w in result.warnings}
    luft_iri, skole_iri = luft.id, skole.id
    assert ("licence.legacy", luft_iri, ("dcat:distribution",), "dct:license") in codes
    assert ("format.free-text", luft_iri, ("dcat:distribution",), "dct:format") in codes
    assert ("format.unknown", skole_iri, ("dcat:distribution",), "dct:format") in codes
    assert ("contact.kind", luft_iri, ("dcat:contactPoint",), None) in codes
    assert ("text.no-language", catalog.id, (), "dct:description") in codes
    assert ("access-rights.distribution", bysykkel.id, ("dcat:distribution",), "dct:accessRights") in codes
    unknown = next(w for w in result.warnings if w.code == "format.unknown")
    assert unknown.message("nb") == "Formatet «Excel (xlsx)» er ikke en kjent filtype; det er ikke tatt med."
    assert unknown.one_line("en").endswith("Format 'Excel (xlsx)' is not a known file type; it is not kept.")
    assert str(unknown.location).startswith(str(DATA / "kommune-trondheim.ttl"))


def test_datanorge_export_with_several_catalogues_and_legacy_licences(no_network: list[Any]) -> None:
    result = read_catalogs(DATA / "datanorge-export.jsonld")
    by_org = {c.publisher.orgnr: c for c in result.catalogs if c.publisher}
    assert set(by_org) == {"971040238", "971032081"}
    kartverket = by_org["971040238"]
    assert kartverket.publisher.name == {"en": "Norwegian Mapping Authority", "nb": "Kartverket"}
    assert kartverket.publisher.iri.startswith("https://organization-catalog.fellesdatakatalog.digdir.no/")
    stedsnavn = next(d for d in kartverket.datasets if "stedsnavn" in d.id)
    assert stedsnavn.title["nn"] == "Stadnamn" and stedsnavn.licence == "CC_BY_4_0"
    assert {d.id.rsplit("/", 1)[1] for d in stedsnavn.distributions} == {"api", "gml"}
    matrikkel = next(d for d in kartverket.datasets if "matrikkel" in d.id)
    assert matrikkel.licence is None and matrikkel.frequency == "DAILY"  # NLOD 1.0 is not upgraded silently
    vegvesen = by_org["971032081"]
    blank = next(d for d in vegvesen.datasets if d.id.startswith("dataset-"))
    assert blank.title == {"nb": "Ferjesamband"} and blank.publisher == vegvesen.publisher
    trafikk = next(d for d in vegvesen.datasets if "trafikk" in d.id)
    assert trafikk.temporal[0].start == dt.datetime(2017, 1, 1, tzinfo=dt.UTC) and trafikk.licence == "NLOD_2_0"
    assert [d.id for d in result.uncatalogued] == ["https://data.norge.no/datasets/77aa-vaerdata"]
    assert len(result.datasets) == 5
    codes = {w.code for w in result.warnings}
    assert {"dataset.blank-node", "dataset.uncatalogued", "licence.unknown", "licence.legacy", "unmapped.node"} <= codes
    service = next(w for w in result.warnings if w.code == "unmapped.node")
    assert service.location.subject == "https://data.norge.no/dataservices/nvdb-api"
    assert "dcat:DataService" in service.values["types"]


@pytest.mark.slow
def test_imported_catalogue_with_an_offer_publishes_valid(no_network: list[Any]) -> None:
    """An RDF/XML catalogue whose offer is typed odrl:Offer only fails the shapes; republished, it passes."""
    source = DATA / "fylke-offer.rdf"
    assert {r.path for r in violations(validate_catalog(source))} == {"dct:identifier", "odrl:hasPolicy"}
    result = read_catalogs(source)
    assert result.warnings == []
    (catalog,) = result.catalogs
    offer_id = "https://data.vestlandfylke.no/offers/kollektiv-forskning"
    assert catalog.datasets[0].offer == offer_id and offer_id in result.offers
    for fmt in FORMATS:
        out = write_catalog(catalog, base_url=BASE, format=fmt, offers=result.offers)
        assert violations(validate_catalog(out, fmt)) == [], fmt
    g = graph(write_catalog(catalog, base_url=BASE, offers=result.offers))
    assert (URIRef(offer_id), None, URIRef(ODRL + "Policy")) in g
    # the dataset keeps its publisher's IRIs: nothing is minted in someone else's name
    assert (URIRef("https://data.vestlandfylke.no/datasets/kollektivruter"), None, URIRef(DCAT + "Dataset")) in g


# --------------------------------------------------------------------------------------------- export errors


def test_a_catalogue_that_cannot_publish_says_everything_that_is_missing() -> None:
    catalog = kommune_catalog()
    broken = [d.model_copy(update={"licence": None}) if d.id == "elevtall" else d for d in catalog.datasets]
    with pytest.raises(CatalogError) as err:
        write_catalog(
            catalog.model_copy(update={"datasets": broken}), base_url=BASE, offers={"datalisens-forskning": OFFER}
        )
    assert err.value.code == "catalog.invalid"
    assert err.value.all_lines() == [
        "[catalog.invalid] dct:license is missing; fill it in before publishing. (at elevtall.dct:license)"
    ]
    with pytest.raises(CatalogError, match="Offer datalisens-forskning is not among the offers"):
        write_catalog(catalog, base_url=BASE)


def test_an_offer_must_be_one_odrl_offer() -> None:
    catalog = kommune_catalog()
    as_agreement = {**OFFER, "@type": "Agreement"}
    with pytest.raises(CatalogError, match="exactly one odrl:Offer") as err:
        write_catalog(catalog, base_url=BASE, offers={"datalisens-forskning": as_agreement})
    assert err.value.loc == ("offers", "datalisens-forskning")
    with pytest.raises(CatalogError, match="remote JSON-LD context"):
        write_catalog(
            catalog, base_url=BASE, offers={"datalisens-forskning": {**OFFER, "@context": "https://evil.example/ctx"}}
        )


# --------------------------------------------------------------------------------------------- hostile files


@pytest.mark.parametrize(
    "doc",
    [
        {"@context": "https://example.org/dcat.jsonld", "@id": "https://x.example/a", "title": "x"},
        {"@context": {"@import": "https://example.org/dcat.jsonld"}, "@id": "https://x.example/a"},
        {"@context": [{"dct": "http://purl.org/dc/terms/"}, "http://127.0.0.1:9/ctx"], "@id": "https://x.example/a"},
        {
            "@context": {"p": {"@id": "http://x.example/p", "@context": "https://example.org/c"}},
            "p": {"@id": "http://x.example/b"},
        },
        {"@graph": [{"@context": "https://example.org/nested", "@id": "https://x.example/a"}]},
    ],
    ids=["top", "import", "in-list", "scoped", "nested"],
)
def test_remote_jsonld_contexts_are_refused_without_fetching(doc: dict[str, Any], no_network: list[Any]) -> None:
    with pytest.raises(CatalogError, match="remote JSON-LD context") as err:
        read_catalogs(json.dumps(doc).encode(), "json-ld", source="upload.jsonld")
    assert err.value.code == "catalog.parse" and str(err.value.source) == "upload.jsonld"


def test_bundled_contexts_are_used_instead_of_fetching(no_network: list[Any]) -> None:
    doc = {"@context": "http://www.w3.org/ns/odrl.jsonld", "@id": "https://x.example/p", "@type": "Offer"}
    triples = parse_triples(json.dumps(doc).encode(), "json-ld")
    assert [t.object.value for t in triples] == [ODRL + "Offer"]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/">
  <rdf:Description rdf:about="https://x.example/a"><dct:title>&d;</dct:title></rdf:Description>
</rdf:RDF>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/">
  <rdf:Description rdf:about="https://x.example/a"><dct:title>&secret;</dct:title></rdf:Description>
</rdf:RDF>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF SYSTEM "http://127.0.0.1:9/evil.dtd">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>"""


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (BILLION_LAUGHS, "entity declarations are not accepted", 3),
        (EXTERNAL_ENTITY, "entity declarations are not accepted", 2),
        (EXTERNAL_DTD, "external references", 2),
    ],
    ids=["billion-laughs", "external-entity", "external-dtd"],
)
def test_xml_entities_are_never_expanded(data: bytes, message: str, line: int, no_network: list[Any]) -> None:
    with pytest.raises(CatalogError, match=message) as err:
        read_catalogs(data, "xml", source="upload.rdf")
    assert err.value.code == "catalog.parse" and err.value.line == line


def test_a_50_mb_file_is_refused_unread(tmp_path: Path, no_network: list[Any]) -> None:
    big = tmp_path / "stor.ttl"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: the size is real, the disk is not used
    with pytest.raises(CatalogError, match=r"50\.0 MiB; the limit is 40 MiB") as err:
        read_catalogs(big)
    assert err.value.code == "catalog.parse" and err.value.source == big
    with pytest.raises(CatalogError, match="the limit is 1 MiB"):
        read_catalogs(b"#" * (1024 * 1024 + 1), "turtle", max_bytes=1024 * 1024)


@pytest.mark.parametrize(
    ("data", "fmt", "message"),
    [
        (
            b'{"@id": "https://x.example/a", ' + b'"https://x.example/p": {' * 200 + b"}" * 201,
            "json-ld",
            "JSON is nested",
        ),
        (b"[" * 100_000 + b"]" * 100_000, "json-ld", "JSON is nested"),
        (
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            + b"<a>" * 5000
            + b"</a>" * 5000
            + b"</rdf:RDF>",
            "xml",
            "XML is nested",
        ),
        (
            b"@prefix : <https://x.example/> . :a :p " + b"[ :p " * 5000 + b":b" + b" ]" * 5000 + b" .",
            "turtle",
            "blank nodes are nested",
        ),
    ],
    ids=["json-ld", "json-brackets", "xml", "turtle"],
)
def test_deep_nesting_is_refused(data: bytes, fmt: str, message: str, no_network: list[Any]) -> None:
    with pytest.raises(CatalogError, match=message) as err:
        read_catalogs(data, fmt)
    assert err.value.code == "catalog.parse"


@pytest.mark.parametrize(
    "statement",
    [
        b"<https://x.example/c> <https://x.example/p> <<( <https://x.example/a> <https://x.example/b> 1 )>> .",
        b"<< <https://x.example/a> <https://x.example/b> 1 >> <https://x.example/p> <https://x.example/o> .",
    ],
    ids=["triple-term", "reified"],
)
def test_rdf_1_2_triple_terms_are_refused_as_one_error(statement: bytes) -> None:
    """pyoxigraph reads RDF 1.2; a triple term where a catalogue has IRIs and literals is a refusal, not a crash."""
    ttl = b"@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<https://x.example/c> a dcat:Catalog .\n" + statement
    with pytest.raises(CatalogError, match="triple terms") as err:
        read_catalogs(ttl, "turtle", source="opplasting")
    assert err.value.code == "catalog.parse" and err.value.one_line().startswith("opplasting")


def test_a_long_list_is_not_deep_nesting() -> None:
    ttl = b"@prefix : <https://x.example/> . :a :p (" + b" :x" * 5000 + b" ) ."
    assert len(parse_triples(ttl, "turtle")) == 10_001


@pytest.mark.parametrize(
    ("data", "fmt", "line"),
    [
        (b'@prefix dct: <http://purl.org/dc/terms/> .\n<https://x.example/a> dct:title "unterminated .\n', "turtle", 2),
        (b'{\n "@id": "https://x.example/a",\n "x": }', "json-ld", 3),
        (b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n<rdf:Description>\n</rdf:RDF>", "xml", 3),
        ("tittel: æøå".encode("latin-1"), "turtle", None),
    ],
    ids=["turtle", "json", "xml", "not-utf8"],
)
def test_syntax_errors_are_one_located_error(data: bytes, fmt: str, line: int | None) -> None:
    with pytest.raises(CatalogError) as err:
        read_catalogs(data, fmt, source="opplasting")
    assert err.value.code == "catalog.parse" and err.value.line == line
    assert err.value.one_line().startswith("opplasting")


# --------------------------------------------------------------------------------------------- shipped files


def test_bundled_vocabulary_is_exactly_the_codes_of_the_model() -> None:
    bundled = graph(dcat_dir() / "vocabularies.ttl")
    concepts = {str(s) for s in bundled.subjects(None, URIRef("http://www.w3.org/2004/02/skos/core#Concept"))}
    expected = {code_iri(code) for kind in SCHEMES for code in kind} | {NOR}
    assert concepts == expected


def test_shapes_ship_with_their_licence() -> None:
    assert (dcat_dir() / "DCAT-AP-NO-shacl_shapes_2.00.ttl").stat().st_size > 50_000
    assert "Apache License" in (dcat_dir() / "LICENSE").read_text(encoding="utf-8")
    assert "sha256" in (dcat_dir() / "README.md").read_text(encoding="utf-8")
