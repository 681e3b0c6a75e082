"""The intake stage as a user acts on it: sign-up, planning, the conversation, corrections and statuses.

:class:`Intake` checks the role, the provinces and the input against exactly the view the user sees and
writes one person event (:mod:`duo_core.lifecycle.people`) to the journal. Bad input is an
:class:`IntakeError` with one Dutch message per field (``errors``), so a form shows each message next to
its field and keeps what was typed. A draft of the conversation is kept as typed (nothing is lost); only
"Klaar voor matching" validates it and makes the person *wachtend*.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from duo_core.access import INTAKE, PROFESSIONAL, ROLE_LABELS, User
from duo_core.dataset import Dataset
from duo_core.geo import postcode_table
from duo_core.lifecycle.journal import Journal, JournalError
from duo_core.lifecycle.people import (
    PERSON_MARK,
    RECORD_COLUMNS,
    PersonState,
    replay_people,
    stream_key,
)
from duo_core.reading.values import parse_age_range, parse_bool, parse_postcode, parser_for
from duo_core.schema import PARTICIPANTS, PROVINCES, SIGNED_UP, STOP_REASONS

#: Fields of a sign-up (the kennismakingsformulier) that say who the person is.
IDENTITY_FIELDS = ("first_name", "last_name", "birth_date", "gender", "postcode", "municipality", "phone", "email")
#: Every field matching uses, asked again in the conversation.
MATCHING_FIELDS = ("target_group", "interests", "availability", "contact_form", "mobility", "pref_gender", "pref_age",
                   "smokes", "smoke_bothers", "pets", "pets_bother", "languages", "personality")
SIGNUP_FIELDS = IDENTITY_FIELDS + MATCHING_FIELDS
#: Free-text answers of the conversation (``impression`` and ``care_need`` are professional-only).
RECORD_TEXTS = (*RECORD_COLUMNS, "care_need")
PROFESSIONAL_ONLY = ("impression", "care_need")
NO_CONSENT = ("Zonder uitdrukkelijke toestemming van de persoon worden zorgnood en indruk niet bewaard: vraag de "
              "toestemming of laat die velden leeg.")
#: Statuses a professional may set by hand.
PERSON_STATUSES = ("on hold", "gestopt", "wachtend")
#: Who may take each step.
PERMISSIONS = {
    "signup": (PROFESSIONAL, INTAKE), "plan": (PROFESSIONAL, INTAKE), "intake_draft": (PROFESSIONAL, INTAKE),
    "intake_done": (PROFESSIONAL, INTAKE), "correct": (PROFESSIONAL, INTAKE), "person_status": (PROFESSIONAL,),
}
VERBS = {"signup": "iemand aanmelden", "plan": "een kennismakingsgesprek plannen", "intake_draft": "een gesprek bewaren",
         "intake_done": "een gesprek afronden", "correct": "gegevens verbeteren", "person_status": "een status wijzigen"}
MAX_TEXT = 1000
_LABELS = {c.name: c.header for c in PARTICIPANTS.columns} | {"pref_age": "Voorkeur leeftijd vrijwilliger"}
_LIST_KINDS = ("multi", "multi_vocab", "slots")


class IntakeError(JournalError):
    """Refused input: ``errors`` maps each field to its Dutch message (the message names them all)."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(" ".join(f"{_LABELS.get(k, k)}: {m}" for k, m in self.errors.items()))


def _kind(name: str) -> str:
    return "age_range" if name == "pref_age" else PARTICIPANTS.column(name).kind


