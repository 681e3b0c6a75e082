"""How the import assistant guesses what a column is: from its header, its values, or both.

Form exports name their columns after the questions ("Welke talen spreek je?", "Rook je?", "Op welke
momenten ben je vrij?"), hand-kept workbooks after whatever someone typed. The guesses, each with a
confidence 0..1 and a Dutch reason, come from:

* the header: the schema's headers and synonyms (exact, 1.0), question phrasing per field (0.9), and a
  fuzzy match for typos (rapidfuzz, up to 0.85);
* the values: Belgian postcodes, dates (a birth date lies 12 to 110 years back), e-mail addresses, phone
  numbers, day-parts, yes/no, genders, and the other closed lists;
* one-hot columns: a column per interest or day-part marked ``x``, ``ja``, ``1`` or ``✓`` becomes one item
  of the multi-valued field;
* form metadata (``Begintijd``, ``Tijd van voltooien``, the form's own ``Naam`` and ``E-mail`` when empty, its
  ``ID`` when something better exists) is recognised and left out.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from duo_core.reading import dates
from duo_core.reading.values import is_blank, parser_for, slot_item, split_multi
from duo_core.schema import COACHES, DUOS, PARTICIPANTS, VOLUNTEERS, Sheet, normalise_label

ROLES = {s.name: s for s in (PARTICIPANTS, VOLUNTEERS, DUOS, COACHES)}
FULL_NAME = "full_name"  # one column with first and last name: split when loading
MARKS = {"x", "ja", "j", "1", "yes", "y", "true", "waar", "v", "✓", "✔", "☑", "check"}
UNMARKED = {"", "nee", "n", "0", "no", "false", "onwaar", "-"}
METADATA = {"begintijd", "starttijd", "tijd van voltooien", "voltooiingstijd", "start time", "completion time",
            "laatst gewijzigd", "last modified time", "tijdstempel", "timestamp", "datum van inzending",
            "submission date", "ingediend op"}

#: Question phrasing per field: any of these word patterns in the header (folded, with spaces).
PHRASES: dict[str, tuple[str, ...]] = {
    "first_name": (r"\bvoornaam\b", r"\bfirst name\b", r"\bgiven name\b"),
    "last_name": (r"\bfamilienaam\b", r"\bachternaam\b", r"\blast name\b", r"\bsurname\b", r"\bfamily name\b"),
    FULL_NAME: (r"^naam$", r"^volledige naam$", r"^naam en voornaam$", r"^name$", r"^full name$", r"^je naam$",
                r"^wat is je naam$", r"^what is your name$"),
    "birth_date": (r"geboorte", r"\bgeboren\b", r"date of birth", r"birth ?date", r"\bwhen were you born\b"),
    "gender": (r"^geslacht$", r"\bben je een man\b", r"^gender$", r"^sex$", r"^geslacht van\b"),
    "postcode": (r"\bpostcode\b", r"\bpostnummer\b", r"\bpost ?code\b", r"\bzip\b", r"\bpostal\b"),
    "municipality": (r"\bgemeente\b", r"\bwoonplaats\b", r"\bplaats\b", r"\btown\b", r"\bcity\b"),
    "phone": (r"\btelefoon", r"\bgsm\b", r"\bphone\b", r"\bmobile\b", r"\bnummer waarop\b"),
    "email": (r"\be ?mail", r"\bmailadres\b"),
    "interests": (r"\binteresse", r"\bhobby", r"\bwat doe je graag\b", r"\binterests?\b", r"\bactiviteit"),
    "availability": (r"\bwanneer\b.*\b(vrij|beschikbaar|tijd)\b", r"\bmomenten\b", r"\bbeschikbaar",
                     r"\bavailab", r"\bwhen are you\b", r"\bdagdel"),
    "contact_form": (r"\bcontactvorm\b", r"\bhoe wil je contact\b", r"\bfysiek\b.*\btelefon", r"\btelefonisch\b",
                     r"\bcontact\b.*\b(voorkeur|wijze|vorm)\b", r"\bhow would you like to meet\b"),
    "smokes": (r"^rook je\b", r"^rookt\b", r"\bdo you smoke\b", r"^roker\b", r"\bben je roker\b"),
    "smoke_bothers": (r"\broken\b.*\b(stoor|storend|last)\b", r"\b(stoor|last)\b.*\broken\b", r"\bsmoking bother"),
    "pets": (r"\bheb je\b.*\bhuisdier", r"^huisdieren$", r"^huisdier$", r"\bdo you have pets\b"),
    "pets_bother": (r"\bhuisdier\w*\b.*\b(stoor|storend|last|allergi)\b", r"\b(stoor|last|allergi)\w*\b.*\bhuisdier",
                    r"\bpets bother\b"),
    "languages": (r"\btalen\b", r"\btaal\b", r"\blanguages?\b"),
    "personality": (r"\bpersoonlijkheid\b", r"\bomschrijf je jezelf\b", r"\bkarakter\b", r"\bpersonality\b"),
    "pref_gender": (r"\bvoorkeur\b.*\b(geslacht|man of vrouw|vrouw of man)\b", r"\bgender preference\b"),
    "pref_age": (r"\bvoorkeur\b.*\bleeftijd\b", r"\bage preference\b", r"\bhoe oud\b.*\b(vrijwilliger|deelnemer)\b"),
    "registered_on": (r"\baanmeld", r"\binschrijving", r"\bregistration\b"),
    "status": (r"^status$",),
    "target_group": (r"\bdoelgroep\b", r"\btarget group\b"),
    "target_groups": (r"\bdoelgroepen\b", r"\bwelke doelgroep",),
    "mobility": (r"\bverplaats", r"\bmobiliteit\b", r"\bmobility\b"),
    "transport": (r"\bvervoer", r"\btransport\b"),
    "max_distance_km": (r"\bhoe ver\b", r"\bafstand\b", r"\bkm\b", r"\bdistance\b"),
    "max_duos": (r"\bhoeveel duo", r"\baantal duo", r"\bmax\w* duo"),
    "intake_by": (r"\bintake\b",),
    "notes": (r"\bnotitie", r"\bopmerking", r"\bnotes?\b", r"\bremarks?\b"),
    "care_need": (r"\bzorgnood\b", r"\bzorgvraag\b", r"\bziekte\b", r"\baandoening\b", r"\bcare need\b"),
    "start_date": (r"\bstartdatum\b", r"\bstart date\b", r"\bgestart\b"),
    "id": (r"^id$", r"^nr$", r"^nummer$", r"\bdossiernummer\b", r"^code$"),
}


def folded(text: object) -> str:
    """Lower case, no accents, punctuation as spaces: ``"Rook je?"`` -> ``"rook je"``."""
    s = unicodedata.normalize("NFKD", str(text))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^a-z0-9@]+", " ", s).split())


def _choices(sheet: Sheet) -> dict[str, str]:
    out = {}
    for col in sheet.columns:
        for variant in (col.header, *col.synonyms):
            out.setdefault(folded(variant), col.name)
    return out


def from_header(role: str, header: object) -> tuple[str, float, str] | None:
    """The field a header names: ``(field, confidence, reason)``, or ``None``."""
    sheet = ROLES[role]
    text = folded(header)
    if not text:
        return None
    names = {c.name for c in sheet.columns}
    exact = {normalise_label(c.header): c for c in sheet.columns}
    if normalise_label(header) in exact:
        return exact[normalise_label(header)].name, 1.0, f"kop is '{exact[normalise_label(header)].header}'"
    choices = _choices(sheet)
    if text in choices:
        col = sheet.column(choices[text])
        return col.name, 0.95, f"kop is een andere naam voor '{col.header}'"
    for field, patterns in PHRASES.items():
        if (field in names or field == FULL_NAME) and any(re.search(p, text) for p in patterns):
            label = "voornaam en naam" if field == FULL_NAME else sheet.column(field).header
            return field, 0.9, f"de vraag gaat over '{label}'"
    best = process.extractOne(text, list(choices), scorer=fuzz.ratio)
    if best and best[1] >= 85:
        col = sheet.column(choices[best[0]])
        return col.name, round(best[1] / 100 * 0.85, 2), f"kop lijkt op '{col.header}'"
    return None


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


def mark_word(value: object) -> str:
    """A cell of a one-hot column as a word of :data:`MARKS` or :data:`UNMARKED` (``✓`` stays ``✓``)."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (int, float)):
        return "1" if value == 1 else "0" if value == 0 else str(value)
    text = str(value).strip().lower()
    return text if text in MARKS else folded(text)


