"""DCAT-AP-NO in (Turtle, JSON-LD, RDF/XML) -> catalogues, datasets and offers, tolerant and located.

Real catalogues are read as they are published: legacy licence IRIs (``https://data.norge.no/nlod/no``),
formats and media types written as text, untagged texts, blank-node contacts and publishers, several
catalogues in one file, datasets outside any catalogue, missing optional fields. Each such thing gives an
``ImportWarning`` located at the file, subject (or blank-node path) and property; every triple the model
has no place for is reported too, so nothing is dropped silently (``ImportResult.accounting``).

Reading is offline and bounded (``engine.rdf.dcat.source``). It fails with a ``CatalogError`` only when
the file cannot be read at all; a dataset that cannot be made valid is reported and skipped.

(Over 400 lines on purpose: one reader per kind of node — catalogue, dataset, distribution, agent,
contact, offer — sharing the index and the set of nodes already claimed; value readers are in ``values``.)
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from pydantic import ValidationError

from engine.core.dataset import (
    BRREG,
    Catalog,
    CatalogIris,
    ContactPoint,
    Dataset,
    Distribution,
    ImportWarning,
    Location,
    Publisher,
)
from engine.core.dataset_codes import (
    AccessRights,
    DataTheme,
    FileType,
    Frequency,
    Language,
    code_from_iri,
    code_iri,
    file_type_from_text,
    legacy_frequency,
    legacy_licence,
    media_type_from_text,
)
from engine.rdf.dcat import terms as T
from engine.rdf.dcat.index import Accounting, Index, Subject, show
from engine.rdf.dcat.jsonld import to_jsonld
from engine.rdf.dcat.source import MAX_BYTES, MAX_DEPTH, parse_triples
from engine.rdf.dcat.terms import compact
from engine.rdf.dcat.values import ValueReader, reason

_ORGNR_IN_IRI = re.compile(r"/(?:organizations|organisations|enheter|organisasjoner)/(\d{9})/?$")
_LANGUAGE_TAGS = {"nb": Language.NOB, "no": Language.NOR, "nn": Language.NNO, "en": Language.ENG, "se": Language.SME}
_CONTACT_TYPES = {T.VCARD + "Organization": "Organization", T.VCARD + "Group": "Group"}
_SERIES = T.DCAT + "DatasetSeries"
_ANY_VCARD_KIND = ("Kind", "Individual", "Location", "Organization", "Group")


@dataclass(frozen=True)
class ImportResult:
    """What a file held: its catalogues (each with its datasets), datasets in no catalogue, the offers
    they refer to (id -> JSON-LD of the policy's triples), every warning, and the accounting."""

    catalogs: list[Catalog]
    uncatalogued: list[Dataset]
    offers: dict[str, dict[str, Any]]
    warnings: list[ImportWarning]
    accounting: Accounting
    source: str | None = None
    _all: list[Dataset] = field(default_factory=list, repr=False)

    @property
    def datasets(self) -> list[Dataset]:
        """Every dataset once, catalogued or not."""
        return self._all


def read_catalogs(
    data: bytes | str | Path,
    format: str | None = None,
    *,
    source: str | None = None,
    base_url: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
) -> ImportResult:
    """Import a DCAT-AP-NO file. ``base_url``: IRIs under it (our own published catalogue) become local ids
    again, so a published catalogue reads back as the catalogue it was."""
    triples = parse_triples(data, format, source=source, max_bytes=max_bytes, max_depth=max_depth)
    if source is None and isinstance(data, Path):
        source = str(data)
    return _Reader(Index(triples, source), CatalogIris(base_url) if base_url else None).read()


class _Reader(ValueReader):
    def __init__(self, index: Index, iris: CatalogIris | None) -> None:
        super().__init__(index)
        self.iris = iris
        self.datasets: dict[Subject, Dataset | None] = {}
        self.offer_refs: dict[str, Subject] = {}
        self.agents: dict[Subject, Publisher | None] = {}

    # ---------------------------------------------------------------------------------------- top level
    def read(self) -> ImportResult:
        g = self.g
        catalogs = [c for s in g.subjects_of_type(T.CATALOG.value) if (c := self.catalog(s)) is not None]
        in_catalog = set(self.datasets)
        for s in g.subjects_of_type(T.DATASET.value):
            if s not in in_catalog:
                ds = self.dataset(s, None)
                if ds is not None:
                    g.warn("dataset.uncatalogued", g.location(s))
        uncatalogued = [d for s, d in self.datasets.items() if d is not None and s not in in_catalog]
        offers = self.read_offers()
        accounting = g.report_leftovers()
        unique = {d.id: d for d in self.datasets.values() if d is not None}
        return ImportResult(
            catalogs=catalogs,
            uncatalogued=sorted(uncatalogued, key=lambda d: d.id),
            offers=offers,
            warnings=g.warnings,
            accounting=accounting,
            source=g.source,
            _all=sorted(unique.values(), key=lambda d: d.id),
        )

    def catalog(self, s: Subject) -> Catalog | None:
        g, loc = self.g, self.g.location(s)
        g.take_type(s, T.CATALOG.value)
        self.claimed.add(s)
        iri = s.value if isinstance(s, ox.NamedNode) else None
        publisher = self.publisher(s, loc)
        datasets = []
        g.visited.add(s)
        for d in g.peek(s, T.DATASET_P):
            if isinstance(d, ox.Literal) or (_SERIES in g.types(d) and T.DATASET.value not in g.types(d)):
                continue  # a dataset series (or text) is not a dataset: reported with what is left over
            g.take(s, T.DATASET_P, d)
            ds = self.datasets[d] if d in self.datasets else self.dataset(d, publisher)
            if ds is not None:
                datasets.append(ds)
        values: dict[str, Any] = {
            "id": (self.iris.catalog_id(iri) if self.iris else iri) if iri else _hash_id("catalog", s, g),
            "title": self.texts(s, T.TITLE, loc, required=True),
            "description": self.texts(s, T.DESCRIPTION, loc, required=True),
            "publisher": publisher,
            "homepage": self.one(self.iri_values(s, T.HOMEPAGE, loc), T.HOMEPAGE, loc),
            "identifier": self.identifier(s, iri, loc),
            "theme_taxonomies": self.iri_values(s, T.THEME_TAXONOMY, loc),
            "datasets": datasets,
        }
        try:
            return Catalog(**values)
        except ValidationError as exc:
            g.warn("dataset.unreadable", loc, reason=reason(exc))
            return None

    # ---------------------------------------------------------------------------------------- datasets
    def dataset(self, s: Subject, catalog_publisher: Publisher | None) -> Dataset | None:
        g, loc = self.g, self.g.location(s)
        self.datasets[s] = None
        self.claimed.add(s)
        if T.DATASET.value not in g.types(s):
            g.warn("missing.required", loc, T.RDF_NS + "type", property="rdf:type dcat:Dataset")
        g.take_type(s, T.DATASET.value)
        if isinstance(s, ox.NamedNode):
            iri = s.value
            id_ = self.iris.dataset_id(iri) if self.iris else iri
        else:
            iri, id_ = None, _hash_id("dataset", s, g)
            g.warn("dataset.blank-node", loc, id=id_)
        publisher = self.publisher(s, loc)
        if publisher is None and catalog_publisher is not None:
            publisher = catalog_publisher
            g.warn("publisher.inherited", loc, T.PUBLISHER, publisher=publisher.iri)
        access = self.codes(s, T.ACCESS_RIGHTS, AccessRights, loc)
        dataset_iri = iri or (self.iris.dataset(id_) if self.iris else id_)
        dists, dist_access, offers = [], [], list(self.policy_refs(s, loc))
        for d in g.values(s, T.DISTRIBUTION_P):
            if isinstance(d, ox.Literal):
                self.invalid(loc, T.DISTRIBUTION_P, show(d), "text")
                continue
            dist, rights, dist_offers = self.distribution(d, dataset_iri)
            if dist is not None:
                dists.append(dist)
            dist_access += [(d, r) for r in rights]
            offers += dist_offers
        access_rights = self.dataset_access(s, loc, access, dist_access)
        licence = self.one(self.licences(s, loc), T.LICENSE, loc)
        shared = {d.licence for d in dists}
        if licence is None and len(shared) == 1 and None not in shared:  # the model's one place for it
            licence, dists = shared.pop(), [d.model_construct(**{**dict(d), "licence": None}) for d in dists]
        values: dict[str, Any] = {
            "id": id_,
            "title": self.texts(s, T.TITLE, loc, required=True),
            "description": self.texts(s, T.DESCRIPTION, loc, required=True),
            "publisher": publisher,
            "contact_points": self.contacts(s, loc),
            **self.themes(s, loc),
            "keywords": self.keywords(s, loc),
            "spatial": self.iri_values(s, T.SPATIAL, loc),
            "temporal": self.periods(s, loc),
            "frequency": self.one(
                self.codes(s, T.FREQUENCY, Frequency, loc, legacy=legacy_frequency), T.FREQUENCY, loc
            ),
            "access_rights": access_rights,
            "licence": licence,
            "distributions": dists,
            "offer": self.offer(offers, loc),
            "languages": self.codes(s, T.LANGUAGE, Language, loc, legacy=_language_tag),
            "landing_pages": self.iri_values(s, T.LANDING_PAGE, loc),
            "subjects": self.iri_values(s, T.SUBJECT, loc),
            "identifier": self.identifier(s, iri, loc),
            "issued": self.date(s, T.ISSUED, loc),
            "modified": self.date(s, T.MODIFIED, loc),
        }
        if not values["contact_points"]:
            g.warn("missing.recommended", loc, T.CONTACT_POINT, property="dcat:contactPoint")
        if not dists:
            g.warn("missing.recommended", loc, T.DISTRIBUTION_P, property="dcat:distribution")
        try:
            ds = Dataset(**values)
        except ValidationError as exc:
            g.warn("dataset.unreadable", loc, reason=reason(exc))
            return None
        self.datasets[s] = ds
        return ds

    def dataset_access(
        self, s: Subject, loc: Location, own: list[AccessRights], on_distributions: list[tuple[Subject, AccessRights]]
    ) -> AccessRights | None:
        rights = self.one(own, T.ACCESS_RIGHTS, loc)
        for d, r in on_distributions:
            where = self.g.location(d)
            if rights is None:
                rights = r
                self.g.warn("access-rights.distribution", where, T.ACCESS_RIGHTS, found=r.value)
            elif r != rights:
                self.g.warn("access-rights.conflict", where, T.ACCESS_RIGHTS, found=r.value, kept=rights.value)
        if rights is None:
            self.g.warn("missing.recommended", loc, T.ACCESS_RIGHTS, property="dct:accessRights")
        return rights

    def themes(self, s: Subject, loc: Location) -> dict[str, list[Any]]:
        eu, other = [], []
        for iri in self.iri_values(s, T.THEME, loc):
            code = code_from_iri(DataTheme, iri)
            if code is not None:
                eu.append(code)
            else:
                other.append(iri)
        if not eu:
            self.g.warn("missing.required", loc, T.THEME, property="dcat:theme (EU data theme)")
        return {"themes": eu, "other_themes": other}

    def distribution(
        self, s: Subject, dataset_iri: str
    ) -> tuple[Distribution | None, list[AccessRights], list[ox.NamedNode]]:
        g, loc = self.g, self.g.location(s)
        self.claimed.add(s)
        if T.DISTRIBUTION.value not in g.types(s):
            g.warn("missing.required", loc, T.RDF_NS + "type", property="rdf:type dcat:Distribution")
        g.take_type(s, T.DISTRIBUTION.value)
        id_ = (
            self.iris.distribution_id(dataset_iri, s.value)
            if isinstance(s, ox.NamedNode) and self.iris
            else (s.value if isinstance(s, ox.NamedNode) else None)
        )
        access = self.iri_values(s, T.ACCESS_URL, loc)
        downloads = self.iri_values(s, T.DOWNLOAD_URL, loc)
        if not access and downloads:
            access = downloads[:1]
            g.warn("distribution.download-as-access", loc, T.ACCESS_URL, found=downloads[0])
        elif not access:
            g.warn("missing.required", loc, T.ACCESS_URL, property="dcat:accessURL")
        values: dict[str, Any] = {
            "id": id_,
            "title": self.texts(s, T.TITLE, loc),
            "description": self.texts(s, T.DESCRIPTION, loc),
            "access_url": self.one(access, T.ACCESS_URL, loc),
            "download_urls": downloads,
            "formats": self.formats(s, loc),
            "media_types": self.media_types(s, loc),
            "licence": self.one(self.licences(s, loc), T.LICENSE, loc),
            "languages": self.codes(s, T.LANGUAGE, Language, loc, legacy=_language_tag),
            "issued": self.date(s, T.ISSUED, loc),
            "modified": self.date(s, T.MODIFIED, loc),
        }
        rights = self.codes(s, T.ACCESS_RIGHTS, AccessRights, loc)
        offers = list(self.policy_refs(s, loc))
        try:
            return Distribution(**values), rights, offers
        except ValidationError as exc:
            g.warn("dataset.unreadable", loc, reason=reason(exc))
            return None, rights, offers

    def formats(self, s: Subject, loc: Location) -> list[FileType]:
        out = []
        for o in self.g.values(s, T.FORMAT):
            if isinstance(o, ox.BlankNode):
                self.g.warn("format.unknown", loc, T.FORMAT, found="[]")
                continue
            code = code_from_iri(FileType, o.value) if isinstance(o, ox.NamedNode) else None
            if code is None:
                code = file_type_from_text(o.value)
                if code is None:
                    self.g.warn("format.unknown", loc, T.FORMAT, found=o.value)
                    continue
                self.g.warn("format.free-text", loc, T.FORMAT, found=o.value, code=code_iri(code))
            out.append(code)
        return out

    def media_types(self, s: Subject, loc: Location) -> list[str]:
        out = []
        for o in self.g.values(s, T.MEDIA_TYPE):
            media = media_type_from_text(o.value) if not isinstance(o, ox.BlankNode) else None
            if media is None:
                self.invalid(loc, T.MEDIA_TYPE, show(o), "not an IANA media type")
                continue
            if isinstance(o, ox.Literal):
                self.g.warn("media-type.free-text", loc, T.MEDIA_TYPE, found=o.value, media_type=media)
            out.append(media)
        return out

    def licences(self, s: Subject, loc: Location) -> list[Any]:
        out = []
        for o in self.g.values(s, T.LICENSE):
            if isinstance(o, ox.BlankNode):
                # a dct:LicenseDocument described inline: its IRI-less text cannot be published as a licence
                self.g.warn("licence.unknown", loc, T.LICENSE, found="[]")
                continue
            code = legacy_licence(o.value)
            if code is None:
                self.g.warn("licence.unknown", loc, T.LICENSE, found=o.value)
                continue
            if o.value != code_iri(code):
                self.g.warn("licence.legacy", loc, T.LICENSE, found=o.value, licence=code_iri(code))
            out.append(code)
        return out

    # ---------------------------------------------------------------------------------------- agents
    def publisher(self, s: Subject, loc: Location) -> Publisher | None:
        values = [o for o in self.g.values(s, T.PUBLISHER) if not isinstance(o, ox.Literal)]
        for o in self.g.values(s, T.PUBLISHER):
            if isinstance(o, ox.Literal):
                self.invalid(loc, T.PUBLISHER, o.value, "text, not an agent")
        agents = [a for a in (self.agent(o) for o in values) if a is not None]
        return self.one(agents, T.PUBLISHER, loc)

    def agent(self, node: Subject) -> Publisher | None:
        if node not in self.agents:
            self.agents[node] = self.read_agent(node)
        return self.agents[node]

    def read_agent(self, node: Subject) -> Publisher | None:
        g, loc = self.g, self.g.location(node)
        self.claimed.add(node)
        g.take_type(node, T.AGENT.value)
        name = self.texts(node, T.NAME, loc)
        ids = [o.value for o in g.peek(node, T.IDENTIFIER) if isinstance(o, ox.Literal)]
        orgnr = None
        if isinstance(node, ox.NamedNode) and (m := _ORGNR_IN_IRI.search(node.value)):
            orgnr = m.group(1)
        elif len(ids) == 1 and re.fullmatch(r"\d{9}", ids[0]):
            orgnr = ids[0]
        iri = node.value if isinstance(node, ox.NamedNode) else None
        if orgnr is not None:
            try:
                publisher = Publisher(orgnr=orgnr, iri=iri or BRREG + orgnr, name=name)
            except ValidationError:
                pass
            else:
                if ids == [orgnr]:
                    g.values(node, T.IDENTIFIER)
                return publisher
        if iri is None:
            g.warn("value.invalid", loc, found="[]", property="dct:publisher", reason="no IRI, no org.nr.")
            return None
        g.warn("publisher.no-orgnr", loc, found=iri)
        return Publisher(iri=iri, name=name)

    def contacts(self, s: Subject, loc: Location) -> list[ContactPoint]:
        out = []
        for o in self.g.values(s, T.CONTACT_POINT):
            if isinstance(o, ox.Literal):
                self.invalid(loc, T.CONTACT_POINT, o.value, "text")
                continue
            cp = self.contact(o)
            if cp is not None:
                out.append(cp)
        return out

    def contact(self, node: Subject) -> ContactPoint | None:
        g, loc = self.g, self.g.location(node)
        self.claimed.add(node)
        types = g.types(node)
        kind = next((_CONTACT_TYPES[t] for t in sorted(types) if t in _CONTACT_TYPES), None)
        g.take_type(node, *(T.VCARD + k for k in _ANY_VCARD_KIND))
        if kind is None:
            g.warn("contact.kind", loc, found=", ".join(compact(t) for t in sorted(types)) or "—")
        if isinstance(node, ox.NamedNode):
            g.warn("node.iri", loc, what="dcat:contactPoint", found=node.value)
        values: dict[str, Any] = {
            "kind": kind or "Organization",
            "name": self.texts(node, T.VC_FN, loc),
            "organisation_unit": self.texts(node, T.VC_UNIT, loc),
            "email": self.one(
                [v.removeprefix("mailto:") for v in self.vcard_values(node, T.VC_EMAIL, loc)], T.VC_EMAIL, loc
            ),
            "phone": self.one(
                [v.removeprefix("tel:") for v in self.vcard_values(node, T.VC_PHONE, loc)], T.VC_PHONE, loc
            ),
            "url": self.one(self.iri_values(node, T.VC_URL, loc), T.VC_URL, loc),
        }
        try:
            return ContactPoint(**values)
        except ValidationError as exc:
            g.warn("dataset.unreadable", loc, reason=reason(exc))
            return None

    def vcard_values(self, node: Subject, prop: str, loc: Location) -> list[str]:
        """``vcard:hasEmail <mailto:…>``, a literal, or ``[ vcard:hasValue <mailto:…> ]``."""
        out = []
        for o in self.g.values(node, prop):
            if isinstance(o, ox.BlankNode):
                out += [v.value for v in self.g.values(o, T.VC_VALUE) if not isinstance(v, ox.BlankNode)]
            else:
                out.append(o.value)
        return out

    # ---------------------------------------------------------------------------------------- offers
    def policy_refs(self, s: Subject, loc: Location) -> list[ox.NamedNode]:
        out = []
        for o in self.g.values(s, T.HAS_POLICY):
            if isinstance(o, ox.NamedNode):
                out.append(o)
            else:
                self.invalid(loc, T.HAS_POLICY, show(o), "a policy needs an IRI")
        return out

    def offer(self, refs: list[ox.NamedNode], loc: Location) -> str | None:
        unique = sorted({r.value for r in refs})
        if not unique:
            return None
        if len(unique) > 1:
            self.g.warn("offer.several", loc, T.HAS_POLICY, kept=unique[0], dropped=", ".join(unique[1:]))
        id_ = self.iris.offer_id(unique[0]) if self.iris else unique[0]
        self.offer_refs[id_] = ox.NamedNode(unique[0])
        return id_

    def read_offers(self) -> dict[str, dict[str, Any]]:
        """Each offer a dataset names, as the JSON-LD of its triples (the policy, its rules, their blank nodes)."""
        out = {}
        for id_, node in sorted(self.offer_refs.items()):
            triples = self.closure(node)
            if not triples:
                self.g.warn("offer.not-in-file", self.g.location(node), found=node.value)
                continue
            out[id_] = to_jsonld(triples)
        return out

    def closure(self, root: Subject) -> list[ox.Triple]:
        g, out, stack, seen = self.g, [], [root], {root}
        while stack:
            s = stack.pop()
            for p in sorted(g.spo.get(s, {})):
                for o in g.values(s, p):
                    out.append(ox.Triple(s, ox.NamedNode(p), o))
                    if not isinstance(o, ox.Literal) and o in g.spo and o not in seen and o not in self.claimed:
                        seen.add(o)
                        stack.append(o)
        return out


def _language_tag(value: str) -> Language | None:
    return _LANGUAGE_TAGS.get(value.strip().casefold())


def _hash_id(kind: str, s: Subject, g: Index) -> str:
    """A stable local id for a node without IRI, from its own literal content."""
    content = sorted(f"{p} {o}" for p, vs in g.spo.get(s, {}).items() for o in vs if isinstance(o, ox.Literal))
    return f"{kind}-" + hashlib.sha256("\n".join(content).encode("utf-8")).hexdigest()[:12]
