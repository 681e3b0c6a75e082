"""Acting on a match: the workbooks plus the journal, who may do what, coach suggestions, the export.

* :func:`overlay` gives the dataset the pages see: the workbooks with the journal's duos added and the
  journal's steps on workbook duos applied. A journal duo that the master workbook meanwhile holds (same
  pair, same or unknown start date) is merged into the workbook's row, never counted twice.
* :class:`Lifecycle` carries out an action for a user: it checks the role (:data:`PERMISSIONS`), the
  provinces, the hard rules and the input, then writes one event to the :class:`~duo_core.journal.Journal`.
* :func:`suggest_coaches`, :func:`changed_duos` / :func:`export_sheets` and :func:`audit_view` serve the
  pages that start duos, export them to the master workbook and show the audit trail.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from duo_core.access import COACH, INTAKE, PROFESSIONAL, ROLE_LABELS, User
from duo_core.dataset import OPEN_DUO_STATUSES, RESERVING_STATUSES, RUNNING_DUO_STATUSES, Dataset, full_names
from duo_core.formatting import date_text, moment_text
from duo_core.geo import haversine_km
from duo_core.journal import ACTION_LABELS, TRANSITIONS, DuoState, Journal, JournalError, replay, undone_ids
from duo_core.schema import DUOS, STOP_REASONS
from duo_core.workbook import frame_rows

#: Which roles may take each action (coaches only on their own duos).
PERMISSIONS = {
    "propose": (PROFESSIONAL, INTAKE),
    "introduce": (PROFESSIONAL, INTAKE),
    "cancel": (PROFESSIONAL, INTAKE),
    "start": (PROFESSIONAL,),
    "followup": (PROFESSIONAL, COACH),
    "stop": (PROFESSIONAL, COACH),
    "undo": (PROFESSIONAL,),
}
ACTION_VERBS = {
    "propose": "een duo voorstellen",
    "introduce": "een kennismaking vastleggen",
    "cancel": "een voorstel annuleren",
    "start": "een duo starten",
    "followup": "een opvolging vastleggen",
    "stop": "een duo stoppen",
    "undo": "een stap ongedaan maken",
}
#: Order of duo statuses: a merge keeps the one further along.
STATUS_ORDER = {"voorstel": 0, "kennismaking": 1, "actief": 2, "gestopt": 3}
JOURNAL_COLUMNS = ["workbook_status", "proposed_on", "proposed_by", "journal_change"]
JOURNAL_SOURCE = "logboek"
NEW, CHANGED = "nieuw", "gewijzigd"


# --- the dataset the pages see -----------------------------------------------------------------


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
    ``gekoppeld``, so that the waiting list and the key figures change at once.
    """
    rows = events.rows() if isinstance(events, Journal) else list(events)
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
    new_rows: list[dict] = []
    started: list[tuple[str, str]] = []
    for s in states.values():
        target = position.get(s.duo_key) if s.from_workbook else _reconciled(records, pairs, s)
        if target is None:
            if s.status != "geannuleerd":
                new_rows.append(_new_row(s))
                if s.status == "actief":
                    started.append((s.participant_key, s.volunteer_key))
            continue
        before = records[target]["status"]
        if _merge(records[target], s) and records[target]["status"] == "actief" and before != "actief":
            started.append((s.participant_key, s.volunteer_key))
    merged = pd.DataFrame(records, columns=duos.columns)
    if new_rows:
        merged = pd.concat([merged, pd.DataFrame(new_rows, columns=duos.columns)], ignore_index=True)
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
    start = _ts(s.start_date)
    for i in pairs.get((s.participant_key, s.volunteer_key), []):
        row_start = records[i]["start_date"]
        if pd.isna(row_start) or pd.isna(start) or row_start == start:
            return i
    return None


