"""Raw cell grids and the limits of guarded reading: what every reading step and the child process share.

:class:`Limits` says what one workbook may ask; :class:`RawSheet`/:class:`RawWorkbook` hold cells exactly as a
parser returned them; :class:`Problem` is a finding before it has a file name. Standard library only, so that
the child process (see :mod:`duo_core.reading.guarded`) can import it beside itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MB = 1024 * 1024
WARNING, ERROR = "waarschuwing", "fout"
STRAY_LISTED = 5  # stray cells named one by one per sheet; the rest are counted


@dataclass(frozen=True)
class Limits:
    """What one workbook may ask of the server; beyond these it is refused (or trimmed) with a finding.

    Attributes
    ----------
    file_bytes
        Size of the workbook file itself.
    uncompressed_bytes, part_bytes, shared_strings_bytes
        Declared uncompressed sizes: all ZIP parts together, any one part, the shared strings (all text).
    cells_per_sheet
        Cells of a sheet's used block (rows x columns).
    cell_chars
        Characters in one cell (Excel's own maximum); longer text is cut with a finding.
    row_gap, column_gap
        Empty rows or columns after which a cell no longer belongs to the table.
    memory_bytes, seconds
        Address space and CPU time of the child process that parses untrusted workbooks.
    in_server_bytes
        A workbook of the configured folder unpacking to more than this is read in the child process too.
    output_bytes
        What the child process may send back (the grids); beyond it the workbook is refused.
    """

    file_bytes: int = 50 * MB
    uncompressed_bytes: int = 400 * MB
    part_bytes: int = 200 * MB
    shared_strings_bytes: int = 64 * MB
    cells_per_sheet: int = 2_000_000
    cell_chars: int = 32_767
    row_gap: int = 1_000
    column_gap: int = 30
    memory_bytes: int = 1536 * MB
    seconds: float = 30.0
    in_server_bytes: int = 64 * MB
    output_bytes: int = 128 * MB


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Problem:
    """A problem found while reading (the loader turns it into a finding with the file name)."""

    sheet: str | None
    row: int | None
    column: str | None
    severity: str
    message: str


@dataclass(frozen=True)
class RawSheet:
    """One sheet as read: a grid of cell values from A1, its merged ranges and formula cells.

    ``rows`` is a list of equally long lists (row 0 is Excel row 1, column 0 is column A); empty cells are
    ``""`` or ``None``. ``merged`` holds ``(first_row, first_col, last_row, last_col)``, 0-based and
    inclusive. ``formulas`` maps ``(row, col)`` (0-based) to the formula text (``""`` when shared).
    """

    name: str
    visible: bool
    rows: list[list[Any]]
    merged: tuple[tuple[int, int, int, int], ...] = ()
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass(frozen=True)
class RawWorkbook:
    """Every sheet of one workbook, the problems met while reading, and the engine that read it."""

    sheets: tuple[RawSheet, ...]
    problems: tuple[Problem, ...]
    engine: str


class UnreadableError(Exception):
    """The workbook cannot be read; ``args[0]`` is the Dutch sentence saying what to do."""


class NeedsIsolationError(Exception):
    """Measuring this workbook takes an XML parse: read it in the child process (``args[0]``: the sheet)."""


def excel_size(n: int) -> str:
    """Bytes as a Fleming reads them: ``1,5 MB``."""
    return f"{n / MB:.1f} MB".replace(".", ",")


def column_letters(index: int) -> str:
    """0-based column index -> ``A``, ``Z``, ``AA`` ... ``XFD``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: bytes | str) -> int:
    """Column letters -> 0-based index."""
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def cell_ref(row: int, col: int) -> str:
    """0-based row and column -> ``B7``."""
    return f"{column_letters(col)}{row + 1}"
