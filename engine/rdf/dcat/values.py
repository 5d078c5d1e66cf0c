"""Reading the values of one node: texts per language, IRIs, EU codes, dates, periods — each odd value
either normalised with a warning or reported as not kept. The node-level mapping is in ``read``."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, TypeVar

import pyoxigraph as ox
from pydantic import ValidationError

from engine.core.dataset import Location, PeriodOfTime, is_iri
from engine.core.dataset_codes import code_from_iri, code_iri
from engine.rdf.dcat import terms as T
from engine.rdf.dcat.index import Index, Subject, show
from engine.rdf.dcat.terms import Term, compact

C = TypeVar("C", bound=StrEnum)
V = TypeVar("V")
_LANG_ALIASES = {
    "no": "nb",
    "nob": "nb",
    "nb-no": "nb",
    "no-no": "nb",
    "nno": "nn",
    "nn-no": "nn",
    "eng": "en",
    "en-gb": "en",
    "en-us": "en",
}


class ValueReader:
    def __init__(self, index: Index) -> None:
        self.g = index
        self.claimed: set[Subject] = set()

    def invalid(self, loc: Location, prop: str, found: Term | str, reason: str) -> None:
        """A value that cannot be kept: say which and why."""
        shown = found if isinstance(found, str) else show(found)
        self.g.warn("value.invalid", loc, prop, found=shown, property=compact(prop), reason=reason)

    def texts(self, s: Subject, prop: str, loc: Location, *, required: bool = False) -> dict[str, str]:
        out: dict[str, str] = {}
        for o in self.g.values(s, prop):
            if not isinstance(o, ox.Literal):
                self.invalid(loc, prop, show(o), "not text")
                continue
            lang = self.lang(o, loc, prop)
            if lang is None:
                continue
            if lang in out:
                self.g.warn(
                    "value.several", loc, prop, property=f"{compact(prop)}@{lang}", kept=out[lang], dropped=show(o)
                )
                continue
            out[lang] = o.value
        if required and not out:
            self.g.warn("missing.required", loc, prop, property=compact(prop))
        return out

    def lang(self, o: ox.Literal, loc: Location, prop: str) -> str | None:
        tag = (o.language or "").casefold()
        if not tag:
            self.g.warn("text.no-language", loc, prop, found=show(o))
            return "nb"
        if tag in ("nb", "nn", "en"):
            return tag
        if tag in _LANG_ALIASES:
            self.g.warn("text.language", loc, prop, found=tag, lang=_LANG_ALIASES[tag])
            return _LANG_ALIASES[tag]
        self.g.warn("text.unknown-language", loc, prop, found=show(o), lang=tag)
        return None

    def keywords(self, s: Subject, loc: Location) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for o in self.g.values(s, T.KEYWORD):
            if isinstance(o, ox.Literal) and (lang := self.lang(o, loc, T.KEYWORD)) is not None:
                out.setdefault(lang, []).append(o.value)
            elif not isinstance(o, ox.Literal):
                self.invalid(loc, T.KEYWORD, show(o), "not text")
        return out

    def iri_values(self, s: Subject, prop: str, loc: Location) -> list[str]:
        out = []
        for o in self.g.values(s, prop):
            value = o.value.strip() if isinstance(o, ox.Literal) else o.value
            if isinstance(o, ox.NamedNode) and is_iri(value):
                out.append(value)
            elif isinstance(o, ox.Literal) and is_iri(value):
                self.g.warn("value.literal-iri", loc, prop, found=value)
                out.append(value)
            else:
                self.invalid(
                    loc,
                    prop,
                    show(o),
                    "not an http(s) or urn: IRI",
                )
        return out

    def codes(self, s: Subject, prop: str, kind: type[C], loc: Location, *, legacy: Any = None) -> list[C]:
        out = []
        for o in self.g.values(s, prop):
            code = code_from_iri(kind, o.value) if isinstance(o, ox.NamedNode) else None
            if code is None and legacy is not None and not isinstance(o, ox.BlankNode):
                code = legacy(o.value)
                if code is not None:
                    self.g.warn("code.legacy", loc, prop, found=o.value, code=code_iri(code))
            if code is None and isinstance(o, ox.Literal):
                try:
                    code = kind(o.value.strip().upper())
                    self.g.warn("code.legacy", loc, prop, found=o.value, code=code_iri(code))
                except ValueError:
                    code = None
            if code is None:
                self.g.warn("code.unknown", loc, prop, found=show(o), property=compact(prop))
                continue
            out.append(code)
        return out

    def one(self, values: list[V], prop: str, loc: Location) -> V | None:
        if len(values) > 1:
            shown = [getattr(v, "iri", None) or str(v) for v in values]
            self.g.warn("value.several", loc, prop, property=compact(prop), kept=shown[0], dropped=", ".join(shown[1:]))
        return values[0] if values else None

    def identifier(self, s: Subject, iri: str | None, loc: Location) -> str | None:
        ids = [o.value for o in self.g.values(s, T.IDENTIFIER)]
        if not ids:
            return None
        if iri in ids:
            others = [i for i in ids if i != iri]
            if others:
                self.g.warn(
                    "value.several", loc, T.IDENTIFIER, property="dct:identifier", kept=iri, dropped=", ".join(others)
                )
            return None
        return self.one(ids, T.IDENTIFIER, loc)

    def date(self, s: Subject, prop: str, loc: Location) -> dt.date | dt.datetime | None:
        return self.one([d for o in self.g.values(s, prop) if (d := self.date_value(o, prop, loc))], prop, loc)

    def date_value(self, o: Term, prop: str, loc: Location) -> dt.date | dt.datetime | None:
        value = o.value.strip()
        typed = isinstance(o, ox.Literal) and o.datatype in (T.XSD_DATE, T.XSD_DATETIME)
        try:
            parsed: dt.date | dt.datetime = (
                dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
            )
        except ValueError:
            self.invalid(loc, prop, show(o), "not a date")
            return None
        if not typed:
            self.g.warn("value.untyped-date", loc, prop, found=value, value=parsed.isoformat())
        return parsed

    def periods(self, s: Subject, loc: Location) -> list[PeriodOfTime]:
        out = []
        for node in self.g.values(s, T.TEMPORAL):
            if isinstance(node, ox.Literal):
                self.invalid(loc, T.TEMPORAL, node.value, "text, not a period")
                continue
            where = self.g.location(node)
            self.claimed.add(node)
            self.g.take_type(node, T.PERIOD.value)
            if isinstance(node, ox.NamedNode):
                self.g.warn("node.iri", where, what="dct:temporal", found=node.value)
            ends = {}
            for key, prop, old in (
                ("start", T.START_DATE, T.SCHEMA + "startDate"),
                ("end", T.END_DATE, T.SCHEMA + "endDate"),
            ):
                if self.g.peek(node, old) and not self.g.peek(node, prop):
                    self.g.warn("code.legacy", where, old, found=compact(old), code=compact(prop))
                    prop = old
                ends[key] = self.date(node, prop, where)
            try:
                out.append(PeriodOfTime(**ends))
            except ValidationError as exc:
                self.g.warn("dataset.unreadable", where, reason=reason(exc))
        return out


def reason(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(x) for x in first.get("loc", ()))
    return f"{where}: {first.get('msg', '')}" if where else str(first.get("msg", ""))
