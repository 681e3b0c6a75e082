"""Readable A4 pages of text as a PDF: a title, headings, sub-headings and lines, drawn with matplotlib.

Shared by the documents that are mostly text: the access request (:mod:`.access_request`) and the
printable page of Match zoeken (:mod:`.match_sheet`). As the reports of :mod:`duo_core.insights.report`:
figures without pyplot's global state, saved with ``PdfPages``. Every text is drawn as typed (never
parsed as mathtext). Consecutive lines of plain text are drawn as one block (one text object per block
keeps it fast). Text that the PDF's standard fonts can write (Western European letters) uses them,
which takes a tenth of the time of embedding a font; any other letter (``Ł``, ``ő``) gets the embedded
DejaVu Sans.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

A4 = (8.27, 11.69)
BLUE = "#1F5C99"
LEFT, TOP, BOTTOM = 0.06, 0.93, 0.05
LINE = 0.0142  # height of one 8-point line with its spacing, in figure units
#: Font size and height (figure units) of a heading line, by style; "text" lines are 8 points, :data:`LINE` high.
STYLES = {"heading": (12, 0.03), "sub": (9.5, 0.022)}
WIDTH = 105  # characters of an 8-point line across the page


def core_fonts(texts: Sequence[str]) -> dict:
    """The rc settings for the PDF's standard fonts when they can write every letter of ``texts`` (else none)."""
    try:
        "\n".join(texts).encode("cp1252")
    except UnicodeEncodeError:
        return {}
    return {"pdf.use14corefonts": True, "font.family": "sans-serif", "font.sans-serif": ["Helvetica"]}


def _pages(lines: Sequence[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The lines per page: a page ends when the next line no longer fits; a heading never ends a page."""
    pages: list[list[tuple[str, str]]] = [[]]
    room = TOP - BOTTOM
    for i, (style, text) in enumerate(lines):
        height = STYLES[style][1] if style in STYLES else LINE
        keep = height + (2 * LINE if style in STYLES and i + 1 < len(lines) else 0)  # the heading and its first lines
        if keep > room and pages[-1]:
            pages.append([])
            room = TOP - BOTTOM
        pages[-1].append((style, text))
        room -= height
    return pages


def text_pdf(title: str, lines: Sequence[tuple[str, str]]) -> bytes:
    """``lines`` (``(style, text)``, style ``heading``, ``sub`` or ``text``) as A4 pages under ``title``."""
    buffer = io.BytesIO()
    with (matplotlib.rc_context(core_fonts([title, *(text for _, text in lines)])),
          PdfPages(buffer, metadata={"Title": title, "Creator": "Duowerking matching"}) as pdf):
        for number, page in enumerate(_pages(lines), start=1):
            fig = Figure(figsize=A4)
            if number == 1:
                fig.text(LEFT, 0.96, title, fontsize=16, weight="bold", color=BLUE, parse_math=False)
            y = TOP
            block: list[str] = []

            def flush(y: float, block: list[str] = block, fig: Figure = fig) -> float:
                if block:
                    fig.text(LEFT, y, "\n".join(block), fontsize=8, va="top", linespacing=1.45, parse_math=False)
                    y -= LINE * len(block)
                    block.clear()
                return y

            for style, text in page:
                if style not in STYLES:
                    block.append(text)
                    continue
                y = flush(y)
                size, height = STYLES[style]
                fig.text(LEFT, y, text, fontsize=size, weight="bold", va="top", parse_math=False,
                         color=BLUE if style == "heading" else "black")
                y -= height
            flush(y)
            fig.text(0.94, 0.02, f"blz. {number}", fontsize=7, ha="right")
            pdf.savefig(fig)
    return buffer.getvalue()


__all__ = ["A4", "WIDTH", "core_fonts", "text_pdf"]
