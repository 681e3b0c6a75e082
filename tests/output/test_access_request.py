"""The access request: everything about one person, every province, as Excel sheets and a readable PDF."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest

import duo_core
from duo_core.lifecycle import erasure
from duo_core.lifecycle.access_log import AccessLog
from duo_core.lifecycle.intake import Intake
from duo_core.lifecycle.journal import Journal
from duo_core.output.access_request import access_request, access_request_pdf
from duo_core.output.excel import excel_bytes
from tests.helpers import AS_OF, base_records, to_rows, write_sheets


def clock() -> dt.datetime:
    return dt.datetime(2026, 11, 20, 9, 15)


@pytest.fixture
def setting(tmp_path):
    records = base_records()
    records["Deelnemers"][0]["Voornaam"], records["Deelnemers"][0]["Achternaam"] = "Łucja", "$Dubois$"
    records["Deelnemers"][0]["Rookt"] = "soms"  # a finding on her row
    records["Deelnemers"][1]["Voornaam"] = "Jan"
    records["Deelnemers"][1]["Huisdieren"] = "soms"  # and one on another person's row
    records["Deelnemers"][2]["Voornaam"] = "Mia"
    folder = tmp_path / "data"
    folder.mkdir()
    write_sheets(folder / "Antwerpen.xlsx", to_rows(records))
    moved = base_records()
    moved["Deelnemers"] = moved["Deelnemers"][:1]
    moved["Deelnemers"][0].update({"ID": "D9", "Voornaam": "Łucja", "Achternaam": "$Dubois$", "Postcode": 3500,
                                   "Gemeente": "Hasselt"})
    moved["Duo's"] = []
    write_sheets(folder / "Limburg.xlsx", to_rows(moved))
    journal = Journal(tmp_path / "logboek.sqlite", clock=clock)
    key = journal.propose("Antwerpen/D1", "Antwerpen/V1", "intake@samana.be", note="Wil graag wandelen")
    journal.cancel(key, "intake@samana.be")
    AccessLog(journal).record("boss@samana.be", "profiel", ["Antwerpen/D1"])
    AccessLog(journal).record("boss@samana.be", "profiel", ["Antwerpen/D2"])
    ds = duo_core.overlay(duo_core.load_dataset(folder, as_of=AS_OF), journal)
    return ds, journal


def test_the_request_holds_every_part_about_the_person_in_every_province(setting):
    ds, journal = setting
    keys = erasure.same_person(ds, "Antwerpen/D1")
    assert keys == ["Antwerpen/D1", "Limburg/D9"]
    sheets = access_request(ds, journal, keys, as_of=dt.date(2026, 11, 20))
    assert list(sheets) == ["Over dit overzicht", "Persoon", "Duo's", "Logboek", "Meldingen", "Ingezien", "Vergeten"]
    assert sheets["Over dit overzicht"]["Uitleg"].iloc[:2].tolist() == ["20/11/2026", "Antwerpen/D1, Limburg/D9"]
    person = sheets["Persoon"]
    fields = person[person["Sleutel"] == "Antwerpen/D1"].set_index("Veld")["Waarde"]
    assert (fields["Voornaam"], fields["Achternaam"], fields["Geboortedatum"], fields["Gemeente"]) == (
        "Łucja", "$Dubois$", "03/05/1958", "Mechelen")
    assert (fields["Interesses"], fields["Notities"], fields["Zorgnood"], fields["Rij in Excel"]) == (
        "film; koffie drinken; wandelen", "Belt liever.", "MS", "2")
    assert person[person["Sleutel"] == "Limburg/D9"].set_index("Veld")["Waarde"]["Gemeente"] == "Hasselt"
    assert set(person["Veld"]).isdisjoint({"lat", "lon"})
    assert sheets["Duo's"].empty  # the proposal was cancelled: no duo
    assert sheets["Logboek"][["Stap", "Door", "Actie", "Details"]].values.tolist() == [
        [2, "intake@samana.be", "voorstel geannuleerd", ""],
        [1, "intake@samana.be", "voorgesteld", "Wil graag wandelen"],
    ]
    assert sheets["Ingezien"][["Tijdstip", "Door", "Wat", "Persoon"]].values.tolist() == [
        ["20/11/2026 09:15:00", "boss@samana.be", "profiel geopend", "Antwerpen/D1"]]
    assert sheets["Vergeten"].empty
    findings = sheets["Meldingen"]
    assert findings[["Bestand", "Tabblad", "Rij", "Kolom"]].values.tolist() == [
        ["Antwerpen.xlsx", "Deelnemers", 2, "Rookt"]]


def test_the_request_names_an_erasure_and_the_duos(setting):
    ds, journal = setting
    erasure.forget(journal, "Antwerpen/D2", "boss@samana.be", "bewaartermijn verstreken")
    sheets = access_request(ds, journal, ["Antwerpen/D2"])
    assert sheets["Vergeten"][["Door", "Persoon", "Reden"]].values.tolist() == [
        ["boss@samana.be", "Antwerpen/D2", "bewaartermijn verstreken"]]
    # the moment as the access log writes it (dd/mm/jjjj uu:mm:ss), never the stored ISO text
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", sheets["Vergeten"]["Tijdstip"].iloc[0])
    duos = sheets["Duo's"]
    assert duos[["Duo", "Rol", "Vrijwilliger ID", "Status", "Startdatum", "Bron", "Rij in Excel"]].values.tolist() == [
        ["Antwerpen/DUO1", "deelnemer", "V2", "actief", "01/03/2025", "Antwerpen.xlsx", "2"]]


def test_the_excel_file_opens_with_its_sheets(setting):
    ds, journal = setting
    book = openpyxl.load_workbook(io.BytesIO(excel_bytes(access_request(ds, journal, ["Antwerpen/D1"]))))
    assert book.sheetnames == ["Over dit overzicht", "Persoon", "Duo's", "Logboek", "Meldingen", "Ingezien",
                               "Vergeten"]
    assert [c.value for c in book["Persoon"][1]] == ["Sleutel", "Rol", "Veld", "Waarde"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is niet geïnstalleerd")
@pytest.mark.parametrize("first", ["Łucja", "Lucie"])
def test_the_pdf_reads_as_text_with_every_letter(setting, tmp_path, first):
    ds, journal = setting
    sheets = access_request(ds, journal, ["Antwerpen/D1"])
    sheets["Persoon"].loc[sheets["Persoon"]["Veld"] == "Voornaam", "Waarde"] = first
    pdf = access_request_pdf(sheets, "Inzageverzoek Antwerpen/D1")
    (tmp_path / "inzage.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "inzage.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Inzageverzoek Antwerpen/D1" in text
    assert f"Voornaam: {first}" in text
    assert "Achternaam: $Dubois$" in text  # dollars stay text (no mathtext)
    assert "Notities: Belt liever." in text
    assert "Wat: profiel geopend" in text
    assert f"Gemaakt op: {dt.date.today():%d/%m/%Y}" in text  # the subject and its explanation, not the headers
    assert "Onderwerp:" not in text


ELSEWHERE_LIMBURG = ("Dezelfde persoon staat ook in Limburg (1 rij in de werkboeken, 1 stap in het logboek); wat daar "
                     "staat, zit niet in dit overzicht: een beroepskracht van die provincie (of de "
                     "privacyverantwoordelijke van de organisatie) vervolledigt het verzoek daar.")


def test_a_professional_of_some_provinces_gets_theirs_and_only_counts_of_the_others(setting):
    ds, journal = setting
    journal.propose("Limburg/D9", "Limburg/V1", "limburg@samana.be", note="Wandelt in Hasselt")
    AccessLog(journal).record("limburg@samana.be", "profiel", ["Limburg/D9"])
    keys = ["Antwerpen/D1", "Limburg/D9"]
    sheets = access_request(ds, journal, keys, as_of=dt.date(2026, 11, 20), provinces=("Antwerpen",))
    assert list(sheets) == ["Over dit overzicht", "Persoon", "Duo's", "Logboek", "Meldingen", "Ingezien", "Vergeten",
                            "Elders"]
    about = sheets["Over dit overzicht"].set_index("Onderwerp")["Uitleg"]
    assert (about["Over"], about["Provincies"], about["Elders"]) == (
        "Antwerpen/D1", "Enkel Antwerpen: de provincies van wie dit overzicht maakte.", ELSEWHERE_LIMBURG)
    assert set(sheets["Persoon"]["Sleutel"]) == {"Antwerpen/D1"}
    assert sheets["Logboek"]["Actie"].tolist() == ["voorstel geannuleerd", "voorgesteld"]  # not Limburg's proposal
    assert sheets["Ingezien"]["Persoon"].tolist() == ["Antwerpen/D1"]
    assert sheets["Elders"].values.tolist() == [["Limburg", 1, 1]]
    book = openpyxl.load_workbook(io.BytesIO(excel_bytes(sheets)))
    cells = [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    assert not [c for c in cells if "Hasselt" in c or "Limburg/" in c]  # no content (nor key) of Limburg anywhere

    # a professional of Limburg: the other way round
    limburg = access_request(ds, journal, keys, as_of=dt.date(2026, 11, 20), provinces=("Limburg",))
    assert set(limburg["Persoon"]["Sleutel"]) == {"Limburg/D9"}
    assert limburg["Logboek"]["Details"].tolist() == ["Wandelt in Hasselt"]
    assert limburg["Elders"].values.tolist() == [["Antwerpen", 1, 2]]
    # a professional of every province (or of both) covers everything, as before
    for provinces in ((), ("Antwerpen", "Limburg")):
        everything = access_request(ds, journal, keys, as_of=dt.date(2026, 11, 20), provinces=provinces)
        assert "Elders" not in everything
        assert set(everything["Persoon"]["Sleutel"]) == {"Antwerpen/D1", "Limburg/D9"}
        assert len(everything["Logboek"]) == 3
    assert access_request(ds, journal, keys, provinces=("Antwerpen", "Limburg"))["Over dit overzicht"].set_index(
        "Onderwerp")["Uitleg"]["Provincies"] == "Enkel Antwerpen en Limburg: de provincies van wie dit overzicht maakte."
    assert access_request(ds, journal, keys)["Over dit overzicht"].set_index("Onderwerp")["Uitleg"]["Provincies"] == (
        "Alle provincies.")


def test_an_erasure_by_a_professional_of_some_provinces_stays_there_and_counts_the_rest(setting):
    ds, journal = setting
    journal.propose("Limburg/D9", "Limburg/V1", "limburg@samana.be", note="Wandelt in Hasselt")
    keys = ["Antwerpen/D1", "Limburg/D9"]
    done, rest = erasure.forget_all(journal, ds, keys, "boss@samana.be", "bewaartermijn verstreken",
                                    provinces=("Antwerpen",))
    assert done == ["Antwerpen/D1"]
    assert rest.values.tolist() == [["Limburg", 1, 1]]
    assert erasure.elsewhere_sentence(rest, erased=True) == (
        "Dezelfde persoon staat ook in Limburg (1 rij in de werkboeken, 1 stap in het logboek) en is daar niet "
        "vergeten: een beroepskracht van die provincie (of de privacyverantwoordelijke van de organisatie) "
        "vervolledigt het verzoek daar.")
    assert erasure.erased_keys(journal) == frozenset({"Antwerpen/D1"})
    assert journal.events()["payload"].tolist()[-1] == '{"note": "Wandelt in Hasselt"}'  # Limburg's untouched
    assert erasure.erasures(journal, ("Limburg",)).empty
    assert erasure.erasures(journal, ("Antwerpen",))["person_key"].tolist() == ["Antwerpen/D1"]
    with pytest.raises(erasure.JournalError) as caught:
        erasure.forget(journal, "Limburg/D9", "boss@samana.be", "bewaartermijn verstreken", provinces=("Antwerpen",))
    assert str(caught.value) == (
        "Limburg is niet jouw provincie: een beroepskracht van die provincie (of de privacyverantwoordelijke van de "
        "organisatie) vergeet de persoon daar. Er is niets vastgelegd.")
    # a professional of every province forgets everywhere
    done, rest = erasure.forget_all(journal, ds, keys, "all@samana.be", "bewaartermijn verstreken")
    assert (done, rest.empty) == (keys, True)
    assert erasure.erased_keys(journal) == frozenset(keys)


def test_two_other_provinces_are_named_in_one_sentence():
    counts = pd.DataFrame({"Provincie": ["Limburg", "Oost-Vlaanderen"], "Rijen in de werkboeken": [2, 0],
                           "Stappen in het logboek": [0, 3]})
    assert erasure.elsewhere_sentence(counts) == (
        "Dezelfde persoon staat ook in Limburg (2 rijen in de werkboeken, 0 stappen in het logboek) en "
        "Oost-Vlaanderen (0 rijen in de werkboeken, 3 stappen in het logboek); wat daar staat, zit niet in dit "
        "overzicht: een beroepskracht van die provincies (of de privacyverantwoordelijke van de organisatie) "
        "vervolledigt het verzoek daar.")
    assert erasure.elsewhere_sentence(counts.iloc[0:0]) == ""


def test_a_person_signed_up_in_the_app_gets_a_request_without_workbook_rows(setting):
    ds, journal = setting
    professional = duo_core.access.User("boss@samana.be", duo_core.access.PROFESSIONAL)
    key = Intake(journal, ds, professional).sign_up(
        {"first_name": "Noor", "last_name": "Peeters", "birth_date": dt.date(1961, 4, 9), "postcode": "2800"},
        "Antwerpen", today=dt.date(2026, 11, 20))
    ds = duo_core.overlay(ds, journal)
    sheets = access_request(ds, journal, [key], as_of=dt.date(2026, 11, 20))
    fields = sheets["Persoon"].set_index("Veld")["Waarde"]
    assert (fields["Voornaam"], fields["Achternaam"], fields["Status"], fields["Rij in Excel"]) == (
        "Noor", "Peeters", "aangemeld", "")
    # every field in Dutch, also what the intake stage adds (never an internal column name)
    assert (fields["Aangemeld door"], fields["Ontwerp van het gesprek bewaard"]) == ("boss@samana.be", "nee")
    assert [f for f in fields.index if re.fullmatch(r"[a-z_]+", f)] == []
    assert sheets["Meldingen"].empty  # no workbook row, so no finding of a workbook about them
    assert sheets["Logboek"]["Actie"].tolist() == ["aangemeld"]
    assert openpyxl.load_workbook(io.BytesIO(excel_bytes(sheets))).sheetnames[1] == "Persoon"
    assert access_request_pdf(sheets, f"Inzageverzoek {key}").startswith(b"%PDF")
