"""AppTests of the lifecycle actions on each page: propose, introduce, start, follow up, stop, undo."""

from __future__ import annotations

import datetime as dt
import json
import os

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import duo_core
from app_pages.ui.text import plain
from duo_core import access, lifecycle
from duo_core.lifecycle import coaches
from duo_core.lifecycle.journal import Journal
from tests.app.apptest import started


@pytest.fixture
def workdir(demo_workdir):
    return demo_workdir




def _journal() -> Journal:
    return Journal(os.environ["DUO_JOURNAL"])


def _submit(at: AppTest, label: str) -> AppTest:
    [button] = [b for b in at.button if b.label == label]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _table(at: AppTest, column: str) -> pd.DataFrame:
    """The one table on the page that has ``column`` (tables without selection have no widget key)."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) == 1, f"{len(found)} tables with column {column}"
    return found[0]


def _lifecycle(at: AppTest) -> lifecycle.Lifecycle:
    return at.session_state["lifecycle"]


def _waiting_pair(at: AppTest) -> tuple[str, str]:
    view = _lifecycle(at).view
    for p_key in view.participants.loc[view.participants["status"] == "wachtend", "key"]:
        ranking = duo_core.rank_volunteers(view, p_key)
        if len(ranking):
            return p_key, ranking["key"].iloc[0]
    raise AssertionError("no waiting participant with a candidate")


def test_propose_from_match_zoeken(workdir):
    at = started(access.INTAKE, "app_pages/match_zoeken.py")
    p_key, v_key = _waiting_pair(at)
    at.session_state["person_p"] = p_key
    at.run()
    at.text_input(key="propose_note").input("Beiden houden van wandelen")
    _submit(at, "Voorstel vastleggen")
    events = _journal().events()
    assert events[["action", "actor", "participant_key", "volunteer_key"]].values.tolist() == [
        ["propose", "demo-intake@localhost", p_key, v_key]]
    payload = json.loads(events["payload"].iloc[0])
    explanation = duo_core.explain_match(_lifecycle(at).view, p_key, v_key)
    assert payload == {
        "note": "Beiden houden van wandelen", "score": round(explanation.total, 2),
        "points": {c.name: round(c.points, 2) for c in explanation.components},
        "max_points": {c.name: round(c.max_points, 2) for c in explanation.components},
        "shared_interests": len(explanation.components[1].shared), "distance_km": round(explanation.distance_km, 2),
    }
    view = _lifecycle(at).view
    pair = f"{' '.join(view.participants_by_key.loc[p_key, ['first_name', 'last_name']])} + " \
           f"{' '.join(view.volunteers_by_key.loc[v_key, ['first_name', 'last_name']])}"
    assert [s.value for s in at.success] == [  # the people, never the duo's key
        plain(f"Voorstel {pair} vastgelegd. Volg het verder op via Lopende duo's.")]


def test_a_proposed_volunteer_shows_why_in_other_rankings(workdir):
    at = started(access.PROFESSIONAL, "app_pages/match_zoeken.py")
    p_key, v_key = _waiting_pair(at)
    duo_key = _lifecycle(at).propose(p_key, v_key, "")
    at.run()
    view = _lifecycle(at).view
    other = next(k for k in view.participants.loc[view.participants["status"] == "wachtend", "key"]
                 if k != p_key and k.split("/")[0] == p_key.split("/")[0])
    at.session_state["person_p"] = other
    at.run()
    at.toggle(key="show_excluded").set_value(True).run()
    [table] = [d for d in at.dataframe if str(getattr(d, "key", "") or "").startswith("ranking_table::")]
    reasons = table.value.set_index("name")["why"]
    name = view.volunteers_by_key.loc[v_key, "first_name"] + " " + view.volunteers_by_key.loc[v_key, "last_name"]
    p_name = " ".join(view.participants_by_key.loc[p_key, ["first_name", "last_name"]])
    today = dt.date.today().strftime("%d/%m/%Y")
    assert (f"Vrijwilliger is al voorgesteld aan {p_name} ({p_key}) op {today} door demo-beroepskracht@localhost."
            in reasons[name])
    assert duo_key.startswith(p_key.split("/")[0] + "/APP")


def test_propose_from_the_waiting_list(workdir):
    at = started(access.INTAKE, "app_pages/wachtlijst.py")
    pairs = duo_core.propose_assignment(_lifecycle(at).view, provinces="alle").pairs
    next(box for box in at.selectbox if box.label == "Duo").set_value(1)  # a box of its own per proposal
    _submit(at, "Voorstel vastleggen")
    events = _journal().events()
    assert events[["participant_key", "volunteer_key"]].values.tolist() == [
        [pairs["participant_key"].iloc[1], pairs["volunteer_key"].iloc[1]]]
    pair = f"{pairs['participant_name'].iloc[1]} + {pairs['volunteer_name'].iloc[1]}"
    assert [s.value for s in at.success] == [plain(f"Voorstel {pair} vastgelegd. Volg het verder op via Lopende duo's.")]


def _proposed_and_picked(role: str = access.PROFESSIONAL):
    """Lopende duo's for ``role`` with a fresh proposal of a waiting pair chosen: ``(at, duo key)``."""
    at = started(role, "app_pages/lopende_duos.py")
    p_key, v_key = _waiting_pair(at)
    key = _lifecycle(at).propose(p_key, v_key, "")
    at.run()
    at.session_state["duo_pick"] = key
    at.run()
    return at, key


