"""The bad-input corpus: each malformed workbook gives exactly the expected finding, and no other row is lost.

Every case starts from the same clean province (``tests.helpers.base_records``: 3 participants,
2 volunteers, 1 duo, 1 coach, no findings), breaks one thing, and asserts the exact finding
(sheet, Excel row, column header as typed, severity) and the number of rows that survive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pytest

import duo_core
from tests.helpers import AS_OF, base_records, to_rows, write_sheets

P, V, D, C = "Deelnemers", "Vrijwilligers", "Duo's", "Contactcoaches"
BASE_COUNTS = {"participants": 3, "volunteers": 2, "duos": 1, "coaches": 1}


def set_cell(sheet: str, index: int, header: str, value) -> Callable:
    """An edit of one cell of the clean records (applied before the rows are laid out)."""

    def mutate(records, sheets):
        if sheets is None:
            records[sheet][index][header] = value

    return mutate


def rows_edit(fn: Callable) -> Callable:
    """An edit of the laid-out rows (headers, sheets, blank rows)."""

    def mutate(records, sheets):
        if sheets is not None:
            fn(sheets)

    return mutate


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Callable
    finding: tuple  # (sheet, row, column, severity), or a list of such tuples when one edit has two effects
    lost: tuple = ()  # (frame name, rows lost)
    message_part: str = ""


def _rename_header(sheet, old, new):
    def mutate(sheets):
        sheets[sheet][0] = [new if h == old else h for h in sheets[sheet][0]]

    return rows_edit(mutate)


def _drop_column(sheet, header):
    def mutate(sheets):
        i = sheets[sheet][0].index(header)
        for row in sheets[sheet]:
            del row[i]

    return rows_edit(mutate)


def _add_column(sheet, header, value):
    def mutate(sheets):
        sheets[sheet][0].append(header)
        for row in sheets[sheet][1:]:
            row.append(value)

    return rows_edit(mutate)


def _drop_sheet(sheet):
    def mutate(sheets):
        del sheets[sheet]

    return rows_edit(mutate)


def _add_sheet(name):
    def mutate(sheets):
        sheets[name] = [["Wat"], ["iets"]]

    return rows_edit(mutate)


def _empty_sheet(sheet):
    def mutate(sheets):
        sheets[sheet] = []

    return rows_edit(mutate)


def _blank_rows_before_header(sheet, n):
    def mutate(sheets):
        sheets[sheet] = [[] for _ in range(n)] + sheets[sheet]

    return rows_edit(mutate)


def _blank_row_between(sheet):
    def mutate(sheets):
        sheets[sheet].insert(2, [])  # between the 1st and 2nd data row

    return rows_edit(mutate)


def _both(*mutations):
    def mutate(records, sheets):
        for m in mutations:
            m(records, sheets)

    return mutate


ROW_CASES = [
    Case("participant without ID", set_cell(P, 2, "ID", ""), (P, 4, "ID", "fout"), (("participants", 1),),
         "heeft geen ID"),
    Case("duplicate participant ID", set_cell(P, 2, "ID", "D1"), (P, 4, "ID", "fout"), (), "komt al voor op rij 2"),
    Case("unknown postcode", set_cell(P, 0, "Postcode", 9999), (P, 2, "Postcode", "fout"), (), "bestaat niet"),
    Case("postcode not a number", set_cell(P, 0, "Postcode", "Mechelen"), (P, 2, "Postcode", "fout")),
    Case("impossible date", set_cell(P, 0, "Geboortedatum", "31/02/1960"), (P, 2, "Geboortedatum", "fout")),
    Case("date as words", set_cell(P, 1, "Aanmelddatum", "vorige week"), (P, 3, "Aanmelddatum", "fout")),
    Case("gender outside list", set_cell(P, 0, "Geslacht", "onbekend"), (P, 2, "Geslacht", "fout")),
    Case("status outside list", set_cell(P, 2, "Status", "misschien"), (P, 4, "Status", "fout")),
    Case("future birth date", set_cell(V, 0, "Geboortedatum", dt.datetime(2030, 1, 1)),
         (V, 2, "Geboortedatum", "fout"), (), "in de toekomst"),
    Case("birth date over 110 years ago", set_cell(P, 0, "Geboortedatum", "01/01/1900"),
         (P, 2, "Geboortedatum", "waarschuwing")),
    Case("yes/no not understood", set_cell(P, 0, "Rookt", "soms"), (P, 2, "Rookt", "fout")),
    Case("age preference not understood", set_cell(P, 1, "Voorkeur leeftijd vrijwilliger", "jong"),
         (P, 3, "Voorkeur leeftijd vrijwilliger", "fout")),
    Case("availability not understood", set_cell(V, 1, "Beschikbaarheid", "dinsdag namiddag; soms"),
         (V, 3, "Beschikbaarheid", "fout")),
    Case("contact form outside list", set_cell(P, 0, "Contactvorm", "brief"), (P, 2, "Contactvorm", "fout")),
    Case("distance not a number", set_cell(V, 0, "Max. afstand (km)", "ver"), (V, 2, "Max. afstand (km)", "fout")),
    Case("negative distance", set_cell(V, 0, "Max. afstand (km)", -5), (V, 2, "Max. afstand (km)", "fout")),
    Case("capacity not whole", set_cell(V, 1, "Max. aantal duo's", 1.5), (V, 3, "Max. aantal duo's", "fout")),
    Case("target group outside list", set_cell(V, 0, "Doelgroepen", "kinderen"), (V, 2, "Doelgroepen", "fout")),
    Case("e-mail without @", set_cell(P, 0, "E-mail", "an.peeters.telenet.be"), (P, 2, "E-mail", "waarschuwing")),
    Case("duo with unknown participant", set_cell(D, 0, "Deelnemer ID", "D77"), (D, 2, "Deelnemer ID", "fout"),
         (), "deelnemer 'D77'"),
    Case("duo with unknown volunteer", set_cell(D, 0, "Vrijwilliger ID", "V77"), (D, 2, "Vrijwilliger ID", "fout")),
    Case("duo with unknown coach", set_cell(D, 0, "Contactcoach ID", "C9"), (D, 2, "Contactcoach ID", "fout")),
    Case("stopped duo without end date", set_cell(D, 0, "Status", "gestopt"), (D, 2, "Status", "waarschuwing")),
    Case("duo ends before it starts", set_cell(D, 0, "Einddatum", "01/01/2025"), (D, 2, "Einddatum", "fout")),
    Case("duo status outside list", set_cell(D, 0, "Status", "bezig"), (D, 2, "Status", "fout")),
    Case("coach without ID (its duo now points nowhere)", set_cell(C, 0, "ID", None),
         [(C, 2, "ID", "fout"), (D, 2, "Contactcoach ID", "fout")], (("coaches", 1),)),
    Case("coach desired duos not a number", set_cell(C, 0, "Gewenst aantal duo's", "veel"),
         (C, 2, "Gewenst aantal duo's", "fout")),
]

SHEET_CASES = [
    Case("missing sheet (its duo now points nowhere)", _drop_sheet(C),
         [(C, None, None, "fout"), (D, 2, "Contactcoach ID", "fout")], (("coaches", 1),), "ontbreekt"),
    Case("missing required column", _drop_column(V, "Voornaam"), (V, 1, "Voornaam", "fout")),
    Case("missing ID column (the duo's participant is gone)", _drop_column(P, "ID"),
         [(P, 1, "ID", "fout"), (D, 2, "Deelnemer ID", "fout")], (("participants", 3),)),
    Case("unknown column", _add_column(P, "Schoenmaat", 42), (P, 1, "Schoenmaat", "waarschuwing")),
    Case("column twice", _add_column(P, "postcode", 2000), (P, 1, "postcode", "waarschuwing"), (), "twee keer"),
    Case("unknown sheet", _add_sheet("Kladblad"), ("Kladblad", None, None, "waarschuwing")),
    Case("empty sheet (its duo now points nowhere)", _empty_sheet(C),
         [(C, None, None, "waarschuwing"), (D, 2, "Contactcoach ID", "fout")], (("coaches", 1),), "is leeg"),
    Case("header in row 3, bad postcode in row 5",
         _both(_blank_rows_before_header(P, 2), set_cell(P, 1, "Postcode", 1111)), (P, 5, "Postcode", "fout")),
    Case("blank row between data rows keeps Excel numbering",
         _both(_blank_row_between(P), set_cell(P, 1, "Geslacht", "?")), (P, 4, "Geslacht", "fout")),
]


def _load_variant(tmp_path, case: Case):
    records = base_records()
    case.mutate(records, None)  # cell edits
    sheets = to_rows(records)
    case.mutate(records, sheets)  # structural edits
    path = write_sheets(tmp_path / "Antwerpen.xlsx", sheets, province="Antwerpen")
    return duo_core.load_dataset(path, as_of=AS_OF)


def test_base_workbook_is_clean(tmp_path):
    ds = duo_core.load_dataset(write_sheets(tmp_path / "Antwerpen.xlsx", to_rows(base_records())), as_of=AS_OF)
    assert ds.findings.empty
    assert {k: len(getattr(ds, k)) for k in BASE_COUNTS} == BASE_COUNTS


@pytest.mark.parametrize("case", ROW_CASES + SHEET_CASES, ids=lambda c: c.name)
def test_bad_input_gives_exact_finding_and_keeps_other_rows(tmp_path, case):
    ds = _load_variant(tmp_path, case)
    got = [
        (f.sheet, None if pd.isna(f.row) else int(f.row), f.column, f.severity)
        for f in ds.findings.itertuples()
    ]
    assert got == (case.finding if isinstance(case.finding, list) else [case.finding])
    assert ds.findings.loc[0, "file"] == "Antwerpen.xlsx"
    if case.message_part:
        assert case.message_part in ds.findings.loc[0, "message"]
    expected = dict(BASE_COUNTS)
    for frame, lost in case.lost:
        expected[frame] -= lost
    assert {k: len(getattr(ds, k)) for k in BASE_COUNTS} == expected


UNREADABLE = [
    ("empty file", b"", "Het bestand is leeg"),
    ("random bytes", bytes(range(256)) * 4, "Dit is geen Excel-werkboek"),
    ("text file named xlsx", b"ID;Voornaam\nD1;An\n", "Dit is geen Excel-werkboek"),
    (
        "password protected",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512,
        "beveiligd met een wachtwoord",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), UNREADABLE, ids=[u[0] for u in UNREADABLE])
def test_unreadable_workbook_is_a_finding_and_others_still_load(tmp_path, name, content, message):
    good = write_sheets(tmp_path / "Limburg.xlsx", to_rows(base_records()))
    bad = tmp_path / "Antwerpen.xlsx"
    bad.write_bytes(content)
    ds = duo_core.load_dataset(tmp_path, as_of=AS_OF)
    assert ds.findings[["file", "sheet", "severity"]].values.tolist() == [["Antwerpen.xlsx", None, "fout"]]
    assert message in ds.findings.loc[0, "message"]
    assert ds.findings["row"].isna().all()
    assert ds.participants["province"].unique().tolist() == ["Limburg"]
    assert len(ds.participants) == 3
    assert ds.sources["status"].tolist() == ["onleesbaar", "geladen"]
    assert good.exists()


def test_truncated_workbook_is_a_finding(tmp_path):
    good = write_sheets(tmp_path / "x.xlsx", to_rows(base_records()))
    content = good.read_bytes()
    good.unlink()
    (tmp_path / "Antwerpen.xlsx").write_bytes(content[: len(content) // 2])
    ds = duo_core.load_dataset(tmp_path, as_of=AS_OF)
    assert ds.findings[["file", "severity"]].values.tolist() == [["Antwerpen.xlsx", "fout"]]
    assert "beschadigd" in ds.findings.loc[0, "message"]


def test_unknown_province_name_is_a_warning(tmp_path):
    path = write_sheets(tmp_path / "Brussel-test.xlsx", to_rows(base_records()))
    ds = duo_core.load_dataset(path, as_of=AS_OF)
    assert ds.findings[["file", "sheet", "severity"]].values.tolist() == [["Brussel-test.xlsx", None, "waarschuwing"]]
    assert ds.findings["row"].isna().all()
    assert ds.participants["key"].tolist() == ["Brussel-test/D1", "Brussel-test/D2", "Brussel-test/D3"]


def test_corpus_has_at_least_thirty_workbooks():
    assert len(ROW_CASES) + len(SHEET_CASES) + len(UNREADABLE) + 2 >= 30
