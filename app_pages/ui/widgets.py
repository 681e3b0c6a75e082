"""Widgets more than one page uses: tables, weight sliders, map legend, coach-duo columns, downloads (Excel, PNG), PDF reports."""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Callable, Iterable

import pandas as pd
import pydeck as pdk
import streamlit as st
from matplotlib.figure import Figure
from pydeck.bindings.json_tools import default_serialize

import duo_core
from app_pages.ui import privacy
from app_pages.ui.session import config
from duo_core import formatting, geo
from duo_core.lifecycle import views
from duo_core.output import images
from duo_core.output.excel import excel_bytes


def table(data, **kwargs):
    """``st.dataframe`` with a missing value shown as an empty cell (Streamlit writes the word "None").

    Every page's tables go through here; ``placeholder`` may still say otherwise.
    """
    kwargs.setdefault("placeholder", "")
    return st.dataframe(data, **kwargs)


WEIGHT_LABELS = {
    "proximity": "Afstand",
    "interests": "Gedeelde interesses",
    "availability": "Gemeenschappelijke momenten",
    "personality": "Persoonlijkheid",
    "age": "Leeftijd",
    "waiting": "Wachttijd deelnemer",
}


#: The colour of scores and points (the template's dark blue: readable for everyone, 7:1 on white).
SCORE_COLOR = "#1F5C99"


def _swatch(rgb: list[int], ring: bool = False) -> str:
    r, g, b = rgb
    look = (f"border:3px solid rgb({r},{g},{b});background:transparent" if ring
            else f"border:1px solid #333;background:rgb({r},{g},{b})")
    return (f'<span aria-hidden="true" style="display:inline-block;width:1.1em;height:1.1em;border-radius:50%;'
            f'vertical-align:middle;{look}"></span>')


def map_legend(lo: float = 0.0, hi: float = 100.0, radius: float | None = None, excluded: bool = False) -> None:
    """The legend under a candidate map: the colours span the scores shown; shapes for excluded and chosen."""
    stops = " ".join(f"{_swatch(rgb)} {label}" for rgb, label in views.legend_stops(lo, hi))
    parts = [f"Kleur = score, van {formatting.number(lo)} (donkerblauw) tot {formatting.number(hi)} (geel): {stops}",
             f"{_swatch(views.CHOSEN_COLOR, ring=True)} dikke zwarte ring = de gekozen kandidaat",
             f"{_swatch(views.PERSON_COLOR)} blauw = de gekozen persoon"]
    if excluded:
        parts.insert(1, f"{_swatch(views.EXCLUDED_COLOR, ring=True)} open rode ring = uitgesloten")
    if radius:
        parts.append(f"cirkel: {formatting.number(radius, 0)} km")
    st.markdown(f'<div role="note">{" · ".join(parts)}</div>', unsafe_allow_html=True)


def recruitment_legend() -> None:
    """The legend under the recruitment map of Wachtlijst."""
    swatch = _swatch(list(views.GAP_COLOR[:3]))
    st.markdown(f'<div role="note">{swatch} een gemeente met wachtende deelnemers voor wie geen geschikte '
                "vrijwilliger is · hoe groter de cirkel, hoe meer van hen · wijs een cirkel aan voor de "
                "aantallen</div>", unsafe_allow_html=True)


def map_base(tiles: str | None = None) -> tuple[list[pdk.Layer], str]:
    """The layers under every map and its style: tiles only from ``tiles`` (``[maps] tiles``), else none at all.

    Without tiles, the postcode points are drawn faintly with the names of the larger places, so the map
    still shows where things are and the browser asks no other server for anything. Those layers cannot
    be picked, so on a map whose points can be selected (Match zoeken) a click only ever finds a person.
    """
    style = geo.map_style(tiles)
    if tiles:
        return [], style
    points, places = geo.backdrop()
    return [
        pdk.Layer("ScatterplotLayer", id="postcodes", data=points, get_position=["lon", "lat"], get_radius=250,
                  radius_min_pixels=1, get_fill_color=[150, 150, 150, 90], pickable=False),
        pdk.Layer("TextLayer", id="places", data=places, get_position=["lon", "lat"], get_text="name", get_size=13,
                  get_color=[60, 60, 60, 230], pickable=False),
    ], style


