"""People in the journal: a participant's steps before matching, replayed and laid over the workbooks.

A person who signs up in the app, the planning of their *kennismakingsgesprek*, the conversation (a draft,
then "klaar voor matching"), corrections of their fields and status changes are events in the same
``events`` table as the duos' steps (so one version, one write lock, one undo). A person's event has

============  =============================  ==========================  ===============  =============================
action        ``duo_key``                    ``participant_key``         ``volunteer_key`` ``payload``
============  =============================  ==========================  ===============  =============================
signup        ``<province>/persoon:<ID>``    ``<province>/<ID>``         ``""``           ``{"fields", "registered_on"}``
plan          idem                           idem                        ``""``           ``{"volunteer", "date", "time", "place"}``
intake_draft  idem                           idem                        ``""``           ``{"record"}``
intake_done   idem                           idem                        ``""``           ``{"record"}``
correct       idem                           idem                        ``""``           ``{"fields"}``
person_status idem                           idem                        ``""``           ``{"status", "reason"}``
============  =============================  ==========================  ===============  =============================

The ``duo_key`` column holds the person's own stream key (:func:`stream_key`), so that the journal's undo
("only the last step of a stream") and its write lock work for people exactly as for duos; the duo replay
skips these actions. ``fields`` hold values as JSON (dates ``yyyy-mm-dd``, lists for multi-valued answers
and availability, ``[lo, hi]`` for an age preference); a conversation's ``record`` holds ``fields``, the
practical answers (``transport``, ``practical``, ``organisational``), ``impression`` and ``care_need``
(professional-only), ``consent`` (bool), ``consent_on``, ``consent_by`` and the conversation's ``date``.

:func:`overlay_people` lays the result over the participants: a person the app signed up is a new row
(``source_file`` ``logboek``) until a workbook holds them too, recognised by the same province and ID or by
the same name and birth date; then the workbook's row is used and the app's key becomes an alias of it
(never counted twice).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Iterable

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype, is_object_dtype

from duo_core.geo import postcode_table
from duo_core.headers import normalise_label
from duo_core.lifecycle.journal import PERSON_MARK, loads
from duo_core.lifecycle.replay import standing_steps
from duo_core.schema import PARTICIPANTS, SIGNED_UP

#: A person's actions (the journal's others are a duo's).
PERSON_ACTIONS = frozenset({"signup", "plan", "intake_draft", "intake_done", "correct", "person_status"})
#: The marker between province and ID in a person's stream key.
#: ``source_file`` of a person whom only the journal knows (as for duos).
JOURNAL_SOURCE = "logboek"
NEW, CHANGED = "nieuw", "gewijzigd"
READY = "wachtend"
#: Columns the overlay adds to the participants (``intake_impression`` is professional-only).
_DATE, _TEXT = "datetime64[ns]", "object"
PERSON_COLUMNS = {
    "person_change": _TEXT, "signed_up_by": _TEXT,
    "intake_planned_on": _DATE, "intake_time": _TEXT, "intake_place": _TEXT,
    "intake_volunteer": _TEXT, "intake_draft": "bool", "intake_on": _DATE, "intake_recorded_by": _TEXT,
    "intake_transport": _TEXT, "intake_practical": _TEXT, "intake_organisational": _TEXT,
    "intake_impression": _TEXT, "consent_on": _DATE, "consent_by": _TEXT,
}
#: Those columns in Dutch (an access request names every field the app holds about a person).
PERSON_LABELS = {
    "person_change": "Wijziging in de app", "signed_up_by": "Aangemeld door",
    "intake_planned_on": "Kennismakingsgesprek gepland op", "intake_time": "Uur van het gesprek",
    "intake_place": "Plaats van het gesprek", "intake_volunteer": "Gesprek door",
    "intake_draft": "Ontwerp van het gesprek bewaard", "intake_on": "Kennismakingsgesprek gehouden op",
    "intake_recorded_by": "Gesprek vastgelegd door", "intake_transport": "Vervoer", "intake_practical": "Praktisch",
    "intake_organisational": "Organisatorisch", "intake_impression": "Indruk van het gesprek",
    "consent_on": "Toestemming gegeven op", "consent_by": "Toestemming gevraagd door",
}
_EMPTY = {_DATE: pd.NaT, _TEXT: None, "bool": False}
#: The record's free-text answers and the columns they fill.
RECORD_COLUMNS = {"transport": "intake_transport", "practical": "intake_practical",
                  "organisational": "intake_organisational", "impression": "intake_impression"}
_KINDS = {c.name: c.kind for c in PARTICIPANTS.columns}
#: Multi-valued answers (frozensets in the frame).
_SETS = frozenset(c.name for c in PARTICIPANTS.columns if c.kind in ("multi", "multi_vocab", "slots"))


def stream_key(person_key: str) -> str:
    """The ``duo_key`` of a person's events: ``Antwerpen/D0174`` -> ``Antwerpen/persoon:D0174``."""
    province, ident = person_key.split("/", 1)
    return f"{province}/{PERSON_MARK}{ident}"


