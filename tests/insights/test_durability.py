"""Wat werkt?: survival figures checked by hand, groups, the recorded score, and the demo's planted effect."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

import duo_core
from duo_core import access, lifecycle
from duo_core.demo import generate_province
from duo_core.insights.durability import TOO_FEW, durability, survival
from duo_core.output.template import write_workbook
from tests.helpers import AS_OF, base_records, to_rows, write_sheets


def test_kaplan_meier_by_hand_with_ties_censoring_and_a_stop_on_the_first_day():
    # stopped after 0 (its start day), 2, 5 and 5 months; still running after 3 and 8 months
    fit = survival(np.array([0.0, 2, 3, 5, 5, 8]), np.array([True, True, False, True, True, False]))
    # S(0) = 5/6; S(2) = 5/6 * 4/5 = 4/6; 3 is censored; S(5) = 4/6 * (1 - 2/3) = 2/9; 8 censored
    assert fit["times"].tolist() == [0.0, 0.0, 2.0, 3.0, 5.0, 8.0]
    np.testing.assert_allclose(fit["survival"], [1, 5 / 6, 4 / 6, 4 / 6, 2 / 9, 2 / 9])
    assert (fit["median"], fit["reached"]) == (5.0, True)
    assert fit["at_6"] == pytest.approx(2 / 9) and fit["at_12"] == pytest.approx(2 / 9)
    assert (fit["low"] <= fit["survival"] + 1e-12).all() and (fit["high"] >= fit["survival"] - 1e-12).all()


def test_a_median_not_reached_says_so():
    fit = survival(np.array([1.0, 4, 6, 9, 12]), np.array([True, False, False, False, False]))
    assert (fit["median"], fit["reached"]) == (12.0, False)
    assert fit["at_6"] == pytest.approx(0.8)


def _dataset(tmp_path, duos: list[tuple[str, str, dt.datetime, str, dt.datetime | str, str]]):
    """The base province with 12 extra participants (D4..D15) and the given duos (participant, volunteer, ...)."""
    records = base_records()
    template = records["Deelnemers"][0]
    for i in range(4, 16):
        records["Deelnemers"].append({**template, "ID": f"D{i}", "Status": "gestopt"})
    records["Vrijwilligers"][0]["Max. aantal duo's"] = 20
    records["Vrijwilligers"][1]["Max. aantal duo's"] = 20
    records["Duo's"] = [
        {"Duo ID": f"DUO{n}", "Deelnemer ID": p, "Vrijwilliger ID": v, "Contactcoach ID": "C1", "Startdatum": start,
         "Status": status, "Einddatum": end, "Stopreden": reason}
        for n, (p, v, start, status, end, reason) in enumerate(duos, start=1)
    ]
    for p in records["Deelnemers"]:
        if any(d[0] == p["ID"] and d[3] == "actief" for d in duos):
            p["Status"] = "gekoppeld"
    return duo_core.load_dataset(write_sheets(tmp_path / "Antwerpen.xlsx", to_rows(records)), as_of=AS_OF)


def test_durations_and_censoring_of_workbook_duos(tmp_path):
    ds = _dataset(tmp_path, [
        ("D4", "V1", dt.datetime(2025, 1, 1), "gestopt", dt.datetime(2025, 4, 1), "klik niet goed"),  # 90 days
        ("D5", "V1", dt.datetime(2026, 6, 1), "actief", "", ""),  # running: 153 days up to 01/11/2026
        ("D6", "V1", dt.datetime(2026, 3, 10), "gestopt", dt.datetime(2026, 3, 10), "verhuisd"),  # its start day
        ("D7", "V1", dt.datetime(2025, 5, 1), "gestopt", "", ""),  # no end date: left out (and a finding)
    ])
    result = durability(ds, "province", min_group=1)
    duos = result.duos.set_index("key")
    assert duos.loc["Antwerpen/DUO1", "months"] == pytest.approx(90 / 30.4375)
    assert (duos.loc["Antwerpen/DUO2", "months"], duos.loc["Antwerpen/DUO2", "ended"]) == (pytest.approx(153 / 30.4375),
                                                                                           False)
    assert (duos.loc["Antwerpen/DUO3", "months"], duos.loc["Antwerpen/DUO3", "ended"]) == (0.0, True)
    assert "Antwerpen/DUO4" not in duos.index and result.left_out == 1
    row = result.groups.set_index("group").loc["Antwerpen"]
    assert (row["n"], row["stopped"], row["early_stops"]) == (3, 2, 2)
    assert row["early_reasons"] == "klik niet goed (1), verhuisd (1)"
    assert duos["score_source"].unique().tolist() == ["herberekend"]


def test_small_groups_are_never_a_figure(tmp_path):
    ds = _dataset(tmp_path, [(f"D{i}", "V1", dt.datetime(2025, 1, 1), "gestopt", dt.datetime(2025, 6, 1), "andere")
                             for i in range(4, 9)])
    result = durability(ds, "province")  # 5 duos, the minimum is 10
    assert result.groups[["group", "n", "enough", "early_reasons"]].values.tolist() == [["Antwerpen", 5, False, TOO_FEW]]
    assert result.groups["median_months"].isna().all() and result.curves.empty and result.test is None
    assert result.sentence() == "Te weinig duo's om groepen te vergelijken per provincie (minstens 10 per groep)."


def test_small_bands_are_merged_with_their_neighbour(demo_ds):
    result = durability(demo_ds, "shared_interests")
    assert result.groups["group"].tolist() == ["0 gedeelde interesses", "1 gedeelde interesse",
                                               "2 of meer gedeelde interesses"]
    assert (result.groups["n"] >= 10).all()
    assert result.groups["n"].sum() == len(result.duos)


def test_the_score_seen_at_the_proposal_is_the_score_of_the_start(tmp_path):
    ds = _dataset(tmp_path, [])
    journal = duo_core.Journal(tmp_path / "logboek.sqlite")
    boss = access.User("boss@samana.be", access.PROFESSIONAL)
    weights = duo_core.Weights(proximity=10, interests=90, availability=0, personality=0, age=0, waiting=0)
    key = lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), boss).propose("Antwerpen/D1", "Antwerpen/V1",
                                                                                     weights=weights)
    lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), boss).introduce(key)
    lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), boss).start(key, "Antwerpen/C1", dt.date(2026, 10, 1),
                                                                            today=AS_OF)
    seen = json.loads(journal.events()["payload"].iloc[0])["score"]
    result = durability(lifecycle.overlay(ds, journal), "score", min_group=1, journal_rows=journal.rows())
    row = result.duos.set_index("key").loc[key]
    assert (row["score"], row["score_source"], row["ended"]) == (seen, "bij voorstel", False)


def test_unknown_grouping_is_refused_in_dutch(demo_ds):
    with pytest.raises(KeyError, match="Onbekende groepering 'kleur'"):
        durability(demo_ds, "kleur")


def test_the_download_has_dutch_headers(demo_ds):
    sheets = durability(demo_ds, "distance").to_sheets()
    assert list(sheets) == ["Per groep", "Conclusie"]
    assert sheets["Per groep"].columns.tolist() == [
        "Afstand", "Duo's", "Gestopt", "Mediane duur (maanden)", "Mediaan bereikt", "Loopt na 6 maanden (%)",
        "Loopt na 12 maanden (%)", "Gestopt binnen 3 maanden", "Vroege stops (%)", "Redenen vroege stops"]


def _province(seed: int, effect: bool, tmp_path) -> duo_core.Dataset:
    rows = generate_province("Antwerpen", participants=800, volunteers=420, coaches=6, seed=seed, messy=False,
                             effect=effect)
    folder = tmp_path / f"{seed}-{effect}"
    write_workbook(folder / "Antwerpen.xlsx", "Antwerpen", rows)
    return duo_core.load_dataset(folder)


def test_the_planted_effect_is_found_and_vanishes_when_switched_off(tmp_path):
    with_effect, without = [], []
    for seed in range(4):
        found = durability(_province(seed, True, tmp_path), "shared_interests")
        medians = found.groups["median_months"].to_numpy()
        with_effect.append(bool(medians[-1] > medians[0]))  # more shared interests: duos last longer
        without.append(durability(_province(seed, False, tmp_path), "shared_interests").test.p_value)
    assert with_effect == [True] * 4
    assert sum(p >= 0.05 for p in without) >= 3  # no difference at the 5 % level in most seeds


def test_the_demo_shows_its_effect_in_one_sentence(demo_ds):
    result = durability(demo_ds, "shared_interests")
    assert result.test.p_value < 0.05
    assert result.sentence().startswith("Duo's met 2 of meer gedeelde interesses lopen mediaan")
    assert "(verschil waarschijnlijk geen toeval, p = 0," in result.sentence()
    assert pd.Series(result.groups["running_12m"]).is_monotonic_increasing
