"""How people write values in the corpus' exports, and the columns a form tool adds itself.

Each writer takes a person (from :func:`tests.importing.corpus.builders.crowd`) and returns the cell as that
export holds it: a date in words, day-parts grouped or in French, yes/no as -1/0, an address line. The shapes
(:mod:`.tuning`, :mod:`.heldout`) use them as ``cells.at("first")``, ``cells.text_birth``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from tests.importing.corpus.builders import DAYS, Col, P

# --- how people type values -------------------------------------------------------------------

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]
SHORT_DAY = {"maandag": "ma", "dinsdag": "di", "woensdag": "wo", "donderdag": "do", "vrijdag": "vr"}
SHORT_PART = {"voormiddag": "vm", "namiddag": "nm", "avond": "av"}
FRENCH_DAY = {"maandag": "lundi", "dinsdag": "mardi", "woensdag": "mercredi", "donderdag": "jeudi",
              "vrijdag": "vendredi"}
FRENCH_PART = {"voormiddag": "matin", "namiddag": "après-midi", "avond": "soir"}
ENGLISH_DAY = {d: e for d, e in zip(DAYS, ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], strict=True)}
ENGLISH_PART = {"voormiddag": "morning", "namiddag": "afternoon", "avond": "evening"}
ENGLISH_INTEREST = {"wandelen": "walking", "film": "movies", "koken": "cooking", "lezen": "reading",
                    "tuinieren": "gardening", "muziek": "music"}


def at(key: str) -> Callable[[dict], Any]:
    """The person's value as it is."""
    return lambda p: p[key]


def dt_birth(p: dict) -> dt.datetime:
    return dt.datetime.combine(p["birth"], dt.time())


def text_birth(p: dict) -> str:
    return f"{p['birth']:%d/%m/%Y}"


def iso_birth(p: dict) -> str:
    return f"{p['birth']:%Y-%m-%d}"


def words_birth(p: dict) -> str:
    return f"{p['birth'].day} {MONTHS[p['birth'].month - 1]} {p['birth'].year}"


def year_birth(p: dict) -> int:
    return p["birth"].year


def yes(key: str, words: tuple[Any, Any] = ("Ja", "Nee")) -> Callable[[dict], Any]:
    return lambda p: words[0] if p[key] else words[1]


def animals(words: tuple[str, str, str] = ("kat", "hond", "nee")) -> Callable[[dict], str]:
    return lambda p: (words[0] if p["first"] < "K" else words[1]) if p["pets"] else words[2]


def joined(key: str, sep: str = "; ", how: Callable[[str], str] = str.capitalize, end: str = "") -> Callable[[dict], str]:
    return lambda p: sep.join(how(x) for x in p[key]) + end


def slots_short(p: dict) -> str:
    return "; ".join(f"{SHORT_DAY[s.split()[0]]} {SHORT_PART[s.split()[1]]}" for s in p["slots"])


def slots_grouped(p: dict) -> str:
    """``ma/wo voormiddag, di avond``: days of one day-part together."""
    by_part: dict[str, list[str]] = {}
    for s in p["slots"]:
        day, part = s.split()
        by_part.setdefault(part, []).append(SHORT_DAY[day])
    return ", ".join(f"{'/'.join(days)} {part}" for part, days in by_part.items())


def slots_french(p: dict) -> str:
    return ", ".join(f"{FRENCH_DAY[s.split()[0]]} {FRENCH_PART[s.split()[1]]}" for s in p["slots"])


def slots_english(p: dict) -> str:
    return "; ".join(f"{ENGLISH_DAY[s.split()[0]]} {ENGLISH_PART[s.split()[1]]}" for s in p["slots"])


def slots_phrase(p: dict) -> str:
    return "".join(f"{s.split()[0].capitalize()} ({s.split()[1]});" for s in p["slots"])


def grid_day(day: str) -> Callable[[dict], str | None]:
    """Google Forms' availability grid: one column per day, the day-parts comma-separated."""
    def cell(p: dict) -> str | None:
        parts = [s.split()[1].capitalize() for s in p["slots"] if s.split()[0] == day]
        return ", ".join(parts) or None
    return cell


def ticked(key: str, item: str, mark: Any = "x") -> Callable[[dict], Any]:
    return lambda p: mark if item in p[key] else None


def place_line(p: dict) -> str:
    return f"{p['postcode']} {p['place']}"


def address(p: dict) -> str:
    return f"Kerkstraat {len(p['first'])}, {p['postcode']} {p['place']}"


def full_name(p: dict) -> str:
    return f"{p['first']} {p['last']}"


def const(value: Any) -> Callable[[dict], Any]:
    return lambda p: value


def stamp(p: dict) -> dt.datetime:
    return dt.datetime(2026, 10, 1, 9, 0) + dt.timedelta(minutes=len(p["first"]) * 7 + len(p["last"]))


def km_text(p: dict) -> str:
    return f"tot {p['km']} km"


def role_as(words: tuple[str, str]) -> Callable[[dict], str]:
    return lambda p: words[0] if p["role"] == P else words[1]


# --- the columns a form tool adds itself (the same in every export of that tool) ----------------


def ms_forms_own(english: bool = False) -> list[Col]:
    """Microsoft Forms' own first columns: its sequence number, start and completion time, and the respondent's
    e-mail ("anonymous") and name (empty) on an anonymous form; Excel Online writes them in English."""
    names = (("ID", "Start time", "Completion time", "Email", "Name") if english
             else ("Id", "Begintijd", "Tijd van voltooien", "E-mail", "Naam"))
    return [Col(names[0], "id", lambda p: p["id"][1:]), Col(names[1], None, stamp), Col(names[2], None, stamp),
            Col(names[3], None, const("anonymous")), Col(names[4], None, const(None))]


def kobo_own(base: int, uuid: str, index: str) -> list[Col]:
    """KoBoToolbox's own last columns: ``_id``, ``_uuid``, ``_submission_time``, ``_index``."""
    return [Col("_id", None, lambda p: base + len(p["first"]) * 31 + len(p["last"])),
            Col("_uuid", None, lambda p: f"{uuid}-{p['id']}"), Col("_submission_time", None, stamp),
            Col("_index", None, lambda p: len(p[index]))]


def typeform_own(token: str) -> tuple[Col, list[Col]]:
    """Typeform's own columns: its response token first, the start, submit date and network ID last."""
    return (Col("#", None, lambda p: f"{token}{p['id']}"),
            [Col("Start Date (UTC)", None, stamp), Col("Submit Date (UTC)", None, stamp),
             Col("Network ID", None, at("id"))])
