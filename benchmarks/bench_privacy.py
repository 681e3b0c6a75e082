"""Benchmark: an access request and an erasure on the demo data, with a journal of 10,000 events.

Prints, from one run (SQLite journal on this machine's disk):
* the median time of an access request for one person as the Privacy page builds it (the same person in
  every province, the sheets, the Excel file and the PDF) over 15 people (goal < 1 s), and its parts;
* the median time of recording one view in the access log (one transaction);
* the time of forgetting one person (clean their events, then rewrite the file: VACUUM).

Usage: ``python benchmarks/bench_privacy.py``.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duo_core
from benchmarks.bench_journal import fill
from duo_core.lifecycle import erasure
from duo_core.lifecycle.access_log import AccessLog
from duo_core.lifecycle.journal import Journal
from duo_core.output.access_request import access_request, access_request_pdf
from duo_core.output.excel import excel_bytes

GOAL_S = 1.0
EVENTS = 10_000


def main() -> None:
    ds = duo_core.load_dataset(duo_core.config.DEMO_FOLDER)
    journal = Journal(Path(tempfile.mkdtemp()) / "logboek.sqlite")
    fill(journal, ds, EVENTS)
    log = AccessLog(journal)
    rng = random.Random(3)
    people = rng.sample(ds.participants["key"].tolist(), 15)
    volunteers = rng.sample(ds.volunteers["key"].tolist(), len(people))
    for key, volunteer in zip(people, volunteers, strict=True):  # each has a proposal and was looked at
        journal.propose(key, volunteer, "bench@x", note="benchmark")
        log.record("bench@x", "profiel", [key])
    view = duo_core.overlay(ds, journal)
    parts: dict[str, list[float]] = {"same person": [], "sheets": [], "excel": [], "pdf": [], "total": []}
    for key in people:
        t0 = time.perf_counter()
        keys = erasure.same_person(view, key)
        t1 = time.perf_counter()
        sheets = access_request(view, journal, keys)
        t2 = time.perf_counter()
        excel_bytes(sheets)
        t3 = time.perf_counter()
        access_request_pdf(sheets)
        t4 = time.perf_counter()
        for name, spent in zip(parts, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0), strict=True):
            parts[name].append(spent)
    total = statistics.median(parts["total"])
    print(f"access request, median of {len(people)} people, {EVENTS:,} journal events: {total * 1000:.0f} ms "
          f"(goal {GOAL_S * 1000:.0f} ms, ratio {total / GOAL_S:.2f})")
    for name in ("same person", "sheets", "excel", "pdf"):
        print(f"  {name}: {statistics.median(parts[name]) * 1000:.0f} ms")
    spent = []
    for key in people:
        t0 = time.perf_counter()
        log.record("bench@x", "uitleg", [key, people[0]], "bench")
        spent.append(time.perf_counter() - t0)
    print(f"one view in the access log: {statistics.median(spent) * 1000:.1f} ms (median)")
    t0 = time.perf_counter()
    erasure.forget(journal, people[0], "bench@x", erasure.ERASURE_REASONS[0])
    print(f"forget one person (clean, VACUUM, checkpoint) with {EVENTS:,} events: {(time.perf_counter() - t0) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
