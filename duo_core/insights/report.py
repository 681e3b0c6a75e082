"""Printable reports (PDF) of Overzicht and Monitoring, with the chosen provinces and period.

Printing a dashboard page gives ten rows per table and cut-off columns; these reports lay the same
figures out for A4 instead: a title, what was chosen, the key figures as a table, and the charts (drawn
with matplotlib, without its global ``pyplot`` state, so two sessions can make a report at once).
Numbers are written as Flemish people write them. Text from the workbooks (provinces, stop reasons) goes
through :func:`duo_core.formatting.matplotlib_text` wherever it is drawn: it is never parsed as mathtext.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from collections.abc import Sequence

import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator

from duo_core.dataset import Dataset
from duo_core.formatting import matplotlib_text, number
from duo_core.insights import durability, monitoring

A4 = (8.27, 11.69)
BLUE = "#1F5C99"
PALETTE = ("#1F5C99", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")  # Okabe-Ito, colour-blind safe




def _chosen(provinces: Sequence[str]) -> str:
    return matplotlib_text(", ".join(provinces)) if provinces else "alle provincies"


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
    cells = [[matplotlib_text(v) for v in row] for row in frame.to_numpy().tolist()]
    table = ax.table(cellText=cells, colLabels=list(frame.columns), loc="upper left",
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
        ax.plot(part[x], part[y] * (100 if percent else 1), label=matplotlib_text(province),
                color=PALETTE[i % len(PALETTE)])
    ax.set_title(title, fontsize=11, loc="left")
    if len(frame):
        ax.legend(fontsize=7, frameon=False)
    ax.grid(alpha=0.3)


def monitoring_report(ds: Dataset, start: dt.date, end: dt.date, provinces: Sequence[str] = (),
                      reason: str | None = None, *, by: str = "score", journal_rows: list[dict] | None = None,
                      groups: Sequence[str] | None = None) -> bytes:
    """Monitoring as a PDF: the six charts of the page for the chosen provinces and period, and "Wat werkt?".

    ``by``, ``journal_rows`` and ``groups`` are the grouping, the journal and the groups drawn of "Wat werkt?"
    (:func:`durability_page`).
    """
    shown = monitoring.figures(ds, start, end, provinces, reason)
    active, flows, reasons, waiting, matched, days = (shown.active, shown.flows, shown.reasons, shown.waiting,
                                                      shown.matched, shown.days)
    lines = [f"Periode {start:%d/%m/%Y} tot {end:%d/%m/%Y} · {_chosen(provinces)}"
             + (f" · stopreden: {matplotlib_text(reason)}" if reason else ""), f"Gemaakt op {dt.datetime.now():%d/%m/%Y %H:%M}"]
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
    ax.barh([matplotlib_text(r) for r in reasons["reason"][::-1]], reasons["count"][::-1], color=PALETTE[0])
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
    found = durability.durability(monitoring.for_provinces(ds, provinces) if provinces else ds, by,
                                  journal_rows=journal_rows)
    return _save([first, second, durability_page(found, _chosen(provinces), groups)], "Duowerking: monitoring")


# --- Wat werkt? -----------------------------------------------------------------------------------


def _plain(text: Text) -> Text:
    """Data text (group names, the sentence) drawn as it is: never read as mathtext."""
    text.set_parse_math(False)
    return text


def durability_page(found: durability.Durability, scope: str = "", groups: Sequence[str] | None = None) -> Figure:
    """The "Wat werkt?" page of the report: the sentence, the survival curves and the figures per group.

    ``groups`` are the groups drawn (default :meth:`~duo_core.insights.durability.Durability.chart_groups`).
    As on the page: the 95 % bands translucent under the curves, the median of each group marked (a
    diamond on the dotted line where half still runs), a figure left blank past a group's follow-up.
    """
    fig = Figure(figsize=A4)
    fig.text(0.08, 0.95, "Wat werkt?", fontsize=18, weight="bold", color=BLUE)
    name = durability.GROUPINGS[found.by][0]
    _plain(fig.text(0.08, 0.925, f"Hoe lang duo's lopen per {name}" + (f" · {scope}" if scope else ""), fontsize=10))
    _plain(fig.text(0.08, 0.905, textwrap.fill(found.sentence(), 105), fontsize=9.5, va="top", linespacing=1.4))
    ax = fig.add_axes((0.1, 0.45, 0.82, 0.32))
    rows = found.groups.set_index("group")
    drawn = found.chart_groups(len(PALETTE)) if groups is None else list(groups)
    curves = [(g, c) for g, c in found.curves.groupby("group", sort=False) if g in drawn]
    for i, (group, curve) in enumerate(curves):
        color = PALETTE[i % len(PALETTE)]
        ax.fill_between(curve["months"], curve["low"] * 100, curve["high"] * 100, step="post", color=color,
                        alpha=0.15, linewidth=0, zorder=1)
        ax.step(curve["months"], curve["survival"] * 100, where="post", color=color, linewidth=2, label=group,
                zorder=3)
        if rows.loc[group, "median_reached"]:
            median = float(rows.loc[group, "median_months"])
            ax.vlines(median, 0, 50, colors=color, linestyles="dotted", linewidth=1.2, zorder=2)
            ax.plot([median], [50], marker="D", color=color, markeredgecolor="white", markersize=7, zorder=4)
    ax.axhline(50, color="#666666", linestyle="dotted", linewidth=0.8, zorder=2)
    ax.set_ylim(0, 102)
    ax.set_xlim(left=0)
    ax.set_xlabel("Maanden sinds de start", fontsize=9)
    ax.set_ylabel("Loopt nog (%)", fontsize=9)
    ax.set_title("Aandeel duo's dat nog loopt (band: 95 %-betrouwbaarheidsinterval; ◆ mediaan)", fontsize=10,
                 loc="left")
    ax.tick_params(labelsize=8)
    ax.grid(alpha=0.3)
    if curves:
        for text in ax.legend(fontsize=7.5, frameon=False, loc="upper right").get_texts():
            _plain(text)
    g = found.groups

    def share(values: pd.Series) -> list[str]:
        return ["" if pd.isna(v) else f"{number(v * 100)} %" for v in values]

    table = pd.DataFrame({
        "Groep": g["group"], "Duo's": [number(v) for v in g["n"]], "Gestopt": [number(v) for v in g["stopped"]],
        "Mediaan": [(("" if r else "> ") + number(m)) if e else durability.TOO_FEW
                          for m, r, e in zip(g["median_months"], g["median_reached"], g["enough"], strict=True)],
        "Na 6 mnd": share(g["running_6m"]), "Na 12 mnd": share(g["running_12m"]),
        "Vroege stop": share(g["early_rate"]),
    })
    if len(table) > 14:
        _plain(fig.text(0.08, 0.045, f"En nog {len(table) - 14} groepen: zie de Excel-download van de pagina.",
                        fontsize=8))
        table = table.head(14)
    _table(fig, table, 0.37, 0.02 * (len(table) + 1))
    for (_, column), cell in fig.axes[-1].tables[0].get_celld().items():
        cell.set_width(0.25 if column == 0 else 0.105)
        _plain(cell.get_text())
    if not found.left_out.empty:
        left = "; ".join(f"{r} ({number(n)})" for r, n in zip(found.left_out["reason"], found.left_out["n"],
                                                                strict=True))
        _plain(fig.text(0.08, 0.02, textwrap.fill(f"Niet meegeteld: {left}.", 120), fontsize=7.5))
    return fig


def flemish_axes(axis) -> None:
    """Whole counts on the axes that count, and every number as Flemish people write it (``1.234``, ``17,5``)."""
    axis.tick_params(labelsize=7)
    for side in (axis.xaxis, axis.yaxis):
        if side.get_scale() != "linear" or side.get_converter() is not None:  # dates and names keep their labels
            continue
        side.set_major_locator(MaxNLocator(integer=True))
        side.set_major_formatter(FuncFormatter(lambda value, _: number(value, 0)))


__all__ = ["durability_page", "flemish_axes", "key_figures_table", "monitoring_report", "overview_report"]
