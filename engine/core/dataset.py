"""A dataset description: what the 63-page registration PDF asked for, as data (DCAT-AP-NO's model).

    Catalog ── publisher, title, description
      └── Dataset ── title/description (nb, en), publisher (org.nr.), contact points, EU themes, keywords,
            │        spatial/temporal coverage, update frequency, access rights, licence, the offer id
            └── Distribution ── access URL, download URLs, file types, media types

Lists that are sets in RDF (themes, keywords, distributions …) are kept sorted and without duplicates, so
two descriptions with the same content are equal — and publish to the same bytes. Identifiers are either
local ids (``bygg-2024``, turned into IRIs under the catalogue's base URL by ``CatalogIris``) or absolute
IRIs kept as they came (an imported dataset keeps its publisher's IRI).

Import warnings and publish problems are ``Notice`` records: a code, values, a location, and a text in
every language from ``engine.core.dataset_texts.MESSAGES``. Pure: pydantic and python-stdnum only; RDF
lives in ``engine.rdf.dcat``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import orgnr as stdnum_orgnr

from engine.core.dataset_codes import (
    MEDIA_TYPE_RE,
    AccessRights,
    DataTheme,
    FileType,
    Frequency,
    Language,
    Licence,
)
from engine.core.dataset_texts import MESSAGES
from engine.i18n import I18n, text

BRREG = "https://data.brreg.no/enhetsregisteret/api/enheter/"
#: Languages a text of a description may be in. Nynorsk is kept on import already (UI copy comes later).
TEXT_LANGS = ("nb", "nn", "en")

_IRI = re.compile(r"^(https?://[^\s<>\"{}|\\^`]+|urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:[^\s<>\"{}|\\^`]+)$")
_LOCAL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$")
_EMAIL = re.compile(r"^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$")


def is_iri(value: str) -> bool:
    """An absolute http(s) or urn IRI without characters Turtle/XML cannot carry."""
    return bool(_IRI.match(value))


def _iri(value: str) -> str:
    if not is_iri(value):
        raise ValueError(f"{value!r} is not an absolute http(s) or urn: IRI")
    return value


def _identifier(value: str) -> str:
    if not (is_iri(value) or _LOCAL_ID.match(value)):
        raise ValueError(f"{value!r} is neither a local id (letters, digits, . _ ~ -) nor an absolute IRI")
    return value


def _texts(value: dict[str, str]) -> dict[str, str]:
    out = {}
    for lang, txt in value.items():
        if lang not in TEXT_LANGS:
            raise ValueError(f"language {lang!r} is not one of {', '.join(TEXT_LANGS)}")
        if txt.strip():
            out[lang] = txt.strip()
    return dict(sorted(out.items()))


def _set(values: list[Any]) -> list[Any]:
    return sorted(set(values), key=str)


Iri = Annotated[str, AfterValidator(_iri)]
IriSet = Annotated[list[Iri], AfterValidator(_set)]
Identifier = Annotated[str, AfterValidator(_identifier)]
LangText = Annotated[I18n, AfterValidator(_texts)]


def _date_or_time(value: Any) -> Any:
    """``2024-01-01`` is a date, ``2024-01-01T00:00:00Z`` a time: keep which one it was (JSON round trips)."""
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not an ISO date or date-time") from exc
    return value


Date = Annotated[dt.datetime | dt.date, BeforeValidator(_date_or_time)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Publisher(_Model):
    """The organisation responsible for a dataset, by org.nr.; ``iri`` defaults to its Brønnøysund IRI.

    A publisher known only by an IRI without org.nr. (a foreign agent) keeps that IRI and no org.nr.
    """

    orgnr: str | None = None
    iri: Iri
    name: LangText = {}

    @model_validator(mode="before")
    @classmethod
    def _fill_iri(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and not data.get("iri"):
            if not data.get("orgnr"):
                raise ValueError("a publisher needs an organisation number or an IRI")
            return {**data, "iri": BRREG + stdnum_orgnr.compact(str(data["orgnr"]))}
        return data

    @field_validator("orgnr")
    @classmethod
    def _valid_orgnr(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return str(stdnum_orgnr.validate(value))
        except StdnumError as exc:
            raise ValueError(f"{value!r} is not a valid organisation number (9 digits, MOD11)") from exc


class ContactPoint(_Model):
    kind: Literal["Organization", "Group"] = "Organization"
    name: LangText = {}
    organisation_unit: LangText = {}
    email: str | None = None
    phone: str | None = None
    url: Iri | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.match(value):
            raise ValueError(f"{value!r} is not an e-mail address")
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        """Kept as a ``tel:`` URI carries it: ``+47 55 56 55 60`` -> ``+4755565560``."""
        if value is None:
            return None
        compact = re.sub(r"[\s().-]", "", value)
        if not re.fullmatch(r"\+?[0-9]{3,20}", compact):
            raise ValueError(f"{value!r} is not a telephone number")
        return compact


class PeriodOfTime(_Model):
    start: Date | None = None
    end: Date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> PeriodOfTime:
        if self.start is None and self.end is None:
            raise ValueError("a period needs a start or an end")
        if self.start is not None and self.end is not None and _day(self.end) < _day(self.start):
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        return self


def _media_type(value: str) -> str:
    if not MEDIA_TYPE_RE.match(value):
        raise ValueError(f"{value!r} is not a media type such as text/csv")
    return value


MediaType = Annotated[str, AfterValidator(_media_type)]


def _day(value: Date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


class Distribution(_Model):
    """One way to get the data. ``id`` None: it came as a blank node and is published as one."""

    id: Identifier | None = None
    title: LangText = {}
    description: LangText = {}
    access_url: Iri | None = None
    download_urls: IriSet = []
    formats: Annotated[list[FileType], AfterValidator(_set)] = []
    media_types: Annotated[list[MediaType], AfterValidator(_set)] = []
    licence: Licence | None = None
    languages: Annotated[list[Language], AfterValidator(_set)] = []
    issued: Date | None = None
    modified: Date | None = None


class Dataset(_Model):
    id: Identifier
    title: LangText = {}
    description: LangText = {}
    publisher: Publisher | None = None
    contact_points: list[ContactPoint] = []
    themes: Annotated[list[DataTheme], AfterValidator(_set)] = []
    other_themes: IriSet = Field(default=[], description="LOS, EuroVoc and other theme IRIs")
    keywords: dict[str, list[str]] = {}
    spatial: IriSet = []
    temporal: list[PeriodOfTime] = []
    frequency: Frequency | None = None
    access_rights: AccessRights | None = None
    licence: Licence | None = None
    distributions: list[Distribution] = []
    offer: Identifier | None = Field(default=None, description="id (or IRI) of the standing odrl:Offer")
    languages: Annotated[list[Language], AfterValidator(_set)] = []
    landing_pages: IriSet = []
    subjects: IriSet = Field(default=[], description="concepts (dct:subject)")
    identifier: str | None = Field(default=None, description="dct:identifier when it is not the IRI")
    issued: Date | None = None
    modified: Date | None = None

    @field_validator("keywords")
    @classmethod
    def _keywords(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        _texts(dict.fromkeys(value, "x"))
        out = {lang: sorted({k.strip() for k in words if k.strip()}) for lang, words in sorted(value.items())}
        return {lang: words for lang, words in out.items() if words}

    @field_validator("contact_points", "temporal", "distributions")
    @classmethod
    def _ordered(cls, value: list[Any]) -> list[Any]:
        unique = {item.model_dump_json(): item for item in value}
        return [unique[k] for k in sorted(unique)]

    @model_validator(mode="after")
    def _licence_placement(self) -> Dataset:
        """One place for each licence, so a dataset and its published form compare equal: the dataset's
        licence when every distribution has the same, else each distribution's own."""
        effective = [d.licence or self.licence for d in self.distributions]
        if not effective or None in effective:
            return self
        one = len(set(effective)) == 1
        licence = effective[0] if one else None
        wanted = [None if one else lic for lic in effective]
        if self.licence != licence or any(d.licence != w for d, w in zip(self.distributions, wanted, strict=True)):
            dists = [d.model_copy(update={"licence": w}) for d, w in zip(self.distributions, wanted, strict=True)]
            object.__setattr__(self, "licence", licence)  # still validating: the model is not yet in use
            object.__setattr__(self, "distributions", dists)
        return self


