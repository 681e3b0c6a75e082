"""The TUNING shapes: the matcher may be improved by looking at these (and only these).

Decided before any change to the matcher; :mod:`.heldout` holds the shapes that only measure it.
"""

from __future__ import annotations

from tests.importing.corpus import cells
from tests.importing.corpus.builders import Col, P, Shape, V, crowd


def ms_forms_intake(people: list[dict] | None = None) -> Shape:
    """Microsoft Forms, participants, in a file named after the organisation; E-mail says "anonymous"."""
    people = people or crowd(1, 9)
    cols = [*cells.ms_forms_own(), Col("Voornaam", "first_name", cells.at("first")),
            Col("Familienaam", "last_name", cells.at("last")),
            Col("Geboortedatum", "birth_date", cells.dt_birth), Col("Woonplaats", "postcode", cells.place_line),
            Col("Wat is je e-mailadres?", "email", cells.at("email")),
            Col("Welke hobby's heb je?", "interests", cells.joined("interests", ";", end=";")),
            Col("Wanneer ben je vrij?", "availability", cells.slots_phrase),
            Col("Rook je?", "smokes", cells.yes("smokes")),
            Col("Stoort het je als iemand rookt?", "smoke_bothers", cells.yes("smoke_bothers")),
            Col("Ik geef toestemming om mijn gegevens te verwerken (privacy)", None, cells.const("Ja")),
            Col("Wil je de nieuwsbrief ontvangen?", None, cells.yes("pets_bother"))]
    return Shape("ms_forms_intake", checked=("birth_date", "postcode", "availability", "smokes", "smoke_bothers",
                                             "interests", "email")).sheet(
        "Kennismakingsformulier Duowerking.xlsx", "Form1", cols, people)


