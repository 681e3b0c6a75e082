"""Geography: postcode coordinates, great-circle distances, and maps that ask no other server for anything.

Coordinates come from ``data/postcodes_be.csv`` (GeoNames, CC BY 4.0), one row per (postcode, place).
A person's coordinate is that of the place they name when it belongs to their postcode, otherwise the
postcode's own coordinate (its first listed place).

Maps (:func:`map_style`, :func:`backdrop`): by default a map has no tiles, so the area a person looks at
is never sent to a tile server; the shipped postcode points are drawn faintly, with the names of the
larger places, so that a person still finds their way. ``[maps] tiles`` in ``duo.toml`` names a tile
server of the organisation's choice instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import numpy as np
import pandas as pd

from duo_core.headers import normalise_label

EARTH_RADIUS_KM = 6371.0088
DEFAULT_POSTCODE_FILE = Path(__file__).resolve().parent.parent / "data" / "postcodes_be.csv"


@dataclass(frozen=True)
class PostcodeTable:
    """Lookup of postcode (and place) coordinates.

    Attributes
    ----------
    frame
        The table as read: ``postcode, place, arrondissement, province, region, lat, lon``.
    """

    frame: pd.DataFrame

    @classmethod
    def from_csv(cls, path: str | Path = DEFAULT_POSTCODE_FILE) -> PostcodeTable:
        """Read the postcode table from a CSV file."""
        frame = pd.read_csv(path, dtype={"postcode": str, "place": str})
        return cls(frame)

    def __post_init__(self) -> None:
        """Build the lookups (derived data, set once)."""
        f = self.frame
        object.__setattr__(self, "_first", f.drop_duplicates("postcode").set_index("postcode"))
        keys = f["postcode"] + "|" + f["place"].map(normalise_label)
        places = zip(f["lat"], f["lon"], f["place"], strict=True)
        object.__setattr__(self, "_places", dict(zip(keys, places, strict=True)))
        first = self._first
        object.__setattr__(self, "_codes", {code: (float(lat), float(lon), str(place)) for code, lat, lon, place in
                                            zip(first.index, first["lat"], first["lon"], first["place"], strict=True)})

    def __contains__(self, postcode: object) -> bool:
        return postcode in self._first.index

    def locate(self, postcode: str | None, place: str | None = None) -> tuple[float, float, str | None]:
        """Return ``(lat, lon, place)`` of a postcode, preferring the named place; NaN when unknown."""
        found = self._codes.get(postcode) if postcode is not None else None
        if found is None:
            return float("nan"), float("nan"), None
        if place:
            hit = self._places.get(f"{postcode}|{normalise_label(place)}")
            if hit is not None:
                return hit
        return found

    def province_of(self, postcode: str | None) -> str | None:
        """The province a postcode lies in, or ``None`` when unknown."""
        if postcode is None or postcode not in self._first.index:
            return None
        return str(self._first.loc[postcode, "province"])


@lru_cache(maxsize=4)
def postcode_table(path: str | Path = DEFAULT_POSTCODE_FILE) -> PostcodeTable:
    """The postcode table, read once per path (it is static reference data)."""
    return PostcodeTable.from_csv(path)


def chord_km(x1, y1, z1, x2, y2, z2) -> np.ndarray:
    """Great-circle distance in km between points on the unit sphere, with numpy broadcasting.

    The same distance as :func:`haversine_km`, from the chord length ``c``: ``2 R asin(c / 2)``.
    """
    dx, dy, dz = x1 - x2, y1 - y2, z1 - z2
    chord = np.sqrt(dx * dx + dy * dy + dz * dz)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(chord / 2, 1.0))


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km, vectorised over numpy broadcasting; NaN in gives NaN out."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(x, dtype=float)) for x in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


#: The larger places drawn by name on a map without tiles (postcode -> name).
LANDMARKS = {
    "1000": "Brussel", "2000": "Antwerpen", "9000": "Gent", "8000": "Brugge", "3000": "Leuven", "2800": "Mechelen",
    "3500": "Hasselt", "3600": "Genk", "9300": "Aalst", "8500": "Kortrijk", "8400": "Oostende",
    "9100": "Sint-Niklaas", "8800": "Roeselare", "2300": "Turnhout", "2440": "Geel", "2500": "Lier",
    "9200": "Dendermonde", "8900": "Ieper", "3700": "Tongeren", "1800": "Vilvoorde", "3290": "Diest",
    "3580": "Beringen", "2400": "Mol", "8790": "Waregem", "9160": "Lokeren",
}
BACKGROUND = "#f3f2ee"
ATTRIBUTION = "Postcodes: GeoNames (CC BY 4.0)"


def map_style(tiles: str | None = None) -> str:
    """A map style as a ``data:`` address, so the browser fetches it from nowhere.

    Without ``tiles``: only a plain background (no request at all). With ``tiles`` (an address with
    ``{z}``, ``{x}`` and ``{y}``): raster tiles from that server only.
    """
    style: dict = {"version": 8, "sources": {},
                   "layers": [{"id": "achtergrond", "type": "background", "paint": {"background-color": BACKGROUND}}]}
    if tiles:
        style["sources"]["tegels"] = {"type": "raster", "tiles": [tiles], "tileSize": 256}
        style["layers"].append({"id": "tegels", "type": "raster", "source": "tegels"})
    return "data:application/json," + quote(json.dumps(style, separators=(",", ":")))


def backdrop(table: PostcodeTable | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What a map without tiles draws to find one's way: every postcode point, and the larger places by name.

    Returns ``(points, places)``: ``lat, lon`` of each postcode, and ``name, lat, lon`` of :data:`LANDMARKS`.
    """
    first = (table or postcode_table())._first
    points = first[["lat", "lon"]].reset_index(drop=True)
    found = first.loc[[p for p in LANDMARKS if p in first.index]]
    places = pd.DataFrame({"name": [LANDMARKS[p] for p in found.index], "lat": found["lat"].to_numpy(),
                           "lon": found["lon"].to_numpy()})
    return points, places
