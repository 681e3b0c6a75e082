"""The template and the round trip: dataset -> template-format workbooks -> the same frames."""

from __future__ import annotations

import pandas as pd
from openpyxl import load_workbook

import duo_core
from duo_core.demo import generate_demo
from duo_core.output.template import export_dataset, write_template
from duo_core.schema import SHEETS
from tests.conftest import ROOT
from tests.helpers import AS_OF, base_records, to_rows, write_sheets


def test_committed_template_matches_the_schema(tmp_path):
    fresh = write_template(tmp_path / "template.xlsx")
    committed = load_workbook(ROOT / "data" / "template.xlsx")
    new = load_workbook(fresh)
    assert committed.sheetnames == new.sheetnames == ["Instructies", "Deelnemers", "Vrijwilligers", "Duo's",
                                                      "Contactcoaches", "Intakevrijwilligers", "Lijsten"]
    for sheet in SHEETS:
        assert [c.value for c in committed[sheet.name][1]] == sheet.headers


def test_template_has_dropdowns_for_controlled_vocabularies():
    wb = load_workbook(ROOT / "data" / "template.xlsx")
    ws = wb["Deelnemers"]
    by_column = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            by_column[ws.cell(row=1, column=rng.min_col).value] = dv
    for header in ("Status", "Geslacht", "Rookt", "Contactvorm", "Beschikbaarheid", "Doelgroep"):
        assert by_column[header].type == "list"
    lists = wb["Lijsten"]
    assert lists.sheet_state == "hidden"
    status = by_column["Status"].formula1
    col = status.split("!")[1].split(":")[0].replace("$", "")[0]
    values = [c.value for c in lists[col]][1:7]
    assert values == ["wachtend", "in kennismaking", "gekoppeld", "gestopt", "on hold", "aangemeld"]
    assert len(lists[col]) == 7 or lists[col][7].value is None
    assert by_column["Beschikbaarheid"].showErrorMessage is False  # several slots may be typed


def test_empty_template_loads_without_errors():
    ds = duo_core.load_dataset(ROOT / "data" / "template.xlsx", as_of=AS_OF)
    assert ds.findings["severity"].tolist() == ["waarschuwing"]  # no province filled in yet
    assert ds.counts() == {"participant": 0, "volunteer": 0, "duo": 0, "coach": 0, "intake_volunteer": 0,
                           "finding": 1}


def test_the_instructions_say_the_intake_sheet_is_optional_and_which_columns_it_has():
    ws = load_workbook(ROOT / "data" / "template.xlsx")["Instructies"]
    assert ws["A6"].value.startswith("Het tabblad Intakevrijwilligers is optioneel")
    listed = [(r[1].value, r[2].value or "") for r in ws.iter_rows(min_row=8)
              if r[0].value == "Intakevrijwilligers (optioneel tabblad)"]
    assert listed == [("ID", "ja"), ("Voornaam", "ja"), ("Achternaam", ""), ("E-mail", ""), ("Telefoon", ""),
                      ("Provincie", ""), ("Gesprekken per maand", "")]
    sheet = load_workbook(ROOT / "data" / "template.xlsx")["Intakevrijwilligers"]
    lists = {r.min_col: dv.type for dv in sheet.data_validations.dataValidation for r in dv.sqref.ranges}
    assert lists == {6: "list"}  # Provincie: a drop-down of the five provinces


def test_round_trip_through_the_template_format(tmp_path):
    generate_demo(tmp_path / "src", seed=7, scale=0.2, messy=False, provinces=("Limburg", "Antwerpen"))
    first = duo_core.load_dataset(tmp_path / "src", as_of=AS_OF)
    assert first.findings.empty
    export_dataset(first, tmp_path / "out")
    second = duo_core.load_dataset(tmp_path / "out", as_of=AS_OF)
    assert second.findings.empty
    for name in ("participants", "volunteers", "duos", "coaches"):
        a, b = getattr(first, name), getattr(second, name)
        assert len(a) > 0
        pd.testing.assert_frame_equal(a.drop(columns=["source_row"]), b.drop(columns=["source_row"]))


