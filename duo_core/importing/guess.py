"""Proposing a koppelprofiel: per sheet its role and header row, per column its field, per answer its value.

:func:`propose_mapping` reads workbooks (a file, a folder, bytes or uploads, as ``load_dataset``) and
guesses from headers and values (:mod:`duo_core.importing.clues`), each guess with a confidence and a Dutch
reason. One field per column and one column per field: the best guess wins, the others are left out
with a reason that says so. A sheet whose column says per row "deelnemer" or "vrijwilliger" holds both
roles. A guess that is not sure enough (:func:`uncertain`) is asked, not taken: the column keeps it as a
suggestion and is not read until the professional answers on the page Gegevens koppelen.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from typing import Any

import numpy as np

from duo_core.findings import ERROR, WARNING, Finding
from duo_core.headers import find_sheet, header_map, normalise_label
from duo_core.importing import answers, clues
from duo_core.importing.mapping import (
    COLUMN_COLUMNS,
    SHEET_COLUMNS,
    VALUE_COLUMNS,
    Mapping,
    sheet_roles,
    table,
    value_rows,
)
from duo_core.reading.guarded import DEFAULT_LIMITS, BusyError, Limits, RawSheet, UnreadableError
from duo_core.reading.sheets import HEADER_ROWS, as_grid, find_header
from duo_core.reading.sources import collect_sources, read_raw
from duo_core.reading.values import is_blank, parser_for
from duo_core.schema import INSTRUCTIONS_SHEET, LISTS_SHEET, SHEETS

#: The most columns with a header one sheet may have for the assistant (page Gegevens koppelen): a form export
#: has a few dozen; beyond this a sheet is refused with a message, never proposed for minutes.
MAX_COLUMNS = 1000
#: Below this confidence a guess is asked, not taken (:func:`uncertain`).
UNSURE = 0.7


def uncertain(field: str | None, confidence: float) -> bool:
    """Whether a guess must be asked instead of taken: a field guessed with less than :data:`UNSURE` confidence.

    Such guesses rest on thin evidence (answers that fit a closed list but no header that names it, a form's
    sequence number as the ID, a question new since the profile); a wrong one would move answers into a
    field unnoticed, so the column waits for the professional's answer and is not read until then.
    """
    return field is not None and float(confidence) < UNSURE


def _header_row(grid: np.ndarray, merged) -> int | None:
    best, best_score = None, 1
    for sheet in SHEETS:
        row = find_header(grid, header_map(sheet), merged)
        if row is not None:
            score = sum(1 for v in grid[row] if not is_blank(v) and header_map(sheet).match(v))
            if score > best_score:
                best, best_score = row, score
    if best is not None:
        return best
    counts = [sum(1 for v in grid[r] if isinstance(v, str) and v.strip()) for r in range(min(len(grid), HEADER_ROWS))]
    return int(np.argmax(counts)) if counts and max(counts) >= 2 else None


def _column_guess(role: str, header: str, values: Counter, as_of: dt.date, form: bool,
                  tool: bool = False) -> tuple[str | None, float, str]:
    why = clues.is_metadata(header, values, tool)
    if why:
        return None, 0.9, why
    day = answers.grid_day(header, values)
    if day is not None and "availability" in {c.name for c in clues.ROLES[role].columns}:
        return f"availability={day}", 0.85, f"de dagdelen van {day} (één kolom per dag)"
    by_header = clues.from_header(role, header)
    hot = clues.one_hot(role, header, values)
    if hot and (by_header is None or by_header[0] in _MULTI or answers.option_of(header)):
        kind = {"availability": "moment", "languages": "taal"}.get(hot[0], "interesse")
        return f"{hot[0]}={hot[1]}", 0.85, f"aangekruist per rij: één {kind}"
    if clues.folded(header) == "naam" and values:
        words = [(len(str(v).split()), n) for v, n in values.items()]
        total = sum(n for _, n in words)
        if total and sum(n for w, n in words if w >= 2) / total > 0.6:
            by_header = (clues.FULL_NAME, 0.85, "één kolom met voornaam en naam")
    if form and clues.folded(header) == "id":
        return "id", 0.5, "het volgnummer van het formulier (geen beter ID gevonden)"
    rejected = ""
    if by_header and by_header[0] != clues.FULL_NAME:
        col = clues.ROLES[role].column(by_header[0])
        wrong = answers.confirms(col.name, col.kind, values, parser_for(col) if col.kind == "vocab" else None)
        if wrong:
            rejected = f"de kop lijkt op '{col.header}', maar {wrong}"
            by_header = None
    if values and answers.yes_no_share(values) >= 0.9 and len(values) <= 6:
        if by_header and clues.ROLES[role].column(by_header[0]).kind == "bool":
            return by_header[0], by_header[1], f"{by_header[2]}; de antwoorden zijn ja of nee"
        if by_header is None or (by_header[0] != clues.FULL_NAME and clues.ROLES[role].column(by_header[0]).kind
                                 in ("multi", "slots", "multi_vocab")):
            return None, 0.6, "een ja/nee-vraag die matching niet gebruikt: kies zelf een veld als het wel telt"
    by_values = clues.from_values(role, values, as_of)
    if by_header and by_values and by_header[0] == by_values[0]:
        return by_header[0], min(1.0, max(by_header[1], by_values[1]) + 0.05), f"{by_header[2]}; {by_values[2]}"
    if by_values and (by_header is None or _values_win(role, by_header[0], by_values[0], values)):
        reason = f"{by_values[2]}" + (f" (de kop '{header}' deed aan iets anders denken)" if by_header else "")
        return by_values[0], by_values[1], reason
    if by_header:
        return by_header
    if rejected:
        return None, 0.3, rejected
    return None, 0.0, "onbekende kolom: kies zelf een veld of laat ze weg"


_MULTI = ("interests", "availability", "languages", "personality", "transport", "target_groups")


def _values_win(role: str, by_header: str, by_values: str, values: Counter) -> bool:
    """Whether what the values show overrules the header.

    A postcode in an address line, a distance in km, e-mail addresses, day-parts; or a closed list whose
    answers do not fit. Never over an ID column (numbers may look like postcodes).
    """
    col = clues.ROLES[role].column(by_header)
    if by_header in ("id", "first_name", "last_name") or col.kind not in ("text", "phone", "multi", "vocab", "multi_vocab"):
        return False
    if by_values in ("postcode", "max_distance_km", "email", "availability"):
        return True
    if col.kind in ("vocab", "multi_vocab"):
        parse = parser_for(col)
        fits = sum(n for v, n in values.items() if parse(v)[1] is None)
        return fits < 0.5 * sum(values.values())
    return False


def _sheet_columns(file: str, sheet: str, role: str, headers: list[str], counts: list[Counter], as_of: dt.date,
                   form: bool, tool: bool = False) -> list[dict]:
    rows = []
    for c, header in enumerate(headers):
        if not header:
            continue
        field, confidence, reason = _column_guess(role, header, clues.evidence(counts[c]), as_of, form, tool)
        rows.append({"file": file, "sheet": sheet, "header": header, "field": field,
                     "confidence": round(float(confidence), 2), "reason": reason, "_c": c})
    # one field per column, best first; the form's ID only when nothing better names the person
    taken: dict[str, dict] = {}
    for r in sorted(rows, key=lambda r: -r["confidence"]):
        f = r["field"]
        if f is None or "=" in f:
            continue
        if f in taken:
            r["reason"] = f"{r['reason']}, maar '{taken[f]['header']}' is al {f}: niet gebruikt"
            r["field"], r["confidence"] = None, 0.3
        else:
            taken[f] = r
    if clues.FULL_NAME in taken and "first_name" in taken:
        r = taken[clues.FULL_NAME]
        r["field"], r["reason"] = None, "er zijn al aparte kolommen voor voornaam en naam"
    return rows


def propose_mapping(source: Any, *, as_of: dt.date | None = None, limits: Limits = DEFAULT_LIMITS,
                    header_rows: dict[tuple[str, str], int] | None = None) -> Mapping:
    """Propose how to read the workbooks of ``source`` (a folder, a path, paths, bytes or uploads).

    Parameters
    ----------
    source
        What ``load_dataset`` takes; bytes are one uploaded workbook.
    as_of
        The date birth dates are judged against (default today).
    limits
        What one workbook may ask (see :class:`duo_core.reading.guarded.Limits`); uploads are read isolated.
    header_rows
        Per ``(file, sheet)`` the Excel row of the headers, when the professional corrects the guess.

    Returns
    -------
    Mapping
        Sheets, columns and values as proposed, uncertain guesses as suggestions (not read until answered); a
        workbook that cannot be read, or is not read yet because the server is busy, is in ``problems``.
    """
    as_of = as_of or dt.date.today()
    header_rows = header_rows or {}
    if isinstance(source, (bytes, bytearray)):
        buffer = io.BytesIO(source)
        buffer.name = "opgeladen.xlsx"
        source = [buffer]
    sources, problems = collect_sources(source)
    sheet_rows, column_rows, headers_of, samples, roles_of = [], [], {}, {}, {}
    for src in sources:
        try:
            raw_book = read_raw(src, limits=limits)
        except BusyError as exc:  # not the workbook's fault: said, and proposed again on the next try
            problems.append(Finding(src.name, None, None, None, WARNING, str(exc.args[0])))
            continue
        except UnreadableError as exc:
            problems.append(Finding(src.name, None, None, None, ERROR, str(exc.args[0])))
            continue
        for raw in raw_book.sheets:
            proposed = _propose_sheet(src.name, raw, as_of, header_rows.get((src.name, raw.name)))
            if proposed is None:
                continue
            entry, cols, headers, counts = proposed
            sheet_rows.append(entry)
            column_rows += cols
            headers_of[(src.name, raw.name)] = tuple(h for h in headers if h)
            roles_of[(src.name, raw.name)] = sheet_roles(entry["role"], entry["split_column"])
            samples.update({(src.name, raw.name, h): counts[c] for c, h in enumerate(headers) if h})
    values = []
    for c in column_rows:
        c["suggestion"] = None
        if uncertain(c["field"], c["confidence"]):
            c["field"], c["suggestion"] = None, c["field"]
        key = (c["file"], c["sheet"])
        values += value_rows(*key, c["header"], c["field"], samples[(*key, c["header"])], roles_of[key])
    return Mapping(table(sheet_rows, SHEET_COLUMNS), table(column_rows, COLUMN_COLUMNS), table(values, VALUE_COLUMNS),
                   headers_of, samples, tuple(problems))


def _propose_sheet(file: str, raw: RawSheet, as_of: dt.date, header_row: int | None):
    """``(sheet entry, column rows, headers, value counts per column)`` for one sheet, or ``None`` to skip it."""
    if normalise_label(raw.name) in _SKIPPED:
        return None
    grid = as_grid(raw)
    if grid.size == 0:
        return None
    row = header_row - 1 if header_row is not None and 0 < header_row <= len(grid) else _header_row(grid, raw.merged)
    if row is None:
        return None
    headers, row = clues.headers_at(grid, row, below=header_row is None)
    headers = list(headers)
    body = grid[row + 1:]
    wide = sum(1 for h in headers if h)
    if wide > MAX_COLUMNS:
        problem = (f"Tabblad '{raw.name}' heeft {wide:,} kolommen met een kop; de assistent koppelt er hoogstens "
                   f"{MAX_COLUMNS:,}. Verwijder de kolommen die je niet nodig hebt (of exporteer enkel de vragen van "
                   "het formulier) en laad het werkboek opnieuw op.").replace(",", ".")
        entry = {"file": file, "sheet": raw.name, "role": None, "header_row": row + 1, "rows": len(body),
                 "split_column": None, "problem": problem}
        return entry, [], [], []
    counts = [clues.sample(body[:, c].tolist()) for c in range(len(headers))]
    rows = sum(1 for r in body if not all(is_blank(v) for v in r))
    form = any(clues.folded(h) in clues.METADATA for h in headers)
    tool = any(h.startswith("_") and len(h) > 1 for h in headers)
    split = next((h for c, h in enumerate(headers) if h and clues.split_values(counts[c])), None)
    named = find_sheet(raw.name)
    role = named.name if named is not None else "Deelnemers"
    cols = _sheet_columns(file, raw.name, role, headers, counts, as_of, form, tool)
    volunteer_cols = (_sheet_columns(file, raw.name, "Vrijwilligers", headers, counts, as_of, form, tool)
                      if named is None or split else None)
    if named is None:
        fields = {c["field"].split("=")[0] for c in [*cols, *volunteer_cols] if c["field"]}
        guessed = clues.role_of(raw.name, file, fields)
        if guessed != role and not split:
            role = guessed
            cols = (volunteer_cols if role == "Vrijwilligers"
                    else _sheet_columns(file, raw.name, role, headers, counts, as_of, form, tool))
    if split:
        for c in cols:
            if c["header"] == split:
                c["field"], c["confidence"], c["reason"] = None, 0.9, "zegt per rij: deelnemer of vrijwilliger"
        for c, v in zip(cols, volunteer_cols, strict=True):  # fields only volunteers have
            if c["field"] is None and v["field"] and c["header"] != split:
                c.update(field=v["field"], confidence=v["confidence"], reason=v["reason"])
    entry = {"file": file, "sheet": raw.name, "role": role, "header_row": row + 1, "rows": rows, "split_column": split,
             "problem": None}
    return entry, [{k: v for k, v in c.items() if k != "_c"} for c in cols], headers, counts


_SKIPPED = {normalise_label(INSTRUCTIONS_SHEET), normalise_label(LISTS_SHEET), "info"}


__all__ = ["MAX_COLUMNS", "UNSURE", "propose_mapping", "uncertain"]
