"""People in the journal: sign-up, planning, the conversation, corrections and statuses; overlay, reconciliation, projection."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import duo_core
from duo_core import access, lifecycle
from duo_core.lifecycle import signups
from duo_core.lifecycle.intake import Intake, IntakeError
from duo_core.lifecycle.journal import Journal, JournalError
from duo_core.lifecycle.people import PERSON_COLUMNS, replay_people
from duo_core.matching.sentences import NO_INTAKE_SENTENCE
from tests.matching_helpers import P, cell, dataset

TODAY = dt.date(2026, 11, 20)
BOSS = access.User("boss@x", access.PROFESSIONAL)
INTAKE = access.User("intake@x", access.INTAKE, provinces=("Antwerpen",))
OTHER_INTAKE = access.User("other@x", access.INTAKE)
COACH = access.User("els@x", access.COACH, coach_key="Antwerpen/C1")
LIMBURG = access.User("lim@x", access.PROFESSIONAL, provinces=("Limburg",))
MIA = {"first_name": "Mia", "last_name": "Janssens", "birth_date": dt.date(1950, 1, 2), "postcode": "2800",
       "interests": ["wandelen", "koken"], "availability": ["dinsdag namiddag"], "languages": ["nederlands"]}


def clock() -> dt.datetime:
    return dt.datetime(2026, 11, 20, 14, 30)


def person(first: str, last: str, birth: str, ident: str, status: str = "wachtend"):
    """A participant added to the base province's workbook."""
    def edit(records):
        row = copy.deepcopy(records[P][0])
        row.update({"ID": ident, "Voornaam": first, "Achternaam": last, "Geboortedatum": birth, "Status": status})
        records[P].append(row)
    return edit


@pytest.fixture
def ds(tmp_path):
    return dataset(tmp_path, cell(P, 1, "Voornaam", "Bert"), cell(P, 2, "Voornaam", "Cas"))


@pytest.fixture
def journal(tmp_path):
    return Journal(tmp_path / "logboek.sqlite", clock=clock)


def steps(ds, journal, user=BOSS) -> Intake:
    """The user's intake steps on the current view (rebuilt after each step, as the app does per run)."""
    return Intake(journal, lifecycle.overlay(ds, journal), user)


def conversation(**changes) -> dict:
    record = {"fields": {"interests": ["wandelen"], "smokes": "nee", "availability": ["dinsdag namiddag"]},
              "date": dt.date(2026, 11, 19), "volunteer": "Olivier", "transport": "met de bus",
              "practical": "rolstoel past niet in kleine auto", "organisational": "liefst na 10 uur",
              "impression": "rustig, wat eenzaam", "care_need": "MS", "consent": True,
              "consent_on": dt.date(2026, 11, 19), "consent_by": "Olivier"}
    return {**record, **changes}


def test_a_sign_up_is_a_new_participant_who_is_not_yet_matchable(ds, journal):
    key = steps(ds, journal).sign_up(MIA, "Antwerpen", today=TODAY)
    view = lifecycle.overlay(ds, journal)
    assert key == "Antwerpen/AANM00001"
    assert len(view.participants) == len(ds.participants) + 1
    row = view.participant(key)
    assert (row["status"], row["municipality"], row["source_file"], row["person_change"]) == (
        "aangemeld", "Mechelen", "logboek", "nieuw")
    assert row["interests"] == frozenset({"wandelen", "koken"})
    assert row["birth_date"] == pd.Timestamp("1950-01-02")
    assert row["registered_on"] == pd.Timestamp(TODAY)
    assert duo_core.standing(view, key) == NO_INTAKE_SENTENCE
    explanation = duo_core.explain_match(view, key, "Antwerpen/V1")
    assert explanation.exclusions == (NO_INTAKE_SENTENCE,)
    assert "nog geen kennismakingsgesprek" in NO_INTAKE_SENTENCE
    assert "intake" in {r.name for r in duo_core.RULES}


def test_klaar_voor_matching_makes_the_person_waiting_with_the_conversation_applied(ds, journal):
    key = steps(ds, journal).sign_up(MIA, "Antwerpen", today=TODAY)
    steps(ds, journal, INTAKE).finish(key, conversation(), today=TODAY)
    view = lifecycle.overlay(ds, journal)
    row = view.participant(key)
    assert row["status"] == "wachtend"
    assert row["interests"] == frozenset({"wandelen"})
    assert pd.notna(row["smokes"]) and not row["smokes"]
    assert (row["care_need"], row["intake_impression"], row["intake_transport"], row["intake_by"]) == (
        "MS", "rustig, wat eenzaam", "met de bus", "Olivier")
    assert (row["intake_on"], row["consent_on"], row["consent_by"]) == (
        pd.Timestamp("2026-11-19"), pd.Timestamp("2026-11-19"), "Olivier")
    assert duo_core.standing(view, key) is None
    assert duo_core.explain_match(view, key, "Antwerpen/V1").eligible