def is_person_event(row: dict) -> bool:
    """Whether a journal row is a person's step."""
    return row["action"] in PERSON_ACTIONS


@dataclasses.dataclass(slots=True)
class PersonState:
    """What the journal knows of one person.

    ``signup_fields`` fill only what a workbook leaves blank; ``fields`` (from corrections and the
    conversation) override. ``status_set`` says that the last status came from an explicit status change
    (it then overrides the workbook); otherwise ``aangemeld`` and ``wachtend`` only fill a blank or
    ``aangemeld`` workbook status.
    """

    key: str
    created: bool = False
    registered_on: str | None = None
    signed_up_by: str = ""
    signed_up_at: str = ""
    signup_fields: dict = dataclasses.field(default_factory=dict)
    fields: dict = dataclasses.field(default_factory=dict)
    status: str | None = None
    status_set: bool = False
    stop_reason: str | None = None
    planned: dict | None = None
    draft_text: str | None = None  # the draft's payload, read only when asked for (:attr:`draft`)
    draft_by: str = ""
    record: dict | None = None
    recorded_by: str = ""
    last_event: int = 0

    @property
    def draft(self) -> dict | None:
        """The conversation as last kept as a draft (``None`` when none is standing)."""
        return None if self.draft_text is None else json.loads(self.draft_text).get("record", {})

    @property
    def province(self) -> str:
        """The person's province (from the key)."""
        return self.key.split("/", 1)[0]


def replay_people(rows: Iterable[dict]) -> dict[str, PersonState]:
    """The state of every person with events in ``rows`` (oldest first); undone steps are left out."""
    states: dict[str, PersonState] = {}
    for r in standing_steps(rows, PERSON_ACTIONS):
        action = r["action"]
        key = r["participant_key"]
        s = states.get(key)
        if s is None:
            s = states[key] = PersonState(key)
        s.last_event = int(r["id"])
        if action == "intake_draft":
            s.draft_text, s.draft_by = r["payload"], r["actor"]
            continue
        data = loads(r["payload"])
        if action == "signup":
            s.created, s.registered_on, s.signed_up_by, s.signed_up_at = True, data.get("registered_on"), r["actor"], r["at"]
            s.signup_fields, s.status, s.status_set = dict(data.get("fields", {})), SIGNED_UP, False
        elif action == "plan":
            s.planned = {**data, "by": r["actor"], "at": r["at"]}
        elif action == "intake_done":
            s.record = data.get("record", {})
            s.recorded_by, s.draft_text, s.draft_by = r["actor"], None, ""
            s.fields = {**s.fields, **s.record.get("fields", {})}
            s.status, s.status_set = READY, False
        elif action == "correct":
            s.fields = {**s.fields, **data.get("fields", {})}
        elif action == "person_status":
            s.status, s.status_set, s.stop_reason = data["status"], True, data.get("reason")
    return states


def cell(name: str, value: object) -> object:
    """A field's JSON value as the participants frame holds it (sets, nullable yes/no; dates stay ISO text)."""
    kind = _KINDS.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return frozenset() if kind in ("multi", "multi_vocab", "slots") else (pd.NaT if kind == "date" else None)
    if kind == "date":
        return str(value)  # ISO text: the column converts all its dates at once
    if kind in ("multi", "multi_vocab", "slots"):
        return frozenset(value)
    if kind == "bool":
        return bool(value)
    return value


def _cells(fields: dict) -> dict[str, object]:
    """Fields as frame cells; an age preference becomes ``pref_age_min``/``pref_age_max``, a postcode ``lat``/``lon``."""
    out: dict[str, object] = {}
    for name, value in fields.items():
        if name == "pref_age":
            lo, hi = value if value else (np.nan, np.nan)
            out["pref_age_min"], out["pref_age_max"] = float(lo), float(hi)
        elif name in _KINDS:
            out[name] = cell(name, value)
    if "postcode" in fields:
        lat, lon, place = _locate(fields.get("postcode"), fields.get("municipality"))
        out["lat"], out["lon"] = lat, lon
        if not fields.get("municipality") and place:
            out["municipality"] = place
    return out


