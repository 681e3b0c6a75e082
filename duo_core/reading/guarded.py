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
import itertools
import json
import os
import pickle
import re
import subprocess
import sys
import threading
import zipfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

MB = 1024 * 1024
WARNING, ERROR = "waarschuwing", "fout"
STRAY_LISTED = 5  # stray cells named one by one per sheet; the rest are counted


@dataclass(frozen=True)
class Limits:
    """What one workbook may ask of the server; beyond these it is refused (or trimmed) with a finding.

    Attributes
    ----------
    file_bytes
        Size of the workbook file itself.
    uncompressed_bytes, part_bytes, shared_strings_bytes
        Declared uncompressed sizes: all ZIP parts together, any one part, the shared strings (all text).
    cells_per_sheet
        Cells of a sheet's used block (rows x columns).
    cell_chars
        Characters in one cell (Excel's own maximum); longer text is cut with a finding.
    row_gap, column_gap
        Empty rows or columns after which a cell no longer belongs to the table.
    memory_bytes, seconds
        Address space and CPU time of the child process that parses untrusted workbooks.
    in_server_bytes
        A workbook of the configured folder unpacking to more than this is read in the child process too.
    output_bytes
        What the child process may send back (the grids); beyond it the workbook is refused.
    """

    file_bytes: int = 50 * MB
    uncompressed_bytes: int = 400 * MB
    part_bytes: int = 200 * MB
    shared_strings_bytes: int = 64 * MB
    cells_per_sheet: int = 2_000_000
    cell_chars: int = 32_767
    row_gap: int = 1_000
    column_gap: int = 30
    memory_bytes: int = 1536 * MB
    seconds: float = 30.0
    in_server_bytes: int = 64 * MB
    output_bytes: int = 128 * MB


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Problem:
    """A problem found while reading (the loader turns it into a finding with the file name)."""

    sheet: str | None
    row: int | None
    column: str | None
    severity: str
    message: str


@dataclass(frozen=True)
class RawSheet:
    """One sheet as read: a grid of cell values from A1, its merged ranges and formula cells.

    ``rows`` is a list of equally long lists (row 0 is Excel row 1, column 0 is column A); empty cells are
    ``""`` or ``None``. ``merged`` holds ``(first_row, first_col, last_row, last_col)``, 0-based and
    inclusive. ``formulas`` maps ``(row, col)`` (0-based) to the formula text (``""`` when shared).
    """

    name: str
    visible: bool
    rows: list[list[Any]]
    merged: tuple[tuple[int, int, int, int], ...] = ()
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass(frozen=True)
class RawWorkbook:
    """Every sheet of one workbook, the problems met while reading, and the engine that read it."""

    sheets: tuple[RawSheet, ...]
    problems: tuple[Problem, ...]
    engine: str


class UnreadableError(Exception):
    """The workbook cannot be read; ``args[0]`` is the Dutch sentence saying what to do."""


class NeedsIsolationError(Exception):
    """Measuring this workbook takes an XML parse: read it in the child process (``args[0]``: the sheet)."""


def excel_size(n: int) -> str:
    """Bytes as a Fleming reads them: ``1,5 MB``."""
    return f"{n / MB:.1f} MB".replace(".", ",")


