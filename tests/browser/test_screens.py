"""Screens people can trust, in Chromium: on a desktop, on a 390-pixel phone, with the keyboard, and with axe-core.

Each test does what a user of one role does and checks what they see: the filters and the candidate
follow the person, the highlighted row is the one explained and proposed, a coach calls from the phone,
confirmations appear where the person looks, downloads speak Dutch, and the habits of the Power BI report
(drill-down, cross-filtering, a view kept in the address, a printable report) work.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

import duo_core
from duo_core.demo import DEMO_AS_OF
from tests.browser.conftest import TIMEOUT, settled
from tests.browser.conftest import choose as pick
from tests.helpers import AS_OF

pytestmark = pytest.mark.xdist_group("demo_app")  # the shared demo app (`app_url`) on one worker: one server

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
ROLE_PAGES = {
    "Beroepskracht": ["overzicht", "match_zoeken", "wachtlijst", "lopende_duos", "contactcoaches", "monitoring",
                      "datakwaliteit", "gegevens_koppelen", "logboek"],
    "Intakevrijwilliger": ["match_zoeken", "wachtlijst", "lopende_duos"],
    "Contactcoach": ["mijn_duos"],
}


@pytest.fixture
def app(app_url):
    """The shared demo app (these tests only look, download and switch roles: nothing is recorded)."""
    return app_url


def serious_violations(page: Page) -> list[dict]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it is: id and the first nodes."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))")


def order_and_scroll_violations(page: Page) -> list[dict]:
    """axe-core's heading-order and scrollable-region-focusable violations (axe is on the page already)."""
    return page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'rule', values: "
        "['heading-order', 'scrollable-region-focusable']}})).violations"
        ".map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))")


def choose(page: Page, label: str, typed: str, option: str) -> None:
    """Pick an option, then wait for the run it starts."""
    pick(page, label, typed, option)
    settled(page)


def as_role(page: Page, url: str, role: str, path: str) -> None:
    """Open ``path`` as ``role`` (the demo's role switcher; another role's page would not exist yet)."""
    page.goto(url if role != "Beroepskracht" or path == "overzicht" else f"{url}/{path}")
    settled(page)
    if role == "Beroepskracht":
        return
    if page.viewport_size["width"] < 700:  # on a phone the sidebar starts closed
        opener = page.get_by_test_id("stExpandSidebarButton")
        expect(opener).to_be_visible(timeout=TIMEOUT)
        opener.click()
        expect(page.get_by_role("combobox", name="Rol (demo)")).to_be_in_viewport(timeout=TIMEOUT)
    choose(page, "Rol (demo)", role[:6], role)
    closer = page.get_by_test_id("stSidebarCollapseButton")
    if page.viewport_size["width"] < 700 and closer.count():
        closer.first.click()
    if path != ROLE_PAGES[role][0]:
        page.get_by_role("link", name=_TITLES[path]).first.click()
    settled(page)


_TITLES = {"match_zoeken": "Match zoeken", "wachtlijst": "Wachtlijst", "lopende_duos": "Lopende duo's",
           "mijn_duos": "Mijn duo's"}


def _option(ds, key: str) -> str:
    row = ds.participants.set_index("key").loc[key]
    return f"{row['first_name']} {row['last_name']} ({row['id']}) – {row['municipality']}, {row['province']}"


# --- 1 and 2: Match zoeken ----------------------------------------------------------------------


def test_the_province_filter_follows_the_person(page: Page, app, demo):
    waiting = demo.participants[demo.participants["status"] == "wachtend"]
    other = next(k for k in waiting[waiting["province"] == "West-Vlaanderen"]["key"]
                 if len(duo_core.rank_volunteers(demo, k)) >= 2)
    expected = len(duo_core.rank_volunteers(demo, other))
    page.goto(f"{app}/match_zoeken")
    choose(page, "Deelnemer", "D0174", _option(demo, "Antwerpen/D0174"))
    expect(page.get_by_text("15 geschikte kandidaten")).to_be_visible(timeout=TIMEOUT)
    choose(page, "Deelnemer", other.split("/")[1], _option(demo, other))
    expect(page.get_by_text(f"{expected} geschikte kandidaten")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("West-Vlaanderen", exact=True).first).to_be_visible()


