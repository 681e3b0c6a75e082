"""A birth year alone ("1956") is read as 1 January of that year, and the loader says so where it stands.

Decision: the data model keeps one birth date (age-based matching needs only the year, off by at most a
year); the finding names the file, sheet, Excel row and the column as the workbook has it, or the column
once when it holds only birth years (a KoBo "Geboortejaar" question).
"""

from __future__ import annotations

import datetime as dt

import pytest

import duo_core
from duo_core.reading.dates import year_alone
from tests import forms
from tests.helpers import AS_OF

FILE = "Antwerpen intake deelnemers.xlsx"


@pytest.mark.parametrize(("raw", "year"), [
    (1956, 1956), (1956.0, 1956), ("1956", 1956), (" 1956 ", 1956), ("12/03/1956", None), (1899, None),
    (AS_OF.year + 1, None), (True, None), (None, None), (dt.date(1956, 3, 12), None),
])
def test_a_year_alone_is_told_from_a_date(raw, year):
    assert year_alone(raw, AS_OF) == year


def _load(tmp_path, births: list[object]) -> duo_core.Dataset:
    people = [{**p, "birth": b} for p, b in zip(forms.PEOPLE, births, strict=True)]
    path = forms.dutch_form(tmp_path, people=people)
    return duo_core.load_dataset(path, mapping=duo_core.propose_mapping(path, as_of=AS_OF), as_of=AS_OF)


def _years(ds: duo_core.Dataset) -> list[list]:
    found = ds.findings[ds.findings["message"].str.contains("we rekenen met 1 januari")]
    return found[["file", "sheet", "row", "column", "severity", "message"]].values.tolist()


def test_one_birth_year_alone_is_a_finding_on_its_row_and_keeps_the_year(tmp_path):
    ds = _load(tmp_path, [dt.datetime(1958, 5, 3), "1946", dt.datetime(1972, 11, 30)])
    assert _years(ds) == [[FILE, "Form1", 3, "Wat is je geboortedatum?", "info",
                           "Alleen een geboortejaar: 1946; we rekenen met 1 januari 1946. Vul de volledige "
                           "geboortedatum in (dd/mm/jjjj) als je die kent."]]
    jozef = ds.participants.set_index("first_name").loc["Jozef"]
    assert jozef["birth_date"] == dt.datetime(1946, 1, 1)


def test_a_column_of_birth_years_is_said_once(tmp_path):
    ds = _load(tmp_path, [1958, 1946, 1972])
    assert _years(ds) == [[FILE, "Form1", 1, "Wat is je geboortedatum?", "info",
                           "Kolom 'Wat is je geboortedatum?' bevat alleen geboortejaren (bv. 1958): we rekenen met "
                           "1 januari van dat jaar. Voor matching op leeftijd volstaat het jaar; een leeftijd kan tot "
                           "een jaar afwijken."]]
    assert ds.participants["birth_date"].dt.year.tolist() == [1958, 1946, 1972]
