"""The controlled vocabularies of a dataset description: the EU authority-table codes Avtaleverk accepts.

Exactly these codes are bundled as SKOS concepts in ``policies/dcat-ap-no/vocabularies.ttl`` (a test keeps
the two in step), so the DCAT-AP-NO shapes can check every value we publish without the full EU tables.
Also here, because the importer and the coming search both need them: what real catalogues write instead
of these IRIs (legacy licence IRIs, free-text formats, Dublin Core frequencies) and what each maps to.

Pure data and small functions: no RDF library.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TypeVar

from engine.i18n import Texts

EU = "http://publications.europa.eu/resource/authority/"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
C = TypeVar("C", bound=StrEnum)


class AccessRights(StrEnum):
    """``dct:accessRights`` of a dataset: what data.norge.no filters on."""

    PUBLIC = "PUBLIC"
    RESTRICTED = "RESTRICTED"
    NON_PUBLIC = "NON_PUBLIC"


class DataTheme(StrEnum):
    """The 13 EU data themes; DCAT-AP-NO asks for at least one per dataset."""

    AGRI = "AGRI"
    ECON = "ECON"
    EDUC = "EDUC"
    ENER = "ENER"
    ENVI = "ENVI"
    GOVE = "GOVE"
    HEAL = "HEAL"
    INTR = "INTR"
    JUST = "JUST"
    REGI = "REGI"
    SOCI = "SOCI"
    TECH = "TECH"
    TRAN = "TRAN"


class Frequency(StrEnum):
    CONT = "CONT"
    HOURLY = "HOURLY"
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    QUARTERLY = "QUARTERLY"
    ANNUAL = "ANNUAL"
    IRREG = "IRREG"
    NEVER = "NEVER"
    UNKNOWN = "UNKNOWN"


class Licence(StrEnum):
    """The ready-made licences a dataset can carry (EU licence table codes)."""

    NLOD_2_0 = "NLOD_2_0"
    CC_BY_4_0 = "CC_BY_4_0"
    CC_BYSA_4_0 = "CC_BYSA_4_0"
    CC_BYNC_4_0 = "CC_BYNC_4_0"
    CC0 = "CC0"


class FileType(StrEnum):
    CSV = "CSV"
    JSON = "JSON"
    XML = "XML"
    GEOJSON = "GEOJSON"
    XLSX = "XLSX"
    XLS = "XLS"
    ODS = "ODS"
    PDF = "PDF"
    HTML = "HTML"
    TXT = "TXT"
    ZIP = "ZIP"
    RDF_TURTLE = "RDF_TURTLE"
    JSON_LD = "JSON_LD"
    RDF_XML = "RDF_XML"
    SHP = "SHP"
    GML = "GML"


class Language(StrEnum):
    NOB = "NOB"
    NNO = "NNO"
    NOR = "NOR"
    ENG = "ENG"
    SME = "SME"


#: EU authority table (its path under ``EU``) of each kind of code.
SCHEMES: dict[type[StrEnum], str] = {
    AccessRights: "access-right",
    DataTheme: "data-theme",
    Frequency: "frequency",
    Licence: "licence",
    FileType: "file-type",
    Language: "language",
}
#: Spatial coverage codes bundled for the shapes' (warning-level) check; other places stay plain IRIs.
COUNTRY_NOR = EU + "country/NOR"
OPEN_LICENCES = frozenset({Licence.NLOD_2_0, Licence.CC_BY_4_0, Licence.CC_BYSA_4_0, Licence.CC0})

MEDIA_TYPES: dict[FileType, str] = {
    FileType.CSV: "text/csv",
    FileType.JSON: "application/json",
    FileType.XML: "application/xml",
    FileType.GEOJSON: "application/geo+json",
    FileType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileType.XLS: "application/vnd.ms-excel",
    FileType.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    FileType.PDF: "application/pdf",
    FileType.HTML: "text/html",
    FileType.TXT: "text/plain",
    FileType.ZIP: "application/zip",
    FileType.RDF_TURTLE: "text/turtle",
    FileType.JSON_LD: "application/ld+json",
    FileType.RDF_XML: "application/rdf+xml",
    FileType.GML: "application/gml+xml",
}
_FORMAT_ALIASES: dict[str, FileType] = {
    "htm": FileType.HTML,
    "ttl": FileType.RDF_TURTLE,
    "turtle": FileType.RDF_TURTLE,
    "jsonld": FileType.JSON_LD,
    "json-ld": FileType.JSON_LD,
    "rdf": FileType.RDF_XML,
    "rdf/xml": FileType.RDF_XML,
    "rdfxml": FileType.RDF_XML,
    "shape": FileType.SHP,
    "shapefile": FileType.SHP,
    "excel": FileType.XLSX,
    "text": FileType.TXT,
    "application/vnd.geo+json": FileType.GEOJSON,
    "text/xml": FileType.XML,
    "application/x-zip-compressed": FileType.ZIP,
}

LABELS: Texts = {
    "access-right/PUBLIC": {"nb": "Offentlig", "en": "Public"},
    "access-right/RESTRICTED": {"nb": "Begrenset", "en": "Restricted"},
    "access-right/NON_PUBLIC": {"nb": "Ikke-offentlig", "en": "Non-public"},
    "data-theme/AGRI": {"nb": "Jordbruk, fiskeri, skogbruk og mat", "en": "Agriculture, fisheries, forestry and food"},
    "data-theme/ECON": {"nb": "Økonomi og finans", "en": "Economy and finance"},
    "data-theme/EDUC": {"nb": "Utdanning, kultur og sport", "en": "Education, culture and sport"},
    "data-theme/ENER": {"nb": "Energi", "en": "Energy"},
    "data-theme/ENVI": {"nb": "Miljø", "en": "Environment"},
    "data-theme/GOVE": {"nb": "Forvaltning og offentlig sektor", "en": "Government and public sector"},
    "data-theme/HEAL": {"nb": "Helse", "en": "Health"},
    "data-theme/INTR": {"nb": "Internasjonale temaer", "en": "International issues"},
    "data-theme/JUST": {
        "nb": "Justis, rettssystem og allmenn sikkerhet",
        "en": "Justice, legal system and public safety",
    },
    "data-theme/REGI": {"nb": "Regioner og byer", "en": "Regions and cities"},
    "data-theme/SOCI": {"nb": "Befolkning og samfunn", "en": "Population and society"},
    "data-theme/TECH": {"nb": "Vitenskap og teknologi", "en": "Science and technology"},
    "data-theme/TRAN": {"nb": "Transport", "en": "Transport"},
    "frequency/CONT": {"nb": "Kontinuerlig", "en": "Continuous"},
    "frequency/HOURLY": {"nb": "Hver time", "en": "Hourly"},
    "frequency/DAILY": {"nb": "Daglig", "en": "Daily"},
    "frequency/WEEKLY": {"nb": "Ukentlig", "en": "Weekly"},
    "frequency/MONTHLY": {"nb": "Månedlig", "en": "Monthly"},
    "frequency/QUARTERLY": {"nb": "Kvartalsvis", "en": "Quarterly"},
    "frequency/ANNUAL": {"nb": "Årlig", "en": "Annual"},
    "frequency/IRREG": {"nb": "Uregelmessig", "en": "Irregular"},
    "frequency/NEVER": {"nb": "Aldri", "en": "Never"},
    "frequency/UNKNOWN": {"nb": "Ukjent", "en": "Unknown"},
    "licence/NLOD_2_0": {
        "nb": "Norsk lisens for offentlige data (NLOD) 2.0",
        "en": "Norwegian Licence for Open Government Data (NLOD) 2.0",
    },
    "licence/CC_BY_4_0": {"nb": "Creative Commons Navngivelse 4.0", "en": "Creative Commons Attribution 4.0"},
    "licence/CC_BYSA_4_0": {
        "nb": "Creative Commons Navngivelse-DelPåSammeVilkår 4.0",
        "en": "Creative Commons Attribution-ShareAlike 4.0",
    },
    "licence/CC_BYNC_4_0": {
        "nb": "Creative Commons Navngivelse-IkkeKommersiell 4.0",
        "en": "Creative Commons Attribution-NonCommercial 4.0",
    },
    "licence/CC0": {
        "nb": "Creative Commons Public Domain Dedication (CC0 1.0)",
        "en": "Creative Commons Public Domain Dedication (CC0 1.0)",
    },
    "language/NOB": {"nb": "Norsk bokmål", "en": "Norwegian Bokmål"},
    "language/NNO": {"nb": "Norsk nynorsk", "en": "Norwegian Nynorsk"},
    "language/NOR": {"nb": "Norsk", "en": "Norwegian"},
    "language/ENG": {"nb": "Engelsk", "en": "English"},
    "language/SME": {"nb": "Nordsamisk", "en": "Northern Sami"},
    **{f"file-type/{t.value}": {"nb": t.value.replace("_", " "), "en": t.value.replace("_", " ")} for t in FileType},
}


def code_iri(code: StrEnum) -> str:
    """``Licence.CC0`` -> ``http://publications.europa.eu/resource/authority/licence/CC0``."""
    return f"{EU}{SCHEMES[type(code)]}/{code.value}"


