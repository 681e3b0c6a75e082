"""End-to-end: a professional answers an access request (Excel and PDF) and then forgets the person."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

import duo_core
from duo_core.lifecycle import erasure
from duo_core.lifecycle.access_log import AccessLog
from tests.browser.conftest import TIMEOUT, choose, demo_app, settled, success

KEY = "Antwerpen/D0174"
LABEL = "Vincent De Decker (D0174) – Berchem, Antwerpen"


@pytest.fixture
def own_app(tmp_path):
    """The demo app with an empty journal of its own."""
    with demo_app(tmp_path) as url:
        yield url, tmp_path / "logboek.sqlite"


def test_access_request_and_erasure_by_a_professional(page: Page, own_app, demo, output_path):
    url, journal_path = own_app
    row = demo.participant(KEY)
    page.goto(f"{url}/privacy")
    settled(page)
    choose(page, "Persoon", "D0174", LABEL)
    expect(page.get_by_role("button", name="Inzage downloaden (Excel)")).to_be_visible(timeout=TIMEOUT)

    with page.expect_download() as info:
        page.get_by_role("button", name="Inzage downloaden (Excel)").click()
    assert info.value.suggested_filename == "inzage_Antwerpen_D0174.xlsx"
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert book.sheetnames == ["Over dit overzicht", "Persoon", "Duo's", "Logboek", "Meldingen", "Ingezien",
                               "Vergeten"]
    fields = {r[2]: r[3] for r in book["Persoon"].iter_rows(min_row=2, values_only=True)}
    assert (fields["Voornaam"], fields["Achternaam"], fields["Rij in Excel"]) == (
        "Vincent", "De Decker", str(row["source_row"]))

    with page.expect_download() as info:
        page.get_by_role("button", name="Inzage downloaden (PDF)").click()
    assert info.value.suggested_filename == "inzage_Antwerpen_D0174.pdf"
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")

    choose(page, "Reden", "verzoek", "verzoek van de persoon (recht op vergetelheid)")
    page.get_by_text("Ik begrijp dat dit niet ongedaan gemaakt kan worden").click()
    page.get_by_role("button", name="Persoon vergeten").click()
    expect(success(page, f"Vergeten: {KEY}. Verwijder nu de rijen uit de werkboeken.")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("1 vergeten; 1 staan nog in de werkboeken (te verwijderen).")).to_be_visible(
        timeout=TIMEOUT)
    page.screenshot(path=output_path + "/privacy_vergeten.png", full_page=True)

    journal = duo_core.Journal(journal_path)
    assert erasure.erased_keys(journal) == frozenset({KEY})
    looked = AccessLog(journal).entries([KEY])
    assert looked[["kind", "detail"]].values.tolist()[::-1] == [
        ["inzage", "inzage_Antwerpen_D0174.xlsx"], ["inzage", "inzage_Antwerpen_D0174.pdf"],
        ["vergeten", "verzoek van de persoon (recht op vergetelheid)"]]

    page.get_by_role("link", name="Match zoeken").click()
    expect(page.get_by_role("heading", name="Match zoeken", exact=True)).to_be_visible(timeout=TIMEOUT)
    choose(page, "Deelnemer", "D0174", "(te verwijderen) (D0174) – Berchem, Antwerpen")
    expect(page.get_by_text("Deelnemer wacht niet (status: te verwijderen).", exact=False)).to_be_visible(
        timeout=TIMEOUT)


@pytest.mark.xdist_group("demo_app")  # the shared demo app (`app_url`) on one worker: one server
def test_the_pages_and_their_maps_ask_no_other_server_for_anything(page: Page, app_url, output_path):
    url = app_url  # only looks: the shared demo app will do
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{url}/match_zoeken")
    settled(page)
    choose(page, "Deelnemer", "D0174", LABEL)
    expect(page.get_by_test_id("stDeckGlJsonChart")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=TIMEOUT)
    page.get_by_test_id("stDeckGlJsonChart").scroll_into_view_if_needed()
    page.screenshot(path=output_path + "/kaart_zonder_tegels.png", full_page=True)
    page.get_by_role("link", name="Wachtlijst").click()
    settled(page)
    expect(page.get_by_test_id("stDeckGlJsonChart").first).to_be_visible(timeout=TIMEOUT)
    elsewhere = sorted({u.split("/")[2] for u in asked if u.startswith("http") and not u.startswith(url)})
    assert elsewhere == []
    assert any(u.startswith(url) for u in asked)  # the listener did hear the app's own requests
