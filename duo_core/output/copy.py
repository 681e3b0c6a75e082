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
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.styles import Font, PatternFill

from duo_core.dataset import Dataset
from duo_core.lifecycle.duos import audit_view
from duo_core.output.excel import cell_text
from duo_core.output.template import frame_rows, write_workbook
from duo_core.schema import DUOS, PARTICIPANTS, SHEETS

CHANGES_SHEET = "Wijzigingen"
HIGHLIGHT = PatternFill("solid", fgColor="FFF2CC")
CHANGE_HEADER = "Wijziging"
#: Per sheet, the frame column that says whether the app added or changed a row.
_CHANGE_COLUMN = {PARTICIPANTS.name: "person_change", DUOS.name: "journal_change"}


def updated_workbook(view: Dataset, province: str, events: pd.DataFrame) -> bytes:
    """The updated copy of ``province``'s workbook (``.xlsx`` bytes), from the overlaid ``view``.

    ``events`` are the journal's events (:meth:`duo_core.Journal.events`); those of the province become
    the sheet *Wijzigingen*.
    """
    frames = {"Deelnemers": view.participants, "Vrijwilligers": view.volunteers, "Duo's": view.duos,
              "Contactcoaches": view.coaches, "Intakevrijwilligers": view.intake_volunteers}
    mine = {name: frame[frame["province"] == province].sort_values("key", kind="stable")
            for name, frame in frames.items()}
    rows = {sheet.name: [[cell_text(v) for v in row] for row in frame_rows(mine[sheet.name], sheet)]
            for sheet in SHEETS}  # every text cell guarded against formulas, as in every download
    with tempfile.TemporaryDirectory() as tmp:
        path = write_workbook(Path(tmp) / f"{province}.xlsx", province, rows)
        wb = load_workbook(path)
    for sheet_name, column in _CHANGE_COLUMN.items():
        frame = mine[sheet_name]
        if column not in frame:
            continue
        ws = wb[sheet_name]
        mark = ws.max_column + 1
        ws.cell(row=1, column=mark, value=CHANGE_HEADER).font = Font(bold=True)
        for r, change in enumerate(frame[column].tolist(), start=2):
            if isinstance(change, str) and change:
                ws.cell(row=r, column=mark, value=change)
                for c in range(1, mark + 1):
                    ws.cell(row=r, column=c).fill = HIGHLIGHT
    _changes_sheet(wb.create_sheet(CHANGES_SHEET), audit_view(events, view, (province,)))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


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


__all__ = ["CHANGES_SHEET", "updated_workbook"]
