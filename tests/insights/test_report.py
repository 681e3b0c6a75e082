"""The printable reports: text from the workbooks is drawn as typed, never parsed as mathtext."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from duo_core.formatting import matplotlib_text
from duo_core.insights import report
from tests.matching_helpers import add_duo, dataset

#: Stop reasons a careless or hostile workbook may hold; each once broke the whole PDF.
MATHTEXT = {"invalid command": r"$\x$", "empty formula": "$$", "deep nesting": "$" + "{" * 400 + "x" + "}" * 400 + "$",
            "unbalanced": r"kost $5 per \$ en $^", "fraction": r"$\frac{a}{b}$ weg"}


@pytest.mark.parametrize("text", MATHTEXT.values(), ids=MATHTEXT.keys())
def test_matplotlib_text_leaves_no_formula(text):
    from matplotlib.figure import Figure

    fig = Figure()
    drawn = fig.text(0, 0, matplotlib_text(text))
    assert drawn._preprocess_math(drawn.get_text()) == (text, False)  # shown as typed, not as mathtext


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "rapport.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("reason", MATHTEXT.values(), ids=MATHTEXT.keys())
def test_the_monitoring_report_is_made_with_mathtext_in_a_stop_reason(tmp_path, reason):
    ds = dataset(tmp_path, add_duo("D1", "V1", "gestopt", end=dt.datetime(2025, 6, 1), reason=reason))
    pdf = report.monitoring_report(ds, dt.date(2025, 1, 1), dt.date(2025, 12, 31), ["Antwerpen"], reason=reason)
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext") and len(reason) < 100:
        text = _pdf_text(pdf, tmp_path)
        assert text.count(reason) == 2, text  # the chosen stop reason in the heading and on the chart's axis
