"""Builders shared by the corpus: seeded people, columns that render them, and a shape's hidden truth.

A shape is one or more workbooks as an organisation really exports them, described column by column
(:class:`Col`: the header as written, the field it truly holds, how a person is written in it). The
truth of a shape is therefore made by the same code that writes the cells: which column is which field
(``fields``), which person is in which role (``people``), and which values must be read (``checked``).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.workbooks import build

FIRST = ["An", "Jozef", "Marie", "Luc", "Sofie", "Karel", "Els", "Pieter", "Greet", "Mohamed", "Fatima", "Jan",
         "Lieve", "Dirk", "Nadia", "Koen", "Rita", "Wim", "Ilse", "Bart", "Yasmine", "Tom", "Hilde", "Geert"]
LAST = ["Peeters", "Claes", "Wouters", "Stevens", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Goossens",
        "Dubois", "Lambert", "De Smet", "Van Damme", "El Amrani", "Hermans", "Vermeulen", "Aerts", "Martens"]
PLACES = [("2800", "Mechelen"), ("2000", "Antwerpen"), ("2500", "Lier"), ("9300", "Aalst"), ("3000", "Leuven"),
          ("9000", "Gent"), ("8000", "Brugge"), ("1080", "Molenbeek-Saint-Jean"), ("1030", "Schaerbeek"),
          ("3500", "Hasselt"), ("8500", "Kortrijk"), ("9200", "Dendermonde")]
INTERESTS = ["wandelen", "film", "koken", "lezen", "tuinieren", "muziek"]
DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"]
PARTS = ["voormiddag", "namiddag", "avond"]
LANGS = ["Nederlands", "Frans", "Engels", "Arabisch"]

P, V = "Deelnemers", "Vrijwilligers"


def crowd(seed: int, participants: int, volunteers: int = 0) -> list[dict[str, Any]]:
    """Seeded people with their true values (participants first, then volunteers); names are unique."""
    rnd = random.Random(seed)
    names = set()
    people = []
    for k in range(participants + volunteers):
        for attempt in range(1000):
            first, last = rnd.choice(FIRST), rnd.choice(LAST)
            if attempt > 20:  # a large crowd: a double-barrelled name keeps everyone apart
                last = f"{last}-{rnd.choice(LAST)}{'' if attempt < 100 else attempt}"
            if (first, last) not in names:
                names.add((first, last))
                break
        role = P if k < participants else V
        postcode, place = rnd.choice(PLACES)
        slots = sorted({f"{rnd.choice(DAYS)} {rnd.choice(PARTS)}" for _ in range(rnd.randint(1, 3))})
        people.append({
            "role": role, "id": f"{'D' if role == P else 'V'}{100 + k}", "first": first, "last": last,
            "birth": dt.date(rnd.randint(1938, 1998), rnd.randint(1, 12), rnd.randint(1, 28)),
            "gender": rnd.choice(["man", "vrouw"]), "postcode": postcode, "place": place,
            "phone": f"04{rnd.randint(70, 99)} {rnd.randint(10, 99)} {rnd.randint(10, 99)} {rnd.randint(10, 99)}",
            "email": f"{first.lower()}.{last.lower().replace(' ', '')}@voorbeeld.be",
            "interests": sorted(rnd.sample(INTERESTS, rnd.randint(1, 3))), "slots": slots,
            "smokes": rnd.random() < 0.3, "smoke_bothers": rnd.random() < 0.5, "pets": rnd.random() < 0.4,
            "pets_bother": rnd.random() < 0.3, "languages": ["Nederlands", *rnd.sample(LANGS[1:], rnd.randint(0, 1))],
            "km": rnd.choice([5, 10, 15, 20, 25]),
            "status": (rnd.choice(["wachtend", "wachtend", "gekoppeld"]) if role == P
                       else rnd.choice(["beschikbaar", "beschikbaar", "gekoppeld"])),
        })
    return people


@dataclass(frozen=True)
class Col:
    """One column: its header (a pair for two header rows), the field it truly holds, how a person is written."""

    header: str | tuple[str, str]
    field: str | None
    cell: Callable[[dict], Any]


@dataclass
class Shape:
    """Workbooks and their hidden truth.

    Attributes
    ----------
    files
        File name -> sheet name -> rows.
    fields
        ``(file, sheet, header)`` -> the true field (``None``: left out; ``interests=...`` one ticked item).
    people
        Every person once, with ``role``; a person written in two sheets is still one person.
    checked
        The values that must be read right for this shape (keys of :data:`tests.importing.corpus.measure.CHECKS`).
    """

    name: str
    files: dict[str, dict[str, list[list[Any]]]] = field(default_factory=dict)
    fields: dict[tuple[str, str, str], str | None] = field(default_factory=dict)
    people: list[dict] = field(default_factory=list)
    checked: tuple[str, ...] = ()

    def sheet(self, file: str, sheet: str, cols: list[Col], people: list[dict], *, title: list[list] | None = None,
              ) -> Shape:
        """Add a sheet: title rows, the header row(s), one row per person; remember the truth."""
        two = any(isinstance(c.header, tuple) for c in cols)
        rows: list[list[Any]] = [list(r) for r in title or []]
        if two:
            tops, seconds, last_top = [], [], None
            for c in cols:
                top, second = c.header if isinstance(c.header, tuple) else (c.header, "")
                tops.append(top if top != last_top else None)
                seconds.append(second)
                last_top = top
            rows += [tops, seconds]
        else:
            rows.append([c.header for c in cols])
        rows += [[c.cell(p) for c in cols] for p in people]
        self.files.setdefault(file, {})[sheet] = rows
        for c in cols:
            self.fields[(file, sheet, combined(c.header))] = c.field
        known = {(p["first"], p["last"]) for p in self.people}
        self.people += [p for p in people if (p["first"], p["last"]) not in known]
        return self

    def write(self, folder: Path) -> list[Path]:
        """The workbooks, written to ``folder``."""
        return [build(folder / name, sheets, province=None) for name, sheets in self.files.items()]


def combined(header: str | tuple[str, str]) -> str:
    """The header a column of two header rows is known by: ``question [option]``, or the question alone."""
    if not isinstance(header, tuple):
        return header
    top, second = header
    if not second or second.strip().lower() in ("response", "open-ended response", "antwoord"):
        return top
    return f"{top} [{second}]" if top else second
