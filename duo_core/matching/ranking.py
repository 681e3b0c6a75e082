"""Ranking in both directions: volunteers for a participant, waiting participants for a volunteer."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from duo_core.dataset import Dataset
from duo_core.matching.arrays import MatchArrays, Side
from duo_core.matching.model import CRITERIA, RULES, Evaluation, evaluate
from duo_core.matching.sentences import rule_sentence
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


def _reasons(
    ds: Dataset, A: MatchArrays, ev: Evaluation, rows: np.ndarray, P: Side, V: Side, people: str
) -> list[list[str]]:
    """Sentences of every rule that excludes each of ``rows`` (positions in the evaluated arrays)."""
    p_rows, v_rows = ds.participants_by_key, ds.volunteers_by_key
    out = []
    for r in rows:
        ip, iv = (0, r) if people == "volunteers" else (r, 0)
        p = p_rows.loc[P.keys[ip]]
        v = v_rows.loc[V.keys[iv]]
        out.append(
            [
                rule_sentence(
                    rule.name,
                    p,
                    v,
                    float(ev.distance[r]),
                    A,
                    int(V.open_duos[iv]),
                    float(P.age[ip]),
                    float(V.age[iv]),
                )
                for rule in RULES
                if ev.excluded[rule.name][r]
            ]
        )
    return out


def _frame(
    ds: Dataset,
    A: MatchArrays,
    ev: Evaluation,
    P: Side,
    V: Side,
    people: str,
    include_excluded: bool,
    details: bool,
    filters: dict[str, Any],
) -> pd.DataFrame:
    cand = V if people == "volunteers" else P
    n = len(cand)
    distance = np.broadcast_to(ev.distance, (n,))
    eligible = np.broadcast_to(ev.eligible, (n,))
    score = np.broadcast_to(ev.score, (n,))
    keep = np.ones(n, dtype=bool) if include_excluded else eligible.copy()
    max_d = filters.get("max_distance_km")
    if max_d is not None:
        keep &= ~(distance > float(max_d))
    min_score = filters.get("min_score")
    if min_score:
        keep &= ~(eligible & (score < float(min_score)))
    rows = np.flatnonzero(keep)
    waiting = np.broadcast_to(P.waiting_days, (n,)) if people == "participants" else np.zeros(n)
    waiting_key = np.nan_to_num(waiting[rows], nan=-1.0)
    dist_key = np.nan_to_num(distance[rows], nan=np.inf)
    score_key = np.where(eligible[rows], score[rows], -np.inf)
    order = np.lexsort((cand.pos[rows], dist_key, -waiting_key, -score_key, ~eligible[rows]))
    rows = rows[order]
    ok = eligible[rows]
    data: dict[str, Any] = {
        "key": cand.keys[rows],
        "name": cand.name[rows],
        "province": cand.province[rows],
        "municipality": cand.municipality[rows],
        "score": np.where(ok, score[rows], np.nan),
        "distance_km": distance[rows],
        "eligible": ok,
    }
    if include_excluded and not ok.all():
        reasons: list[list[str]] = [[] for _ in range(len(rows))]
        bad = np.flatnonzero(~ok)
        for i, sentences in zip(bad, _reasons(ds, A, ev, rows[bad], P, V, people), strict=True):
            reasons[i] = sentences
        data["reasons"] = reasons
    else:
        data["reasons"] = [[] for _ in range(len(rows))]
    if people == "participants":
        data["waiting_days"] = waiting[rows]
    for c in CRITERIA:
        data[f"{c.name}_points"] = np.broadcast_to(ev.points[c.name], (n,))[rows]
    frame = pd.DataFrame(data)
    if details:
        vocab = A.vocabularies["interests"]
        other = P if people == "volunteers" else V
        shared = np.broadcast_to(cand.interests[rows] & other.interests[0], (len(rows), other.interests.shape[-1]))
        frame["shared_interests"] = [vocab.decode(bits) for bits in shared]
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
    A = ds.arrays
    i = position(A.participant_pos, participant_key, "deelnemer")
    P = A.participants.take(slice(i, i + 1))
    V = A.volunteers.take(select_provinces(A.volunteers, A.volunteer_slices, filters.get("provinces"), P.province[0]))
    ev = evaluate(A, P, V, resolve(weights))
    return _frame(ds, A, ev, P, V, "volunteers", include_excluded, details, filters)


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
    A = ds.arrays
    j = position(A.volunteer_pos, volunteer_key, "vrijwilliger")
    V = A.volunteers.take(slice(j, j + 1))
    rows = select_provinces(A.participants, A.participant_slices, filters.get("provinces"), V.province[0])
    positions = np.arange(len(A.participants))[rows]
    waiting = positions[A.participants.available[rows]]
    P = A.participants.take(waiting)
    ev = evaluate(A, P, V, resolve(weights))
    return _frame(ds, A, ev, P, V, "participants", include_excluded, details, filters)


__all__ = ["POINT_COLUMNS", "rank_participants", "rank_volunteers"]
