"""The canonical workbook schema: sheets, columns, types and vocabularies.

This module is the single source of truth for the province workbook format. The loader uses it to
recognise headers and parse values, the template writer uses it to lay out ``template.xlsx`` with its
drop-downs, and the findings use its Dutch headers to tell a user which column to fix.

Every column has a canonical English ``name`` (used in the DataFrames), the Dutch ``header`` a person
types, a ``kind`` that selects the parser, and optionally a closed ``vocabulary`` and extra accepted
header variants (``synonyms``). Header matching ignores case, spacing, accents and punctuation.
"""

from __future__ import annotations

from dataclasses import dataclass

from duo_core.languages import LANGUAGE_NAMES

DAYS: tuple[str, ...] = (
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
)
DAY_PARTS: tuple[str, ...] = ("voormiddag", "namiddag", "avond")
#: The 21 availability slots, in order; a slot's index is ``day * 3 + part``.
SLOTS: tuple[str, ...] = tuple(f"{d} {p}" for d in DAYS for p in DAY_PARTS)

PROVINCES: tuple[str, ...] = (
    "Antwerpen",
    "Limburg",
    "Oost-Vlaanderen",
    "Vlaams-Brabant",
    "West-Vlaanderen",
)

GENDERS = ("man", "vrouw", "x")
GENDER_PREFERENCES = ("man", "vrouw", "geen voorkeur")
YES_NO = ("ja", "nee")
CONTACT_FORMS = ("fysiek", "telefonisch", "beide")
MOBILITY = ("zelfstandig", "vervoer nodig", "enkel aan huis")
TARGET_GROUPS = ("chronische ziekte", "zorgnood", "mantelzorger", "psychisch kwetsbaar")
#: ``aangemeld``: signed up, no introductory conversation (kennismakingsgesprek) yet, so not matchable.
SIGNED_UP = "aangemeld"
PARTICIPANT_STATUSES = ("wachtend", "in kennismaking", "gekoppeld", "gestopt", "on hold", SIGNED_UP)
VOLUNTEER_STATUSES = ("beschikbaar", "gekoppeld", "pauze", "gestopt")
DUO_STATUSES = ("voorstel", "kennismaking", "actief", "gestopt")
TRANSPORT = ("auto", "fiets", "openbaar vervoer", "te voet")
STOP_REASONS = (
    "klik niet goed",
    "verhuisd",
    "gezondheid deelnemer",
    "overleden",
    "vrijwilliger stopt",
    "doel bereikt",
    "tijdsgebrek",
    "andere",
)

#: Column kinds understood by :mod:`duo_core.reading.values`.
KINDS = (
    "id",
    "text",
    "email",
    "phone",
    "date",
    "vocab",
    "multi",
    "multi_vocab",
    "slots",
    "bool",
    "number",
    "integer",
    "postcode",
    "age_range",
)


