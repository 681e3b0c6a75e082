"""One raw sheet to a frame of canonical columns: which sheet, where the header is, what the rows are.

Workbooks as people keep them differ from the template in ways this module absorbs, each with a
finding so that nothing changes silently:

* **Which sheet.** A visible sheet with the exact name beats a hidden or near-named one (an old
  ``Deelnemer`` kept beside ``Deelnemers``); the others are reported and not read.
* **Where the header is.** The header is the row among the first :data:`HEADER_ROWS` that names the most
  schema columns, so title rows, blank rows and merged group headers above it are skipped (reported
  once, as ``info``); Excel row numbers in findings stay exact.
* **Merged cells.** A merged header names all its columns; a merged range in the data fills its value
  down its first column, with a ``waarschuwing`` per range.
* **Rows that are not people.** A "Totaal" row, a row of sums (``=SUM(...)``) or a repeated header row is
  skipped with an ``info`` finding, never loaded as a person.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from duo_core.config import Config
from duo_core.dataset import empty_frame
from duo_core.findings import ERROR, INFO, WARNING, Finding
from duo_core.formatting import raw_text
from duo_core.headers import find_sheet, header_map, normalise_label
from duo_core.reading.dates import MONTH_FIRST, parse_date_column, year_alone
from duo_core.reading.guarded import RawSheet, cell_ref, column_letters
from duo_core.reading.values import is_blank, parse_column
from duo_core.schema import SHEETS, Sheet

HEADER_ROWS = 30
# Columns whose parse problems are only worth a warning: the rest of the row is still fully usable.
_WARNING_KINDS = {"email", "phone"}
SUMMARY_WORDS = {
    "totaal", "totalen", "eindtotaal", "subtotaal", "total", "totals", "grandtotal", "subtotal", "som", "sum",
    "gemiddelde", "average", "aantal", "count",
}
_AGGREGATE = re.compile(
    r"^\s*=?\s*(?:_xlfn\.)?(?:SUM|SUBTOTAL|COUNTA?|COUNTIFS?|SUMIFS?|AVERAGE(?:IFS?)?|MAX|MIN|MEDIAN|AGGREGATE)\s*\(",
    re.IGNORECASE,
)


def choose_sheets(file: str, sheets: tuple[RawSheet, ...]) -> tuple[dict[str, RawSheet], list[Finding]]:
    """The raw sheet to read for each schema sheet; every other candidate is reported and left out."""
    candidates: dict[str, list[tuple[int, RawSheet]]] = {}
    for order, raw in enumerate(sheets):
        schema = find_sheet(raw.name)
        if schema is not None:
            candidates.setdefault(schema.name, []).append((order, raw))
    chosen: dict[str, RawSheet] = {}
    findings: list[Finding] = []
    for name, options in candidates.items():
        ranked = sorted(options, key=lambda o: (not o[1].visible, normalise_label(o[1].name) != normalise_label(name),
                                                o[0]))
        best = ranked[0][1]
        chosen[name] = best
        for _, other in ranked[1:]:
            hidden = " (verborgen)" if not other.visible else ""
            findings.append(Finding(file, other.name, None, None, WARNING,
                                    f"Tabblad '{other.name}'{hidden} wordt niet ingelezen: '{best.name}' wordt gebruikt "
                                    f"als {name}. Verwijder het andere tabblad als het oud is."))
        if not best.visible:
            findings.append(Finding(file, best.name, None, None, WARNING,
                                    f"Tabblad '{best.name}' is verborgen, maar wordt ingelezen als {name}: maak het "
                                    "zichtbaar als dit de juiste gegevens zijn."))
    return chosen, findings


def as_grid(raw: RawSheet) -> np.ndarray:
    """The cells of a raw sheet as a 2-D object array (rows as Excel numbers them, from row 1)."""
    if not raw.rows or not raw.rows[0]:
        return np.empty((0, 0), dtype=object)
    grid = np.empty((len(raw.rows), len(raw.rows[0])), dtype=object)
    grid[:] = raw.rows
    return grid


def _header_score(row: np.ndarray, hmap) -> int:
    return len({name for cell in row if not is_blank(cell) and (name := hmap.match(cell)) is not None})


def find_header(grid: np.ndarray, hmap, merged: tuple) -> int | None:
    """The 0-based row among the first rows that names the most schema columns (``None``: no header)."""
    top = grid[:HEADER_ROWS].copy()
    for r0, c0, r1, c1 in merged:  # a merged header cell names every column it covers
        if r0 < len(top):
            top[r0 : min(r1, len(top) - 1) + 1, c0 : c1 + 1] = top[r0, c0]
    scores = [_header_score(top[r], hmap) for r in range(len(top))]
    if not scores or max(scores) == 0:
        return None
    return int(np.argmax(scores))


def _folded(values: np.ndarray) -> np.ndarray:
    """``normalise_label`` of each cell, computed once per distinct value (text only; other cells give ``""``)."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    folded = np.array([normalise_label(u) if isinstance(u, str) else "" for u in uniques] + [""], dtype=object)
    return folded[np.where(codes < 0, len(uniques), codes)]