def label_key(code: StrEnum) -> str:
    """The key of ``code`` in ``LABELS`` (``"licence/CC0"``)."""
    return f"{SCHEMES[type(code)]}/{code.value}"


def code_from_iri(kind: type[C], iri: str) -> C | None:
    """The code an EU authority IRI names (http or https), or None if it names none of ours."""
    for prefix in (EU, "https" + EU[4:]):
        scheme = f"{prefix}{SCHEMES[kind]}/"
        if iri.startswith(scheme):
            try:
                return kind(iri[len(scheme) :])
            except ValueError:
                return None
    return None


def _norm_url(value: str) -> str:
    """``HTTPS://Data.Norge.no/nlod/no/`` -> ``data.norge.no/nlod/no`` (scheme, case, slashes, deed pages)."""
    v = value.strip().casefold()
    v = re.sub(r"^https?://(www\.)?", "", v)
    v = re.sub(r"/(deed|legalcode)(\.[a-z-]+)?$", "", v)
    return v.rstrip("/")


# What publishers write for a licence instead of the EU IRI. The unversioned NLOD IRIs name the current
# NLOD, 2.0 (data.norge.no treats them so). NLOD 1.0 is not listed: it is a different licence text.
_LEGACY_LICENCES: dict[str, Licence] = {
    "data.norge.no/nlod": Licence.NLOD_2_0,
    "data.norge.no/nlod/no": Licence.NLOD_2_0,
    "data.norge.no/nlod/en": Licence.NLOD_2_0,
    "data.norge.no/nlod/no/2.0": Licence.NLOD_2_0,
    "data.norge.no/nlod/en/2.0": Licence.NLOD_2_0,
    "creativecommons.org/licenses/by/4.0": Licence.CC_BY_4_0,
    "creativecommons.org/licenses/by-sa/4.0": Licence.CC_BYSA_4_0,
    "creativecommons.org/licenses/by-nc/4.0": Licence.CC_BYNC_4_0,
    "creativecommons.org/publicdomain/zero/1.0": Licence.CC0,
    # names written as text instead of an IRI
    "nlod": Licence.NLOD_2_0,
    "nlod 2.0": Licence.NLOD_2_0,
    "cc by 4.0": Licence.CC_BY_4_0,
    "cc-by-4.0": Licence.CC_BY_4_0,
    "cc by-sa 4.0": Licence.CC_BYSA_4_0,
    "cc-by-sa-4.0": Licence.CC_BYSA_4_0,
    "cc by-nc 4.0": Licence.CC_BYNC_4_0,
    "cc-by-nc-4.0": Licence.CC_BYNC_4_0,
    "cc0": Licence.CC0,
    "cc0 1.0": Licence.CC0,
}
_LEGACY_FREQUENCIES: dict[str, Frequency] = {
    "purl.org/cld/freq/continuous": Frequency.CONT,
    "purl.org/cld/freq/daily": Frequency.DAILY,
    "purl.org/cld/freq/weekly": Frequency.WEEKLY,
    "purl.org/cld/freq/monthly": Frequency.MONTHLY,
    "purl.org/cld/freq/quarterly": Frequency.QUARTERLY,
    "purl.org/cld/freq/annual": Frequency.ANNUAL,
    "purl.org/cld/freq/irregular": Frequency.IRREG,
}