@functools.lru_cache(maxsize=8192)
def _locate(postcode: str | None, place: str | None) -> tuple[float, float, str | None]:
    """A postcode's coordinates (the static postcode table, looked up once per postcode and place)."""
    return postcode_table().locate(postcode, place)


def _blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return bool(np.isnan(value))
    if isinstance(value, frozenset | str):
        return len(value) == 0 if isinstance(value, frozenset) else not value.strip()
    return False


def _identity(first: object, last: object, birth: object) -> tuple[str, str] | None:
    """(folded full name, ISO birth date), or ``None`` without a birth date or a name."""
    if _blank(birth) or (_blank(first) and _blank(last)):
        return None
    name = normalise_label(f"{'' if _blank(first) else first}{'' if _blank(last) else last}")
    return name, str(birth)[:10]


def _identities(frame: pd.DataFrame) -> dict[tuple[str, str], list[int]]:
    """Rows by (folded full name, birth date): how a person signed up in the app is found in a workbook."""
    out: dict[tuple[str, str], list[int]] = {}
    births = frame["birth_date"].dt.strftime("%Y-%m-%d").to_numpy(dtype=object, na_value=None)
    firsts, lasts = frame["first_name"].to_numpy(dtype=object), frame["last_name"].to_numpy(dtype=object)
    for i in range(len(frame)):
        ident = _identity(firsts[i], lasts[i], births[i])
        if ident is not None:
            out.setdefault(ident, []).append(i)
    return out


def _person_cells(s: PersonState) -> dict[str, object]:
    """The overlay's own columns for one person."""
    out: dict[str, object] = {"signed_up_by": s.signed_up_by or None}
    if s.planned:
        out.update(intake_planned_on=s.planned["date"], intake_time=s.planned.get("time"),
                   intake_place=s.planned.get("place"), intake_volunteer=s.planned.get("volunteer"))
    out["intake_draft"] = s.draft_text is not None
    if s.record:
        r = s.record
        out.update(intake_on=r["date"], intake_recorded_by=s.recorded_by,
                   intake_volunteer=r.get("volunteer") or out.get("intake_volunteer"),
                   consent_on=r.get("consent_on") or None,
                   consent_by=r.get("consent_by"))
        out.update({column: r.get(name) or None for name, column in RECORD_COLUMNS.items()})
        if r.get("care_need"):
            out["care_need"] = r["care_need"]
        if r.get("volunteer"):
            out["intake_by"] = r["volunteer"]
    return out


def _status(s: PersonState, current: object) -> object:
    """The status after the journal: an explicit change always, else only over a blank or ``aangemeld`` one."""
    if s.status is None:
        return current
    if s.status_set or _blank(current) or current == SIGNED_UP:
        return s.status
    return current


def overlay_people(participants: pd.DataFrame, rows: Iterable[dict]) -> tuple[pd.DataFrame, dict[str, str]]:
    """The participants with the journal's people laid over them, and the app keys now held by a workbook.

    Returns the new frame (``participants`` is not modified; it gains :data:`PERSON_COLUMNS`) and
    ``aliases``: app key -> workbook key for people signed up in the app whom a workbook now holds (the
    journal's duos of such a person are the workbook person's).
    """
    frame = participants.assign(**{c: pd.Series(_EMPTY[t], index=participants.index, dtype=t)
                                   for c, t in PERSON_COLUMNS.items() if c not in participants})
    states = replay_people(rows)
    if not states:
        return frame, {}
    position = {k: i for i, k in enumerate(frame["key"])}
    identities: dict | None = None
    updates: dict[str, dict[int, object]] = {}
    new_rows: list[dict] = []
    aliases: dict[str, str] = {}
    status = frame["status"].to_numpy(dtype=object)
    keys, provinces = frame["key"].to_numpy(dtype=object), frame["province"].to_numpy(dtype=object)
    columns: dict[str, np.ndarray] = {}

    def current(name: str, i: int) -> object:
        if name not in columns:
            columns[name] = frame[name].to_numpy(dtype=object)
        return columns[name][i]

    for s in states.values():
        i = position.get(s.key)
        if i is None and s.created:
            identities = _identities(frame) if identities is None else identities
            ident = _identity(s.signup_fields.get("first_name"), s.signup_fields.get("last_name"),
                              s.signup_fields.get("birth_date"))
            hits = identities.get(ident, []) if ident else []
            if hits:
                i = next((h for h in hits if provinces[h] == s.province), hits[0])
                aliases[s.key] = str(keys[i])
        if i is None:
            if s.created:
                new_rows.append(_new_row(s))
            continue
        change = _person_cells(s)
        for name, value in _cells(s.signup_fields).items():
            if _blank(current(name, i)):
                change.setdefault(name, value)
        change.update(_cells(s.fields))
        change["status"] = _status(s, status[i])
        change["person_change"] = CHANGED
        for name, value in change.items():
            updates.setdefault(name, {})[i] = value
    for name, values in updates.items():
        frame[name] = _assigned(frame[name], values)
    if new_rows:
        dtypes = {**participants.dtypes.to_dict(), **PERSON_COLUMNS}
        differing = {c: t for c, t in dtypes.items() if frame[c].dtype != t}  # none, unless given person columns
        frame = pd.concat([frame.astype(differing) if differing else frame, _added(new_rows, frame.columns, dtypes)],
                          ignore_index=True)
    return frame, aliases


