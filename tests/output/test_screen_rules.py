"""The rules behind the screens (issue "Screens people can trust"), tested in duo_core where they live.

Flemish numbers, dates and counts; duo statuses and coach suggestions in words; tappable phone numbers;
the colour-blind-safe map legend; and demo data that looks like the organisation's own.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import duo_core
from duo_core import formatting, lifecycle
from duo_core.demo import DEMO_AS_OF
from duo_core.lifecycle import coaches, views
from tests.conftest import DEMO


@pytest.fixture(scope="module")
def demo():
    return duo_core.load_dataset(DEMO, as_of=DEMO_AS_OF)


# --- Flemish numbers, dates and counts ----------------------------------------------------------


@pytest.mark.parametrize(("value", "decimals", "text"), [
    (1234.5, 1, "1.234,5"), (77.6, 0, "78"), (54.378179, 1, "54,4"), (None, 0, "–"), (float("nan"), 1, "–"),
])
def test_numbers_are_written_the_flemish_way(value, decimals, text):
    assert formatting.number(value, decimals) == text


@pytest.mark.parametrize(("value", "date", "moment"), [
    ("2026-11-24T11:48:37", "24/11/2026", "24/11/2026 11:48"), (pd.NaT, "", ""), (None, "", ""),
])
def test_dates_and_moments_are_never_iso_or_none(value, date, moment):
    assert (formatting.date_text(value), formatting.moment_text(value)) == (date, moment)


def test_a_count_of_one_takes_the_singular():
    assert [formatting.count_text(n, "geschikte kandidaat", "geschikte kandidaten") for n in (0, 1, 2)] == [
        "0 geschikte kandidaten", "1 geschikte kandidaat", "2 geschikte kandidaten"]


# --- Lopende duo's in words -----------------------------------------------------------------------


@pytest.mark.parametrize(("status", "start", "proposed", "text"), [
    ("kennismaking", "2026-11-03", None, "in kennismaking sinds 03/11/2026"),
    ("actief", "2026-01-15", None, "actief sinds 15/01/2026"),
    ("voorstel", None, "2026-11-20", "voorgesteld op 20/11/2026"),
    ("voorstel", None, None, "voorgesteld"),
])
def test_a_duo_status_is_said_in_words_and_an_introduction_is_not_started(status, start, proposed, text):
    duo = pd.Series({"status": status, "start_date": pd.Timestamp(start) if start else pd.NaT,
                     "proposed_on": pd.Timestamp(proposed) if proposed else pd.NaT})
    assert lifecycle.status_text(duo) == text


def test_the_open_duos_table_shows_blank_dates_and_sources_in_words():
    duos = pd.DataFrame({
        "key": ["Antwerpen/DUO7", "Antwerpen/APP00001"], "participant": ["An Peeters", "Bo Leys"],
        "volunteer": ["Luc Stevens", "Evy Willems"], "status": ["actief", "voorstel"],
        "proposed_on": [pd.NaT, pd.Timestamp("2026-11-20")], "proposed_by": [None, "intake@x"],
        "start_date": [pd.Timestamp("2026-02-01"), pd.NaT], "coach": ["Sandra Willekens", None],
        "source_file": ["Antwerpen.xlsx", lifecycle.JOURNAL_SOURCE],
    })
    assert lifecycle.open_duos_table(duos).values.tolist() == [
        ["DUO7", "An Peeters", "Luc Stevens", "actief", "", "", "01/02/2026", "Sandra Willekens", "werkboek"],
        ["APP00001", "Bo Leys", "Evy Willems", "voorstel", "20/11/2026", "intake@x", "", "", "app"],
    ]


def test_free_places_are_never_negative():
    suggestions = pd.DataFrame({"coach": ["A", "B", "C"], "open_duos": [5, 1, 2],
                                "desired_duos": [3, np.nan, 5], "free": [-2, np.nan, 3],
                                "distance_km": [1.26, 2.0, 3.33]})
    table = lifecycle.suggestions_table(suggestions)
    assert table["free"].tolist() == ["volzet", "onbekend", "3"]
    assert table["distance_km"].tolist() == [1.3, 2.0, 3.3]


@pytest.mark.parametrize(("own", "expected"), [("C2", "C2"), (None, "C1"), ("C9", "C1")])
def test_the_start_form_offers_the_duos_own_coach_first(own, expected):
    suggestions = pd.DataFrame({"key": ["C1", "C2"], "coach": ["Eerste", "Tweede"]})
    assert lifecycle.preferred_coach(pd.Series({"coach_key": own}), suggestions) == expected


def test_without_coaches_nothing_is_offered():
    assert lifecycle.preferred_coach(pd.Series({"coach_key": None}), pd.DataFrame({"key": []})) is None


# --- phones, maps -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "href"), [
    ("0470 11 22 33", "tel:+32470112233"), ("03 123 45 67", "tel:+3231234567"),
    ("+32 9 234 56 78", "tel:+3292345678"), ("0032 9 234 56 78", "tel:+3292345678"),
    ("bel na 18u", None), ("123", None), (None, None), ("0470 11 22 33\"><script>", "tel:+32470112233"),
])
def test_a_phone_number_becomes_a_tappable_link_with_digits_only(typed, href):
    assert views.tel_href(typed) == href


def test_the_map_legend_runs_from_dark_blue_to_yellow_and_greys_the_excluded():
    assert views.legend_stops() == [([0, 34, 78], "0"), ([62, 78, 108], "25"), ([124, 123, 120], "50"),
                                    ([190, 175, 111], "75"), ([254, 232, 56], "100")]
    assert views.score_color(np.array([np.nan]))[0] == views.EXCLUDED_COLOR


# --- demo data that looks real ------------------------------------------------------------------------

BELGIAN_PHONE = re.compile(r"^(04\d\d \d\d \d\d \d\d|0\d \d{3} \d\d \d\d|0\d\d \d\d \d\d \d\d)$")


def test_demo_phone_numbers_are_written_as_belgians_do(demo):
    phones = [p for frame in (demo.participants, demo.volunteers, demo.coaches, demo.intake_volunteers)
              for p in frame["phone"].dropna()]
    assert len(phones) == 1151 + 37 + 20  # the workbooks' people and coaches, the sign-ups, the intake volunteers
    assert [p for p in phones if not BELGIAN_PHONE.match(p)] == []


def test_demo_email_addresses_have_no_accents(demo):
    emails = [e for frame in (demo.participants, demo.volunteers, demo.coaches) for e in frame["email"].dropna()]
    assert [e for e in emails if not e.isascii()] == []


def test_demo_coaches_follow_about_the_duos_they_chose(demo):
    load = coaches.coach_overview(demo, DEMO_AS_OF.year)["load"].astype(float)
    assert (round(load.min(), 2), round(load.max(), 2)) == (0.67, 1.08)
