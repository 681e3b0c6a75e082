"""Charts as PNG pictures: the maps drawn on the server, and the settings that let a plotly chart save itself.

A plotly chart saves itself in the browser (the camera button of its toolbar); :func:`plotly_config`
gives it a Dutch file name, Dutch button labels and no plotly logo. A map (pydeck) cannot: it is drawn
again here with matplotlib, without tiles from any other server: the postcode points faintly and the
larger places by name (:func:`duo_core.geo.backdrop`), then the people in the colours and shapes of the
screen map (:mod:`duo_core.lifecycle.views`) with the same legend. Every text is drawn as typed (never
parsed as mathtext), so a name with dollar signs stays a name.
"""

from __future__ import annotations

import io
import math
import textwrap

import numpy as np
import pandas as pd
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from duo_core.formatting import number
from duo_core.geo import ATTRIBUTION, BACKGROUND, EARTH_RADIUS_KM
from duo_core.geo import backdrop as postcode_backdrop
from duo_core.lifecycle import views

#: Size of a map picture in inches at :data:`DPI`: 1200 × 1000 pixels.
MAP_SIZE = (12.0, 10.0)
DPI = 100
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180

#: plotly's toolbar texts (``Plotly.d(...)`` keys) in Dutch; a text not listed stays English.
MODEBAR_NL = {
    "Download plot as a PNG": "Download als PNG",
    "Download plot": "Download als afbeelding",
    "Preparing image - this may take a few seconds": "De afbeelding wordt gemaakt, even geduld",
    "Image download succeeded": "Afbeelding gedownload",
    "Sorry, there was a problem downloading your image!": "De afbeelding kon niet gemaakt worden.",
    "Zoom": "Inzoomen op een rechthoek",
    "Pan": "Verschuiven",
    "Zoom in": "Inzoomen",
    "Zoom out": "Uitzoomen",
    "Autoscale": "Alles tonen",
    "Reset axes": "Assen herstellen",
    "Reset": "Herstellen",
    "Box Select": "Rechthoek selecteren",
    "Lasso Select": "Lasso selecteren",
    "Toggle Spike Lines": "Hulplijnen aan of uit",
    "Show closest data on hover": "Dichtstbijzijnde waarde tonen",
    "Compare data on hover": "Waarden vergelijken",
}
#: Dates and numbers in plotly as Flemish people write them (month names on date axes, ``1.234,5``).
FORMAT_NL = {
    "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
    "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
    "months": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
               "oktober", "november", "december"],
    "shortMonths": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    "periods": ["AM", "PM"],
    "dateTime": "%a %e %b %Y %X",
    "date": "%d/%m/%Y",
    "time": "%H:%M:%S",
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["€ ", ""],
    "year": "%Y",
    "month": "%b %Y",
    "dayMonth": "%e %b",
    "dayMonthYear": "%e %b %Y",
}
#: The zoom and selection buttons a chart without zooming leaves out of its toolbar.
ZOOM_BUTTONS = ["zoom2d", "pan2d", "zoomIn2d", "zoomOut2d", "autoScale2d", "resetScale2d", "select2d", "lasso2d"]


def plotly_config(stem: str, zoom: bool = True) -> dict:
    """The ``config`` of a plotly chart on screen: saved as ``<stem>.png``, Dutch toolbar, no plotly logo.

    ``zoom=False`` leaves only the picture button (and Streamlit's full screen): for a chart with nothing
    to zoom into, such as the explanation's waterfall.
    """
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": stem, "scale": 2},
        "locale": "nl",
        "locales": {"nl": {"dictionary": dict(MODEBAR_NL), "format": dict(FORMAT_NL)}},
    }
    if not zoom:
        config["modeBarButtonsToRemove"] = list(ZOOM_BUTTONS)
    return config


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes, exactly its size in pixels (``figsize`` × :data:`DPI`)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, facecolor=fig.get_facecolor())
    return buffer.getvalue()


def _rgb(color) -> tuple[float, ...]:
    return tuple(c / 255 for c in color)


class _Projection:
    """Longitude and latitude on a flat picture: east-west shrunk by the cosine of the middle latitude."""

    def __init__(self, lat: np.ndarray):
        self.scale = math.cos(math.radians(float(np.nanmean(lat)) if len(lat) else 50.8))

    def xy(self, frame: pd.DataFrame) -> np.ndarray:
        return np.column_stack([frame["lon"].to_numpy(dtype=float) * self.scale, frame["lat"].to_numpy(dtype=float)])


