"""Benchmark: server CPU per click, clicks per second and waits with many people, on a real ``streamlit run``.

No browser: each simulated person is a WebSocket client that speaks Streamlit's protocol
(:mod:`benchmarks.ws_client`). One round of a person is the issue's table: open Match zoeken, choose a
participant, change a weight, click a candidate row, open Wachtlijst, open Monitoring. A widget inside a
fragment (Match zoeken's person, weights and candidates) is sent as the browser sends it: a run of that
fragment only.

Prints, from one run:
* how fast the machine is now (reference pure-Python work on one core): the figures below vary with it;
* per interaction, with one person: the server's CPU (from /proc/<pid>/stat, work after the run such as
  garbage collection included; the mean over the rounds, each round choosing a participant not chosen before,
  so that nothing of theirs is cached) and the wall time (median); and the ratio of that CPU to the engine's
  own time for the same work measured in this process (goal <= 50 ms per click on the demo, <= 150 ms at
  10,000 x 10,000);
* with ``--users N`` people clicking at once (think time 0): clicks per second, the median and 95th
  percentile wait per click, server CPU per click and the servers' memory (goal >= 15 clicks/s and
  p95 <= 2 s with 20 people on the demo);
* with ``--processes 2``: one server and two behind a small sticky-session proxy (a byte relay routed by a
  cookie, as nginx does), all on one PostgreSQL journal, each server pinned to a core of its own, taking
  turns ``--repeats`` times (so that the host's changing speed hits both alike; the medians are printed);
  whether a proposal made in one process shows in the other at its next rerun; the throughput of two
  against one (goal >= 1.7x on 2 cores), the clicks per server-CPU-second of each (equal when the servers
  scale) and the share of the machine's CPU the servers, the clients (this process), the proxy and
  PostgreSQL took: on a 2-core machine the last three run on the servers' cores; and what the machine itself
  gives for the same pure-Python work on 2 cores against 1 (on a virtual machine two cores may share one).

Usage::

    python benchmarks/bench_server.py                      # demo, one process, 6 rounds, 20 people for 20 s
    python benchmarks/bench_server.py --processes 2        # also two processes behind the proxy (needs PostgreSQL)
    python benchmarks/bench_server.py --data /tmp/big      # a folder made by python -m duo_core.demo; 10,000 x 10,000:
                                                           #   python -m duo_core.demo /tmp/big --participants 2000 --volunteers 2000
    python benchmarks/bench_server.py --port 8671          # servers on 8671-8674, PostgreSQL 8675, proxy 8676
    python benchmarks/bench_server.py --option runner.postScriptGC=true   # A/B a Streamlit option
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.machine import machine_ceiling, machine_speed
from benchmarks.ws_client import TICK, Client, Server, cpu_seconds, rss_mb, serve_proxy, settled_cpu, start_server

ROOT = Path(__file__).resolve().parent.parent
PORTS = [8615, 8616, 8617, 8618]  # the servers; --port moves all of these
PG_PORT = 8619  # the throwaway PostgreSQL of --processes
PROXY_PORT = 8620
COUNT = re.compile(r"([\d.]+) geschikte kandida")  # "15 geschikte kandidaten" above the table
STEPS = ["open Match zoeken", "choose a participant", "change a weight", "click a candidate row",
         "open Wachtlijst", "open Monitoring"]


def candidates(folder: Path, count: int = 8) -> tuple[list[str], dict[str, float]]:
    """Waiting participants with candidates (their IDs as in the select box), and the engine's time per step."""
    import duo_core

    ds = duo_core.load_dataset(folder)
    waiting = ds.participants[ds.participants["status"] == "wachtend"]
    found = [k for k in waiting["key"].head(300) if len(duo_core.rank_volunteers(ds, k))][:count]
    engine: dict[str, list[float]] = {step: [] for step in STEPS}
    from duo_core.lifecycle import views
    start = time.perf_counter()
    views.person_options(ds.participants)
    engine["open Match zoeken"].append(time.perf_counter() - start)
    for key in found:
        start = time.perf_counter()
        ranking = duo_core.rank_volunteers(ds, key, details=True, provinces=[key.split("/")[0]])
        middle = time.perf_counter()
        duo_core.explain_match(ds, key, ranking["key"].iloc[0])
        end = time.perf_counter()
        for step in STEPS[1:3]:
            engine[step].append(end - start)
        engine["click a candidate row"].append(end - middle)
    start = time.perf_counter()
    waiting_list = duo_core.waiting_list(ds)
    duo_core.recruitment_gaps(ds, waiting=waiting_list)
    duo_core.propose_assignment(ds, provinces="alle")
    engine["open Wachtlijst"].append(time.perf_counter() - start)
    import datetime as dt

    from duo_core.insights import monitoring
    start = time.perf_counter()
    monitoring.figures(ds, dt.date(ds.as_of.year - 3, ds.as_of.month, 1), ds.as_of, ds.provinces, None)
    engine["open Monitoring"].append(time.perf_counter() - start)
    return found, {step: statistics.median(t) for step, t in engine.items() if t}


