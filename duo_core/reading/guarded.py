"""Guarded reading of workbook bytes into raw cell grids, with bounded memory and time.

A workbook as people keep it may hold one value typed far away (``x`` in XFD1048576) or one huge text;
a parser that materialises the sheet's whole rectangle then asks for hundreds of gigabytes and the
process aborts. So, before any parser materialises a sheet, this module measures what is really there:

1. the ZIP's declared sizes (total, per part, the shared strings) against :class:`Limits`;
2. the position of every cell that holds a value (formatted empty cells and rows do not count), as the
   parsers place it: by the cell's own reference. Sheet XML written as Excel writes it is measured by
   patterns over the bytes; any other form (namespace prefixes, references in lower case, a cell without
   reference, character references) by a namespace-aware XML parse, which takes the larger of a row's
   and a cell's reference;
3. the used block: the densest run of rows and of columns without a gap wider than the limit. Cells
   outside it are reported (cell reference, sheet) and left out of a cleaned in-memory copy of the
   sheet, so the parser only ever sees the used block. The source bytes are never changed.

Uploads, formats that cannot be measured this way (``.xls``, ``.xlsb``, ``.ods``), big workbooks and
sheets that need the XML parse are read in a child process (:func:`read_isolated`) with an address-space
cap and a CPU-time limit, in turn (:class:`ParsingQueue`): even a native crash in a parser becomes a
problem sentence, text is cut to a cell's maximum before it leaves the child, and the server carries on.

This module imports no pandas (the child process stays light) and runs as a script for the child:
``python duo_core/reading/guarded.py`` reads the workbook from stdin and writes its grids to stdout.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import pickle
import subprocess
import sys
import threading
import zipfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

if not __package__:  # run by path as the child's script (``python -I``): its siblings by their package names,
    # without running duo_core's ``__init__`` (which imports pandas): the child stays light
    import types

    _here = os.path.dirname(os.path.abspath(__file__))
    for _name, _path in (("duo_core", os.path.dirname(_here)), ("duo_core.reading", _here)):
        _stub = types.ModuleType(_name)
        _stub.__path__ = [_path]
        sys.modules.setdefault(_name, _stub)

from duo_core.reading.grids import (  # noqa: F401 (re-exported: the reading API)
    DEFAULT_LIMITS,
    ERROR,
    MB,
    STRAY_LISTED,
    WARNING,
    Limits,
    NeedsIsolationError,
    Problem,
    RawSheet,
    RawWorkbook,
    UnreadableError,
    cell_ref,
    column_index,
    column_letters,
    excel_size,
)
from duo_core.reading.measure import measure_ooxml

# --- parsing -----------------------------------------------------------------------------------


def _sheet(name: str, visible: bool, rows: list[list[Any]], merged, formulas: dict, limits: Limits) -> RawSheet:
    """A rectangular grid that also covers its merged ranges (clipped near the values: never a huge pad)."""
    height = len(rows)
    width = max((len(r) for r in rows), default=0)
    max_height, max_width = height + limits.row_gap, width + limits.column_gap
    clipped = []
    for r0, c0, r1, c1 in merged:
        if r0 < max_height and c0 < max_width:
            clipped.append((r0, c0, min(r1, max_height - 1), min(c1, max_width - 1)))
    height = max([height] + [m[2] + 1 for m in clipped])
    width = max([width] + [m[3] + 1 for m in clipped])
    grid = [list(r) + [""] * (width - len(r)) for r in rows]
    grid += [[""] * width for _ in range(height - len(grid))]
    return RawSheet(name, visible, grid, tuple(clipped), formulas)


def _calamine(content: bytes, formulas: dict[str, dict], limits: Limits) -> list[RawSheet]:
    import python_calamine

    wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    sheets = []
    for meta in wb.sheets_metadata:
        if "Chart" in str(meta.typ):
            continue
        sheet = wb.get_sheet_by_name(meta.name)
        rows = sheet.to_python(skip_empty_area=False)
        merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
        sheets.append(_sheet(meta.name, meta.visible == python_calamine.SheetVisibleEnum.Visible, rows, merged, formulas.get(meta.name, {}),
                             limits))
    return sheets


def _openpyxl(content: bytes, formulas: dict[str, dict], limits: Limits) -> list[RawSheet]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content), read_only=False, data_only=True)
    sheets = []
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        merged = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
        sheets.append(_sheet(ws.title, ws.sheet_state == "visible", rows, merged, formulas.get(ws.title, {}), limits))
    return sheets


ENGINES = ("calamine", "openpyxl")
_READERS = {"calamine": _calamine, "openpyxl": _openpyxl}


def is_ooxml(content: bytes) -> bool:
    """Whether the bytes are an ``.xlsx``/``.xlsm`` (a ZIP with ``xl/workbook.xml``)."""
    if content[:2] != b"PK":
        return False
    try:
        return "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(content)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read_workbook_bytes(content: bytes, engine: str = "calamine", limits: Limits = DEFAULT_LIMITS, *,
                        exact_allowed: bool = True) -> RawWorkbook:
    """Read every sheet of a workbook within the limits (in this process).

    ``.xlsx``/``.xlsm`` are measured first (:func:`measure_ooxml`); other formats are parsed as they are,
    which is only safe in the child process of :func:`read_isolated`. Text longer than a cell may hold is
    cut here, with a problem naming the cell.

    Raises
    ------
    UnreadableError
        With a Dutch sentence, when the workbook is beyond the limits or no engine can read it.
    NeedsIsolationError
        When ``exact_allowed`` is false and the workbook can only be measured by an XML parse.
    """
    if len(content) > limits.file_bytes:
        raise UnreadableError(f"Het bestand is {excel_size(len(content))} groot (max. {excel_size(limits.file_bytes)}): "
                         "verwijder wat niet nodig is (afbeeldingen, oude tabbladen) en sla het opnieuw op.")
    problems: list[Problem] = []
    formulas: dict[str, dict] = {}
    if is_ooxml(content):
        content, plans, problems = measure_ooxml(content, limits, exact_allowed=exact_allowed)
        formulas = {p.name: p.formulas for p in plans}
    last: Exception | None = None
    for eng in [engine] + [e for e in ENGINES if e != engine]:
        try:
            sheets = _READERS[eng](content, formulas, limits)
        except MemoryError:
            raise
        except Exception as exc:  # the next engine may read what this one cannot
            last = exc
            continue
        for sheet in sheets:
            problems.extend(_cut_long_texts(sheet, limits))
        return RawWorkbook(tuple(sheets), tuple(problems), eng)
    raise UnreadableError(unreadable_message(content)) from last


def _cut_long_texts(sheet: RawSheet, limits: Limits) -> list[Problem]:
    """Cut every text longer than ``limits.cell_chars`` (in place), so no more ever leaves the reader."""
    most = limits.cell_chars
    out = []
    for r, row in enumerate(sheet.rows):
        for c, value in enumerate(row):
            if value.__class__ is str and len(value) > most:
                row[c] = value[:most]
                out.append(Problem(sheet.name, r + 1, column_letters(c), ERROR,
                                   f"De cel bevat {len(value):,} tekens (max. {most:,}): enkel het begin wordt "
                                   "gebruikt; kort de tekst in.".replace(",", ".")))
    return out


def fits_in_server(content: bytes, limits: Limits = DEFAULT_LIMITS) -> bool:
    """Whether a workbook from the configured folder may be read in the server process.

    Only ``.xlsx``/``.xlsm`` whose parts together unpack to at most ``limits.in_server_bytes``; everything else
    (other formats, bigger workbooks) is read in the child process like an upload.
    """
    if not is_ooxml(content):
        return False
    try:
        return sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(content)).infolist()) <= limits.in_server_bytes
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read_trusted(content: bytes, engine: str = "calamine", limits: Limits = DEFAULT_LIMITS,
                 queue: ParsingQueue | None = None) -> RawWorkbook:
    """Read a workbook of the configured folder: here when it can be measured cheaply, else in the child.

    A workbook that is not an ``.xlsx``, that is big, or whose sheets are not written as Excel writes them
    (namespace prefixes, references in lower case, ...) gets the same isolation as an upload.
    """
    if fits_in_server(content, limits):
        try:
            return read_workbook_bytes(content, engine, limits, exact_allowed=False)
        except NeedsIsolationError:
            pass
    return read_isolated(content, engine, limits, queue)


def unreadable_message(content: bytes) -> str:
    """Why bytes that no engine can read are not a workbook, and what to do."""
    if not content:
        return "Het bestand is leeg (0 bytes): sla het werkboek opnieuw op vanuit Excel."
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        if b"EncryptedPackage" in content[:65536] or b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00" in content[:65536]:
            return (
                "Het werkboek is beveiligd met een wachtwoord: sla het op zonder wachtwoord "
                "(Bestand > Info > Werkmap beveiligen) en laad het opnieuw."
            )
        return "Het oude .xls-bestand kan niet gelezen worden: sla het op als .xlsx en laad het opnieuw."
    if content[:2] == b"PK" and not zipfile.is_zipfile(io.BytesIO(content)):
        return "Het werkboek is beschadigd (onvolledig bestand): sla het opnieuw op vanuit Excel."
    if content[:2] != b"PK":
        return "Dit is geen Excel-werkboek: sla het bestand op als .xlsx en laad het opnieuw."
    return "Het werkboek is beschadigd en kan niet gelezen worden: open het in Excel en sla het opnieuw op."


# --- the child process -------------------------------------------------------------------------

CHILD_FAILED = (
    "Het werkboek kon niet gelezen worden: het vraagt te veel geheugen of tijd (bv. een waarde ver buiten de "
    "tabel of een cel met enorm veel tekst). Open het in Excel, verwijder lege rijen en kolommen ver buiten de "
    "tabel en sla het opnieuw op."
)


class _SafeUnpickler(pickle.Unpickler):
    """Unpickles plain data only: containers, numbers, text and ``datetime`` values (no code)."""

    def find_class(self, module: str, name: str):
        if module == "datetime" and name in ("datetime", "date", "time", "timedelta", "timezone"):
            return getattr(dt, name)
        raise pickle.UnpicklingError(f"{module}.{name} is niet toegelaten")


def _to_plain(wb: RawWorkbook) -> dict:
    return {
        "engine": wb.engine,
        "problems": [asdict(p) for p in wb.problems],
        "sheets": [
            {"name": s.name, "visible": s.visible, "rows": s.rows, "merged": list(s.merged),
             "formulas": list(s.formulas.items())}
            for s in wb.sheets
        ],
    }


def _from_plain(data: dict) -> RawWorkbook:
    sheets = tuple(
        RawSheet(str(s["name"]), bool(s["visible"]), s["rows"], tuple(tuple(m) for m in s["merged"]),
                 {tuple(k): v for k, v in s["formulas"]})
        for s in data["sheets"]
    )
    return RawWorkbook(sheets, tuple(Problem(**p) for p in data["problems"]), str(data["engine"]))


class BusyError(UnreadableError):
    """The workbook was not read because the server is busy reading others: try again shortly."""


BUSY = ("Bezig, even geduld: er worden nu veel werkboeken tegelijk ingelezen. Dit werkboek is nog niet gelezen; "
        "vernieuw de pagina over een minuut.")


class ParsingQueue:
    """One queue for the child processes: at most ``workers`` parse at once, the others wait their turn.

    A workbook that waits longer than ``wait_seconds`` for its turn is not refused but reported busy
    (:class:`BusyError`); ``running`` and ``peak`` say how many children run now and ran at most at once.
    """

    def __init__(self, workers: int = 1, wait_seconds: float = 60.0) -> None:
        self.workers = workers
        self.wait_seconds = wait_seconds
        self._slots = threading.BoundedSemaphore(workers)
        self._lock = threading.Lock()
        self.running = 0
        self.peak = 0

    @contextlib.contextmanager
    def turn(self):
        """Wait for a free worker (raises :class:`BusyError` after ``wait_seconds``), hold it while parsing."""
        if not self._slots.acquire(timeout=self.wait_seconds):
            raise BusyError(BUSY)
        with self._lock:
            self.running += 1
            self.peak = max(self.peak, self.running)
        try:
            yield
        finally:
            with self._lock:
                self.running -= 1
            self._slots.release()


#: The server's queue: one parser per core beyond the first (at most two), so pages stay served meanwhile.
PARSING_QUEUE = ParsingQueue(workers=min(2, max(1, (os.cpu_count() or 2) - 1)))


def read_isolated(content: bytes, engine: str = "calamine", limits: Limits = DEFAULT_LIMITS,
                  queue: ParsingQueue | None = None) -> RawWorkbook:
    """Read a workbook in a child process with an address-space cap and a CPU-time limit, in turn.

    The child is started when ``queue`` (default :data:`PARSING_QUEUE`) has a free worker; the time limit
    counts from then. A crash, an allocation failure or the CPU limit in the child becomes
    :class:`UnreadableError`, never a crash of this process; text beyond the limits is cut or refused in
    the child, before it reaches this process. Waiting too long for a turn, or a child that runs out of
    wall-clock time without using its CPU time (the machine is busy), is :class:`BusyError`.
    """
    if len(content) > limits.file_bytes:
        return read_workbook_bytes(content, engine, limits)  # refused before anything is parsed
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR")}
    env.update({"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "RUST_BACKTRACE": "0"})
    settings = json.dumps({"engine": engine, "limits": asdict(limits)})
    with (queue or PARSING_QUEUE).turn():
        try:
            done = subprocess.run(
                [sys.executable, "-I", str(Path(__file__).resolve()), settings],
                input=content, capture_output=True, timeout=limits.seconds * 2 + 5, env=env, check=False,
            )
        except subprocess.TimeoutExpired as exc:  # the CPU limit had not struck: the machine is busy
            raise BusyError(BUSY) from exc
    if done.returncode != 0 or not done.stdout or len(done.stdout) > limits.output_bytes + MB:
        raise UnreadableError(CHILD_FAILED)
    try:
        kind, payload = _SafeUnpickler(io.BytesIO(done.stdout)).load()
    except Exception as exc:
        raise UnreadableError(CHILD_FAILED) from exc
    if kind == "unreadable":
        raise UnreadableError(str(payload))
    return _from_plain(payload)


TOO_MUCH_TEXT = ("Het werkboek bevat te veel tekst om in te lezen (meer dan {size}): verwijder lange teksten of "
                 "oude tabbladen en sla het opnieuw op.")


def _child_main() -> int:
    """Entry point of the child: limits first, then read stdin, write the grids (or the refusal)."""
    import resource

    settings = json.loads(sys.argv[1])
    limits = Limits(**settings["limits"])
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    cpu = int(limits.seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    content = sys.stdin.buffer.read()
    try:
        result = ("ok", _to_plain(read_workbook_bytes(content, settings["engine"], limits)))
    except UnreadableError as exc:
        result = ("unreadable", str(exc.args[0]))
    except MemoryError:
        result = ("unreadable", CHILD_FAILED)
    out = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    if len(out) > limits.output_bytes:  # only so much ever reaches the server process
        out = pickle.dumps(("unreadable", TOO_MUCH_TEXT.format(size=excel_size(limits.output_bytes))))
    sys.stdout.buffer.write(out)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child_main())
