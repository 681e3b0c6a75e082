"""Who may see what: users, roles, the allow-list, the pages per role, and the data each role gets.

The workbooks hold health and care information. The app shows each role only what it needs, and the
projection made here is the only protection that matters: Streamlit sends every column a page passes to
a table or a map to the browser, so pages only ever receive :func:`visible_dataset`'s result.

* ``beroepskracht`` (professional): everything within their provinces (no provinces = all).
* ``intakevrijwilliger`` (intake volunteer): what matching needs within their provinces; no free-text
  notes or care needs, no coach contact details, no data-quality findings.
* ``contactcoach`` (contact coach): only their own open duos and, of the people in them, name and
  contact details; no matching data, no health information.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from duo_core.dataset import RUNNING_DUO_STATUSES, Dataset
from duo_core.findings import findings_frame
from duo_core.schema import SHEETS

PROFESSIONAL = "beroepskracht"
INTAKE = "intakevrijwilliger"
COACH = "contactcoach"
ROLES = (PROFESSIONAL, INTAKE, COACH)
ROLE_LABELS = {PROFESSIONAL: "Beroepskracht", INTAKE: "Intakevrijwilliger", COACH: "Contactcoach"}

#: Pages (by name) each role may open.
PAGES = {
    PROFESSIONAL: ("overzicht", "match", "wachtlijst", "duos", "coaches", "monitoring", "kwaliteit", "logboek"),
    INTAKE: ("match", "wachtlijst", "duos"),
    COACH: ("mijn_duos",),
}

#: Columns that hold free text about health or care (the schema marks them ``sensitive``).
SENSITIVE = {c.name for s in SHEETS for c in s.columns if c.sensitive}
COACH_PERSON_COLUMNS = ["key", "province", "id", "first_name", "last_name", "phone", "email"]
COACH_DUO_COLUMNS = [
    "key", "province", "id", "participant_key", "volunteer_key", "coach_key", "start_date", "status",
    "last_followup", "next_followup",
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
    """

    email: str
    role: str
    coach_key: str | None = None
    provinces: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"Onbekende rol '{self.role}' voor {self.email}: kies uit {', '.join(ROLES)}.")
        if self.role == COACH and not self.coach_key:
            raise ValueError(f"Contactcoach {self.email} heeft geen coach (bv. coach = \"Antwerpen/C01\").")

    @property
    def pages(self) -> tuple[str, ...]:
        """The pages this user may open."""
        return PAGES[self.role]


def load_allowlist(path: str | Path) -> dict[str, User]:
    """Read the allow-list: e-mail address -> :class:`User`.

    The file (TOML, kept outside git) has one ``[[user]]`` table per person::

        [[user]]
        email = "an.peeters@samana.be"
        role = "beroepskracht"
        provinces = ["Antwerpen", "Limburg"]

        [[user]]
        email = "els.maes@example.org"
        role = "contactcoach"
        coach = "Antwerpen/C01"

    Raises
    ------
    ValueError
        With a Dutch message when the file is malformed.
    """
    file = Path(path)
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ValueError(f"Toegangslijst '{file}' niet gevonden.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"Toegangslijst '{file}' is geen geldige TOML: {exc}") from exc
    users: dict[str, User] = {}
    for i, entry in enumerate(raw.get("user", []), start=1):
        email = str(entry.get("email", "")).strip().lower()
        if not email:
            raise ValueError(f"Gebruiker {i} in '{file}' heeft geen e-mailadres.")
        users[email] = User(
            email=email,
            role=str(entry.get("role", "")).strip().lower(),
            coach_key=entry.get("coach"),
            provinces=tuple(entry.get("provinces", ())),
        )
    return users


def user_for(email: str | None, allowlist: dict[str, User]) -> User | None:
    """The user with this e-mail address, or ``None`` when the address is not on the list."""
    if not email:
        return None
    return allowlist.get(email.strip().lower())


def _in_provinces(frame: pd.DataFrame, provinces: tuple[str, ...]) -> pd.DataFrame:
    return frame if not provinces else frame[frame["province"].isin(provinces)].reset_index(drop=True)


def _drop_sensitive(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=[c for c in frame.columns if c in SENSITIVE])


def visible_dataset(ds: Dataset, user: User) -> Dataset:
    """The dataset as ``user`` may see it (a new Dataset; ``ds`` is not modified)."""
    empty_findings = findings_frame([])
    if user.role == PROFESSIONAL:
        if not user.provinces:
            return ds
        files = set(ds.sources.loc[ds.sources["province"].isin(user.provinces), "file"])
        return dataclasses.replace(
            ds,
            participants=_in_provinces(ds.participants, user.provinces),
            volunteers=_in_provinces(ds.volunteers, user.provinces),
            duos=_in_provinces(ds.duos, user.provinces),
            coaches=_in_provinces(ds.coaches, user.provinces),
            findings=ds.findings[ds.findings["file"].isin(files)].reset_index(drop=True),
            sources=ds.sources[ds.sources["file"].isin(files)].reset_index(drop=True),
        )
    if user.role == INTAKE:
        return dataclasses.replace(
            ds,
            participants=_drop_sensitive(_in_provinces(ds.participants, user.provinces)),
            volunteers=_drop_sensitive(_in_provinces(ds.volunteers, user.provinces)),
            duos=_in_provinces(ds.duos, user.provinces),
            coaches=ds.coaches.iloc[0:0][["key", "province", "id", "first_name", "last_name"]],
            findings=empty_findings,
            sources=_in_provinces(ds.sources, user.provinces)[["file", "province", "status"]],
        )
    # contact coach: own open duos only, and of their people only name and contact details
    duos = ds.duos[(ds.duos["coach_key"] == user.coach_key) & ds.duos["status"].isin(RUNNING_DUO_STATUSES)]
    duos = duos[COACH_DUO_COLUMNS].reset_index(drop=True)
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
        findings=empty_findings,
        sources=ds.sources.iloc[0:0][["file", "province", "status"]],
    )


def demo_users(ds: Dataset) -> dict[str, User]:
    """One user per role for the demo role switcher (the coach is the first coach in the data)."""
    users = {
        PROFESSIONAL: User("demo-beroepskracht@localhost", PROFESSIONAL),
        INTAKE: User("demo-intake@localhost", INTAKE),
    }
    if len(ds.coaches):
        users[COACH] = User("demo-coach@localhost", COACH, coach_key=str(ds.coaches["key"].iloc[0]))
    return users


LOCAL_USER = User("lokaal@localhost", PROFESSIONAL)
