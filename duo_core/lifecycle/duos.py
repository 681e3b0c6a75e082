"""What the pages show of duos in progress: open duos with names, statuses in words, coaches to start with, the audit trail."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from duo_core.dataset import OPEN_DUO_STATUSES, RUNNING_DUO_STATUSES, Dataset, full_names
from duo_core.formatting import date_text, moment_text
from duo_core.geo import haversine_km
from duo_core.lifecycle.journal import ACTION_LABELS, JournalError, undone_ids
from duo_core.lifecycle.people import PERSON_MARK
from duo_core.lifecycle.with_journal import JOURNAL_SOURCE, STATUS_ORDER


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


def duo_phones(view: Dataset, duo: pd.Series) -> str:
    """The phone numbers of a duo's two people as one sentence, for a calendar appointment.

    ``"Deelnemer 0470 11 22 33, vrijwilliger geen nummer."``: a number that is unknown (or a person the view
    does not hold) is "geen nummer".
    """
    def number(frame: pd.DataFrame, key: str) -> str:
        phone = frame.loc[frame["key"] == key, "phone"] if "phone" in frame else pd.Series(dtype=object)
        value = phone.iloc[0] if len(phone) else None
        return value.strip() if isinstance(value, str) and value.strip() else "geen nummer"

    return (f"Deelnemer {number(view.participants, duo['participant_key'])}, "
            f"vrijwilliger {number(view.volunteers, duo['volunteer_key'])}.")


#: The columns of :func:`suggest_coaches` and their types.
SUGGESTION_DTYPES = {"key": "str", "coach": "str", "open_duos": "int64", "desired_duos": "Float64", "free": "Float64",
                     "distance_km": "float64"}


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
    if coaches.empty:  # also a view without the coaches' details (an intake volunteer's): nobody to suggest
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in SUGGESTION_DTYPES.items()})
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

    ``undone`` marks steps that a later undo cancelled; ``provinces`` limits to those provinces. A
    person's own step (sign-up, conversation, status) belongs to no duo: its ``duo_key`` is empty (the
    journal's internal ``<province>/persoon:<ID>`` is never shown).
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
    named["subject"] = named["duo_key"]  # the journal's own key: whose steps these are (never shown)
    named["duo_key"] = named["duo_key"].where(~named["duo_key"].str.contains(f"/{PERSON_MARK}", regex=False), "")
    return named[["id", "at", "actor", "label", "duo_key", "participant", "volunteer", "details", "undone",
                  "action", "subject"]].iloc[::-1].reset_index(drop=True)


def undo_choices(audit: pd.DataFrame) -> dict[int, tuple[str, str]]:
    """The steps of :func:`audit_view` that may be undone: per duo or person its last step still standing.

    Per step id: how the choice reads (``Stap 3: kennismaking gehouden, Antwerpen/APP00001 (An Peeters +
    Bart Claes), 20/11/2026 14:30``; a person's step names no duo) and what the confirmation says was
    undone (``kennismaking gehouden van An Peeters + Bart Claes``).
    """
    choices = {}
    standing = audit[(audit["action"] != "undo") & ~audit["undone"]]
    for r in standing[standing["id"] == standing.groupby("subject")["id"].transform("max")].itertuples():
        names = " + ".join(n for n in (r.participant, r.volunteer) if isinstance(n, str) and n)
        where = ", ".join(part for part in (r.label, r.duo_key) if part) + (f" ({names})" if names else "")
        choices[int(r.id)] = (f"Stap {r.id}: {where}, {r.at}", f"{r.label} van {names}" if names else r.label)
    return choices

