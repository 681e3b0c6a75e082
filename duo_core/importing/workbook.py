"""One workbook into frames of canonical columns and its findings, and the cache of workbooks already read.

Which province, which sheets, as the template or through a koppelprofiel (sheets of one role read as one list).

:func:`duo_core.importing.load.load_dataset` reads every workbook with :func:`read_workbook` and puts them together.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pandas as pd

from duo_core.config import Config
from duo_core.dataset import Dataset, empty_frame
from duo_core.findings import ERROR, INFO, WARNING, Finding
from duo_core.headers import canonical_province, find_sheet, normalise_label
from duo_core.importing.apply import apply as apply_mapping
from duo_core.importing.mapping import Mapping
from duo_core.reading.guarded import (
    DEFAULT_LIMITS,
    BusyError,
    Limits,
    RawSheet,
    UnreadableError,
)
from duo_core.reading.keys import (
    WorkbookResult,
)
from duo_core.reading.sheets import choose_sheets, parse_sheet
from duo_core.reading.sources import (
    WorkbookSource,
    province_in_name,
    read_raw,
)
from duo_core.reading.values import is_blank
from duo_core.schema import INSTRUCTIONS_SHEET, LISTS_SHEET, PARTICIPANTS, PROVINCE_LABEL, SHEETS, VOLUNTEERS, Sheet

_PERSON_SHEETS = (PARTICIPANTS, VOLUNTEERS)
#: Status of a workbook not read because the server was busy reading others (never cached: read next time).
BUSY = "bezig"
_IGNORED_SHEETS = {normalise_label(INSTRUCTIONS_SHEET), normalise_label(LISTS_SHEET), "info"}


def _province_from_cells(sheets: tuple[RawSheet, ...]) -> str | None:
    for raw in sheets:
        if normalise_label(raw.name) not in (normalise_label(INSTRUCTIONS_SHEET), "info"):
            continue
        for row in raw.rows[:40]:
            for c in range(len(row) - 1):
                if normalise_label(row[c]) == normalise_label(PROVINCE_LABEL) and not is_blank(row[c + 1]):
                    return str(row[c + 1]).strip()
    return None


def _province(src: WorkbookSource, sheets: tuple[RawSheet, ...], findings: list[Finding]) -> tuple[str, bool]:
    """The workbook's province (instruction sheet, else file name) and whether the file is named after it."""
    stem = Path(src.name).stem
    named, exact = province_in_name(stem)
    cell = _province_from_cells(sheets)
    from_cell = canonical_province(cell) if cell else None
    if from_cell and exact and from_cell != named:
        findings.append(Finding(src.name, INSTRUCTIONS_SHEET, None, PROVINCE_LABEL, ERROR,
                                f"Tabblad '{INSTRUCTIONS_SHEET}' noemt provincie '{cell}', maar het bestand heet "
                                f"'{src.name}': {named} (uit de bestandsnaam) wordt gebruikt. Verbeter de cel naast "
                                f"'{PROVINCE_LABEL}'."))
        return named, True
    if from_cell:
        return from_cell, exact and named == from_cell
    if named:
        return named, exact
    province = (cell or stem).strip().replace("/", "-")
    findings.append(Finding(src.name, None, None, None, WARNING,
                            f"Provincie '{province}' is geen Vlaamse provincie: vul in het tabblad '{INSTRUCTIONS_SHEET}' "
                            f"naast '{PROVINCE_LABEL}' de provincie in, of noem het bestand naar de provincie."))
    return province, False


