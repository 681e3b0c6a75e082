"""Wat werkt? How long duos last, by how well they matched: Kaplan–Meier curves, medians and a log-rank test.

Every duo that started (workbook and journal) gives its duration in months and whether it ended
(otherwise it is *censored*: still running on ``as_of``). Duos fall in groups: the score band at the
start, the number of shared interests, the distance band, the province, the start year or the coach.
The score at the start is the one the journal recorded at the proposal when there is one (what the
intake volunteer saw), otherwise it is recomputed from today's profiles (without the waiting time,
which only counts while someone waits) and marked so.

Per group: the Kaplan–Meier survival curve with a 95 % confidence band (``scipy.stats.ecdf`` on
``CensoredData``, log-log interval), the median duration, the share still running after 6 and 12
months, and the stops within 3 months with their reasons. Groups with fewer than ``min_group`` duos are
merged with their neighbour (ordered groupings) or shown as "te weinig duo's" (province, coach), never as
a figure. A log-rank test (``scipy.stats.logrank``) compares the first and the last group of an ordered
grouping (or the groups with the shortest and the longest median), and :meth:`Durability.sentence`
says in one plain Dutch sentence what the data shows and how sure it is.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from duo_core.dataset import Dataset, full_names
from duo_core.formatting import number
from duo_core.matching.arrays import match_arrays
from duo_core.matching.model import evaluate, popcount
from duo_core.matching.weights import Weights

DAYS_PER_MONTH = 30.4375
EARLY_MONTHS = 3
MIN_GROUP = 10
TOO_FEW = "te weinig duo's"
#: The groupings: their Dutch name, the word before a group in a sentence, and whether the groups are ordered.
GROUPINGS = {
    "score": ("scoreband bij de start", "met", True),
    "shared_interests": ("aantal gedeelde interesses", "met", True),
    "distance": ("afstand", "op", True),
    "province": ("provincie", "in", False),
    "start_year": ("startjaar", "gestart in", True),
    "coach": ("contactcoach", "bij", False),
}
#: Bands of the banded groupings as ``[low, high)``; neighbours too small are merged into one band.
BANDS = {
    "score": ((0, 50), (50, 65), (65, 80), (80, 101)),
    "shared_interests": ((0, 1), (1, 2), (2, 3), (3, 99)),
    "distance": ((0, 5), (5, 10), (10, 20), (20, 10**9)),
}


def band_label(by: str, lo: float, hi: float) -> str:
    """The Dutch name of a band (also of merged ones): ``score 65 of meer``, ``2 gedeelde interesses``."""
    lo, hi = int(lo), int(hi)
    if by == "score":
        return f"score onder {hi}" if lo == 0 else f"score {lo} of meer" if hi > 100 else f"score {lo}-{hi - 1}"
    if by == "shared_interests":
        if hi >= 99:
            return f"{lo} of meer gedeelde interesses"
        if hi - lo == 1:
            return f"{lo} gedeelde interesse" + ("" if lo == 1 else "s")
        return f"{lo}-{hi - 1} gedeelde interesses"
    return f"minder dan {hi} km" if lo == 0 else f"{lo} km of meer" if hi >= 10**9 else f"{lo}-{hi} km"
STARTED = ("kennismaking", "actief", "gestopt")


@dataclass(frozen=True)
class LogRank:
    """A log-rank test between two groups."""

    first: str
    second: str
    statistic: float
    p_value: float

    def to_dict(self) -> dict[str, object]:
        """The test as a plain dict."""
        return {"first": self.first, "second": self.second, "statistic": self.statistic, "p_value": self.p_value}


@dataclass(frozen=True)
class Durability:
    """How long duos lasted, per group (see the module text).

    Attributes
    ----------
    by
        The grouping (a key of :data:`GROUPINGS`).
    duos
        One row per started duo: ``key, province, start, months, ended, reason, early, score,
        score_source, shared_interests, distance_km, start_year, coach, group``.
    groups
        One row per group, in order: ``group, n, stopped, median_months, median_reached, running_6m,
        running_12m, early_stops, early_rate, early_reasons, enough``.
    curves
        The survival curves as steps: ``group, months, survival, low, high``.
    test
        The log-rank test between the two groups compared, or ``None`` when fewer than two groups have
        enough duos.
    left_out
        Started duos without a usable duration (stopped without an end date, or ending before they start).
    """

    by: str
    duos: pd.DataFrame
    groups: pd.DataFrame
    curves: pd.DataFrame
    test: LogRank | None
    left_out: int
    min_group: int

    def to_frame(self) -> pd.DataFrame:
        """The groups."""
        return self.groups

    def to_dict(self) -> dict[str, object]:
        """Groups, the test and the sentence as plain data."""
        return {"by": self.by, "groups": self.groups.to_dict("records"), "sentence": self.sentence(),
                "test": None if self.test is None else self.test.to_dict(), "left_out": self.left_out}

    def sentence(self) -> str:
        """What the data shows for this grouping, and how sure it is, in one Dutch sentence."""
        name, word, _ = GROUPINGS[self.by]
        if self.test is None:
            return f"Te weinig duo's om groepen te vergelijken per {name} (minstens {self.min_group} per groep)."
        rows = self.groups.set_index("group")
        first, second = rows.loc[self.test.first], rows.loc[self.test.second]
        p = "p < 0,001" if self.test.p_value < 0.001 else f"p = {number(self.test.p_value, 2 if self.test.p_value >= 0.01 else 3)}"
        if self.test.p_value >= 0.05:
            return (f"Geen duidelijk verschil in hoe lang duo's lopen per {name}: {_median_words(first)} {word} "
                    f"{self.test.first}, {_median_words(second)} {word} {self.test.second} (kan toeval zijn, {p}).")
        sure = "waarschijnlijk geen toeval" if self.test.p_value >= 0.001 else "vrijwel zeker geen toeval"
        longer, shorter = (second, first) if second["median_months"] >= first["median_months"] else (first, second)
        return (f"Duo's {word} {longer.name} lopen {_median_words(longer)}, {word} {shorter.name} "
                f"{_median_words(shorter)} (verschil {sure}, {p}).")

    def to_sheets(self) -> dict[str, pd.DataFrame]:
        """The figures as Excel sheets with Dutch headers."""
        g = self.groups
        return {
            "Per groep": pd.DataFrame({
                GROUPINGS[self.by][0].capitalize(): g["group"],
                "Duo's": g["n"], "Gestopt": g["stopped"],
                "Mediane duur (maanden)": g["median_months"].round(1),
                "Mediaan bereikt": ["ja" if r else "nee (meer dan dit)" for r in g["median_reached"]],
                "Loopt na 6 maanden (%)": (g["running_6m"] * 100).round(0),
                "Loopt na 12 maanden (%)": (g["running_12m"] * 100).round(0),
                "Gestopt binnen 3 maanden": g["early_stops"],
                "Vroege stops (%)": (g["early_rate"] * 100).round(0),
                "Redenen vroege stops": g["early_reasons"],
            }),
            "Conclusie": pd.DataFrame({"Wat de gegevens tonen": [self.sentence()]}),
        }


def _median_words(row: pd.Series) -> str:
    if not row["enough"]:
        return TOO_FEW
    months = number(row["median_months"], 0)
    return f"mediaan {months} maanden" if row["median_reached"] else f"mediaan meer dan {months} maanden"


def _recorded_scores(journal_rows: list[dict] | None) -> dict[str, float]:
    """The score recorded with each proposal in the journal, per duo key."""
    out = {}
    for r in journal_rows or []:
        if r["action"] == "propose":
            payload = json.loads(r["payload"])
            if "score" in payload:
                out[r["duo_key"]] = float(payload["score"])
    return out


def _pair_figures(ds: Dataset, duos: pd.DataFrame, weights: Weights) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Score (today's profiles, no waiting time), shared interests and distance of each duo's pair (vectorised)."""
    arrays = match_arrays(ds)
    n = len(duos)
    ip = np.array([arrays.participant_pos.get(k, -1) for k in duos["participant_key"]], dtype=np.int64)
    iv = np.array([arrays.volunteer_pos.get(k, -1) for k in duos["volunteer_key"]], dtype=np.int64)
    known = (ip >= 0) & (iv >= 0)
    score, shared, distance = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    if known.any():
        people, helpers = arrays.participants.take(ip[known]), arrays.volunteers.take(iv[known])
        ev = evaluate(arrays, people, helpers, weights, rules=False)
        score[known] = ev.score
        shared[known] = popcount(people.interests & helpers.interests)
        distance[known] = ev.distance
    return score, shared, distance


