"""Dates as people type them, decided per column: day/month order, date-times, two-digit years.

A single value like ``03/05/1958`` cannot say whether it is 3 May or 5 March; its column can. So a
column is read as a whole (:func:`parse_date_column`):

* **Order.** Day first is the Flemish default. A column with a value like ``05/13/1958`` (more than 12
  in the second place) and none like ``13/05/1958`` is month-first: all its values are read that way,
  with one finding on the column. A column with evidence both ways stays ambiguous: values that can be
  read only one way are read that way, the others get a finding and no value (no guess).
* **Forms.** Excel dates and serial numbers; ``dd/mm/yyyy`` with ``/``, ``-``, ``.`` or a space; the same
  with a time (``31/12/1950 00:00``); ``yyyy-mm-dd`` and ``yyyy/mm/dd`` (with or without a time).
* **Two-digit years** by plausibility: a birth date is the century that gives an age between
  :data:`MIN_AGE` and :data:`MAX_AGE` (``15-01-25`` is 1925, ``15-01-05`` is 2005); any other date is
  20yy unless that lies more than a year after ``as_of`` (then 19yy). A birth date that fits neither
  century: a finding.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from duo_core.formatting import raw_text

Parsed = tuple[object, "str | None"]
EXCEL_EPOCH = dt.date(1899, 12, 30)
MIN_YEAR, MAX_YEAR = 1900, 2200
MIN_AGE, MAX_AGE = 12, 110
_TIME = r"(?:[ T]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?\s*(?:u|h|uur)?)?"
_DMY = re.compile(r"^(\d{1,2})[/\-. ](\d{1,2})[/\-. ](\d{2}|\d{4})" + _TIME + "$")
_YMD = re.compile(r"^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})" + _TIME + "$")
DAY_FIRST, MONTH_FIRST, AMBIGUOUS = "dag-maand", "maand-dag", "gemengd"
#: Month names as people type them (Dutch, French, English; full or short), folded without accents.
MONTH_NAMES = {name: k for k, names in enumerate((
    ("januari", "jan", "janvier", "january"), ("februari", "feb", "febr", "fevrier", "fev", "february"),
    ("maart", "mrt", "mars", "march", "mar"), ("april", "apr", "avril", "avr"), ("mei", "mai", "may"),
    ("juni", "jun", "juin", "june"), ("juli", "jul", "juillet", "juil", "july"),
    ("augustus", "aug", "aout", "august"), ("september", "sep", "sept", "septembre"),
    ("oktober", "okt", "octobre", "oct", "october"), ("november", "nov", "novembre"),
    ("december", "dec", "decembre")), start=1) for name in names}
_WORDS = re.compile(r"^(\d{1,2})(?:e|er|ste|de)?\.?\s+([a-zéèûô]+)\.?,?\s+(\d{4})$")
_MONTH_FIRST_WORDS = re.compile(r"^([a-zéèûô]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_FOLD = str.maketrans("éèêëûüôöàâäîï", "eeeeuuooaaaii")


def _blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, float) and raw != raw) or (isinstance(raw, str) and not raw.strip())


def _not_a_date(raw: object) -> Parsed:
    return None, f"'{raw_text(raw)}' is geen datum: schrijf de datum als dd/mm/jjjj."


def _impossible(raw: object) -> Parsed:
    return None, f"'{raw_text(raw)}' bestaat niet als datum: controleer dag en maand (dd/mm/jjjj)."


def _in_range(value: dt.date, raw: object) -> Parsed:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return None, f"'{raw_text(raw)}' ligt buiten {MIN_YEAR}-{MAX_YEAR}: controleer het jaartal (dd/mm/jjjj)."
    return value, None


def calendar_age(born: dt.date, as_of: dt.date) -> int:
    """Completed years on ``as_of``: a person is one year older on their birthday (29 Feb: on 1 March)."""
    return as_of.year - born.year - ((as_of.month, as_of.day) < (born.month, born.day))


def _century(yy: int, month: int, day: int, raw: object, as_of: dt.date, birth: bool) -> Parsed:
    """The four-digit year of ``yy`` that is plausible for this column, or a finding."""
    options = []
    for year in (2000 + yy, 1900 + yy):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            return _impossible(raw)
    if birth:
        plausible = [d for d in options if MIN_AGE <= calendar_age(d, as_of) <= MAX_AGE]
    else:  # the 2000s unless that is more than a year ahead
        plausible = options[:1] if options[0] <= as_of + dt.timedelta(days=366) else options[1:]
    if len(plausible) == 1:
        return plausible[0], None
    what = "geboortedatum" if birth else "datum"
    return None, (f"'{raw_text(raw)}' heeft een jaartal van twee cijfers dat geen aannemelijke {what} geeft: "
                  "schrijf het jaartal voluit (dd/mm/jjjj).")


def _worded(text: str, raw: object) -> Parsed | None:
    """``12 maart 1956``, ``3 mars 1961``, ``March 3, 1961`` -> a date; ``None`` when the text is not of that form."""
    folded = text.lower().translate(_FOLD)
    day = month = year = None
    if m := _WORDS.match(folded):
        day, month, year = int(m.group(1)), MONTH_NAMES.get(m.group(2)), int(m.group(3))
    elif m := _MONTH_FIRST_WORDS.match(folded):
        day, month, year = int(m.group(2)), MONTH_NAMES.get(m.group(1)), int(m.group(3))
    if month is None:
        return None
    try:
        return _in_range(dt.date(year, month, day), raw)
    except ValueError:
        return _impossible(raw)


def column_order(texts: Sequence[str]) -> str:
    """The day/month order of a column's text dates: day-first, month-first, or mixed (ambiguous)."""
    day_first = month_first = False
    for text in texts:
        m = _DMY.match(text)
        if not m:
            continue
        a, b = int(m.group(1)), int(m.group(2))
        day_first |= a > 12 >= b
        month_first |= b > 12 >= a
    if month_first and day_first:
        return AMBIGUOUS
    return MONTH_FIRST if month_first else DAY_FIRST


