"""The state of the world a request is evaluated in: the time, memberships, duty states and context facts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from engine.errors import PolicyError
from engine.odrl import values as V
from engine.odrl.vocab import DUTY_STATES, Vocabulary, expand, left_operand_iri, local_name

Facts = dict[str, tuple[V.Value, ...]]
"""Typed values keyed by left-operand IRI."""
Units = dict[str, str]
"""The unit IRI given with a fact, keyed by left-operand IRI."""


class State:
    """The state of the world a request is evaluated in.

    ``part_of`` maps a party or asset IRI to the collections it belongs to; ``duty_states`` maps a duty
    IRI (or an action such as ``"attribute"``) to NonSet | Fulfilled | Violated; ``context`` holds facts
    keyed by left operand (``"purpose"``, ``"spatial"``, ``"odrl:count"``, a full IRI).
    """

    __slots__ = ("_cache", "context", "duty_states", "now", "part_of")

    def __init__(
        self,
        now: datetime | None = None,
        part_of: Mapping[str, Iterable[str]] | None = None,
        duty_states: Mapping[str, str] | None = None,
        context: Mapping[str, object] | None = None,
    ) -> None:
        now = now or datetime.now(UTC)
        self.now = now if now.tzinfo else now.replace(tzinfo=UTC)
        self.part_of: dict[str, tuple[str, ...]] = {
            expand(k, None): tuple(expand(v, None) for v in ([vs] if isinstance(vs, str) else vs))
            for k, vs in (part_of or {}).items()
        }
        self.duty_states: dict[str, str] = {}
        for key, raw in (duty_states or {}).items():
            value = local_name(str(raw)).casefold()
            match = next((s for s in DUTY_STATES if s.casefold() == value), None)
            if match is None:
                raise PolicyError(
                    f"unknown duty state {raw!r} for {key!r}; use NonSet, Fulfilled or Violated",
                    loc=("state", "duty_states", key),
                )
            self.duty_states[key] = match
            self.duty_states.setdefault(expand(key), match)
        self.context: dict[str, object] = dict(context or {})
        self._cache: tuple[int, Facts, Units] | None = None

    def __repr__(self) -> str:
        return f"State(now={self.now.isoformat()}, context={self.context!r})"

    def facts(self, vocab: Vocabulary) -> tuple[Facts, Units]:
        """Context facts as typed values, keyed by left-operand IRI (computed once per vocabulary)."""
        if self._cache is not None and self._cache[0] == id(vocab):
            return self._cache[1], self._cache[2]
        facts: Facts = {}
        units: Units = {}
        for key, raw in self.context.items():
            left = left_operand_iri(key, vocab)
            if isinstance(raw, Mapping) and "value" in raw:
                if raw.get("unit"):
                    units[left] = expand(str(raw["unit"]), None)
                raw = raw["value"]
            raws: Iterable[object] = raw if isinstance(raw, list | tuple | set | frozenset) else (raw,)
            kind = V.expected_kind(left)
            facts[left] = tuple(V.from_python(r, kind, vocab) for r in raws)
        self._cache = (id(vocab), facts, units)
        return facts, units


__all__ = ["Facts", "State", "Units"]
