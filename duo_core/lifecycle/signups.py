"""What the intake pages show: the sign-ups waiting for a conversation, the hand-over after it, the form's prefill.

Everything here reads a projected view (:func:`duo_core.access.visible_dataset` of the overlay), so a page
shows exactly what the role may see; a column the role may not see is simply absent.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from duo_core.dataset import Dataset, full_names
from duo_core.formatting import date_text
from duo_core.lifecycle.intake import SIGNUP_FIELDS
from duo_core.schema import SIGNED_UP

SIGNUP_COLUMNS = ["key", "name", "province", "municipality", "registered_on", "days", "planned", "draft"]
HANDOVER_COLUMNS = ["key", "name", "province", "municipality", "intake_on", "intake_volunteer", "intake_transport",
                    "intake_practical", "intake_organisational", "intake_impression", "care_need", "consent"]


def _text(value: object) -> str:
    """A text cell, or "" for an empty one (NaN and None included)."""
    return value if isinstance(value, str) else ""


def _days(since: pd.Series, today: dt.date) -> pd.Series:
    return (pd.Timestamp(today) - since).dt.days.astype("Int64")


def signups(view: Dataset, today: dt.date) -> pd.DataFrame:
    """People who signed up and wait for their kennismakingsgesprek, longest waiting first.

    ``days`` counts the days since sign-up (empty when the sign-up date is unknown); ``planned`` says when,
    where and with whom the conversation is planned; ``draft`` whether a conversation was begun.
    """
    p = view.participants
    p = p[p["status"] == SIGNED_UP]
    if p.empty:
        return pd.DataFrame(columns=SIGNUP_COLUMNS)
    planned_on = p.get("intake_planned_on", pd.Series(pd.NaT, index=p.index))
    planned = [
        "" if pd.isna(on) else " ".join(x for x in (date_text(on), _text(time), f"in {_text(place)}" if _text(place)
                                                     else "", f"met {_text(who)}" if _text(who) else "") if x)
        for on, time, place, who in zip(planned_on, p.get("intake_time", [None] * len(p)),
                                        p.get("intake_place", [None] * len(p)),
                                        p.get("intake_volunteer", [None] * len(p)), strict=True)
    ]
    frame = pd.DataFrame({
        "key": p["key"].to_numpy(), "name": full_names(p).to_numpy(), "province": p["province"].to_numpy(),
        "municipality": p["municipality"].to_numpy(), "registered_on": [date_text(d) for d in p["registered_on"]],
        "days": _days(p["registered_on"], today).to_numpy(), "planned": planned,
        "draft": p.get("intake_draft", pd.Series(False, index=p.index)).fillna(False).astype(bool).to_numpy(),
    })
    order = np.lexsort((frame["key"].to_numpy(), -frame["days"].fillna(-1).to_numpy(dtype=np.int64)))
    return frame.iloc[order].reset_index(drop=True)


def plan_labels(waiting: pd.DataFrame) -> dict[str, str]:
    """How each sign-up of :func:`signups` reads in the planning's choice: ``Mia Janssens (Mechelen, 12 dagen)``.

    Without a sign-up date (an imported form) the days are unknown: ``(Mechelen, ? dagen)``.
    """
    return {row.key: f"{row.name} ({_text(row.municipality) or '?'}, "
                     f"{'?' if pd.isna(row.days) else int(row.days)} dagen)" for row in waiting.itertuples()}


def handed_over(view: Dataset, since: dt.date | None = None) -> pd.DataFrame:
    """People whose conversation was finished (on or after ``since``), newest first, with the whole record.

    Columns the view does not hold (professional-only answers for other roles) are left out.
    """
    p = view.participants
    if "intake_on" not in p:
        return pd.DataFrame(columns=HANDOVER_COLUMNS)
    done = p["intake_on"].notna()
    if since is not None:
        done &= p["intake_on"] >= pd.Timestamp(since)
    p = p[done].sort_values(["intake_on", "key"], ascending=[False, True])
    frame = pd.DataFrame({"key": p["key"], "name": full_names(p), "province": p["province"],
                          "municipality": p["municipality"], "intake_on": [date_text(d) for d in p["intake_on"]]})
    for column in HANDOVER_COLUMNS[5:-1]:
        if column in p:
            frame[column] = p[column].to_numpy()
    frame["consent"] = [f"ja, {date_text(on)} ({by})" if pd.notna(on) else "nee"
                        for on, by in zip(p["consent_on"], p["consent_by"], strict=True)]
    return frame.reset_index(drop=True)


def propose_planning(waiting: pd.DataFrame, view: Dataset, team, today: dt.date) -> pd.Series:
    """Who holds which conversation: per sign-up key, the proposed intake volunteer's e-mail (or ``None``).

    ``waiting`` is :func:`signups` (longest waiting first); ``team`` the intake volunteers
    (:class:`duo_core.access.User` with ``per_month``: the conversations a month each chose). In that order,
    each sign-up without a planned conversation goes to the intake volunteer of its province (no provinces:
    all) with the most conversations left this month; what is already planned or held this month counts.
    Nobody gets more than they chose; a sign-up nobody has room for gets ``None``.
    """
    p = view.participants
    month = pd.Timestamp(today).to_period("M")
    taken: dict[str, int] = {}
    if "intake_on" in p:
        when = p["intake_on"].fillna(p["intake_planned_on"])  # held, else planned: each person once
        for who in p.loc[when.notna() & (when.dt.to_period("M") == month), "intake_volunteer"]:
            if isinstance(who, str):
                taken[who] = taken.get(who, 0) + 1
    left = {u.email: (u.per_month or 0) - taken.get(u.email, 0) for u in team}
    proposal: dict[str, str | None] = {}
    for key, province, planned in zip(waiting["key"], waiting["province"], waiting["planned"], strict=True):
        if planned:
            proposal[key] = None
            continue
        fits = sorted((-left[u.email], u.email) for u in team
                      if (not u.provinces or province in u.provinces) and left[u.email] > 0)
        proposal[key] = fits[0][1] if fits else None
        if fits:
            left[fits[0][1]] -= 1
    return pd.Series(proposal, dtype=object)


def _form_value(name: str, value: object) -> object:
    """A frame cell as a form widget takes it (lists for multi-valued answers, ``ja``/``nee``, dates)."""
    if isinstance(value, frozenset):
        return sorted(value)
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, bool | np.bool_):
        return "ja" if value else "nee"
    return value


def prefill(person: pd.Series, draft: dict | None = None) -> dict:
    """The conversation form's values: the draft when there is one, else what the sign-up (or workbook) holds."""
    fields = {name: _form_value(name, person.get(name)) for name in SIGNUP_FIELDS if name != "pref_age"}
    lo, hi = person.get("pref_age_min"), person.get("pref_age_max")
    fields["pref_age"] = None if lo is None or pd.isna(lo) else f"{int(lo)}-{int(hi)}"
    values: dict = {"fields": fields}
    if draft:
        values.update({k: v for k, v in draft.items() if k != "fields"})
        values["fields"] = {**fields, **(draft.get("fields") or {})}
        for key in ("date", "consent_on"):
            if isinstance(values.get(key), str):
                values[key] = dt.date.fromisoformat(values[key])
    return values


def ready_since(view: Dataset, key: str) -> bool:
    """Whether the person's conversation is finished (they are on the waiting list through the app)."""
    p = view.participants
    row = p[p["key"] == key]
    return bool(len(row)) and "intake_on" in p and pd.notna(row["intake_on"].iloc[0])


__all__ = ["HANDOVER_COLUMNS", "SIGNUP_COLUMNS", "handed_over", "prefill", "propose_planning", "ready_since",
           "signups"]
