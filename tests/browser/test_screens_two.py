"""Screens, round two, in Chromium on a desktop and a 390-pixel phone: feedback that never hides.

A coach records a follow-up and a stop from the duo's own card; an error stands next to the button that
was pressed and keeps what was chosen; a shared Match zoeken link opens the person on screen; every
confirmation appears where the person is looking.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from duo_core.lifecycle import views
from tests.browser.conftest import TIMEOUT, demo_app, settled, success
from tests.browser.test_screens import AXE, ROLE_PAGES, as_role, choose, order_and_scroll_violations

pytestmark = pytest.mark.xdist_group("screens_two")  # this module's app on one worker: one server

DEVICES = {
    "desktop": {"viewport": {"width": 1400, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    with demo_app(tmp_path_factory.mktemp("screens_two")) as url:
        yield url


@pytest.fixture(params=list(DEVICES))
def device(request, browser: Browser):
    """A page on a desktop screen (1400×900) or a 390-pixel phone."""
    context = browser.new_context(locale="nl-BE", **DEVICES[request.param])
    yield context.new_page()
    context.close()


def _tap(button) -> None:
    """Tap a button as a person does: with the button in the middle of the screen, not at its very edge."""
    button.evaluate("e => e.scrollIntoView({block: 'center'})")
    button.click()


def _cards_count(page: Page) -> int:
    """How many duo cards there are (one key class per card; Streamlit repeats it on inner elements)."""
    return len(set(page.locator("[class*='st-key-duo_card--']").evaluate_all(
        "els => els.flatMap(e => [...e.classList].filter(c => c.startsWith('st-key-duo_card--')))")))


def _card(page: Page, n: int):
    """The n-th duo card, found again by its duo (the cards move when a follow-up changes the order)."""
    cards = page.locator("[class*='st-key-duo_card--']")
    expect(cards.nth(n)).to_be_visible(timeout=TIMEOUT)
    key = next(c for c in cards.nth(n).get_attribute("class").split() if c.startswith("st-key-duo_card--"))
    card = page.locator(f".{key}")
    return card, card.get_by_test_id("stMarkdownContainer").first.inner_text().split(" en ")


# --- 3 and 7: a coach follows up and stops from the duo's own card ------------------------------------


def test_a_followup_is_recorded_from_the_duos_own_card(device: Page, app):
    as_role(device, app, "Contactcoach", "mijn_duos")
    card, names = _card(device, 0)
    _tap(card.get_by_role("button", name="Opvolging vastleggen"))
    save = card.get_by_role("button", name="Opvolging bewaren")
    expect(save).to_be_in_viewport(timeout=TIMEOUT)  # the form opens in the card, where the coach looks
    save.click()
    confirmation = card.get_by_test_id("stAlertContentSuccess")
    expect(confirmation).to_contain_text(f"Opvolging vastgelegd voor {names[0]} + {names[1]}. De volgende is over 8 weken.",
                                      timeout=TIMEOUT)
    expect(confirmation).to_be_in_viewport()
    expect(device.get_by_test_id("stToast")).to_be_in_viewport()
    expect(card.get_by_role("button", name="Opvolging bewaren")).to_have_count(0)


def test_a_follow_up_typed_in_the_future_is_refused_not_saved_with_another_date(browser: Browser, app):
    page = browser.new_context(locale="nl-BE", **DEVICES["phone"]).new_page()
    as_role(page, app, "Contactcoach", "mijn_duos")
    card, _ = _card(page, 0)
    _tap(card.get_by_role("button", name="Opvolging vastleggen"))
    card.get_by_role("spinbutton", name="day, Datum van het contact").click()  # typed as on a phone's keypad:
    page.keyboard.type((dt.date.today() + dt.timedelta(days=13)).strftime("%d%m%Y"))  # day, month, year
    page.keyboard.press("Tab")
    card.get_by_role("button", name="Opvolging bewaren").click()
    error = card.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("De datum van de opvolging ligt in de toekomst: kies de dag van het contact.",
                                  timeout=TIMEOUT)
    expect(card.get_by_test_id("stAlertContentSuccess")).to_have_count(0)  # nothing was recorded
    page.context.close()


def test_a_stop_after_a_followup_says_what_is_missing_next_to_the_button_and_keeps_the_choice(device: Page, app):
    as_role(device, app, "Contactcoach", "mijn_duos")
    first, _ = _card(device, 0)
    first.get_by_role("button", name="Opvolging vastleggen").click()
    first.get_by_role("button", name="Opvolging bewaren").click()
    expect(first.get_by_test_id("stAlertContentSuccess")).to_be_visible(timeout=TIMEOUT)
    card, _ = _card(device, 1)
    _tap(card.get_by_role("button", name="Duo is gestopt"))
    reason = card.get_by_role("combobox", name="Reden")
    reason.click()
    device.keyboard.type("verh")
    device.get_by_role("option", name="verhuisd").click()
    card.get_by_role("button", name="Duo stoppen").click()
    error = card.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("Vink eerst aan dat dit duo echt gestopt is", timeout=TIMEOUT)
    expect(error).to_be_in_viewport()
    expect(card.get_by_role("button", name="Duo stoppen")).to_be_in_viewport()
    expect(card.get_by_role("combobox", name="Reden")).to_have_value("verhuisd")  # nothing chosen was cleared


# --- 4: the address holds exactly what is on screen ----------------------------------------------------


def _label(frame, key: str) -> str:
    options = views.person_options(frame)
    return options.set_index("key").loc[key, "label"]


def test_a_shared_match_link_opens_the_person_and_direction_on_screen(device: Page, app, demo, browser: Browser):
    volunteer = demo.volunteers[demo.volunteers["province"] == "Antwerpen"]["key"].iloc[0]
    device.goto(f"{app}/match_zoeken")
    settled(device)
    choose(device, "Deelnemer", "D0174", _label(demo.participants, "Antwerpen/D0174"))
    device.get_by_text("Vrijwilliger → wachtende deelnemers").click()
    settled(device)
    choose(device, "Vrijwilliger", volunteer.split("/")[1], _label(demo.volunteers, volunteer))
    device.get_by_text("Deelnemer → vrijwilligers").click()
    settled(device)
    choose(device, "Deelnemer", "D0174", _label(demo.participants, "Antwerpen/D0174"))
    expect(device).to_have_url(re.compile(r"deelnemer=Antwerpen(%2F|/)D0174"), timeout=TIMEOUT)
    assert "vrijwilliger=" not in device.url  # the volunteer is no longer on screen
    shared = device.context.new_page()  # the link opened in a new tab
    shared.goto(device.url)
    settled(shared)
    expect(shared.get_by_role("radio", name="Deelnemer → vrijwilligers")).to_be_checked(timeout=TIMEOUT)
    expect(shared.get_by_role("combobox", name="Deelnemer")).to_have_value(
        _label(demo.participants, "Antwerpen/D0174"), timeout=TIMEOUT)
    shared.close()


# --- 5 and 9: every confirmation where the person is looking, naming the people -------------------------


def test_a_duo_from_the_whole_list_proposal_confirms_where_the_form_is(device: Page, app):
    device.goto(f"{app}/wachtlijst")
    settled(device)
    # the page as a person sees it before they scroll to the form: the recruitment map above it drawn
    expect(device.get_by_test_id("stDeckGlJsonChart").locator("canvas").first).to_be_visible(timeout=TIMEOUT)
    picked = device.get_by_test_id("stForm").filter(has_text="Een duo uit dit voorstel vastleggen") \
        .get_by_role("combobox", name="Duo")
    pair = re.sub(r" \(\d+\)$", "", picked.input_value())  # "An Peeters + Jan Smet (71)": the pair and its score
    _tap(device.get_by_role("button", name="Voorstel vastleggen"))
    confirmation = success(device, f"Voorstel {pair} vastgelegd. Volg het verder op via Lopende duo's.")
    expect(confirmation).to_be_visible(timeout=TIMEOUT)
    expect(confirmation).to_be_in_viewport(timeout=TIMEOUT)


def _pair(shown: str) -> str:
    """The pair of a choice of the whole-list form: ``An Peeters + Jan Smet (71)`` -> ``An Peeters + Jan Smet``."""
    return re.sub(r" \(\d+\)$", "", shown)


def test_after_a_proposal_the_whole_list_form_shows_the_pair_it_proposes_next(page: Page, app):
    page.goto(f"{app}/wachtlijst")
    settled(page)
    form = page.get_by_test_id("stForm").filter(has_text="Een duo uit dit voorstel vastleggen")
    picked = form.get_by_role("combobox", name="Duo")
    first = picked.input_value()  # "An Peeters + Jan Smet (71)": the pair and its score
    form.get_by_role("button", name="Voorstel vastleggen").click()
    expect(success(page, f"Voorstel {_pair(first)} vastgelegd.")).to_be_visible(timeout=TIMEOUT)
    settled(page)
    # the proposed pair left the proposal: the box shows the pair a second press proposes, not the one just done
    expect(picked).not_to_have_value(first, timeout=TIMEOUT)
    second = picked.input_value()
    form.get_by_role("button", name="Voorstel vastleggen").click()
    expect(success(page, f"Voorstel {_pair(second)} vastgelegd.")).to_be_visible(timeout=TIMEOUT)


# --- 9: what a screen reader hears from a table ---------------------------------------------------------


@pytest.mark.parametrize("path", ["wachtlijst", "match_zoeken"])
def test_screen_readers_hear_tables_as_shown(page: Page, app, demo, path):
    page.goto(f"{app}/{path}")
    settled(page)
    if path == "match_zoeken":
        choose(page, "Deelnemer", "D0174", _label(demo.participants, "Antwerpen/D0174"))
    grid = page.get_by_test_id("stDataFrame").first
    expect(grid).to_be_visible(timeout=TIMEOUT)
    heard = grid.locator("table").first.inner_text()  # the grid's table for assistive technology
    assert "Naam" in heard
    assert re.findall(r"\d+\.\d{2,}", heard) == []  # never "64.4732432954996"
    assert re.findall(r"\b(?:true|false)\b", heard) == []


# --- 11: every tappable element at least 44 x 44 pixels ---------------------------------------------


_SMALL = """els => els.map(e => [e.innerText.trim().slice(0, 30) || e.getAttribute('href') || e.dataset.testid,
                          e.getBoundingClientRect()]).filter(([, r]) => r.width > 0 && (r.width < 44 || r.height < 44))
                     .map(([name, r]) => `${name}: ${Math.round(r.width)}x${Math.round(r.height)}`)"""


def test_phone_numbers_and_card_buttons_are_big_enough_to_tap(device: Page, app):
    as_role(device, app, "Contactcoach", "mijn_duos")
    expect(device.get_by_text("Alle duo's als tabel")).to_be_visible(timeout=TIMEOUT)  # the page is drawn
    targets = device.locator("a[href^='tel:'], [class*='st-key-duo_card--'] button, [data-testid='stExpander'] summary")
    buttons = device.get_by_role("button", name="Opvolging vastleggen")
    expect(buttons).to_have_count(_cards_count(device), timeout=TIMEOUT)  # one per card
    assert device.locator("a[href^='tel:']").count() >= _cards_count(device)
    assert targets.evaluate_all(_SMALL) == []


def test_links_and_buttons_on_overzicht_are_big_enough_to_tap(device: Page, app):
    device.goto(app)
    settled(device)
    # a select box's own arrow (tabindex -1) is part of the box: the whole box opens the list
    targets = device.locator("[data-testid='stMain'] a, [data-testid='stMain'] button:not([tabindex='-1'])")
    expect(device.get_by_role("link", name="Naar Contactcoaches")).to_be_visible(timeout=TIMEOUT)
    # the touch style sheet is applied (it hides the headings' own 16-pixel anchor links)
    expect(device.locator("[data-testid='stMain'] [data-testid='stHeaderActionElements']").first).to_be_hidden(
        timeout=TIMEOUT)
    assert targets.evaluate_all(_SMALL) == []


# --- 12: headings in order, scrollable regions reachable with the keyboard -------------------------------


@pytest.mark.skipif(not AXE.exists(), reason="axe-core ontbreekt (npm ci in tests/browser)")
@pytest.mark.parametrize("device", ["phone"], indirect=True)  # on a desktop: test_screens' axe run of every page
def test_headings_are_in_order_and_scrollable_regions_reachable_on_every_page(device: Page, app, demo):
    found = {}
    for path in ROLE_PAGES["Beroepskracht"]:
        device.goto(app if path == "overzicht" else f"{app}/{path}")
        settled(device)
        if path == "match_zoeken":
            choose(device, "Deelnemer", "D0174", _label(demo.participants, "Antwerpen/D0174"))
        device.add_script_tag(path=str(AXE))
        violations = order_and_scroll_violations(device)
        if violations:
            found[path] = violations
    assert found == {}, json.dumps(found, indent=1)


# --- 10: the page says it is Dutch --------------------------------------------------------------------


def test_the_page_language_is_flemish(page: Page, app):
    page.goto(f"{app}/wachtlijst")
    settled(page)
    expect(page.locator("html")).to_have_attribute("lang", "nl-BE", timeout=TIMEOUT)


# --- 8: nothing clipped in the tables of Match zoeken ------------------------------------------------


def test_no_table_cell_of_the_explanation_is_clipped(device: Page, app, demo):
    device.goto(f"{app}/match_zoeken")
    settled(device)
    choose(device, "Deelnemer", "D0174", _label(demo.participants, "Antwerpen/D0174"))
    tables = device.get_by_test_id("stTable")
    expect(tables).to_have_count(2, timeout=TIMEOUT)  # the profiles side by side, the points per criterion
    clipped = tables.evaluate_all("""tables => tables.flatMap(t => [...t.querySelectorAll('th, td')]
        .filter(c => c.getBoundingClientRect().right > t.getBoundingClientRect().right + 1
                     || c.scrollWidth > c.clientWidth + 1)
        .map(c => c.innerText.slice(0, 30)))""")
    assert clipped == []
    assert "Gedeeld" in tables.first.inner_text()
