"""A seeded generator of realistic demo workbooks for the five Flemish provinces.

People get Flemish names (Faker ``nl_BE``) and real postcodes, spread roughly like the population
(the larger cities weigh more). Participants span all ages and the target groups of Samana; volunteers
have a travel radius and a capacity; 3-5 contact coaches per province; about three years of duo history
(active duos, stopped duos with reasons, fresh proposals); and a waiting list where some have waited
over a year. With ``messy=True`` a small dose of the input problems the loader reports is mixed in, so
the data-quality page has something real to show.

Run ``python -m duo_core.demo data/demo`` to write the committed demo data again, or pass
``--participants 2000 --volunteers 1000`` for benchmark-sized workbooks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from faker import Faker

from duo_core.geo import haversine_km, postcode_table
from duo_core.output.template import write_workbook
from duo_core.schema import DUOS, PARTICIPANTS, PROVINCES, SLOTS, STOP_REASONS, VOLUNTEERS

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
class _Person:
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


def _weighted_postcodes(province: str) -> tuple[list[tuple[str, str, float, float]], np.ndarray]:
    table = postcode_table().frame
    rows = table[table["province"] == province].drop_duplicates("postcode")
    places = list(zip(rows["postcode"], rows["place"], rows["lat"], rows["lon"], strict=True))
    weights = np.array([CITY_WEIGHT.get(p[0], 10) for p in places], dtype=float)
    return places, weights / weights.sum()


class _Generator:
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
        self.places, self.weights = _weighted_postcodes(province)
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

    def person(self, ident: str, *, participant: bool) -> _Person:
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
        return _Person(ident, cells, lat, lon, interests=frozenset(interests))

    def duration(self, p: _Person, v: _Person, effect: bool = True) -> tuple[int, str]:
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

    def participant(self, n: int) -> _Person:
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

    def volunteer(self, n: int) -> _Person:
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


def _row(sheet, cells: dict[str, Any]) -> list[Any]:
    return [cells.get(c.header, "") for c in sheet.columns]


def generate_province(
    province: str,
    *,
    participants: int,
    volunteers: int,
    coaches: int,
    seed: int,
    as_of: dt.date = DEMO_AS_OF,
    messy: bool = True,
    history: bool = True,
    effect: bool = True,
) -> dict[str, list[list[Any]]]:
    """Rows per sheet for one province (cells as typed).

    With ``effect`` the history holds a known effect for "Wat werkt?" (see :meth:`_Generator.duration`):
    duos with more shared interests and a shorter distance stop less often with "klik niet goed".
    """
    g = _Generator(province, seed, as_of, messy)
    ps = [g.participant(i + 1) for i in range(participants)]
    vs = [g.volunteer(i + 1) for i in range(volunteers)]
    coach_rows = []
    for i in range(coaches):
        gender = g.choice(("vrouw", "man"), p=(0.7, 0.3))
        first = g.fake.first_name_male() if gender == "man" else g.fake.first_name_female()
        last = g.fake.last_name()
        coach_rows.append(
            {
                "ID": f"C{i + 1:02d}",
                "Voornaam": first,
                "Achternaam": last,
                "E-mail": email_address(first, last, "samana.be"),
                "Telefoon": g.phone(),
                "Postcode": g.place()[0],
                "Gewenst aantal duo's": int(g.choice((10, 12, 15, 18, 20, 24))),
            }
        )

    start_window = as_of - dt.timedelta(days=3 * 365)
    duo_rows: list[dict[str, Any]] = []
    p_lat = np.array([p.lat for p in ps])
    p_lon = np.array([p.lon for p in ps])
    first_duo: dict[str, dt.date] = {}
    last_stop: dict[str, tuple[dt.date, str]] = {}
    n_duos = int(participants * 0.62) if history else 0
    starts = sorted(g.date_between(start_window, as_of) for _ in range(n_duos))
    open_duos: list[dict[str, Any]] = []
    reasons: dict[tuple[int, dt.date], str] = {}
    for start in starts:
        # close duos that ended before this start
        for d in list(open_duos):
            if d["_end"] is not None and d["_end"] <= start:
                open_duos.remove(d)
                d["_p"].busy = False
                d["_v"].open_duos -= 1
        free_vs = [v for v in vs if v.open_duos < v.capacity]
        if not free_vs:
            continue
        v = free_vs[int(g.rng.integers(len(free_vs)))]
        dist = haversine_km(v.lat, v.lon, p_lat, p_lon)
        near = [i for i in np.argsort(dist)[:40] if not ps[i].busy and dist[i] <= v.reach + 5]
        if not near:
            continue
        p = ps[int(near[int(g.rng.integers(min(len(near), 6)))])]
        age_days = (as_of - start).days
        lasts, reason = g.duration(p, v, effect)
        if age_days < 20 and lasts > age_days:
            status = g.choice(("voorstel", "kennismaking"))
            end = None
        elif lasts <= age_days:
            end, status = start + dt.timedelta(days=lasts), "gestopt"
        else:
            end, status = None, "actief"
        reasons[id(p), start] = reason
        d = {"_p": p, "_v": v, "_end": end, "start": start, "status": status}
        p.busy = True
        p.history += 1
        v.open_duos += 1
        v.history += 1
        first_duo.setdefault(p.ident, start)
        first_duo.setdefault(v.ident, start)
        open_duos.append(d)
        duo_rows.append(d)

    coach_running: dict[str, list] = {c["ID"]: [] for c in coach_rows}
    for n, d in enumerate(duo_rows, start=1):
        p, v, start, status, end = d["_p"], d["_v"], d["start"], d["status"], d["_end"]
        coach = g.coach(coach_rows, coach_running, start, end) if status != "voorstel" and coach_rows else ""
        cells: dict[str, Any] = {
            "Duo ID": f"DUO{n:04d}",
            "Deelnemer ID": p.ident,
            "Vrijwilliger ID": v.ident,
            "Contactcoach ID": coach,
            "Startdatum": g.date_cell(start),
            "Status": status,
        }
        if status == "gestopt":
            reason = reasons[id(p), start]
            cells.update({"Einddatum": g.date_cell(end), "Stopreden": reason})
            last_stop[p.ident] = (end, reason)
            if (end - start).days >= 14:
                cells["Laatste opvolging"] = g.date_between(start + dt.timedelta(days=14), end)
        elif status == "actief":
            last = g.date_between(max(start + dt.timedelta(days=14), as_of - dt.timedelta(days=120)), as_of)
            cells["Laatste opvolging"] = last
            cells["Volgende opvolging"] = last + dt.timedelta(days=int(g.choice((42, 56, 70, 90))))
        elif status == "kennismaking":
            cells["Volgende opvolging"] = start + dt.timedelta(days=14)
        duo_rows[n - 1] = cells

    open_by_p = {d["Deelnemer ID"]: d["Status"] for d in duo_rows if d["Status"] != "gestopt"}
    for p in ps:
        reg_floor = as_of - dt.timedelta(days=3 * 365 + 200)
        if p.ident in first_duo:
            registered = first_duo[p.ident] - dt.timedelta(days=int(g.rng.integers(20, 240)))
        else:
            # the waiting list: most recent, a long tail of people waiting over a year
            registered = as_of - dt.timedelta(days=int(min(g.rng.exponential(220), (as_of - reg_floor).days)))
        status = {"actief": "gekoppeld", "voorstel": "in kennismaking", "kennismaking": "in kennismaking"}.get(
            open_by_p.get(p.ident, ""), ""
        )
        if not status:
            stop = last_stop.get(p.ident)
            if stop and stop[1] in ("overleden", "gezondheid deelnemer", "verhuisd", "doel bereikt"):
                status = "gestopt"
            else:
                status = g.choice(("wachtend", "on hold", "gestopt"), p=(0.86, 0.07, 0.07))
        p.cells["Aanmelddatum"] = g.date_cell(registered)
        p.cells["Status"] = status
        if status == "wachtend" and g.rng.random() < 0.55:
            p.cells["Laatst bevestigd"] = g.date_between(max(registered, as_of - dt.timedelta(days=200)), as_of)
    for v in vs:
        start = first_duo.get(v.ident, g.date_between(start_window, as_of))
        start = start - dt.timedelta(days=int(g.rng.integers(14, 120)))
        v.cells["Startdatum"] = g.date_cell(start)
        v.cells["Screening"] = start - dt.timedelta(days=int(g.rng.integers(3, 30)))
        if v.open_duos > 0:
            v.cells["Status"] = "gekoppeld"
        else:
            v.cells["Status"] = g.choice(("beschikbaar", "pauze", "gestopt"), p=(0.84, 0.08, 0.08))

    rows = {
        PARTICIPANTS.name: [_row(PARTICIPANTS, p.cells) for p in ps],
        VOLUNTEERS.name: [_row(VOLUNTEERS, v.cells) for v in vs],
        DUOS.name: [_row(DUOS, d) for d in duo_rows],
        "Contactcoaches": [
            [c["ID"], c["Voornaam"], c["Achternaam"], c["E-mail"], c["Telefoon"], c["Postcode"], c["Gewenst aantal duo's"]]
            for c in coach_rows
        ],
    }
    if messy:
        _add_mess(g, rows)
    return rows


def _add_mess(g: _Generator, rows: dict[str, list[list[Any]]]) -> None:
    """A small dose of the problems people make when typing: each one a finding in the app."""
    p_rows, v_rows, d_rows = rows[PARTICIPANTS.name], rows[VOLUNTEERS.name], rows[DUOS.name]
    col = {sheet.name: {c.header: i for i, c in enumerate(sheet.columns)} for sheet in (PARTICIPANTS, VOLUNTEERS, DUOS)}
    pc, vc, dc = col[PARTICIPANTS.name], col[VOLUNTEERS.name], col[DUOS.name]

    def pick(table: list[list[Any]]) -> list[Any]:
        return table[int(g.rng.integers(len(table)))]

    kind = g.rng.permutation(8)[:4]
    for k in kind:
        if k == 0:  # a row without ID
            pick(p_rows)[pc["ID"]] = ""
        elif k == 1:  # a duplicate ID
            pick(v_rows)[vc["ID"]] = v_rows[0][vc["ID"]]
        elif k == 2:  # a postcode that does not exist
            pick(p_rows)[pc["Postcode"]] = g.choice(("2999", "9999", "3999"))
        elif k == 3:  # a date that does not exist
            pick(p_rows)[pc["Geboortedatum"]] = "31/02/1961"
        elif k == 4:  # a value outside the list
            pick(v_rows)[vc["Geslacht"]] = "onbekend"
        elif k == 5:  # a birth date in the future
            pick(v_rows)[vc["Geboortedatum"]] = dt.date(g.as_of.year + 1, 3, 14)
        elif k == 6 and d_rows:  # a duo pointing at a volunteer that is not in the sheet
            pick(d_rows)[dc["Vrijwilliger ID"]] = "V9999"
        else:  # an e-mail address without @
            row = pick(p_rows)
            row[pc["E-mail"]] = str(row[pc["E-mail"]]).replace("@", " at ")


def province_sizes(scale: float = 1.0) -> dict[str, tuple[int, int, int]]:
    """Demo sizes per province: (participants, volunteers, coaches), proportional to population."""
    sizes = {}
    for province, pop in PROVINCE_POPULATION.items():
        participants = round(110 * pop * scale)
        volunteers = round(participants * 0.52)
        coaches = 3 if pop < 1.0 else 4 if pop < 1.5 else 5
        sizes[province] = (participants, volunteers, coaches)
    return sizes


def generate_demo(
    folder: str | Path,
    *,
    seed: int = 2026,
    scale: float = 1.0,
    participants: int | None = None,
    volunteers: int | None = None,
    as_of: dt.date = DEMO_AS_OF,
    messy: bool = True,
    provinces: tuple[str, ...] = PROVINCES,
    effect: bool = True,
) -> list[Path]:
    """Write one workbook per province into ``folder``; return their paths.

    Parameters
    ----------
    folder
        Where to write ``<Provincie>.xlsx``.
    seed
        The random seed: the same seed gives the same workbooks.
    scale
        Multiplies the demo sizes (ignored for a side given explicitly).
    participants, volunteers
        Exact numbers per province (for benchmarks), instead of the population-based demo sizes.
    as_of
        The "today" of the generated history.
    messy
        Mix in a few typing problems (see :func:`_add_mess`).
    provinces
        Which provinces to write.
    effect
        Plant the known effect on how long duos last (see :func:`generate_province`).
    """
    paths = []
    sizes = province_sizes(scale)
    for i, province in enumerate(provinces):
        n_p, n_v, n_c = sizes[province]
        rows = generate_province(
            province,
            participants=participants or n_p,
            volunteers=volunteers or n_v,
            coaches=n_c,
            seed=seed * 100 + i,
            as_of=as_of,
            messy=messy,
            effect=effect,
        )
        paths.append(write_workbook(Path(folder) / f"{province}.xlsx", province, rows))
    return paths


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m duo_core.demo FOLDER [--seed N] [--participants N --volunteers N]``."""
    parser = argparse.ArgumentParser(description="Schrijf demo-werkboeken per provincie.")
    parser.add_argument("folder")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--participants", type=int)
    parser.add_argument("--volunteers", type=int)
    parser.add_argument("--clean", action="store_true", help="zonder ingebouwde fouten")
    args = parser.parse_args(argv)
    for path in generate_demo(
        args.folder,
        seed=args.seed,
        scale=args.scale,
        participants=args.participants,
        volunteers=args.volunteers,
        messy=not args.clean,
    ):
        print(path)


if __name__ == "__main__":
    main()
