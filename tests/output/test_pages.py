"""A4 pages of text: every line fits its page and a heading never ends a page."""

from __future__ import annotations

import shutil
import subprocess

from duo_core.output import pages


def _height(page) -> float:
    return sum(pages.STYLES[s][1] if s in pages.STYLES else pages.LINE for s, _ in page)


def test_a_heading_that_would_end_a_page_starts_the_next_one():
    lines = [("text", f"regel {i}") for i in range(60)] + [("heading", "Kandidaten"), ("text", "1. An")]
    split = pages._pages(lines)
    assert [len(p) for p in split] == [60, 2]
    assert split[1][0] == ("heading", "Kandidaten")


def test_every_page_holds_what_fits_and_nothing_is_lost(tmp_path):
    lines = [("sub" if i % 9 == 0 else "text", f"regel {i}") for i in range(400)]
    split = pages._pages(lines)
    assert [line for page in split for line in page] == lines
    assert all(_height(p) <= pages.TOP - pages.BOTTOM + 1e-9 for p in split)
    assert all(p[-1][0] == "text" for p in split)
    assert len(split) == 7
    if shutil.which("pdfinfo"):
        (tmp_path / "proef.pdf").write_bytes(pages.text_pdf("Proef", lines))
        info = subprocess.run(["pdfinfo", str(tmp_path / "proef.pdf")], capture_output=True, text=True, check=True)
        assert [line.split()[1] for line in info.stdout.splitlines() if line.startswith("Pages:")] == ["7"]