def _new_row(s: DuoState) -> dict:
    province, duo_id = s.duo_key.split("/", 1)
    return {
        "key": s.duo_key, "province": province, "id": duo_id,
        "participant_id": s.participant_key.split("/", 1)[1], "volunteer_id": s.volunteer_key.split("/", 1)[1],
        "coach_id": s.coach_key.split("/", 1)[1] if s.coach_key else None,
        "start_date": _ts(s.start_date), "status": s.status, "end_date": _ts(s.end_date),
        "stop_reason": s.stop_reason, "last_followup": _ts(s.last_followup), "next_followup": _ts(s.next_followup),
        "source_row": pd.NA, "source_file": JOURNAL_SOURCE,
        "participant_key": s.participant_key, "volunteer_key": s.volunteer_key, "coach_key": s.coach_key,
        "workbook_status": None, "proposed_on": _ts(s.proposed_at[:10] if s.proposed_at else None),
        "proposed_by": s.proposed_by or None, "journal_change": NEW,
    }


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


# --- actions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lifecycle:
    """One user's actions on the data as the pages see it.

    Parameters
    ----------
    journal
        Where the events are written.
    view
        The dataset with the journal applied (:func:`overlay`) as this user may see it
        (:func:`duo_core.access.visible_dataset`): the checks use exactly what the rankings show, so a
        refusal never names people, keys or actors of another province. Duos of other provinces that
        hold a visible person still count (``open_elsewhere``, ``reserved_elsewhere``), and the journal
        checks reservations again under its write lock.
    user
        Who acts; their role and provinces decide what they may do.
    """

    journal: Journal
    view: Dataset
    user: User

    def may(self, action: str, duo_key: str | None = None) -> bool:
        """Whether the user may take ``action`` (on ``duo_key``)."""
        try:
            self._allowed(action, duo_key)
        except JournalError:
            return False
        return True

    def _allowed(self, action: str, duo_key: str | None = None, province: str | None = None) -> None:
        role = self.user.role
        if role not in PERMISSIONS[action]:
            raise JournalError(f"Als {ROLE_LABELS[role].lower()} kan je niet {ACTION_VERBS[action]}.")
        if duo_key is not None:
            province = duo_key.split("/")[0]
            if role == COACH and self._duo(duo_key)["coach_key"] != self.user.coach_key:
                raise JournalError(f"Duo '{duo_key}' is niet een van jouw duo's.")
        if province and self.user.provinces and province not in self.user.provinces:
            raise JournalError(f"Je werkt niet in provincie {province}.")

    def _duo(self, duo_key: str) -> pd.Series:
        hits = self.view.duos.index[self.view.duos["key"] == duo_key]
        if len(hits) == 0:
            raise JournalError(f"Duo '{duo_key}' is niet gekend.")
        return self.view.duos.loc[hits[0]]

    def _base(self, duo_key: str) -> DuoState | None:
        """The workbook state of a workbook duo; ``None`` for a duo the journal alone knows."""
        rows = self.view.duos[self.view.duos["key"] == duo_key]
        if rows.empty or rows["source_file"].iloc[0] == JOURNAL_SOURCE:
            return None
        return workbook_state(rows.iloc[0])

    def next_steps(self, duo_key: str) -> tuple[str, ...]:
        """The steps this user may take next on the duo, given its status (in lifecycle order).

        A proposal from the workbook is cancelled in the workbook, so ``cancel`` is only offered for
        proposals made in the app.
        """
        status = self._duo(duo_key)["status"]
        return tuple(
            action for action, (allowed_from, _) in TRANSITIONS.items()
            if status in allowed_from and self.may(action, duo_key)
            and not (action == "cancel" and self._base(duo_key) is not None)
        )

    def propose(self, participant_key: str, volunteer_key: str, note: str = "", weights=None) -> str:
        """Propose a pair (it reserves both people); returns the new duo key.

        The score and its points per criterion, as the intake volunteer saw them (with ``weights``), are
        recorded with the proposal, so that later analyses use the score of the moment of proposal.
        """
        from duo_core.matching import explain_match

        self._allowed("propose", province=participant_key.split("/")[0])
        try:
            explanation = explain_match(self.view, participant_key, volunteer_key, weights)
        except KeyError as exc:
            raise JournalError(str(exc.args[0])) from None
        if not explanation.eligible:
            raise JournalError("Dit duo kan niet voorgesteld worden: " + " ".join(explanation.exclusions))
        recorded = {
            "score": round(explanation.total, 2),
            "points": {c.name: round(c.points, 2) for c in explanation.components},
            "shared_interests": len(next(c.shared for c in explanation.components if c.name == "interests")),
            "distance_km": None if np.isnan(explanation.distance_km) else round(explanation.distance_km, 2),
        }
        return self.journal.propose(participant_key, volunteer_key, self.user.email, _note(note),
                                    provinces=self.user.provinces, payload=recorded)

    def introduce(self, duo_key: str) -> int:
        """The introduction was held."""
        self._allowed("introduce", duo_key)
        return self.journal.introduce(duo_key, self.user.email, base=self._base(duo_key))

    def cancel(self, duo_key: str) -> int:
        """The proposal is called off; both people are free again."""
        self._allowed("cancel", duo_key)
        base = self._base(duo_key)
        if base is not None and base.status in RESERVING_STATUSES:
            raise JournalError(f"Voorstel '{duo_key}' staat in het werkboek: pas het daar aan.")
        return self.journal.cancel(duo_key, self.user.email, base=base)

    def start(self, duo_key: str, coach_key: str | None, date: dt.date, today: dt.date | None = None) -> int:
        """The duo starts with contact coach ``coach_key`` on ``date`` (not in the future)."""
        self._allowed("start", duo_key)
        if not coach_key:
            raise JournalError("Kies een contactcoach.")
        _not_in_future(date, today, "startdatum", "het duo echt startte")
        if coach_key not in set(self.view.coaches["key"]):
            raise JournalError(f"Contactcoach '{coach_key}' is niet gekend: kies een coach uit de lijst.")
        return self.journal.start(duo_key, self.user.email, coach_key, date, base=self._base(duo_key))

    def followup(self, duo_key: str, date: dt.date, note: str = "", today: dt.date | None = None) -> int:
        """A follow-up contact on ``date`` (not in the future)."""
        self._allowed("followup", duo_key)
        if date > (today or dt.date.today()):
            raise JournalError("De datum van de opvolging ligt in de toekomst: kies de dag van het contact.")
        self._not_before_start(duo_key, date, "opvolging")
        return self.journal.followup(duo_key, self.user.email, date, _note(note), base=self._base(duo_key))

    def stop(self, duo_key: str, date: dt.date, reason: str | None, today: dt.date | None = None) -> int:
        """The duo stopped on ``date`` (not in the future) for ``reason`` (one of the stop reasons)."""
        self._allowed("stop", duo_key)
        if not reason:
            raise JournalError("Kies een reden om het duo te stoppen.")
        _not_in_future(date, today, "einddatum", "het duo stopte")
        if reason not in STOP_REASONS:
            raise JournalError(f"Onbekende stopreden '{reason}': kies uit {', '.join(STOP_REASONS)}.")
        self._not_before_start(duo_key, date, "einddatum")
        return self.journal.stop(duo_key, self.user.email, date, reason, base=self._base(duo_key))

    def undo(self, event_id: int) -> int:
        """Undo the last step of a duo."""
        event = self.journal.event(event_id)
        self._allowed("undo", province=event["duo_key"].split("/")[0] if event else None)
        base = self._base(event["duo_key"]) if event else None
        return self.journal.undo(int(event_id), self.user.email, base=base)

    def _not_before_start(self, duo_key: str, date: dt.date, what: str) -> None:
        start = self._duo(duo_key)["start_date"]
        if not pd.isna(start) and pd.Timestamp(date) < start:
            raise JournalError(f"De {what} ({date:%d/%m/%Y}) ligt vóór de start van het duo ({start:%d/%m/%Y}).")


