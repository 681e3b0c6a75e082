"""Keys and cross-sheet checks of one workbook's frames, and of all workbooks together.

* Each row gets a key ``<province>/<ID>``; a row without ID is reported and left out, a repeated ID is
  kept under ``<province>/<ID>@<row>`` with a finding.
* People and coaches get coordinates from their postcode; birth dates in the future or more than 110
  years ago are reported; duos must point at known people and coaches.
* :func:`one_workbook_per_province` decides, when two workbooks hold one province (a sync conflict copy,
  ``Kopie van ...``, a file whose instruction sheet names another province), which one is read: the file
  named exactly after the province, else the newest, else the first by name. The other is reported as a
  ``fout`` naming both files and is not read, so no person is ever counted twice.
* :func:`unique_keys` is the last guard: a key that still occurs twice is renamed with a finding.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from duo_core.findings import ERROR, WARNING, Finding
from duo_core.geo import PostcodeTable
from duo_core.reading.dates import calendar_age
from duo_core.reading.intake_sheet import check_intake_volunteers
from duo_core.schema import COACHES, DUOS, INTAKE_VOLUNTEERS, PARTICIPANTS, SHEETS, VOLUNTEERS, Sheet

_PERSON_SHEETS = (PARTICIPANTS, VOLUNTEERS)


@dataclass(frozen=True)
class WorkbookResult:
    """What one workbook yields: raw typed frames per sheet, its province, and findings.

    ``province_exact`` says whether the file is named exactly after its province (the rule for two
    workbooks of one province prefers it); ``modified`` is the file's modification time, if known.
    """

    name: str
    province: str | None
    frames: dict[str, pd.DataFrame]
    findings: tuple[Finding, ...]
    status: str
    engine: str | None
    province_exact: bool = False
    modified: float | None = None


def _header(frame: pd.DataFrame, sheet: Sheet, name: str) -> str:
    return frame.attrs.get("headers", {}).get(name, sheet.column(name).header)


def _sheets(frame: pd.DataFrame, sheet: Sheet) -> list[str]:
    """The sheet of each row: ``source_sheet`` when a role was read from several sheets, else the frame's own."""
    default = frame.attrs.get("sheet_name", sheet.name)
    if "source_sheet" in frame:
        return [default if pd.isna(s) else str(s) for s in frame["source_sheet"]]
    return [default] * len(frame)


def _assign_keys(
    frame: pd.DataFrame, sheet: Sheet, province: str, file: str, findings: list[Finding]
) -> pd.DataFrame:
    """Give each row a unique key ``<province>/<ID>``; report rows without ID and duplicate IDs."""
    id_header = _header(frame, sheet, "id")
    keep = []
    keys = []
    first_row: dict[str, int] = {}
    for pos, (ident, row, sheet_name) in enumerate(zip(frame["id"], frame["source_row"], _sheets(frame, sheet),
                                                       strict=True)):
        if ident is None:
            findings.append(
                Finding(
                    file,
                    sheet_name,
                    int(row),
                    id_header,
                    ERROR,
                    f"Rij {row} heeft geen ID en wordt niet gebruikt: vul een uniek ID in.",
                )
            )
            continue
        key = f"{province}/{ident}"
        if ident in first_row:
            key = f"{province}/{ident}@{row}"
            findings.append(
                Finding(
                    file,
                    sheet_name,
                    int(row),
                    id_header,
                    ERROR,
                    f"ID '{ident}' komt al voor op rij {first_row[ident]}: geef deze rij een eigen ID "
                    f"(tot dan heet ze '{key}').",
                )
            )
        else:
            first_row[ident] = int(row)
        keep.append(pos)
        keys.append(key)
    out = frame.iloc[keep].reset_index(drop=True)
    out.insert(0, "key", keys)
    out.insert(1, "province", province)
    out["source_file"] = file
    return out


def _locate_people(
    frame: pd.DataFrame, sheet: Sheet, table: PostcodeTable, file: str, findings: list[Finding]
) -> pd.DataFrame:
    """Split ``(postcode, place)`` values and add ``lat``/``lon``; report unknown postcodes."""
    header = _header(frame, sheet, "postcode")
    postcodes: list[str | None] = []
    towns: list[str | None] = []
    lats: list[float] = []
    lons: list[float] = []
    municipality = frame["municipality"].tolist() if "municipality" in frame else [None] * len(frame)
    for value, town, row, sheet_name in zip(frame["postcode"], municipality, frame["source_row"], _sheets(frame, sheet),
                                            strict=True):
        if value is None:
            postcodes.append(None)
            towns.append(town)
            lats.append(np.nan)
            lons.append(np.nan)
            continue
        code, typed_place = value
        lat, lon, place = table.locate(code, town or typed_place)
        if np.isnan(lat):
            findings.append(
                Finding(
                    file,
                    sheet_name,
                    int(row),
                    header,
                    ERROR,
                    f"Postcode {code} bestaat niet in België: verbeter de postcode "
                    "(deze persoon staat niet op de kaart en afstanden zijn onbekend).",
                )
            )
        postcodes.append(code)
        towns.append(town if town is not None else place)
        lats.append(lat)
        lons.append(lon)
    frame = frame.copy()
    frame["postcode"] = pd.Series(postcodes, dtype=object, index=frame.index)
    frame["lat"] = np.asarray(lats, dtype=float)
    frame["lon"] = np.asarray(lons, dtype=float)
    if "municipality" in frame:
        frame["municipality"] = pd.Series(towns, dtype=object, index=frame.index)
    return frame


