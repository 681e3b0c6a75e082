"""The HELD-OUT shapes: they only measure the matcher and are never used to tune it.

Decided before any change to the matcher (see :mod:`.tuning` for the shapes that may be looked at). The
wording, file names and values differ from the tuning shapes on purpose.
"""

from __future__ import annotations

from tests.importing.corpus.builders import (
    Col,
    Shape,
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
    slots_english,
    slots_french,
    slots_grouped,
    slots_phrase,
    stamp,
    text_birth,
    ticked,
    words_birth,
    year_birth,
    yes,
)


def ms_forms_both_roles() -> Shape:
    """Microsoft Forms with both roles, in a file named after the organisation; E-mail filled with "anonymous"."""
    people = crowd(101, 7, 5)
    cols = [Col("Id", "id", lambda p: p["id"][1:]), Col("Begintijd", None, stamp),
            Col("Tijd van voltooien", None, stamp), Col("E-mail", None, const("anonymous")),
            Col("Naam", None, const(None)), Col("Laatst gewijzigd", None, const(None)),
            Col("Ik schrijf me in als", None, role_as(("Deelnemer: ik zoek een maatje", "Vrijwilliger"))),
            Col("Je voornaam", "first_name", at("first")), Col("Je familienaam", "last_name", at("last")),
            Col("Je geboortedatum", "birth_date", dt_birth), Col("Woonplaats", "postcode", place_line),
            Col("Op welk e-mailadres kunnen we je bereiken?", "email", at("email")),
            Col("Wanneer heb je tijd?", "availability", slots_phrase),
            Col("Stoort het je als iemand rookt?", "smoke_bothers", yes("smoke_bothers")),
            Col("Zijn er huisdieren bij jou thuis?", "pets", yes("pets")),
            Col("Wil je onze nieuwsbrief ontvangen?", None, yes("smokes")),
            Col("Ik ga akkoord dat Samana mijn gegevens bijhoudt", None, const("Ja"))]
    return Shape("ms_forms_both_roles", checked=("birth_date", "postcode", "email", "availability", "smoke_bothers",
                                                 "pets")).sheet(
        "Kennismaking Duowerking Mechelen.xlsx", "Form1", cols, people)


