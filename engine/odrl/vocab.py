"""IRIs, prefixes and the frozen ``Vocabulary`` the evaluator reasons with — the one home of each constant.

The vocabulary is *generated*: ``python -m engine.rdf.snapshot --write`` reads the Turtle files and
JSON-LD contexts in ``policies/`` (with rdflib) and writes the snapshot ``engine/odrl/vocabulary.json``.
At run time this module only reads that JSON file, so evaluation needs nothing but the standard library;
a test regenerates the snapshot and fails when it differs from the committed one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

from engine.errors import PolicyError

ODRL: Final = "http://www.w3.org/ns/odrl/2/"
AVT: Final = "https://w3id.org/avtaleverk/odrl/"
DPV: Final = "https://w3id.org/dpv#"
CC: Final = "http://creativecommons.org/ns#"
REPORT: Final = "https://w3id.org/force/compliance-report#"
COUNTRY: Final = "http://publications.europa.eu/resource/authority/country/"
XSD: Final = "http://www.w3.org/2001/XMLSchema#"
RDF: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS: Final = "http://www.w3.org/2000/01/rdf-schema#"
SKOS: Final = "http://www.w3.org/2004/02/skos/core#"
DCT: Final = "http://purl.org/dc/terms/"
OWL: Final = "http://www.w3.org/2002/07/owl#"

PROFILE_IRI: Final = AVT
"""The one IRI a policy names in ``odrl:profile`` to use our terms."""

PREFIXES: Final[Mapping[str, str]] = {
    "odrl": ODRL,
    "avt": AVT,
    "dpv": DPV,
    "cc": CC,
    "report": REPORT,
    "country": COUNTRY,
    "xsd": XSD,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "dct": DCT,
    "owl": OWL,
}
"""Prefixes we read in plain-words input and print in human-facing text (``compact``)."""

ODRL_CONTEXT_URL: Final = "http://www.w3.org/ns/odrl.jsonld"
"""The W3C ODRL JSON-LD context by the URL we write; it resolves to the bundled, corrected copy."""
ODRL_CONTEXT_URLS: Final = frozenset(
    {
        ODRL_CONTEXT_URL,
        "https://www.w3.org/ns/odrl.jsonld",
        "http://www.w3.org/ns/odrl/2/odrl.jsonld",
        "https://www.w3.org/ns/odrl/2/odrl.jsonld",
    }
)
AVT_CONTEXT_URL: Final = AVT + "context.jsonld"
AVT_CONTEXT_URLS: Final = frozenset({AVT_CONTEXT_URL})

POLICY_TYPE_NAMES: Final = ("Agreement", "Offer", "Ticket", "Assertion", "Privacy", "Request", "Set", "Policy")
"""Policy classes, most specific first: a node typed both Agreement and Set is an Agreement."""
POLICY_TYPES: Final = frozenset(ODRL + t for t in POLICY_TYPE_NAMES)
RULE_KINDS: Final = ("permission", "prohibition", "obligation")
"""The policy-level rule properties, in the order policies are written."""

OPERATOR_NAMES: Final = (
    "eq", "neq", "lt", "lteq", "gt", "gteq",
    "isA", "hasPart", "isPartOf", "isAllOf", "isAnyOf", "isNoneOf",
)  # fmt: skip
OPERATORS: Final = frozenset(ODRL + n for n in OPERATOR_NAMES)
SET_OPERATORS: Final = frozenset(ODRL + n for n in ("isAnyOf", "isAllOf", "isNoneOf"))
"""Operators whose right operand is a set of values (written as a list even when it has one)."""
LOGICAL_OPERATORS: Final = frozenset(ODRL + n for n in ("or", "xone", "and", "andSequence"))
CONFLICT_NAMES: Final = ("perm", "prohibit", "invalid")
CONFLICT_TERMS: Final = frozenset(ODRL + n for n in CONFLICT_NAMES)

DUTY_STATES: Final = ("NonSet", "Fulfilled", "Violated")

# Left operands whose values are IRIs (concepts, places, parties); strings are resolved to IRIs.
IRI_OPERANDS: Final = frozenset(
    ODRL + n
    for n in (
        "purpose", "spatial", "recipient", "industry", "deliveryChannel", "product", "media",
        "fileFormat", "systemDevice", "virtualLocation", "event", "language",
    )
) | {AVT + "aiTrainingTier"}  # fmt: skip
NUMBER_OPERANDS: Final = frozenset(
    ODRL + n
    for n in (
        "count", "payAmount", "percentage", "absoluteSize", "relativeSize", "resolution",
        "absolutePosition", "relativePosition", "version",
    )
)  # fmt: skip
DURATION_OPERANDS: Final = frozenset(ODRL + n for n in ("elapsedTime", "meteredTime", "delayPeriod", "timeInterval"))
DATETIME_OPERANDS: Final = frozenset({ODRL + "dateTime", ODRL + "absoluteTemporalPosition"})

SNAPSHOT_FILE: Final = "vocabulary.json"
"""The generated vocabulary snapshot, next to this module."""
VOCABULARY_FILES: Final = ("odrl22.ttl", "avtaleverk-profile.ttl", "dpv-purposes.ttl", "places.ttl")
"""The Turtle files in ``policies/`` the snapshot is built from, in this order."""
CONTEXT_FILES: Final = {ODRL_CONTEXT_URL: "odrl-context.jsonld", AVT_CONTEXT_URL: "avtaleverk-context.jsonld"}
"""The bundled JSON-LD contexts in ``policies/`` (copied into the snapshot), by the URL that names them."""


def policies_dir() -> Path:
    """Where the shipped vocabularies live (``policies/`` at the repository root).

    Kept in one function so packaging can move the files later without touching callers. Only the
    snapshot builder and SHACL validation (both in ``engine.rdf``) read it; evaluation never does.
    """
    return Path(__file__).resolve().parents[2] / "policies"


def expand(name: str, default_ns: str | None = ODRL) -> str:
    """Expand ``odrl:read`` / ``read`` / a full IRI to a full IRI (compact names default to ODRL)."""
    if "://" in name or name.startswith(("urn:", "_:")):
        return name
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    if sep or default_ns is None:
        return name
    return default_ns + name


def compact(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """The ``prefix:local`` form by the first namespace of ``prefixes`` that fits, or the IRI itself."""
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def local_name(iri: str) -> str:
    """``http://www.w3.org/ns/odrl/2/read`` -> ``read``; used in human-facing text."""
    for sep in ("#", "/", ":"):
        if sep in iri:
            tail = iri.rsplit(sep, 1)[1]
            if tail:
                return tail
    return iri


