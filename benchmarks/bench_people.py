"""Benchmark: the dataset the pages see with 10,000 person events and 10,000 duo events in the journal.

Prints, from one run on the demo data (SQLite in WAL mode on this machine's disk), the median time of
:func:`duo_core.lifecycle.overlay` (read every event, replay the people and the duos, lay both over the
workbooks, reconcile) with 10,000 person events (sign-ups of 2,500 new people, each planned, then a
draft and "Klaar voor matching", plus corrections and status changes of workbook people) and 10,000 duo
events (goal <= 300 ms), the part the people take, and the same duo events alone (the people's cost as a
ratio, which does not depend on how busy the machine is).

Usage: ``python benchmarks/bench_people.py``.
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
from benchmarks.bench_journal import fill, timed
from duo_core import lifecycle
from duo_core.lifecycle.journal import Journal
from duo_core.lifecycle.people import overlay_people, stream_key

EVENTS = 10_000
POSTCODES = ("2800", "2000", "3500", "9000", "8000", "3000", "2018", "8500")
INTERESTS = ("wandelen", "koken", "lezen", "film", "tuinieren", "fietsen", "muziek")


def fill_people(journal: Journal, ds: duo_core.Dataset, n: int, seed: int = 11) -> int:
    """Write ``n`` person events: sign-up, planning, draft, conversation; corrections and statuses of workbook people."""
    rng = random.Random(seed)
    rows: list[tuple] = []
    workbook = ds.participants["key"].tolist()
    person = 0
    while len(rows) < n:
        person += 1
        province = rng.choice(("Antwerpen", "Limburg", "Oost-Vlaanderen"))
        key = f"{province}/AANM{person:05d}"
        day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(300))
        fields = {"first_name": f"Bench{person}", "last_name": "Persoon", "birth_date": f"19{rng.randrange(30, 99)}-"
                  f"0{rng.randrange(1, 10)}-1{rng.randrange(0, 9)}", "postcode": rng.choice(POSTCODES),
                  "interests": rng.sample(INTERESTS, 3), "availability": ["maandag voormiddag", "dinsdag namiddag"]}
        record = {"fields": {"interests": rng.sample(INTERESTS, 2), "smokes": False, "pref_age": [30, 70]},
                  "date": (day + dt.timedelta(days=20)).isoformat(), "transport": "bus", "practical": "",
                  "organisational": "", "impression": "rustig", "care_need": "MS", "consent": True,
                  "consent_on": day.isoformat(), "consent_by": "bench", "volunteer": "bench"}
        steps = [("signup", key, {"fields": fields, "registered_on": day.isoformat()}),
                 ("plan", key, {"volunteer": "bench", "date": day.isoformat(), "time": "10:00", "place": "Mechelen"}),
                 ("intake_draft", key, {"record": record}),
                 ("intake_done", key, {"record": record})]
        other = rng.choice(workbook)
        steps.append(("correct", other, {"fields": {"postcode": rng.choice(POSTCODES), "phone": "0470 00 00 00"}}))
        if rng.random() < 0.3:
            steps.append(("person_status", other, {"status": "on hold", "reason": None}))
        rows += [("2026-01-01T10:00:00", "bench@x", action, stream_key(k), k, "", json.dumps(payload))
                 for action, k, payload in steps]
    rows = rows[:n]
    conn = journal.store.connect()
    p = journal.store.param
    try:
        journal.store.begin_write(conn)
        conn.cursor().executemany(
            "INSERT INTO events (at, actor, action, duo_key, participant_key, volunteer_key, payload)"
            f" VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p})", rows)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return len(rows)


def main() -> None:
    ds = duo_core.load_dataset(duo_core.config.DEMO_FOLDER)
    with tempfile.TemporaryDirectory() as tmp:
        journal = Journal(Path(tmp) / "logboek.sqlite")
        people = fill_people(journal, ds, EVENTS)
        duos = fill(journal, ds, EVENTS)
        print(f"journal: {people} person events and {duos} duo events")
        view = lifecycle.overlay(ds, journal)
        added = len(view.participants) - len(ds.participants)
        print(f"participants: {len(ds.participants)} in the workbooks, {added} signed up in the app")
        loads = [timed(lambda: lifecycle.overlay(ds, journal)) for _ in range(7)]
        rows = journal.rows()
        own = [timed(lambda: overlay_people(ds.participants, rows)) for _ in range(7)]
        load = statistics.median(loads)
        print(f"overlay with {people} person + {duos} duo events (read + replay + merge): median "
              f"{load * 1000:.0f} ms (goal <= 300 ms: {load / 0.300:.2f} of the goal)")
        print(f"  of which the people (replay + overlay, events already read): median "
              f"{statistics.median(own) * 1000:.0f} ms")
        duo_only = Journal(Path(tmp) / "duos.sqlite")
        fill(duo_only, ds, EVENTS)
        alone = statistics.median([timed(lambda: lifecycle.overlay(ds, duo_only)) for _ in range(7)])
        print(f"  the same {duos} duo events alone: median {alone * 1000:.0f} ms; the people add "
              f"{load / alone - 1:.0%} (a ratio that does not depend on how busy the machine is)")
        start = time.perf_counter()
        duo_core.rank_volunteers(view, view.participants["key"].iloc[-1])
        print(f"  first ranking on the new view (matching arrays built): {(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
