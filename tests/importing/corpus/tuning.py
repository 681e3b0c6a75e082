"""The TUNING shapes: the matcher may be improved by looking at these (and only these).

Decided before any change to the matcher; :mod:`.heldout` holds the shapes that only measure it.
"""

from __future__ import annotations

from tests.importing.corpus.builders import (
    Col,
    P,
    Shape,
    V,
    address,
    animals,
    at,
    const,
    crowd,
    dt_birth,
    full_name,
    grid_day,
    iso_birth,
    joined,
    km_text,
    place_line,
    role_as,
    slots_french,
    slots_grouped,
    slots_phrase,
    slots_short,
    stamp,
    text_birth,
    ticked,
    words_birth,
    year_birth,
    yes,
)


def ms_forms_intake(people: list[dict] | None = None) -> Shape:
    """Microsoft Forms, participants, in a file named after the organisation; E-mail says "anonymous"."""
    people = people or crowd(1, 9)
    cols = [Col("Id", "id", lambda p: p["id"][1:]), Col("Begintijd", None, stamp), Col("Tijd van voltooien", None, stamp),
            Col("E-mail", None, const("anonymous")), Col("Naam", None, const(None)),
            Col("Voornaam", "first_name", at("first")), Col("Familienaam", "last_name", at("last")),
            Col("Geboortedatum", "birth_date", dt_birth), Col("Woonplaats", "postcode", place_line),
            Col("Wat is je e-mailadres?", "email", at("email")),
            Col("Welke hobby's heb je?", "interests", joined("interests", ";", end=";")),
            Col("Wanneer ben je vrij?", "availability", slots_phrase),
            Col("Rook je?", "smokes", yes("smokes")), Col("Stoort het je als iemand rookt?", "smoke_bothers",
                                                          yes("smoke_bothers")),
            Col("Ik geef toestemming om mijn gegevens te verwerken (privacy)", None, const("Ja")),
            Col("Wil je de nieuwsbrief ontvangen?", None, yes("pets_bother"))]
    return Shape("ms_forms_intake", checked=("birth_date", "postcode", "availability", "smokes", "smoke_bothers",
                                             "interests", "email")).sheet(
        "Kennismakingsformulier Duowerking.xlsx", "Form1", cols, people)


