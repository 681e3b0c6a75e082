"""Privacy rules: the append-only access log, erasure (down to the stored bytes), retention, the same person.

The journal tests run on a SQLite file and on a real local PostgreSQL server.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import sqlite3
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import duo_core
from duo_core.lifecycle import erasure, retention
from duo_core.lifecycle.access_log import AccessLog, audit_table
from duo_core.lifecycle.journal import Journal, JournalError
from tests.helpers import AS_OF, base_records, to_rows, write_sheets

NAME = "Vanhoudenhove"
DAY = dt.date(2026, 10, 5)
PG_DUMP = Path("/usr/lib/postgresql/15/bin/pg_dump")


def clock() -> dt.datetime:
    return dt.datetime(2026, 11, 20, 14, 30, 5)


@pytest.fixture
def journal(journal_target):
    return Journal(journal_target, clock=clock)


def _records() -> dict:
    records = base_records()
    for row, (first, last) in zip(records["Deelnemers"], [("Zoë", NAME), ("Jan", "Peeters"), ("Mia", "Wouters")],
                                  strict=True):
        row["Voornaam"], row["Achternaam"] = first, last
    records["Deelnemers"][2]["Postcode"], records["Deelnemers"][2]["Gemeente"] = "2800", "Mechelen"
    records["Vrijwilligers"][1]["Voornaam"] = "Karel"
    return records


def _dataset(tmp_path: Path, records: dict | None = None, name: str = "Antwerpen.xlsx") -> duo_core.Dataset:
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    write_sheets(folder / name, to_rows(records or _records()))
    return duo_core.load_dataset(folder, as_of=AS_OF)


# --- the access log ---------------------------------------------------------------------------


def test_the_access_log_records_who_looked_at_whom_and_filters(journal):
    log = AccessLog(journal)
    assert log.record("an@samana.be", "profiel", ["Antwerpen/D1", "Antwerpen/D1", ""]) == 1
    assert log.record("bert@samana.be", "uitleg", ["Antwerpen/D1", "Antwerpen/V1"], "Antwerpen/D1 + Antwerpen/V1") == 2
    everything = log.entries()
    assert everything[["id", "actor", "kind", "person_key", "detail"]].values.tolist() == [
        [3, "bert@samana.be", "uitleg", "Antwerpen/V1", "Antwerpen/D1 + Antwerpen/V1"],
        [2, "bert@samana.be", "uitleg", "Antwerpen/D1", "Antwerpen/D1 + Antwerpen/V1"],
        [1, "an@samana.be", "profiel", "Antwerpen/D1", ""],
    ]
    assert set(everything["at"]) == {"2026-11-20T14:30:05"}
    assert log.entries(["Antwerpen/V1"])["id"].tolist() == [3]
    assert log.entries(actor="an@samana.be")["id"].tolist() == [1]
    assert log.entries(["Antwerpen/D1"], "bert@samana.be")["id"].tolist() == [2]
    assert log.actors() == ["an@samana.be", "bert@samana.be"]
    assert audit_table(everything.tail(1)).values.tolist() == [
        [1, "20/11/2026 14:30:05", "an@samana.be", "profiel geopend", "Antwerpen/D1", ""]]


def test_views_shown_together_are_written_in_one_transaction_all_or_none(journal):
    log = AccessLog(journal)
    assert log.record_many("an@samana.be", [("profiel", ["Antwerpen/D1"], ""),
                                            ("uitleg", ["Antwerpen/D1", "Antwerpen/V1"], "Antwerpen/D1 + Antwerpen/V1"),
                                            ("profiel", [], "")]) == 3
    with pytest.raises(ValueError, match="Onbekende soort inzage 'kijk'"):
        log.record_many("an@samana.be", [("profiel", ["Antwerpen/D2"], ""), ("kijk", ["Antwerpen/D2"], "")])
    assert log.entries()[["id", "kind", "person_key"]].values.tolist()[::-1] == [
        [1, "profiel", "Antwerpen/D1"], [2, "uitleg", "Antwerpen/D1"], [3, "uitleg", "Antwerpen/V1"]]


def test_a_professional_of_some_provinces_reads_who_looked_at_their_people_only(journal):
    log = AccessLog(journal)
    log.record("an@samana.be", "profiel", ["Antwerpen/D1"])
    log.record("lies@samana.be", "profiel", ["Limburg/D7"])
    log.record("bert@samana.be", "uitleg", ["Limburg/D7", "Antwerpen/V1"], "Limburg/D7 + Antwerpen/V1")
    assert log.entries(provinces=("Antwerpen",))[["id", "actor", "person_key"]].values.tolist() == [
        [4, "bert@samana.be", "Antwerpen/V1"], [1, "an@samana.be", "Antwerpen/D1"]]
    assert log.entries(actor="lies@samana.be", provinces=("Antwerpen",)).empty
    assert log.actors(("Antwerpen",)) == ["an@samana.be", "bert@samana.be"]
    assert log.actors(("Limburg",)) == ["bert@samana.be", "lies@samana.be"]
    assert len(log.entries()) == 4


def test_the_access_log_cannot_be_changed_or_emptied(journal):
    log = AccessLog(journal)
    log.record("an@samana.be", "export", ["Antwerpen/D1"], "wachtlijst.xlsx")
    for sql in ("UPDATE access_log SET actor = 'niemand'", "DELETE FROM access_log"):
        with pytest.raises(Exception, match="append-only"):
            conn = journal.store.connect()
            try:
                conn.execute(sql)
            finally:
                conn.close()
    assert log.entries()["actor"].tolist() == ["an@samana.be"]
    with pytest.raises(ValueError, match="Onbekende soort inzage 'gelezen'"):
        log.record("an@samana.be", "gelezen", ["Antwerpen/D1"])


# --- erasure ------------------------------------------------------------------------------------


def _history(journal: Journal) -> str:
    """A duo of D1 with notes that name her, an event carrying her contact details, and another duo."""
    key = journal.propose("Antwerpen/D1", "Antwerpen/V1", "a@x", note=f"Zoë {NAME} belt liever 's avonds",
                          payload={"first_name": "Zoë", "last_name": NAME, "phone": "015 99 88 77"})
    journal.introduce(key, "a@x")
    journal.start(key, "a@x", "Antwerpen/C1", DAY)
    journal.followup(key, "c@x", DAY, f"{NAME} voelde zich goed")
    journal.stop(key, "a@x", DAY, "verhuisd")
    journal.propose("Antwerpen/D3", "Antwerpen/V2", "a@x", note="Mia wandelt graag")
    return key


def test_forgetting_keeps_the_events_and_drops_names_and_free_text(journal):
    key = _history(journal)
    before = journal.state(key)
    assert erasure.forget(journal, "Antwerpen/D1", "boss@x", "verzoek van de persoon (recht op vergetelheid)") == 5
    events = journal.events()
    assert events["action"].tolist() == ["propose", "introduce", "start", "followup", "stop", "propose"]
    assert [json.loads(p) for p in events["payload"]] == [
        {"vergeten": True},
        {"vergeten": True},
        {"coach_key": "Antwerpen/C1", "date": "2026-10-05", "vergeten": True},
        {"date": "2026-10-05", "next": "2026-11-30", "vergeten": True},
        {"date": "2026-10-05", "reason": "verhuisd", "vergeten": True},
        {"note": "Mia wandelt graag"},
    ]
    after = journal.state(key)
    assert (after.status, after.start_date, after.end_date, after.stop_reason, after.last_followup) == (
        before.status, before.start_date, before.end_date, before.stop_reason, before.last_followup)
    gone = erasure.erasures(journal)
    assert gone[["actor", "person_key", "reason"]].values.tolist() == [
        ["boss@x", "Antwerpen/D1", "verzoek van de persoon (recht op vergetelheid)"]]
    assert erasure.erased_keys(journal) == frozenset({"Antwerpen/D1"})


def test_a_side_table_is_made_once_per_journal_not_on_every_run(journal, monkeypatch):
    assert erasure.erased_keys(journal) == frozenset()  # makes the erasures table
    calls = []
    original = journal.store.connect
    monkeypatch.setattr(journal.store, "connect", lambda *a, **k: calls.append(1) or original(*a, **k))
    assert erasure.erased_keys(journal) == frozenset()
    assert calls == [1]  # the one query of the keys, no making of the table again
    erasure.forget(journal, "Antwerpen/D1", "boss@x", "verzoek van de persoon (recht op vergetelheid)")
    assert erasure.erased_keys(journal) == frozenset({"Antwerpen/D1"})


def test_forgetting_needs_a_reason_from_the_list(journal):
    with pytest.raises(JournalError, match="Kies een reden uit de lijst"):
        erasure.forget(journal, "Antwerpen/D1", "boss@x", "zomaar")
    assert erasure.erased_keys(journal) == frozenset()


def test_a_stop_reason_typed_by_hand_is_free_text_and_goes():
    assert json.loads(erasure.scrubbed(json.dumps({"date": "2026-10-05", "reason": "Zoë is naar Gent"}))) == {
        "date": "2026-10-05", "vergeten": True}


def _sqlite_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_the_sqlite_file_no_longer_holds_the_name(tmp_path, monkeypatch):
    path = tmp_path / "logboek.sqlite"
    journal = Journal(path, clock=clock)
    connect = journal.store.connect

    def as_most_builds():  # SQLite's own default (some builds, like Debian's Python, switch it on)
        conn = connect()
        conn.execute("PRAGMA secure_delete=OFF")
        return conn

    monkeypatch.setattr(journal.store, "connect", as_most_builds)
    _history(journal)
    for i in range(4, 40):  # other people's events fill the page around hers
        journal.cancel(journal.propose(f"Antwerpen/D{i}", f"Antwerpen/V{i}", "a@x", note=f"notitie {i} " * 8), "a@x")
    AccessLog(journal).record("boss@x", "profiel", ["Antwerpen/D1"])
    with sqlite3.connect(path) as conn:  # the events reach the main file (as they do after 1000 pages)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert NAME.encode() in path.read_bytes()  # the test can fail: the name is there before
    erasure.forget(journal, "Antwerpen/D1", "boss@x", "bewaartermijn verstreken")
    stored = _sqlite_bytes(path)
    for word in (NAME, "015 99 88 77", "belt liever", "voelde zich goed"):
        assert word.encode() not in stored
    assert b"Mia wandelt graag" in stored
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.skipif(not PG_DUMP.exists(), reason="pg_dump van PostgreSQL 15 is niet geïnstalleerd")
def test_a_postgresql_dump_and_table_file_no_longer_hold_the_name(postgres_url):
    import psycopg

    journal = Journal(postgres_url, clock=clock)
    _history(journal)

    def dump() -> bytes:
        return subprocess.run([str(PG_DUMP), "--dbname", postgres_url], check=True, capture_output=True).stdout

    def table_file() -> bytes:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute("CHECKPOINT")
            folder = conn.execute("SELECT current_setting('data_directory')").fetchone()[0]
            relative = conn.execute("SELECT pg_relation_filepath('events')").fetchone()[0]
        return Path(folder, relative).read_bytes()

    assert NAME.encode() in dump() and NAME.encode() in table_file()
    erasure.forget(journal, "Antwerpen/D1", "boss@x", "bewaartermijn verstreken")
    assert NAME.encode() not in dump()
    assert NAME.encode() not in table_file()  # the old row versions are gone from the table's file too
    assert b"Mia wandelt graag" in dump()


# --- in the pages: te verwijderen, never proposed, where in the workbooks -------------------------


def test_a_forgotten_person_is_te_verwijderen_and_never_proposed(tmp_path):
    ds = _dataset(tmp_path)
    assert "Antwerpen/V1" in duo_core.rank_volunteers(ds, "Antwerpen/D3")["key"].tolist()
    hidden = erasure.hide_erased(ds, {"Antwerpen/D1", "Antwerpen/V1"})
    row = hidden.participant("Antwerpen/D1")
    assert (row["first_name"], row["status"]) == ("(te verwijderen)", "te verwijderen")
    assert row[["last_name", "phone", "email", "notes", "care_need", "intake_by", "birth_date"]].isna().all()
    assert hidden.volunteer("Antwerpen/V1")["first_name"] == "(te verwijderen)"
    assert duo_core.rank_volunteers(hidden, "Antwerpen/D1").empty
    assert duo_core.standing(hidden, "Antwerpen/D1", participant=True) == "Deelnemer wacht niet (status: te verwijderen)."
    assert "Antwerpen/V1" not in duo_core.rank_volunteers(hidden, "Antwerpen/D3")["key"].tolist()
    assert hidden.participant("Antwerpen/D3")["first_name"] == "Mia"
    assert ds.participant("Antwerpen/D1")["first_name"] == "Zoë"  # the dataset given is not modified
    assert erasure.hide_erased(ds, set()) is ds


def test_where_a_person_still_appears_in_the_workbooks(tmp_path):
    ds = _dataset(tmp_path)
    rows = erasure.workbook_rows(ds, ["Antwerpen/D2", "Antwerpen/V1"])
    assert rows[["person_key", "file", "sheet", "row"]].values.tolist() == [
        ["Antwerpen/D2", "Antwerpen.xlsx", "Deelnemers", 3],
        ["Antwerpen/D2", "Antwerpen.xlsx", "Duo's", 2],
        ["Antwerpen/V1", "Antwerpen.xlsx", "Vrijwilligers", 2],
    ]
    assert erasure.workbook_rows(ds, ["Antwerpen/D9"]).empty


def test_the_confirmation_of_an_erasure_says_what_is_left_in_the_workbooks(tmp_path):
    ds = _dataset(tmp_path)
    nowhere = pd.DataFrame(columns=erasure.ELSEWHERE_COLUMNS)
    assert erasure.forgotten_sentence(ds, ["Antwerpen/D2"], nowhere) == (
        "Vergeten: Antwerpen/D2. Verwijder nu de rijen uit de werkboeken (hieronder bij Vergeten personen).")
    # a person signed up in the app has no workbook row: nothing is left to delete
    assert erasure.forgotten_sentence(ds, ["Antwerpen/AANM00001"], nowhere) == (
        "Vergeten: Antwerpen/AANM00001. Er staat niets over in de werkboeken: er is niets meer te verwijderen.")
    limburg = pd.DataFrame([["Limburg", 1, 0]], columns=erasure.ELSEWHERE_COLUMNS)
    assert erasure.forgotten_sentence(ds, ["Antwerpen/AANM00001"], limburg).endswith(
        "niets meer te verwijderen. Dezelfde persoon staat ook in Limburg (1 rij in de werkboeken, 0 stappen in het "
        "logboek) en is daar niet vergeten: een beroepskracht van die provincie (of de privacyverantwoordelijke van "
        "de organisatie) vervolledigt het verzoek daar.")


def test_the_same_person_is_found_in_every_province(tmp_path):
    other = _records()
    moved = copy.deepcopy(other["Deelnemers"][0])
    moved["ID"], moved["Voornaam"], moved["Achternaam"] = "D7", "zoe", NAME.upper()  # accents and case differ
    other["Deelnemers"] = [moved]
    other["Vrijwilligers"] = other["Vrijwilligers"][:1]
    other["Vrijwilligers"][0]["Voornaam"], other["Vrijwilligers"][0]["Achternaam"] = "Zoë", NAME
    other["Vrijwilligers"][0]["Geboortedatum"] = dt.datetime(1958, 5, 3)
    other["Duo's"] = []
    _dataset(tmp_path)
    ds = _dataset(tmp_path, other, "Limburg.xlsx")
    assert erasure.same_person(ds, "Antwerpen/D1") == ["Antwerpen/D1", "Limburg/D7", "Limburg/V1"]
    assert erasure.same_person(ds, "Antwerpen/D2") == ["Antwerpen/D2"]


# --- retention ----------------------------------------------------------------------------------


def test_people_and_duos_stopped_longer_than_the_period_are_listed(tmp_path):
    records = _records()
    records["Deelnemers"][0]["Status"] = "gestopt"  # D1: no duo; last confirmed 2024-10-31 (> 24 months)
    records["Deelnemers"][0]["Laatst bevestigd"] = dt.datetime(2024, 10, 31)
    records["Deelnemers"][0]["Aanmelddatum"] = dt.datetime(2023, 1, 1)
    records["Deelnemers"][2]["Status"] = "gestopt"  # D3: her duo ended 2024-11-02 (< 24 months)
    records["Vrijwilligers"][0]["Status"] = "gestopt"  # V1: his duo ended 2023-06-30
    records["Duo's"] = [
        {**records["Duo's"][0], "Duo ID": "DUO2", "Deelnemer ID": "D3", "Vrijwilliger ID": "V2",
         "Status": "gestopt", "Einddatum": dt.datetime(2024, 11, 2), "Stopreden": "verhuisd"},
        {**records["Duo's"][0], "Duo ID": "DUO3", "Deelnemer ID": "D2", "Vrijwilliger ID": "V1",
         "Status": "gestopt", "Einddatum": dt.datetime(2023, 6, 30), "Stopreden": "doel bereikt"},
    ]
    ds = _dataset(tmp_path, records)
    found = retention.expired(ds)
    assert found[["kind", "key", "since", "sheet", "row"]].values.tolist() == [
        ["duo", "Antwerpen/DUO3", pd.Timestamp("2023-06-30"), "Duo's", 3],
        ["vrijwilliger", "Antwerpen/V1", pd.Timestamp("2023-06-30"), "Vrijwilligers", 2],
        ["deelnemer", "Antwerpen/D1", pd.Timestamp("2024-10-31"), "Deelnemers", 2],
    ]
    assert found["message"].iloc[2] == (
        "Bewaartermijn verstreken: deze persoon is gestopt sinds 31/10/2024 (meer dan 24 maanden). "
        "Verwijder de rij uit het werkboek, of vergeet de persoon op de pagina Privacy.")
    assert retention.expired(ds, months=23)["key"].tolist() == [
        "Antwerpen/DUO3", "Antwerpen/V1", "Antwerpen/D1", "Antwerpen/D3", "Antwerpen/DUO2"]
    assert retention.expired(ds, months=60).empty


def test_retention_is_configurable_in_duo_toml(tmp_path):
    (tmp_path / "duo.toml").write_text("[privacy]\nretention_months = 36\n", encoding="utf-8")
    assert duo_core.load_config(tmp_path / "duo.toml").retention_months == 36
    assert duo_core.Config().retention_months == 24
    (tmp_path / "duo.toml").write_text("[privacy]\nretention_months = 0\n", encoding="utf-8")
    with pytest.raises(duo_core.ConfigError, match=r"\[privacy\] retention_months mag niet kleiner zijn dan 1"):
        duo_core.load_config(tmp_path / "duo.toml")


def test_a_read_only_journal_without_the_tables_reads_as_empty_and_refuses_writing(tmp_path):
    from duo_core.lifecycle.stores import JournalUnavailable

    path = tmp_path / "logboek.sqlite"
    Journal(path).propose("Antwerpen/D1", "Antwerpen/V1", "a@x")  # an older journal: events only
    journal = Journal(f"file:{path}?mode=ro", clock=clock)
    log = AccessLog(journal)
    assert log.entries().empty and log.actors() == []
    assert erasure.erasures(journal).empty and erasure.erased_keys(journal) == frozenset()
    with pytest.raises(JournalUnavailable, match="kan niet beschreven worden"):
        log.record("a@x", "profiel", ["Antwerpen/D1"])
    with pytest.raises(JournalUnavailable, match="kan niet beschreven worden"):
        erasure.forget(journal, "Antwerpen/D1", "a@x", "bewaartermijn verstreken")


def test_retention_of_no_data_is_an_empty_list(tmp_path):
    found = retention.expired(duo_core.load_dataset(tmp_path, as_of=AS_OF))
    assert found.empty and found.columns.tolist() == retention.RETENTION_COLUMNS
