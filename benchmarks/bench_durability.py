"""Benchmark: "Wat werkt?" at 15,000 and 100,000 started duos (goal: <= 200 ms and <= 1 s per grouping).

Prints, from one run: the median time of ``duo_core.durability`` for each grouping, and its ratio to one
Kaplan–Meier fit of all duos (``scipy.stats.ecdf``) timed in the same run, so that the figures compare
across machines. One call computes the chosen grouping's figures and the tests of all six groupings (for
the Holm correction). The 15k dataset is generated (provinces with a history of three years); the 100k
one repeats its duos under new keys (same people, same durations), which is what the time depends on.
Usage: ``python benchmarks/bench_durability.py``.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd
from scipy import stats

import duo_core
from duo_core.demo import generate_province
from duo_core.insights.durability import GROUPINGS, started_duos
from duo_core.matching.arrays import match_arrays
from duo_core.output.template import write_workbook

GOALS = {15_000: 0.2, 100_000: 1.0}


def _timed(run, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _scaled(ds: duo_core.Dataset, target: int) -> duo_core.Dataset:
    """``ds`` with its duos repeated under new keys until about ``target`` of them have started."""
    started = int(ds.duos["status"].isin(["actief", "gestopt"]).sum())
    copies = max(1, round(target / started))
    parts = [ds.duos.assign(key=ds.duos["key"] + f"-{i}", id=ds.duos["id"] + f"-{i}") for i in range(copies)]
    return dataclasses.replace(ds, duos=pd.concat(parts, ignore_index=True))


def _report(ds: duo_core.Dataset, goal: float) -> None:
    match_arrays(ds)  # built once on load, as in the app
    started, out = started_duos(ds)
    months, ended = started["months"].to_numpy(float), started["ended"].to_numpy(bool)
    one_fit = _timed(lambda: stats.ecdf(stats.CensoredData(uncensored=months[ended], right=months[~ended])))
    print(f"\n{len(started):,} started duos ({len(out):,} counted out); one Kaplan-Meier fit of all duos "
          f"(scipy.stats.ecdf): {one_fit * 1000:.1f} ms")
    for by in GROUPINGS:
        result = duo_core.durability(ds, by)
        took = _timed(lambda by=by: duo_core.durability(ds, by), repeat=3)
        print(f"  by {by:17s} {took * 1000:7.0f} ms = {took / one_fit:6.1f} x one fit "
              f"({'ok' if took <= goal else 'OVER'} goal {goal * 1000:.0f} ms); {len(result.groups)} groups")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for seed, province in enumerate(("Antwerpen", "Oost-Vlaanderen", "Limburg")):
            rows = generate_province(province, participants=20_000, volunteers=12_000, coaches=30, seed=seed,
                                     messy=False)
            write_workbook(Path(tmp) / f"{province}.xlsx", province, rows)
        ds = duo_core.load_dataset(tmp)
    _report(ds, GOALS[15_000])
    print(duo_core.durability(ds, "shared_interests").sentence())
    big = _scaled(ds, 100_000)
    _report(big, GOALS[100_000])


if __name__ == "__main__":
    main()