@functools.lru_cache(maxsize=4)
def _base_spec(tiles: str | None) -> tuple[dict, tuple[dict, ...]]:
    """An empty map with :func:`map_base`'s style, and :func:`map_base`'s layers, as plain structures.

    The structure of their JSON (see :func:`deck_spec`), made once per tiles setting (never modified).
    """
    layers, style = map_base(tiles)
    base = tuple(_plain(layers))
    for layer in base:
        _LAYER_JSON[id(layer)] = (layer, json.dumps(layer, sort_keys=True))
    return deck_spec(pdk.Deck(layers=[], map_provider=None, map_style=style)), base


#: The JSON of the backdrop's layers by their identity: written once, as they are never modified.
_LAYER_JSON: dict[int, tuple[dict, str]] = {}
_LAYERS = "\0layers\0"  # stands for the layers while the rest of a map is written


def _layer_json(layer: dict) -> str:
    held = _LAYER_JSON.get(id(layer))
    return held[1] if held is not None and held[0] is layer else json.dumps(layer, sort_keys=True)


def _plain(value: object) -> object:
    """Layers or a view state as the plain structure their JSON holds (as in :func:`deck_spec`)."""
    return json.loads(json.dumps(value, sort_keys=True, default=default_serialize))


def map_spec(layers: list[pdk.Layer], tiles: str | None = None,
             initial_view_state: pdk.ViewState | None = None) -> dict:
    """A map's plain structure (see :func:`deck_spec`): :func:`map_base`'s layers and style, then ``layers``.

    The same structure as that of ``pdk.Deck(layers=[*map_base(tiles)[0], *layers], map_style=...,
    initial_view_state=...)``, without making a Deck (pydeck probes for Jupyter and API keys with each) and
    with the backdrop's thousand postcode points turned into JSON once, not with every map.
    """
    empty, base = _base_spec(tiles)
    spec = {**empty, "layers": [*base, *_plain(layers)]}
    if initial_view_state is not None:
        spec["initialViewState"] = _plain(initial_view_state)
    return spec


class ReadyDeck(pdk.Deck):
    """A map whose JSON is made beforehand: what ``st.pydeck_chart`` reads of a Deck, nothing more.

    pydeck writes a map out with Python's slow indented encoder and probes for Jupyter with every Deck it
    makes; a map made once per data version (:func:`deck_spec`) is sent from its plain structure instead.
    The browser receives the same map (only the JSON's whitespace differs). The backdrop's layers are
    written once (:func:`map_spec`): the JSON is exactly ``json.dumps(spec, sort_keys=True)``.
    """

    def __init__(self, spec: dict, tooltip: dict | None = None) -> None:  # no Deck.__init__: nothing to set up
        layers = ", ".join(_layer_json(layer) for layer in spec.get("layers", []))
        rest = json.dumps({**spec, "layers": _LAYERS}, sort_keys=True)
        self.layers, self._tooltip = [], tooltip
        self._json = rest.replace(json.dumps(_LAYERS), f"[{layers}]", 1) if "layers" in spec else json.dumps(
            spec, sort_keys=True)

    def to_json(self) -> str:
        """The map as JSON (what st.pydeck_chart sends)."""
        return self._json


def deck_spec(deck: pdk.Deck) -> dict:
    """A Deck as the plain structure its JSON holds, to keep in a cache and show with :class:`ReadyDeck`.

    The same structure as ``json.loads(deck.to_json())``, written by the C encoder (pydeck indents its JSON,
    which takes Python's own, slow encoder).
    """
    return json.loads(json.dumps(deck, sort_keys=True, default=default_serialize))


def clicked_row(table_key: str, keys: list[str]) -> str | None:
    """The key of the row clicked in the table ``table_key`` whose rows are ``keys``.

    ``None`` when none is, or when the row is one the table no longer has (a click on a table since redrawn with
    fewer rows, which must change nothing).
    """
    rows = st.session_state[table_key].selection.rows
    return keys[rows[0]] if rows and 0 <= rows[0] < len(keys) else None


