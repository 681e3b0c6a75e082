"""The demo shows the intake stage: sign-ups and intake volunteers in the workbooks, planned conversations seeded."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from duo_core import lifecycle
from duo_core.lifecycle import signups
from duo_core.lifecycle.demo_journal import DEMO_PLACES, seed_demo_journal
from duo_core.lifecycle.journal import Journal
from duo_core.lifecycle.team import intake_team

TODAY = dt.date(2026, 12, 2)  # a Wednesday


def test_the_demo_workbooks_hold_sign_ups_and_intake_volunteers(demo_ds):
    signed_up = demo_ds.participants[demo_ds.participants["status"] == "aangemeld"]
    assert signed_up.groupby("province").size().to_dict() == {
        "Antwerpen": 10, "Limburg": 5, "Oost-Vlaanderen": 8, "Vlaams-Brabant": 7, "West-Vlaanderen": 7}
    assert signed_up["intake_by"].isna().all() and signed_up["care_need"].isna().all()  # no conversation yet
    assert demo_ds.intake_volunteers.groupby("province").size().to_dict() == dict.fromkeys(DEMO_PLACES, 4)
    assert demo_ds.intake_volunteers["conversations_per_month"].notna().all()
    # the intake volunteers are the people who held the earlier conversations ("Intake door")
    names = set(demo_ds.intake_volunteers["first_name"] + " " + demo_ds.intake_volunteers["last_name"])
    assert set(demo_ds.participants["intake_by"].dropna()) <= names


def test_an_empty_demo_journal_gets_planned_conversations_once(demo_ds, tmp_path):
    journal = Journal(tmp_path / "demo_logboek.sqlite")
    assert seed_demo_journal(journal, demo_ds, TODAY) == 19
    assert seed_demo_journal(journal, demo_ds, TODAY) == 0  # a journal with events is never touched
    events = journal.events()
    assert events["action"].unique().tolist() == ["plan"] and events["actor"].unique().tolist() == [
        "demo-beroepskracht@localhost"]
    view = lifecycle.overlay(demo_ds, journal)
    waiting = signups.signups(view, demo_ds.as_of)
    assert (waiting["planned"] != "").sum() == 19 and len(waiting) == 37
    planned = view.participants[view.participants["intake_planned_on"].notna()]
    days = pd.to_datetime(planned["intake_planned_on"]).dt.date
    assert days.min() == dt.date(2026, 12, 3) and all(d.weekday() < 5 for d in days)
    team, _ = intake_team(demo_ds.intake_volunteers, [])
    per_month = {m.email: m.per_month for m in team}
    load = planned.groupby("intake_volunteer").size()
    assert all(load[who] <= per_month[who] for who in load.index)  # nobody gets more than they chose
    assert set(planned["intake_place"]) <= set(DEMO_PLACES.values())
