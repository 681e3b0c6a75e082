"""Measuring an OOXML workbook before any parser sees it: sizes, every cell's position, the used block.

The ZIP's declared sizes are checked against :class:`~duo_core.reading.grids.Limits`; each sheet's XML is
streamed once to find where values really are (a fast pattern for sheets written as Excel writes them, a
namespace-aware parse for any other form); cells far outside the used block are reported and left out of a
cleaned in-memory copy, so a parser never materialises a sheet's declared rectangle. Standard library only.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from xml.etree import ElementTree

from duo_core.reading.grids import (
    DEFAULT_LIMITS,
    MB,
    STRAY_LISTED,
    WARNING,
    Limits,
    NeedsIsolationError,
    Problem,
    UnreadableError,
    cell_ref,
    column_index,
    column_letters,
    excel_size,
)

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