def test_a_pair_from_proposal_to_stop_on_lopende_duos(workdir):
    at, key = _proposed_and_picked()
    _submit(at, "Kennismaking gehouden")
    assert _journal().state(key).status == "kennismaking"
    at.run()
    suggestions = lifecycle.suggest_coaches(_lifecycle(at).view, key)
    assert at.selectbox(key=f"duo_coach::{key}").value == suggestions["key"].iloc[0]
    _submit(at, "Duo starten")
    state = _journal().state(key)
    assert (state.status, state.coach_key, state.start_date) == (
        "actief", suggestions["key"].iloc[0], dt.date.today().isoformat())
    at.run()
    at.multiselect(key="duos_status").set_value(["actief"]).run()
    at.session_state["duo_pick"] = key
    at.run()
    _submit(at, "Duo stoppen")
    assert [e.value for e in at.error] == ["Kies een reden om het duo te stoppen\\."]
    at.selectbox(key="duo_form_stop_reason").set_value("verhuisd")
    _submit(at, "Duo stoppen")
    assert [e.value for e in at.error] == ["Vink eerst aan dat dit duo echt gestopt is."]
    assert _journal().state(key).status == "actief"  # asked once more: nothing recorded yet
    assert at.selectbox(key="duo_form_stop_reason").value == "verhuisd"  # an error never clears the choice
    at.checkbox(key="duo_form_stop_sure").check()
    _submit(at, "Duo stoppen")
    assert _journal().state(key).status == "gestopt"
    at.run()
    assert at.selectbox(key="duo_pick").value is None or at.selectbox(key="duo_pick").value == key
    assert _journal().events()["action"].tolist() == ["propose", "introduce", "start", "stop"]


def test_a_proposed_duos_introduction_meeting_goes_to_the_calendar_with_the_coach(workdir):
    at, key = _proposed_and_picked()
    assert not at.get("download_button")  # no date yet: nothing to put in a calendar
    assert at.caption[-1].value == "Kies een datum om de afspraak te downloaden."
    suggestions = lifecycle.suggest_coaches(_lifecycle(at).view, key)
    assert at.selectbox(key="intro_ics_coach").value == suggestions["key"].iloc[0]
    day = dt.date.today() + dt.timedelta(days=3)
    at.date_input(key="intro_ics_date").set_value(day)
    at.text_input(key="intro_ics_place").set_value("Bij de deelnemer thuis").run()
    assert not at.exception, [e.value for e in at.exception]
    [button] = at.get("download_button")
    assert button.proto.label == "Kennismaking in mijn agenda (.ics)"
    assert _journal().events()["action"].tolist() == ["propose"]  # a calendar file records nothing


def test_intake_volunteer_cannot_start_a_duo(workdir):
    at = started(access.INTAKE, "app_pages/lopende_duos.py")
    p_key, v_key = _waiting_pair(at)
    key = _lifecycle(at).propose(p_key, v_key, "")
    at.run()
    _lifecycle(at).introduce(key)
    at.run()
    at.session_state["duo_pick"] = key
    at.run()
    labels = [b.label for b in at.button]
    # after the introduction it is no proposal any more: the duo can be kept from starting
    assert "Duo starten" not in labels and "Voorstel annuleren" not in labels and "Niet starten (annuleren)" in labels
    at.button(key="cancel").click().run()
    assert [s.value for s in at.success][-1].endswith(plain("start niet (geannuleerd na de kennismaking): beide "
                                                            "personen zijn weer vrij."))


def test_an_intake_volunteer_plans_the_introduction_of_a_proposed_duo_without_seeing_coaches(workdir):
    at, _ = _proposed_and_picked(access.INTAKE)
    assert not at.exception, [e.value for e in at.exception]
    assert "Kennismaking gehouden" in [b.label for b in at.button]
    assert not [s for s in at.selectbox if s.key == "intro_ics_coach"]  # an intake volunteer sees no coaches
    at.date_input(key="intro_ics_date").set_value(dt.date.today() + dt.timedelta(days=3)).run()
    assert not at.exception, [e.value for e in at.exception]
    [button] = at.get("download_button")
    assert button.proto.label == "Kennismaking in mijn agenda (.ics)"


