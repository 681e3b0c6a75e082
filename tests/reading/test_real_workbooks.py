"""Workbooks as people really keep them: each loads with exact counts and exact findings, or is refused.

Built by code from the clean base province (3 participants, 2 volunteers, 1 duo, 1 coach): stray cells
far away, a huge text, conflict copies, title rows, merged cells, hidden old sheets, month-first dates,
"Totaal" rows, repeated headers, odd province names and missing folders.
"""

from __future__ import annotations

import datetime as dt
import io
import os

import pandas as pd
import pytest

import duo_core
from duo_core.reading.guarded import Limits, read_isolated
from tests.helpers import AS_OF, base_records, to_rows
from tests.measure import measured_load
from tests.workbooks import build, patch_part, rows_with_title, set_cell_xml, stray_cell, with_shared_string

P, V, D, C = "Deelnemers", "Vrijwilligers", "Duo's", "Contactcoaches"


def found(ds: duo_core.Dataset) -> list[tuple]:
    return [
        (f.file, f.sheet, None if pd.isna(f.row) else int(f.row), f.column, f.severity)
        for f in ds.findings.itertuples()
    ]


def counts(ds: duo_core.Dataset) -> tuple[int, int, int, int]:
    return len(ds.participants), len(ds.volunteers), len(ds.duos), len(ds.coaches)


# --- stray cells and huge texts -----------------------------------------------------------------


@pytest.mark.parametrize("ref", ["XFD1048576", "AZ1048576", "ZZ100000", "AD5000"])
def test_a_value_typed_far_away_is_reported_and_left_out(tmp_path, ref):
    path = build(tmp_path / "Antwerpen.xlsx", edit=stray_cell(ref))
    ds = duo_core.load_dataset(path, as_of=AS_OF)
    assert counts(ds) == (3, 2, 1, 1)
    letters = ref.rstrip("0123456789")
    assert found(ds) == [("Antwerpen.xlsx", P, int(ref[len(letters):]), letters, "waarschuwing")]
    assert ds.findings.loc[0, "message"].startswith(f"Cel {ref} bevat iets maar staat ver buiten de tabel (A1:AB4)")


def test_a_stray_column_beside_the_table_is_left_out_but_rows_below_stay(tmp_path):
    def edit(wb):
        wb[P]["BZ3"] = "notitie"
        wb[P]["A300"] = "D9"  # 295 empty rows lower: still the same table
        wb[P]["B300"] = "Jan"

    ds = duo_core.load_dataset(build(tmp_path / "Antwerpen.xlsx", edit=edit), as_of=AS_OF)
    assert ds.participants["id"].tolist() == ["D1", "D2", "D3", "D9"]
    assert found(ds) == [("Antwerpen.xlsx", P, 3, "BZ", "waarschuwing"),
                         ("Antwerpen.xlsx", P, 300, "Status", "waarschuwing")]  # D9 has no status: counts as waiting


def test_many_stray_cells_are_counted_after_the_first_five(tmp_path):
    def edit(wb):
        for r in range(1, 9):
            wb[P][f"XFD{200000 + r}"] = r

    ds = duo_core.load_dataset(build(tmp_path / "Antwerpen.xlsx", edit=edit), as_of=AS_OF)
    assert [f[2] for f in found(ds)] == [200001, 200002, 200003, 200004, 200005, None]
    assert ds.findings["message"].iloc[-1].startswith("Nog 3 cellen staan ver buiten de tabel")
    assert len(ds.participants) == 3


def test_a_huge_shared_string_refuses_the_workbook_and_others_still_load(tmp_path):
    bomb = with_shared_string(build(tmp_path / "Antwerpen.xlsx"), 80 * 1024 * 1024)
    assert bomb.stat().st_size < 1_000_000
    build(tmp_path / "Limburg.xlsx", province="Limburg")
    ds = duo_core.load_dataset(tmp_path, as_of=AS_OF)
    assert found(ds) == [("Antwerpen.xlsx", None, None, None, "fout")]
    assert ds.findings.loc[0, "message"].startswith("Het werkboek bevat 80,0 MB tekst (max. 64,0 MB)")
    assert ds.sources["status"].tolist() == ["onleesbaar", "geladen"]
    assert ds.participants["province"].unique().tolist() == ["Limburg"]


