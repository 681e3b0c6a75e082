"""Benchmark: how fast the pages are.

Prints, from one run:
* the AppTest run time of each page on the demo data (median of 3 warm runs; goal <= 1 s per page);
* in headless Chromium (Debian's), the time from choosing a participant on Match zoeken until the
  table shows that participant's candidates (median of 5; goal <= 1.5 s per interaction).

Usage: ``python benchmarks/bench_app.py`` (the Chromium part is skipped when Chromium is absent).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from streamlit.testing.v1 import AppTest

from duo_core import access
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, HAVE_CHROMIUM, start_app

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["overzicht", "match_zoeken", "wachtlijst", "lopende_duos", "contactcoaches", "monitoring", "datakwaliteit",
         "gegevens_koppelen", "logboek"]  # every page of the professional (the coach's page: below)
DEMO = ROOT / "data" / "demo"


def waiting_with_candidates(count: int = 6) -> list[str]:
    """IDs of waiting Antwerpen participants of the demo who have candidates (their table shows), D0174 first."""
    import duo_core

    ds = duo_core.load_dataset(DEMO)
    waiting = ds.participants[(ds.participants["province"] == "Antwerpen") & (ds.participants["status"] == "wachtend")]
    keys = sorted(waiting["key"], key=lambda k: k != "Antwerpen/D0174")
    found = [k for k in keys[:200] if len(duo_core.rank_volunteers(ds, k))]
    return [k.split("/", 1)[1] for k in found[:count]]


def apptest_times() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()  # loads and caches the demo data
    for name in PAGES:
        times = []
        for _ in range(4):
            at.switch_page(f"app_pages/{name}.py")
            start = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
        print(f"AppTest {name:15s} {statistics.median(times[1:]) * 1000:7.0f} ms (goal <= 1000 ms)")
    coach = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    coach.session_state["demo_role"] = access.COACH
    coach.run()
    times = []
    for _ in range(4):
        start = time.perf_counter()
        coach.run()
        times.append(time.perf_counter() - start)
    assert not coach.exception, coach.exception
    print(f"AppTest {'mijn_duos':15s} {statistics.median(times[1:]) * 1000:7.0f} ms (goal <= 1000 ms)")
    at.switch_page("app_pages/match_zoeken.py")
    at.session_state["person_p"] = "Antwerpen/D0174"
    times = []
    for _ in range(4):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    print(f"AppTest match_zoeken with a participant chosen {statistics.median(times[1:]) * 1000:7.0f} ms")


def chromium_times() -> None:
    if not HAVE_CHROMIUM:
        print("Chromium absent: browser timing skipped")
        return
    from playwright.sync_api import expect, sync_playwright

    proc, url = start_app()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1400, "height": 1400})
            page.goto(f"{url}/match_zoeken")
            expect(page.get_by_role("combobox", name="Deelnemer")).to_be_visible(timeout=60_000)
            times = []
            for ident in waiting_with_candidates():
                box = page.get_by_role("combobox", name="Deelnemer")
                box.click()
                page.keyboard.type(ident)
                option = page.get_by_role("option").filter(has_text=f"({ident})").filter(has_text=", Antwerpen")
                expect(option).to_have_count(1)
                start = time.perf_counter()
                option.click()
                # the explanation names the best candidate of this participant once the run is done
                expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30_000)
                expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
                times.append(time.perf_counter() - start)
            browser.close()
        print(f"Chromium: choose participant -> updated table, median {statistics.median(times[1:]) * 1000:.0f} ms "
              f"over {len(times) - 1} choices (goal <= 1500 ms)")
    finally:
        proc.terminate()


if __name__ == "__main__":
    apptest_times()
    chromium_times()
