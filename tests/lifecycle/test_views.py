"""The map's rules (issue 22, item 2): colours span the scores shown, excluded and chosen told apart by shape."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import duo_core
from duo_core.demo import DEMO_AS_OF
from duo_core.lifecycle import views
from tests.conftest import DEMO


@pytest.fixture(scope="module")
def demo():
    return duo_core.load_dataset(DEMO, as_of=DEMO_AS_OF)


def _lab(rgb) -> np.ndarray:
    """CIE L*a*b* (D65) of an sRGB colour."""
    c = np.asarray(rgb[:3], dtype=float) / 255
    c = np.where(c > 0.04045, ((c + 0.055) / 1.055) ** 2.4, c / 12.92)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ c
    f = np.cbrt(xyz / [0.95047, 1.0, 1.08883])
    f = np.where(xyz / [0.95047, 1.0, 1.08883] > 0.008856, f, 7.787 * xyz / [0.95047, 1.0, 1.08883] + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_the_colours_span_the_scores_shown():
    scores = np.array([41.3, 52.0, 63.6, np.nan])
    assert views.score_range(scores) == (41.3, 63.6)
    low, high = views.score_color([41.0, 64.0], 41.0, 64.0)
    assert (low, high) == ([0, 34, 78], [254, 232, 56])  # the whole scale: dark blue to yellow
    assert [label for _, label in views.legend_stops(41.0, 64.0)] == ["41", "47", "52", "58", "64"]


@pytest.mark.parametrize(("scores", "span"), [([], (0.0, 100.0)), ([np.nan], (0.0, 100.0)), ([64.25], (54.25, 64.25)),
                                              ([5.0, 5.0], (0.0, 5.0))])
def test_a_single_score_still_reads_as_high(scores, span):
    assert views.score_range(np.array(scores, dtype=float)) == span


def test_excluded_is_far_from_every_score_colour():
    scale = views.score_color(np.linspace(0, 100, 101))
    nearest = min(np.linalg.norm(_lab(views.EXCLUDED_COLOR) - _lab(c)) for c in scale)
    assert nearest > 40, nearest  # the old grey was 17–26 from the scores 40–64


def test_the_map_points_say_which_candidate_is_excluded_and_which_is_chosen(demo):
    person = "Antwerpen/D0174"
    ranking = duo_core.rank_volunteers(demo, person, include_excluded=True)
    second = ranking["key"].iloc[1]
    points = views.map_points(demo, person, ranking, True, chosen=second)
    candidates = points[points["role"] == "kandidaat"].set_index("key")
    assert candidates.index[candidates["chosen"]].tolist() == [second]
    excluded = ranking.loc[ranking["score"].isna(), "key"]
    assert len(excluded) > 0
    assert sorted(candidates.index[candidates["excluded"]]) == sorted(k for k in excluded if k in candidates.index)
    lo, hi = views.score_range(ranking["score"])
    best = ranking["key"].iloc[0]
    assert (lo, hi) == (ranking["score"].min(), ranking["score"].max()) and candidates.loc[best, "color"] == [254, 232, 56]
    assert candidates.loc[best, "score_text"] == f"score {ranking['score'].iloc[0]:.0f} van 100"


def test_a_table_for_the_screen_rounds_as_shown_and_says_flags_in_words():
    frame = pd.DataFrame({"name": ["An", "Jan"], "score": [64.4732432954996, np.nan], "late": [False, True],
                          "km": [2.8149, 0.04]})
    shown = views.for_screen(frame, {"score": 0, "km": 1}, ["late"])
    assert shown["score"].tolist()[0] == 64.0 and np.isnan(shown["score"].iloc[1])
    assert shown["km"].tolist() == [2.8, 0.0]
    assert shown["late"].tolist() == ["nee", "ja"]
    assert frame["late"].tolist() == [False, True]  # the frame itself is left alone