@pytest.mark.parametrize("upload", [False, True], ids=["folder", "upload"])
def test_a_cell_longer_than_excel_allows_is_cut_with_a_finding(tmp_path, upload):
    path = with_shared_string(build(tmp_path / "Antwerpen.xlsx"), 40_000, ref="AA2")  # Notities of D1
    source = path
    if upload:  # cut in the child process: no more than Excel's maximum reaches the server
        source = io.BytesIO(path.read_bytes())
        source.name = "Antwerpen.xlsx"
        source = [source]
    ds = duo_core.load_dataset(source, as_of=AS_OF)
    assert found(ds) == [("Antwerpen.xlsx", P, 2, "AA", "fout")]
    assert ds.findings.loc[0, "message"] == (
        "De cel bevat 40.000 tekens (max. 32.767): enkel het begin wordt gebruikt; kort de tekst in."
    )
    assert len(ds.participants.loc[0, "notes"]) == 32_767


def test_sheet_beyond_the_cell_limit_is_refused_with_the_sheet_named(tmp_path):
    path = build(tmp_path / "Antwerpen.xlsx", edit=stray_cell("AD500"))
    ds = duo_core.load_dataset(path, as_of=AS_OF, limits=Limits(cells_per_sheet=1_000))
    assert found(ds) == [("Antwerpen.xlsx", None, None, None, "fout")]
    assert ds.findings.loc[0, "message"].startswith("Tabblad 'Deelnemers' is te groot om in te lezen (15.000 cellen tot AD500")


@pytest.mark.parametrize("upload", [False, True], ids=["folder", "upload"])
@pytest.mark.parametrize("kind", ["XFD1048576", "ZZ100000", "text bomb"])
def test_hostile_workbooks_load_or_are_refused_fast_and_small(tmp_path, kind, upload):
    if kind == "text bomb":
        path = with_shared_string(build(tmp_path / "Antwerpen.xlsx"), 200 * 1024 * 1024)
        expected = (0, ["fout"])
    else:
        path = build(tmp_path / "Antwerpen.xlsx", edit=stray_cell(kind))
        expected = (3, ["waarschuwing"])
    result = measured_load(path, upload, timeout=120)
    assert (result["participants"], [f[2] for f in result["findings"]]) == expected
    assert result["seconds"] < 5, result
    assert max(result["server_mb"], result["children_mb"]) < 500, result


def test_a_parser_that_dies_in_the_child_is_a_finding_not_a_crash(tmp_path):
    # a memory cap far too small for any parser: the child fails, the caller gets the Dutch sentence
    content = build(tmp_path / "Antwerpen.xlsx").read_bytes()
    with pytest.raises(duo_core.reading.guarded.UnreadableError, match="kon niet gelezen worden: het vraagt te veel geheugen"):
        read_isolated(content, limits=Limits(memory_bytes=8 * 1024 * 1024))


def test_uploads_are_read_in_a_child_process_with_the_same_result(tmp_path):
    path = build(tmp_path / "Antwerpen.xlsx", edit=stray_cell("XFD1048576"))
    upload = io.BytesIO(path.read_bytes())
    upload.name = "Antwerpen.xlsx"
    from_upload = duo_core.load_dataset([upload], as_of=AS_OF)
    from_path = duo_core.load_dataset(path, as_of=AS_OF)
    pd.testing.assert_frame_equal(from_upload.participants, from_path.participants)
    pd.testing.assert_frame_equal(from_upload.findings, from_path.findings)


# --- two workbooks for one province -------------------------------------------------------------


