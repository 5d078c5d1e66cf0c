"""The shared test helpers do what the tests that lean on them assume."""

from __future__ import annotations

from tests.helpers import PROVIDER, make_answers
from tests.helpers.app import discover_pages, registered_pages


def test_every_page_file_is_in_the_navigation_and_nothing_else() -> None:
    assert "pages/wizard.py" in discover_pages()
    assert registered_pages() == discover_pages()


def test_make_answers_leaves_out_what_is_overridden_with_none() -> None:
    answers = make_answers(recipient=None, commercial_use="not_allowed")
    assert answers == {"provider": PROVIDER, "commercial_use": "not_allowed"}
    answers["provider"]["name"] = "changed"
    assert make_answers()["provider"]["name"] == PROVIDER["name"]  # every call gets fresh parties
