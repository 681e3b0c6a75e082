"""The duos the app added or changed, as rows of the template's Duo's sheet for the master workbook."""

from __future__ import annotations

import pandas as pd

from duo_core.dataset import Dataset
from duo_core.output.template import frame_rows
from duo_core.schema import DUOS


def changed_duos(view: Dataset) -> pd.DataFrame:
    """Duos new in the app or changed by it, for the master workbook."""
    if "journal_change" not in view.duos.columns:
        return view.duos.iloc[0:0]
    return view.duos[view.duos["journal_change"].notna()].sort_values(["province", "key"]).reset_index(drop=True)


def export_sheets(view: Dataset) -> dict[str, pd.DataFrame]:
    """Per province, the new and changed duos as rows of the template's Duo's sheet.

    The columns are the template's headers in its order, plus a last column ``Wijziging``
    (nieuw/gewijzigd).
    """
    duos = changed_duos(view)
    headers = [c.header for c in DUOS.columns]
    out = {}
    for province, group in duos.groupby("province", sort=True):
        frame = pd.DataFrame(frame_rows(group, DUOS), columns=headers)
        frame["Wijziging"] = group["journal_change"].to_numpy()
        out[f"Duo's {province}"] = frame
    return out
