"""The HELD-OUT shapes: they only measure the matcher and are never used to tune it.

Decided before any change to the matcher (see :mod:`.tuning` for the shapes that may be looked at). The
wording, file names and values differ from the tuning shapes on purpose.
"""

from __future__ import annotations

from tests.importing.corpus import cells
from tests.importing.corpus.builders import Col, Shape, crowd


def ms_forms_both_roles() -> Shape:
    """Microsoft Forms with both roles, in a file named after the organisation; E-mail filled with "anonymous"."""
    people = crowd(101, 7, 5)
    cols = [*cells.ms_forms_own(), Col("Laatst gewijzigd", None, cells.const(None)),
            Col("Ik schrijf me in als", None, cells.role_as(("Deelnemer: ik zoek een maatje", "Vrijwilliger"))),
            Col("Je voornaam", "first_name", cells.at("first")), Col("Je familienaam", "last_name", cells.at("last")),
            Col("Je geboortedatum", "birth_date", cells.dt_birth), Col("Woonplaats", "postcode", cells.place_line),
            Col("Op welk e-mailadres kunnen we je bereiken?", "email", cells.at("email")),
            Col("Wanneer heb je tijd?", "availability", cells.slots_phrase),
            Col("Stoort het je als iemand rookt?", "smoke_bothers", cells.yes("smoke_bothers")),
            Col("Zijn er huisdieren bij jou thuis?", "pets", cells.yes("pets")),
            Col("Wil je onze nieuwsbrief ontvangen?", None, cells.yes("smokes")),
            Col("Ik ga akkoord dat Samana mijn gegevens bijhoudt", None, cells.const("Ja"))]
    return Shape("ms_forms_both_roles", checked=("birth_date", "postcode", "email", "availability", "smoke_bothers",
                                                 "pets")).sheet(
        "Kennismaking Duowerking Mechelen.xlsx", "Form1", cols, people)


def google_forms_grid() -> Shape:
    """Google Forms for participants: the availability grid, pets as animals, a date in words."""
    people = crowd(102, 10)
    cols = [Col("Tijdstempel", None, cells.stamp), Col("E-mailadres", "email", cells.at("email")),
            Col("Voor- en achternaam", "full_name", cells.full_name),
            Col("Geboortedatum", "birth_date", cells.words_birth), Col("Postcode", "postcode", cells.at("postcode")),
            *(Col(f"Beschikbaarheid [{d.capitalize()}]", "availability", cells.grid_day(d))
              for d in ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag")),
            Col("Heb je huisdieren?", "pets", cells.animals(("Een kat", "Hond", "Geen"))),
            Col("Wat doe je graag in je vrije tijd?", "interests", cells.joined("interests", ", "))]
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
            Col(("Collector ID", ""), None, cells.const(4455667)),
            Col(("Start Date", ""), None, cells.stamp), Col(("End Date", ""), None, cells.stamp),
            Col(("Email Address", ""), None, cells.const(None)),
            Col(("Wat is je voornaam?", "Open-Ended Response"), "first_name", cells.at("first")),
            Col(("Wat is je achternaam?", "Open-Ended Response"), "last_name", cells.at("last")),
            Col(("Wat is je geboortedatum?", "Response"), "birth_date", cells.text_birth),
            Col(("Wat is je postcode?", "Response"), "postcode", cells.at("postcode")),
            *(Col(("Op welke momenten ben je beschikbaar?", s.capitalize()), "availability",
                  cells.ticked("slots", s, s.capitalize())) for s in slots),
            Col(("Hoeveel kilometer wil je maximaal afleggen?", "Response"), "max_distance_km", cells.at("km"))]
    return Shape("surveymonkey_volunteers", checked=("birth_date", "postcode", "availability", "max_distance_km")
                 ).sheet("Duowerking vrijwilligers bevraging.xlsx", "Sheet", cols, people)


def hand_list_two_years() -> Shape:
    """A hand list with one sheet per year, abbreviated headers and a person in both years."""
    people = crowd(104, 12)
    cols = [Col("Vnm", "first_name", cells.at("first")), Col("Naam", "last_name", cells.at("last")),
            Col("Geb.dat", "birth_date", cells.text_birth), Col("Pc", "postcode", cells.at("postcode")),
            Col("Woonpl.", "municipality", cells.at("place")), Col("Beschikb.", "availability", cells.slots_grouped),
            Col("Huisdier", "pets", cells.yes("pets", ("j", "n")))]
    shape = Shape("hand_list_two_years", checked=("birth_date", "postcode", "availability", "pets"))
    shape.sheet("Deelnemers Duowerking Leuven.xlsx", "2024", cols, people[:7], title=[["Aanmeldingen 2024"]])
    return shape.sheet("Deelnemers Duowerking Leuven.xlsx", "2025", cols, people[6:], title=[["Aanmeldingen 2025"]])


def crm_english_volunteers() -> Shape:
    """An English CRM export of volunteers: English statuses and day-parts."""
    people = crowd(105, 0, 9)
    status = {"beschikbaar": "active", "gekoppeld": "matched"}
    cols = [Col("Volunteer ID", "id", cells.at("id")), Col("Given Name", "first_name", cells.at("first")),
            Col("Surname", "last_name", cells.at("last")), Col("Date of Birth", "birth_date", cells.iso_birth),
            Col("Zip", "postcode", cells.at("postcode")), Col("City", "municipality", cells.at("place")),
            Col("Mobile Phone", "phone", cells.at("phone")), Col("E-mail Address", "email", cells.at("email")),
            Col("Status", "status", lambda p: status[p["status"]]),
            Col("Max travel distance (km)", "max_distance_km", cells.at("km")),
            Col("Availability", "availability", cells.slots_english),
            Col("Record Owner", None, cells.const("Els Maes"))]
    return Shape("crm_english_volunteers", checked=("birth_date", "postcode", "email", "status", "max_distance_km",
                                                    "availability")).sheet(
        "volunteers_export_2026.xlsx", "Volunteers", cols, people)


