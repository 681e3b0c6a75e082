"""Benchmark: the journal's actions and loading the dataset with 10,000 events.

Prints, from one run on the demo data (SQLite in WAL mode, ``synchronous=FULL``, on this machine's disk):
* the median time of one action as a user takes it (``Lifecycle``: role check, hard rules on the view,
  one locked transaction with its check and insert, commit to disk), per kind and over all
  (goal <= 50 ms), with 10,000 events already in the journal;
* the median time of loading the dataset the pages see, the workbooks plus a journal of 10,000 events
  (read the events, replay them, merge them into the duos) (goal <= 300 ms), and the same with the
  matching arrays rebuilt for the new dataset.

Pass a ``postgresql://`` URL as the first argument to measure a PostgreSQL journal instead.
Usage: ``python benchmarks/bench_journal.py [URL]``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duo_core
from duo_core import access, lifecycle
from duo_core.lifecycle.journal import Journal
from duo_core.matching.arrays import match_arrays

EVENTS = 10_000
BOSS = access.User("bench@localhost", access.PROFESSIONAL)


def fill(journal: Journal, ds: duo_core.Dataset, n: int, seed: int = 7) -> int:
    """Write ``n`` events of finished histories (propose, introduce, start, follow-ups, stop) in one go.

    The pairs are made-up keys so that the real people stay free for the measured actions.
    """
    rng = random.Random(seed)
    rows, duo = [], 0
    coaches = ds.coaches["key"].tolist()
    while len(rows) < n:
        duo += 1
        key, p, v = f"Antwerpen/APP{duo:05d}", f"Antwerpen/BP{duo}", f"Antwerpen/BV{duo}"
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(900))
        steps = [("propose", {"note": "benchmark"}), ("introduce", {}),
                 ("start", {"coach_key": rng.choice(coaches), "date": day.isoformat()})]
        for k in range(rng.randrange(4)):
            d = day + dt.timedelta(days=56 * (k + 1))
            steps.append(("followup", {"date": d.isoformat(), "next": (d + dt.timedelta(days=56)).isoformat(),
                                       "note": ""}))
        if rng.random() < 0.6:
            steps.append(("stop", {"date": (day + dt.timedelta(days=300)).isoformat(), "reason": "doel bereikt"}))
        for action, payload in steps:
            rows.append(("2026-01-01T10:00:00", "bench@x", action, key, p, v, json.dumps(payload)))
    rows = rows[:n]
    conn = journal.store.connect()
    p = journal.store.param
    try:
        journal.store.begin_write(conn)
        cur = conn.cursor()
        cur.executemany(
            "INSERT INTO events (at, actor, action, duo_key, participant_key, volunteer_key, payload)"
            f" VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p})", rows)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return len(rows)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ds = duo_core.load_dataset(duo_core.config.DEMO_FOLDER)
    with tempfile.TemporaryDirectory() as tmp:
        target = sys.argv[1] if len(sys.argv) > 1 else str(Path(tmp) / "logboek.sqlite")
        journal = Journal(target)
        written = fill(journal, ds, EVENTS)
        print(f"journal: {journal.label}, {written} events written")

        loads = [timed(lambda: lifecycle.overlay(ds, journal)) for _ in range(7)]
        full = [timed(lambda: match_arrays(lifecycle.overlay(ds, journal))) for _ in range(5)]
        load = statistics.median(loads)
        print(f"load with {EVENTS} events (read + replay + merge): median {load * 1000:.0f} ms "
              f"(goal <= 300 ms: {load / 0.300:.2f} of the goal)")
        print(f"  ... plus rebuilding the matching arrays: median {statistics.median(full) * 1000:.0f} ms")

        view = lifecycle.overlay(ds, journal)
        waiting = view.participants[view.participants["status"] == "wachtend"]["key"].tolist()
        times: dict[str, list[float]] = {"propose": [], "introduce": [], "start": [], "stop": []}
        for p_key in waiting:
            if len(times["propose"]) >= 30:
                break
            view = lifecycle.overlay(ds, journal)  # the app's view after the previous action (not timed)
            ranking = duo_core.rank_volunteers(view, p_key)
            if ranking.empty:
                continue
            actions = lifecycle.Lifecycle(journal, view, BOSS)
            start = time.perf_counter()
            key = actions.propose(p_key, ranking["key"].iloc[0], "bench")
            times["propose"].append(time.perf_counter() - start)
            actions = lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), BOSS)
            times["introduce"].append(timed(lambda a=actions, k=key: a.introduce(k)))
            coach = lifecycle.suggest_coaches(actions.view, key)["key"].iloc[0]
            times["start"].append(timed(lambda a=actions, k=key, c=coach: a.start(k, c, dt.date.today())))
            times["stop"].append(timed(lambda a=actions, k=key: a.stop(k, dt.date.today(), "andere")))
        every = [t for ts in times.values() for t in ts]
        for name, ts in times.items():
            print(f"action {name}: median {statistics.median(ts) * 1000:.1f} ms over {len(ts)}")
        med = statistics.median(every)
        print(f"one action, all kinds: median {med * 1000:.1f} ms over {len(every)} "
              f"(goal <= 50 ms: {med / 0.050:.2f} of the goal); journal now {journal.version()[0]} events")


if __name__ == "__main__":
    main()
