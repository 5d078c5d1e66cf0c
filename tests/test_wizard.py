"""Wizard support: steps, visibility, per-question problems and a preview that never fails on gaps."""

from __future__ import annotations

from engine.services.wizard import preview, problems_by_question, steps, visible_questions
from tests.conftest import mini_answers


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
    assert problems_by_question(t, mini_answers(), "nb") == {}
    assert problems_by_question(t, {}, "nb", partial=True) == {}


def test_preview_of_empty_answers_shows_placeholders(mini_library) -> None:
    t = mini_library.types["mini"]
    a = preview(t, {}, "nb", library=mini_library)
    assert "[Dataleverandør]" in a.sections[0].clauses[0].html
    assert a.metadata.document_id == "UTKAST"


def test_preview_ignores_invalid_field_but_keeps_the_rest(mini_library) -> None:
    t = mini_library.types["mini"]
    a = preview(t, {**mini_answers(commercial_use="allowed_for_fee", fee_amount="abc")}, "en", library=mini_library)
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
