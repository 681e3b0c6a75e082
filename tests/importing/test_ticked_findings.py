"""Findings on ticked columns and availability grids name the workbook's own sheet, Excel row and column.

The app folds a group of ticked columns (``Interesses [Wandelen]``, ``Interesses [Koken]``) or a grid of one
column per day into one field; a finding never names that folded column, but the column of the workbook
that held the value (or, for the group as a whole, its first column).
"""

from __future__ import annotations

import datetime as dt

import duo_core
from tests.helpers import AS_OF
from tests.workbooks import build

NAMES = [("An", "Peeters"), ("Jozef", "Claes"), ("Marie", "Wouters"), ("Luc", "Maes"), ("Els", "Janssens"),
         ("Koen", "Aerts"), ("Rita", "Mertens"), ("Wim", "Jacobs")]
FILE, SHEET = "Aanmeldingen.xlsx", "Formulierreacties 1"


def _form(tmp_path):
    """A Google Forms export: interests ticked per option, availability as a grid; one stray cell in each."""
    rows = [["Tijdstempel", "Voornaam", "Achternaam", "Geboortedatum", "Postcode", "Interesses [Wandelen]",
             "Interesses [Koken]", "Beschikbaarheid [Maandag]", "Beschikbaarheid [Dinsdag]"]]
    for i, (first, last) in enumerate(NAMES):
        rows.append([dt.datetime(2026, 10, 1, 9, i), first, last, f"0{i + 1}/05/195{i}", "2800",
                     "misschien" if i == 1 else ("x" if i % 2 == 0 else None), "x" if i % 3 else None,
                     "Voormiddag, Nacht" if i == 2 else ["Voormiddag", "Avond", "Namiddag"][i % 3],
                     "Avond" if i % 2 else None])
    return build(tmp_path / FILE, {SHEET: rows}, province=None)


def _findings(ds: duo_core.Dataset) -> list[list]:
    found = ds.findings[ds.findings["sheet"] == SHEET]
    found = found[found["severity"] != "info"]
    return found[["file", "sheet", "row", "column", "severity", "message"]].values.tolist()


def test_a_stray_answer_in_a_ticked_column_or_a_grid_names_that_column_and_its_row(tmp_path):
    path = _form(tmp_path)
    m = duo_core.propose_mapping(path, as_of=AS_OF)
    assert dict(zip(m.columns["header"], m.columns["field"], strict=True)) == {
        "Tijdstempel": None, "Voornaam": "first_name", "Achternaam": "last_name", "Geboortedatum": "birth_date",
        "Postcode": "postcode", "Interesses [Wandelen]": "interests=wandelen", "Interesses [Koken]": "interests=koken",
        "Beschikbaarheid [Maandag]": "availability=maandag", "Beschikbaarheid [Dinsdag]": "availability=dinsdag"}
    ds = duo_core.load_dataset(path, mapping=m, as_of=AS_OF)
    assert _findings(ds) == [
        [FILE, SHEET, 3, "Interesses [Wandelen]", "waarschuwing",
         "'misschien' is geen kruisje: 'wandelen' telt niet als aangekruist. Zet een x als het wel zo is, of maak de "
         "cel leeg."],
        [FILE, SHEET, 4, "Beschikbaarheid [Maandag]", "waarschuwing",
         "'Voormiddag, Nacht': 'nacht' is geen dagdeel en wordt niet ingelezen, de andere dagdelen wel. Schrijf "
         "voormiddag, namiddag of avond."]]
    p = ds.participants.set_index("first_name")
    assert p.loc["Jozef", "interests"] == frozenset({"koken"})  # the rest of the row is read
    assert p.loc["Marie", "availability"] == frozenset({"maandag voormiddag"})


def test_a_finding_on_the_folded_group_names_its_first_column_not_a_made_up_one(tmp_path):
    path = _form(tmp_path)
    m = duo_core.propose_mapping(path, as_of=AS_OF)
    by_hand = m.with_field(FILE, SHEET, "Interesses [Wandelen]", "interests")  # one option taken as the whole field
    ds = duo_core.load_dataset(path, mapping=by_hand, as_of=AS_OF)
    twice = [f for f in _findings(ds) if "twee keer" in f[5]]
    assert twice == [[FILE, SHEET, 1, "Interesses [Koken]", "waarschuwing",
                      "Kolom 'Interesses [Koken]' staat er twee keer: enkel de eerste ('Interesses [Wandelen]') "
                      "wordt gebruikt."]]
    assert not ds.findings["column"].dropna().str.contains("aangekruiste kolommen").any()
    assert not ds.findings["message"].str.contains("aangekruiste kolommen").any()


def test_an_option_that_is_no_value_of_its_field_is_named_on_each_ticked_row(tmp_path):
    rows = [["Voornaam", "Achternaam", "Postcode", "Vervoer [Auto]", "Vervoer [Brommer]"]]
    for i, (first, last) in enumerate(NAMES[:6]):
        rows.append([first, last, "2800", "x" if i % 2 else None, "x" if i in (1, 4) else None])
    path = build(tmp_path / "vrijwilligers.xlsx", {"Vrijwilligers": rows}, province=None)
    m = duo_core.propose_mapping(path, as_of=AS_OF)
    assert m.columns["field"].tolist()[3:] == ["transport=auto", "transport=brommer"]
    ds = duo_core.load_dataset(path, mapping=m, as_of=AS_OF)
    wrong = ds.findings[ds.findings["column"] == "Vervoer [Brommer]"]
    assert wrong[["sheet", "row", "severity", "message"]].values.tolist() == [
        ["Vrijwilligers", row, "waarschuwing",
         "Optie 'brommer' van deze kolom wordt niet ingelezen: 'brommer' onbekend: kies uit auto, fiets, openbaar "
         "vervoer, te voet (gescheiden door ;)."] for row in (3, 6)]
    assert ds.volunteers.set_index("first_name").loc["Jozef", "transport"] == frozenset({"auto"})
    assert not ds.findings["column"].dropna().str.contains("aangekruiste kolommen").any()


def test_a_sheet_with_both_roles_reports_a_stray_cell_once_in_its_own_row(tmp_path):
    rows = [["Ik meld me aan als", "Voornaam", "Achternaam", "Postcode", "Interesses [Wandelen]", "Interesses [Film]"]]
    for i, (first, last) in enumerate(NAMES):
        rows.append(["Deelnemer" if i % 2 else "Vrijwilliger", first, last, "2800",
                     "soms" if i == 4 else ("x" if i % 3 else None), "x" if i % 2 else None])
    path = build(tmp_path / "aanmeldingen.xlsx", {"Blad1": rows}, province=None)
    m = duo_core.propose_mapping(path, as_of=AS_OF)
    assert m.sheets["split_column"].tolist() == ["Ik meld me aan als"]
    ds = duo_core.load_dataset(path, mapping=m, as_of=AS_OF)
    stray = ds.findings[ds.findings["column"].isin(["Interesses [Wandelen]", "Interesses [Film]"])]
    assert stray[["sheet", "row", "column", "message"]].values.tolist() == [
        ["Blad1", 6, "Interesses [Wandelen]", "'soms' is geen kruisje: 'wandelen' telt niet als aangekruist. Zet een x "
                                              "als het wel zo is, of maak de cel leeg."]]
    assert ds.volunteers.set_index("first_name").loc["Els", "interests"] == frozenset()
