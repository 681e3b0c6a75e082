"""Workbooks that do not follow the template, as the organisation really has them, built by code.

Form exports (Microsoft Forms in Dutch and in English), one sheet with both roles, a hand-kept list with
title rows and a column per interest and per day-part, a combined postcode-and-place column, one name
column, and a list with columns nobody asked for. Every shape holds the same three participants (and,
where it has them, the same two volunteers) so a test can compare it with the template workbook.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tests.workbooks import build

STAMP = dt.datetime(2026, 10, 3, 14, 12, 5)

#: The three participants every shape holds: what the app must read from each of them.
PEOPLE = [
    {"id": "F1", "first": "An", "last": "Peeters", "birth": dt.datetime(1958, 5, 3), "gender": "vrouw",
     "postcode": "2800", "place": "Mechelen", "phone": "015 12 34 56", "email": "an.peeters@telenet.be",
     "interests": ["wandelen", "film", "koken"], "slots": ["maandag voormiddag", "dinsdag namiddag"],
     "smokes": False, "pets": False, "languages": ["Nederlands"], "pref": "geen voorkeur"},
    {"id": "F2", "first": "Jozef", "last": "Claes", "birth": dt.datetime(1946, 1, 20), "gender": "man",
     "postcode": "2000", "place": "Antwerpen", "phone": "0470 11 22 33", "email": "jozef.claes@skynet.be",
     "interests": ["film"], "slots": ["woensdag avond"],
     "smokes": True, "pets": True, "languages": ["Nederlands", "Frans"], "pref": "vrouw"},
    {"id": "F3", "first": "Marie", "last": "Wouters", "birth": dt.datetime(1972, 11, 30), "gender": "vrouw",
     "postcode": "2500", "place": "Lier", "phone": "03 480 12 12", "email": "marie.wouters@gmail.com",
     "interests": ["koken", "wandelen"], "slots": ["maandag voormiddag", "woensdag avond"],
     "smokes": False, "pets": True, "languages": ["Nederlands"], "pref": "geen voorkeur"},
]

VOLUNTEERS = [
    {"id": "V1", "first": "Luc", "last": "Stevens", "birth": dt.datetime(1961, 2, 14), "gender": "man",
     "postcode": "2800", "place": "Mechelen", "phone": "0485 10 20 30", "email": "luc.stevens@telenet.be",
     "interests": ["film", "wandelen"], "slots": ["maandag voormiddag", "woensdag avond"],
     "smokes": False, "pets": False, "languages": ["Nederlands"], "km": 15},
    {"id": "V2", "first": "Sofie", "last": "Janssens", "birth": dt.datetime(1990, 7, 7), "gender": "vrouw",
     "postcode": "2018", "place": "Antwerpen", "phone": "0496 55 44 33", "email": "sofie.janssens@gmail.com",
     "interests": ["koken"], "slots": ["dinsdag namiddag"],
     "smokes": False, "pets": True, "languages": ["Nederlands", "Engels"], "km": 10},
]

_DAY_PHRASE = {"maandag voormiddag": "Maandag (voormiddag)", "dinsdag namiddag": "Dinsdag (namiddag)",
               "woensdag avond": "Woensdag (avond)"}
_SHORT = {"maandag voormiddag": "ma vm", "dinsdag namiddag": "di nm", "woensdag avond": "wo av"}
_PREF = {"geen voorkeur": "Maakt niet uit", "vrouw": "Liever een vrouw", "man": "Liever een man"}


def _yes(flag: bool, words: tuple[str, str] = ("Ja", "Nee")) -> str:
    return words[0] if flag else words[1]


def _form_answers(items: list[str]) -> str:
    return "".join(f"{i.capitalize()};" for i in items)


def dutch_form(folder: Path, name: str = "Antwerpen intake deelnemers.xlsx", people: list[dict] | None = None) -> Path:
    """A Microsoft Forms export in Dutch: sheet ``Form1``, the form's own columns, one column per question."""
    header = ["ID", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", "Voornaam", "Familienaam",
              "Wat is je geboortedatum?", "Postcode en gemeente", "Welke interesses heb je?",
              "Op welke momenten ben je vrij?", "Rook je?", "Heb je huisdieren?", "Welke talen spreek je?",
              "Heb je een voorkeur voor het geslacht van je vrijwilliger?", "Geslacht", "Telefoonnummer",
              "Je e-mailadres"]
    rows: list[list[Any]] = [header]
    for n, p in enumerate(people or PEOPLE, start=1):
        rows.append([n, STAMP, STAMP + dt.timedelta(minutes=6), "anonymous", None, p["first"], p["last"], p["birth"],
                     f"{p['postcode']} {p['place']}", _form_answers(p["interests"]),
                     "".join(f"{_DAY_PHRASE[s]};" for s in p["slots"]), _yes(p["smokes"]), _yes(p["pets"]),
                     _form_answers(p["languages"]), _PREF[p["pref"]], p["gender"].capitalize(), p["phone"], p["email"]])
    for row in rows[1:]:
        row[3] = None  # anonymous forms leave the respondent's e-mail empty
    return build(folder / name, {"Form1": rows}, province=None)


