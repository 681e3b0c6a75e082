"""Whether one person can be matched at all, and if not, why (said once, at the top of a ranking).

A participant who does not wait (another status, or a running duo) or who is already proposed, and a
volunteer who is not available, has no room left or is already proposed, gets no candidates: the
ranking then excludes every pair, and :func:`standing` gives the one sentence the page shows first.
"""

from __future__ import annotations

import pandas as pd

from duo_core.dataset import Dataset
from duo_core.matching.arrays import match_arrays
from duo_core.matching.ranking import position
from duo_core.matching.sentences import capacity_sentence, not_waiting_sentence, reservation_sentence, status_sentence


def standing(ds: Dataset, key: str, participant: bool = True) -> str | None:
    """Why ``key`` cannot be matched now (a Dutch sentence), or ``None`` when they can."""
    A = match_arrays(ds)
    if participant:
        i = position(A.participant_pos, key, "deelnemer")
        if not A.participants.available[i]:
            return not_waiting_sentence(ds.participants_by_key.loc[key], A)
        return reservation_sentence("Deelnemer", key, A)
    j = position(A.volunteer_pos, key, "vrijwilliger")
    side = A.volunteers
    if not side.available[j]:
        return status_sentence(side.status[j])
    if side.open_duos[j] >= side.capacity[j]:
        return capacity_sentence(int(side.open_duos[j]), int(side.capacity[j]))
    return reservation_sentence("Vrijwilliger", key, A)


def reserved_sentences(ds: Dataset, keys: pd.Series) -> list[str | None]:
    """For each participant key: what proposal holds them ("Deelnemer is al voorgesteld aan ..."), or ``None``."""
    A = match_arrays(ds)
    return [reservation_sentence("Deelnemer", k, A) for k in keys]


__all__ = ["reserved_sentences", "standing"]
