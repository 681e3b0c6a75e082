"""Lifecycle: the workbooks plus the journal, who may do what, the checks on input, suggestions, export."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest

import duo_core
from duo_core import access, lifecycle
from duo_core.insights import monitoring
from duo_core.lifecycle import coaches
from duo_core.lifecycle.journal import Journal, JournalError
from duo_core.output import master
from tests.matching_helpers import P, V, cell, dataset

D1, D2, D3, V1, V2 = "Antwerpen/D1", "Antwerpen/D2", "Antwerpen/D3", "Antwerpen/V1", "Antwerpen/V2"
C1, DUO1 = "Antwerpen/C1", "Antwerpen/DUO1"
DAY = dt.date(2026, 11, 2)
BOSS = access.User("boss@x", access.PROFESSIONAL)
INTAKE = access.User("intake@x", access.INTAKE)
COACH = access.User("els@x", access.COACH, coach_key=C1)


def clock() -> dt.datetime:
    return dt.datetime(2026, 11, 20, 14, 30)


@pytest.fixture
def ds(tmp_path):
    """The base province with D3 moved to Mechelen (D1 and D3 both fit V1) and room for a 2nd duo at V2."""
    return dataset(tmp_path, cell(P, 2, "Postcode", 2800), cell(P, 2, "Gemeente", "Mechelen"),
                   cell(V, 1, "Max. aantal duo's", 2))


@pytest.fixture
def journal(tmp_path):
    return Journal(tmp_path / "logboek.sqlite", clock=clock)


def act(ds, journal, user=BOSS):
    """The user's actions on the current view (rebuilt after each step, as the app does per run)."""
    return lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), user)


def test_without_events_the_view_is_the_workbook_with_empty_journal_columns(ds, journal):
    view = lifecycle.overlay(ds, journal)
    assert view.duos.drop(columns=lifecycle.JOURNAL_COLUMNS).equals(ds.duos)
    assert view.duos["workbook_status"].tolist() == ["actief"]
    assert view.duos["journal_change"].isna().all()


def test_a_started_duo_appears_in_the_coach_list_and_monitoring_at_once(ds, journal):
    key = act(ds, journal).propose(D1, V1, "wandelen")
    act(ds, journal).introduce(key)
    act(ds, journal).start(key, C1, DAY)
    view = lifecycle.overlay(ds, journal)
    assert coaches.coach_duos(view, C1)["duo_key"].tolist() == [DUO1, key]  # DUO1 is due first
    figures = monitoring.key_figures(view).iloc[-1]
    before = monitoring.key_figures(lifecycle.overlay(ds, [])).iloc[-1]
    assert (figures["waiting"], figures["active_duos"]) == (before["waiting"] - 1, before["active_duos"] + 1)
    people = (view.participant(D1)["status"], view.volunteer(V1)["status"])
    assert people == ("gekoppeld", "gekoppeld")
    row = view.duos.set_index("key").loc[key]
    assert (row["source_file"], row["journal_change"], row["proposed_by"], row["proposed_on"]) == (
        "logboek", "nieuw", "boss@x", pd.Timestamp("2026-11-20"))


def test_the_master_workbook_holding_the_same_duo_is_not_counted_twice(ds, journal):
    key = act(ds, journal).propose(D1, V1)
    act(ds, journal).introduce(key)
    act(ds, journal).start(key, C1, DAY)
    master = ds.duos.iloc[[0]].assign(key="Antwerpen/DUO7", id="DUO7", participant_key=D1, volunteer_key=V1,
                                      participant_id="D1", volunteer_id="V1", start_date=pd.Timestamp(DAY))
    merged = lifecycle.overlay(dataclasses.replace(ds, duos=pd.concat([ds.duos, master], ignore_index=True)), journal)
    assert merged.duos["key"].tolist() == [DUO1, "Antwerpen/DUO7"]
    assert merged.duos["journal_change"].isna().all()


