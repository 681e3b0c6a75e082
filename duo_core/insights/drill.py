"""Drill-through: the duos behind a point clicked in a Monitoring chart (Power BI's "drill through").

A bar of the stop reasons is the duos that stopped for that reason in the period; a month of the flows is
the duos that started and the duos that stopped in that month. The rows are exactly the ones the chart
counts (:func:`duo_core.insights.monitoring.stop_reasons` and :func:`~duo_core.insights.monitoring.duo_flows`),
with the people's names, so that a professional sees who is behind a number.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from duo_core.dataset import Dataset
from duo_core.insights.monitoring import STARTED, month_text

#: What the drill-through table shows, in this order (the page gives the Dutch headers).
COLUMNS = ["event", "date", "duo", "province", "participant", "volunteer", "stop_reason"]
#: The people's keys behind each row (not shown): who the access log notes as looked at.
KEY_COLUMNS = ["participant_key", "volunteer_key"]
STARTED_EVENT = "gestart"
STOPPED_EVENT = "gestopt"
#: A stopped duo without a reason, as the stop reasons chart names it.
UNKNOWN_REASON = "onbekend"


def _names(frame: pd.DataFrame) -> pd.Series:
    """``first_name last_name`` by key (blank parts left out)."""
    names = (frame["first_name"].fillna("").astype(str) + " " + frame["last_name"].fillna("").astype(str)).str.strip()
    return pd.Series(names.to_numpy(), index=frame["key"].to_numpy())


def _rows(ds: Dataset, duos: pd.DataFrame, event: str, dates: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({
        "event": event,
        "date": dates.to_numpy(),
        "duo": [str(k).split("/", 1)[-1] for k in duos["key"]],
        "province": duos["province"].to_numpy(),
        "participant": duos["participant_key"].map(_names(ds.participants)).fillna("").to_numpy(),
        "volunteer": duos["volunteer_key"].map(_names(ds.volunteers)).fillna("").to_numpy(),
        "stop_reason": [UNKNOWN_REASON if s == STOPPED_EVENT and pd.isna(r) else ("" if pd.isna(r) else str(r))
                        for s, r in zip(duos["status"], duos["stop_reason"], strict=True)],
        "participant_key": duos["participant_key"].to_numpy(),
        "volunteer_key": duos["volunteer_key"].to_numpy(),
    }, columns=[*COLUMNS, *KEY_COLUMNS])


def _in(dates: pd.Series, start: dt.date, end: dt.date) -> pd.Series:
    return (dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))


def _chosen(ds: Dataset, provinces, reason: str | None) -> pd.DataFrame:
    duos = ds.duos if not provinces else ds.duos[ds.duos["province"].isin(list(provinces))]
    if reason:
        duos = duos[duos["stop_reason"].fillna(UNKNOWN_REASON) == reason]
    return duos


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["date", "event", "province", "duo"], kind="stable").reset_index(drop=True)


def stopped_for_reason(ds: Dataset, start: dt.date, end: dt.date, provinces, reason: str) -> pd.DataFrame:
    """The duos that stopped for ``reason`` with an end date in ``start .. end`` (one bar of the stop reasons).

    ``reason`` ``"onbekend"`` is the stopped duos without a reason. Columns :data:`COLUMNS` and
    :data:`KEY_COLUMNS`, by end date.
    """
    duos = _chosen(ds, provinces, reason)
    stopped = duos[(duos["status"] == STOPPED_EVENT) & _in(duos["end_date"], start, end)]
    return _sorted(_rows(ds, stopped, STOPPED_EVENT, stopped["end_date"]))


def started_and_stopped(ds: Dataset, start: dt.date, end: dt.date, provinces, reason: str | None = None
                        ) -> pd.DataFrame:
    """The duos that started and those that stopped in ``start .. end`` (a month of the flows), by date.

    A duo that started and stopped in that span is two rows. With ``reason``, only the duos that stopped for
    it (as the flows chart counts them then).
    """
    duos = _chosen(ds, provinces, reason)
    started = duos[duos["status"].isin(STARTED) & _in(duos["start_date"], start, end)]
    stopped = duos[(duos["status"] == STOPPED_EVENT) & _in(duos["end_date"], start, end)]
    return _sorted(pd.concat([_rows(ds, started, STARTED_EVENT, started["start_date"]),
                              _rows(ds, stopped, STOPPED_EVENT, stopped["end_date"])], ignore_index=True))


def drill_rows(ds: Dataset, pick: dict[str, str], start: dt.date, end: dt.date, provinces) -> pd.DataFrame | None:
    """The rows behind a click on Monitoring (``pick``: ``month``, ``reason``, ``province``), or ``None``.

    A month (``start .. end`` is then that month) gives its starts and stops, narrowed to a clicked stop reason;
    a stop reason alone its stopped duos in the period. A province alone has no rows of its own (it filters).
    """
    if pick.get("month"):
        return started_and_stopped(ds, start, end, provinces, pick.get("reason"))
    if pick.get("reason"):
        return stopped_for_reason(ds, start, end, provinces, pick["reason"])
    return None


def drill_sentence(pick: dict[str, str], rows: pd.DataFrame, start: dt.date, end: dt.date) -> str:
    """What the drill-through table shows, in words: ``"3 duo's gestopt wegens verhuisd tussen ... en ..."``."""
    started = int((rows["event"] == STARTED_EVENT).sum())
    stopped = len(rows) - started
    where = f" in {pick['province']}" if pick.get("province") else ""
    if pick.get("month"):
        because = f" (enkel duo's gestopt wegens {pick['reason']})" if pick.get("reason") else ""
        return (f"In {month_text(pick['month'])}{where}: {_duos(started)} gestart en {_duos(stopped)} gestopt"
                f"{because}.")
    return (f"{_duos(stopped)} gestopt wegens {pick['reason']}{where} tussen {start:%d/%m/%Y} en "
            f"{end:%d/%m/%Y}.")


def people_named(rows: pd.DataFrame) -> list[str]:
    """The keys of the people the drill-through table names, each once (participant, then volunteer, per row).

    Opening the table shows these people's names: the access log notes each of them.
    """
    pairs = zip(rows["participant_key"], rows["volunteer_key"], strict=True)
    return [k for k in dict.fromkeys(k for pair in pairs for k in pair) if isinstance(k, str) and k]


def drill_detail(pick: dict[str, str]) -> str:
    """What the access log says the drill-through was about: the click, never the names it showed."""
    parts = [f"maand {pick['month'][:7]}"] if pick.get("month") else []
    parts += [f"stopreden {pick['reason']}"] if pick.get("reason") else []
    parts += [pick["province"]] if pick.get("province") else []
    return "Monitoring: " + ", ".join(parts)


def _duos(n: int) -> str:
    return f"{n} duo" if n == 1 else f"{n} duo's"


__all__ = ["COLUMNS", "KEY_COLUMNS", "STARTED_EVENT", "STOPPED_EVENT", "UNKNOWN_REASON", "drill_detail", "drill_rows",
           "drill_sentence", "people_named", "started_and_stopped", "stopped_for_reason"]
