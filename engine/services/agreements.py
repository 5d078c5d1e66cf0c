"""Making agreements: from an answers file (``avtale compose``) and finishing one from the wizard.

:func:`finish_agreement` is the whole of «Fullfør»: compose the answers, render every file the
agreement is offered as (all with the same rights summary), store it in the registry as *final* with
its PDF, and delete the wizard draft it came from. The app calls it once; so will the HTTP API.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.core.agreement import Agreement, AgreementType
from engine.core.answersfile import locate_answer_errors, read_answers_file
from engine.core.compose import compose
from engine.core.library import Library, load_library
from engine.errors import AvtaleverkError
from engine.services.documents import Rendition, downloads

if TYPE_CHECKING:
    from engine.store import Store

__all__ = ["Finished", "compose_file", "finish_agreement"]

#: Who finished an agreement when nobody is logged in (the audit log's actor).
WIZARD_ACTOR = "veiviser"


def compose_file(
    answers_path: Path,
    *,
    lang: str | None = None,
    library_root: Path | None = None,
    library: Library | None = None,
) -> Agreement:
    """Read an answers file and compose it; every answer problem names the file and its line."""
    parsed, located = read_answers_file(answers_path)
    lib = library or load_library(library_root)
    try:
        return compose(
            parsed.type,
            parsed.answers,
            lang or parsed.lang,
            library=lib,
            created_at=parsed.created_at,
            document_id=parsed.document_id,
        )
    except AvtaleverkError as exc:
        raise locate_answer_errors(exc, located) from None


@dataclass(frozen=True)
class Finished:
    """A finished agreement: its registry id, the agreement and its files (:data:`DOWNLOADS` order)."""

    record_id: str
    agreement: Agreement
    files: tuple[Rendition, ...]

    def file(self, kind: str) -> Rendition:
        return next(f for f in self.files if f.kind == kind)


def finish_agreement(
    store: Store,
    agreement_type: AgreementType | str,
    answers: Mapping[str, Any],
    lang: str,
    *,
    library: Library,
    by: str | None = None,
    draft_token: str | None = None,
    created_at: dt.datetime | None = None,
) -> Finished:
    """Compose → render (PDF/A, DOCX, JSON-LD, Turtle) → store as final with its PDF → delete the draft.

    Nothing is stored when the answers do not compose (``AnswersError`` and friends) or a file cannot be
    made (``RenderError``); a draft that is already gone is not an error.
    """
    agreement = compose(agreement_type, answers, lang, library=library, created_at=created_at)
    files = downloads(agreement)
    pdf = next(f.content for f in files if f.kind == "pdf")
    record = store.add_agreement(agreement, by=by or WIZARD_ACTOR, status="final", pdf=pdf)
    if draft_token:
        with contextlib.suppress(AvtaleverkError):  # already gone: nothing to clean up
            store.delete_draft(draft_token)
    return Finished(record.id, agreement, files)