def google_forms_both(people: list[dict] | None = None) -> Shape:
    """Google Forms: a role question, the availability grid, pets as animals, distance as "tot 10 km"."""
    people = people or crowd(2, 6, 5)
    cols = [Col("Tijdstempel", None, cells.stamp),
            Col("Ik meld me aan als", None, cells.role_as(("Deelnemer", "Vrijwilliger"))),
            Col("Voornaam", "first_name", cells.at("first")), Col("Achternaam", "last_name", cells.at("last")),
            Col("Geboortedatum", "birth_date", cells.text_birth), Col("Postcode", "postcode", cells.at("postcode")),
            *(Col(f"Wanneer ben je beschikbaar? [{d.capitalize()}]", "availability", cells.grid_day(d))
              for d in ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag")),
            Col("Heb je huisdieren?", "pets", cells.animals()),
            Col("Hoe ver wil je je verplaatsen?", "max_distance_km", cells.km_text)]
    return Shape("google_forms_both", checked=("birth_date", "postcode", "availability", "pets", "max_distance_km")
                 ).sheet("Aanmelding Duowerking (antwoorden).xlsx", "Formulierreacties 1", cols, people)


def surveymonkey_two_rows(people: list[dict] | None = None) -> Shape:
    """SurveyMonkey: question in row 1, option or "Response" in row 2; a file named after a region."""
    people = people or crowd(3, 8)
    cols = [Col(("Respondent ID", ""), None, lambda p: 11400000000 + len(p["first"]) * 100 + len(p["last"])),
            Col(("Start Date", ""), None, cells.stamp), Col(("End Date", ""), None, cells.stamp),
            Col(("IP Address", ""), None, cells.const("81.82.0.1")),
            Col(("Voornaam", "Response"), "first_name", cells.at("first")),
            Col(("Achternaam", "Response"), "last_name", cells.at("last")),
            Col(("Geboortedatum", "Response"), "birth_date", cells.text_birth),
            Col(("Postcode", "Response"), "postcode", cells.at("postcode")),
            *(Col(("Welke interesses heb je?", i.capitalize()), "interests",
                  cells.ticked("interests", i, i.capitalize()))
              for i in ("wandelen", "film", "koken", "lezen", "tuinieren", "muziek")),
            Col(("Rook je?", "Response"), "smokes", cells.yes("smokes"))]
    return Shape("surveymonkey_two_rows", checked=("birth_date", "postcode", "interests", "smokes")).sheet(
        "Duowerking regio Aalst.xlsx", "Sheet", cols, people)


def hand_list_abbreviated(people: list[dict] | None = None) -> Shape:
    """A hand-kept list: a title row, abbreviated headers, typed dates and grouped day-parts."""
    people = people or crowd(4, 10)
    cols = [Col("Nr", "id", cells.at("id")), Col("Vnaam", "first_name", cells.at("first")),
            Col("Anaam", "last_name", cells.at("last")),
            Col("Geb.", "birth_date", cells.words_birth), Col("PC", "postcode", cells.at("postcode")),
            Col("Gem.", "municipality", cells.at("place")), Col("Tel.", "phone", cells.at("phone")),
            Col("Besch.", "availability", cells.slots_grouped),
            Col("Rookt?", "smokes", cells.yes("smokes", ("j", "n"))),
            Col("Opm.", "notes", cells.const("belt liefst 's ochtends"))]
    return Shape("hand_list_abbreviated", checked=("birth_date", "postcode", "availability", "smokes")).sheet(
        "wachtlijst Els.xlsx", "Blad1", cols, people, title=[["Wachtlijst Mechelen, bijgewerkt 3/10"], []])


def crm_english(people: list[dict] | None = None) -> Shape:
    """An English CRM export with a contact type column and English statuses."""
    people = people or crowd(5, 6, 4)
    status = {"wachtend": "Waiting", "gekoppeld": "Matched", "beschikbaar": "Active"}
    cols = [Col("Contact ID", "id", cells.at("id")),
            Col("Contact Type", None, cells.role_as(("Participant", "Volunteer"))),
            Col("First Name", "first_name", cells.at("first")), Col("Last Name", "last_name", cells.at("last")),
            Col("Birthdate", "birth_date", cells.iso_birth),
            Col("Mailing Zip/Postal Code", "postcode", cells.at("postcode")),
            Col("Mailing City", "municipality", cells.at("place")), Col("Mobile", "phone", cells.at("phone")),
            Col("Email", "email", cells.at("email")), Col("Status", "status", lambda p: status[p["status"]]),
            Col("Smoker", "smokes", cells.yes("smokes", ("Yes", "No"))), Col("Created Date", None, cells.stamp)]
    return Shape("crm_english", checked=("birth_date", "postcode", "status", "smokes", "email")).sheet(
        "crm_contacts_export.xlsx", "Contacts", cols, people)


def one_sheet_per_year() -> Shape:
    """One sheet per year; one person signed up in both years."""
    people = crowd(6, 12)
    cols = [Col("Voornaam", "first_name", cells.at("first")), Col("Naam", "last_name", cells.at("last")),
            Col("Geboortedatum", "birth_date", cells.dt_birth), Col("Postcode", "postcode", cells.at("postcode")),
            Col("Gemeente", "municipality", cells.at("place")),
            Col("Interesses", "interests", cells.joined("interests")),
            Col("Beschikbaarheid", "availability", cells.slots_short)]
    shape = Shape("one_sheet_per_year", checked=("birth_date", "postcode", "availability", "interests"))
    shape.sheet("Aanmeldingen Duowerking.xlsx", "2024", cols, people[:6])
    return shape.sheet("Aanmeldingen Duowerking.xlsx", "2025", cols, people[5:])


def french_headers() -> Shape:
    """French headers and values (a Brussels office)."""
    people = crowd(7, 8)
    cols = [Col("Prénom", "first_name", cells.at("first")), Col("Nom", "last_name", cells.at("last")),
            Col("Date de naissance", "birth_date", cells.text_birth),
            Col("Code postal", "postcode", cells.at("postcode")),
            Col("Commune", "municipality", cells.at("place")),
            Col("Disponibilités", "availability", cells.slots_french),
            Col("Fumeur", "smokes", cells.yes("smokes", ("oui", "non"))),
            Col("Animaux", "pets", cells.yes("pets", ("oui", "non"))),
            Col("Langues", "languages", cells.joined("languages"))]
    return Shape("french_headers", checked=("birth_date", "postcode", "availability", "smokes", "pets")).sheet(
        "inscriptions bruxelles.xlsx", "Inscriptions", cols, people)


def kobo_birth_year() -> Shape:
    """KoBoToolbox: its own columns, a birth year alone, yes/no in English."""
    people = crowd(8, 8)
    cols = [Col("start", None, cells.stamp), Col("end", None, cells.stamp),
            Col("Voornaam", "first_name", cells.at("first")),
            Col("Familienaam", "last_name", cells.at("last")), Col("Geboortejaar", "birth_date", cells.year_birth),
            Col("Postcode", "postcode", cells.at("postcode")),
            Col("Rookt u?", "smokes", cells.yes("smokes", ("yes", "no"))),
            *cells.kobo_own(9000, "a1b2", "first")]
    return Shape("kobo_birth_year", checked=("birth_year", "postcode", "smokes")).sheet(
        "intake_kobo.xlsx", "intake", cols, people)


def excel_online_volunteers() -> Shape:
    """An Excel Online form for volunteers, named after the organisation, "tot 15 km"."""
    people = crowd(9, 0, 8)
    cols = [*cells.ms_forms_own(english=True), Col("Voornaam", "first_name", cells.at("first")),
            Col("Achternaam", "last_name", cells.at("last")),
            Col("Geboortedatum", "birth_date", cells.dt_birth),
            Col("Postcode en gemeente", "postcode", cells.place_line),
            Col("Hoeveel km wil je je maximaal verplaatsen?", "max_distance_km", cells.km_text),
            Col("Welke dagdelen ben je vrij?", "availability", cells.slots_phrase),
            Col("Heb je zelf huisdieren?", "pets", cells.yes("pets")),
            Col("E-mailadres", "email", cells.at("email"))]
    return Shape("excel_online_volunteers", checked=("birth_date", "postcode", "max_distance_km", "availability",
                                                     "pets", "email")).sheet(
        "Vrijwilligers Duowerking.xlsx", "Form1", cols, people)


def access_export() -> Shape:
    """An old Access export: upper-case short headers, booleans as -1/0."""
    people = crowd(10, 9)
    cols = [Col("DLNR", "id", cells.at("id")), Col("VNAAM", "first_name", cells.at("first")),
            Col("ANAAM", "last_name", cells.at("last")),
            Col("GEBDAT", "birth_date", cells.dt_birth), Col("POSTNR", "postcode", lambda p: int(p["postcode"])),
            Col("GEMEENTE", "municipality", cells.at("place")), Col("TELNR", "phone", cells.at("phone")),
            Col("ROKER", "smokes", cells.yes("smokes", (-1, 0))), Col("HUISDIER", "pets", cells.yes("pets", (-1, 0)))]
    return Shape("access_export", checked=("birth_date", "postcode", "smokes", "pets")).sheet(
        "tblDeelnemers.xlsx", "tblDeelnemers", cols, people)


def typeform_intake() -> Shape:
    """Typeform: questions as sentences, 1/0 answers, its own columns at the end."""
    people = crowd(11, 8)
    token, own = cells.typeform_own("x")
    cols = [token, Col("Wat is je voornaam?", "first_name", cells.at("first")),
            Col("En je achternaam?", "last_name", cells.at("last")),
            Col("Wanneer ben je geboren?", "birth_date", cells.text_birth),
            Col("Wat is je postcode?", "postcode", cells.at("postcode")),
            Col("Rook je?", "smokes", cells.yes("smokes", (1, 0))),
            Col("Welke momenten passen jou?", "availability", cells.slots_short),
            Col("Ik ga akkoord met de privacyverklaring", None, cells.const(1)), *own]
    return Shape("typeform_intake", checked=("birth_date", "postcode", "smokes", "availability")).sheet(
        "responses.xlsx", "Responses", cols, people)


def bilingual_brussels() -> Shape:
    """A bilingual Brussels list: Dutch / French headers, a sheet per role."""
    people = crowd(12, 6, 5)
    cols = [Col("Voornaam / Prénom", "first_name", cells.at("first")), Col("Naam / Nom", "last_name", cells.at("last")),
            Col("Geboortedatum / Date de naissance", "birth_date", cells.text_birth),
            Col("Postcode / Code postal", "postcode", cells.at("postcode")),
            Col("Gemeente / Commune", "municipality", cells.at("place")),
            Col("Rookt u? / Fumez-vous?", "smokes", cells.yes("smokes", ("Ja / Oui", "Nee / Non")))]
    shape = Shape("bilingual_brussels", checked=("birth_date", "postcode", "smokes"))
    shape.sheet("Duo Brussel.xlsx", "Deelnemers - Participants", cols, [p for p in people if p["role"] == P])
    return shape.sheet("Duo Brussel.xlsx", "Vrijwilligers - Bénévoles", cols, [p for p in people if p["role"] == V])


def jotform_both() -> Shape:
    """Jotform: one full-name column, an address line, a role question."""
    people = crowd(13, 5, 4)
    cols = [Col("Submission Date", None, cells.stamp),
            Col("Ik ben", None, cells.role_as(("deelnemer", "vrijwilliger"))),
            Col("Naam", "full_name", cells.full_name), Col("Geboortedatum", "birth_date", cells.iso_birth),
            Col("Adres", "postcode", cells.address), Col("E-mail", "email", cells.at("email")),
            Col("Welke activiteiten doe je graag?", "interests", cells.joined("interests", "\n")),
            Col("Rook je?", "smokes", cells.yes("smokes"))]
    return Shape("jotform_both", checked=("birth_date", "postcode", "email", "interests", "smokes")).sheet(
        "Jotform inschrijving.xlsx", "Sheet1", cols, people)


SHAPES = [ms_forms_intake(), google_forms_both(), surveymonkey_two_rows(), hand_list_abbreviated(), crm_english(),
          one_sheet_per_year(), french_headers(), kobo_birth_year(), excel_online_volunteers(), access_export(),
          typeform_intake(), bilingual_brussels(), jotform_both()]
