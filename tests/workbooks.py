"""Workbooks as people keep them, built by code: title rows, merged cells, hidden sheets, stray cells.

Every builder starts from the clean base province of ``tests.helpers`` (3 participants, 2 volunteers,
1 duo, 1 coach) so that a test can assert exact counts and exact findings.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from tests.helpers import base_records, to_rows

Sheets = dict[str, list[list[Any]]]


def build(path: Path, sheets: Sheets | None = None, *, province: str | None = "Antwerpen",
          edit: Callable[[Workbook], None] | None = None) -> Path:
    """Write ``sheets`` (default: the base province) with openpyxl, then let ``edit`` change the workbook."""
    sheets = to_rows(base_records()) if sheets is None else sheets
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
    if edit is not None:
        edit(wb)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def stray_cell(ref: str, sheet: str = "Deelnemers", value: Any = "x") -> Callable[[Workbook], None]:
    """One value typed far away, as happens by accident (e.g. ``XFD1048576``)."""

    def edit(wb: Workbook) -> None:
        wb[sheet][ref] = value

    return edit


def set_cell_xml(data: bytes, ref: str, cell: str) -> bytes:
    """Sheet XML with the cell ``ref`` replaced by (or, when absent, added as) the XML ``cell``."""
    data = re.sub(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', b"", data, flags=re.DOTALL)
    row = re.search(rb'<row r="' + re.sub(r"^[A-Z]+", "", ref).encode() + rb'"[^>]*>', data)
    end = data.index(b"</row>", row.end())
    return data[:end] + cell.encode() + data[end:]


def patch_part(path: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """Rewrite one part of a workbook's ZIP (a test's own copy, never a user's file)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, change(data) if info.filename == part else data)
    path.write_bytes(out.getvalue())
    return path


def with_shared_string(path: Path, chars: int, ref: str = "Z2", sheet_part: str = "xl/worksheets/sheet2.xml") -> Path:
    """Add one shared string of ``chars`` characters in cell ``ref`` (written in chunks; it compresses to almost
    nothing)."""
    source = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == sheet_part:
                data = set_cell_xml(data, ref, f'<c r="{ref}" t="s"><v>0</v></c>')
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats'
                                    b'.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    b"</Relationships>")
            zout.writestr(info, data)
        with zout.open("xl/sharedStrings.xml", "w", force_zip64=True) as handle:
            handle.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                         b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>')
            chunk = b"a" * (1 << 20)
            for _ in range(chars >> 20):
                handle.write(chunk)
            handle.write(b"a" * (chars & ((1 << 20) - 1)))
            handle.write(b"</t></si></sst>")
    path.write_bytes(out.getvalue())
    return path


def rows_with_title(sheets: Sheets, sheet: str, titles: list[list[Any]]) -> Sheets:
    """The same sheets with ``titles`` rows above ``sheet``'s header."""
    return {**sheets, sheet: [*titles, *sheets[sheet]]}


__all__ = ["build", "patch_part", "rows_with_title", "set_cell_xml", "stray_cell", "with_shared_string"]
