"""Table-driven tests of the cell parsers: each form a person types -> the exact parsed value."""

import datetime as dt

import pytest

from duo_core.reading.values import (
    parse_age_range,
    parse_bool,
    parse_column,
    parse_date,
    parse_id,
    parse_integer,
    parse_multi,
    parse_number,
    parse_postcode,
    parse_slots,
    parser_for,
    slots_to_mask,
)
from duo_core.schema import PARTICIPANTS, VOLUNTEERS


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("03/05/1958", dt.date(1958, 5, 3)),
        ("3/5/1958", dt.date(1958, 5, 3)),
        ("03-05-1958", dt.date(1958, 5, 3)),
        ("03.05.1958", dt.date(1958, 5, 3)),
        ("03/05/58", dt.date(1958, 5, 3)),
        ("1958-05-03", dt.date(1958, 5, 3)),
        (dt.datetime(1958, 5, 3, 0, 0), dt.date(1958, 5, 3)),
        (dt.date(1958, 5, 3), dt.date(1958, 5, 3)),
        (21308.0, dt.date(1958, 5, 3)),
        (" 03/05/1958 ", dt.date(1958, 5, 3)),
        ("", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_date_forms(raw, expected):
    assert parse_date(raw) == (expected, None)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("31/02/2020", "'31/02/2020' bestaat niet als datum: controleer dag en maand (dd/mm/jjjj)."),
        ("gisteren", "'gisteren' is geen datum: schrijf de datum als dd/mm/jjjj."),
        (-5.0, "'-5' is geen datum: schrijf de datum als dd/mm/jjjj."),
    ],
)
def test_bad_dates(raw, message):
    assert parse_date(raw) == (None, message)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ja", True), ("Ja", True), ("j", True), ("x", True), ("X", True), ("waar", True), ("1", True),
        (1, True), (1.0, True), ("yes", True), (True, True),
        ("nee", False), ("Neen", False), ("n", False), ("onwaar", False), ("0", False), (0, False), ("no", False),
        ("", None), (None, None),
    ],
)
def test_yes_no_forms(raw, expected):
    assert parse_bool(raw) == (expected, None)


def test_yes_no_unknown():
    assert parse_bool("misschien") == (None, "'misschien' is geen ja/nee: vul 'ja' of 'nee' in.")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (2800, ("2800", None)),
        (2800.0, ("2800", None)),
        ("2800", ("2800", None)),
        ("2800 ", ("2800", None)),
        ("B-2800", ("2800", None)),
        ("b2800", ("2800", None)),
        ("BE-2800", ("2800", None)),
        ("2800 Mechelen", ("2800", "Mechelen")),
        ("2800-Walem", ("2800", "Walem")),
        ("", None),
    ],
)
def test_postcode_forms(raw, expected):
    assert parse_postcode(raw) == (expected, None)


@pytest.mark.parametrize("raw", ["12345", "abc", 999, "28OO"])
def test_bad_postcodes(raw):
    value, problem = parse_postcode(raw)
    assert value is None
    assert problem.endswith("is geen Belgische postcode: vul 4 cijfers in, bv. 2800.")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("wandelen;Film; koffie drinken;", frozenset({"wandelen", "film", "koffie drinken"})),
        ("Wandelen, film", frozenset({"wandelen", "film"})),
        ("wandelen;;wandelen;", frozenset({"wandelen"})),
        ("Koffie   Drinken", frozenset({"koffie drinken"})),
        ("", frozenset()),
        (None, frozenset()),
    ],
)
def test_multi_valued_forms(raw, expected):
    assert parse_multi(raw) == (expected, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Dutch; French", frozenset({"nederlands", "frans"})),
        ("Vlaams, Nederlands", frozenset({"nederlands"})),
        ("NL|EN", frozenset({"nederlands", "engels"})),
        ("Français;Türkçe", frozenset({"frans", "turks"})),
        ("Néerlandais", frozenset({"nederlands"})),
        ("Tigrinya", frozenset({"tigrinya"})),  # a language not listed stays as written
        ("", frozenset()),
    ],
)
def test_languages_are_read_by_their_dutch_name_in_any_common_spelling(raw, expected):
    assert parser_for(PARTICIPANTS.column("languages"))(raw) == (expected, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("maandag voormiddag; dinsdag namiddag", {"maandag voormiddag", "dinsdag namiddag"}),
        ("Maandag Voormiddag;", {"maandag voormiddag"}),
        ("ma vm, wo avond", {"maandag voormiddag", "woensdag avond"}),
        ("donderdagnamiddag", {"donderdag namiddag"}),
        ("vrijdag", {"vrijdag voormiddag", "vrijdag namiddag", "vrijdag avond"}),
        ("weekend", {f"{d} {p}" for d in ("zaterdag", "zondag") for p in ("voormiddag", "namiddag", "avond")}),
        ("zondag ochtend", {"zondag voormiddag"}),
        ("", set()),
    ],
)
def test_availability_forms(raw, expected):
    assert parse_slots(raw) == (frozenset(expected), None)


