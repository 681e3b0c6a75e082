"""Wat werkt? How long duos last, by how well they matched: Kaplan–Meier curves, medians and log-rank tests.

**Which duos count.** A duo has *started* when its status is ``actief`` or ``gestopt``; a duo in
``kennismaking`` has not, whatever start date the workbook or the journal gives. A started duo counts
with its duration in months (days / 30.4375) from its start date up to its end date (``gestopt``: it
*ended*) or up to ``as_of`` (``actief``: still running, *censored*; an end date after ``as_of`` is a
planned end). Every other duo is counted out with one reason (:data:`REASONS`): in kennismaking, no
start date, a start after ``as_of``, stopped without an end date, an end date before the start, a
stopped duo ending after ``as_of``, an active duo with an end date on or before ``as_of``. A grouping
that needs the pair (score, shared interests) or the distance also counts out the duos whose
participant or volunteer is unknown, or whose distance is unknown (postcode); the page lists them all.

**One score scale.** The score of a duo is its match score *without the waiting-time points, rescaled
to 100* (waiting time only counts while someone waits, and says nothing of the pair). When the journal
recorded the score at the proposal (what the intake volunteer saw), that score is put on this scale:
``(score - waiting points) * 100 / (100 - most waiting points)`` (the most waiting points are recorded
with the proposal; older proposals use today's weights). Otherwise it is recomputed from today's
profiles. A journal duo reconciled with a workbook row keeps its recorded score (found by the pair).

**Groups and figures.** Duos fall in groups: score band, shared interests, distance band, province,
start year or coach (:data:`GROUPINGS`). Small neighbouring bands and years are merged until each holds
``min_group`` duos; a province or coach with fewer is shown as "te weinig duo's", never as a figure.
Per group: the Kaplan–Meier curve and its 95 % band, the median, the share still running after 6 and
12 months (blank past the group's follow-up), and the *early-stop rate*: the Kaplan–Meier estimate of
stopping within 3 months, ``1 - S(3)`` (censoring-aware), with the reasons of those early stops.

**The test and the sentence.** One log-rank test across all groups with enough duos: the trend test
for ordered groupings (score, interests, distance, start year), the test across all ``k`` groups
(``k - 1`` degrees of freedom) for province and coach (:mod:`duo_core.insights.survival`). The six
groupings are tested together on the same duos and their p-values corrected with Holm's method;
:mod:`duo_core.insights.durability_text` words the verdict on the corrected p-value, never naming a coach.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from duo_core.dataset import Dataset, full_names
from duo_core.insights import survival as sv
from duo_core.insights.durability_text import (
    BANDS,
    EXPLANATION,
    GROUPINGS,
    REASONS,
    TOO_FEW,
    band_label,
    how_sure,
    sentence,
    sheets,
)
from duo_core.matching.arrays import match_arrays
from duo_core.matching.model import evaluate, popcount
from duo_core.matching.weights import Weights

DAYS_PER_MONTH = 30.4375
EARLY_MONTHS = 3
MIN_GROUP = 10
STARTED = ("actief", "gestopt")
_VALUES = {"score": "score", "shared_interests": "shared_interests", "distance": "distance_km"}


@dataclass(frozen=True)
class Durability:
    """How long duos lasted, per group (see the module text).

    Attributes
    ----------
    by
        The grouping (a key of :data:`GROUPINGS`).
    duos
        One row per counted duo: ``key, province, start, months, ended, reason, early, score,
        score_source, shared_interests, distance_km, start_year, coach, group``.
    groups
        One row per group, in order: ``group, n, stopped, median_months, median_reached, follow_up,
        running_6m, running_12m, early_stops, early_rate, early_reasons, enough``.
    curves
        The survival curves as steps: ``group, months, survival, low, high``.
    test
        The log-rank test over the groups with enough duos, or ``None`` when fewer than two have enough.
    p_adjusted
        The test's p-value corrected (Holm) for the groupings tested together (``tested``).
    tested
        The uncorrected p-value of every grouping that could be tested on these duos.
    left_out
        The duos counted out, by reason: ``reason, n`` (see :data:`REASONS`).
    """

    by: str
    duos: pd.DataFrame
    groups: pd.DataFrame
    curves: pd.DataFrame
    test: sv.LogRank | None
    p_adjusted: float
    tested: dict[str, float]
    left_out: pd.DataFrame
    min_group: int

    @property
    def found(self) -> bool:
        """Whether the groups differ at the 5 % level after the correction for the groupings tested together."""
        return self.test is not None and self.p_adjusted < sv.ALPHA

    def chart_groups(self, most: int = 7) -> list[str]:
        """The groups drawn by default: those with figures, the ``most`` largest when there are more, in order."""
        enough = self.groups[self.groups["enough"]]
        largest = set(enough.sort_values("n", ascending=False, kind="stable").head(most)["group"])
        return [g for g in enough["group"] if g in largest]

    def to_frame(self) -> pd.DataFrame:
        """The groups."""
        return self.groups

    def sentence(self, detail: bool = True) -> str:
        """What the data shows for this grouping, and how sure it is (:mod:`.durability_text`).

        ``detail=False``: in plain words, without the test (:meth:`how_sure` gives it apart).
        """
        return sentence(self, detail)

    def how_sure(self) -> str:
        """The test and its p-values behind :meth:`sentence` ("" when there was none)."""
        return how_sure(self)

    def to_dict(self) -> dict[str, object]:
        """Groups, the test and the sentence as plain data."""
        return {"by": self.by, "groups": self.groups.to_dict("records"), "sentence": self.sentence(),
                "test": None if self.test is None else self.test.to_dict(), "p_adjusted": self.p_adjusted,
                "left_out": self.left_out.to_dict("records")}

    def to_sheets(self) -> dict[str, pd.DataFrame]:
        """The figures as Excel sheets with Dutch headers (:mod:`.durability_text`)."""
        return sheets(self)


def _recorded_scores(journal_rows: list[dict] | None, waiting_share: float) -> tuple[dict, dict]:
    """The score recorded with each proposal, on the scale without waiting points: per duo key and per pair."""
    by_key, by_pair = {}, {}
    for r in journal_rows or []:
        if r["action"] != "propose":
            continue
        payload = json.loads(r["payload"]) if isinstance(r["payload"], str) else (r["payload"] or {})
        if "score" not in payload:
            continue
        waiting = float(payload.get("points", {}).get("waiting", 0.0))
        most = float(payload.get("max_points", {}).get("waiting", waiting_share))
        score = (float(payload["score"]) - waiting) * 100.0 / (100.0 - most) if most < 100 else np.nan
        by_key[r["duo_key"]] = score
        by_pair[(r["participant_key"], r["volunteer_key"])] = score
    return by_key, by_pair


def _pair_figures(ds: Dataset, duos: pd.DataFrame, weights: Weights) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Score (today's profiles, no waiting time), shared interests and distance of each duo's pair (vectorised)."""
    arrays = match_arrays(ds)
    n = len(duos)
    ip = duos["participant_key"].map(arrays.participant_pos).fillna(-1).to_numpy(dtype=np.int64)
    iv = duos["volunteer_key"].map(arrays.volunteer_pos).fillna(-1).to_numpy(dtype=np.int64)
    known = (ip >= 0) & (iv >= 0)
    score, shared, distance = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    if known.any():
        people, helpers = arrays.participants.take(ip[known]), arrays.volunteers.take(iv[known])
        ev = evaluate(arrays, people, helpers, weights, rules=False)
        score[known] = ev.score
        shared[known] = popcount(people.interests & helpers.interests)
        distance[known] = ev.distance
    return score, shared, distance


