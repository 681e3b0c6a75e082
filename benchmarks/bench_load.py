"""Benchmark: load five provinces of 2,000 participants + 1,000 volunteers each.

Prints, from one run: the full load with calamine (guards on) and with openpyxl and their ratio (goal
>= 5x), the raw sheet reading alone for both engines, the guard overhead (measuring the ZIP and every
sheet's XML before calamine parses it, against calamine alone), the same workbooks read in the child
process that uploads go through, and a second load through a ``WorkbookCache`` when no file changed
(goal <= 50 ms). For the import assistant: ``propose_mapping`` on a 5,000-row export of the intake form
(goal <= 1 s), and the same five workbooks loaded with a saved koppelprofiel against the template load
(goal <= 1.2x). Usage: ``python benchmarks/bench_load.py [--participants N --volunteers N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duo_core
from duo_core.demo import generate_demo
from duo_core.reading.guarded import measure_ooxml, read_isolated, read_workbook_bytes
from duo_core.reading.sources import workbook_paths


def calamine_alone(content: bytes) -> None:
    """What the loader read before the guards: python-calamine straight on the bytes."""
    import io

    import python_calamine

    wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python(skip_empty_area=False)


FORM_HEADER = ["ID", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", "Voornaam", "Familienaam",
               "Wat is je geboortedatum?", "Postcode en gemeente", "Welke interesses heb je?",
               "Op welke momenten ben je vrij?", "Rook je?", "Heb je huisdieren?", "Welke talen spreek je?",
               "Geslacht", "Telefoonnummer", "Je e-mailadres"]


def form_export(ds: duo_core.Dataset, path: Path, rows: int = 5000) -> Path:
    """The participants of ``ds`` as a Microsoft Forms export (sheet ``Form1``), ``rows`` of them."""
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Form1")
    ws.append(FORM_HEADER)
    stamp = dt.datetime(2026, 10, 3, 14, 12)
    people = ds.participants.head(rows)
    for n, p in enumerate(people.itertuples(), start=1):
        ws.append([n, stamp, stamp, None, None, p.first_name, p.last_name, p.birth_date.to_pydatetime(),
                   f"{p.postcode} {p.municipality}", "".join(f"{i.capitalize()};" for i in sorted(p.interests)),
                   "".join(f"{s.capitalize()};" for s in sorted(p.availability)), "Ja" if p.smokes else "Nee",
                   "Ja" if p.pets else "Nee", ";".join(sorted(p.languages)), (p.gender or "").capitalize() or None,
                   p.phone, p.email])
    wb.save(path)
    return path


def timed(fn, repeat: int = 1) -> float:
    """Median wall time of ``fn`` in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--volunteers", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = timed(lambda: generate_demo(folder, participants=args.participants, volunteers=args.volunteers))
        print(f"generated 5 workbooks ({args.participants} participants + {args.volunteers} volunteers each) in {t:.1f} s")
        contents = [p.read_bytes() for p in workbook_paths(folder)]

        raw_cal = timed(lambda: [read_workbook_bytes(c, "calamine") for c in contents], repeat=3)
        raw_opx = timed(lambda: [read_workbook_bytes(c, "openpyxl") for c in contents], repeat=1)
        bare = timed(lambda: [calamine_alone(c) for c in contents], repeat=3)
        measure = timed(lambda: [measure_ooxml(c) for c in contents], repeat=3)
        isolated = timed(lambda: [read_isolated(c) for c in contents], repeat=3)
        full_cal = timed(lambda: duo_core.load_dataset(folder, engine="calamine"), repeat=3)
        full_opx = timed(lambda: duo_core.load_dataset(folder, engine="openpyxl"), repeat=1)
        cache = duo_core.WorkbookCache()
        ds = duo_core.load_dataset(folder, cache=cache)
        cached = timed(lambda: duo_core.load_dataset(folder, cache=cache), repeat=5)

        print(f"rows: {len(ds.participants)} participants, {len(ds.volunteers)} volunteers, {len(ds.duos)} duos")
        print(f"raw read   calamine {raw_cal * 1000:8.0f} ms   openpyxl {raw_opx * 1000:8.0f} ms   ratio {raw_opx / raw_cal:5.1f}x")
        print(f"guards     measuring {measure * 1000:6.0f} ms; guarded raw read {raw_cal * 1000:.0f} ms against calamine "
              f"alone {bare * 1000:.0f} ms: overhead {(raw_cal / bare - 1) * 100:.0f} %")
        print(f"isolated   raw read in a child process (as uploads) {isolated * 1000:.0f} ms "
              f"({isolated / raw_cal:.1f}x the guarded read in this process)")
        print(f"full load  calamine {full_cal * 1000:8.0f} ms   openpyxl {full_opx * 1000:8.0f} ms   ratio {full_opx / full_cal:5.1f}x  (goal >= 5x)")
        print(f"cached reload (unchanged files) {cached * 1000:.1f} ms  (goal <= 50 ms)")

        (Path(tmp) / "export").mkdir()
        export = form_export(ds, Path(tmp) / "export" / "Antwerpen intake.xlsx")
        propose = timed(lambda: duo_core.propose_mapping(export), repeat=3)
        print(f"assistant  propose_mapping on a {min(5000, len(ds.participants))}-row form export "
              f"{propose * 1000:.0f} ms  (goal <= 1000 ms)")
        profile = duo_core.propose_mapping(folder).save(Path(tmp) / "koppeling.toml")
        with_profile = timed(lambda: duo_core.load_dataset(folder, mapping=profile), repeat=3)
        print(f"profile    load with a saved koppelprofiel {with_profile * 1000:.0f} ms against the template load "
              f"{full_cal * 1000:.0f} ms: ratio {with_profile / full_cal:.2f}x  (goal <= 1.2x)")


if __name__ == "__main__":
    main()
