"""End-to-end: the real app in headless Chromium. Elements are found by role, label or text."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import TIMEOUT
from tests.helpers import base_records, to_rows, write_sheets

pytestmark = pytest.mark.xdist_group("demo_app")  # the shared demo app (`app_url`) on one worker: one server

# That every page renders without an exception, under its title, is checked without a browser in
# tests/app/test_app.py (test_every_page_renders); axe-core visits every page of every role in Chromium in
# tests/browser/test_screens.py.


def test_choosing_a_participant_shows_table_map_and_explanation(page: Page, app_url: str, output_path):
    page.goto(f"{app_url}/match_zoeken")
    page.get_by_role("combobox", name="Deelnemer").click()
    page.keyboard.type("D0174")
    page.get_by_role("option", name="Vincent De Decker (D0174) – Berchem, Antwerpen").click()
    expect(page.get_by_role("heading", name="Waarom deze kandidaat?")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("stDeckGlJsonChart").locator("canvas").first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("15 geschikte kandidaten")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Luc Stevens: score 58 van 100")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    page.screenshot(path=output_path + "/match_zoeken_gekozen.png", full_page=True)


def test_uploading_a_workbook_switches_the_data(page: Page, app_url: str, tmp_path):
    path = write_sheets(tmp_path / "Limburg.xlsx", to_rows(base_records()))
    page.goto(f"{app_url}/datakwaliteit")
    page.get_by_text("Eigen werkboeken opladen").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
    expect(page.get_by_text("Opgeladen (proefkopie): Limburg.xlsx")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("0 fouten en 0 waarschuwingen in de gegevens")).to_be_visible()
