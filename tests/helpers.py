"""Test helpers: a small clean province workbook as rows of cells, and a writer for variants of it."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from duo_core.schema import COACHES, DUOS, PARTICIPANTS, VOLUNTEERS

AS_OF = dt.date(2026, 11, 1)

_PARTICIPANT = {
    "ID": "D1",
    "Voornaam": "An",
    "Achternaam": "Peeters",
    "Geboortedatum": "03/05/1958",
    "Geslacht": "vrouw",
    "Postcode": 2800,
    "Gemeente": "Mechelen",
    "Telefoon": "015 12 34 56",
    "E-mail": "an.peeters@telenet.be",
    "Aanmelddatum": dt.datetime(2025, 10, 1),
    "Status": "wachtend",
    "Doelgroep": "chronische ziekte",
    "Interesses": "wandelen;Film; koffie drinken;",
    "Beschikbaarheid": "maandag voormiddag; dinsdag namiddag",
    "Contactvorm": "fysiek",
    "Verplaatsing": "zelfstandig",
    "Voorkeur geslacht vrijwilliger": "geen voorkeur",
    "Voorkeur leeftijd vrijwilliger": "30-70",
    "Rookt": "nee",
    "Roken storend": "ja",
    "Huisdieren": "nee",
    "Huisdieren storend": "nee",
    "Talen": "Nederlands",
    "Persoonlijkheid": "rustig",
    "Intake door": "Mieke",
    "Laatst bevestigd": "",
    "Notities": "Belt liever.",
    "Zorgnood": "MS",
}
_VOLUNTEER = {
    "ID": "V1",
    "Voornaam": "Bart",
    "Achternaam": "Claes",
    "Geboortedatum": dt.datetime(1970, 2, 1),
    "Geslacht": "man",
    "Postcode": "2800",
    "Gemeente": "Mechelen",
    "Telefoon": "0470 11 22 33",
    "E-mail": "bart@claes.be",
    "Startdatum": dt.datetime(2024, 1, 1),
    "Status": "beschikbaar",
    "Max. afstand (km)": 15,
    "Vervoer": "auto",
    "Interesses": "wandelen;film",
    "Beschikbaarheid": "dinsdag namiddag",
    "Contactvorm": "beide",
    "Voorkeur geslacht deelnemer": "geen voorkeur",
    "Voorkeur leeftijd deelnemer": "geen voorkeur",
    "Rookt": "nee",
    "Roken storend": "nee",
    "Huisdieren": "ja",
    "Huisdieren storend": "nee",
    "Talen": "Nederlands; Frans",
    "Persoonlijkheid": "rustig; humor",
    "Doelgroepen": "",
    "Max. aantal duo's": 1,
    "Screening": dt.datetime(2023, 12, 1),
    "Notities": "",
}
_DUO = {
    "Duo ID": "DUO1",
    "Deelnemer ID": "D2",
    "Vrijwilliger ID": "V2",
    "Contactcoach ID": "C1",
    "Startdatum": dt.datetime(2025, 3, 1),
    "Status": "actief",
    "Einddatum": "",
    "Stopreden": "",
    "Laatste opvolging": dt.datetime(2026, 9, 1),
    "Volgende opvolging": dt.datetime(2026, 11, 15),
}
_COACH = {
    "ID": "C1",
    "Voornaam": "Els",
    "Achternaam": "Maes",
    "E-mail": "els@samana.be",
    "Telefoon": "0470 00 00 00",
    "Postcode": 2800,
    "Gewenst aantal duo's": 8,
}


def base_records() -> dict[str, list[dict[str, Any]]]:
    """A clean province: 3 participants, 2 volunteers, 1 duo, 1 coach (no findings)."""
    p = [copy.deepcopy(_PARTICIPANT) for _ in range(3)]
    for i, row in enumerate(p, start=1):
        row["ID"] = f"D{i}"
    p[1]["Status"] = "gekoppeld"
    p[2]["Postcode"] = "B-2000"
    p[2]["Gemeente"] = "Antwerpen"
    v = [copy.deepcopy(_VOLUNTEER) for _ in range(2)]
    v[1]["ID"] = "V2"
    v[1]["Status"] = "gekoppeld"
    return {
        PARTICIPANTS.name: p,
        VOLUNTEERS.name: v,
        DUOS.name: [copy.deepcopy(_DUO)],
        COACHES.name: [copy.deepcopy(_COACH)],
    }


SHEET_HEADERS = {s.name: s.headers for s in (PARTICIPANTS, VOLUNTEERS, DUOS, COACHES)}


def to_rows(records: dict[str, list[dict[str, Any]]]) -> dict[str, list[list[Any]]]:
    """Records as sheets of rows, header row first (template headers)."""
    return {
        name: [list(SHEET_HEADERS[name])] + [[r.get(h, "") for h in SHEET_HEADERS[name]] for r in rows]
        for name, rows in records.items()
    }


def write_sheets(path: Path, sheets: dict[str, list[list[Any]]], province: str | None = None) -> Path:
    """Write sheets of raw rows with openpyxl (first row is whatever the test puts there)."""
    wb = Workbook()
    wb.remove(wb.active)
    if province is not None:
        ws = wb.create_sheet("Instructies")
        ws["A1"] = "Provincie"
        ws["B1"] = province
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None and value != "":
                    ws.cell(row=r, column=c, value=value)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
