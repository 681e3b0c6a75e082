"""Display-ready data for the pages: search options, side-by-side profiles, map points.

These functions decide *what* a page shows (which rows, which values, which colour a score gets); the
pages only lay it out. Column names stay English; the pages label them in Dutch.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from duo_core.dataset import Dataset, full_names
from duo_core.matching.sentences import age_range_text, slot_text
from duo_core.reading.dates import calendar_age


def person_options(frame: pd.DataFrame) -> pd.DataFrame:
    """Search options for a select box: ``key`` and ``label`` ("Naam (ID) – Gemeente, Provincie").

    Typing a name, an ID or a municipality in the select box finds the person.
    """
    name = full_names(frame)
    place = frame["municipality"].fillna("gemeente onbekend")
    label = name + " (" + frame["id"].astype(str) + ") – " + place + ", " + frame["province"]
    out = pd.DataFrame({"key": frame["key"].to_numpy(), "label": label.to_numpy()})
    return out.sort_values("label", key=lambda s: s.str.lower()).reset_index(drop=True)


def for_screen(frame: pd.DataFrame, decimals: dict[str, int] | None = None,
               flags: list[str] | tuple[str, ...] = ()) -> pd.DataFrame:
    """A table as people (and screen readers) read it: numbers rounded to what is shown, flags in words.

    A table's cells reach screen readers as their raw values: a score shown as ``64`` was read out as
    ``64.4732432954996`` and a tick as ``false``. Numbers keep their type (the table still sorts them);
    each flag column becomes ``ja`` or ``nee``.
    """
    out = frame.copy()
    for column, places in (decimals or {}).items():
        out[column] = out[column].astype(float).round(places)
    for column in flags:
        out[column] = pd.Series(np.where(out[column].fillna(False).astype(bool), "ja", "nee"), index=out.index,
                                dtype="str")
    return out


def full_name(row: pd.Series) -> str:
    """``first_name last_name`` of one person (either may be missing)."""
    return " ".join(str(row[c]).strip() for c in ("first_name", "last_name") if isinstance(row[c], str)).strip()


def tel_href(phone: object) -> str | None:
    """A ``tel:`` address for a Belgian number as people type it (``0470 11 22 33`` -> ``tel:+32470112233``).

    Only digits (and one leading ``+``) reach the address, so nothing else typed in the cell can; ``None``
    when the cell holds no plausible number.
    """
    if not isinstance(phone, str):
        return None
    text = phone.strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    if text.startswith("+"):
        number = "+" + digits
    elif digits.startswith("00"):
        number = "+" + digits[2:]
    elif digits.startswith("0"):
        number = "+32" + digits[1:]
    else:
        return None
    return f"tel:{number}" if 10 <= len(number) <= 16 else None


def _yes_no(value) -> str:
    if value is None or pd.isna(value):
        return "onbekend"
    return "ja" if bool(value) else "nee"


def _age(born, as_of) -> str:
    if born is None or pd.isna(born):
        return "onbekend"
    return f"{calendar_age(pd.Timestamp(born).date(), as_of)} jaar"


def _pref_age(lo, hi) -> str:
    return "geen voorkeur" if math.isnan(lo) else age_range_text(lo, hi)


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "onbekend"
    return str(value)


def _set(values) -> str:
    return ", ".join(sorted(values)) if values else "onbekend"


def profile_rows(ds: Dataset, participant_key: str, volunteer_key: str) -> pd.DataFrame:
    """The two profiles side by side: ``label, participant, volunteer, shared`` (shared values listed).

    Only what matching needs; no notes or care needs.
    """
    p = ds.participants_by_key.loc[participant_key]
    v = ds.volunteers_by_key.loc[volunteer_key]
    rows = [
        ("Naam", f"{_text(p['first_name'])} {p['last_name'] or ''}".strip(),
         f"{_text(v['first_name'])} {v['last_name'] or ''}".strip(), ""),
        ("Leeftijd", _age(p["birth_date"], ds.as_of), _age(v["birth_date"], ds.as_of), ""),
        ("Geslacht", _text(p["gender"]), _text(v["gender"]), ""),
        ("Woonplaats", f"{_text(p['postcode'])} {_text(p['municipality'])}",
         f"{_text(v['postcode'])} {_text(v['municipality'])}", ""),
        ("Doelgroep", _text(p["target_group"]), _set(v["target_groups"]) if v["target_groups"] else "alle", ""),
        ("Contactvorm", _text(p["contact_form"]), _text(v["contact_form"]), ""),
        ("Verplaatsing / max. afstand", _text(p["mobility"]),
         "onbekend" if pd.isna(v["max_distance_km"]) else f"{v['max_distance_km']:g} km", ""),
        ("Interesses", _set(p["interests"]), _set(v["interests"]), ", ".join(sorted(p["interests"] & v["interests"]))),
        ("Beschikbaarheid", slot_text(p["availability"]) or "onbekend", slot_text(v["availability"]) or "onbekend",
         slot_text(p["availability"] & v["availability"])),
        ("Persoonlijkheid", _set(p["personality"]), _set(v["personality"]),
         ", ".join(sorted(p["personality"] & v["personality"]))),
        ("Talen", _set(p["languages"]), _set(v["languages"]), ", ".join(sorted(p["languages"] & v["languages"]))),
        ("Rookt / roken storend", f"{_yes_no(p['smokes'])} / {_yes_no(p['smoke_bothers'])}",
         f"{_yes_no(v['smokes'])} / {_yes_no(v['smoke_bothers'])}", ""),
        ("Huisdieren / storend", f"{_yes_no(p['pets'])} / {_yes_no(p['pets_bother'])}",
         f"{_yes_no(v['pets'])} / {_yes_no(v['pets_bother'])}", ""),
        ("Voorkeur geslacht", _text(p["pref_gender"]), _text(v["pref_gender"]), ""),
        ("Voorkeur leeftijd", _pref_age(p["pref_age_min"], p["pref_age_max"]),
         _pref_age(v["pref_age_min"], v["pref_age_max"]), ""),
    ]
    return pd.DataFrame(rows, columns=["label", "participant", "volunteer", "shared"])


#: A colour-blind-safe sequential scale (cividis: readable with every form of colour blindness and in
#: grey), from a low score (dark blue) to a high score (yellow).
SCORE_SCALE = np.array([[0, 34, 78], [62, 78, 108], [124, 123, 120], [190, 175, 111], [254, 232, 56]], dtype=float)
#: The outline of an excluded candidate: an open ring (no fill) in a red the score scale never reaches.
EXCLUDED_COLOR = [200, 30, 60]
#: The ring around the chosen candidate (the one explained and proposed below the map).
CHOSEN_COLOR = [20, 20, 20]
PERSON_COLOR = [0, 90, 200]
#: The recruitment map's circles (municipalities with waiting participants nobody fits), translucent.
GAP_COLOR = [220, 60, 60, 160]


def score_range(scores: np.ndarray | pd.Series) -> tuple[float, float]:
    """The scores a map's colours span: from the lowest to the highest score shown.

    The demo's best candidate scores 64: on a fixed 0–100 scale every candidate would be a grey or a
    khaki. Excluded candidates (``NaN``) do not count; with one score (or none) the scale runs up to it
    from 10 points lower (so the colour still says "high").
    """
    shown = np.asarray(scores, dtype=float)
    shown = shown[~np.isnan(shown)]
    if shown.size == 0:
        return 0.0, 100.0
    lo, hi = float(shown.min()), float(shown.max())
    return (max(hi - 10.0, 0.0), hi) if hi - lo < 1 else (lo, hi)


def score_color(score: np.ndarray | pd.Series, lo: float = 0.0, hi: float = 100.0) -> list[list[int]]:
    """RGB per score on :data:`SCORE_SCALE` from ``lo`` (dark blue) to ``hi`` (yellow).

    An excluded candidate (``NaN``) gets :data:`EXCLUDED_COLOR`; maps draw it as an open ring, so it is
    told apart by its shape too, not by its colour alone.
    """
    raw = np.asarray(score, dtype=float)
    s = np.clip((np.nan_to_num(raw, nan=lo) - lo) / max(hi - lo, 1e-9), 0.0, 1.0) * (len(SCORE_SCALE) - 1)
    low = np.floor(s).astype(int).clip(0, len(SCORE_SCALE) - 2)
    t = (s - low)[:, None]
    colors = (SCORE_SCALE[low] * (1 - t) + SCORE_SCALE[low + 1] * t).round().astype(int)
    colors[np.isnan(raw)] = EXCLUDED_COLOR
    return colors.tolist()


def legend_stops(lo: float = 0.0, hi: float = 100.0) -> list[tuple[list[int], str]]:
    """The colours a map legend shows, with their scores (whole points, five steps from ``lo`` to ``hi``)."""
    steps = np.linspace(lo, hi, len(SCORE_SCALE))
    return [(score_color([v], lo, hi)[0], f"{v:.0f}") for v in steps]


MAP_COLUMNS = ["key", "name", "role", "lat", "lon", "score_text", "distance_text", "color", "excluded", "chosen"]


def map_points(ds: Dataset, person_key: str, ranking: pd.DataFrame, person_is_participant: bool,
               chosen: str | None = None) -> pd.DataFrame:
    """Points for the map: the person (blue) and the ranked candidates coloured by score.

    The colours span the scores of this ranking (:func:`score_range`); ``excluded`` marks the candidates
    drawn as open rings and ``chosen`` the candidate explained below the map. Candidates without
    coordinates are left off the map (they stay in the table). Only the columns the map needs are
    returned, so nothing else reaches the browser.
    """
    people = ds.participants_by_key if person_is_participant else ds.volunteers_by_key
    others = ds.volunteers_by_key if person_is_participant else ds.participants_by_key
    me = people.loc[person_key, ["first_name", "last_name", "lat", "lon"]]  # only what is drawn: a whole row is slow
    cand = others.loc[ranking["key"], ["lat", "lon"]]
    lo, hi = score_range(ranking["score"])
    scores = ranking["score"].to_numpy(dtype=float)
    keys = ranking["key"].tolist()
    # the person first, then the candidates; one frame built once (small frames cost more to build than to fill)
    columns = {
        "key": [person_key, *keys],
        "name": [f"{me['first_name'] or ''} {me['last_name'] or ''}".strip(), *ranking["name"].tolist()],
        "role": ["deelnemer" if person_is_participant else "vrijwilliger", *(["kandidaat"] * len(keys))],
        "lat": np.concatenate([[float(me["lat"])], cand["lat"].to_numpy(dtype=float)]),
        "lon": np.concatenate([[float(me["lon"])], cand["lon"].to_numpy(dtype=float)]),
        "score_text": ["", *[("uitgesloten" if math.isnan(s) else f"score {s:.0f} van 100") for s in scores]],
        "distance_text": ["", *[("afstand onbekend" if math.isnan(d) else f"{d:.1f} km".replace(".", ","))
                                for d in ranking["distance_km"].to_numpy(dtype=float)]],
        "color": [PERSON_COLOR, *score_color(scores, lo, hi)],
        "excluded": np.concatenate([[False], np.isnan(scores)]),
        "chosen": np.array([False, *[k == chosen for k in keys]], dtype=bool),
    }
    placed = ~(np.isnan(columns["lat"]) | np.isnan(columns["lon"]))
    return pd.DataFrame({name: [v for v, keep in zip(values, placed, strict=True) if keep]
                         if isinstance(values, list) else values[placed] for name, values in columns.items()},
                        columns=MAP_COLUMNS)


def travel_radius_km(ds: Dataset, person_key: str, person_is_participant: bool, max_distance_km: float | None) -> float | None:
    """The radius to draw around the person: a volunteer's own maximum distance, else the distance filter."""
    if not person_is_participant:
        reach = ds.volunteers_by_key.loc[person_key, "max_distance_km"]
        return None if pd.isna(reach) else float(reach)
    return max_distance_km