def legacy_licence(value: str) -> Licence | None:
    """A licence written the old way (``https://data.norge.no/nlod/no``, a CC deed URL, "CC BY 4.0")."""
    return code_from_iri(Licence, value) or _LEGACY_LICENCES.get(_norm_url(value))


def legacy_frequency(value: str) -> Frequency | None:
    return code_from_iri(Frequency, value) or _LEGACY_FREQUENCIES.get(_norm_url(value))


def file_type_from_text(value: str) -> FileType | None:
    """A file type from what publishers write in ``dct:format``: "CSV", ".csv", "text/csv", a media-type IRI."""
    v = value.strip().casefold()
    for prefix in (IANA_MEDIA_TYPES, "http://www.iana.org/assignments/media-types/"):
        if v.startswith(prefix):
            v = v[len(prefix) :]
    v = v.lstrip(".").split(";")[0].strip()
    if v in _FORMAT_ALIASES:
        return _FORMAT_ALIASES[v]
    for file_type, media in MEDIA_TYPES.items():
        if v == media:
            return file_type
    try:
        return FileType(v.upper().replace("-", "_"))
    except ValueError:
        return None


MEDIA_TYPE_RE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")


def media_type_from_text(value: str) -> str | None:
    """``text/csv`` from ``https://www.iana.org/assignments/media-types/text/csv`` or the plain text."""
    v = value.strip().casefold()
    for prefix in (IANA_MEDIA_TYPES, "http://www.iana.org/assignments/media-types/"):
        if v.startswith(prefix):
            v = v[len(prefix) :]
    v = v.split(";")[0].strip()
    return v if MEDIA_TYPE_RE.match(v) else None