def test_a_journal_stop_is_applied_to_the_reconciled_workbook_row(ds, journal):
    key = act(ds, journal).propose(D1, V1)
    act(ds, journal).introduce(key)
    act(ds, journal).start(key, C1, DAY)
    master = ds.duos.iloc[[0]].assign(key="Antwerpen/DUO7", id="DUO7", participant_key=D1, volunteer_key=V1,
                                      participant_id="D1", volunteer_id="V1", start_date=pd.Timestamp(DAY))
    act(ds, journal).stop(key, dt.date(2026, 11, 10), "verhuisd")
    merged = lifecycle.overlay(dataclasses.replace(ds, duos=pd.concat([ds.duos, master], ignore_index=True)), journal)
    row = merged.duos.set_index("key").loc["Antwerpen/DUO7"]
    assert (row["status"], row["end_date"], row["stop_reason"], row["journal_change"]) == (
        "gestopt", pd.Timestamp("2026-11-10"), "verhuisd", "gewijzigd")


def test_a_followup_on_a_workbook_duo_changes_that_row(ds, journal):
    act(ds, journal, COACH).followup(DUO1, DAY, "alles goed", today=DAY)
    row = lifecycle.overlay(ds, journal).duos.set_index("key").loc[DUO1]
    assert (row["last_followup"], row["next_followup"], row["journal_change"]) == (
        pd.Timestamp("2026-11-02"), pd.Timestamp("2026-12-28"), "gewijzigd")


def test_an_older_followup_does_not_overwrite_the_workbook(ds, journal):
    act(ds, journal, COACH).followup(DUO1, dt.date(2026, 8, 1), today=DAY)
    row = lifecycle.overlay(ds, journal).duos.set_index("key").loc[DUO1]
    assert row["last_followup"] == pd.Timestamp("2026-09-01")
    assert pd.isna(row["journal_change"])


def test_other_rankings_exclude_the_proposed_people_with_the_reason(ds, journal):
    act(ds, journal).propose(D1, V1, "")
    view = lifecycle.overlay(ds, journal)
    ranking = duo_core.rank_volunteers(view, D3, include_excluded=True)
    reasons = dict(zip(ranking["key"], ranking["reasons"], strict=True))
    assert reasons[V1] == [
        "Vrijwilliger heeft al 1 duo (max. 1).",
        "Vrijwilliger is al voorgesteld aan An Peeters (Antwerpen/D1) op 20/11/2026 door boss@x.",
    ]
    explanation = duo_core.explain_match(view, D1, V2)
    assert "Deelnemer is al voorgesteld aan Bart Claes (Antwerpen/V1) op 20/11/2026 door boss@x." in (
        explanation.exclusions)


def test_the_proposed_pair_itself_says_it_was_proposed(ds, journal):
    act(ds, journal).propose(D1, V1, "")
    explanation = duo_core.explain_match(lifecycle.overlay(ds, journal), D1, V1)
    assert "Dit duo is al voorgesteld op 20/11/2026 door boss@x." in explanation.exclusions


def test_the_whole_list_proposal_leaves_reserved_people_out(ds, journal):
    before = duo_core.propose_assignment(lifecycle.overlay(ds, journal)).pairs
    assert before[["participant_key", "volunteer_key"]].values.tolist() == [[D1, V1], [D3, V2]]
    act(ds, journal).propose(D3, V1)
    after = duo_core.propose_assignment(lifecycle.overlay(ds, journal)).pairs
    assert after[["participant_key", "volunteer_key"]].values.tolist() == [[D1, V2]]


def test_an_excluded_pair_cannot_be_proposed(tmp_path, journal):
    ds = dataset(tmp_path, cell(P, 0, "Voorkeur geslacht vrijwilliger", "vrouw"))
    with pytest.raises(JournalError) as err:
        act(ds, journal).propose(D1, V1)
    assert str(err.value) == "Dit duo kan niet voorgesteld worden: Deelnemer wil een vrouwelijke vrijwilliger."
    assert journal.events().empty


def test_an_unknown_person_cannot_be_proposed(ds, journal):
    with pytest.raises(JournalError, match=r"^Geen deelnemer met sleutel 'Antwerpen/D99'\.$"):
        act(ds, journal).propose("Antwerpen/D99", V1)


