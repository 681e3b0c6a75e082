"""The loaded data of all provinces: a frozen :class:`Dataset` of pandas DataFrames.

People and coaches are identified by ``key`` = ``"<province>/<ID>"``: IDs are unique within a workbook
and may repeat across provinces. Each frame also carries ``source_file`` and ``source_row`` (the Excel
row number) so that any figure can be traced back to the row it came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from duo_core.schema import DUOS, INTAKE_VOLUNTEERS, PARTICIPANTS, VOLUNTEERS, Sheet

#: Duo statuses in which a volunteer is taken (counts against their capacity).
OPEN_DUO_STATUSES = ("voorstel", "kennismaking", "actief")
#: Duo statuses of a running duo (it has a coach who follows it up).
RUNNING_DUO_STATUSES = ("kennismaking", "actief")
#: Duo statuses in which a duo holds both people: other proposals for them are excluded.
RESERVING_STATUSES = ("voorstel", "kennismaking")
#: Volunteer statuses in which a volunteer can take a (further) duo (a blank status too: missing data never
#: excludes; the loader reports it).
AVAILABLE_VOLUNTEER_STATUSES = ("beschikbaar", "gekoppeld")
#: The participant status of someone on the waiting list (a blank status counts as waiting, with a finding).
WAITING = "wachtend"


def volunteer_available(status: pd.Series) -> pd.Series:
    """Whether each volunteer status lets the volunteer take a duo (blank: yes)."""
    return status.isin(AVAILABLE_VOLUNTEER_STATUSES) | status.isna()


def participant_waiting(status: pd.Series) -> pd.Series:
    """Whether each participant status is waiting (blank: yes)."""
    return (status == WAITING) | status.isna()


def full_names(frame: pd.DataFrame) -> pd.Series:
    """``first_name last_name`` per row (either may be missing)."""
    return (frame["first_name"].fillna("").astype(str) + " " + frame["last_name"].fillna("").astype(str)).str.strip()


def empty_frame(sheet: Sheet) -> pd.DataFrame:
    """An empty frame with the canonical columns of ``sheet`` and ``source_row``."""
    frame = pd.DataFrame({c.name: pd.Series(dtype=object) for c in sheet.columns})
    frame["source_row"] = pd.Series(dtype="Int64")
    return frame


def empty_intake_volunteers() -> pd.DataFrame:
    """No intake volunteers: the frame a dataset without any *Intakevrijwilligers* sheet holds."""
    frame = empty_frame(INTAKE_VOLUNTEERS)
    frame.insert(0, "key", pd.Series(dtype=object))
    frame.insert(1, "province", pd.Series(dtype=object))
    frame["conversations_per_month"] = frame["conversations_per_month"].astype("Int64")
    frame["source_file"] = pd.Series(dtype=object)
    frame["provinces"] = pd.Series(dtype=object)
    return frame


@dataclass(frozen=True, eq=False)
class Dataset:
    """Participants, volunteers, duos and coaches of all loaded provinces.

    Attributes
    ----------
    participants, volunteers, coaches
        One row per person, with ``key``, ``province``, ``id`` and the typed columns of the schema
        (dates as ``datetime64``, yes/no as nullable booleans, multi-valued answers and availability as
        frozensets, age preferences as ``pref_age_min``/``pref_age_max``, ``postcode`` with ``lat``/``lon``).
    duos
        One row per duo with ``participant_key``, ``volunteer_key`` and ``coach_key``.
    findings
        Every problem found: ``file, sheet, row, column, severity, message``.
    sources
        One row per workbook read: file, province, status, row counts, errors and warnings.
    as_of
        The date ages and waiting times are computed for.
    intake_volunteers
        The optional *Intakevrijwilligers* sheets: ``key``, ``province``, ``id``, names, ``email``, ``phone``,
        ``works_in``, ``conversations_per_month`` (nullable integer) and ``provinces`` (a tuple: where they hold
        conversations). Empty when no workbook has the sheet.

    The frames are shared, never modified: derive new frames instead of writing into them.
    """

    participants: pd.DataFrame
    volunteers: pd.DataFrame
    duos: pd.DataFrame
    coaches: pd.DataFrame
    findings: pd.DataFrame
    sources: pd.DataFrame
    as_of: dt.date
    intake_volunteers: pd.DataFrame = field(default_factory=empty_intake_volunteers)
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @cached_property
    def provinces(self) -> list[str]:
        """The provinces loaded, sorted (one list, asked for several times a run: never modify it)."""
        return sorted({p for p in self.sources["province"].dropna()})

    @cached_property
    def busy(self) -> bool:
        """Whether a workbook was not read because the server was busy (status ``bezig``): load again shortly."""
        return bool((self.sources["status"] == "bezig").any()) if "status" in self.sources else False

    @cached_property
    def open_duo_counts(self) -> pd.Series:
        """Per volunteer key, the number of duos that take their capacity (proposal, introduction, active).

        Duos of provinces outside a projected view count too (``open_elsewhere``, see
        :func:`duo_core.access.visible_dataset`).
        """
        open_duos = self.duos[self.duos["status"].isin(OPEN_DUO_STATUSES)]
        counts = open_duos.groupby("volunteer_key").size()
        if "open_elsewhere" in self.volunteers:
            elsewhere = self.volunteers.set_index("key")["open_elsewhere"]
            counts = counts.add(elsewhere[elsewhere > 0], fill_value=0).astype(int)
        return counts

    def free_volunteers(self) -> pd.DataFrame:
        """Volunteers who can take another duo now: available, with fewer open duos than their maximum."""
        v = self.volunteers
        room = v["max_duos"].fillna(1).astype(int) - v["key"].map(self.open_duo_counts).fillna(0).astype(int)
        return v[volunteer_available(v["status"]) & (room > 0)]

    @cached_property
    def participants_by_key(self) -> pd.DataFrame:
        """Participants indexed by key (for looking up single rows)."""
        return self.participants.set_index("key", drop=False)

    @cached_property
    def volunteers_by_key(self) -> pd.DataFrame:
        """Volunteers indexed by key (for looking up single rows)."""
        return self.volunteers.set_index("key", drop=False)

    def derived(self, name: str, build: Callable[[], Any]) -> Any:
        """A value derived from this dataset, built once.

        Used for the matching arrays (the dataset does not know what they are). Datasets are never
        modified, so what is derived stays true.
        """
        if name not in self._derived:
            self._derived[name] = build()
        return self._derived[name]

    def participant(self, key: str) -> pd.Series:
        """The participant with ``key``; ``KeyError`` with a Dutch message when unknown."""
        return _row(self.participants, key, "deelnemer")

    def volunteer(self, key: str) -> pd.Series:
        """The volunteer with ``key``; ``KeyError`` with a Dutch message when unknown."""
        return _row(self.volunteers, key, "vrijwilliger")

    def counts(self) -> dict[str, int]:
        """Row counts per frame."""
        return {
            PARTICIPANTS.entity: len(self.participants),
            VOLUNTEERS.entity: len(self.volunteers),
            DUOS.entity: len(self.duos),
            "coach": len(self.coaches),
            INTAKE_VOLUNTEERS.entity: len(self.intake_volunteers),
            "finding": len(self.findings),
        }


def _row(frame: pd.DataFrame, key: str, label: str) -> pd.Series:
    hits = frame.index[frame["key"] == key]
    if len(hits) == 0:
        raise KeyError(f"Geen {label} met sleutel '{key}'.")
    return frame.loc[hits[0]]
