"""The people of the demo: Flemish names, weighted real postcodes, phones, e-mail addresses, and how long their duos last.

:class:`PersonGenerator` holds all randomness of one province (one seeded numpy generator and Faker
``nl_BE``); :mod:`duo_core.demo` lays the people out as workbooks.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

import numpy as np
from faker import Faker

from duo_core.geo import haversine_km, postcode_table
from duo_core.schema import SLOTS, STOP_REASONS

DEMO_AS_OF = dt.date(2026, 11, 1)
#: Population of Flemish provinces in millions (Statbel, 2024, rounded): sets the demo sizes.
PROVINCE_POPULATION = {
    "Antwerpen": 1.92,
    "Limburg": 0.89,
    "Oost-Vlaanderen": 1.56,
    "Vlaams-Brabant": 1.18,
    "West-Vlaanderen": 1.22,
}
#: Approximate inhabitants (thousands) of the main city postcodes; other postcodes weigh 10.
CITY_WEIGHT = {
    "2000": 60, "2018": 90, "2020": 45, "2030": 10, "2050": 20, "2060": 45, "2100": 80, "2140": 45,
    "2170": 40, "2180": 25, "2600": 45, "2610": 20, "2660": 40, "2800": 87, "2300": 46, "2200": 45,
    "2400": 38, "2500": 37, "2440": 40, "9000": 120, "9030": 30, "9040": 30, "9050": 30, "9300": 90,
    "9100": 80, "9200": 45, "9700": 32, "9600": 25, "8000": 80, "8200": 30, "8400": 72, "8500": 78,
    "8800": 64, "8900": 35, "8870": 20, "3000": 60, "3010": 25, "3001": 20, "1800": 45, "3300": 35,
    "3200": 25, "1500": 40, "1700": 30, "3500": 80, "3600": 67, "3800": 42, "3900": 33, "3700": 40,
}
INTERESTS = (
    "wandelen", "koffie drinken", "fietsen", "film", "lezen", "koken", "tuinieren", "muziek",
    "museum", "kaarten", "gezelschapsspellen", "creatief", "fotografie", "natuur", "sport kijken",
    "winkelen", "theater", "dieren", "praten", "zwemmen", "handwerk", "geschiedenis",
)
PERSONALITY = (
    "rustig", "spontaan", "praatgraag", "goede luisteraar", "humor", "creatief", "avontuurlijk",
    "sportief", "gestructureerd", "zorgzaam",
)
CARE_NEEDS = (
    "MS, snel vermoeid", "reuma, beperkt in wandelen", "na beroerte, spraak traag", "depressie, weinig sociale contacten",
    "diabetes en slechtziend", "mantelzorger voor partner met dementie", "COPD, zuurstof bij inspanning",
    "angststoornis, gaat moeilijk alleen buiten", "chronische pijn", "parkinson, beginnend stadium",
    "mantelzorger voor zoon met autisme", "kanker in remissie, zoekt terug aansluiting", "NAH na ongeval",
)
NOTES = (
    "Voorkeur om buiten af te spreken.", "Belt liever dan te mailen.", "Heeft een trap zonder lift.",
    "Wil graag iemand met geduld.", "Zoekt vooral gezelschap voor wandelingen.", "Heeft hond (klein, rustig).",
    "Woont alleen sinds kort.", "Houdt van een vaste dag in de week.",
)
#: How often each stop reason occurs, in the order of ``schema.STOP_REASONS``.
STOP_REASON_SHARES = (0.22, 0.12, 0.16, 0.05, 0.2, 0.12, 0.1, 0.03)


@dataclass
class DemoPerson:
    """A generated participant or volunteer (cells as a person would type them)."""

    ident: str
    cells: dict[str, Any]
    lat: float
    lon: float
    reach: float = 0.0
    capacity: int = 1
    open_duos: int = 0
    busy: bool = False
    history: int = 0
    interests: frozenset = frozenset()


def weighted_postcodes(province: str) -> tuple[list[tuple[str, str, float, float]], np.ndarray]:
    """The postcodes of a province with their places and coordinates, and a weight per postcode (cities weigh more)."""
    table = postcode_table().frame
    rows = table[table["province"] == province].drop_duplicates("postcode")
    places = list(zip(rows["postcode"], rows["place"], rows["lat"], rows["lon"], strict=True))
    weights = np.array([CITY_WEIGHT.get(p[0], 10) for p in places], dtype=float)
    return places, weights / weights.sum()


class PersonGenerator:
    """Generates one province; all randomness comes from one seeded numpy generator and Faker."""

    def __init__(self, province: str, seed: int, as_of: dt.date, messy: bool) -> None:
        self.province = province
        self.rng = np.random.default_rng(seed)
        # separate streams for phone numbers, coach choices and how long duos last, so that the people
        # themselves (names, ages, places, answers) stay what they were in earlier versions of the demo
        self.details = np.random.default_rng([seed, 1])
        self.durations = np.random.default_rng([seed, 2])
        self.fake = Faker("nl_BE")
        self.fake.seed_instance(seed)
        self.as_of = as_of
        self.messy = messy
        self.places, self.weights = weighted_postcodes(province)
        self.intakers = [self.fake.name() for _ in range(4)]

    def choice(self, options, p=None):
        """One option, by index so that tuples of strings stay strings."""
        return options[int(self.rng.choice(len(options), p=p))]

    def sample(self, options, lo: int, hi: int) -> list[str]:
        """Between ``lo`` and ``hi`` distinct options."""
        k = int(self.rng.integers(lo, hi + 1))
        idx = self.rng.choice(len(options), size=min(k, len(options)), replace=False)
        return [options[i] for i in sorted(idx)]

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        """A uniform date in ``[start, end]``."""
        days = max((end - start).days, 0)
        return start + dt.timedelta(days=int(self.rng.integers(0, days + 1)))

    def multi_cell(self, items: list[str]) -> str:
        """A multi-valued answer as a form exports it: ';'-separated, sometimes with a trailing ';'."""
        text = ";".join(items)
        if self.rng.random() < 0.3:
            text += ";"
        if self.rng.random() < 0.15:
            text = text.replace(";", "; ").title()
        return text

    def yes_no(self, p: float) -> str:
        """A yes/no answer typed in one of the accepted forms."""
        yes = self.rng.random() < p
        forms = ("ja", "nee") if self.rng.random() < 0.85 else ("j", "n")
        return forms[0] if yes else forms[1]

    def availability(self) -> str:
        """3 to 8 day-part slots, weekday afternoons more likely."""
        weights = np.array([1.4 if s.endswith("namiddag") else 1.0 for s in SLOTS])
        weights[15:] *= 0.6  # weekends
        idx = self.rng.choice(21, size=int(self.rng.integers(3, 9)), replace=False, p=weights / weights.sum())
        return self.multi_cell([SLOTS[i] for i in sorted(idx)])

    def place(self) -> tuple[Any, str, float, float]:
        """A postcode cell (in the forms people type), the municipality, and the coordinate."""
        code, town, lat, lon = self.places[int(self.rng.choice(len(self.places), p=self.weights))]
        r = self.rng.random()
        cell: Any = int(code) if r < 0.6 else code if r < 0.85 else f"B-{code}" if r < 0.93 else f"{code} {town}"
        return cell, town, lat, lon

    def date_cell(self, value: dt.date) -> Any:
        """An Excel date, or now and then the same date typed as text."""
        return value.strftime("%d/%m/%Y") if self.rng.random() < 0.12 else value

    def person(self, ident: str, *, participant: bool) -> DemoPerson:
        """Identity, contact and matching cells shared by both sides."""
        if participant:
            gender = self.choice(("vrouw", "man", "x"), p=(0.6, 0.38, 0.02))
            band = self.choice(((19, 40), (40, 65), (65, 93)), p=(0.25, 0.35, 0.4))
        else:
            gender = self.choice(("vrouw", "man", "x"), p=(0.66, 0.33, 0.01))
            band = self.choice(((20, 35), (35, 55), (55, 78)), p=(0.25, 0.3, 0.45))
        age = int(self.rng.integers(*band))
        birth = self.as_of - dt.timedelta(days=int(age * 365.25 + self.rng.integers(0, 365)))
        first = self.fake.first_name_male() if gender == "man" else self.fake.first_name_female()
        last = self.fake.last_name()
        postcode, town, lat, lon = self.place()
        languages = ["Nederlands"] + self.sample(("Frans", "Engels", "Duits", "Arabisch", "Turks", "Pools"), 0, 1)
        if self.rng.random() < 0.5:
            languages = languages[:1]
        cells = {
            "ID": ident,
            "Voornaam": first,
            "Achternaam": last,
            "Geboortedatum": self.date_cell(birth),
            "Geslacht": gender if self.rng.random() < 0.9 else {"vrouw": "V", "man": "M", "x": "x"}[gender],
            "Postcode": postcode,
            "Gemeente": town,
            "Telefoon": self.phone(),
            "E-mail": email_address(first, last, self.choice(("telenet.be", "gmail.com", "skynet.be", "hotmail.com"))),
            "Interesses": self.multi_cell(interests := self.sample(INTERESTS, 2, 5)),
            "Beschikbaarheid": self.availability(),
            "Contactvorm": self.choice(("fysiek", "beide", "telefonisch"), p=(0.65, 0.27, 0.08)),
            "Rookt": self.yes_no(0.15),
            "Roken storend": self.yes_no(0.3),
            "Huisdieren": self.yes_no(0.3),
            "Huisdieren storend": self.yes_no(0.1),
            "Talen": self.multi_cell(languages),
            "Persoonlijkheid": self.multi_cell(self.sample(PERSONALITY, 1, 3)),
        }
        if cells["Rookt"] in ("ja", "j"):
            cells["Roken storend"] = "nee"
        return DemoPerson(ident, cells, lat, lon, interests=frozenset(interests))

    def duration(self, p: DemoPerson, v: DemoPerson, effect: bool = True) -> tuple[int, str]:
        """How many days a new duo lasts, and the reason it stops (competing risks, exponential).

        "klik niet goed" comes sooner the fewer interests the two share and the farther apart they live
        (when ``effect``); the other reasons come at a steady rate. The planted effect is what the
        durability analysis should find in the demo.
        """
        shared = len(p.interests & v.interests)
        km = float(haversine_km(p.lat, p.lon, v.lat, v.lon))
        tilt = np.exp(-0.55 * (shared - 1.0) + 0.05 * (km - 8.0)) if effect else 1.0
        click = self.durations.exponential(900.0 / tilt)
        other = self.durations.exponential(1600.0)
        if click < other:
            return int(click), "klik niet goed"
        shares = np.array(STOP_REASON_SHARES[1:]) / sum(STOP_REASON_SHARES[1:])
        return int(other), STOP_REASONS[1 + int(self.durations.choice(len(shares), p=shares))]

    def coach(self, coaches: list[dict[str, Any]], running: dict[str, list], start: dt.date,
              end: dt.date | None) -> str:
        """A coach for a new duo: the more room a coach has left under the duos a year they chose, the likelier.

        ``running`` holds per coach the end dates (``None``: still running) of the duos they follow.
        """
        room = []
        for c in coaches:
            busy = sum(1 for e in running[c["ID"]] if e is None or e > start)
            room.append(max(c["Gewenst aantal duo's"] * 0.8 - busy, 0.05) ** 2)
        weights = np.array(room) / sum(room)
        coach = coaches[int(self.details.choice(len(coaches), p=weights))]["ID"]
        running[coach].append(end)
        return coach

    def phone(self) -> str:
        """A Belgian number as people write it: mobile ``04xx xx xx xx`` or landline ``0x xxx xx xx``."""
        self.fake.phone_number()  # keeps Faker's names in step with earlier demo versions
        r = self.details
        if r.random() < 0.7:
            return f"04{r.integers(60, 100)} {r.integers(10, 100)} {r.integers(10, 100)} {r.integers(10, 100)}"
        zones = ("03", "09", "02", "011", "015", "016", "050", "056", "013", "014")
        zone = zones[int(r.integers(len(zones)))]
        if len(zone) == 2:
            return f"{zone} {r.integers(200, 1000)} {r.integers(10, 100)} {r.integers(10, 100)}"
        return f"{zone} {r.integers(10, 100)} {r.integers(10, 100)} {r.integers(10, 100)}"

    def age_preference(self) -> str:
        """An age preference as typed."""
        return self.choice(
            ("geen voorkeur", "", "30-60", "40-70", "50+", "-50", "25-45", "60+"),
            p=(0.5, 0.15, 0.08, 0.08, 0.07, 0.05, 0.04, 0.03),
        )

    def participant(self, n: int) -> DemoPerson:
        """A participant row (status and dates are set after the duo history)."""
        p = self.person(f"D{n:04d}", participant=True)
        p.cells.update(
            {
                "Doelgroep": self.choice(
                    ("chronische ziekte", "zorgnood", "mantelzorger", "psychisch kwetsbaar"), p=(0.45, 0.2, 0.15, 0.2)
                ),
                "Verplaatsing": self.choice(("zelfstandig", "vervoer nodig", "enkel aan huis"), p=(0.55, 0.3, 0.15)),
                "Voorkeur geslacht vrijwilliger": self.choice(("geen voorkeur", "vrouw", "man"), p=(0.72, 0.21, 0.07)),
                "Voorkeur leeftijd vrijwilliger": self.age_preference(),
                "Intake door": self.choice(self.intakers),
                "Notities": self.choice(NOTES) if self.rng.random() < 0.5 else "",
                "Zorgnood": self.choice(CARE_NEEDS),
            }
        )
        return p

    def volunteer(self, n: int) -> DemoPerson:
        """A volunteer row with travel radius and capacity."""
        v = self.person(f"V{n:04d}", participant=False)
        reach = float(self.choice((5, 10, 15, 20, 25, 30), p=(0.08, 0.25, 0.27, 0.22, 0.1, 0.08)))
        capacity = int(self.choice((1, 2, 3), p=(0.8, 0.17, 0.03)))
        groups = self.sample(("chronische ziekte", "zorgnood", "mantelzorger", "psychisch kwetsbaar"), 1, 3)
        v.cells.update(
            {
                "Max. afstand (km)": reach if self.rng.random() < 0.9 else f"{int(reach)} km",
                "Vervoer": self.multi_cell(self.sample(("auto", "fiets", "openbaar vervoer", "te voet"), 1, 2)),
                "Voorkeur geslacht deelnemer": self.choice(("geen voorkeur", "vrouw", "man"), p=(0.8, 0.15, 0.05)),
                "Voorkeur leeftijd deelnemer": self.age_preference(),
                "Doelgroepen": "" if self.rng.random() < 0.5 else self.multi_cell(groups),
                "Max. aantal duo's": capacity if capacity > 1 or self.rng.random() < 0.5 else "",
                "Notities": self.choice(NOTES) if self.rng.random() < 0.3 else "",
            }
        )
        v.reach, v.capacity = reach, capacity
        return v


def email_address(first: str, last: str, domain: str) -> str:
    """``voornaam.achternaam@domein`` without accents, spaces or apostrophes (``Zoë D'hondt`` -> ``zoe.dhondt``)."""
    local = unicodedata.normalize("NFKD", f"{first}.{last}".lower())
    local = "".join(ch for ch in local if ch.isascii() and (ch.isalnum() or ch in ".-"))
    return f"{local}@{domain}"