def _map_axes(fig: Figure, title: str, subtitle: str) -> object:
    fig.set_facecolor("white")
    fig.text(0.04, 0.965, title, fontsize=17, weight="bold", color="#1F5C99", parse_math=False)
    fig.text(0.04, 0.935, subtitle, fontsize=10.5, color="#333333", parse_math=False)
    ax = fig.add_axes((0.04, 0.2, 0.92, 0.71))
    ax.set_facecolor(BACKGROUND)
    ax.set_xticks([])
    ax.set_yticks([])
    fig.text(0.96, 0.015, ATTRIBUTION, fontsize=8, color="#555555", ha="right", parse_math=False)
    return ax


def _backdrop(ax, projection: _Projection, backdrop: tuple[pd.DataFrame, pd.DataFrame] | None) -> None:
    points, places = backdrop if backdrop is not None else postcode_backdrop()
    ax.scatter(*projection.xy(points).T, s=5, color=(150 / 255, 150 / 255, 150 / 255, 90 / 255), linewidths=0,
               zorder=1, gid="postcodes")
    for (x, y), name in zip(projection.xy(places), places["name"], strict=True):
        ax.text(x, y, name, fontsize=10, color=(60 / 255, 60 / 255, 60 / 255), ha="center", va="center", zorder=2,
                clip_on=True, parse_math=False, gid="place")


def _fit(ax, xy: np.ndarray, margin: float = 0.12, least: float = 0.25) -> None:
    """Limits around the points (with a margin, at least ``least`` wide and high), one km as long both ways."""
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    middle, half = (lo + hi) / 2, np.maximum((hi - lo) * (0.5 + margin), least / 2)
    box = ax.get_position()
    ratio = (box.width * MAP_SIZE[0]) / (box.height * MAP_SIZE[1])  # width over height of the axes, in inches
    half = np.array([max(half[0], half[1] * ratio), max(half[1], half[0] / ratio)])
    ax.set_xlim(middle[0] - half[0], middle[0] + half[0])
    ax.set_ylim(middle[1] - half[1], middle[1] + half[1])


def _legend(fig: Figure, handles: list, title: str, columns: int) -> None:
    legend = fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.04, 0.045), ncol=columns,
                        frameon=False, fontsize=10, title=title, title_fontsize=10.5, alignment="left")
    for text in [*legend.get_texts(), legend.get_title()]:
        text.set_parse_math(False)


def _dot(label: str, face, edge="#333333", size: float = 11, width: float = 1.0) -> Line2D:
    return Line2D([], [], marker="o", linestyle="", markersize=size, markerfacecolor=face, markeredgecolor=edge,
                  markeredgewidth=width, label=label)


