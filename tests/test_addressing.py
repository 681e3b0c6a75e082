"""Values read from the address bar: validated and clamped, a Dutch notice when not used as typed."""

from __future__ import annotations

import datetime as dt

import pytest

from duo_core import addressing
from duo_core.addressing import Read

FIRST, LAST = dt.date(2020, 3, 1), dt.date(2026, 11, 24)


@pytest.mark.parametrize(("typed", "expected"), [(None, None), ("", None), ("0", 0), ("365", 365),
                                                 ("036500", 36_500), ("999999", 36_500)])
def test_days_are_whole_numbers_clamped_to_the_maximum(typed, expected):
    assert addressing.days(typed, addressing.MAX_DAYS).value == expected


@pytest.mark.parametrize("typed", ["²", "٣", "-5", "1e3", "3.5", " 30", "9" * 20, "9" * 5000, "0x10"],
                         ids=["superscript", "arabic", "negative", "exponent", "fraction", "space", "20 digits",
                              "5000 digits", "hex"])
def test_anything_else_is_ignored_with_a_notice(typed):
    assert addressing.days(typed, addressing.MAX_DAYS) == Read(
        None, "De waarde van 'wacht' in het adres is genegeerd: dat is geen geldig aantal dagen.")


def test_a_number_above_the_maximum_is_lowered_with_a_notice():
    assert addressing.days("40000", 36_500) == Read(
        36_500, "Het aantal dagen in het adres ('wacht') is verlaagd tot het maximum van 36500.")


def test_a_period_within_the_data_is_used_as_typed():
    assert addressing.period("2024-01-01..2024-12-31", FIRST, LAST) == Read((dt.date(2024, 1, 1),
                                                                              dt.date(2024, 12, 31)))
    assert addressing.period(None, FIRST, LAST) == Read(None)


def test_a_period_beyond_the_data_is_clamped_to_it():
    assert addressing.period("0001-01-01..9999-12-31", FIRST, LAST) == Read(
        (FIRST, LAST), "De periode in het adres is ingekort tot de gegevens: 01/03/2020 tot 24/11/2026.")


@pytest.mark.parametrize(("typed", "why"), [
    ("2024-01-01", "dat is geen periode van twee datums (jjjj-mm-dd..jjjj-mm-dd)."),
    ("2024-1-1..2024-2-1", "dat is geen periode van twee datums (jjjj-mm-dd..jjjj-mm-dd)."),
    ("2024-01-01..2024-02-01..2024-03-01", "dat is geen periode van twee datums (jjjj-mm-dd..jjjj-mm-dd)."),
    ("²０２4-01-01..2024-02-01", "dat is geen periode van twee datums (jjjj-mm-dd..jjjj-mm-dd)."),
    ("2024-01-01.." + "9" * 5000, "dat is geen periode van twee datums (jjjj-mm-dd..jjjj-mm-dd)."),
    ("2024-02-30..2024-03-01", "een van de datums bestaat niet."),
    ("2024-03-01..2024-02-01", "de begindatum ligt na de einddatum."),
    ("2030-01-01..2031-01-01", "er zijn enkel gegevens van 01/03/2020 tot 24/11/2026."),
])
def test_a_period_that_cannot_be_used_is_ignored_with_a_notice(typed, why):
    assert addressing.period(typed, FIRST, LAST) == Read(None, f"De waarde van 'periode' in het adres is genegeerd: {why}")


def test_only_known_choices_are_kept_each_once():
    options = ["Antwerpen", "Limburg"]
    assert addressing.choices("Limburg,Antwerpen,Limburg", options) == Read(["Limburg", "Antwerpen"])
    assert addressing.choices("Limburg,<b>x</b>", options) == Read(
        ["Limburg"], "Onbekende waarden van 'provincies' in het adres zijn genegeerd.")
    assert addressing.choices(None, options) == Read([])


def test_a_month_is_a_date_in_a_month_with_data():
    first, last = dt.date(2023, 11, 2), dt.date(2026, 11, 1)
    assert addressing.month("2026-03-14", first, last) == addressing.Read("2026-03-01")
    assert addressing.month(None, first, last) == addressing.Read(None)
    assert addressing.month("2022-01-01", first, last) == addressing.Read(
        None, "De waarde van 'klik_maand' in het adres is genegeerd: er zijn enkel gegevens van 02/11/2023 tot "
              "01/11/2026.")
    assert addressing.month("2026-02-30", first, last).notice == (
        "De waarde van 'klik_maand' in het adres is genegeerd: die datum bestaat niet.")
    assert addressing.month("maart", first, last).notice == (
        "De waarde van 'klik_maand' in het adres is genegeerd: dat is geen datum (jjjj-mm-dd).")