def started_duos(ds: Dataset, journal_rows: list[dict] | None = None, as_of=None,
                 weights: Weights | None = None) -> tuple[pd.DataFrame, int]:
    """Every started duo with its duration, whether it ended, and what it can be grouped by."""
    as_of = pd.Timestamp(as_of or ds.as_of)
    duos = ds.duos[ds.duos["status"].isin(STARTED) & ds.duos["start_date"].notna()].reset_index(drop=True)
    ended = (duos["status"] == "gestopt").to_numpy()
    end = duos["end_date"].where(duos["status"] == "gestopt").fillna(as_of)
    days = (end - duos["start_date"]).dt.days.to_numpy(dtype=float)
    usable = ~(ended & duos["end_date"].isna().to_numpy()) & (days >= 0)
    no_waiting = Weights.from_dict({**(weights or Weights()).to_dict(), "waiting": 0.0}) \
        if (weights or Weights()).total - (weights or Weights()).waiting > 0 else Weights()
    score, shared, distance = _pair_figures(ds, duos, no_waiting)
    recorded = _recorded_scores(journal_rows)
    from_journal = duos["key"].map(recorded)
    coach_names = full_names(ds.coaches.set_index("key"))
    frame = pd.DataFrame({
        "key": duos["key"], "province": duos["province"], "start": duos["start_date"],
        "months": days / DAYS_PER_MONTH, "ended": ended,
        "reason": duos["stop_reason"].where(duos["status"] == "gestopt"),
        "score": from_journal.fillna(pd.Series(score)).to_numpy(dtype=float),
        "score_source": np.where(from_journal.notna(), "bij voorstel", "herberekend"),
        "shared_interests": shared, "distance_km": distance,
        "start_year": duos["start_date"].dt.year.astype("Int64").astype(str),
        "coach": duos["coach_key"].map(coach_names).fillna("geen coach"),
    })[usable].reset_index(drop=True)
    frame["early"] = frame["ended"] & (frame["months"] < EARLY_MONTHS)
    return frame, int((~usable).sum())