def _why_out(duos: pd.DataFrame, as_of: pd.Timestamp) -> np.ndarray:
    """The key of :data:`REASONS` why each duo is counted out, or ``""`` when it counts (first reason wins)."""
    status, start, end = duos["status"].to_numpy(object), duos["start_date"], duos["end_date"]
    stopped, active = status == "gestopt", status == "actief"
    rules = [
        (~stopped & ~active, "introduction"),
        (start.isna().to_numpy(), "no_start"),
        ((start > as_of).to_numpy(), "future_start"),
        (stopped & end.isna().to_numpy(), "no_end"),
        (stopped & (end < start).to_numpy(), "end_before_start"),
        (stopped & (end > as_of).to_numpy(), "future_end"),
        (active & (end <= as_of).to_numpy(), "active_ended"),
    ]
    why = np.full(len(duos), "", dtype=object)
    for mask, reason in reversed(rules):
        why[mask] = reason
    return why


def started_duos(ds: Dataset, journal_rows: list[dict] | None = None, as_of=None,
                 weights: Weights | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The counted duos with their duration, and every other duo with the reason it is counted out.

    Returns
    -------
    tuple
        The counted duos (see :class:`Durability` ``duos``, without ``group``), and the duos counted
        out: ``key, reason`` (a key of :data:`REASONS`).
    """
    as_of = pd.Timestamp(as_of or ds.as_of)
    columns = ["key", "province", "status", "start_date", "end_date", "stop_reason", "participant_key",
               "volunteer_key", "coach_key"]
    all_duos = ds.duos[columns]
    why = _why_out(all_duos, as_of)
    counted = why == ""
    out = pd.DataFrame({"key": all_duos["key"].to_numpy()[~counted], "reason": why[~counted]})
    duos = all_duos[counted].reset_index(drop=True)
    ended = (duos["status"] == "gestopt").to_numpy()
    start = duos["start_date"].to_numpy("datetime64[ns]")
    end = np.where(ended, duos["end_date"].to_numpy("datetime64[ns]"), as_of.to_datetime64())
    days = (end - start).astype("timedelta64[D]").astype(float)
    weights = weights or Weights()
    no_waiting = Weights.from_dict({**weights.to_dict(), "waiting": 0.0}) \
        if weights.total - weights.waiting > 0 else Weights()
    score, shared, distance = _pair_figures(ds, duos, no_waiting)
    by_key, by_pair = _recorded_scores(journal_rows, weights.share("waiting"))
    recorded = np.full(len(duos), np.nan)
    if by_key:  # by the duo's key, else by its pair (a journal duo found in the workbook)
        pairs = pd.Series(list(zip(duos["participant_key"], duos["volunteer_key"], strict=True)), dtype=object)
        recorded = duos["key"].map(by_key).fillna(pairs.map(by_pair)).to_numpy(dtype=float)
    coaches = ds.coaches.set_index("key")
    names = full_names(coaches)
    twice = names.duplicated(keep=False)
    names = names.where(~twice, names + " (" + coaches["id"].astype(str) + ")")
    coach_codes, coach_keys = pd.factorize(duos["coach_key"])
    coach_names = np.array([names.get(k, "geen coach") for k in coach_keys] + ["geen coach"], dtype=object)
    frame = pd.DataFrame({
        "key": duos["key"], "province": duos["province"], "start": duos["start_date"],
        "months": days / DAYS_PER_MONTH, "ended": ended,
        "reason": duos["stop_reason"].where(duos["status"] == "gestopt"),
        "score": np.where(np.isnan(recorded), score, recorded),
        "score_source": np.where(np.isnan(recorded), "herberekend", "bij voorstel"),
        "shared_interests": shared, "distance_km": distance,
        "start_year": start.astype("datetime64[Y]").astype(int) + 1970,
        "coach": coach_names[coach_codes],
    })
    frame["early"] = frame["ended"] & (frame["months"] < EARLY_MONTHS)
    return frame, out


def _group_codes(frame: pd.DataFrame, by: str, min_group: int) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Each duo's group number (-1: counted out), the groups' names in order, and why a duo is out."""
    why = np.full(len(frame), "", dtype=object)
    if by in BANDS:
        values = frame[_VALUES[by]].to_numpy(float)
        why[np.isnan(values)] = "unknown_distance" if by == "distance" else "unknown_pair"
        if by == "distance":  # no shared interests: the pair itself is unknown
            why[np.isnan(values) & np.isnan(frame["shared_interests"].to_numpy(float))] = "unknown_pair"
        edges = np.array([lo for lo, _ in BANDS[by]][1:], dtype=float)
        band = np.where(np.isnan(values), -1, np.searchsorted(edges, values, side="right"))
        runs = _merged([[i] for i in range(len(BANDS[by]))], np.bincount(band[band >= 0], minlength=len(BANDS[by])),
                       min_group)
        runs = [run for run in runs if np.isin(band, run).any()]
        lookup = np.full(len(BANDS[by]), -1)
        for j, run in enumerate(runs):
            lookup[run] = j
        codes = np.where(band >= 0, lookup[np.maximum(band, 0)], -1)
        return codes, [band_label(by, BANDS[by][run[0]][0], BANDS[by][run[-1]][1]) for run in runs], why
    codes, names = pd.factorize(frame[by], sort=True)
    names = [str(n) for n in names]
    if by != "start_year" or len(names) == 0:
        return codes, names, why
    runs = _merged([[i] for i in range(len(names))], np.bincount(codes, minlength=len(names)), min_group)
    lookup = np.full(len(names), -1)
    for j, run in enumerate(runs):
        lookup[run] = j
    labels = [names[run[0]] if len(run) == 1 else f"{names[run[0]]}-{names[run[-1]]}" for run in runs]
    return lookup[codes], labels, why


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


def _test(frame: pd.DataFrame, codes: np.ndarray, k: int, min_group: int, ordered: bool,
          ranks: np.ndarray) -> sv.LogRank | None:
    """The log-rank test over the groups with at least ``min_group`` duos (renumbered in their order)."""
    sizes = np.bincount(codes[codes >= 0], minlength=k)
    enough = sizes >= min_group
    if enough.sum() < 2:
        return None
    renumber = np.cumsum(enough) - 1
    keep = (codes >= 0) & enough[np.maximum(codes, 0)]
    return sv.logrank(ranks[keep], frame["ended"].to_numpy(bool)[keep],
                      renumber[codes[keep]], int(enough.sum()), ordered)


def _group_rows(frame: pd.DataFrame, codes: np.ndarray, names: list[str], min_group: int):
    """Per group its figures and curve (rows picked by one stable sort, not a selection per group)."""
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
    months, ended = frame["months"].to_numpy(float), frame["ended"].to_numpy(bool)
    early = frame["early"].to_numpy(bool) & (codes >= 0)
    reason_codes, reason_names = pd.factorize(frame["reason"].fillna("onbekend").astype(object), sort=True)
    per_reason = np.bincount(codes[early] * max(len(reason_names), 1) + reason_codes[early],
                             minlength=len(names) * max(len(reason_names), 1)).reshape(len(names), max(len(reason_names), 1))
    rows, curves = [], {"group": [], "months": [], "survival": [], "low": [], "high": []}
    for j, group in enumerate(names):
        idx = order[bounds[j]:bounds[j + 1]]
        n, enough = len(idx), len(idx) >= min_group
        row = {"group": group, "n": n, "stopped": int(ended[idx].sum()), "enough": enough,
               "early_stops": int(per_reason[j].sum()), "median_months": np.nan, "median_reached": False,
               "follow_up": np.nan, "running_6m": np.nan, "running_12m": np.nan, "early_rate": np.nan,
               "early_reasons": TOO_FEW}
        if enough:
            fit = sv.kaplan_meier(months[idx], ended[idx], (EARLY_MONTHS, 6.0, 12.0))
            most = np.argsort(-per_reason[j], kind="stable")
            row.update(median_months=fit["median"], median_reached=fit["reached"], follow_up=fit["follow_up"],
                       running_6m=fit["at"][6.0], running_12m=fit["at"][12.0],
                       early_rate=1.0 - fit["at"][EARLY_MONTHS],
                       early_reasons=", ".join(f"{reason_names[r]} ({per_reason[j, r]})" for r in most
                                               if per_reason[j, r]))
            curves["group"].append(np.full(len(fit["times"]), j))
            for column in ("times", "survival", "low", "high"):
                curves["months" if column == "times" else column].append(fit[column])
        rows.append(row)
    if not curves["group"]:
        return rows, pd.DataFrame(columns=["group", "months", "survival", "low", "high"])
    joined = {c: np.concatenate(v) for c, v in curves.items()}
    joined["group"] = np.array(names, dtype=object)[joined["group"]]
    return rows, pd.DataFrame(joined)


GROUP_COLUMNS = ["group", "n", "stopped", "median_months", "median_reached", "follow_up", "running_6m",
                 "running_12m", "early_stops", "early_rate", "early_reasons", "enough"]


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
    frame, out = started_duos(ds, journal_rows, as_of, weights)
    tested, mine = {}, None
    ranks = np.unique(frame["months"].to_numpy(float), return_inverse=True)[1].astype(np.int64)
    for key, (_, _, ordered, _) in GROUPINGS.items():
        codes, names, why = _group_codes(frame, key, min_group)
        test = _test(frame, codes, len(names), min_group, ordered, ranks)
        if test is not None:
            tested[key] = test.p_value
        if key == by:
            mine = codes, names, why, test
    codes, names, why, test = mine
    rows, curve_frame = _group_rows(frame, codes, names, min_group)
    reasons = pd.concat([out["reason"], pd.Series(why[why != ""], dtype=object)], ignore_index=True)
    counts = reasons.value_counts()
    left_out = pd.DataFrame({"reason": [REASONS[r] for r in REASONS if r in counts.index],
                             "n": [int(counts[r]) for r in REASONS if r in counts.index]})
    kept = codes >= 0
    duos = frame[kept].assign(group=np.array(names, dtype=object)[codes[kept]] if names else []) \
        .reset_index(drop=True)
    adjusted = sv.holm(tested).get(by, np.nan)
    return Durability(by, duos, pd.DataFrame(rows, columns=GROUP_COLUMNS).astype({"n": int, "enough": bool}), curve_frame, test, adjusted, tested,
                      left_out, min_group)


__all__ = ["BANDS", "EXPLANATION", "GROUPINGS", "REASONS", "TOO_FEW", "Durability", "band_label", "durability", "started_duos"]
