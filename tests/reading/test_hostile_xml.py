"""Hostile sheet XML, from the configured folder and as uploads: measured as the parsers read it.

Each workbook starts from the clean base province (3 participants) and has its participants' sheet XML
rewritten by code: namespace prefixes, references in lower case, a cell whose own reference lies far
below its row, formatted empty rows down to row 1048576, a narrow export of 330,000 rows, cells of
60 MB. Every load runs in a fresh child process that reports its time and peak memory: the server's own
and that of the parsing processes it started.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

import duo_core
from duo_core.importing.load import WorkbookCache
from duo_core.reading import guarded
from duo_core.reading.guarded import BUSY, BusyError, ParsingQueue, read_isolated
from tests.conftest import ROOT
from tests.helpers import AS_OF
from tests.measure import measured_load
from tests.workbooks import build, patch_part

SHEET = "xl/worksheets/sheet2.xml"  # Deelnemers (sheet1 is the instruction sheet)
FAR = ("Tabblad 'Deelnemers' bevat cellen ver buiten de tabel ({ref}): verwijder ze in Excel en sla het werkboek "
       "opnieuw op.")


def prefixed(data: bytes, prefix: bytes = b"x") -> bytes:
    """The same sheet with every element under a namespace prefix (as some exporters write it)."""
    data = data.replace(b'<worksheet xmlns="', b"<worksheet xmlns:" + prefix + b'="')
    return re.sub(rb"<(/?)([A-Za-z]+)([\s>/])", rb"<\1" + prefix + rb":\2\3", data)


def add_rows(xml: str):
    """A change that appends rows (raw XML) at the end of the sheet data, whatever its prefix."""
    def change(data: bytes) -> bytes:
        end = re.search(rb"</(?:[\w]+:)?sheetData>", data)
        return data[:end.start()] + xml.encode() + data[end.start():]
    return change


def in_row(row: int, cell: str):
    """A change that appends one cell (raw XML) to an existing row."""
    def change(data: bytes) -> bytes:
        start = data.index(f'<row r="{row}"'.encode())
        end = data.index(b"</row>", start)
        return data[:end] + cell.encode() + data[end:]
    return change


def both(*changes):
    def change(data: bytes) -> bytes:
        for c in changes:
            data = c(data)
        return data
    return change


def hostile(tmp_path: Path, change) -> Path:
    return patch_part(build(tmp_path / "Antwerpen.xlsx"), SHEET, change)


def stray(ref: str) -> list:
    return [[int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")), ref.rstrip("0123456789"), "waarschuwing",
             f"Cel {ref} bevat iets maar staat ver buiten de tabel (A1:AB4) en wordt niet ingelezen: verwijder de "
             "inhoud als ze er per ongeluk staat, of zet ze in de tabel."]]


def refused(ref: str) -> list:
    return [[None, None, "fout", FAR.format(ref=ref)]]


# --- item 2: the XML in every form the parsers accept ------------------------------------------

CASES = {
    # a namespace prefix: the patterns saw no cell at all, the parser asked for 549,755,813,888 bytes
    "prefix x": (both(prefixed, add_rows('<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>')),
                 0, refused("XFD1048576")),
    "prefix ss": (both(lambda d: prefixed(d, b"ss"),
                       add_rows('<ss:row r="1048576"><ss:c r="XFD1048576"><ss:v>1</ss:v></ss:c></ss:row>')),
                  0, refused("XFD1048576")),
    "reference in lower case": (add_rows('<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>'),
                                0, refused("XFD1048576")),
    "tab before the reference": (add_rows('<row\tr="1048576"><c\tr="XFD1048576"><v>1</v></c></row>'),
                                 0, refused("XFD1048576")),
    "character reference": (add_rows('<row r="1048576"><c r="&#88;FD1048576"><v>1</v></c></row>'),
                            0, refused("XFD1048576")),
    # the cell's own reference is where the parsers put it: far below its row
    "row 5 holds AE1048576": (add_rows('<row r="5"><c r="AE1048576"><v>1</v></c></row>'), 3, stray("AE1048576")),
    "row 3 holds A1048576": (in_row(3, '<c r="A1048576"><v>1</v></c>'), 3, stray("A1048576")),
}


@pytest.mark.parametrize("upload", [False, True], ids=["folder", "upload"])
@pytest.mark.parametrize("case", list(CASES))
def test_sheet_xml_in_any_form_is_measured_as_the_parsers_read_it(tmp_path, case, upload):
    change, participants, findings = CASES[case]
    result = measured_load(hostile(tmp_path, change), upload)
    assert (result["participants"], result["findings"]) == (participants, findings)
    assert result["seconds"] < 10, result
    assert result["server_mb"] < 400, result
    assert result["children_mb"] < 600, result


@pytest.mark.parametrize("upload", [False, True], ids=["folder", "upload"])
def test_a_prefixed_workbook_without_stray_cells_loads_and_the_folder_reads_it_in_the_child(tmp_path, monkeypatch,
                                                                                             upload):
    path = hostile(tmp_path, prefixed)
    queue = ParsingQueue(workers=1)
    monkeypatch.setattr(guarded, "PARSING_QUEUE", queue)
    source = path
    if upload:
        source = io.BytesIO(path.read_bytes())
        source.name = "Antwerpen.xlsx"
        source = [source]
    ds = duo_core.load_dataset(source, as_of=AS_OF)
    assert ds.participants["id"].tolist() == ["D1", "D2", "D3"]
    assert ds.findings.empty
    assert queue.peak == 1  # measured by an XML parse: in the child process, for the folder too


def test_a_plain_workbook_from_the_folder_is_read_in_the_server(tmp_path, monkeypatch):
    queue = ParsingQueue(workers=1)
    monkeypatch.setattr(guarded, "PARSING_QUEUE", queue)
    ds = duo_core.load_dataset(build(tmp_path / "Antwerpen.xlsx"), as_of=AS_OF)
    assert len(ds.participants) == 3
    assert queue.peak == 0


def test_a_doctype_in_sheet_xml_is_refused(tmp_path):
    path = hostile(tmp_path, lambda d: b'<!DOCTYPE x [<!ENTITY e "1">]>' + d)
    ds = duo_core.load_dataset(path, as_of=AS_OF)
    assert ds.findings["message"].tolist() == [
        "Tabblad 'Deelnemers' is beschadigd (het bevat een DOCTYPE, wat Excel nooit schrijft): open het werkboek in "
        "Excel en sla het opnieuw op."]


# --- item 9: only cells with a value count -----------------------------------------------------


def formatted_rows_to_the_bottom(data: bytes) -> bytes:
    """Rows 5 to 1048576 formatted (a style on the row and on column A), without a single value."""
    rows = "".join(f'<row r="{n}" s="1" customFormat="1"><c r="A{n}" s="1"/></row>' for n in range(5, 1_048_577))
    return add_rows(rows)(data)


@pytest.mark.parametrize("upload", [False, True], ids=["folder", "upload"])
def test_formatted_empty_rows_down_to_the_last_row_do_not_refuse_the_province(tmp_path, upload):
    path = hostile(tmp_path, formatted_rows_to_the_bottom)
    result = measured_load(path, upload)
    assert (result["participants"], result["findings"]) == (3, [])
    assert result["seconds"] < 10, result
    assert result["server_mb"] < 400, result
    assert result["children_mb"] < 600, result


def narrow_export(path: Path, rows: int, columns: int = 6) -> Path:
    """A workbook of one sheet: a header and ``rows`` rows of ``columns`` numbers (written as Excel does)."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[:columns]
    header = "".join(f'<c r="{c}1" t="inlineStr"><is><t>kolom {c}</t></is></c>' for c in letters)
    body = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in letters) + "</row>"
                   for r in range(2, rows + 2))
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             f'<row r="1">{header}</row>{body}</sheetData></worksheet>')
    patch_part(build(path, {"Export": [["x"]]}, province=None), "xl/worksheets/sheet1.xml", lambda _: sheet.encode())
    return path


