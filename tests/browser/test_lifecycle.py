"""End-to-end: hold the introduction of a proposed pair, start the duo, and find it on the coach's page.

The proposal itself is set up through the journal (proposing on Match zoeken is clicked in
tests/browser/test_sessions.py and tests/browser/test_intake_phone.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

import duo_core
from duo_core import access
from tests.browser.conftest import TIMEOUT, demo_app, success
from tests.browser.conftest import choose as _choose

pytestmark = pytest.mark.xdist_group("lifecycle")  # this module's app on one worker: one server


@pytest.fixture(scope="module")
def own_app(tmp_path_factory, demo_ds):
    """The demo app with a journal of its own (the shared app's rankings stay untouched) that holds one proposal.

    Vincent De Decker (D0174) and his best candidate Luc Stevens, proposed by the demo's professional.
    """
    best = duo_core.rank_volunteers(demo_ds, "Antwerpen/D0174").iloc[0]
    assert (best["key"], best["name"]) == ("Antwerpen/V0064", "Luc Stevens")
    tmp_path = tmp_path_factory.mktemp("lifecycle")
    journal = duo_core.Journal(tmp_path / "logboek.sqlite")
    boss = access.demo_users(demo_ds)[access.PROFESSIONAL].email
    assert journal.propose("Antwerpen/D0174", best["key"], boss, note="Beiden houden van fietsen") == (
        "Antwerpen/APP00001")
    with demo_app(tmp_path) as url:
        yield url, tmp_path / "logboek.sqlite"


def test_introduce_start_and_see_the_proposed_duo_on_the_coach_page(page: Page, own_app, demo_ds, output_path):
    url, journal_path = own_app
    coach = demo_ds.coaches.iloc[0]
    coach_name = f"{coach['first_name']} {coach['last_name']}"

    page.goto(f"{url}/lopende_duos")
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
    events = events[events["duo_key"] == "Antwerpen/APP00001"]  # the other test steps on running duos
    assert events[["action", "actor", "duo_key"]].values.tolist() == [
        ["propose", "demo-beroepskracht@localhost", "Antwerpen/APP00001"],
        ["introduce", "demo-beroepskracht@localhost", "Antwerpen/APP00001"],
        ["start", "demo-beroepskracht@localhost", "Antwerpen/APP00001"],
    ]


def test_after_a_follow_up_or_a_stop_the_form_shows_no_old_answers(page: Page, own_app, demo_ds):
    """Saved answers leave the screen: no old note for the next follow-up, no ticked stop for the next duo.

    Streamlit forgets a form's values on the server, but the browser keeps showing them until the server
    sets a value; the next save would send them again (for another duo, with its "sure" already ticked).
    """
    url, journal_path = own_app
    page.goto(f"{url}/lopende_duos")
    expect(page.get_by_role("heading", name="Lopende duo's", exact=True)).to_be_visible(timeout=TIMEOUT)
    _choose(page, "Status", "actief", "actief")
    page.keyboard.press("Escape")
    _choose(page, "Duo", "DUO0005", "DUO0005: Christiane Meert + Sarah Verheyden")

    note = page.get_by_label("Korte notitie (optioneel)")
    note.fill("Gebeld, alles loopt goed")
    page.get_by_role("button", name="Opvolging vastleggen").click()
    expect(success(page, "Opvolging van DUO0005: Christiane Meert + Sarah Verheyden vastgelegd.")).to_be_visible(
        timeout=TIMEOUT)
    expect(note).to_have_value("")

    _choose(page, "Reden", "verhuis", "verhuisd")
    sure = page.get_by_role("checkbox", name="Ja, dit duo is echt gestopt")
    page.get_by_text("Ja, dit duo is echt gestopt").click()  # a person clicks the label (the box is drawn over it)
    expect(sure).to_be_checked()
    page.get_by_role("button", name="Duo stoppen").click()
    expect(success(page, "Duo DUO0005: Christiane Meert + Sarah Verheyden gestopt (verhuisd).")).to_be_visible(
        timeout=TIMEOUT)

    _choose(page, "Duo", "DUO0017", "DUO0017: Geert Peeters + Nico Diallo")
    expect(sure).not_to_be_checked()
    expect(page.get_by_role("combobox", name="Reden")).to_have_value("")
    expect(note).to_have_value("")

    events = duo_core.Journal(journal_path).events()
    events = events[events["duo_key"] == "Antwerpen/DUO0005"]
    assert events["action"].tolist() == ["followup", "stop"]
    assert "Gebeld, alles loopt goed" in events["payload"].iloc[0]