@pytest.mark.parametrize("copy", ["Antwerpen-LAPTOP-AN.xlsx", "Kopie van Antwerpen.xlsx", "Antwerpen (1).xlsx"])
def test_a_copy_beside_the_original_is_not_read(tmp_path, copy):
    build(tmp_path / "Antwerpen.xlsx", province=None)
    build(tmp_path / copy, province=None)
    ds = duo_core.load_dataset(tmp_path, as_of=AS_OF)
    assert counts(ds) == (3, 2, 1, 1)
    assert ds.participants["key"].is_unique
    assert found(ds) == [(copy, None, None, None, "fout")]
    assert ds.findings.loc[0, "message"].startswith(
        f"'{copy}' en 'Antwerpen.xlsx' zijn allebei werkboeken van Antwerpen: enkel 'Antwerpen.xlsx' wordt "
        "ingelezen (het bestand dat Antwerpen heet)."
    )
    assert dict(zip(ds.sources["file"], ds.sources["status"], strict=True)) == {
        "Antwerpen.xlsx": "geladen", copy: "niet gebruikt"}


def test_of_two_copies_the_newest_is_read(tmp_path):
    old = build(tmp_path / "Kopie van Antwerpen.xlsx", province=None)
    records = base_records()
    records[P][0]["Voornaam"] = "Anna"
    new = build(tmp_path / "Antwerpen (1).xlsx", to_rows(records), province=None)
    os.utime(old, (1_700_000_000, 1_700_000_000))
    os.utime(new, (1_800_000_000, 1_800_000_000))
    ds = duo_core.load_dataset(tmp_path, as_of=AS_OF)
    assert ds.participants["first_name"].tolist() == ["Anna", "An", "An"]
    assert found(ds) == [("Kopie van Antwerpen.xlsx", None, None, None, "fout")]
    assert "(het nieuwste bestand)" in ds.findings.loc[0, "message"]


def test_an_instruction_sheet_naming_another_province_loses_to_the_file_name(tmp_path):
    build(tmp_path / "Antwerpen.xlsx")
    build(tmp_path / "Limburg.xlsx", province="Antwerpen")  # a copy of the Antwerpen file, cell not updated
    ds = duo_core.load_dataset(tmp_path, as_of=AS_OF)
    assert ds.provinces == ["Antwerpen", "Limburg"]
    assert len(ds.participants) == 6 and ds.participants["key"].is_unique
    assert found(ds) == [("Limburg.xlsx", "Instructies", None, "Provincie", "fout")]
    assert ds.findings.loc[0, "message"].startswith("Tabblad 'Instructies' noemt provincie 'Antwerpen', maar het "
                                                    "bestand heet 'Limburg.xlsx': Limburg (uit de bestandsnaam)")


def test_two_uploads_of_one_province_are_not_both_read(tmp_path):
    uploads = []
    for name in ("Antwerpen.xlsx", "Antwerpen-kopie.xlsx"):
        buffer = io.BytesIO(build(tmp_path / name, province=None).read_bytes())
        buffer.name = name
        uploads.append(buffer)
    ds = duo_core.load_dataset(uploads, as_of=AS_OF)
    assert len(ds.participants) == 3
    assert ds.sources["status"].tolist() == ["geladen", "niet gebruikt"]


def test_a_province_with_a_slash_keeps_keys_that_split_once(tmp_path):
    ds = duo_core.load_dataset(build(tmp_path / "regio.xlsx", province="Regio Noord/Kempen"), as_of=AS_OF)
    assert ds.provinces == ["Regio Noord-Kempen"]
    assert ds.participants["key"].tolist() == ["Regio Noord-Kempen/D1", "Regio Noord-Kempen/D2", "Regio Noord-Kempen/D3"]
    assert [k.split("/") for k in ds.duos["participant_key"]] == [["Regio Noord-Kempen", "D2"]]


# --- where the header is, merged cells, sheets --------------------------------------------------