def test_availability_keeps_known_and_reports_unknown():
    assert parse_slots("maandag avond; soms") == (
        frozenset({"maandag avond"}),
        "'soms' is geen moment: schrijf bv. 'maandag voormiddag; woensdag avond'.",
    )


def test_slot_mask_bits():
    assert slots_to_mask(frozenset({"maandag voormiddag", "zondag avond"})) == (1 << 0) | (1 << 20)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("30-60", (30, 60)),
        ("30 - 60", (30, 60)),
        ("60-30", (30, 60)),
        ("tussen 30 en 60", (30, 60)),
        ("30 tot 60 jaar", (30, 60)),
        ("60+", (60, 120)),
        ("+60", (60, 120)),
        ("vanaf 50", (50, 120)),
        ("-40", (0, 40)),
        ("< 40", (0, 40)),
        ("geen voorkeur", None),
        ("Geen voorkeur", None),
        ("maakt niet uit", None),
        ("", None),
    ],
)
def test_age_range_forms(raw, expected):
    assert parse_age_range(raw) == (expected, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(15, 15.0), ("15", 15.0), ("15 km", 15.0), ("15,5", 15.5), ("7.5km", 7.5)],
)
def test_numbers(raw, expected):
    assert parse_number(raw) == (expected, None)


def test_integer_rejects_fraction():
    assert parse_integer("1.5") == (None, "'1.5' is geen geheel getal: vul bv. 1 of 2 in.")


@pytest.mark.parametrize(("raw", "expected"), [(12.0, "12"), (" D001 ", "D001"), ("V7", "V7")])
def test_ids(raw, expected):
    assert parse_id(raw) == (expected, None)


@pytest.mark.parametrize(
    ("column", "raw", "expected"),
    [
        ("gender", "V", "vrouw"),
        ("gender", "M", "man"),
        ("gender", "Vrouw ", "vrouw"),
        ("status", "Wachtlijst", "wachtend"),
        ("status", "On Hold", "on hold"),
        ("contact_form", "beiden", "beide"),
        ("contact_form", "Telefoon", "telefonisch"),
        ("mobility", "aan huis", "enkel aan huis"),
        ("pref_gender", "maakt niet uit", "geen voorkeur"),
    ],
)
def test_vocabulary_synonyms(column, raw, expected):
    assert parser_for(PARTICIPANTS.column(column))(raw) == (expected, None)


def test_vocabulary_unknown_lists_allowed_values():
    assert parser_for(PARTICIPANTS.column("gender"))("onbekend") == (
        None,
        "'onbekend' is geen geldige waarde: kies uit man, vrouw, x.",
    )


def test_multi_vocab_keeps_known_reports_unknown():
    parse = parser_for(VOLUNTEERS.column("target_groups"))
    assert parse("Mantelzorger; kinderen") == (
        frozenset({"mantelzorger"}),
        "'kinderen' onbekend: kies uit chronische ziekte, zorgnood, mantelzorger, psychisch kwetsbaar (gescheiden door ;).",
    )


def test_parse_column_parses_each_value_once_and_keeps_order():
    values, problems = parse_column(["ja", "nee", "ja", None, "?"], PARTICIPANTS.column("smokes"))
    assert values == [True, False, True, None, None]
    assert problems == [None, None, None, None, "'?' is geen ja/nee: vul 'ja' of 'nee' in."]
