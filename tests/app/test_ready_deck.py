"""The prepared maps and figures (``widgets.ReadyDeck``, ``charts.ReadyFigure``): the browser receives the same
map as from pydeck's own JSON, the same chart as from plotly's."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pandas as pd
import pydeck as pdk

from app_pages.ui import charts, widgets


def _deck() -> pdk.Deck:
    points = pd.DataFrame({"key": ["a", "b"], "lat": [51.0, np.nan], "lon": [4.0, 4.1],
                           "color": [[1, 2, 3], [4, 5, 6]], "excluded": [False, True]})
    return pdk.Deck(
        layers=[pdk.Layer("ScatterplotLayer", id="points", data=points, get_position=["lon", "lat"],
                          get_fill_color="color", pickable=True)],
        map_provider=None, initial_view_state=pdk.ViewState(latitude=51.0, longitude=4.3, zoom=7.3),
        tooltip={"text": "{key}"},
    )


def test_a_ready_deck_sends_the_map_pydecks_json_describes():
    own = json.loads(_deck().to_json())
    ready = widgets.ReadyDeck(widgets.deck_spec(_deck()), {"text": "{key}"})
    sent = json.loads(ready.to_json())
    assert sent == own
    assert sent["layers"][0]["data"][1]["key"] == "b" and np.isnan(sent["layers"][0]["data"][1]["lat"])
    assert ready._tooltip == {"text": "{key}"}  # what st.pydeck_chart reads for the hover text


def _points() -> pdk.Layer:
    points = pd.DataFrame({"key": ["a"], "lat": [51.0], "lon": [4.0]})
    return pdk.Layer("ScatterplotLayer", id="points", data=points, get_position=["lon", "lat"], pickable=True)


def test_a_map_spec_is_the_deck_with_the_backdrop_layers_under_its_own():
    view = pdk.ViewState(latitude=51.0, longitude=4.3, zoom=7.3)
    base, style = widgets.map_base()
    whole = widgets.deck_spec(pdk.Deck(layers=[*base, _points()], map_provider=None, map_style=style,
                                       initial_view_state=view, tooltip={"text": "{key}"}))
    spec = widgets.map_spec([_points()], None, initial_view_state=view)
    assert spec == whole
    assert [layer["id"] for layer in spec["layers"]] == ["postcodes", "places", "points"]


def test_a_map_spec_with_tiles_has_no_backdrop_and_the_tiles_style():
    tiles = "https://tegels.example/{z}/{x}/{y}.png"
    whole = widgets.deck_spec(pdk.Deck(layers=[_points()], map_provider=None, map_style=widgets.map_base(tiles)[1]))
    assert widgets.map_spec([_points()], tiles) == whole


def test_a_ready_deck_of_a_map_spec_is_written_exactly_as_its_structure():
    spec = widgets.map_spec([_points()], None, initial_view_state=pdk.ViewState(latitude=51.0, longitude=4.3, zoom=7.3))
    assert widgets.ReadyDeck(spec).to_json() == json.dumps(spec, sort_keys=True)


def _sent(figure) -> str:
    """The JSON st.plotly_chart sends for ``figure`` (as Streamlit 1.67 makes it)."""
    import plotly.io
    import plotly.tools

    return plotly.io.to_json(plotly.tools.return_figure_from_figure_or_data(figure, validate_figure=True),
                             validate=False)


def test_a_ready_figure_sends_the_chart_plotly_would_and_is_not_changed_by_sending():
    import plotly.express as px

    frame = pd.DataFrame({"month": pd.date_range("2026-01-01", periods=4, freq="MS"), "n": [1.5, 2.0, 0.25, 3.0],
                          "province": ["Antwerpen", "Antwerpen", "Limburg", "Limburg"]})
    figure = px.line(frame, x="month", y="n", color="province", markers=True).update_layout(separators=",.")
    ready = charts.ReadyFigure(figure)
    first = _sent(ready)
    assert (first, _sent(ready), json.loads(first)["data"][1]["name"]) == (_sent(figure), first, "Limburg")
    assert _sent(pickle.loads(pickle.dumps(ready))) == first


def test_a_chart_fits_a_phone_its_title_wrapped_and_its_legend_under_it():
    import plotly.express as px

    fig = charts.phone_friendly(px.line(pd.DataFrame({"m": [1, 2], "n": [3, 4], "p": ["Antwerpen", "Limburg"]}),
                                        x="m", y="n", color="p",
                                        title="Aandeel gematcht binnen 3 maanden na aanmelding"))
    assert fig.layout.title.text == "Aandeel gematcht binnen 3 maanden<br>na aanmelding"
    assert (fig.layout.legend.orientation, fig.layout.legend.yanchor, fig.layout.margin.t) == ("h", "top", 74)
