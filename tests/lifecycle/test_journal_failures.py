"""The journal fails politely: a Dutch message within seconds, nothing half-written, and recovery by itself.

Locked, read-only, deleted, unreachable, and created by several servers at once, on SQLite and on the
real PostgreSQL server the test session starts.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from pathlib import Path

import pytest

import duo_core
from duo_core.lifecycle.journal import Journal, JournalError, JournalUnavailable, JournalVanished
from duo_core.lifecycle.stores import BUSY, READ_ONLY, VANISHED, VANISHED_TABLE, start_new_journal
from tests.racers import race


def test_a_read_only_journal_says_so_and_writes_nothing(tmp_path):
    path = tmp_path / "logboek.sqlite"
    Journal(path).propose("Antwerpen/D1", "Antwerpen/V1", "a@x")
    read_only = Journal(f"file:{path}?mode=ro")
    assert read_only.version() == (1, 1)
    assert read_only.writable() is False
    with pytest.raises(JournalUnavailable) as caught:
        read_only.propose("Antwerpen/D2", "Antwerpen/V2", "a@x")
    assert str(caught.value) == READ_ONLY
    assert Journal(path).version() == (1, 1)


def test_a_journal_file_without_write_permission_is_not_writable(tmp_path, monkeypatch):
    path = tmp_path / "logboek.sqlite"
    journal = Journal(path)
    assert journal.writable() is True
    # as root every file is writable, so the check itself is what can be shown here
    monkeypatch.setattr(duo_core.lifecycle.stores.os, "access", lambda p, mode: Path(p) != path)
    assert journal.writable() is False


def test_a_held_sqlite_lock_is_a_busy_message_within_seconds(tmp_path):
    path = tmp_path / "logboek.sqlite"
    journal = Journal(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        start = time.monotonic()
        with pytest.raises(JournalUnavailable) as caught:
            journal.propose("Antwerpen/D1", "Antwerpen/V1", "a@x")
        waited = time.monotonic() - start
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert str(caught.value) == BUSY
    assert 2.5 < waited < 6
    assert journal.propose("Antwerpen/D1", "Antwerpen/V1", "a@x") == "Antwerpen/APP00001"  # free again


def test_a_held_postgres_lock_is_a_busy_message_within_seconds(postgres_url):
    import psycopg

    journal = Journal(postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as holder:
        holder.execute("BEGIN")
        holder.execute("LOCK TABLE events IN EXCLUSIVE MODE")
        start = time.monotonic()
        with pytest.raises(JournalUnavailable) as caught:
            journal.propose("Antwerpen/D1", "Antwerpen/V1", "a@x")
        waited = time.monotonic() - start
        holder.execute("ROLLBACK")
    assert str(caught.value) == BUSY
    assert 2.5 < waited < 6
    assert journal.version() == (0, 0)
    assert journal.propose("Antwerpen/D1", "Antwerpen/V1", "a@x") == "Antwerpen/APP00001"


def test_a_journal_file_deleted_while_running_is_an_error_and_is_not_recreated(tmp_path):
    path = tmp_path / "logboek.sqlite"
    journal = Journal(path)
    assert journal.propose("Antwerpen/D1", "Antwerpen/V1", "a@x") == "Antwerpen/APP00001"
    for part in tmp_path.glob("logboek.sqlite*"):
        part.unlink()
    for attempt in (journal.version, journal.writable,
                    lambda: journal.propose("Antwerpen/D1", "Antwerpen/V1", "a@x"), lambda: Journal(path)):
        with pytest.raises(JournalVanished) as caught:
            attempt()
        assert str(caught.value) == VANISHED
    assert sorted(p.name for p in tmp_path.iterdir()) == [".logboek.sqlite.bestond"]  # nothing recreated


def test_a_vanished_journal_stays_an_error_after_a_restart_until_a_person_starts_a_new_one(tmp_path):
    path = tmp_path / "logboek.sqlite"
    Journal(path).propose("Antwerpen/D1", "Antwerpen/V1", "a@x")
    path.unlink()
    with pytest.raises(JournalVanished):
        Journal(path)  # a new server process: the marker beside the file remembers
    assert not path.exists()
    start_new_journal(path)  # a professional decided
    fresh = Journal(path)
    assert fresh.version() == (0, 0)
    assert fresh.propose("Antwerpen/D2", "Antwerpen/V2", "a@x") == "Antwerpen/APP00001"
    with pytest.raises(JournalError, match=r"^Het logboek bestaat nog"):
        start_new_journal(path)


def test_a_journal_file_replaced_by_an_empty_one_is_an_error(tmp_path):
    path = tmp_path / "logboek.sqlite"
    journal = Journal(path)
    journal.propose("Antwerpen/D1", "Antwerpen/V1", "a@x")
    for part in tmp_path.glob("logboek.sqlite*"):
        part.unlink()
    path.write_bytes(b"")
    with pytest.raises(JournalVanished):
        journal.version()
    with pytest.raises(JournalVanished):
        Journal(path)
    assert path.read_bytes() == b""


def test_an_unreachable_postgres_answers_within_seconds():
    start = time.monotonic()
    with pytest.raises(JournalUnavailable, match="Het logboek is niet bereikbaar"):
        Journal("postgresql://duo@127.0.0.1:1/duo")
    assert time.monotonic() - start < 6


OPEN = """
from duo_core.lifecycle.journal import Journal
try:
    Journal(args[0])
    print("ok")