def clean_field(name: str, raw: object) -> tuple[object, str | None]:
    """One form value as the journal keeps it (JSON), or the Dutch message that says what to fix."""
    kind = _kind(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()) or (isinstance(raw, list | tuple | set | frozenset)
                                                                      and not raw):
        return ([] if kind in _LIST_KINDS else None), None
    if kind == "date":
        if isinstance(raw, dt.date):
            return (raw.date() if isinstance(raw, dt.datetime) else raw).isoformat(), None
        value, problem = parser_for(PARTICIPANTS.column(name))(raw)
        return (None if value is None else pd.Timestamp(value).date().isoformat()), problem
    if kind in _LIST_KINDS:
        text = "; ".join(str(x) for x in raw) if isinstance(raw, list | tuple | set | frozenset) else str(raw)
        value, problem = parser_for(PARTICIPANTS.column(name))(text)
        return sorted(value or ()), problem
    if kind == "bool":
        if isinstance(raw, bool):
            return raw, None
        return parse_bool(raw)
    if kind == "age_range":
        value, problem = parse_age_range(raw)
        return (list(value) if value else None), problem
    if kind == "postcode":
        value, problem = parse_postcode(raw)
        if problem:
            return None, problem
        if value[0] not in postcode_table():
            return None, f"Postcode {value[0]} bestaat niet in België: kijk het nummer na."
        return value[0], None
    value, problem = parser_for(PARTICIPANTS.column(name))(raw)
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return value[:MAX_TEXT], f"Te lang: hou het bij {MAX_TEXT} tekens."
    return value, problem


def clean_fields(raw: dict, names: tuple[str, ...]) -> tuple[dict, dict[str, str]]:
    """The given fields of ``raw`` cleaned (:func:`clean_field`), and one message per field that is wrong."""
    clean, errors = {}, {}
    for name in names:
        if name not in raw:
            continue
        value, problem = clean_field(name, raw[name])
        if problem:
            errors[name] = problem
        else:
            clean[name] = value
    return clean, errors


def _jsonable(value: object) -> object:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value)
    return value


def _not_future(value: dt.date | None, today: dt.date, field: str, errors: dict[str, str]) -> None:
    if value is not None and value > today:
        errors[field] = f"{value:%d/%m/%Y} ligt in de toekomst: kies een dag die al voorbij is."


