"""Writing workbooks in the template format: ``template.xlsx`` and exports of a dataset.

The layout follows :mod:`duo_core.schema`: an instruction sheet (with the province cell), the four data
sheets with their Dutch headers, and a hidden ``Lijsten`` sheet that feeds Excel's drop-downs for the
controlled vocabularies. :func:`export_dataset` writes typed frames back as cells a person would type,
so that loading an export gives the same frames.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from duo_core.reading.dates import MAX_YEAR
from duo_core.schema import (
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    PROVINCE_LABEL,
    SHEETS,
    SLOTS,
    STOP_REASONS,
    YES_NO,
    Column,
    Sheet,
)

VALIDATED_ROWS = 2000
_HEADER_FILL = PatternFill("solid", fgColor="1F5C99")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
DATE_FORMAT = "DD/MM/YYYY"


def _list_for(column: Column) -> tuple[str, ...] | None:
    """The drop-down list of a column, if it has one."""
    if column.kind == "vocab":
        return column.vocabulary
    if column.kind == "bool":
        return YES_NO
    if column.kind == "slots":
        return SLOTS
    if column.kind == "multi_vocab":
        return column.vocabulary
    if column.name == "stop_reason":
        return STOP_REASONS
    return None


def _write_lists(wb: Workbook) -> dict[tuple[str, str], str]:
    """Write the vocabularies to the hidden list sheet; return (sheet, column) -> range formula."""
    ws = wb.create_sheet(LISTS_SHEET)
    ranges: dict[tuple[str, str], str] = {}
    col_index = 1
    for sheet in SHEETS:
        for column in sheet.columns:
            values = _list_for(column)
            if not values:
                continue
            letter = get_column_letter(col_index)
            ws.cell(row=1, column=col_index, value=f"{sheet.name}: {column.header}")
            for i, v in enumerate(values, start=2):
                ws.cell(row=i, column=col_index, value=v)
            ranges[(sheet.name, column.name)] = (
                f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
            )
            col_index += 1
    ws.sheet_state = "hidden"
    return ranges


def _write_instructions(wb: Workbook, province: str | None) -> None:
    ws = wb.active
    ws.title = INSTRUCTIONS_SHEET
    ws["A1"] = "Samana Duowerking: werkboek per provincie"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A3"] = PROVINCE_LABEL
    ws["A3"].font = Font(bold=True)
    ws["B3"] = province or ""
    ws["A5"] = (
        "Eén rij per persoon of duo. Laat de kopteksten staan. Meerdere antwoorden scheid je met ';' "
        "(bv. 'wandelen; film'). Datums als dd/mm/jjjj. Beschikbaarheid als dag + dagdeel "
        "(voormiddag, namiddag, avond), bv. 'maandag voormiddag; woensdag avond'."
    )
    ws["A5"].alignment = Alignment(wrap_text=True)
    ws.merge_cells("A5:D5")
    ws.row_dimensions[5].height = 60
    ws["A6"] = ("Het tabblad Intakevrijwilligers is optioneel: wie kennismakingsgesprekken doet en hoeveel per maand. "
                "Mag weg als je het niet gebruikt.")
    row = 7
    for c, label in enumerate(("Tabblad", "Kolom", "Verplicht", "Uitleg of toegelaten waarden"), start=1):
        ws.cell(row=row, column=c, value=label).font = Font(bold=True)
    for sheet in SHEETS:
        for column in sheet.columns:
            row += 1
            allowed = _list_for(column)
            hint = column.help or (", ".join(allowed) if allowed and column.kind != "slots" else "")
            if column.sensitive:
                hint = (hint + " " if hint else "") + "(gevoelig: enkel voor beroepskrachten)"
            ws.cell(row=row, column=1, value=sheet.name + (" (optioneel tabblad)" if sheet.optional else ""))
            ws.cell(row=row, column=2, value=column.header)
            ws.cell(row=row, column=3, value="ja" if column.required else "")
            ws.cell(row=row, column=4, value=hint)
    for letter, width in zip("ABCD", (16, 32, 10, 80), strict=True):
        ws.column_dimensions[letter].width = width


#: The dates a date cell accepts, as Excel serial numbers: the years the reader accepts. Excel's day 1 is
#: 1 January 1900; from March 1900 on a serial number counts the days since 30 December 1899.
FIRST_SERIAL = 1  # 1 January 1900, the first year the reader accepts
LAST_SERIAL = (dt.date(MAX_YEAR, 12, 31) - dt.date(1899, 12, 30)).days


def date_validation(column: Column) -> DataValidation:
    """Excel's check on a date column: a date between 1900 and 2200; what it expects as the input message.

    The error is a warning, not a stop: a person whose Excel reads ``15/03/2024`` as text may keep it (the
    reader understands it); anything else, like ``ok``, is told what the column expects before it is saved.
    """
    expects = column.expects or "een datum als dd/mm/jjjj (bv. 15/03/2024)"
    return DataValidation(
        type="date",
        operator="between",
        formula1=str(FIRST_SERIAL),
        formula2=str(LAST_SERIAL),
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Geen datum",
        error=f"'{column.header}' verwacht {expects}.",
        promptTitle=column.header[:32],
        prompt=expects[0].upper() + expects[1:] + ".",
        showInputMessage=True,
    )


def _prepare_sheet(wb: Workbook, sheet: Sheet, ranges: Mapping[tuple[str, str], str], rows: int) -> Any:
    ws = wb.create_sheet(sheet.name)
    for c, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=c, value=column.header)
        cell.fill = _HEADER_FILL
        cell.font = _HEADER_FONT
        ws.column_dimensions[get_column_letter(c)].width = max(12, len(column.header) + 4)
        formula = ranges.get((sheet.name, column.name))
        if formula:
            multi = column.kind in ("slots", "multi_vocab")
            dv = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                showErrorMessage=not multi,
                errorTitle="Ongeldige waarde",
                error=f"Kies een waarde uit de lijst voor '{column.header}'.",
                promptTitle=column.header,
                prompt="Meerdere waarden: scheid ze met ';'" if multi else "Kies uit de lijst",
                showInputMessage=True,
            )
            letter = get_column_letter(c)
            dv.add(f"{letter}2:{letter}{max(rows, VALIDATED_ROWS) + 1}")
            ws.add_data_validation(dv)
        elif column.kind == "date":
            letter = get_column_letter(c)
            dv = date_validation(column)
            dv.add(f"{letter}2:{letter}{max(rows, VALIDATED_ROWS) + 1}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "B2"
    return ws


def write_workbook(
    path: str | Path,
    province: str | None,
    rows: Mapping[str, Iterable[Sequence[Any]]] | None = None,
) -> Path:
    """Write a workbook in the template format.

    Parameters
    ----------
    path
        Where to write the ``.xlsx``.
    province
        Written next to ``Provincie`` on the instruction sheet (empty for the template).
    rows
        Per sheet name, rows of cell values in the order of the sheet's columns.
    """
    rows = rows or {}
    wb = Workbook()
    _write_instructions(wb, province)
    ranges = _write_lists(wb)
    for sheet in SHEETS:
        data = [list(r) for r in rows.get(sheet.name, [])]
        ws = _prepare_sheet(wb, sheet, ranges, len(data))
        date_cols = [i for i, c in enumerate(sheet.columns) if c.kind == "date"]
        for r, values in enumerate(data, start=2):
            for c, value in enumerate(values, start=1):
                if value is None or value == "":
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if c - 1 in date_cols and isinstance(value, (dt.date, dt.datetime)):
                    cell.number_format = DATE_FORMAT
    wb.move_sheet(LISTS_SHEET, offset=len(SHEETS))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_template(path: str | Path) -> Path:
    """Write the empty ``template.xlsx``: instructions, headers and drop-downs."""
    return write_workbook(path, None, {})


def _age_range_cell(lo: float, hi: float) -> str:
    if np.isnan(lo) and np.isnan(hi):
        return "geen voorkeur"
    if hi >= 120:
        return f"{int(lo)}+"
    return f"{int(lo)}-{int(hi)}"


def cell_value(column: Column, value: Any) -> Any:
    """A typed value as the cell a person would type for ``column``."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if column.kind == "date":
        return pd.Timestamp(value).to_pydatetime().replace(tzinfo=None)
    if column.kind == "bool":
        return "ja" if bool(value) else "nee"
    if column.kind == "slots":
        return "; ".join(s for s in SLOTS if s in value) or None
    if column.kind in ("multi", "multi_vocab"):
        return "; ".join(sorted(value)) or None
    if column.kind == "integer":
        return int(value)
    if column.kind == "number":
        return int(value) if float(value).is_integer() else float(value)
    return value


def frame_rows(frame: pd.DataFrame, sheet: Sheet) -> list[list[Any]]:
    """Rows of cell values for a typed frame, in the sheet's column order."""
    rows = []
    for record in frame.to_dict("records"):
        row = []
        for column in sheet.columns:
            if column.kind == "age_range":
                row.append(_age_range_cell(record[f"{column.name}_min"], record[f"{column.name}_max"]))
            else:
                row.append(cell_value(column, record.get(column.name)))
        rows.append(row)
    return rows


def export_dataset(ds: Any, folder: str | Path) -> list[Path]:
    """Write a dataset as one template-format workbook per province (``<Provincie>.xlsx``)."""
    frames = {
        "Deelnemers": ds.participants,
        "Vrijwilligers": ds.volunteers,
        "Duo's": ds.duos,
        "Contactcoaches": ds.coaches,
        "Intakevrijwilligers": ds.intake_volunteers,
    }
    paths = []
    for province in ds.provinces:
        rows = {
            sheet.name: frame_rows(frames[sheet.name][frames[sheet.name]["province"] == province], sheet)
            for sheet in SHEETS
        }
        paths.append(write_workbook(Path(folder) / f"{province}.xlsx", province, rows))
    return paths
