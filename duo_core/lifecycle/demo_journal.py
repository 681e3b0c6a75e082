"""The demo's journal, seeded: planned kennismakingsgesprekken, so a new user sees the intake stage at once.

The demo workbooks hold people who just signed up and the sheet *Intakevrijwilligers*
(:mod:`duo_core.demo`); a planned conversation is a journal event (``plan``), so it is seeded into the demo's
own journal, and only into an empty one: nothing a user did is ever touched, and a demo journal that was
used keeps what it has.
"""

from __future__ import annotations

import datetime as dt

from duo_core.access import PROFESSIONAL, User
from duo_core.dataset import Dataset
from duo_core.lifecycle.intake import Intake
from duo_core.lifecycle.journal import Journal
from duo_core.lifecycle.signups import propose_planning, signups
from duo_core.lifecycle.team import intake_team
from duo_core.lifecycle.with_journal import overlay

#: Where the demo's conversations are held (fictitious places in a central town of each province).
DEMO_PLACES = {
    "Antwerpen": "Samana-lokaal Mechelen, Kerkstraat 1",
    "Limburg": "Samana-lokaal Hasselt, Kolonel Dusartplein 10",
    "Oost-Vlaanderen": "Samana-lokaal Gent, Sint-Pietersnieuwstraat 5",
    "Vlaams-Brabant": "Samana-lokaal Leuven, Brusselsestraat 20",
    "West-Vlaanderen": "Samana-lokaal Brugge, Sint-Jorisstraat 8",
}
DEMO_PLANNER = User("demo-beroepskracht@localhost", PROFESSIONAL)


def seed_demo_journal(journal: Journal, ds: Dataset, today: dt.date) -> int:
    """Plan the conversation of every second sign-up (longest waiting first) with the proposed intake volunteer.

    The conversations fall on the working days after ``today`` (10:00 to 15:00, at :data:`DEMO_PLACES`), each
    with the intake volunteer the planning proposes (the most room left this month). Returns the number of
    events written: 0 when the journal already holds any event.
    """
    if journal.version()[0]:
        return 0
    view = overlay(ds, journal)
    waiting = signups(view, today)
    team, _ = intake_team(ds.intake_volunteers, [])
    proposal = propose_planning(waiting.iloc[::2], view, team, today)
    steps = Intake(journal, view, DEMO_PLANNER)
    written = 0
    day = today
    for n, (key, who) in enumerate(proposal.items()):
        if not isinstance(who, str):
            continue
        day += dt.timedelta(days=1)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        province = key.split("/", 1)[0]
        steps.plan(key, who, day, dt.time(10 + n % 6), DEMO_PLACES.get(province, f"Samana-lokaal {province}"),
                   today=today)
        written += 1
    return written


__all__ = ["DEMO_PLACES", "seed_demo_journal"]
