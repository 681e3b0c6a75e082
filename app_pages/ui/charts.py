"""Charts whose layout is more than one plotly express call, and figures prepared to be sent once made.

The survival curves of "Wat werkt?" come from :mod:`duo_core.insights.durability`; this module only draws
them: the 95 % bands translucent and underneath, the curves on top, a dotted line where half of the duos
still run and a marker at each chosen group's median. :class:`ReadyFigure` is a figure made once (cached)
that ``st.plotly_chart`` sends without copying and converting it again with every run.
"""

from __future__ import annotations

import json
import textwrap

import plotly.graph_objects as go
import plotly.io

from app_pages.ui import text
from duo_core import formatting
from duo_core.insights.durability import Durability
from duo_core.insights.report import PALETTE

BAND_OPACITY = 0.15
#: Characters per line of a chart's title: what a 390-pixel phone shows left of the chart's own buttons.
TITLE_WIDTH = 34


def phone_friendly(fig: go.Figure) -> go.Figure:
    """The title over lines that fit a 390-pixel phone, and the legend as a row under the chart.

    On a phone a one-line title was cut off under the chart's buttons, and a legend beside the chart took a
    third of its width. Only our own titles are wrapped (``<br>``); nothing from a workbook is a title.
    """
    title = fig.layout.title.text
    if title:
        lines = textwrap.wrap(title, TITLE_WIDTH)
        fig.update_layout(title={"text": "<br>".join(lines)}, margin={"t": 30 + 22 * len(lines)})
    return fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0})


def rgba(hex_color: str, alpha: float) -> str:
    """``#1F5C99`` -> ``rgba(31, 92, 153, 0.15)``."""
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def durability_figure(found: Durability, groups: list[str]) -> go.Figure:
    """The survival curves of ``groups`` with their bands and medians (groups without figures are skipped)."""
    curves = {g: c for g, c in found.curves.groupby("group", sort=False) if g in groups}
    rows = found.groups.set_index("group")
    colors = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(curves)}
    fig = go.Figure()
    for group, curve in curves.items():  # bands first, so that every curve is drawn over every band
        fig.add_trace(go.Scatter(x=curve["months"], y=curve["high"], line={"width": 0, "shape": "hv"},
                                 showlegend=False, hoverinfo="skip", legendgroup=group, name=text.chart(f"{group} (band)")))
        fig.add_trace(go.Scatter(x=curve["months"], y=curve["low"], line={"width": 0, "shape": "hv"}, fill="tonexty",
                                 fillcolor=rgba(colors[group], BAND_OPACITY), showlegend=False, hoverinfo="skip",
                                 legendgroup=group, name=text.chart(f"{group} (band)")))
    for group, curve in curves.items():
        fig.add_trace(go.Scatter(x=curve["months"], y=curve["survival"], name=text.chart(group), legendgroup=group,
                                 line={"color": colors[group], "shape": "hv", "width": 2.5},
                                 hovertemplate="%{y:.0%} loopt nog na %{x:.1f} maanden<extra>%{fullData.name}</extra>"))
    for group in curves:
        row = rows.loc[group]
        if not row["median_reached"]:
            continue
        months = float(row["median_months"])
        fig.add_trace(go.Scatter(
            x=[months, months], y=[0, 0.5], mode="lines+markers", legendgroup=group, showlegend=False,
            name=text.chart(f"{group} (mediaan)"), line={"color": colors[group], "dash": "dot", "width": 1.5},
            marker={"symbol": ["line-ew", "diamond"], "size": [0, 11], "color": colors[group],
                    "line": {"color": "white", "width": 1}},
            hovertemplate=f"mediaan {formatting.number(months, 1)} maanden<extra>%{{fullData.name}}</extra>"))
    fig.add_hline(y=0.5, line={"color": "#666666", "dash": "dot", "width": 1})
    fig.update_layout(title="Aandeel duo's dat nog loopt (band: 95 %-betrouwbaarheidsinterval; ◆ mediaan)",
                      height=440, xaxis_title="Maanden sinds de start", yaxis_title="Loopt nog",
                      yaxis_tickformat=".0%", yaxis_range=[0, 1.02], xaxis_rangemode="tozero", separators=",.",
                      hovermode="closest")
    return phone_friendly(fig)


__all__ = ["BAND_OPACITY", "TITLE_WIDTH", "durability_figure", "phone_friendly", "rgba"]


class ReadyFigure(go.Figure):
    """A figure whose JSON-ready structure is made once: what ``st.plotly_chart`` reads of a figure, nothing more.

    Streamlit copies a whole figure (``to_dict``, a deep copy) and turns its arrays into base64 with every run
    that shows it: for Monitoring's seven cached charts that was a fifth of the page's CPU. This figure hands it
    the structure made once instead; the browser receives the same JSON. Shared by sessions: never modified.
    """

    def __init__(self, figure: go.Figure) -> None:  # no Figure.__init__: nothing to validate again
        self._plain = json.loads(plotly.io.to_json(figure, validate=False))

    def to_dict(self) -> dict:
        """The figure as the plain structure of its JSON (what st.plotly_chart sends)."""
        return self._plain

    def __reduce__(self):
        """Pickled as its plain structure (a Figure's own pickling reads what this one never set up)."""
        return _ready, (self._plain,)


def _ready(plain: dict) -> ReadyFigure:
    ready = ReadyFigure.__new__(ReadyFigure)
    ready._plain = plain
    return ready