def column_letters(index: int) -> str:
    """0-based column index -> ``A``, ``Z``, ``AA`` ... ``XFD``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: bytes | str) -> int:
    """Column letters -> 0-based index."""
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def cell_ref(row: int, col: int) -> str:
    """0-based row and column -> ``B7``."""
    return f"{column_letters(col)}{row + 1}"


# --- measuring an OOXML workbook ---------------------------------------------------------------

_FAST_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*+>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)?<(?:v|is)[ >]')
_FORMULA = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*><f[^>]*?(?:/>|>([^<]*)</f>)')
_ROW_START = re.compile(rb'<row r="([0-9]{1,7})"')
_HAS_FORMULA = re.compile(rb"<f[ >]")
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@dataclass
class _SheetPlan:
    name: str
    part: str
    visible: bool
    rows: tuple[int, int] | None = None  # used block, 0-based inclusive
    cols: tuple[int, int] | None = None
    stray: list[tuple[int, int]] = field(default_factory=list)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    exact: bool = True  # every value cell matched the fast pattern (the XML can be cleaned by pattern)
    trim: bool = False  # rows without values follow the used block (cut, so no parser pads to them)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _read_part(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """A ZIP part, refusing more than ``limit`` bytes whatever the header declared."""
    with zf.open(name) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UnreadableError(f"Onderdeel '{name}' van het werkboek is groter dan {excel_size(limit)}: "
                         "sla het werkboek opnieuw op vanuit Excel, zonder lege rijen of kolommen ver buiten de tabel.")
    return data


def _sheet_parts(zf: zipfile.ZipFile) -> list[tuple[str, str, bool]]:
    """``(sheet name, part name, visible)`` of every worksheet, in workbook order."""
    workbook = ElementTree.fromstring(_read_part(zf, "xl/workbook.xml", 10 * MB))
    try:
        rels = ElementTree.fromstring(_read_part(zf, "xl/_rels/workbook.xml.rels", 10 * MB))
    except KeyError:
        rels = ElementTree.Element("Relationships")
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    out = []
    for el in workbook.iter():
        if _local(el.tag) != "sheet":
            continue
        part = targets.get(el.get(f"{_REL_NS}id"), "")
        if part.startswith("xl/worksheets/"):
            out.append((el.get("name", ""), part, el.get("state", "visible") == "visible"))
    return out


_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def _ref_position(ref: str | None) -> tuple[int, int] | None:
    """``XFD1048576`` (any case, ``$`` allowed) -> 0-based ``(row, col)``, or ``None``."""
    m = _REF.fullmatch(ref.strip()) if ref else None
    return (int(m.group(2)) - 1, column_index(m.group(1).upper())) if m else None


def _attr(el: ElementTree.Element, name: str) -> str | None:
    """An attribute by local name in any case (``r``, ``R``, ``x:r``)."""
    for key, value in el.attrib.items():
        if _local(key).lower() == name:
            return value
    return None


def _exact_cells(data: bytes) -> list[tuple[int, int]]:
    """Every value cell as a namespace-aware XML parser sees it.

    Element names by local name in any case (``c``, ``x:c``, ``C``), references in any case, entities
    resolved; a cell's row is the largest of its row's reference and its own, so a ``<row r="5">`` holding
    ``<c r="AE1048576">`` counts at row 1048576 (where the parsers put it), and a cell without reference
    follows the one before it.
    """
    cells = []
    row_no, col_no = -1, -1
    in_row = False
    holder = None  # the sheetData element: each finished row leaves it, so memory stays flat
    for event, el in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
        tag = _local(el.tag).lower()
        if tag == "sheetdata" and event == "start":
            holder = el
        elif tag == "row":
            if event == "start":
                declared = _ref_position(f"A{_attr(el, 'r')}") if _attr(el, "r") else None
                row_no = declared[0] if declared else row_no + 1
                col_no, in_row = -1, True
            else:
                el.clear()
                if holder is not None and len(holder) and holder[-1] is el:
                    holder.remove(el)
                in_row = False
        elif tag == "c" and event == "end":
            position = _ref_position(_attr(el, "r"))
            if position:
                cell_row, col_no = max(position[0], row_no), position[1]
            else:
                cell_row, col_no = row_no if in_row else row_no + 1, col_no + 1
            if any(_local(child.tag).lower() in ("v", "is") and (child.text or len(child)) for child in el):
                cells.append((max(cell_row, 0), col_no))
            el.clear()
    return cells


def _runs(counts: dict[int, int], gap: int) -> tuple[int, int]:
    """The run of positions (no gap wider than ``gap``) holding the most cells: ``(first, last)``."""
    values = sorted(counts)
    best, best_weight = (values[0], values[0]), -1
    start = prev = values[0]
    weight = 0
    for v in values:
        if v - prev > gap + 1:
            if weight > best_weight:
                best, best_weight = (start, prev), weight
            start, weight = v, 0
        weight += counts[v]
        prev = v
    if weight > best_weight:
        best = (start, prev)
    return best


#: Forms the patterns below do not read, each searched alone (a literal start keeps a search fast): a prefixed
#: cell, row or value element, a cell whose first attribute is not ``r="``, a value element with attributes.
_NOT_PLAIN = (re.compile(rb":(?:c|v|is|row)[\s/>]"), re.compile(rb'<c(?! r=")[\s/>]'), re.compile(rb"<v[\s/]"),
              re.compile(rb"<is[\s/]"))


def _plain_sheet_data(data: bytes) -> bytes | None:
    """The ``<sheetData>`` of a sheet written as Excel writes it, or ``None`` when it is written otherwise.

    Plain means: no namespace prefix on a cell or value element, every cell with ``r="`` as its first
    attribute. Then the patterns of this module see every cell with a value as the parsers see it (they
    place a cell by its own reference, whatever its row says); a value cell whose reference is not in
    capitals escapes the pattern and so makes the sheet not plain. Anything else (``<x:c>``, ``r='a1'``, a
    tab before ``r``, a cell without reference, a character reference) is measured by an XML parse, in a
    child process.
    """
    start = data.find(b"<sheetData")
    if start < 0:
        return b"" if b"sheetData" not in data else None  # no sheetData at all: an empty sheet
    end = data.rfind(b"</sheetData>")
    if end < start:
        return b"" if data.startswith(b"<sheetData/>", start) else None
    body = data[start:end]
    if any(pattern.search(body) for pattern in _NOT_PLAIN):
        return None
    return body


def _plan_sheet(plan: _SheetPlan, data: bytes, limits: Limits, exact_allowed: bool = True) -> None:
    """Find the cells that hold a value in one sheet's XML and its used block; cells beyond it are stray.

    Only cells with a value count: formatted empty rows and cells (Excel writes them down to row 1048576
    when a whole column is formatted) are no part of the table. The block runs from A1 to the end of the
    densest run of rows and, within those rows, of columns (so title rows and a note above the table stay
    in it).

    Raises
    ------
    NeedsIsolationError
        When the XML is not written as Excel writes it and ``exact_allowed`` is false: measuring it takes
        an XML parse, which belongs in the child process.
    """
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise UnreadableError(f"Tabblad '{plan.name}' is beschadigd (het bevat een DOCTYPE, wat Excel nooit schrijft): "
                              "open het werkboek in Excel en sla het opnieuw op.")
    body = _plain_sheet_data(data)
    found = _FAST_CELL.findall(body) if body is not None else []
    if body is not None and len(found) == body.count(b"<v>") + body.count(b"<is>"):
        if not found:
            return
        rows_of = {r: int(r) - 1 for r in set(map(itemgetter(1), found))}
        cols_of = {c: column_index(c) for c in set(map(itemgetter(0), found))}
        if not _has_gap(rows_of.values(), limits.row_gap) and not _has_gap(cols_of.values(), limits.column_gap):
            # the usual case: no gap anywhere, so every value is in the block
            plan.rows, plan.cols = (0, max(rows_of.values())), (0, max(cols_of.values()))
            plan.trim = _extends_beyond(body, plan.rows[1])
            _formulas(plan, data)
            return
        cells = [(rows_of[r], cols_of[c]) for c, r in found]
    elif not exact_allowed:
        raise NeedsIsolationError(plan.name)
    else:
        plan.exact = False
        cells = _exact_cells(data)
    if not cells:
        return
    row_counts = Counter(r for r, _ in cells)
    first, last = _runs(row_counts, limits.row_gap)
    col_counts = Counter(c for r, c in cells if first <= r <= last)
    col_last = _runs(col_counts, limits.column_gap)[1]
    plan.rows, plan.cols = (0, last), (0, col_last)
    plan.stray = sorted({(r, c) for r, c in cells if r > last or c > col_last})
    plan.trim = plan.exact and _extends_beyond(body, last)
    _formulas(plan, data)


_LAST_ROW = re.compile(rb'<row r="([0-9]{1,7})"')


def _extends_beyond(body: bytes, last: int) -> bool:
    """Whether rows (formatted, empty) follow the used block: then they are cut before parsing."""
    at = body.rfind(b'<row r="')
    m = _LAST_ROW.match(body, at) if at >= 0 else None
    return bool(m) and int(m.group(1)) - 1 > last


def _has_gap(positions, gap: int) -> bool:
    values = sorted(positions)
    return any(b - a > gap + 1 for a, b in itertools.pairwise(values))


def _formulas(plan: _SheetPlan, data: bytes) -> None:
    if _HAS_FORMULA.search(data):
        plan.formulas = {
            (int(r) - 1, column_index(c)): text.decode("utf-8", "replace") for c, r, text in _FORMULA.findall(data)
        }


def _clean_sheet(data: bytes, plan: _SheetPlan) -> bytes:
    """A copy of the sheet XML without the stray cells (the rows and columns outside the used block)."""
    last = plan.rows[1]
    cut_from = None
    for m in _ROW_START.finditer(data):
        if int(m.group(1)) - 1 > last:
            cut_from = m.start()
            break
    if cut_from is not None:
        end = data.find(b"</sheetData>", cut_from)
        if end < 0:
            raise UnreadableError(f"Tabblad '{plan.name}' bevat cellen ver buiten de tabel: verwijder ze in Excel en sla "
                             "het werkboek opnieuw op.")
        data = data[:cut_from] + data[end:]
    # a cell placed by its own reference outside the block though its row is inside (``<row r="3"><c r="A1048576">``)
    refs = set(_CELL_REF.findall(data))
    far_cols = sorted({c for c, _ in refs if column_index(c) > plan.cols[1]})
    far_rows = sorted({r for _, r in refs if int(r) - 1 > last})
    if far_cols:
        data = _drop_cells(data, b"(?:" + b"|".join(far_cols) + rb")[0-9]{1,7}")
    if far_rows:
        data = _drop_cells(data, rb"[A-Z]{1,3}(?:" + b"|".join(far_rows) + b")")
    return data


_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')


def _drop_cells(data: bytes, ref: bytes) -> bytes:
    return re.sub(rb'<c r="' + ref + rb'"[^>]*?(?:/>|>.*?</c>)', b"", data, flags=re.DOTALL)


def _stray_problems(plan: _SheetPlan) -> list[Problem]:
    if not plan.stray:
        return []
    block = f"A1:{cell_ref(plan.rows[1], plan.cols[1])}"
    out = [
        Problem(plan.name, r + 1, column_letters(c), WARNING,
                f"Cel {cell_ref(r, c)} bevat iets maar staat ver buiten de tabel ({block}) en wordt niet ingelezen: "
                "verwijder de inhoud als ze er per ongeluk staat, of zet ze in de tabel.")
        for r, c in plan.stray[:STRAY_LISTED]
    ]
    if len(plan.stray) > STRAY_LISTED:
        out.append(Problem(plan.name, None, None, WARNING,
                           f"Nog {len(plan.stray) - STRAY_LISTED} cellen staan ver buiten de tabel ({block}) en worden "
                           "niet ingelezen: verwijder ze of zet ze in de tabel."))
    return out


def measure_ooxml(content: bytes, limits: Limits = DEFAULT_LIMITS, *,
                  exact_allowed: bool = True) -> tuple[bytes, list[_SheetPlan], list[Problem]]:
    """Check an ``.xlsx``/``.xlsm`` against the limits; return the bytes to parse (stray cells removed).

    ``exact_allowed=False`` (in the server process) measures only sheets written as Excel writes them.

    Raises
    ------
    UnreadableError
        When a declared size or the used block of a sheet is beyond the limits.
    NeedsIsolationError
        When ``exact_allowed`` is false and a sheet needs an XML parse to be measured.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(content))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableError("Het werkboek is beschadigd (onvolledig bestand): sla het opnieuw op vanuit Excel.") from exc
    total = sum(i.file_size for i in infos)
    if total > limits.uncompressed_bytes:
        raise UnreadableError(f"Het werkboek is uitgepakt {excel_size(total)} groot (max. {excel_size(limits.uncompressed_bytes)}): "
                         "verwijder lege rijen en kolommen ver buiten de tabel en sla het opnieuw op.")
    for info in infos:
        if info.filename.endswith("sharedStrings.xml") and info.file_size > limits.shared_strings_bytes:
            raise UnreadableError(f"Het werkboek bevat {excel_size(info.file_size)} tekst (max. "
                             f"{excel_size(limits.shared_strings_bytes)}): een cel met heel veel tekst? Verwijder ze en "
                             "sla het werkboek opnieuw op.")
        if info.file_size > limits.part_bytes:
            raise UnreadableError(f"Onderdeel '{info.filename}' is uitgepakt {excel_size(info.file_size)} groot (max. "
                             f"{excel_size(limits.part_bytes)}): verwijder lege rijen en kolommen ver buiten de tabel.")
    try:
        parts = _sheet_parts(zf)
    except (KeyError, ElementTree.ParseError) as exc:
        raise UnreadableError("Het werkboek is beschadigd en kan niet gelezen worden: open het in Excel en sla het opnieuw op.") from exc
    plans: list[_SheetPlan] = []
    problems: list[Problem] = []
    replaced: dict[str, bytes] = {}
    for name, part, visible in parts:
        plan = _SheetPlan(name, part, visible)
        try:
            data = _read_part(zf, part, limits.part_bytes)
        except KeyError:
            continue  # a sheet the workbook lists but does not contain: the parser reports it
        try:
            _plan_sheet(plan, data, limits, exact_allowed)
        except ElementTree.ParseError as exc:
            raise UnreadableError(f"Tabblad '{name}' is beschadigd: open het werkboek in Excel en sla het opnieuw op.") from exc
        if plan.rows is not None:
            cells = (plan.rows[1] + 1) * (plan.cols[1] + 1)
            if cells > limits.cells_per_sheet:
                raise UnreadableError(
                    f"Tabblad '{name}' is te groot om in te lezen ({cells:,} cellen tot "
                    f"{cell_ref(plan.rows[1], plan.cols[1])}; max. {limits.cells_per_sheet:,}): splits het op of "
                    "verwijder lege rijen en kolommen.".replace(",", "."))
        if plan.stray:
            if not plan.exact:
                raise UnreadableError(f"Tabblad '{name}' bevat cellen ver buiten de tabel ({cell_ref(*plan.stray[0])}): "
                                 "verwijder ze in Excel en sla het werkboek opnieuw op.")
            replaced[part] = _clean_sheet(data, plan)
            problems.extend(_stray_problems(plan))
        elif plan.trim:
            replaced[part] = _clean_sheet(data, plan)
        plans.append(plan)
    if replaced:
        content = _rezip(zf, replaced)
    return content, plans, problems


def _rezip(zf: zipfile.ZipFile, replaced: dict[str, bytes]) -> bytes:
    """A copy of the workbook in memory with some parts replaced (the source is never written)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in zf.infolist():
            target.writestr(info.filename, replaced.get(info.filename) or zf.read(info))
    return out.getvalue()


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
