"""The statistics of "Wat werkt?" against values worked out by hand, and the false-alarm rate by simulation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from duo_core.insights.survival import detectable_hazard_ratio, holm, kaplan_meier, logrank


def test_kaplan_meier_by_hand_with_ties_censoring_and_a_stop_on_the_first_day():
    # stopped after 0 (its start day), 2, 5 and 5 months; still running after 3 and 8 months
    fit = kaplan_meier(np.array([0.0, 2, 3, 5, 5, 8]), np.array([True, True, False, True, True, False]))
    # S(0) = 5/6; S(2) = 5/6 * 4/5 = 4/6; 3 is censored; S(5) = 4/6 * (1 - 2/3) = 2/9; 8 censored
    assert fit["times"].tolist() == [0.0, 0.0, 2.0, 3.0, 5.0, 8.0]
    np.testing.assert_allclose(fit["survival"], [1, 5 / 6, 4 / 6, 4 / 6, 2 / 9, 2 / 9])
    assert (fit["median"], fit["reached"], fit["follow_up"]) == (5.0, True, 8.0)
    assert fit["at"][3.0] == pytest.approx(4 / 6) and fit["at"][6.0] == pytest.approx(2 / 9)
    assert math.isnan(fit["at"][12.0])  # followed 8 months at most: nothing to say about 12
    # Greenwood by hand at t = 2: var(log S) = 1/(6*5) + 1/(5*4) = 1/12; log-log band with z = 1.96
    s, v = 4 / 6, (1 / 30 + 1 / 20) / math.log(4 / 6) ** 2
    z = stats.norm.isf(0.025)
    assert fit["low"][2] == pytest.approx(s ** math.exp(z * math.sqrt(v)), rel=1e-12)
    assert fit["high"][2] == pytest.approx(s ** math.exp(-z * math.sqrt(v)), rel=1e-12)


def test_the_band_is_the_curve_itself_where_the_curve_is_one_or_zero():
    # the first duo leaves unstopped (S stays 1); the other three all stop (S ends at 0)
    fit = kaplan_meier(np.array([1.0, 2, 3, 4]), np.array([False, True, True, True]))
    np.testing.assert_allclose(fit["survival"], [1, 1, 2 / 3, 1 / 3, 0])
    assert fit["low"][[0, 1, 4]].tolist() == [1.0, 1.0, 0.0] and fit["high"][[0, 1, 4]].tolist() == [1.0, 1.0, 0.0]
    assert 0 < fit["low"][2] < 2 / 3 < fit["high"][2] < 1
    assert fit["at"][12.0] == 0.0  # everyone stopped: past the follow-up the share is known to be 0


def test_a_median_on_an_exact_half_is_reached_whatever_the_rounding():
    # S(1) = 8/10, S(3) = 6/10, S(4) = 6/10 * 5/6 = 1/2 exactly (0.5000000000000001 in floats); next stop at 6
    months = np.array([1.0, 1, 3, 3, 4, 5, 6, 6, 7, 7])
    ended = np.array([True, True, True, True, True, False, False, True, True, True])
    fit = kaplan_meier(months, ended)
    assert fit["survival"][3] > 0.5  # the float rounding the tolerance is there for
    assert (fit["median"], fit["reached"]) == (4.0, True)


def test_a_median_not_reached_says_so():
    fit = kaplan_meier(np.array([1.0, 4, 6, 9, 12]), np.array([True, False, False, False, False]))
    assert (fit["median"], fit["reached"]) == (12.0, False)
    assert fit["at"][6.0] == pytest.approx(0.8)


def test_log_rank_across_three_groups_by_hand():
    # group 0 stops at 1, group 1 at 2, group 2 leaves unstopped at 3. Stops 1, 1, 0 among 3, 2, 1 at risk:
    # H = 1/3, 5/6, 5/6; scores a = ended - H = (2/3, 1/6, -5/6) = O - E per group (one duo each).
    # Permutation variance: s2 = sum(a^2)/(n-1) = (7/6)/2 = 7/12.
    # Across all groups: sum(S_j^2 / n_j) / s2 = (7/6)/(7/12) = 2 on 2 df.
    months, ended, group = np.array([1.0, 2, 3]), np.array([True, True, False]), np.array([0, 1, 2])
    test = logrank(months, ended, group, 3, ordered=False)
    assert (test.kind, test.df) == ("alle groepen", 2)
    assert test.statistic == pytest.approx(2.0, rel=1e-12)
    assert test.p_value == pytest.approx(math.exp(-1.0), rel=1e-12)  # chi-square with 2 df: exp(-x/2)
    np.testing.assert_allclose(test.observed, [1, 1, 0])
    np.testing.assert_allclose(test.expected, [1 / 3, 5 / 6, 5 / 6])
    # trend with scores w = 0,1,2: U = 1/6 - 10/6 = -3/2; var = s2 * sum n_j (w_j - 1)^2 = 7/12 * 2 -> 27/14 on 1 df
    trend = logrank(months, ended, group, 3, ordered=True)
    assert (trend.kind, trend.df, trend.trend) == ("trend", 1, pytest.approx(-1.5))
    assert trend.statistic == pytest.approx(27 / 14, rel=1e-12)
    assert trend.p_value == pytest.approx(math.erfc(math.sqrt(27 / 28)), rel=1e-12)


def test_ties_and_groups_of_several_by_hand():
    # A: stops at 1 and 2; B: stops at 2, leaves at 3. At 1: 1 stop of 4 (H = 1/4); at 2: 2 of 3 (H = 1/4 + 2/3).
    # scores: A (3/4, 1 - 11/12), B (1 - 11/12, -11/12) -> O - E: A = 3/4 + 1/12 = 5/6, B = -5/6
    # s2 = (81 + 1 + 1 + 121)/144/3 = 17/36; across groups (25/36)(1/2 + 1/2)/(17/36) = 25/17;
    # trend (w = 0, 1): (5/6)^2 / (17/36 * (2 * 1/4 + 2 * 1/4)) = 25/17 too
    months = np.array([1.0, 2, 2, 3])
    ended, group = np.array([True, True, True, False]), np.array([0, 0, 1, 1])
    for ordered in (False, True):
        test = logrank(months, ended, group, 2, ordered)
        assert test.statistic == pytest.approx(25 / 17, rel=1e-12)
        np.testing.assert_allclose(test.observed - test.expected, [5 / 6, -5 / 6])


def test_holm_by_hand():
    # sorted 0.01, 0.03, 0.04 -> 3 * 0.01 = 0.03; 2 * 0.03 = 0.06; max(0.06, 1 * 0.04) = 0.06
    assert holm({"a": 0.01, "b": 0.04, "c": 0.03}) == pytest.approx({"a": 0.03, "b": 0.06, "c": 0.06})
    assert holm({"a": 0.6, "b": 0.7}) == {"a": 1.0, "b": 1.0}


def test_detectable_hazard_ratio_is_schoenfeld():
    z = 1.959963984540054 + 0.8416212335729143  # 5 % two-sided, 80 % power
    # two equal groups, 100 stops: log HR = z / sqrt(100 * 1/2 * 1/2)
    assert detectable_hazard_ratio(100, np.array([50, 50]), ordered=False) == pytest.approx(math.exp(z / 5))
    # the two largest of three groups (40 and 40 of 100): their 80 stops, half each
    assert detectable_hazard_ratio(100, np.array([20, 40, 40]), ordered=False) == pytest.approx(
        math.exp(z / math.sqrt(80 * 0.25)))
    # ordered, two groups: the same as unordered
    assert detectable_hazard_ratio(100, np.array([30, 70]), ordered=True) == pytest.approx(
        math.exp(z / math.sqrt(100 * 0.3 * 0.7)))
    assert detectable_hazard_ratio(0, np.array([5, 5]), ordered=True) == math.inf


@pytest.mark.parametrize("k", [5, 10, 21])
def test_without_an_effect_false_alarms_stay_at_five_percent(k):
    """Groups of 10-30 duos, exponential durations in whole months (ties), a third censored, no effect."""
    rng = np.random.default_rng(2026 + k)
    runs = 1000
    alarms = {False: 0, True: 0}
    for _ in range(runs):
        sizes = rng.integers(10, 31, k)
        group = np.repeat(np.arange(k), sizes)
        months = np.floor(rng.exponential(15, len(group)))  # stops on day 0 too
        follow = rng.uniform(0, 40, len(group))
        ended = months <= follow
        months = np.minimum(months, np.floor(follow))
        for ordered in (False, True):
            alarms[ordered] += logrank(months, ended, group, k, ordered).p_value < 0.05
    margin = 2 * math.sqrt(0.05 * 0.95 / runs)  # two standard errors of the simulation
    for ordered in (False, True):
        assert 0.05 - 3 * margin <= alarms[ordered] / runs <= 0.05 + margin, (ordered, alarms[ordered])


@pytest.mark.filterwarnings("ignore:The confidence interval is undefined")
def test_kaplan_meier_agrees_with_scipy_on_random_cohorts():
    """20 cohorts with ties, censoring and stops on day 0 against ``scipy.stats.ecdf`` (an independent fit)."""
    rng = np.random.default_rng(21)
    for _ in range(20):
        n = int(rng.integers(10, 200))
        months = np.floor(rng.exponential(12, n))
        ended = rng.random(n) < 0.6
        fit = kaplan_meier(months, ended)
        sf = stats.ecdf(stats.CensoredData(uncensored=months[ended], right=months[~ended])).sf
        band = sf.confidence_interval(0.95, method="log-log")
        np.testing.assert_array_equal(fit["times"][1:], sf.quantiles)
        np.testing.assert_allclose(fit["survival"][1:], sf.probabilities, rtol=1e-13)
        inside = (sf.probabilities > 0) & (sf.probabilities < 1) & np.isfinite(band.low.probabilities)
        np.testing.assert_allclose(fit["low"][1:][inside], band.low.probabilities[inside], rtol=1e-12)
        np.testing.assert_allclose(fit["high"][1:][inside], band.high.probabilities[inside], rtol=1e-12)
        for t, value in fit["at"].items():
            assert math.isnan(value) if t > months.max() and sf.probabilities[-1] > 0 else \
                value == pytest.approx(float(sf.evaluate(t)), rel=1e-13)