def test_the_highlighted_row_is_the_one_explained_and_proposed(page: Page, app, demo):
    ranking = duo_core.rank_volunteers(demo, "Antwerpen/D0174")
    third = ranking["name"].iloc[2]
    page.goto(f"{app}/match_zoeken")
    choose(page, "Deelnemer", "D0174", _option(demo, "Antwerpen/D0174"))
    grid = page.get_by_test_id("stDataFrame").first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 * 3 + 20)  # the selection cell of the third row
    settled(page)
    expect(page.get_by_text(f"{third}: score", exact=False)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(f"Voorstel: Vincent De Decker + {third}")).to_be_visible()
    # another participant: their own best candidate, and the form names that pair
    other = demo.participants[(demo.participants["province"] == "Antwerpen")
                              & (demo.participants["status"] == "wachtend")]["key"]
    key = next(k for k in other if k != "Antwerpen/D0174" and len(duo_core.rank_volunteers(demo, k)) >= 3)
    best = duo_core.rank_volunteers(demo, key)["name"].iloc[0]
    choose(page, "Deelnemer", key.split("/")[1], _option(demo, key))
    person = demo.participants.set_index("key").loc[key]
    expect(page.get_by_text(f"Voorstel: {person['first_name']} {person['last_name']} + {best}")).to_be_visible(
        timeout=TIMEOUT)


def test_a_candidate_can_be_chosen_with_the_keyboard(page: Page, app, demo):
    ranking = duo_core.rank_volunteers(demo, "Antwerpen/D0174")
    page.goto(f"{app}/match_zoeken")
    choose(page, "Deelnemer", "D0174", _option(demo, "Antwerpen/D0174"))
    box = page.get_by_role("combobox", name="Kandidaat (of vink een rij aan in de tabel, of klik een punt op de kaart)")
    box.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    settled(page)
    expect(page.get_by_text(f"{ranking['name'].iloc[1]}: score", exact=False)).to_be_visible(timeout=TIMEOUT)


# --- 3 and 4: the coach on a phone --------------------------------------------------------------