def _check_birth_dates(
    frame: pd.DataFrame, sheet: Sheet, as_of: dt.date, file: str, findings: list[Finding]
) -> pd.DataFrame:
    header = _header(frame, sheet, "birth_date")
    births = list(frame["birth_date"])
    for i, (born, row, sheet_name) in enumerate(zip(births, frame["source_row"], _sheets(frame, sheet), strict=True)):
        if born is None:
            continue
        if born > as_of:
            findings.append(
                Finding(
                    file,
                    sheet_name,
                    int(row),
                    header,
                    ERROR,
                    f"Geboortedatum {born:%d/%m/%Y} ligt in de toekomst: verbeter de datum (dd/mm/jjjj).",
                )
            )
            births[i] = None
        elif calendar_age(born, as_of) > 110:
            findings.append(
                Finding(
                    file,
                    sheet_name,
                    int(row),
                    header,
                    WARNING,
                    f"Geboortedatum {born:%d/%m/%Y} geeft een leeftijd boven 110 jaar: controleer de datum.",
                )
            )
    frame = frame.copy()
    frame["birth_date"] = births
    return frame


def _check_duo_references(
    duos: pd.DataFrame, province: str, known: dict[str, set[str]], file: str, findings: list[Finding]
) -> pd.DataFrame:
    sheet_name = duos.attrs.get("sheet_name", DUOS.name)
    labels = {"participant_id": "deelnemer", "volunteer_id": "vrijwilliger", "coach_id": "contactcoach"}
    sheets = {"participant_id": PARTICIPANTS.name, "volunteer_id": VOLUNTEERS.name, "coach_id": COACHES.name}
    duos = duos.copy()
    for col, label in labels.items():
        header = _header(duos, DUOS, col)
        keys = []
        for ident, row in zip(duos[col], duos["source_row"], strict=True):
            if ident is None:
                keys.append(None)
                continue
            key = f"{province}/{ident}"
            if key not in known[col]:
                findings.append(
                    Finding(
                        file,
                        sheet_name,
                        int(row),
                        header,
                        ERROR,
                        f"Duo verwijst naar {label} '{ident}', die niet bestaat in tabblad "
                        f"'{sheets[col]}': verbeter het ID of voeg de {label} toe.",
                    )
                )
            keys.append(key)
        duos[col.replace("_id", "_key")] = keys
    status_header = _header(duos, DUOS, "status")
    for status, start, end, row in zip(duos["status"], duos["start_date"], duos["end_date"], duos["source_row"], strict=True):
        if status == "gestopt" and end is None:
            findings.append(
                Finding(file, sheet_name, int(row), status_header, WARNING, "Duo is gestopt maar heeft geen einddatum: vul de einddatum in.")
            )
        if start is not None and end is not None and end < start:
            findings.append(
                Finding(
                    file,
                    sheet_name,
                    int(row),
                    _header(duos, DUOS, "end_date"),
                    ERROR,
                    f"Einddatum {end:%d/%m/%Y} ligt vóór de startdatum {start:%d/%m/%Y}: verbeter een van beide.",
                )
            )
    return duos


def finish_workbook(result: WorkbookResult, table: PostcodeTable, as_of: dt.date) -> tuple[dict[str, pd.DataFrame], list[Finding]]:
    """Keys, coordinates and cross-sheet checks for one workbook's frames."""
    findings = list(result.findings)
    out: dict[str, pd.DataFrame] = {}
    province = result.province or "?"
    for sheet in SHEETS:
        frame = result.frames[sheet.name]
        attrs = dict(frame.attrs)
        keyed = _assign_keys(frame, sheet, province, result.name, findings)
        keyed.attrs.update(attrs)
        if sheet in _PERSON_SHEETS or sheet is COACHES:
            keyed = _locate_people(keyed, sheet, table, result.name, findings)
        if sheet in _PERSON_SHEETS:
            keyed = _check_birth_dates(keyed, sheet, as_of, result.name, findings)
        if sheet is INTAKE_VOLUNTEERS:
            keyed = check_intake_volunteers(keyed, province, result.name, findings)
        keyed.attrs.update(attrs)
        out[sheet.name] = keyed
    known = {
        "participant_id": set(out[PARTICIPANTS.name]["key"]),
        "volunteer_id": set(out[VOLUNTEERS.name]["key"]),
        "coach_id": set(out[COACHES.name]["key"]),
    }
    out[DUOS.name] = _check_duo_references(out[DUOS.name], province, known, result.name, findings)
    return out, findings


