"""Benchmark: ranking speed against 10,000 volunteers, and the whole-waiting-list proposal.

Prints, from one run:
* the median time of ``rank_volunteers`` for one participant against 10,000 volunteers (goal <= 1 ms);
* the same ranking by the per-pair Python reference (``reference_scoring.py``) and the ratio (goal >= 100x);
* the time of one pass over the candidate arrays (reading every attribute array once: a floor) and the
  ratio of the ranking to it (goal <= 30x);
* the same ranking with the excluded candidates and their reasons ("Toon uitgeslotenen", goal <= 20 ms)
  and the one-by-one sentences it replaced (the ratio);
* ``propose_assignment`` on 2,000 waiting participants x 1,000 volunteers (goal <= 2 s).

Usage: ``python benchmarks/bench_scoring.py``.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duo_core
from benchmarks.reference_scoring import reference_rank_volunteers
from duo_core.demo import generate_province
from duo_core.matching.arrays import match_arrays
from duo_core.matching.model import PairContext, apply_criteria, apply_rules, pair_context
from duo_core.output.template import write_workbook


def build(folder: Path, participants: int, volunteers: int, seed: int) -> duo_core.Dataset:
    rows = generate_province("Antwerpen", participants=participants, volunteers=volunteers, coaches=5, seed=seed,
                             messy=False, history=False)
    write_workbook(folder / "Antwerpen.xlsx", "Antwerpen", rows)
    return duo_core.load_dataset(folder)


def median_time(fn, args_list) -> float:
    times = []
    for args in args_list:
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def one_pass(side) -> None:
    """Read every attribute array of the candidates once (the floor any ranking must pay)."""
    for f in dataclasses.fields(side):
        arr = getattr(side, f.name)
        if arr.dtype != object:
            np.add.reduce(arr.reshape(len(arr), -1).view(np.uint8) if arr.dtype == bool else arr, axis=0)


def kernel_only(ds: duo_core.Dataset, key: str) -> None:
    """The numpy part of a ranking: rules on all candidates, criteria on the eligible ones."""
    A = match_arrays(ds)
    i = A.participant_pos[key]
    P = A.participants.take(slice(i, i + 1))
    V = A.volunteers.take(A.volunteer_slices[P.province[0]])
    ctx = pair_context(P, V)
    _, eligible = apply_rules(A, P, V, ctx)
    rows = np.flatnonzero(eligible)
    apply_criteria(P, V.take(rows), PairContext(ctx.distance[rows], ctx.phone_only[rows]), duo_core.Weights())


def reasons_by_rule_sentence(ds: duo_core.Dataset, key: str, ranking) -> list[list[str]]:
    """The reasons as the explanation builds them, pair by pair (what the ranking used to do)."""
    return [list(duo_core.explain_match(ds, key, v).exclusions) for v in ranking["key"]]


def sentences_one_by_one(ds: duo_core.Dataset, key: str) -> None:
    ranking = duo_core.rank_volunteers(ds, key, include_excluded=True)
    reasons_by_rule_sentence(ds, key, ranking[~ranking["eligible"]])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ds = build(Path(tmp) / "a", participants=300, volunteers=10_000, seed=1)
        match_arrays(ds)  # build the arrays once, as the app does on load
        keys = ds.participants["key"].tolist()
        for key in keys[:5]:
            duo_core.rank_volunteers(ds, key)  # warm-up
        rank = median_time(lambda k: duo_core.rank_volunteers(ds, k), [(k,) for k in keys[:200]])
        eligible = statistics.median(len(duo_core.rank_volunteers(ds, k)) for k in keys[:50])
        ref = median_time(lambda k: reference_rank_volunteers(ds, k), [(k,) for k in keys[:3]])
        check = duo_core.rank_volunteers(ds, keys[0])
        same = check["key"].tolist() == reference_rank_volunteers(ds, keys[0])["key"].tolist()
        side = match_arrays(ds).volunteers
        floor = median_time(one_pass, [(side,)] * 200)
        kernel = median_time(lambda k: kernel_only(ds, k), [(k,) for k in keys[:200]])
        excluded = median_time(lambda k: duo_core.rank_volunteers(ds, k, include_excluded=True, details=True),
                               [(k,) for k in keys[:60]])
        one_by_one = median_time(lambda k: sentences_one_by_one(ds, k), [(k,) for k in keys[:3]])
        sample = duo_core.rank_volunteers(ds, keys[0], include_excluded=True)
        reasons_same = sample["reasons"].tolist() == reasons_by_rule_sentence(ds, keys[0], sample)
        print(f"candidates: {len(side)} volunteers; median eligible per participant: {eligible:.0f}")
        print(f"rank_volunteers median       {rank * 1000:8.3f} ms   (goal <= 1 ms)")
        print(f"per-pair Python reference    {ref * 1000:8.1f} ms   ratio {ref / rank:7.0f}x (goal >= 100x); same ranking: {same}")
        print(f"one pass over the arrays     {floor * 1000:8.3f} ms   ratio {rank / floor:7.1f}x (goal <= 30x)")
        print(f"kernel only (rules + scores of the eligible, no DataFrame) {kernel * 1000:.3f} ms")
        print(f"with the excluded and reasons {excluded * 1000:7.1f} ms   (goal <= 20 ms); sentences one by one "
              f"{one_by_one * 1000:.0f} ms, ratio {one_by_one / excluded:.0f}x; same reasons: {reasons_same}")

        big = build(Path(tmp) / "b", participants=2000, volunteers=1000, seed=2)
        big = dataclasses.replace(big, participants=big.participants.assign(status="wachtend"))
        match_arrays(big)
        start = time.perf_counter()
        proposal = duo_core.propose_assignment(big)
        t = time.perf_counter() - start
        s = proposal.summary
        print(f"propose_assignment {s.waiting} waiting x {len(big.volunteers)} volunteers ({s.free_places} free places): "
              f"{t:.2f} s (goal <= 2 s); {s.pairs} pairs, total {s.total_score:.0f} vs greedy {s.greedy_total_score:.0f} "
              f"({s.greedy_pairs} pairs)")


if __name__ == "__main__":
    main()
