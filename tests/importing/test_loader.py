"""Loader behaviour: the demo data, traceable findings, untouched sources, uploads, cache, aliases."""

from __future__ import annotations

import hashlib
import io
import os
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import duo_core
from duo_core.config import Config, load_config
from tests.conftest import DEMO
from tests.helpers import AS_OF, base_records, to_rows, write_sheets


def test_demo_has_five_provinces(demo_ds):
    assert demo_ds.provinces == ["Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen"]
    assert demo_ds.sources["status"].tolist() == ["geladen"] * 5


def test_demo_frames_have_keys_and_typed_columns(demo_ds):
    p = demo_ds.participants
    assert list(p.columns[:3]) == ["key", "province", "id"]
    assert p["key"].is_unique and demo_ds.volunteers["key"].is_unique
    assert (p["key"] == p["province"] + "/" + p["id"]).sum() == len(p)
    assert str(p["birth_date"].dtype) == "datetime64[ns]"
    assert str(p["smokes"].dtype) == "boolean"
    assert all(isinstance(v, frozenset) for v in p["interests"])
    assert all(isinstance(v, frozenset) for v in p["availability"])
    assert {"pref_age_min", "pref_age_max", "lat", "lon", "source_row", "source_file"} <= set(p.columns)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def test_demo_findings_point_at_real_cells(demo_ds):
    """Each quoted value in a row-level finding stands in that row and column of the workbook."""
    row_findings = demo_ds.findings.dropna(subset=["row"])
    row_findings = row_findings[row_findings["message"].str.startswith("'")]
    assert len(row_findings) >= 5
    books = {}
    for f in row_findings.itertuples():
        wb = books.setdefault(f.file, load_workbook(DEMO / f.file, read_only=True))
        ws = wb[f.sheet]
        header = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]
        cell = ws.cell(row=int(f.row), column=header.index(f.column) + 1).value
        quoted = re.match(r"'([^']*)'", f.message).group(1)
        assert _cell_text(cell).strip() == quoted, (f.file, f.sheet, f.row, f.column)


def test_demo_duplicate_id_rows_are_kept_under_a_suffixed_key(demo_ds):
    dup = demo_ds.findings[demo_ds.findings["message"].str.contains("komt al voor")]
    assert len(dup) >= 1
    for f in dup.itertuples():
        province = demo_ds.sources.set_index("file").loc[f.file, "province"]
        frame = demo_ds.participants if f.sheet == "Deelnemers" else demo_ds.volunteers
        kept = frame[(frame["province"] == province) & (frame["source_row"] == f.row)]
        assert kept["key"].str.endswith(f"@{f.row}").tolist() == [True]


def test_every_row_with_an_id_appears(tmp_path):
    rows = to_rows(base_records())
    path = write_sheets(tmp_path / "Antwerpen.xlsx", rows)
    ds = duo_core.load_dataset(path, as_of=AS_OF)
    assert ds.participants["id"].tolist() == ["D1", "D2", "D3"]
    assert ds.participants["source_row"].tolist() == [2, 3, 4]


def test_loading_never_writes_to_the_sources():
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in DEMO.glob("*.xlsx")}
    mtimes = {p.name: p.stat().st_mtime_ns for p in DEMO.glob("*.xlsx")}
    duo_core.load_dataset(DEMO, as_of=AS_OF)
    duo_core.load_dataset(DEMO, as_of=AS_OF, engine="openpyxl")
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in DEMO.glob("*.xlsx")} == before
    assert {p.name: p.stat().st_mtime_ns for p in DEMO.glob("*.xlsx")} == mtimes


def test_uploaded_file_like_objects_load_like_paths(tmp_path):
    path = write_sheets(tmp_path / "Limburg.xlsx", to_rows(base_records()))
    upload = io.BytesIO(path.read_bytes())
    upload.name = "Limburg.xlsx"
    from_upload = duo_core.load_dataset([upload], as_of=AS_OF)
    from_path = duo_core.load_dataset(path, as_of=AS_OF)
    pd.testing.assert_frame_equal(from_upload.participants, from_path.participants)
    assert from_upload.participants["key"].tolist() == ["Limburg/D1", "Limburg/D2", "Limburg/D3"]


