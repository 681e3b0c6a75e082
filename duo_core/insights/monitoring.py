"""Figures for professionals: key figures per province, what needs attention, and monthly series.

Definitions (one place, tested):

* an **active duo** on a day: status ``actief`` or ``kennismaking`` (or ``gestopt`` with an end date
  after that day), started on or before that day and not yet ended;
* a **waiting participant**: status ``wachtend``; waiting days count from the registration date;
* a **free volunteer**: status ``beschikbaar`` or ``gekoppeld`` with fewer open duos than their maximum;
* **matched within 3 months**: the participant's first duo (any status but ``voorstel``) started within
  90 days of registration.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd

from duo_core.addressing import month as month_from_address
from duo_core.dataset import Dataset
from duo_core.findings import ERROR, severity_counts
from duo_core.lifecycle.coaches import followup_status

LONG_WAIT_DAYS = 365
STARTED = ("kennismaking", "actief", "gestopt")
#: The duos a key figure counts as active: those that met (in kennismaking) and those that are active.
ACTIVE = ("kennismaking", "actief")
ACTIVE_HELP = "Actieve duo's: actief of in kennismaking (de kennismaking is gehouden); Lopende duo's toont ze apart."


def for_provinces(ds: Dataset, provinces) -> Dataset:
    """The dataset of the chosen provinces only (none chosen: all), for figures of those provinces."""
    if not provinces:
        return ds
    keep = list(provinces)
    files = set(ds.sources.loc[ds.sources["province"].isin(keep), "file"])
    return dataclasses.replace(
        ds, participants=ds.participants[ds.participants["province"].isin(keep)],
        volunteers=ds.volunteers[ds.volunteers["province"].isin(keep)], duos=ds.duos[ds.duos["province"].isin(keep)],
        coaches=ds.coaches[ds.coaches["province"].isin(keep)], findings=ds.findings[ds.findings["file"].isin(files)],
        sources=ds.sources[ds.sources["province"].isin(keep)],
    )


def waiting_days(ds: Dataset) -> pd.Series:
    """Waiting days of each waiting participant (index: key)."""
    p = ds.participants[ds.participants["status"] == "wachtend"]
    return pd.Series((pd.Timestamp(ds.as_of) - p["registered_on"]).dt.days.to_numpy(), index=p["key"].to_numpy())


def _started(duos: pd.DataFrame) -> pd.DataFrame:
    return duos[duos["status"].isin(STARTED) & duos["start_date"].notna()]


def key_figures(ds: Dataset) -> pd.DataFrame:
    """Key figures per province and in total.

    Waiting participants, free volunteers, active duos, median waiting days, and duos started in the
    calendar year of ``as_of``.
    """
    as_of = pd.Timestamp(ds.as_of)
    p = ds.participants
    waiting = p[p["status"] == "wachtend"]
    days = (as_of - waiting["registered_on"]).dt.days
    free = ds.free_volunteers()
    duos = ds.duos
    active = duos[duos["status"].isin(ACTIVE)]
    started = _started(duos)
    this_year = started[started["start_date"].dt.year == as_of.year]
    rows = []
    for province in [*ds.provinces, None]:
        def sel(frame: pd.DataFrame, province=province) -> pd.DataFrame:
            return frame if province is None else frame[frame["province"] == province]

        d = days if province is None else days[waiting["province"] == province]
        rows.append(
            {
                "province": province or "Totaal",
                "waiting": len(sel(waiting)),
                "free_volunteers": len(sel(free)),
                "active_duos": len(sel(active)),
                "median_waiting_days": float(d.median()) if len(d.dropna()) else float("nan"),
                "started_this_year": len(sel(this_year)),
            }
        )
    return pd.DataFrame(rows)


def attention(ds: Dataset, long_wait_days: int = LONG_WAIT_DAYS) -> dict[str, int]:
    """Counts of what needs attention: overdue follow-ups, long waits, errors in the data."""
    follow = followup_status(ds)
    return {
        "overdue_followups": int(follow["overdue"].sum()),
        "long_waits": int((waiting_days(ds) > long_wait_days).sum()),
        "data_errors": severity_counts(ds.findings)[ERROR],
    }


def month_ends(start: dt.date, end: dt.date) -> pd.DatetimeIndex:
    """The last day of each month from ``start`` to ``end`` (the running month ends on ``end``)."""
    ends = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="ME")
    if len(ends) == 0 or ends[-1] < pd.Timestamp(end):
        ends = ends.append(pd.DatetimeIndex([pd.Timestamp(end)]))
    return ends


def _filter(frame: pd.DataFrame, provinces) -> pd.DataFrame:
    return frame if not provinces else frame[frame["province"].isin(list(provinces))]


def active_duos_over_time(ds: Dataset, start: dt.date, end: dt.date, provinces=None) -> pd.DataFrame:
    """Active duos at each month end, per province: ``month, province, active``."""
    duos = _filter(_started(ds.duos), provinces)
    months = month_ends(start, end)
    starts = duos["start_date"].to_numpy()
    ends = duos["end_date"].fillna(pd.Timestamp.max).to_numpy()
    ended_without_date = ((duos["status"] == "gestopt") & duos["end_date"].isna()).to_numpy()
    rows = []
    for province in sorted(duos["province"].unique()):
        in_p = (duos["province"] == province).to_numpy()
        for m in months:
            t = np.datetime64(m)
            active = in_p & (starts <= t) & (ends > t) & ~ended_without_date
            rows.append({"month": m, "province": province, "active": int(active.sum())})
    return pd.DataFrame(rows, columns=["month", "province", "active"])


def _per_month(dates: pd.Series, provinces: pd.Series, start: dt.date, end: dt.date, name: str) -> pd.DataFrame:
    mask = (dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))
    frame = pd.DataFrame({"month": dates[mask].dt.to_period("M").dt.to_timestamp(), "province": provinces[mask]})
    return frame.groupby(["month", "province"]).size().rename(name).reset_index()


#: The earliest a period may start, in years before ``as_of`` (a mistyped year 1900 must not ask for 1,500 months).
MAX_PERIOD_YEARS = 30


def data_period(ds: Dataset) -> tuple[dt.date, dt.date]:
    """The dates the data covers, to which a period chosen on Monitoring is clamped.

    From the first registration, duo start or end (at most :data:`MAX_PERIOD_YEARS` before ``as_of``) up to
    ``as_of``.
    """
    as_of = pd.Timestamp(ds.as_of)
    dates = pd.concat([ds.participants["registered_on"], ds.duos["start_date"], ds.duos["end_date"]]).dropna()
    earliest = as_of - pd.DateOffset(years=MAX_PERIOD_YEARS)
    first = min(max(dates.min(), earliest), as_of) if len(dates) else as_of
    return first.date(), as_of.date()


def month_span(month: object) -> tuple[dt.date, dt.date]:
    """The first and last day of the month that ``month`` (a date or ``"2026-03-01"``) lies in."""
    first = pd.Timestamp(str(month)[:10]).to_period("M")
    return first.start_time.date(), first.end_time.date()


MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def count_axis(largest: float) -> dict:
    """Plotly axis settings for a count: whole numbers only (never "0,5 duo's"), with a point between thousands."""
    settings = {"tickformat": ",d", "rangemode": "tozero"}
    if not largest or largest <= 10:
        settings["dtick"] = 1
    return settings


#: Tooltips in words (plotly's own read "Aantal=17 Reden=tijdsgebrek").
HOVER = {
    "active": "%{fullData.name}: %{y:,d} actieve duo's eind %{x|%m/%Y}<extra></extra>",
    "flows": "%{y:,d} duo's %{fullData.name} in %{x|%m/%Y}<extra></extra>",
    "reasons": "%{y}: %{x:,d} gestopte duo's<extra></extra>",
    "waiting": "%{fullData.name}: %{y:,d} wachtenden eind %{x|%m/%Y}<extra></extra>",
    "days": "%{y:,d} deelnemers wachten %{x} dagen<extra></extra>",
    "matched": "%{fullData.name}: %{y:.0%} gematcht binnen 3 maanden (aangemeld in %{x})<extra></extra>",
}


def month_text(month: object) -> str:
    """A month in words: ``2026-03-01`` -> ``maart 2026``."""
    first = pd.Timestamp(str(month)[:10])
    return f"{MONTHS[first.month - 1]} {first.year}"


def pick_from_address(values: dict[str, str], provinces: list[str], reasons: list[str],
                      bounds: tuple[dt.date, dt.date] = (dt.date.min, dt.date.max)) -> dict[str, str]:
    """A click kept in the address (``klik_provincie``, ``klik_maand``, ``klik_reden``); unknown values are dropped.

    A month must be a date (``jjjj-mm-dd``) in a month that overlaps ``bounds`` (the data's own dates).
    """
    pick = {}
    if values.get("klik_provincie") in provinces:
        pick["province"] = values["klik_provincie"]
    month = month_from_address(values.get("klik_maand"), *bounds).value
    if month:
        pick["month"] = month
    if values.get("klik_reden") in reasons:
        pick["reason"] = values["klik_reden"]
    return {k: v for k, v in pick.items() if v}


#: The address names of a click (see :func:`pick_from_address`).
PICK_PARAMS = {"province": "klik_provincie", "month": "klik_maand", "reason": "klik_reden"}


def duo_flows(ds: Dataset, start: dt.date, end: dt.date, provinces=None, reason: str | None = None) -> pd.DataFrame:
    """New and stopped duos per month and province: ``month, province, new, stopped``.

    With ``reason``, only the duos that stopped for that reason (new and stopped alike).
    """
    duos = _filter(ds.duos, provinces)
    if reason:
        duos = duos[duos["stop_reason"].fillna("onbekend") == reason]
    started = _started(duos)
    new = _per_month(started["start_date"], started["province"], start, end, "new")
    stopped_duos = duos[duos["status"] == "gestopt"]
    stopped = _per_month(stopped_duos["end_date"], stopped_duos["province"], start, end, "stopped")
    frame = new.merge(stopped, on=["month", "province"], how="outer").fillna(0)
    frame[["new", "stopped"]] = frame[["new", "stopped"]].astype(int)
    return frame.sort_values(["month", "province"]).reset_index(drop=True)


def stop_reasons(ds: Dataset, start: dt.date, end: dt.date, provinces=None) -> pd.DataFrame:
    """Stopped duos by reason (end date in the period): ``reason, count``, most frequent first."""
    duos = _filter(ds.duos, provinces)
    stopped = duos[(duos["status"] == "gestopt") & (duos["end_date"] >= pd.Timestamp(start))
                   & (duos["end_date"] <= pd.Timestamp(end))]
    counts = stopped["stop_reason"].fillna("onbekend").value_counts()
    return pd.DataFrame({"reason": counts.index.astype(object), "count": counts.to_numpy()})


def _first_duo_start(ds: Dataset, participants: pd.DataFrame) -> pd.Series:
    """The start of each participant's first duo (NaT when none), aligned with ``participants``."""
    started = _started(ds.duos)
    first = started.groupby("participant_key")["start_date"].min()
    return pd.Series(first.reindex(participants["key"].to_numpy()).to_numpy(), index=participants.index,
                     dtype="datetime64[ns]")


def waiting_list_over_time(ds: Dataset, start: dt.date, end: dt.date, provinces=None) -> pd.DataFrame:
    """Waiting list size at each month end: registered by then and no duo started yet.

    Participants now ``gestopt`` or ``on hold`` without any duo are left out (when they left the
    list is not recorded), so earlier months are a lower bound.
    """
    p = _filter(ds.participants, provinces)
    first = _first_duo_start(ds, p)
    never = first.isna() & p["status"].isin(("gestopt", "on hold"))
    p, first = p[~never], first[~never]
    rows = []
    for province in sorted(p["province"].unique()):
        in_p = p["province"] == province
        for m in month_ends(start, end):
            waiting = in_p & (p["registered_on"] <= m) & (first.isna() | (first > m))
            rows.append({"month": m, "province": province, "waiting": int(waiting.sum())})
    return pd.DataFrame(rows, columns=["month", "province", "waiting"])


def matched_within(ds: Dataset, start: dt.date, end: dt.date, provinces=None, days: int = 90) -> pd.DataFrame:
    """Per registration quarter and province: registered, matched within ``days``, and the share.

    Only registrations at least ``days`` before ``as_of`` count (younger ones cannot be judged yet).
    """
    p = _filter(ds.participants, provinces)
    limit = min(pd.Timestamp(end), pd.Timestamp(ds.as_of) - pd.Timedelta(days=days))
    p = p[(p["registered_on"] >= pd.Timestamp(start)) & (p["registered_on"] <= limit)]
    first = _first_duo_start(ds, p)
    quick = (first - p["registered_on"]).dt.days <= days
    frame = pd.DataFrame({
        "quarter": p["registered_on"].dt.to_period("Q").dt.to_timestamp(),
        "province": p["province"],
        "matched": quick.fillna(False).astype(int),
    })
    out = frame.groupby(["quarter", "province"]).agg(registered=("matched", "size"), matched=("matched", "sum"))
    out = out.reset_index()
    out["share"] = out["matched"] / out["registered"]
    return out


@dataclasses.dataclass(frozen=True)
class MonitoringFigures:
    """The six series of the Monitoring page (and of its printable report), for one choice of filters.

    Attributes
    ----------
    active, flows, reasons, waiting, matched
        See :func:`active_duos_over_time`, :func:`duo_flows`, :func:`stop_reasons`,
        :func:`waiting_list_over_time` and :func:`matched_within`.
    days
        Waiting days of each participant waiting now in the chosen provinces (see :func:`waiting_days`).
    """

    active: pd.DataFrame
    flows: pd.DataFrame
    reasons: pd.DataFrame
    waiting: pd.DataFrame
    matched: pd.DataFrame
    days: pd.Series


def figures(ds: Dataset, start: dt.date, end: dt.date, provinces=None, reason: str | None = None
            ) -> MonitoringFigures:
    """Every Monitoring series for the chosen period and provinces (``reason`` narrows the flows)."""
    days = waiting_days(ds)
    if provinces:
        days = days[[k.split("/")[0] in provinces for k in days.index]]
    return MonitoringFigures(
        active=active_duos_over_time(ds, start, end, provinces),
        flows=duo_flows(ds, start, end, provinces, reason=reason),
        reasons=stop_reasons(ds, start, end, provinces),
        waiting=waiting_list_over_time(ds, start, end, provinces),
        matched=matched_within(ds, start, end, provinces),
        days=days,
    )


#: The Monitoring charts, by the name the page gives them.
CHARTS = {
    "active": "Actieve duo's per provincie",
    "flows": "Nieuwe en gestopte duo's per maand",
    "reasons": "Stopredenen",
    "waiting": "Wachtlijst per provincie (einde maand)",
    "days": "Wachttijd van wie nu wacht",
    "matched": "Aandeel gematcht binnen 3 maanden na aanmelding",
    "durability": "Wat werkt?",
}
#: Which charts follow a click (see :func:`figures`): a province narrows every chart, a month the
#: charts over time (the period), a stop reason only the stopped duos of the flows.
FOLLOWS = {
    "province": ("active", "flows", "reasons", "waiting", "days", "matched", "durability"),
    "month": ("active", "flows", "reasons", "waiting", "matched"),
    "reason": ("flows",),
}
_PICK_WORDS = {"province": "provincie", "month": "maand", "reason": "stopreden"}


def pick_sentence(pick: dict[str, str]) -> str:
    """What a click in a chart filters, naming exactly the charts that follow it (and those that do not).

    ``pick`` holds what was clicked: ``{"province": ..., "month": ..., "reason": ...}`` (any of them).
    """
    clicked = ", ".join(f"{_PICK_WORDS[k]} {month_text(v) if k == 'month' else v}" for k, v in pick.items())
    following = [name for name in CHARTS if any(name in FOLLOWS[k] for k in pick)]
    rest = [CHARTS[name] for name in CHARTS if name not in following]
    said = " en ".join(", ".join(f"'{CHARTS[n]}'" for n in following).rsplit(", ", 1))
    sentence = f"Aangeklikt: {clicked}. Gefilterd op deze klik: {said}."
    if rest:
        others = " en ".join(", ".join(f"'{t}'" for t in rest).rsplit(", ", 1))
        sentence += f" Niet gefilterd: {others}."
    return sentence