_VALUES = {"score": "score", "shared_interests": "shared_interests", "distance": "distance_km"}


def _groups_of(frame: pd.DataFrame, by: str, min_group: int) -> tuple[pd.Series, list[str]]:
    """Each duo's group, and the groups in order; small neighbouring bands or years are merged."""
    if by in BANDS:
        values = frame[_VALUES[by]].to_numpy(float)
        bands = list(BANDS[by])
        which = np.full(len(values), -1)
        for i, (lo, hi) in enumerate(bands):
            which[(values >= lo) & (values < hi)] = i
        runs = _merged([[i] for i in range(len(bands))], np.bincount(which[which >= 0], minlength=len(bands)),
                       min_group)
        names = {}
        for run in runs:
            label = band_label(by, bands[run[0]][0], bands[run[-1]][1])
            names.update({i: label for i in run})
        labels = pd.Series([names.get(i) for i in which], index=frame.index, dtype=object)
        order = [names[run[0]] for run in runs if np.isin(which, run).any()]
        return labels, order
    labels = frame[by].astype(object)
    present = sorted(set(labels.dropna()))
    if by != "start_year":
        return labels, present
    counts = labels.value_counts()
    runs = _merged([[y] for y in present], np.array([counts[y] for y in present]), min_group)
    names = {}
    for run in runs:
        names.update({y: run[0] if len(run) == 1 else f"{run[0]}-{run[-1]}" for y in run})
    return labels.map(names), [names[run[0]] for run in runs]


def _merged(runs: list[list], sizes: np.ndarray, min_group: int) -> list[list]:
    """Neighbouring runs merged until each holds at least ``min_group`` duos (or only one run is left)."""
    sizes = [int(s) for s in sizes]
    while len(runs) > 1:
        small = [i for i, s in enumerate(sizes) if s < min_group]
        if not small:
            break
        i = small[0]
        j = i + 1 if i + 1 < len(runs) and (i == 0 or sizes[i + 1] <= sizes[i - 1]) else i - 1
        lo, hi = sorted((i, j))
        runs[lo:hi + 1] = [runs[lo] + runs[hi]]
        sizes[lo:hi + 1] = [sizes[lo] + sizes[hi]]
    return runs


