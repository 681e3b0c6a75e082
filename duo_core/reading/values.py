"""Parsers for cell values as people type them and online forms export them.

Each parser takes one raw cell value (whatever the Excel reader returned: ``str``, ``int``, ``float``,
``datetime`` or ``None``) and returns ``(value, problem)``: the typed value, or ``None`` when the cell is
empty or unreadable, and a Dutch sentence describing what is wrong (``None`` when the value is fine).
Parsers never raise. :func:`parse_column` applies a parser once per distinct value of a column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from duo_core.formatting import raw_text
from duo_core.headers import normalise_label
from duo_core.reading import dates
from duo_core.reading.slots import parse_slots, slot_item, slots_to_mask
from duo_core.schema import Column

Parsed = tuple[Any, "str | None"]
_SPLIT = re.compile(r"[;,\n|]+")


def is_blank(raw: object) -> bool:
    """Whether a cell counts as empty (``None``, NaN, or only white space)."""
    if raw is None:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    if raw is pd.NaT:
        return True
    return isinstance(raw, str) and not raw.strip()


def parse_text(raw: object) -> Parsed:
    """Free text: trimmed; whole numbers lose Excel's ``.0``."""
    if is_blank(raw):
        return None, None
    return raw_text(raw, limit=None), None


def parse_id(raw: object) -> Parsed:
    """An identifier: ``12.0`` becomes ``"12"``, white space is trimmed."""
    return parse_text(raw)


def parse_email(raw: object) -> Parsed:
    """An e-mail address; one without ``@`` is kept and reported."""
    value, _ = parse_text(raw)
    if value is None:
        return None, None
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        return value, f"'{value}' is geen geldig e-mailadres: controleer het adres."
    return value, None


def parse_phone(raw: object) -> Parsed:
    """A phone number; one that is not 8 to 15 digits is kept and reported.

    A leading ``+`` and spaces, ``.``, ``/``, ``-`` or brackets between the digits are allowed
    (``0470 12 34 56``, ``+32 (0)3 123 45 67``).
    """
    value, _ = parse_text(raw)
    if value is None:
        return None, None
    if not re.fullmatch(r"\+?\d{8,15}", re.sub(r"[\s./()\-]", "", value)):
        return value, f"'{value}' is geen telefoonnummer: gebruik 8 tot 15 cijfers, bv. 0470 12 34 56."
    return value, None


def parse_date(raw: object) -> Parsed:
    """A date from an Excel date, an Excel serial number, or text ``dd/mm/yyyy`` (also ``-`` ``.``).

    One value alone is read day first; a whole column decides its order in
    :func:`duo_core.reading.dates.parse_date_column`. Years outside 1900-2200 are reported: they are typing
    errors, and pandas cannot hold all of them.
    """
    return dates.parse_date(raw)


_TRUE = {"ja", "j", "x", "waar", "1", "yes", "y", "true", "wel", "jawel", "oui", "-1"}
_FALSE = {"nee", "n", "neen", "onwaar", "0", "no", "false", "niet", "non"}


def parse_bool(raw: object) -> Parsed:
    """Yes/no: ja/nee, j/n, x (a cross means yes), waar/onwaar, 1/0, and English yes/no."""
    if is_blank(raw):
        return None, None
    if isinstance(raw, bool):
        return raw, None
    if isinstance(raw, (int, float)) and raw == -1:  # Access writes yes as -1
        return True, None
    key = normalise_label(raw_text(raw, limit=None))
    if key in _TRUE:
        return True, None
    if key in _FALSE:
        return False, None
    return None, f"'{raw_text(raw)}' is geen ja/nee: vul 'ja' of 'nee' in."


def parse_number(raw: object) -> Parsed:
    """A non-negative number, also written ``"15 km"`` or ``"15,5"``."""
    if is_blank(raw):
        return None, None
    if isinstance(raw, (int, float, np.integer, np.floating)) and not isinstance(raw, bool):
        value = float(raw)
    else:
        text = str(raw).strip().lower().replace(",", ".")
        m = re.fullmatch(r"(?:tot|max\.?|maximum|maximaal|ongeveer|±|\+/-|up to|jusqu'à|jusqu'a)?\s*"
                         r"(\d+(?:\.\d+)?)\s*(km|kilometer|kilometers)?", text)
        if not m:
            return None, f"'{raw_text(raw)}' is geen getal: vul enkel een getal in, bv. 15."
        value = float(m.group(1))
    if value < 0 or math.isnan(value):
        return None, f"'{raw_text(raw)}' is negatief: vul een getal van 0 of meer in."
    return value, None


