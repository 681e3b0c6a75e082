"""The printable page of Match zoeken: the person, their candidates and each explanation, in the role's projection."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import subprocess

import pytest

import duo_core
from duo_core import access
from duo_core.output.match_sheet import match_sheet_pdf, printed_keys, sheet_lines, sheet_title
from tests.helpers import _VOLUNTEER
from tests.matching_helpers import dataset

MADE = dt.datetime(2026, 11, 20, 9, 15)
P1, V1, V3 = "Antwerpen/D1", "Antwerpen/V1", "Antwerpen/V3"
HEADER = [
    ("text", "Deelnemer D1 · Mechelen (Antwerpen)"),
    ("text", "Provincies: Antwerpen · max. afstand: 40 km · minimale score: 10"),
    ("text", "Cijfers op 01/11/2026 · gemaakt op 20/11/2026 09:15"),
]
PRIVATE = [("text", "Notities: Belt liever."), ("text", "Zorgnood: MS")]
WEIGHTS = [
    ("text", "Gewichten: Afstand 30 · Gedeelde interesses 25 · Gemeenschappelijke momenten 15 · Persoonlijkheid 10 ·"),
    ("text", "    Leeftijd 10 · Wachttijd deelnemer 10"),
]


def _same(distance: str, points: str, sentence: str) -> list[tuple[str, str]]:
    """The criteria the two candidates share but distance (same interests, moments, traits, age gap, wait)."""
    return [
        ("text", f"Afstand: {points} van 30 punten. {sentence}"),
        ("text", "Gedeelde interesses: 16,7 van 25 punten. 2 gedeelde interesses: film, wandelen."),
        ("text", "Gemeenschappelijke momenten: 5,0 van 15 punten. Beiden vrij op dinsdag namiddag."),
        ("text", "Persoonlijkheid: 5,0 van 10 punten. Gedeelde eigenschappen: rustig."),
        ("text", "Leeftijd: 7,0 van 10 punten. Leeftijdsverschil 12 jaar (68 en 56)."),
        ("text", "Wachttijd deelnemer: 10,0 van 10 punten. Deelnemer wacht al 396 dagen."),
    ]


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    """The base province and Sara (V3) in Antwerpen, 22 km from An (D1), who goes up to 30 km; a dollar name."""
    def sara(records):
        v = copy.deepcopy(_VOLUNTEER)
        v.update({"ID": "V3", "Voornaam": "Sara", "Achternaam": "$x$ Wouters", "Postcode": 2000,
                  "Gemeente": "Antwerpen", "Notities": "Spreekt ook Frans.", "Max. afstand (km)": 30})
        records["Vrijwilligers"].append(v)

    return dataset(tmp_path_factory.mktemp("match_sheet"), sara)


def _lines(ds, **options):
    ranking = duo_core.rank_volunteers(ds, P1, details=True)
    return sheet_lines(ds, P1, True, ranking, chosen=V3, provinces=["Antwerpen"], max_distance_km=40, min_score=10,
                       made=MADE, **options)


def test_the_page_has_the_person_the_best_candidates_the_chosen_one_and_each_explanation(ds):
    assert sheet_title(ds, P1, True) == "Match zoeken: An Peeters"
    assert _lines(ds, limit=1) == [
        *HEADER, *PRIVATE, *WEIGHTS, ("text", ""),
        ("heading", "Kandidaten"),
        ("text", "De beste 1 van 2 kandidaten, best eerst:"),
        ("text", "1. Bart Claes (V1) · Mechelen · score 74 · 0,0 km"),
        ("text", "2. Sara $x$ Wouters (V3) · Antwerpen · score 47 · 22,2 km · gekozen op het scherm"),
        ("text", ""),
        ("heading", "Waarom deze kandidaten?"),
        ("sub", "1. Bart Claes (V1): score 74 van 100"),
        *_same("0,0", "30,0", "Woont in dezelfde gemeente (0 km)."), ("text", ""),
        ("sub", "2. Sara $x$ Wouters (V3): score 47 van 100"),
        *_same("22,2", "3,4", "Woont 22 km verder."), ("text", "Notities: Spreekt ook Frans."), ("text", ""),
    ]
    ranking = duo_core.rank_volunteers(ds, P1, details=True)
    assert printed_keys(P1, ranking, V3, limit=1) == [P1, V1, V3]
    assert printed_keys(P1, ranking, V1, limit=1) == [P1, V1]


def test_an_intake_volunteers_page_has_no_notes_and_no_care_needs(ds):
    intake = access.visible_dataset(ds, access.User("intake@samana.be", access.INTAKE))
    lines = _lines(intake, limit=1)
    assert lines[:len(HEADER) + len(WEIGHTS)] == [*HEADER, *WEIGHTS]
    assert [t for _, t in lines if t.startswith(("Notities", "Zorgnood"))] == []
    assert len(lines) == len(_lines(ds, limit=1)) - 3  # An's note and care need, Sara's note


def test_an_excluded_candidate_says_why_and_what_it_would_score(ds):
    ranking = duo_core.rank_volunteers(ds, P1, details=True, include_excluded=True)
    lines = sheet_lines(ds, P1, True, ranking, made=MADE)
    assert ("text", "3. Bart Claes (V2) · Mechelen · uitgesloten · 0,0 km") in lines
    at = lines.index(("sub", "3. Bart Claes (V2): uitgesloten (score zou 74 van 100 zijn)"))
    assert lines[at + 1] == ("text", "Uitgesloten: Vrijwilliger heeft al 1 duo (max. 1).")


def test_the_other_direction_lists_waiting_participants_with_their_wait(ds):
    ranking = duo_core.rank_participants(ds, V3, details=True)
    lines = sheet_lines(ds, V3, False, ranking, made=MADE)
    assert sheet_title(ds, V3, False) == "Match zoeken: Sara $x$ Wouters"
    assert lines[:4] == [("text", "Vrijwilliger V3 · Antwerpen (Antwerpen)"),
                         ("text", "Provincie: eigen provincie · max. afstand: geen grens · minimale score: 0"),
                         ("text", "Cijfers op 01/11/2026 · gemaakt op 20/11/2026 09:15"),
                         ("text", "Notities: Spreekt ook Frans.")]
    assert lines[lines.index(("heading", "Kandidaten")) + 1:][:3] == [
        ("text", "2 kandidaten, best eerst:"),
        ("text", "1. An Peeters (D3) · Antwerpen · score 74 · 0,0 km · wacht 396 dagen"),
        ("text", "2. An Peeters (D1) · Mechelen · score 47 · 22,2 km · wacht 396 dagen"),
    ]


def test_no_candidates_says_so(ds):
    ranking = duo_core.rank_volunteers(ds, P1, details=True, min_score=90)
    assert sheet_lines(ds, P1, True, ranking, made=MADE)[-2:] == [
        ("heading", "Kandidaten"), ("text", "Geen kandidaten met deze filters.")]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is niet geïnstalleerd")
def test_the_pdf_reads_as_its_lines(ds, tmp_path):
    ranking = duo_core.rank_volunteers(ds, P1, details=True)
    pdf = match_sheet_pdf(ds, P1, True, ranking, chosen=V3, limit=1, provinces=["Antwerpen"], max_distance_km=40,
                          min_score=10, made=MADE)
    (tmp_path / "match.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "match.pdf"), "-"], check=True, capture_output=True,
                          text=True).stdout
    printed = [line.strip() for line in text.splitlines() if line.strip()]
    expected = [t.strip() for _, t in _lines(ds, limit=1) if t.strip()]
    assert printed == ["Match zoeken: An Peeters", *expected, "blz. 1"]  # dollars stay text (no mathtext)


def test_an_unknown_municipality_is_written_as_such(ds):
    ranking = duo_core.rank_volunteers(ds, P1, details=True)
    ranking["municipality"] = [None, float("nan")]
    lines = sheet_lines(ds, P1, True, ranking, made=MADE)
    assert [t for _, t in lines if t.startswith(("1. ", "2. "))][:2] == [
        "1. Bart Claes (V1) · gemeente onbekend · score 74 · 0,0 km",
        "2. Sara $x$ Wouters (V3) · gemeente onbekend · score 47 · 22,2 km"]
