r"""Appointments for a phone's calendar: one iCalendar (``.ics``, RFC 5545) event per appointment.

The kennismakingsgesprek planned on Aanmeldingen becomes one event with date, hour, place and who holds
it; a new duo's introduction meeting (Lopende duo's) one with the participant, the volunteer and the contact
coach who takes part; a coach's next follow-up (Mijn duo's) one at 10:00. Text from the data is escaped (``\\``, ``;``, ``,`` and new lines), lines are folded at 75 octets and
end in CRLF, and times are floating local times (the phone's own time zone, as the appointment was typed).
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd

from duo_core.dataset import full_names

PRODUCT = "-//Samana Duowerking//Matching dashboard//NL"


def _escape(text: object) -> str:
    value = "" if text is None else str(text)
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n")
            .replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str) -> list[str]:
    """A content line cut into pieces of at most 75 octets; continuation lines start with a space."""
    out, current = [], ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def event(uid: str, start: dt.datetime, minutes: int, summary: str, location: str = "", description: str = "",
          stamp: dt.datetime | None = None) -> bytes:
    """One appointment as an ``.ics`` file (UTF-8)."""
    end = start + dt.timedelta(minutes=minutes)
    when = (stamp or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        "BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{when}",
        f"DTSTART:{start:%Y%m%dT%H%M%S}", f"DTEND:{end:%Y%m%dT%H%M%S}",
        f"SUMMARY:{_escape(summary)}",
    ]
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(part for line in lines for part in _fold(line)) + "\r\n").encode("utf-8")


def intake_invite(person: pd.Series, minutes: int = 60, stamp: dt.datetime | None = None) -> bytes:
    """The planned kennismakingsgesprek of one person (a row of the overlaid participants) as an ``.ics`` file."""
    day = pd.Timestamp(person["intake_planned_on"]).date()
    hour = dt.time.fromisoformat(person["intake_time"]) if isinstance(person.get("intake_time"), str) else dt.time(10)
    name = full_names(person.to_frame().T).iloc[0]
    uid = hashlib.sha256(f"{person['key']}|{day}|{hour}".encode()).hexdigest()[:24] + "@duowerking"
    phone = person.get("phone")
    description = f"Gesprek door {person.get('intake_volunteer') or '?'}." + (
        f" Telefoon: {phone}." if isinstance(phone, str) and phone else "")
    return event(uid, dt.datetime.combine(day, hour), minutes, f"Kennismakingsgesprek {name}",
                 person.get("intake_place") or "", description, stamp)


def followup_invite(duo_key: str, participant: str, volunteer: str, due: object, phones: str = "",
                    stamp: dt.datetime | None = None) -> bytes:
    """A contact coach's next follow-up of a duo (at 10:00, 30 minutes) as an ``.ics`` file."""
    day = pd.Timestamp(due).date()
    uid = hashlib.sha256(f"{duo_key}|{day}".encode()).hexdigest()[:24] + "@duowerking"
    return event(uid, dt.datetime.combine(day, dt.time(10)), 30, f"Opvolging duo {participant} en {volunteer}",
                 "", f"Bel het duo. {phones}".strip(), stamp)


def introduction_invite(duo_key: str, participant: str, volunteer: str, day: dt.date, hour: dt.time,
                        place: str = "", coach: str = "", phones: str = "", minutes: int = 60,
                        stamp: dt.datetime | None = None) -> bytes:
    """A new duo's introduction meeting (kennismaking), with the contact coach who takes part, as an ``.ics`` file.

    The same duo on the same day keeps the same ``UID``, so a phone replaces a moved appointment (another hour
    or place) instead of adding a second one.
    """
    uid = hashlib.sha256(f"{duo_key}|kennismaking|{day}".encode()).hexdigest()[:24] + "@duowerking"
    who = f"Met {participant}, {volunteer}" + (f" en contactcoach {coach}." if coach else ".")
    return event(uid, dt.datetime.combine(day, hour), minutes, f"Kennismaking duo {participant} en {volunteer}",
                 place, f"{who} {phones}".strip(), stamp)


__all__ = ["event", "followup_invite", "intake_invite", "introduction_invite"]
