"""Replaying a duo's events: the state each duo is in, and reading the events' payloads.

A duo's state is the replay of its events, oldest first, from its proposal (or, for a workbook duo, from the
workbook's state, passed in as ``base``); an undone event counts as never written. Used by the journal to
check each step against the current state (:mod:`duo_core.lifecycle.journal`) and by the overlay that the
pages see (:mod:`duo_core.lifecycle.with_journal`).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

try:  # orjson reads the payloads several times faster: replaying thousands of events is mostly reading JSON
    import orjson

    def loads(text: str | bytes) -> object:
        """One payload: orjson, or the standard library for what orjson refuses (``NaN``, huge integers)."""
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            return json.loads(text)
except ImportError:  # pragma: no cover - orjson is in requirements.txt
    loads = json.loads

#: From which statuses each action may be taken, and the status after it (``None``: unchanged).
TRANSITIONS = {
    "introduce": (("voorstel",), "kennismaking"),
    "start": (("kennismaking",), "actief"),
    "followup": (("kennismaking", "actief"), None),
    "stop": (("kennismaking", "actief"), "gestopt"),
    "cancel": (("voorstel", "kennismaking"), "geannuleerd"),
}
#: The actions on duos; the journal's other actions are a person's (replayed by duo_core.lifecycle.people).
DUO_ACTIONS = frozenset({"propose", *TRANSITIONS})


@dataclass(frozen=True)
class DuoState:
    """The state of one duo: the workbook's (``base``) or the replay of its events."""

    duo_key: str
    participant_key: str
    volunteer_key: str
    status: str
    proposed_by: str = ""
    proposed_at: str = ""
    coach_key: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    stop_reason: str | None = None
    last_followup: str | None = None
    next_followup: str | None = None
    note: str = ""
    from_workbook: bool = False

    def to_dict(self) -> dict[str, object]:
        """The state as a plain dict."""
        return dataclasses.asdict(self)


def undone_ids(rows: Iterable[dict]) -> set[int]:
    """Ids of the events that a later undo cancelled."""
    return {int(loads(r["payload"])["event"]) for r in rows if r["action"] == "undo"}


def standing_steps(rows: Iterable[dict], actions) -> list[dict]:
    """The events of ``rows`` (oldest first) whose action is one of ``actions`` and that no undo cancelled."""
    rows = list(rows)
    undone = undone_ids(rows)
    return [r for r in rows if r["action"] in actions and r["id"] not in undone]


_STATE_FIELDS = tuple(f.name for f in dataclasses.fields(DuoState))
#: What each step changes besides the status: state field <- payload key (a missing key is ``None``).
_CHANGES = {"start": (("coach_key", "coach_key"), ("start_date", "date")),
            "stop": (("end_date", "date"), ("stop_reason", "reason")),
            "followup": (("last_followup", "date"), ("next_followup", "next"))}


def replay(rows: Iterable[dict], bases: Mapping[str, DuoState]) -> dict[str, DuoState]:
    """The state of every duo in ``rows`` (events oldest first); workbook duos start from ``bases``.

    The states are kept as plain dicts while the events are applied and made :class:`DuoState` once at the
    end (a frozen dataclass copied per event cost most of the time with thousands of events).
    """
    states: dict[str, dict] = {}
    for r in standing_steps(rows, DUO_ACTIONS):  # not an undo, nor undone, nor a person's step (.people)
        action = r["action"]
        key = r["duo_key"]
        if action == "propose":
            states[key] = {"duo_key": key, "participant_key": r["participant_key"],
                           "volunteer_key": r["volunteer_key"], "status": "voorstel", "proposed_by": r["actor"],
                           "proposed_at": r["at"], "coach_key": None, "start_date": None, "end_date": None,
                           "stop_reason": None, "last_followup": None, "next_followup": None,
                           "note": loads(r["payload"]).get("note", ""), "from_workbook": False}
            continue
        state = states.get(key)
        if state is None:
            base = bases.get(key)
            if base is None:
                continue  # its proposal was undone
            state = states[key] = {name: getattr(base, name) for name in _STATE_FIELDS}
        changes = _CHANGES.get(action)
        if changes:
            data = loads(r["payload"])
            for name, field in changes:
                state[name] = data[field] if field in ("date", "next") else data.get(field)
        new_status = TRANSITIONS[action][1]
        if new_status:
            state["status"] = new_status
    return {key: DuoState(**state) for key, state in states.items()}


__all__ = ["DUO_ACTIONS", "TRANSITIONS", "DuoState", "loads", "replay", "standing_steps", "undone_ids"]
