"""Namespaces, prefixes and the pyoxigraph terms the DCAT-AP-NO reader and writer use."""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode

from engine.odrl import vocab
from engine.odrl.vocab import ODRL

Term = NamedNode | BlankNode | Literal

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "http://schema.org/"

#: Prefixes of every output, in a fixed order (so they never change the bytes).
PREFIXES: dict[str, str] = {
    "avt": "https://w3id.org/avtaleverk/odrl/",
    "dcat": DCAT,
    "dct": DCT,
    "dpv": "https://w3id.org/dpv#",
    "foaf": FOAF,
    "odrl": ODRL,
    "rdf": RDF_NS,
    "skos": SKOS,
    "vcard": VCARD,
    "xsd": XSD,
}


def compact(iri: str) -> str:
    """``http://purl.org/dc/terms/title`` -> ``dct:title`` (for locations and messages)."""
    return vocab.compact(iri, PREFIXES)


def term_key(term: Term) -> tuple[int, str, str]:
    """The order values are written and compared in: IRIs, blank nodes, literals (by value, language/type)."""
    if isinstance(term, NamedNode):
        return (0, term.value, "")
    if isinstance(term, BlankNode):
        return (1, term.value, "")
    return (2, term.value, term.language or term.datatype.value)


def n(iri: str) -> NamedNode:
    return NamedNode(iri)


RDF_TYPE = n(RDF_NS + "type")
RDF_REST = RDF_NS + "rest"
XSD_DATE = n(XSD + "date")
XSD_DATETIME = n(XSD + "dateTime")
XSD_STRING = XSD + "string"
LANG_STRING = RDF_NS + "langString"

# classes
CATALOG = n(DCAT + "Catalog")
DATASET = n(DCAT + "Dataset")
DISTRIBUTION = n(DCAT + "Distribution")
AGENT = n(FOAF + "Agent")
ORGANIZATION = n(FOAF + "Organization")
PERIOD = n(DCT + "PeriodOfTime")
VC_ORGANIZATION = n(VCARD + "Organization")
VC_GROUP = n(VCARD + "Group")
ODRL_POLICY = n(ODRL + "Policy")
ODRL_OFFER = n(ODRL + "Offer")

# properties (as IRI strings: the reader indexes by them; the writer wraps them with ``n``)
TITLE = DCT + "title"
DESCRIPTION = DCT + "description"
IDENTIFIER = DCT + "identifier"
PUBLISHER = DCT + "publisher"
LICENSE = DCT + "license"
ACCESS_RIGHTS = DCT + "accessRights"
FREQUENCY = DCT + "accrualPeriodicity"
SPATIAL = DCT + "spatial"
TEMPORAL = DCT + "temporal"
LANGUAGE = DCT + "language"
ISSUED = DCT + "issued"
MODIFIED = DCT + "modified"
SUBJECT = DCT + "subject"
FORMAT = DCT + "format"
DATASET_P = DCAT + "dataset"
DISTRIBUTION_P = DCAT + "distribution"
THEME = DCAT + "theme"
THEME_TAXONOMY = DCAT + "themeTaxonomy"
KEYWORD = DCAT + "keyword"
CONTACT_POINT = DCAT + "contactPoint"
LANDING_PAGE = DCAT + "landingPage"
ACCESS_URL = DCAT + "accessURL"
DOWNLOAD_URL = DCAT + "downloadURL"
MEDIA_TYPE = DCAT + "mediaType"
START_DATE = DCAT + "startDate"
END_DATE = DCAT + "endDate"
HOMEPAGE = FOAF + "homepage"
NAME = FOAF + "name"
HAS_POLICY = ODRL + "hasPolicy"
VC_FN = VCARD + "fn"
VC_UNIT = VCARD + "organization-unit"
VC_EMAIL = VCARD + "hasEmail"
VC_PHONE = VCARD + "hasTelephone"
VC_URL = VCARD + "hasURL"
VC_VALUE = VCARD + "hasValue"