#: Whole numbers from here on are typing errors (the counts of the workbooks are small).
MAX_INTEGER = 1_000_000


def parse_integer(raw: object) -> Parsed:
    """A whole number of 0 or more."""
    value, problem = parse_number(raw)
    if value is None:
        return None, problem
    if not float(value).is_integer():
        return None, f"'{raw_text(raw)}' is geen geheel getal: vul bv. 1 of 2 in."
    if abs(value) >= MAX_INTEGER:  # a count, never this large (and a column of whole numbers holds 64 bits)
        return None, f"'{raw_text(raw)}' is te groot voor een aantal: vul bv. 1 of 2 in."
    return int(value), None


_POSTCODE_RE = re.compile(r"^(?:b|be|bel)?\s*[-.]?\s*(\d{4})(?!\d)(?:\s*[,\-]?\s*(\D.*))?$", re.IGNORECASE)


def parse_postcode(raw: object) -> Parsed:
    """A Belgian postcode: ``2800``, ``"2800 "``, ``B-2800``, ``2800 Mechelen`` -> ``("2800", place)``.

    The value is a tuple ``(postcode, place)`` where ``place`` is the place name typed after the
    number, or ``None``. Whether the postcode exists is checked against the postcode table elsewhere.
    """
    if is_blank(raw):
        return None, None
    if isinstance(raw, (int, float, np.integer, np.floating)) and not isinstance(raw, bool):
        if float(raw).is_integer() and 1000 <= float(raw) <= 9999:
            return (str(int(raw)), None), None
        return None, f"'{raw_text(raw)}' is geen Belgische postcode: vul 4 cijfers in, bv. 2800."
    m = _POSTCODE_RE.match(str(raw).strip())
    if not m or not 1000 <= int(m.group(1)) <= 9999:
        return None, f"'{raw_text(raw)}' is geen Belgische postcode: vul 4 cijfers in, bv. 2800."
    place = (m.group(2) or "").strip() or None
    return (m.group(1), place), None


_AGE_RANGE = re.compile(r"^(?:tussen\s*)?(\d{1,3})\s*(?:-|tot|à|a|en|–)\s*(\d{1,3})(?:\s*jaar)?$")
_AGE_MIN = re.compile(r"^(?:\+\s*(\d{1,3})|(\d{1,3})\s*\+|>\s*=?\s*(\d{1,3})|vanaf\s*(\d{1,3})|ouder dan\s*(\d{1,3}))(?:\s*jaar)?$")
_AGE_MAX = re.compile(r"^(?:-\s*(\d{1,3})|<\s*=?\s*(\d{1,3})|tot\s*(\d{1,3})|jonger dan\s*(\d{1,3}))(?:\s*jaar)?$")
_NO_PREFERENCE = {"geenvoorkeur", "geen", "maaktnietuit", "nvt", "omheteven", "alle", "eender", "x"}


def parse_age_range(raw: object) -> Parsed:
    """An age preference: ``"30-60"``, ``"60+"``, ``"-40"``, ``"geen voorkeur"`` -> ``(lo, hi)`` or ``None``.

    ``None`` means no preference; an open end is ``0`` or ``120``.
    """
    if is_blank(raw):
        return None, None
    text = raw_text(raw, limit=None).lower().replace("jaar", "").strip()
    if normalise_label(text) in _NO_PREFERENCE or not normalise_label(text):
        return None, None
    if m := _AGE_RANGE.match(text):
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo > hi:
            lo, hi = hi, lo
        return (lo, hi), None
    if m := _AGE_MIN.match(text):
        return (int(next(g for g in m.groups() if g)), 120), None
    if m := _AGE_MAX.match(text):
        return (0, int(next(g for g in m.groups() if g))), None
    return None, (
        f"'{raw_text(raw)}' is geen leeftijdsvoorkeur: schrijf bv. '30-60', '60+' of 'geen voorkeur'."
    )


