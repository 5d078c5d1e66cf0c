"""Which clauses an agreement has and their numbers: decided before any text is rendered.

Both halves of composition read the plan: ``compose`` renders the text of the planned clauses (and
``ref()`` prints their numbers), ``policy`` turns the same clauses' fragments into ODRL rules that cite
those numbers. Keeping it here lets both import it without importing each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from engine.core.agreement import AgreementType, ClauseTemplate
from engine.core.library import Library
from engine.core.templating import evaluate_condition
from engine.errors import ComposeError, located
from engine.i18n import Texts, text

ClauseKind = Literal["clause", "annex"]
#: A planned clause: its number in this agreement ("7.2", or "1" for an annex) and its template.
Numbered = tuple[str, ClauseTemplate]

#: How a clause text refers to another clause or annex: ``{{ ref("term") }}`` → "punkt 7.2".
REF_WORDS: Texts = {
    "clause": {"nb": "punkt {n}", "en": "clause {n}"},
    "annex": {"nb": "vedlegg {n}", "en": "Annex {n}"},
}


def included(clause: ClauseTemplate, context: Mapping[str, Any]) -> bool:
    """Whether the clause's ``include_if`` holds for these answers (no condition: always)."""
    if not clause.include_if:
        return True
    with located(clause.id, "include_if", source=clause.source):
        return evaluate_condition(clause.include_if, context, where=f"clause '{clause.id}' include_if")


class Plan:
    """The clauses that apply, numbered: sections ``(number, section id, clauses)`` and annexes."""

    def __init__(self, agreement_type: AgreementType, library: Library, context: Mapping[str, Any]) -> None:
        self.sections: list[tuple[str, str, list[Numbered]]] = []
        self.annexes: list[Numbered] = []
        self.numbers: dict[str, tuple[ClauseKind, str]] = {}  # clause id -> (kind, number)
        section_no = 0
        for section in agreement_type.outline:
            chosen = [c for c in (library.clause(cid) for cid in section.clauses) if included(c, context)]
            if not chosen:
                continue
            section_no += 1
            numbered = [(f"{section_no}.{i}", c) for i, c in enumerate(chosen, start=1)]
            self.sections.append((str(section_no), section.id, numbered))
            for number, c in numbered:
                self.numbers[c.id] = ("clause", number)
        annexes = (library.clause(cid) for cid in agreement_type.annexes)
        for i, c in enumerate((c for c in annexes if included(c, context)), start=1):
            self.annexes.append((str(i), c))
            self.numbers[c.id] = ("annex", str(i))

    def clauses(self) -> list[Numbered]:
        """Every planned clause in document order: section clauses first, then annexes."""
        return [n for _, _, numbered in self.sections for n in numbered] + self.annexes

    def ref(self, clause_id: str, lang: str) -> str:
        if clause_id not in self.numbers:
            raise ComposeError(
                f"the text refers to clause '{clause_id}', which is not part of this agreement",
                code="compose.invalid",
            )
        kind, number = self.numbers[clause_id]
        return text(REF_WORDS, kind, lang, n=number)