except Exception as exc:  # the test reports what failed
    print(type(exc).__name__)
"""


def test_eight_servers_creating_a_fresh_postgres_journal_at_once_all_succeed(postgres_url, tmp_path):
    assert race(OPEN, [[postgres_url]] * 8, tmp_path, imports="import duo_core.lifecycle.journal") == ["ok"] * 8
    assert Journal(postgres_url).version() == (0, 0)


def test_an_in_memory_journal_lives_with_its_object_only():
    first, second = Journal.in_memory(), Journal.in_memory()
    first.propose("Antwerpen/D1", "Antwerpen/V1", "a@x")
    assert first.version() == (1, 1) and second.version() == (0, 0)
    assert first.ephemeral and first.label == "proefkopie (enkel deze sessie)"


NUL_NOTE = ("De notitie bevat een onzichtbaar NUL-teken (vaak meegekopieerd uit een ander programma) dat niet bewaard "
            "kan worden: typ de tekst opnieuw of verwijder dat teken. Er is niets vastgelegd.")


@pytest.mark.parametrize("journal_target", ["sqlite", "postgres"], indirect=True)
def test_a_nul_character_in_a_note_or_a_key_says_what_is_wrong_with_the_text(journal_target):
    journal = Journal(journal_target)
    key = journal.propose("Antwerpen/D1", "Antwerpen/V1", "a@x")
    with pytest.raises(JournalError) as caught:
        journal.followup(key, "a@x", dt.date(2026, 11, 2), note="belde\x00 terug")
    assert str(caught.value) == NUL_NOTE
    with pytest.raises(JournalError) as caught:
        journal.stop(key, "a@x", dt.date(2026, 11, 3), reason="verhuisd\x00")
    assert str(caught.value).startswith("De reden bevat een onzichtbaar NUL-teken")
    with pytest.raises(JournalError) as caught:
        journal.propose("Antwerpen/D\x002", "Antwerpen/V2", "a@x")
    assert str(caught.value).startswith("De sleutel van de deelnemer bevat een onzichtbaar NUL-teken")
    assert not isinstance(caught.value, JournalUnavailable)  # the journal is fine: actions stay on
    assert journal.version() == (1, 1)


def test_a_dropped_postgres_events_table_is_an_error_and_is_not_recreated(postgres_url):
    import psycopg

    journal = Journal(postgres_url)
    assert journal.propose("Antwerpen/D1", "Antwerpen/V1", "a@x") == "Antwerpen/APP00001"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("DROP TABLE events")
    for attempt in (journal.version, journal.writable,
                    lambda: journal.propose("Antwerpen/D1", "Antwerpen/V1", "a@x"), lambda: Journal(postgres_url)):
        with pytest.raises(JournalVanished) as caught:
            attempt()
        assert str(caught.value) == VANISHED_TABLE
    with psycopg.connect(postgres_url, autocommit=True) as conn:  # nothing recreated, the marker is still there
        assert conn.execute("SELECT to_regclass('events') IS NULL, count(*) FROM journal_existed").fetchone() == (
            True, 1)


def test_a_dropped_postgres_journal_begins_again_only_when_a_person_decides(postgres_url):
    import psycopg

    Journal(postgres_url).propose("Antwerpen/D1", "Antwerpen/V1", "a@x")
    with pytest.raises(JournalError, match=r"^Het logboek bestaat nog"):
        start_new_journal(postgres_url)  # the events are never thrown away here
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("DROP TABLE events")
    with pytest.raises(JournalVanished):
        Journal(postgres_url)  # a new server process: the marker table remembers
    start_new_journal(postgres_url)  # a professional decided
    fresh = Journal(postgres_url)
    assert fresh.version() == (0, 0)
    assert fresh.propose("Antwerpen/D2", "Antwerpen/V2", "a@x") == "Antwerpen/APP00001"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM journal_existed").fetchone() == (1,)


def test_a_postgres_journal_from_before_the_marker_gets_one(postgres_url):
    import psycopg

    Journal(postgres_url).propose("Antwerpen/D1", "Antwerpen/V1", "a@x")
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("DROP TABLE journal_existed")  # as made by an older version of the app
    assert Journal(postgres_url).version() == (1, 1)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM journal_existed").fetchone() == (1,)
        conn.execute("DROP TABLE events")
    with pytest.raises(JournalVanished):
        Journal(postgres_url)


def test_the_status_is_the_version_and_whether_actions_can_be_written(tmp_path):
    path = tmp_path / "logboek.sqlite"
    Journal(path).propose("Antwerpen/D1", "Antwerpen/V1", "a@x")
    assert Journal(path).status() == ((1, 1), True)
    assert Journal(f"file:{path}?mode=ro").status() == ((1, 1), False)