def _skipped_rows(grid: np.ndarray, blank: np.ndarray, header_row: int, formulas: dict) -> dict[int, str]:
    """Rows below the header that are not people, with why: summary rows and repeated header rows.

    A summary row starts with a word like "Totaal" or holds a sum, count or average formula; a
    repeated header names at least 60 % (and at least two) of the header's columns again.
    """
    body = np.arange(header_row + 1, len(grid))
    if len(body) == 0:
        return {}
    filled = ~blank[body]
    first_col = filled.argmax(axis=1)
    first = grid[body, first_col]
    first_folded = _folded(first)
    skipped: dict[int, str] = {}
    for i in np.flatnonzero(np.isin(first_folded, list(SUMMARY_WORDS)) & filled.any(axis=1)):
        skipped[int(body[i])] = f"een totaalrij ('{str(first[i]).strip()}')"
    for (r, _), text in sorted(formulas.items()):
        if r > header_row and r not in skipped and _AGGREGATE.match(text or ""):
            skipped[r] = f"een rij met formules ('={text.strip()}')"
    header = grid[header_row]
    named = [c for c, h in enumerate(header) if not is_blank(h)]
    if len(named) >= 2:
        # a cheap first look (the first named column repeats its header), then the full comparison
        c0 = named[0]
        hits = body[_folded(grid[body, c0]) == normalise_label(header[c0])]
        targets = {c: normalise_label(header[c]) for c in named}
        for r in hits:
            same = sum(1 for c, h in targets.items() if normalise_label(grid[r, c]) == h)
            if r not in skipped and same >= 0.6 * len(named):
                skipped[int(r)] = "een herhaling van de kopteksten"
    return skipped


@dataclass(frozen=True)
class MappedColumns:
    """How a koppelprofiel reads one sheet: the header row (0-based), header -> field, headers left out."""

    header_row: int
    aliases: dict[str, str]
    ignored: frozenset[str] = frozenset()

    def match(self, header: object) -> str | None:
        """The field of ``header`` (exactly as the profile names it), or ``None``."""
        return self.aliases.get(str(header).strip())


