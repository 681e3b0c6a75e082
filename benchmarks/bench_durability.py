"""Benchmark: "Wat werkt?" at 15,000 and 100,000 started duos (goal: <= 200 ms and <= 1 s per grouping).

Prints, from one run: the median time of ``duo_core.durability`` for each grouping, and its ratio to one
Kaplan–Meier fit of all duos (``scipy.stats.ecdf``) timed in the same run, so that the figures compare
across machines. One call computes the chosen grouping's figures and the tests of all six groupings (for
the Holm correction). Both datasets repeat the duos of one generated province (8,000 participants, history of three years) under new keys
(same people, same durations; the coaches repeated up to 200 of them), which is what the time depends on.
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


def _scaled(ds: duo_core.Dataset, target: int, coaches: int = 200) -> duo_core.Dataset:
    """``ds`` with its duos repeated under new keys until about ``target`` have started; up to ``coaches`` coaches."""
    started = int(ds.duos["status"].isin(["actief", "gestopt"]).sum())
    copies = max(1, round(target / started))
    teams = max(1, min(copies, coaches // max(len(ds.coaches), 1)))  # copies of the coaches, for realistic groups
    duos = [ds.duos.assign(key=ds.duos["key"] + f"-{i}", id=ds.duos["id"] + f"-{i}",
                           coach_key=ds.duos["coach_key"] + f"-{i % teams}") for i in range(copies)]
    team = [ds.coaches.assign(key=ds.coaches["key"] + f"-{t}", last_name=ds.coaches["last_name"] + f" {t}")
            for t in range(teams)]
    return dataclasses.replace(ds, duos=pd.concat(duos, ignore_index=True),
                               coaches=pd.concat(team, ignore_index=True))


def _report(ds: duo_core.Dataset, goal: float) -> None:
    match_arrays(ds)  # built once on load, as in the app
    started, out = started_duos(ds)
    months, ended = started["months"].to_numpy(float), started["ended"].to_numpy(bool)
    one_fit = _timed(lambda: stats.ecdf(stats.CensoredData(uncensored=months[ended], right=months[~ended])))
    print(f"\n{len(started):,} started duos ({len(out):,} counted out); one Kaplan-Meier fit of all duos "
          f"(scipy.stats.ecdf): {one_fit * 1000:.1f} ms", flush=True)
    for by in GROUPINGS:
        result = duo_core.durability(ds, by)
        took = _timed(lambda by=by: duo_core.durability(ds, by), repeat=3)
        print(f"  by {by:17s} {took * 1000:7.0f} ms = {took / one_fit:6.1f} x one fit "
              f"({'ok' if took <= goal else 'OVER'} goal {goal * 1000:.0f} ms); {len(result.groups)} groups", flush=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rows = generate_province("Antwerpen", participants=8_000, volunteers=5_000, coaches=30, seed=1, messy=False)
        write_workbook(Path(tmp) / "Antwerpen.xlsx", "Antwerpen", rows)
        ds = duo_core.load_dataset(tmp)
    for target in GOALS:
        scaled = _scaled(ds, target)
        _report(scaled, GOALS[target])
        print(duo_core.durability(scaled, "shared_interests").sentence(), flush=True)


if __name__ == "__main__":
    main()
