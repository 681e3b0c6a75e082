"""Figures of the intake stage: sign-ups, conversations held per intake volunteer, and the days it takes.

From the dataset the pages see (workbooks plus the journal's people, :mod:`duo_core.lifecycle.people`):
how many people wait for their kennismakingsgesprek, how many conversations were held (per intake
volunteer, against the number per month each chose when it is known), the days from sign-up to the
conversation and from the conversation to the first duo proposed or started.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from duo_core.dataset import Dataset
from duo_core.schema import SIGNED_UP

VOLUNTEER_COLUMNS = ["volunteer", "conversations", "per_month", "chosen_per_month"]


def _median(days: pd.Series) -> float:
    days = days.dropna()
    return float(np.median(days)) if len(days) else float("nan")


def _first_duo(ds: Dataset) -> pd.Series:
    """Per participant key: the first day a duo held them (proposed in the app, else started)."""
    duos = ds.duos
    when = duos["start_date"]
    if "proposed_on" in duos:
        when = duos["proposed_on"].fillna(when)
    return when.groupby(duos["participant_key"]).min()


def intake_figures(ds: Dataset) -> dict[str, float]:
    """The intake stage in numbers.

    Returns ``signed_up`` (waiting for their conversation now), ``conversations`` (held and recorded),
    ``days_to_conversation`` (median days from sign-up to the conversation) and ``days_to_duo`` (median
    days from the conversation to the first duo proposed or started; NaN when there is none).
    """
    p = ds.participants
    signed_up = int((p["status"] == SIGNED_UP).sum())
    if "intake_on" not in p:
        return {"signed_up": signed_up, "conversations": 0, "days_to_conversation": float("nan"),
                "days_to_duo": float("nan")}
    held = p[p["intake_on"].notna()]
    if held.empty:  # also no data at all (a missing folder): no dates to subtract
        return {"signed_up": signed_up, "conversations": 0, "days_to_conversation": float("nan"),
                "days_to_duo": float("nan")}
    to_conversation = (held["intake_on"] - pd.to_datetime(held["registered_on"])).dt.days
    first = pd.to_datetime(held["key"].map(_first_duo(ds).to_dict()))
    to_duo = (first - held["intake_on"]).dt.days
    return {"signed_up": signed_up, "conversations": len(held), "days_to_conversation": _median(to_conversation),
            "days_to_duo": _median(to_duo[to_duo >= 0])}


def conversations_per_volunteer(ds: Dataset, months: float = 12.0,
                                chosen: dict[str, float] | None = None) -> pd.DataFrame:
    """Conversations held per intake volunteer in the last ``months``, per month, against what each chose.

    ``chosen`` maps an intake volunteer (as named in the conversation) to the conversations per month they
    want to hold; unknown volunteers get an empty value there.
    """
    p = ds.participants
    if "intake_on" not in p:
        return pd.DataFrame(columns=VOLUNTEER_COLUMNS)
    since = pd.Timestamp(ds.as_of) - pd.DateOffset(months=int(months))
    held = p[p["intake_on"].notna() & (p["intake_on"] >= since)]
    counts = held.groupby(held["intake_volunteer"].fillna("onbekend")).size().sort_values(ascending=False)
    frame = pd.DataFrame({"volunteer": counts.index.astype(str), "conversations": counts.to_numpy()})
    frame["per_month"] = (frame["conversations"] / months).round(1)
    frame["chosen_per_month"] = frame["volunteer"].map(chosen or {}).astype(float)
    return frame.sort_values(["conversations", "volunteer"], ascending=[False, True]).reset_index(drop=True)


__all__ = ["conversations_per_volunteer", "intake_figures"]