@pytest.fixture
def phone(browser: Browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-BE", is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    yield context.new_page()
    context.close()


def test_a_coach_calls_from_the_phone(phone: Page, app, output_path):
    as_role(phone, app, "Contactcoach", "mijn_duos")
    expect(phone.get_by_role("heading", name="Mijn duo's", exact=True)).to_be_visible(timeout=TIMEOUT)
    links = phone.locator("a[href^='tel:']")
    expect(links.first).to_be_visible()
    assert links.count() >= 10
    assert all(h.startswith("tel:+32") for h in links.evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    expect(phone.get_by_text("Te laat").first).to_be_visible()
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, width  # no sideways scrolling
    phone.screenshot(path=output_path + "/coach_telefoon.png", full_page=True)


# the follow-up and the stop from the duo's own card: tests/browser/test_screens_two.py


# --- 6: downloads speak Dutch -------------------------------------------------------------------


def test_the_waiting_list_download_has_dutch_headers_and_whole_numbers(page: Page, app):
    page.goto(f"{app}/wachtlijst")
    settled(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Wachtlijst downloaden (Excel)").click()
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))["Wachtlijst"]
    header = [c.value for c in sheet[1]]
    assert header == ["ID", "Naam", "Gemeente", "Provincie", "Wacht (dagen)", "Geschikte vrijwilligers", "Beste score",
                      "Waarom niemand past", "Opnieuw bellen"]
    scores = [c.value for c in sheet["G"][1:] if c.value is not None]
    assert scores and all(isinstance(s, int) for s in scores)


# --- 9: the habits of the report this replaces ------------------------------------------------


def test_overzicht_drills_down_to_the_long_waits(page: Page, app):
    page.goto(app)  # Overzicht is the first page: it lives at the root
    settled(page)
    link = page.get_by_role("link", name=re.compile(r"Toon deze \d+ op de wachtlijst"))
    long_waits = int(re.search(r"\d+", link.inner_text()).group())
    metric = page.get_by_test_id("stMetric").filter(has_text="Langer dan een jaar wachtend")
    assert metric.get_by_test_id("stMetricValue").inner_text() == str(long_waits)
    link.click()
    expect(page.get_by_text(f"{long_waits} deelnemers wachten langer dan 365 dagen.")).to_be_visible(timeout=TIMEOUT)
    assert "wacht=365" in page.url


def test_a_waiting_list_row_opens_match_zoeken_for_that_person(page: Page, app, demo):
    waiting = duo_core.waiting_list(demo)
    first = waiting.iloc[0]
    page.goto(f"{app}/wachtlijst")
    settled(page)
    page.get_by_role("combobox", name="Bekijk een deelnemer (of vink een rij aan)").click()
    page.keyboard.type(first["name"])
    page.get_by_role("option", name=first["name"]).first.click()
    settled(page)
    page.get_by_role("link", name="Zoek een match voor deze deelnemer").click()
    expect(page.get_by_role("heading", name="Match zoeken", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("combobox", name="Deelnemer")).to_have_value(_option(demo, first["key"]), timeout=TIMEOUT)


def test_a_reload_keeps_the_filters_and_the_address_can_be_shared(page: Page, app):
    page.goto(f"{app}/monitoring?provincies=Limburg&periode=2025-01-01..2026-06-30")
    settled(page)
    expect(page.get_by_text("Limburg", exact=True).first).to_be_visible(timeout=TIMEOUT)
    page.reload()
    settled(page)
    assert "provincies=Limburg" in page.url and "periode=2025-01-01..2026-06-30" in page.url
    page.get_by_role("link", name="Wachtlijst").click()
    expect(page.get_by_role("heading", name="Wachtlijst", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(r"wachtlijst\?.*provincies=Limburg"), timeout=TIMEOUT)


def test_clicking_a_stop_reason_filters_the_other_charts(page: Page, app):
    page.goto(f"{app}/monitoring")
    settled(page)
    chart = page.get_by_test_id("stPlotlyChart").filter(has_text="Stopredenen")
    chart.scroll_into_view_if_needed()
    bar = chart.locator(".barlayer .point path").first.bounding_box()
    page.mouse.click(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)  # plotly's drag layer lies on top
    sentence = page.get_by_text("Aangeklikt: stopreden", exact=False)
    expect(sentence).to_be_visible(timeout=TIMEOUT)
    # the sentence names the one chart that follows a stop reason, and the others that do not
    expect(sentence).to_contain_text("Gefilterd op deze klik: 'Nieuwe en gestopte duo's per maand'. Niet gefilterd: "
                                     "'Actieve duo's per provincie'")
    expect(page).to_have_url(re.compile(r"klik_reden="), timeout=TIMEOUT)  # kept in the address like the others
    page.reload()
    settled(page)
    expect(page.get_by_text("Aangeklikt: stopreden", exact=False)).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="Wis selectie").click()
    expect(page.get_by_text("Aangeklikt:", exact=False)).to_have_count(0, timeout=TIMEOUT)
    expect(page).not_to_have_url(re.compile(r"klik_reden="), timeout=TIMEOUT)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext ontbreekt (apt-get install poppler-utils)")
def test_the_monitoring_report_prints_the_chosen_provinces_with_its_charts(page: Page, app, tmp_path):
    page.goto(f"{app}/monitoring?provincies=Limburg")
    settled(page)
    page.get_by_role("button", name="Rapport (PDF)", exact=True).click()
    with page.expect_download() as info:
        page.get_by_role("button", name="Rapport (PDF) downloaden").click()
    pdf = tmp_path / "monitoring.pdf"
    pdf.write_bytes(Path(info.value.path()).read_bytes())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Duowerking: monitoring" in text and "Limburg" in text and "Antwerpen" not in text
    for title in ("Actieve duo's per provincie", "Stopredenen", "Wachtlijst per provincie (einde maand)",
                  "Wat werkt?", "Aandeel duo's dat nog loopt"):
        assert title in text
    assert "samenhang, geen oorzaak" in text or "Geen duidelijk verschil" in text or "Te weinig duo's" in text


# --- accessibility: axe-core over every page of every role ------------------------------------


@pytest.mark.skipif(not AXE.exists(), reason="axe-core ontbreekt (npm ci in tests/browser)")
@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_no_serious_accessibility_violations_on_any_page(page: Page, app, role, demo):
    """No serious WCAG violation, headings in order and scrollable regions reachable with the keyboard (item 12).

    On a desktop screen; a phone's run of the heading and scroll rules is in ``test_screens_two``.
    """
    found = {}
    for path in ROLE_PAGES[role]:
        as_role(page, app, role, path)
        if path == "match_zoeken":
            choose(page, "Deelnemer", "D0174", _option(demo, "Antwerpen/D0174"))
        violations = serious_violations(page) + order_and_scroll_violations(page)
        if violations:
            found[path] = violations
    assert found == {}, json.dumps(found, indent=1)


def test_the_demo_as_of_date_is_the_tests_date():
    assert DEMO_AS_OF == AS_OF