def test_list_of_paths_and_ids_repeat_across_provinces(tmp_path):
    a = write_sheets(tmp_path / "Antwerpen.xlsx", to_rows(base_records()))
    b = write_sheets(tmp_path / "Limburg.xlsx", to_rows(base_records()))
    ds = duo_core.load_dataset([a, b], as_of=AS_OF)
    assert ds.participants["key"].tolist() == [
        "Antwerpen/D1", "Antwerpen/D2", "Antwerpen/D3", "Limburg/D1", "Limburg/D2", "Limburg/D3",
    ]
    assert ds.duos["participant_key"].tolist() == ["Antwerpen/D2", "Limburg/D2"]


def test_province_cell_wins_over_file_name(tmp_path):
    path = write_sheets(tmp_path / "export-2026.xlsx", to_rows(base_records()), province="West-Vlaanderen")
    ds = duo_core.load_dataset(path, as_of=AS_OF)
    assert ds.provinces == ["West-Vlaanderen"]
    assert ds.findings.empty


def test_coordinates_use_the_named_place(tmp_path):
    records = base_records()
    records["Deelnemers"][0]["Postcode"] = "2800 Walem"
    records["Deelnemers"][0]["Gemeente"] = ""
    ds = duo_core.load_dataset(write_sheets(tmp_path / "Antwerpen.xlsx", to_rows(records)), as_of=AS_OF)
    first = ds.participants.iloc[0]
    assert (first["postcode"], first["municipality"], first["lat"], first["lon"]) == ("2800", "Walem", 51.0671, 4.4584)
    second = ds.participants.iloc[1]
    assert (second["postcode"], second["lat"], second["lon"]) == ("2800", 51.0257, 4.4776)


def test_header_variants_and_config_aliases(tmp_path):
    rows = to_rows(base_records())
    header = rows["Deelnemers"][0]
    header[header.index("Voornaam")] = "  VOORNAAM "
    header[header.index("E-mail")] = "Email"
    header[header.index("Geboortedatum")] = "Date of birth"
    header[header.index("Postcode")] = "Post nr"
    path = write_sheets(tmp_path / "Antwerpen.xlsx", rows)
    without = duo_core.load_dataset(path, as_of=AS_OF)
    assert without.findings[["column", "severity"]].values.tolist() == [["Post nr", "waarschuwing"]]
    config = Config(aliases={"Deelnemers": {"Post nr": "postcode"}})
    ds = duo_core.load_dataset(path, as_of=AS_OF, config=config)
    assert ds.findings.empty
    assert ds.participants["postcode"].tolist() == ["2800", "2800", "2000"]
    assert ds.participants["first_name"].tolist() == ["An", "An", "An"]


def test_config_file_aliases_and_folder(tmp_path):
    (tmp_path / "duo.toml").write_text(
        '[data]\nfolder = "werkboeken"\n[aliases.Deelnemers]\n"Post nr" = "postcode"\n[coaches]\nfee_per_duo = 50\n',
        encoding="utf-8",
    )
    config = load_config(tmp_path / "duo.toml")
    assert config.folder == (tmp_path / "werkboeken").resolve()
    assert config.aliases == {"Deelnemers": {"Post nr": "postcode"}}
    assert config.fee_per_duo == 50.0
    assert not config.uses_demo


def test_default_config_uses_demo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUO_CONFIG", raising=False)
    assert load_config().uses_demo