def french_brussels_list() -> Shape:
    """A French list from Brussels: one full-name column, a place line, French day-parts, animals."""
    people = crowd(106, 9)
    cols = [Col("Nom complet", "full_name", cells.full_name), Col("Né(e) le", "birth_date", cells.text_birth),
            Col("Code postal et commune", "postcode", cells.place_line),
            Col("Disponible", "availability", cells.slots_french),
            Col("Fume", "smokes", cells.yes("smokes", ("oui", "non"))),
            Col("Animaux de compagnie", "pets", cells.animals(("chat", "chien", "non")))]
    return Shape("french_brussels_list", checked=("birth_date", "postcode", "availability", "smokes", "pets")).sheet(
        "liste participants Bruxelles.xlsx", "Feuil1", cols, people)


def access_deelnemers() -> Shape:
    """An Access export: upper-case headers, -1/0 booleans, postcodes as numbers."""
    people = crowd(107, 10)
    cols = [Col("ID_DEELNEMER", "id", cells.at("id")), Col("NAAM", "last_name", cells.at("last")),
            Col("VOORNAAM", "first_name", cells.at("first")), Col("GEBOORTEDATUM", "birth_date", cells.dt_birth),
            Col("PC", "postcode", lambda p: int(p["postcode"])), Col("WOONPLAATS", "municipality", cells.at("place")),
            Col("GSM", "phone", cells.at("phone")), Col("ROOKT", "smokes", cells.yes("smokes", (-1, 0))),
            Col("OPMERKING", "notes", cells.const(None))]
    return Shape("access_deelnemers", checked=("birth_date", "postcode", "smokes")).sheet(
        "export_access_deelnemers.xlsx", "qryDeelnemers", cols, people)


def kobo_intake() -> Shape:
    """KoBoToolbox: a birth year alone, a place line, grouped day-parts, its own columns."""
    people = crowd(108, 9)
    cols = [Col("start", None, cells.stamp), Col("end", None, cells.stamp), Col("today", None, cells.stamp),
            Col("Voornaam deelnemer", "first_name", cells.at("first")),
            Col("Achternaam deelnemer", "last_name", cells.at("last")),
            Col("Geboortejaar", "birth_date", cells.year_birth),
            Col("Postcode en gemeente", "postcode", cells.place_line),
            Col("Beschikbaarheid", "availability", cells.slots_grouped),
            Col("Heeft de deelnemer huisdieren?", "pets", cells.yes("pets", ("yes", "no"))),
            *cells.kobo_own(7000, "c3d4", "last")]
    return Shape("kobo_intake", checked=("birth_year", "postcode", "availability", "pets")).sheet(
        "kobo_intake_duowerking.xlsx", "intake_duowerking", cols, people)


def typeform_volunteers() -> Shape:
    """Typeform for volunteers, named after the organisation: "tot 10 km", 1/0 answers, a consent question."""
    people = crowd(109, 0, 8)
    token, own = cells.typeform_own("t")
    cols = [token, Col("Hoe heet je? (voornaam)", "first_name", cells.at("first")),
            Col("En je familienaam?", "last_name", cells.at("last")),
            Col("Wat is je geboortedatum?", "birth_date", cells.iso_birth),
            Col("In welke postcode woon je?", "postcode", cells.at("postcode")),
            Col("Hoe ver wil je je verplaatsen?", "max_distance_km", cells.km_text),
            Col("Rook je zelf?", "smokes", cells.yes("smokes", (1, 0))),
            Col("Ik ga akkoord met de verwerking van mijn gegevens", None, cells.const(1)), *own]
    return Shape("typeform_volunteers", checked=("birth_date", "postcode", "max_distance_km", "smokes")).sheet(
        "Aanmelding vrijwilligers Duowerking.xlsx", "Responses", cols, people)


def jotform_participants() -> Shape:
    """Jotform: one name column, an address line, interests on lines, yes/no in Dutch."""
    people = crowd(110, 9)
    cols = [Col("Submission Date", None, cells.stamp), Col("Naam", "full_name", cells.full_name),
            Col("Geboortedatum", "birth_date", cells.iso_birth), Col("Adres", "postcode", cells.address),
            Col("Telefoonnummer", "phone", cells.at("phone")), Col("E-mail", "email", cells.at("email")),
            Col("Wat zijn je interesses?", "interests", cells.joined("interests", "\n")),
            Col("Rookt u?", "smokes", cells.yes("smokes")),
            Col("Submission ID", None, lambda p: f"58{len(p['first'])}{p['id']}")]
    return Shape("jotform_participants", checked=("birth_date", "postcode", "email", "interests", "smokes")).sheet(
        "Jotform aanmeldingen.xlsx", "Sheet1", cols, people)


SHAPES = [ms_forms_both_roles(), google_forms_grid(), surveymonkey_volunteers(), hand_list_two_years(),
          crm_english_volunteers(), french_brussels_list(), access_deelnemers(), kobo_intake(), typeform_volunteers(),
          jotform_participants()]
