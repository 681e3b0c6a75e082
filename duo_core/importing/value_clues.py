"""What the values of a column say it is.

E-mail addresses, postcodes and address lines, phones, birth dates, distances, day-parts, and the answers
of the closed lists. :func:`from_values` looks at the first :data:`EVIDENCE` distinct values of a column (with their counts), so a
5,000-row export is judged as fast as a short one. Part of the import assistant's clues (:mod:`.clues`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Sequence

from duo_core.importing.answers import km_share
from duo_core.reading import dates
from duo_core.reading.values import is_blank, parser_for, slot_item, split_multi
from duo_core.schema import COACHES, DUOS, INTAKE_VOLUNTEERS, PARTICIPANTS, VOLUNTEERS

#: The sheets a column can belong to, by role name.
ROLES = {s.name: s for s in (PARTICIPANTS, VOLUNTEERS, DUOS, COACHES, INTAKE_VOLUNTEERS)}


#: How many distinct values of a column the guesses look at (the first ones, in row order, with their counts).
EVIDENCE = 200


def evidence(counts: Counter) -> Counter:
    """The first :data:`EVIDENCE` distinct values of a column with their counts: enough to judge, fast on 5,000 rows."""
    if len(counts) <= EVIDENCE:
        return counts
    return Counter(dict(itertools.islice(counts.items(), EVIDENCE)))


def sample(values: Sequence[object] | Counter) -> Counter:
    """The filled cells of a column as ``value -> count`` (each distinct value is tested once)."""
    if isinstance(values, Counter):
        return values
    return Counter(v for v in values if not is_blank(v))


def _share(values: Sequence[object] | Counter, test) -> float:
    counts = sample(values)
    total = sum(counts.values())
    return sum(n for v, n in counts.items() if test(v)) / total if total else 0.0


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_PHONE = re.compile(r"^(\+32|0032|0)[\d /.\-]{7,14}$")
_POSTCODE = re.compile(r"^(?:b-?\s*)?[1-9]\d{3}(?:\s+\D.*)?$", re.IGNORECASE)


_ADDRESS = re.compile(r"(?:^|[\s,])(?:b-?\s*)?([1-9]\d{3})\s+([^\d,]+?)\s*$", re.IGNORECASE)
_PLACE_FIRST = re.compile(r"^([^\d,(]+?)\s*\(\s*(?:b-?\s*)?([1-9]\d{3})\s*\)$", re.IGNORECASE)


def address_postcode(text: object) -> str | None:
    """``"2800 Mechelen"`` from an address line (``"Kerkstraat 12, 2800 Mechelen"``, ``"Mechelen (2800)"``)."""
    if is_blank(text) or not isinstance(text, str):
        return None
    text = " ".join(text.split())
    if m := _ADDRESS.search(text):
        return f"{m.group(1)} {m.group(2)}"
    if m := _PLACE_FIRST.match(text):
        return f"{m.group(2)} {m.group(1)}"
    return None


def _is_date(v: object) -> bool:
    if isinstance(v, (dt.date, dt.datetime)):
        return True
    return isinstance(v, str) and dates.parse_date(v)[0] is not None


def _birth_like(values: Sequence[object] | Counter, as_of: dt.date) -> bool:
    years = []
    for v in sample(values):
        d = dates.parse_date(v, as_of=as_of, birth=True)[0]
        if d is not None:
            years.append(dates.calendar_age(d, as_of))
    return bool(years) and sum(12 <= y <= 110 for y in years) / len(years) > 0.9 and sum(years) / len(years) > 25


def from_values(role: str, values: Sequence[object] | Counter, as_of: dt.date) -> tuple[str, float, str] | None:
    """The field the values of a column look like: ``(field, confidence, reason)``, or ``None``."""
    sheet = ROLES[role]
    names = {c.name for c in sheet.columns}
    filled = sample(values)
    if not filled:
        return None

    def pct(share: float) -> str:
        return f"{round(share * 100)} %"

    share = _share(filled, lambda v: bool(_EMAIL.match(str(v).strip())))
    if share >= 0.8 and "email" in names:
        return "email", 0.8, f"{pct(share)} van de waarden zijn e-mailadressen"
    def postcode_like(v: object) -> bool:
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return float(v).is_integer() and 1000 <= v <= 9999
        return bool(_POSTCODE.match(str(v).strip()))

    share = _share(filled, postcode_like)
    if share >= 0.8 and "postcode" in names:
        return "postcode", 0.8, f"{pct(share)} van de waarden zijn Belgische postcodes"
    share = _share(filled, lambda v: address_postcode(v) is not None)
    if share >= 0.8 and "postcode" in names:
        return "postcode", 0.75, f"{pct(share)} van de waarden zijn adressen met een postcode en gemeente"
    share = _share(filled, lambda v: bool(_PHONE.match(str(v).strip())))
    if share >= 0.8 and "phone" in names:
        return "phone", 0.75, f"{pct(share)} van de waarden zijn telefoonnummers"
    share = _share(filled, _is_date)
    if share >= 0.8 and "birth_date" in names and _birth_like(filled, as_of):
        return "birth_date", 0.7, f"{pct(share)} van de waarden zijn datums van 12 tot 110 jaar geleden"
    share = km_share(filled)
    if share >= 0.8 and "max_distance_km" in names:
        return "max_distance_km", 0.8, f"{pct(share)} van de waarden zijn afstanden in km"
    share = _share(filled, lambda v: bool(split_multi(v)) and all(slot_item(i) for i in split_multi(v)))
    if share >= 0.8 and "availability" in names:
        return "availability", 0.75, f"{pct(share)} van de waarden zijn dagdelen (bv. maandag voormiddag)"
    for col in sheet.columns:
        if col.kind not in ("vocab", "multi_vocab") or col.name in ("status",):
            continue
        parse = parser_for(col)
        share = _share(filled, lambda v, parse=parse: parse(v)[1] is None and parse(v)[0] not in (None, frozenset()))
        if share >= 0.9 and len(filled) > 1:
            return col.name, 0.6, f"{pct(share)} van de waarden komen uit de lijst van '{col.header}'"
    return None


__all__ = ["EVIDENCE", "ROLES", "address_postcode", "evidence", "from_values", "sample"]