@pytest.mark.parametrize(("user", "action", "message"), [
    (INTAKE, "start", "Als intakevrijwilliger kan je niet een duo starten."),
    (INTAKE, "stop", "Als intakevrijwilliger kan je niet een duo stoppen."),
    (INTAKE, "undo", "Als intakevrijwilliger kan je niet een stap ongedaan maken."),
    (COACH, "propose", "Als contactcoach kan je niet een duo voorstellen."),
    (COACH, "introduce", "Als contactcoach kan je niet een kennismaking vastleggen."),
    (access.User("other@x", access.COACH, coach_key="Antwerpen/C9"), "followup",
     "Duo 'Antwerpen/DUO1' is niet een van jouw duo's."),
    (access.User("lim@x", access.PROFESSIONAL, provinces=("Limburg",)), "stop",
     "Je werkt niet in provincie Antwerpen."),
])
def test_roles_may_only_do_their_own_steps(ds, journal, user, action, message):
    actions = act(ds, journal, user)
    call = {
        "start": lambda: actions.start(DUO1, C1, DAY),
        "stop": lambda: actions.stop(DUO1, DAY, "verhuisd"),
        "undo": lambda: actions.undo(1),
        "propose": lambda: actions.propose(D1, V1),
        "introduce": lambda: actions.introduce(DUO1),
        "followup": lambda: actions.followup(DUO1, DAY, today=DAY),
    }[action]
    with pytest.raises(JournalError) as err:
        call()
    assert str(err.value) == message
    assert not actions.may(action, None if action in ("propose", "undo") else DUO1)
    assert journal.events().empty


def test_each_role_may_take_exactly_its_steps(ds, journal):
    allowed = {
        user.role: sorted(a for a in lifecycle.PERMISSIONS if act(ds, journal, user).may(a))
        for user in (BOSS, INTAKE, COACH)
    }
    assert allowed == {
        "beroepskracht": ["cancel", "followup", "introduce", "propose", "start", "stop", "undo"],
        "intakevrijwilliger": ["cancel", "introduce", "propose"],
        "contactcoach": ["followup", "stop"],
    }


@pytest.mark.parametrize(("call", "message"), [
    (lambda a: a.followup(DUO1, dt.date(2026, 11, 3), today=DAY),
     "De datum van de opvolging ligt in de toekomst: kies de dag van het contact."),
    (lambda a: a.followup(DUO1, dt.date(2025, 2, 1), today=DAY),
     "De opvolging (01/02/2025) ligt vóór de start van het duo (01/03/2025)."),
    (lambda a: a.stop(DUO1, DAY, "ruzie"),
     "Onbekende stopreden 'ruzie': kies uit klik niet goed, verhuisd, gezondheid deelnemer, overleden, "
     "vrijwilliger stopt, doel bereikt, tijdsgebrek, andere."),
    (lambda a: a.stop(DUO1, dt.date(2025, 1, 1), "verhuisd"),
     "De einddatum (01/01/2025) ligt vóór de start van het duo (01/03/2025)."),
    (lambda a: a.cancel(DUO1), "Kan niet: duo 'Antwerpen/DUO1' is actief (kan enkel vanuit voorgesteld, in kennismaking)."),
])
def test_bad_input_is_refused_in_dutch(ds, journal, call, message):
    with pytest.raises(JournalError) as err:
        call(act(ds, journal))
    assert str(err.value) == message
    assert journal.events().empty


def test_a_workbook_proposal_is_cancelled_in_the_workbook(tmp_path, journal):
    ds = dataset(tmp_path, cell("Duo's", 0, "Status", "voorstel"))
    with pytest.raises(JournalError, match=r"^Voorstel 'Antwerpen/DUO1' staat in het werkboek: pas het daar aan\.$"):
        act(ds, journal).cancel(DUO1)


def test_starting_needs_a_known_coach(ds, journal):
    key = act(ds, journal).propose(D1, V1)
    act(ds, journal).introduce(key)
    with pytest.raises(JournalError, match=r"^Contactcoach 'Antwerpen/C7' is niet gekend: kies een coach uit de lijst\.$"):
        act(ds, journal).start(key, "Antwerpen/C7", DAY)


def test_coach_suggestions_put_free_capacity_first_then_distance(tmp_path, journal):
    def more_coaches(records):
        first = records["Contactcoaches"][0]
        records["Contactcoaches"] += [
            {**first, "ID": "C2", "Voornaam": "Jan", "Postcode": 2000, "Gewenst aantal duo's": 8},
            {**first, "ID": "C3", "Voornaam": "Lies", "Postcode": 2800, "Gewenst aantal duo's": 3},
            {**first, "ID": "C4", "Voornaam": "Tom", "Postcode": 2000, "Gewenst aantal duo's": ""},
        ]

    ds = dataset(tmp_path, more_coaches)
    key = act(ds, journal).propose(D1, V1)
    suggestions = lifecycle.suggest_coaches(lifecycle.overlay(ds, journal), key)
    assert suggestions["key"].tolist() == ["Antwerpen/C2", C1, "Antwerpen/C3", "Antwerpen/C4"]
    assert suggestions["open_duos"].tolist() == [0, 1, 0, 0]
    assert suggestions["free"].tolist()[:3] == [8, 7, 3] and pd.isna(suggestions["free"].iloc[3])
    assert suggestions["distance_km"].tolist()[:2] == [22.2, 0.0]  # Mechelen-Antwerpen, 0.1942° N and 0.0741° E