def is_marked(value: object) -> bool:
    """Whether a cell of a one-hot column is ticked."""
    return not is_blank(value) and mark_word(value) in MARKS


def one_hot(role: str, header: object, values: Sequence[object] | Counter) -> tuple[str, str] | None:
    """``(field, item)`` when the column is one item of a multi-valued field marked with x/ja/1/✓."""
    filled = {mark_word(v) for v in sample(values)}
    if not filled or any(v not in MARKS | UNMARKED for v in filled) or not any(v in MARKS for v in filled):
        return None
    text = str(header).strip()
    inner = re.search(r"\[([^\]]+)\]\s*$", text)  # MS Forms: "Interesses [Wandelen]"
    item = inner.group(1) if inner else text
    names = {c.name for c in ROLES[role].columns}
    slot = slot_item(item)
    if slot and len(slot) == 1 and "availability" in names:
        return "availability", slot[0]
    words = folded(item)
    if not words or words in METADATA:
        return None
    return "interests", words


def is_metadata(header: object, values: Sequence[object] | Counter) -> str | None:
    """Why a column is the form's own bookkeeping (left out), or ``None``."""
    text = folded(header)
    if text in METADATA:
        return "gegevens van het formulier zelf (tijdstip)"
    if text in ("naam", "e mail", "email") and not sample(values):
        return "de naam of het e-mailadres van wie het formulier invulde (leeg)"
    return None


