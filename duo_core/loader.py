"""Loading province workbooks into a :class:`~duo_core.dataset.Dataset`.

``load_dataset`` accepts a folder, one path, a list of paths, or uploaded file-like objects. Each
workbook is read once into memory (the source file is opened read-only and never written), with
pandas' calamine engine and openpyxl as fallback. Every sheet is matched to the schema, every cell is
parsed, and every problem becomes a :class:`~duo_core.findings.Finding`. A workbook that cannot be read
is a finding too, and the other workbooks still load.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import python_calamine

from duo_core.config import Config
from duo_core.dataset import Dataset, empty_frame
from duo_core.findings import ERROR, WARNING, Finding, findings_frame
from duo_core.geo import PostcodeTable, postcode_table
from duo_core.parsing import is_blank, parse_column
from duo_core.schema import (
    COACHES,
    DUOS,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    PARTICIPANTS,
    PROVINCE_LABEL,
    SHEETS,
    VOLUNTEERS,
    Sheet,
    canonical_province,
    find_sheet,
    header_map,
    normalise_label,
)

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
ENGINES = ("calamine", "openpyxl")
# Columns whose parse problems are only worth a warning: the rest of the row is still fully usable.
_WARNING_KINDS = {"email"}
_PERSON_SHEETS = (PARTICIPANTS, VOLUNTEERS)


@dataclass(frozen=True)
class WorkbookSource:
    """One workbook to read: its display name and its bytes (read once, never written back)."""

    name: str
    content: bytes
    signature: tuple[Any, ...]


@dataclass(frozen=True)
class WorkbookResult:
    """What one workbook yields: raw typed frames per sheet, its province, and findings."""

    name: str
    province: str | None
    frames: dict[str, pd.DataFrame]
    findings: tuple[Finding, ...]
    status: str
    engine: str | None


def file_signature(path: Path) -> tuple[str, int, int]:
    """What identifies a version of a file without reading it: path, modification time, size."""
    stat = path.stat()
    return str(path.resolve()), stat.st_mtime_ns, stat.st_size


def folder_signature(folder: str | Path) -> tuple[tuple[str, int, int], ...]:
    """The signatures of the workbooks in a folder (changes when any workbook changes)."""
    return tuple(file_signature(p) for p in workbook_paths(folder))


def _source_from_path(path: Path) -> WorkbookSource:
    signature = file_signature(path)
    with path.open("rb") as handle:  # read-only: the source workbook is never modified
        content = handle.read()
    return WorkbookSource(path.name, content, signature)


def _source_from_filelike(obj: Any, index: int) -> WorkbookSource:
    name = Path(getattr(obj, "name", f"upload-{index + 1}.xlsx")).name
    if hasattr(obj, "getvalue"):
        content = obj.getvalue()
    else:
        if hasattr(obj, "seek"):
            obj.seek(0)
        content = obj.read()
    return WorkbookSource(name, bytes(content), ("upload", name, hashlib.sha1(content).hexdigest()))


def workbook_paths(folder: str | Path) -> list[Path]:
    """The workbooks in a folder, sorted by name (Excel lock files ``~$...`` are skipped)."""
    folder = Path(folder)
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in EXCEL_SUFFIXES and not p.name.startswith("~$")
    )


def collect_sources(source: Any) -> tuple[list[WorkbookSource], list[Finding]]:
    """Turn a folder, a path, a list of paths, or file-like objects into workbook sources."""
    items: Sequence[Any]
    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.is_dir():
            items = workbook_paths(path)
            if not items:
                return [], [Finding(str(path), None, None, None, ERROR, "Geen Excel-werkboeken in deze map.")]
        else:
            items = [path]
    elif isinstance(source, Iterable) and not hasattr(source, "read"):
        items = list(source)
    else:
        items = [source]
    sources: list[WorkbookSource] = []
    problems: list[Finding] = []
    for index, item in enumerate(items):
        if isinstance(item, (str, Path)):
            path = Path(item)
            try:
                sources.append(_source_from_path(path))
            except OSError as exc:
                problems.append(
                    Finding(path.name, None, None, None, ERROR, f"Het bestand kan niet gelezen worden ({exc.strerror}).")
                )
        else:
            sources.append(_source_from_filelike(item, index))
    return sources, problems


def _unreadable_message(content: bytes) -> str:
    if not content:
        return "Het bestand is leeg (0 bytes): sla het werkboek opnieuw op vanuit Excel."
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        if b"EncryptedPackage" in content[:65536] or b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00" in content[:65536]:
            return (
                "Het werkboek is beveiligd met een wachtwoord: sla het op zonder wachtwoord "
                "(Bestand > Info > Werkmap beveiligen) en laad het opnieuw."
            )
        return "Het oude .xls-bestand kan niet gelezen worden: sla het op als .xlsx en laad het opnieuw."
    if content[:2] == b"PK" and not zipfile.is_zipfile(io.BytesIO(content)):
        return "Het werkboek is beschadigd (onvolledig bestand): sla het opnieuw op vanuit Excel."
    if content[:2] != b"PK":
        return "Dit is geen Excel-werkboek: sla het bestand op als .xlsx en laad het opnieuw."
    return "Het werkboek is beschadigd en kan niet gelezen worden: open het in Excel en sla het opnieuw op."


def _read_calamine(content: bytes) -> dict[str, np.ndarray]:
    """Every sheet as a 2-D object array, row 0 = Excel row 1 (empty cells are ``""``)."""
    wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    sheets: dict[str, np.ndarray] = {}
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        width = max((len(r) for r in rows), default=0)
        grid = np.empty((len(rows), width), dtype=object)
        grid[:] = None
        for i, r in enumerate(rows):
            grid[i, : len(r)] = r
        sheets[name] = grid
    return sheets


def _read_openpyxl(content: bytes) -> dict[str, np.ndarray]:
    frames = pd.read_excel(io.BytesIO(content), sheet_name=None, header=None, dtype=object, engine="openpyxl")
    return {name: frame.to_numpy(dtype=object) for name, frame in frames.items()}


_READERS = {"calamine": _read_calamine, "openpyxl": _read_openpyxl}


def read_raw_sheets(content: bytes, engine: str = "calamine") -> tuple[dict[str, np.ndarray], str]:
    """Read every sheet without headers, as object arrays; fall back to openpyxl when calamine fails.

    ``calamine`` reads through python-calamine directly (the engine behind pandas' ``calamine``
    reader, without its per-cell conversion); ``openpyxl`` reads through ``pandas.read_excel``.

    Raises
    ------
    Exception
        Whatever the last engine raised when no engine can read the bytes.
    """
    engines = [engine] + [e for e in ENGINES if e != engine]
    last: Exception | None = None
    for eng in engines:
        try:
            return _READERS[eng](content), eng
        except Exception as exc:
            last = exc
    assert last is not None
    raise last


def _province_from_cells(sheets: dict[str, np.ndarray]) -> str | None:
    for name, values in sheets.items():
        if normalise_label(name) not in (normalise_label(INSTRUCTIONS_SHEET), "info"):
            continue
        for r in range(min(len(values), 40)):
            for c in range(values.shape[1] - 1):
                if normalise_label(values[r, c]) == normalise_label(PROVINCE_LABEL) and not is_blank(values[r, c + 1]):
                    return str(values[r, c + 1]).strip()
    return None


def _first_nonblank_row(values: np.ndarray) -> int | None:
    for r in range(len(values)):
        if any(not is_blank(v) for v in values[r]):
            return r
    return None


def _parse_sheet(
    src: WorkbookSource, sheet_name: str, values: np.ndarray, sheet: Sheet, config: Config
) -> tuple[pd.DataFrame, list[Finding]]:
    """Parse one sheet into a frame of canonical columns plus ``source_row``; report every problem."""
    findings: list[Finding] = []
    header_row = _first_nonblank_row(values)
    columns = [c.name for c in sheet.columns]
    if header_row is None:
        findings.append(
            Finding(src.name, sheet_name, None, None, WARNING, f"Tabblad '{sheet_name}' is leeg: er is niets ingelezen.")
        )
        return empty_frame(sheet), findings

    hmap = header_map(sheet, config.aliases.get(sheet.name))
    positions: dict[str, int] = {}
    typed: dict[str, str] = {}
    for c, header in enumerate(values[header_row]):
        if is_blank(header):
            continue
        name = hmap.match(header)
        shown = str(header).strip()
        if name is None:
            findings.append(
                Finding(
                    src.name,
                    sheet_name,
                    header_row + 1,
                    shown,
                    WARNING,
                    f"Kolom '{shown}' is onbekend en wordt niet gebruikt: hernoem ze zoals in template.xlsx "
                    "of voeg een alias toe in duo.toml.",
                )
            )
        elif name in positions:
            findings.append(
                Finding(
                    src.name,
                    sheet_name,
                    header_row + 1,
                    shown,
                    WARNING,
                    f"Kolom '{shown}' staat er twee keer: enkel de eerste ('{typed[name]}') wordt gebruikt.",
                )
            )
        else:
            positions[name] = c
            typed[name] = shown
    for col in sheet.columns:
        if col.name not in positions and col.required:
            findings.append(
                Finding(
                    src.name,
                    sheet_name,
                    header_row + 1,
                    col.header,
                    ERROR,
                    f"Verplichte kolom '{col.header}' ontbreekt: voeg ze toe in rij {header_row + 1}.",
                )
            )
    id_col = sheet.column(sheet.id_column)
    if id_col.name not in positions:
        return empty_frame(sheet), findings

    body = values[header_row + 1 :]
    nonblank = np.array([any(v is not None and v != "" and not is_blank(v) for v in row) for row in body], dtype=bool)
    body = body[nonblank] if len(body) else body
    excel_rows = (np.nonzero(nonblank)[0] + header_row + 2).tolist()
    data: dict[str, list[Any]] = {}
    for col in sheet.columns:
        if col.name not in positions:
            data[col.name] = [None] * len(body)
            continue
        parsed, problems = parse_column(body[:, positions[col.name]], col)
        data[col.name] = parsed
        severity = WARNING if col.kind in _WARNING_KINDS else ERROR
        for i, problem in enumerate(problems):
            if problem is not None:
                findings.append(
                    Finding(src.name, sheet_name, excel_rows[i], typed[col.name], severity, f"{problem}")
                )
    frame = pd.DataFrame({name: pd.Series(data[name], dtype=object) for name in columns}, columns=columns)
    frame["source_row"] = excel_rows
    frame.attrs["headers"] = {name: typed.get(name, sheet.column(name).header) for name in columns}
    return frame, findings


def read_workbook(src: WorkbookSource, config: Config, engine: str = "calamine") -> WorkbookResult:
    """Read and parse one workbook; problems become findings, never exceptions."""
    try:
        sheets, used = read_raw_sheets(src.content, engine)
    except Exception:
        finding = Finding(src.name, None, None, None, ERROR, _unreadable_message(src.content))
        return WorkbookResult(src.name, None, {}, (finding,), "onleesbaar", None)
    findings: list[Finding] = []
    stem = Path(src.name).stem
    cell = _province_from_cells(sheets)
    province = canonical_province(cell) if cell else None
    if province is None:
        province = canonical_province(stem)
    if province is None:
        province = (cell or stem).strip()
        findings.append(
            Finding(
                src.name,
                None,
                None,
                None,
                WARNING,
                f"Provincie '{province}' is geen Vlaamse provincie: vul in het tabblad '{INSTRUCTIONS_SHEET}' "
                f"naast '{PROVINCE_LABEL}' de provincie in, of noem het bestand naar de provincie.",
            )
        )
    frames: dict[str, pd.DataFrame] = {}
    seen: dict[str, str] = {}
    for sheet_name, raw in sheets.items():
        sheet = find_sheet(sheet_name)
        if sheet is None:
            if normalise_label(sheet_name) not in {normalise_label(INSTRUCTIONS_SHEET), normalise_label(LISTS_SHEET), "info"}:
                findings.append(
                    Finding(
                        src.name,
                        str(sheet_name),
                        None,
                        None,
                        WARNING,
                        f"Tabblad '{sheet_name}' is onbekend en wordt niet ingelezen.",
                    )
                )
            continue
        if sheet.name in seen:
            findings.append(
                Finding(
                    src.name,
                    str(sheet_name),
                    None,
                    None,
                    WARNING,
                    f"Tabblad '{sheet_name}' is een tweede tabblad {sheet.name}: enkel '{seen[sheet.name]}' wordt ingelezen.",
                )
            )
            continue
        seen[sheet.name] = str(sheet_name)
        frame, problems = _parse_sheet(src, str(sheet_name), raw, sheet, config)
        frame.attrs["sheet_name"] = str(sheet_name)
        frames[sheet.name] = frame
        findings.extend(problems)
    for sheet in SHEETS:
        if sheet.name not in frames:
            findings.append(
                Finding(
                    src.name,
                    sheet.name,
                    None,
                    None,
                    ERROR,
                    f"Tabblad '{sheet.name}' ontbreekt: voeg het toe zoals in template.xlsx.",
                )
            )
            frames[sheet.name] = empty_frame(sheet)
            frames[sheet.name].attrs["sheet_name"] = sheet.name
    return WorkbookResult(src.name, province, frames, tuple(findings), "geladen", used)


def _header(frame: pd.DataFrame, sheet: Sheet, name: str) -> str:
    return frame.attrs.get("headers", {}).get(name, sheet.column(name).header)


def _assign_keys(
    frame: pd.DataFrame, sheet: Sheet, province: str, file: str, findings: list[Finding]
) -> pd.DataFrame:
    """Give each row a unique key ``<province>/<ID>``; report rows without ID and duplicate IDs."""
    sheet_name = frame.attrs.get("sheet_name", sheet.name)
    id_header = _header(frame, sheet, "id")
    keep = []
    keys = []
    first_row: dict[str, int] = {}
    for pos, (ident, row) in enumerate(zip(frame["id"], frame["source_row"], strict=True)):
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
    sheet_name = frame.attrs.get("sheet_name", sheet.name)
    header = _header(frame, sheet, "postcode")
    postcodes: list[str | None] = []
    towns: list[str | None] = []
    lats: list[float] = []
    lons: list[float] = []
    municipality = frame["municipality"].tolist() if "municipality" in frame else [None] * len(frame)
    for value, town, row in zip(frame["postcode"], municipality, frame["source_row"], strict=True):
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
    sheet_name = frame.attrs.get("sheet_name", sheet.name)
    header = _header(frame, sheet, "birth_date")
    births = list(frame["birth_date"])
    for i, (born, row) in enumerate(zip(births, frame["source_row"], strict=True)):
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
        elif (as_of - born).days > 110 * 365.25:
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


def _finish_workbook(result: WorkbookResult, table: PostcodeTable, as_of: dt.date) -> tuple[dict[str, pd.DataFrame], list[Finding]]:
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
        keyed.attrs.update(attrs)
        out[sheet.name] = keyed
    known = {
        "participant_id": set(out[PARTICIPANTS.name]["key"]),
        "volunteer_id": set(out[VOLUNTEERS.name]["key"]),
        "coach_id": set(out[COACHES.name]["key"]),
    }
    out[DUOS.name] = _check_duo_references(out[DUOS.name], province, known, result.name, findings)
    return out, findings


class WorkbookCache:
    """A small per-caller cache of parsed workbooks and datasets, keyed by file signature.

    A signature is (path, modification time, size) for files and a content hash for uploads, so a
    changed workbook is read again and an unchanged one is not. Create one per caller (the app uses
    Streamlit's own cache instead); nothing is shared through module state.
    """

    def __init__(self, max_workbooks: int = 32) -> None:
        self._workbooks: OrderedDict[tuple[Any, ...], WorkbookResult] = OrderedDict()
        self._datasets: OrderedDict[tuple[Any, ...], Dataset] = OrderedDict()
        self._max = max_workbooks

    def workbook(self, key: tuple[Any, ...]) -> WorkbookResult | None:
        """A cached workbook result, or ``None``."""
        hit = self._workbooks.get(key)
        if hit is not None:
            self._workbooks.move_to_end(key)
        return hit

    def store_workbook(self, key: tuple[Any, ...], result: WorkbookResult) -> None:
        """Remember a parsed workbook."""
        self._workbooks[key] = result
        while len(self._workbooks) > self._max:
            self._workbooks.popitem(last=False)

    def dataset(self, key: tuple[Any, ...]) -> Dataset | None:
        """A cached dataset for exactly these sources and settings, or ``None``."""
        return self._datasets.get(key)

    def store_dataset(self, key: tuple[Any, ...], ds: Dataset) -> None:
        """Remember a dataset (only the most recent few)."""
        self._datasets[key] = ds
        while len(self._datasets) > 4:
            self._datasets.popitem(last=False)


def _config_key(config: Config) -> tuple[Any, ...]:
    return tuple(sorted((s, tuple(sorted(m.items()))) for s, m in config.aliases.items()))


def _typed(frame: pd.DataFrame, sheet: Sheet) -> pd.DataFrame:
    """Give the canonical columns their final dtypes."""
    frame = frame.copy()
    for col in sheet.columns:
        if col.name not in frame:
            continue
        values = frame[col.name]
        if col.kind == "date":
            frame[col.name] = pd.to_datetime(pd.Series(list(values), dtype=object), errors="coerce").astype("datetime64[ns]")
        elif col.kind == "bool":
            frame[col.name] = pd.array(list(values), dtype="boolean")
        elif col.kind == "integer":
            frame[col.name] = pd.array(list(values), dtype="Int64")
        elif col.kind == "number":
            frame[col.name] = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").astype(float)
        elif col.kind in ("multi", "multi_vocab", "slots"):
            frame[col.name] = [v if v is not None else frozenset() for v in values]
            frame[col.name] = frame[col.name].astype(object)
        elif col.kind == "age_range":
            frame[f"{col.name}_min"] = [np.nan if v is None else float(v[0]) for v in values]
            frame[f"{col.name}_max"] = [np.nan if v is None else float(v[1]) for v in values]
            frame = frame.drop(columns=[col.name])
        else:
            frame[col.name] = pd.Series(list(values), dtype=object, index=frame.index)
    return frame


def _combine(parts: list[pd.DataFrame], sheet: Sheet) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        frame = empty_frame(sheet)
        frame.insert(0, "key", pd.Series(dtype=object))
        frame.insert(1, "province", pd.Series(dtype=object))
        frame["source_file"] = pd.Series(dtype=object)
        if sheet in _PERSON_SHEETS or sheet is COACHES:
            frame["lat"] = pd.Series(dtype=float)
            frame["lon"] = pd.Series(dtype=float)
        if sheet is DUOS:
            for k in ("participant_key", "volunteer_key", "coach_key"):
                frame[k] = pd.Series(dtype=object)
        parts = [frame]
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)
    frame.attrs = {}
    frame = _typed(frame, sheet)
    frame["source_row"] = frame["source_row"].astype("Int64")
    for col in frame.columns:
        if pd.api.types.is_string_dtype(frame[col].dtype) and frame[col].dtype != object:
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame


def load_dataset(
    source: Any,
    *,
    config: Config | None = None,
    as_of: dt.date | None = None,
    engine: str = "calamine",
    cache: WorkbookCache | None = None,
    postcodes: PostcodeTable | None = None,
) -> Dataset:
    """Load province workbooks into a :class:`Dataset`.

    Parameters
    ----------
    source
        A folder of workbooks, one path, a list of paths, or file-like objects (uploads) with a ``name``.
    config
        Settings (header aliases); default: no aliases.
    as_of
        The date figures are computed for (ages, waiting days); default today.
    engine
        ``"calamine"`` (default) or ``"openpyxl"``; the other one is the fallback.
    cache
        A :class:`WorkbookCache` to reuse unchanged workbooks and datasets.
    postcodes
        The postcode table; default ``data/postcodes_be.csv``.

    Returns
    -------
    Dataset
        Participants, volunteers, duos, coaches, findings and the list of sources.
    """
    config = config or Config()
    as_of = as_of or dt.date.today()
    table = postcodes or postcode_table()
    sources, findings = collect_sources(source)
    ds_key = (tuple(s.signature for s in sources), as_of, engine, _config_key(config))
    if cache is not None and not findings and (hit := cache.dataset(ds_key)) is not None:
        return hit

    per_sheet: dict[str, list[pd.DataFrame]] = {s.name: [] for s in SHEETS}
    source_rows = []
    for src in sources:
        wb_key = (src.signature, engine, _config_key(config))
        result = cache.workbook(wb_key) if cache is not None else None
        if result is None:
            result = read_workbook(src, config, engine)
            if cache is not None:
                cache.store_workbook(wb_key, result)
        counts = {s.name: 0 for s in SHEETS}
        if result.status == "geladen":
            frames, wb_findings = _finish_workbook(result, table, as_of)
            for name, frame in frames.items():
                per_sheet[name].append(frame)
                counts[name] = len(frame)
        else:
            wb_findings = list(result.findings)
        findings.extend(wb_findings)
        source_rows.append(
            {
                "file": src.name,
                "province": result.province,
                "status": result.status,
                "engine": result.engine,
                "participants": counts[PARTICIPANTS.name],
                "volunteers": counts[VOLUNTEERS.name],
                "duos": counts[DUOS.name],
                "coaches": counts[COACHES.name],
                "errors": sum(f.severity == ERROR for f in wb_findings),
                "warnings": sum(f.severity == WARNING for f in wb_findings),
            }
        )
    ds = Dataset(
        participants=_combine(per_sheet[PARTICIPANTS.name], PARTICIPANTS),
        volunteers=_combine(per_sheet[VOLUNTEERS.name], VOLUNTEERS),
        duos=_combine(per_sheet[DUOS.name], DUOS),
        coaches=_combine(per_sheet[COACHES.name], COACHES),
        findings=findings_frame(findings),
        sources=pd.DataFrame(source_rows, columns=_SOURCE_COLUMNS),
        as_of=as_of,
    )
    if cache is not None:
        cache.store_dataset(ds_key, ds)
    return ds


_SOURCE_COLUMNS = [
    "file",
    "province",
    "status",
    "engine",
    "participants",
    "volunteers",
    "duos",
    "coaches",
    "errors",
    "warnings",
]


__all__ = ["WorkbookCache", "collect_sources", "load_dataset", "read_raw_sheets", "read_workbook", "workbook_paths"]