def test_title_rows_above_the_header_are_skipped_and_rows_stay_exact(tmp_path):
    records = base_records()
    records[P][1]["Postcode"] = 1111
    sheets = rows_with_title(to_rows(records), P, [["Deelnemers Antwerpen"], ["Bijgewerkt op 01/11/2026"], []])
    ds = duo_core.load_dataset(build(tmp_path / "Antwerpen.xlsx", sheets), as_of=AS_OF)
    assert ds.participants["source_row"].tolist() == [5, 6, 7]
    assert found(ds) == [("Antwerpen.xlsx", P, 1, None, "info"), ("Antwerpen.xlsx", P, 6, "Postcode", "fout")]
    assert ds.findings.loc[0, "message"] == "Rij 1 tot 2 boven de kopteksten (rij 4) wordt niet ingelezen (titel of uitleg)."


def test_a_missing_column_names_the_real_header_row(tmp_path):
    sheets = to_rows(base_records())
    sheets = rows_with_title(sheets, V, [["Vrijwilligers"], []])
    i = sheets[V][2].index("Voornaam")
    for row in sheets[V][2:]:
        del row[i]
    ds = duo_core.load_dataset(build(tmp_path / "Antwerpen.xlsx", sheets), as_of=AS_OF)
    assert ("Antwerpen.xlsx", V, 3, "Voornaam", "fout") in found(ds)
    assert "voeg ze toe in rij 3." in " ".join(ds.findings["message"])


def test_a_merged_group_header_above_the_header(tmp_path):
    sheets = rows_with_title(to_rows(base_records()), P, [["Persoonsgegevens", *[""] * 8, "Matching"]])

    def edit(wb):
        wb[P].merge_cells("A1:I1")
        wb[P].merge_cells("J1:AD1")

    ds = duo_core.load_dataset(build(tmp_path / "Antwerpen.xlsx", sheets, edit=edit), as_of=AS_OF)
    assert ds.participants["id"].tolist() == ["D1", "D2", "D3"]
    assert ds.participants["source_row"].tolist() == [3, 4, 5]
    assert found(ds) == [("Antwerpen.xlsx", P, 1, None, "info")]


def test_a_merged_header_over_two_filled_columns_is_a_finding(tmp_path):
    def edit(wb):
        wb[P].merge_cells("H1:I1")  # Telefoon | E-mail: Excel keeps only 'Telefoon'

    ds = duo_core.load_dataset(build(tmp_path / "Antwerpen.xlsx", edit=edit), as_of=AS_OF)
    assert found(ds) == [("Antwerpen.xlsx", P, 1, "Telefoon (I)", "fout")]
    assert ds.findings.loc[0, "message"] == (
        "Kop 'Telefoon' is samengevoegd over H1:I1: kolom I wordt niet ingelezen. Maak de samenvoeging ongedaan en "
        "geef elke kolom een eigen kop."
    )
    assert ds.participants["phone"].tolist() == ["015 12 34 56"] * 3
    assert ds.participants["email"].isna().all()


def test_merged_data_cells_fill_down_with_a_warning(tmp_path):
    records = base_records()
    duo = records[D][0]
    records[D] = [dict(duo, **{"Duo ID": f"DUO{i}", "Deelnemer ID": f"D{i}", "Contactcoach ID": "C1" if i == 1 else ""})
                  for i in (1, 2, 3)]
    for p in records[P]:
        p["Status"] = "gekoppeld"
    records[V][1]["Max. aantal duo's"] = 3

    def edit(wb):
        wb[D].merge_cells("D2:D4")

    ds = duo_core.load_dataset(build(tmp_path / "Antwerpen.xlsx", to_rows(records), edit=edit), as_of=AS_OF)
    assert ds.duos["coach_key"].tolist() == ["Antwerpen/C1"] * 3
    assert found(ds) == [("Antwerpen.xlsx", D, 2, "Contactcoach ID", "waarschuwing")]
    assert ds.findings.loc[0, "message"] == (
        "Cellen D2:D4 zijn samengevoegd: de waarde 'C1' geldt nu voor rij 2 tot 4. Maak de samenvoeging ongedaan en "
        "vul elke rij zelf in."
    )


