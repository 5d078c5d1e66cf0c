"""Bundled JSON-LD contexts for rdflib: known context URLs are replaced by our copies, others refused.

The copies come from the vocabulary snapshot (``engine.odrl.vocab.bundled_context``), which is generated
from ``policies/odrl-context.jsonld`` and ``policies/avtaleverk-context.jsonld``; parsing never opens a socket.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.errors import AvtaleverkError
from engine.odrl.vocab import AVT_CONTEXT_URL, ODRL_CONTEXT_URL, bundled_context


def odrl_context() -> dict[str, Any]:
    """The corrected ODRL 2.2 JSON-LD context shipped in ``policies/odrl-context.jsonld``."""
    return dict(bundled_context(ODRL_CONTEXT_URL) or {})


def avt_context() -> dict[str, Any]:
    """Prefixes and short names for our profile (``policies/avtaleverk-context.jsonld``)."""
    return dict(bundled_context(AVT_CONTEXT_URL) or {})


#: Builds the error for a context URL that is not bundled (each reader words and codes it its own way).
Refuse = Callable[[str], AvtaleverkError]


def inline_contexts(doc: Any, refuse: Refuse) -> Any:
    """``doc`` with every context URL replaced by its bundled copy: at the top, in lists, in nested nodes,
    behind ``@import`` and scoped in a term definition. Any other URL raises ``refuse(url)``, so a JSON-LD
    processor handed the result has nothing to fetch."""
    if isinstance(doc, list):
        return [inline_contexts(x, refuse) for x in doc]
    if not isinstance(doc, dict):
        return doc
    return {key: inline_context(value, refuse) if key == "@context" else inline_contexts(value, refuse)
            for key, value in doc.items()}  # fmt: skip


def inline_context(value: Any, refuse: Refuse) -> Any:
    """One ``@context`` value with its URLs replaced (see :func:`inline_contexts`)."""
    if isinstance(value, list):
        return [inline_context(v, refuse) for v in value]
    if isinstance(value, str):
        return _bundled(value, refuse)
    if not isinstance(value, dict):
        return value
    value = inline_contexts(value, refuse)  # term definitions may carry scoped contexts
    imported = value.pop("@import", None)
    if imported is None:
        return value
    # JSON-LD 1.1: the imported context's definitions, overridden by the ones beside @import
    return {**_bundled(imported if isinstance(imported, str) else repr(imported), refuse), **value}


def _bundled(url: str, refuse: Refuse) -> dict[str, Any]:
    ctx = bundled_context(url)
    if ctx is None:
        raise refuse(url)
    return dict(ctx)


__all__ = ["Refuse", "avt_context", "inline_context", "inline_contexts", "odrl_context"]
