"""End-to-end on a 390-pixel phone: sign up, record the kennismakingsgesprek, go to Match zoeken and propose."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

import duo_core
from tests.browser.conftest import TIMEOUT, choose, demo_app, settled, success

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "nl-BE", "is_mobile": True, "has_touch": True}


@pytest.fixture
def own_app(tmp_path):
    """The demo app with an empty journal of its own."""
    with demo_app(tmp_path) as url:
        yield url, tmp_path / "logboek.sqlite"


def test_from_sign_up_to_proposal_on_a_phone(browser: Browser, own_app, output_path):
    url, journal_path = own_app
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{url}/aanmeldingen")
    settled(page)
    page.get_by_label("Voornaam", exact=True).fill("Mia")
    page.get_by_label("Achternaam", exact=True).fill("Janssens")
    page.get_by_label("Postcode", exact=True).fill("2800")
    page.get_by_role("button", name="Aanmelding bewaren").click()
    expect(success(page, "Antwerpen/AANM00001 is aangemeld.")).to_be_visible(timeout=TIMEOUT)

    page.goto(f"{url}/kennismakingsgesprek")
    settled(page)
    choose(page, "Met wie", "Mia", "Mia Janssens (Mechelen)")  # typed: the demo's 37 sign-ups are in the list too
    expect(page.get_by_label("Postcode", exact=True)).to_have_value("2800", timeout=TIMEOUT)
    page.get_by_label("Vervoer", exact=True).fill("met de bus")
    page.get_by_role("button", name="Klaar voor matching").click()
    expect(success(page, "Mia Janssens is klaar voor matching")).to_be_visible(timeout=TIMEOUT)
    # nothing on the page is wider than the phone
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    page.screenshot(path=output_path + "/gesprek_klaar_telefoon.png", full_page=True)

    page.get_by_role("link", name="Zoek nu een match voor deze persoon").click()
    expect(page.get_by_role("heading", name="Match zoeken", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("button", name="Voorstel vastleggen")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="Voorstel vastleggen").click()
    expect(success(page, "Voorstel Mia Janssens + ")).to_be_visible(timeout=TIMEOUT)
    context.close()

    events = duo_core.Journal(journal_path).events()
    assert events["action"].tolist() == ["signup", "intake_done", "propose"]
    assert events["participant_key"].tolist() == ["Antwerpen/AANM00001"] * 3
