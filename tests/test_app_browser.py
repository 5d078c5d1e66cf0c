"""End to end in a real browser: Debian's Chromium driven by Playwright against ``streamlit run``.

Fill the wizard for the shipped «datadeling» agreement, download the PDF and read it with pypdf, then
check a planned use of the new agreement. Screenshots of every page (1280×800 and 420 px wide) are
saved in ``artifacts/screenshots/`` (git-ignored). Chromium is installed by ``./run``/CI, never by
``playwright install``; without it the test skips locally and fails in CI.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.app import PASSWORDS, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
SHOTS = ROOT / "artifacts" / "screenshots"
WIDE = {"width": 1280, "height": 800}
NARROW = {"width": 420, "height": 860}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                if r.read() == b"ok":
                    return time.perf_counter() - start
        except OSError:
            time.sleep(0.1)
    raise TimeoutError("the app did not become healthy")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing; CI must install Debian's chromium package")
        pytest.skip("Debian's chromium is not installed (/usr/bin/chromium)")
    from engine.store import Role, initialise, open_store

    tmp = tmp_path_factory.mktemp("browser")
    url_db = f"sqlite:///{tmp / 'registry.db'}"
    store = open_store(url_db)
    initialise(store, ROOT / "clauses", demo_user=False)
    store.add_user("anne", "Anne Advokat", Role.advisor, PASSWORDS["anne"])
    store.close()
    env = {**os.environ, "AVTALEVERK_DATABASE_URL": url_db}
    env.pop("AVTALEVERK_LIBRARY_DIR", None)
    port = free_port()
    log = (tmp / "streamlit.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app" / "main.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def idle(page: Any) -> None:
    """Wait until Streamlit has finished the current run."""
    page.wait_for_timeout(250)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=30_000)
    page.wait_for_timeout(150)


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def fill(page: Any, label: str, value: str, nth: int = 0) -> None:
    box = page.get_by_label(label, exact=True).nth(nth)
    box.fill(value)
    box.press("Tab")
    idle(page)


def click(page: Any, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).first.click()
    idle(page)


def no_traceback(page: Any) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.content()


def test_wizard_pdf_and_check_in_a_real_browser(server: str, browser: Any) -> None:
    from pypdf import PdfReader

    from engine.render import verify_pdf

    page = browser.new_page(viewport=WIDE, accept_downloads=True)
    page.goto(server + "/")
    page.wait_for_selector("h1")
    idle(page)
    shot(page, "wide-01-ny-avtale-start")
    click(page, "Start")
    parties = [
        ("Bergen kommune", "974760673", "Rådhusgaten 10, 5014 Bergen", "Kari Nordmann", "kari@bergen.kommune.no",
         "Per Ås", "Kommunedirektør"),
        ("Sensorly AS", "921605900", "Strandkaien 2, 5013 Bergen", "Ola Øren", "ola@sensorly.no", "Åse Lie",
         "Daglig leder"),
    ]  # fmt: skip
    labels = ("Navn", "Organisasjonsnummer", "Adresse", "Kontaktperson", "Kontaktpersonens e-post", "Signatar (navn)",
              "Signatarens stilling")  # fmt: skip
    for nth, values in enumerate(parties):
        for label, value in zip(labels, values, strict=True):
            fill(page, label, value, nth)
    shot(page, "wide-02-ny-avtale-partene")
    assert "Sensorly AS" in page.frame_locator("iframe").first.locator("body").inner_text(), "live preview"
    click(page, "Neste")
    fill(page, label_of("dataset_title"), "Trafikksensorer Storgata 2024–2026")
    fill(page, label_of("dataset_description"), "Timesvise målinger av sykkel- og biltrafikk fra 12 sensorer.")
    click(page, "Neste")
    dates = {label_of("start_date"): "01022027", label_of("end_date"): "31012029"}
    for _ in range(14):  # the defaults make a balanced agreement: only the dates are left to answer
        for label, digits in dates.items():
            field = page.get_by_label(label, exact=True)
            if field.count() and not field.first.locator('[role="spinbutton"][aria-valuenow]').count():
                field.first.locator('[role="spinbutton"]').first.click()
                page.keyboard.type(digits)
                page.keyboard.press("Tab")
                idle(page)
        if page.get_by_role("button", name="Fullfør og lagre avtalen").count():
            break
        last = page.get_by_role("button", name="Til gjennomgang", exact=True).count()
        click(page, "Til gjennomgang" if last else "Neste")
        no_traceback(page)
    shot(page, "wide-03-ny-avtale-gjennomgang")
    page.get_by_text("Rimelighetssjekk", exact=True).scroll_into_view_if_needed()
    shot(page, "wide-03b-ny-avtale-rettigheter-og-rimelighet")
    click(page, "Fullfør og lagre avtalen")
    page.get_by_text("Avtalen er lagret i registeret som endelig.").wait_for(timeout=60_000)
    shot(page, "wide-04-ny-avtale-ferdig")
    with page.expect_download() as download:
        page.get_by_role("button", name="Last ned PDF/A (for signering)").click()
    pdf = Path(download.value.path()).read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    assert len(reader.pages) >= 3
    assert "Datadelingsavtale" in text and "Sensorly AS" in text and "Bergen kommune" in text
    assert verify_pdf(pdf).ok

    click(page, "Sjekk en planlagt bruk")
    page.get_by_text("Beskriv den planlagte bruken").wait_for()
    choose(page, "Hva skal gjøres med dataene?", "Trene en KI-modell på dataene")
    choose(page, "Hvorfor – hva er formålet?", "Akademisk forskning")
    click(page, "Sjekk")
    answer = page.locator(".av-answer")
    answer.wait_for()
    assert answer.locator("h2").inner_text() in ("Ja", "Nei", "Ja, hvis …")
    assert "punkt" in answer.inner_text()
    shot(page, "wide-05-sjekk-bruk-svar")
    no_traceback(page)

    page.goto(server + "/avtaler")
    page.wait_for_selector("h1")
    idle(page)
    shot(page, "wide-06-avtaler")
    page.get_by_label("Åpne avtale", exact=True).first.click()
    page.get_by_role("option").first.click()
    idle(page)
    page.get_by_text("Innholdshash", exact=True).wait_for()
    shot(page, "wide-06b-avtale-detaljer")
    page.goto(server + "/klausulverksted")
    page.wait_for_selector("h1")
    idle(page)
    shot(page, "wide-07-klausulverksted-innlogging")
    fill(page, "Brukernavn", "anne")
    page.get_by_label("Passord", exact=True).fill(PASSWORDS["anne"])
    click(page, "Logg inn")
    page.get_by_text("Logget inn som").wait_for()
    idle(page)
    shot(page, "wide-08-klausulverksted")
    no_traceback(page)


def label_of(question_id: str) -> str:
    """The question's label as the wizard shows it (from the shipped agreement type)."""
    from engine import load_library, pick

    question = load_library(ROOT).agreement_type("datadeling").question(question_id)
    assert question is not None
    return pick(question.label, "nb")


def choose(page: Any, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).first.click()
    page.get_by_role("option", name=option, exact=True).click()
    idle(page)


@pytest.mark.parametrize("path", ["", "sjekk-bruk", "avtaler", "klausulverksted"])
def test_every_page_works_in_a_narrow_window(server: str, browser: Any, path: str) -> None:
    page = browser.new_page(viewport=NARROW)
    page.goto(f"{server}/{path}")
    page.wait_for_selector("h1")
    idle(page)
    no_traceback(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"no horizontal scrolling ({width}px)"
    shot(page, f"narrow-{path or 'ny-avtale'}")
