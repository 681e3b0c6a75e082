"""Numpy arrays for vectorised matching, built once per dataset.

Each side (participants, volunteers) becomes a :class:`Side`: one numpy array per matching attribute,
rows sorted by province so that one province is a contiguous slice (a view, no copy). Multi-valued
answers are bit sets (``uint64`` words, one bit per distinct answer over both sides); availability is a
21-bit mask. Codes: gender 0 unknown, 1 man, 2 vrouw, 3 x; yes/no -1 unknown, 0 no, 1 yes; contact form
0 unknown, 1 fysiek, 2 telefonisch, 3 beide.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from duo_core.dataset import (
    OPEN_DUO_STATUSES,
    RESERVING_STATUSES,
    full_names,
    participant_waiting,
    volunteer_available,
)
from duo_core.reading.values import slots_to_mask
from duo_core.schema import TARGET_GROUPS

if TYPE_CHECKING:
    from duo_core.dataset import Dataset

GENDER_CODES = {"man": 1, "vrouw": 2, "x": 3}
CONTACT_CODES = {"fysiek": 1, "telefonisch": 2, "beide": 3}
TARGET_BITS = {g: 1 << i for i, g in enumerate(TARGET_GROUPS)}


@dataclass(frozen=True)
class Vocabulary:
    """Bit positions of the distinct answers of one multi-valued field (over both sides)."""

    items: tuple[str, ...]

    @property
    def words(self) -> int:
        """Number of ``uint64`` words per bit set."""
        return max(1, (len(self.items) + 63) // 64)

    def encode(self, values: pd.Series) -> np.ndarray:
        """Sets of answers -> ``(n, words)`` uint64 bit sets."""
        index = {item: i for i, item in enumerate(self.items)}
        out = np.zeros((len(values), self.words), dtype=np.uint64)
        for row, answers in enumerate(values):
            for answer in answers:
                bit = index[answer]
                out[row, bit // 64] |= np.uint64(1 << (bit % 64))
        return out

    def decode(self, bits: np.ndarray) -> list[str]:
        """One bit set -> its answers, in vocabulary order."""
        out = []
        for i, item in enumerate(self.items):
            if int(bits[i // 64]) >> (i % 64) & 1:
                out.append(item)
        return out


@dataclass(frozen=True)
class Side:
    """The matching attributes of one side, one array per attribute, aligned by position."""

    pos: np.ndarray
    keys: np.ndarray
    name: np.ndarray
    province: np.ndarray
    municipality: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    x: np.ndarray
    y: np.ndarray
    z: np.ndarray
    age: np.ndarray
    gender: np.ndarray
    pref_gender: np.ndarray
    pref_age_min: np.ndarray
    pref_age_max: np.ndarray
    smokes: np.ndarray
    smoke_bothers: np.ndarray
    pets: np.ndarray
    pets_bother: np.ndarray
    languages: np.ndarray
    interests: np.ndarray
    personality: np.ndarray
    n_languages: np.ndarray
    n_interests: np.ndarray
    n_personality: np.ndarray
    availability: np.ndarray
    contact: np.ndarray
    target: np.ndarray
    waiting_days: np.ndarray
    max_distance: np.ndarray
    capacity: np.ndarray
    open_duos: np.ndarray
    available: np.ndarray
    in_running: np.ndarray
    status: np.ndarray
    reserved: np.ndarray

    def __len__(self) -> int:
        return len(self.keys)

    def take(self, index: np.ndarray | slice) -> Side:
        """The rows at ``index`` (a slice gives views, an index array copies)."""
        return Side(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    def column(self) -> Side:
        """The same rows shaped ``(n, 1)`` (bit sets ``(n, 1, words)``) to broadcast against a row side."""
        return Side(**{f.name: np.expand_dims(getattr(self, f.name), 1) for f in fields(self)})


@dataclass(frozen=True)
class MatchArrays:
    """Both sides, their position lookups, province slices and the pairs that were duos before."""

    participants: Side
    volunteers: Side
    participant_pos: dict[str, int]
    volunteer_pos: dict[str, int]
    participant_slices: dict[str, slice]
    volunteer_slices: dict[str, slice]
    vocabularies: dict[str, Vocabulary]
    history_codes: np.ndarray
    history: dict[tuple[int, int], tuple[str, object, object]]
    as_of: dt.date
    reservations: dict[str, Reservation]
    running_duo: dict[str, str]  # participant key -> the active duo that holds them ("" in another province)


@dataclass(frozen=True)
class Reservation:
    """An open proposal or introduction that holds a person: the other person, when, by whom."""

    duo_key: str
    other_key: str
    status: str
    on: object
    by: str | None
    elsewhere: bool = False  # held by a duo of a province outside this view (nothing more is known)


def unit_vectors(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Points on the unit sphere as ``(x, y, z)``: distances then need no trigonometry per pair."""
    la, lo = np.radians(lat), np.radians(lon)
    return np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)