def test_a_draft_is_kept_as_typed_and_changes_nothing_until_finished(ds, journal):
    key = steps(ds, journal).sign_up(MIA, "Antwerpen", today=TODAY)
    typed = conversation(fields={"pref_age": "dertig"}, consent=False)
    with pytest.raises(IntakeError) as refused:  # health data is never kept without consent, not even in a draft
        steps(ds, journal, INTAKE).save_draft(key, typed)
    assert refused.value.errors == {"consent": (
        "Zonder uitdrukkelijke toestemming van de persoon worden zorgnood en indruk niet bewaard: vraag de "
        "toestemming of laat die velden leeg.")}
    assert journal.version() == (1, 1)  # the sign-up only
    typed = conversation(fields={"pref_age": "dertig"}, consent=True, consent_on=None)
    steps(ds, journal, INTAKE).save_draft(key, typed)
    view = lifecycle.overlay(ds, journal)
    assert view.participant(key)["status"] == "aangemeld"
    assert bool(view.participant(key)["intake_draft"]) is True
    draft = steps(ds, journal, INTAKE).draft(key)
    assert draft["fields"] == {"pref_age": "dertig"}
    assert (draft["impression"], draft["date"]) == ("rustig, wat eenzaam", "2026-11-19")
    other = steps(ds, journal, OTHER_INTAKE).draft(key)
    assert "impression" not in other and "care_need" not in other
    assert steps(ds, journal, BOSS).draft(key)["care_need"] == "MS"
    with pytest.raises(IntakeError) as refused:
        steps(ds, journal, INTAKE).finish(key, typed, today=TODAY)
    assert set(refused.value.errors) == {"pref_age", "consent_on"}
    assert "'dertig' is geen leeftijdsvoorkeur" in refused.value.errors["pref_age"]


def test_bad_sign_up_input_gets_a_message_per_field(ds, journal):
    raw = {**MIA, "first_name": " ", "postcode": "9999", "email": "mia.at.home", "birth_date": dt.date(2027, 1, 1)}
    with pytest.raises(IntakeError) as refused:
        steps(ds, journal).sign_up(raw, "Antwerpen", registered_on=dt.date(2026, 12, 1), today=TODAY)
    assert refused.value.errors == {
        "first_name": "Vul de voornaam in.",
        "postcode": "Postcode 9999 bestaat niet in België: kijk het nummer na.",
        "email": "'mia.at.home' is geen geldig e-mailadres: controleer het adres.",
        "registered_on": "01/12/2026 ligt in de toekomst: kies een dag die al voorbij is.",
        "birth_date": "01/01/2027 ligt in de toekomst: kies een dag die al voorbij is.",
    }
    assert journal.version() == (0, 0)


def test_someone_already_known_is_not_signed_up_twice(ds, journal):
    steps(ds, journal).sign_up(MIA, "Antwerpen", today=TODAY)
    with pytest.raises(IntakeError, match=r"al gekend \(Antwerpen/AANM00001\)"):
        steps(ds, journal).sign_up({**MIA, "first_name": "mia"}, "Antwerpen", today=TODAY)


def test_consent_needs_its_date_and_who_asked(ds, journal):
    key = steps(ds, journal).sign_up(MIA, "Antwerpen", today=TODAY)
    with pytest.raises(IntakeError) as refused:
        steps(ds, journal).finish(key, conversation(consent_on=None, consent_by=" "), today=TODAY)
    assert refused.value.errors == {"consent_on": "Vul in wanneer de toestemming gegeven werd.",
                                    "consent_by": "Vul in wie de toestemming vroeg."}
    # without health data no consent is needed
    steps(ds, journal).finish(key, conversation(consent=False, impression="", care_need=None), today=TODAY)
    assert pd.isna(lifecycle.overlay(ds, journal).participant(key)["care_need"])


def test_planning_is_recorded_and_checked(ds, journal):
    key = steps(ds, journal).sign_up(MIA, "Antwerpen", today=TODAY)
    with pytest.raises(IntakeError) as refused:
        steps(ds, journal, INTAKE).plan(key, "", dt.date(2026, 11, 1), None, "", today=TODAY)
    assert set(refused.value.errors) == {"volunteer", "date", "place"}
    steps(ds, journal, INTAKE).plan(key, "Olivier", dt.date(2026, 11, 25), dt.time(14, 0), "Samana Mechelen",
                                    today=TODAY)
    row = lifecycle.overlay(ds, journal).participant(key)
    assert (row["intake_planned_on"], row["intake_time"], row["intake_place"], row["intake_volunteer"]) == (
        pd.Timestamp("2026-11-25"), "14:00", "Samana Mechelen", "Olivier")


