"""The whole-waiting-list proposal: the set of duos with the highest total score.

All waiting participants and all volunteers with free capacity are scored at once (one matrix per
province, from the same kernel as the rankings). A volunteer with room for ``k`` more duos appears as
``k`` columns; excluded pairs weigh 0 and eligible pairs their score plus a bonus far below any real
difference (so an eligible pair scoring 0 is still proposed, and ties follow the rankings' order), so
scipy's ``linear_sum_assignment`` maximises the total score over eligible pairs. The same figures for greedy one-at-a-time matching (longest waiting first,
each taking the best free volunteer, as intake volunteers do by hand) show the gain.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from duo_core.dataset import Dataset
from duo_core.matching.arrays import MatchArrays, Side, match_arrays
from duo_core.matching.model import Evaluation, assignment_weights, evaluate, preference
from duo_core.matching.ranking import check_filters
from duo_core.matching.weights import Weights, resolve

PAIR_COLUMNS = [
    "participant_key",
    "participant_name",
    "volunteer_key",
    "volunteer_name",
    "province",
    "score",
    "distance_km",
    "waiting_days",
]


@dataclass(frozen=True)
class ProposalSummary:
    """Figures of a proposal and of greedy matching on the same data."""

    pairs: int
    total_score: float
    unmatched: int
    mean_waiting_days: float
    greedy_pairs: int
    greedy_total_score: float
    greedy_unmatched: int
    greedy_mean_waiting_days: float
    waiting: int
    free_places: int

    @property
    def gain(self) -> float:
        """Total score above greedy matching."""
        return self.total_score - self.greedy_total_score

    def to_dict(self) -> dict[str, float]:
        """The figures as a plain dict (with ``gain``)."""
        return asdict(self) | {"gain": self.gain}


@dataclass(frozen=True)
class Proposal:
    """A proposed set of duos (``pairs``, best first) with its ``summary`` and the greedy pairs."""

    pairs: pd.DataFrame
    greedy: pd.DataFrame
    summary: ProposalSummary

    def to_frame(self) -> pd.DataFrame:
        """The proposed pairs."""
        return self.pairs

    def to_dict(self) -> dict[str, Any]:
        """Pairs as records and the summary."""
        return {"pairs": self.pairs.to_dict("records"), "summary": self.summary.to_dict()}


def _block(A: MatchArrays, P: Side, V: Side, weights: Weights, filters: dict[str, Any]
           ) -> tuple[np.ndarray, np.ndarray, Evaluation]:
    """The score matrix of one block and which pairs may be proposed (eligible and within the filters)."""
    ev = evaluate(A, P.column(), V, weights)
    ok = ev.eligible.copy()
    max_d = filters.get("max_distance_km")
    if max_d is not None:
        ok &= ~(ev.distance > float(max_d))
    min_score = filters.get("min_score")
    if min_score:
        ok &= ev.score >= float(min_score)
    return ev.score, ok, ev


def _optimal(ev: Evaluation, ok: np.ndarray, room: np.ndarray, waiting: np.ndarray) -> list[tuple[int, int]]:
    """The pairs with the highest total score (eligible pairs kept apart from excluded ones, ties as ranked)."""
    if ok.size == 0 or room.sum() == 0 or not ok.any():
        return []
    columns = np.repeat(np.arange(ok.shape[1]), room)
    weights = assignment_weights(ev.score, ok, ev.distance, waiting[:, None] + np.zeros(ok.shape))[:, columns]
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [(int(r), int(columns[c])) for r, c in zip(rows, cols, strict=True) if ok[r, columns[c]]]


def _greedy(ev: Evaluation, ok: np.ndarray, room: np.ndarray, waiting: np.ndarray, V: Side) -> list[tuple[int, int]]:
    """One at a time, longest waiting first, each the best free volunteer in the ranking's order."""
    room = room.copy()
    order = np.lexsort((np.arange(len(waiting)), -np.nan_to_num(waiting, nan=-1.0)))
    pairs = []
    for r in order:
        free = np.flatnonzero(ok[r] & (room > 0))
        if len(free) == 0:
            continue
        best = free[preference(ev.score[r, free], ev.distance[r, free], np.zeros(len(free)), V.pos[free])[0]]
        room[best] -= 1
        pairs.append((int(r), int(best)))
    return pairs


