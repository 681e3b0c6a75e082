"""The dataset the pages see: the workbooks with the journal's duos added and its steps applied.

A journal duo that the master workbook meanwhile holds (same pair, same or unknown start date) is merged
into the workbook's row, never counted twice. The duos frame gains ``workbook_status``, ``proposed_on``,
``proposed_by`` and ``journal_change`` (:data:`NEW` or :data:`CHANGED` for duos the app added or changed).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import numpy as np
import pandas as pd

from duo_core.dataset import Dataset
from duo_core.lifecycle.collector import collector_paused
from duo_core.lifecycle.journal import DuoState, Journal, replay
from duo_core.lifecycle.people import duo_steps, overlay_people

#: Order of duo statuses: a merge keeps the one further along.
STATUS_ORDER = {"voorstel": 0, "kennismaking": 1, "actief": 2, "gestopt": 3}
JOURNAL_COLUMNS = ["workbook_status", "proposed_on", "proposed_by", "journal_change"]
#: ``source_file`` of a duo that only the journal knows.
JOURNAL_SOURCE = "logboek"
NEW, CHANGED = "nieuw", "gewijzigd"


def _ts(value: str | None) -> pd.Timestamp:
    return pd.Timestamp(value) if value else pd.NaT


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value))


def workbook_state(row: pd.Series | dict) -> DuoState:
    """The state of a workbook duo (the base its journal events apply to)."""
    status = row.get("workbook_status", row["status"])
    return DuoState(str(row["key"]), str(row["participant_key"]), str(row["volunteer_key"]),
                    "" if _missing(status) else str(status), from_workbook=True)


def overlay(ds: Dataset, events: Journal | Iterable[dict]) -> Dataset:
    """The workbooks plus the journal: a new Dataset (``ds`` is not modified).

    The duos frame gains ``workbook_status`` (the status as the workbook has it; empty for a duo from
    the journal), ``proposed_on``/``proposed_by`` and ``journal_change`` (``nieuw``/``gewijzigd``/empty).
    A duo started in the app makes a waiting participant ``gekoppeld`` and an available volunteer
    ``gekoppeld``, so that the waiting list and the key figures change at once. People's steps (sign-up,
    conversation, corrections, statuses) are laid over the participants first
    (:func:`duo_core.lifecycle.people.overlay_people`). The garbage collector is paused meanwhile
    (:func:`duo_core.lifecycle.collector.collector_paused`).
    """
    with collector_paused():
        return _overlay(ds, events)


def _overlay(ds: Dataset, events: Journal | Iterable[dict]) -> Dataset:
    """:func:`overlay` without the pause."""
    rows = events.rows() if isinstance(events, Journal) else list(events)
    # people first (sign-ups, conversations, corrections, statuses): a duo started below then makes them gekoppeld
    participants, aliases = overlay_people(ds.participants, rows)
    ds = dataclasses.replace(ds, participants=participants)
    rows = duo_steps(rows, aliases)
    duos = ds.duos.assign(
        workbook_status=ds.duos["status"],
        proposed_on=pd.Series(pd.NaT, index=ds.duos.index, dtype="datetime64[ns]"),
        proposed_by=pd.Series(None, index=ds.duos.index, dtype=object),
        journal_change=pd.Series(None, index=ds.duos.index, dtype=object),
    )
    if not rows:
        return dataclasses.replace(ds, duos=duos)
    position = {k: i for i, k in enumerate(duos["key"])}
    records = duos.to_dict("records")
    bases = {key: workbook_state(records[position[key]]) for key in {r["duo_key"] for r in rows} if key in position}
    states = replay(rows, bases)
    pairs: dict[tuple[str, str], list[int]] = {}
    for i, rec in enumerate(records):
        pairs.setdefault((rec["participant_key"], rec["volunteer_key"]), []).append(i)
    new_rows: list[DuoState] = []
    started: list[tuple[str, str]] = []
    for s in states.values():
        target = position.get(s.duo_key) if s.from_workbook else _reconciled(records, pairs, s)
        if target is None:
            if s.status != "geannuleerd":
                new_rows.append(s)
                if s.status == "actief":
                    started.append((s.participant_key, s.volunteer_key))
            continue
        before = records[target]["status"]
        if _merge(records[target], s) and records[target]["status"] == "actief" and before != "actief":
            started.append((s.participant_key, s.volunteer_key))
    merged = pd.DataFrame(records, columns=duos.columns)
    if new_rows:
        merged = pd.concat([merged, _new_rows(new_rows, duos.columns)], ignore_index=True)
    merged = merged.astype({c: duos[c].dtype for c in duos.columns})
    participants, volunteers = ds.participants, ds.volunteers
    if started:
        p_keys = {p for p, _ in started}
        v_keys = {v for _, v in started}
        participants = participants.assign(status=participants["status"].mask(
            participants["key"].isin(p_keys) & (participants["status"] == "wachtend"), "gekoppeld"))
        volunteers = volunteers.assign(status=volunteers["status"].mask(
            volunteers["key"].isin(v_keys) & (volunteers["status"] == "beschikbaar"), "gekoppeld"))
    return dataclasses.replace(ds, duos=merged, participants=participants, volunteers=volunteers)


def _reconciled(records: list[dict], pairs: dict, s: DuoState) -> int | None:
    """The workbook row that holds the same duo as journal duo ``s`` (same pair; same or unknown start)."""
    candidates = pairs.get((s.participant_key, s.volunteer_key), ())
    start = _ts(s.start_date) if candidates else pd.NaT  # most journal duos have no workbook row to compare with
    for i in candidates:
        row_start = records[i]["start_date"]
        if pd.isna(row_start) or pd.isna(start) or row_start == start:
            return i
    return None


_DATES = ("start_date", "end_date", "last_followup", "next_followup", "proposed_on")


def _new_rows(states: list[DuoState], columns: pd.Index) -> pd.DataFrame:
    """Duos only the journal knows, as rows (built per column: the dates of all of them converted at once)."""
    keys = [s.duo_key.split("/", 1) for s in states]
    data = {
        "key": [s.duo_key for s in states], "province": [k[0] for k in keys], "id": [k[1] for k in keys],
        "participant_id": [s.participant_key.split("/", 1)[1] for s in states],
        "volunteer_id": [s.volunteer_key.split("/", 1)[1] for s in states],
        "coach_id": [s.coach_key.split("/", 1)[1] if s.coach_key else None for s in states],
        "start_date": [s.start_date for s in states], "status": [s.status for s in states],
        "end_date": [s.end_date for s in states], "stop_reason": [s.stop_reason for s in states],
        "last_followup": [s.last_followup for s in states], "next_followup": [s.next_followup for s in states],
        "source_row": [pd.NA] * len(states), "source_file": [JOURNAL_SOURCE] * len(states),
        "participant_key": [s.participant_key for s in states], "volunteer_key": [s.volunteer_key for s in states],
        "coach_key": [s.coach_key for s in states], "workbook_status": [None] * len(states),
        "proposed_on": [s.proposed_at[:10] if s.proposed_at else None for s in states],
        "proposed_by": [s.proposed_by or None for s in states], "journal_change": [NEW] * len(states),
    }
    for name in _DATES:  # ISO text (or nothing) -> datetime64, as _ts gives for one value
        data[name] = pd.to_datetime(pd.Series([v or None for v in data[name]], dtype=object), format="ISO8601")
    return pd.DataFrame(data, columns=columns)


def _merge(row: dict, s: DuoState) -> bool:
    """Apply what the journal knows beyond the workbook row (the row is changed in place)."""
    changed = False
    if s.proposed_at:
        row["proposed_on"], row["proposed_by"] = _ts(s.proposed_at[:10]), s.proposed_by
    if STATUS_ORDER.get(s.status, -1) > STATUS_ORDER.get(row["status"], -1):
        row["status"], changed = s.status, True
    if s.coach_key and _missing(row["coach_key"]):
        row["coach_key"], row["coach_id"], changed = s.coach_key, s.coach_key.split("/", 1)[1], True
    if s.start_date and _missing(row["start_date"]):
        row["start_date"], changed = _ts(s.start_date), True
    if s.end_date and row["status"] == "gestopt" and _missing(row["end_date"]):
        row["end_date"], row["stop_reason"], changed = _ts(s.end_date), s.stop_reason, True
    if s.last_followup and (_missing(row["last_followup"]) or _ts(s.last_followup) > row["last_followup"]):
        row["last_followup"], row["next_followup"], changed = _ts(s.last_followup), _ts(s.next_followup), True
    if changed:
        row["journal_change"] = CHANGED
    return changed
