"""Benchmark: "Wat werkt?" on 10,000 duos (goal <= 200 ms per grouping).

Prints, from one run: the time of ``duo_core.durability`` for each grouping on generated provinces
with over 10,000 started duos in two provinces (history of three years), and the sentence it gives.
Usage: ``python benchmarks/bench_durability.py``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duo_core
from duo_core.demo import generate_province
from duo_core.insights.durability import GROUPINGS, started_duos
from duo_core.matching.arrays import match_arrays
from duo_core.output.template import write_workbook


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for seed, province in enumerate(("Antwerpen", "Oost-Vlaanderen")):
            rows = generate_province(province, participants=20_000, volunteers=12_000, coaches=30, seed=seed,
                                     messy=False)
            write_workbook(Path(tmp) / f"{province}.xlsx", province, rows)
        ds = duo_core.load_dataset(tmp)
        match_arrays(ds)  # built once on load, as in the app
        started, _ = started_duos(ds)
        print(f"started duos: {len(started)}")
        for by in GROUPINGS:
            times = []
            for _ in range(5):
                start = time.perf_counter()
                result = duo_core.durability(ds, by)
                times.append(time.perf_counter() - start)
            print(f"durability by {by:17s} median {statistics.median(times) * 1000:6.0f} ms (goal <= 200 ms); "
                  f"{len(result.groups)} groups")
        print(duo_core.durability(ds, "shared_interests").sentence())


if __name__ == "__main__":
    main()
