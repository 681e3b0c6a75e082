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


def excel_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An ``.xlsx`` with one sheet per frame (sheet names cut to Excel's 31 characters)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            safe_frame(frame).to_excel(writer, sheet_name=_sheet_name(name), index=False)
    return buffer.getvalue()


def _sheet_name(name: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, no brackets, colons, stars, question marks or slashes."""
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in str(name)).strip("'") or "Blad"
    return cleaned[:31]


__all__ = ["FORMULA_STARTS", "cell_text", "excel_bytes", "safe_frame"]