def test_person_steps_are_undone_like_duo_steps(ds, journal):
    key = steps(ds, journal).sign_up(MIA, "Antwerpen", today=TODAY)
    done = steps(ds, journal).finish(key, conversation(), today=TODAY)
    actions = lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), BOSS)
    with pytest.raises(JournalError, match=r"^Enkel de laatste stap over deze persoon kan ongedaan gemaakt worden \(stap 2\)\.$"):
        actions.undo(1)
    actions.undo(done)
    assert lifecycle.overlay(ds, journal).participant(key)["status"] == "aangemeld"
    with pytest.raises(JournalError, match="Als intakevrijwilliger kan je niet een stap ongedaan maken"):
        lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), INTAKE).undo(1)
    audit = lifecycle.audit_view(journal.events(), lifecycle.overlay(ds, journal))
    assert audit["label"].tolist() == ["ongedaan gemaakt", "klaar voor matching", "aangemeld"]
    assert audit["duo_key"].tolist() == ["", "", ""]  # a person's steps belong to no duo (no internal key shown)
    [(choice, what)] = lifecycle.undo_choices(audit).values()
    assert (choice.split(", 2")[0], what) == ("Stap 1: aangemeld (Mia Janssens)", "aangemeld van Mia Janssens")


def test_corrections_and_status_changes_apply_to_workbook_people(ds, journal):
    steps(ds, journal, INTAKE).correct("Antwerpen/D1", {"postcode": "2000", "interests": ["schaken"]})
    steps(ds, journal).set_status("Antwerpen/D3", "gestopt", "verhuisd")
    view = lifecycle.overlay(ds, journal)
    d1 = view.participant("Antwerpen/D1")
    assert (d1["postcode"], d1["interests"], d1["person_change"]) == ("2000", frozenset({"schaken"}), "gewijzigd")
    assert round(d1["lat"], 2) == 51.22
    assert view.participant("Antwerpen/D3")["status"] == "gestopt"
    assert len(view.participants) == len(ds.participants)
    assert duo_core.standing(view, "Antwerpen/D3") == "Deelnemer wacht niet (status: gestopt)."
    with pytest.raises(IntakeError) as refused:
        steps(ds, journal).set_status("Antwerpen/D1", "gestopt")
    assert refused.value.errors == {"reason": "Kies een reden uit " + ", ".join(duo_core.schema.STOP_REASONS) + "."}


def test_who_may_take_which_step(ds, journal):
    with pytest.raises(JournalError, match="Als contactcoach kan je niet iemand aanmelden"):
        steps(ds, journal, COACH).sign_up(MIA, "Antwerpen", today=TODAY)
    with pytest.raises(JournalError, match="Je werkt niet in provincie Antwerpen"):
        Intake(journal, lifecycle.overlay(ds, journal), LIMBURG).sign_up(MIA, "Antwerpen", today=TODAY)
    with pytest.raises(JournalError, match="Als intakevrijwilliger kan je niet een status wijzigen"):
        steps(ds, journal, INTAKE).set_status("Antwerpen/D1", "on hold")
    assert journal.version() == (0, 0)


def _workbook(tmp_path: Path, name: str, *edits) -> duo_core.Dataset:
    folder = tmp_path / name
    folder.mkdir()
    return dataset(folder, cell(P, 1, "Voornaam", "Bert"), cell(P, 2, "Voornaam", "Cas"), *edits)


def test_a_person_later_in_the_workbook_with_the_same_id_is_counted_once(tmp_path, ds, journal):
    key = steps(ds, journal).sign_up(MIA, "Antwerpen", today=TODAY)
    steps(ds, journal).finish(key, conversation(), today=TODAY)
    later = _workbook(tmp_path, "later", person("Mia", "Janssens", "02/01/1950", "AANM00001"))
    view = lifecycle.overlay(later, journal)
    assert view.participants["key"].tolist().count(key) == 1
    assert len(view.participants) == len(later.participants) == 4
    row = view.participant(key)
    assert (row["source_file"], row["status"], row["care_need"]) == ("Antwerpen.xlsx", "wachtend", "MS")


def test_a_person_later_in_the_workbook_by_name_and_birth_date_takes_their_duos_along(tmp_path, ds, journal):
    key = steps(ds, journal).sign_up(MIA, "Antwerpen", today=TODAY)
    steps(ds, journal).finish(key, conversation(), today=TODAY)
    duo = lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), BOSS).propose(key, "Antwerpen/V1")
    later = _workbook(tmp_path, "later", person("MIA", "Janssens", "02/01/1950", "D9", status="gekoppeld"))
    view = lifecycle.overlay(later, journal)
    assert len(view.participants) == 4
    assert key not in set(view.participants["key"])
    row = view.participant("Antwerpen/D9")
    assert (row["status"], row["intake_transport"]) == ("gekoppeld", "met de bus")
    proposed = view.duos[view.duos["key"] == duo]
    assert proposed["participant_key"].tolist() == ["Antwerpen/D9"]


