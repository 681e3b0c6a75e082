"""Geography: postcode coordinates and great-circle distances.

Coordinates come from ``data/postcodes_be.csv`` (GeoNames, CC BY 4.0), one row per (postcode, place).
A person's coordinate is that of the place they name when it belongs to their postcode, otherwise the
postcode's own coordinate (its first listed place).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from duo_core.schema import normalise_label

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