def google_forms_both(people: list[dict] | None = None) -> Shape:
    """Google Forms: a role question, the availability grid, pets as animals, distance as "tot 10 km"."""
    people = people or crowd(2, 6, 5)
    cols = [Col("Tijdstempel", None, stamp), Col("Ik meld me aan als", None, role_as(("Deelnemer", "Vrijwilliger"))),
            Col("Voornaam", "first_name", at("first")), Col("Achternaam", "last_name", at("last")),
            Col("Geboortedatum", "birth_date", text_birth), Col("Postcode", "postcode", at("postcode")),
            *(Col(f"Wanneer ben je beschikbaar? [{d.capitalize()}]", "availability", grid_day(d))
              for d in ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag")),
            Col("Heb je huisdieren?", "pets", animals()),
            Col("Hoe ver wil je je verplaatsen?", "max_distance_km", km_text)]
    return Shape("google_forms_both", checked=("birth_date", "postcode", "availability", "pets", "max_distance_km")
                 ).sheet("Aanmelding Duowerking (antwoorden).xlsx", "Formulierreacties 1", cols, people)


def surveymonkey_two_rows(people: list[dict] | None = None) -> Shape:
    """SurveyMonkey: question in row 1, option or "Response" in row 2; a file named after a region."""
    people = people or crowd(3, 8)
    cols = [Col(("Respondent ID", ""), None, lambda p: 11400000000 + len(p["first"]) * 100 + len(p["last"])),
            Col(("Start Date", ""), None, stamp), Col(("End Date", ""), None, stamp),
            Col(("IP Address", ""), None, const("81.82.0.1")),
            Col(("Voornaam", "Response"), "first_name", at("first")), Col(("Achternaam", "Response"), "last_name",
                                                                          at("last")),
            Col(("Geboortedatum", "Response"), "birth_date", text_birth),
            Col(("Postcode", "Response"), "postcode", at("postcode")),
            *(Col(("Welke interesses heb je?", i.capitalize()), "interests", ticked("interests", i, i.capitalize()))
              for i in ("wandelen", "film", "koken", "lezen", "tuinieren", "muziek")),
            Col(("Rook je?", "Response"), "smokes", yes("smokes"))]
    return Shape("surveymonkey_two_rows", checked=("birth_date", "postcode", "interests", "smokes")).sheet(
        "Duowerking regio Aalst.xlsx", "Sheet", cols, people)


def hand_list_abbreviated(people: list[dict] | None = None) -> Shape:
    """A hand-kept list: a title row, abbreviated headers, typed dates and grouped day-parts."""
    people = people or crowd(4, 10)
    cols = [Col("Nr", "id", at("id")), Col("Vnaam", "first_name", at("first")), Col("Anaam", "last_name", at("last")),
            Col("Geb.", "birth_date", words_birth), Col("PC", "postcode", at("postcode")),
            Col("Gem.", "municipality", at("place")), Col("Tel.", "phone", at("phone")),
            Col("Besch.", "availability", slots_grouped), Col("Rookt?", "smokes", yes("smokes", ("j", "n"))),
            Col("Opm.", "notes", const("belt liefst 's ochtends"))]
    return Shape("hand_list_abbreviated", checked=("birth_date", "postcode", "availability", "smokes")).sheet(
        "wachtlijst Els.xlsx", "Blad1", cols, people, title=[["Wachtlijst Mechelen, bijgewerkt 3/10"], []])


def crm_english(people: list[dict] | None = None) -> Shape:
    """An English CRM export with a contact type column and English statuses."""
    people = people or crowd(5, 6, 4)
    status = {"wachtend": "Waiting", "gekoppeld": "Matched", "beschikbaar": "Active"}
    cols = [Col("Contact ID", "id", at("id")), Col("Contact Type", None, role_as(("Participant", "Volunteer"))),
            Col("First Name", "first_name", at("first")), Col("Last Name", "last_name", at("last")),
            Col("Birthdate", "birth_date", iso_birth), Col("Mailing Zip/Postal Code", "postcode", at("postcode")),
            Col("Mailing City", "municipality", at("place")), Col("Mobile", "phone", at("phone")),
            Col("Email", "email", at("email")), Col("Status", "status", lambda p: status[p["status"]]),
            Col("Smoker", "smokes", yes("smokes", ("Yes", "No"))), Col("Created Date", None, stamp)]
    return Shape("crm_english", checked=("birth_date", "postcode", "status", "smokes", "email")).sheet(
        "crm_contacts_export.xlsx", "Contacts", cols, people)


def one_sheet_per_year() -> Shape:
    """One sheet per year; one person signed up in both years."""
    people = crowd(6, 12)
    cols = [Col("Voornaam", "first_name", at("first")), Col("Naam", "last_name", at("last")),
            Col("Geboortedatum", "birth_date", dt_birth), Col("Postcode", "postcode", at("postcode")),
            Col("Gemeente", "municipality", at("place")), Col("Interesses", "interests", joined("interests")),
            Col("Beschikbaarheid", "availability", slots_short)]
    shape = Shape("one_sheet_per_year", checked=("birth_date", "postcode", "availability", "interests"))
    shape.sheet("Aanmeldingen Duowerking.xlsx", "2024", cols, people[:6])
    return shape.sheet("Aanmeldingen Duowerking.xlsx", "2025", cols, people[5:])


def french_headers() -> Shape:
    """French headers and values (a Brussels office)."""
    people = crowd(7, 8)
    cols = [Col("Prénom", "first_name", at("first")), Col("Nom", "last_name", at("last")),
            Col("Date de naissance", "birth_date", text_birth), Col("Code postal", "postcode", at("postcode")),
            Col("Commune", "municipality", at("place")), Col("Disponibilités", "availability", slots_french),
            Col("Fumeur", "smokes", yes("smokes", ("oui", "non"))), Col("Animaux", "pets", yes("pets", ("oui", "non"))),
            Col("Langues", "languages", joined("languages"))]
    return Shape("french_headers", checked=("birth_date", "postcode", "availability", "smokes", "pets")).sheet(
        "inscriptions bruxelles.xlsx", "Inscriptions", cols, people)


def kobo_birth_year() -> Shape:
    """KoBoToolbox: its own columns, a birth year alone, yes/no in English."""
    people = crowd(8, 8)
    cols = [Col("start", None, stamp), Col("end", None, stamp), Col("Voornaam", "first_name", at("first")),
            Col("Familienaam", "last_name", at("last")), Col("Geboortejaar", "birth_date", year_birth),
            Col("Postcode", "postcode", at("postcode")), Col("Rookt u?", "smokes", yes("smokes", ("yes", "no"))),
            Col("_id", None, lambda p: 9000 + len(p["first"]) * 31 + len(p["last"])),
            Col("_uuid", None, lambda p: f"a1b2-{p['id']}"), Col("_submission_time", None, stamp),
            Col("_index", None, lambda p: len(p["first"]))]
    return Shape("kobo_birth_year", checked=("birth_year", "postcode", "smokes")).sheet(
        "intake_kobo.xlsx", "intake", cols, people)


def excel_online_volunteers() -> Shape:
    """An Excel Online form for volunteers, named after the organisation, "tot 15 km"."""
    people = crowd(9, 0, 8)
    cols = [Col("ID", "id", lambda p: p["id"][1:]), Col("Start time", None, stamp), Col("Completion time", None, stamp),
            Col("Email", None, const("anonymous")), Col("Name", None, const(None)),
            Col("Voornaam", "first_name", at("first")), Col("Achternaam", "last_name", at("last")),
            Col("Geboortedatum", "birth_date", dt_birth), Col("Postcode en gemeente", "postcode", place_line),
            Col("Hoeveel km wil je je maximaal verplaatsen?", "max_distance_km", km_text),
            Col("Welke dagdelen ben je vrij?", "availability", slots_phrase),
            Col("Heb je zelf huisdieren?", "pets", yes("pets")),
            Col("E-mailadres", "email", at("email"))]
    return Shape("excel_online_volunteers", checked=("birth_date", "postcode", "max_distance_km", "availability",
                                                     "pets", "email")).sheet(
        "Vrijwilligers Duowerking.xlsx", "Form1", cols, people)


def access_export() -> Shape:
    """An old Access export: upper-case short headers, booleans as -1/0."""
    people = crowd(10, 9)
    cols = [Col("DLNR", "id", at("id")), Col("VNAAM", "first_name", at("first")), Col("ANAAM", "last_name", at("last")),
            Col("GEBDAT", "birth_date", dt_birth), Col("POSTNR", "postcode", lambda p: int(p["postcode"])),
            Col("GEMEENTE", "municipality", at("place")), Col("TELNR", "phone", at("phone")),
            Col("ROKER", "smokes", yes("smokes", (-1, 0))), Col("HUISDIER", "pets", yes("pets", (-1, 0)))]
    return Shape("access_export", checked=("birth_date", "postcode", "smokes", "pets")).sheet(
        "tblDeelnemers.xlsx", "tblDeelnemers", cols, people)


def typeform_intake() -> Shape:
    """Typeform: questions as sentences, 1/0 answers, its own columns at the end."""
    people = crowd(11, 8)
    cols = [Col("#", None, lambda p: f"x{p['id']}"), Col("Wat is je voornaam?", "first_name", at("first")),
            Col("En je achternaam?", "last_name", at("last")), Col("Wanneer ben je geboren?", "birth_date", text_birth),
            Col("Wat is je postcode?", "postcode", at("postcode")),
            Col("Rook je?", "smokes", yes("smokes", (1, 0))),
            Col("Welke momenten passen jou?", "availability", slots_short),
            Col("Ik ga akkoord met de privacyverklaring", None, const(1)),
            Col("Start Date (UTC)", None, stamp), Col("Submit Date (UTC)", None, stamp), Col("Network ID", None,
                                                                                             at("id"))]
    return Shape("typeform_intake", checked=("birth_date", "postcode", "smokes", "availability")).sheet(
        "responses.xlsx", "Responses", cols, people)


def bilingual_brussels() -> Shape:
    """A bilingual Brussels list: Dutch / French headers, a sheet per role."""
    people = crowd(12, 6, 5)
    cols = [Col("Voornaam / Prénom", "first_name", at("first")), Col("Naam / Nom", "last_name", at("last")),
            Col("Geboortedatum / Date de naissance", "birth_date", text_birth),
            Col("Postcode / Code postal", "postcode", at("postcode")),
            Col("Gemeente / Commune", "municipality", at("place")),
            Col("Rookt u? / Fumez-vous?", "smokes", yes("smokes", ("Ja / Oui", "Nee / Non")))]
    shape = Shape("bilingual_brussels", checked=("birth_date", "postcode", "smokes"))
    shape.sheet("Duo Brussel.xlsx", "Deelnemers - Participants", cols, [p for p in people if p["role"] == P])
    return shape.sheet("Duo Brussel.xlsx", "Vrijwilligers - Bénévoles", cols, [p for p in people if p["role"] == V])


def jotform_both() -> Shape:
    """Jotform: one full-name column, an address line, a role question."""
    people = crowd(13, 5, 4)
    cols = [Col("Submission Date", None, stamp), Col("Ik ben", None, role_as(("deelnemer", "vrijwilliger"))),
            Col("Naam", "full_name", full_name), Col("Geboortedatum", "birth_date", iso_birth),
            Col("Adres", "postcode", address), Col("E-mail", "email", at("email")),
            Col("Welke activiteiten doe je graag?", "interests", joined("interests", "\n")),
            Col("Rook je?", "smokes", yes("smokes"))]
    return Shape("jotform_both", checked=("birth_date", "postcode", "email", "interests", "smokes")).sheet(
        "Jotform inschrijving.xlsx", "Sheet1", cols, people)


SHAPES = [ms_forms_intake(), google_forms_both(), surveymonkey_two_rows(), hand_list_abbreviated(), crm_english(),
          one_sheet_per_year(), french_headers(), kobo_birth_year(), excel_online_volunteers(), access_export(),
          typeform_intake(), bilingual_brussels(), jotform_both()]
