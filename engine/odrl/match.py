"""Premise checks: does a compiled constraint, target, party or action hold for these facts?

Every check returns a ``Premise`` (never raises): Unsatisfied with a reason code, and ``pending`` when only
missing facts keep it from holding. ``Env`` carries the facts and memoises the ``isA`` / ``partOf`` /
``includedIn`` closure for one evaluation. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from engine.odrl import values as V
from engine.odrl.compile import AnyCompiled, CompiledLogic
from engine.odrl.model import Rule
from engine.odrl.results import Premise, PremiseKind
from engine.odrl.state import Facts, Units
from engine.odrl.vocab import ODRL, Vocabulary, local_name

DATETIME = ODRL + "dateTime"


class Env:
    """Facts and closures for one evaluation; ancestors are memoised per evaluation."""

    __slots__ = ("_anc", "any_mode", "duty_states", "facts", "maps", "now", "units", "vocab")

    def __init__(
        self,
        vocab: Vocabulary,
        facts: Facts,
        units: Units,
        now: datetime,
        maps: list[Mapping[str, tuple[str, ...]]],
        duty_states: Mapping[str, str],
    ) -> None:
        self.vocab = vocab
        self.facts = facts
        self.units = units
        self.now = now
        self.maps = maps
        self.duty_states = duty_states
        self.any_mode = False
        self._anc: dict[str, frozenset[str]] = {}

    def use_policy_map(self, part_of: Mapping[str, tuple[str, ...]], base: int) -> None:
        """Switch the policy-graph ``partOf`` facts; the memo is dropped only when they change."""
        if len(self.maps) > base:
            del self.maps[base:]
            self._anc.clear()
        if part_of:
            self.maps.append(part_of)
            self._anc.clear()

    def ancestors(self, x: str) -> frozenset[str]:
        """x plus every collection, broader concept, containing place or including action (cycle-safe)."""
        hit = self._anc.get(x)
        if hit is not None:
            return hit
        v = self.vocab
        seen = {x}
        stack = [x]
        while stack:
            n = stack.pop()
            for src in (v.broader, v.part_of, v.included_in):
                up = src.get(n)
                if up:
                    for p in up:
                        if p not in seen:
                            seen.add(p)
                            stack.append(p)
            for m in self.maps:
                for p in m.get(n, ()):
                    if p not in seen:
                        seen.add(p)
                        stack.append(p)
        out = frozenset(seen)
        self._anc[x] = out
        return out

    def duty_state(self, duty: Rule) -> str:
        ds = self.duty_states
        if not ds:
            return "NonSet"
        return ds.get(duty.uid) or ds.get(duty.action.iri) or ds.get(local_name(duty.action.iri)) or "NonSet"


def member(x: str | None, of: str, env: Env) -> bool:
    return x is not None and (x == of or of in env.ancestors(x))


def _as_iri(v: V.Value, env: Env) -> V.Iri | None:
    if isinstance(v, V.Iri):
        return v
    if isinstance(v, str):
        return V.to_iri(v, env.vocab)
    return None


def _is_a(v: V.Value, r: V.Value, env: Env) -> bool | None:
    a, b = _as_iri(v, env), _as_iri(r, env)
    if a is None or b is None:
        eq = V.equal(v, r, env.vocab)
        return True if eq else None
    return a == b or b in env.ancestors(a)


def _any_of(v: V.Value, rights: tuple[V.Value, ...], env: Env) -> bool | None:
    seen_type = False
    for r in rights:
        eq = V.equal(v, r, env.vocab)
        if eq:
            return True
        isa = _is_a(v, r, env) if isinstance(r, V.Iri) or isinstance(v, V.Iri) else None
        if isa:
            return True
        if eq is not None or isa is not None:
            seen_type = True
    return False if seen_type else None


def _test(op: str, v: V.Value, rights: tuple[V.Value, ...], env: Env) -> bool | None:
    vocab = env.vocab
    if op == "eq":
        results = [V.equal(v, r, vocab) for r in rights]
        return True if True in results else (False if False in results else None)
    if op == "neq":
        results = [V.equal(v, r, vocab) for r in rights]
        return None if None in results else not any(results)
    if op in ("lt", "lteq", "gt", "gteq"):
        ok = True
        for r in rights:
            c = V.compare(v, r, vocab)
            if c is None:
                return None
            ok = ok and (c < 0 if op == "lt" else c <= 0 if op == "lteq" else c > 0 if op == "gt" else c >= 0)
        return ok
    if op in ("isA", "isPartOf"):
        results = [_is_a(v, r, env) for r in rights]
        return True if True in results else (False if False in results else None)
    if op == "hasPart":
        results = [_is_a(r, v, env) for r in rights]
        return None if None in results else all(results)
    if op == "isAnyOf":
        return _any_of(v, rights, env)
    if op == "isNoneOf":
        res = _any_of(v, rights, env)
        return None if res is None else not res
    return None


def check(c: AnyCompiled, env: Env) -> Premise:
    if isinstance(c, CompiledLogic):
        return check_logic(c, env)
    if c.op is None:
        return Premise("constraint", False, c.text, (), "unknown-operator", constraint=c.src)
    values = (env.facts.get(DATETIME) or (env.now,)) if c.left == DATETIME else env.facts.get(c.left)
    if not values:
        return Premise("constraint", False, c.text, (), "missing", True, (c.left,), c.src, c.src.operator)
    rights = c.rights
    if c.ref is not None:
        rights = env.facts.get(c.ref, ())
        if not rights:
            return Premise(
                "constraint", False, c.text, values, "missing-reference", True, (c.ref,), c.src, c.src.operator
            )
    if c.unit is not None:
        have = env.units.get(c.left)
        if have is not None and have != c.unit:
            return Premise("constraint", False, c.text, values, "unit-mismatch", constraint=c.src)
    if c.op == "isAllOf":
        hits = [_any_of(r, tuple(values), env) for r in rights]
        # isAllOf: every right operand must be covered by some value of the left operand.
        covered = [any(_any_of(v, (r,), env) for v in values) for r in rights]
        ok = bool(rights) and all(covered)
        reason = None if ok else ("type-mismatch" if None in hits and not any(covered) else "false")
        return Premise("constraint", ok, c.text, values, reason, constraint=c.src, operator=c.src.operator)
    ok_any = False
    ok_all = True
    mismatch = False
    for v in values:
        r = _test(c.op, v, rights, env)
        if r is True:
            ok_any = True
        else:
            ok_all = False
            mismatch = mismatch or r is None
    ok = ok_any if env.any_mode else ok_all
    reason = None if ok else ("type-mismatch" if mismatch else "false")
    # A value that cannot be compared is as good as no value: ask again rather than let a
    # prohibition lapse (fail closed).
    unknown = not ok and mismatch
    return Premise(
        "constraint", ok, c.text, values, reason, unknown, (c.left,) if unknown else (), c.src, c.src.operator
    )


def check_logic(c: CompiledLogic, env: Env) -> Premise:
    kids = tuple(check(k, env) for k in c.children)
    if not kids:
        return Premise("constraint", False, c.text, (), "empty", constraint=c.src, operator=c.src.operator)
    n_ok = sum(1 for k in kids if k.satisfied)
    any_pending = any(k.pending for k in kids if not k.satisfied)
    if c.op in ("and", "andSequence"):
        ok = n_ok == len(kids)
        pending = not ok and all(k.satisfied or k.pending for k in kids)
    elif c.op == "or":
        ok = n_ok > 0
        pending = not ok and any_pending
    else:  # xone
        ok = n_ok == 1
        pending = not ok and n_ok == 0 and any_pending
    missing: tuple[str, ...] = ()
    if pending:
        missing = tuple(dict.fromkeys(m for k in kids if not k.satisfied for m in k.missing))
    return Premise(
        "constraint",
        ok,
        c.text,
        (),
        None if ok else ("missing" if pending else "false"),
        pending,
        missing,
        c.src,
        c.src.operator,
        kids,
    )


def refined(
    kind: PremiseKind, expected: str, actual: str, matched: bool, refs: tuple[AnyCompiled, ...], env: Env
) -> Premise:
    kids = tuple(check(r, env) for r in refs)
    ok = matched and all(k.satisfied for k in kids)
    pending = not ok and matched and all(k.satisfied or k.pending for k in kids)
    missing = tuple(m for k in kids if not k.satisfied for m in k.missing) if pending else ()
    reason = None if ok else ("no-match" if not matched else ("missing" if pending else "false"))
    return Premise(kind, ok, expected, (V.Iri(actual),), reason, pending, missing, children=kids)




__all__ = ["DATETIME", "Env", "check", "check_logic", "member", "refined"]
