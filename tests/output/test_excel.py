"""Excel downloads show dates as Flemish dates, and moments with their time (issue 22, item 9)."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from openpyxl import load_workbook

from duo_core.output.excel import excel_bytes


def test_dates_are_dates_and_moments_keep_their_time():
    frame = pd.DataFrame({
        "Naam": ["An", "Jan"],
        "Start": pd.to_datetime(["2026-11-24", None]),
        "Tijdstip": pd.to_datetime(["2026-11-24 11:48", "2026-11-25 00:00"]),
    })
    sheet = load_workbook(io.BytesIO(excel_bytes({"Blad": frame})))["Blad"]
    assert [c.number_format for c in sheet["B"][1:]] == ["DD/MM/YYYY", "DD/MM/YYYY"]
    assert [c.number_format for c in sheet["C"][1:]] == ["DD/MM/YYYY HH:MM", "DD/MM/YYYY HH:MM"]
    assert sheet["B2"].value == dt.datetime(2026, 11, 24) and sheet["B3"].value is None
    assert sheet["C2"].value == dt.datetime(2026, 11, 24, 11, 48)
    assert sheet["A2"].number_format == "General"
