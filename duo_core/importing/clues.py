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

This module reads headers (and the one-hot and metadata columns they name); what values say is
:mod:`.value_clues`, which role a sheet or row holds is :mod:`.roles`. Both are re-exported here, so the
assistant asks one module for its clues.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz, process

from duo_core.headers import normalise_label
from duo_core.importing.answers import folded, is_marked, mark_word, ticked_option
from duo_core.importing.roles import canonical_value, role_of, role_word, split_values
from duo_core.importing.value_clues import EVIDENCE, ROLES, address_postcode, evidence, from_values, sample
from duo_core.reading.values import is_blank, slot_item
from duo_core.schema import Sheet

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
    "gender": (r"^geslacht$", r"\bben je een man\b", r"^gender$", r"^sex$", r"^geslacht van\b",
               r"^wat is (je|uw) geslacht$", r"^what is your gender$"),
    "postcode": (r"\bpostcode\b", r"\bpostnummer\b", r"\bpost ?code\b", r"\bzip\b", r"\bpostal\b", r"^pc$",
                 r"^postnr$", r"\bcode postal\b"),
    "municipality": (r"\bgemeente\b", r"\bwoonplaats\b", r"\bplaats\b", r"\btown\b", r"\bcity\b", r"^gem$",
                     r"^woonpl", r"^commune$", r"\bville\b", r"\blocalite\b"),
    "phone": (r"\btelefoon", r"\bgsm\b", r"\bphone\b", r"\bmobile\b", r"\bnummer waarop\b", r"^tel\b", r"^telnr$",
              r"\btelephone\b", r"\bportable\b"),
    "email": (r"\be ?mail", r"\bmailadres\b", r"\bcourriel\b"),
    "interests": (r"\binteresse", r"\bhobby", r"\bhobbies\b", r"\bwat doe je graag\b", r"\binterests?\b",
                  r"\bactiviteit"),
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
    "notes": (r"\bnotitie", r"\bopmerking", r"\bnotes?\b", r"\bremarks?\b", r"^opm\b",
              r"\bwil (je|u) (ons )?nog (iets )?(kwijt|vertellen|zeggen)\b", r"\banything else\b"),
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
