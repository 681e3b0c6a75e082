"""Screens, round two, the rest of items 8, 9 and 12, in Chromium: tables that fit a 390-pixel phone, the
candidates right after the person for the keyboard, axe on a chosen person on a phone, and alerts that are
read and copied without icon names or invisible characters.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from playwright.sync_api import Browser, Page, expect

import duo_core
from duo_core.lifecycle import views
from tests.browser.conftest import TIMEOUT, demo_app, settled
from tests.browser.test_screens import AXE, choose
from tests.browser.test_screens_two import DEVICES, _label

PERSON = "Antwerpen/D0174"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """A demo app of this module's own: its rankings must be the demo's, whatever other modules recorded (the
    alerts test records a proposal in its journal, for somebody other than the person the others look at)."""
    with demo_app(tmp_path_factory.mktemp("screens_three")) as url:
        yield url


@pytest.fixture
def phone(browser: Browser):
    context = browser.new_context(locale="nl-BE", **DEVICES["phone"])
    yield context.new_page()
    context.close()


def _match(page: Page, app: str, demo, key: str = PERSON) -> None:
    page.goto(f"{app}/match_zoeken")
    settled(page)
    choose(page, "Deelnemer", key.split("/")[1], _label(demo.participants, key))
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=TIMEOUT)


#: What scrolls sideways inside an element (the element itself included): [test id or class, scroll, client].
_SCROLLS = """e => [e, ...e.querySelectorAll('*')]
    .filter(x => x === e || ['auto', 'scroll'].includes(getComputedStyle(x).overflowX))
    .filter(x => x.scrollWidth > x.clientWidth)
    .map(x => [x.dataset.testid || String(x.className).slice(0, 40), x.scrollWidth, x.clientWidth])"""
#: Header cells (static table or a grid's table for assistive technology) and whether each lies within the screen.
_HEADERS = """e => [...e.querySelectorAll('thead th')].map(h => h.innerText.trim())"""
_OFF_SCREEN = """e => [...e.querySelectorAll('th')].filter(h => h.getBoundingClientRect().right > window.innerWidth
                                                          || h.getBoundingClientRect().left < 0)
                                                 .map(h => h.innerText.trim())"""


def _fits(element) -> None:
    assert element.evaluate(_SCROLLS) == []
    assert element.evaluate(_OFF_SCREEN) == []


# --- 8: on a phone nothing needs sideways scrolling inside a table -------------------------------------


def test_on_a_phone_the_ranking_the_explanation_and_the_expected_wait_need_no_sideways_scrolling(phone, app, demo):
    _match(phone, app, demo)
    grid = phone.get_by_test_id("stDataFrame")
    _fits(grid)
    assert grid.locator("table").first.evaluate(_HEADERS) == ["Naam", "Score", "Afstand (km)"]
    tables = phone.get_by_test_id("stTable")
    expect(tables).to_have_count(2, timeout=TIMEOUT)
    for table, header in ((tables.first, "Gedeeld"), (tables.last, "Uitleg")):
        cell = table.get_by_role("columnheader", name=header)
        cell.scroll_into_view_if_needed()
        _fits(table)
        expect(cell).to_be_in_viewport()

    volunteer = next(k for k in demo.volunteers.loc[demo.volunteers["province"] == "Antwerpen", "key"]
                     if len(duo_core.rank_participants(demo, k)) >= 2)
    phone.get_by_text("Vrijwilliger → wachtende deelnemers").click()
    settled(phone)
    choose(phone, "Vrijwilliger", volunteer.split("/")[1], _label(demo.volunteers, volunteer))
    grid = phone.get_by_test_id("stDataFrame")
    expect(grid.locator("table").first).to_contain_text("Wacht (dagen)", timeout=TIMEOUT)
    _fits(grid)
    assert grid.locator("table").first.evaluate(_HEADERS) == ["Naam", "Score", "Wacht (dagen)"]

    phone.goto(f"{app}/wachtlijst")
    settled(phone)
    expected = phone.get_by_test_id("stTable").filter(has_text="Verwachte wachttijd (maanden)")
    expected.scroll_into_view_if_needed()
    _fits(expected)
    assert expected.evaluate(_HEADERS) == ["", "Verwachte wachttijd (maanden)", "Wachtend", "Nieuwe duo's (12 mnd)"]
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390  # nor the page itself


# --- 12: the candidates right after the person; axe on a chosen person on a phone ------------------------


def test_the_first_candidate_is_two_tab_presses_after_the_person(page: Page, app, demo):
    _match(page, app, demo)
    best = duo_core.rank_volunteers(demo, PERSON, provinces=["Antwerpen"]).iloc[0]
    page.get_by_role("combobox", name="Deelnemer").focus()
    passed = []
    for _ in range(30):
        page.keyboard.press("Tab")
        here = page.evaluate("() => [document.activeElement.getAttribute('aria-label') || document.activeElement.tagName,"
                             " !!document.activeElement.closest('[data-testid=stDataFrame], [data-testid=stTable]')]")
        passed.append(here)
        if here[0].startswith("Kandidaat"):
            break
    # the person box's own clear button, then the candidate list: nothing inside a table on the way
    assert passed == [["Clear value", False], ["Kandidaat (of vink een rij aan in de tabel, of klik een punt op de kaart)", False]]
    expect(page.get_by_role("combobox", name="Kandidaat (of vink een rij aan in de tabel, of klik een punt op de kaart)")) \
        .to_have_value(f"{best['name']} – score {best['score']:.0f}")


def test_the_chosen_candidate_stays_chosen_when_weights_and_filters_change(page: Page, app, demo):
    _match(page, app, demo)
    third = duo_core.rank_volunteers(demo, PERSON, provinces=["Antwerpen"]).iloc[2]
    box = "Kandidaat (of vink een rij aan in de tabel, of klik een punt op de kaart)"
    choose(page, box, third["name"], f"{third['name']} – score {third['score']:.0f}")
    chosen = page.get_by_role("strong").filter(has_text=re.compile(f"^{re.escape(third['name'])}$"))
    expect(chosen).to_be_visible(timeout=TIMEOUT)  # "Name: score .. van 100" above the explanation
    page.get_by_text("Gewichten van de criteria").click()
    weight = page.get_by_label("Gedeelde interesses", exact=True).get_by_role("slider")
    weight.focus()
    page.keyboard.press("Home")  # no weight for shared interests: the score in the box's label changes
    expect(weight).to_have_attribute("aria-valuetext", "0")
    heading = page.get_by_test_id("stMarkdownContainer").filter(has=chosen)
    expect(heading).to_have_text(f"{third['name']}: score {third['score']:.0f} van 100")
    expect(heading).not_to_have_text(f"{third['name']}: score {third['score']:.0f} van 100", timeout=TIMEOUT)
    page.get_by_text("Toon uitgeslotenen").click()  # the next click, on another filter
    expect(page.get_by_text(re.compile(r"\d+ uitgesloten"))).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("combobox", name=box)).to_have_value(re.compile(f"^{re.escape(third['name'])} – "))
    expect(chosen).to_be_visible()


def test_a_page_link_in_the_sidebar_shows_a_ring_when_the_keyboard_reaches_it(page: Page, app):
    page.goto(f"{app}/match_zoeken")
    settled(page)
    for _ in range(10):  # skip link, Overzicht, Match zoeken (the page on screen), Wachtlijst
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.innerText.trim().endsWith('Wachtlijst')"):
            break
    focused = page.get_by_test_id("stSidebarNav").locator(":focus")
    expect(focused).to_have_attribute("href", re.compile(r"/wachtlijst$"))
    # the page on screen has a grey background too: the keyboard's place needs a ring of its own
    expect(focused).to_have_css("outline-style", "solid", timeout=TIMEOUT)
    expect(focused).to_have_css("outline-width", "2px")


def test_no_key_figure_label_is_cut_off_on_a_laptop_screen(browser: Browser, app):
    context = browser.new_context(locale="nl-BE", viewport={"width": 1366, "height": 800})
    page = context.new_page()
    page.goto(f"{app}/overzicht")
    settled(page)
    labels = page.get_by_test_id("stMetricLabel")
    expect(labels.first).to_be_visible(timeout=TIMEOUT)
    cut = page.evaluate("""() => [...document.querySelectorAll('[data-testid=stMetricLabel]')]
        .filter(l => [l, ...l.querySelectorAll('*')].some(x => x.scrollWidth > x.clientWidth + 1))
        .map(l => l.innerText.trim())""")
    count = labels.count()
    context.close()
    assert count >= 9 and cut == []


_AXE = """async () => (await axe.run(document, {runOnly: {type: 'tag', values:
    ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})).violations
    .filter(v => ['serious', 'critical'].includes(v.impact) || ['heading-order', 'scrollable-region-focusable'].includes(v.id))
    .map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))"""


@pytest.mark.skipif(not AXE.exists(), reason="axe-core ontbreekt (npm ci in tests/browser)")
def test_axe_finds_nothing_serious_on_a_chosen_person_on_a_phone(phone, app, demo):
    _match(phone, app, demo)
    phone.add_script_tag(path=str(AXE))
    found = {"chosen person": phone.evaluate(_AXE)}
    switch = phone.get_by_text("Toon uitgeslotenen", exact=True)  # the label: the switch itself is drawn over
    switch.scroll_into_view_if_needed()
    switch.click()
    settled(phone)
    expect(phone.get_by_test_id("stDataFrame").locator("table").first).to_contain_text("Waarom uitgesloten",
                                                                                       timeout=TIMEOUT)
    found["with the excluded"] = phone.evaluate(_AXE)
    assert found == {"chosen person": [], "with the excluded": []}, json.dumps(found, indent=1)


# --- alerts: read and copied without icon names, addresses copied without invisible characters -------------


def test_alerts_are_read_and_copied_without_icon_names_or_invisible_characters(browser: Browser, app, demo):
    context = browser.new_context(locale="nl-BE", viewport={"width": 1400, "height": 900},
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    person = next(k for k in demo.participants.loc[demo.participants["province"] == "Antwerpen", "key"]
                  if k != PERSON and duo_core.standing(demo, k, participant=True) is None
                  and len(duo_core.rank_volunteers(demo, k, provinces=["Antwerpen"])))
    best = duo_core.rank_volunteers(demo, person, provinces=["Antwerpen"]).iloc[0]
    p_name = views.full_name(demo.participants_by_key.loc[person])
    _match(page, app, demo, person)
    button = page.get_by_role("button", name="Voorstel vastleggen")
    button.scroll_into_view_if_needed()
    button.click()
    done = f"Voorstel {p_name} + {best['name']} vastgelegd. Volg het verder op via Lopende duo's."
    success = page.get_by_test_id("stAlertContentSuccess")
    expect(success).to_contain_text(done, timeout=TIMEOUT)
    expect(success).to_be_in_viewport()  # where the person looks after the click
    assert success.aria_snapshot() == f"- paragraph: {done}"  # what a screen reader reads: no "check_circle"
    assert _copied(page, success) == done

    warning = page.get_by_test_id("stAlertContentWarning").filter(has_text="al voorgesteld")
    today = dt.date.today().strftime("%d/%m/%Y")
    said = (f"{p_name}: Deelnemer is al voorgesteld aan {best['name']} ({best['key']}) op {today} door "
            "demo-beroepskracht@localhost. Er wordt niemand voorgesteld.")
    assert "\u2060@" in warning.inner_text()  # on screen the address keeps its joiner: never a link
    assert warning.locator("a").count() == 0
    assert _copied(page, warning) == said  # a copy has neither the joiner nor the icon's name ("block")
    context.close()


def _copied(page: Page, element) -> str:
    """Select the element's text as a mouse does, copy it with Ctrl+C and read the clipboard."""
    element.evaluate("e => { const r = document.createRange(); r.selectNodeContents(e); "
                     "const s = getSelection(); s.removeAllRanges(); s.addRange(r); }")
    page.keyboard.press("Control+c")
    return page.evaluate("() => navigator.clipboard.readText()").strip()
