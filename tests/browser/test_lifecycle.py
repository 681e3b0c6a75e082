"""End-to-end: propose a pair, hold the introduction, start the duo, and find it on the coach's page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

import duo_core
from tests.browser.conftest import TIMEOUT, demo_app, success
from tests.browser.conftest import choose as _choose


@pytest.fixture
def own_app(tmp_path):
    """The demo app with an empty journal of its own (the shared app's rankings stay untouched)."""
    with demo_app(tmp_path) as url:
        yield url, tmp_path / "logboek.sqlite"


def test_propose_start_and_see_the_duo_on_the_coach_page(page: Page, own_app, output_path):
    url, journal_path = own_app
    coach = duo_core.load_dataset(duo_core.config.DEMO_FOLDER).coaches.iloc[0]
    coach_name = f"{coach['first_name']} {coach['last_name']}"

    page.goto(f"{url}/match_zoeken")
    _choose(page, "Deelnemer", "D0174", "Vincent De Decker (D0174) – Berchem, Antwerpen")
    expect(page.get_by_text("Luc Stevens: score 58 van 100")).to_be_visible(timeout=TIMEOUT)
    page.get_by_label("Korte notitie (optioneel)").fill("Beiden houden van fietsen")
    page.get_by_role("button", name="Voorstel vastleggen").click()
    expect(success(page, "Voorstel Vincent De Decker + Luc Stevens vastgelegd.")).to_be_visible(timeout=TIMEOUT)

    page.get_by_role("link", name="Lopende duo's").click()
    expect(page.get_by_role("heading", name="Lopende duo's", exact=True)).to_be_visible(timeout=TIMEOUT)
    _choose(page, "Duo", "APP00001", "APP00001: Vincent De Decker + Luc Stevens")
    page.get_by_role("button", name="Kennismaking gehouden").click()
    expect(success(page, "Kennismaking van APP00001: Vincent De Decker + Luc Stevens vastgelegd.")).to_be_visible(
        timeout=TIMEOUT)

    _choose(page, "Contactcoach", coach["last_name"], coach_name)
    page.get_by_role("button", name="Duo starten").click()
    expect(success(page, f"Duo APP00001: Vincent De Decker + Luc Stevens gestart met {coach_name}.")).to_be_visible(
        timeout=TIMEOUT)
    page.screenshot(path=output_path + "/lopende_duos_gestart.png", full_page=True)

    _choose(page, "Rol (demo)", "Contact", "Contactcoach")
    expect(page.get_by_role("heading", name="Mijn duo's", exact=True)).to_be_visible(timeout=TIMEOUT)
    # the role switch reruns the app: wait until that run has settled before reading its widgets
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=TIMEOUT)
    card = page.locator("[class*='st-key-duo_card--Antwerpen-APP00001']")  # the new duo has its own card
    expect(card.get_by_text("Vincent De Decker en Luc Stevens")).to_be_visible(timeout=TIMEOUT)
    expect(card.get_by_role("button", name="Opvolging vastleggen")).to_be_visible()
    page.screenshot(path=output_path + "/mijn_duos_na_start.png", full_page=True)

    events = duo_core.Journal(journal_path).events()
    assert events[["action", "actor", "duo_key"]].values.tolist() == [
        ["propose", "demo-beroepskracht@localhost", "Antwerpen/APP00001"],
        ["introduce", "demo-beroepskracht@localhost", "Antwerpen/APP00001"],
        ["start", "demo-beroepskracht@localhost", "Antwerpen/APP00001"],
    ]
