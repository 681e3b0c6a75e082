"""Probed as an attacker and as a careless administrator: formulas, links, passwords, other provinces.

Each test fails on the behaviour the security review found (formulas live in downloads under pandas 3,
another province's names in a refusal, credentials in a label, markdown from a workbook rendered as a
link, an allow-list typo locking everyone out) and passes on the fixed behaviour.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import duo_core
from duo_core import access, lifecycle
from duo_core.insights import monitoring
from duo_core.lifecycle.stores import sqlite_location_warning, target_label
from duo_core.output import downloads, master
from duo_core.output.excel import excel_bytes, safe_frame
from tests.helpers import AS_OF, base_records, to_rows, write_sheets

HOSTILE = [
    '=HYPERLINK("http://evil.example","klik")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1",
    "=cmd|' /C calc'!A0",
]
BOSS = access.User("boss@samana.be", access.PROFESSIONAL)
LIMBURG_INTAKE = access.User("intake@samana.be", access.INTAKE, provinces=("Limburg",))


def _formula_cells(content: bytes) -> list[tuple[str, str, object]]:
    """Every cell of a downloaded workbook that Excel would run as a formula, or that starts like one."""
    wb = load_workbook(io.BytesIO(content))
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "@"))):
                    out.append((ws.title, cell.coordinate, cell.value))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(HOSTILE) | st.text(max_size=12), min_size=1, max_size=6),
       st.sampled_from(["object", "str", "category"]))
def test_no_text_cell_of_any_dtype_becomes_a_formula(values, dtype):
    frame = pd.DataFrame({"Tekst": pd.Series(values, dtype=dtype), "Getal": range(len(values)),
                          "Sleutel": [f"=K{i}" for i in range(len(values))]})
    assert _formula_cells(excel_bytes({"Blad": frame})) == []
    back = pd.read_excel(io.BytesIO(excel_bytes({"Blad": frame})), dtype=str, keep_default_na=False, engine="openpyxl")
    printable = ["".join(ch for ch in v if ch >= " " or ch in "\t\n\r") for v in values]
    expected = [("'" + v) if v.startswith(("=", "+", "-", "@", "\t", "\r")) else v for v in printable]
    assert back["Tekst"].tolist() == [v.replace("\r", "\n") for v in expected]  # XML keeps \r as a line break


def test_safe_frame_keeps_numbers_and_dates_as_they_are():
    frame = pd.DataFrame({"n": [1.5, -2.0], "d": pd.to_datetime(["2026-01-01", "2026-02-01"]), "t": ["-5", "ok"]})
    out = safe_frame(frame)
    assert out["n"].tolist() == [1.5, -2.0] and out["d"].tolist() == frame["d"].tolist()
    assert out["t"].tolist() == ["'-5", "ok"]


@pytest.fixture
def hostile_ds(tmp_path):
    """A province whose every text a person types is a formula: names, e-mails, places, notes, the coach."""
    records = base_records()
    for i, row in enumerate(records["Deelnemers"] + records["Vrijwilligers"]):
        row["Voornaam"] = HOSTILE[i % len(HOSTILE)]
        row["Achternaam"] = "=HYPERLINK(\"http://evil\",\"x\")"
        row["E-mail"] = "=HYPERLINK(\"http://evil\",\"mail\")@x.be"
        row["Gemeente"] = "@Mechelen"
    records["Contactcoaches"][0]["E-mail"] = '=HYPERLINK("http://evil","x")'
    records["Contactcoaches"][0]["Voornaam"] = "=1+1"
    path = write_sheets(tmp_path / "Antwerpen.xlsx", to_rows(records))
    return duo_core.load_dataset(path, as_of=AS_OF)


def _all_downloads(ds, journal) -> tuple[str, dict[str, dict]]:
    """Every Excel download the app offers, built from ``ds`` after one proposal with a note (and its key)."""
    key = lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), BOSS).propose(
        "Antwerpen/D1", "Antwerpen/V1", note='=HYPERLINK("http://evil","notitie")')
    view = lifecycle.overlay(ds, journal)
    start, end = dt.date(2024, 1, 1), AS_OF
    ranking = duo_core.rank_volunteers(view, "Antwerpen/D3", include_excluded=True, details=True)
    proposal = duo_core.propose_assignment(view)
    shown = monitoring.figures(view, start, end)
    return key, {
        "shortlist": downloads.shortlist(ranking, True),
        "wachtlijst": downloads.waiting_list(duo_core.waiting_list(view)),
        "voorstel": downloads.proposal(proposal.pairs, proposal.greedy),
        "monitoring": downloads.monitoring(shown.active, shown.flows, shown.reasons, shown.waiting, shown.matched),
        "logboek": downloads.audit(lifecycle.audit_view(journal.events(), view)),
        "duos": master.export_sheets(view),
        "meldingen": downloads.findings(duo_core.findings.with_province(view.findings, view.sources)),
        "vergoeding": downloads.payment(duo_core.lifecycle.coaches.coach_overview(view, 2026, 45.0), 2026),
    }


def test_every_download_of_the_app_is_free_of_formulas(hostile_ds, tmp_path):
    key, sheets = _all_downloads(hostile_ds, duo_core.Journal(tmp_path / "logboek.sqlite"))
    assert key == "Antwerpen/APP00001"
    for name, content in sheets.items():
        assert _formula_cells(excel_bytes(content)) == [], name
    audit = load_workbook(io.BytesIO(excel_bytes(sheets["logboek"])))["Logboek"]
    assert [c.value for c in audit[2]][7] == "'=HYPERLINK(\"http://evil\",\"notitie\")"


def test_every_download_speaks_dutch_with_rounded_figures(tmp_path):
    ds = duo_core.load_dataset(write_sheets(tmp_path / "Antwerpen.xlsx", to_rows(base_records())), as_of=AS_OF)
    _, sheets = _all_downloads(ds, duo_core.Journal(tmp_path / "logboek.sqlite"))
    internal = {c for frame in (ds.participants, ds.volunteers, ds.duos, ds.coaches, ds.findings) for c in frame}
    for name, content in sheets.items():
        for sheet, frame in content.items():
            assert [h for h in frame.columns if "_" in str(h) or h in internal] == [], (name, sheet)
            floats = frame.select_dtypes("float")
            assert (floats.round(2).fillna(0) == floats.fillna(0)).all().all(), (name, sheet)


# --- another province's people never reach a volunteer of this one ------------------------------


@pytest.fixture
def two_provinces(tmp_path):
    a = write_sheets(tmp_path / "Antwerpen.xlsx", to_rows(base_records()))
    b = write_sheets(tmp_path / "Limburg.xlsx", to_rows(base_records()))
    ds = duo_core.load_dataset([a, b], as_of=AS_OF)
    journal = duo_core.Journal(tmp_path / "logboek.sqlite")
    # a professional of both provinces proposes a Limburg volunteer to an Antwerpen participant
    lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), BOSS).propose("Antwerpen/D1", "Limburg/V1")
    return lifecycle.overlay(ds, journal), journal


def test_a_person_held_in_another_province_is_reserved_without_names(two_provinces):
    view, _ = two_provinces
    seen = access.visible_dataset(view, LIMBURG_INTAKE)
    explanation = duo_core.explain_match(seen, "Limburg/D1", "Limburg/V1")
    held = ("Vrijwilliger heeft al 1 duo (max. 1).", "Vrijwilliger is al voorgesteld aan iemand in een andere provincie.")
    assert explanation.exclusions == held
    ranking = duo_core.rank_volunteers(seen, "Limburg/D1", include_excluded=True)
    assert ranking.set_index("key").loc["Limburg/V1", "reasons"] == list(held)
    assert not ranking.set_index("key").loc["Limburg/V1", "eligible"]


def test_the_refusal_comes_from_the_same_view_and_names_nobody(two_provinces):
    view, journal = two_provinces
    seen = access.visible_dataset(view, LIMBURG_INTAKE)
    with pytest.raises(duo_core.JournalError) as refused:
        lifecycle.Lifecycle(journal, seen, LIMBURG_INTAKE).propose("Limburg/D1", "Limburg/V1")
    message = str(refused.value)
    assert message == ("Dit duo kan niet voorgesteld worden: Vrijwilliger heeft al 1 duo (max. 1). Vrijwilliger is al "
                       "voorgesteld aan iemand in een andere provincie.")
    for leak in ("Antwerpen", "boss@", "APP", "An Peeters"):
        assert leak not in message


def test_the_journal_names_nobody_of_another_province_either(two_provinces):
    _, journal = two_provinces
    with pytest.raises(duo_core.JournalError) as refused:
        journal.propose("Limburg/D2", "Limburg/V1", "intake@samana.be", provinces=("Limburg",))
    assert str(refused.value) == "Vrijwilliger is al voorgesteld aan iemand in een andere provincie."


def test_capacity_taken_in_another_province_counts(tmp_path):
    records = base_records()
    a = write_sheets(tmp_path / "Antwerpen.xlsx", to_rows(records))
    b = write_sheets(tmp_path / "Limburg.xlsx", to_rows(base_records()))
    ds = duo_core.load_dataset([a, b], as_of=AS_OF)
    journal = duo_core.Journal(tmp_path / "logboek.sqlite")
    act = lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), BOSS)
    key = act.propose("Antwerpen/D1", "Limburg/V1")
    act = lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), BOSS)
    act.introduce(key)
    lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), BOSS).start(key, "Antwerpen/C1", AS_OF)
    seen = access.visible_dataset(lifecycle.overlay(ds, journal), LIMBURG_INTAKE)
    assert seen.volunteers.set_index("key").loc["Limburg/V1", "open_elsewhere"] == 1
    assert duo_core.explain_match(seen, "Limburg/D1", "Limburg/V1").exclusions == (
        "Vrijwilliger heeft al 1 duo (max. 1).",)


# --- credentials and paths ----------------------------------------------------------------------


@pytest.mark.parametrize(("target", "label"), [
    ("postgresql://duo:geheim@db.example:5432/duo?sslmode=require&password=x", "postgresql://db.example:5432/duo"),
    ("postgresql://db.example/duo?user=duo&password=geheim", "postgresql://db.example/duo"),
    ("postgresql:///duo?service=productie", "postgresql:///duo"),
    ("postgres://duo@[::1]:6543/duo#frag", "postgres://[::1]:6543/duo"),
    ("/srv/duo/logboek.sqlite", "/srv/duo/logboek.sqlite"),
])
def test_journal_labels_hold_no_credentials(target, label):
    assert target_label(target) == label


def test_an_unreachable_database_is_a_polite_message_without_credentials():
    with pytest.raises(duo_core.JournalUnavailable) as caught:
        duo_core.Journal("postgresql://duo:geheim@127.0.0.1:1/duo?password=geheim2")
    assert str(caught.value).startswith("Het logboek is niet bereikbaar")
    assert "geheim" not in str(caught.value)


@pytest.mark.parametrize(("path", "part"), [
    ("/home/an/OneDrive - Samana/duo/logboek.sqlite", "een gesynchroniseerde map (OneDrive - Samana)"),
    ("/Users/an/Dropbox/logboek.sqlite", "een gesynchroniseerde map (Dropbox)"),
])
def test_an_sqlite_journal_on_a_synced_folder_is_warned_about(path, part):
    warning = sqlite_location_warning(path)
    assert warning.startswith(f"Het logboek staat op {part}: SQLite beschermt daar enkel")
    assert "PostgreSQL" in warning


def test_an_sqlite_journal_on_a_network_share_is_warned_about(monkeypatch, tmp_path):
    monkeypatch.setattr(duo_core.lifecycle.stores, "_filesystem", lambda path: "cifs")
    assert sqlite_location_warning(tmp_path / "logboek.sqlite").startswith("Het logboek staat op een netwerkschijf (cifs)")
    monkeypatch.setattr(duo_core.lifecycle.stores, "_filesystem", lambda path: "ext4")
    assert sqlite_location_warning(tmp_path / "logboek.sqlite") is None
    assert sqlite_location_warning("postgresql://db/duo") is None


def test_the_filesystem_of_a_path_comes_from_the_mount_table(tmp_path):
    assert duo_core.lifecycle.stores._filesystem(tmp_path) is not None  # /proc/mounts exists on the Linux servers we run on


# --- the allow-list -----------------------------------------------------------------------------


def _allowlist(tmp_path, text: str) -> access.AllowList:
    path = tmp_path / "allowlist.toml"
    path.write_text(text, encoding="utf-8")
    return access.load_allowlist(path)


GOOD = '[[user]]\nemail = "boss@samana.be"\nrole = "beroepskracht"\n'


@pytest.mark.parametrize(("entry", "problem"), [
    ('[[user]]\nemail = "c@x.be"\nrole = "coach"\ncoach = "Antwerpen/C1"\n',
     "Gebruiker 2 (c@x.be) in 'allowlist.toml' heeft een onbekende rol 'coach': kies uit beroepskracht, "
     "intakevrijwilliger, contactcoach."),
    ('[[user]]\nemail = "c@x.be"\nrole = "contactcoach"\n',
     "Gebruiker 2 (c@x.be) in 'allowlist.toml' is contactcoach maar heeft geen coach: vul coach = \"Antwerpen/C01\" "
     "in (provincie/ID)."),
    ('[[user]]\nemail = "i@x.be"\nrole = "intakevrijwilliger"\nprovinces = ["Brussel"]\n',
     "Gebruiker 2 (i@x.be) in 'allowlist.toml' heeft een onbekende provincie 'Brussel': kies uit Antwerpen, Limburg, "
     "Oost-Vlaanderen, Vlaams-Brabant, West-Vlaanderen."),
    ('[[user]]\nemail = "i@x.be"\nrol = "intakevrijwilliger"\n',
     "Gebruiker 2 (i@x.be) in 'allowlist.toml' heeft een onbekende sleutel 'rol': gebruik enkel email, role, "
     "provinces, coach en conversations_per_month."),
], ids=["role coach", "coach without key", "unknown province", "typo in key"])
def test_a_bad_entry_shuts_out_only_that_person(tmp_path, entry, problem):
    found = _allowlist(tmp_path, GOOD + entry)
    assert list(found.users) == ["boss@samana.be"]
    assert found.problems == (problem,)


def test_provinces_as_one_text_and_in_lower_case_are_understood(tmp_path):
    found = _allowlist(tmp_path, '[[user]]\nemail = "i@x.be"\nrole = "intakevrijwilliger"\nprovinces = "limburg"\n'
                                 '[[user]]\nemail = "j@x.be"\nrole = "intakevrijwilliger"\n'
                                 'provinces = ["oost-vlaanderen", "ANTWERPEN"]\n')
    assert found.users["i@x.be"].provinces == ("Limburg",)
    assert found.users["j@x.be"].provinces == ("Oost-Vlaanderen", "Antwerpen")
    assert found.problems == ()


def test_a_person_listed_twice_is_an_error_not_a_silent_override(tmp_path):
    found = _allowlist(tmp_path, GOOD + '[[user]]\nemail = "Boss@Samana.be"\nrole = "contactcoach"\ncoach = "Antwerpen/C1"\n'
                                        '[[user]]\nemail = "i@x.be"\nrole = "intakevrijwilliger"\n')
    assert list(found.users) == ["i@x.be"]
    assert found.problems == ("Gebruiker 2 (boss@samana.be) in 'allowlist.toml' staat er al als gebruiker 1: laat één "
                              "regel over. Tot dan kan deze persoon zich niet aanmelden.",)


def test_a_single_bracket_table_is_explained(tmp_path):
    found = _allowlist(tmp_path, '[user]\nemail = "boss@samana.be"\nrole = "beroepskracht"\n')
    assert found.users == {}
    assert found.problems == ("Toegangslijst 'allowlist.toml' gebruikt [user]: schrijf [[user]] (twee vierkante "
                              "haken) boven elke gebruiker.",)


def test_a_coach_key_that_is_not_in_the_data_shuts_out_that_coach(tmp_path):
    found = access.check_against_data(
        _allowlist(tmp_path, GOOD + '[[user]]\nemail = "c@x.be"\nrole = "contactcoach"\ncoach = "antwerpen/C9"\n'),
        ["Antwerpen/C1"])
    assert list(found.users) == ["boss@samana.be"]
    assert found.problems == ("Contactcoach c@x.be verwijst naar coach 'Antwerpen/C9', die niet in de werkboeken "
                              "staat: verbeter coach = in de toegangslijst (provincie/ID uit het tabblad Contactcoaches).",)


def test_a_coach_key_in_lower_case_finds_the_coach_as_the_data_writes_it(tmp_path):
    found = access.check_against_data(
        _allowlist(tmp_path, GOOD + '[[user]]\nemail = "c@x.be"\nrole = "contactcoach"\ncoach = "antwerpen/c01"\n'),
        ["Antwerpen/C01", "Antwerpen/C02"])
    assert found.users["c@x.be"].coach_key == "Antwerpen/C01"
    assert found.problems == ()


def test_a_coach_key_that_could_be_two_coaches_shuts_out_that_coach(tmp_path):
    found = access.check_against_data(
        _allowlist(tmp_path, GOOD + '[[user]]\nemail = "c@x.be"\nrole = "contactcoach"\ncoach = "antwerpen/AB1"\n'),
        ["Antwerpen/Ab1", "Antwerpen/aB1"])
    assert list(found.users) == ["boss@samana.be"]
    assert found.problems == ("Contactcoach c@x.be verwijst naar coach 'Antwerpen/AB1', maar de werkboeken hebben "
                              "'Antwerpen/Ab1' en 'Antwerpen/aB1': schrijf coach = in de toegangslijst precies zoals in "
                              "het tabblad Contactcoaches.",)


def test_allowlist_problems_reach_the_log_without_addresses(tmp_path, caplog):
    from app_pages.ui import session

    path = tmp_path / "allowlist.toml"
    path.write_text(GOOD + '[[user]]\nemail = "c@x.be"\nrole = "coach"\n', encoding="utf-8")
    with caplog.at_level("WARNING", logger="duowerking"):
        session.allowlist.__wrapped__(str(path), 1)
    assert [r.getMessage() for r in caplog.records] == [
        "allow-list: Gebruiker 2 (<e-mail>) in 'allowlist.toml' heeft een onbekende rol 'coach': kies uit "
        "beroepskracht, intakevrijwilliger, contactcoach."]


def test_the_recorded_score_is_what_the_intake_volunteer_saw(tmp_path):
    ds = duo_core.load_dataset(write_sheets(tmp_path / "Antwerpen.xlsx", to_rows(base_records())), as_of=AS_OF)
    journal = duo_core.Journal(tmp_path / "logboek.sqlite")
    weights = duo_core.Weights(proximity=50, interests=50, availability=0, personality=0, age=0, waiting=0)
    lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), BOSS).propose("Antwerpen/D1", "Antwerpen/V1",
                                                                               weights=weights)
    payload = json.loads(journal.events()["payload"].iloc[0])
    expected = duo_core.explain_match(ds, "Antwerpen/D1", "Antwerpen/V1", weights)
    assert payload["score"] == round(expected.total, 2)
    assert payload["points"]["availability"] == 0.0
