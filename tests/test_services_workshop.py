"""``engine.services.workshop``: advisors only; form fields round-trip to a clause file the loader accepts;
saving, what a version is compared with, and each example's preview."""

from __future__ import annotations

import pytest

from engine.errors import ConflictError, LibraryError
from engine.services.workshop import (
    active_advisor,
    bump,
    diff_base,
    example_previews,
    failing_examples,
    form_fields,
    library_with,
    save_clause,
    sign_in,
    source_from_form,
)
from engine.store import MemoryStore, Role, initialise
from tests.helpers import MINI
from tests.helpers.app import cheap_passwords


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> MemoryStore:
    cheap_passwords(monkeypatch)
    s = MemoryStore()
    initialise(s, MINI / "clauses", demo_user=False)
    s.add_user("anne", "Anne Advokat", Role.advisor, "anne-har-et-langt-passord")
    s.add_user("root", "Drift", Role.admin, "root-har-et-langt-passord")
    return s


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


def test_only_active_advisors_get_in(store) -> None:
    assert sign_in(store, " anne ", "anne-har-et-langt-passord").user.username == "anne"
    assert sign_in(store, "anne", "feil").refused == "credentials"
    assert sign_in(store, "nobody", "feil").refused == "credentials"
    assert sign_in(store, "root", "root-har-et-langt-passord").refused == "role"
    assert active_advisor(store, "anne").username == "anne"
    assert active_advisor(store, "root") is None and active_advisor(store, None) is None
    store.disable_user("anne", by="root")
    assert active_advisor(store, "anne") is None, "a disabled account loses access at once"
    assert sign_in(store, "anne", "anne-har-et-langt-passord").refused == "credentials"


def test_saving_a_published_version_makes_a_draft_then_updates_it(store) -> None:
    published = store.get_clause_version("fee", "1.0.0")
    fields = form_fields(published.source)
    fields["version"] = bump(fields["version"])
    fields["body_nb"] = "Mottakeren betaler {{ fee_amount | money }} per måned."
    source = source_from_form(published.source, fields)
    draft, created = save_clause(store, published, source, by="anne", note="Månedlig")
    assert created and (draft.version, draft.status, draft.change_note) == ("1.0.1", "draft", "Månedlig")
    assert diff_base(store, draft) == published and diff_base(store, published) == published
    fields["body_nb"] = "Mottakeren betaler {{ fee_amount | money }} per kvartal."
    again, created = save_clause(store, draft, source_from_form(draft.source, fields), by="anne", note="")
    assert not created and "per kvartal" in again.source and again.lock_version > draft.lock_version
    with pytest.raises(ConflictError):
        save_clause(store, draft, again.source + "\n", by="anne", note="stale")


def test_example_previews_show_the_clause_as_each_example_composes_it(mini_library) -> None:
    left_out, amount = example_previews(mini_library, "fee")
    assert left_out.ok and (left_out.number, left_out.html) == ("", ""), "excluded: nothing to show"
    assert amount.ok and not amount.error and (amount.number, amount.title) == ("2.2", "Vederlag")
    assert "kr 2 500 per år" in amount.html.replace("\xa0", " ")
    english = example_previews(mini_library, "commercial")[1]
    assert (english.name, english.title) == ("allowed for a fee", "Commercial use"), "in the example's language"