def english_form(folder: Path, name: str = "Antwerpen intake (English).xlsx") -> Path:
    """The same form exported in English: ``Start time``, ``Completion time``, English questions."""
    header = ["ID", "Start time", "Completion time", "Email", "Name", "First name", "Last name", "Date of birth",
              "Postal code", "What are your interests?", "When are you available?", "Do you smoke?",
              "Do you have pets?", "Which languages do you speak?", "Gender", "Phone number", "Your email address"]
    rows: list[list[Any]] = [header]
    for n, p in enumerate(PEOPLE, start=1):
        rows.append([n, STAMP, STAMP + dt.timedelta(minutes=4), None, None, p["first"], p["last"], p["birth"],
                     int(p["postcode"]), _form_answers(p["interests"]), ";".join(_SHORT[s] for s in p["slots"]),
                     _yes(p["smokes"], ("Yes", "No")), _yes(p["pets"], ("Yes", "No")), _form_answers(p["languages"]),
                     {"vrouw": "Female", "man": "Male"}[p["gender"]], p["phone"], p["email"]])
    return build(folder / name, {"Form1": rows}, province=None)


def both_roles(folder: Path, name: str = "Antwerpen aanmeldingen.xlsx", describe: bool = False) -> Path:
    """One sheet ``Aanmeldingen`` with participants and volunteers, told apart by one column.

    ``describe`` adds the question "Hoe zou je jezelf omschrijven?" (personality), which the assistant
    does not recognise: a professional maps it with one selectbox.
    """
    header = ["Ik meld me aan als", "Voornaam", "Achternaam", "Geboortedatum", "Postcode", "Gemeente", "Interesses",
              "Beschikbaarheid", "Rookt", "Huisdieren", "Talen", "Hoeveel km wil je maximaal rijden?"]
    header += ["Hoe zou je jezelf omschrijven?"] if describe else []
    rows: list[list[Any]] = [header]
    for role, group in (("Deelnemer (ik zoek een vrijwilliger)", PEOPLE), ("Vrijwilliger", VOLUNTEERS)):
        for k, p in enumerate(group):
            rows.append([role, p["first"], p["last"], p["birth"], int(p["postcode"]), p["place"],
                         "; ".join(p["interests"]), "; ".join(p["slots"]), _yes(p["smokes"]).lower(),
                         _yes(p["pets"]).lower(), "; ".join(p["languages"]), p.get("km")]
                        + ([("rustig", "praatgraag", "rustig; creatief")[k]] if describe else []))
    rows.insert(4, rows.pop(5))  # the roles mixed, as people sign up
    return build(folder / name, {"Aanmeldingen": rows}, province=None)


