"""Availability as people write it, read as the 21 day-part slots of the schema.

``maandag voormiddag``, ``ma vm``, ``Maandag (voormiddag)``, ``maandagvoormiddag``, a whole day, ``weekend``,
days sharing a day-part (``ma/wo voormiddag``), French (``lundi matin``, ``jeudi après-midi``) and English
(``Monday morning``). Used by :mod:`duo_core.reading.values` (which re-exports it) and the import assistant.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from duo_core.headers import normalise_label
from duo_core.schema import DAY_PARTS, DAYS, SLOTS

Parsed = tuple[Any, "str | None"]
_SPLIT = re.compile(r"[;,\n|]+")


def _items(raw: object) -> list[str]:
    """The items of an answer (``"ma vm; wo av"``), folded, each once."""
    if raw is None or (isinstance(raw, float) and raw != raw):
        return []
    out: list[str] = []
    for x in _SPLIT.split(str(raw)):
        x = re.sub(r"\s+", " ", x.strip().lower())
        if x and x not in out:
            out.append(x)
    return out


_DAY_ALIASES = {
    "ma": 0,
    "di": 1,
    "wo": 2,
    "do": 3,
    "vr": 4,
    "za": 5,
    "zo": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "mon": 0,
    "tue": 1,
    "wed": 2,
    "thu": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
    "lundi": 0,
    "mardi": 1,
    "mercredi": 2,
    "jeudi": 3,
    "vendredi": 4,
    "samedi": 5,
    "dimanche": 6,
}
_PART_ALIASES = {
    "voormiddag": 0,
    "vm": 0,
    "ochtend": 0,
    "morgen": 0,
    "namiddag": 1,
    "nm": 1,
    "middag": 1,
    "avond": 2,
    "savonds": 2,
    "av": 2,
    "morning": 0,
    "afternoon": 1,
    "evening": 2,
    "matin": 0,
    "apresmidi": 1,
    "soir": 2,
    "soiree": 2,
}
_DAY_INDEX = {d: i for i, d in enumerate(DAYS)} | _DAY_ALIASES


@lru_cache(maxsize=4096)
def _parse_slot(item: str) -> tuple[str, ...] | None:
    """One availability item -> slot labels; ``None`` when not understood (memoised: items repeat)."""
    item = re.sub(r"apr[eè]s[\s\-]*midi", "apresmidi", item)
    words = [normalise_label(w) for w in re.split(r"[\s\-/&+]+|\ben\b|\bet\b|\band\b", item) if normalise_label(w)]
    if not words:
        return ()
    days = []
    while words and words[0] in _DAY_INDEX:
        days.append(_DAY_INDEX[words.pop(0)])
    if len(days) > 1 or (days and len(words) > 1):  # "ma/wo voormiddag", "maandag voor- en namiddag"
        parts = [_PART_ALIASES.get(w) for w in words]
        if any(p is None for p in parts):
            return None
        parts = parts or list(range(len(DAY_PARTS)))
        return tuple(f"{DAYS[d]} {DAY_PARTS[p]}" for d in days for p in parts)
    words = [*(DAYS[d] for d in days), *words]
    if words == ["weekend"]:
        return tuple(f"{DAYS[d]} {p}" for d in (5, 6) for p in DAY_PARTS)
    # "maandagvoormiddag" typed without a space
    if len(words) == 1:
        for day in _DAY_INDEX:
            if words[0].startswith(day) and words[0][len(day) :] in _PART_ALIASES:
                words = [day, words[0][len(day) :]]
                break
    day = _DAY_INDEX.get(words[0])
    if day is None:
        return None
    if len(words) == 1:
        return tuple(f"{DAYS[day]} {p}" for p in DAY_PARTS)
    parts = [_PART_ALIASES.get(w) for w in words[1:]]
    if any(p is None for p in parts):
        return None
    return tuple(f"{DAYS[day]} {DAY_PARTS[p]}" for p in parts)


def slot_item(item: str) -> tuple[str, ...] | None:
    """One availability answer (``ma vm``, ``Maandag (voormiddag)``) -> its slot labels, ``None`` when not a slot."""
    return _parse_slot(re.sub(r"[()\[\],/]+", " ", str(item).strip().lower()))


def parse_slots(raw: object) -> Parsed:
    """Availability as a frozenset of the 21 day-part slots (``"maandag voormiddag"`` ...).

    Accepts ``maandag voormiddag``, ``ma vm``, ``maandagvoormiddag``, a whole day (``maandag`` = its three
    day-parts) and ``weekend``. Items not understood are reported; the others are kept.
    """
    items = _items(raw)
    slots: set[str] = set()
    unknown: list[str] = []
    for item in items:
        parsed = _parse_slot(item)
        if parsed is None:
            unknown.append(item)
        else:
            slots.update(parsed)
    value = frozenset(slots)
    if unknown:
        shown = ", ".join(f"'{x}'" for x in unknown)
        return value, f"{shown} is geen moment: schrijf bv. 'maandag voormiddag; woensdag avond'."
    return value, None


def slots_to_mask(slots: frozenset[str] | None) -> int:
    """A set of slot labels as a 21-bit integer (bit ``i`` is :data:`SLOTS[i]`)."""
    if not slots:
        return 0
    index = {s: i for i, s in enumerate(SLOTS)}
    return sum(1 << index[s] for s in slots if s in index)


__all__ = ["parse_slots", "slot_item", "slots_to_mask"]