def _not_in_future(date: dt.date, today: dt.date | None, what: str, when: str) -> None:
    if date > (today or dt.date.today()):
        raise JournalError(f"De {what} ({date:%d/%m/%Y}) ligt in de toekomst: kies de dag waarop {when}.")


def _note(note: str) -> str:
    return " ".join(str(note).split())[:500]


# --- what the pages show -----------------------------------------------------------------------


def open_duos(view: Dataset) -> pd.DataFrame:
    """Duos still in progress with names: proposals first, then introductions, then active duos."""
    duos = view.duos[view.duos["status"].isin(OPEN_DUO_STATUSES)]
    order = duos["status"].map(STATUS_ORDER)
    return _with_names(view, duos.iloc[np.lexsort((duos["key"].to_numpy(), order.to_numpy()))]).reset_index(drop=True)


def open_duos_table(duos: pd.DataFrame) -> pd.DataFrame:
    """The open duos as the Lopende duo's table shows them.

    Dates as dd/mm/jjjj (blank when unknown), the source as "werkboek" or "app", no internal keys.
    """
    return pd.DataFrame({
        "key": [str(k).split("/", 1)[-1] for k in duos["key"]],
        "participant": duos["participant"].to_numpy(),
        "volunteer": duos["volunteer"].to_numpy(),
        "status": duos["status"].to_numpy(),
        "proposed_on": [date_text(v) for v in duos.get("proposed_on", pd.Series(pd.NaT, index=duos.index))],
        "proposed_by": duos.get("proposed_by", pd.Series(None, index=duos.index)).fillna("").to_numpy(),
        "start_date": [date_text(v) for v in duos["start_date"]],
        "coach": duos["coach"].fillna("").to_numpy(),
        "source": ["app" if f == JOURNAL_SOURCE else "werkboek" for f in duos["source_file"]],
    })