@dataclass(frozen=True)
class Column:
    """One column of a sheet.

    Parameters
    ----------
    name
        Canonical English name used in the DataFrames.
    header
        The Dutch header as written in the template.
    kind
        Parser to use, one of :data:`KINDS`.
    required
        Whether the column must be present in the sheet (a missing required column is a ``fout``).
    vocabulary
        Allowed values for ``vocab`` and ``multi_vocab`` columns.
    synonyms
        Extra header texts accepted for this column (English names, common variants).
    sensitive
        Free text about health or care that only professionals may see.
    help
        A short Dutch hint shown in the template's instruction sheet.
    expects
        What a cell holds, in Dutch, when the kind alone does not say it (a date *of what*, an empty cell
        meaning what): the template's input message, and the end of a finding on a value that is not that.
    aliases
        For a ``multi`` column: items read as another (``dutch`` as ``nederlands``), as pairs of the
        value and the other names for it; other items stay as written.
    """

    name: str
    header: str
    kind: str
    required: bool = False
    vocabulary: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    sensitive: bool = False
    help: str = ""
    expects: str = ""
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Sheet:
    """One sheet of the province workbook."""

    name: str
    entity: str
    columns: tuple[Column, ...]
    synonyms: tuple[str, ...] = ()
    id_column: str = "id"
    #: An optional sheet may be left out of a workbook without a finding (it is then read as empty).
    optional: bool = False

    @property
    def headers(self) -> list[str]:
        """The Dutch headers in template order."""
        return [c.header for c in self.columns]

    def column(self, name: str) -> Column:
        """Return the column with canonical ``name``."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _identity_columns() -> list[Column]:
    """Identity and contact columns shared by participants and volunteers, in template order."""
    return [
        Column("id", "ID", "id", required=True, synonyms=("nr", "nummer", "code", "identifier")),
        Column("first_name", "Voornaam", "text", required=True, synonyms=("first name", "given name")),
        Column("last_name", "Achternaam", "text", synonyms=("familienaam", "naam", "last name", "surname")),
        Column(
            "birth_date",
            "Geboortedatum",
            "date",
            synonyms=("geb datum", "geboren", "geboren op", "date of birth", "birth date", "dob"),
            help="dd/mm/jjjj",
        ),
        Column("gender", "Geslacht", "vocab", vocabulary=GENDERS, synonyms=("gender", "sex")),
        Column(
            "postcode",
            "Postcode",
            "postcode",
            synonyms=("postnummer", "post code", "zip", "postal code"),
            help="4 cijfers, bv. 2800",
        ),
        Column("municipality", "Gemeente", "text", synonyms=("woonplaats", "plaats", "city", "town")),
        Column("phone", "Telefoon", "phone", synonyms=("tel", "telefoonnummer", "gsm", "phone")),
        Column("email", "E-mail", "email", synonyms=("mail", "emailadres", "e-mailadres", "email address")),
    ]


def _matching_columns() -> list[Column]:
    """Matching columns shared by participants and volunteers."""
    return [
        Column("interests", "Interesses", "multi", synonyms=("hobby's", "hobbys", "interests")),
        Column(
            "availability",
            "Beschikbaarheid",
            "slots",
            synonyms=("beschikbaar", "availability", "momenten"),
            help="bv. maandag voormiddag; woensdag namiddag",
        ),
        Column("contact_form", "Contactvorm", "vocab", vocabulary=CONTACT_FORMS, synonyms=("contact",)),
    ]


def _preference_columns(other: str) -> list[Column]:
    """Preference and compatibility columns; ``other`` names the other side in Dutch."""
    return [
        Column(
            "pref_gender",
            f"Voorkeur geslacht {other}",
            "vocab",
            vocabulary=GENDER_PREFERENCES,
            synonyms=("voorkeur geslacht", "gender preference"),
        ),
        Column(
            "pref_age",
            f"Voorkeur leeftijd {other}",
            "age_range",
            synonyms=("voorkeur leeftijd", "age preference"),
            help='bv. "30-60", "60+" of "geen voorkeur"',
        ),
        Column("smokes", "Rookt", "bool", vocabulary=YES_NO, synonyms=("roker", "smokes", "smoker")),
        Column(
            "smoke_bothers",
            "Roken storend",
            "bool",
            vocabulary=YES_NO,
            synonyms=("last van roken", "stoort roken"),
        ),
        Column("pets", "Huisdieren", "bool", vocabulary=YES_NO, synonyms=("huisdier", "pets")),
        Column(
            "pets_bother",
            "Huisdieren storend",
            "bool",
            vocabulary=YES_NO,
            synonyms=("last van huisdieren", "allergie huisdieren"),
        ),
        Column("languages", "Talen", "multi", synonyms=("taal", "languages", "language"), aliases=LANGUAGE_NAMES),
        Column("personality", "Persoonlijkheid", "multi", synonyms=("karakter", "personality")),
    ]


_identity = _identity_columns()
_matching = _matching_columns()

PARTICIPANTS = Sheet(
    name="Deelnemers",
    entity="participant",
    synonyms=("deelnemer", "participants", "cliënten", "clienten"),
    columns=tuple(
        _identity
        + [
            Column(
                "registered_on",
                "Aanmelddatum",
                "date",
                synonyms=("aangemeld", "datum aanmelding", "inschrijvingsdatum", "registration date"),
                help="dd/mm/jjjj",
            ),
            Column(
                "status",
                "Status",
                "vocab",
                vocabulary=PARTICIPANT_STATUSES,
                synonyms=("toestand",),
            ),
            Column(
                "target_group",
                "Doelgroep",
                "vocab",
                vocabulary=TARGET_GROUPS,
                synonyms=("target group",),
            ),
        ]
        + _matching
        + [
            Column(
                "mobility",
                "Verplaatsing",
                "vocab",
                vocabulary=MOBILITY,
                synonyms=("mobiliteit", "mobility"),
            ),
        ]
        + _preference_columns("vrijwilliger")
        + [
            Column("intake_by", "Intake door", "text", synonyms=("intaker", "intakevrijwilliger")),
            Column(
                "last_confirmed",
                "Laatst bevestigd",
                "date",
                synonyms=("bevestigd op", "laatste contact", "herbevestigd"),
                help="wanneer de deelnemer laatst bevestigde nog te wachten",
            ),
            Column("notes", "Notities", "text", sensitive=True, synonyms=("opmerkingen", "notes")),
            Column("care_need", "Zorgnood", "text", sensitive=True, synonyms=("zorgvraag", "care need")),
        ]
    ),
)

VOLUNTEERS = Sheet(
    name="Vrijwilligers",
    entity="volunteer",
    synonyms=("vrijwilliger", "volunteers", "buddy's", "buddies"),
    columns=tuple(
        _identity
        + [
            Column(
                "start_date",
                "Startdatum",
                "date",
                synonyms=("gestart", "start", "start date"),
                help="dd/mm/jjjj",
            ),
            Column("status", "Status", "vocab", vocabulary=VOLUNTEER_STATUSES),
            Column(
                "max_distance_km",
                "Max. afstand (km)",
                "number",
                synonyms=("max afstand", "maximale afstand", "afstand", "max distance", "straal"),
                help="hoe ver de vrijwilliger zich wil verplaatsen, in km",
            ),
            Column(
                "transport",
                "Vervoer",
                "multi_vocab",
                vocabulary=TRANSPORT,
                synonyms=("vervoermiddel", "transport"),
            ),
        ]
        + _matching
        + _preference_columns("deelnemer")
        + [
            Column(
                "target_groups",
                "Doelgroepen",
                "multi_vocab",
                vocabulary=TARGET_GROUPS,
                synonyms=("doelgroep", "target groups"),
                help="welke doelgroepen de vrijwilliger wil ondersteunen; leeg = alle",
            ),
            Column(
                "max_duos",
                "Max. aantal duo's",
                "integer",
                synonyms=("max duos", "max aantal duos", "capaciteit", "capacity"),
                help="standaard 1",
            ),
            Column("screening_date", "Screening", "date", synonyms=("screeningsdatum", "gescreend op"),
                   help="datum van het screeningsgesprek (dd/mm/jjjj); leeg = nog niet gescreend",
                   expects="de datum van het screeningsgesprek als dd/mm/jjjj (bv. 15/03/2024); laat de cel leeg "
                           "zolang de vrijwilliger niet gescreend is"),
            Column("notes", "Notities", "text", sensitive=True, synonyms=("opmerkingen", "notes")),
        ]
    ),
)

DUOS = Sheet(
    name="Duo's",
    entity="duo",
    id_column="id",
    synonyms=("duos", "duo", "koppelingen", "matches"),
    columns=(
        Column("id", "Duo ID", "id", required=True, synonyms=("id", "duo nr", "duonummer")),
        Column("participant_id", "Deelnemer ID", "id", required=True, synonyms=("deelnemer", "participant id")),
        Column("volunteer_id", "Vrijwilliger ID", "id", required=True, synonyms=("vrijwilliger", "volunteer id")),
        Column("coach_id", "Contactcoach ID", "id", synonyms=("contactcoach", "coach", "coach id")),
        Column("start_date", "Startdatum", "date", synonyms=("start", "gestart", "start date")),
        Column("status", "Status", "vocab", vocabulary=DUO_STATUSES),
        Column("end_date", "Einddatum", "date", synonyms=("gestopt op", "stopdatum", "end date")),
        Column("stop_reason", "Stopreden", "text", synonyms=("reden stop", "reden", "stop reason")),
        Column(
            "last_followup",
            "Laatste opvolging",
            "date",
            synonyms=("laatst opgevolgd", "last follow-up"),
        ),
        Column(
            "next_followup",
            "Volgende opvolging",
            "date",
            synonyms=("volgende opvolging gepland", "next follow-up"),
        ),
    ),
)

COACHES = Sheet(
    name="Contactcoaches",
    entity="coach",
    synonyms=("contactcoach", "coaches", "contact coaches"),
    columns=(
        Column("id", "ID", "id", required=True, synonyms=("coach id", "nr")),
        Column("first_name", "Voornaam", "text", required=True, synonyms=("first name",)),
        Column("last_name", "Achternaam", "text", synonyms=("familienaam", "naam", "last name")),
        Column("email", "E-mail", "email", synonyms=("mail", "emailadres", "e-mailadres")),
        Column("phone", "Telefoon", "phone", synonyms=("tel", "gsm", "phone")),
        Column("postcode", "Postcode", "postcode", synonyms=("postnummer", "zip")),
        Column(
            "desired_duos",
            "Gewenst aantal duo's",
            "integer",
            synonyms=("gewenst aantal duos", "aantal duos per jaar", "capaciteit"),
            help="hoeveel duo's de coach per jaar wil opvolgen",
        ),
    ),
)

INTAKE_VOLUNTEERS = Sheet(
    name="Intakevrijwilligers",
    entity="intake_volunteer",
    synonyms=("intakevrijwilliger", "intakers", "intake volunteers"),  # not "intake": a sign-up form is so named
    optional=True,
    columns=(
        Column("id", "ID", "id", required=True, synonyms=("nr", "nummer")),
        Column("first_name", "Voornaam", "text", required=True, synonyms=("first name",)),
        Column("last_name", "Achternaam", "text", synonyms=("familienaam", "naam", "last name")),
        Column("email", "E-mail", "email", synonyms=("mail", "emailadres", "e-mailadres"),
               help="hetzelfde adres als in de toegangslijst, zodat de app de persoon herkent"),
        Column("phone", "Telefoon", "phone", synonyms=("tel", "gsm", "phone")),
        Column("works_in", "Provincie", "vocab", vocabulary=PROVINCES, synonyms=("regio", "province"),
               help="leeg = de provincie van dit werkboek"),
        Column(
            "conversations_per_month",
            "Gesprekken per maand",
            "integer",
            synonyms=("aantal gesprekken per maand", "gesprekken", "per maand", "conversations per month"),
            help="hoeveel kennismakingsgesprekken de intakevrijwilliger per maand wil doen",
        ),
    ),
)

SHEETS: tuple[Sheet, ...] = (PARTICIPANTS, VOLUNTEERS, DUOS, COACHES, INTAKE_VOLUNTEERS)
INSTRUCTIONS_SHEET = "Instructies"
LISTS_SHEET = "Lijsten"
PROVINCE_LABEL = "Provincie"