def candidate_map(points: pd.DataFrame, lo: float, hi: float, radius_km: float | None = None,
                  backdrop: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> Figure:
    """The candidate map of Match zoeken as a figure: the person, the candidates by score, the chosen one.

    ``points`` is :func:`duo_core.lifecycle.views.map_points` (the person first), ``lo``–``hi`` the scores
    the colours span (:func:`~duo_core.lifecycle.views.score_range`) and ``radius_km`` the circle drawn
    around the person. Each group of points carries a ``gid`` (``person``, ``candidates``, ``excluded``,
    ``chosen``). ``backdrop`` is ``(points, places)`` as :func:`duo_core.geo.backdrop` gives them.
    """
    me = points[points["role"] != "kandidaat"]
    others = points[points["role"] == "kandidaat"]
    others = others.sort_values("chosen", kind="stable")  # the chosen last: drawn over others at its postcode
    excluded = others[others["excluded"]]
    scored = others[~others["excluded"]]
    name = str(me["name"].iloc[0]) if len(me) else ""
    shown = f"{len(scored)} {'kandidaat' if len(scored) == 1 else 'kandidaten'}" + (
        f", {len(excluded)} uitgesloten" if len(excluded) else "")
    fig = Figure(figsize=MAP_SIZE)
    ax = _map_axes(fig, f"Kandidaten voor {name}" if name else "Kandidaten", f"{shown} · kleur = score")
    projection = _Projection(points["lat"].to_numpy(dtype=float))
    _backdrop(ax, projection, backdrop)
    if len(me) and radius_km:
        ax.add_patch(Circle(tuple(projection.xy(me)[0]), radius_km / KM_PER_DEGREE, fill=False, linewidth=2,
                            edgecolor=_rgb(views.PERSON_COLOR), zorder=3, gid="radius"))
    ax.scatter(*projection.xy(others[others["chosen"]]).T, s=420, facecolors="none",
               edgecolors=_rgb(views.CHOSEN_COLOR), linewidths=3.5, zorder=4, gid="chosen")
    ax.scatter(*projection.xy(scored).T, s=90, c=[_rgb(c) for c in scored["color"]] or "none",
               edgecolors=_rgb((40, 40, 40)), linewidths=0.8, zorder=5, gid="candidates")
    ax.scatter(*projection.xy(excluded).T, s=90, facecolors="none",
               edgecolors=[_rgb(c) for c in excluded["color"]] or "none", linewidths=2.2, zorder=5, gid="excluded")
    ax.scatter(*projection.xy(me).T, s=220, c=[_rgb(views.PERSON_COLOR)] * len(me), edgecolors="white",
               linewidths=1.5, zorder=6, gid="person")
    if len(points):
        _fit(ax, projection.xy(points))
    handles = [_dot(label, _rgb(rgb)) for rgb, label in views.legend_stops(lo, hi)]
    handles.append(_dot("dikke zwarte ring = de gekozen kandidaat", "none", _rgb(views.CHOSEN_COLOR), 14, 3))
    handles.append(_dot("blauw = de gekozen persoon", _rgb(views.PERSON_COLOR), "white", 13))
    if len(excluded):
        handles.append(_dot("open rode ring = uitgesloten", "none", _rgb(views.EXCLUDED_COLOR), 11, 2.2))
    if radius_km:
        handles.append(Line2D([], [], color=_rgb(views.PERSON_COLOR), linewidth=2,
                              label=f"cirkel: {number(radius_km, 0)} km"))
    _legend(fig, handles, f"Kleur = score, van {number(lo)} (donkerblauw) tot {number(hi)} (geel)", 5)
    return fig


def recruitment_map(gaps: pd.DataFrame, labelled: int = 12,
                    backdrop: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> Figure:
    """The recruitment map of Wachtlijst as a figure: a circle per municipality with waiting people nobody fits.

    ``gaps`` has ``municipality, lat, lon, without_volunteer, waiting`` (one row per municipality with at
    least one such person). The circle's radius grows with their number as on screen (1,5 km each); the
    ``labelled`` largest are named with their number (``Mechelen (4)``), as the screen's tooltip would.
    """
    fig = Figure(figsize=MAP_SIZE)
    total = int(gaps["without_volunteer"].sum())
    ax = _map_axes(fig, "Waar vrijwilligers werven?",
                   f"{total} wachtende {'deelnemer' if total == 1 else 'deelnemers'} zonder geschikte vrijwilliger, "
                   f"in {len(gaps)} {'gemeente' if len(gaps) == 1 else 'gemeenten'}")
    projection = _Projection(gaps["lat"].to_numpy(dtype=float))
    _backdrop(ax, projection, backdrop)
    xy = projection.xy(gaps)
    radii = gaps["without_volunteer"].to_numpy(dtype=float) * 1.5 / KM_PER_DEGREE
    circles = PatchCollection([Circle(tuple(p), max(r, 1 / KM_PER_DEGREE)) for p, r in zip(xy, radii, strict=True)],
                              facecolors=[_rgb(views.GAP_COLOR)] * len(gaps), edgecolors="none", zorder=4)
    circles.set_gid("gaps")
    ax.add_collection(circles)
    biggest = gaps.assign(x=xy[:, 0] if len(gaps) else [], y=xy[:, 1] if len(gaps) else []).sort_values(
        ["without_volunteer", "municipality"], ascending=[False, True]).head(labelled)
    for row in biggest.itertuples(index=False):
        ax.text(row.x, row.y, f"{row.municipality} ({row.without_volunteer})", fontsize=9.5, ha="center",
                va="bottom", color="#222222", zorder=5, clip_on=True, parse_math=False, gid="gap_label",
                bbox={"facecolor": "white", "alpha": 0.75, "edgecolor": "none", "pad": 1})
    if len(gaps):
        _fit(ax, xy, least=1.0)
    sentence = ("een gemeente met wachtende deelnemers voor wie geen geschikte vrijwilliger is; hoe groter de "
                "cirkel, hoe meer van hen (het getal tussen haakjes)")
    _legend(fig, [_dot(textwrap.fill(sentence, 90), _rgb(views.GAP_COLOR), "none", 16)], "", 1)
    return fig


__all__ = ["DPI", "FORMAT_NL", "MAP_SIZE", "MODEBAR_NL", "candidate_map", "plotly_config", "png_bytes",
           "recruitment_map"]
