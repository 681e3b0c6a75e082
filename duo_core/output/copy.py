"""Back to the workbook: an updated copy of a province's workbook with what the app recorded.

The copy is a new workbook in the template format (the source is never written): every participant,
volunteer, duo and coach as the pages see them (workbooks plus journal), so it holds the people signed up
in the app, changed fields and statuses, and the duos the app added or changed. Rows the app added or
changed are highlighted (their *Wijziging* is ``nieuw`` or ``gewijzigd``), and a sheet *Wijzigingen* lists
every step of the province (what, when, by whom). Loaded again together with the journal it gives the same
figures: the app's people and duos are recognised by their keys and pairs and counted once.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from duo_core.dataset import Dataset
from duo_core.lifecycle.duos import audit_view
from duo_core.lifecycle.with_journal import CHANGED, NEW
from duo_core.output.excel import cell_text
from duo_core.output.template import frame_rows, write_workbook
from duo_core.schema import DUOS, PARTICIPANTS, SHEETS, VOLUNTEERS, Sheet

CHANGES_SHEET = "Wijzigingen"
#: A row the app added (a sign-up, a duo proposed in the app): every cell of the row.
NEW_FILL = PatternFill("solid", fgColor="E2EFDA")
#: A cell the app changed (a correction, a status, a duo's next step).
CHANGED_FILL = PatternFill("solid", fgColor="FFF2CC")
HIGHLIGHT = CHANGED_FILL  # without the source: the whole changed row
CHANGE_HEADER = "Wijziging"
#: Per sheet, the frame column that says whether the app added or changed a row.
_CHANGE_COLUMN = {PARTICIPANTS.name: "person_change", DUOS.name: "journal_change"}
#: The sheets compared cell by cell with the source.
_COMPARED = (PARTICIPANTS.name, VOLUNTEERS.name, DUOS.name)
CELL_HEADERS = ["Tabblad", "Cel", "ID", "Kolom", "Was", "Nu"]


@dataclass(frozen=True)
class CellChange:
    """One highlighted cell (or a new row: ``column`` is "nieuwe rij", ``cell`` the row's range)."""

    sheet: str
    cell: str
    ident: str
    column: str
    was: object
    now: object


def _frames(ds: Dataset, province: str) -> dict[str, pd.DataFrame]:
    frames = {"Deelnemers": ds.participants, "Vrijwilligers": ds.volunteers, "Duo's": ds.duos,
              "Contactcoaches": ds.coaches, "Intakevrijwilligers": ds.intake_volunteers}
    return {name: frame[frame["province"] == province].sort_values("key", kind="stable")
            for name, frame in frames.items()}


def _rows(frames: dict[str, pd.DataFrame]) -> dict[str, list[list]]:
    # every text cell guarded against formulas, as in every download
    return {sheet.name: [[cell_text(v) for v in row] for row in frame_rows(frames[sheet.name], sheet)]
            for sheet in SHEETS}


def _compare(sheet: Sheet, frame: pd.DataFrame, rows: list[list], before: pd.DataFrame, before_rows: list[list],
             marks: list) -> tuple[dict[int, str], list[CellChange]]:
    """Per row (0-based) "nieuw" or "gewijzigd: <headers>", and every new row and changed cell."""
    old = dict(zip(before["key"], before_rows, strict=True))
    kinds: dict[int, str] = {}
    changes: list[CellChange] = []
    last = get_column_letter(len(sheet.columns))
    for i, (key, ident, row, mark) in enumerate(zip(frame["key"], frame["id"], rows, marks, strict=True)):
        excel_row = i + 2
        was = old.get(key)
        if was is None or mark == NEW:
            kinds[i] = NEW
            changes.append(CellChange(sheet.name, f"A{excel_row}:{last}{excel_row}", str(ident), "nieuwe rij", None,
                                      None))
            continue
        differ = [c for c, (a, b) in enumerate(zip(was, row, strict=True)) if a != b]
        if differ:
            kinds[i] = f"{CHANGED}: " + ", ".join(sheet.columns[c].header for c in differ)
            changes += [CellChange(sheet.name, f"{get_column_letter(c + 1)}{excel_row}", str(ident),
                                   sheet.columns[c].header, was[c], row[c]) for c in differ]
        elif mark == CHANGED:
            kinds[i] = CHANGED  # the journal changed it, the cells say the same
    return kinds, changes


def updated_workbook(view: Dataset, province: str, events: pd.DataFrame, source: Dataset | None = None) -> bytes:
    """The updated copy of ``province``'s workbook (``.xlsx`` bytes), from the overlaid ``view``.

    ``events`` are the journal's events (:meth:`duo_core.Journal.events`); those of the province become
    the sheet *Wijzigingen*. With ``source`` (the workbooks as read, projected like ``view``) the participants,
    volunteers and duos are compared cell by cell: a row the app added is filled :data:`NEW_FILL`, a cell it
    changed :data:`CHANGED_FILL`, the column *Wijziging* names the changed columns, and *Wijzigingen* lists
    every new row and changed cell below the steps (sheet, cell, ID, column, was, now). Without ``source``
    a changed row is filled as a whole.
    """
    mine = _frames(view, province)
    rows = _rows(mine)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_workbook(Path(tmp) / f"{province}.xlsx", province, rows)
        wb = load_workbook(path)
    before = _frames(source, province) if source is not None else None
    before_rows = _rows(before) if before is not None else None
    cells: list[CellChange] = []
    for sheet in SHEETS:
        if sheet.name not in _COMPARED:
            continue
        frame = mine[sheet.name]
        column = _CHANGE_COLUMN.get(sheet.name)
        marks = frame[column].tolist() if column in frame else [None] * len(frame)
        if before is None:
            kinds = {i: m for i, m in enumerate(marks) if isinstance(m, str) and m}
            found: list[CellChange] = []
        else:
            kinds, found = _compare(sheet, frame, rows[sheet.name], before[sheet.name], before_rows[sheet.name], marks)
        cells += found
        if column not in frame and not kinds:
            continue
        ws = wb[sheet.name]
        mark = len(sheet.columns) + 1
        ws.cell(row=1, column=mark, value=CHANGE_HEADER).font = Font(bold=True)
        for i, kind in kinds.items():
            ws.cell(row=i + 2, column=mark, value=kind)
            if before is None or kind == NEW:
                for c in range(1, mark + 1):
                    ws.cell(row=i + 2, column=c).fill = NEW_FILL if kind == NEW and before is not None else HIGHLIGHT
        for change in found:
            if change.column != "nieuwe rij":
                ws[change.cell].fill = CHANGED_FILL
    ws = wb.create_sheet(CHANGES_SHEET)
    _changes_sheet(ws, audit_view(events, view, (province,)))
    if before is not None:
        _cells_table(ws, cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cells_table(ws, cells: list[CellChange]) -> None:
    """Below the steps, after one empty row: every new row and changed cell of the copy."""
    ws.append([])
    ws.append(["Gemarkeerd in deze kopie: nieuwe rijen (groen) en gewijzigde cellen (geel)"])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    ws.append(CELL_HEADERS)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for c in cells:
        ws.append([c.sheet, c.cell, cell_text(c.ident), c.column, cell_text(c.was), cell_text(c.now)])


def _changes_sheet(ws, audit: pd.DataFrame) -> None:
    """What the app recorded in the province, oldest first: when, by whom, what, whom it concerns."""
    headers = ["Stap", "Wanneer", "Door", "Wat", "Duo of persoon", "Deelnemer", "Vrijwilliger", "Details",
               "Ongedaan gemaakt"]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in audit.iloc[::-1].itertuples():
        ws.append([int(r.id), cell_text(r.at), cell_text(r.actor), cell_text(r.label), cell_text(r.duo_key), cell_text(r.participant),
                   cell_text(r.volunteer), cell_text(r.details), "ja" if r.undone else ""])


__all__ = ["CHANGED_FILL", "CHANGES_SHEET", "NEW_FILL", "CellChange", "updated_workbook"]
