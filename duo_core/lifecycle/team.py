"""The intake team: who holds kennismakingsgesprekken, in which provinces, and how many a month each chose.

Intake volunteers come from two places: the optional *Intakevrijwilligers* sheet of the province workbooks
(:data:`duo_core.schema.INTAKE_VOLUNTEERS`) and the allow-list (role ``intakevrijwilliger``, optionally
``conversations_per_month``). :func:`intake_team` makes one list of them for the planning proposal
(:func:`duo_core.lifecycle.signups.propose_planning`) and Monitoring:

* a person is recognised by e-mail address (ignoring case); a sheet row without e-mail is a person of its
  own, named by first and last name;
* **the workbook wins**: the number of conversations a month in the sheet is used when it is filled in (the
  professional keeps it per province, next to the people it concerns, and can change it without the server's
  administrator); the allow-list's ``conversations_per_month`` only when the sheet leaves it empty or does not
  list the person. When both are given and differ, a ``waarschuwing`` names the sheet's cell and both numbers;
* the provinces are those of the sheet's rows (their *Provincie*, else the workbook's); for someone only on the
  allow-list, the allow-list's provinces (none: all).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from duo_core.access import INTAKE, User
from duo_core.findings import WARNING, Finding
from duo_core.schema import INTAKE_VOLUNTEERS

#: Where a team member was found.
SHEET, ALLOWLIST, BOTH = "werkboek", "toegangslijst", "werkboek en toegangslijst"


@dataclass(frozen=True)
class Member:
    """One intake volunteer as the planning sees them.

    Attributes
    ----------
    email
        Who: the e-mail address in lower case, or the name when the sheet gives no address (this is what a
        planned conversation records as ``intake_volunteer``).
    name
        First and last name from the sheet ("" when only the allow-list knows them).
    provinces
        Where they hold conversations; empty means every province.
    per_month
        The conversations a month they chose (``None``: not said, nothing is proposed to them).
    source
        :data:`SHEET`, :data:`ALLOWLIST` or :data:`BOTH`.
    """

    email: str
    name: str = ""
    provinces: tuple[str, ...] = ()
    per_month: int | None = None
    source: str = SHEET


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def intake_team(intake_volunteers: pd.DataFrame, users: Iterable[User]) -> tuple[list[Member], list[Finding]]:
    """One list of intake volunteers from the sheets and the allow-list, and a finding per disagreement.

    Parameters
    ----------
    intake_volunteers
        :attr:`duo_core.dataset.Dataset.intake_volunteers` (all provinces, or those a user may see).
    users
        The allow-list's users; only intake volunteers count.

    Returns
    -------
    (members, findings)
        The members in sheet order, then those only on the allow-list (by e-mail address).
    """
    allowed = {u.email.lower(): u for u in users if u.role == INTAKE}
    members: dict[str, Member] = {}
    findings: list[Finding] = []
    header = INTAKE_VOLUNTEERS.column("conversations_per_month").header
    for row in intake_volunteers.itertuples(index=False):
        email = _text(row.email).lower()
        name = " ".join(x for x in (_text(row.first_name), _text(row.last_name)) if x)
        who = email or name
        per_month = None if pd.isna(row.conversations_per_month) else int(row.conversations_per_month)
        provinces = tuple(row.provinces) if isinstance(row.provinces, tuple) else (str(row.province),)
        known = members.get(who)
        if known is not None:  # the same person in several workbooks: one member, all their provinces
            members[who] = Member(who, known.name, tuple(dict.fromkeys(known.provinces + provinces)),
                                  known.per_month if known.per_month is not None else per_month, known.source)
            continue
        user = allowed.get(email) if email else None
        source = SHEET
        if user is not None:
            source = BOTH
            if per_month is None:
                per_month = user.per_month
            elif user.per_month is not None and user.per_month != per_month:
                findings.append(Finding(
                    str(row.source_file), INTAKE_VOLUNTEERS.name, int(row.source_row), header, WARNING,
                    f"Gesprekken per maand {per_month} voor {name or email} verschilt van conversations_per_month = "
                    f"{user.per_month} in de toegangslijst: de app plant met {per_month} uit dit werkboek. Maak beide "
                    "gelijk (of laat conversations_per_month weg)."))
        members[who] = Member(who, name, provinces, per_month, source)
    for email, user in allowed.items():
        if email not in members:
            members[email] = Member(email, "", tuple(user.provinces), user.per_month, ALLOWLIST)
    return list(members.values()), findings


def chosen_per_month(team: Iterable[Member]) -> dict[str, float]:
    """Per intake volunteer (e-mail address and name, as a conversation may record either): the number they chose."""
    chosen: dict[str, float] = {}
    for m in team:
        if m.per_month is None:
            continue
        chosen[m.email] = float(m.per_month)
        if m.name:
            chosen.setdefault(m.name, float(m.per_month))
    return chosen


def shown_names(team: Iterable[Member]) -> dict[str, str]:
    """How each intake volunteer is named on screen: ``Olivier Maes (olivier@samana.be)``, or what is known.

    The value recorded stays the e-mail address (:attr:`Member.email`); a name alone is shown as it is.
    """
    return {m.email: f"{m.name} ({m.email})" if m.name and m.name != m.email else m.email for m in team}


def finding_text(finding: Finding) -> str:
    """A finding as one Dutch sentence that says where (for the settings messages of professionals)."""
    where = ", ".join(x for x in (finding.file, f"tabblad {finding.sheet}" if finding.sheet else "",
                                  f"rij {finding.row}" if finding.row else "",
                                  f"kolom {finding.column}" if finding.column else "") if x)
    return f"{where}: {finding.message}"


__all__ = ["ALLOWLIST", "BOTH", "SHEET", "Member", "chosen_per_month", "finding_text", "intake_team", "shown_names"]
