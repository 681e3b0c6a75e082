"""Values as people type them in form exports and hand lists (issue 20, item 7)."""

from __future__ import annotations

import datetime as dt

import pytest

from duo_core.reading.dates import parse_date
from duo_core.reading.values import parse_bool, parse_integer, parse_number, parse_phone, parse_slots

AS_OF = dt.date(2026, 11, 1)


@pytest.mark.parametrize(("raw", "expected"), [
    ("12 maart 1956", dt.date(1956, 3, 12)), ("3 mars 1961", dt.date(1961, 3, 3)),
    ("1er mai 1950", dt.date(1950, 5, 1)), ("March 3, 1961", dt.date(1961, 3, 3)),
    ("7 okt. 1948", dt.date(1948, 10, 7)), ("30 December 1990", dt.date(1990, 12, 30)),
])
def test_a_date_in_words(raw, expected):
    assert parse_date(raw, as_of=AS_OF, birth=True) == (expected, None)


def test_an_impossible_date_in_words_says_so():
    assert parse_date("31 februari 1950", as_of=AS_OF, birth=True) == (
        None, "'31 februari 1950' bestaat niet als datum: controleer dag en maand (dd/mm/jjjj).")


@pytest.mark.parametrize("raw", [1956, 1956.0, "1956"])
def test_a_birth_year_alone_is_the_first_of_january_not_a_day_in_1905(raw):
    assert parse_date(raw, as_of=AS_OF, birth=True) == (dt.date(1956, 1, 1), None)


def test_a_number_outside_birth_dates_stays_an_excel_serial():
    assert parse_date(1956, as_of=AS_OF) == (dt.date(1905, 5, 9), None)


@pytest.mark.parametrize(("raw", "slots"), [
    ("ma/wo voormiddag, di avond", {"maandag voormiddag", "woensdag voormiddag", "dinsdag avond"}),
    ("lundi matin, jeudi après-midi", {"maandag voormiddag", "donderdag namiddag"}),
    ("mercredi soir", {"woensdag avond"}),
    ("Monday morning; Wednesday evening", {"maandag voormiddag", "woensdag avond"}),
    ("Maandag (voormiddag);", {"maandag voormiddag"}),
])
def test_day_parts_as_people_write_them(raw, slots):
    assert parse_slots(raw) == (frozenset(slots), None)


@pytest.mark.parametrize(("raw", "km"), [("tot 10 km", 10.0), ("max. 15 km", 15.0), ("maximaal 20", 20.0), ("25km", 25.0)])
def test_a_distance_as_people_write_it(raw, km):
    assert parse_number(raw) == (km, None)


@pytest.mark.parametrize(("raw", "value"), [(-1, True), (0, False), ("oui", True), ("non", False), ("Ja", True)])
def test_yes_and_no_from_access_and_french(raw, value):
    assert parse_bool(raw) == (value, None)


@pytest.mark.parametrize("raw", ["0470 12 34 56", "03/123.45.67", "+32 (0)3 123 45 67", "0032470123456", "015-20 30 40"])
def test_phone_numbers_as_people_write_them(raw):
    assert parse_phone(raw) == (raw, None)


@pytest.mark.parametrize("raw", ["abc", "0470", "bel na 18u", "0470 12 34 56 of 03 123 45 67"])
def test_what_is_no_phone_number_is_kept_and_said(raw):
    assert parse_phone(raw) == (raw, f"'{raw}' is geen telefoonnummer: gebruik 8 tot 15 cijfers, bv. 0470 12 34 56.")


@pytest.mark.parametrize("raw", [10**20, 18446744073709551615, "1000000"])
def test_a_count_too_large_to_be_one_is_said_not_a_crash(raw):
    assert parse_integer(raw) == (None, f"'{raw}' is te groot voor een aantal: vul bv. 1 of 2 in.")
