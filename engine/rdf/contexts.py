"""Bundled JSON-LD contexts for rdflib: known context URLs are replaced by our copies, others refused.

The copies come from the vocabulary snapshot (``engine.odrl.vocab.bundled_context``), which is generated
from ``policies/odrl-context.jsonld`` and ``policies/avtaleverk-context.jsonld``; parsing never opens a socket.
"""

from __future__ import annotations

from typing import Any

from engine.errors import PolicyError
from engine.odrl.vocab import AVT_CONTEXT_URL, ODRL_CONTEXT_URL, bundled_context


def odrl_context() -> dict[str, Any]:
    """The corrected ODRL 2.2 JSON-LD context shipped in ``policies/odrl-context.jsonld``."""
    return dict(bundled_context(ODRL_CONTEXT_URL) or {})


def avt_context() -> dict[str, Any]:
    """Prefixes and short names for our profile (``policies/avtaleverk-context.jsonld``)."""
    return dict(bundled_context(AVT_CONTEXT_URL) or {})


def inline_contexts(obj: Any, source: str | None) -> Any:
    """Replace known context URLs with the bundled copies; refuse any other remote context."""
    if isinstance(obj, list):
        return [inline_contexts(x, source) for x in obj]
    if not isinstance(obj, dict):
        return obj
    out: dict[str, Any] = {}
    for key, value in obj.items():
        if key == "@context":
            out[key] = _context_value(value, source)
        else:
            out[key] = inline_contexts(value, source)
    return out


def _context_value(value: Any, source: str | None) -> Any:
    if isinstance(value, str):
        ctx = bundled_context(value)
        if ctx is None:
            raise PolicyError(
                f"remote JSON-LD context {value!r} is not allowed; use the ODRL context "
                "http://www.w3.org/ns/odrl.jsonld or put the context inline",
                loc=("@context",),
                source=source,
            )
        return dict(ctx)
    if isinstance(value, list):
        return [_context_value(v, source) for v in value]
    if isinstance(value, dict):
        value = dict(value)
        imported = value.pop("@import", None)
        if imported is not None:
            base = _context_value(imported, source) if isinstance(imported, str) else None
            if not isinstance(base, dict):
                raise PolicyError("@import must name a bundled context", loc=("@context",), source=source)
            value = {**base, **value}
        return value
    return value


__all__ = ["avt_context", "inline_contexts", "odrl_context"]
