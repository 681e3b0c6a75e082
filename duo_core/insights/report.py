"""Printable reports (PDF) of Overzicht and Monitoring, with the chosen provinces and period.

Printing a dashboard page gives ten rows per table and cut-off columns; these reports lay the same
figures out for A4 instead: a title, what was chosen, the key figures as a table, and the charts (drawn
with matplotlib, without its global ``pyplot`` state, so two sessions can make a report at once).
Numbers are written as Flemish people write them.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from duo_core.dataset import Dataset
from duo_core.formatting import number
from duo_core.insights import monitoring

A4 = (8.27, 11.69)
BLUE = "#1F5C99"
PALETTE = ("#1F5C99", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")  # Okabe-Ito, colour-blind safe




def _chosen(provinces: Sequence[str]) -> str:
    return ", ".join(provinces) if provinces else "alle provincies"


def _page(title: str, lines: Sequence[str]) -> tuple[Figure, float]:
    fig = Figure(figsize=A4)
    fig.text(0.08, 0.95, title, fontsize=18, weight="bold", color=BLUE)
    y = 0.92
    for line in lines:
        fig.text(0.08, y, line, fontsize=10)
        y -= 0.022
    return fig, y


def _table(fig: Figure, frame: pd.DataFrame, top: float, height: float) -> None:
    ax = fig.add_axes((0.08, top - height, 0.84, height))
    ax.axis("off")
    table = ax.table(cellText=frame.to_numpy().tolist(), colLabels=list(frame.columns), loc="upper left",
                     cellLoc="left", colLoc="left")
    table.auto_set_font_size(False)
    table.set_fontsize(8.5)
    table.scale(1, 1.4)
    for (row, _), cell in table.get_celld().items():
        if row == 0:
            cell.set_text_props(weight="bold", color="white")
            cell.set_facecolor(BLUE)


def key_figures_table(ds: Dataset, provinces: Sequence[str] = ()) -> pd.DataFrame:
    """The key figures per province (and their total) for the chosen provinces, as the report prints them."""
    figures = monitoring.key_figures(monitoring.for_provinces(ds, provinces) if provinces else ds)
    return pd.DataFrame({
        "Provincie": figures["province"].to_numpy(),
        "Wachtend": [number(v) for v in figures["waiting"]],
        "Vrije vrijw.": [number(v) for v in figures["free_volunteers"]],
        "Actieve duo's": [number(v) for v in figures["active_duos"]],
        "Mediaan wacht (d)": [number(v) for v in figures["median_waiting_days"]],
        f"Gestart {ds.as_of.year}": [number(v) for v in figures["started_this_year"]],
    })


def _save(pages: list[Figure], title: str) -> bytes:
    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": title, "Creator": "Duowerking matching"}) as pdf:
        for fig in pages:
            pdf.savefig(fig)
    return buffer.getvalue()


def overview_report(ds: Dataset, provinces: Sequence[str] = ()) -> bytes:
    """Overzicht as a PDF: key figures per province and what needs attention."""
    scope = ds if not provinces else monitoring.for_provinces(ds, provinces)
    todo = monitoring.attention(scope)
    fig, y = _page("Duowerking: overzicht", [
        f"Cijfers op {ds.as_of:%d/%m/%Y} · {_chosen(provinces)}",
        f"Gemaakt op {dt.datetime.now():%d/%m/%Y %H:%M}",
    ])
    _table(fig, key_figures_table(ds, provinces), y - 0.02, 0.28)
    y -= 0.36
    fig.text(0.08, y, "Aandacht nodig", fontsize=13, weight="bold", color=BLUE)
    for i, line in enumerate([
        f"Opvolgingen te laat: {number(todo['overdue_followups'])}",
        f"Langer dan een jaar wachtend: {number(todo['long_waits'])}",
        f"Fouten in de gegevens: {number(todo['data_errors'])}",
    ]):
        fig.text(0.08, y - 0.03 * (i + 1), line, fontsize=11)
    return _save([fig], "Duowerking: overzicht")


def _lines(ax, frame: pd.DataFrame, x: str, y: str, title: str, percent: bool = False) -> None:
    for i, (province, part) in enumerate(frame.groupby("province", sort=True)):
        ax.plot(part[x], part[y] * (100 if percent else 1), label=province, color=PALETTE[i % len(PALETTE)])
    ax.set_title(title, fontsize=11, loc="left")
    if len(frame):
        ax.legend(fontsize=7, frameon=False)
    ax.grid(alpha=0.3)


def monitoring_report(ds: Dataset, start: dt.date, end: dt.date, provinces: Sequence[str] = (),
                      reason: str | None = None) -> bytes:
    """Monitoring as a PDF: the six charts of the page for the chosen provinces and period."""
    shown = monitoring.figures(ds, start, end, provinces, reason)
    active, flows, reasons, waiting, matched, days = (shown.active, shown.flows, shown.reasons, shown.waiting,
                                                      shown.matched, shown.days)
    lines = [f"Periode {start:%d/%m/%Y} tot {end:%d/%m/%Y} · {_chosen(provinces)}"
             + (f" · stopreden: {reason}" if reason else ""), f"Gemaakt op {dt.datetime.now():%d/%m/%Y %H:%M}"]
    first, _ = _page("Duowerking: monitoring", lines)
    ax = first.add_axes((0.1, 0.52, 0.82, 0.33))
    _lines(ax, active, "month", "active", "Actieve duo's per provincie")
    ax = first.add_axes((0.1, 0.08, 0.82, 0.33))
    totals = flows.groupby("month")[["new", "stopped"]].sum()
    width = 10
    ax.bar(totals.index - pd.Timedelta(days=5), totals["new"], width=width, label="nieuw", color=PALETTE[0])
    ax.bar(totals.index + pd.Timedelta(days=5), totals["stopped"], width=width, label="gestopt", color=PALETTE[1])
    ax.set_title("Nieuwe en gestopte duo's per maand", fontsize=11, loc="left")
    ax.legend(fontsize=8, frameon=False)
    second = Figure(figsize=A4)
    ax = second.add_axes((0.3, 0.72, 0.62, 0.23))
    ax.barh(reasons["reason"][::-1], reasons["count"][::-1], color=PALETTE[0])
    ax.set_title("Stopredenen", fontsize=11, loc="left")
    ax = second.add_axes((0.1, 0.40, 0.82, 0.25))
    _lines(ax, waiting, "month", "waiting", "Wachtlijst per provincie (einde maand)")
    ax = second.add_axes((0.1, 0.06, 0.38, 0.26))
    ax.hist(days.to_numpy(), bins=30, color=PALETTE[0])
    ax.set_title("Wachttijd van wie nu wacht (dagen)", fontsize=10, loc="left")
    ax = second.add_axes((0.56, 0.06, 0.38, 0.26))
    _lines(ax, matched, "quarter", "share", "Gematcht binnen 3 maanden (%)", percent=True)
    for fig in (first, second):
        for axis in fig.axes:
            flemish_axes(axis)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6))  # quarters: a few labels, slanted, never on top of each other
    for label in ax.get_xticklabels():
        label.set_rotation(30)
        label.set_horizontalalignment("right")
    return _save([first, second], "Duowerking: monitoring")


def flemish_axes(axis) -> None:
    """Whole counts on the axes that count, and every number as Flemish people write it (``1.234``, ``17,5``)."""
    axis.tick_params(labelsize=7)
    for side in (axis.xaxis, axis.yaxis):
        if side.get_scale() != "linear" or side.get_converter() is not None:  # dates and names keep their labels
            continue
        side.set_major_locator(MaxNLocator(integer=True))
        side.set_major_formatter(FuncFormatter(lambda value, _: number(value, 0)))


__all__ = ["key_figures_table", "monitoring_report", "overview_report"]
