"""Is this PDF the agreement it says it is, and is it in our registry?

``verify(data)`` recomputes the content hash of the agreement embedded in one of our PDFs and compares
it with the hashes the PDF states (:func:`engine.render.verify_pdf`); with a store it also looks the
agreement up by that hash. ``avtale verify`` and the app's «Verifiser en PDF» both call it.
Bytes that are no PDF raise ``RenderError`` (``render.failed``); a PDF we did not make raises it with
``render.not-ours``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from engine.errors import NotFoundError
from engine.render import VerifyResult, verify_pdf

if TYPE_CHECKING:
    from engine.store import AgreementRecord, Store

__all__ = ["Verification", "VerifyStatus", "verify"]

#: altered: the content does not match its hashes; intact: it does (registry not asked, or not there);
#: registered: intact and found in the registry.
VerifyStatus = Literal["altered", "intact", "registered"]


@dataclass(frozen=True)
class Verification:
    status: VerifyStatus
    result: VerifyResult
    record: AgreementRecord | None = None
    looked_up: bool = False  # the registry was asked

    @property
    def ok(self) -> bool:
        return self.result.ok

    @property
    def document_id(self) -> str | None:
        return self.result.document_id

    @property
    def content_hash(self) -> str | None:
        return self.result.content_hash

    def messages(self, lang: str) -> list[str]:
        """What does not match, in plain words (empty when intact)."""
        return self.result.messages(lang)


def verify(data: bytes, store: Store | None = None) -> Verification:
    """Check a PDF; with ``store``, also whether the intact agreement is registered."""
    result = verify_pdf(data)
    if not result.ok:
        return Verification("altered", result)
    if store is None:
        return Verification("intact", result)
    try:
        record = store.find_by_hash(str(result.content_hash))
    except NotFoundError:
        return Verification("intact", result, looked_up=True)
    return Verification("registered", result, record, looked_up=True)