def test_cache_returns_same_dataset_until_a_file_changes(tmp_path):
    path = write_sheets(tmp_path / "Antwerpen.xlsx", to_rows(base_records()))
    cache = duo_core.WorkbookCache()
    first = duo_core.load_dataset(tmp_path, as_of=AS_OF, cache=cache)
    assert duo_core.load_dataset(tmp_path, as_of=AS_OF, cache=cache) is first
    records = base_records()
    records["Deelnemers"][0]["Voornaam"] = "Anna"
    write_sheets(path, to_rows(records))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000))
    changed = duo_core.load_dataset(tmp_path, as_of=AS_OF, cache=cache)
    assert changed is not first
    assert changed.participants["first_name"].tolist() == ["Anna", "An", "An"]


def test_openpyxl_engine_gives_the_same_frames(demo_ds):
    other = duo_core.load_dataset(DEMO, as_of=AS_OF, engine="openpyxl")
    pd.testing.assert_frame_equal(other.participants, demo_ds.participants)
    pd.testing.assert_frame_equal(other.duos, demo_ds.duos)
    pd.testing.assert_frame_equal(other.findings, demo_ds.findings)


@pytest.mark.parametrize(("toml", "env", "expected"), [
    ('[data]\nfolder = "werkboeken"\n[journal]\npath = "acties/logboek.db"\n', None, "{tmp}/acties/logboek.db"),
    ('[journal]\nurl = "postgresql://duo@db.local/duo"\n', None, "postgresql://duo@db.local/duo"),
    ('[journal]\npath = "x.sqlite"\n', "/srv/duo/logboek.sqlite", "/srv/duo/logboek.sqlite"),
])
def test_the_journal_goes_where_it_is_configured(tmp_path, monkeypatch, toml, env, expected):
    monkeypatch.delenv("DUO_JOURNAL", raising=False)
    if env:
        monkeypatch.setenv("DUO_JOURNAL", env)
    (tmp_path / "duo.toml").write_text(toml, encoding="utf-8")
    assert load_config(tmp_path / "duo.toml").journal == expected.format(tmp=tmp_path.resolve())


def test_the_default_journal_is_per_data_folder_in_the_state_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("DUO_JOURNAL", raising=False)
    monkeypatch.setenv("DUO_STATE_DIR", str(tmp_path / "state"))
    journals = []
    for folder in ("productie", "testkopie"):
        (tmp_path / f"{folder}.toml").write_text(f'[data]\nfolder = "data/{folder}"\n', encoding="utf-8")
        journals.append(Path(load_config(tmp_path / f"{folder}.toml").journal))
    assert [j.parent for j in journals] == [tmp_path / "state"] * 2
    assert journals[0] != journals[1]
    assert journals[0].name.startswith("logboek-productie-") and journals[1].name.startswith("logboek-testkopie-")
    assert Config().journal == str(tmp_path / "state" / "demo_logboek.sqlite")


def test_the_default_journal_creates_its_state_directory_for_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("DUO_JOURNAL", raising=False)
    monkeypatch.setenv("DUO_STATE_DIR", str(tmp_path / "nieuw" / "state"))
    target = Config().journal
    duo_core.config.ensure_journal_folder(target)
    assert (tmp_path / "nieuw" / "state").stat().st_mode & 0o777 == 0o700
    assert duo_core.Journal(target).version() == (0, 0)


def test_a_configured_journal_folder_that_is_missing_is_not_created(tmp_path, monkeypatch):
    monkeypatch.setenv("DUO_STATE_DIR", str(tmp_path / "state"))
    target = str(tmp_path / "niet_gekoppelde_schijf" / "logboek.sqlite")
    duo_core.config.ensure_journal_folder(target)
    assert not (tmp_path / "niet_gekoppelde_schijf").exists()
    with pytest.raises(duo_core.JournalUnavailable, match="Het logboek kan niet gelezen worden"):
        duo_core.Journal(target).version()


def test_without_a_setting_the_state_directory_comes_from_platformdirs(monkeypatch):
    import platformdirs

    monkeypatch.delenv("DUO_STATE_DIR", raising=False)
    assert duo_core.config.state_dir() == platformdirs.user_state_path("duowerking", appauthor=False)