def survival(months: np.ndarray, ended: np.ndarray) -> dict[str, object]:
    """Kaplan–Meier figures of one group: the step curve with its 95 % band, the median and the shares."""
    data = stats.CensoredData(uncensored=months[ended], right=months[~ended])
    res = stats.ecdf(data)
    sf = res.sf
    with warnings.catch_warnings():  # undefined where the curve is 0 or 1: the band is then the curve itself
        warnings.simplefilter("ignore", RuntimeWarning)
        band = sf.confidence_interval(0.95, method="log-log")
    times = np.concatenate([[0.0], sf.quantiles])
    surv = np.concatenate([[1.0], sf.probabilities])
    low = np.concatenate([[1.0], np.nan_to_num(band.low.probabilities, nan=0.0)])
    high = np.concatenate([[1.0], np.nan_to_num(band.high.probabilities, nan=1.0)])
    below = np.flatnonzero(sf.probabilities <= 0.5)
    reached = len(below) > 0
    median = float(sf.quantiles[below[0]]) if reached else float(months.max())
    return {"times": times, "survival": surv, "low": low, "high": high, "median": median, "reached": reached,
            "at_6": float(sf.evaluate(6.0)), "at_12": float(sf.evaluate(12.0)), "data": data}


def durability(ds: Dataset, by: str = "score", as_of=None, *, min_group: int = MIN_GROUP,
               journal_rows: list[dict] | None = None, weights: Weights | None = None) -> Durability:
    """How long the duos of ``ds`` lasted, grouped ``by`` one of :data:`GROUPINGS` (see the module text).

    Parameters
    ----------
    ds
        The dataset (workbooks plus journal, :func:`duo_core.lifecycle.overlay`).
    by
        ``score``, ``shared_interests``, ``distance``, ``province``, ``start_year`` or ``coach``.
    as_of
        The day running duos are counted up to (default ``ds.as_of``).
    min_group
        The fewest duos a group needs to get figures.
    journal_rows
        The journal's events (``Journal.rows()``): the score recorded at each proposal.
    weights
        The weights to recompute scores with (default :class:`Weights`).
    """
    if by not in GROUPINGS:
        raise KeyError(f"Onbekende groepering '{by}': kies uit {', '.join(GROUPINGS)}.")
    frame, left_out = started_duos(ds, journal_rows, as_of, weights)
    labels, order = _groups_of(frame, by, min_group)
    frame = frame.assign(group=labels)[labels.notna()].reset_index(drop=True)
    ordered = GROUPINGS[by][2]
    rows, curves, fits = [], [], {}
    where = frame.groupby("group", sort=False).indices
    for group in order:
        part = frame.iloc[where.get(group, [])]
        enough = len(part) >= min_group
        early = part[part["early"]]
        reasons = early["reason"].fillna("onbekend").value_counts()
        row = {"group": group, "n": len(part), "stopped": int(part["ended"].sum()), "enough": enough,
               "early_stops": len(early), "early_rate": len(early) / len(part) if len(part) else np.nan,
               "early_reasons": ", ".join(f"{r} ({c})" for r, c in reasons.items()),
               "median_months": np.nan, "median_reached": False, "running_6m": np.nan, "running_12m": np.nan}
        if enough:
            fit = fits[group] = survival(part["months"].to_numpy(float), part["ended"].to_numpy(bool))
            row.update(median_months=fit["median"], median_reached=fit["reached"], running_6m=fit["at_6"],
                       running_12m=fit["at_12"])
            curves.append(pd.DataFrame({"group": group, "months": fit["times"], "survival": fit["survival"],
                                        "low": fit["low"], "high": fit["high"]}))
        else:
            row["early_rate"] = np.nan
            row["early_reasons"] = TOO_FEW
        rows.append(row)
    groups = pd.DataFrame(rows, columns=["group", "n", "stopped", "median_months", "median_reached", "running_6m",
                                         "running_12m", "early_stops", "early_rate", "early_reasons", "enough"])
    test = _compare(groups, fits, ordered)
    curve_frame = pd.concat(curves, ignore_index=True) if curves else pd.DataFrame(
        columns=["group", "months", "survival", "low", "high"])
    return Durability(by, frame, groups, curve_frame, test, left_out, min_group)


def _compare(groups: pd.DataFrame, fits: dict, ordered: bool) -> LogRank | None:
    usable = groups[groups["enough"]]
    if len(usable) < 2:
        return None
    if ordered:
        first, second = usable["group"].iloc[0], usable["group"].iloc[-1]
    else:
        ranked = usable.sort_values("median_months", kind="stable")
        first, second = ranked["group"].iloc[0], ranked["group"].iloc[-1]
    result = stats.logrank(fits[first]["data"], fits[second]["data"])
    return LogRank(str(first), str(second), float(result.statistic), float(result.pvalue))


__all__ = ["BANDS", "GROUPINGS", "Durability", "LogRank", "band_label", "durability", "started_duos", "survival"]
