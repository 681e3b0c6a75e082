"""Exports in Chromium on a desktop and a 390-pixel phone: every chart as a PNG with a Dutch name, and the
printable page of Match zoeken (issue 22, item 13).

plotly charts save themselves (the toolbar's camera, labelled in Dutch); the maps are drawn on the server
and offered as a download; the printable page is a PDF. Every file gets a Dutch name, the files that name
people are noted in the access log, and axe finds no serious or critical violation on these pages.
"""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from duo_core.lifecycle.access_log import AccessLog
from duo_core.lifecycle.journal import Journal
from tests.browser.conftest import TIMEOUT, settled
from tests.browser.test_screens import AXE, choose, serious_violations
from tests.browser.test_screens_two import DEVICES, _label

PERSON = "Antwerpen/D0174"
MONITORING_CHARTS = {"chart_active": "actieve_duos", "chart_flows": "nieuwe_en_gestopte_duos",
                     "chart_reasons": "stopredenen", "chart_waiting": "wachtlijst_per_provincie",
                     "chart_wait_hist": "wachttijd", "chart_matched": "gematcht_binnen_3_maanden",
                     "chart_durability": "wat_werkt_score"}


@pytest.fixture
def app(scratch_app):
    """The worker's scratch demo app and its folder (the journal with the access log is ``logboek.sqlite`` there)."""
    return scratch_app


@pytest.fixture(params=list(DEVICES))
def device(request, browser: Browser):
    """A page on a desktop screen (1400×900) or a 390-pixel phone, that accepts downloads."""
    context = browser.new_context(locale="nl-BE", accept_downloads=True, **DEVICES[request.param])
    yield context.new_page()
    context.close()


def _download(page: Page, click) -> tuple[str, bytes]:
    """Click (or tap) what ``click`` finds and catch the file it downloads: its suggested name and bytes."""
    with page.expect_download(timeout=TIMEOUT) as caught:
        target = click()
        target.evaluate("e => e.scrollIntoView({block: 'center'})")
        target.click()
    download = caught.value
    return download.suggested_filename, open(download.path(), "rb").read()


def _camera(page: Page, key: str):
    """The toolbar button of the plotly chart with ``key`` that saves it as a picture (named in Dutch)."""
    chart = page.locator(f".st-key-{key}")
    expect(chart.locator(".main-svg").first).to_be_visible(timeout=TIMEOUT)
    chart.evaluate("e => e.scrollIntoView({block: 'center'})")
    chart.locator(".main-svg").first.hover()
    return chart.get_by_role("button", name="Download als PNG")


def _png_size(data: bytes) -> tuple[str, tuple[int, int]]:
    picture = Image.open(io.BytesIO(data))
    return picture.format, picture.size


@pytest.mark.skipif(not AXE.exists(), reason="axe-core ontbreekt (npm ci in tests/browser)")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is niet geïnstalleerd")
def test_match_zoeken_gives_the_explanation_and_the_map_as_png_and_a_printable_page(device: Page, app, demo):
    url, folder = app
    device.goto(f"{url}/match_zoeken")
    settled(device)
    choose(device, "Deelnemer", "D0174", _label(demo.participants, PERSON))

    name, data = _download(device, lambda: _camera(device, "waterfall"))
    assert (name, _png_size(data)[0]) == ("uitleg_score.png", "PNG")
    if device.viewport_size["width"] < 700:  # a finger's target on a phone
        box = _camera(device, "waterfall").bounding_box()
        assert (box["width"] >= 44, box["height"] >= 44) == (True, True), box

    name, data = _download(device, lambda: device.get_by_role("button", name="Kaart downloaden (PNG)"))
    assert (name, _png_size(data)) == ("kaart_kandidaten_Antwerpen_D0174.png", ("PNG", (1200, 1000)))

    make = device.get_by_role("button", name="Afdrukbare pagina (PDF)", exact=True)
    make.evaluate("e => e.scrollIntoView({block: 'center'})")
    make.click()
    name, data = _download(device, lambda: device.get_by_role("button", name="Afdrukbare pagina (PDF) downloaden"))
    assert name == "match_Antwerpen_D0174.pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    who = demo.participants_by_key.loc[PERSON]
    assert text.splitlines()[:2] == [f"Match zoeken: {who['first_name']} {who['last_name']}",
                                     f"Deelnemer D0174 · {who['municipality']} (Antwerpen)"]

    noted = AccessLog(Journal(folder / "logboek.sqlite")).entries()
    exports = noted.loc[noted["kind"] == "export"].groupby("detail")["person_key"].agg(lambda keys: PERSON in set(keys))
    assert exports.to_dict() == {"kaart_kandidaten_Antwerpen_D0174.png": True, "match_Antwerpen_D0174.pdf": True}
    assert serious_violations(device) == []


def test_monitoring_and_wachtlijst_charts_save_as_png_with_dutch_names(device: Page, app):
    """Every chart of Monitoring has the Dutch camera button, and the recruitment map downloads as a PNG.

    axe runs over these pages in ``test_screens`` already (the toolbar's buttons are the same as on Match zoeken).
    """
    url, _ = app
    device.goto(f"{url}/wachtlijst")
    settled(device)
    name, data = _download(device, lambda: device.get_by_role("button", name="Kaart downloaden (PNG)"))
    assert (name, _png_size(data)) == ("kaart_vrijwilligers_werven.png", ("PNG", (1200, 1000)))

    device.goto(f"{url}/monitoring")
    settled(device)
    cameras = device.locator(", ".join(f".st-key-{key}" for key in MONITORING_CHARTS)).get_by_role(
        "button", name="Download als PNG")
    expect(cameras).to_have_count(len(MONITORING_CHARTS), timeout=TIMEOUT)
    name, data = _download(device, lambda: _camera(device, "chart_reasons"))
    assert (name, _png_size(data)[0]) == ("stopredenen.png", "PNG")