def test_a_narrow_sheet_is_measured_as_wide_as_its_values(tmp_path):
    content = narrow_export(tmp_path / "export.xlsx", 40).read_bytes()
    _, plans, problems = guarded.measure_ooxml(content, guarded.Limits(cells_per_sheet=41 * 6))
    assert [(p.name, p.rows, p.cols) for p in plans] == [("Export", (0, 40), (0, 5))]
    assert problems == []


_READ_EXPORT = textwrap.dedent("""
    import json, sys, time
    sys.path.insert(0, {root!r})
    from duo_core.reading.sources import collect_sources, read_raw
    start = time.perf_counter()
    sources, _ = collect_sources({path!r})
    raw = read_raw(sources[0])
    seconds = time.perf_counter() - start
    own = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    sheet = raw.sheets[0]
    print(json.dumps({{"seconds": seconds, "server_mb": own / 1024, "shape": [len(sheet.rows), len(sheet.rows[0])],
                      "last": sheet.rows[-1], "problems": len(raw.problems)}}))
""")


def test_a_narrow_export_of_330000_rows_is_read_not_refused(tmp_path):
    path = narrow_export(tmp_path / "export.xlsx", 330_000)
    script = _READ_EXPORT.format(root=str(ROOT), path=str(path))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=180, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert (result["shape"], result["last"], result["problems"]) == ([330_001, 6], [330_001.0] * 6, 0)
    assert result["seconds"] < 60, result  # calamine alone takes about half of it
    assert result["server_mb"] < 800, result


