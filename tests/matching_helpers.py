"""Build tiny datasets for matching tests: the clean base province with a few edits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import duo_core
from tests.helpers import AS_OF, base_records, to_rows, write_sheets

P, V, D = "Deelnemers", "Vrijwilligers", "Duo's"


def dataset(tmp_path: Path, *edits: Callable[[dict], None]) -> duo_core.Dataset:
    """The base province (D1..D3, V1..V2, DUO1 = D2-V2) after ``edits`` on its records."""
    records = base_records()
    for edit in edits:
        edit(records)
    path = write_sheets(tmp_path / "Antwerpen.xlsx", to_rows(records))
    ds = duo_core.load_dataset(path, as_of=AS_OF)
    assert ds.findings.empty, ds.findings.to_dict("records")
    return ds


def cell(sheet: str, index: int, header: str, value) -> Callable[[dict], None]:
    def edit(records):
        records[sheet][index][header] = value

    return edit


def add_duo(participant: str, volunteer: str, status: str, end: dt.datetime | None = None, reason: str = ""):
    """A duo in the workbook; the participant of an open duo is no longer waiting (as the workbook keeps it)."""

    def edit(records):
        n = len(records[D]) + 1
        if status != "gestopt":
            person = next(r for r in records[P] if r["ID"] == participant)
            person["Status"] = "gekoppeld" if status == "actief" else "in kennismaking"
        records[D].append(
            {
                "Duo ID": f"DUO{n}",
                "Deelnemer ID": participant,
                "Vrijwilliger ID": volunteer,
                "Contactcoach ID": "C1",
                "Startdatum": dt.datetime(2025, 1, 1),
                "Status": status,
                "Einddatum": end or "",
                "Stopreden": reason,
            }
        )

    return edit


__all__ = ["AS_OF", "D", "P", "V", "add_duo", "cell", "dataset"]
