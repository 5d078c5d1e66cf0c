"""DCAT-AP-NO: import (tolerant, offline, located warnings), deterministic export, SHACL validation.

    read_catalogs(file) -> ImportResult       catalogues, datasets, offers, warnings, accounting
    write_catalog(catalog, base_url=…, format=…, offers=…) -> bytes     Turtle / JSON-LD / RDF/XML
    validate_catalog(file) -> list[ShaclResult]                        the shipped DCAT-AP-NO 2.x shapes

The model is ``engine.core.dataset`` (pure); this package is the only place it meets rdflib, pyoxigraph
and pyshacl.
"""

from engine.rdf.dcat.index import Accounting
from engine.rdf.dcat.read import ImportResult, read_catalogs
from engine.rdf.dcat.shacl import ShaclResult, validate_catalog, violations
from engine.rdf.dcat.source import MAX_BYTES, MAX_DEPTH, parse_triples
from engine.rdf.dcat.write import CATALOG_FORMATS, catalog_format, catalog_triples, offer_triples, write_catalog

__all__ = [
    "CATALOG_FORMATS",
    "MAX_BYTES",
    "MAX_DEPTH",
    "Accounting",
    "ImportResult",
    "ShaclResult",
    "catalog_format",
    "catalog_triples",
    "offer_triples",
    "parse_triples",
    "read_catalogs",
    "validate_catalog",
    "violations",
    "write_catalog",
]