def _pairs_frame(pairs: list[tuple[int, int]], P: Side, V: Side, ev: Evaluation) -> pd.DataFrame:
    if not pairs:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    r = np.array([p[0] for p in pairs])
    c = np.array([p[1] for p in pairs])
    return pd.DataFrame(
        {
            "participant_key": P.keys[r],
            "participant_name": P.name[r],
            "volunteer_key": V.keys[c],
            "volunteer_name": V.name[c],
            "province": P.province[r],
            "score": ev.score[r, c],
            "distance_km": ev.distance[r, c],
            "waiting_days": P.waiting_days[r],
        }
    )


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    """Pairs best first, in the one tie order of :func:`~duo_core.matching.model.preference`."""
    if frame.empty:
        return frame
    keys = frame["participant_key"].to_numpy(dtype=str)
    order = preference(frame["score"].to_numpy(float), frame["distance_km"].to_numpy(float),
                       frame["waiting_days"].to_numpy(float), np.argsort(np.argsort(keys, kind="stable")))
    return frame.iloc[order].reset_index(drop=True)


def propose_assignment(
    ds: Dataset,
    weights: Weights | dict[str, float] | None = None,
    **filters: Any,
) -> Proposal:
    """Propose duos for the whole waiting list at once.

    Parameters
    ----------
    ds
        The dataset.
    weights
        The weights of the soft criteria.
    **filters
        ``provinces`` (a province, a list, or ``"alle"``, the default), ``max_distance_km`` and
        ``min_score`` (pairs beyond them are not proposed). Duos stay within a province.

    Returns
    -------
    Proposal
        The pairs, the greedy pairs, and a :class:`ProposalSummary`.
    """
    check_filters(filters)
    A = match_arrays(ds)
    w = resolve(weights)
    provinces = filters.get("provinces") or "alle"
    if isinstance(provinces, str):
        provinces = sorted(A.participant_slices) if provinces.lower() in ("alle", "all") else [provinces]
    optimal_parts, greedy_parts = [], []
    waiting_total = 0
    free_total = 0
    for province in provinces:
        p_slice = A.participant_slices.get(province, slice(0, 0))
        v_slice = A.volunteer_slices.get(province, slice(0, 0))
        p_rows = np.arange(len(A.participants))[p_slice]
        v_rows = np.arange(len(A.volunteers))[v_slice]
        P = A.participants.take(p_rows[A.participants.available[p_slice]])
        V_all = A.volunteers.take(v_rows)
        room_all = np.where(V_all.available, np.maximum(V_all.capacity - V_all.open_duos, 0), 0)
        V = V_all.take(np.flatnonzero(room_all > 0))
        room = room_all[room_all > 0]
        waiting_total += len(P)
        free_total += int(room.sum())
        if len(P) == 0 or len(V) == 0:
            continue
        _, ok, ev = _block(A, P, V, w, filters)
        optimal_parts.append(_pairs_frame(_optimal(ev, ok, room, P.waiting_days), P, V, ev))
        greedy_parts.append(_pairs_frame(_greedy(ev, ok, room, P.waiting_days, V), P, V, ev))
    pairs = _sorted(pd.concat(optimal_parts, ignore_index=True)) if optimal_parts else pd.DataFrame(columns=PAIR_COLUMNS)
    greedy = _sorted(pd.concat(greedy_parts, ignore_index=True)) if greedy_parts else pd.DataFrame(columns=PAIR_COLUMNS)

    def mean_wait(frame: pd.DataFrame) -> float:
        return float(frame["waiting_days"].mean()) if len(frame) else float("nan")

    summary = ProposalSummary(
        pairs=len(pairs),
        total_score=float(pairs["score"].sum()) if len(pairs) else 0.0,
        unmatched=waiting_total - len(pairs),
        mean_waiting_days=mean_wait(pairs),
        greedy_pairs=len(greedy),
        greedy_total_score=float(greedy["score"].sum()) if len(greedy) else 0.0,
        greedy_unmatched=waiting_total - len(greedy),
        greedy_mean_waiting_days=mean_wait(greedy),
        waiting=waiting_total,
        free_places=free_total,
    )
    return Proposal(pairs=pairs, greedy=greedy, summary=summary)