def parse_sheet(
    file: str, raw: RawSheet, sheet: Sheet, config: Config, as_of: dt.date | None = None, *,
    mapped: MappedColumns | None = None, grid: np.ndarray | None = None,
) -> tuple[pd.DataFrame, list[Finding]]:
    """Parse one raw sheet into a frame of canonical columns plus ``source_row``; report every problem.

    ``mapped`` (from a koppelprofiel) fixes the header row and says exactly which header is which field;
    headers it leaves out are not reported as unknown; ``grid`` is the sheet's cells when they were
    already made into an array (the mapped grid), instead of ``raw.rows``.
    """
    findings: list[Finding] = []
    name = raw.name
    grid = as_grid(raw) if grid is None else grid
    blank = (grid == "") | (grid == None) | (grid != grid)  # noqa: E711  (elementwise, in C; NaN != NaN)
    if grid.size == 0 or blank.all():
        findings.append(Finding(file, name, None, None, WARNING, f"Tabblad '{name}' is leeg: er is niets ingelezen."))
        return empty_frame(sheet), findings
    hmap = header_map(sheet, config.aliases.get(sheet.name)) if mapped is None else mapped
    header_row = find_header(grid, hmap, raw.merged) if mapped is None else mapped.header_row
    if header_row is None:
        findings.append(Finding(file, name, None, None, ERROR,
                                f"Geen kopteksten gevonden in de eerste {HEADER_ROWS} rijen van tabblad '{name}': zet de "
                                "kopteksten van template.xlsx boven de tabel."))
        return empty_frame(sheet), findings
    titles = [r for r in range(header_row) if not blank[r].all()]
    if titles:
        findings.append(Finding(file, name, titles[0] + 1, None, INFO,
                                f"Rij {titles[0] + 1}{'' if len(titles) == 1 else f' tot {titles[-1] + 1}'} boven de "
                                f"kopteksten (rij {header_row + 1}) wordt niet ingelezen (titel of uitleg)."))
    merged_header: dict[int, str] = {}
    for r0, c0, r1, c1 in raw.merged:
        value = grid[r0, c0]
        if r0 <= header_row <= r1:
            grid[header_row, c0 : c1 + 1] = value
            merged_header.update({c: f"{cell_ref(r0, c0)}:{cell_ref(r1, c1)}" for c in range(c0 + 1, c1 + 1)})
        elif r0 > header_row and r1 > r0 and not is_blank(value):
            grid[r0 : r1 + 1, c0] = value
            blank[r0 : r1 + 1, c0] = False
            findings.append(Finding(file, name, r0 + 1, str(grid[header_row, c0]).strip() or column_letters(c0), WARNING,
                                    f"Cellen {cell_ref(r0, c0)}:{cell_ref(r1, c1)} zijn samengevoegd: de waarde "
                                    f"'{raw_text(value)}' geldt nu voor rij {r0 + 1} tot {r1 + 1}. Maak de "
                                    "samenvoeging ongedaan en vul elke rij zelf in."))

    positions: dict[str, int] = {}
    typed: dict[str, str] = {}
    for c, header in enumerate(grid[header_row]):
        if is_blank(header):
            continue
        canonical = hmap.match(header)
        shown = str(header).strip()
        if mapped is not None and shown in mapped.ignored:
            continue
        has_data = not blank[header_row + 1 :, c].all()
        if c in merged_header and (canonical is None or canonical in positions):
            if has_data:
                findings.append(Finding(file, name, header_row + 1, f"{shown} ({column_letters(c)})", ERROR,
                                        f"Kop '{shown}' is samengevoegd over {merged_header[c]}: kolom {column_letters(c)} "
                                        "wordt niet ingelezen. Maak de samenvoeging ongedaan en geef elke kolom een eigen "
                                        "kop."))
            continue
        if canonical is None:
            findings.append(Finding(file, name, header_row + 1, shown, WARNING,
                                    f"Kolom '{shown}' is onbekend en wordt niet gebruikt: "
                                    + ("koppel ze op de pagina Gegevens koppelen." if mapped is not None else
                                       "hernoem ze zoals in template.xlsx of voeg een alias toe in duo.toml.")))
        elif canonical in positions:
            findings.append(Finding(file, name, header_row + 1, shown, WARNING,
                                    f"Kolom '{shown}' staat er twee keer: enkel de eerste ('{typed[canonical]}') wordt "
                                    "gebruikt."))
        else:
            positions[canonical] = c
            typed[canonical] = shown
    for col in sheet.columns:
        if col.name not in positions and col.required:
            findings.append(Finding(file, name, header_row + 1, col.header, ERROR,
                                    f"Verplichte kolom '{col.header}' ontbreekt: voeg ze toe in rij {header_row + 1}."))
    if sheet.column(sheet.id_column).name not in positions:
        return empty_frame(sheet), findings

    rows = []
    id_col = positions[sheet.id_column]
    skipped = _skipped_rows(grid, blank, header_row, raw.formulas)
    candidates = np.flatnonzero(~blank[header_row + 1 :].all(axis=1)) + header_row + 1
    for r in candidates.tolist():
        if is_blank(grid[r, id_col]) and all(is_blank(v) for v in grid[r]):
            continue  # only white space
        if r in skipped:
            findings.append(Finding(file, name, r + 1, None, INFO, f"Rij {r + 1} is {skipped[r]} en wordt overgeslagen."))
            continue
        rows.append(r)
    body = grid[rows] if rows else np.empty((0, grid.shape[1]), dtype=object)
    excel_rows = [r + 1 for r in rows]
    data: dict[str, list[Any]] = {}
    for col in sheet.columns:
        if col.name not in positions:
            data[col.name] = [None] * len(body)
            continue
        cells = body[:, positions[col.name]]
        if col.kind == "date":
            parsed, problems, order = parse_date_column(cells.tolist(), as_of=as_of, birth=col.name == "birth_date")
            if col.name == "birth_date":
                findings += _years_alone(file, name, header_row, typed[col.name], cells.tolist(), excel_rows, as_of)
            if order == MONTH_FIRST:
                findings.append(Finding(file, name, header_row + 1, typed[col.name], WARNING,
                                        f"Kolom '{typed[col.name]}' staat in maand/dag/jaar (Amerikaanse volgorde): alle "
                                        "datums van deze kolom zijn zo gelezen. Schrijf ze liefst als dd/mm/jjjj."))
        else:
            parsed, problems = parse_column(cells, col)
        data[col.name] = parsed
        severity = WARNING if col.kind in _WARNING_KINDS else ERROR
        expects = f" Kolom '{typed[col.name]}' verwacht {col.expects}." if col.expects else ""
        for i, problem in enumerate(problems):
            if problem is not None:
                findings.append(Finding(file, name, excel_rows[i], typed[col.name], severity, problem + expects))
    columns = [c.name for c in sheet.columns]
    frame = pd.DataFrame({n: pd.Series(data[n], dtype=object) for n in columns}, columns=columns)
    frame["source_row"] = excel_rows
    frame.attrs["headers"] = {n: typed.get(n, sheet.column(n).header) for n in columns}
    return frame, findings


