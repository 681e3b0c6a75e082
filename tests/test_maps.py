"""Maps that ask no other server for anything: the style, the tile source from duo.toml, the backdrop."""

from __future__ import annotations

import json
from urllib.parse import unquote

import pytest

import duo_core
from duo_core import geo


def _style(address: str) -> dict:
    assert address.startswith("data:application/json,")
    return json.loads(unquote(address.removeprefix("data:application/json,")))


def test_without_tiles_the_style_has_only_a_background():
    style = _style(geo.map_style())
    assert style == {"version": 8, "sources": {}, "layers": [
        {"id": "achtergrond", "type": "background", "paint": {"background-color": "#f3f2ee"}}]}


def test_a_configured_tile_server_is_the_only_source():
    style = _style(geo.map_style("https://tegels.samana.be/{z}/{x}/{y}.png"))
    assert style["sources"] == {"tegels": {"type": "raster", "tiles": ["https://tegels.samana.be/{z}/{x}/{y}.png"],
                                           "tileSize": 256}}
    assert [layer["id"] for layer in style["layers"]] == ["achtergrond", "tegels"]


def test_the_backdrop_has_every_postcode_and_the_larger_places():
    table = geo.postcode_table()
    points, places = geo.backdrop(table)
    assert len(points) == table.frame["postcode"].nunique()
    assert places["name"].tolist() == list(geo.LANDMARKS.values())
    gent = places[places["name"] == "Gent"].iloc[0]
    assert (round(gent["lat"], 2), round(gent["lon"], 2)) == (51.05, 3.72)


def test_the_tile_source_is_read_from_duo_toml(tmp_path):
    path = tmp_path / "duo.toml"
    path.write_text('[maps]\ntiles = "https://tegels.samana.be/{z}/{x}/{y}.png"\n', encoding="utf-8")
    assert duo_core.load_config(path).tiles == "https://tegels.samana.be/{z}/{x}/{y}.png"
    assert duo_core.Config().tiles is None
    path.write_text('[maps]\ntiles = "https://tegels.samana.be/kaart.png"\n', encoding="utf-8")
    with pytest.raises(duo_core.ConfigError, match=r"\[maps\] tiles moet een adres zijn met \{z\}, \{x\} en \{y\}"):
        duo_core.load_config(path)