@lru_cache(maxsize=8192)
def _fold_item(item: str) -> str:
    return re.sub(r"\s+", " ", item.strip().lower())


def split_multi(raw: object) -> list[str]:
    """Split a multi-valued answer (``wandelen;Film; koffie drinken;``) into folded items."""
    if is_blank(raw):
        return []
    items = (_fold_item(x) for x in _SPLIT.split(raw_text(raw, limit=None)))
    out: list[str] = []
    for x in items:
        if x and x not in out:
            out.append(x)
    return out


def parse_multi(raw: object) -> Parsed:
    """An open multi-valued answer as a frozenset of lower-case items."""
    return frozenset(split_multi(raw)), None


# Vocabulary synonyms, folded with normalise_label.
_VOCAB_SYNONYMS: dict[str, str] = {
    "m": "man",
    "h": "man",
    "male": "man",
    "mannelijk": "man",
    "heer": "man",
    "v": "vrouw",
    "f": "vrouw",
    "female": "vrouw",
    "vrouwelijk": "vrouw",
    "mevrouw": "vrouw",
    "anders": "x",
    "andere": "x",
    "divers": "x",
    "nonbinair": "x",
    "geen": "geen voorkeur",
    "maaktnietuit": "geen voorkeur",
    "nvt": "geen voorkeur",
    "omheteven": "geen voorkeur",
    "wacht": "wachtend",
    "waiting": "wachtend",
    "waitinglist": "wachtend",
    "matched": "gekoppeld",
    "available": "beschikbaar",
    "active": "beschikbaar",
    "paused": "pauze",
    "stopped": "gestopt",
    "inactive": "gestopt",
    "homme": "man",
    "femme": "vrouw",
    "wachtlijst": "wachtend",
    "opwachtlijst": "wachtend",
    "kennismaking": "in kennismaking",
    "gematcht": "gekoppeld",
    "gestart": "gekoppeld",
    "onhold": "on hold",
    "gepauzeerd": "pauze",
    "beeindigd": "gestopt",
    "afgelopen": "gestopt",
    "stop": "gestopt",
    "vrij": "beschikbaar",
    "voorgesteld": "voorstel",
    "lopend": "actief",
    "beiden": "beide",
    "allebei": "beide",
    "fysiekentelefonisch": "beide",
    "telefoon": "telefonisch",
    "tel": "telefonisch",
    "bellen": "telefonisch",
    "livecontact": "fysiek",
    "live": "fysiek",
    "chronischziek": "chronische ziekte",
    "chronisch": "chronische ziekte",
    "psychisch": "psychisch kwetsbaar",
    "psychischekwetsbaarheid": "psychisch kwetsbaar",
    "mantelzorg": "mantelzorger",
    "aanhuis": "enkel aan huis",
    "thuis": "enkel aan huis",
    "vervoernodig": "vervoer nodig",
    "ov": "openbaar vervoer",
    "bus": "openbaar vervoer",
    "tram": "openbaar vervoer",
    "trein": "openbaar vervoer",
    "wagen": "auto",
    "car": "auto",
    "bike": "fiets",
    "tevoet": "te voet",
    "wandelend": "te voet",
}


def vocabulary_lookup(vocabulary: Sequence[str]) -> dict[str, str]:
    """Folded text -> canonical value, for a closed vocabulary and its synonyms."""
    lookup = {normalise_label(v): v for v in vocabulary}
    for syn, value in _VOCAB_SYNONYMS.items():
        if value in vocabulary:
            lookup.setdefault(normalise_label(syn), value)
    return lookup


def _vocab_parser(vocabulary: Sequence[str]) -> Callable[[object], Parsed]:
    lookup = vocabulary_lookup(vocabulary)
    allowed = ", ".join(vocabulary)

    def parse(raw: object) -> Parsed:
        if is_blank(raw):
            return None, None
        value = lookup.get(normalise_label(raw_text(raw, limit=None)))
        if value is None:
            return None, f"'{raw_text(raw)}' is geen geldige waarde: kies uit {allowed}."
        return value, None

    return parse


