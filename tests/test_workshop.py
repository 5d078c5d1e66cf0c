"""The clause workshop's logic: form fields round-trip to a clause file that the loader accepts."""

from __future__ import annotations

import pytest

from engine.errors import LibraryError
from engine.services.workshop import bump, failing_examples, form_fields, library_with, source_from_form
from tests.conftest import MINI


def _fee_source() -> str:
    return (MINI / "clauses/fee.yaml").read_text(encoding="utf-8")


def test_form_round_trip_keeps_the_clause(mini_library) -> None:
    fields = form_fields(_fee_source())
    assert fields["version"] == "1.0.0" and fields["title_en"] == "Fee"
    fields["version"] = bump(fields["version"])
    fields["body_nb"] = "Mottakeren betaler {{ fee_amount | money }} per måned."
    source = source_from_form(_fee_source(), fields)
    lib = library_with(mini_library, "fee", source)
    assert lib.clause("fee").version == "1.0.1"
    assert "per måned" in lib.clause("fee").body["nb"]


def test_bad_form_is_refused_with_lines(mini_library) -> None:
    fields = form_fields(_fee_source())
    fields["examples"] = "- name: x\n  answers: [unclosed"
    with pytest.raises(LibraryError) as info:
        source_from_form(_fee_source(), fields, "en")
    assert "invalid YAML line" in info.value.all_lines()[0]
    fields = form_fields(_fee_source())
    fields["body_en"] = "The recipient pays {{ fee_amont }}."
    with pytest.raises(LibraryError) as info:
        library_with(mini_library, "fee", source_from_form(_fee_source(), fields))
    assert any("unknown variable 'fee_amont'" in line for line in info.value.all_lines())


def test_failing_examples_are_named(mini_library) -> None:
    assert failing_examples(mini_library, "fee", _fee_source()) == []
    broken = _fee_source().replace('contains: ["kr 2 500 per år"]', 'contains: ["kr 2 501 per år"]')
    assert failing_examples(mini_library, "fee", broken) == ["states the amount"]


def test_bump() -> None:
    assert bump("1.2.3") == "1.2.4"
    assert bump("draft") == "draft.1"
