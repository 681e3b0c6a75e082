"""The import assistant in Chromium: a professional brings the form export and finds a match in it.

Upload the export of the sign-up form (both roles in one sheet), fix the one question the assistant did
not recognise with its selectbox and the keyboard, download the profile, use the data, record the
kennismakingsgesprek of one of its participants (they arrive as sign-ups) and find their match on Match zoeken. The column table fits a 1,400-pixel screen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests import forms
from tests.browser.conftest import TIMEOUT, demo_app, settled, success

pytestmark = pytest.mark.xdist_group("import")  # this module's app on one worker: one server


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    with demo_app(tmp_path_factory.mktemp("import")) as url:
        yield url


def test_a_form_export_is_mapped_saved_used_and_matched(page: Page, app, tmp_path: Path, output_path):
    export = forms.both_roles(tmp_path, describe=True)
    page.goto(f"{app}/gegevens_koppelen")
    settled(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(export))
    expect(page.get_by_role("heading", name="3. Kolommen")).to_be_visible(timeout=TIMEOUT)
    settled(page)
    expect(page.get_by_text("Tabblad Aanmeldingen (Antwerpen aanmeldingen.xlsx): 11 kolommen gebruikt, 2 niet")
           ).to_be_visible()

    # the one question it did not recognise: chosen with the keyboard
    question = page.get_by_role("combobox", name="Hoe zou je jezelf omschrijven?")
    question.focus()
    page.keyboard.press("Enter")
    page.keyboard.type("Persoonlijk")
    page.keyboard.press("Enter")
    settled(page)
    expect(page.get_by_text("Tabblad Aanmeldingen (Antwerpen aanmeldingen.xlsx): 12 kolommen gebruikt, 1 niet")
           ).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("tab", name="Vrijwilligers")).to_be_visible()

    # no sideways scrolling in the column table on a 1,400-pixel screen
    width = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth")
    assert width <= 1400
    page.screenshot(path=output_path + "/gegevens_koppelen.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("button", name="Koppelprofiel downloaden").click()
    profile = Path(download.value.path()).read_text(encoding="utf-8")
    assert '"Hoe zou je jezelf omschrijven?" = "personality"' in profile
    assert 'split_column = "Ik meld me aan als"' in profile

    page.get_by_role("button", name="Gebruik deze gegevens").click()
    expect(success(page, "De gekoppelde gegevens worden nu gebruikt")
           ).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Opgeladen (proefkopie) (gekoppeld): Antwerpen aanmeldingen.xlsx")).to_be_visible()

    # the form's people signed up: after their kennismakingsgesprek Match zoeken finds them a volunteer
    page.get_by_role("link", name="Kennismakingsgesprek").click()
    settled(page)
    page.get_by_role("combobox", name="Met wie").click()
    page.keyboard.type("An Peeters")
    page.get_by_role("option", name="An Peeters (Mechelen)").click()
    page.get_by_role("button", name="Klaar voor matching").click()
    expect(success(page, "An Peeters is klaar voor matching")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("link", name="Zoek nu een match voor deze persoon").click()
    settled(page)
    expect(page.get_by_text("Voorstel: An Peeters + Luc Stevens")).to_be_visible(timeout=TIMEOUT)


def test_next_months_export_with_the_saved_profile_finds_a_new_sign_up(page: Page, app, tmp_path: Path):
    import datetime as dt

    from openpyxl import load_workbook

    october = forms.both_roles(tmp_path / "oktober", describe=True)
    page.goto(f"{app}/gegevens_koppelen")
    settled(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(str(october))
    expect(page.get_by_role("heading", name="3. Kolommen")).to_be_visible(timeout=TIMEOUT)
    settled(page)
    question = page.get_by_role("combobox", name="Hoe zou je jezelf omschrijven?")
    question.focus()
    page.keyboard.press("Enter")
    page.keyboard.type("Persoonlijk")
    page.keyboard.press("Enter")
    # the run of that choice has drawn the page (the profile offered for download holds the answer)
    expect(page.get_by_text("Tabblad Aanmeldingen (Antwerpen aanmeldingen.xlsx): 12 kolommen gebruikt, 1 niet")
           ).to_be_visible(timeout=TIMEOUT)
    settled(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Koppelprofiel downloaden").click()
    profile = tmp_path / "koppeling.toml"
    profile.write_bytes(Path(download.value.path()).read_bytes())

    # November: the same form with one new sign-up, in a fresh session
    november = tmp_path / "november" / "Antwerpen aanmeldingen november.xlsx"
    november.parent.mkdir()
    wb = load_workbook(october)
    wb.active.append(["Deelnemer (ik zoek een vrijwilliger)", "Nadia", "Janssens", dt.datetime(1980, 1, 1), 2800,
                      "Mechelen", "wandelen; film", "maandag voormiddag", "nee", "nee", "Nederlands", None, "rustig"])
    wb.save(november)
    page.context.clear_cookies()
    page.goto(f"{app}/gegevens_koppelen")
    settled(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(str(november))
    expect(page.get_by_role("heading", name="3. Kolommen")).to_be_visible(timeout=TIMEOUT)
    page.get_by_text("Ja, een bewaard koppelprofiel opladen (.toml)").click()
    settled(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").nth(1).set_input_files(str(profile))
    settled(page)
    expect(page.get_by_text("Tabblad Aanmeldingen (Antwerpen aanmeldingen november.xlsx): 12 kolommen gebruikt, 1 niet")
           ).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="Gebruik deze gegevens").click()
    expect(success(page, "De gekoppelde gegevens worden nu gebruikt")).to_be_visible(timeout=TIMEOUT)

    page.get_by_role("link", name="Match zoeken").click()
    settled(page)
    page.get_by_role("combobox", name="Deelnemer").click()
    page.keyboard.type("Nadia")
    page.get_by_role("option", name="Nadia Janssens (Nadia Janssens 01-01-1980) – Mechelen, Antwerpen").click()
    settled(page)
    # a sign-up from the form waits for the kennismakingsgesprek before anyone is proposed to her
    expect(page.get_by_text("Deelnemer is aangemeld maar had nog geen kennismakingsgesprek")).to_be_visible(
        timeout=TIMEOUT)
