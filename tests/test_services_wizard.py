"""``engine.services.wizard``: steps, visibility, per-question problems, a preview that never fails on gaps,
the review and drafts."""

from __future__ import annotations

import pytest

from engine import NotFoundError
from engine.services.wizard import (
    REVIEW,
    preview,
    problems_by_question,
    resume_draft,
    review,
    save_draft,
    start_draft,
    step_id,
    step_index,
    step_problems,
    steps,
    visible_questions,
)
from engine.store import MemoryStore
from tests.helpers import FIXED_TIME, make_answers


def test_steps_follow_groups(mini_library) -> None:
    t = mini_library.types["mini"]
    assert [s.group.id for s in steps(t)] == ["parter", "bruk"]
    bruk = steps(t)[1]
    assert "fee_amount" not in [q.id for q in visible_questions(t, bruk, {})]
    shown = visible_questions(t, bruk, {"commercial_use": "allowed_for_fee"})
    assert "fee_amount" in [q.id for q in shown]


def test_problems_by_question_in_language(mini_library) -> None:
    t = mini_library.types["mini"]
    probs = problems_by_question(t, {"recipient": {"name": "X", "orgnr": "123"}}, "en")
    assert set(probs) == {"provider", "recipient"}
    assert "Invalid organisation number" in probs["recipient"][0].message
    assert problems_by_question(t, make_answers(), "nb") == {}
    assert problems_by_question(t, {}, "nb", partial=True) == {}


def test_preview_of_empty_answers_shows_placeholders(mini_library) -> None:
    t = mini_library.types["mini"]
    a = preview(t, {}, "nb", library=mini_library)
    assert "[Dataleverandør]" in a.sections[0].clauses[0].html
    assert a.metadata.document_id == "UTKAST"


def test_preview_ignores_invalid_field_but_keeps_the_rest(mini_library) -> None:
    t = mini_library.types["mini"]
    a = preview(t, {**make_answers(commercial_use="allowed_for_fee", fee_amount="abc")}, "en", library=mini_library)
    assert "Bergen kommune" in a.sections[0].clauses[0].html
    assert a.clause("fee") is not None


def test_preview_shows_a_typed_party_name_before_the_orgnr_is_valid(mini_library) -> None:
    t = mini_library.types["mini"]
    a = preview(t, {"recipient": {"name": "Sensorly <b>AS</b>", "orgnr": "12"}}, "nb", library=mini_library)
    html = a.sections[0].clauses[0].html
    assert "Sensorly &lt;b&gt;AS&lt;/b&gt;" in html
    assert "(org.nr. —)" in html


def test_answer_text_reads_like_the_document(mini_library) -> None:
    import unicodedata

    from engine.core.answers import answer_text

    t = mini_library.types["mini"]
    assert answer_text(t.question("commercial_use"), "allowed_for_fee", "nb") == "Tillatt mot vederlag"
    assert answer_text(t.question("commercial_use"), "allowed_for_fee", "en") == "Allowed for a fee"
    assert unicodedata.normalize("NFKC", answer_text(t.question("fee_amount"), 10000, "nb")) == "kr 10 000"
    assert answer_text(t.question("start_date"), "2026-03-01", "en") == "1 March 2026"
    assert answer_text(t.question("recipient"), {"name": "X AS", "orgnr": "921605900"}, "nb") == "X AS · 921605900"
    assert answer_text(t.question("notes"), None, "nb") == "—"


def test_step_ids_survive_a_new_group(mini_library) -> None:
    t = mini_library.types["mini"]
    assert [step_id(t, i) for i in range(3)] == ["parter", "bruk", REVIEW]
    assert [step_index(t, s) for s in ("bruk", REVIEW, "gone", None)] == [1, 2, 0, 0]


def test_step_problems_are_only_the_shown_questions_and_required_only_after_next(mini_library) -> None:
    t = mini_library.types["mini"]
    wrong = {"recipient": {"name": "X", "orgnr": "123"}}
    assert set(step_problems(t, wrong, 0, "nb", complete=False)) == {"recipient"}, "typed wrong: shown at once"
    assert set(step_problems(t, wrong, 0, "nb", complete=True)) == {"provider", "recipient"}
    assert step_problems(t, wrong, 1, "nb", complete=True) == {}, "the other step's questions are not shown here"


def test_review_has_the_agreement_its_problems_summary_and_flags(mini_library) -> None:
    t = mini_library.types["mini"]
    ready = review(t, make_answers(), "nb", "en", library=mini_library, created_at=FIXED_TIME)
    assert ready.ready and ready.problems == {}
    assert ready.agreement.metadata.document_id == "UTKAST" and ready.agreement.metadata.language == "nb"
    assert [(r.kind, r.text, r.clause_number) for r in ready.summary] == [
        ("may", "Use the data", "2.1"),
        ("may_not", "Use the data for purposes: commercial purpose", "2.1"),
    ], "the summary in the reader's language"
    assert ready.flags == ()
    gaps = review(t, {}, "nb", "nb", library=mini_library)
    assert not gaps.ready and gaps.problems["provider"][0].message == "Dataleverandør: Må fylles ut."


def test_a_draft_is_saved_and_resumed_where_the_user_was(mini_library) -> None:
    store = MemoryStore()
    t = mini_library.types["mini"]
    draft = start_draft(store, "mini", "en")
    assert (draft.type_id, draft.lang, draft.answers, draft.step) == ("mini", "en", {}, 0)
    save_draft(store, t, draft.token, {"commercial_use": "allowed"}, 2)
    again = resume_draft(store, mini_library, draft.token)
    assert (again.answers, again.step, again.lang) == ({"commercial_use": "allowed"}, 2, "en")
    with pytest.raises(NotFoundError):
        resume_draft(store, mini_library, "finnes-ikke")