def _closure(edges: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    """Reflexive-transitive closure of a parent map; cycles are harmless (visited set)."""
    out: dict[str, frozenset[str]] = {}
    for start in edges:
        seen = {start}
        stack = [start]
        while stack:
            for parent in edges.get(stack.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        out[start] = frozenset(seen)
    return out


@dataclass(frozen=True)
class Vocabulary:
    """Everything the evaluator needs from the vocabularies, precomputed as closures."""

    included_in: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """action -> itself and every action it is (transitively) included in."""
    exact_match: Mapping[str, str] = field(default_factory=dict)
    """deprecated term -> its replacement (``write`` -> ``modify``)."""
    broader: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """concept -> itself and every broader concept (purposes, tiers): isA."""
    part_of: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """place -> itself and every place it lies within: isPartOf."""
    ranks: Mapping[str, int] = field(default_factory=dict)
    """ordered individuals (AI-training tiers) -> rank, so lt/lteq/gt/gteq work on them."""
    notations: Mapping[str, str] = field(default_factory=dict)
    """short codes ("NO", "research") and local names -> IRI, for plain-words input."""
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    interpreted: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """action -> (action, purpose) it is read as (odrl:commercialize -> use + CommercialPurpose)."""
    actions: frozenset[str] = frozenset()
    left_operands: frozenset[str] = frozenset()
    known_terms: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls,
        *,
        included_in: Mapping[str, Iterable[str]],
        exact_match: Mapping[str, str],
        broader: Mapping[str, Iterable[str]],
        part_of: Mapping[str, Iterable[str]],
        ranks: Mapping[str, int],
        notations: Mapping[str, str],
        labels: Mapping[str, Mapping[str, str]],
        interpreted: Mapping[str, tuple[str, str]],
        actions: Iterable[str],
        left_operands: Iterable[str],
        known_terms: Iterable[str],
    ) -> Vocabulary:
        acts = frozenset(actions)
        inc = {a: set(included_in.get(a, ())) for a in acts | set(included_in)}
        return cls(
            included_in=_closure(inc),
            exact_match=dict(exact_match),
            broader=_closure({k: set(v) for k, v in broader.items()}),
            part_of=_closure({k: set(v) for k, v in part_of.items()}),
            ranks=dict(ranks),
            notations=dict(notations),
            labels={k: dict(v) for k, v in labels.items()},
            interpreted=dict(interpreted),
            actions=acts,
            left_operands=frozenset(left_operands),
            known_terms=frozenset(known_terms),
        )

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Vocabulary:
        """A Vocabulary from the ``vocabulary`` part of a snapshot (plain JSON: lists and dicts)."""
        try:
            return cls.build(
                included_in={str(k): [str(x) for x in v] for k, v in data["included_in"].items()},
                exact_match={str(k): str(v) for k, v in data["exact_match"].items()},
                broader={str(k): [str(x) for x in v] for k, v in data["broader"].items()},
                part_of={str(k): [str(x) for x in v] for k, v in data["part_of"].items()},
                ranks={str(k): int(v) for k, v in data["ranks"].items()},
                notations={str(k): str(v) for k, v in data["notations"].items()},
                labels={str(k): {str(lang): str(t) for lang, t in v.items()} for k, v in data["labels"].items()},
                interpreted={str(k): (str(v[0]), str(v[1])) for k, v in data["interpreted"].items()},
                actions=[str(x) for x in data["actions"]],
                left_operands=[str(x) for x in data["left_operands"]],
                known_terms=[str(x) for x in data["known_terms"]],
            )
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
            raise PolicyError(f"the vocabulary snapshot is broken: {exc!r}", code="policy.invalid") from exc

    def resolve(self, iri: str) -> str:
        """Follow ``skos:exactMatch`` from a deprecated term to the current one (cycle-safe)."""
        seen = 0
        while iri in self.exact_match and seen < 8:
            iri = self.exact_match[iri]
            seen += 1
        return iri

    def action_ancestors(self, action: str) -> frozenset[str]:
        """The action itself plus every action that includes it."""
        return self.included_in.get(action) or frozenset((action,))

    def label(self, iri: str, lang: str = "nb") -> str:
        by_lang = self.labels.get(iri)
        if by_lang:
            return by_lang.get(lang) or by_lang.get("en") or next(iter(by_lang.values()))
        return local_name(iri)

    def lookup(self, name: str) -> str | None:
        """Resolve a plain word ("NO", "research", "AcademicResearch") to a known IRI, if unique."""
        return self.notations.get(name.casefold())


def left_operand_iri(name: str, vocab: Vocabulary) -> str:
    """``"purpose"`` -> odrl:purpose, ``"aiTrainingTier"`` -> avt:aiTrainingTier, IRIs unchanged."""
    if ":" in name:
        return vocab.resolve(expand(name))
    for ns in (ODRL, AVT):
        if ns + name in vocab.left_operands:
            return ns + name
    return ODRL + name


@lru_cache(maxsize=1)
def snapshot() -> Mapping[str, Any]:
    """The generated snapshot (``vocabulary.json``): vocabulary data, bundled contexts, source hashes."""
    try:
        text = resources.files(__package__ or "engine.odrl").joinpath(SNAPSHOT_FILE).read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, ValueError) as exc:
        raise PolicyError(
            f"the vocabulary snapshot {SNAPSHOT_FILE} is missing or broken; "
            "run `python -m engine.rdf.snapshot --write`",
            code="policy.invalid",
        ) from exc
    if not isinstance(data, dict):
        raise PolicyError(f"the vocabulary snapshot {SNAPSHOT_FILE} is not a JSON object", code="policy.invalid")
    return data


def bundled_context(url: str) -> Mapping[str, Any] | None:
    """The ``@context`` object of a bundled JSON-LD context named by ``url`` (None if not bundled)."""
    if url in ODRL_CONTEXT_URLS:
        url = ODRL_CONTEXT_URL
    elif url in AVT_CONTEXT_URLS:
        url = AVT_CONTEXT_URL
    else:
        return None
    contexts = snapshot().get("contexts", {})
    ctx = contexts.get(CONTEXT_FILES[url]) if isinstance(contexts, dict) else None
    if not isinstance(ctx, dict):
        raise PolicyError(f"the vocabulary snapshot lacks the bundled context {url}", code="policy.invalid")
    return ctx


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The shipped vocabulary (ODRL 2.2 + profile + DPV purposes + places), from the snapshot, once."""
    data = snapshot().get("vocabulary")
    if not isinstance(data, dict):
        raise PolicyError(f"the vocabulary snapshot {SNAPSHOT_FILE} has no vocabulary", code="policy.invalid")
    return Vocabulary.from_data(data)
