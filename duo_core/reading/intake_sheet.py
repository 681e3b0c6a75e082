"""The optional *Intakevrijwilligers* sheet: who holds kennismakingsgesprekken, where, and how many a month.

Checked per workbook after the keys are given (:func:`duo_core.reading.keys.finish_workbook`): a
*Provincie* other than the workbook's, a number of conversations that cannot be meant (below 0, above
:data:`MOST_PER_MONTH`) and an e-mail address used twice each become a finding with file, sheet, row and
column. The frame gains ``provinces``: where the intake volunteer holds conversations (the *Provincie*
column, else the workbook's province).
"""

from __future__ import annotations

import pandas as pd

from duo_core.findings import ERROR, WARNING, Finding
from duo_core.schema import INTAKE_VOLUNTEERS

#: More conversations a month than this is taken for a typing error (a year's number, a phone number).
MOST_PER_MONTH = 40


def _header(frame: pd.DataFrame, name: str) -> str:
    return frame.attrs.get("headers", {}).get(name, INTAKE_VOLUNTEERS.column(name).header)


def check_intake_volunteers(frame: pd.DataFrame, province: str, file: str, findings: list[Finding]) -> pd.DataFrame:
    """The keyed intake volunteers of one workbook with ``provinces`` added; problems appended to ``findings``."""
    frame = frame.copy()
    sheet = frame.attrs.get("sheet_name", INTAKE_VOLUNTEERS.name)
    if frame.empty:
        frame["provinces"] = pd.Series(dtype=object)
        return frame
    works_in = frame["works_in"] if "works_in" in frame else pd.Series(None, index=frame.index, dtype=object)
    provinces = []
    for where, row in zip(works_in, frame["source_row"], strict=True):
        if isinstance(where, str) and where != province:
            findings.append(Finding(file, sheet, int(row), _header(frame, "works_in"), WARNING,
                                    f"Provincie {where} is niet de provincie van dit werkboek ({province}): de "
                                    f"intakevrijwilliger krijgt gesprekken in {where} voorgesteld. Zet de rij in het "
                                    f"werkboek van {where} als dat de bedoeling is, of maak de cel leeg."))
        provinces.append((where,) if isinstance(where, str) else (province,))
    frame["provinces"] = pd.Series(provinces, index=frame.index, dtype=object)
    per_month = frame.get("conversations_per_month")
    if per_month is not None:
        header = _header(frame, "conversations_per_month")
        for value, row in zip(per_month, frame["source_row"], strict=True):
            if value is None or pd.isna(value):
                continue
            if int(value) < 0 or int(value) > MOST_PER_MONTH:
                findings.append(Finding(file, sheet, int(row), header, ERROR,
                                        f"{int(value)} gesprekken per maand kan niet: vul een aantal van 0 tot "
                                        f"{MOST_PER_MONTH} in. De app stelt deze persoon tot dan geen gesprekken voor."))
        frame["conversations_per_month"] = [None if v is None or pd.isna(v) or not 0 <= int(v) <= MOST_PER_MONTH
                                            else int(v) for v in per_month]
    if "email" in frame:
        seen: dict[str, int] = {}
        for email, row in zip(frame["email"], frame["source_row"], strict=True):
            if not isinstance(email, str):
                continue
            folded = email.strip().lower()
            if folded in seen:
                findings.append(Finding(file, sheet, int(row), _header(frame, "email"), WARNING,
                                        f"E-mailadres {email} staat ook op rij {seen[folded]}: de app herkent de "
                                        "intakevrijwilliger aan het e-mailadres. Verwijder een van beide rijen."))
            else:
                seen[folded] = int(row)
    return frame


__all__ = ["MOST_PER_MONTH", "check_intake_volunteers"]