def year_alone(raw: object, as_of: dt.date | None = None) -> int | None:
    """The year of a birth date written as a year alone (``1956``, ``"1956"``), or ``None``.

    Read as 1 January of that year: age-based matching needs only the year (the age may be up to a year off),
    and the loader says so in a finding.
    """
    as_of = as_of or dt.date.today()
    if isinstance(raw, (int, float, np.integer, np.floating)) and not isinstance(raw, bool):
        year = float(raw)
    elif isinstance(raw, str) and re.fullmatch(r"\d{4}", raw.strip()):
        year = float(raw.strip())
    else:
        return None
    return int(year) if year.is_integer() and MIN_YEAR <= year <= as_of.year else None


def parse_date(raw: object, *, order: str = DAY_FIRST, as_of: dt.date | None = None, birth: bool = False) -> Parsed:
    """One date (see the module text); ``order`` is the column's day/month order."""
    as_of = as_of or dt.date.today()
    if _blank(raw):
        return None, None
    if isinstance(raw, dt.datetime):
        return _in_range(raw.date(), raw)
    if isinstance(raw, dt.date):
        return _in_range(raw, raw)
    if birth and (year := year_alone(raw, as_of)) is not None:
        # a birth year alone (1956): as a serial it would be a day in 1905, nobody's birth date
        return dt.date(year, 1, 1), None
    if isinstance(raw, (int, float, np.integer, np.floating)) and not isinstance(raw, bool):
        serial = float(raw)
        if 1 <= serial < 2958466:  # Excel's valid range
            return _in_range(EXCEL_EPOCH + dt.timedelta(days=int(serial)), raw)
        return _not_a_date(raw)
    text = str(raw).strip()
    if (worded := _worded(text, raw)) is not None:
        return worded
    if m := _YMD.match(text):
        try:
            return _in_range(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), raw)
        except ValueError:
            return _impossible(raw)
    m = _DMY.match(text)
    if not m:
        return _not_a_date(raw)
    a, b, year = int(m.group(1)), int(m.group(2)), m.group(3)
    if order == MONTH_FIRST or (order == AMBIGUOUS and b > 12 >= a):
        month, day = a, b
    elif order == AMBIGUOUS and not a > 12:
        return None, (f"'{text}' kan {a}/{b} of {b}/{a} zijn: deze kolom mengt dag/maand en maand/dag. "
                      "Schrijf elke datum als dd/mm/jjjj.")
    else:
        day, month = a, b
    if len(year) == 2:
        return _century(int(year), month, day, raw, as_of, birth)
    try:
        return _in_range(dt.date(int(year), month, day), raw)
    except ValueError:
        return _impossible(raw)


def parse_date_column(values: Sequence[object], *, as_of: dt.date | None = None, birth: bool = False
                      ) -> tuple[list[object], list[str | None], str]:
    """Parse a column of dates with one day/month order for the whole column.

    Returns
    -------
    values, problems, order
        The parsed dates and a problem sentence per cell, and the column's order
        (:data:`DAY_FIRST`, :data:`MONTH_FIRST` or :data:`AMBIGUOUS`).
    """
    codes, uniques = pd.factorize(pd.Series(list(values), dtype=object), use_na_sentinel=True)
    order = column_order([u.strip() for u in uniques if isinstance(u, str)])
    parsed = []
    for raw in [*uniques, None]:
        try:
            parsed.append(parse_date(raw, order=order, as_of=as_of, birth=birth))
        except Exception:
            parsed.append((None, f"'{raw_text(raw)}' kon niet gelezen worden: controleer deze cel."))
    picks = np.where(codes < 0, len(uniques), codes).tolist()
    return [parsed[c][0] for c in picks], [parsed[c][1] for c in picks], order


__all__ = ["AMBIGUOUS", "DAY_FIRST", "MONTH_FIRST", "calendar_age", "column_order", "parse_date", "parse_date_column",
           "year_alone"]