def test_a_merged_number_is_named_as_it_was_typed(tmp_path):
    def edit(wb):
        wb[V].merge_cells("L2:L3")  # Max. afstand (km): 15 over both volunteers

    ds = duo_core.load_dataset(build(tmp_path / "Antwerpen.xlsx", edit=edit), as_of=AS_OF)
    assert ds.volunteers["max_distance_km"].tolist() == [15, 15]
    assert ds.findings["message"].tolist() == [
        "Cellen L2:L3 zijn samengevoegd: de waarde '15' geldt nu voor rij 2 tot 3. Maak de samenvoeging ongedaan en "
        "vul elke rij zelf in."]


def test_a_hidden_old_sheet_does_not_win_over_the_visible_one(tmp_path):
    sheets = {"Deelnemer": [["ID", "Voornaam"], ["X1", "Oud"]], **to_rows(base_records())}

    def edit(wb):
        wb["Deelnemer"].sheet_state = "hidden"
        wb.move_sheet("Deelnemer", offset=-(len(wb.sheetnames) - 2))

    ds = duo_core.load_dataset(build(tmp_path / "Antwerpen.xlsx", sheets, edit=edit), as_of=AS_OF)
    assert ds.participants["id"].tolist() == ["D1", "D2", "D3"]
    assert found(ds) == [("Antwerpen.xlsx", "Deelnemer", None, None, "waarschuwing")]
    assert ds.findings.loc[0, "message"].startswith("Tabblad 'Deelnemer' (verborgen) wordt niet ingelezen: "
                                                    "'Deelnemers' wordt gebruikt")


# --- rows that are not people -------------------------------------------------------------------


def test_totaal_formula_and_repeated_header_rows_are_skipped(tmp_path):
    sheets = to_rows(base_records())
    header = sheets[P][0]
    sheets[P] = [header, sheets[P][1], list(header), sheets[P][2], sheets[P][3], ["Totaal", "3 deelnemers"]]

    def edit(wb):
        wb[P]["A8"] = "=COUNTA(A2:A6)"

    path = build(tmp_path / "Antwerpen.xlsx", sheets, edit=edit)
    # Excel keeps the last computed value beside the formula (openpyxl cannot): add it
    patch_part(path, "xl/worksheets/sheet2.xml",
               lambda data: set_cell_xml(data, "A8", '<c r="A8"><f>COUNTA(A2:A6)</f><v>3</v></c>'))
    ds = duo_core.load_dataset(path, as_of=AS_OF)
    assert ds.participants["id"].tolist() == ["D1", "D2", "D3"]
    assert found(ds) == [("Antwerpen.xlsx", P, r, None, "info") for r in (3, 6, 8)]
    assert ds.findings["message"].tolist() == [
        "Rij 3 is een herhaling van de kopteksten en wordt overgeslagen.",
        "Rij 6 is een totaalrij ('Totaal') en wordt overgeslagen.",
        "Rij 8 is een rij met formules ('=COUNTA(A2:A6)') en wordt overgeslagen.",
    ]


# --- dates --------------------------------------------------------------------------------------


def _dates(tmp_path, header: str, values: list) -> duo_core.Dataset:
    records = base_records()
    for row, value in zip(records[P], values, strict=True):
        row[header] = value
    return duo_core.load_dataset(build(tmp_path / "Antwerpen.xlsx", to_rows(records)), as_of=AS_OF)


def test_a_month_first_column_is_read_month_first_with_one_finding(tmp_path):
    ds = _dates(tmp_path, "Geboortedatum", ["05/13/1958", "03/04/1960", "12/01/1970"])
    assert ds.participants["birth_date"].dt.date.tolist() == [dt.date(1958, 5, 13), dt.date(1960, 3, 4),
                                                              dt.date(1970, 12, 1)]
    assert found(ds) == [("Antwerpen.xlsx", P, 1, "Geboortedatum", "waarschuwing")]


