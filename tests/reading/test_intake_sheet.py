"""The optional Intakevrijwilligers sheet: read like the other sheets, checked with Dutch findings."""

from __future__ import annotations

import duo_core
from duo_core.schema import INTAKE_VOLUNTEERS
from tests.helpers import base_records, to_rows, write_sheets

HEADERS = ["ID", "Voornaam", "Achternaam", "E-mail", "Telefoon", "Provincie", "Gesprekken per maand"]


def _load(tmp_path, *rows, headers=HEADERS, name="Intakevrijwilligers"):
    sheets = to_rows(base_records())
    if rows or headers is not HEADERS:
        sheets[name] = [headers, *rows]
    path = write_sheets(tmp_path / "Antwerpen.xlsx", sheets, province="Antwerpen")
    return duo_core.load_dataset(path)


def _findings(ds):
    return ds.findings[ds.findings["sheet"] == "Intakevrijwilligers"][["row", "column", "severity", "message"]] \
        .to_dict("records")


def test_a_workbook_without_the_sheet_has_no_intake_volunteers_and_no_finding(tmp_path):
    ds = _load(tmp_path)
    assert ds.findings.empty
    assert ds.intake_volunteers.empty
    assert list(ds.intake_volunteers.columns) == ["key", "province", *(c.name for c in INTAKE_VOLUNTEERS.columns),
                                                  "source_row", "source_file", "provinces"]


def test_the_sheet_is_read_with_keys_provinces_and_the_number_each_chose(tmp_path):
    ds = _load(tmp_path, ["I1", "Olivier", "Maes", "Olivier.Maes@samana.be", "0470 12 34 56", "", 4],
               ["I2", "Sara", "Peeters", "sara@samana.be", "", "antwerpen", ""])
    assert ds.findings.empty
    iv = ds.intake_volunteers
    assert iv["key"].tolist() == ["Antwerpen/I1", "Antwerpen/I2"]
    assert iv["email"].tolist() == ["Olivier.Maes@samana.be", "sara@samana.be"]  # as typed; matched ignoring case
    assert iv["conversations_per_month"].tolist()[0] == 4 and iv["conversations_per_month"].isna().tolist() == [
        False, True]
    assert iv["provinces"].tolist() == [("Antwerpen",), ("Antwerpen",)]
    assert iv["source_row"].tolist() == [2, 3]
    assert ds.counts()["intake_volunteer"] == 2


def test_bad_values_are_findings_with_file_sheet_row_and_column(tmp_path):
    ds = _load(tmp_path, ["I1", "Olivier", "", "o@samana.be", "", "Limburg", 4],
               ["I2", "Sara", "", "O@samana.be", "", "", 400],
               ["I3", "Jan", "", "", "", "Brussel", "veel"],
               ["", "Zonder", "", "", "", "", 2])
    assert _findings(ds) == [
        {"row": 4, "column": "Provincie", "severity": "fout",
         "message": "'Brussel' is geen geldige waarde: kies uit Antwerpen, Limburg, Oost-Vlaanderen, Vlaams-Brabant, "
                    "West-Vlaanderen."},
        {"row": 4, "column": "Gesprekken per maand", "severity": "fout",
         "message": "'veel' is geen getal: vul enkel een getal in, bv. 15."},
        {"row": 5, "column": "ID", "severity": "fout",
         "message": "Rij 5 heeft geen ID en wordt niet gebruikt: vul een uniek ID in."},
        {"row": 2, "column": "Provincie", "severity": "waarschuwing",
         "message": "Provincie Limburg is niet de provincie van dit werkboek (Antwerpen): de intakevrijwilliger krijgt "
                    "gesprekken in Limburg voorgesteld. Zet de rij in het werkboek van Limburg als dat de bedoeling is, "
                    "of maak de cel leeg."},
        {"row": 3, "column": "Gesprekken per maand", "severity": "fout",
         "message": "400 gesprekken per maand kan niet: vul een aantal van 0 tot 40 in. De app stelt deze persoon tot "
                    "dan geen gesprekken voor."},
        {"row": 3, "column": "E-mail", "severity": "waarschuwing",
         "message": "E-mailadres O@samana.be staat ook op rij 2: de app herkent de intakevrijwilliger aan het "
                    "e-mailadres. Verwijder een van beide rijen."},
    ]
    iv = ds.intake_volunteers
    assert iv["key"].tolist() == ["Antwerpen/I1", "Antwerpen/I2", "Antwerpen/I3"]  # nothing with an ID is lost
    assert iv["provinces"].tolist() == [("Limburg",), ("Antwerpen",), ("Antwerpen",)]
    assert iv["conversations_per_month"].isna().tolist() == [False, True, True]


def test_a_near_named_sheet_with_other_headers_is_recognised(tmp_path):
    ds = _load(tmp_path, ["I1", "Olivier", "olivier@samana.be", 3],
               headers=["Nr", "Voornaam", "Mail", "Aantal gesprekken per maand"], name="Intakers")
    assert ds.findings.empty
    assert ds.intake_volunteers[["key", "email", "conversations_per_month"]].astype(object).values.tolist() == [
        ["Antwerpen/I1", "olivier@samana.be", 3]]
