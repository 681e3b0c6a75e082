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
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz, process

from duo_core.headers import normalise_label
from duo_core.importing.answers import folded, is_marked, km_share, mark_word, ticked_option, yes_no
from duo_core.reading import dates
from duo_core.reading.values import is_blank, parser_for, slot_item, split_multi
from duo_core.schema import COACHES, DUOS, INTAKE_VOLUNTEERS, PARTICIPANTS, VOLUNTEERS, Sheet

ROLES = {s.name: s for s in (PARTICIPANTS, VOLUNTEERS, DUOS, COACHES, INTAKE_VOLUNTEERS)}
FULL_NAME = "full_name"  # one column with first and last name: split when loading
METADATA = {"begintijd", "starttijd", "tijd van voltooien", "voltooiingstijd", "start time", "completion time",
            "laatst gewijzigd", "last modified time", "tijdstempel", "timestamp", "datum van inzending",
            "submission date", "ingediend op", "start date", "end date", "start date utc", "submit date utc",
            "stage date utc", "network id", "ip address", "respondent id", "collector id", "submission id",
            "custom data 1", "created date", "last modified date", "created by", "record owner", "owner",
            "modified date", "date created", "date modified", "response id", "tags", "ending", "horodateur"}
#: Columns a survey tool adds (KoBoToolbox ``_uuid``, ``start``, ``today``), read as metadata in its exports.
TOOL_METADATA = {"start", "end", "today", "deviceid", "username", "simserial", "subscriberid", "phonenumber",
                 "audit", "__version__", "instanceid"}

