"""The match lifecycle, recorded safely: an append-only journal of events in SQLite.

Nothing is ever written to the source workbooks. Every decision (a proposal, an introduction, the start
of a duo, a follow-up, a stop, a cancellation, an undo) is one row in the ``events`` table, written in one
transaction that first checks the transition against the current state (``BEGIN IMMEDIATE`` takes the
write lock, so two people proposing the same volunteer at the same moment are served one after the
other: the first gets the proposal, the second a Dutch refusal). The state of each duo is the replay of
its events; :func:`overlay` adds the journal's duos to a dataset, reconciled with the workbook.

Transitions::

    voorstel --introduce--> kennismaking --start--> actief --stop--> gestopt
    voorstel/kennismaking --cancel--> geannuleerd
    kennismaking/actief --followup--> (same status, new last/next follow-up)
    any event --undo (professional)--> as if it never happened
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from duo_core.coaches import REGULAR_DAYS
from duo_core.dataset import Dataset

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    duo_key TEXT NOT NULL,
    participant_key TEXT NOT NULL,
    volunteer_key TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS events_duo ON events (duo_key);
"""
ACTIONS = ("propose", "introduce", "start", "followup", "stop", "cancel", "undo")
#: From which statuses each action may be taken, and the status after it.
TRANSITIONS = {
    "introduce": (("voorstel",), "kennismaking"),
    "start": (("kennismaking",), "actief"),
    "followup": (("kennismaking", "actief"), None),
    "stop": (("kennismaking", "actief"), "gestopt"),
    "cancel": (("voorstel", "kennismaking"), "geannuleerd"),
}
RESERVING = ("voorstel", "kennismaking")
STATUS_WORDS = {"voorstel": "voorgesteld", "kennismaking": "in kennismaking", "actief": "actief",
                "gestopt": "gestopt", "geannuleerd": "geannuleerd"}


class JournalError(ValueError):
    """An action that is refused, with a Dutch message saying why."""


@dataclass(frozen=True)
class DuoState:
    """The replayed state of one duo from the journal."""

    duo_key: str
    participant_key: str
    volunteer_key: str
    status: str
    proposed_by: str
    proposed_at: str
    coach_key: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    stop_reason: str | None = None
    last_followup: str | None = None
    next_followup: str | None = None
    note: str = ""


