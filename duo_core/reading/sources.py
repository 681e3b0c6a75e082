"""Where workbooks come from: a folder, paths, or uploads, read once into memory and never written.

A source carries its bytes, a signature for caching, its modification time (the rule for two workbooks
of one province prefers the newest), and whether it is trusted: files in the configured folder are
measured and read in this process when that is cheap and safe, else in a child process; uploads are untrusted
and always read in a child process (:func:`duo_core.reading.guarded.read_isolated`). Problems with the folder itself (missing, not mounted, a
file, unreadable) are findings that name the folder, not the server path.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from duo_core.findings import ERROR, Finding
from duo_core.headers import canonical_province, normalise_label
from duo_core.reading.guarded import DEFAULT_LIMITS, Limits, RawWorkbook, read_isolated, read_trusted
from duo_core.schema import PROVINCES

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


@dataclass(frozen=True)
class WorkbookSource:
    """One workbook to read: its display name and its bytes (read once, never written back)."""

    name: str
    content: bytes
    signature: tuple[Any, ...]
    modified: float | None = None
    trusted: bool = True


def file_signature(path: Path) -> tuple[str, int, int]:
    """What identifies a version of a file without reading it: path, modification time, size."""
    stat = path.stat()
    return str(path.resolve()), stat.st_mtime_ns, stat.st_size


def folder_problem(folder: str | Path) -> str | None:
    """Why a data folder cannot be read (a Dutch sentence without the server path), or ``None``."""
    folder = Path(folder)
    label = folder.name or str(folder)
    try:
        if not folder.exists():
            return (f"De map met werkboeken '{label}' bestaat niet of is niet bereikbaar (niet aangekoppeld?): "
                    "controleer [data] folder in duo.toml of koppel de schijf opnieuw.")
        if not folder.is_dir():
            return (f"'{label}' is een bestand, geen map: zet in duo.toml bij [data] folder de map waarin de "
                    "werkboeken staan.")
        next(iter(folder.iterdir()), None)
    except PermissionError:
        return f"De map met werkboeken '{label}' mag niet gelezen worden: geef de app leesrechten op de map."
    except OSError as exc:
        return f"De map met werkboeken '{label}' kan niet gelezen worden ({exc.strerror or 'onbekende fout'})."
    return None


def workbook_paths(folder: str | Path) -> list[Path]:
    """The workbooks in a folder, sorted by name (Excel lock files ``~$...`` and hidden files are skipped).

    A folder that cannot be read gives an empty list (:func:`folder_problem` says why).
    """
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    return sorted(
        p for p in entries
        if p.suffix.lower() in EXCEL_SUFFIXES and not p.name.startswith(("~$", ".")) and p.is_file()
    )


def folder_signature(folder: str | Path) -> tuple[tuple[str, int, int], ...]:
    """The signatures of the workbooks in a folder (changes when any workbook changes)."""
    out = []
    for p in workbook_paths(folder):
        try:
            out.append(file_signature(p))
        except OSError:
            out.append((str(p), -1, -1))
    return tuple(out)


def _source_from_path(path: Path) -> WorkbookSource:
    signature = file_signature(path)
    with path.open("rb") as handle:  # read-only: the source workbook is never modified
        content = handle.read()
    return WorkbookSource(path.name, content, signature, modified=signature[1] / 1e9)


def _source_from_filelike(obj: Any, index: int) -> WorkbookSource:
    name = Path(str(getattr(obj, "name", f"upload-{index + 1}.xlsx"))).name
    if hasattr(obj, "getvalue"):
        content = obj.getvalue()
    else:
        if hasattr(obj, "seek"):
            obj.seek(0)
        content = obj.read()
    content = bytes(content)
    return WorkbookSource(name, content, ("upload", name, hashlib.sha1(content).hexdigest()), trusted=False)


def collect_sources(source: Any) -> tuple[list[WorkbookSource], list[Finding]]:
    """Turn a folder, a path, a list of paths, or file-like objects into workbook sources."""
    items: Sequence[Any]
    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.is_dir():
            problem = folder_problem(path)
            if problem:
                return [], [Finding(path.name, None, None, None, ERROR, problem)]
            items = workbook_paths(path)
            if not items:
                return [], [Finding(path.name, None, None, None, ERROR,
                                    "Geen Excel-werkboeken in deze map: zet er één werkboek per provincie in.")]
        elif not path.exists() and not path.suffix:
            return [], [Finding(path.name or str(path), None, None, None, ERROR, folder_problem(path) or "")]
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
                    Finding(path.name, None, None, None, ERROR,
                            f"Het bestand kan niet gelezen worden ({exc.strerror or 'onbekende fout'}).")
                )
        else:
            sources.append(_source_from_filelike(item, index))
    return sources, problems


def province_in_name(stem: str) -> tuple[str | None, bool]:
    """The province a file name points to, and whether the name is exactly that province.

    ``Antwerpen`` -> ``("Antwerpen", True)``; ``Kopie van Antwerpen``, ``Antwerpen-LAPTOP-AN`` (a sync
    conflict copy) or ``Antwerpen (1)`` -> ``("Antwerpen", False)``; ``export`` -> ``(None, False)``.
    """
    exact = canonical_province(stem)
    if exact:
        return exact, True
    folded = " " + " ".join(normalise_label(w) for w in re.split(r"[\s_\-().,]+", stem) if normalise_label(w)) + " "
    joined = folded.replace(" ", "")
    for province in PROVINCES:
        words = " " + " ".join(normalise_label(w) for w in re.split(r"[\s\-]+", province)) + " "
        if words in folded or (len(words.split()) > 1 and normalise_label(province) in joined):
            return province, False
    return None, False


def read_raw(src: WorkbookSource, engine: str = "calamine", limits: Limits = DEFAULT_LIMITS) -> RawWorkbook:
    """The raw sheets of one source: measured and read here when trusted and cheaply measurable, else isolated.

    Uploads are always read in the child process; a workbook of the configured folder too when it is not an
    ``.xlsx``, is big, or is not written as Excel writes it (:func:`duo_core.reading.guarded.read_trusted`).
    """
    if src.trusted:
        return read_trusted(src.content, engine, limits)
    return read_isolated(src.content, engine, limits)


__all__ = [
    "EXCEL_SUFFIXES", "WorkbookSource", "collect_sources", "file_signature", "folder_problem", "folder_signature",
    "province_in_name", "read_raw", "workbook_paths",
]