def google_forms_grid() -> Shape:
    """Google Forms for participants: the availability grid, pets as animals, a date in words."""
    people = crowd(102, 10)
    cols = [Col("Tijdstempel", None, stamp), Col("E-mailadres", "email", at("email")),
            Col("Voor- en achternaam", "full_name", full_name),
            Col("Geboortedatum", "birth_date", words_birth), Col("Postcode", "postcode", at("postcode")),
            *(Col(f"Beschikbaarheid [{d.capitalize()}]", "availability", grid_day(d))
              for d in ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag")),
            Col("Heb je huisdieren?", "pets", animals(("Een kat", "Hond", "Geen"))),
            Col("Wat doe je graag in je vrije tijd?", "interests", joined("interests", ", "))]
    return Shape("google_forms_grid", checked=("birth_date", "postcode", "email", "availability", "pets",
                                               "interests")).sheet(
        "Duowerking aanmeldformulier (Antwoorden).xlsx", "Formulierreacties 1", cols, people)


def surveymonkey_volunteers() -> Shape:
    """SurveyMonkey for volunteers: two header rows, day-parts ticked per option."""
    people = crowd(103, 0, 8)
    slots = ["maandag voormiddag", "dinsdag namiddag", "woensdag avond", "donderdag voormiddag", "vrijdag namiddag",
             "maandag avond", "woensdag voormiddag"]
    for p in people:
        p["slots"] = sorted({s for s in p["slots"] if s in slots} or {slots[len(p["first"]) % len(slots)]})
    cols = [Col(("Respondent ID", ""), None, lambda p: 11500000000 + len(p["first"]) * 100 + len(p["last"])),
            Col(("Collector ID", ""), None, const(4455667)),
            Col(("Start Date", ""), None, stamp), Col(("End Date", ""), None, stamp),
            Col(("Email Address", ""), None, const(None)),
            Col(("Wat is je voornaam?", "Open-Ended Response"), "first_name", at("first")),
            Col(("Wat is je achternaam?", "Open-Ended Response"), "last_name", at("last")),
            Col(("Wat is je geboortedatum?", "Response"), "birth_date", text_birth),
            Col(("Wat is je postcode?", "Response"), "postcode", at("postcode")),
            *(Col(("Op welke momenten ben je beschikbaar?", s.capitalize()), "availability",
                  ticked("slots", s, s.capitalize())) for s in slots),
            Col(("Hoeveel kilometer wil je maximaal afleggen?", "Response"), "max_distance_km", at("km"))]
    return Shape("surveymonkey_volunteers", checked=("birth_date", "postcode", "availability", "max_distance_km")
                 ).sheet("Duowerking vrijwilligers bevraging.xlsx", "Sheet", cols, people)


def hand_list_two_years() -> Shape:
    """A hand list with one sheet per year, abbreviated headers and a person in both years."""
    people = crowd(104, 12)
    cols = [Col("Vnm", "first_name", at("first")), Col("Naam", "last_name", at("last")),
            Col("Geb.dat", "birth_date", text_birth), Col("Pc", "postcode", at("postcode")),
            Col("Woonpl.", "municipality", at("place")), Col("Beschikb.", "availability", slots_grouped),
            Col("Huisdier", "pets", yes("pets", ("j", "n")))]
    shape = Shape("hand_list_two_years", checked=("birth_date", "postcode", "availability", "pets"))
    shape.sheet("Deelnemers Duowerking Leuven.xlsx", "2024", cols, people[:7], title=[["Aanmeldingen 2024"]])
    return shape.sheet("Deelnemers Duowerking Leuven.xlsx", "2025", cols, people[6:], title=[["Aanmeldingen 2025"]])


def crm_english_volunteers() -> Shape:
    """An English CRM export of volunteers: English statuses and day-parts."""
    people = crowd(105, 0, 9)
    status = {"beschikbaar": "active", "gekoppeld": "matched"}
    cols = [Col("Volunteer ID", "id", at("id")), Col("Given Name", "first_name", at("first")),
            Col("Surname", "last_name", at("last")), Col("Date of Birth", "birth_date", iso_birth),
            Col("Zip", "postcode", at("postcode")), Col("City", "municipality", at("place")),
            Col("Mobile Phone", "phone", at("phone")), Col("E-mail Address", "email", at("email")),
            Col("Status", "status", lambda p: status[p["status"]]),
            Col("Max travel distance (km)", "max_distance_km", at("km")),
            Col("Availability", "availability", slots_english), Col("Record Owner", None, const("Els Maes"))]
    return Shape("crm_english_volunteers", checked=("birth_date", "postcode", "email", "status", "max_distance_km",
                                                    "availability")).sheet(
        "volunteers_export_2026.xlsx", "Volunteers", cols, people)


def french_brussels_list() -> Shape:
    """A French list from Brussels: one full-name column, a place line, French day-parts, animals."""
    people = crowd(106, 9)
    cols = [Col("Nom complet", "full_name", full_name), Col("Né(e) le", "birth_date", text_birth),
            Col("Code postal et commune", "postcode", place_line), Col("Disponible", "availability", slots_french),
            Col("Fume", "smokes", yes("smokes", ("oui", "non"))),
            Col("Animaux de compagnie", "pets", animals(("chat", "chien", "non")))]
    return Shape("french_brussels_list", checked=("birth_date", "postcode", "availability", "smokes", "pets")).sheet(
        "liste participants Bruxelles.xlsx", "Feuil1", cols, people)


def access_deelnemers() -> Shape:
    """An Access export: upper-case headers, -1/0 booleans, postcodes as numbers."""
    people = crowd(107, 10)
    cols = [Col("ID_DEELNEMER", "id", at("id")), Col("NAAM", "last_name", at("last")),
            Col("VOORNAAM", "first_name", at("first")), Col("GEBOORTEDATUM", "birth_date", dt_birth),
            Col("PC", "postcode", lambda p: int(p["postcode"])), Col("WOONPLAATS", "municipality", at("place")),
            Col("GSM", "phone", at("phone")), Col("ROOKT", "smokes", yes("smokes", (-1, 0))),
            Col("OPMERKING", "notes", const(None))]
    return Shape("access_deelnemers", checked=("birth_date", "postcode", "smokes")).sheet(
        "export_access_deelnemers.xlsx", "qryDeelnemers", cols, people)


def kobo_intake() -> Shape:
    """KoBoToolbox: a birth year alone, a place line, grouped day-parts, its own columns."""
    people = crowd(108, 9)
    cols = [Col("start", None, stamp), Col("end", None, stamp), Col("today", None, stamp),
            Col("Voornaam deelnemer", "first_name", at("first")), Col("Achternaam deelnemer", "last_name", at("last")),
            Col("Geboortejaar", "birth_date", year_birth), Col("Postcode en gemeente", "postcode", place_line),
            Col("Beschikbaarheid", "availability", slots_grouped),
            Col("Heeft de deelnemer huisdieren?", "pets", yes("pets", ("yes", "no"))),
            Col("_id", None, lambda p: 7000 + len(p["first"]) * 31 + len(p["last"])),
            Col("_uuid", None, lambda p: f"c3d4-{p['id']}"), Col("_submission_time", None, stamp),
            Col("_index", None, lambda p: len(p["last"]))]
    return Shape("kobo_intake", checked=("birth_year", "postcode", "availability", "pets")).sheet(
        "kobo_intake_duowerking.xlsx", "intake_duowerking", cols, people)


def typeform_volunteers() -> Shape:
    """Typeform for volunteers, named after the organisation: "tot 10 km", 1/0 answers, a consent question."""
    people = crowd(109, 0, 8)
    cols = [Col("#", None, lambda p: f"t{p['id']}"), Col("Hoe heet je? (voornaam)", "first_name", at("first")),
            Col("En je familienaam?", "last_name", at("last")), Col("Wat is je geboortedatum?", "birth_date", iso_birth),
            Col("In welke postcode woon je?", "postcode", at("postcode")),
            Col("Hoe ver wil je je verplaatsen?", "max_distance_km", km_text),
            Col("Rook je zelf?", "smokes", yes("smokes", (1, 0))),
            Col("Ik ga akkoord met de verwerking van mijn gegevens", None, const(1)),
            Col("Start Date (UTC)", None, stamp), Col("Submit Date (UTC)", None, stamp),
            Col("Network ID", None, at("id"))]
    return Shape("typeform_volunteers", checked=("birth_date", "postcode", "max_distance_km", "smokes")).sheet(
        "Aanmelding vrijwilligers Duowerking.xlsx", "Responses", cols, people)


def jotform_participants() -> Shape:
    """Jotform: one name column, an address line, interests on lines, yes/no in Dutch."""
    people = crowd(110, 9)
    cols = [Col("Submission Date", None, stamp), Col("Naam", "full_name", full_name),
            Col("Geboortedatum", "birth_date", iso_birth), Col("Adres", "postcode", address),
            Col("Telefoonnummer", "phone", at("phone")), Col("E-mail", "email", at("email")),
            Col("Wat zijn je interesses?", "interests", joined("interests", "\n")),
            Col("Rookt u?", "smokes", yes("smokes")), Col("Submission ID", None, lambda p: f"58{len(p['first'])}{p['id']}")]
    return Shape("jotform_participants", checked=("birth_date", "postcode", "email", "interests", "smokes")).sheet(
        "Jotform aanmeldingen.xlsx", "Sheet1", cols, people)


SHAPES = [ms_forms_both_roles(), google_forms_grid(), surveymonkey_volunteers(), hand_list_two_years(),
          crm_english_volunteers(), french_brussels_list(), access_deelnemers(), kobo_intake(), typeform_volunteers(),
          jotform_participants()]