def test_demo_generator_is_seeded(tmp_path):
    a = generate_demo(tmp_path / "a", seed=3, scale=0.1, provinces=("Limburg",))
    b = generate_demo(tmp_path / "b", seed=3, scale=0.1, provinces=("Limburg",))
    da = duo_core.load_dataset(a, as_of=AS_OF)
    db = duo_core.load_dataset(b, as_of=AS_OF)
    pd.testing.assert_frame_equal(da.participants.drop(columns="source_file"), db.participants.drop(columns="source_file"))


def _validation(ws, header: str):
    """The data validation on the column ``header`` of a template sheet."""
    [found] = [dv for dv in ws.data_validations.dataValidation
               for rng in dv.sqref.ranges if ws.cell(row=1, column=rng.min_col).value == header]
    return found


def test_the_screening_column_says_what_it_expects_and_warns_on_anything_else():
    ws = load_workbook(ROOT / "data" / "template.xlsx")["Vrijwilligers"]
    dv = _validation(ws, "Screening")
    letter = ws.cell(row=1, column=[c.value for c in ws[1]].index("Screening") + 1).column_letter
    assert str(dv.sqref) == f"{letter}2:{letter}2001"
    assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("date", "between", "1", "109939")  # 1/1/1900-31/12/2200
    assert (dv.showInputMessage, dv.promptTitle, dv.prompt) == (
        True, "Screening", "De datum van het screeningsgesprek als dd/mm/jjjj (bv. 15/03/2024); laat de cel leeg "
                           "zolang de vrijwilliger niet gescreend is.")
    assert (dv.showErrorMessage, dv.errorStyle, dv.errorTitle, dv.error) == (
        True, "warning", "Geen datum", "'Screening' verwacht de datum van het screeningsgesprek als dd/mm/jjjj "
                                       "(bv. 15/03/2024); laat de cel leeg zolang de vrijwilliger niet gescreend is.")
    assert dv.allow_blank is True


def test_every_date_column_of_the_template_accepts_only_dates():
    wb = load_workbook(ROOT / "data" / "template.xlsx")
    for sheet in SHEETS:
        for column in (c for c in sheet.columns if c.kind == "date"):
            dv = _validation(wb[sheet.name], column.header)
            assert (dv.type, dv.formula1, dv.formula2) == ("date", "1", "109939"), (sheet.name, column.header)
            if not column.expects:
                assert dv.prompt == "Een datum als dd/mm/jjjj (bv. 15/03/2024)."


def test_the_instruction_sheet_says_what_screening_holds():
    ws = load_workbook(ROOT / "data" / "template.xlsx")["Instructies"]
    rows = {(r[0].value, r[1].value): r[3].value for r in ws.iter_rows(min_row=8) if r[0].value}
    assert rows[("Vrijwilligers", "Screening")] == "datum van het screeningsgesprek (dd/mm/jjjj); leeg = nog niet gescreend"


def test_a_screening_that_is_no_date_is_a_finding_naming_the_cell_and_what_it_expects(tmp_path):
    records = base_records()
    records["Vrijwilligers"][1]["Screening"] = "ok"
    ds = duo_core.load_dataset(write_sheets(tmp_path / "Antwerpen.xlsx", to_rows(records), province="Antwerpen"),
                               as_of=AS_OF)
    assert ds.findings[["file", "sheet", "row", "column", "severity", "message"]].values.tolist() == [[
        "Antwerpen.xlsx", "Vrijwilligers", 3, "Screening", "fout",
        "'ok' is geen datum: schrijf de datum als dd/mm/jjjj. Kolom 'Screening' verwacht de datum van het "
        "screeningsgesprek als dd/mm/jjjj (bv. 15/03/2024); laat de cel leeg zolang de vrijwilliger niet gescreend is."]]
    assert len(ds.volunteers) == 2  # the volunteer stays, without a screening date
    assert ds.volunteers.set_index("id").loc[records["Vrijwilligers"][1]["ID"], "screening_date"] is pd.NaT
