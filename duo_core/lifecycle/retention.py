"""Retention: people and duos stopped longer ago than the retention period ("bewaartermijn verstreken").

Personal data may be kept only as long as it is needed. A person whose status is *gestopt* and whose
last known date (the end of their last duo, else the latest of their own dates: last confirmation,
registration or start, screening) lies more than ``months`` before ``as_of`` (default
:data:`DEFAULT_MONTHS`, ``[privacy] retention_months`` in ``duo.toml``) is listed, and so is a duo that
ended that long ago, each with the file, sheet and Excel row where it is kept. A stopped person with no
date at all is not listed: nobody can say how long ago they stopped.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from duo_core.dataset import Dataset
from duo_core.formatting import date_text

DEFAULT_MONTHS = 24
STOPPED = "gestopt"
RETENTION_COLUMNS = ["kind", "key", "province", "since", "file", "sheet", "row", "message"]
_OWN_DATES = {"participants": ("last_confirmed", "registered_on"), "volunteers": ("start_date", "screening_date")}


def cutoff(as_of: dt.date, months: int = DEFAULT_MONTHS) -> pd.Timestamp:
    """The last day that is still inside the retention period."""
    return pd.Timestamp(as_of) - pd.DateOffset(months=months)


def _later(a: pd.Timestamp, b: pd.Timestamp) -> pd.Timestamp:
    return b if pd.isna(a) else a if pd.isna(b) else max(a, b)


def _message(kind: str, since: pd.Timestamp, months: int) -> str:
    what = "dit duo" if kind == "duo" else "deze persoon"
    return (f"Bewaartermijn verstreken: {what} is gestopt sinds {date_text(since)} (meer dan {months} maanden). "
            "Verwijder de rij uit het werkboek, of vergeet de persoon op de pagina Privacy.")


def expired(ds: Dataset, as_of: dt.date | None = None, months: int = DEFAULT_MONTHS) -> pd.DataFrame:
    """People and duos stopped more than ``months`` months before ``as_of`` (default: the dataset's date).

    Returns ``kind`` (deelnemer, vrijwilliger, duo), ``key``, ``province``, ``since`` (the stop date),
    ``file``, ``sheet``, ``row`` (Excel row) and a Dutch ``message``; the longest stopped first.
    """
    limit = cutoff(as_of or ds.as_of, months)
    duos = ds.duos
    ended = duos[duos["end_date"].notna()]
    parts = []
    for name, kind, sheet, column in (("participants", "deelnemer", "Deelnemers", "participant_key"),
                                      ("volunteers", "vrijwilliger", "Vrijwilligers", "volunteer_key")):
        people = getattr(ds, name)
        stopped = people[people["status"] == STOPPED]
        last_duo = ended.groupby(column)["end_date"].max()
        own = pd.Series(pd.NaT, index=stopped.index, dtype="datetime64[ns]")
        for column in _OWN_DATES[name]:
            if column in stopped:
                own = own.combine(pd.to_datetime(stopped[column], errors="coerce"), _later)
        last = pd.to_datetime(last_duo, errors="coerce").reindex(stopped["key"].to_numpy())
        since = pd.Series(last.to_numpy(), index=stopped.index, dtype="datetime64[ns]").fillna(own)
        old = stopped[since.notna() & (since < limit)]
        parts.append(pd.DataFrame({"kind": kind, "key": old["key"].to_numpy(), "province": old["province"].to_numpy(),
                                   "since": since[old.index].to_numpy(), "file": old["source_file"].to_numpy(),
                                   "sheet": sheet, "row": old["source_row"].to_numpy()}))
    old_duos = ended[(ended["status"] == STOPPED) & (ended["end_date"] < limit)]
    parts.append(pd.DataFrame({"kind": "duo", "key": old_duos["key"].to_numpy(),
                               "province": old_duos["province"].to_numpy(), "since": old_duos["end_date"].to_numpy(),
                               "file": old_duos["source_file"].to_numpy(), "sheet": "Duo's",
                               "row": old_duos["source_row"].to_numpy()}))
    out = pd.concat([p for p in parts if len(p)] or [parts[0]], ignore_index=True)
    out["since"] = pd.to_datetime(out["since"])
    out["row"] = out["row"].astype("Int64")
    out["message"] = [_message(k, s, months) for k, s in zip(out["kind"], out["since"], strict=True)]
    return out.sort_values(["since", "key"], ignore_index=True)[RETENTION_COLUMNS]


def sheets(expired_rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The list as a download: Dutch headers, dates as dates."""
    return {"Bewaartermijn verstreken": pd.DataFrame({
        "Soort": expired_rows["kind"].to_numpy(), "Sleutel": expired_rows["key"].to_numpy(),
        "Provincie": expired_rows["province"].to_numpy(),
        "Gestopt sinds": [s.date() for s in expired_rows["since"]],
        "Bestand": expired_rows["file"].to_numpy(), "Tabblad": expired_rows["sheet"].to_numpy(),
        "Rij": expired_rows["row"].to_numpy(), "Wat doen": expired_rows["message"].to_numpy(),
    })}


__all__ = ["DEFAULT_MONTHS", "RETENTION_COLUMNS", "cutoff", "expired", "sheets"]
