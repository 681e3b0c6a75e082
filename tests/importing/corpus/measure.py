"""Measuring the import assistant on a corpus shape: fields right, people in the right role, values right.

Nothing here knows the matcher: a shape is written to a folder, :func:`duo_core.propose_mapping` guesses a
profile as a new user would get it, ``load_dataset`` reads through it, and both are compared with the
shape's hidden truth.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

import duo_core
from tests.importing.corpus.builders import P, Shape

AS_OF = dt.date(2026, 11, 1)
FRAMES = {P: "participants", "Vrijwilligers": "volunteers"}


def _date(v: object) -> dt.date | None:
    return None if v is None or pd.isna(v) else pd.Timestamp(v).date()


#: value name -> (frame column, what it must be for a person)
CHECKS: dict[str, tuple[str, Callable[[dict], object], Callable[[object], object]]] = {
    "birth_date": ("birth_date", lambda p: p["birth"], _date),
    "birth_year": ("birth_date", lambda p: p["birth"].year, lambda v: None if _date(v) is None else _date(v).year),
    "postcode": ("postcode", lambda p: p["postcode"], lambda v: v),
    "availability": ("availability", lambda p: frozenset(p["slots"]), lambda v: v),
    "interests": ("interests", lambda p: frozenset(p["interests"]), lambda v: v),
    "smokes": ("smokes", lambda p: p["smokes"], lambda v: v),
    "smoke_bothers": ("smoke_bothers", lambda p: p["smoke_bothers"], lambda v: v),
    "pets": ("pets", lambda p: p["pets"], lambda v: v),
    "pets_bother": ("pets_bother", lambda p: p["pets_bother"], lambda v: v),
    "max_distance_km": ("max_distance_km", lambda p: float(p["km"]), lambda v: v),
    "status": ("status", lambda p: p["status"], lambda v: v),
    "gender": ("gender", lambda p: p["gender"], lambda v: v),
    "languages": ("languages", lambda p: frozenset(x.lower() for x in p["languages"]), lambda v: v),
    "email": ("email", lambda p: p["email"], lambda v: v),
}


@dataclass
class Score:
    """Counts of one shape (or a sum of shapes) and what went wrong."""

    fields_right: int = 0
    fields: int = 0
    people_right: int = 0
    people: int = 0
    values_right: int = 0
    values: int = 0
    misses: tuple[str, ...] = ()

    def __add__(self, other: Score) -> Score:
        return Score(self.fields_right + other.fields_right, self.fields + other.fields,
                     self.people_right + other.people_right, self.people + other.people,
                     self.values_right + other.values_right, self.values + other.values, self.misses + other.misses)

    def line(self, label: str) -> str:
        def pct(a: int, b: int) -> str:
            return f"{a}/{b} = {100 * a / b:.0f} %" if b else "-"
        return (f"{label}: fields right {pct(self.fields_right, self.fields)}, people in the right role "
                f"{pct(self.people_right, self.people)}, values right {pct(self.values_right, self.values)}")


def _same(got: object, want: object) -> bool:
    """Equal, with a missing value (None, NaN, NA) never equal to anything."""
    if got is None or (not isinstance(got, (frozenset, set, str, tuple)) and pd.isna(got)):
        return False
    return bool(got == want)


def _target(field: str | None) -> str | None:
    return field.split("=", 1)[0] if field else None


def score_fields(shape: Shape, mapping: duo_core.Mapping) -> Score:
    """Columns with a true field that got it (one-hot columns: the right target field), plus columns that
    truly hold nothing but got a field (counted wrong)."""
    proposed = {(r.file, r.sheet, r.header): r.field for r in mapping.columns.itertuples()}
    right = total = 0
    misses = []
    for key, truth in shape.fields.items():
        got = proposed.get(key)
        if truth is None and _target(got) is None:
            continue
        total += 1
        if _target(got) == _target(truth):
            right += 1
        else:
            misses.append(f"{shape.name}: {key[1]!r} / {key[2]!r} is {got!r}, should be {truth!r}")
    return Score(right, total, misses=tuple(misses))


def score_people(shape: Shape, ds: duo_core.Dataset) -> Score:
    """Each true person exactly once, in the frame of their role; their checked values right."""
    seen: dict[str, Counter] = {}
    rows: dict[tuple[str, str, str], pd.Series] = {}
    for role, frame_name in FRAMES.items():
        frame = getattr(ds, frame_name)
        names = Counter()
        for _, row in frame.iterrows():
            key = (str(row["first_name"]).strip().lower(), str(row["last_name"]).strip().lower())
            names[key] += 1
            rows[(role, *key)] = row
        seen[role] = names
    score = Score()
    misses = []
    for p in shape.people:
        key = (p["first"].lower(), p["last"].lower())
        score.people += 1
        others = sum(seen[r][key] for r in FRAMES if r != p["role"])
        if seen[p["role"]][key] != 1 or others:
            misses.append(f"{shape.name}: {p['first']} {p['last']} ({p['role']}) found "
                          f"{seen[p['role']][key]}x in the role, {others}x elsewhere")
            continue
        score.people_right += 1
        row = rows[(p["role"], *key)]
        for check in shape.checked:
            column, truth, read = CHECKS[check]
            if check in ("max_distance_km",) and p["role"] == P:
                continue
            score.values += 1
            got = read(row[column]) if column in row.index else None
            if _same(got, truth(p)):
                score.values_right += 1
            else:
                misses.append(f"{shape.name}: {p['first']} {p['last']} {check} is {got!r}, should be {truth(p)!r}")
    score.misses = tuple(misses)
    return score


def measure(shape: Shape, folder: Path) -> tuple[Score, Score]:
    """Write the shape, propose a profile, read through it, and score both: as proposed (a guess that waits for
    an answer is not read, so it counts wrong) and when every such suggestion is confirmed."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = shape.write(folder)
    mapping = duo_core.propose_mapping(paths, as_of=AS_OF)
    scores = []
    for used in (mapping, mapping.with_suggestions()):
        ds = duo_core.load_dataset(paths, mapping=used, as_of=AS_OF)
        scores.append(score_fields(shape, used) + score_people(shape, ds))
    return scores[0], scores[1]


def measure_all(shapes: list[Shape], folder: Path) -> tuple[Score, Score]:
    """The sums over shapes (as proposed, when confirmed), each shape in its own folder."""
    proposed = confirmed = Score()
    for shape in shapes:
        got = measure(shape, folder / shape.name)
        proposed, confirmed = proposed + got[0], confirmed + got[1]
    return proposed, confirmed