def _multi_vocab_parser(vocabulary: Sequence[str]) -> Callable[[object], Parsed]:
    lookup = vocabulary_lookup(vocabulary)
    allowed = ", ".join(vocabulary)

    def parse(raw: object) -> Parsed:
        items = split_multi(raw)
        known = [lookup.get(normalise_label(x)) for x in items]
        unknown = [x for x, k in zip(items, known, strict=True) if k is None]
        value = frozenset(k for k in known if k is not None)
        if unknown:
            shown = ", ".join(f"'{x}'" for x in unknown)
            return value, f"{shown} onbekend: kies uit {allowed} (gescheiden door ;)."
        return value, None

    return parse


_FIXED_PARSERS: dict[str, Callable[[object], Parsed]] = {
    "id": parse_id,
    "text": parse_text,
    "email": parse_email,
    "phone": parse_phone,
    "date": parse_date,
    "bool": parse_bool,
    "number": parse_number,
    "integer": parse_integer,
    "postcode": parse_postcode,
    "age_range": parse_age_range,
    "multi": parse_multi,
    "slots": parse_slots,
}


@lru_cache(maxsize=8)
def _aliased_multi_parser(aliases: tuple[tuple[str, tuple[str, ...]], ...]) -> Callable[[object], Parsed]:
    lookup = {normalise_label(other): value for value, others in aliases for other in (value, *others)}

    def parse(raw: object) -> Parsed:
        return frozenset(lookup.get(normalise_label(item), item) for item in split_multi(raw)), None

    return parse


def parser_for(column: Column) -> Callable[[object], Parsed]:
    """The parser for a schema column."""
    if column.kind == "multi" and column.aliases:
        return _aliased_multi_parser(column.aliases)
    if column.kind == "vocab":
        return _vocab_parser(column.vocabulary)
    if column.kind == "multi_vocab":
        return _multi_vocab_parser(column.vocabulary)
    return _FIXED_PARSERS[column.kind]


def parse_column(values: Sequence[object] | np.ndarray, column: Column) -> tuple[list[Any], list[str | None]]:
    """Parse a whole column, each distinct raw value once.

    Returns
    -------
    values, problems
        Two lists as long as ``values``: the parsed values and the problem sentence per cell.
    """
    parser = parser_for(column)
    array = np.asarray(values, dtype=object)
    if pd.api.types.infer_dtype(array, skipna=True) in ("string", "empty"):
        # Only text and blanks: factorize in C, parse each distinct text once.
        codes, uniques = pd.factorize(array, use_na_sentinel=True)
        parsed = [_safe(parser, u) for u in uniques] + [_safe(parser, None)]
        codes = np.where(codes < 0, len(uniques), codes)
        out_values = [parsed[c][0] for c in codes.tolist()]
        out_problems = [parsed[c][1] for c in codes.tolist()]
        return out_values, out_problems
    memo: dict[tuple[type, object], Parsed] = {}
    out_values = []
    out_problems = []
    for raw in array.tolist():
        if isinstance(raw, float) and math.isnan(raw):
            raw = None
        key = (type(raw), raw)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = _safe(parser, raw)
        out_values.append(hit[0])
        out_problems.append(hit[1])
    return out_values, out_problems


#: Characters one cell may hold (Excel's own maximum); longer text is cut, with a finding.
CELL_CHARS = 32_767


def _safe(parser: Callable[[object], Parsed], raw: object) -> Parsed:
    """Run a parser; an unexpected error becomes a problem sentence, never an exception."""
    if isinstance(raw, str) and len(raw) > CELL_CHARS:
        value, problem = _safe(parser, raw[:CELL_CHARS])
        cut = (f"De cel bevat {len(raw):,} tekens (max. {CELL_CHARS:,}): enkel het begin wordt gebruikt; "
               "kort de tekst in.").replace(",", ".")
        return value, cut if problem is None else f"{cut} {problem}"
    try:
        return parser(raw)
    except Exception:
        return None, f"'{raw_text(raw)}' kon niet gelezen worden: controleer deze cel."


__all__ = [
    "is_blank",
    "parse_age_range",
    "parse_bool",
    "parse_column",
    "parse_date",
    "parse_email",
    "parse_id",
    "parse_integer",
    "parse_multi",
    "parse_number",
    "parse_phone",
    "parse_postcode",
    "parse_slots",
    "parse_text",
    "parser_for",
    "slot_item",
    "slots_to_mask",
    "split_multi",
]
