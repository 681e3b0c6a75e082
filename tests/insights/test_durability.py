"""Wat werkt?: which duos count, groups, one score scale, figures by hand, the sentence, the planted effect."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

import duo_core
from duo_core import access, lifecycle
from duo_core.demo import generate_province
from duo_core.insights.durability import TOO_FEW, band_label, durability
from duo_core.output.template import write_workbook
from tests.helpers import AS_OF, base_records, to_rows, write_sheets


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
        ("D7", "V1", dt.datetime(2025, 5, 1), "gestopt", "", ""),  # no end date: counted out (and a finding)
    ])
    result = durability(ds, "province", min_group=1)
    duos = result.duos.set_index("key")
    assert duos.loc["Antwerpen/DUO1", "months"] == pytest.approx(90 / 30.4375)
    assert (duos.loc["Antwerpen/DUO2", "months"], duos.loc["Antwerpen/DUO2", "ended"]) == (pytest.approx(153 / 30.4375),
                                                                                           False)
    assert (duos.loc["Antwerpen/DUO3", "months"], duos.loc["Antwerpen/DUO3", "ended"]) == (0.0, True)
    assert "Antwerpen/DUO4" not in duos.index
    assert result.left_out.values.tolist() == [["gestopt zonder einddatum", 1]]
    row = result.groups.set_index("group").loc["Antwerpen"]
    assert (row["n"], row["stopped"], row["early_stops"]) == (3, 2, 2)
    assert row["early_reasons"] == "klik niet goed (1), verhuisd (1)"
    # Kaplan-Meier: S(0) = 2/3 (the stop on day 0), S(2.96) = 2/3 * 1/2 = 1/3; the third runs 5.03 months
    assert row["early_rate"] == pytest.approx(1 - 1 / 3)
    assert row["running_6m"] != row["running_6m"] and row["follow_up"] == pytest.approx(153 / 30.4375)  # blank
    assert duos["score_source"].unique().tolist() == ["herberekend"]


def test_every_started_duo_is_counted_or_counted_out_with_its_reason(tmp_path):
    ds = _dataset(tmp_path, [
        ("D4", "V1", dt.datetime(2026, 10, 13), "kennismaking", "", ""),  # not started, start date or not
        ("D5", "V1", "", "actief", "", ""),
        ("D6", "V1", dt.datetime(2026, 12, 1), "actief", "", ""),  # starts after 01/11/2026
        ("D7", "V1", dt.datetime(2025, 5, 1), "gestopt", "", ""),
        ("D8", "V1", dt.datetime(2025, 5, 1), "gestopt", dt.datetime(2025, 4, 1), "andere"),
        ("D9", "V1", dt.datetime(2025, 5, 1), "gestopt", dt.datetime(2027, 1, 1), "andere"),
        ("D10", "V1", dt.datetime(2025, 5, 1), "actief", dt.datetime(2026, 2, 1), ""),  # active, ended in the past
        ("D11", "V1", dt.datetime(2025, 5, 1), "actief", dt.datetime(2027, 2, 1), ""),  # a planned end: running
        ("D12", "V9", dt.datetime(2025, 5, 1), "actief", "", ""),  # volunteer V9 does not exist
    ])
    assert len(ds.duos) == 9
    by_province = durability(ds, "province", min_group=1)
    assert by_province.duos["key"].tolist() == ["Antwerpen/DUO8", "Antwerpen/DUO9"]  # D11's and D12's duos
    running = by_province.duos.set_index("key").loc["Antwerpen/DUO8"]
    assert (running["ended"], running["months"]) == (False, pytest.approx(549 / 30.4375))  # up to 01/11/2026
    expected = [["in kennismaking: nog niet gestart", 1], ["geen startdatum", 1], ["startdatum na de peildatum", 1],
                ["gestopt zonder einddatum", 1], ["einddatum vóór de startdatum", 1],
                ["gestopt met een einddatum na de peildatum", 1], ["actief maar met een einddatum in het verleden", 1]]
    assert by_province.left_out.values.tolist() == expected
    by_score = durability(ds, "score", min_group=1)
    assert by_score.left_out.values.tolist() == expected + [
        ["deelnemer of vrijwilliger onbekend (geen score of interesses)", 1]]
    assert by_score.left_out["n"].sum() + len(by_score.duos) == len(ds.duos)


def test_small_groups_are_never_a_figure(tmp_path):
    ds = _dataset(tmp_path, [(f"D{i}", "V1", dt.datetime(2025, 1, 1), "gestopt", dt.datetime(2025, 6, 1), "andere")
                             for i in range(4, 9)])
    result = durability(ds, "province")  # 5 duos, the minimum is 10
    assert result.groups[["group", "n", "enough", "early_reasons"]].values.tolist() == [["Antwerpen", 5, False, TOO_FEW]]
    assert result.groups["median_months"].isna().all() and result.curves.empty and result.test is None
    assert result.sentence() == ("Te weinig duo's om groepen te vergelijken per provincie: daarvoor zijn minstens "
                                 "twee groepen van 10 duo's nodig.")


def test_small_bands_are_merged_with_their_neighbour(demo_ds):
    result = durability(demo_ds, "shared_interests")
    assert result.groups["group"].tolist() == ["0 gedeelde interesses", "1 gedeelde interesse",
                                               "2 of meer gedeelde interesses"]
    assert (result.groups["n"] >= 10).all()
    assert result.groups["n"].sum() == len(result.duos)


def _started_in_the_app(ds, journal, weights=None) -> str:
    boss = access.User("boss@samana.be", access.PROFESSIONAL)
    key = lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), boss).propose("Antwerpen/D1", "Antwerpen/V1",
                                                                                     weights=weights)
    lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), boss).introduce(key)
    lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), boss).start(key, "Antwerpen/C1", dt.date(2026, 10, 1),
                                                                            today=AS_OF)
    return key


def test_the_score_seen_at_the_proposal_is_the_score_of_the_start(tmp_path):
    ds = _dataset(tmp_path, [])
    journal = duo_core.Journal(tmp_path / "logboek.sqlite")
    weights = duo_core.Weights(proximity=10, interests=90, availability=0, personality=0, age=0, waiting=0)
    key = _started_in_the_app(ds, journal, weights)
    seen = json.loads(journal.events()["payload"].iloc[0])["score"]  # no waiting points in it
    result = durability(lifecycle.overlay(ds, journal), "score", min_group=1, journal_rows=journal.rows())
    row = result.duos.set_index("key").loc[key]
    assert (row["score"], row["score_source"], row["ended"]) == (pytest.approx(seen), "bij voorstel", False)


def test_recorded_and_recomputed_scores_are_on_one_scale(tmp_path):
    ds = _dataset(tmp_path, [])
    journal = duo_core.Journal(tmp_path / "logboek.sqlite")
    key = _started_in_the_app(ds, journal)  # default weights: 10 of 100 points for the waiting time
    payload = json.loads(journal.events()["payload"].iloc[0])
    assert payload["max_points"]["waiting"] == 10.0 and payload["points"]["waiting"] > 0
    by_hand = (payload["score"] - payload["points"]["waiting"]) * 100 / (100 - 10)
    seen = durability(lifecycle.overlay(ds, journal), "score", min_group=1, journal_rows=journal.rows())
    recomputed = durability(lifecycle.overlay(ds, journal), "score", min_group=1, journal_rows=[])
    row, again = seen.duos.set_index("key").loc[key], recomputed.duos.set_index("key").loc[key]
    assert (row["score"], row["score_source"]) == (pytest.approx(by_hand), "bij voorstel")
    assert again["score_source"] == "herberekend"
    assert row["score"] == pytest.approx(again["score"], abs=0.02)  # the same profiles: the same score (2 decimals)


def test_a_journal_duo_found_in_the_workbook_keeps_its_recorded_score(tmp_path):
    journal = duo_core.Journal(tmp_path / "logboek.sqlite")
    _started_in_the_app(_dataset(tmp_path / "before", []), journal)
    # later the duo is typed into the workbook, with the same start: the overlay reconciles the two
    ds = lifecycle.overlay(_dataset(tmp_path / "after", [("D1", "V1", dt.datetime(2026, 10, 1), "actief", "", "")]),
                           journal)
    assert ds.duos["key"].tolist() == ["Antwerpen/DUO1"]
    row = durability(ds, "score", min_group=1, journal_rows=journal.rows()).duos.set_index("key").loc["Antwerpen/DUO1"]
    assert row["score_source"] == "bij voorstel"


def test_unknown_grouping_is_refused_in_dutch(demo_ds):
    with pytest.raises(KeyError, match="Onbekende groepering 'kleur'"):
        durability(demo_ds, "kleur")


def test_the_download_says_what_the_library_says(demo_ds):
    result = durability(demo_ds, "distance")
    sheets = result.to_sheets()
    assert list(sheets) == ["Per groep", "Conclusie", "Niet meegeteld"]
    assert sheets["Per groep"].columns.tolist() == [
        "Afstand", "Duo's", "Gestopt", "Mediane duur (maanden)", "Mediaan bereikt", "Langst gevolgd (maanden)",
        "Loopt na 6 maanden (%)", "Loopt na 12 maanden (%)", "Gestopt binnen 3 maanden",
        "Stopt binnen 3 maanden (%, Kaplan-Meier)", "Redenen vroege stops"]
    assert sheets["Per groep"]["Duo's"].tolist() == result.groups["n"].tolist()
    conclusion = dict(sheets["Conclusie"].values.tolist())
    assert conclusion["Wat de gegevens tonen"] == result.sentence()
    assert conclusion["Toets"] == "trendtoets (log-rank)"
    assert sheets["Niet meegeteld"].values.tolist() == result.left_out.values.tolist()
    assert result.left_out.values.tolist() == [  # the demo's messy rows: 6 duos still in kennismaking, 5 duos
        ["in kennismaking: nog niet gestart", 6],  # whose participant or volunteer is not in the workbook,
        ["deelnemer of vrijwilliger onbekend (geen score of interesses)", 5],  # one postcode unknown
        ["afstand onbekend (postcode)", 1]]


def _province(seed: int, effect: bool, tmp_path) -> duo_core.Dataset:
    rows = generate_province("Antwerpen", participants=800, volunteers=420, coaches=6, seed=seed, messy=False,
                             effect=effect)
    folder = tmp_path / f"{seed}-{effect}"
    write_workbook(folder / "Antwerpen.xlsx", "Antwerpen", rows)
    return duo_core.load_dataset(folder)


def test_the_planted_effect_is_found_and_vanishes_when_switched_off(tmp_path):
    longer, found, without, coaches = [], [], [], []
    for seed in range(4):
        with_effect = durability(_province(seed, True, tmp_path), "shared_interests")
        medians = with_effect.groups["median_months"].to_numpy()
        longer.append(bool(medians[-1] > medians[0]))  # more shared interests: duos last longer
        found.append(with_effect.found)
        ds = _province(seed, False, tmp_path)
        without.append(durability(ds, "shared_interests").found)
        by_coach = durability(ds, "coach")
        names = by_coach.groups["group"].tolist()
        for verdict in (by_coach, dataclasses.replace(by_coach, p_adjusted=0.001)):  # found or not: nobody named
            coaches.append(any(name in verdict.sentence() for name in names))
    assert longer == [True] * 4
    assert sum(found) >= 3  # 800 participants a province: after the Holm correction, found in most seeds
    assert without == [False] * 4
    assert coaches == [False] * 8


def test_the_demo_shows_its_effect_in_one_careful_sentence(demo_ds):
    result = durability(demo_ds, "shared_interests")
    rows = result.groups.set_index("group")
    assert result.found and result.test.kind == "trend" and result.test.trend < 0
    assert result.sentence() == (
        f"Duo's met 2 of meer gedeelde interesses ({rows['n'].iloc[-1]} duo's) liepen langer dan duo's met "
        f"0 gedeelde interesses ({rows['n'].iloc[0]} duo's): mediaan {rows['median_months'].iloc[-1]:.0f} maanden "
        f"tegenover {rows['median_months'].iloc[0]:.0f} maanden. Zo'n verschil is bij toeval alleen onwaarschijnlijk "
        "(p < 0,001, trendtoets; zes groeperingen samen getest, na Holm-correctie p < 0,001), maar het toont "
        "samenhang, geen oorzaak.")
    assert sorted(result.tested) == sorted(["score", "shared_interests", "distance", "province", "start_year",
                                            "coach"])
    # the page says it in plain words, with the test apart
    assert result.sentence(detail=False) == result.sentence().replace(
        " (p < 0,001, trendtoets; zes groeperingen samen getest, na Holm-correctie p < 0,001)", "")
    assert result.how_sure() == ("Hoe zeker: p < 0,001, trendtoets; zes groeperingen samen getest, na Holm-correctie "
                                 "p < 0,001.")
    assert pd.Series(result.groups["running_12m"]).is_monotonic_increasing


def test_when_nothing_is_found_the_sentence_says_what_could_have_been_missed(demo_ds):
    result = durability(demo_ds, "province")
    assert not result.found
    rows = result.groups
    stops, n = rows["stopped"].sum(), rows["n"].to_numpy()
    a, b = np.sort(n)[-2:] / n.sum()
    ratio = np.exp((1.959964 + 0.841621) / np.sqrt(stops * (a + b) * (a / (a + b)) * (b / (a + b))))
    p, adjusted = result.test.p_value, result.p_adjusted

    def flemish(x: float, decimals: int) -> str:
        return f"{x:.{decimals}f}".replace(".", ",")

    assert result.sentence().startswith(
        f"Geen duidelijk verschil in hoe lang duo's liepen per provincie (5 groepen, {n.sum()} duo's, waarvan {stops} "
        f"gestopt; p = {flemish(p, 2)}, log-rank-toets over de 5 groepen; zes groeperingen samen getest, na "
        f"Holm-correctie p = {flemish(adjusted, 2)}). Met deze aantallen kon een verschil tot ongeveer "
        f"{flemish(ratio, 1)} keer zo snel stoppen tussen de twee grootste groepen gemist worden (bv. mediaan ")
    assert result.sentence(detail=False).startswith(
        f"Geen duidelijk verschil in hoe lang duo's liepen per provincie (5 groepen, {n.sum()} duo's, waarvan {stops} "
        "gestopt). Met deze aantallen")


def test_band_names_also_of_merged_bands():
    assert [band_label("distance", lo, hi) for lo, hi in [(0, 5), (5, 20), (20, 10**9), (0, 10**9)]] == [
        "minder dan 5 km", "5-20 km", "20 km of meer", "alle afstanden"]
    assert [band_label("score", lo, hi) for lo, hi in [(0, 50), (50, 80), (80, 101), (0, 101)]] == [
        "score onder 50", "score 50-79", "score 80 of meer", "alle scores"]
    assert [band_label("shared_interests", lo, hi) for lo, hi in [(0, 1), (1, 2), (1, 3), (2, 99)]] == [
        "0 gedeelde interesses", "1 gedeelde interesse", "1-2 gedeelde interesses", "2 of meer gedeelde interesses"]


@pytest.mark.parametrize("by", ["score", "coach"])
def test_no_duos_at_all_is_a_sentence_not_an_error(demo_ds, by):
    found = durability(dataclasses.replace(demo_ds, duos=demo_ds.duos.iloc[0:0]), by)
    assert found.groups["n"].sum() == 0
    assert found.sentence().startswith("Te weinig duo's om groepen te vergelijken per ")
    assert found.chart_groups() == []
