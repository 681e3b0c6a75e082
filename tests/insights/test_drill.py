"""Drill-through: the duos behind a clicked stop reason or month are exactly the ones the chart counts."""

from __future__ import annotations

import datetime as dt

import pandas as pd

import duo_core
from duo_core.insights import drill, monitoring
from tests.helpers import AS_OF, base_records, to_rows, write_sheets


def _dataset(tmp_path):
    """The base province (Antwerpen) with four more duos: stops in March 2026 for two reasons, one without reason."""
    records = base_records()
    template = records["Deelnemers"][0]
    records["Deelnemers"] += [{**template, "ID": f"D{i}", "Voornaam": f"Deelnemer{i}", "Status": "gestopt"}
                              for i in range(4, 8)]
    records["Vrijwilligers"][0]["Max. aantal duo's"] = 9
    duo = records["Duo's"][0]
    records["Duo's"] += [
        {**duo, "Duo ID": "DUO2", "Deelnemer ID": "D4", "Vrijwilliger ID": "V1", "Startdatum": dt.datetime(2025, 6, 1),
         "Status": "gestopt", "Einddatum": dt.datetime(2026, 3, 20), "Stopreden": "verhuisd"},
        {**duo, "Duo ID": "DUO3", "Deelnemer ID": "D5", "Vrijwilliger ID": "V1", "Startdatum": dt.datetime(2026, 3, 2),
         "Status": "gestopt", "Einddatum": dt.datetime(2026, 3, 9), "Stopreden": "klik niet goed"},
        {**duo, "Duo ID": "DUO4", "Deelnemer ID": "D6", "Vrijwilliger ID": "V1", "Startdatum": dt.datetime(2024, 1, 5),
         "Status": "gestopt", "Einddatum": dt.datetime(2025, 2, 1), "Stopreden": "verhuisd"},
        {**duo, "Duo ID": "DUO5", "Deelnemer ID": "D7", "Vrijwilliger ID": "V1", "Startdatum": dt.datetime(2026, 1, 5),
         "Status": "gestopt", "Einddatum": dt.datetime(2026, 3, 31), "Stopreden": ""},
    ]
    return duo_core.load_dataset(write_sheets(tmp_path / "Antwerpen.xlsx", to_rows(records)), as_of=AS_OF)


def test_a_stop_reason_drills_to_the_duos_that_stopped_for_it_in_the_period(tmp_path):
    ds = _dataset(tmp_path)
    rows = drill.stopped_for_reason(ds, dt.date(2026, 1, 1), dt.date(2026, 10, 31), [], "verhuisd")
    assert rows.columns.tolist() == [*drill.COLUMNS, *drill.KEY_COLUMNS]
    assert rows.values.tolist() == [
        ["gestopt", pd.Timestamp(2026, 3, 20), "DUO2", "Antwerpen", "Deelnemer4 Peeters", "Bart Claes", "verhuisd",
         "Antwerpen/D4", "Antwerpen/V1"]]
    # DUO4 stopped for the same reason before the period; over the whole period it is there too, first
    longer = drill.stopped_for_reason(ds, dt.date(2024, 1, 1), AS_OF, ["Antwerpen"], "verhuisd")
    assert longer["duo"].tolist() == ["DUO4", "DUO2"]
    assert drill.stopped_for_reason(ds, dt.date(2024, 1, 1), AS_OF, ["Limburg"], "verhuisd").empty
    unknown = drill.stopped_for_reason(ds, dt.date(2026, 1, 1), AS_OF, [], "onbekend")
    assert unknown[["duo", "stop_reason"]].values.tolist() == [["DUO5", "onbekend"]]