def label_for(client: Client, key: str) -> str:
    """The select box's label of participant ``key`` (``Antwerpen/D0174`` -> "Naam (D0174) – Gemeente, Antwerpen")."""
    province, pid = key.split("/", 1)
    _, box = client.elements[client.widget("person_p")]
    return next(o for o in box.options if f"({pid}) – " in o and o.endswith(", " + province))


async def round_of(client: Client, person: str, weight: int, record=None) -> None:
    """One person's round of the six interactions; ``record(step, seconds)`` after each."""
    async def step(name, coroutine):
        seconds = await coroutine
        if record is not None:
            await record(name, seconds)

    await step(STEPS[0], client.open_page("match_zoeken"))
    # as the browser sends them: a widget inside a fragment reruns only that fragment (none: the whole app)
    await step(STEPS[1], client.set_widget("person_p", fragment=True, string_value=label_for(client, person)))
    await step(STEPS[2], client.set_widget("match_w_proximity", fragment=True, double_array_value=[weight]))
    counts = [int(m.group(1).replace(".", "")) for t in client.texts if (m := COUNT.match(t))]
    row = 1 if counts and counts[-1] > 1 else 0  # the second candidate, when the table shows one
    selection = json.dumps({"selection": {"rows": [row], "columns": [], "cells": []}})
    await step(STEPS[3], client.set_widget("ranking_table::*", fragment=True, string_value=selection))
    await step(STEPS[4], client.open_page("wachtlijst"))
    await step(STEPS[5], client.open_page("monitoring"))


async def per_click(url: str, servers: list[Server], people: list[str], rounds: int) -> dict[str, list[float]]:
    """One person alone: server CPU and wall time of each interaction."""
    cpu: dict[str, list[float]] = {s: [] for s in STEPS}
    wall: dict[str, list[float]] = {s: [] for s in STEPS}
    client = Client(url)
    await client.connect()
    before = [settled_cpu(s.pid) for s in servers]

    async def record(name, seconds):
        nonlocal before
        after = [settled_cpu(s.pid) for s in servers]
        cpu[name].append(sum(after) - sum(before))
        wall[name].append(seconds)
        before = after

    await round_of(client, people[0], 40)  # warm: the first visit fills the shared caches
    before = [settled_cpu(s.pid) for s in servers]
    for i in range(rounds):
        await round_of(client, people[(i + 1) % len(people)], 40 + 10 * (i % 2), record)
    await client.close()
    return {"cpu": cpu, "wall": wall}


