"""What the answers in a column say about it: yes/no questions, ticked options, availability grids, confirmation.

A header can mislead ("Hoe ver wil je je verplaatsen?" sounds like mobility, Microsoft Forms' own
``E-mail`` column holds "anonymous"); the values decide:

* :func:`yes_no_share`: how many answers are yes or no (ja/nee, j/n, 1/0, -1/0, yes/no, oui/non, "Ja / Oui");
  a yes/no column is a yes/no field or nothing, never one item of a multi-valued field;
* :func:`ticked_option`: a column that is one option of a question (``Interesses [Wandelen]``, a SurveyMonkey
  option under its question, a hand list's ``Film`` column marked x);
* :func:`grid_day`: Google Forms' availability grid, one column per day holding day-parts;
* :func:`confirms`: whether the values fit the field a header names (a date column is not a name, "anonymous"
  is not an e-mail address).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from duo_core.reading import dates
from duo_core.reading.values import is_blank, parse_bool, parse_number, slot_item, split_multi

MARKS = {"x", "ja", "j", "1", "yes", "y", "true", "waar", "v", "✓", "✔", "☑", "check", "oui"}
NEGATIVES = {"nee", "n", "0", "no", "false", "onwaar", "-", "non", "neen"}
_YES = re.compile(r"^(ja|yes|oui|jawel|j|y)\b")
_NO = re.compile(r"^(nee|neen|no|non|niet)\b")
_NONE = re.compile(r"^(geen|none|aucun|pas)\b")
ANIMALS = ("kat", "katten", "poes", "hond", "honden", "konijn", "vogel", "vissen", "cavia", "chat", "chats", "chien",
           "chiens", "cat", "cats", "dog", "dogs", "lapin", "oiseau")
_ANIMAL = re.compile(r"\b(" + "|".join(ANIMALS) + r")\b")
_KM = re.compile(r"^(?:tot|max\.?|maximum|maximaal|ongeveer|±|up to|jusqu'?à?)?\s*\d+(?:[.,]\d+)?\s*(?:km|kilometers?)$",
                 re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_PART = {"voormiddag": "voormiddag", "vm": "voormiddag", "ochtend": "voormiddag", "morgen": "voormiddag",
         "morning": "voormiddag", "matin": "voormiddag", "namiddag": "namiddag", "nm": "namiddag",
         "middag": "namiddag", "afternoon": "namiddag", "apres midi": "namiddag", "avond": "avond", "av": "avond",
         "evening": "avond", "soir": "avond"}
PETS_FIELDS = ("pets",)


def folded(text: object) -> str:
    """Lower case, no accents, punctuation as spaces: ``"Rook je?"`` -> ``"rook je"``."""
    return _folded(str(text))


@lru_cache(maxsize=65536)
def _folded(text: str) -> str:
    s = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^a-z0-9@]+", " ", s).split())


_fold = folded


def _counts(values: Sequence[object] | Counter) -> Counter:
    return values if isinstance(values, Counter) else Counter(v for v in values if not is_blank(v))


def _share(values: Sequence[object] | Counter, test) -> float:
    counts = _counts(values)
    total = sum(counts.values())
    return sum(n for v, n in counts.items() if test(v)) / total if total else 0.0


def yes_no(value: object, field: str | None = None) -> bool | None:
    """An answer as yes (``True``), no (``False``), or ``None`` when it is neither (``"kat"`` is yes for pets)."""
    parsed, problem = parse_bool(value)
    if problem is None and parsed is not None:
        return bool(parsed)
    text = _fold(value)
    if _YES.match(text):
        return True
    if _NO.match(text):
        return False
    if field in PETS_FIELDS and _ANIMAL.search(text):
        return True
    if field in PETS_FIELDS and _NONE.match(text):
        return False
    return None


#: A closed question has few distinct answers: a column with more is not yes/no nor a ticked option.
FEW = 12


def yes_no_share(values: Sequence[object] | Counter, field: str | None = None) -> float:
    """The share of answers that are yes or no (0 for a column of more than :data:`FEW` distinct answers)."""
    if len(_counts(values)) > FEW:
        return 0.0
    return _share(values, lambda v: yes_no(v, field) is not None)


def option_of(header: object) -> tuple[str, str] | None:
    """``(question, option)`` of a header written ``Question [Option]`` (Microsoft and Google Forms, two header rows)."""
    m = re.match(r"^(.*?)\s*\[([^\]]+)\]\s*$", str(header).strip())
    return (m.group(1).strip(), m.group(2).strip()) if m else None


def mark_word(value: object) -> str:
    """A cell of a ticked column as a word of :data:`MARKS` or :data:`NEGATIVES` (``✓`` stays ``✓``)."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (int, float)):
        return "1" if value in (1, -1) else "0" if value == 0 else str(value)
    text = str(value).strip().lower()
    return text if text in MARKS else _fold(text)


