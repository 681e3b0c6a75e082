"""Downloads: frames as an Excel workbook in memory (nothing is written to disk), safe to open.

Every text cell of every download is guarded, whatever its column's dtype (``object``, pandas' ``str``
or a category) and whichever column it is (IDs and keys included): text that Excel would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading apostrophe,
so ``=HYPERLINK("http://evil","x")`` typed as a coach's e-mail arrives as text. Sets and lists become
``"; "``-joined text, and control characters a worksheet cannot hold are dropped.
"""

from __future__ import annotations

import io
import re

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in a worksheet's XML


def cell_text(value: object) -> object:
    """One value as it may go into a spreadsheet cell.

    Text that could run as a formula is quoted; control characters that a worksheet cannot hold (they
    arrive from copied text) are left out instead of breaking the download.
    """
    if isinstance(value, (list, tuple, set, frozenset)):
        value = "; ".join(sorted(map(str, value)))
    if isinstance(value, str):
        value = _CONTROL.sub("", value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose every text cell is safe to open in Excel (see the module text)."""
    out = frame.copy()
    out.columns = [cell_text(c) if isinstance(c, str) else c for c in out.columns]
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_datetime64_any_dtype(column.dtype) \
                or pd.api.types.is_bool_dtype(column.dtype):
            continue
        out.isetitem(i, pd.Series([cell_text(v) for v in column], index=out.index, dtype=object))
    return out


DATE_FORMAT = "DD/MM/YYYY"
MOMENT_FORMAT = "DD/MM/YYYY HH:MM"


def date_formats(frame: pd.DataFrame) -> dict[int, str]:
    """Per date column (by position): how Excel shows it, a date (``24/11/2026``) or a moment with its time.

    A column whose values all fall at midnight holds dates: Excel would otherwise show them as
    ``2026-11-24 00:00:00``.
    """
    formats = {}
    for i in range(frame.shape[1]):
        column = frame.iloc[:, i]
        if pd.api.types.is_datetime64_any_dtype(column.dtype):
            known = column.dropna()
            formats[i] = DATE_FORMAT if (known == known.dt.normalize()).all() else MOMENT_FORMAT
    return formats


def excel_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An ``.xlsx`` with one sheet per frame (sheet names cut to Excel's 31 characters); dates as dates."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            sheet = _sheet_name(name)
            safe_frame(frame).to_excel(writer, sheet_name=sheet, index=False)
            worksheet = writer.sheets[sheet]
            for i, number_format in date_formats(frame).items():
                for (cell,) in worksheet.iter_rows(min_row=2, min_col=i + 1, max_col=i + 1):
                    cell.number_format = number_format
                worksheet.column_dimensions[worksheet.cell(1, i + 1).column_letter].width = len(number_format) + 4
    return buffer.getvalue()


def _sheet_name(name: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, no brackets, colons, stars, question marks or slashes."""
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in str(name)).strip("'") or "Blad"
    return cleaned[:31]


__all__ = ["DATE_FORMAT", "FORMULA_STARTS", "MOMENT_FORMAT", "cell_text", "date_formats", "excel_bytes", "safe_frame"]
