"""Values read from the address bar (``?wacht=365``, ``?periode=...``): validated and clamped, never trusted.

Anyone can type or craft an address, so every value read from it goes through one of these rules before a
page uses it:

* :func:`days`: a whole number of days (ASCII digits only, at most :data:`MAX_DIGITS` of them), clamped to
  ``0 .. maximum``;
* :func:`period`: two ISO dates ``first..last``, clamped to the data's own date range;
* :func:`choices`: a comma-separated list of known options (the provinces), unknown ones left out;
* :func:`month`: one month ``YYYY-MM-DD`` (any day of it) within the data's own date range.

Each returns a :class:`Read`: the value to use (``None`` when there is none to use) and, when the address
held something that was not used as typed, a Dutch notice for the page. The notice never repeats the
typed value (it may be anything, of any length).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: The most days an address may ask for (a hundred years): more than anyone waits.
MAX_DAYS = 36_500
#: More digits than any waiting time needs; longer numbers are refused before they are converted.
MAX_DIGITS = 6
#: The longest period an address may ask for, in characters (``2023-01-01..2026-11-24`` has 22).
MAX_PERIOD_LENGTH = 40
_DIGITS = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class Read:
    """A value read from the address: what to use, and a Dutch notice when the address was not used as typed."""

    value: Any
    notice: str | None = None


def _ignored(name: str, why: str) -> str:
    return f"De waarde van '{name}' in het adres is genegeerd: {why}"


def days(typed: object, maximum: int, name: str = "wacht") -> Read:
    """A whole number of days from the address, ``0 .. maximum``.

    Parameters
    ----------
    typed
        The text in the address (``None`` or ``""`` when absent).
    maximum
        The largest value a page accepts; a larger number is lowered to it (with a notice).
    name
        The address parameter, named in the notice.

    Returns
    -------
    Read
        ``Read(None)`` when absent; ``Read(None, notice)`` when not a whole number of at most
        :data:`MAX_DIGITS` ASCII digits (``²``, ``-5``, ``1e3``, 5000 digits); else the number, clamped.
    """
    if typed is None or typed == "":
        return Read(None)
    text = str(typed)
    if not _DIGITS.fullmatch(text):
        return Read(None, _ignored(name, "dat is geen geldig aantal dagen."))
    value = int(text)
    if value > maximum:
        return Read(maximum, f"Het aantal dagen in het adres ('{name}') is verlaagd tot het maximum van {maximum}.")
    return Read(value)


def period(typed: object, first: dt.date, last: dt.date, name: str = "periode") -> Read:
    """A period ``YYYY-MM-DD..YYYY-MM-DD`` from the address, clamped to ``first .. last`` (the data's range).

    Returns
    -------
    Read
        ``Read(None)`` when absent; ``Read(None, notice)`` when not two valid dates in order or wholly outside
        the data's range; else ``(start, end)`` within ``first .. last`` (with a notice when it was narrowed).
    """
    if typed is None or typed == "":
        return Read(None)
    text = str(typed)
    parts = text.split("..") if len(text) <= MAX_PERIOD_LENGTH else []
    if len(parts) != 2 or not all(_ISO_DATE.fullmatch(p) for p in parts):
        return Read(None, _ignored(name, "dat is geen periode van twee datums (jjjj-mm-dd..jjjj-mm-dd)."))
    try:
        start, end = (dt.date.fromisoformat(p) for p in parts)
    except ValueError:
        return Read(None, _ignored(name, "een van de datums bestaat niet."))
    if start > end:
        return Read(None, _ignored(name, "de begindatum ligt na de einddatum."))
    if end < first or start > last:
        return Read(None, _ignored(name, f"er zijn enkel gegevens van {first:%d/%m/%Y} tot {last:%d/%m/%Y}."))
    clamped = (max(start, first), min(end, last))
    if clamped != (start, end):
        return Read(clamped, f"De periode in het adres is ingekort tot de gegevens: {clamped[0]:%d/%m/%Y} tot "
                             f"{clamped[1]:%d/%m/%Y}.")
    return Read(clamped)


def choices(typed: object, options: Sequence[str], name: str = "provincies") -> Read:
    """Comma-separated known options from the address (in the address's order, each once); unknown ones left out."""
    if typed is None or typed == "":
        return Read([])
    wanted = str(typed).split(",")
    allowed = set(options)
    known = list(dict.fromkeys(w for w in wanted if w in allowed))
    if any(w not in allowed for w in wanted):
        return Read(known, f"Onbekende waarden van '{name}' in het adres zijn genegeerd.")
    return Read(known)


def month(typed: object, first: dt.date, last: dt.date, name: str = "klik_maand") -> Read:
    """A month ``YYYY-MM-DD`` (any day of it) from the address: its first day, when it overlaps ``first .. last``.

    Returns
    -------
    Read
        ``Read(None)`` when absent; ``Read(None, notice)`` when not a valid date or a month without data; else the
        month's first day as ``YYYY-MM-01``.
    """
    if typed is None or typed == "":
        return Read(None)
    text = str(typed)[:MAX_PERIOD_LENGTH + 1]
    if len(text) > MAX_PERIOD_LENGTH or not _ISO_DATE.fullmatch(text[:10]) or text[10:].strip(" T:0"):
        return Read(None, _ignored(name, "dat is geen datum (jjjj-mm-dd)."))
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        return Read(None, _ignored(name, "die datum bestaat niet."))
    start = day.replace(day=1)
    if start > last or (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) <= first:
        return Read(None, _ignored(name, f"er zijn enkel gegevens van {first:%d/%m/%Y} tot {last:%d/%m/%Y}."))
    return Read(start.isoformat())


__all__ = ["MAX_DAYS", "MAX_DIGITS", "MAX_PERIOD_LENGTH", "Read", "choices", "days", "month", "period"]