def read_workbook(src: WorkbookSource, config: Config, engine: str = "calamine", as_of: dt.date | None = None,
                  limits: Limits = DEFAULT_LIMITS, mapping: Mapping | None = None,
                  cache: WorkbookCache | None = None) -> WorkbookResult:
    """Read and parse one workbook (as ``mapping`` says, when given); problems become findings, never exceptions.

    With a ``cache``, the raw sheets of an unchanged workbook are read once (the page Gegevens koppelen reads
    the same upload again for every correction).
    """
    raw_key = (src.signature, engine, limits)
    try:
        raw = cache.raw(raw_key) if cache is not None else None
        if raw is None:
            raw = read_raw(src, engine, limits)
            if cache is not None:
                cache.store_raw(raw_key, raw)
    except BusyError as exc:  # the server is busy, the workbook is not at fault: a warning, tried again next time
        finding = Finding(src.name, None, None, None, WARNING, str(exc.args[0]))
        return WorkbookResult(src.name, None, {}, (finding,), BUSY, None, modified=src.modified)
    except UnreadableError as exc:
        finding = Finding(src.name, None, None, None, ERROR, str(exc.args[0]))
        return WorkbookResult(src.name, None, {}, (finding,), "onleesbaar", None, modified=src.modified)
    findings = [Finding(src.name, p.sheet, p.row, p.column, p.severity, p.message) for p in raw.problems]
    province, exact = _province(src, raw.sheets, findings)
    if mapping is not None:
        frames = _mapped_frames(src, raw.sheets, mapping, config, as_of, findings)
        return WorkbookResult(src.name, province, frames, tuple(findings), "geladen", raw.engine, exact, src.modified)
    chosen, choice_findings = choose_sheets(src.name, raw.sheets)
    findings.extend(choice_findings)
    for sheet_raw in raw.sheets:
        if find_sheet(sheet_raw.name) is None and normalise_label(sheet_raw.name) not in _IGNORED_SHEETS:
            findings.append(Finding(src.name, sheet_raw.name, None, None, WARNING,
                                    f"Tabblad '{sheet_raw.name}' is onbekend en wordt niet ingelezen."))
    frames: dict[str, pd.DataFrame] = {}
    for sheet in SHEETS:
        sheet_raw = chosen.get(sheet.name)
        if sheet_raw is None:
            if not sheet.optional:  # an optional sheet (Intakevrijwilligers) may be left out
                findings.append(Finding(src.name, sheet.name, None, None, ERROR,
                                        f"Tabblad '{sheet.name}' ontbreekt: voeg het toe zoals in template.xlsx."))
            frame = empty_frame(sheet)
            frame.attrs["sheet_name"] = sheet.name
        else:
            frame, problems = parse_sheet(src.name, sheet_raw, sheet, config, as_of)
            frame.attrs["sheet_name"] = sheet_raw.name
            findings.extend(problems)
        frames[sheet.name] = frame
    return WorkbookResult(src.name, province, frames, tuple(findings), "geladen", raw.engine, exact, src.modified)


def _mapped_frames(src: WorkbookSource, sheets: tuple[RawSheet, ...], mapping: Mapping, config: Config,
                   as_of: dt.date | None, findings: list[Finding]) -> dict[str, pd.DataFrame]:
    """The frames of one workbook read through a koppelprofiel (roles it does not give stay empty)."""
    mapped, changes = apply_mapping(src.name, sheets, mapping)
    findings.extend(changes)
    used = {m.raw.name for m in mapped}
    for sheet_raw in sheets:
        if sheet_raw.name not in used and normalise_label(sheet_raw.name) not in _IGNORED_SHEETS:
            findings.append(Finding(src.name, sheet_raw.name, None, None, WARNING,
                                    f"Tabblad '{sheet_raw.name}' staat niet in het koppelprofiel en wordt niet ingelezen: "
                                    "koppel het op de pagina Gegevens koppelen als het gegevens bevat."))
    frames: dict[str, pd.DataFrame] = {}
    for sheet in SHEETS:
        parts = [m for m in mapped if m.role == sheet.name]
        if not parts:
            frame = empty_frame(sheet)
            frame.attrs["sheet_name"] = sheet.name
        else:
            pieces = []
            for part in parts:  # one sheet per year: several sheets of one role are one list
                piece, problems = parse_sheet(src.name, part.raw, sheet, config, as_of, mapped=part.columns,
                                              grid=part.grid)
                findings.extend(part.findings)
                findings.extend(_as_in_workbook(f, part.origins) for f in problems)
                piece.attrs["headers"] = {name: part.origins.get(h, h) if h in part.origins else h
                                          for name, h in piece.attrs.get("headers", {}).items()}
                findings.extend(Finding(src.name, part.raw.name, None, None, INFO, note) for note in part.notes)
                pieces.append(piece.assign(source_sheet=part.raw.name) if len(parts) > 1 else piece)
            frame = pieces[0] if len(pieces) == 1 else _one_list(src.name, sheet, pieces, findings)
            frame.attrs["sheet_name"] = parts[0].raw.name
        frames[sheet.name] = frame
    return frames


