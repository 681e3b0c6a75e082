"""Why people stay unmatched, where to recruit, and how long the wait will be.

* :func:`exclusion_counts`: for one waiting participant, how many volunteers each rule excludes
  ("31 van 40 vrijwilligers wonen te ver").
* :func:`waiting_list`: every waiting participant with waiting days, the number of eligible volunteers,
  the best score, the main reasons nobody fits, and whether the registration needs a call.
* :func:`recruitment_gaps`: per municipality, waiting participants without any eligible volunteer.
* :func:`predicted_waiting`: per province, waiting list / new duos per month over the last 12 months.
* :func:`stale_registrations`: waiting registrations that are old and never re-confirmed.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from duo_core.dataset import Dataset
from duo_core.matching.arrays import match_arrays
from duo_core.matching.model import RULES, apply_rules, evaluate, pair_context
from duo_core.matching.ranking import position, select_provinces
from duo_core.matching.sentences import reservation_sentence
from duo_core.matching.weights import Weights, resolve

DEFAULT_STALE_DAYS = 180


def exclusion_counts(ds: Dataset, participant_key: str, *, provinces=None) -> pd.DataFrame:
    """How many volunteers each hard rule excludes for one participant.

    Returns
    -------
    pandas.DataFrame
        ``rule, label, excluded, total, sentence``, most excluding first, only rules that exclude
        anyone; ``total`` is the number of volunteers considered (the participant's province by default).
        A volunteer excluded by several rules counts for each.
    """
    A = match_arrays(ds)
    i = position(A.participant_pos, participant_key, "deelnemer")
    P = A.participants.take(slice(i, i + 1))
    V = A.volunteers.take(select_provinces(A.volunteers, A.volunteer_slices, provinces, P.province[0]))
    excluded, _ = apply_rules(A, P, V, pair_context(P, V))  # counting needs no scores
    total = len(V)
    rows = []
    for rule in RULES:
        n = int(np.count_nonzero(excluded[rule.name]))
        if n:
            rows.append(
                {
                    "rule": rule.name,
                    "label": rule.label,
                    "excluded": n,
                    "total": total,
                    "sentence": f"{n} van {total} vrijwilligers {rule.count_text}",
                }
            )
    frame = pd.DataFrame(rows, columns=["rule", "label", "excluded", "total", "sentence"])
    return frame.sort_values("excluded", ascending=False, kind="stable").reset_index(drop=True)


def stale_mask(participants: pd.DataFrame, as_of: dt.date, stale_after_days: int = DEFAULT_STALE_DAYS) -> pd.Series:
    """Waiting participants registered more than ``stale_after_days`` ago and not re-confirmed since then."""
    limit = pd.Timestamp(as_of) - pd.Timedelta(days=stale_after_days)
    waiting = participants["status"] == "wachtend"
    old = participants["registered_on"] < limit
    unconfirmed = participants["last_confirmed"].isna() | (participants["last_confirmed"] < limit)
    return waiting & old & unconfirmed


def stale_registrations(ds: Dataset, stale_after_days: int = DEFAULT_STALE_DAYS) -> pd.DataFrame:
    """Waiting participants to call: old registration, never re-confirmed (oldest first)."""
    p = ds.participants[stale_mask(ds.participants, ds.as_of, stale_after_days)]
    out = p[["key", "province", "first_name", "last_name", "phone", "registered_on", "last_confirmed"]].copy()
    out["waiting_days"] = (pd.Timestamp(ds.as_of) - out["registered_on"]).dt.days
    return out.sort_values(["registered_on", "key"]).reset_index(drop=True)


WAITING_COLUMNS = [
    "key",
    "name",
    "province",
    "municipality",
    "lat",
    "lon",
    "waiting_days",
    "eligible_volunteers",
    "best_score",
    "best_volunteer_key",
    "main_reasons",
    "proposed",
    "stale",
]


def select_waiting(waiting: pd.DataFrame, provinces=(), longer_than_days: int = 0) -> pd.DataFrame:
    """The waiting list in the chosen provinces (none chosen: all) of who waits longer than ``longer_than_days``."""
    shown = waiting[waiting["province"].isin(list(provinces))] if provinces else waiting
    if longer_than_days:
        shown = shown[shown["waiting_days"] > longer_than_days]
    return shown


def waiting_counts(waiting: pd.DataFrame) -> dict[str, int]:
    """The figures above the waiting list.

    Waiting, already proposed, without a suitable volunteer (not counting who is already proposed), and
    registrations to call.
    """
    return {
        "waiting": len(waiting),
        "proposed": int(waiting["proposed"].sum()),
        "without_volunteer": int(((waiting["eligible_volunteers"] == 0) & ~waiting["proposed"]).sum()),
        "stale": int(waiting["stale"].sum()),
    }


def waiting_list(
    ds: Dataset,
    weights: Weights | dict[str, float] | None = None,
    *,
    stale_after_days: int = DEFAULT_STALE_DAYS,
    max_distance_km: float | None = None,
) -> pd.DataFrame:
    """Every waiting participant with the state of their search, longest waiting first.

    ``eligible_volunteers`` counts volunteers of the same province that no rule excludes (so they are
    available and have room); ``main_reasons`` names the (at most two) rules that exclude the most
    volunteers when nobody is eligible, as "31 van 40 vrijwilligers wonen te ver". A participant who is
    already proposed (``proposed``) gets the proposal instead ("Deelnemer is al voorgesteld aan ... op ...").
    """
    A = match_arrays(ds)
    w = resolve(weights)
    parts = []
    stale = stale_mask(ds.participants, ds.as_of, stale_after_days)
    stale_keys = set(ds.participants.loc[stale, "key"])
    for province, p_slice in A.participant_slices.items():
        rows = np.arange(len(A.participants))[p_slice]
        P = A.participants.take(rows[A.participants.available[p_slice]])
        if len(P) == 0:
            continue
        V = A.volunteers.take(A.volunteer_slices.get(province, slice(0, 0)))
        n_v = len(V)
        if n_v:
            ev = evaluate(A, P.column(), V, w)
            ok = ev.eligible & ~(ev.distance > max_distance_km) if max_distance_km is not None else ev.eligible
            count = ok.sum(axis=1)
            masked = np.where(ok, ev.score, -np.inf)
            best = masked.argmax(axis=1)
            best_score = np.where(count > 0, masked[np.arange(len(P)), best], np.nan)
            best_key = np.where(count > 0, V.keys[best], None)
            by_rule = np.stack([ev.excluded[r.name].sum(axis=1) for r in RULES], axis=1)
        else:
            count = np.zeros(len(P), dtype=int)
            best_score = np.full(len(P), np.nan)
            best_key = np.full(len(P), None, dtype=object)
            by_rule = np.zeros((len(P), len(RULES)), dtype=int)
        reasons = []
        for r in range(len(P)):
            if P.reserved[r]:  # already proposed: say to whom, not that every volunteer is taken
                reasons.append([reservation_sentence("Deelnemer", P.keys[r], A) or ""])
                continue
            if count[r] > 0 or n_v == 0:
                reasons.append([] if n_v else ["Geen vrijwilligers in deze provincie."])
                continue
            top = np.argsort(-by_rule[r], kind="stable")[:2]
            reasons.append(
                [f"{by_rule[r, t]} van {n_v} vrijwilligers {RULES[t].count_text}" for t in top if by_rule[r, t] > 0]
            )
        parts.append(
            pd.DataFrame(
                {
                    "key": P.keys,
                    "name": P.name,
                    "province": P.province,
                    "municipality": P.municipality,
                    "lat": P.lat,
                    "lon": P.lon,
                    "waiting_days": P.waiting_days,
                    "eligible_volunteers": count.astype(int),
                    "best_score": best_score,
                    "best_volunteer_key": pd.Series(list(best_key), dtype=object),
                    "main_reasons": reasons,
                    "proposed": P.reserved.copy(),
                    "stale": [k in stale_keys for k in P.keys],
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=WAITING_COLUMNS)
    frame = pd.concat(parts, ignore_index=True)
    order = np.lexsort((frame["key"].to_numpy(dtype=str), -np.nan_to_num(frame["waiting_days"].to_numpy(), nan=-1.0)))
    return frame.iloc[order].reset_index(drop=True)


def recruitment_gaps(
    ds: Dataset, weights: Weights | dict[str, float] | None = None, *, waiting: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Per municipality: waiting participants, how many have no eligible volunteer, free volunteers there.

    Pass ``waiting`` (the result of :func:`waiting_list` with the same weights) to avoid computing it again.

    Returns
    -------
    pandas.DataFrame
        ``province, municipality, lat, lon, waiting, without_volunteer, free_volunteers``, the largest gap
        first. Participants without a known place are grouped under municipality ``"onbekend"``.
    """
    wl = waiting_list(ds, weights) if waiting is None else waiting
    if wl.empty:
        return pd.DataFrame(
            columns=["province", "municipality", "lat", "lon", "waiting", "without_volunteer", "free_volunteers"]
        )
    wl = wl.assign(municipality=wl["municipality"].fillna("onbekend"),
                   without=(wl["eligible_volunteers"] == 0) & ~wl["proposed"].astype(bool))
    gaps = (
        wl.groupby(["province", "municipality"], sort=True)
        .agg(lat=("lat", "mean"), lon=("lon", "mean"), waiting=("key", "size"), without_volunteer=("without", "sum"))
        .reset_index()
    )
    free_counts = ds.free_volunteers().groupby(["province", "municipality"]).size().rename("free_volunteers")
    gaps = gaps.join(free_counts, on=["province", "municipality"]).fillna({"free_volunteers": 0})
    gaps["free_volunteers"] = gaps["free_volunteers"].astype(int)
    gaps["without_volunteer"] = gaps["without_volunteer"].astype(int)
    return gaps.sort_values(["without_volunteer", "waiting", "municipality"], ascending=[False, False, True]).reset_index(
        drop=True
    )


def predicted_waiting(ds: Dataset) -> pd.DataFrame:
    """Per province: waiting participants, new duos in the last 12 months, and the predicted wait.

    ``predicted_months`` = waiting list / (new duos per month over the last 12 months); NaN when no duo
    started in that year. A duo counts as new when its start date lies in the 365 days up to ``as_of``.
    """
    as_of = pd.Timestamp(ds.as_of)
    start = as_of - pd.Timedelta(days=365)
    waiting = ds.participants[ds.participants["status"] == "wachtend"].groupby("province").size()
    new = ds.duos[(ds.duos["start_date"] > start) & (ds.duos["start_date"] <= as_of)].groupby("province").size()
    frame = pd.DataFrame({"province": ds.provinces})
    frame["waiting"] = frame["province"].map(waiting).fillna(0).astype(int)
    frame["new_duos_12m"] = frame["province"].map(new).fillna(0).astype(int)
    frame["per_month"] = frame["new_duos_12m"] / 12.0
    frame["predicted_months"] = frame["waiting"] / frame["per_month"].where(frame["per_month"] > 0)
    return frame


__all__ = [
    "exclusion_counts",
    "predicted_waiting",
    "recruitment_gaps",
    "select_waiting",
    "stale_registrations",
    "waiting_counts",
    "waiting_list",
]