OPEN_STATUSES = ("voorstel", "kennismaking", "actief")


_BLANK_STATUS = {
    PARTICIPANTS.name: "Status is leeg: de deelnemer telt als wachtend. Vul de status in.",
    VOLUNTEERS.name: "Status is leeg: de vrijwilliger telt als beschikbaar. Vul de status in.",
}


def check_blank_statuses(frames: dict[str, pd.DataFrame], file: str, findings: list[Finding]) -> None:
    """A person without status is matched as waiting or available (missing data never excludes), with a finding."""
    for sheet in _PERSON_SHEETS:
        frame = frames[sheet.name]
        if frame.empty or "status" not in frame:
            continue
        header = _header(frame, sheet, "status")
        unreadable = {(f.sheet, f.row) for f in findings if f.column == header}  # not blank: wrong
        for blank, row, sheet_name in zip(frame["status"].isna(), frame["source_row"], _sheets(frame, sheet),
                                          strict=True):
            if blank and (sheet_name, int(row)) not in unreadable:
                findings.append(Finding(file, sheet_name, int(row), header, WARNING, _BLANK_STATUS[sheet.name]))


def check_waiting_with_open_duo(frames: dict[str, pd.DataFrame], file: str, findings: list[Finding]) -> None:
    """A participant marked ``wachtend`` who is in an open duo of the same workbook gets a finding."""
    participants, duos = frames[PARTICIPANTS.name], frames[DUOS.name]
    if participants.empty or duos.empty:
        return
    open_duos = duos[duos["status"].isin(OPEN_STATUSES)]
    held = dict(zip(open_duos["participant_key"], zip(open_duos["id"], open_duos["status"], strict=True), strict=False))
    header = _header(participants, PARTICIPANTS, "status")
    for key, status, row, sheet_name in zip(participants["key"], participants["status"], participants["source_row"],
                                            _sheets(participants, PARTICIPANTS), strict=True):
        if status == "wachtend" and key in held:
            duo_id, duo_status = held[key]
            findings.append(Finding(file, sheet_name, int(row), header, WARNING,
                                    f"Deelnemer staat op 'wachtend' maar zit in een lopend duo ({duo_id}, {duo_status}): "
                                    "zet de status op 'gekoppeld' of 'in kennismaking', of stop het duo."))


def one_workbook_per_province(results: list[WorkbookResult]) -> tuple[set[str], list[Finding]]:
    """The names of workbooks not to read because another workbook holds the same province.

    Of two (or more) loaded workbooks of one province the one named exactly after the province is read,
    else the newest, else the first by name; each other one gets a ``fout`` naming both files.
    """
    groups: dict[str, list[WorkbookResult]] = {}
    for r in results:
        if r.status == "geladen" and r.province:
            groups.setdefault(r.province, []).append(r)
    skipped: set[str] = set()
    findings: list[Finding] = []
    for province, group in groups.items():
        if len(group) < 2:
            continue
        ranked = sorted(group, key=lambda r: (not r.province_exact, -(r.modified or 0.0), r.name))
        kept = ranked[0]
        if kept.province_exact:
            why = f"het bestand dat {province} heet"
        elif kept.modified is not None and kept.modified != ranked[1].modified:
            why = "het nieuwste bestand"
        else:
            why = "het eerste bestand op naam"
        for other in ranked[1:]:
            skipped.add(other.name)
            findings.append(Finding(other.name, None, None, None, ERROR,
                                    f"'{other.name}' en '{kept.name}' zijn allebei werkboeken van {province}: enkel "
                                    f"'{kept.name}' wordt ingelezen ({why}). Zet wat in '{other.name}' nieuw is in "
                                    f"'{kept.name}' en verwijder of hernoem '{other.name}' (een kopie of "
                                    "synchronisatieconflict?)."))
    return skipped, findings


def unique_keys(frame: pd.DataFrame, label: str, findings: list[Finding]) -> pd.DataFrame:
    """Make every key of a combined frame unique: a key seen before is renamed ``<key>#<n>``, with a finding."""
    if frame.empty or frame["key"].is_unique:
        return frame
    seen: dict[str, int] = {}
    keys = []
    for key, file, row in zip(frame["key"], frame["source_file"], frame["source_row"], strict=True):
        n = seen.get(key, 0)
        seen[key] = n + 1
        if n == 0:
            keys.append(key)
            continue
        new = f"{key}#{n + 1}"
        keys.append(new)
        findings.append(Finding(str(file), label, None if pd.isna(row) else int(row), None, ERROR,
                                f"Sleutel '{key}' komt twee keer voor: deze rij heet voorlopig '{new}'. Geef elke "
                                "rij een eigen ID."))
    return frame.assign(key=keys)