def status_text(duo: pd.Series) -> str:
    """One duo's status in words: "voorgesteld op ...", "in kennismaking sinds ...", "actief sinds ..."."""
    status = duo["status"]
    if status == "voorstel":
        when = date_text(duo.get("proposed_on"))
        return f"voorgesteld op {when}" if when else "voorgesteld"
    when = date_text(duo["start_date"])
    word = {"kennismaking": "in kennismaking", "actief": "actief"}.get(status, str(status))
    return f"{word} sinds {when}" if when else word


def preferred_coach(duo: pd.Series, suggestions: pd.DataFrame) -> str | None:
    """The coach the start form offers first.

    The duo's own coach when it has one among the suggestions, else the first suggestion (most free
    places, then nearest); ``None`` when there is no coach at all.
    """
    keys = suggestions["key"].tolist()
    own = duo.get("coach_key")
    if isinstance(own, str) and own in keys:
        return own
    return keys[0] if keys else None


def suggestions_table(suggestions: pd.DataFrame) -> pd.DataFrame:
    """Coach suggestions as shown: free places never below 0 ("volzet" when none), distance with one decimal."""
    free = suggestions["free"]
    return pd.DataFrame({
        "coach": suggestions["coach"].to_numpy(),
        "open_duos": suggestions["open_duos"].to_numpy(),
        "desired_duos": suggestions["desired_duos"].to_numpy(),
        "free": ["onbekend" if pd.isna(f) else ("volzet" if f <= 0 else str(int(f))) for f in free],
        "distance_km": suggestions["distance_km"].round(1).to_numpy(),
    })


def _with_names(view: Dataset, duos: pd.DataFrame) -> pd.DataFrame:
    p = view.participants.set_index("key")
    v = view.volunteers.set_index("key")
    c = view.coaches.set_index("key")
    return duos.assign(
        participant=duos["participant_key"].map(full_names(p)).fillna(duos["participant_key"]),
        volunteer=duos["volunteer_key"].map(full_names(v)).fillna(duos["volunteer_key"]),
        coach=duos["coach_key"].map(full_names(c)).astype(object),  # object even when no coach is known
    )


