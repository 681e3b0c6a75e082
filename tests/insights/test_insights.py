"""Why unmatched, waiting list, recruitment gaps, predicted waiting time, stale registrations."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

import duo_core
from duo_core.insights import monitoring
from tests.matching_helpers import P, V, add_duo, cell, dataset


def test_exclusion_counts_name_each_rule(tmp_path):
    ds = dataset(tmp_path, cell(V, 0, "Rookt", "ja"), cell(V, 1, "Beschikbaarheid", "zondag avond"))
    counts = duo_core.exclusion_counts(ds, "Antwerpen/D1")
    assert counts[["rule", "excluded", "total"]].values.tolist() == [
        ["capacity", 1, 2],
        ["smoking", 1, 2],
        ["availability", 1, 2],
    ]
    assert counts["sentence"].tolist() == [
        "1 van 2 vrijwilligers hebben al hun maximum aantal duo's",
        "1 van 2 vrijwilligers botsen op roken",
        "1 van 2 vrijwilligers hebben geen gemeenschappelijk moment",
    ]


def test_waiting_list_counts_eligible_volunteers_and_reasons(tmp_path):
    ds = dataset(tmp_path, cell(P, 2, "Aanmelddatum", "01/01/2024"), cell(P, 2, "Voorkeur geslacht vrijwilliger", "vrouw"))
    wl = duo_core.waiting_list(ds)
    assert wl["key"].tolist() == ["Antwerpen/D3", "Antwerpen/D1"]  # longest waiting first; D2 is matched
    assert wl["waiting_days"].tolist() == [1035.0, 396.0]
    assert wl["eligible_volunteers"].tolist() == [0, 1]
    assert wl["best_volunteer_key"].tolist() == [None, "Antwerpen/V1"]
    assert math.isnan(wl["best_score"].iloc[0])
    assert round(wl["best_score"].iloc[1], 6) == 73.666667
    assert wl["main_reasons"].tolist() == [
        ["2 van 2 vrijwilligers wonen te ver",
         "2 van 2 vrijwilligers passen niet bij de voorkeur geslacht van de deelnemer"],
        [],
    ]
    assert wl["stale"].tolist() == [True, True]


def test_stale_registrations_respect_reconfirmation(tmp_path):
    ds = dataset(tmp_path, cell(P, 0, "Laatst bevestigd", "01/10/2026"))
    stale = duo_core.stale_registrations(ds)
    assert stale["key"].tolist() == ["Antwerpen/D3"]
    assert stale["waiting_days"].tolist() == [396]


def test_predicted_waiting_per_province(tmp_path):
    # started 01/01/2025: older than 12 months
    ds = dataset(tmp_path, add_duo("D3", "V1", "actief"))
    frame = duo_core.predicted_waiting(ds)
    assert frame[["province", "waiting", "new_duos_12m"]].values.tolist() == [["Antwerpen", 1, 0]]
    assert math.isnan(frame["predicted_months"].iloc[0])


def test_predicted_waiting_on_demo(demo_ds):
    frame = duo_core.predicted_waiting(demo_ds).set_index("province")
    assert frame.loc["Antwerpen", "waiting"] == 135
    assert frame.loc["Antwerpen", "new_duos_12m"] == 38
    assert round(frame.loc["Antwerpen", "predicted_months"], 3) == round(135 / (38 / 12), 3)


def test_recruitment_gaps_group_by_municipality(tmp_path):
    ds = dataset(tmp_path, cell(P, 2, "Voorkeur geslacht vrijwilliger", "vrouw"))
    gaps = duo_core.recruitment_gaps(ds)
    assert gaps[["province", "municipality", "waiting", "without_volunteer", "free_volunteers"]].values.tolist() == [
        ["Antwerpen", "Antwerpen", 1, 1, 0],
        ["Antwerpen", "Mechelen", 1, 0, 1],
    ]


def test_waiting_list_on_demo_covers_every_waiting_participant(demo_ds):
    wl = duo_core.waiting_list(demo_ds)
    waiting = demo_ds.participants[demo_ds.participants["status"] == "wachtend"]
    assert sorted(wl["key"]) == sorted(waiting["key"])
    assert wl["waiting_days"].is_monotonic_decreasing
    nobody = wl[wl["eligible_volunteers"] == 0]
    assert all(len(r) >= 1 for r in nobody["main_reasons"])


def test_monitoring_figures_follow_the_chosen_provinces_and_stop_reason(demo_ds):
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    shown = monitoring.figures(demo_ds, start, end, ["Limburg"], "klik niet goed")
    duos = demo_ds.duos[(demo_ds.duos["province"] == "Limburg") & (demo_ds.duos["stop_reason"] == "klik niet goed")]
    stopped = duos[(duos["status"] == "gestopt") & duos["end_date"].between(pd.Timestamp(start), pd.Timestamp(end))]
    assert shown.flows["stopped"].sum() == len(stopped) == 7
    waiting = demo_ds.participants[(demo_ds.participants["province"] == "Limburg")
                                   & (demo_ds.participants["status"] == "wachtend")]
    assert sorted(shown.days.index) == sorted(waiting["key"]) and len(shown.days) == 56
    assert set(shown.active["province"]) == set(shown.waiting["province"]) == {"Limburg"}


def test_the_data_period_runs_from_the_first_date_in_the_data_to_as_of(tmp_path):
    ds = dataset(tmp_path)
    first = min(ds.participants["registered_on"].min(), ds.duos["start_date"].min())
    assert monitoring.data_period(ds) == (first.date(), ds.as_of)


def test_a_mistyped_old_year_does_not_stretch_the_data_period(tmp_path):
    ds = dataset(tmp_path, cell(P, 0, "Aanmelddatum", dt.datetime(1901, 5, 1)))
    assert monitoring.data_period(ds) == (dt.date(1996, 11, 1), dt.date(2026, 11, 1))