async def load(url: str, servers: list[Server], people: list[str], users: int, seconds: float,
               others: dict | None = None) -> dict:
    """``users`` people clicking without pause for ``seconds``: clicks per second, waits, CPU per click.

    Also the CPU seconds the servers, this process (the clients) and ``others`` (name -> a function giving a
    process's CPU seconds, e.g. the proxy's) used meanwhile.
    """
    waits: list[float] = []
    clients = [Client(url, route=str(i)) for i in range(users)]
    for client in clients:
        await client.connect()
    await asyncio.gather(*(round_of(c, people[0], 40) for c in clients))  # every session warm
    stop = time.monotonic() + seconds
    cpu_before = [settled_cpu(s.pid) for s in servers]
    others_before = {name: cpu() for name, cpu in (others or {}).items()}
    client_before = time.process_time()
    start = time.monotonic()

    async def record(name, wait):
        waits.append(wait)
        if time.monotonic() > stop:
            raise TimeoutError

    async def person(i: int, client: Client) -> None:
        n = i
        try:
            while True:
                await round_of(client, people[n % len(people)], 30 + 10 * (n % 3), record)
                n += 1
        except TimeoutError:
            pass

    await asyncio.gather(*(person(i, c) for i, c in enumerate(clients)))
    elapsed = time.monotonic() - start
    client_cpu = time.process_time() - client_before
    cpu = sum(settled_cpu(s.pid) for s in servers) - sum(cpu_before)
    used = {"clients": client_cpu, **{name: f() - others_before[name] for name, f in (others or {}).items()}}
    memory = [rss_mb(s.pid) for s in servers]
    for client in clients:
        await client.close()
    waits.sort()
    return {"clicks_per_s": len(waits) / elapsed, "p50": statistics.median(waits),
            "p95": waits[int(0.95 * (len(waits) - 1))], "cpu_per_click": cpu / len(waits), "clicks": len(waits),
            "rss_mb": memory, "elapsed": elapsed, "server_cpu": cpu, "used": used}


def report_per_click(result: dict, engine: dict[str, float], goal_ms: float) -> None:
    rounds = len(result["cpu"][STEPS[0]])
    print(f"{'interaction':28s} {'server CPU':>11s} {'wall':>8s} {'engine':>8s} {'CPU/engine':>11s}  (goal <= "
          f"{goal_ms:.0f} ms CPU; CPU: mean of {rounds} rounds, each with a participant not chosen before; wall: median)")
    for step in STEPS:
        cpu = statistics.mean(result["cpu"][step]) * 1000
        wall = statistics.median(result["wall"][step]) * 1000
        own = engine.get(step, float("nan")) * 1000
        print(f"{step:28s} {cpu:8.0f} ms {wall:5.0f} ms {own:5.1f} ms {cpu / own:10.0f}x")


def report_load(name: str, result: dict) -> None:
    print(f"{name}: {result['clicks_per_s']:.1f} clicks/s ({result['clicks']} clicks), wait median "
          f"{result['p50'] * 1000:.0f} ms, p95 {result['p95'] * 1000:.0f} ms, server CPU {result['cpu_per_click'] * 1000:.0f}"
          f" ms per click, RSS {', '.join(f'{m:.0f}' for m in result['rss_mb'])} MB")


def postgres() -> tuple[str, object, object]:
    """A throwaway PostgreSQL server (as in tests/conftest.py).

    Returns its URL, a function that stops it, and one that gives the CPU seconds of all its processes (the
    connections' backends included, those that ended too).
    """
    import shutil
    import subprocess

    from tests.conftest import _postgres_bin

    bin_dir = _postgres_bin()
    if bin_dir is None:
        raise SystemExit("PostgreSQL's server programs are missing (apt-get install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(root, "postgres")
    data = root / "data"
    subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "duo"], check=True,
                   capture_output=True)
    options = f"-p {PG_PORT} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w",
                    "start"], check=True, capture_output=True)

    def stop() -> None:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)

    postmaster = int((data / "postmaster.pid").read_text().split()[0])
    return f"postgresql://duo@127.0.0.1:{PG_PORT}/postgres", stop, lambda: tree_cpu(postmaster)


