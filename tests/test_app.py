"""The Streamlit app, driven with ``streamlit.testing.v1.AppTest``: every page, main paths and error paths.

Each AppTest run executes the page script with a real registry, so these take a second or more: ``slow``.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from app.texts import TEXTS
from engine import compose, compute_content_hash, load_library
from engine.render import render, verify_pdf
from engine.store import AgreementStatus
from tests.helpers import PROVIDER, RECIPIENT, make_answers
from tests.helpers.app import (
    MINI,
    PAGES,
    PASSWORDS,
    ROOT,
    altered_pdf,
    app_env,
    button,
    errors,
    fill_wizard,
    html_bodies,
    make_app,
    red,
    set_answer,
)

FIXED = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
MINI_ANSWERS = {
    "provider": PROVIDER,
    "recipient": RECIPIENT,
    "commercial_use": "allowed_for_fee",
    "fee_amount": 25000,
    "start_date": "2026-02-01",
    "notes": "Dataene gjelder trafikk i Storgata.",
}


@pytest.fixture
def store(monkeypatch, tmp_path):
    return app_env(monkeypatch, tmp_path)


def add_agreement(store, status="final", **answers):
    lib = load_library(MINI)
    agreement = compose("mini", make_answers(**answers), "nb", library=lib, created_at=FIXED)
    return store.add_agreement(agreement, by="test", status=status), agreement


# --------------------------------------------------------------------------- every page


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_errors(store, page) -> None:
    """Every file in app/pages (discovered, so a new page is covered without touching this test)."""
    at = make_app(page)
    assert not errors(at)
    titles = {texts["nb"] for texts in TEXTS.values()}
    assert [t.value for t in at.title][:1] and at.title[0].value in titles, "a title from the UI tables"


@pytest.mark.slow
def test_english_switch_changes_the_words(store) -> None:
    at = make_app()
    assert at.title[0].value == "Lag en datadelingsavtale"
    at.segmented_control(key="lang_switch").set_value("en").run()
    assert at.title[0].value == "Create a data-sharing agreement"


# --------------------------------------------------------------------------- wizard


def start_wizard(at):
    at.button(key="start").click().run()
    assert not at.exception, at.exception
    return at


@pytest.mark.slow
def test_wizard_start_to_finish_creates_registry_entry_with_expected_hash(store) -> None:
    at = start_wizard(make_app())
    assert at.get("progress"), "a progress indicator"
    assert at.get("iframe"), "the live preview"
    fill_wizard(at, MINI_ANSWERS)
    assert button(at, "Fullfør og lagre avtalen").disabled is False
    at.button(key="finish").click().run()
    assert not at.exception, at.exception
    assert not errors(at)
    assert "Avtalen er lagret i registeret som endelig." in [s.value for s in at.success]

    [row] = store.list_agreements()
    record = store.get_agreement(row.id, with_pdf=True)
    assert record.status is AgreementStatus.final
    expected = compose(
        "mini", MINI_ANSWERS, "nb", library=load_library(MINI), created_at=record.agreement.metadata.created_at
    )
    assert record.content_hash == expected.content_hash == compute_content_hash(record.agreement)
    assert any(record.content_hash in body for body in html_bodies(at)), "the hash is shown"
    assert verify_pdf(record.pdf).content_hash == record.content_hash
    labels = [d.label for d in at.get("download_button")]
    assert labels == [
        "Last ned PDF/A (for signering)", "Last ned Word (DOCX)", "Policy som JSON-LD", "Policy som Turtle"
    ]  # fmt: skip
    assert store.list_agreements()[0].parties[1].name == "Sensorly AS"

    at.button(key="to_check").click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="check_pick").value == record.id, "the new agreement is the one checked"
    assert at.session_state["check_agreement"] is None, "the hand-over is used once"


@pytest.mark.slow
def test_wizard_validation_messages_inline_and_in_chosen_language(store) -> None:
    at = start_wizard(make_app())
    at.button(key="next").click().run()
    assert red(at) == ["Dataleverandør: Må fylles ut.", "Mottaker: Må fylles ut."]
    assert at.warning, "a hint that the step has errors"
    assert "Steg 1 av 3" in at.get("progress")[0].proto.text
    set_answer(at, "provider", {**PROVIDER, "orgnr": "123456789"})
    at.segmented_control(key="lang_switch").set_value("en").run()
    messages = red(at)
    assert any("Provider, organisation number: Invalid organisation number" in m for m in messages), messages


@pytest.mark.slow
def test_wizard_visible_if_and_help_on_every_question(store) -> None:
    at = start_wizard(make_app())
    fill_wizard(at, {"provider": PROVIDER, "recipient": RECIPIENT}, steps=1)
    assert not [w for w in at.number_input if w.key == "q__fee_amount"]
    set_answer(at, "commercial_use", "allowed_for_fee")
    at.run()
    fee = [w for w in at.number_input if w.key == "q__fee_amount"]
    assert fee and fee[0].help == "Beløp i kroner."
    for kind in ("radio", "date_input", "text_area", "number_input"):
        for w in getattr(at, kind):
            if str(w.key).startswith("q__"):
                assert w.help, f"{w.key} has help"


@pytest.mark.slow
def test_live_preview_follows_every_answer(store) -> None:
    at = start_wizard(make_app())
    assert "[Dataleverandør]" in at.get("iframe")[0].proto.srcdoc
    set_answer(at, "provider", PROVIDER)
    at.run()
    assert "Bergen kommune" in at.get("iframe")[0].proto.srcdoc


@pytest.mark.slow
def test_resume_token_restores_everything(store) -> None:
    at = start_wizard(make_app())
    token = at.query_params["utkast"]
    fill_wizard(at, {"provider": PROVIDER, "recipient": RECIPIENT}, steps=1)
    set_answer(at, "commercial_use", "allowed_for_fee")
    at.run()
    set_answer(at, "fee_amount", 5000)
    at.run()
    assert store.resume_draft(token).answers["fee_amount"] == 5000

    from streamlit.testing.v1 import AppTest

    from tests.helpers.app import APP

    later = AppTest.from_file(str(APP), default_timeout=60)
    later.query_params["utkast"] = token
    later.run()
    assert not later.exception, later.exception
    assert later.radio(key="q__commercial_use").value == "allowed_for_fee"
    assert later.number_input(key="q__fee_amount").value == 5000
    later.button(key="back").click().run()
    assert later.text_input(key="q__recipient__orgnr").value == RECIPIENT["orgnr"]


@pytest.mark.slow
def test_unknown_resume_token_is_a_clear_message(store) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.helpers.app import APP

    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["utkast"] = "finnes-ikke"
    at.run()
    assert not at.exception
    assert any("Fant ikke utkastet" in e for e in errors(at))
    assert at.button(key="start"), "back on the start screen"


@pytest.mark.slow
def test_review_step_is_editable_and_finish_waits_for_valid_answers(store) -> None:
    at = start_wizard(make_app())
    at.session_state["step_pills"] = 2
    at.run()
    at.pills[0].set_value(2).run()
    assert any(b.key == "finish" for b in at.button)
    assert button(at, "Fullfør og lagre avtalen").disabled is True
    assert "Dataleverandør: Må fylles ut." in red(at)
    at.button(key="edit_0").click().run()
    assert at.text_input(key="q__provider__name")


# --------------------------------------------------------------------------- check a use


def run_check(at, what, why, where="norway", who="recipient", when=dt.date(2026, 6, 1)):
    at.selectbox(key="use_what").set_value(what)
    at.selectbox(key="use_why").set_value(why)
    at.selectbox(key="use_where").set_value(where)
    at.radio(key="use_who").set_value(who)
    at.date_input(key="use_when").set_value(when)
    button(at, "Sjekk").click().run()
    assert not at.exception, at.exception
    return next(b for b in html_bodies(at) if "av-answer" in b)


@pytest.mark.slow
def test_check_page_answers_permit_deny_and_missing_facts(store) -> None:
    record, _ = add_agreement(store)
    at = make_app("pages/check.py")
    assert at.selectbox(key="check_pick").value == record.id
    answer = run_check(at, "read", "academic_research")
    assert "av-ja'" in answer and "<h2>Ja</h2>" in answer
    assert any(
        "Punkt 2.1 Kommersiell bruk" in b and "skal ikke bruke dataene kommersielt" in b for b in html_bodies(at)
    )

    answer = run_check(at, "trainModel", "sell_products")
    assert "<h2>Nei</h2>" in answer

    answer = run_check(at, "read", "unknown")
    assert "<h2>Ja, hvis …</h2>" in answer
    assert [i.value for i in at.info] == ["Hva er formålet med bruken?"]

    assert [e for e in at.expander if "samsvarsrapport" in e.label]
    assert "report:PolicyReport" in at.code[0].value
    assert [d.label for d in at.get("download_button")] == ["Last ned rapporten (Turtle)"]


@pytest.mark.slow
def test_check_page_from_uploaded_odrl_policy_and_bad_files(store) -> None:
    _, agreement = add_agreement(store)
    from engine.odrl import policy_from_dict, policy_to_turtle

    turtle = policy_to_turtle(policy_from_dict(agreement.policy))
    at = make_app("pages/check.py")
    at.segmented_control(key="check_source").set_value("odrl").run()
    at.file_uploader(key="check_odrl").set_value(("avtale.ttl", turtle.encode(), "text/turtle")).run()
    assert not errors(at)
    assert "<h2>Nei</h2>" in run_check(at, "trainModel", "sell_products")

    at.file_uploader(key="check_odrl").set_value(("tull.ttl", b"@prefix x: <broken", "text/turtle")).run()
    assert not at.exception
    assert any(e.startswith("Kan ikke bruke denne kilden") for e in errors(at))

    at.segmented_control(key="check_source").set_value("pdf").run()
    at.file_uploader(key="check_pdf").set_value(("ikke.pdf", b"hello", "application/pdf")).run()
    assert not at.exception
    assert any("not a PDF" in e for e in errors(at))


@pytest.mark.slow
@pytest.mark.pdf
def test_check_page_uses_the_policy_inside_our_pdf(store) -> None:
    _, agreement = add_agreement(store)
    pdf = bytes(render(agreement, "pdf"))
    at = make_app("pages/check.py")
    at.segmented_control(key="check_source").set_value("pdf").run()
    at.file_uploader(key="check_pdf").set_value(("avtale.pdf", pdf, "application/pdf")).run()
    assert not errors(at)
    assert "<h2>Ja</h2>" in run_check(at, "read", "academic_research")


@pytest.mark.slow
def test_check_page_with_empty_registry_says_what_to_do(store) -> None:
    at = make_app("pages/check.py")
    assert any("Registeret er tomt" in i.value for i in at.info)


# --------------------------------------------------------------------------- registry


@pytest.mark.slow
def test_registry_lists_filters_opens_and_moves_status_with_confirmation(store) -> None:
    record, _ = add_agreement(store)
    other, _ = add_agreement(store, recipient={**RECIPIENT, "name": "Annen Mottaker AS"})
    at = make_app("pages/registry.py")
    assert len(at.dataframe[0].value) == 2
    at.text_input(key="reg_party").set_value("annen mottaker").run()
    assert list(at.dataframe[0].value.iloc[:, 0]) == [other.id]
    at.text_input(key="reg_party").set_value("").run()
    at.selectbox(key="reg_status").set_value("signed").run()
    assert any("Ingen avtaler passer" in i.value for i in at.info)
    at.selectbox(key="reg_status").set_value(None).run()

    at.selectbox(key="reg_open").set_value(record.id).run()
    assert not at.exception, at.exception
    assert at.metric[0].value == "Endelig"
    at.button(key="move_signed").click().run()
    assert any("Vil du endre status" in w.value for w in at.warning)
    assert store.get_agreement(record.id).status is AgreementStatus.final, "nothing happens before confirming"
    at.button(key="move_yes").click().run()
    assert store.get_agreement(record.id).status is AgreementStatus.signed
    assert at.metric[0].value == "Signert"
    assert [b.key for b in at.button if str(b.key).startswith("move_")] == ["move_terminated"]
    labels = [d.label for d in at.get("download_button")]
    assert "Last ned Word (DOCX)" in labels and "Policy som Turtle" in labels


@pytest.mark.slow
@pytest.mark.pdf
def test_verify_pdf_intact_registered_altered_and_unknown(store) -> None:
    lib = load_library(MINI)
    agreement = compose("mini", make_answers(), "nb", library=lib, created_at=FIXED)
    pdf = bytes(render(agreement, "pdf"))
    at = make_app("pages/registry.py")

    at.file_uploader(key="verify_pdf").set_value(("a.pdf", pdf, "application/pdf")).run()
    assert any("Uendret, men ikke registrert" in w.value for w in at.warning)

    record = store.add_agreement(agreement, by="test", status="final", pdf=pdf)
    at.file_uploader(key="verify_pdf").set_value(("a.pdf", pdf, "application/pdf")).run()
    assert [s.value for s in at.success] == [f"Uendret og registrert: {record.id}"]

    altered = altered_pdf(pdf)
    at.file_uploader(key="verify_pdf").set_value(("b.pdf", altered, "application/pdf")).run()
    assert any(e.startswith("Endret") for e in errors(at))

    from pypdf import PdfWriter

    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    at.file_uploader(key="verify_pdf").set_value(("c.pdf", out.getvalue(), "application/pdf")).run()
    assert any(w.value.startswith("Ukjent") for w in at.warning)


# --------------------------------------------------------------------------- clause workshop


def login(at, username, password=None):
    at.text_input(key="login_user").set_value(username)
    at.text_input(key="login_password").set_value(password or PASSWORDS.get(username, "feil"))
    button(at, "Logg inn").click().run()
    assert not at.exception, at.exception
    return at


@pytest.mark.slow
def test_workshop_refuses_non_advisors_and_wrong_passwords(store) -> None:
    at = make_app("pages/workshop.py")
    assert not at.tabs, "nothing but the login form"
    login(at, "root")
    assert any("har ikke rollen juridisk rådgiver" in e for e in errors(at))
    assert at.session_state["user"] is None
    login(at, "anne", "feil-passord")
    assert errors(at) == ["Feil brukernavn eller passord."]

    from engine.store import UserRecord

    admin = store.get_user("root")
    assert isinstance(admin, UserRecord)
    seeded = make_app("pages/workshop.py", user=admin)
    assert not seeded.tabs, "a non-advisor seeded into the session is refused too"
    assert any("ikke lenger tilgang" in e for e in errors(seeded))


@pytest.mark.slow
def test_workshop_validation_errors_block_saving(store) -> None:
    at = login(make_app("pages/workshop.py"), "anne")
    at.selectbox(key="ws_clause").set_value("fee").run()
    k = "fee@1.0.0"
    at.text_area(key=f"ws_body_nb_{k}").set_value("Mottakeren betaler {{ ukjent_svar }}.").run()
    assert any("ukjent_svar" in e for e in errors(at)), errors(at)
    at.text_input(key=f"ws_change_note_{k}").set_value("prøver").run()
    assert button(at, "Lagre utkast").disabled is True
    at.text_area(key=f"ws_policy_{k}").set_value("- permission: [").run()
    assert any("policy: ugyldig YAML" in e for e in errors(at)), errors(at)


@pytest.mark.slow
def test_workshop_publish_needs_two_advisors(store) -> None:
    at = login(make_app("pages/workshop.py"), "anne")
    at.selectbox(key="ws_clause").set_value("confidentiality").run()
    k = "confidentiality@1.0.0"
    body = at.text_area(key=f"ws_body_nb_{k}").value
    at.text_area(key=f"ws_body_nb_{k}").set_value(body.replace("fortrolige", "strengt fortrolige")).run()
    diff = [re.sub(r"<[^>]+>", "", b).replace("&nbsp;", " ") for b in html_bodies(at) if 'class="diff"' in b]
    assert diff and "strengt fortrolige" in diff[0], "side-by-side diff against the published version"
    at.text_input(key=f"ws_change_note_{k}").set_value("Strengere ordlyd").run()
    at.button(key="ws_save").click().run()
    assert [s.value for s in at.success] == ["Lagret som ny versjon 1.0.1 (utkast)."]
    at.button(key="ws_submit").click().run()
    at.button(key="ws_approve").click().run()
    assert any("En annen rådgiver må godkjenne" in e for e in errors(at))
    assert store.get_clause_version("confidentiality", "1.0.1").status == "review"

    at.button(key="logout").click().run()
    login(at, "bjorn")
    at.selectbox(key="ws_clause").set_value("confidentiality").run()
    assert at.selectbox(key="ws_version_confidentiality").value == "1.0.1"
    assert any("Strengere ordlyd" in m.value for m in at.markdown), "the approver sees the change note"
    at.button(key="ws_approve").click().run()
    assert [s.value for s in at.success] == ["Versjon 1.0.1 er publisert."]
    cv = store.get_clause_version("confidentiality", "1.0.1")
    assert (cv.status, cv.reviewer) == ("published", "bjorn")

    wizard = make_app()
    start_wizard(wizard)
    assert "strengt fortrolige" in wizard.get("iframe")[0].proto.srcdoc, "new agreements use the new version"


@pytest.mark.slow
def test_workshop_shows_which_agreements_use_which_version(store) -> None:
    record, _ = add_agreement(store)
    at = login(make_app("pages/workshop.py"), "anne")
    at.selectbox(key="ws_clause").set_value("commercial").run()
    usage = [d for d in at.dataframe if "Avtale" in d.value.columns]
    assert usage and list(usage[0].value["Avtale"]) == [record.id]
    assert any(e.label.startswith("✅") for e in at.expander), "the clause's examples run, with a preview"


@pytest.mark.slow
def test_app_never_shows_a_traceback_for_an_unexpected_error(store, monkeypatch) -> None:
    monkeypatch.delenv("AVTALEVERK_APP_DEBUG")
    from engine.store.sql import SqlStore

    def boom(self, **kw):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(SqlStore, "list_agreements", boom)
    at = make_app("pages/registry.py")
    assert not at.exception
    assert any("En uventet feil oppstod" in e for e in errors(at))


def test_router_registers_every_page_file() -> None:
    text = (ROOT / "app" / "main.py").read_text(encoding="utf-8")
    for page in sorted((ROOT / "app" / "pages").glob("*.py")):
        assert f'"{page.name}"' in text, page.name


@pytest.mark.slow
def test_workshop_failing_examples_block_submitting(store) -> None:
    at = login(make_app("pages/workshop.py"), "anne")
    at.selectbox(key="ws_clause").set_value("commercial").run()
    k = "commercial@1.1.0"
    body = at.text_area(key=f"ws_body_nb_{k}").value
    at.text_area(key=f"ws_body_nb_{k}").set_value(body.replace("skal ikke bruke dataene kommersielt", "kan ikke")).run()
    assert any(e.label.startswith("❌ not allowed by default") for e in at.expander), "the live preview shows it"
    at.text_input(key=f"ws_change_note_{k}").set_value("Kortere").run()
    at.button(key="ws_save").click().run()
    assert at.selectbox(key="ws_version_commercial").value == "1.1.1"
    assert any("Eksemplene må gå gjennom" in w.value and "not allowed by default" in w.value for w in at.warning)
    assert at.button(key="ws_submit").disabled is True