def _as_in_workbook(finding: Finding, origins: dict[str, str | None]) -> Finding:
    """A finding on a column the app made, named by the column of the workbook it stands for.

    The app makes columns from ticked columns folded into one, and from one name column split in two.
    """
    if finding.column not in origins:
        return finding
    original = origins[finding.column]
    message = finding.message.replace(f"'{finding.column}'", f"'{original}'") if original else finding.message
    return dataclasses.replace(finding, column=original, message=message)


def _one_list(file: str, sheet: Sheet, pieces: list[pd.DataFrame], findings: list[Finding]) -> pd.DataFrame:
    """Several sheets of one role as one list; a person in more than one sheet counts once (the last sheet's row).

    A person is the same when first name, last name and birth date are (ignoring case and spaces); each
    earlier row of that person is a finding that names both sheets and rows.
    """
    attrs = dict(pieces[0].attrs)
    frame = pd.concat(pieces, ignore_index=True)
    frame.attrs.update(attrs)
    if "first_name" not in frame:
        return frame

    def norm(value: object) -> str:
        return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else " ".join(str(value).lower().split())

    who = [(norm(f), norm(last), norm(b)) for f, last, b in zip(
        frame["first_name"], frame.get("last_name", [None] * len(frame)), frame.get("birth_date", [None] * len(frame)),
        strict=True)]
    last_at = {w: i for i, w in enumerate(who) if w[0]}
    keep = []
    person = "vrijwilliger" if sheet.entity == "volunteer" else "deelnemer"
    column = attrs.get("headers", {}).get("first_name")
    for i, w in enumerate(who):
        j = last_at.get(w, i)
        if j != i:
            findings.append(Finding(file, frame.at[i, "source_sheet"], int(frame.at[i, "source_row"]), column, WARNING,
                                    f"Dezelfde {person} staat "
                                    f"ook in tabblad '{frame.at[j, 'source_sheet']}' (rij {int(frame.at[j, 'source_row'])}): "
                                    "die rij wordt gebruikt, deze telt niet mee. Verwijder een van beide als het "
                                    "dezelfde persoon is."))
        else:
            keep.append(i)
    out = frame.iloc[keep].reset_index(drop=True)
    out.attrs.update(attrs)
    return out


class WorkbookCache:
    """A small per-caller cache of parsed workbooks and datasets, keyed by file signature.

    A signature is (path, modification time, size) for files and a content hash for uploads, so a
    changed workbook is read again and an unchanged one is not. Create one per caller (the app uses
    Streamlit's own cache instead); nothing is shared through module state.
    """

    def __init__(self, max_workbooks: int = 32) -> None:
        self._workbooks: OrderedDict[tuple[Any, ...], WorkbookResult] = OrderedDict()
        self._datasets: OrderedDict[tuple[Any, ...], Dataset] = OrderedDict()
        self._raw: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._max = max_workbooks

    def _get(self, kept: OrderedDict, key: tuple[Any, ...]) -> Any:
        """What ``kept`` holds for ``key`` (now the most recently used), or ``None``."""
        hit = kept.get(key)
        if hit is not None:
            kept.move_to_end(key)
        return hit

    def _put(self, kept: OrderedDict, key: tuple[Any, ...], value: Any) -> None:
        """Keep ``value`` in ``kept``; the least recently used go beyond ``max_workbooks``."""
        kept[key] = value
        while len(kept) > self._max:
            kept.popitem(last=False)

    def raw(self, key: tuple[Any, ...]) -> Any:
        """The raw sheets of a workbook read before (same bytes, engine and limits), or ``None``."""
        return self._get(self._raw, key)

    def store_raw(self, key: tuple[Any, ...], raw: Any) -> None:
        """Remember the raw sheets of a workbook."""
        self._put(self._raw, key, raw)

    def workbook(self, key: tuple[Any, ...]) -> WorkbookResult | None:
        """A cached workbook result, or ``None``."""
        return self._get(self._workbooks, key)

    def store_workbook(self, key: tuple[Any, ...], result: WorkbookResult) -> None:
        """Remember a parsed workbook."""
        self._put(self._workbooks, key, result)

    def dataset(self, key: tuple[Any, ...]) -> Dataset | None:
        """A cached dataset for exactly these sources and settings, or ``None``."""
        return self._datasets.get(key)

    def store_dataset(self, key: tuple[Any, ...], ds: Dataset) -> None:
        """Remember a dataset (only the most recent few)."""
        self._datasets[key] = ds
        while len(self._datasets) > 4:
            self._datasets.popitem(last=False)
