"""``widgets.download``: the sheets of an Excel download may be made only when the button is clicked."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from app_pages.ui import widgets


def _offered(monkeypatch, sheets) -> object:
    """What the download button would build when clicked."""
    offered = {}
    monkeypatch.setattr(widgets.st, "download_button", lambda label, data, **kwargs: offered.update(data=data))
    widgets.download("Shortlist downloaden (Excel)", sheets, "shortlist.xlsx", key="shortlist_download")
    return offered["data"]


def test_sheets_made_by_a_function_are_made_at_the_click_and_give_the_same_workbook(monkeypatch):
    frame = pd.DataFrame({"Naam": ["An Peeters", "Jan Claes"], "Score": [81.5, 64.0]})
    made = []
    build = _offered(monkeypatch, lambda: made.append(1) or {"Shortlist": frame})
    assert made == []  # nothing made while the page runs
    lazy = openpyxl.load_workbook(io.BytesIO(build()))
    eager = openpyxl.load_workbook(io.BytesIO(_offered(monkeypatch, {"Shortlist": frame})()))
    assert made == [1]
    rows = [list(r) for r in lazy["Shortlist"].iter_rows(values_only=True)]
    assert rows == [list(r) for r in eager["Shortlist"].iter_rows(values_only=True)]
    assert rows[:2] == [["Naam", "Score"], ["An Peeters", 81.5]]