class Catalog(_Model):
    """The datasets of one publisher, published together (``GET /catalog``)."""

    id: Identifier
    title: LangText = {}
    description: LangText = {}
    publisher: Publisher | None = None
    homepage: Iri | None = None
    identifier: str | None = None
    theme_taxonomies: IriSet = []
    datasets: list[Dataset] = []

    @field_validator("datasets")
    @classmethod
    def _by_id(cls, value: list[Dataset]) -> list[Dataset]:
        return sorted({d.id: d for d in value}.values(), key=lambda d: d.id)


def catalog_for(publisher: Publisher, datasets: Iterable[Dataset], *, id: str | None = None) -> Catalog:
    """The catalogue of one publisher with the standard title and description in every language."""
    name = publisher.name or {"nb": publisher.orgnr or publisher.iri}
    return Catalog(
        id=id or publisher.orgnr or "catalog",
        title={
            lang: text(MESSAGES, "catalog.title", lang, name=name.get(lang) or next(iter(name.values())))
            for lang in ("nb", "en")
        },
        description={lang: text(MESSAGES, "catalog.description", lang) for lang in ("nb", "en")},
        publisher=publisher,
        datasets=list(datasets),
    )


class CatalogIris:
    """Stable IRIs under a base URL: ``{base}/catalogs/{id}``, ``/datasets/{id}``, ``/offers/{id}``,
    ``{dataset IRI}/distributions/{id}``. An id that is already an absolute IRI is used as it is."""

    def __init__(self, base_url: str) -> None:
        base = base_url.rstrip("/")
        if not re.fullmatch(r"https?://[^\s/?#<>\"]+(/[^\s?#<>\"]*)?", base):
            raise ValueError(f"base URL {base_url!r} must be an absolute http(s) URL without query or fragment")
        self.base = base

    def _iri(self, kind: str, id: str) -> str:
        return id if is_iri(id) else f"{self.base}/{kind}/{id}"

    def _id(self, kind: str, iri: str) -> str:
        prefix = f"{self.base}/{kind}/"
        rest = iri[len(prefix) :] if iri.startswith(prefix) else ""
        return rest if _LOCAL_ID.match(rest) else iri

    def catalog(self, id: str) -> str:
        return self._iri("catalogs", id)

    def dataset(self, id: str) -> str:
        return self._iri("datasets", id)

    def offer(self, id: str) -> str:
        return self._iri("offers", id)

    def distribution(self, dataset_iri: str, id: str) -> str:
        return id if is_iri(id) else f"{dataset_iri}/distributions/{id}"

    def catalog_id(self, iri: str) -> str:
        return self._id("catalogs", iri)

    def dataset_id(self, iri: str) -> str:
        return self._id("datasets", iri)

    def offer_id(self, iri: str) -> str:
        return self._id("offers", iri)

    def distribution_id(self, dataset_iri: str, iri: str) -> str:
        prefix = f"{dataset_iri}/distributions/"
        rest = iri[len(prefix) :] if iri.startswith(prefix) else ""
        return rest if _LOCAL_ID.match(rest) else iri