def test_coach_records_a_followup_on_mijn_duos(workdir):
    at = started(access.COACH)
    coach = at.session_state["user"].coach_key
    mine = at.session_state["dataset"].duos
    duo_key = coaches.coach_duos(at.session_state["dataset"], coach)["duo_key"].iloc[0]  # the first card
    assert not [b for b in at.button if b.label == "Opvolging bewaren"]  # no form before the card opens it
    at.button(key=f"open_followup::{duo_key}").click().run()
    _submit(at, "Opvolging bewaren")
    assert [s.value for s in at.success][-1:] and at.success[-1].value.startswith("Opvolging vastgelegd voor"), ([e.value for e in at.error], [w.value for w in at.warning])
    assert not [b for b in at.button if b.label == "Opvolging bewaren"]  # the card's form closed again
    state = _journal().state(duo_key, base=lifecycle.workbook_state(mine.set_index("key", drop=False).loc[duo_key]))
    today = dt.date.today()
    assert (state.last_followup, state.next_followup) == (today.isoformat(), (today + dt.timedelta(days=56)).isoformat())
    at.run()
    table = _table(at, "last_followup")
    view = at.session_state["dataset"]
    row = coaches.coach_duos(view, coach).set_index("duo_key").loc[duo_key]
    assert (row["last_followup"], row["due"]) == (pd.Timestamp(today), pd.Timestamp(today + dt.timedelta(days=56)))
    assert (table["last_followup"] == pd.Timestamp(today)).sum() >= 1
    assert len(table) == len(mine)


def test_a_coach_stop_after_a_followup_keeps_what_was_chosen_and_says_what_is_missing(workdir):
    at = started(access.COACH)
    coach = at.session_state["user"].coach_key
    first, second = coaches.coach_duos(at.session_state["dataset"], coach)["duo_key"].iloc[:2]
    base = lifecycle.workbook_state(at.session_state["dataset"].duos.set_index("key", drop=False).loc[second])
    at.button(key=f"open_followup::{first}").click().run()
    _submit(at, "Opvolging bewaren")
    at.button(key=f"open_stop::{second}").click().run()
    at.selectbox(key=f"coach_form::{second}::reason").set_value("verhuisd")
    _submit(at, "Duo stoppen")
    assert [e.value for e in at.error] == ["Vink eerst aan dat dit duo echt gestopt is: een stop kan enkel de "
                                           "beroepskracht ongedaan maken."]
    assert at.selectbox(key=f"coach_form::{second}::reason").value == "verhuisd"  # nothing chosen was cleared
    at.checkbox(key=f"coach_form::{second}::sure").check()
    _submit(at, "Duo stoppen")
    assert _journal().state(second, base=base).status == "gestopt"
    at.run()
    assert second not in set(coaches.coach_duos(at.session_state["dataset"], coach)["duo_key"])


def test_professional_undoes_a_step_in_the_logboek(workdir):
    at = started(access.PROFESSIONAL, "app_pages/logboek.py")
    p_key, v_key = _waiting_pair(at)
    key = _lifecycle(at).propose(p_key, v_key, "")
    at.run()
    _lifecycle(at).introduce(key)
    at.run()
    audit = _table(at, "undone")
    assert audit[["id", "label", "duo_key"]].values.tolist() == [[2, "kennismaking gehouden", key],
                                                               [1, "voorgesteld", key]]
    assert at.selectbox(key="undo_step").value is None  # which step is always chosen, never preset
    _submit(at, "Ongedaan maken")
    assert [e.value for e in at.error] == ["Kies de stap die je ongedaan wil maken."]
    at.selectbox(key="undo_step").set_value(2)
    _submit(at, "Ongedaan maken")
    assert [e.value for e in at.error] == ["Vink eerst aan dat je deze stap ongedaan wil maken."]
    at.checkbox(key="undo_sure").check()
    _submit(at, "Ongedaan maken")
    assert _journal().state(key).status == "voorstel"
    # the form starts afresh, on screen too: the run after the action sets its fields' values
    assert (at.selectbox(key="undo_step").value, at.checkbox(key="undo_sure").value) == (None, False)
    at.run()
    audit = _table(at, "undone")
    assert audit[["id", "label", "undone"]].values.tolist() == [
        [3, "ongedaan gemaakt", "nee"], [2, "kennismaking gehouden", "ja"], [1, "voorgesteld", "nee"]]