def _yes_no(series: pd.Series) -> np.ndarray:
    return series.astype("float").fillna(-1).to_numpy(dtype=np.int8)


def _codes(series: pd.Series, mapping: dict[str, int]) -> np.ndarray:
    return series.map(mapping).fillna(0).to_numpy(dtype=np.int8)


def calendar_ages(births: pd.Series, as_of: dt.date) -> np.ndarray:
    """Completed years on ``as_of`` (a person is a year older on their birthday); NaN when unknown."""
    born = pd.to_datetime(births)
    years = as_of.year - born.dt.year
    before = (born.dt.month > as_of.month) | ((born.dt.month == as_of.month) & (born.dt.day > as_of.day))
    return (years - before.astype("Int64")).to_numpy(dtype=float, na_value=np.nan)


def _sorted_by_province(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, slice]]:
    frame = frame.sort_values(["province", "key"], kind="stable").reset_index(drop=True)
    slices = {}
    for province, idx in frame.groupby("province", sort=True).indices.items():
        slices[province] = slice(int(idx.min()), int(idx.max()) + 1)
    return frame, slices


def _side(
    frame: pd.DataFrame,
    vocabularies: dict[str, Vocabulary],
    as_of: dt.date,
    *,
    volunteer: bool,
    open_counts: pd.Series,
    reserved: set[str],
    running: set[str] = frozenset(),
) -> Side:
    n = len(frame)
    if volunteer:
        target = np.array(
            [sum(TARGET_BITS[g] for g in groups) for groups in frame["target_groups"]], dtype=np.int16
        )
        registered = np.full(n, np.nan)
        max_distance = frame["max_distance_km"].to_numpy(dtype=float)
        capacity = frame["max_duos"].fillna(1).to_numpy(dtype=np.int64)
        open_duos = frame["key"].map(open_counts).fillna(0).to_numpy(dtype=np.int64)
        available = volunteer_available(frame["status"]).to_numpy()
        in_running = np.zeros(n, dtype=bool)
    else:
        target = frame["target_group"].map(TARGET_BITS).fillna(0).to_numpy(dtype=np.int16)
        registered = (pd.Timestamp(as_of) - frame["registered_on"]).dt.days.to_numpy(dtype=float, na_value=np.nan)
        max_distance = np.full(n, np.nan)
        capacity = np.ones(n, dtype=np.int64)
        open_duos = np.zeros(n, dtype=np.int64)
        # waiting: status wachtend (or blank) and not in a running duo of the workbook or the app
        in_running = frame["key"].isin(running).to_numpy()
        available = participant_waiting(frame["status"]).to_numpy() & ~in_running
        registered = np.where(available, registered, np.nan)  # who does not wait has no waiting time
    names = full_names(frame)
    return Side(
        pos=np.arange(n, dtype=np.int64),
        keys=frame["key"].to_numpy(dtype=object),
        name=names.to_numpy(dtype=object),
        province=frame["province"].to_numpy(dtype=object),
        municipality=frame["municipality"].to_numpy(dtype=object),
        lat=frame["lat"].to_numpy(dtype=float),
        lon=frame["lon"].to_numpy(dtype=float),
        **dict(zip("xyz", unit_vectors(frame["lat"].to_numpy(dtype=float), frame["lon"].to_numpy(dtype=float)), strict=True)),
        age=calendar_ages(frame["birth_date"], as_of),
        gender=_codes(frame["gender"], GENDER_CODES),
        pref_gender=_codes(frame["pref_gender"], {"man": 1, "vrouw": 2}),
        pref_age_min=frame["pref_age_min"].to_numpy(dtype=float),
        pref_age_max=frame["pref_age_max"].to_numpy(dtype=float),
        smokes=_yes_no(frame["smokes"]),
        smoke_bothers=_yes_no(frame["smoke_bothers"]),
        pets=_yes_no(frame["pets"]),
        pets_bother=_yes_no(frame["pets_bother"]),
        languages=vocabularies["languages"].encode(frame["languages"]),
        interests=vocabularies["interests"].encode(frame["interests"]),
        personality=vocabularies["personality"].encode(frame["personality"]),
        n_languages=frame["languages"].map(len).to_numpy(dtype=np.int64),
        n_interests=frame["interests"].map(len).to_numpy(dtype=np.int64),
        n_personality=frame["personality"].map(len).to_numpy(dtype=np.int64),
        availability=np.array([slots_to_mask(s) for s in frame["availability"]], dtype=np.int64),
        contact=_codes(frame["contact_form"], CONTACT_CODES),
        target=target,
        waiting_days=registered,
        max_distance=max_distance,
        capacity=capacity,
        open_duos=open_duos,
        available=available,
        in_running=in_running,
        status=frame["status"].to_numpy(dtype=object),
        reserved=frame["key"].isin(reserved).to_numpy(),
    )