def _assigned(column: pd.Series, values: dict[int, object]) -> pd.Series:
    """``column`` with the values at the given positions replaced, in its own dtype."""
    out = column.to_numpy(dtype=object, copy=True)
    for i, v in values.items():
        out[i] = v
    return pd.Series(out, index=column.index, name=column.name).astype(column.dtype)


def _new_row(s: PersonState) -> dict:
    """A person only the journal knows, as a row (missing columns are filled per column afterwards)."""
    province, ident = s.key.split("/", 1)
    row: dict[str, object] = {"key": s.key, "province": province, "id": ident, "source_file": JOURNAL_SOURCE,
                              "registered_on": s.registered_on}
    row.update(_cells(s.signup_fields))
    row.update(_cells(s.fields))
    row.update(_person_cells(s))
    row["status"] = s.status
    row["person_change"] = NEW
    return row


def _added(rows: list[dict], columns: pd.Index, dtypes: dict[str, object]) -> pd.DataFrame:
    """New rows as a frame in ``dtypes``: multi-valued answers left out are empty sets, yes/no unknown.

    Each cell is what a frame built from the rows, then converted to ``dtypes``, holds (as before, when the
    rows were added that way), without converting the workbooks' rows back and forth: a value a row leaves
    out is missing (NaN); a text column (``object``) whose values are texts holds its missing ones as NaN
    (as pandas infers a text column), any other text column is inferred by pandas itself.
    """
    raw = pd.DataFrame(rows, columns=columns, dtype=object)  # the values as given; left out: NaN
    data: dict[str, pd.Series] = {}
    inferred: list[str] = []
    for name in columns:
        values = raw[name]
        if name in _SETS:
            values = pd.Series([v if isinstance(v, frozenset) else frozenset() for v in values], dtype=object)
        elif not is_object_dtype(dtypes[name]):
            values = values.fillna(False) if name == "intake_draft" else values
        elif infer_dtype(values, skipna=True) == "string":
            values = values.to_numpy(copy=True)
            values[pd.isna(values)] = np.nan
            values = pd.Series(values, dtype=object)
        else:
            inferred.append(name)
            continue
        data[name] = values.astype(dtypes[name])
    if inferred:  # e.g. only None, numbers or yes/no: pandas' own inference of these columns
        data.update(pd.DataFrame(rows, columns=inferred).astype(object).items())
    return pd.DataFrame(data, columns=columns)


def duo_steps(rows: list[dict], aliases: dict[str, str]) -> list[dict]:
    """The journal rows other than a person's steps, in one pass.

    The participant keys of reconciled people (``aliases``) are replaced by their workbook keys.
    """
    steps = [r for r in rows if r["action"] not in PERSON_ACTIONS]
    if not aliases:
        return steps
    return [{**r, "participant_key": aliases[r["participant_key"]]} if r["participant_key"] in aliases else r
            for r in steps]


__all__ = [
    "CHANGED", "NEW", "PERSON_ACTIONS", "PERSON_COLUMNS", "PersonState", "cell", "duo_steps", "is_person_event",
    "overlay_people", "replay_people", "stream_key",
]
