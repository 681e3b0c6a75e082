"""The coach's cards: the order they keep on screen while the coach works through them."""

from __future__ import annotations

import pandas as pd

from duo_core.lifecycle import coaches


def _duos(keys: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"duo_key": keys, "participant": [k.lower() for k in keys]})


def test_cards_shown_before_keep_their_place_and_new_ones_follow_in_urgency_order():
    now = _duos(["B", "C", "A", "E", "D"])  # after a follow-up on A, A is no longer the most urgent
    kept = coaches.keep_order(now, ["A", "B", "X", "C"])  # X stopped: it is no longer open
    assert kept["duo_key"].tolist() == ["A", "B", "C", "E", "D"]
    assert kept["participant"].tolist() == ["a", "b", "c", "e", "d"]


def test_the_first_view_is_the_urgency_order():
    now = _duos(["B", "A"])
    assert coaches.keep_order(now, None)["duo_key"].tolist() == ["B", "A"]
    assert coaches.keep_order(now, [])["duo_key"].tolist() == ["B", "A"]
