"""Ranking in both directions: volunteers for a participant, waiting participants for a volunteer."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from duo_core.dataset import Dataset
from duo_core.matching.arrays import Side, match_arrays
from duo_core.matching.model import (
    CRITERIA,
    PairContext,
    apply_criteria,
    apply_rules,
    pair_context,
    preference,
)
from duo_core.matching.reasons import reason_lists
from duo_core.matching.weights import Weights, resolve

ALL_PROVINCES = ("alle", "all")
FILTERS = ("max_distance_km", "provinces", "min_score")
POINT_COLUMNS = [f"{c.name}_points" for c in CRITERIA]


def check_filters(filters: dict[str, Any]) -> None:
    """Refuse unknown filter names with a Dutch message."""
    unknown = sorted(set(filters) - set(FILTERS))
    if unknown:
        raise TypeError(f"Onbekende filter {', '.join(unknown)}: kies uit {', '.join(FILTERS)}.")


def position(lookup: dict[str, int], key: str, label: str) -> int:
    """The array position of ``key``; ``KeyError`` with a Dutch message when unknown."""
    try:
        return lookup[key]
    except KeyError:
        raise KeyError(f"Geen {label} met sleutel '{key}'.") from None


def select_provinces(side: Side, slices: dict[str, slice], provinces: Any, own: str) -> slice | np.ndarray:
    """Rows of ``side`` in the requested provinces (default: ``own``); a slice when it is one province."""
    if provinces is None:
        provinces = [own]
    elif isinstance(provinces, str):
        provinces = None if provinces.lower() in ALL_PROVINCES else [provinces]
    if provinces is None:
        return slice(0, len(side))
    provinces = list(dict.fromkeys(provinces))
    if len(provinces) == 1:
        return slices.get(provinces[0], slice(0, 0))
    return np.concatenate([np.arange(len(side))[slices[p]] for p in provinces if p in slices])


def _objects(values) -> pd.Series:
    """An object column as is (no inference to pandas' Arrow strings: cheaper, and lists stay lists)."""
    return pd.Series(values, dtype=object, copy=False)


def _broadcast(mask: np.ndarray, n: int) -> np.ndarray:
    return np.broadcast_to(mask, (n,))


def _rank(
    ds: Dataset,
    P: Side,
    V: Side,
    people: str,
    weights: Weights,
    include_excluded: bool,
    details: bool,
    filters: dict[str, Any],
) -> pd.DataFrame:
    """Rules on every candidate; criteria, sentences and the frame only for the candidates kept."""
    A = match_arrays(ds)
    cand = V if people == "volunteers" else P
    n = len(cand)
    ctx = pair_context(P, V)
    excluded, eligible = apply_rules(A, P, V, ctx)
    distance = _broadcast(ctx.distance, n)
    eligible = _broadcast(eligible, n)
    keep = np.ones(n, dtype=bool) if include_excluded else eligible.copy()
    max_d = filters.get("max_distance_km")
    if max_d is not None:
        keep &= ~(distance > float(max_d))
    rows = np.flatnonzero(keep)
    # reduce the candidate side to the rows kept, then score only those
    if people == "volunteers":
        V = V.take(rows)
    else:
        P = P.take(rows)
    sub = PairContext(distance=distance[rows], phone_only=_broadcast(ctx.phone_only, n)[rows])
    _, _, points, score = apply_criteria(P, V, sub, weights)
    ok = eligible[rows]
    excluded = {name: _broadcast(mask, n)[rows] for name, mask in excluded.items()}
    cand = V if people == "volunteers" else P
    waiting = cand.waiting_days if people == "participants" else np.zeros(len(cand))
    ranked = preference(np.where(ok, score, -np.inf), sub.distance, waiting, cand.pos)
    order = ranked[np.argsort(~ok[ranked], kind="stable")]  # every eligible candidate before the excluded
    min_score = filters.get("min_score")
    if min_score:  # eligible candidates below the minimum are left out
        order = order[~(ok & (score < float(min_score)))[order]]
    data: dict[str, Any] = {
        "key": _objects(cand.keys[order]),
        "name": _objects(cand.name[order]),
        "province": _objects(cand.province[order]),
        "municipality": _objects(cand.municipality[order]),
        "score": np.where(ok, score, np.nan)[order],
        "distance_km": sub.distance[order],
        "eligible": ok[order],
    }
    if include_excluded and not ok.all():
        sentences = reason_lists(ds, A, {k: v[order] for k, v in excluded.items()}, sub.distance[order], P, V,
                                 index=order)
        data["reasons"] = _objects(sentences)  # eligible rows have no excluding rule, so no sentence
    else:
        data["reasons"] = _objects([[] for _ in range(len(order))])
    if people == "participants":
        data["waiting_days"] = waiting[order]
    for c in CRITERIA:
        data[f"{c.name}_points"] = points[c.name][order]
    frame = pd.DataFrame(data, copy=False)
    if details:
        vocab = A.vocabularies["interests"]
        other = P if people == "volunteers" else V
        shared = cand.interests[order] & other.interests[0]
        # few distinct sets: decode each once
        if shared.shape[1] == 1:
            words, which = np.unique(shared[:, 0], return_inverse=True)
            patterns = words[:, None]
        else:
            patterns, which = np.unique(shared, axis=0, return_inverse=True)
        decoded = [vocab.decode(bits) for bits in patterns]
        frame["shared_interests"] = _objects([decoded[i] for i in which.reshape(-1).tolist()])
    return frame


def rank_volunteers(
    ds: Dataset,
    participant_key: str,
    weights: Weights | dict[str, float] | None = None,
    *,
    include_excluded: bool = False,
    details: bool = False,
    **filters: Any,
) -> pd.DataFrame:
    """Rank the volunteers for one participant, best first.

    Parameters
    ----------
    ds
        The dataset.
    participant_key
        ``"<province>/<ID>"`` of the participant.
    weights
        :class:`Weights` or a dict of weights; default :class:`Weights`.
    include_excluded
        Also list the excluded volunteers (after all eligible ones) with their ``reasons``.
    details
        Add ``shared_interests`` (list of shared interests per candidate).
    **filters
        ``max_distance_km`` (candidates farther away are left out; unknown distances stay),
        ``provinces`` (a province, a list, or ``"alle"``; default the participant's own),
        ``min_score`` (eligible candidates below it are left out).

    Returns
    -------
    pandas.DataFrame
        ``key, name, province, municipality, score, distance_km, eligible, reasons`` and one
        ``<criterion>_points`` column per criterion.
    """
    check_filters(filters)
    A = match_arrays(ds)
    i = position(A.participant_pos, participant_key, "deelnemer")
    P = A.participants.take(slice(i, i + 1))
    V = A.volunteers.take(select_provinces(A.volunteers, A.volunteer_slices, filters.get("provinces"), P.province[0]))
    return _rank(ds, P, V, "volunteers", resolve(weights), include_excluded, details, filters)


def rank_participants(
    ds: Dataset,
    volunteer_key: str,
    weights: Weights | dict[str, float] | None = None,
    *,
    include_excluded: bool = False,
    details: bool = False,
    **filters: Any,
) -> pd.DataFrame:
    """Rank the waiting participants for one volunteer, best first (longest waiting first among equals).

    Parameters are those of :func:`rank_volunteers`, from the volunteer's side. Only participants with
    status ``wachtend`` are ranked. The frame also has ``waiting_days``.
    """
    check_filters(filters)
    A = match_arrays(ds)
    j = position(A.volunteer_pos, volunteer_key, "vrijwilliger")
    V = A.volunteers.take(slice(j, j + 1))
    rows = select_provinces(A.participants, A.participant_slices, filters.get("provinces"), V.province[0])
    positions = np.arange(len(A.participants))[rows]
    waiting = positions[A.participants.available[rows]]
    P = A.participants.take(waiting)
    return _rank(ds, P, V, "participants", resolve(weights), include_excluded, details, filters)


__all__ = ["POINT_COLUMNS", "rank_participants", "rank_volunteers"]
