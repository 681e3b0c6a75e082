"""Who looked: an append-only log of who opened which person's data (never the content).

Opening a person's profile, the explanation of a pair, a duo card or an export that names people is one
row per person in the ``access_log`` table, beside the journal's events (same SQLite file or PostgreSQL
database): when, who (the user's e-mail address), what kind of view, which person (their key, e.g.
``Antwerpen/D0174``) and what it was about (a duo key, the other person of a pair, an export's name).
The database refuses to change or delete a row (triggers), so the log only grows; only professionals
read it (:data:`duo_core.access.PAGES`).

The table lives in its own module so that the journal's events stay as they are; :func:`side_table`
creates such a table on either store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import weakref
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pandas as pd

from duo_core.access import key_province
from duo_core.lifecycle.journal import Journal
from duo_core.lifecycle.stores import READ_ONLY, JournalUnavailable, PostgresStore

#: What was opened, with its Dutch label.
KINDS = {
    "profiel": "profiel geopend",
    "uitleg": "uitleg van een koppel",
    "duokaart": "duokaart getoond",
    "export": "export met namen",
    "cijfer": "namen achter een cijfer",
    "inzage": "inzageverzoek",
    "vergeten": "persoon vergeten",
}
LOG_COLUMNS = ["id", "at", "actor", "kind", "person_key", "detail"]
#: Per journal, the side tables known to exist: made once, they are not made again on every run.
_MADE: weakref.WeakKeyDictionary[Journal, set[str]] = weakref.WeakKeyDictionary()
_APPEND_ONLY_SQLITE = """
CREATE TRIGGER IF NOT EXISTS {table}_no_{verb} BEFORE {verb} ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"""
_APPEND_ONLY_PG = """
CREATE OR REPLACE FUNCTION duo_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"""


def side_table(journal: Journal, table: str, columns: str, append_only: bool = False,
               indexes: Sequence[str] = ()) -> bool:
    """Create ``table`` (``id`` plus ``columns``, SQL) in the journal's database, idempotently.

    ``append_only`` adds triggers that refuse every UPDATE and DELETE of its rows. Returns whether the
    table is there: a journal opened read-only that never had it gives ``False`` (nothing to read). A table
    made (or found) once is known to this journal object from then on: pages ask on every run, and on
    PostgreSQL making it takes a transaction and a lock that all server processes share.
    """
    if table in _MADE.get(journal, ()):
        return True
    postgres = isinstance(journal.store, PostgresStore)
    ident = "id BIGSERIAL PRIMARY KEY" if postgres else "id INTEGER PRIMARY KEY AUTOINCREMENT"

    def create(conn) -> None:
        if getattr(journal.store, "read_only", False):
            try:
                conn.execute(f"SELECT 1 FROM {table} LIMIT 1")
            except sqlite3.OperationalError:
                return False
            return True
        if postgres:
            conn.execute("BEGIN")
            conn.execute("SELECT pg_advisory_xact_lock(74206)")
        conn.execute(f"CREATE TABLE IF NOT EXISTS {table} ({ident}, {columns})")
        for column in indexes:
            conn.execute(f"CREATE INDEX IF NOT EXISTS {table}_{column} ON {table} ({column})")
        if append_only and postgres:
            conn.execute(_APPEND_ONLY_PG)
            conn.execute(f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                         "FOR EACH ROW EXECUTE FUNCTION duo_append_only()")
        elif append_only:
            for verb in ("UPDATE", "DELETE"):
                conn.execute(_APPEND_ONLY_SQLITE.format(table=table, verb=verb))
        if postgres:
            conn.execute("COMMIT")
        return True

    made = run(journal, create)
    if made:
        _MADE.setdefault(journal, set()).add(table)
    return made


def run(journal: Journal, fn: Callable):
    """Run ``fn(conn)`` on a new connection of the journal; database errors become Dutch refusals."""
    try:
        conn = journal.store.connect()
    except Exception as exc:
        raise journal.store.translate(exc) or exc from exc
    try:
        return fn(conn)
    except Exception as exc:
        with contextlib.suppress(Exception):
            conn.execute("ROLLBACK")
        raise journal.store.translate(exc) or exc from exc
    finally:
        conn.close()


class AccessLog:
    """The append-only log of who opened which person's data, kept with ``journal``.

    Parameters
    ----------
    journal
        The journal whose database holds the log.
    clock
        The time written with each row (default: the journal's clock).
    """

    def __init__(self, journal: Journal, clock: Callable[[], dt.datetime] | None = None) -> None:
        self.journal = journal
        self.clock = clock or journal.clock
        self.ready = side_table(journal, "access_log", "at TEXT NOT NULL, actor TEXT NOT NULL, kind TEXT NOT NULL, "
                   "person_key TEXT NOT NULL, detail TEXT NOT NULL DEFAULT ''", append_only=True,
                   indexes=("person_key", "actor"))

    def record(self, actor: str, kind: str, people: Iterable[str], detail: str = "") -> int:
        """Append one row per person (duplicates once) and return how many rows were written.

        ``detail`` says what it was about (a duo key, the other person's key, the export's file name);
        never the content that was shown.
        """
        return self.record_many(actor, [(kind, people, detail)])

    def record_many(self, actor: str, views: Iterable[tuple[str, Iterable[str], str]]) -> int:
        """:meth:`record` for several views ``(kind, people, detail)`` at once, in one transaction.

        All rows or none are written; returns how many.
        """
        views = [(kind, [k for k in dict.fromkeys(people) if isinstance(k, str) and k], detail)
                 for kind, people, detail in views]
        for kind, _, _ in views:
            if kind not in KINDS:
                raise ValueError(f"Onbekende soort inzage '{kind}': kies uit {', '.join(KINDS)}.")
        if not self.ready:
            raise JournalUnavailable(READ_ONLY)
        at = self.clock().isoformat(timespec="seconds")
        rows = [(at, actor, kind, key, detail) for kind, keys, detail in views for key in keys]
        if not rows:
            return 0
        p = self.journal.store.param

        def insert(conn) -> None:
            conn.execute("BEGIN")
            sql = f"INSERT INTO access_log (at, actor, kind, person_key, detail) VALUES ({p}, {p}, {p}, {p}, {p})"
            cur = conn.cursor()
            cur.executemany(sql, rows)
            conn.execute("COMMIT")

        run(self.journal, insert)
        return len(rows)

    def entries(self, person_keys: Iterable[str] = (), actor: str = "", provinces: Sequence[str] = ()
                ) -> pd.DataFrame:
        """The log, newest first, for some people and/or one user (both optional): ``LOG_COLUMNS``.

        ``provinces``: only rows about people of these provinces (a professional restricted to some provinces
        reads who looked at their people, not at another province's); empty means all.
        """
        if not self.ready:
            return pd.DataFrame(columns=LOG_COLUMNS).astype({"id": "int64"})
        p = self.journal.store.param
        keys = list(dict.fromkeys(person_keys))
        where, params = [], []
        if keys:
            where.append(f"person_key IN ({', '.join([p] * len(keys))})")
            params += keys
        if actor:
            where.append(f"actor = {p}")
            params.append(actor)
        sql = (f"SELECT {', '.join(LOG_COLUMNS)} FROM access_log "
               f"{'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY id DESC")
        rows = run(self.journal, lambda conn: conn.execute(sql, tuple(params)).fetchall())
        frame = pd.DataFrame([tuple(r) for r in rows], columns=LOG_COLUMNS)
        if provinces:
            mine = np.array([key_province(k) in provinces for k in frame["person_key"]], dtype=bool)
            frame = frame.loc[mine].reset_index(drop=True)
        return frame.astype({"id": "int64"})

    def actors(self, provinces: Sequence[str] = ()) -> list[str]:
        """Everyone who ever opened something (about people of ``provinces``; empty means all), sorted."""
        if not self.ready:
            return []
        if provinces:
            return sorted(set(self.entries(provinces=provinces)["actor"]))
        rows = run(self.journal, lambda conn: conn.execute("SELECT DISTINCT actor FROM access_log").fetchall())
        return sorted(r[0] for r in rows)


def audit_table(entries: pd.DataFrame) -> pd.DataFrame:
    """The log as professionals read and download it: Dutch headers, a readable time and kind."""
    return pd.DataFrame({
        "Nr": entries["id"].to_numpy(),
        "Tijdstip": [dt.datetime.fromisoformat(a).strftime("%d/%m/%Y %H:%M:%S") for a in entries["at"]],
        "Door": entries["actor"].to_numpy(),
        "Wat": [KINDS.get(k, k) for k in entries["kind"]],
        "Persoon": entries["person_key"].to_numpy(),
        "Over": entries["detail"].to_numpy(),
    })


__all__ = ["KINDS", "LOG_COLUMNS", "AccessLog", "audit_table", "run", "side_table"]