def one_hot_list(folder: Path, name: str = "Deelnemers Antwerpen 2026.xlsx") -> Path:
    """A hand-kept list: two title rows, then a column per interest and per day-part marked x or ✓."""
    interests = ["Wandelen", "Film", "Koken"]
    slots = ["maandag voormiddag", "dinsdag namiddag", "woensdag avond"]
    header = ["Nr", "Voornaam", "Achternaam", "Geboortedatum", "Postcode", "Gemeente", *interests,
              *(_SHORT[s] for s in slots), "Rookt", "Huisdieren"]
    rows: list[list[Any]] = [["Deelnemers Duowerking Antwerpen"], ["Bijgewerkt door Els, oktober 2026"], header]
    for p in PEOPLE:
        rows.append([p["id"], p["first"], p["last"], p["birth"], int(p["postcode"]), p["place"],
                     *("x" if i.lower() in p["interests"] else None for i in interests),
                     *("✓" if s in p["slots"] else None for s in slots), _yes(p["smokes"]).lower(),
                     _yes(p["pets"]).lower()])
    return build(folder / name, {"Blad1": rows}, province=None)


def combined_place(folder: Path, name: str = "Antwerpen deelnemers adres.xlsx") -> Path:
    """A list with one address column (``Kerkstraat 12, 2800 Mechelen``) instead of postcode and place."""
    header = ["ID", "Voornaam", "Achternaam", "Geboortedatum", "Adres", "Interesses", "Beschikbaarheid"]
    rows: list[list[Any]] = [header]
    for k, p in enumerate(PEOPLE):
        street = f"Kerkstraat {k + 1}, {p['postcode']} {p['place']}" if k != 2 else f"{p['place']} ({p['postcode']})"
        rows.append([p["id"], p["first"], p["last"], p["birth"], street, "; ".join(p["interests"]),
                     "; ".join(p["slots"])])
    return build(folder / name, {"Lijst": rows}, province=None)


def single_name(folder: Path, name: str = "Antwerpen wachtlijst.xlsx") -> Path:
    """A waiting list with one ``Naam`` column holding first and last name."""
    header = ["Code", "Naam", "Geboortedatum", "Postcode", "Gemeente", "Interesses"]
    rows: list[list[Any]] = [header]
    for p in PEOPLE:
        rows.append([p["id"], f"{p['first']} {p['last']}", p["birth"], int(p["postcode"]), p["place"],
                     "; ".join(p["interests"])])
    return build(folder / name, {"Wachtlijst": rows}, province=None)


def extra_columns(folder: Path, name: str = "Antwerpen.xlsx") -> Path:
    """The template's participant columns plus two that nobody defined (``Lievelingskleur``, ``Schoenmaat``)."""
    header = ["ID", "Voornaam", "Achternaam", "Geboortedatum", "Postcode", "Gemeente", "Lievelingskleur",
              "Interesses", "Schoenmaat"]
    rows: list[list[Any]] = [header]
    for p in PEOPLE:
        rows.append([p["id"], p["first"], p["last"], p["birth"], int(p["postcode"]), p["place"], "blauw",
                     "; ".join(p["interests"]), 41])
    return build(folder / name, {"Deelnemers": rows}, province="Antwerpen")


def template_rows(people: list[dict] | None = None) -> dict[str, list[list[Any]]]:
    """The same participants in a template workbook's Deelnemers sheet (for the round trip)."""
    header = ["ID", "Voornaam", "Achternaam", "Geboortedatum", "Geslacht", "Postcode", "Gemeente", "Telefoon",
              "E-mail", "Interesses", "Beschikbaarheid", "Rookt", "Huisdieren", "Talen",
              "Voorkeur geslacht vrijwilliger"]
    rows: list[list[Any]] = [header]
    for p in people or PEOPLE:
        rows.append([p["id"], p["first"], p["last"], p["birth"], p["gender"], int(p["postcode"]), p["place"],
                     p["phone"], p["email"], "; ".join(p["interests"]), "; ".join(p["slots"]), _yes(p["smokes"]).lower(),
                     _yes(p["pets"]).lower(), "; ".join(p["languages"]), p["pref"]])
    return {"Deelnemers": rows}
