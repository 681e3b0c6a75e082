"""The match lifecycle, recorded safely: an append-only journal of events (SQLite or PostgreSQL).

Nothing is ever written to the source workbooks. Every decision (a proposal, an introduction, the start
of a duo, a follow-up, a stop, a cancellation, an undo) is one row in the ``events`` table, written in one
transaction that first checks the transition against the current state. The transaction takes the write
lock before it reads (SQLite ``BEGIN IMMEDIATE``; PostgreSQL ``LOCK TABLE ... IN EXCLUSIVE MODE``), so
two people proposing the same volunteer at the same moment are served one after the other: the first
gets the proposal, the second a Dutch refusal. The state of a duo is the replay of its events.

A duo proposed in the app gets a key ``<province>/APP<n>``. A duo from the workbook can be acted on too
(a follow-up, a stop): its events carry the workbook's key, and the replay starts from the workbook's
state, passed in as ``base``.

Transitions::

    voorstel --introduce--> kennismaking --start--> actief --stop--> gestopt
    voorstel/kennismaking --cancel--> geannuleerd
    kennismaking/actief --followup--> (same status, new last/next follow-up)
    the last step of a duo --undo (professional)--> as if it never happened (the event stays visible)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from uuid import uuid4

import pandas as pd

from duo_core.dataset import RESERVING_STATUSES
from duo_core.lifecycle.coaches import REGULAR_DAYS
from duo_core.lifecycle.replay import DUO_ACTIONS, TRANSITIONS, DuoState, loads, replay, undone_ids
from duo_core.lifecycle.stores import (
    JournalError,
    JournalUnavailable,
    JournalVanished,
    PostgresStore,
    SQLiteStore,
    is_url,
    sqlite_location_warning,
    target_label,
)

COLUMNS = ["id", "at", "actor", "action", "duo_key", "participant_key", "volunteer_key", "payload"]
#: Every action, with its Dutch label for the audit view.
#: The mark in the ``duo_key`` of a person's own steps: ``<province>/persoon:<ID>`` (see :mod:`.people`).
PERSON_MARK = "persoon:"
ACTION_LABELS = {
    "propose": "voorgesteld",
    "introduce": "kennismaking gehouden",
    "start": "duo gestart",
    "followup": "opvolging",
    "stop": "duo gestopt",
    "cancel": "voorstel geannuleerd",
    "undo": "ongedaan gemaakt",
    # a person's steps before matching (duo_core.lifecycle.people): same table, duo_key "<province>/persoon:<ID>"
    "signup": "aangemeld",
    "plan": "kennismakingsgesprek gepland",
    "intake_draft": "gesprek als ontwerp bewaard",
    "intake_done": "klaar voor matching",
    "correct": "gegevens verbeterd",
    "person_status": "status gewijzigd",
}
STATUS_WORDS = {"voorstel": "voorgesteld", "kennismaking": "in kennismaking", "actief": "actief",
                "gestopt": "gestopt", "geannuleerd": "geannuleerd"}
APP_PREFIX = "APP"





def _version(conn) -> tuple[int, int]:
    count, last = conn.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM events").fetchone()
    return int(count), int(last)


class Journal:
    """An append-only journal of lifecycle events, safe for several threads and processes.

    Parameters
    ----------
    target
        A SQLite file (e.g. ``logboek.sqlite`` beside the data folder) or a PostgreSQL connection URL
        (``postgresql://user:password@host/db``).
    clock
        Returns the time written in each event (default: now); tests pass a fixed clock.
    """

    def __init__(self, target: str | Path, clock: Callable[[], dt.datetime] | None = None) -> None:
        self._anchor = None
        if str(target).startswith("file:"):  # an SQLite URI: in memory, or a file opened read-only (mode=ro)
            self.store: SQLiteStore | PostgresStore = SQLiteStore(str(target), uri=True)
            if "mode=memory" in str(target):
                self._anchor = self.store.connect()  # an in-memory journal lives as long as this connection
        elif is_url(target):
            self.store = PostgresStore(str(target))
        else:
            self.store = SQLiteStore(Path(target))
        self.clock = clock or dt.datetime.now
        self._setup()

    @classmethod
    def in_memory(cls, clock: Callable[[], dt.datetime] | None = None) -> Journal:
        """A journal that lives and dies with this object (for trying things on an uploaded copy)."""
        return cls(f"file:duo-{uuid4().hex}?mode=memory&cache=shared", clock)

    @property
    def ephemeral(self) -> bool:
        """Whether this journal lives only in memory (a session's trial journal)."""
        return self._anchor is not None

    def _setup(self) -> None:
        conn = self._connect()
        try:
            self.store.setup(conn)
        except Exception as exc:
            raise self.store.translate(exc) or exc from exc
        finally:
            conn.close()

    def _connect(self):
        try:
            return self.store.connect()
        except Exception as exc:
            raise self.store.translate(exc) or exc from exc

    @property
    def label(self) -> str:
        """Where the journal is kept (without user, password or query)."""
        return self.store.label

    # --- reading -------------------------------------------------------------------------------

    def _rows(self, conn, where: str = "", params: tuple = ()) -> list[dict]:
        cur = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM events {where} ORDER BY id", params)
        # a dict display per row (the names of COLUMNS, in order): about twice as fast as dict(zip(...)) over
        # the tens of thousands of events every overlay reads
        return [{"id": event_id, "at": at, "actor": actor, "action": action, "duo_key": duo_key,
                 "participant_key": participant_key, "volunteer_key": volunteer_key, "payload": payload}
                for event_id, at, actor, action, duo_key, participant_key, volunteer_key, payload in cur.fetchall()]

    def _query(self, fn):
        """Run ``fn(conn)`` on a new connection (a journal that vanished is an error, never recreated)."""
        conn = self._connect()
        try:
            return fn(conn)
        except Exception as exc:
            raise self.store.translate(exc) or exc from exc
        finally:
            conn.close()

    def _read(self, where: str = "", params: tuple = ()) -> list[dict]:
        return self._query(lambda conn: self._rows(conn, where, params))

    def event(self, event_id: int) -> dict | None:
        """One event by its id, or ``None``."""
        found = self._read(f"WHERE id = {self.store.param}", (int(event_id),))
        return found[0] if found else None

    def version(self) -> tuple[int, int]:
        """``(number of events, last id)``: changes with every action (a cheap cache key).

        Raises
        ------
        JournalUnavailable
            When the journal cannot be read now (with a Dutch message).
        """
        return self._query(_version)

    def writable(self) -> bool:
        """Whether actions can be written now (the file and its folder, or the table privilege)."""
        return bool(self._query(self.store.writable))

    def status(self) -> tuple[tuple[int, int], bool]:
        """:meth:`version` and :meth:`writable` on one connection (what every run of the app asks).

        Raises
        ------
        JournalUnavailable
            When the journal cannot be read now (with a Dutch message).
        """
        return self._query(lambda conn: (_version(conn), bool(self.store.writable(conn))))

    def rows(self) -> list[dict]:
        """Every event as a dict, oldest first."""
        return self._read()

    def events(self) -> pd.DataFrame:
        """Every event, oldest first (the audit view): ``id, at, actor, action, duo_key, ...``."""
        return pd.DataFrame(self._read(), columns=COLUMNS)

    def states(self, bases: Mapping[str, DuoState] | None = None) -> dict[str, DuoState]:
        """The current state of every duo that has events (workbook duos start from ``bases``)."""
        return replay(self._read(), bases or {})

    def state(self, duo_key: str, base: DuoState | None = None) -> DuoState | None:
        """The current state of one duo (``None`` when the journal does not know it)."""
        p = self.store.param
        rows = self._read(f"WHERE duo_key = {p}", (duo_key,))
        return replay(rows, {duo_key: base} if base else {}).get(duo_key, base)

    # --- writing -------------------------------------------------------------------------------

    def _write(self, action: str, actor: str, payload: dict, people: tuple[str, ...], check) -> tuple[int, str]:
        """Check against the current state and append, in one transaction that holds the write lock.

        ``people`` are the duo and person keys whose events the check needs; ``check(rows, next_id)``
        raises :class:`JournalError` to refuse, or returns the event's ``(duo_key, participant_key,
        volunteer_key)``. Returns the new event's id and its duo key.
        """
        _refuse_nul({"actor": actor, **payload})
        p = self.store.param
        conn = self._connect()
        try:
            self.store.begin_write(conn)
            marks = ", ".join([p] * len(people))
            rows = self._rows(
                conn,
                f"WHERE duo_key IN (SELECT duo_key FROM events WHERE duo_key IN ({marks}) "
                f"OR participant_key IN ({marks}) OR volunteer_key IN ({marks}))",
                people * 3,
            )
            next_id = int(conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM events").fetchone()[0])
            duo_key, participant_key, volunteer_key = check(rows, next_id)
            _refuse_nul({"duo_key": duo_key, "participant_key": participant_key, "volunteer_key": volunteer_key})
            cur = conn.execute(
                "INSERT INTO events (at, actor, action, duo_key, participant_key, volunteer_key, payload)"
                f" VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}) RETURNING id",
                (self.clock().isoformat(timespec="seconds"), actor, action, duo_key, participant_key,
                 volunteer_key, json.dumps(payload, ensure_ascii=False)),
            )
            event_id = int(cur.fetchone()[0])
            conn.execute("COMMIT")
            return event_id, duo_key
        except BaseException as exc:
            with contextlib.suppress(Exception):  # no transaction open, or the connection is gone
                conn.execute("ROLLBACK")
            if isinstance(exc, JournalError):
                raise
            translated = self.store.translate(exc) if isinstance(exc, Exception) else None
            if translated is not None:
                raise translated from exc
            raise
        finally:
            conn.close()

    def propose(self, participant_key: str, volunteer_key: str, actor: str, note: str = "",
                provinces: tuple[str, ...] = (), payload: dict | None = None) -> str:
        """Propose a pair; it reserves both people. Returns the new duo key.

        Refused when either person is already reserved by an open proposal or introduction in the
        journal; a reservation in a province outside ``provinces`` (when given) is named without its
        people, key or actor. Whether the pair is allowed at all (the hard rules) is checked by the
        caller (:func:`duo_core.lifecycle.Lifecycle.propose`) on the data as the pages see it.
        ``payload`` adds what the caller records with the proposal (e.g. the score it showed).
        """
        _refuse_nul({"participant_key": participant_key, "volunteer_key": volunteer_key})
        province = participant_key.split("/")[0]

        def check(rows: list[dict], next_id: int) -> tuple[str, str, str]:
            for s in replay(rows, {}).values():
                if s.status in RESERVING_STATUSES:
                    reserved_conflict(s, participant_key, volunteer_key, provinces)
            return f"{province}/{APP_PREFIX}{next_id:05d}", participant_key, volunteer_key

        data = {"note": note, **(payload or {})}
        return self._write("propose", actor, data, (participant_key, volunteer_key), check)[1]

    def _transition(self, action: str, duo_key: str, actor: str, payload: dict, base: DuoState | None) -> int:
        allowed, _ = TRANSITIONS[action]
        _refuse_nul({"duo_key": duo_key})

        def check(rows: list[dict], next_id: int) -> tuple[str, str, str]:
            state = replay(rows, {duo_key: base} if base else {}).get(duo_key, base)
            if state is None:
                raise JournalError(f"Duo '{duo_key}' is niet gekend.")
            if state.status not in allowed:
                raise JournalError(
                    f"Kan niet: duo '{duo_key}' is {STATUS_WORDS.get(state.status, state.status)} "
                    f"(kan enkel vanuit {', '.join(STATUS_WORDS[a] for a in allowed)})."
                )
            return duo_key, state.participant_key, state.volunteer_key

        return self._write(action, actor, payload, (duo_key,), check)[0]

    def introduce(self, duo_key: str, actor: str, base: DuoState | None = None) -> int:
        """The introduction took place: voorstel -> kennismaking."""
        return self._transition("introduce", duo_key, actor, {}, base)

    def start(self, duo_key: str, actor: str, coach_key: str, date: dt.date, base: DuoState | None = None) -> int:
        """The duo starts with a contact coach: kennismaking -> actief."""
        return self._transition("start", duo_key, actor, {"coach_key": coach_key, "date": date.isoformat()}, base)

    def followup(self, duo_key: str, actor: str, date: dt.date, note: str = "", base: DuoState | None = None) -> int:
        """A coach's follow-up contact: sets the last and the next follow-up (+8 weeks)."""
        nxt = (date + dt.timedelta(days=REGULAR_DAYS)).isoformat()
        payload = {"date": date.isoformat(), "next": nxt, "note": note}
        return self._transition("followup", duo_key, actor, payload, base)

    def stop(self, duo_key: str, actor: str, date: dt.date, reason: str, base: DuoState | None = None) -> int:
        """The duo stops: kennismaking/actief -> gestopt."""
        return self._transition("stop", duo_key, actor, {"date": date.isoformat(), "reason": reason}, base)

    def cancel(self, duo_key: str, actor: str, base: DuoState | None = None) -> int:
        """The proposal or introduction is called off; both people are free again."""
        return self._transition("cancel", duo_key, actor, {}, base)

    def undo(self, event_id: int, actor: str, base: DuoState | None = None) -> int:
        """Undo the last step of a duo (for professionals); the event stays in the audit view.

        Refused for an event that is not the duo's last standing step, and when undoing it would
        reserve a person who has since been proposed in another duo.
        """
        target = self.event(event_id)
        if target is None or target["action"] == "undo":
            raise JournalError(f"Stap {event_id} bestaat niet of is zelf een ongedaanmaking.")
        duo_key = target["duo_key"]

        def check(rows: list[dict], next_id: int) -> tuple[str, str, str]:
            undone = undone_ids(rows)
            standing = [r for r in rows if r["duo_key"] == duo_key and r["action"] != "undo" and r["id"] not in undone]
            if int(event_id) in undone:
                raise JournalError(f"Stap {event_id} is al ongedaan gemaakt.")
            if not standing or standing[-1]["id"] != int(event_id):
                about = "over deze persoon" if f"/{PERSON_MARK}" in duo_key else f"van duo '{duo_key}'"
                raise JournalError(
                    f"Enkel de laatste stap {about} kan ongedaan gemaakt worden "
                    f"(stap {standing[-1]['id'] if standing else '?'})."
                )
            after = replay([*rows, {**target, "id": next_id, "action": "undo", "payload": json.dumps({"event": event_id})}],
                           {duo_key: base} if base else {})
            mine = after.get(duo_key)
            if mine is not None and mine.status in RESERVING_STATUSES:
                for other in after.values():
                    if other.duo_key != duo_key and other.status in RESERVING_STATUSES:
                        reserved_conflict(other, mine.participant_key, mine.volunteer_key)
            return duo_key, target["participant_key"], target["volunteer_key"]

        people = (duo_key, target["participant_key"], target["volunteer_key"])
        return self._write("undo", actor, {"event": int(event_id)}, people, check)[0]


def reserved_conflict(state: DuoState, participant_key: str, volunteer_key: str,
                      provinces: tuple[str, ...] = ()) -> None:
    """Raise when ``state`` (a reserving duo) already holds the volunteer or the participant.

    When ``provinces`` is given and the duo lies outside them, the message names no key, person or actor.
    """
    if provinces and state.duo_key.split("/")[0] not in provinces:
        for who, key, held in (("Vrijwilliger", volunteer_key, state.volunteer_key),
                               ("Deelnemer", participant_key, state.participant_key)):
            if key == held:
                raise JournalError(f"{who} is al voorgesteld aan iemand in een andere provincie.")
        return
    when = f"door {state.proposed_by} op {state.proposed_at[:10]}" if state.proposed_at else "in het werkboek"
    if volunteer_key == state.volunteer_key:
        raise JournalError(f"Vrijwilliger is al voorgesteld ({STATUS_WORDS[state.status]}, duo {state.duo_key}) {when}.")
    if participant_key == state.participant_key:
        raise JournalError(f"Deelnemer is al voorgesteld ({STATUS_WORDS[state.status]}, duo {state.duo_key}) {when}.")


#: What each written field is called in a refusal.
_FIELD_NAMES = {"note": "De notitie", "reason": "De reden", "actor": "Het e-mailadres van de gebruiker",
                "duo_key": "De sleutel van het duo", "participant_key": "De sleutel van de deelnemer",
                "volunteer_key": "De sleutel van de vrijwilliger"}


def _refuse_nul(fields: Mapping[str, object]) -> None:
    """Refuse text with a NUL character (PostgreSQL cannot keep it): say which text, never 'the database'."""
    for name, value in fields.items():
        if isinstance(value, str) and "\x00" in value:
            what = _FIELD_NAMES.get(name, f"Het veld '{name}'")
            raise JournalError(f"{what} bevat een onzichtbaar NUL-teken (vaak meegekopieerd uit een ander programma) "
                               "dat niet bewaard kan worden: typ de tekst opnieuw of verwijder dat teken. Er is niets "
                               "vastgelegd.")


__all__ = [
    "ACTION_LABELS",
    "DUO_ACTIONS",
    "TRANSITIONS",
    "DuoState",
    "Journal",
    "JournalError",
    "JournalUnavailable",
    "JournalVanished",
    "loads",
    "replay",
    "sqlite_location_warning",
    "target_label",
    "undone_ids",
]
