"""Values in and out of the registry: JSON payloads, timestamps, hashes, tokens, search text.

Every backend stores what these functions produce, so a value that one backend accepts the other
accepts too. Bad input is a :class:`~engine.errors.StoreError` with code ``store.invalid``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from pydantic import JsonValue

from engine.core.agreement import Agreement, ClauseRef, Party, compute_content_hash
from engine.errors import StoreError
from engine.store.records import JsonObject

__all__ = [
    "PARTY_SEARCH_MAX",
    "answers_payload",
    "aware",
    "check_agreement",
    "check_page",
    "check_username",
    "clause_refs",
    "dumps",
    "normalise_hash",
    "party_search_text",
    "token_key",
    "utcnow",
]

#: Length of the indexed party-search text (names and org.nr. beyond it are not searchable).
PARTY_SEARCH_MAX = 600
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._\-]{1,63}")
_HASH = re.compile(r"[0-9a-f]{64}")


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise StoreError("timestamps must be timezone-aware", code="store.invalid")
    return value.astimezone(UTC)


def dumps(value: JsonValue) -> str:
    """Compact JSON as stored: UTF-8 text, no NaN/Infinity (they are not JSON)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed in JSON")


def answers_payload(answers: Mapping[str, object] | str | bytes | None) -> tuple[JsonObject, str]:
    """Validate wizard answers (a mapping, or JSON text of an object) → (dict, JSON text)."""
    if answers is None:
        return {}, "{}"
    value: object = answers
    if isinstance(answers, str | bytes):
        try:
            value = json.loads(answers, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as exc:
            raise StoreError(f"answers are not valid JSON: {exc}", code="store.invalid", loc=("answers",)) from exc
    if not isinstance(value, Mapping):
        raise StoreError(
            f"answers must be a JSON object, not {type(value).__name__}", code="store.invalid", loc=("answers",)
        )
    if any(not isinstance(k, str) for k in value):
        raise StoreError("answer keys must be strings", code="store.invalid", loc=("answers",))
    try:
        text = json.dumps(dict(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError, RecursionError) as exc:
        raise StoreError(f"answers cannot be stored as JSON: {exc}", code="store.invalid", loc=("answers",)) from exc
    loaded: JsonObject = json.loads(text)
    return loaded, text


def check_agreement(agreement: Agreement) -> None:
    """The stored hash must be the agreement's own: a PDF can then always be verified."""
    if not isinstance(agreement, Agreement):
        raise StoreError("expected an engine.core.agreement.Agreement", code="store.invalid")
    expected = compute_content_hash(agreement)
    if agreement.content_hash != expected:
        raise StoreError(
            f"agreement {agreement.metadata.document_id} has content hash {agreement.content_hash!r} "
            f"but its content hashes to {expected}",
            code="store.invalid",
            loc=("agreements", agreement.metadata.document_id, "content_hash"),
        )


def clause_refs(agreement: Agreement) -> tuple[ClauseRef, ...]:
    """The clause versions an agreement was made with, one per clause id."""
    seen: dict[str, ClauseRef] = {}
    for ref in agreement.metadata.clauses:
        other = seen.setdefault(ref.id, ref)
        if other.version != ref.version:
            raise StoreError(
                f"agreement uses clause {ref.id} in two versions ({other.version}, {ref.version})",
                code="store.invalid",
                loc=("agreements", agreement.metadata.document_id, "clauses"),
            )
    return tuple(seen.values())


def party_search_text(parties: Iterable[Party]) -> str:
    """What the party filter searches: names and org.nr., case-folded (capped: it is indexed)."""
    return " | ".join(" ".join(filter(None, (p.name, p.orgnr))) for p in parties).casefold()[:PARTY_SEARCH_MAX]


def normalise_hash(content_hash: str) -> str:
    value = content_hash.strip().lower() if isinstance(content_hash, str) else ""
    if not _HASH.fullmatch(value):
        raise StoreError(f"not a SHA-256 content hash: {content_hash!r}", code="store.invalid")
    return value


def token_key(token: str) -> str:
    """What a wizard draft is kept under: the SHA-256 of its resume token, never the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_page(limit: int, offset: int) -> None:
    if not 0 < limit <= 1000 or offset < 0:
        raise StoreError("page size must be 1..1000 and offset ≥ 0", code="store.invalid")


def check_username(username: str) -> str:
    if not isinstance(username, str) or not _USERNAME.fullmatch(username):
        raise StoreError(
            f"username {username!r}: 2-64 lower-case letters, digits, '.', '_' or '-'",
            code="store.invalid",
            loc=("users", str(username)),
        )
    return username
