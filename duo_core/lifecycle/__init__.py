"""Lifecycle: acting on matches, recorded in a journal and laid over the workbooks.

The fourth stage of the data's way, after reading, importing and matching. Nothing is ever written to the
source workbooks; every decision is an event in the journal.

* :mod:`.journal`: the append-only journal of events (SQLite or PostgreSQL);
* :mod:`.stores`: where the events are kept (a SQLite file or PostgreSQL), with timeouts and Dutch errors;
* :mod:`.pools`: PostgreSQL connections kept open and reused, one small pool per database per process;
* :mod:`.replay`: the replay of a duo's state from its events, and reading the events' payloads;
* :mod:`.with_journal`: :func:`overlay`, the dataset the pages see (workbooks plus the journal's duos and steps);
* :mod:`.collector`: Python's garbage collector paused while the overlay makes its many small objects;
* :mod:`.actions`: :class:`Lifecycle`, one user's actions, checked against the role, provinces and hard rules;
* :mod:`.duos`: what the pages show of duos in progress (names, statuses in words, coach suggestions, audit trail);
* :mod:`.coaches`: contact coaches' duos, follow-ups due, load and compensation;
* :mod:`.views`: person lists, profiles and map points for the matching pages;
* :mod:`.people`: a person's steps before matching (sign-up, planning, the kennismakingsgesprek, corrections,
  statuses) as journal events, replayed and laid over the participants, reconciled with the workbooks;
* :mod:`.intake`: :class:`~duo_core.lifecycle.intake.Intake`, one user's intake steps, checked field by field;
* :mod:`.team`: the intake team from the *Intakevrijwilligers* sheets and the allow-list (the workbook wins);
* :mod:`.demo_journal`: the demo's journal seeded with planned conversations (only when it is empty);
* :mod:`.signups`: what the intake pages show (sign-ups, the hand-over after the conversation, the prefill).
* :mod:`.access_log`: who opened whose data (append-only, beside the journal's events);
* :mod:`.erasure`: forgetting a person in the journal (down to the stored bytes), *te verwijderen* in the pages;
* :mod:`.retention`: people and duos stopped longer ago than the retention period.
"""

from duo_core.lifecycle.actions import ACTION_VERBS, PERMISSIONS, Lifecycle
from duo_core.lifecycle.duos import (
    audit_view,
    duo_phones,
    open_duos,
    open_duos_table,
    preferred_coach,
    status_text,
    suggest_coaches,
    suggestions_table,
    undo_choices,
)
from duo_core.lifecycle.with_journal import (
    CHANGED,
    JOURNAL_COLUMNS,
    JOURNAL_SOURCE,
    NEW,
    STATUS_ORDER,
    overlay,
    workbook_state,
)

__all__ = [
    "ACTION_VERBS", "CHANGED", "JOURNAL_COLUMNS", "JOURNAL_SOURCE", "NEW", "PERMISSIONS", "STATUS_ORDER",
    "Lifecycle", "audit_view", "duo_phones", "open_duos", "open_duos_table", "overlay", "preferred_coach", "status_text",
    "suggest_coaches", "suggestions_table", "undo_choices", "workbook_state",
]
