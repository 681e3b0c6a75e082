"""The intake team: the Intakevrijwilligers sheets and the allow-list as one list, the workbook's number winning."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from duo_core import access
from duo_core.dataset import empty_intake_volunteers
from duo_core.findings import WARNING, Finding
from duo_core.lifecycle import signups
from duo_core.lifecycle.team import (
    ALLOWLIST,
    BOTH,
    SHEET,
    Member,
    chosen_per_month,
    finding_text,
    intake_team,
    shown_names,
)


def _sheet(*rows) -> pd.DataFrame:
    """Intake volunteers as the loader gives them: (province, ID, first name, e-mail, per month[, provinces])."""
    frame = empty_intake_volunteers()
    records = [{"key": f"{p}/{i}", "province": p, "id": i, "first_name": first, "last_name": "Maes", "email": email,
                "conversations_per_month": n, "provinces": (rest[0] if rest else (p,)), "source_row": r,
                "source_file": f"{p}.xlsx"} for r, (p, i, first, email, n, *rest) in enumerate(rows, start=2)]
    out = pd.concat([frame, pd.DataFrame(records)], ignore_index=True)
    out["conversations_per_month"] = out["conversations_per_month"].astype("Int64")
    return out


def test_the_workbook_number_wins_over_the_allowlist_and_a_difference_is_a_finding():
    sheet = _sheet(("Antwerpen", "I1", "Olivier", "Olivier@Samana.be", 3), ("Antwerpen", "I2", "Sara", "", 2),
                   ("Limburg", "I7", "Lies", "lies@samana.be", None))
    users = [access.User("olivier@samana.be", access.INTAKE, provinces=("Antwerpen",), per_month=5),
             access.User("lies@samana.be", access.INTAKE, per_month=4),
             access.User("tom@samana.be", access.INTAKE, provinces=("Limburg",), per_month=2),
             access.User("boss@samana.be", access.PROFESSIONAL)]
    team, findings = intake_team(sheet, users)
    assert team == [
        Member("olivier@samana.be", "Olivier Maes", ("Antwerpen",), 3, BOTH),
        Member("Sara Maes", "Sara Maes", ("Antwerpen",), 2, SHEET),
        Member("lies@samana.be", "Lies Maes", ("Limburg",), 4, BOTH),  # the sheet leaves it empty: the allow-list's
        Member("tom@samana.be", "", ("Limburg",), 2, ALLOWLIST),
    ]
    assert findings == [Finding(
        "Antwerpen.xlsx", "Intakevrijwilligers", 2, "Gesprekken per maand", WARNING,
        "Gesprekken per maand 3 voor Olivier Maes verschilt van conversations_per_month = 5 in de toegangslijst: de "
        "app plant met 3 uit dit werkboek. Maak beide gelijk (of laat conversations_per_month weg).")]
    assert finding_text(findings[0]).startswith(
        "Antwerpen.xlsx, tabblad Intakevrijwilligers, rij 2, kolom Gesprekken per maand: Gesprekken per maand 3")
    assert chosen_per_month(team) == {"olivier@samana.be": 3.0, "Olivier Maes": 3.0, "Sara Maes": 2.0,
                                      "lies@samana.be": 4.0, "Lies Maes": 4.0, "tom@samana.be": 2.0}


def test_the_same_person_in_two_workbooks_holds_conversations_in_both_provinces():
    sheet = _sheet(("Antwerpen", "I1", "Olivier", "o@x", 3), ("Limburg", "I4", "Olivier", "O@x", None),
                   ("Limburg", "I5", "An", "an@x", 1, ("Vlaams-Brabant",)))
    team, findings = intake_team(sheet, [])
    assert team == [Member("o@x", "Olivier Maes", ("Antwerpen", "Limburg"), 3, SHEET),
                    Member("an@x", "An Maes", ("Vlaams-Brabant",), 1, SHEET)]
    assert findings == []


def test_the_planning_proposal_uses_the_load_from_the_sheet():
    view_participants = pd.DataFrame({
        "key": ["Antwerpen/A1", "Antwerpen/A2", "Antwerpen/A3", "Antwerpen/A4"], "status": ["aangemeld"] * 4,
        "intake_on": pd.to_datetime([None] * 4), "intake_planned_on": pd.to_datetime([None] * 4),
        "intake_volunteer": [None] * 4})
    waiting = pd.DataFrame({"key": view_participants["key"], "province": ["Antwerpen"] * 4, "planned": [""] * 4})

    class View:
        participants = view_participants

    team, _ = intake_team(_sheet(("Antwerpen", "I1", "Olivier", "o@x", 2), ("Antwerpen", "I2", "Sara", "s@x", 1)),
                          [access.User("o@x", access.INTAKE, per_month=9)])
    proposal = signups.propose_planning(waiting, View, team, dt.date(2026, 11, 20))
    # Olivier has room for 2 (the sheet, not the allow-list's 9), Sara for 1: the fourth sign-up gets nobody
    assert proposal.to_dict() == {"Antwerpen/A1": "o@x", "Antwerpen/A2": "o@x", "Antwerpen/A3": "s@x",
                                  "Antwerpen/A4": None}


def test_an_intake_volunteer_is_shown_by_name_with_the_address_that_is_recorded():
    team = [Member("olivier@samana.be", "Olivier Maes"), Member("Sara Maes", "Sara Maes"),
            Member("lies@samana.be", "", source=ALLOWLIST)]
    assert shown_names(team) == {"olivier@samana.be": "Olivier Maes (olivier@samana.be)", "Sara Maes": "Sara Maes",
                                 "lies@samana.be": "lies@samana.be"}
