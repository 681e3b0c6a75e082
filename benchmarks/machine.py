"""How fast this machine is now, and what a second core gives it: the yardsticks of the server benchmark.

A virtual machine's speed changes with its host (here by a quarter, at times by half, within an hour), and two
of its cores may share one physical core or its cache. :func:`machine_speed` and :func:`machine_ceiling`
measure both with the same pure-Python work (JSON and sorting, as a script run does), in the run whose
figures they qualify (``benchmarks/bench_server.py``).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time


def _busy_work(core: int, seconds: float, results) -> None:
    """Pure-Python work (JSON and sorting, as a script run does) on one core for ``seconds``: rounds done."""
    os.sched_setaffinity(0, {core})
    records = [{"key": i, "name": str(i) * 5, "scores": list(range(20))} for i in range(2000)]
    rounds, end = 0, time.monotonic() + seconds
    while time.monotonic() < end:
        json.loads(json.dumps(records))
        sorted(records, key=lambda r: r["name"])
        rounds += 1
    results.put(rounds)


def machine_speed(seconds: float = 3.0) -> float:
    """Rounds per second of :func:`_busy_work` on one core: how fast this machine is now.

    A virtual machine's speed varies with its host (here by a quarter within an hour); every figure of a run
    is best read against this one, taken in the same run.
    """
    results = multiprocessing.Queue()
    worker = multiprocessing.Process(target=_busy_work, args=(sorted(os.sched_getaffinity(0))[0], seconds, results))
    worker.start()
    rounds = results.get()
    worker.join()
    return rounds / seconds


def machine_ceiling(count: int, seconds: float = 6.0) -> float | None:
    """What ``count`` cores give this machine over one for the same pure-Python work: the most servers can scale.

    On a virtual machine two cores may share one physical core (or its cache), and then no server scales to
    2x; measured here beside the servers, so that the ratio of the servers can be read against the machine's.
    """
    cores = sorted(os.sched_getaffinity(0))[:count]
    if len(cores) < count:
        return None
    done = {}
    for used in ([cores[0]], cores):
        results = multiprocessing.Queue()
        workers = [multiprocessing.Process(target=_busy_work, args=(core, seconds, results)) for core in used]
        for worker in workers:
            worker.start()
        done[len(used)] = sum(results.get() for _ in workers)
        for worker in workers:
            worker.join()
    return done[count] / done[1]
