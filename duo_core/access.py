"""Who may see what: users, roles, the allow-list, the pages per role, and the data each role gets.

The workbooks hold health and care information. The app shows each role only what it needs, and the
projection made here is the only protection that matters: Streamlit sends every column a page passes to
a table or a map to the browser, so pages only ever receive :func:`visible_dataset`'s result.

* ``beroepskracht`` (professional): everything within their provinces (no provinces = all).
* ``intakevrijwilliger`` (intake volunteer): what matching needs within their provinces; no free-text
  notes or care needs, no coach contact details, no data-quality findings.
* ``contactcoach`` (contact coach): only their own open duos and, of the people in them, name and
  contact details; no matching data, no health information.

Consent: where the data records it (an optional ``consent`` column, e.g. from the intake), a person
without consent is flagged (``consent_missing``) and their care-need fields are shown to nobody until
consent is there. Without that column nothing changes.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from duo_core.dataset import OPEN_DUO_STATUSES, RESERVING_STATUSES, RUNNING_DUO_STATUSES, Dataset
from duo_core.findings import findings_frame
from duo_core.headers import canonical_province
from duo_core.schema import PROVINCES, SHEETS

PROFESSIONAL = "beroepskracht"
INTAKE = "intakevrijwilliger"
COACH = "contactcoach"
ROLES = (PROFESSIONAL, INTAKE, COACH)
ROLE_LABELS = {PROFESSIONAL: "Beroepskracht", INTAKE: "Intakevrijwilliger", COACH: "Contactcoach"}

#: Pages (by name) each role may open.
PAGES = {
    PROFESSIONAL: ("overzicht", "match", "wachtlijst", "aanmeldingen", "kennismaking", "duos", "coaches", "monitoring",
                   "kwaliteit", "koppelen", "logboek", "privacy"),
    INTAKE: ("match", "wachtlijst", "aanmeldingen", "kennismaking", "duos"),
    COACH: ("mijn_duos",),
}

#: Columns that hold free text about health or care (the schema marks them ``sensitive``).
#: ``intake_impression`` is the intake volunteer's impression from the kennismakingsgesprek
#: (:mod:`duo_core.lifecycle.people`), professional-only like the notes.
SENSITIVE = {c.name for s in SHEETS for c in s.columns if c.sensitive} | {"intake_impression"}
#: What an intake volunteer sees of the intake team (the Intakevrijwilligers sheets): who, where, how many a month.
INTAKE_TEAM_COLUMNS = ["key", "province", "id", "first_name", "last_name", "email", "conversations_per_month",
                       "provinces"]
COACH_PERSON_COLUMNS = ["key", "province", "id", "first_name", "last_name", "phone", "email"]
COACH_DUO_COLUMNS = [
    "key", "province", "id", "participant_key", "volunteer_key", "coach_key", "start_date", "status",
    "last_followup", "next_followup", "source_file", "workbook_status",
]


@dataclass(frozen=True)
class User:
    """A person using the app.

    Attributes
    ----------
    email
        Their e-mail address (lower case), as the identity provider gives it.
    role
        One of :data:`ROLES`.
    coach_key
        For a coach: their key in the data, ``"<province>/<ID>"``.
    provinces
        The provinces they work in; empty means all.
    per_month
        For an intake volunteer: how many kennismakingsgesprekken a month they want to hold (``None``:
        not said).
    """

    email: str
    role: str
    coach_key: str | None = None
    provinces: tuple[str, ...] = ()
    per_month: int | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"Onbekende rol '{self.role}' voor {self.email}: kies uit {', '.join(ROLES)}.")
        if self.role == COACH and not self.coach_key:
            raise ValueError(f"Contactcoach {self.email} heeft geen coach (bv. coach = \"Antwerpen/C01\").")

    @property
    def pages(self) -> tuple[str, ...]:
        """The pages this user may open."""
        return PAGES[self.role]


@dataclass(frozen=True)
class AllowList:
    """Who may log in: the valid entries by e-mail address, and every problem found in the file.

    A bad entry shuts out only that person; the problems (Dutch, one per entry) are for professionals
    and the server log, never for the person logging in.
    """

    users: dict[str, User]
    problems: tuple[str, ...] = ()

    def user(self, email: str | None) -> User | None:
        """The user with this e-mail address, or ``None``."""
        return user_for(email, self.users)


_ENTRY_KEYS = {"email", "role", "provinces", "coach", "conversations_per_month"}


def _entry(i: int, entry: object, name: str) -> tuple[User | None, str | None]:
    """One ``[[user]]`` entry as a User, or the Dutch problem that shuts it out."""
    if not isinstance(entry, dict):
        return None, f"Gebruiker {i} in '{name}' is geen tabel: schrijf [[user]] met daaronder email = \"...\"."
    email = entry.get("email")
    if not isinstance(email, str) or "@" not in email:
        return None, f"Gebruiker {i} in '{name}' heeft geen geldig e-mailadres: vul email = \"naam@organisatie.be\" in."
    email = email.strip().lower()
    who = f"Gebruiker {i} ({email}) in '{name}'"
    unknown = sorted(set(entry) - _ENTRY_KEYS)
    if unknown:
        return None, f"{who} heeft een onbekende sleutel '{unknown[0]}': gebruik enkel email, role, provinces, coach en conversations_per_month."
    role = str(entry.get("role", "")).strip().lower()
    if role not in ROLES:
        return None, f"{who} heeft een onbekende rol '{entry.get('role', '')}': kies uit {', '.join(ROLES)}."
    raw_provinces = entry.get("provinces", [])
    if isinstance(raw_provinces, str):
        raw_provinces = [raw_provinces]
    if not isinstance(raw_provinces, list):
        return None, f"{who}: provinces moet een lijst zijn, bv. provinces = [\"Antwerpen\", \"Limburg\"]."
    provinces = []
    for p in raw_provinces:
        canonical = canonical_province(p)
        if canonical is None:
            return None, f"{who} heeft een onbekende provincie '{p}': kies uit {', '.join(PROVINCES)}."
        provinces.append(canonical)
    coach = entry.get("coach")
    if role == COACH:
        if not isinstance(coach, str) or "/" not in coach:
            return None, f"{who} is contactcoach maar heeft geen coach: vul coach = \"Antwerpen/C01\" in (provincie/ID)."
        province, ident = coach.split("/", 1)
        if canonical_province(province) is None or not ident.strip():
            return None, f"{who} heeft een coach '{coach}' die niet de vorm provincie/ID heeft (bv. \"Antwerpen/C01\")."
        coach = f"{canonical_province(province)}/{ident.strip()}"
    elif coach is not None:
        return None, f"{who} heeft een coach maar de rol {role}: zet role = \"contactcoach\" of verwijder coach."
    per_month = entry.get("conversations_per_month")
    if per_month is not None:
        if role != INTAKE:
            return None, f"{who} heeft conversations_per_month maar de rol {role}: enkel voor intakevrijwilligers."
        if isinstance(per_month, bool) or not isinstance(per_month, int) or per_month < 0:
            return None, f"{who}: conversations_per_month moet een geheel getal vanaf 0 zijn, bv. conversations_per_month = 4."
    return User(email, role, coach, tuple(dict.fromkeys(provinces)), per_month), None


def load_allowlist(path: str | Path) -> AllowList:
    """Read and validate the allow-list (never raises: problems shut out only the entries concerned).

    The file (TOML, kept outside git) has one ``[[user]]`` table per person::

        [[user]]
        email = "an.peeters@samana.be"
        role = "beroepskracht"
        provinces = ["Antwerpen", "Limburg"]

        [[user]]
        email = "els.maes@example.org"
        role = "contactcoach"
        coach = "Antwerpen/C01"

    A person listed twice is shut out (both entries), since which one is meant cannot be known.
    """
    file = Path(path)
    name = file.name
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return AllowList({}, (f"Toegangslijst '{name}' niet gevonden: niemand kan zich aanmelden.",))
    except (OSError, UnicodeDecodeError):
        return AllowList({}, (f"Toegangslijst '{name}' kan niet gelezen worden: sla ze op als UTF-8.",))
    except tomllib.TOMLDecodeError as exc:
        return AllowList({}, (f"Toegangslijst '{name}' is geen geldige TOML ({exc}): niemand kan zich aanmelden.",))
    problems: list[str] = []
    extra = sorted(set(raw) - {"user"})
    if extra:
        problems.append(f"Toegangslijst '{name}' heeft een onbekende sectie '{extra[0]}': schrijf elke gebruiker als "
                        "[[user]].")
    entries = raw.get("user", [])
    if isinstance(entries, dict):
        problems.append(f"Toegangslijst '{name}' gebruikt [user]: schrijf [[user]] (twee vierkante haken) boven elke "
                        "gebruiker.")
        entries = []
    users: dict[str, User] = {}
    seen: dict[str, int] = {}
    duplicated: set[str] = set()
    for i, entry in enumerate(entries if isinstance(entries, list) else [], start=1):
        user, problem = _entry(i, entry, name)
        if problem:
            problems.append(problem)
            continue
        if user.email in seen:
            duplicated.add(user.email)
            problems.append(f"Gebruiker {i} ({user.email}) in '{name}' staat er al als gebruiker {seen[user.email]}: "
                            "laat één regel over. Tot dan kan deze persoon zich niet aanmelden.")
            continue
        seen[user.email] = i
        users[user.email] = user
    for email in duplicated:
        users.pop(email, None)
    return AllowList(users, tuple(problems))


def check_against_data(allowlist: AllowList, coach_keys) -> AllowList:
    """The allow-list with each coach key as the data writes it; coaches whose key is not in the data are out.

    A key is found whatever its case (``antwerpen/c01`` is the data's ``Antwerpen/C01``) when exactly one
    coach in the data has it; a key that is not there (or could be two coaches) is a problem.
    """
    known = set(coach_keys)
    folded: dict[str, list[str]] = {}
    for key in known:
        folded.setdefault(str(key).casefold(), []).append(key)
    users, problems = dict(allowlist.users), list(allowlist.problems)
    for email, user in allowlist.users.items():
        if user.role != COACH or user.coach_key in known:
            continue
        same = folded.get(str(user.coach_key).casefold(), [])
        if len(same) == 1:
            users[email] = dataclasses.replace(user, coach_key=same[0])
        elif same:
            users.pop(email)
            problems.append(f"Contactcoach {email} verwijst naar coach '{user.coach_key}', maar de werkboeken hebben "
                            f"{' en '.join(repr(k) for k in sorted(same))}: schrijf coach = in de toegangslijst precies "
                            "zoals in het tabblad Contactcoaches.")
        else:
            users.pop(email)
            problems.append(f"Contactcoach {email} verwijst naar coach '{user.coach_key}', die niet in de werkboeken "
                            "staat: verbeter coach = in de toegangslijst (provincie/ID uit het tabblad Contactcoaches).")
    return AllowList(users, tuple(problems))


def user_for(email: str | None, allowlist: dict[str, User] | AllowList) -> User | None:
    """The user with this e-mail address, or ``None`` when the address is not on the list."""
    if not email:
        return None
    users = allowlist.users if isinstance(allowlist, AllowList) else allowlist
    return users.get(email.strip().lower())


def key_province(key: str) -> str:
    """The province of a key ``"<province>/<ID>"`` (a person's, a duo's or a coach's)."""
    return str(key).split("/", 1)[0]


def within_provinces(keys, provinces: tuple[str, ...] | list[str] = ()) -> tuple[list[str], list[str]]:
    """``keys`` split into those in ``provinces`` and the others, each in the given order, without repeats.

    A professional restricted to some provinces answers an access request or an erasure only there
    (:func:`duo_core.output.access_request.access_request`, :func:`duo_core.lifecycle.erasure.forget_all`);
    no provinces means all, so nothing is left for others.
    """
    keys = list(dict.fromkeys(keys))
    if not provinces:
        return keys, []
    return ([k for k in keys if key_province(k) in provinces], [k for k in keys if key_province(k) not in provinces])


def _in_provinces(frame: pd.DataFrame, provinces: tuple[str, ...]) -> pd.DataFrame:
    return frame if not provinces else frame[frame["province"].isin(provinces)].reset_index(drop=True)


def _drop_sensitive(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=[c for c in frame.columns if c in SENSITIVE])


def _with_duos_elsewhere(people: pd.DataFrame, ds: Dataset, provinces: tuple[str, ...], column: str) -> pd.DataFrame:
    """People of the user's provinces, with what duos of other provinces hold of them (no names, no keys).

    ``open_elsewhere`` counts their open duos in another province (a volunteer's capacity) and
    ``reserved_elsewhere`` says whether an open proposal or introduction there holds them, so that
    rankings and refusals agree without showing another province's people or actors.
    """
    if not provinces:
        return people
    foreign = ds.duos[~ds.duos["province"].isin(provinces)]
    open_counts = foreign[foreign["status"].isin(OPEN_DUO_STATUSES)].groupby(column).size()
    reserving = set(foreign.loc[foreign["status"].isin(RESERVING_STATUSES), column])
    return people.assign(
        open_elsewhere=people["key"].map(open_counts).fillna(0).astype(int),
        reserved_elsewhere=people["key"].isin(reserving),
    )


CONSENT = "consent"
_YES = {"ja", "j", "yes", "y", "true", "1", "akkoord", "gegeven"}


def consented(value: object) -> bool:
    """Whether one recorded consent value says yes (``True``, 1, "ja", "akkoord", ...); blank is no."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and not pd.isna(value):
        return value == 1
    return isinstance(value, str) and value.strip().lower() in _YES


def with_consent(ds: Dataset) -> Dataset:
    """People without recorded consent flagged and their care-need fields blank (``ds`` when nobody records it)."""
    frames = {}
    for name in ("participants", "volunteers"):
        frame = getattr(ds, name)
        if CONSENT not in frame:
            continue
        missing = ~frame[CONSENT].map(consented).astype(bool)
        hidden = {c: frame[c].mask(missing) for c in frame.columns if c in SENSITIVE}
        frames[name] = frame.assign(consent_missing=missing.to_numpy(), **hidden)
    return dataclasses.replace(ds, **frames) if frames else ds


def visible_dataset(ds: Dataset, user: User) -> Dataset:
    """The dataset as ``user`` may see it (a new Dataset; ``ds`` is not modified)."""
    empty_findings = findings_frame([])
    ds = with_consent(ds)
    if user.role == PROFESSIONAL:
        if not user.provinces:
            return ds
        files = set(ds.sources.loc[ds.sources["province"].isin(user.provinces), "file"])
        return dataclasses.replace(
            ds,
            participants=_with_duos_elsewhere(_in_provinces(ds.participants, user.provinces), ds, user.provinces,
                                              "participant_key"),
            volunteers=_with_duos_elsewhere(_in_provinces(ds.volunteers, user.provinces), ds, user.provinces,
                                            "volunteer_key"),
            duos=_in_provinces(ds.duos, user.provinces),
            coaches=_in_provinces(ds.coaches, user.provinces),
            intake_volunteers=_in_provinces(ds.intake_volunteers, user.provinces),
            findings=ds.findings[ds.findings["file"].isin(files)].reset_index(drop=True),
            sources=ds.sources[ds.sources["file"].isin(files)].reset_index(drop=True),
        )
    if user.role == INTAKE:
        return dataclasses.replace(
            ds,
            participants=_with_duos_elsewhere(_drop_sensitive(_in_provinces(ds.participants, user.provinces)), ds,
                                              user.provinces, "participant_key"),
            volunteers=_with_duos_elsewhere(_drop_sensitive(_in_provinces(ds.volunteers, user.provinces)), ds,
                                            user.provinces, "volunteer_key"),
            duos=_in_provinces(ds.duos, user.provinces),
            coaches=ds.coaches.iloc[0:0][["key", "province", "id", "first_name", "last_name"]],
            # the colleagues who hold conversations in their provinces (for planning): names and numbers, no phones
            intake_volunteers=_in_provinces(ds.intake_volunteers, user.provinces)[INTAKE_TEAM_COLUMNS],
            findings=empty_findings,
            sources=_in_provinces(ds.sources, user.provinces)[["file", "province", "status"]],
        )
    # contact coach: own open duos only, and of their people only name and contact details
    duos = ds.duos[(ds.duos["coach_key"] == user.coach_key) & ds.duos["status"].isin(RUNNING_DUO_STATUSES)]
    duos = duos[[c for c in COACH_DUO_COLUMNS if c in duos.columns]].reset_index(drop=True)
    participants = ds.participants[ds.participants["key"].isin(duos["participant_key"])]
    volunteers = ds.volunteers[ds.volunteers["key"].isin(duos["volunteer_key"])]
    coaches = ds.coaches[ds.coaches["key"] == user.coach_key]
    return dataclasses.replace(
        ds,
        participants=participants[COACH_PERSON_COLUMNS].reset_index(drop=True),
        volunteers=volunteers[COACH_PERSON_COLUMNS].reset_index(drop=True),
        duos=duos,
        coaches=coaches[["key", "province", "id", "first_name", "last_name", "email", "phone", "desired_duos"]]
        .reset_index(drop=True),
        intake_volunteers=ds.intake_volunteers.iloc[0:0][INTAKE_TEAM_COLUMNS],
        findings=empty_findings,
        sources=ds.sources.iloc[0:0][["file", "province", "status"]],
    )


def demo_users(ds: Dataset) -> dict[str, User]:
    """One user per role for the demo role switcher (the coach is the first coach in the data)."""
    users = {
        PROFESSIONAL: User("demo-beroepskracht@localhost", PROFESSIONAL),
        INTAKE: User("demo-intake@localhost", INTAKE, per_month=4),
    }
    if len(ds.coaches):
        users[COACH] = User("demo-coach@localhost", COACH, coach_key=str(ds.coaches["key"].iloc[0]))
    return users


LOCAL_USER = User("lokaal@localhost", PROFESSIONAL)
