"""Power BI habits, in Chromium on a desktop and a 390-pixel phone: drill-through, shared slicers, saved views.

A click on a bar of stop reasons or on a month shows the duos behind it; the provinces chosen on one page
hold on Datakwaliteit, Lopende duo's and Contactcoaches; a named view is saved and opened again. Each state
is checked with axe-core (no serious or critical violation) and for sideways page scroll.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import TIMEOUT, choose, go_to, open_sidebar, settled
from tests.browser.test_screens import AXE, serious_violations


@pytest.fixture
def app(scratch_app):
    """The worker's scratch demo app (a saved view is recorded in its journal)."""
    return scratch_app[0]


def _sound(page: Page) -> None:
    """No serious or critical axe-core violation, and no sideways scroll of the page."""
    violations = serious_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
    assert page.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth")


def _click_bar(page: Page, title: str) -> None:
    chart = page.get_by_test_id("stPlotlyChart").filter(has_text=title)
    bar = chart.locator(".barlayer .point path").first
    bar.evaluate("e => e.scrollIntoView({block: 'center'})")
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # plotly's drag layer lies on top


def _provinces(page: Page):
    return page.get_by_test_id("stMultiSelect").filter(has_text="Provincies").first


@pytest.mark.skipif(not AXE.exists(), reason="axe-core ontbreekt (npm ci in tests/browser)")
def test_a_stop_reason_and_a_month_drill_through_to_their_duos(device: Page, app):
    device.goto(f"{app}/monitoring")
    settled(device)
    _click_bar(device, "Stopredenen")
    expect(device.get_by_role("heading", name="Duo's achter je klik")).to_be_visible(timeout=TIMEOUT)
    expect(device.get_by_text(re.compile(r"^\d+ duo's gestopt wegens .+ tussen "))).to_be_visible(timeout=TIMEOUT)
    table = device.get_by_test_id("stDataFrame").filter(has=device.get_by_text("Gebeurtenis"))
    expect(table).to_be_visible(timeout=TIMEOUT)
    expect(device).to_have_url(re.compile(r"klik_reden="), timeout=TIMEOUT)
    settled(device)
    _sound(device)
    device.get_by_role("button", name="Wis selectie").click()
    expect(device.get_by_role("heading", name="Duo's achter je klik")).to_have_count(0, timeout=TIMEOUT)
    settled(device)
    _click_bar(device, "Nieuwe en gestopte duo's per maand")
    expect(device.get_by_text(re.compile(r"^In \w+ \d{4}: \d+ duo'?s? gestart en \d+ duo'?s? gestopt\.$"))).to_be_visible(
        timeout=TIMEOUT)
    expect(device).to_have_url(re.compile(r"klik_maand=\d{4}-\d{2}-01"), timeout=TIMEOUT)


def test_the_provinces_hold_on_datakwaliteit_lopende_duos_and_contactcoaches(device: Page, app):
    device.goto(f"{app}/?provincies=Limburg")  # Overzicht, the first page
    settled(device)
    for title in ("Datakwaliteit", "Lopende duo's", "Contactcoaches"):
        go_to(device, title)
        expect(_provinces(device)).to_contain_text("Limburg", timeout=TIMEOUT)
        expect(_provinces(device)).not_to_contain_text("Antwerpen")
        expect(device).to_have_url(re.compile(r"provincies=Limburg"), timeout=TIMEOUT)
    if AXE.exists():
        _sound(device)


@pytest.mark.skipif(not AXE.exists(), reason="axe-core ontbreekt (npm ci in tests/browser)")
def test_a_named_view_is_saved_and_opened_again(device: Page, app):
    device.goto(f"{app}/datakwaliteit?provincies=Limburg&ernst=fout")
    settled(device)
    open_sidebar(device)
    device.get_by_role("textbox", name="Naam voor deze weergave").fill("Limburg <b>fouten</b>")
    device.get_by_role("button", name="Weergave bewaren").click()
    saved = device.get_by_test_id("stAlertContentSuccess").filter(has_text="Weergave 'Limburg <b>fouten</b>' bewaard")
    expect(saved).to_be_visible(timeout=TIMEOUT)
    settled(device)
    _sound(device)
    go_to(device, "Contactcoaches")
    open_sidebar(device)
    choose(device, "Weergave openen", "Limburg", "Limburg <b>fouten</b> (Datakwaliteit; provincies Limburg; ernst fout)")
    device.get_by_role("button", name="Openen").click()
    expect(device.get_by_role("heading", name="Datakwaliteit", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(device).to_have_url(re.compile(r"/datakwaliteit\?provincies=Limburg&ernst=fout$"), timeout=TIMEOUT)
    expect(_provinces(device)).to_contain_text("Limburg", timeout=TIMEOUT)