def test_a_month_drills_to_its_starts_and_stops(tmp_path):
    ds = _dataset(tmp_path)
    start, end = monitoring.month_span("2026-03-01")
    rows = drill.started_and_stopped(ds, start, end, [])
    assert rows[["event", "date", "duo", "participant", "stop_reason"]].values.tolist() == [
        ["gestart", pd.Timestamp(2026, 3, 2), "DUO3", "Deelnemer5 Peeters", "klik niet goed"],
        ["gestopt", pd.Timestamp(2026, 3, 9), "DUO3", "Deelnemer5 Peeters", "klik niet goed"],
        ["gestopt", pd.Timestamp(2026, 3, 20), "DUO2", "Deelnemer4 Peeters", "verhuisd"],
        ["gestopt", pd.Timestamp(2026, 3, 31), "DUO5", "Deelnemer7 Peeters", "onbekend"],
    ]
    narrowed = drill.started_and_stopped(ds, start, end, [], "klik niet goed")
    assert narrowed[["event", "duo"]].values.tolist() == [["gestart", "DUO3"], ["gestopt", "DUO3"]]


def test_the_rows_are_the_ones_the_charts_count(demo_ds):
    start, end = dt.date(2023, 11, 1), AS_OF
    reasons = monitoring.stop_reasons(demo_ds, start, end, ["Limburg", "Antwerpen"])
    for reason, count in zip(reasons["reason"], reasons["count"], strict=True):
        rows = drill.stopped_for_reason(demo_ds, start, end, ["Limburg", "Antwerpen"], reason)
        assert (reason, len(rows)) == (reason, count)
    flows = monitoring.duo_flows(demo_ds, start, end, ["Limburg"]).groupby("month")[["new", "stopped"]].sum()
    for month, (new, stopped) in flows.iterrows():
        first, last = monitoring.month_span(month)
        events = drill.started_and_stopped(demo_ds, first, last, ["Limburg"])["event"].value_counts()
        assert (month, events.get("gestart", 0), events.get("gestopt", 0)) == (month, new, stopped)


def test_what_a_click_drills_to_and_the_sentence(tmp_path):
    ds = _dataset(tmp_path)
    march = monitoring.month_span("2026-03-01")
    assert drill.drill_rows(ds, {"province": "Antwerpen"}, *march, ["Antwerpen"]) is None
    by_month = drill.drill_rows(ds, {"month": "2026-03-01"}, *march, [])
    assert drill.drill_sentence({"month": "2026-03-01"}, by_month, *march) == (
        "In maart 2026: 1 duo gestart en 3 duo's gestopt.")
    both = {"month": "2026-03-01", "reason": "verhuisd", "province": "Antwerpen"}
    rows = drill.drill_rows(ds, both, *march, ["Antwerpen"])
    assert drill.drill_sentence(both, rows, *march) == (
        "In maart 2026 in Antwerpen: 0 duo's gestart en 1 duo gestopt (enkel duo's gestopt wegens verhuisd).")
    period = (dt.date(2024, 1, 1), AS_OF)
    rows = drill.drill_rows(ds, {"reason": "verhuisd"}, *period, [])
    assert drill.drill_sentence({"reason": "verhuisd"}, rows, *period) == (
        "2 duo's gestopt wegens verhuisd tussen 01/01/2024 en 01/11/2026.")


def test_the_people_named_are_noted_once_each_with_the_click_not_the_names(tmp_path):
    ds = _dataset(tmp_path)
    march = monitoring.month_span("2026-03-01")
    rows = drill.drill_rows(ds, {"month": "2026-03-01"}, *march, [])
    # DUO3 is two rows (started and stopped in March): its people are noted once; V1 is everyone's volunteer
    assert drill.people_named(rows) == ["Antwerpen/D5", "Antwerpen/V1", "Antwerpen/D4", "Antwerpen/D7"]
    assert drill.drill_detail({"month": "2026-03-01", "reason": "verhuisd", "province": "Antwerpen"}) == (
        "Monitoring: maand 2026-03, stopreden verhuisd, Antwerpen")
    assert drill.drill_detail({"reason": "onbekend"}) == "Monitoring: stopreden onbekend"
