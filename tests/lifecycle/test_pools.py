"""PostgreSQL connections are reused (one pool per database per process), on the session's real server.

A reused connection broken by a server restart is never handed out, one given back in the middle of a
transaction is rolled back, and a pool that has no free connection in time is the Dutch refusal.
"""

from __future__ import annotations

import pytest

from duo_core.lifecycle import pools
from duo_core.lifecycle.journal import Journal, JournalUnavailable
from duo_core.lifecycle.stores import UNREACHABLE


def _backend(journal: Journal) -> int:
    return journal._query(lambda conn: conn.execute("SELECT pg_backend_pid()").fetchone()[0])


def _terminate_all(url: str) -> int:
    """What a server restart does to the app's open connections: every backend of the database ends."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid()").fetchone()[0]


def test_two_queries_of_a_journal_run_on_the_same_server_backend(postgres_url):
    journal = Journal(postgres_url)
    assert _backend(journal) == _backend(journal)


def test_two_journals_on_one_database_share_the_connections(postgres_url):
    assert _backend(Journal(postgres_url)) == _backend(Journal(postgres_url))


def test_connections_broken_by_a_server_restart_are_replaced_at_the_next_call(postgres_url):
    journal = Journal(postgres_url)
    first, second = journal.store.connect(), journal.store.connect()
    before = {first.info.backend_pid, second.info.backend_pid}
    first.close()
    second.close()  # two idle connections in the pool
    assert _terminate_all(postgres_url) == 2
    assert journal.version() == (0, 0)
    assert _backend(journal) not in before


def test_a_connection_given_back_in_a_transaction_is_rolled_back(postgres_url):
    journal = Journal(postgres_url)
    conn = journal.store.connect()
    conn.execute("BEGIN")
    conn.execute("INSERT INTO events (at, actor, action, duo_key, participant_key, volunteer_key) "
                 "VALUES ('2026-12-02', 'a@x', 'propose', 'k', 'p', 'v')")
    conn.close()
    again = journal.store.connect()
    try:
        assert again.info.transaction_status.name == "IDLE"
        assert again.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    finally:
        again.close()


def test_no_free_connection_in_time_is_the_dutch_unreachable_message(postgres_url, monkeypatch):
    monkeypatch.setattr(pools, "MAX_SIZE", 1)
    monkeypatch.setattr(pools, "TIMEOUT", 0.5)
    journal = Journal(postgres_url)  # this database's pool is made now: one connection at most
    held = journal.store.connect()
    try:
        with pytest.raises(JournalUnavailable) as caught:
            journal.version()
    finally:
        held.close()
    assert str(caught.value) == UNREACHABLE
    assert journal.version() == (0, 0)  # given back: free again


def test_a_refused_connection_is_the_dutch_message_without_waiting_for_the_pool():
    with pytest.raises(JournalUnavailable) as caught:
        Journal("postgresql://duo@127.0.0.1:1/duo")
    assert str(caught.value) == UNREACHABLE
    assert str(caught.value.__cause__) == pools.REFUSED  # seen at once, not the pool's timeout