def _years_alone(file: str, sheet: str, header_row: int, header: str, cells: list, rows: list[int],
                 as_of: dt.date | None) -> list[Finding]:
    """Birth dates written as a year alone (read as 1 January): one finding per row, or one for a column of years."""
    memo: dict[tuple[type, object], int | None] = {}
    years = []
    for r, v in zip(rows, cells, strict=True):
        key = (type(v), v)
        if key not in memo:
            memo[key] = year_alone(v, as_of)
        if memo[key] is not None:
            years.append((r, memo[key]))
    if len(years) > 1 and len(years) == sum(not is_blank(v) for v in cells):  # a column of birth years: said once
        return [Finding(file, sheet, header_row + 1, header, INFO,
                        f"Kolom '{header}' bevat alleen geboortejaren (bv. {years[0][1]}): we rekenen met 1 januari van "
                        "dat jaar. Voor matching op leeftijd volstaat het jaar; een leeftijd kan tot een jaar afwijken.")]
    return [Finding(file, sheet, r, header, INFO,
                    f"Alleen een geboortejaar: {y}; we rekenen met 1 januari {y}. Vul de volledige geboortedatum in "
                    "(dd/mm/jjjj) als je die kent.") for r, y in years]


__all__ = ["HEADER_ROWS", "SHEETS", "MappedColumns", "as_grid", "choose_sheets", "find_header", "parse_sheet"]