async def shared_journal_check(url_a: str, url_b: str, person: str) -> bool:
    """Propose in one process; the other process must show the participant as proposed at its next rerun."""
    a, b = Client(url_a, route="0"), Client(url_b, route="1")
    for client in (a, b):
        await client.connect()
        await client.open_page("match_zoeken")
        await client.set_widget("person_p", string_value=label_for(client, person))
    before = any("Er wordt niemand voorgesteld" in t for t in b.texts)
    submit = next(wid for wid, (kind, element) in a.elements.items()
                  if kind == "button" and element.form_id.startswith("propose_form::"))
    await a.set_id(submit, trigger_value=True)
    await b.run()
    after = any("Er wordt niemand voorgesteld" in t for t in b.texts)
    await a.close()
    await b.close()
    return not before and after


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process, of its children that ended (waited for) and of those still running."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    total = sum(int(f) for f in fields[11:15]) / TICK
    for child in Path("/proc").glob("[0-9]*/stat"):
        try:
            parts = child.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(parts[1]) == pid:
            total += (int(parts[11]) + int(parts[12])) / TICK
    return total


def pin(servers: list[Server]) -> list[int]:
    """Each server on a core of its own (server i on core i), when the machine has that many; the cores used."""
    cores = sorted(os.sched_getaffinity(0))
    if len(servers) > len(cores):
        return []
    for server, core in zip(servers, cores, strict=False):
        os.sched_setaffinity(server.pid, {core})
    return cores[:len(servers)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, help="a folder of workbooks (default: the demo)")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5, help="turns of 1 and of --processes servers, alternately")
    parser.add_argument("--turn-seconds", type=float, default=12, help="seconds of each of those turns")
    parser.add_argument("--option", action="append", default=[], help="a Streamlit option name=value")
    parser.add_argument("--port", type=int, default=PORTS[0], help="first of six ports: servers, PostgreSQL, proxy")
    args = parser.parse_args()
    global PG_PORT, PROXY_PORT
    PORTS[:] = range(args.port, args.port + 4)
    PG_PORT, PROXY_PORT = args.port + 4, args.port + 5
    state = Path(tempfile.mkdtemp(prefix="bench-server-"))
    env = {"DUO_STATE_DIR": str(state)}
    folder = args.data or ROOT / "data" / "demo"
    if args.data:
        (state / "duo.toml").write_text(f'[data]\nfolder = "{args.data}"\n')
        env["DUO_CONFIG"] = str(state / "duo.toml")
    options = dict(o.split("=", 1) for o in args.option)
    people, engine = candidates(folder, max(8, args.rounds + 2))
    print(f"machine speed: {machine_speed():.0f} rounds/s of the reference Python work on one core (read this "
          f"run's figures against it: a virtual machine's host makes it vary)")
    goal = 150 if args.data else 50

    server = start_server(PORTS[0], env, options)
    try:
        url = f"ws://127.0.0.1:{PORTS[0]}"
        report_per_click(asyncio.run(per_click(url, [server], people, args.rounds)), engine, goal)
        single = asyncio.run(load(url, [server], people, args.users, args.seconds))
        report_load(f"1 process, {args.users} people", single)
    finally:
        server.stop()
    if args.processes > 1:
        several(args, env, options, people)


def several(args, env: dict, options: dict, people: list[str]) -> None:
    """1 and ``--processes`` servers behind the sticky proxy, on one PostgreSQL journal, each on a core of its own.

    Both go through the same proxy to the same journal, so that they differ only in the number of servers.
    They take turns, ``--repeats`` times each, in the order 1-2, 2-1, 1-2, ... (the same servers throughout;
    the proxy sends to the first one only, or to all), so that a change in the speed of the virtual machine's
    host, or in the servers as they run longer, hits both alike: the ratio is the median of the ratios of the
    back-to-back pairs. On a machine with as many cores as servers, the
    clients, the proxy and PostgreSQL take CPU from the servers' cores: the table shows how much, and the
    clicks per server-CPU-second show whether the servers themselves scale (the same figure for both).
    """
    pg_url, stop_pg, pg_cpu = postgres()
    env = {**env, "DUO_JOURNAL": pg_url}
    cores = len(os.sched_getaffinity(0))
    turns: dict[int, list[dict]] = {1: [], args.processes: []}
    try:
        servers = [start_server(port, env, options) for port in PORTS[:args.processes]]
        try:
            pinned = pin(servers)
            for repeat in range(args.repeats):  # 1 then 2, 2 then 1, ...: neither always comes later
                for count in (list(turns) if repeat % 2 == 0 else list(turns)[::-1]):
                    turns[count].append({**behind_proxy(servers[:count], people, args, pg_cpu), "pinned": pinned})
            shown = asyncio.run(shared_journal_check(f"ws://127.0.0.1:{servers[0].port}",
                                                     f"ws://127.0.0.1:{servers[-1].port}", people[-1]))
            print(f"a proposal made in one process shows in another at its next rerun: {'yes' if shown else 'NO'}")
        finally:
            for server in servers:
                server.stop()
    finally:
        stop_pg()
    report_scaling(turns, cores, args.users, machine_ceiling(args.processes))


