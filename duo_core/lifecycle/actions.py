"""Carrying out an action for a user: the role (:data:`PERMISSIONS`), the provinces, the hard rules, the input.

:class:`Lifecycle` checks all of these against exactly the view the user sees and then writes one event
to the :class:`~duo_core.lifecycle.journal.Journal`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from duo_core.access import COACH, INTAKE, PROFESSIONAL, ROLE_LABELS, User
from duo_core.dataset import RESERVING_STATUSES, Dataset
from duo_core.lifecycle.journal import TRANSITIONS, DuoState, Journal, JournalError
from duo_core.lifecycle.with_journal import JOURNAL_SOURCE, workbook_state
from duo_core.schema import STOP_REASONS

#: Which roles may take each action (coaches only on their own duos).
PERMISSIONS = {
    "propose": (PROFESSIONAL, INTAKE),
    "introduce": (PROFESSIONAL, INTAKE),
    "cancel": (PROFESSIONAL, INTAKE),
    "start": (PROFESSIONAL,),
    "followup": (PROFESSIONAL, COACH),
    "stop": (PROFESSIONAL, COACH),
    "undo": (PROFESSIONAL,),
}
ACTION_VERBS = {
    "propose": "een duo voorstellen",
    "introduce": "een kennismaking vastleggen",
    "cancel": "een voorstel annuleren",
    "start": "een duo starten",
    "followup": "een opvolging vastleggen",
    "stop": "een duo stoppen",
    "undo": "een stap ongedaan maken",
}
#: Order of duo statuses: a merge keeps the one further along.

@dataclass(frozen=True)
class Lifecycle:
    """One user's actions on the data as the pages see it.

    Parameters
    ----------
    journal
        Where the events are written.
    view
        The dataset with the journal applied (:func:`overlay`) as this user may see it
        (:func:`duo_core.access.visible_dataset`): the checks use exactly what the rankings show, so a
        refusal never names people, keys or actors of another province. Duos of other provinces that
        hold a visible person still count (``open_elsewhere``, ``reserved_elsewhere``), and the journal
        checks reservations again under its write lock.
    user
        Who acts; their role and provinces decide what they may do.
    """

    journal: Journal
    view: Dataset
    user: User

    def may(self, action: str, duo_key: str | None = None) -> bool:
        """Whether the user may take ``action`` (on ``duo_key``)."""
        try:
            self._allowed(action, duo_key)
        except JournalError:
            return False
        return True

    def _allowed(self, action: str, duo_key: str | None = None, province: str | None = None) -> None:
        role = self.user.role
        if role not in PERMISSIONS[action]:
            raise JournalError(f"Als {ROLE_LABELS[role].lower()} kan je niet {ACTION_VERBS[action]}.")
        if duo_key is not None:
            province = duo_key.split("/")[0]
            if role == COACH and self._duo(duo_key)["coach_key"] != self.user.coach_key:
                raise JournalError(f"Duo '{duo_key}' is niet een van jouw duo's.")
        if province and self.user.provinces and province not in self.user.provinces:
            raise JournalError(f"Je werkt niet in provincie {province}.")

    def _duo(self, duo_key: str) -> pd.Series:
        hits = self.view.duos.index[self.view.duos["key"] == duo_key]
        if len(hits) == 0:
            raise JournalError(f"Duo '{duo_key}' is niet gekend.")
        return self.view.duos.loc[hits[0]]

    def _base(self, duo_key: str) -> DuoState | None:
        """The workbook state of a workbook duo; ``None`` for a duo the journal alone knows."""
        rows = self.view.duos[self.view.duos["key"] == duo_key]
        if rows.empty or rows["source_file"].iloc[0] == JOURNAL_SOURCE:
            return None
        return workbook_state(rows.iloc[0])

    def next_steps(self, duo_key: str) -> tuple[str, ...]:
        """The steps this user may take next on the duo, given its status (in lifecycle order).

        A proposal from the workbook is cancelled in the workbook, so ``cancel`` is only offered for
        proposals made in the app.
        """
        status = self._duo(duo_key)["status"]
        return tuple(
            action for action, (allowed_from, _) in TRANSITIONS.items()
            if status in allowed_from and self.may(action, duo_key)
            and not (action == "cancel" and self._base(duo_key) is not None)
        )

    def propose(self, participant_key: str, volunteer_key: str, note: str = "", weights=None) -> str:
        """Propose a pair (it reserves both people); returns the new duo key.

        The score and its points per criterion, as the intake volunteer saw them (with ``weights``), are
        recorded with the proposal, so that later analyses use the score of the moment of proposal.
        """
        from duo_core.matching import explain_match

        self._allowed("propose", province=participant_key.split("/")[0])
        try:
            explanation = explain_match(self.view, participant_key, volunteer_key, weights)
        except KeyError as exc:
            raise JournalError(str(exc.args[0])) from None
        if not explanation.eligible:
            raise JournalError("Dit duo kan niet voorgesteld worden: " + " ".join(explanation.exclusions))
        recorded = {
            "score": round(explanation.total, 2),
            "points": {c.name: round(c.points, 2) for c in explanation.components},
            "max_points": {c.name: round(c.max_points, 2) for c in explanation.components},
            "shared_interests": len(next(c.shared for c in explanation.components if c.name == "interests")),
            "distance_km": None if np.isnan(explanation.distance_km) else round(explanation.distance_km, 2),
        }
        return self.journal.propose(participant_key, volunteer_key, self.user.email, _note(note),
                                    provinces=self.user.provinces, payload=recorded)

    def introduce(self, duo_key: str) -> int:
        """The introduction was held."""
        self._allowed("introduce", duo_key)
        return self.journal.introduce(duo_key, self.user.email, base=self._base(duo_key))

    def cancel(self, duo_key: str) -> int:
        """The proposal is called off; both people are free again."""
        self._allowed("cancel", duo_key)
        base = self._base(duo_key)
        if base is not None and base.status in RESERVING_STATUSES:
            raise JournalError(f"Voorstel '{duo_key}' staat in het werkboek: pas het daar aan.")
        return self.journal.cancel(duo_key, self.user.email, base=base)

    def start(self, duo_key: str, coach_key: str | None, date: dt.date, today: dt.date | None = None) -> int:
        """The duo starts with contact coach ``coach_key`` on ``date`` (not in the future)."""
        self._allowed("start", duo_key)
        if not coach_key:
            raise JournalError("Kies een contactcoach.")
        _not_in_future(date, today, "startdatum", "het duo echt startte")
        if coach_key not in set(self.view.coaches["key"]):
            raise JournalError(f"Contactcoach '{coach_key}' is niet gekend: kies een coach uit de lijst.")
        return self.journal.start(duo_key, self.user.email, coach_key, date, base=self._base(duo_key))

    def followup(self, duo_key: str, date: dt.date, note: str = "", today: dt.date | None = None) -> int:
        """A follow-up contact on ``date`` (not in the future)."""
        self._allowed("followup", duo_key)
        if date is None:
            raise JournalError("Vul de datum van het contact in.")
        if date > (today or dt.date.today()):
            raise JournalError("De datum van de opvolging ligt in de toekomst: kies de dag van het contact.")
        self._not_before_start(duo_key, date, "opvolging")
        return self.journal.followup(duo_key, self.user.email, date, _note(note), base=self._base(duo_key))

    def stop(self, duo_key: str, date: dt.date, reason: str | None, today: dt.date | None = None) -> int:
        """The duo stopped on ``date`` (not in the future) for ``reason`` (one of the stop reasons)."""
        self._allowed("stop", duo_key)
        if not reason:
            raise JournalError("Kies een reden om het duo te stoppen.")
        _not_in_future(date, today, "einddatum", "het duo stopte")
        if reason not in STOP_REASONS:
            raise JournalError(f"Onbekende stopreden '{reason}': kies uit {', '.join(STOP_REASONS)}.")
        self._not_before_start(duo_key, date, "einddatum")
        return self.journal.stop(duo_key, self.user.email, date, reason, base=self._base(duo_key))

    def undo(self, event_id: int) -> int:
        """Undo the last step of a duo."""
        event = self.journal.event(event_id)
        self._allowed("undo", province=event["duo_key"].split("/")[0] if event else None)
        base = self._base(event["duo_key"]) if event else None
        return self.journal.undo(int(event_id), self.user.email, base=base)

    def _not_before_start(self, duo_key: str, date: dt.date, what: str) -> None:
        start = self._duo(duo_key)["start_date"]
        if not pd.isna(start) and pd.Timestamp(date) < start:
            raise JournalError(f"De {what} ({date:%d/%m/%Y}) ligt vóór de start van het duo ({start:%d/%m/%Y}).")


def _not_in_future(date: dt.date | None, today: dt.date | None, what: str, when: str) -> None:
    if date is None:
        raise JournalError(f"Vul de {what} in: de dag waarop {when}.")
    if date > (today or dt.date.today()):
        raise JournalError(f"De {what} ({date:%d/%m/%Y}) ligt in de toekomst: kies de dag waarop {when}.")


def _note(note: str) -> str:
    return " ".join(str(note).split())[:500]

