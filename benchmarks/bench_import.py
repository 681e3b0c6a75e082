"""Benchmark: the import assistant on the corpus, and its speed on 5,000-row exports.

Prints, from one run:

* for the TUNING shapes and the HELD-OUT shapes separately (``tests/importing/corpus``): fields right, people
  loaded in the right role, values right (goals on the held-out set: >= 90 %, 100 %, >= 95 %), both without any
  answer (an uncertain guess waits for the professional and is not read) and when every suggestion is confirmed;
* for five export shapes of 5,000 rows: plain openpyxl reading of the workbook (read-only, every cell), then
  ``propose_mapping`` and ``load_dataset`` through the proposed profile, in seconds and as a ratio against the
  openpyxl reading (goal: each <= 1 s).

Usage: ``python benchmarks/bench_import.py [--rows N]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import load_workbook

import duo_core
from tests.importing.corpus import heldout, tuning
from tests.importing.corpus.builders import crowd
from tests.importing.corpus.measure import AS_OF, measure_all


def openpyxl_read(path: Path) -> float:
    """Seconds to read every cell of every sheet with openpyxl (read-only), the reference."""
    start = time.process_time()
    wb = load_workbook(path, read_only=True, data_only=True)
    for ws in wb.worksheets:
        for _ in ws.iter_rows(values_only=True):
            pass
    wb.close()
    return time.process_time() - start


def timed(func) -> tuple[float, object]:
    start = time.process_time()
    result = func()
    return time.process_time() - start, result


def page_rerun(folder: Path, width: int) -> tuple[float, float]:
    """Seconds of the page's first run on a ``width``-column upload, and of a rerun after one choice."""
    import os

    from streamlit.testing.v1 import AppTest

    from tests.workbooks import build

    header = ["Voornaam", "Achternaam"] + [f"Vraag {i}" for i in range(1, width - 1)]
    rows = [header] + [[f"Naam{r}", f"Fam{r}"] + [f"antwoord {i % 5}" for i in range(1, width - 1)] for r in range(20)]
    path = build(folder / "breed.xlsx", {"Blad1": rows}, province=None)
    here = os.getcwd()
    os.chdir(folder)
    try:
        at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=600)
        at.run()
        at.switch_page("app_pages/gegevens_koppelen.py").run()
        at.session_state["map_uploads"] = ((path.name, path.read_bytes()),)
        start = time.perf_counter()
        at.run()
        first = time.perf_counter() - start
        boxes = [b for b in at.selectbox if b.label.startswith("Vraag")]
        start = time.perf_counter()
        if boxes:
            boxes[0].set_value("notes").run()
        else:
            at.run()
        return first, time.perf_counter() - start
    finally:
        os.chdir(here)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("Import assistant on the corpus (held-out shapes never tuned on)")
        print("  'without any answer': as proposed, a column that waits for an answer is not read (counts wrong);")
        print("  'right when confirmed': every suggestion the page asks about is confirmed as suggested")
        for label, shapes in (("tuning", tuning.SHAPES), ("held-out", heldout.SHAPES)):
            proposed, confirmed = measure_all(shapes, folder / label)
            print(f"  {proposed.line(f'{label} ({len(shapes)} shapes), without any answer')}")
            print(f"  {confirmed.line(f'{label} ({len(shapes)} shapes), right when confirmed')}")
        print(f"\nSpeed on {args.rows:,} rows (CPU seconds; ratio against plain openpyxl reading; goal <= 1 s each)")
        people = crowd(7, args.rows * 3 // 5, args.rows - args.rows * 3 // 5)
        shapes = [tuning.ms_forms_intake([p for p in people if p["role"] == "Deelnemers"]),
                  tuning.google_forms_both(people), tuning.surveymonkey_two_rows(people),
                  tuning.hand_list_abbreviated(people), tuning.crm_english(people)]
        worst_propose = worst_load = 0.0
        for shape in shapes:
            paths = shape.write(folder / f"speed_{shape.name}")
            reference = sum(openpyxl_read(p) for p in paths)
            propose, mapping = timed(lambda paths=paths: duo_core.propose_mapping(paths, as_of=AS_OF))
            load, ds = timed(lambda paths=paths, mapping=mapping: duo_core.load_dataset(paths, mapping=mapping,
                                                                                         as_of=AS_OF))
            rows = len(ds.participants) + len(ds.volunteers)
            worst_propose, worst_load = max(worst_propose, propose), max(worst_load, load)
            print(f"  {shape.name:<24} openpyxl {reference:5.2f} s | propose_mapping {propose:5.2f} s "
                  f"({propose / reference:4.2f}x) | load {load:5.2f} s ({load / reference:4.2f}x) | {rows:,} people")
        print(f"  slowest: propose_mapping {worst_propose:.2f} s, load {worst_load:.2f} s (goal <= 1 s each)")
        print("\nGegevens koppelen with wide exports (wall seconds per rerun after one choice; goal <= 1 s up to 500 "
              "columns, refused beyond 1,000; 40 columns is the page's fixed cost)")
        for width in (40, 500, 1000, 4000):
            first, rerun = page_rerun(folder / f"wide_{width}", width)
            print(f"  {width:>5} columns: first run {first:5.2f} s, rerun {rerun:5.2f} s")


if __name__ == "__main__":
    main()