def test_the_phones_of_a_duo_for_its_introduction_meeting(tmp_path, journal):
    ds = dataset(tmp_path, cell(P, 0, "Telefoon", " 0470 11 22 33 "), cell(V, 0, "Telefoon", ""))
    view = lifecycle.overlay(ds, journal)
    duo = pd.Series({"participant_key": D1, "volunteer_key": V1})
    assert lifecycle.duo_phones(view, duo) == "Deelnemer 0470 11 22 33, vrijwilliger geen nummer."
    assert lifecycle.duo_phones(view, pd.Series({"participant_key": "Limburg/X", "volunteer_key": V1})) == (
        "Deelnemer geen nummer, vrijwilliger geen nummer.")


def test_export_gives_template_rows_for_new_and_changed_duos(ds, journal):
    key = act(ds, journal).propose(D1, V1)
    act(ds, journal).introduce(key)
    act(ds, journal).start(key, C1, DAY)
    act(ds, journal, COACH).followup(DUO1, DAY, today=DAY)
    sheets = master.export_sheets(lifecycle.overlay(ds, journal))
    assert list(sheets) == ["Duo's Antwerpen"]
    frame = sheets["Duo's Antwerpen"]
    assert frame.columns.tolist() == [c.header for c in duo_core.schema.DUOS.columns] + ["Wijziging"]
    assert frame.astype(object).where(frame.notna(), None).values.tolist() == [
        ["APP00001", "D1", "V1", "C1", dt.datetime(2026, 11, 2), "actief", None, None, None, None, "nieuw"],
        ["DUO1", "D2", "V2", "C1", dt.datetime(2025, 3, 1), "actief", None, None, dt.datetime(2026, 11, 2),
         dt.datetime(2026, 12, 28), "gewijzigd"],
    ]


def test_the_exported_rows_load_back_as_the_same_duos(ds, journal, tmp_path):
    key = act(ds, journal).propose(D1, V1)
    act(ds, journal).introduce(key)
    act(ds, journal).start(key, C1, DAY)
    view = lifecycle.overlay(ds, journal)
    rows = master.export_sheets(view)["Duo's Antwerpen"].drop(columns=["Wijziging"])
    # the professional pastes the rows and, as the app shows, marks both people as gekoppeld
    participants = duo_core.output.template.frame_rows(view.participants, duo_core.schema.PARTICIPANTS)
    path = duo_core.output.template.write_workbook(tmp_path / "out" / "Antwerpen.xlsx", "Antwerpen", {
        "Deelnemers": participants,
        "Vrijwilligers": duo_core.output.template.frame_rows(view.volunteers, duo_core.schema.VOLUNTEERS),
        "Duo's": duo_core.output.template.frame_rows(ds.duos, duo_core.schema.DUOS)
        + rows.astype(object).where(rows.notna(), None).values.tolist(),
        "Contactcoaches": duo_core.output.template.frame_rows(ds.coaches, duo_core.schema.COACHES),
    })
    reloaded = duo_core.load_dataset(path, as_of=ds.as_of)
    assert reloaded.findings.empty
    again = lifecycle.overlay(reloaded, journal)
    assert sorted(again.duos["key"]) == ["Antwerpen/APP00001", DUO1]
    assert again.duos["journal_change"].isna().all()


def test_the_audit_view_names_every_step_newest_first(ds, journal):
    key = act(ds, journal).propose(D1, V1, "beiden wandelen")
    act(ds, journal).introduce(key)
    act(ds, journal).undo(2)
    audit = lifecycle.audit_view(journal.events(), lifecycle.overlay(ds, journal))
    assert audit[["id", "at", "actor", "label", "participant", "volunteer", "details", "undone"]].values.tolist() == [
        [3, "20/11/2026 14:30", "boss@x", "ongedaan gemaakt", "An Peeters", "Bart Claes",
         "stap 2 (kennismaking gehouden)", False],
        [2, "20/11/2026 14:30", "boss@x", "kennismaking gehouden", "An Peeters", "Bart Claes", "", True],
        [1, "20/11/2026 14:30", "boss@x", "voorgesteld", "An Peeters", "Bart Claes", "beiden wandelen", False],
    ]
    assert lifecycle.audit_view(journal.events(), lifecycle.overlay(ds, journal), ("Limburg",)).empty


