"""The engine at its edges: ages on birthdays, people who are not waiting, zero scores, ties, blanks, weights.

Each test builds the case by hand from the clean base province (D1 Mechelen, V1 Mechelen: an eligible
pair) and asserts the exact outcome; the property test checks the whole-list proposal against an
independent maximum-weight matching (networkx).
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import duo_core
from duo_core import access, lifecycle
from duo_core.lifecycle import views
from duo_core.matching.arrays import calendar_ages
from duo_core.matching.assignment import _optimal
from duo_core.matching.sentences import distance_sentence, km_texts
from tests.helpers import AS_OF, base_records, to_rows, write_sheets
from tests.matching_helpers import P, V, add_duo, cell, dataset

PAIR = ("Antwerpen/D1", "Antwerpen/V1")
BOSS = access.User("boss@samana.be", access.PROFESSIONAL)


def _load(tmp_path, *edits, as_of=AS_OF) -> duo_core.Dataset:
    records = base_records()
    for edit in edits:
        edit(records)
    return duo_core.load_dataset(write_sheets(tmp_path / "Antwerpen.xlsx", to_rows(records)), as_of=as_of)


def test_a_volunteer_who_writes_dutch_shares_a_language_with_one_who_writes_nederlands(tmp_path):
    ds = _load(tmp_path, cell(V, 0, "Talen", "Dutch"), cell(P, 0, "Talen", "Nederlands"))
    e = duo_core.explain_match(ds, *PAIR)
    assert (ds.volunteer(PAIR[1])["languages"], e.eligible) == (frozenset({"nederlands"}), True)


# --- 1. calendar ages --------------------------------------------------------------------------


@pytest.mark.parametrize(("born", "on", "age"), [
    ("1996-11-01", "2026-10-31", 29), ("1996-11-01", "2026-11-01", 30), ("1996-11-01", "2026-11-02", 30),
    ("1996-02-29", "2026-02-28", 29), ("1996-02-29", "2026-03-01", 30), ("1996-02-29", "2028-02-29", 32),
    ("2000-12-31", "2026-12-30", 25), ("2000-12-31", "2026-12-31", 26), ("1958-05-03", "2026-11-01", 68),
])
def test_ages_are_completed_years(born, on, age):
    assert calendar_ages(pd.Series(pd.to_datetime([born])), dt.date.fromisoformat(on)).tolist() == [age]
    assert duo_core.reading.dates.calendar_age(dt.date.fromisoformat(born), dt.date.fromisoformat(on)) == age


@pytest.mark.parametrize(("on", "eligible"), [(dt.date(2026, 10, 31), False), (dt.date(2026, 11, 1), True)])
def test_a_volunteer_turning_30_today_fits_a_30_60_preference(tmp_path, on, eligible):
    ds = _load(tmp_path, cell(V, 0, "Geboortedatum", dt.datetime(1996, 11, 1)),
               cell(P, 0, "Voorkeur leeftijd vrijwilliger", "30-60"), as_of=on)
    e = duo_core.explain_match(ds, *PAIR)
    assert e.eligible is eligible
    if not eligible:
        assert e.exclusions == ("Deelnemer wil een vrijwilliger van 30-60 jaar; vrijwilliger is 29 jaar.",)
    assert views.profile_rows(ds, *PAIR).set_index("label").loc["Leeftijd", "volunteer"] == (
        "30 jaar" if eligible else "29 jaar")


# --- 2. only waiting people are proposed -------------------------------------------------------


@pytest.mark.parametrize("status", ["gekoppeld", "gestopt", "on hold", "in kennismaking"])
def test_a_participant_who_is_not_waiting_gets_nobody(tmp_path, status):
    ds = dataset(tmp_path, cell(P, 0, "Status", status))
    sentence = f"Deelnemer wacht niet (status: {status})."
    assert duo_core.standing(ds, "Antwerpen/D1") == sentence
    ranking = duo_core.rank_volunteers(ds, "Antwerpen/D1", include_excluded=True)
    assert not ranking["eligible"].any()
    assert [r[0] for r in ranking["reasons"]] == [sentence, sentence]
    e = duo_core.explain_match(ds, *PAIR)
    assert e.exclusions == (sentence,)
    waiting = next(c for c in e.components if c.name == "waiting")
    assert (waiting.points, waiting.sentence) == (0.0, f"Deelnemer wacht niet (status: {status}): wachttijd telt niet "
                                                        "mee.")


def test_a_waiting_participant_in_an_active_duo_is_not_waiting(tmp_path):
    records_edit = [add_duo("D1", "V2", "actief"), cell(P, 0, "Status", "wachtend"), cell(V, 1, "Max. aantal duo's", 2)]
    ds = _load(tmp_path, *records_edit)
    assert ds.findings[["sheet", "row", "column", "severity"]].values.tolist() == [[P, 2, "Status", "waarschuwing"]]
    assert ds.findings["message"].iloc[0].startswith("Deelnemer staat op 'wachtend' maar zit in een lopend duo (DUO2")
    assert duo_core.standing(ds, "Antwerpen/D1") == "Deelnemer zit al in een lopend duo (DUO2)."
    assert "Antwerpen/D1" not in set(duo_core.waiting_list(ds)["key"])
    assert "Antwerpen/D1" not in set(duo_core.propose_assignment(ds).pairs["participant_key"])


def test_the_journal_refuses_someone_who_is_not_waiting(tmp_path):
    ds = dataset(tmp_path, cell(P, 0, "Status", "gekoppeld"))
    journal = duo_core.Journal(tmp_path / "logboek.sqlite")
    with pytest.raises(duo_core.JournalError) as refused:
        lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), BOSS).propose(*PAIR)
    assert str(refused.value) == "Dit duo kan niet voorgesteld worden: Deelnemer wacht niet (status: gekoppeld)."
    assert journal.version() == (0, 0)


@pytest.mark.parametrize(("status", "sentence"), [("pauze", "Vrijwilliger is niet beschikbaar (status: pauze)."),
                                                   ("gestopt", "Vrijwilliger is niet beschikbaar (status: gestopt).")])
def test_a_volunteer_who_is_not_available_gets_nobody(tmp_path, status, sentence):
    ds = dataset(tmp_path, cell(V, 0, "Status", status))
    assert duo_core.standing(ds, "Antwerpen/V1", participant=False) == sentence
    assert duo_core.rank_participants(ds, "Antwerpen/V1").empty
    assert duo_core.standing(ds, "Antwerpen/V2", participant=False) == "Vrijwilliger heeft al 1 duo (max. 1)."
    assert duo_core.standing(ds, "Antwerpen/D1") is None


def test_start_and_stop_dates_in_the_future_are_refused(tmp_path):
    ds = dataset(tmp_path)
    journal = duo_core.Journal(tmp_path / "logboek.sqlite")

    def act():
        return lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), BOSS)

    key = act().propose(*PAIR)
    act().introduce(key)
    with pytest.raises(duo_core.JournalError) as refused:
        act().start(key, "Antwerpen/C1", dt.date(2031, 1, 1), today=AS_OF)
    assert str(refused.value) == ("De startdatum (01/01/2031) ligt in de toekomst: kies de dag waarop het duo echt "
                                  "startte.")
    act().start(key, "Antwerpen/C1", AS_OF, today=AS_OF)
    with pytest.raises(duo_core.JournalError, match=r"De einddatum \(02/11/2026\) ligt in de toekomst"):
        act().stop(key, AS_OF + dt.timedelta(days=1), "verhuisd", today=AS_OF)
    assert journal.events()["action"].tolist() == ["propose", "introduce", "start"]


# --- 3. a proposed participant on the waiting list ---------------------------------------------


def test_a_proposed_participant_is_counted_apart_on_the_waiting_list(tmp_path):
    ds = dataset(tmp_path)
    journal = duo_core.Journal(tmp_path / "logboek.sqlite", clock=lambda: dt.datetime(2026, 10, 20, 9, 30))
    lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), BOSS).propose(*PAIR)
    view = lifecycle.overlay(ds, journal)
    waiting = duo_core.waiting_list(view).set_index("key")
    assert waiting.loc["Antwerpen/D1", "proposed"]
    assert waiting.loc["Antwerpen/D1", "main_reasons"] == [
        "Deelnemer is al voorgesteld aan Bart Claes (Antwerpen/V1) op 20/10/2026 door boss@samana.be."]
    assert duo_core.waiting_counts(duo_core.waiting_list(view)) == {
        "waiting": 2, "proposed": 1, "without_volunteer": 1, "stale": 2}  # both registered 01/10/2025, never called


# --- 4. and 5. the proposal: zero scores, one tie order ---------------------------------------


ONLY_INTERESTS = {"proximity": 0, "interests": 1, "availability": 0, "personality": 0, "age": 0, "waiting": 0}


def test_an_eligible_pair_scoring_zero_is_still_proposed(tmp_path):
    ds = dataset(tmp_path, cell(V, 0, "Interesses", "schaken"), cell(P, 2, "Status", "gestopt"),
                 cell(P, 0, "Interesses", "wandelen"))
    assert duo_core.explain_match(ds, *PAIR, ONLY_INTERESTS).total == 0.0
    proposal = duo_core.propose_assignment(ds, ONLY_INTERESTS)
    assert proposal.pairs[["participant_key", "volunteer_key", "score"]].values.tolist() == [
        ["Antwerpen/D1", "Antwerpen/V1", 0.0]]
    assert (proposal.summary.pairs, proposal.summary.greedy_pairs) == (1, 1)


def test_ties_are_broken_the_same_way_in_ranking_greedy_and_proposal(tmp_path):
    # two free volunteers with the same score (only interests count): V2 lives in Mechelen (0 km), V1 in Antwerpen
    edits = [cell(V, 1, "Status", "beschikbaar"), cell(V, 1, "Max. aantal duo's", 2), cell(V, 0, "Postcode", 2000),
             cell(V, 0, "Gemeente", "Antwerpen"), cell(V, 0, "Max. afstand (km)", 50), cell(V, 1, "Max. afstand (km)", 50),
             cell(P, 2, "Status", "gestopt")]
    ds = dataset(tmp_path, *edits)
    ranking = duo_core.rank_volunteers(ds, "Antwerpen/D1", ONLY_INTERESTS)
    assert ranking["score"].tolist()[0] == ranking["score"].tolist()[1]
    assert ranking["key"].tolist() == ["Antwerpen/V2", "Antwerpen/V1"]
    assert ranking["distance_km"].iloc[0] == 0.0 and ranking["distance_km"].iloc[1] > 20
    proposal = duo_core.propose_assignment(ds, ONLY_INTERESTS)
    assert proposal.greedy.set_index("participant_key").loc["Antwerpen/D1", "volunteer_key"] == "Antwerpen/V2"
    assert proposal.pairs.set_index("participant_key").loc["Antwerpen/D1", "volunteer_key"] == "Antwerpen/V2"


def _networkx_total(scores: np.ndarray, ok: np.ndarray, room: np.ndarray) -> float:
    graph = nx.Graph()
    for i in range(scores.shape[0]):
        for j in range(scores.shape[1]):
            if ok[i, j]:
                for k in range(room[j]):
                    graph.add_edge(("p", i), ("v", j, k), weight=float(scores[i, j]))
    matching = nx.max_weight_matching(graph)
    return sum(graph.edges[a, b]["weight"] for a, b in matching)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 6), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_the_proposal_is_a_maximum_weight_matching(n_p, n_v, seed):
    rng = np.random.default_rng(seed)
    scores = np.where(rng.random((n_p, n_v)) < 0.2, 0.0, rng.choice([10.0, 25.5, 50.0, 77.3005, 100.0], (n_p, n_v)))
    ok = rng.random((n_p, n_v)) < 0.7
    room = rng.integers(1, 3, n_v)
    ev = SimpleNamespace(score=scores, distance=rng.uniform(0, 30, (n_p, n_v)))
    pairs = _optimal(ev, ok, room, rng.uniform(0, 900, n_p))
    assert all(ok[i, j] for i, j in pairs)
    assert all(sum(1 for _, j in pairs if j == c) <= room[c] for c in range(n_v))
    assert len({i for i, _ in pairs}) == len(pairs)
    assert sum(scores[i, j] for i, j in pairs) == pytest.approx(_networkx_total(scores, ok, room), abs=1e-4)
    eligible_zero_left = [(i, j) for i in range(n_p) for j in range(n_v) if ok[i, j] and scores[i, j] == 0
                          and i not in {p for p, _ in pairs} and sum(1 for _, c in pairs if c == j) < room[j]]
    assert eligible_zero_left == []  # no eligible pair (not even scoring 0) is left out while both still have room


# --- 6. a blank volunteer status ---------------------------------------------------------------


def test_a_blank_volunteer_status_counts_as_available_with_a_finding(tmp_path):
    ds = _load(tmp_path, cell(V, 0, "Status", ""))
    assert ds.findings[["sheet", "row", "column", "severity", "message"]].values.tolist() == [
        [V, 2, "Status", "waarschuwing", "Status is leeg: de vrijwilliger telt als beschikbaar. Vul de status in."]]
    assert duo_core.explain_match(ds, *PAIR).eligible
    assert "Antwerpen/V1" in set(ds.free_volunteers()["key"])


def test_a_blank_participant_status_counts_as_waiting_with_a_finding(tmp_path):
    ds = _load(tmp_path, cell(P, 0, "Status", None))
    assert ds.findings["message"].tolist() == ["Status is leeg: de deelnemer telt als wachtend. Vul de status in."]
    assert duo_core.explain_match(ds, *PAIR).eligible


# --- 7. weights that are not numbers ------------------------------------------------------------


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0, "veel", True])
def test_weights_that_are_not_finite_non_negative_numbers_are_refused(value):
    with pytest.raises(ValueError, match="moet een getal van 0 of meer zijn"):
        duo_core.Weights.from_dict({"proximity": value})


# --- 8. reasons for thousands, the same as one by one ----------------------------------------


def test_the_excluded_candidates_reasons_equal_the_explanations(demo_ds):
    waiting = demo_ds.participants[demo_ds.participants["status"] == "wachtend"]["key"]
    for key in waiting.iloc[::25]:
        ranking = duo_core.rank_volunteers(demo_ds, key, include_excluded=True, provinces="alle")
        for v_key, reasons in zip(ranking["key"].iloc[::3], ranking["reasons"].iloc[::3], strict=True):
            assert reasons == list(duo_core.explain_match(demo_ds, key, v_key).exclusions)


@pytest.mark.parametrize("collector_on", [True, False], ids=["on", "off"])
def test_reasons_leave_the_garbage_collector_as_they_found_it(demo_ds, collector_on):
    import gc

    key = demo_ds.participants.loc[demo_ds.participants["status"] == "wachtend", "key"].iloc[0]
    (gc.enable if collector_on else gc.disable)()
    try:
        ranking = duo_core.rank_volunteers(demo_ds, key, include_excluded=True, provinces="alle")
        assert gc.isenabled() is collector_on
    finally:
        gc.enable()
    assert (~ranking["eligible"]).sum() > 0  # the reasons were built


def test_every_rule_says_what_decides_its_sentence():
    from duo_core.matching import reasons

    assert set(reasons._DECIDED_BY) == {r.name for r in duo_core.RULES}


# --- 9. rounding in sentences ------------------------------------------------------------------


@pytest.mark.parametrize(("d", "limit", "sentence"), [
    (10.3, 10, "Woont 10,3 km verder; vrijwilliger gaat max. 10 km."),
    (10.04, 10, "Woont 10,04 km verder; vrijwilliger gaat max. 10 km."),
    (53.2, 15, "Woont 53 km verder; vrijwilliger gaat max. 15 km."),
    (12.7, 12.5, "Woont 13 km verder; vrijwilliger gaat max. 12,5 km."),
    (4.6, 4, "Woont 4,6 km verder; vrijwilliger gaat max. 4 km."),
    (1234.4, 1000, "Woont 1234 km verder; vrijwilliger gaat max. 1000 km."),
    (999.6, 999, "Woont 1000 km verder; vrijwilliger gaat max. 999 km."),
])
def test_distance_sentences_never_hide_the_difference(d, limit, sentence):
    (near,), (far,) = km_texts(d, limit)
    assert distance_sentence(near, far) == sentence


def test_a_distance_just_beyond_the_maximum_shows_the_decimal(tmp_path):
    ds = dataset(tmp_path, cell(V, 0, "Postcode", 9000), cell(V, 0, "Gemeente", "Gent"))
    d = duo_core.explain_match(ds, *PAIR).distance_km
    ds = dataset(tmp_path, cell(V, 0, "Postcode", 9000), cell(V, 0, "Gemeente", "Gent"),
                 cell(V, 0, "Max. afstand (km)", int(d)))
    assert duo_core.explain_match(ds, *PAIR).exclusions == (
        f"Woont {d:.1f} km verder; vrijwilliger gaat max. {int(d)} km.".replace(".", ",", 1),)


# --- 10. the dataset does not know the matching ------------------------------------------------


def test_the_dataset_module_imports_nothing_of_matching():
    tree = ast.parse((Path(duo_core.__file__).parent / "dataset.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not any("matching" in (m or "") for m in imported)


def test_projected_datasets_build_their_own_arrays(demo_ds):
    seen = access.visible_dataset(demo_ds, access.User("i@x", access.INTAKE, provinces=("Limburg",)))
    a, b = duo_core.matching.arrays.match_arrays(demo_ds), duo_core.matching.arrays.match_arrays(seen)
    assert a is duo_core.matching.arrays.match_arrays(demo_ds) and a is not b
    assert set(b.participant_slices) == {"Limburg"}
    assert dataclasses.replace(seen)._derived == {}
