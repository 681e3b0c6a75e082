"""Property tests: arbitrary cell contents never make the loader raise, and no row with an ID is lost."""

from __future__ import annotations

import datetime as dt
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

import duo_core
from duo_core.reading.values import parser_for
from duo_core.schema import PARTICIPANTS, SHEETS, VOLUNTEERS
from tests.helpers import AS_OF, SHEET_HEADERS

cells = st.one_of(
    st.none(),
    st.text(max_size=30).map(lambda s: "".join(ch for ch in s if ch.isprintable())),
    st.integers(min_value=-10**9, max_value=10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([c for s in SHEETS for c in s.columns]), cells)
def test_every_parser_accepts_any_cell(column, raw):
    _value, problem = parser_for(column)(raw)
    assert problem is None or isinstance(problem, str)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cells, min_size=len(PARTICIPANTS.columns), max_size=len(PARTICIPANTS.columns)),
                min_size=1, max_size=6),
       st.lists(cells, min_size=len(VOLUNTEERS.columns), max_size=len(VOLUNTEERS.columns)))
def test_workbook_with_arbitrary_cells_loads(participant_rows, volunteer_row):
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in (("Deelnemers", participant_rows), ("Vrijwilligers", [volunteer_row])):
        ws = wb.create_sheet(name)
        ws.append(SHEET_HEADERS[name])
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                if value is not None and value != "":
                    cell = ws.cell(row=r, column=c, value=value)
                    if isinstance(value, str):
                        cell.data_type = "s"  # text as typed, also "=0" (openpyxl would make it a formula)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.name = "Antwerpen.xlsx"
    ds = duo_core.load_dataset([buffer], as_of=AS_OF)
    assert list(ds.findings.columns) == ["file", "sheet", "row", "column", "severity", "message"]
    # every row whose ID cell holds something visible is in the frame
    with_id = [row for row in participant_rows if row[0] is not None and str(row[0]).strip() not in ("", "nan")]
    assert len(ds.participants) == len(with_id)