def test_only_steps_not_undone_are_offered_to_undo_each_named_with_its_duo_and_people(ds, journal):
    key = act(ds, journal).propose(D1, V1, "beiden wandelen")
    act(ds, journal).introduce(key)
    before = lifecycle.audit_view(journal.events(), lifecycle.overlay(ds, journal))
    assert list(lifecycle.undo_choices(before)) == [2]  # only the duo's last step: the journal refuses an earlier one
    act(ds, journal).undo(2)
    audit = lifecycle.audit_view(journal.events(), lifecycle.overlay(ds, journal))
    assert lifecycle.undo_choices(audit) == {
        1: (f"Stap 1: voorgesteld, {key} (An Peeters + Bart Claes), 20/11/2026 14:30",
            "voorgesteld van An Peeters + Bart Claes")}


def test_a_professional_undoes_only_steps_in_their_provinces(ds, journal):
    act(ds, journal).propose(D1, V1)
    limburg = access.User("lim@x", access.PROFESSIONAL, provinces=("Limburg",))
    with pytest.raises(JournalError, match=r"^Je werkt niet in provincie Antwerpen\.$"):
        act(ds, journal, limburg).undo(1)
    assert journal.events()["action"].tolist() == ["propose"]


def test_next_steps_follow_the_status_and_the_role(tmp_path, journal):
    ds = dataset(tmp_path, cell("Duo's", 0, "Status", "voorstel"))
    key = act(ds, journal).propose(D1, V1)
    assert act(ds, journal).next_steps(key) == ("introduce", "cancel")
    assert act(ds, journal).next_steps(DUO1) == ("introduce",)  # a workbook proposal is cancelled there
    act(ds, journal).introduce(key)
    assert act(ds, journal, INTAKE).next_steps(key) == ("cancel",)
    assert act(ds, journal).next_steps(key) == ("start", "followup", "stop", "cancel")


def test_a_coach_may_follow_up_and_stop_own_running_duos(ds, journal):
    assert act(ds, journal, COACH).next_steps(DUO1) == ("followup", "stop")


@pytest.mark.parametrize(("call", "message"), [
    (lambda a, key: a.start(key, None, DAY), "Kies een contactcoach."),
    (lambda a, key: a.stop(key, DAY, None), "Kies een reden om het duo te stoppen."),
])
def test_a_missing_choice_is_refused_in_dutch(ds, journal, call, message):
    key = act(ds, journal).propose(D1, V1)
    act(ds, journal).introduce(key)
    with pytest.raises(JournalError) as err:
        call(act(ds, journal), key)
    assert str(err.value) == message
    assert journal.events()["action"].tolist() == ["propose", "introduce"]


def test_an_intake_volunteers_view_holds_no_coaches_to_suggest(ds, journal):
    key = act(ds, journal).propose(D1, V1)
    view = access.visible_dataset(lifecycle.overlay(ds, journal), INTAKE)
    suggestions = lifecycle.suggest_coaches(view, key)
    assert suggestions.empty
    assert list(suggestions.columns) == ["key", "coach", "open_duos", "desired_duos", "free", "distance_km"]
    assert lifecycle.preferred_coach(view.duos.set_index("key").loc[key], suggestions) is None


def test_a_step_without_a_date_is_refused_with_what_to_fill_in(ds, journal):
    key = act(ds, journal).propose(D1, V1)
    act(ds, journal).introduce(key)
    with pytest.raises(JournalError, match=r"^Vul de startdatum in: de dag waarop het duo echt startte\.$"):
        act(ds, journal).start(key, C1, None)
    act(ds, journal).start(key, C1, DAY, today=DAY)
    with pytest.raises(JournalError, match=r"^Vul de datum van het contact in\.$"):
        act(ds, journal).followup(key, None)
    with pytest.raises(JournalError, match=r"^Vul de einddatum in: de dag waarop het duo stopte\.$"):
        act(ds, journal).stop(key, None, "verhuisd")
    assert journal.events()["action"].tolist() == ["propose", "introduce", "start"]
