"""End-to-end on a 390-pixel phone, the whole journey of issue 23: a sign-up typed in, the conversation planned,
recorded (prefilled from the sign-up), Match zoeken and the proposal, the introduction and the start.

The sign-up form's bad input and the planning proposal are tested in tests/app/test_app_intake.py; the phone
does what only a browser shows: each form usable at 390 pixels, no page wider than the phone, the links between
the steps.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect

import duo_core
from tests.browser.conftest import TIMEOUT, choose, demo_app, settled, success

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "nl-BE", "is_mobile": True, "has_touch": True}


@pytest.fixture
def own_app(tmp_path):
    """The demo app with a journal of its own (the shared app's lists stay untouched)."""
    with demo_app(tmp_path) as url:
        yield url, tmp_path / "logboek.sqlite"


def _no_wider_than_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_from_sign_up_to_a_started_duo_on_a_phone(browser: Browser, own_app, demo_ds, output_path):
    url, journal_path = own_app
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{url}/aanmeldingen")
    settled(page)
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Aanmelding bewaren"))
    form.get_by_label("Voornaam", exact=True).fill("Mia")
    form.get_by_label("Achternaam", exact=True).fill("Janssens")
    form.get_by_label("Postcode", exact=True).fill("2800")
    form.get_by_role("button", name="Aanmelding bewaren").click()
    expect(success(page, "Mia Janssens is aangemeld (Antwerpen/AANM00001).")).to_be_visible(timeout=TIMEOUT)
    for field in ("Voornaam", "Achternaam", "Postcode"):  # the form is empty for the next person, on screen too
        expect(form.get_by_label(field, exact=True)).to_have_value("")
    _no_wider_than_the_phone(page)

    choose(page, "Wie", "Mia", "Mia Janssens (Mechelen, 0 dagen)")
    plan = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Gesprek plannen"))
    day = dt.date.today() + dt.timedelta(days=7)
    plan.get_by_label("Datum van het gesprek", exact=True).get_by_role("spinbutton").first.click()  # day, month, year: typed through
    page.keyboard.type(f"{day:%d%m%Y}")
    page.get_by_role("combobox", name="Plaats").click()  # the demo has no fixed places: one is typed
    page.keyboard.type("Samana Mechelen")
    page.keyboard.press("Enter")
    plan.get_by_role("button", name="Gesprek plannen").click()
    expect(success(page, "Kennismakingsgesprek met Mia Janssens gepland.")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("button", name="In mijn agenda (.ics)")).to_be_visible(timeout=TIMEOUT)
    _no_wider_than_the_phone(page)

    page.goto(f"{url}/kennismakingsgesprek")
    settled(page)
    choose(page, "Met wie", "Mia", "Mia Janssens (Mechelen)")  # typed: the demo's 37 sign-ups are in the list too
    expect(page.get_by_label("Postcode", exact=True)).to_have_value("2800", timeout=TIMEOUT)
    page.get_by_label("Vervoer", exact=True).fill("met de bus")
    page.get_by_role("button", name="Klaar voor matching").click()
    expect(success(page, "Mia Janssens is klaar voor matching")).to_be_visible(timeout=TIMEOUT)
    _no_wider_than_the_phone(page)
    page.screenshot(path=output_path + "/gesprek_klaar_telefoon.png", full_page=True)

    page.get_by_role("link", name="Zoek nu een match voor deze persoon").click()
    expect(page.get_by_role("heading", name="Match zoeken", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("button", name="Voorstel vastleggen")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="Voorstel vastleggen").click()
    expect(success(page, "Voorstel Mia Janssens + ")).to_be_visible(timeout=TIMEOUT)

    page.goto(f"{url}/lopende_duos")
    settled(page)
    choose(page, "Duo", "Mia", "Mia Janssens + ")
    page.get_by_role("button", name="Kennismaking gehouden").click()
    expect(success(page, re.compile(r"Kennismaking van APP\d+: Mia Janssens \+ .+ vastgelegd\."))).to_be_visible(
        timeout=TIMEOUT)
    coach = demo_ds.coaches[demo_ds.coaches["province"] == "Antwerpen"].iloc[0]
    coach_name = f"{coach['first_name']} {coach['last_name']}"
    choose(page, "Contactcoach", coach["last_name"], coach_name)
    page.get_by_role("button", name="Duo starten").click()
    expect(success(page, f"gestart met {coach_name}.")).to_be_visible(timeout=TIMEOUT)
    _no_wider_than_the_phone(page)
    context.close()

    events = duo_core.Journal(journal_path).events()  # the demo journal's own steps are there too
    mine = events[events["participant_key"] == "Antwerpen/AANM00001"]
    assert mine["action"].tolist() == ["signup", "plan", "intake_done", "propose", "introduce", "start"]
    assert mine["actor"].unique().tolist() == ["demo-beroepskracht@localhost"]
