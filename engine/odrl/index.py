"""Many policies indexed by (action, target): "which of 10,000 agreements permit this?" skips the rest."""

from __future__ import annotations

from collections.abc import Iterable

from engine.odrl.compile import compile_policy, compile_request
from engine.odrl.evaluate import evaluate
from engine.odrl.match import Env
from engine.odrl.model import Policy, Request
from engine.odrl.state import State
from engine.odrl.vocab import Vocabulary, default_vocabulary


class PolicyIndex:
    """Policies indexed by the (action, target) of their permissions."""

    def __init__(self, policies: Iterable[Policy], vocab: Vocabulary | None = None) -> None:
        self.vocab = vocab or default_vocabulary()
        self.policies = list(policies)
        self._by_key: dict[tuple[str, str | None], list[Policy]] = {}
        for p in self.policies:
            cp = compile_policy(p, self.vocab)
            for cr in cp.rules:
                if cr.kind != "permission":
                    continue
                t = cr.target
                target = None if t is None else t.source if t.is_collection and t.source else t.uid
                key = (cr.action, target)
                bucket = self._by_key.setdefault(key, [])
                if not bucket or bucket[-1] is not p:
                    bucket.append(p)

    def candidates(self, request: Request, state: State | None = None) -> list[Policy]:
        """Policies with a permission whose action and target could match the request."""
        state = state or State()
        creq = compile_request(request, self.vocab)
        env = Env(self.vocab, {}, {}, state.now, [state.part_of, request.part_of], {})
        targets: set[str | None] = {None}
        if request.target is not None:
            targets |= env.ancestors(request.target)
        seen: dict[int, Policy] = {}
        for a in creq.ancestors:
            for t in targets:
                for p in self._by_key.get((a, t), ()):
                    seen.setdefault(id(p), p)
        return list(seen.values())

    def permitting(self, request: Request, state: State | None = None) -> list[Policy]:
        """The policies that, each on its own, permit the request."""
        state = state or State()
        return [
            p
            for p in self.candidates(request, state)
            if evaluate(p, request, state, vocab=self.vocab).decision == "permit"
        ]


__all__ = ["PolicyIndex"]