def behind_proxy(servers: list[Server], people: list[str], args, pg_cpu) -> dict:
    """One turn of :func:`load` through a sticky proxy in front of ``servers``."""
    front = multiprocessing.Process(target=serve_proxy, args=(PROXY_PORT, [s.port for s in servers]), daemon=True)
    front.start()
    try:
        time.sleep(1)
        return asyncio.run(load(f"ws://127.0.0.1:{PROXY_PORT}", servers, people, args.users, args.turn_seconds,
                                {"proxy": lambda: cpu_seconds(front.pid), "PostgreSQL": pg_cpu}))
    finally:
        front.terminate()
        front.join()


def report_scaling(turns: dict[int, list[dict]], cores: int, users: int, ceiling: float | None) -> None:
    """The processes' throughput side by side (medians of the turns), with where the machine's CPU went."""
    print(f"behind the proxy, on PostgreSQL, {users} people, {cores} cores (server i pinned to core i), "
          f"{len(turns[1])} turns each, taken alternately (medians):")
    print(f"{'':12s} {'clicks/s':>9s} {'p95':>8s} {'server CPU':>11s} {'clicks per':>11s} "
          f"{'CPU share of the machine: servers, clients, proxy, PostgreSQL':>62s}")
    print(f"{'':12s} {'':>9s} {'':>8s} {'(cores)':>11s} {'server-CPU-s':>11s}")
    for count, runs in turns.items():
        def median(f, runs=runs):
            return statistics.median(f(r) for r in runs)
        share = {name: median(lambda r, n=name: r["used"][n] / r["elapsed"] / cores) for name in runs[0]["used"]}
        print(f"{count} process{'es' if count > 1 else '  '} {median(lambda r: r['clicks_per_s']):9.1f} "
              f"{median(lambda r: r['p95']) * 1000:5.0f} ms {median(lambda r: r['server_cpu'] / r['elapsed']):11.2f} "
              f"{median(lambda r: r['clicks'] / r['server_cpu']):11.1f}   "
              f"{median(lambda r: r['server_cpu'] / r['elapsed'] / cores):.0%}, {share['clients']:.0%}, "
              f"{share['proxy']:.0%}, {share['PostgreSQL']:.0%}"
              f"{'' if runs[0]['pinned'] else ' (not pinned: fewer cores than servers)'}")
    many = max(turns)
    ratios = [b["clicks_per_s"] / a["clicks_per_s"] for a, b in zip(turns[1], turns[many], strict=True)]
    per_cpu = [(b["clicks"] / b["server_cpu"]) / (a["clicks"] / a["server_cpu"])
               for a, b in zip(turns[1], turns[many], strict=True)]
    print(f"throughput {many} processes / 1 process: {statistics.median(ratios):.2f}x (goal >= 1.7x on 2 cores; "
          f"turn by turn {', '.join(f'{r:.2f}' for r in ratios)}); clicks per server-CPU-second "
          f"{statistics.median(per_cpu):.2f}x (1.00x: the servers scale; what is missing from {many}x is CPU the "
          f"servers did not get)")
    if ceiling is not None:
        print(f"the machine itself, the same pure-Python work on {many} cores / 1 core: {ceiling:.2f}x "
              f"(the most any server can scale here)")


if __name__ == "__main__":
    main()