def weight_sliders(prefix: str) -> duo_core.Weights:
    """Sliders for the matching weights (defaults from the configuration) with a reset button."""
    defaults = duo_core.Weights.from_config(config()).to_dict()
    with st.expander("Gewichten van de criteria"):
        if st.button("Standaardgewichten", key=f"{prefix}_reset"):
            for name, value in defaults.items():
                st.session_state[f"{prefix}_w_{name}"] = int(value)
        values = {
            name: st.slider(WEIGHT_LABELS[name], 0, 100, int(defaults[name]), key=f"{prefix}_w_{name}")
            for name in defaults
        }
    if sum(values.values()) == 0:
        st.warning("Alle gewichten staan op 0: de standaardgewichten worden gebruikt.")
        return duo_core.Weights.from_dict(defaults)
    return duo_core.Weights.from_dict(values)


def coach_duo_columns() -> dict:
    """Dutch labels of the coach-duo table (``duo_core.lifecycle.coaches.coach_duos``)."""
    return {
        "duo_key": "Duo",
        "participant": "Deelnemer",
        "participant_phone": "Tel. deelnemer",
        "volunteer": "Vrijwilliger",
        "volunteer_phone": "Tel. vrijwilliger",
        "status": "Status",
        "start_date": st.column_config.DateColumn("Start", format="DD/MM/YYYY"),
        "last_followup": st.column_config.DateColumn("Laatste opvolging", format="DD/MM/YYYY"),
        "due": st.column_config.DateColumn("Volgende opvolging", format="DD/MM/YYYY"),
        "overdue": "Te laat",
        "days_overdue": "Dagen te laat",
    }


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Sheets = dict[str, pd.DataFrame]


def download(label: str, sheets: Sheets | Callable[[], Sheets | bytes], file_name: str, key: str,
             people: Iterable[str] = (), mime: str = XLSX) -> None:
    """A download button: the file is built in memory when the button is clicked, not on every run.

    ``sheets`` are the sheets of an Excel workbook, or a function that makes them (then the sheets too are made
    only for the click) or that builds the file itself (a picture: give its ``mime``). ``people`` are the keys
    of the people the file names: building it notes them in the access log.
    """
    keys = list(people)

    def build() -> bytes:
        made = sheets() if callable(sheets) else sheets
        return made if isinstance(made, bytes) else excel_bytes(made)

    st.download_button(
        label,
        data=privacy.logged(build, "export", keys, file_name) if keys else build,
        file_name=file_name,
        mime=mime,
        key=key,
        on_click="ignore",
        icon=":material/download:",
    )


def picture(label: str, figure: Callable[[], Figure], file_name: str, key: str, people: Iterable[str] = ()) -> None:
    """A PNG of a chart the browser cannot save itself (a map): drawn on the server when the button is clicked."""
    download(label, lambda: images.png_bytes(figure()), file_name, key, people=people, mime="image/png")


REPORT_FAILED = ("Het rapport (PDF) kon niet gemaakt worden. De cijfers staan wel op deze pagina en in de "
                 "Excel-download; meld dit aan wie de app beheert.")


def report(container, label: str, make: Callable[[], bytes], file_name: str, key: str) -> None:
    """A PDF report: made when its button is clicked, then offered for download; one that fails is a Dutch message.

    The report is made in the page's own run: in a download's background thread a failure would leave the person
    with no file and no word. The file is offered until the next click on the page (never a stale report).
    """
    if not container.button(label, key=key, icon=":material/print:"):
        return
    try:
        pdf = make()
    except Exception:  # any failure of matplotlib or the data: the person gets a message, the console the details
        logging.getLogger(__name__).exception("report %s could not be made", file_name)
        container.error(REPORT_FAILED, icon=":material/error:")
        return
    container.download_button(f"{label} downloaden", data=pdf, file_name=file_name, mime="application/pdf",
                              key=f"{key}::file", on_click="ignore", icon=":material/download:", type="primary")


def file_name(stem: str, key: str, suffix: str = ".xlsx") -> str:
    """A download's file name from a key (``Antwerpen/D0174`` -> ``shortlist_Antwerpen_D0174.xlsx``), safe characters only."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", key).strip("_")[:60]
    return f"{stem}_{safe}{suffix}"
