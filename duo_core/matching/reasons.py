"""Why each excluded candidate is excluded, for thousands of candidates at once.

A ranking with its excluded candidates needs one sentence per rule per excluded candidate. Built one by
one (a row lookup per pair) that took about a second for 10,000 volunteers. Here every rule's sentence
is *templated*: the values that decide a rule's sentence are gathered from the candidate arrays for all
excluded rows at once, the distinct combinations are found (there are few: "status: pauze", "max. 1
duo"...), one sentence is made per combination by the same :func:`~duo_core.matching.sentences.rule_sentence`
the explanation uses, and it is handed to every row with that combination. Distances, the one value
that differs per row, are formatted as a vectorised template of their own. So the reasons are exactly
the explanation's sentences, at the cost of a few array operations.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

import numpy as np
import pandas as pd

from duo_core.dataset import Dataset
from duo_core.matching.arrays import MatchArrays, Side
from duo_core.matching.model import RULES
from duo_core.matching.sentences import distance_sentence, km_texts, rule_sentence

#: Per rule: the participant (P) and volunteer (V) attributes that decide its sentence.
_DECIDED_BY: dict[str, tuple[tuple[str, str], ...]] = {
    "waiting": (("P", "keys"),),
    "intake": (),
    "status": (("V", "status"),),
    "capacity": (("V", "open_duos"), ("V", "capacity")),
    "distance": (),  # formatted per row: see km_texts
    "reserved": (),  # see _reservation_keys
    "participant_gender": (("P", "pref_gender"),),
    "volunteer_gender": (("V", "pref_gender"),),
    "participant_age": (("P", "pref_age_min"), ("P", "pref_age_max"), ("V", "age")),
    "volunteer_age": (("V", "pref_age_min"), ("V", "pref_age_max"), ("P", "age")),
    "smoking": (("P", "smokes"), ("P", "smoke_bothers"), ("V", "smokes"), ("V", "smoke_bothers")),
    "pets": (("P", "pets"), ("P", "pets_bother"), ("V", "pets"), ("V", "pets_bother")),
    "language": (("P", "languages"), ("V", "languages")),
    "contact_form": (("P", "contact"), ("V", "contact")),
    "availability": (),
    "target_group": (("P", "target"), ("V", "target")),
    "history": (("P", "keys"), ("V", "keys")),
}


def _column(side: Side, attr: str, rows: np.ndarray, n: int, index: np.ndarray | None = None) -> list[np.ndarray]:
    """One attribute for the given rows (a side of length 1 is the fixed person); bit sets give one array per word.

    ``index`` maps the rows to the side's positions (the ranking's order), so the side is never copied whole.
    """
    values = getattr(side, attr)
    if len(side) == 1:
        picked = np.broadcast_to(values, (len(rows), *values.shape[1:]))
        return [picked[:, w] for w in range(picked.shape[1])] if picked.ndim == 2 else [picked]
    picked = values[rows if index is None else index[rows]]
    if picked.ndim == 2:
        return [picked[:, w] for w in range(picked.shape[1])]
    return [picked]


def _representatives(keys: list[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the distinct combinations of ``keys`` (row -> code 0..k-1) and the first row of each code."""
    combined = np.zeros(n, dtype=np.int64)
    for key in keys:
        codes, uniques = pd.factorize(key if key.dtype != bool else key.astype(np.int8), use_na_sentinel=False)
        combined = combined * (len(uniques) + 1) + codes
    _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    return inverse.reshape(-1), first


@contextlib.contextmanager
def _no_collection_pauses() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector while thousands of small lists are made.

    Making a list per candidate triggers full collections that walk every object of the loaded data
    (about 10 ms per ranking at 10,000 volunteers, as much as the work itself). Nothing made here forms a
    cycle, so the pause loses nothing. Whoever found the collector on switches it on again, so with
    several sessions at once it is never left off (at worst one of them gets no pause).
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def reason_lists(ds: Dataset, A: MatchArrays, excluded: dict[str, np.ndarray], distance: np.ndarray, P: Side,
                 V: Side, index: np.ndarray | None = None) -> list[list[str]]:
    """The sentence of every rule that excludes each row, in rule order (``[]`` for eligible rows).

    ``P`` and ``V`` are the two sides (one of them of length 1: the person ranked for), ``excluded`` holds
    each rule's mask over the rows, ``distance`` their distances, and ``index`` the position of each row
    in the longer side (default: the same order).
    """
    with _no_collection_pauses():
        return _reason_lists(ds, A, excluded, distance, P, V, index)


def _reason_lists(ds: Dataset, A: MatchArrays, excluded: dict[str, np.ndarray], distance: np.ndarray, P: Side,
                  V: Side, index: np.ndarray | None) -> list[list[str]]:
    n = len(distance)
    people: dict[tuple[str, str], pd.Series] = {}  # the rows looked up for the sentences, each once
    out: list[list[str]] = [[] for _ in range(n)]
    sides = {"P": P, "V": V}
    for rule in RULES:
        rows = np.flatnonzero(excluded[rule.name])
        if len(rows) == 0:
            continue
        if rule.name == "distance":
            limits = _column(V, "max_distance", rows, n, index)[0]
            sentences = [distance_sentence(a, b) for a, b in zip(*km_texts(distance[rows], limits), strict=True)]
        else:
            if rule.name == "reserved":
                keys = _reservation_keys(A, P, V, rows, n, index)
            else:
                keys = [k for side, attr in _DECIDED_BY[rule.name]
                        for k in _column(sides[side], attr, rows, n, index)]
            codes, first = _representatives(keys, len(rows))
            made = [_sentence(ds, A, rule.name, rows[f], P, V, distance, index, people) for f in first]
            sentences = [made[c] for c in codes.tolist()]
        for i, sentence in zip(rows.tolist(), sentences, strict=True):
            out[i].append(sentence)
    return out


def _reservation_keys(A: MatchArrays, P: Side, V: Side, rows: np.ndarray, n: int, index) -> list[np.ndarray]:
    """What decides a reservation sentence: who of the two is held, and whether it is by this very pair."""
    p_keys, v_keys = _column(P, "keys", rows, n, index)[0], _column(V, "keys", rows, n, index)[0]
    p_held, v_held = _column(P, "reserved", rows, n, index)[0], _column(V, "reserved", rows, n, index)[0]
    other = np.array([A.reservations[k].other_key if k in A.reservations else "" for k in p_keys], dtype=object)
    return [np.where(p_held, p_keys, ""), np.where(v_held, v_keys, ""), (other == v_keys) & p_held]


def _sentence(ds: Dataset, A: MatchArrays, name: str, row: int, P: Side, V: Side, distance: np.ndarray,
              index: np.ndarray | None, people: dict[tuple[str, str], pd.Series]) -> str:
    at = row if index is None else int(index[row])
    ip = 0 if len(P) == 1 else at
    iv = 0 if len(V) == 1 else at
    p_key, v_key = ("P", P.keys[ip]), ("V", V.keys[iv])  # a participant and a volunteer may share an ID
    if p_key not in people:
        people[p_key] = ds.participants_by_key.loc[p_key[1]]
    if v_key not in people:
        people[v_key] = ds.volunteers_by_key.loc[v_key[1]]
    p, v = people[p_key], people[v_key]
    return rule_sentence(name, p, v, float(distance[row]), A, int(V.open_duos[iv]), float(P.age[ip]), float(V.age[iv]))


__all__ = ["reason_lists"]