def role_of(sheet_name: str, file_name: str, fields: set[str]) -> str:
    """Which role a sheet holds: from its name, else from the fields its columns map to."""
    text = folded(f"{sheet_name} {file_name}")
    for role, words in (("Vrijwilligers", ("vrijwillig", "volunteer", "buddy")), ("Duo's", ("duo", "koppeling")),
                        ("Contactcoaches", ("coach",)), ("Deelnemers", ("deelnem", "aanmeld", "participant"))):
        if any(w in text for w in words):
            return role
    if {"max_distance_km", "max_duos", "transport", "target_groups"} & fields:
        return "Vrijwilligers"
    if {"participant_id", "volunteer_id"} <= fields:
        return "Duo's"
    return "Deelnemers"


def split_values(values: Sequence[object] | Counter) -> bool:
    """Whether a column says per row which role it is (deelnemer / vrijwilliger)."""
    kinds = {role_word(v) for v in sample(values)}
    return kinds == {"Deelnemers", "Vrijwilligers"}


def role_word(value: object) -> str | None:
    """``Deelnemers`` or ``Vrijwilligers`` for a value like "deelnemer", "Ik wil vrijwilliger worden"."""
    text = folded(value)
    hits = [(text.find(w), role) for role, words in (("Vrijwilligers", ("vrijwillig", "volunteer", "buddy")),
                                                      ("Deelnemers", ("deelnem", "participant", "hulp zoek", "zoek een")))
            for w in words if w in text]
    return min(hits)[1] if hits else None


_PREFERENCE_WORDS = {"maakt niet uit": "geen voorkeur", "geen voorkeur": "geen voorkeur", "om het even": "geen voorkeur",
                     "doesn t matter": "geen voorkeur", "no preference": "geen voorkeur"}


def canonical_value(role: str, field: str, raw: object) -> object:
    """What a raw answer of a closed-list field becomes (``None`` when it cannot be told)."""
    col = ROLES[role].column(field)
    value, problem = parser_for(col)(raw)
    if problem is None and value not in (None, frozenset()):
        if isinstance(value, bool):
            return "ja" if value else "nee"
        return value if not isinstance(value, frozenset) else "; ".join(sorted(value))
    text = folded(raw)
    for phrase, canonical in _PREFERENCE_WORDS.items():
        if phrase in text and canonical in col.vocabulary:
            return canonical
    if col.kind == "bool":
        if re.match(r"^(ja|yes|jawel)\b", text):
            return "ja"
        if re.match(r"^(nee|neen|no|niet)\b", text):
            return "nee"
        return None
    hits = [v for v in col.vocabulary if re.search(rf"\b{re.escape(folded(v))}\b", text)]
    return hits[0] if len(hits) == 1 else None


__all__ = ["FULL_NAME", "ROLES", "address_postcode", "canonical_value", "folded", "from_header", "from_values", "is_marked", "is_metadata", "mark_word", "one_hot",
           "role_of", "role_word", "sample", "split_values"]