def _vocabulary(*series: pd.Series) -> Vocabulary:
    items: set[str] = set()
    for s in series:
        for answers in s:
            items.update(answers)
    return Vocabulary(tuple(sorted(items)))


def match_arrays(ds: Dataset) -> MatchArrays:
    """The matching arrays of a dataset, built once per dataset and kept with it."""
    return ds.derived("match_arrays", lambda: build_arrays(ds))


def build_arrays(ds: Dataset) -> MatchArrays:
    """Build the matching arrays of a dataset (see :func:`match_arrays`, which builds them once)."""
    participants, p_slices = _sorted_by_province(ds.participants)
    volunteers, v_slices = _sorted_by_province(ds.volunteers)
    vocabularies = {
        name: _vocabulary(participants[name], volunteers[name]) for name in ("languages", "interests", "personality")
    }
    open_counts = ds.open_duo_counts
    reservations = _reservations(ds.duos)
    for frame in (ds.participants, ds.volunteers):
        if "reserved_elsewhere" in frame:
            for key in frame.loc[frame["reserved_elsewhere"], "key"]:
                reservations.setdefault(key, Reservation("", "", "voorstel", None, None, elsewhere=True))
    reserved = set(reservations)
    running_duos = ds.duos[ds.duos["status"] == "actief"]
    running_duo = dict(zip(running_duos["participant_key"], running_duos["key"], strict=False))
    if "open_elsewhere" in participants:  # an open duo of another province holds them too (no key shown)
        for key in set(participants.loc[participants["open_elsewhere"] > 0, "key"]) - reserved:
            running_duo.setdefault(key, "")
    running = set(running_duo)
    p_side = _side(participants, vocabularies, ds.as_of, volunteer=False, open_counts=open_counts, reserved=reserved,
                   running=running)
    v_side = _side(volunteers, vocabularies, ds.as_of, volunteer=True, open_counts=open_counts, reserved=reserved)
    p_pos = {k: i for i, k in enumerate(p_side.keys)}
    v_pos = {k: i for i, k in enumerate(v_side.keys)}
    history: dict[tuple[int, int], tuple[str, object, object]] = {}
    duos = ds.duos.sort_values("start_date", kind="stable", na_position="first")
    for pk, vk, status, end, reason in zip(
        duos["participant_key"], duos["volunteer_key"], duos["status"], duos["end_date"], duos["stop_reason"], strict=True
    ):
        if pk in p_pos and vk in v_pos:
            history[(p_pos[pk], v_pos[vk])] = (status or "", end, reason)
    codes = np.array(sorted(i * len(v_side) + j for i, j in history), dtype=np.int64)
    return MatchArrays(
        participants=p_side,
        volunteers=v_side,
        participant_pos=p_pos,
        volunteer_pos=v_pos,
        participant_slices=p_slices,
        volunteer_slices=v_slices,
        vocabularies=vocabularies,
        history_codes=codes,
        history=history,
        as_of=ds.as_of,
        reservations=reservations,
        running_duo=running_duo,
    )


def _reservations(duos: pd.DataFrame) -> dict[str, Reservation]:
    """Per person key, the open proposal or introduction that holds them (the newest if several)."""
    held = duos[duos["status"].isin(RESERVING_STATUSES)]
    on = held["proposed_on"].fillna(held["start_date"]) if "proposed_on" in held else held["start_date"]
    by = held["proposed_by"] if "proposed_by" in held else pd.Series(None, index=held.index, dtype=object)
    out: dict[str, Reservation] = {}
    for duo, p, v, status, when, who in zip(held["key"], held["participant_key"], held["volunteer_key"],
                                            held["status"], on, by, strict=True):
        out[p] = Reservation(duo, v, status, when, who)
        out[v] = Reservation(duo, p, status, when, who)
    return out


__all__ = ["OPEN_DUO_STATUSES", "MatchArrays", "Side", "Vocabulary", "build_arrays", "calendar_ages", "match_arrays"]