#: Question phrasing per field: any of these word patterns in the header (folded, with spaces).
PHRASES: dict[str, tuple[str, ...]] = {
    FULL_NAME: (r"^naam$", r"^volledige naam$", r"^naam en voornaam$", r"^voornaam en naam$", r"^name$",
                r"^full name$", r"^je naam$", r"^wat is je naam$", r"^what is your name$", r"\bvoor en achternaam\b",
                r"\bvoor en familienaam\b", r"^nom complet$", r"^nom et prenom$", r"^prenom et nom$"),
    "first_name": (r"\bvoornaam\b", r"\bfirst name\b", r"\bgiven name\b", r"\bfirstname\b", r"\bprenom\b",
                   r"^v ?(oor)?n(aa)?m$", r"^vn$"),
    "last_name": (r"\bfamilienaam\b", r"\bachternaam\b", r"\blast name\b", r"\bsurname\b", r"\bfamily name\b",
                  r"\blastname\b", r"^nom( de famille)?$", r"^a ?(chter)?n(aa)?m$", r"^fam ?naam$", r"^fn$"),
    "birth_date": (r"geboorte", r"\bgeboren\b", r"date of birth", r"birth ?date", r"\bwhen were you born\b",
                   r"\bdate de naissance\b", r"\bne e? le\b", r"^geb\b", r"^gebdat", r"\bbirth ?year\b", r"^dob$",
                   r"\bannee de naissance\b"),
    "gender": (r"^geslacht$", r"\bben je een man\b", r"^gender$", r"^sex$", r"^geslacht van\b"),
    "postcode": (r"\bpostcode\b", r"\bpostnummer\b", r"\bpost ?code\b", r"\bzip\b", r"\bpostal\b", r"^pc$",
                 r"^postnr$", r"\bcode postal\b"),
    "municipality": (r"\bgemeente\b", r"\bwoonplaats\b", r"\bplaats\b", r"\btown\b", r"\bcity\b", r"^gem$",
                     r"^woonpl", r"^commune$", r"\bville\b", r"\blocalite\b"),
    "phone": (r"\btelefoon", r"\bgsm\b", r"\bphone\b", r"\bmobile\b", r"\bnummer waarop\b", r"^tel\b", r"^telnr$",
              r"\btelephone\b", r"\bportable\b"),
    "email": (r"\be ?mail", r"\bmailadres\b", r"\bcourriel\b"),
    "interests": (r"\binteresse", r"\bhobby", r"\bwat doe je graag\b", r"\binterests?\b", r"\bactiviteit"),
    "availability": (r"\bwanneer\b.*\b(vrij|beschikbaar|tijd)\b", r"\bmomenten\b", r"\bbeschikbaar",
                     r"\bavailab", r"\bwhen are you\b", r"\bdagdel", r"^besch", r"\bdisponib", r"\bwelke dagen\b",
                     r"\bben je vrij\b", r"\bheb je tijd\b"),
    "contact_form": (r"\bcontactvorm\b", r"\bhoe wil je contact\b", r"\bfysiek\b.*\btelefon", r"\btelefonisch\b",
                     r"\bcontact\b.*\b(voorkeur|wijze|vorm)\b", r"\bhow would you like to meet\b"),
    "smokes": (r"^rook je\b", r"^rookt\b", r"\bdo you smoke\b", r"^roker\b", r"\bben je roker\b", r"^smoker$",
               r"^fumeur$", r"^fume\b", r"\bfumez vous\b"),
    "smoke_bothers": (r"\broken\b.*\b(stoor\w*|storend|last)\b", r"\b(stoor\w*|last)\b.*\b(roken|rookt|rookgedrag)\b",
                      r"\bsmoking bother", r"\bproblem\w* (met|with)\b.*\b(roken|rokers|smoking)\b",
                      r"\b(fumee|fumeurs?)\b.*\bderange"),
    "pets": (r"\bheb je\b.*\bhuisdier", r"^huisdieren$", r"^huisdier$", r"\bdo you have pets\b", r"^animaux\b",
             r"\bhuisdieren\b.*\b(thuis|in huis)\b", r"\b(thuis|in huis)\b.*\bhuisdier", r"\bheeft\b.*\bhuisdier",
             r"^pets$", r"\banimal"),
    "pets_bother": (r"\bhuisdier\w*\b.*\b(stoor|storend|last|allergi)\b", r"\b(stoor|last|allergi)\w*\b.*\bhuisdier",
                    r"\bpets bother\b"),
    "languages": (r"\btalen\b", r"\btaal\b", r"\blanguages?\b", r"\blangues?\b"),
    "personality": (r"\bpersoonlijkheid\b", r"\bomschrijf je jezelf\b", r"\bkarakter\b", r"\bpersonality\b"),
    "pref_gender": (r"\bvoorkeur\b.*\b(geslacht|man of vrouw|vrouw of man)\b", r"\bgender preference\b"),
    "pref_age": (r"\bvoorkeur\b.*\bleeftijd\b", r"\bage preference\b", r"\bhoe oud\b.*\b(vrijwilliger|deelnemer)\b"),
    "registered_on": (r"\baanmeld", r"\binschrijving", r"\bregistration\b"),
    "status": (r"^status$",),
    "target_group": (r"\bdoelgroep\b", r"\btarget group\b"),
    "target_groups": (r"\bdoelgroepen\b", r"\bwelke doelgroep",),
    "mobility": (r"\bverplaats", r"\bmobiliteit\b", r"\bmobility\b"),
    "transport": (r"\bvervoer", r"\btransport\b"),
    "max_distance_km": (r"\bhoe ver\b", r"\bafstand\b", r"\bkm\b", r"\bdistance\b", r"\bkilometer"),
    "max_duos": (r"\bhoeveel duo", r"\baantal duo", r"\bmax\w* duo"),
    "intake_by": (r"\bintake door\b", r"\bintaker\b", r"\bintake gedaan door\b"),
    "notes": (r"\bnotitie", r"\bopmerking", r"\bnotes?\b", r"\bremarks?\b", r"^opm\b"),
    "care_need": (r"\bzorgnood\b", r"\bzorgvraag\b", r"\bziekte\b", r"\baandoening\b", r"\bcare need\b"),
    "start_date": (r"\bstartdatum\b", r"\bstart date\b", r"\bgestart\b"),
    "id": (r"^id$", r"^nr$", r"^nummer$", r"\bdossiernummer\b", r"^code$",
           r"^(contact|volunteer|participant|client|deelnemer|vrijwilliger|klant|person) ?(id|nr|nummer)$",
           r"^id (deelnemer|vrijwilliger|contact|client)$", r"^(dl|vw|dln|vrw)nr$", r"^dossiernr$"),
}