# --------------------------------------------------------------------------------------------- notices


class Location(_Model):
    """Where a notice points: the file, the subject (IRI, or the IRI a blank node hangs from, with the
    path of properties down to it) and the property."""

    source: str | None = None
    subject: str | None = None
    path: tuple[str, ...] = ()
    property: str | None = None

    def __str__(self) -> str:
        parts = [f"<{self.subject}>" if self.subject and is_iri(self.subject) else self.subject or ""]
        parts += [f"{p} []" for p in self.path]
        if self.property:
            parts.append(self.property)
        where = " ".join(p for p in parts if p)
        return f"{self.source}: {where}" if self.source else where


class Notice(_Model):
    code: str
    values: dict[str, str] = {}
    location: Location = Location()

    def message(self, lang: str = "nb") -> str:
        return text(MESSAGES, self.code, lang, **self.values)

    def one_line(self, lang: str = "nb") -> str:
        return f"{self.location}: {self.message(lang)}"


class ImportWarning(Notice):
    """Something in an imported file that was changed, assumed or not kept — never silently."""


class PublishProblem(Notice):
    """Something a catalogue lacks before it can be published as valid DCAT-AP-NO."""


_REQUIRED = (
    ("title", "dct:title"),
    ("description", "dct:description"),
    ("publisher", "dct:publisher"),
    ("access_rights", "dct:accessRights"),
)


def publish_problems(catalog: Catalog, offers: Iterable[str] = ()) -> list[PublishProblem]:
    """Everything that stops ``catalog`` from publishing; empty means it can be published.

    ``offers`` are the ids of the offers the publisher can inline; a dataset naming another is a problem.
    """
    known = set(offers)
    out: list[PublishProblem] = []

    def problem(code: str, subject: str, prop: str, **values: str) -> None:
        out.append(PublishProblem(code=code, values=values, location=Location(subject=subject, property=prop)))

    for field, prop in (("title", "dct:title"), ("description", "dct:description"), ("publisher", "dct:publisher")):
        if not getattr(catalog, field):
            problem("publish.missing", catalog.id, prop, property=prop)
    for ds in catalog.datasets:
        for field, prop in _REQUIRED:
            if not getattr(ds, field) and not (field == "publisher" and catalog.publisher):
                problem("publish.missing", ds.id, prop, property=prop)
        if not ds.themes:
            problem("publish.missing", ds.id, "dcat:theme", property="dcat:theme")
        if ds.licence is None and (not ds.distributions or any(d.licence is None for d in ds.distributions)):
            problem("publish.missing", ds.id, "dct:license", property="dct:license")
        if ds.publisher and catalog.publisher and ds.publisher.iri != catalog.publisher.iri:
            problem("publish.other-publisher", ds.id, "dct:publisher", publisher=ds.publisher.iri)
        if ds.offer is not None and ds.offer not in known:
            problem("publish.offer-unknown", ds.id, "odrl:hasPolicy", offer=ds.offer)
        for i, dist in enumerate(ds.distributions):
            if dist.access_url is None:
                problem(
                    "publish.missing",
                    f"{ds.id} distribution {dist.id or i + 1}",
                    "dcat:accessURL",
                    property="dcat:accessURL",
                )
    return out
