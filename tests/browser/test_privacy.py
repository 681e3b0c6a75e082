"""End-to-end: a professional answers an access request (Excel and PDF) and then forgets the person."""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from playwright.sync_api import Page, expect

import duo_core
from duo_core import geo
from duo_core.lifecycle import erasure, views
from duo_core.lifecycle.access_log import AccessLog
from tests.browser.conftest import TIMEOUT, choose, demo_app, settled, success

KEY = "Antwerpen/D0174"
LABEL = "Vincent De Decker (D0174) – Berchem, Antwerpen"


@pytest.fixture
def own_app(tmp_path):
    """The demo app with an empty journal of its own."""
    with demo_app(tmp_path) as url:
        yield url, tmp_path / "logboek.sqlite"


def test_access_request_and_erasure_by_a_professional(page: Page, own_app, demo, output_path):
    url, journal_path = own_app
    row = demo.participant(KEY)
    page.goto(f"{url}/privacy")
    settled(page)
    choose(page, "Persoon", "D0174", LABEL)
    expect(page.get_by_role("button", name="Inzage downloaden (Excel)")).to_be_visible(timeout=TIMEOUT)

    with page.expect_download() as info:
        page.get_by_role("button", name="Inzage downloaden (Excel)").click()
    assert info.value.suggested_filename == "inzage_Antwerpen_D0174.xlsx"
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert book.sheetnames == ["Over dit overzicht", "Persoon", "Duo's", "Logboek", "Meldingen", "Ingezien",
                               "Vergeten"]
    fields = {r[2]: r[3] for r in book["Persoon"].iter_rows(min_row=2, values_only=True)}
    assert (fields["Voornaam"], fields["Achternaam"], fields["Rij in Excel"]) == (
        "Vincent", "De Decker", str(row["source_row"]))

    with page.expect_download() as info:
        page.get_by_role("button", name="Inzage downloaden (PDF)").click()
    assert info.value.suggested_filename == "inzage_Antwerpen_D0174.pdf"
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")

    choose(page, "Reden", "verzoek", "verzoek van de persoon (recht op vergetelheid)")
    page.get_by_text("Ik begrijp dat dit niet ongedaan gemaakt kan worden").click()
    page.get_by_role("button", name="Persoon vergeten").click()
    expect(success(page, f"Vergeten: {KEY}. Verwijder nu de rijen uit de werkboeken (hieronder bij Vergeten personen).")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("1 vergeten; 1 staat nog in de werkboeken (te verwijderen).")).to_be_visible(
        timeout=TIMEOUT)
    # the confirmation stands where the person looks (above the form), and the name is gone from the screen too
    expect(success(page, re.compile(f"^Vergeten: {KEY}"))).to_be_in_viewport()
    expect(page.get_by_role("combobox", name="Persoon", exact=True)).to_have_value(
        "(te verwijderen) (D0174) – Berchem, Antwerpen")
    # the form starts afresh on screen too: the next person is never forgotten with this one's ticked box
    expect(page.get_by_role("checkbox", name="Ik begrijp dat dit niet ongedaan gemaakt kan worden")).not_to_be_checked()
    expect(page.get_by_role("combobox", name="Reden")).to_have_value("")
    page.screenshot(path=output_path + "/privacy_vergeten.png", full_page=True)

    journal = duo_core.Journal(journal_path)
    assert erasure.erased_keys(journal) == frozenset({KEY})
    looked = AccessLog(journal).entries([KEY])
    assert looked[["kind", "detail"]].values.tolist()[::-1] == [
        ["inzage", "inzage_Antwerpen_D0174.xlsx"], ["inzage", "inzage_Antwerpen_D0174.pdf"],
        ["vergeten", "verzoek van de persoon (recht op vergetelheid)"]]

    page.get_by_role("link", name="Match zoeken").click()
    expect(page.get_by_role("heading", name="Match zoeken", exact=True)).to_be_visible(timeout=TIMEOUT)
    choose(page, "Deelnemer", "D0174", "(te verwijderen) (D0174) – Berchem, Antwerpen")
    expect(page.get_by_text("Deelnemer wacht niet (status: te verwijderen).", exact=False)).to_be_visible(
        timeout=TIMEOUT)