# a question about being bothered names the thing it is about: ask it first
PHRASES = {"smoke_bothers": PHRASES["smoke_bothers"], "pets_bother": PHRASES["pets_bother"], **PHRASES}


def _choices(sheet: Sheet) -> dict[str, str]:
    out = {}
    for col in sheet.columns:
        for variant in (col.header, *col.synonyms):
            out.setdefault(folded(variant), col.name)
    return out


def from_header(role: str, header: object) -> tuple[str, float, str] | None:
    """The field a header names: ``(field, confidence, reason)``, or ``None``.

    A header ``Question [Option]`` is judged by its question; a bilingual header (``Voornaam / Prénom``) by
    the better of its parts.
    """
    text = str(header).strip()
    option = re.match(r"^(.*?)\s*\[[^\]]+\]\s*$", text)
    if option and option.group(1):
        text = option.group(1)
    parts = [p for p in re.split(r"\s+/\s+|\s+\|\s+", text) if p.strip()]
    found = [hit for p in parts if (hit := _from_header(role, p)) is not None]
    if len(parts) > 1 and (whole := _from_header(role, text)) is not None:
        found.append(whole)
    return max(found, key=lambda h: h[1]) if found else None


@lru_cache(maxsize=4096)
def _from_header(role: str, header: str) -> tuple[str, float, str] | None:
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


#: What SurveyMonkey writes in the second header row under a question with one answer.
RESPONSE_WORDS = {"response", "open ended response", "antwoord", "reponse"}


def _row_text(cells) -> list[str]:
    return ["" if is_blank(h) else str(h).strip() for h in cells]


def two_header_rows(top, second) -> tuple[str, ...]:
    """The headers of a sheet with two header rows: ``question [option]``, or the question alone under "Response".

    A question is written once above its options (SurveyMonkey): it carries over to the blank cells after it
    as long as the row below names an option.
    """
    out, carry = [], ""
    for t, s in zip(_row_text(top), _row_text(second), strict=True):
        if t:
            carry = t
        elif not s:
            carry = ""
        if not s or folded(s) in RESPONSE_WORDS:
            out.append(t or (carry if s else ""))
        else:
            out.append(f"{t or carry} [{s}]" if (t or carry) else s)
    return tuple(out)


def headers_at(grid, row: int, below: bool = True) -> tuple[tuple[str, ...], int]:
    """The headers of header row ``row`` and the row the headers end on.

    When the row below (``below``) or the row itself says "Response" under a question, the two rows are one
    header: the questions above, the options below.
    """
    def response(r: int) -> bool:
        return 0 <= r < len(grid) and any(folded(v) in RESPONSE_WORDS for v in grid[r] if isinstance(v, str))

    if below and response(row + 1):
        return two_header_rows(grid[row], grid[row + 1]), row + 1
    if row > 0 and response(row):
        return two_header_rows(grid[row - 1], grid[row]), row
    return tuple(_row_text(grid[row])), row


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


def one_hot(role: str, header: object, values: Sequence[object] | Counter) -> tuple[str, str] | None:
    """``(field, item)`` when the column is one ticked option of a multi-valued field (see ``answers.ticked_option``)."""
    found = ticked_option(header, values)
    if found is None:
        return None
    item, _explicit = found
    names = {c.name for c in ROLES[role].columns}
    slot = slot_item(item)
    if slot and len(slot) == 1 and "availability" in names:
        return "availability", slot[0]
    words = folded(item)
    if not words or words in METADATA:
        return None
    question = re.match(r"^(.*?)\s*\[[^\]]+\]\s*$", str(header).strip())
    asked = from_header(role, question.group(1)) if question and question.group(1) else None
    if asked and asked[0] in ("availability", "languages", "personality", "transport", "target_groups"):
        return asked[0], words
    if asked and asked[0] not in ("interests",):
        return None
    return "interests", words


