"""Downloads: frames as an Excel workbook in memory (nothing is written to disk)."""

from __future__ import annotations

import io

import pandas as pd


def _cell_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists and sets become '; '-joined text; text that Excel would run as a formula is quoted."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = [
                "; ".join(sorted(map(str, v))) if isinstance(v, (list, tuple, set, frozenset)) else v for v in out[col]
            ]
            out[col] = [("'" + v) if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v for v in out[col]]
    return out


def excel_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An ``.xlsx`` with one sheet per frame (sheet names cut to Excel's 31 characters)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            _cell_safe(frame).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()
