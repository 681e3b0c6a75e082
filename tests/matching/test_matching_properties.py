"""Properties of the matching engine, on the demo data and on random seeded datasets."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import duo_core
from benchmarks.reference_scoring import reference_rank_volunteers
from duo_core.demo import generate_demo
from duo_core.matching.arrays import Side, match_arrays, unit_vectors
from duo_core.matching.model import CRITERIA, RULES, PairContext, evaluate
from tests.helpers import AS_OF

SEEDS = (11, 12, 13)


@pytest.fixture(scope="module", params=SEEDS)
def random_ds(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"seed{request.param}")
    generate_demo(folder, seed=request.param, scale=0.35, provinces=("Limburg", "Vlaams-Brabant"))
    return duo_core.load_dataset(folder, as_of=AS_OF)


def _weights(seed: int) -> duo_core.Weights:
    rng = np.random.default_rng(seed)
    return duo_core.Weights(**{c.name: float(rng.integers(0, 40)) + 1 for c in CRITERIA})


def test_vectorised_ranking_equals_per_pair_reference(random_ds):
    weights = _weights(len(random_ds.participants))
    for key in random_ds.participants["key"].iloc[::7]:
        fast = duo_core.rank_volunteers(random_ds, key, weights)
        slow = reference_rank_volunteers(random_ds, key, weights)
        assert fast["key"].tolist() == slow["key"].tolist()
        np.testing.assert_allclose(fast["score"].to_numpy(float), slow["score"].to_numpy(float), rtol=0, atol=1e-9)


def test_ranking_directions_agree(random_ds):
    """A waiting participant is excluded for a volunteer exactly when that volunteer is excluded for them."""
    waiting = random_ds.participants[random_ds.participants["status"] == "wachtend"]["key"]
    for p_key in waiting.iloc[::5]:
        forward = duo_core.rank_volunteers(random_ds, p_key, include_excluded=True).set_index("key")
        for v_key in forward.index[::4]:
            back = duo_core.rank_participants(random_ds, v_key, include_excluded=True).set_index("key")
            assert back.loc[p_key, "eligible"] == forward.loc[v_key, "eligible"]
            assert back.loc[p_key, "reasons"] == forward.loc[v_key, "reasons"]
            np.testing.assert_equal(back.loc[p_key, "distance_km"], forward.loc[v_key, "distance_km"])


def test_scores_are_between_0_and_100_for_all_pairs(demo_ds):
    arrays = match_arrays(demo_ds)
    for province, p_slice in arrays.participant_slices.items():
        ev = evaluate(arrays, arrays.participants.take(p_slice).column(), arrays.volunteers.take(arrays.volunteer_slices[province]),
                      duo_core.Weights())
        assert ev.score.min() >= 0.0 and ev.score.max() <= 100.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=100), min_size=6, max_size=6).filter(lambda w: sum(w) > 0))
def test_scores_stay_in_range_for_any_weights(demo_ds, weights):
    w = duo_core.Weights(**dict(zip([c.name for c in CRITERIA], weights, strict=True)))
    key = demo_ds.participants["key"].iloc[0]
    ranking = duo_core.rank_volunteers(demo_ds, key, w)
    assert ((ranking["score"] >= -1e-9) & (ranking["score"] <= 100 + 1e-9)).all()


def _random_side(rng: np.random.Generator, n: int) -> Side:
    def bits(words=1):
        return rng.integers(0, 16, size=(n, words)).astype(np.uint64)

    return Side(
        pos=np.arange(n), keys=np.array([f"k{i}" for i in range(n)], dtype=object), name=np.full(n, "", object),
        province=np.full(n, "P", object), municipality=np.full(n, "", object),
        lat=(lat := rng.uniform(50.7, 51.3, n)), lon=(lon := rng.uniform(3.0, 5.5, n)), **dict(zip("xyz", unit_vectors(lat, lon), strict=True)),
        age=rng.uniform(18, 90, n),
        gender=rng.integers(0, 4, n), pref_gender=rng.integers(0, 3, n),
        pref_age_min=np.full(n, np.nan), pref_age_max=np.full(n, np.nan),
        smokes=rng.integers(-1, 2, n), smoke_bothers=rng.integers(-1, 2, n), pets=rng.integers(-1, 2, n),
        pets_bother=rng.integers(-1, 2, n), languages=(lang := bits()), interests=(inter := bits()),
        personality=(pers := bits()), n_languages=np.bitwise_count(lang[:, 0]),
        n_interests=np.bitwise_count(inter[:, 0]), n_personality=np.bitwise_count(pers[:, 0]),
        availability=rng.integers(0, 8, n), contact=rng.integers(0, 4, n), target=rng.integers(0, 4, n),
        waiting_days=rng.uniform(0, 900, n), max_distance=rng.uniform(5, 40, n), capacity=np.ones(n, int),
        open_duos=np.zeros(n, int), available=np.ones(n, bool), in_running=np.zeros(n, bool),
        status=np.full(n, "wachtend", object),
        reserved=np.zeros(n, bool),
    )


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_symmetric_rules_give_the_same_verdict_when_the_two_people_swap(seed):
    rng = np.random.default_rng(seed)
    a, b = _random_side(rng, 200), _random_side(rng, 200)
    ctx = PairContext(distance=np.zeros(200), phone_only=np.zeros(200, bool))
    symmetric = [r for r in RULES if r.symmetric and r.name != "history"]
    assert {r.name for r in symmetric} == {"smoking", "pets", "language", "contact_form", "availability"}
    for rule in symmetric:
        np.testing.assert_array_equal(rule.excludes(a, b, ctx, None), rule.excludes(b, a, ctx, None))


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.floats(min_value=0.0, max_value=1.0))
def test_moving_a_volunteer_closer_never_lowers_proximity_points(seed, fraction):
    rng = np.random.default_rng(seed)
    p, v = _random_side(rng, 1), _random_side(rng, 300)
    lat, lon = v.lat + fraction * (p.lat - v.lat), v.lon + fraction * (p.lon - v.lon)
    closer = Side(**{**v.__dict__, "lat": lat, "lon": lon, **dict(zip("xyz", unit_vectors(lat, lon), strict=True))})
    stub = type("Stub", (), {"history_codes": np.array([], dtype=np.int64), "volunteers": v})()
    before = evaluate(stub, p, v, duo_core.Weights(), rules=False).points["proximity"]
    after = evaluate(stub, p, closer, duo_core.Weights(), rules=False).points["proximity"]
    assert (after >= before - 1e-9).all()


def _proposal_checks(ds, proposal):
    pairs = proposal.pairs
    for p_key, v_key in zip(pairs["participant_key"], pairs["volunteer_key"], strict=True):
        assert duo_core.explain_match(ds, p_key, v_key).eligible
    assert pairs["participant_key"].is_unique
    room = ds.volunteers.set_index("key")["max_duos"].fillna(1) - ds.open_duo_counts.reindex(
        ds.volunteers["key"]).fillna(0).to_numpy()
    used = pairs.groupby("volunteer_key").size()
    assert (used <= room.loc[used.index]).all()
    assert proposal.summary.total_score >= proposal.summary.greedy_total_score - 1e-9


def test_proposal_on_demo_never_contains_an_excluded_pair_and_beats_greedy(demo_ds):
    proposal = duo_core.propose_assignment(demo_ds)
    _proposal_checks(demo_ds, proposal)
    s = proposal.summary
    assert (s.pairs, s.greedy_pairs, s.waiting, s.free_places) == (163, 155, 414, 220)
    assert s.unmatched == s.waiting - s.pairs


def test_proposal_on_random_datasets(random_ds):
    _proposal_checks(random_ds, duo_core.propose_assignment(random_ds, _weights(3)))


def test_proposal_filters_limit_pairs(demo_ds):
    proposal = duo_core.propose_assignment(demo_ds, provinces="Limburg", max_distance_km=10, min_score=40)
    pairs = proposal.pairs
    assert set(pairs["province"]) == {"Limburg"}
    assert (pairs["distance_km"] <= 10).all() and (pairs["score"] >= 40).all()


def test_rank_participants_only_ranks_waiting_participants(demo_ds):
    key = demo_ds.volunteers[demo_ds.volunteers["status"] == "beschikbaar"]["key"].iloc[0]
    ranking = duo_core.rank_participants(demo_ds, key, include_excluded=True)
    status = demo_ds.participants.set_index("key").loc[ranking["key"], "status"]
    assert set(status) == {"wachtend"}


def test_longest_waiting_first_among_equal_fits(tmp_path):
    from tests.matching_helpers import P, cell, dataset

    ds = dataset(tmp_path, cell(P, 2, "Postcode", 2800), cell(P, 2, "Gemeente", "Mechelen"),
                 cell(P, 2, "Aanmelddatum", "01/06/2026"), cell(P, 0, "Aanmelddatum", "01/07/2026"))
    ranking = duo_core.rank_participants(ds, "Antwerpen/V1", weights={"waiting": 0.0})
    assert ranking["key"].tolist() == ["Antwerpen/D3", "Antwerpen/D1"]  # D2 is not waiting (gekoppeld)
    assert ranking["score"].iloc[0] == ranking["score"].iloc[1]


def test_filters(demo_ds):
    waiting = demo_ds.participants.loc[demo_ds.participants["status"] == "wachtend", "key"]
    key = next(k for k in waiting  # someone who has candidates in another province too
               if set(duo_core.rank_volunteers(demo_ds, k, provinces="alle")["province"]) - {k.split("/")[0]})
    near = duo_core.rank_volunteers(demo_ds, key, max_distance_km=8)
    assert (near["distance_km"] <= 8).all()
    everywhere = duo_core.rank_volunteers(demo_ds, key, provinces="alle")
    assert set(everywhere["province"]) > {key.split("/")[0]}
    two = duo_core.rank_volunteers(demo_ds, key, provinces=["Limburg", "Antwerpen"], include_excluded=True)
    assert set(two["province"]) == {"Limburg", "Antwerpen"}
    good = duo_core.rank_volunteers(demo_ds, key, min_score=50)
    assert (good["score"] >= 50).all()
    with pytest.raises(TypeError, match="Onbekende filter straal"):
        duo_core.rank_volunteers(demo_ds, key, straal=5)


def test_excluded_come_after_all_eligible(demo_ds):
    key = demo_ds.participants.loc[demo_ds.participants["status"] == "wachtend", "key"].iloc[10]
    ranking = duo_core.rank_volunteers(demo_ds, key, include_excluded=True)
    eligible = ranking["eligible"].to_numpy()
    assert not (np.diff(eligible.astype(int)) > 0).any()
    assert ranking.loc[eligible, "score"].is_monotonic_decreasing
    assert ranking.loc[~eligible, "score"].isna().all()
    assert all(ranking.loc[~eligible, "reasons"].map(len) > 0)
    assert all(ranking.loc[eligible, "reasons"].map(len) == 0)
