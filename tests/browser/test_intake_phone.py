"""End-to-end on a 390-pixel phone: record the kennismakingsgesprek of a sign-up, go to Match zoeken and propose.

The sign-up itself is set up through the library (the form is tested in tests/app/test_app_intake.py); the
phone then does what only a browser shows: the conversation prefilled from the sign-up, no page wider than
the phone, the link to Match zoeken and the proposal.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

import duo_core
from duo_core import access, lifecycle
from duo_core.lifecycle.intake import Intake
from tests.browser.conftest import TIMEOUT, choose, demo_app, settled, success

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "nl-BE", "is_mobile": True, "has_touch": True}


@pytest.fixture
def own_app(tmp_path, demo_ds):
    """The demo app with a journal of its own that holds one sign-up: Mia Janssens of 2800 Mechelen."""
    journal = duo_core.Journal(tmp_path / "logboek.sqlite")
    boss = access.demo_users(demo_ds)[access.PROFESSIONAL]
    key = Intake(journal, lifecycle.overlay(demo_ds, journal), boss).sign_up(
        {"first_name": "Mia", "last_name": "Janssens", "postcode": "2800"}, "Antwerpen")
    assert key == "Antwerpen/AANM00001"
    with demo_app(tmp_path) as url:
        yield url, tmp_path / "logboek.sqlite"


def test_from_sign_up_to_proposal_on_a_phone(browser: Browser, own_app, output_path):
    url, journal_path = own_app
    context = browser.new_context(**PHONE)
    page = context.new_page()
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