# --- item 8: text limits before the server, one parsing queue ----------------------------------


def inline_texts(chars: int, refs: tuple[str, ...] = ("AC2", "AC3", "AC4")):
    """A change that gives cells ``refs`` an inline text of ``chars`` characters each."""
    def change(data: bytes) -> bytes:
        for ref in refs:
            data = in_row(int(ref[2:]), f'<c r="{ref}" t="inlineStr"><is><t>{"a" * chars}</t></is></c>')(data)
        return data
    return change


@pytest.mark.parametrize("upload", [False, True], ids=["folder", "upload"])
def test_cells_of_60_mb_are_cut_before_they_reach_the_server(tmp_path, upload):
    path = hostile(tmp_path, inline_texts(60 * 1024 * 1024))
    assert path.stat().st_size < 1_000_000
    result = measured_load(path, upload)
    cut = "De cel bevat 62.914.560 tekens (max. 32.767): enkel het begin wordt gebruikt; kort de tekst in."
    assert (result["participants"], result["findings"]) == (3, [[r, "AC", "fout", cut] for r in (2, 3, 4)])
    assert result["server_mb"] < 400, result
    assert result["seconds"] < 30, result


def test_at_most_the_queue_s_workers_parse_at_once_and_every_workbook_is_read(tmp_path):
    content = build(tmp_path / "Antwerpen.xlsx").read_bytes()
    queue = ParsingQueue(workers=2, wait_seconds=120)
    results, errors = [], []

    def read():
        try:
            results.append(read_isolated(content, queue=queue))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [len(r.sheets) for r in results] == [5] * 5
    assert (queue.peak, queue.running) == (2, 0)


def test_a_workbook_that_waits_too_long_for_its_turn_is_busy_not_refused_and_read_next_time(tmp_path, monkeypatch):
    queue = ParsingQueue(workers=1, wait_seconds=0.2)
    monkeypatch.setattr(guarded, "PARSING_QUEUE", queue)
    upload = io.BytesIO(build(tmp_path / "Antwerpen.xlsx").read_bytes())
    upload.name = "Antwerpen.xlsx"
    cache = WorkbookCache()
    with queue.turn():  # another user's workbook holds the only worker
        with pytest.raises(BusyError, match=r"^Bezig, even geduld"):
            read_isolated(upload.getvalue(), queue=queue)
        ds = duo_core.load_dataset([upload], as_of=AS_OF, cache=cache)
    assert ds.busy
    assert ds.sources["status"].tolist() == ["bezig"]
    assert ds.findings[["severity", "message"]].values.tolist() == [["waarschuwing", BUSY]]
    again = duo_core.load_dataset([upload], as_of=AS_OF, cache=cache)  # the busy result was not kept
    assert not again.busy
    assert again.participants["id"].tolist() == ["D1", "D2", "D3"]


def test_a_child_that_sends_more_than_the_limit_is_refused(tmp_path):
    path = hostile(tmp_path, inline_texts(30_000, ("AC2", "AC3", "AC4", "AD2", "AD3", "AD4")))
    limits = guarded.Limits(output_bytes=100_000)
    with pytest.raises(guarded.UnreadableError, match=r"^Het werkboek bevat te veel tekst om in te lezen"):
        read_isolated(path.read_bytes(), limits=limits)
