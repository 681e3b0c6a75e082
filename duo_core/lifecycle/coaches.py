"""Contact coaches: their duos, follow-ups due, load, and the yearly compensation.

Follow-up rule: after the first meeting (status ``kennismaking``) the coach calls within 14 days of the
start; after that regularly, every 8 weeks. The due date of a duo is its ``next_followup`` when the
workbook gives one, otherwise the last follow-up + 8 weeks, otherwise the start + 14 days. A follow-up
is overdue when its due date lies before ``as_of``. Only open duos (``kennismaking``, ``actief``) have
follow-ups.

Compensation: a fixed amount (EUR 45 by default) per duo the coach followed during the calendar year,
that is every duo of the coach, not a mere proposal, that was running on some day of that year.
"""

from __future__ import annotations

import pandas as pd

from duo_core.dataset import RUNNING_DUO_STATUSES, Dataset, full_names

FIRST_CALL_DAYS = 14
REGULAR_DAYS = 56
DEFAULT_FEE = 45.0


def followup_status(ds: Dataset) -> pd.DataFrame:
    """Every open duo with its due follow-up date and whether it is overdue."""
    duos = ds.duos[ds.duos["status"].isin(RUNNING_DUO_STATUSES)].copy()
    regular = duos["last_followup"] + pd.Timedelta(days=REGULAR_DAYS)
    first = duos["start_date"] + pd.Timedelta(days=FIRST_CALL_DAYS)
    due = duos["next_followup"].fillna(regular).fillna(first)
    duos["due"] = due
    duos["overdue"] = due < pd.Timestamp(ds.as_of)
    duos["days_overdue"] = (pd.Timestamp(ds.as_of) - due).dt.days.clip(lower=0).fillna(0).astype(int)
    return duos


COACH_DUO_COLUMNS = [
    "duo_key",
    "participant",
    "participant_phone",
    "volunteer",
    "volunteer_phone",
    "status",
    "start_date",
    "last_followup",
    "due",
    "overdue",
    "days_overdue",
]


def coach_duos(ds: Dataset, coach_key: str) -> pd.DataFrame:
    """The open duos of one coach with names, phones, start, last follow-up, next due and overdue flag."""
    follow = followup_status(ds)
    mine = follow[follow["coach_key"] == coach_key]
    p = ds.participants.set_index("key")
    v = ds.volunteers.set_index("key")
    out = pd.DataFrame(
        {
            "duo_key": mine["key"].to_numpy(),
            "participant": mine["participant_key"].map(full_names(p)).to_numpy(),
            "participant_phone": mine["participant_key"].map(p["phone"]).to_numpy(),
            "volunteer": mine["volunteer_key"].map(full_names(v)).to_numpy(),
            "volunteer_phone": mine["volunteer_key"].map(v["phone"]).to_numpy(),
            "status": mine["status"].to_numpy(),
            "start_date": mine["start_date"].to_numpy(),
            "last_followup": mine["last_followup"].to_numpy(),
            "due": mine["due"].to_numpy(),
            "overdue": mine["overdue"].to_numpy(),
            "days_overdue": mine["days_overdue"].to_numpy(),
        },
        columns=COACH_DUO_COLUMNS,
    )
    return out.sort_values(["overdue", "due"], ascending=[False, True]).reset_index(drop=True)


def keep_order(duos: pd.DataFrame, shown_before: list[str] | None) -> pd.DataFrame:
    """The coach's duos with the cards already on screen kept in their place.

    A follow-up moves a duo down the urgency order; the card the coach just used must not jump away
    from under their finger (its confirmation stands in it). Duos shown before keep their order, duos
    no longer open drop out, new ones follow in the urgency order of :func:`coach_duos`.
    """
    if not shown_before:
        return duos
    place = {key: i for i, key in enumerate(shown_before)}
    rank = duos["duo_key"].map(place).fillna(len(place) + pd.Series(range(len(duos)), index=duos.index))
    return duos.iloc[rank.argsort(kind="stable")].reset_index(drop=True)


def followed_in_year(ds: Dataset, year: int) -> pd.DataFrame:
    """Duos with a coach that were running on some day of ``year`` (not proposals)."""
    duos = ds.duos[ds.duos["coach_key"].notna() & (ds.duos["status"] != "voorstel") & ds.duos["start_date"].notna()]
    first, last = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    running = (duos["start_date"] <= last) & (duos["end_date"].isna() | (duos["end_date"] >= first))
    return duos[running]


def coach_overview(ds: Dataset, year: int, fee_per_duo: float = DEFAULT_FEE) -> pd.DataFrame:
    """Per coach: open duos, desired duos, load, overdue follow-ups, duos followed and compensation.

    ``load`` is the duos followed in ``year`` divided by the number the coach chose to follow per year.
    """
    follow = followup_status(ds)
    followed = followed_in_year(ds, year)
    c = ds.coaches
    out = pd.DataFrame(
        {
            "key": c["key"].to_numpy(),
            "coach": full_names(c).to_numpy(),
            "province": c["province"].to_numpy(),
            "email": c["email"].to_numpy(),
            "open_duos": c["key"].map(follow.groupby("coach_key").size()).fillna(0).astype(int).to_numpy(),
            "desired_duos": c["desired_duos"].to_numpy(),
            "overdue": c["key"].map(follow[follow["overdue"]].groupby("coach_key").size()).fillna(0).astype(int).to_numpy(),
            "followed_in_year": c["key"].map(followed.groupby("coach_key").size()).fillna(0).astype(int).to_numpy(),
        }
    )
    out["load"] = out["followed_in_year"] / out["desired_duos"].astype("Float64").replace(0, pd.NA)
    out["compensation_eur"] = out["followed_in_year"] * float(fee_per_duo)
    return out.sort_values(["province", "coach"]).reset_index(drop=True)