ZOOM = 9.5  # Match zoeken's map, centred on the person
#: One tap as deck.gl reads it: pointer down and up in one task. A real mouse sends them as two, and on a
#: busy machine drawing the map in software (no GPU) a frame between them makes it a long press, not a click.
TAP = """([x, y]) => {
    const target = document.elementFromPoint(x, y);
    const at = {clientX: x, clientY: y, bubbles: true, cancelable: true, view: window, button: 0};
    const pointer = {...at, pointerId: 1, pointerType: 'mouse', isPrimary: true};
    target.dispatchEvent(new PointerEvent('pointerdown', {...pointer, buttons: 1}));
    target.dispatchEvent(new MouseEvent('mousedown', {...at, buttons: 1}));
    target.dispatchEvent(new PointerEvent('pointerup', {...pointer, buttons: 0}));
    target.dispatchEvent(new MouseEvent('mouseup', {...at, buttons: 0}));
    target.dispatchEvent(new MouseEvent('click', {...at, buttons: 0}));
}"""


def _pixel(lat: float, lon: float) -> tuple[float, float]:
    """Web Mercator pixel of a point at :data:`ZOOM` (deck.gl's 512-pixel world)."""
    size = 512 * 2 ** ZOOM
    y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2 * size
    return (lon + 180) / 360 * size, y


@pytest.mark.xdist_group("demo_app")  # the shared demo app (`app_url`) on one worker: one server
def test_the_pages_and_their_maps_ask_no_other_server_for_anything(page: Page, app_url, demo, output_path):
    url = app_url  # this test only looks: nothing is recorded
    ranking = duo_core.rank_volunteers(demo, KEY, provinces=["Antwerpen"])
    points = views.map_points(demo, KEY, ranking, True)
    xy = {k: _pixel(lat, lon) for k, lat, lon in zip(points["key"], points["lat"], points["lon"], strict=True)}
    centre = xy[KEY]
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{url}/match_zoeken")
    settled(page)
    choose(page, "Deelnemer", "D0174", LABEL)
    chart = page.get_by_test_id("stDeckGlJsonChart")
    expect(chart.locator("canvas").first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=TIMEOUT)
    chart.scroll_into_view_if_needed()
    box = chart.locator("canvas").first.bounding_box()

    def on_screen(x: float, y: float) -> tuple[float, float]:
        return box["x"] + box["width"] / 2 + x - centre[0], box["y"] + box["height"] / 2 + y - centre[1]

    # the backdrop is drawn: a place name far from every person shows as dark letters on the light map
    _, places = geo.backdrop()
    far = [(min(math.dist(_pixel(lat, lon), p) for p in xy.values()), name, on_screen(*_pixel(lat, lon)))
           for name, lat, lon in zip(places["name"], places["lat"], places["lon"], strict=True)]
    inside = [f for f in far if box["x"] + 60 < f[2][0] < box["x"] + box["width"] - 60
              and box["y"] + 20 < f[2][1] < box["y"] + box["height"] - 20]
    _, name, (x, y) = max(inside)
    page.screenshot(path=output_path + "/kaart_zonder_tegels.png", full_page=True)
    shot = Image.open(output_path + "/kaart_zonder_tegels.png").convert("L").crop(
        (round(x - 50), round(y - 10), round(x + 50), round(y + 10)))
    dark = sum(1 for v in shot.tobytes() if v < 160)  # letters (antialiased) on #f3f2ee; postcode dots are ~210
    shot.save(output_path + "/plaatsnaam.png")
    assert dark > 100, f"{name} is not drawn on the map ({dark} dark pixels)"

    # a candidate on the map is chosen by clicking it (the backdrop takes no clicks)
    lonely = [k for k in ranking["key"].iloc[1:] if min(math.dist(xy[k], v) for o, v in xy.items() if o != k) > 20
              and abs(xy[k][0] - centre[0]) < box["width"] / 2 - 20 and abs(xy[k][1] - centre[1]) < box["height"] / 2 - 20]
    pick = lonely[0]
    who = ranking.set_index("key").loc[pick, "name"]
    page.mouse.move(*on_screen(*xy[pick]))
    expect(page.locator(".deck-tooltip")).to_contain_text(who, timeout=TIMEOUT)  # deck.gl finds them there
    page.evaluate(TAP, list(on_screen(*xy[pick])))
    expect(page.get_by_text(f"{who}: score", exact=False)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(f"Voorstel: Vincent De Decker + {who}")).to_be_visible(timeout=TIMEOUT)

    page.get_by_role("link", name="Wachtlijst").click()
    settled(page)
    expect(page.get_by_test_id("stDeckGlJsonChart").first).to_be_visible(timeout=TIMEOUT)
    elsewhere = sorted({u.split("/")[2] for u in asked if u.startswith("http") and not u.startswith(url)})
    assert elsewhere == []
    assert any(u.startswith(url) for u in asked)  # the listener did hear the app's own requests