def test_a_workbook_status_is_kept_unless_the_app_changed_it_explicitly(tmp_path, ds, journal):
    key = steps(ds, journal).sign_up(MIA, "Antwerpen", today=TODAY)  # aangemeld in the app only
    later = _workbook(tmp_path, "later", person("Mia", "Janssens", "02/01/1950", "AANM00001"))
    assert lifecycle.overlay(later, journal).participant(key)["status"] == "wachtend"
    Intake(journal, lifecycle.overlay(later, journal), BOSS).set_status(key, "on hold")
    assert lifecycle.overlay(later, journal).participant(key)["status"] == "on hold"


def test_roles_see_what_they_need_of_the_intake(ds, journal):
    key = steps(ds, journal).sign_up(MIA, "Antwerpen", today=TODAY)
    steps(ds, journal).finish(key, conversation(), today=TODAY)
    view = lifecycle.overlay(ds, journal)
    professional = access.visible_dataset(view, BOSS).participants
    intake = access.visible_dataset(view, INTAKE).participants
    coach = access.visible_dataset(view, COACH).participants
    assert set(PERSON_COLUMNS) <= set(professional.columns)
    assert professional.set_index("key").loc[key, "intake_impression"] == "rustig, wat eenzaam"
    assert {"intake_impression", "care_need", "notes"}.isdisjoint(intake.columns)
    assert intake.set_index("key").loc[key, "intake_transport"] == "met de bus"
    assert list(coach.columns) == access.COACH_PERSON_COLUMNS
    assert key not in set(coach["key"])


def test_duo_replay_ignores_person_steps(ds, journal):
    key = steps(ds, journal).sign_up(MIA, "Antwerpen", today=TODAY)
    steps(ds, journal).finish(key, conversation(), today=TODAY)
    assert journal.states() == {}
    assert set(replay_people(journal.rows())) == {key}
    view = lifecycle.overlay(ds, journal)
    assert view.duos.drop(columns=lifecycle.JOURNAL_COLUMNS).equals(ds.duos)


def test_the_planning_proposal_follows_province_load_and_waiting_time(ds, journal):
    from duo_core.lifecycle import signups

    first = steps(ds, journal).sign_up(MIA, "Antwerpen", registered_on=dt.date(2026, 10, 1), today=TODAY)
    second = steps(ds, journal).sign_up({**MIA, "first_name": "Lena"}, "Antwerpen", registered_on=dt.date(2026, 11, 1),
                                        today=TODAY)
    third = steps(ds, journal).sign_up({**MIA, "first_name": "Rik"}, "Antwerpen", registered_on=dt.date(2026, 11, 10),
                                       today=TODAY)
    fourth = steps(ds, journal).sign_up({**MIA, "first_name": "Ann"}, "Antwerpen", today=TODAY)
    steps(ds, journal).plan(fourth, "ina@x", dt.date(2026, 11, 28), None, "Mechelen", today=TODAY)
    team = [access.User("ina@x", access.INTAKE, provinces=("Antwerpen",), per_month=2),
            access.User("jo@x", access.INTAKE, per_month=1),
            access.User("lim@x", access.INTAKE, provinces=("Limburg",), per_month=9),
            access.User("none@x", access.INTAKE)]
    view = lifecycle.overlay(ds, journal)
    waiting = signups.signups(view, TODAY)
    proposal = signups.propose_planning(waiting, view, team, TODAY)
    # ina has 1 left (1 of 2 planned this month), jo 1: the longest waiting first, the most room first
    assert proposal.to_dict() == {first: "ina@x", second: "jo@x", third: None, fourth: None}


def test_a_postcode_of_another_province_is_said_at_the_province(ds, journal):
    with pytest.raises(IntakeError) as raised:
        steps(ds, journal).sign_up({**MIA, "postcode": "3500"}, "Antwerpen", today=TODAY)
    assert raised.value.errors == {"province": "Postcode 3500 ligt in Limburg, niet in Antwerpen: kies Limburg als "
                                               "provincie."}
    assert journal.version() == (0, 0)


def test_the_planning_names_each_sign_up_also_without_a_sign_up_date():
    waiting = pd.DataFrame({"key": ["Antwerpen/1", "Antwerpen/2"], "name": ["Mia Janssens", "Jan Peeters"],
                            "municipality": ["Mechelen", None], "days": pd.array([12, None], dtype="Int64")})
    assert signups.plan_labels(waiting) == {"Antwerpen/1": "Mia Janssens (Mechelen, 12 dagen)",
                                            "Antwerpen/2": "Jan Peeters (?, ? dagen)"}  # an imported form: no date