class Journal:
    """An append-only journal in a SQLite file (WAL mode), safe for several threads and processes.

    Parameters
    ----------
    path
        The database file, e.g. ``journal.sqlite`` beside the data folder.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        with self._connect() as conn:
            conn.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.row_factory = sqlite3.Row
        return conn

    # --- reading -------------------------------------------------------------------------------

    def events(self) -> pd.DataFrame:
        """Every event, oldest first (the audit view)."""
        with self._connect() as conn:
            rows = conn.execute("SELECT * FROM events ORDER BY id").fetchall()
        columns = ["id", "at", "actor", "action", "duo_key", "participant_key", "volunteer_key", "payload"]
        return pd.DataFrame([dict(r) for r in rows], columns=columns)

    @staticmethod
    def _replay(rows) -> dict[str, DuoState]:
        rows = list(rows)
        undone = {json.loads(r["payload"])["event"] for r in rows if r["action"] == "undo"}
        states: dict[str, DuoState] = {}
        for r in rows:
            if r["action"] == "undo" or r["id"] in undone:
                continue
            data = json.loads(r["payload"])
            if r["action"] == "propose":
                states[r["duo_key"]] = DuoState(
                    r["duo_key"], r["participant_key"], r["volunteer_key"], "voorstel", r["actor"], r["at"],
                    note=data.get("note", ""),
                )
                continue
            state = states.get(r["duo_key"])
            if state is None:
                continue  # its proposal was undone
            changes = {}
            if r["action"] == "start":
                changes = {"coach_key": data.get("coach_key"), "start_date": data["date"]}
            elif r["action"] == "stop":
                changes = {"end_date": data["date"], "stop_reason": data.get("reason")}
            elif r["action"] == "followup":
                changes = {"last_followup": data["date"], "next_followup": data["next"]}
            new_status = TRANSITIONS[r["action"]][1]
            states[r["duo_key"]] = dataclasses.replace(state, status=new_status or state.status, **changes)
        return states

    def states(self) -> dict[str, DuoState]:
        """The current state of every duo in the journal."""
        with self._connect() as conn:
            return self._replay(conn.execute("SELECT * FROM events ORDER BY id").fetchall())

    # --- writing -------------------------------------------------------------------------------

    def _write(self, check, action: str, actor: str, payload: dict) -> tuple[int, str]:
        """Check against the current state and append, in one IMMEDIATE transaction.

        ``check(states, next_id)`` raises :class:`JournalError` to refuse, or returns the event's
        ``(duo_key, participant_key, volunteer_key)``. Returns the new event's id and its duo key.
        """
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            rows = conn.execute("SELECT * FROM events ORDER BY id").fetchall()
            next_id = (rows[-1]["id"] if rows else 0) + 1
            duo_key, participant_key, volunteer_key = check(self._replay(rows), next_id)
            cur = conn.execute(
                "INSERT INTO events (at, actor, action, duo_key, participant_key, volunteer_key, payload)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (dt.datetime.now().isoformat(timespec="seconds"), actor, action, duo_key, participant_key,
                 volunteer_key, json.dumps(payload, ensure_ascii=False)),
            )
            conn.execute("COMMIT")
            return int(cur.lastrowid), duo_key
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()

    def propose(self, ds: Dataset, participant_key: str, volunteer_key: str, actor: str, note: str = "") -> str:
        """Propose a pair; it reserves both people. Returns the new duo key.

        Refused when a hard rule excludes the pair, or when either person is already reserved by an
        open proposal or introduction in the journal.
        """
        from duo_core.matching import explain_match

        explanation = explain_match(overlay(ds, self), participant_key, volunteer_key)
        if not explanation.eligible:
            raise JournalError("Dit duo kan niet voorgesteld worden: " + " ".join(explanation.exclusions))
        province = participant_key.split("/")[0]

        def check(states: dict[str, DuoState], next_id: int) -> tuple[str, str, str]:
            for s in states.values():
                if s.status in RESERVING and volunteer_key == s.volunteer_key:
                    raise JournalError(f"Vrijwilliger is al voorgesteld ({STATUS_WORDS[s.status]}) door "
                                       f"{s.proposed_by} op {s.proposed_at[:10]}.")
                if s.status in RESERVING and participant_key == s.participant_key:
                    raise JournalError(f"Deelnemer is al voorgesteld ({STATUS_WORDS[s.status]}) door "
                                       f"{s.proposed_by} op {s.proposed_at[:10]}.")
            return f"{province}/APP{next_id:05d}", participant_key, volunteer_key

        return self._write(check, "propose", actor, {"note": note})[1]

    def _transition(self, action: str, duo_key: str, actor: str, payload: dict) -> int:
        allowed, _ = TRANSITIONS[action]

        def check(states: dict[str, DuoState], next_id: int) -> tuple[str, str, str]:
            state = states.get(duo_key)
            if state is None:
                raise JournalError(f"Duo '{duo_key}' staat niet in het logboek.")
            if state.status not in allowed:
                raise JournalError(
                    f"Kan niet: duo '{duo_key}' is {STATUS_WORDS[state.status]} "
                    f"(kan enkel vanuit {', '.join(STATUS_WORDS[a] for a in allowed)})."
                )
            return duo_key, state.participant_key, state.volunteer_key

        return self._write(check, action, actor, payload)[0]

    def introduce(self, duo_key: str, actor: str) -> int:
        """The introduction took place: voorstel -> kennismaking."""
        return self._transition("introduce", duo_key, actor, {})

    def start(self, duo_key: str, actor: str, coach_key: str, date: dt.date) -> int:
        """The duo starts with a contact coach: kennismaking -> actief."""
        return self._transition("start", duo_key, actor, {"coach_key": coach_key, "date": date.isoformat()})

    def followup(self, duo_key: str, actor: str, date: dt.date, note: str = "") -> int:
        """A coach's follow-up contact: sets the last and the next follow-up (+8 weeks)."""
        nxt = (date + dt.timedelta(days=REGULAR_DAYS)).isoformat()
        return self._transition("followup", duo_key, actor, {"date": date.isoformat(), "next": nxt, "note": note})

    def stop(self, duo_key: str, actor: str, date: dt.date, reason: str) -> int:
        """The duo stops: kennismaking/actief -> gestopt."""
        return self._transition("stop", duo_key, actor, {"date": date.isoformat(), "reason": reason})

    def cancel(self, duo_key: str, actor: str) -> int:
        """The proposal or introduction is called off; both people are free again."""
        return self._transition("cancel", duo_key, actor, {})

    def undo(self, event_id: int, actor: str) -> int:
        """Undo a mistaken event (for professionals); the event stays in the audit view."""
        with self._connect() as conn:
            row = conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        if row is None or row["action"] == "undo":
            raise JournalError(f"Gebeurtenis {event_id} bestaat niet of is zelf een ongedaanmaking.")

        def check(states: dict[str, DuoState], next_id: int) -> tuple[str, str, str]:
            return row["duo_key"], row["participant_key"], row["volunteer_key"]

        return self._write(check, "undo", actor, {"event": event_id})[0]


def overlay(ds: Dataset, journal: Journal) -> Dataset:
    """The dataset with the journal's duos added (a new Dataset; the workbook data stays as it was).

    A journal duo that the workbook already holds (same participant, volunteer and start date) is left
    out, so that nothing counts twice once the master workbook has been updated.
    """
    rows = []
    existing = set(zip(ds.duos["participant_key"], ds.duos["volunteer_key"], ds.duos["start_date"], strict=True))
    for s in journal.states().values():
        if s.status == "geannuleerd":
            continue
        start = pd.Timestamp(s.start_date) if s.start_date else pd.NaT
        if not pd.isna(start) and (s.participant_key, s.volunteer_key, start) in existing:
            continue
        province = s.duo_key.split("/")[0]
        rows.append({
            "key": s.duo_key, "province": province, "id": s.duo_key.split("/", 1)[1],
            "participant_id": s.participant_key.split("/", 1)[1], "volunteer_id": s.volunteer_key.split("/", 1)[1],
            "coach_id": s.coach_key.split("/", 1)[1] if s.coach_key else None,
            "start_date": start, "status": s.status,
            "end_date": pd.Timestamp(s.end_date) if s.end_date else pd.NaT, "stop_reason": s.stop_reason,
            "last_followup": pd.Timestamp(s.last_followup) if s.last_followup else pd.NaT,
            "next_followup": pd.Timestamp(s.next_followup) if s.next_followup else pd.NaT,
            "source_row": pd.NA, "source_file": "logboek",
            "participant_key": s.participant_key, "volunteer_key": s.volunteer_key, "coach_key": s.coach_key,
        })
    if not rows:
        return ds
    extra = pd.DataFrame(rows).astype({c: ds.duos[c].dtype for c in ds.duos.columns if c in rows[0]})
    duos = pd.concat([ds.duos, extra[ds.duos.columns]], ignore_index=True)
    return dataclasses.replace(ds, duos=duos)
