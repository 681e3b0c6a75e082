"""Two people at once, through ``serve.py`` as it runs behind the proxy.

One uploads a workbook with a value typed in XFD1048576 (it used to take the whole server down) and
tries a proposal on it; the other keeps working on the real data the whole time. The first sees a
Dutch finding and a trial journal; the second gets answers throughout and never sees the trial.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

import duo_core
from tests.browser.conftest import TIMEOUT, demo_app, success
from tests.browser.conftest import choose as _choose
from tests.workbooks import build, stray_cell


@pytest.fixture
def served(tmp_path):
    with demo_app(tmp_path, script="serve.py") as url:
        yield url, tmp_path / "logboek.sqlite"


def _settled(page: Page) -> None:
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=TIMEOUT)


def test_an_upload_in_one_session_leaves_the_other_working(browser: Browser, served, demo, tmp_path, output_path):
    url, journal = served
    stray = build(tmp_path / "upload" / "Antwerpen.xlsx", edit=stray_cell("XFD1048576"))
    first = browser.new_context(viewport={"width": 1400, "height": 2400}, locale="nl-BE").new_page()
    second = browser.new_context(viewport={"width": 1400, "height": 2400}, locale="nl-BE").new_page()

    second.goto(f"{url}/match_zoeken")
    _choose(second, "Deelnemer", "D0174", "Vincent De Decker (D0174) – Berchem, Antwerpen")
    expect(second.get_by_text("Luc Stevens: score 58 van 100")).to_be_visible(timeout=TIMEOUT)

    first.goto(f"{url}/datakwaliteit")
    first.get_by_text("Eigen werkboeken opladen").click()
    first.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(stray))
    expect(first.get_by_text("Opgeladen (proefkopie): Antwerpen.xlsx")).to_be_visible(timeout=TIMEOUT)
    expect(first.get_by_text("0 fouten en 1 waarschuwing in de gegevens")).to_be_visible(timeout=TIMEOUT)
    expect(first.get_by_text("Je werkt op een opgeladen proefkopie")).to_be_visible()
    first.screenshot(path=output_path + "/proefkopie_geladen.png", full_page=True)

    # meanwhile the other session still answers
    _choose(second, "Deelnemer", "D0112", "Karima Van Assche (D0112) – Kalmthout, Antwerpen")
    n = len(duo_core.rank_volunteers(demo, "Antwerpen/D0112"))
    expect(second.get_by_text(f"{n} geschikte kandida{'at' if n == 1 else 'ten'}", exact=True)).to_be_visible(
        timeout=TIMEOUT)
    _settled(second)

    # a proposal on the trial copy goes to that session's own journal
    first.get_by_role("link", name="Match zoeken").click()
    _choose(first, "Deelnemer", "D1", "An Peeters (D1) – Mechelen, Antwerpen")
    first.get_by_role("button", name="Voorstel vastleggen").click()
    expect(success(first, "Voorstel An Peeters + ")).to_be_visible(timeout=TIMEOUT)
    assert duo_core.Journal(journal).version() == (0, 0)

    # and a real proposal in the other session is the shared journal's first
    _choose(second, "Deelnemer", "D0174", "Vincent De Decker (D0174) – Berchem, Antwerpen")
    expect(second.get_by_text("Luc Stevens: score 58 van 100")).to_be_visible(timeout=TIMEOUT)
    second.get_by_role("button", name="Voorstel vastleggen").click()
    expect(success(second, "Voorstel Vincent De Decker + Luc Stevens vastgelegd.")).to_be_visible(timeout=TIMEOUT)
    events = duo_core.Journal(journal).events()
    assert events[["action", "participant_key"]].values.tolist() == [["propose", "Antwerpen/D0174"]]
    expect(second.get_by_test_id("stException")).to_have_count(0)
    expect(first.get_by_test_id("stException")).to_have_count(0)