@dataclass(frozen=True)
class Intake:
    """One user's intake steps on the data as the pages see it (see :class:`duo_core.lifecycle.Lifecycle`)."""

    journal: Journal
    view: Dataset
    user: User

    def may(self, action: str, province: str | None = None) -> bool:
        """Whether the user may take ``action`` (in ``province``)."""
        try:
            self._allowed(action, province)
        except JournalError:
            return False
        return True

    def _allowed(self, action: str, province: str | None) -> None:
        if self.user.role not in PERMISSIONS[action]:
            raise JournalError(f"Als {ROLE_LABELS[self.user.role].lower()} kan je niet {VERBS[action]}.")
        if province and self.user.provinces and province not in self.user.provinces:
            raise JournalError(f"Je werkt niet in provincie {province}.")

    def _person(self, key: str) -> pd.Series:
        try:
            return self.view.participant(key)
        except KeyError as exc:
            raise JournalError(str(exc.args[0])) from None

    def _write(self, action: str, key: str, payload: dict, check=None) -> int:
        """Append a person's event under the write lock; ``check(state)`` may refuse on the journal's state."""
        def run(rows: list[dict], next_id: int) -> tuple[str, str, str]:
            if check is not None:
                check(replay_people(rows).get(key, PersonState(key)))
            return stream_key(key), key, ""

        return self.journal._write(action, self.user.email, payload, (stream_key(key),), run)[0]

    # --- the steps ----------------------------------------------------------------------------

    def sign_up(self, raw: dict, province: str, registered_on: dt.date | None = None,
                today: dt.date | None = None) -> str:
        """A new person (the kennismakingsformulier): status *aangemeld*. Returns their key.

        Refused with a message per field for bad values, a missing first name, a postcode of another of the
        programme's provinces, a sign-up date in the future, and a person who is already known (the same name and birth date in the user's view).
        """
        if province not in PROVINCES:
            raise IntakeError({"province": f"Kies een provincie uit {', '.join(PROVINCES)}."})
        self._allowed("signup", province)
        today = today or dt.date.today()
        fields, errors = clean_fields(raw, SIGNUP_FIELDS)
        if not fields.get("first_name"):
            errors["first_name"] = "Vul de voornaam in."
        lies_in = postcode_table().province_of(fields.get("postcode"))
        if lies_in in PROVINCES and lies_in != province:  # a province's own team holds the conversation
            errors["province"] = (f"Postcode {fields['postcode']} ligt in {lies_in}, niet in {province}: kies {lies_in} "
                                  "als provincie.")
        registered = registered_on or today
        _not_future(registered, today, "registered_on", errors)
        _not_future(dt.date.fromisoformat(fields["birth_date"]) if fields.get("birth_date") else None, today,
                    "birth_date", errors)
        if errors:
            raise IntakeError(errors)
        twin = self._twin(fields)
        if twin is not None:
            raise IntakeError({"first_name": f"Deze persoon is al gekend ({twin}): zoek hem of haar in de lijst."})
        payload = {"fields": fields, "registered_on": registered.isoformat()}
        marker = f"{province}/{PERSON_MARK}nieuw"

        def run(rows: list[dict], next_id: int) -> tuple[str, str, str]:
            key = f"{province}/AANM{next_id:05d}"
            return stream_key(key), key, ""

        stream = self.journal._write("signup", self.user.email, payload, (marker,), run)[1]
        return stream.replace(PERSON_MARK, "", 1)

    def _twin(self, fields: dict) -> str | None:
        """The key of a participant with the same name and birth date, or ``None``."""
        if not fields.get("birth_date"):
            return None
        p = self.view.participants
        same = ((p["first_name"].fillna("").str.casefold() == str(fields.get("first_name", "")).casefold())
                & (p["last_name"].fillna("").str.casefold() == str(fields.get("last_name") or "").casefold())
                & (p["birth_date"] == pd.Timestamp(fields["birth_date"])))
        return str(p.loc[same, "key"].iloc[0]) if same.any() else None

    def plan(self, key: str, volunteer: str, date: dt.date | None, time: dt.time | None, place: str,
             today: dt.date | None = None) -> int:
        """Plan the kennismakingsgesprek: who holds it, when and where (a date from today on)."""
        person = self._person(key)
        self._allowed("plan", person["province"])
        errors: dict[str, str] = {}
        if person["status"] != SIGNED_UP:
            raise JournalError(f"{key} is niet meer aangemeld (status: {person['status']}): er is geen gesprek te plannen.")
        if not str(volunteer or "").strip():
            errors["volunteer"] = "Kies wie het gesprek houdt."
        if date is None:
            errors["date"] = "Kies een datum."
        elif date < (today or dt.date.today()):
            errors["date"] = f"{date:%d/%m/%Y} is al voorbij: kies een datum vanaf vandaag."
        if not str(place or "").strip():
            errors["place"] = "Kies of typ een plaats."
        if errors:
            raise IntakeError(errors)
        payload = {"volunteer": " ".join(str(volunteer).split())[:200], "date": date.isoformat(),
                   "time": time.strftime("%H:%M") if time else None, "place": " ".join(str(place).split())[:200]}
        return self._write("plan", key, payload)

    def _record(self, raw: dict) -> dict:
        """A conversation as typed, JSON-able (a draft keeps it exactly so)."""
        record = {name: _jsonable(raw.get(name)) for name in (*RECORD_TEXTS, "consent", "consent_on", "consent_by",
                                                               "date", "volunteer")}
        record["fields"] = {k: _jsonable(v) for k, v in raw.get("fields", {}).items() if k in SIGNUP_FIELDS}
        return record

    def save_draft(self, key: str, raw: dict) -> int:
        """Keep the conversation as typed, to finish later.

        Nothing is checked but the person, the role and the consent: health data (impression, care needs) is
        never kept without the person's explicit consent, not even in a draft.
        """
        person = self._person(key)
        self._allowed("intake_draft", person["province"])
        record = self._record(raw)
        if any(str(record.get(name) or "").strip() for name in PROFESSIONAL_ONLY) and not raw.get("consent"):
            raise IntakeError({"consent": NO_CONSENT})
        return self._write("intake_draft", key, {"record": record})

    def finish(self, key: str, raw: dict, today: dt.date | None = None) -> int:
        """"Klaar voor matching": the conversation, checked, makes the person *wachtend*.

        ``raw`` has ``fields`` (the matching fields, as a form gives them), the practical answers, the
        professional-only ``impression`` and ``care_need``, the ``date`` of the conversation, who held it
        (``volunteer``) and the consent (``consent``, ``consent_on``, ``consent_by``). Health data is only
        kept with the person's explicit consent, with its date and who asked it.
        """
        person = self._person(key)
        self._allowed("intake_done", person["province"])
        if person["status"] != SIGNED_UP:
            raise JournalError(f"{key} is al klaar voor matching of niet meer aangemeld (status: {person['status']}).")
        today = today or dt.date.today()
        fields, errors = clean_fields(raw.get("fields", {}), SIGNUP_FIELDS)
        record = self._record(raw)
        for name in RECORD_TEXTS:
            text = record.get(name)
            record[name] = " ".join(str(text).split()) if text else None
            if record[name] and len(record[name]) > MAX_TEXT:
                errors[name] = f"Te lang: hou het bij {MAX_TEXT} tekens."
        if raw.get("date") is None:
            errors["date"] = "Vul de datum van het gesprek in."
        _not_future(raw.get("date"), today, "date", errors)
        health = any(record.get(name) for name in PROFESSIONAL_ONLY)
        if health and not raw.get("consent"):
            errors["consent"] = NO_CONSENT
        if raw.get("consent"):
            if raw.get("consent_on") is None:
                errors["consent_on"] = "Vul in wanneer de toestemming gegeven werd."
            _not_future(raw.get("consent_on"), today, "consent_on", errors)
            if not str(raw.get("consent_by") or "").strip():
                errors["consent_by"] = "Vul in wie de toestemming vroeg."
        if errors:
            raise IntakeError(errors)
        record["fields"] = fields
        record["volunteer"] = " ".join(str(raw.get("volunteer") or self.user.email).split())[:200]

        def check(state: PersonState) -> None:
            if state.record is not None and not state.status_set:
                raise JournalError(f"Het gesprek met {key} werd al afgerond door {state.recorded_by}.")

        return self._write("intake_done", key, {"record": record}, check)

    def correct(self, key: str, raw: dict) -> int:
        """Correct fields of a person (each checked as in a workbook; intake volunteers not the sensitive ones)."""
        person = self._person(key)
        self._allowed("correct", person["province"])
        fields, errors = clean_fields(raw, SIGNUP_FIELDS)
        if "first_name" in raw and not fields.get("first_name") and "first_name" not in errors:
            errors["first_name"] = "De voornaam mag niet leeg zijn."
        if errors:
            raise IntakeError(errors)
        if not fields:
            raise JournalError("Er is niets verbeterd.")
        return self._write("correct", key, {"fields": fields})

    def set_status(self, key: str, status: str, reason: str | None = None) -> int:
        """A professional puts someone on hold, stops them (with a reason) or lets them wait again."""
        person = self._person(key)
        self._allowed("person_status", person["province"])
        if status not in PERSON_STATUSES:
            raise IntakeError({"status": f"Kies een status uit {', '.join(PERSON_STATUSES)}."})
        if status == "gestopt" and reason not in STOP_REASONS:
            raise IntakeError({"reason": f"Kies een reden uit {', '.join(STOP_REASONS)}."})
        if status == "wachtend" and person["status"] == SIGNED_UP:
            raise IntakeError({"status": "Nog geen kennismakingsgesprek: rond eerst het gesprek af (Klaar voor "
                                         "matching)."})
        if status == person["status"]:
            raise IntakeError({"status": f"{key} is al {status}."})
        return self._write("person_status", key, {"status": status, "reason": reason if status == "gestopt" else None})

    def state(self, key: str) -> PersonState:
        """What the journal knows of one person (their draft, planning and conversation)."""
        rows = self.journal._read(f"WHERE duo_key = {self.journal.store.param}", (stream_key(key),))
        return replay_people(rows).get(key, PersonState(key))

    def draft(self, key: str) -> dict | None:
        """The person's draft as this user may see it.

        The professional-only answers only for professionals and for whoever typed them.
        """
        state = self.state(key)
        if state.draft is None:
            return None
        if self.user.role == PROFESSIONAL or state.draft_by == self.user.email:
            return state.draft
        return {k: v for k, v in state.draft.items() if k not in PROFESSIONAL_ONLY}


__all__ = ["IDENTITY_FIELDS", "MATCHING_FIELDS", "PERSON_STATUSES", "Intake", "IntakeError", "clean_field",
           "clean_fields"]