def suggest_coaches(view: Dataset, duo_key: str) -> pd.DataFrame:
    """Coaches of the duo's province, most free capacity first, then nearest to the participant.

    ``free`` is the number of duos the coach wants to follow minus their open duos (empty when the
    coach gave no number); ``distance_km`` is from the coach's postcode to the participant's.
    """
    duo = view.duos[view.duos["key"] == duo_key]
    if duo.empty:
        raise JournalError(f"Duo '{duo_key}' is niet gekend.")
    province = duo_key.split("/")[0]
    p = view.participants[view.participants["key"] == duo["participant_key"].iloc[0]]
    coaches = view.coaches[view.coaches["province"] == province]
    open_counts = view.duos[view.duos["status"].isin(RUNNING_DUO_STATUSES)].groupby("coach_key").size()
    open_duos = coaches["key"].map(open_counts).fillna(0).astype(int)
    desired = coaches["desired_duos"].astype("Float64")
    lat, lon = (p["lat"].iloc[0], p["lon"].iloc[0]) if len(p) else (np.nan, np.nan)
    distance = haversine_km(coaches["lat"].to_numpy(dtype=float), coaches["lon"].to_numpy(dtype=float),
                            float(lat), float(lon))
    out = pd.DataFrame({
        "key": coaches["key"].to_numpy(),
        "coach": full_names(coaches).to_numpy(),
        "open_duos": open_duos.to_numpy(),
        "desired_duos": desired.to_numpy(),
        "free": (desired - open_duos).to_numpy(),
        "distance_km": np.round(distance, 1),
    })
    return out.sort_values(["free", "distance_km", "key"], ascending=[False, True, True],
                           na_position="last").reset_index(drop=True)


def changed_duos(view: Dataset) -> pd.DataFrame:
    """Duos new in the app or changed by it, for the master workbook."""
    if "journal_change" not in view.duos.columns:
        return view.duos.iloc[0:0]
    return view.duos[view.duos["journal_change"].notna()].sort_values(["province", "key"]).reset_index(drop=True)


def export_sheets(view: Dataset) -> dict[str, pd.DataFrame]:
    """Per province, the new and changed duos as rows of the template's Duo's sheet.

    The columns are the template's headers in its order, plus a last column ``Wijziging``
    (nieuw/gewijzigd).
    """
    duos = changed_duos(view)
    headers = [c.header for c in DUOS.columns]
    out = {}
    for province, group in duos.groupby("province", sort=True):
        frame = pd.DataFrame(frame_rows(group, DUOS), columns=headers)
        frame["Wijziging"] = group["journal_change"].to_numpy()
        out[f"Duo's {province}"] = frame
    return out


def _details(action: str, payload: dict, labels: dict[int, str]) -> str:
    if action == "propose":
        return payload.get("note", "")
    if action == "start":
        return f"coach {str(payload.get('coach_key')).split('/', 1)[-1]}, start {date_text(payload.get('date'))}"
    if action == "followup":
        note = payload.get("note") or ""
        return (f"contact op {date_text(payload.get('date'))}, volgende {date_text(payload.get('next'))}"
                + (f": {note}" if note else ""))
    if action == "stop":
        return f"gestopt op {date_text(payload.get('date'))}: {payload.get('reason')}"
    if action == "undo":
        return f"stap {payload.get('event')} ({labels.get(int(payload.get('event', 0)), '?')})"
    return ""


def audit_view(events: pd.DataFrame, view: Dataset, provinces: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every event with its Dutch label, the people's names and its details, newest first.

    ``undone`` marks steps that a later undo cancelled; ``provinces`` limits to those provinces.
    """
    payloads = [json.loads(p) for p in events["payload"]]
    labels = dict(zip(events["id"].astype(int), events["action"].map(ACTION_LABELS), strict=True))
    undone = undone_ids(events.to_dict("records"))
    frame = events.assign(
        province=events["duo_key"].str.split("/").str[0],
        label=events["action"].map(ACTION_LABELS),
        details=[_details(a, p, labels) for a, p in zip(events["action"], payloads, strict=True)],
        undone=events["id"].astype(int).isin(undone),
    )
    if provinces:
        frame = frame[frame["province"].isin(provinces)]
    named = _with_names(view, frame.assign(coach_key=None, at=[moment_text(t) for t in frame["at"]]))
    return named[["id", "at", "actor", "label", "duo_key", "participant", "volunteer", "details", "undone",
                  "action"]].iloc[::-1].reset_index(drop=True)


__all__ = [
    "PERMISSIONS", "Lifecycle", "audit_view", "changed_duos", "export_sheets", "open_duos", "open_duos_table",
    "overlay", "preferred_coach", "status_text", "suggest_coaches", "suggestions_table", "workbook_state",
]
