"""IRIs, prefixes and the frozen ``Vocabulary`` the evaluator reasons with.

No rdflib here: the vocabulary is *built* from the Turtle files in ``policies/`` by ``io.load_vocabulary``
and then only read, so evaluation never touches an RDF graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ODRL = "http://www.w3.org/ns/odrl/2/"
AVT = "https://w3id.org/avtaleverk/odrl/"
DPV = "https://w3id.org/dpv#"
CC = "http://creativecommons.org/ns#"
REPORT = "https://w3id.org/force/compliance-report#"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
OWL = "http://www.w3.org/2002/07/owl#"

PROFILE_IRI = AVT
"""The one IRI a policy names in ``odrl:profile`` to use our terms."""

PREFIXES: dict[str, str] = {
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

ODRL_CONTEXT_URLS = frozenset(
    {
        "http://www.w3.org/ns/odrl.jsonld",
        "https://www.w3.org/ns/odrl.jsonld",
        "http://www.w3.org/ns/odrl/2/odrl.jsonld",
        "https://www.w3.org/ns/odrl/2/odrl.jsonld",
    }
)
AVT_CONTEXT_URLS = frozenset({AVT + "context.jsonld"})

POLICY_TYPES = frozenset(
    ODRL + t for t in ("Policy", "Set", "Offer", "Agreement", "Request", "Ticket", "Assertion", "Privacy")
)
RULE_KINDS = ("permission", "prohibition", "obligation")

OPERATOR_NAMES = (
    "eq", "neq", "lt", "lteq", "gt", "gteq",
    "isA", "hasPart", "isPartOf", "isAllOf", "isAnyOf", "isNoneOf",
)  # fmt: skip
OPERATORS = frozenset(ODRL + n for n in OPERATOR_NAMES)
LOGICAL_OPERATORS = frozenset(ODRL + n for n in ("or", "xone", "and", "andSequence"))
CONFLICT_TERMS = frozenset(ODRL + n for n in ("perm", "prohibit", "invalid"))

DUTY_STATES = ("NonSet", "Fulfilled", "Violated")

# Left operands whose values are IRIs (concepts, places, parties); strings are resolved to IRIs.
IRI_OPERANDS = frozenset(
    ODRL + n
    for n in (
        "purpose", "spatial", "recipient", "industry", "deliveryChannel", "product", "media",
        "fileFormat", "systemDevice", "virtualLocation", "event", "language",
    )
) | {AVT + "aiTrainingTier"}  # fmt: skip
NUMBER_OPERANDS = frozenset(
    ODRL + n
    for n in (
        "count", "payAmount", "percentage", "absoluteSize", "relativeSize", "resolution",
        "absolutePosition", "relativePosition", "version",
    )
)  # fmt: skip
DURATION_OPERANDS = frozenset(ODRL + n for n in ("elapsedTime", "meteredTime", "delayPeriod", "timeInterval"))
DATETIME_OPERANDS = frozenset({ODRL + "dateTime", ODRL + "absoluteTemporalPosition"})


def policies_dir() -> Path:
    """Where the shipped vocabularies live (``policies/`` at the repository root).

    Kept in one function so packaging can move the files later without touching callers.
    """
    import engine

    base = getattr(engine, "__file__", None)
    root = Path(base).parent if base else Path(next(iter(engine.__path__)))
    return root.parent / "policies"


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


def compact(iri: str) -> str:
    """The shortest ``prefix:local`` form, or the IRI itself."""
    for prefix, ns in PREFIXES.items():
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


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The shipped vocabulary (ODRL 2.2 + profile + DPV purposes + places), loaded once."""
    from engine.rdf.io import load_vocabulary

    return load_vocabulary()