def ticked_option(header: object, values: Sequence[object] | Counter) -> tuple[str, bool] | None:
    """``(option, explicit)`` when the column is one ticked option of a question, else ``None``.

    A column is an option when its header names one (``Question [Option]``) and its cells are marks or the
    option's own text (at least 80 % of them: a stray answer is read as not ticked and reported when loading);
    or when its header is a short word or two (a hand list's ``Film``) and its cells are marks with no explicit
    "no" (a column of ja/nee answers is a yes/no question, not an option).
    """
    counts = _counts(values)
    if not counts or len(counts) > FEW:
        return None
    option = option_of(header)
    item = option[1] if option else str(header).strip()
    words = {mark_word(v) for v in counts}
    own = {_fold(item)}
    # an option column may hold a stray answer ("misschien"): read as not ticked, with a finding when loading
    if option and words & (own | MARKS) and _share(counts, lambda v: mark_word(v) in own | MARKS | NEGATIVES) >= 0.8:
        return item, True
    if option is None and words <= MARKS and "?" not in item and len(_fold(item).split()) <= 3:
        return item, False
    return None


def is_marked(value: object, item: str | None = None) -> bool:
    """Whether a cell of a ticked column is ticked (a mark, or the option's own text)."""
    if is_blank(value):
        return False
    word = mark_word(value)
    return word in MARKS or (item is not None and word == _fold(item))


def day_part(text: object) -> str | None:
    """One day-part as the schema writes it (``"Ochtend"``, ``"matin"`` -> ``"voormiddag"``), or ``None``."""
    return _PART.get(_fold(text))


def day_parts(value: object) -> list[str] | None:
    """``"Voormiddag, Avond"`` -> ``["voormiddag", "avond"]``; ``None`` when a part is not a day-part."""
    out = []
    for item in split_multi(value):
        part = day_part(item)
        if part is None:
            return None
        out.append(part)
    return out


def grid_day(header: object, values: Sequence[object] | Counter) -> str | None:
    """The day of a Google Forms availability grid column (``Beschikbaarheid [Maandag]`` holding day-parts)."""
    option = option_of(header)
    if option is None:
        return None
    slots = slot_item(option[1])
    if not slots or len(slots) != 3 or len({s.split()[0] for s in slots}) != 1:
        return None
    if _counts(values) and _share(values, lambda v: day_parts(v) is not None) >= 0.8:
        return slots[0].split()[0]
    return None


def km_share(values: Sequence[object] | Counter) -> float:
    """The share of answers that are a distance in km (``"tot 10 km"``, ``"15 km"``)."""
    return _share(values, lambda v: isinstance(v, str) and bool(_KM.match(v.strip())))


def _email_share(values: Sequence[object] | Counter) -> float:
    return _share(values, lambda v: bool(_EMAIL.match(str(v).strip())))


def _date_like(v: object) -> bool:
    return dates.parse_date(v, birth=True)[0] is not None


def confirms(field: str, kind: str, values: Sequence[object] | Counter, parse=None) -> str | None:
    """``None`` when the values fit ``field``; else a Dutch reason why they do not."""
    counts = _counts(values)
    if not counts:
        return None
    if kind == "email" and _email_share(counts) < 0.5:
        return "de waarden zijn geen e-mailadressen"
    if kind == "date" and _share(counts, _date_like) < 0.6:
        return "de waarden zijn geen datums"
    names = ("first_name", "last_name", "municipality", "intake_by")
    if field in names and _share(counts, lambda v: not isinstance(v, str) or _date_like(v)) > 0.5:
        return "de waarden zijn datums of getallen, geen namen"
    if kind == "bool" and yes_no_share(counts, field) < 0.6:
        return "de waarden zijn geen ja/nee-antwoorden"
    if kind == "vocab" and parse is not None and len(counts) > 1 and _share(
            counts, lambda v: parse(v)[1] is None and str(v).strip().lower() not in ("ja", "nee")) < 0.3:
        return "de antwoorden passen niet in de lijst van dat veld"
    if kind in ("number", "integer") and _share(counts, lambda v: parse_number(v)[1] is None) < 0.6:
        return "de waarden zijn geen getallen"
    return None


__all__ = [
    "confirms",
    "day_part",
    "day_parts",
    "folded",
    "grid_day",
    "is_marked",
    "km_share",
    "mark_word",
    "option_of",
    "ticked_option",
    "yes_no",
    "yes_no_share",
]