def is_metadata(header: object, values: Sequence[object] | Counter, tool: bool = False) -> str | None:
    """Why a column is the form's own bookkeeping (left out), or ``None``.

    ``tool``: the sheet is a survey tool's export (KoBoToolbox), whose ``start``, ``end`` and ``today`` are its own.
    """
    text = folded(header)
    raw = str(header).strip()
    if text in METADATA:
        if re.search(r"tijd|time|date|datum|stempel|horodateur|gewijzigd|ingediend", text):
            return "gegevens van het formulier zelf (tijdstip)"
        return "gegevens van het formulier zelf (nummer, adres of eigenaar van de inzending)"
    if raw.startswith("_") and len(raw) > 1:
        return "een kolom van het formulierprogramma zelf"
    if tool and text in TOOL_METADATA:
        return "een kolom van het formulierprogramma zelf"
    if text in ("naam", "name", "e mail", "email", "email address", "e mail address"):
        filled = sample(values)
        if not filled:
            return "de naam of het e-mailadres van wie het formulier invulde (leeg)"
        if {folded(v) for v in filled} <= {"anonymous", "anoniem", "anonyme"}:
            return "de naam of het e-mailadres van wie het formulier invulde ('anonymous')"
    return None


def role_of(sheet_name: str, file_name: str, fields: set[str]) -> str:
    """Which role a sheet holds: from its name, else from its content, else from a person word in the file name.

    The file name never makes a sheet the Duo's sheet: the organisation's own name holds "duo"
    (``Kennismakingsformulier Duowerking.xlsx``); a duo sheet is one whose columns name a participant and a volunteer.
    """
    text = folded(sheet_name)
    for role, words in (("Intakevrijwilligers", ("intakevrijwillig", "intaker", "intake volunteer")),
                        ("Vrijwilligers", ("vrijwillig", "volunteer", "buddy", "benevole")),
                        ("Contactcoaches", ("coach",)), ("Deelnemers", ("deelnem", "aanmeld", "participant"))):
        if any(w in text for w in words):
            return role
    if {"participant_id", "volunteer_id"} <= fields:
        return "Duo's"
    if re.search(r"\bduo s?\b|\bkoppeling", text) and {"participant_id", "volunteer_id"} & fields:
        return "Duo's"
    if {"max_distance_km", "max_duos", "transport", "target_groups"} & fields:
        return "Vrijwilligers"
    name = folded(file_name)
    if any(w in name for w in ("vrijwillig", "volunteer", "benevole")):
        return "Vrijwilligers"
    return "Deelnemers"


def split_values(values: Sequence[object] | Counter) -> bool:
    """Whether a column says per row which role it is (deelnemer / vrijwilliger)."""
    counts = sample(values)
    if len(counts) > 20:  # a role question has a few answers
        return False
    kinds = {role_word(v) for v in counts}
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
        said = yes_no(raw, field)
        return None if said is None else "ja" if said else "nee"
    hits = [v for v in col.vocabulary if re.search(rf"\b{re.escape(folded(v))}\b", text)]
    return hits[0] if len(hits) == 1 else None


__all__ = [
    "EVIDENCE",
    "FULL_NAME",
    "ROLES",
    "address_postcode",
    "canonical_value",
    "evidence",
    "folded",
    "from_header",
    "from_values",
    "headers_at",
    "is_marked",
    "is_metadata",
    "mark_word",
    "one_hot",
    "role_of",
    "role_word",
    "sample",
    "split_values",
    "two_header_rows",
]
