"""Data problems as structured findings instead of exceptions.

A finding says where a problem is (file, sheet, Excel row, column header as the user typed it), how bad
it is (``fout``: must be fixed, the value was not used; ``waarschuwing``: check it; ``info``: the loader
skipped something on purpose, such as a title or a "Totaal" row) and, in Dutch, what to fix. Findings are collected while loading and returned as a DataFrame in ``Dataset.findings``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

ERROR = "fout"
WARNING = "waarschuwing"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)
FINDING_COLUMNS = ["file", "sheet", "row", "column", "severity", "message"]


@dataclass(frozen=True)
class Finding:
    """One problem in the input.

    Attributes
    ----------
    file
        The workbook's file name.
    sheet
        The sheet name as in the workbook, or ``None`` for a problem with the whole file.
    row
        The row number as Excel shows it, or ``None`` for a sheet- or file-level problem.
    column
        The column header as the user typed it (or the template header when it is missing).
    severity
        ``"fout"``, ``"waarschuwing"`` or ``"info"``.
    message
        A Dutch sentence: what is wrong and what to do.
    """

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    severity: str
    message: str

    def to_dict(self) -> dict[str, object]:
        """The finding as a plain dict."""
        return asdict(self)


def severity_counts(findings: pd.DataFrame) -> dict[str, int]:
    """The number of findings per severity: ``{"fout": n, "waarschuwing": m, "info": k}``."""
    return {s: int((findings["severity"] == s).sum()) for s in SEVERITIES}


def with_province(findings: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The findings with the province of their workbook (``Dataset.sources``) as an extra column."""
    return findings.merge(sources[["file", "province"]], on="file", how="left")


def select(findings: pd.DataFrame, provinces=(), sheets=(), severities=()) -> pd.DataFrame:
    """The findings in the given provinces, sheets and severities (an empty choice means all)."""
    shown = findings
    for column, chosen in (("province", provinces), ("sheet", sheets), ("severity", severities)):
        if chosen:
            shown = shown[shown[column].isin(list(chosen))]
    return shown


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """Findings as a DataFrame with the columns of :data:`FINDING_COLUMNS`, in reading order."""
    frame = pd.DataFrame([f.to_dict() for f in findings], columns=FINDING_COLUMNS)
    frame["row"] = frame["row"].astype("Int64")
    for col in ("file", "sheet", "column", "severity", "message"):
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame.reset_index(drop=True)