def test_a_column_mixing_both_orders_gets_no_guess(tmp_path):
    ds = _dates(tmp_path, "Geboortedatum", ["13/05/1958", "05/13/1960", "03/04/1970"])
    assert ds.participants["birth_date"].dt.date.tolist()[:2] == [dt.date(1958, 5, 13), dt.date(1960, 5, 13)]
    assert pd.isna(ds.participants["birth_date"].iloc[2])
    assert found(ds) == [("Antwerpen.xlsx", P, 4, "Geboortedatum", "fout")]
    assert ds.findings.loc[0, "message"].startswith("'03/04/1970' kan 3/4 of 4/3 zijn")


def test_day_first_stays_the_default(tmp_path):
    ds = _dates(tmp_path, "Geboortedatum", ["03/05/1958", "01/02/1960", "11/12/1970"])
    assert ds.participants["birth_date"].dt.date.tolist() == [dt.date(1958, 5, 3), dt.date(1960, 2, 1),
                                                              dt.date(1970, 12, 11)]
    assert ds.findings.empty


def test_date_times_and_year_first_dates_are_accepted(tmp_path):
    ds = _dates(tmp_path, "Geboortedatum", ["31/12/1950 00:00", "1950/12/31", "1950-12-31T08:30:00"])
    assert ds.participants["birth_date"].dt.date.tolist() == [dt.date(1950, 12, 31)] * 3
    assert ds.findings.empty


def test_two_digit_birth_years_are_never_a_baby(tmp_path):
    ds = _dates(tmp_path, "Geboortedatum", ["15-01-25", "15-01-05", "01/01/15"])
    assert ds.participants["birth_date"].dt.date.tolist()[:2] == [dt.date(1925, 1, 15), dt.date(2005, 1, 15)]
    assert found(ds) == [("Antwerpen.xlsx", P, 4, "Geboortedatum", "fout")]
    assert "jaartal van twee cijfers" in ds.findings.loc[0, "message"]


def test_two_digit_years_of_other_dates_are_this_century(tmp_path):
    ds = _dates(tmp_path, "Aanmelddatum", ["15-01-25", "01/10/24", "01/03/98"])
    assert ds.participants["registered_on"].dt.date.tolist() == [dt.date(2025, 1, 15), dt.date(2024, 10, 1),
                                                                 dt.date(1998, 3, 1)]


# --- folders and odd keys -----------------------------------------------------------------------


def test_a_missing_folder_is_a_finding_without_the_server_path(tmp_path):
    ds = duo_core.load_dataset(tmp_path / "niet-aangekoppeld", as_of=AS_OF)
    assert counts(ds) == (0, 0, 0, 0)
    assert found(ds) == [("niet-aangekoppeld", None, None, None, "fout")]
    message = ds.findings.loc[0, "message"]
    assert message.startswith("De map met werkboeken 'niet-aangekoppeld' bestaat niet of is niet bereikbaar")
    assert str(tmp_path) not in message


def test_a_file_instead_of_a_folder_is_explained(tmp_path):
    (tmp_path / "werkboeken.txt").write_text("geen map")
    problem = duo_core.reading.sources.folder_problem(tmp_path / "werkboeken.txt")
    assert problem.startswith("'werkboeken.txt' is een bestand, geen map")
    assert str(tmp_path) not in problem


def test_duplicate_ids_across_sheets_and_files_keep_every_key_unique(tmp_path):
    records = base_records()
    records[P][2]["ID"] = "D1"
    ds = duo_core.load_dataset(build(tmp_path / "Antwerpen.xlsx", to_rows(records)), as_of=AS_OF)
    assert ds.participants["key"].tolist() == ["Antwerpen/D1", "Antwerpen/D2", "Antwerpen/D1@4"]
    assert ds.participants["key"].is_unique


def test_loading_the_corpus_never_modifies_a_source(tmp_path):
    paths = [build(tmp_path / "Antwerpen.xlsx", edit=stray_cell("XFD1048576")),
             build(tmp_path / "Kopie van Antwerpen.xlsx")]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths}
    duo_core.load_dataset(tmp_path, as_of=AS_OF)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths} == before
