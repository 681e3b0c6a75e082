"""Appointments as .ics files: the fields a phone's calendar reads, text escaped, long lines folded."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from duo_core.output import calendar

STAMP = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def test_an_event_has_the_fields_a_calendar_needs_with_text_escaped():
    data = calendar.event("abc@duowerking", dt.datetime(2026, 11, 25, 14, 0), 60, "Gesprek; An, Peeters",
                          "Kerkstraat 1\nMechelen", stamp=STAMP)
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert text.split("\r\n")[:-1] == [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{calendar.PRODUCT}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        "BEGIN:VEVENT", "UID:abc@duowerking", "DTSTAMP:20261120T090000Z", "DTSTART:20261125T140000",
        "DTEND:20261125T150000", "SUMMARY:Gesprek\\; An\\, Peeters", "LOCATION:Kerkstraat 1\\nMechelen",
        "END:VEVENT", "END:VCALENDAR",
    ]


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character():
    data = calendar.event("u", dt.datetime(2026, 1, 1, 10, 0), 30, "é" * 100, stamp=STAMP)
    lines = data.decode("utf-8").split("\r\n")
    summary = [line for line in lines if line.startswith("SUMMARY:") or line.startswith(" ")]
    assert all(len(line.encode("utf-8")) <= 75 for line in summary)
    assert "".join([summary[0], *(line[1:] for line in summary[1:])]) == "SUMMARY:" + "é" * 100


def test_the_planned_conversation_of_a_person():
    person = pd.Series({"key": "Antwerpen/AANM00001", "first_name": "Mia", "last_name": "Janssens",
                        "intake_planned_on": pd.Timestamp("2026-11-25"), "intake_time": "14:15",
                        "intake_place": "Samana Mechelen", "intake_volunteer": "Olivier", "phone": "0470 12 34 56"})
    lines = calendar.intake_invite(person, stamp=STAMP).decode("utf-8").split("\r\n")
    assert "DTSTART:20261125T141500" in lines and "DTEND:20261125T151500" in lines
    assert "SUMMARY:Kennismakingsgesprek Mia Janssens" in lines
    assert "LOCATION:Samana Mechelen" in lines
    assert "DESCRIPTION:Gesprek door Olivier. Telefoon: 0470 12 34 56." in lines


def test_a_coach_follow_up_for_the_calendar():
    lines = calendar.followup_invite("Antwerpen/DUO0001", "An Peeters", "Bart Claes", pd.Timestamp("2026-12-10"),
                                     "Deelnemer 0470 11 22 33.", stamp=STAMP).decode("utf-8").split("\r\n")
    assert "DTSTART:20261210T100000" in lines and "DTEND:20261210T103000" in lines
    assert "SUMMARY:Opvolging duo An Peeters en Bart Claes" in lines
    assert "DESCRIPTION:Bel het duo. Deelnemer 0470 11 22 33." in lines


def _unfolded(data: bytes) -> list[str]:
    """The content lines of an .ics file with folded lines joined again (RFC 5545, 3.1)."""
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def test_a_new_duos_introduction_meeting_names_the_coach_who_takes_part():
    lines = _unfolded(calendar.introduction_invite(
        "Antwerpen/DUO0001", "An Peeters", "Bart Claes", dt.date(2026, 12, 3), dt.time(14, 30), "Bij An thuis, Lier",
        "Carla Mertens", "Deelnemer 0470 11 22 33.", stamp=STAMP))
    assert "DTSTART:20261203T143000" in lines and "DTEND:20261203T153000" in lines
    assert "SUMMARY:Kennismaking duo An Peeters en Bart Claes" in lines
    assert "LOCATION:Bij An thuis\\, Lier" in lines
    assert "DESCRIPTION:Met An Peeters\\, Bart Claes en contactcoach Carla Mertens. Deelnemer 0470 11 22 33." in lines


def test_a_moved_introduction_keeps_its_uid_and_another_day_gets_another():
    def uid(day, hour, place):
        lines = calendar.introduction_invite("Antwerpen/DUO0001", "An", "Bart", day, hour, place, stamp=STAMP)
        return next(x for x in lines.decode("utf-8").split("\r\n") if x.startswith("UID:"))

    first = uid(dt.date(2026, 12, 3), dt.time(14, 30), "Lier")
    assert uid(dt.date(2026, 12, 3), dt.time(16, 0), "Mechelen") == first
    assert uid(dt.date(2026, 12, 4), dt.time(14, 30), "Lier") != first
    no_coach = calendar.introduction_invite("Antwerpen/DUO0001", "An", "Bart", dt.date(2026, 12, 3), dt.time(9),
                                            stamp=STAMP).decode("utf-8").split("\r\n")
    assert "DESCRIPTION:Met An\\, Bart." in no_coach and not any(x.startswith("LOCATION") for x in no_coach)
