"""A catalogue -> DCAT-AP-NO in Turtle, JSON-LD or RDF/XML, byte for byte the same for the same content.

What is published, per the national catalogue's rules (see ``policies/dcat-ap-no/README.md``):

- stable IRIs from ``CatalogIris(base_url)``: ``{base}/catalogs/{id}``, ``{base}/datasets/{id}``,
  ``{dataset}/distributions/{id}``, ``{base}/offers/{id}``; ids that are IRIs stay as they are;
- ``dct:accessRights`` on every dataset and ``dct:license`` on every distribution (on the dataset itself
  only when it has no distribution) — the two things data.norge.no searches on;
- the dataset's offer inlined once, typed ``odrl:Offer`` and ``odrl:Policy`` (the shapes check the
  class Policy), linked with ``odrl:hasPolicy`` from the dataset (Dataspace Protocol) and from each
  distribution (DCAT-AP-NO);
- no timestamps of its own, no random blank-node labels: subjects in a fixed order (catalogue, each
  dataset by IRI with its distributions and blank nodes, offers, agents), properties and values sorted,
  blank nodes labelled from the IRI they hang from. The harvester skips a graph isomorphic to the last
  one; equal bytes are the stronger promise.

A catalogue that cannot publish (``publish_problems``) raises one ``CatalogError`` with every problem.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

import pyoxigraph as ox

from engine.core.dataset import (
    Catalog,
    CatalogIris,
    ContactPoint,
    Dataset,
    Date,
    Distribution,
    PeriodOfTime,
    Publisher,
    publish_problems,
)
from engine.core.dataset_codes import IANA_MEDIA_TYPES, code_iri
from engine.errors import AvtaleverkError, CatalogError
from engine.rdf.dcat import terms as T
from engine.rdf.dcat.jsonld import jsonld_bytes
from engine.rdf.dcat.source import parse_triples
from engine.rdf.dcat.terms import Term, n, term_key

#: The three publication formats: name -> (media type, file suffix). ``GET /catalog`` negotiates on these.
CATALOG_FORMATS: dict[str, tuple[str, str]] = {
    "turtle": ("text/turtle", ".ttl"),
    "json-ld": ("application/ld+json", ".jsonld"),
    "xml": ("application/rdf+xml", ".rdf"),
}
_ALIASES = {"ttl": "turtle", "jsonld": "json-ld", "json": "json-ld", "rdf": "xml", "rdf/xml": "xml"}

Offer = Mapping[str, Any] | str | bytes
"""An offer as the composer gives it (a JSON-LD dict of an odrl:Offer), or JSON-LD/Turtle text."""


def catalog_format(name: str) -> str:
    """``ttl`` -> ``turtle``; an unknown name is a ``CatalogError``."""
    key = _ALIASES.get(name.casefold(), name.casefold())
    if key not in CATALOG_FORMATS:
        raise CatalogError(f"unknown catalogue format {name!r}; use {', '.join(CATALOG_FORMATS)}")
    return key


def write_catalog(
    catalog: Catalog, *, base_url: str, format: str = "turtle", offers: Mapping[str, Offer] | None = None
) -> bytes:
    """The catalogue as a DCAT-AP-NO document. ``offers`` maps each offer id the datasets name to its policy."""
    return serialize(catalog_triples(catalog, base_url=base_url, offers=offers), format)


def serialize(triples: list[ox.Triple], format: str = "turtle") -> bytes:
    fmt = catalog_format(format)
    if fmt == "json-ld":
        return jsonld_bytes(triples)
    ox_format = ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.RDF_XML
    try:
        return ox.serialize(triples, format=ox_format, prefixes=T.PREFIXES) or b""  # None only with an output file
    except (ValueError, OSError) as exc:  # e.g. a predicate RDF/XML cannot write as an element name
        raise CatalogError(f"cannot write {fmt}: {exc}") from exc


def catalog_triples(catalog: Catalog, *, base_url: str, offers: Mapping[str, Offer] | None = None) -> list[ox.Triple]:
    """Every triple of the published catalogue, in publication order."""
    offers = dict(offers or {})
    problems = publish_problems(catalog, offers)
    if problems:
        raise CatalogError(
            problems[0].message("en"),
            loc=_loc(problems[0].location.subject, problems[0].location.property),
            problems=[
                CatalogError(p.message("en"), loc=_loc(p.location.subject, p.location.property)) for p in problems
            ],
        )
    try:
        iris = CatalogIris(base_url)
    except ValueError as exc:
        raise CatalogError(str(exc), loc=("base_url",)) from exc
    return _Writer(catalog, iris, offers).triples()


def _loc(*parts: str | None) -> tuple[str, ...]:
    return tuple(p for p in parts if p)


def _label(prefix: str, iri: str) -> str:
    return prefix + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:12]


def _date(value: Date) -> ox.Literal:
    if hasattr(value, "hour"):
        return ox.Literal(value.isoformat(), datatype=T.XSD_DATETIME)
    return ox.Literal(value.isoformat(), datatype=T.XSD_DATE)


class _Node:
    """The properties of one subject, written out sorted: rdf:type first, then by property and value."""

    def __init__(self, subject: ox.NamedNode | ox.BlankNode, *types: ox.NamedNode) -> None:
        self.subject = subject
        self.values: list[tuple[str, Term]] = [(T.RDF_NS + "type", t) for t in types]

    def add(self, prop: str, *objects: Term | None) -> None:
        self.values.extend((prop, o) for o in objects if o is not None)

    def iris(self, prop: str, values: Iterable[str]) -> None:
        self.add(prop, *(n(v) for v in values))

    def texts(self, prop: str, texts: Mapping[str, str]) -> None:
        self.add(prop, *(ox.Literal(v, language=lang) for lang, v in texts.items()))

    def triples(self) -> list[ox.Triple]:
        ordered = sorted(set(self.values), key=lambda pv: (pv[0] != _TYPE, pv[0], term_key(pv[1])))
        return [ox.Triple(self.subject, _predicate(p), o) for p, o in ordered]


_TYPE = T.RDF_NS + "type"
_PREDICATES: dict[str, ox.NamedNode] = {}


def _predicate(iri: str) -> ox.NamedNode:
    node = _PREDICATES.get(iri)
    if node is None:
        node = _PREDICATES[iri] = n(iri)
    return node


class _Writer:
    def __init__(self, catalog: Catalog, iris: CatalogIris, offers: Mapping[str, Offer]) -> None:
        self.catalog = catalog
        self.iris = iris
        self.offers = offers
        self.out: list[ox.Triple] = []
        self.agents: dict[str, Publisher] = {}

    def triples(self) -> list[ox.Triple]:
        c = self.catalog
        assert c.publisher is not None  # publish_problems checked it
        node = _Node(n(self.iris.catalog(c.id)), T.CATALOG)
        node.texts(T.TITLE, c.title)
        node.texts(T.DESCRIPTION, c.description)
        node.add(T.IDENTIFIER, ox.Literal(c.identifier or self.iris.catalog(c.id)))
        node.add(T.PUBLISHER, self.agent(c.publisher))
        node.iris(T.HOMEPAGE, [c.homepage] if c.homepage else [])
        node.iris(T.THEME_TAXONOMY, c.theme_taxonomies)
        datasets = sorted(((self.iris.dataset(d.id), d) for d in c.datasets), key=lambda x: x[0])
        node.iris(T.DATASET_P, [iri for iri, _ in datasets])
        self.out += node.triples()
        for iri, ds in datasets:
            self.dataset(iri, ds, ds.publisher or c.publisher)
        for offer_id in sorted({d.offer for d in c.datasets if d.offer is not None}):
            self.out += offer_triples(self.offers[offer_id], self.iris.offer(offer_id), source=offer_id)
        for iri in sorted(self.agents):
            agent = _Node(n(iri), T.AGENT)
            agent.texts(T.NAME, self.agents[iri].name)
            orgnr = self.agents[iri].orgnr
            if orgnr:
                agent.add(T.IDENTIFIER, ox.Literal(orgnr))
            self.out += agent.triples()
        return self.out

    def agent(self, publisher: Publisher) -> ox.NamedNode:
        known = self.agents.get(publisher.iri)
        if known is None or len(publisher.name) > len(known.name):
            self.agents[publisher.iri] = publisher
        return n(publisher.iri)

    def dataset(self, iri: str, ds: Dataset, publisher: Publisher) -> None:
        node = _Node(n(iri), T.DATASET)
        prefix = _label("b", iri)
        offer = n(self.iris.offer(ds.offer)) if ds.offer is not None else None
        node.texts(T.TITLE, ds.title)
        node.texts(T.DESCRIPTION, ds.description)
        node.add(T.IDENTIFIER, ox.Literal(ds.identifier or iri))
        node.add(T.PUBLISHER, self.agent(publisher))
        node.iris(T.THEME, [code_iri(t) for t in ds.themes] + ds.other_themes)
        for lang, words in ds.keywords.items():
            node.add(T.KEYWORD, *(ox.Literal(w, language=lang) for w in words))
        node.iris(T.SPATIAL, ds.spatial)
        node.iris(T.FREQUENCY, [code_iri(ds.frequency)] if ds.frequency else [])
        node.iris(T.ACCESS_RIGHTS, [code_iri(ds.access_rights)] if ds.access_rights else [])
        if not ds.distributions and ds.licence is not None:
            node.iris(T.LICENSE, [code_iri(ds.licence)])
        node.iris(T.LANGUAGE, [code_iri(x) for x in ds.languages])
        node.iris(T.LANDING_PAGE, ds.landing_pages)
        node.iris(T.SUBJECT, ds.subjects)
        node.add(T.ISSUED, _date(ds.issued) if ds.issued else None)
        node.add(T.MODIFIED, _date(ds.modified) if ds.modified else None)
        node.add(T.HAS_POLICY, offer)
        extra: list[ox.Triple] = []
        for i, cp in enumerate(ds.contact_points, start=1):
            label = ox.BlankNode(f"{prefix}c{i}")
            node.add(T.CONTACT_POINT, label)
            extra += _contact(label, cp)
        for i, period in enumerate(ds.temporal, start=1):
            label = ox.BlankNode(f"{prefix}t{i}")
            node.add(T.TEMPORAL, label)
            extra += _period(label, period)
        dists: list[tuple[ox.NamedNode | ox.BlankNode, Distribution]] = []
        for i, dist in enumerate(ds.distributions, start=1):
            subject = n(self.iris.distribution(iri, dist.id)) if dist.id else ox.BlankNode(f"{prefix}d{i}")
            dists.append((subject, dist))
            node.add(T.DISTRIBUTION_P, subject)
        self.out += node.triples()
        for subject, dist in sorted(dists, key=lambda x: term_key(x[0])):
            self.out += self.distribution(subject, dist, ds, offer)
        self.out += extra

    def distribution(
        self, subject: ox.NamedNode | ox.BlankNode, dist: Distribution, ds: Dataset, offer: ox.NamedNode | None
    ) -> list[ox.Triple]:
        node = _Node(subject, T.DISTRIBUTION)
        licence = dist.licence or ds.licence
        node.texts(T.TITLE, dist.title)
        node.texts(T.DESCRIPTION, dist.description)
        node.iris(T.ACCESS_URL, [dist.access_url] if dist.access_url else [])
        node.iris(T.DOWNLOAD_URL, dist.download_urls)
        node.iris(T.FORMAT, [code_iri(f) for f in dist.formats])
        node.iris(T.MEDIA_TYPE, [IANA_MEDIA_TYPES + m for m in dist.media_types])
        node.iris(T.LICENSE, [code_iri(licence)] if licence else [])
        node.iris(T.LANGUAGE, [code_iri(x) for x in dist.languages])
        node.add(T.ISSUED, _date(dist.issued) if dist.issued else None)
        node.add(T.MODIFIED, _date(dist.modified) if dist.modified else None)
        node.add(T.HAS_POLICY, offer)
        return node.triples()


def _contact(label: ox.BlankNode, cp: ContactPoint) -> list[ox.Triple]:
    node = _Node(label, T.VC_GROUP if cp.kind == "Group" else T.VC_ORGANIZATION)
    node.texts(T.VC_FN, cp.name)
    node.texts(T.VC_UNIT, cp.organisation_unit)
    node.iris(T.VC_EMAIL, [f"mailto:{cp.email}"] if cp.email else [])
    node.iris(T.VC_PHONE, [f"tel:{cp.phone}"] if cp.phone else [])
    node.iris(T.VC_URL, [cp.url] if cp.url else [])
    return node.triples()


def _period(label: ox.BlankNode, period: PeriodOfTime) -> list[ox.Triple]:
    node = _Node(label, T.PERIOD)
    node.add(T.START_DATE, _date(period.start) if period.start else None)
    node.add(T.END_DATE, _date(period.end) if period.end else None)
    return node.triples()


# --------------------------------------------------------------------------------------------- offers


def offer_triples(offer: Offer, iri: str, *, source: str | None = None) -> list[ox.Triple]:
    """The triples of one offer, its policy node renamed to ``iri``, typed odrl:Offer and odrl:Policy, its
    blank nodes labelled by their place under ``iri`` (so the same offer always gives the same triples)."""
    where = ("offers", source or iri)
    data = json.dumps(offer, ensure_ascii=False) if isinstance(offer, Mapping) else offer
    try:
        triples = parse_triples(data, source=f"offer {source or iri}")
    except AvtaleverkError as exc:
        raise CatalogError(f"the offer cannot be read: {exc.message}", loc=where) from exc
    policies = {t.subject for t in triples if t.predicate == T.RDF_TYPE and t.object == T.ODRL_OFFER}
    if len(policies) != 1:
        raise CatalogError(
            "an offer must describe exactly one odrl:Offer" + (f" (it has {len(policies)})" if policies else ""),
            loc=where,
        )
    old = policies.pop()
    node = n(iri)
    renamed = [
        ox.Triple(node if t.subject == old else t.subject, t.predicate, node if t.object == old else t.object)
        for t in triples
    ]
    renamed.append(ox.Triple(node, T.RDF_TYPE, T.ODRL_POLICY))
    return _canonical(renamed, node, _label("o", iri))


def _canonical(triples: list[ox.Triple], root: ox.NamedNode, prefix: str) -> list[ox.Triple]:
    """Blank nodes relabelled in the order a walk from ``root`` meets them; subjects in that order too.

    Siblings are visited by a signature of their content, so equal content gets equal labels whatever
    labels the input had. Identical siblings are interchangeable: either order gives the same bytes.
    """
    by_subject: dict[Any, list[ox.Triple]] = {}
    for t in set(triples):
        by_subject.setdefault(t.subject, []).append(t)
    signatures: dict[Any, str] = {}

    def signature(term: Any, seen: frozenset[Any] = frozenset()) -> str:
        if not isinstance(term, ox.BlankNode):
            return str(term)
        if term in signatures:
            return signatures[term]
        if term in seen:
            return "_:cycle"
        parts = sorted(f"{t.predicate} {signature(t.object, seen | {term})}" for t in by_subject.get(term, ()))
        signatures[term] = "[" + ";".join(parts) + "]"
        return signatures[term]

    labels: dict[ox.BlankNode, ox.BlankNode] = {}
    order: list[Any] = []
    pending = [root, *sorted((s for s in by_subject if not isinstance(s, ox.BlankNode)), key=str)]
    pending += sorted((s for s in by_subject if isinstance(s, ox.BlankNode)), key=signature)
    visited: set[Any] = set()
    while pending:
        subject = pending.pop(0)
        if subject in visited:
            continue
        visited.add(subject)
        if subject in by_subject:
            order.append(subject)
        children = sorted(
            (t for t in by_subject.get(subject, ()) if isinstance(t.object, ox.BlankNode)),
            key=lambda t: (t.predicate.value, signature(t.object)),
        )
        for t in children:
            child = t.object
            if isinstance(child, ox.BlankNode) and child not in labels:
                labels[child] = ox.BlankNode(f"{prefix}n{len(labels) + 1}")
        pending[:0] = [t.object for t in children if t.object not in visited]
    for subject in by_subject:
        if isinstance(subject, ox.BlankNode) and subject not in labels:
            labels[subject] = ox.BlankNode(f"{prefix}n{len(labels) + 1}")

    def relabel(term: Any) -> Any:
        return labels.get(term, term) if isinstance(term, ox.BlankNode) else term

    out: list[ox.Triple] = []
    for subject in order:
        node = _Node(relabel(subject))
        for t in by_subject[subject]:
            node.add(t.predicate.value, relabel(t.object))
        out += node.triples()
    return out
