"""Loading province workbooks into a :class:`~duo_core.dataset.Dataset`.

``load_dataset`` accepts a folder, one path, a list of paths, or uploaded file-like objects. Each
workbook is read once into memory (the source file is opened read-only and never written) by the
guarded reader (:mod:`duo_core.reading.guarded`: measured first, only its used block parsed; uploads in a child
process with a memory and time limit), with pandas' calamine engine and openpyxl as fallback. Every sheet
is matched to the schema (:mod:`duo_core.reading.sheets`), every cell parsed, keys and cross-sheet checks made
(:mod:`duo_core.reading.keys`), and every problem becomes a :class:`~duo_core.findings.Finding`. A workbook that
cannot be read is a finding too, and the other workbooks still load; two workbooks of one province are
never both read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from duo_core.config import Config
from duo_core.dataset import Dataset, empty_frame, empty_intake_volunteers
from duo_core.findings import ERROR, WARNING, findings_frame
from duo_core.geo import PostcodeTable, postcode_table
from duo_core.importing.mapping import Mapping, resolve
from duo_core.importing.workbook import _PERSON_SHEETS, BUSY, WorkbookCache, read_workbook
from duo_core.reading.guarded import (
    DEFAULT_LIMITS,
    Limits,
)
from duo_core.reading.keys import (
    check_blank_statuses,
    check_waiting_with_open_duo,
    finish_workbook,
    one_workbook_per_province,
    unique_keys,
)
from duo_core.reading.sources import (
    collect_sources,
    folder_signature,
    read_raw,
    workbook_paths,
)
from duo_core.schema import (
    COACHES,
    DUOS,
    INTAKE_VOLUNTEERS,
    PARTICIPANTS,
    SHEETS,
    VOLUNTEERS,
    Sheet,
)


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
    if not parts and sheet is INTAKE_VOLUNTEERS:
        return empty_intake_volunteers()
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
    limits: Limits = DEFAULT_LIMITS,
    mapping: Mapping | str | Path | None = None,
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
    limits
        What one workbook may ask (sizes, cells, time); see :class:`duo_core.reading.guarded.Limits`. Uploaded
        (file-like) workbooks are always read in a child process with these limits.
    mapping
        A koppelprofiel (:class:`~duo_core.importing.mapping.Mapping` or the path of a saved one) that says how to
        read workbooks that do not follow the template (form exports, hand-kept lists); see
        :func:`~duo_core.importing.mapping.propose_mapping`. A bad profile raises :class:`~duo_core.importing.mapping.MappingError`.

    Returns
    -------
    Dataset
        Participants, volunteers, duos, coaches, findings and the list of sources.
    """
    config = config or Config()
    as_of = as_of or dt.date.today()
    mapping = resolve(mapping)
    table = postcodes or postcode_table()
    sources, findings = collect_sources(source)
    map_key = None if mapping is None else mapping.fingerprint
    ds_key = (tuple(s.signature for s in sources), as_of, engine, _config_key(config), limits, map_key)
    if cache is not None and not findings and (hit := cache.dataset(ds_key)) is not None:
        return hit

    results = []
    for src in sources:
        wb_key = (src.signature, engine, _config_key(config), as_of, limits, map_key)
        result = cache.workbook(wb_key) if cache is not None else None
        if result is None:
            result = read_workbook(src, config, engine, as_of, limits, mapping, cache)
            if cache is not None and result.status != BUSY:
                cache.store_workbook(wb_key, result)
        results.append(result)
    skipped, double = one_workbook_per_province(results)
    per_sheet: dict[str, list[pd.DataFrame]] = {s.name: [] for s in SHEETS}
    source_rows = []
    for src, result in zip(sources, results, strict=True):
        counts = {s.name: 0 for s in SHEETS}
        status = result.status
        if result.name in skipped:
            status = "niet gebruikt"
            wb_findings = [f for f in double if f.file == result.name]
        elif result.status == "geladen":
            frames, wb_findings = finish_workbook(result, table, as_of)
            check_blank_statuses(frames, result.name, wb_findings)
            check_waiting_with_open_duo(frames, result.name, wb_findings)
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
                "status": status,
                "engine": result.engine,
                "participants": counts[PARTICIPANTS.name],
                "volunteers": counts[VOLUNTEERS.name],
                "duos": counts[DUOS.name],
                "coaches": counts[COACHES.name],
                "errors": sum(f.severity == ERROR for f in wb_findings),
                "warnings": sum(f.severity == WARNING for f in wb_findings),
            }
        )
    frames = {}
    for sheet in SHEETS:
        frames[sheet.name] = unique_keys(_combine(per_sheet[sheet.name], sheet), sheet.name, findings)
    ds = Dataset(
        participants=frames[PARTICIPANTS.name],
        volunteers=frames[VOLUNTEERS.name],
        duos=frames[DUOS.name],
        coaches=frames[COACHES.name],
        intake_volunteers=frames[INTAKE_VOLUNTEERS.name],
        findings=findings_frame(findings),
        sources=pd.DataFrame(source_rows, columns=_SOURCE_COLUMNS),
        as_of=as_of,
    )
    if cache is not None and not ds.busy:
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


__all__ = ["WorkbookCache", "collect_sources", "folder_signature", "load_dataset", "read_raw", "read_workbook",
           "workbook_paths"]
