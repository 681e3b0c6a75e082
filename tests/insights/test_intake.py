"""Figures of the intake stage: sign-ups waiting, conversations per intake volunteer, days to conversation and duo."""

from __future__ import annotations

import datetime as dt
import math

from duo_core import lifecycle
from duo_core.insights import intake
from tests.lifecycle.test_people import BOSS, MIA, TODAY, conversation, ds, journal, steps  # noqa: F401  (fixtures)


def test_without_app_sign_ups_the_figures_are_empty(ds):  # noqa: F811
    figures = intake.intake_figures(ds)
    assert figures["signed_up"] == 0 and figures["conversations"] == 0
    assert math.isnan(figures["days_to_conversation"]) and math.isnan(figures["days_to_duo"])
    assert intake.conversations_per_volunteer(ds).empty


def test_days_from_sign_up_to_conversation_to_duo(ds, journal):  # noqa: F811
    first = steps(ds, journal).sign_up(MIA, "Antwerpen", registered_on=dt.date(2026, 11, 1), today=TODAY)
    steps(ds, journal).sign_up({**MIA, "first_name": "Lena"}, "Antwerpen", today=TODAY)
    steps(ds, journal).finish(first, conversation(), today=TODAY)  # held on 19/11
    lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), BOSS).propose(first, "Antwerpen/V1")  # on 20/11
    view = lifecycle.overlay(ds, journal)
    assert intake.intake_figures(view) == {"signed_up": 1, "conversations": 1, "days_to_conversation": 18.0,
                                           "days_to_duo": 1.0}
    per_volunteer = intake.conversations_per_volunteer(view, chosen={"Olivier": 4})
    assert per_volunteer.to_dict("records") == [
        {"volunteer": "Olivier", "conversations": 1, "per_month": 0.1, "chosen_per_month": 4.0}]


def test_no_data_at_all_gives_empty_figures(tmp_path):
    import duo_core
    from duo_core.lifecycle.journal import Journal

    empty = lifecycle.overlay(duo_core.load_dataset(tmp_path / "bestaat-niet"), Journal.in_memory())
    figures = intake.intake_figures(empty)
    assert (figures["signed_up"], figures["conversations"]) == (0, 0)
    assert math.isnan(figures["days_to_duo"])
