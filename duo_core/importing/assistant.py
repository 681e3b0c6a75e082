"""What the page *Gegevens koppelen* shows: the choices of each selectbox, their Dutch labels, examples and the preview.

The page only lays out widgets; every choice it offers and every figure it shows comes from here, so
that the rules (which fields a column of a sheet can hold, which answers a closed list has, how many
people each role gets) are tested without a browser.
"""

from __future__ import annotations

import functools
from collections import Counter

import numpy as np
import pandas as pd

from duo_core.dataset import Dataset
from duo_core.formatting import date_text
from duo_core.importing import clues
from duo_core.importing.guess import UNSURE
from duo_core.importing.mapping import CLOSED, ROLE_NAMES, Mapping, sheet_roles
from duo_core.reading.values import slot_item

LEFT_OUT = "— niet gebruiken —"
ROLE_LABELS = {None: "— niet inlezen —", **{r: r for r in ROLE_NAMES}}
#: The columns of the preview, per role: what matching uses, as the app will read it.
PREVIEW = {
    "Deelnemers": ["id", "first_name", "last_name", "birth_date", "postcode", "municipality", "status", "interests",
                   "availability", "smokes", "pets", "languages", "personality", "pref_gender"],
    "Vrijwilligers": ["id", "first_name", "last_name", "birth_date", "postcode", "municipality", "status", "interests",
                      "availability", "max_distance_km", "smokes", "pets", "languages", "personality"],
    "Duo's": ["id", "participant_id", "volunteer_id", "coach_id", "start_date", "status"],
    "Contactcoaches": ["id", "first_name", "last_name", "postcode", "email"],
}
_FRAMES = {"Deelnemers": "participants", "Vrijwilligers": "volunteers", "Duo's": "duos", "Contactcoaches": "coaches"}


def _entry(mapping: Mapping, file: str, sheet: str) -> dict:
    hit = mapping.sheets[(mapping.sheets["file"] == file) & (mapping.sheets["sheet"] == sheet)]
    return hit.iloc[0].to_dict() if len(hit) else {"role": None, "split_column": None}


#: How many columns of one sheet the page shows at once (a wide export is paged, so a rerun stays fast).
PAGE_SIZE = 40


def pages(columns: int) -> int:
    """How many pages of :data:`PAGE_SIZE` columns a sheet of ``columns`` columns has (at least 1)."""
    return max(1, -(-columns // PAGE_SIZE))


def certainty(percent: int) -> str:
    """How sure a guess is, as the page shows it: ``"95 %"``, or ``"50 % · nakijken"`` below :data:`UNSURE`."""
    return f"{percent} %" if percent >= UNSURE * 100 else f"{percent} % · nakijken"


def field_label(field: str | None, roles: tuple[str, ...] = ("Deelnemers",)) -> str:
    """The Dutch label of a field as the selectbox shows it."""
    if not field:
        return LEFT_OUT
    if field == clues.FULL_NAME:
        return "Voornaam en naam (één kolom)"
    if "=" in field:
        target, item = field.split("=", 1)
        if target == "availability":
            return f"Beschikbaarheid: {item} (aangekruist)" if " " in item else f"Beschikbaarheid: dagdelen van {item}"
        label = {"languages": "Taal", "personality": "Persoonlijkheid"}.get(target, "Interesse")
        return f"{label}: {item} (aangekruist)"
    for role in roles:
        try:
            return clues.ROLES[role].column(field).header
        except KeyError:
            continue
    return field


_UNKNOWN = object()


def field_choices(mapping: Mapping, file: str, sheet: str, header: str, *, roles: tuple[str, ...] | None = None,
                  current: object = _UNKNOWN) -> list[str | None]:
    """What the column ``header`` can hold: left out, every field of the sheet's role(s), and the special readings.

    ``roles`` and ``current`` (the column's field now) may be given by a caller that knows them, to skip the lookups.
    """
    if roles is None:
        entry = _entry(mapping, file, sheet)
        roles = sheet_roles(entry["role"], entry["split_column"])
    if current is _UNKNOWN:
        hit = mapping.columns[(mapping.columns["file"] == file) & (mapping.columns["sheet"] == sheet)
                              & (mapping.columns["header"] == header)]["field"]
        current = hit.iloc[0] if len(hit) else None
    choices = list(_base_choices(tuple(roles)))
    if {"Deelnemers", "Vrijwilligers"} & set(roles):
        inner = header.rsplit("[", 1)[-1].rstrip("] ") if header.rstrip().endswith("]") else header
        choices.append(f"interests={clues.folded(inner)}")
        for slot in slot_item(inner) or ():
            choices.append(f"availability={slot}")
        day = slot_item(inner)
        if day and len(day) == 3:  # a grid column of one day
            choices.append(f"availability={day[0].split()[0]}")
    if current not in choices:
        choices.append(current)
    return choices


@functools.lru_cache(maxsize=16)
def _base_choices(roles: tuple[str, ...]) -> tuple[str | None, ...]:
    choices: list[str | None] = [None]
    for role in roles:
        choices += [c.name for c in clues.ROLES[role].columns if c.name not in choices]
    if {"Deelnemers", "Vrijwilligers", "Contactcoaches"} & set(roles):
        choices.append(clues.FULL_NAME)
    return tuple(choices)


def value_choices(mapping: Mapping, file: str, sheet: str, field: str) -> list[str | None]:
    """The answers a closed-list field accepts (``None``: unknown, reported when loading)."""
    entry = _entry(mapping, file, sheet)
    for role in sheet_roles(entry["role"], entry["split_column"]):
        try:
            col = clues.ROLES[role].column(field)
        except KeyError:
            continue
        if col.kind in CLOSED:
            return [None, *(col.vocabulary or ("ja", "nee"))]
    return [None]


def examples(mapping: Mapping, file: str, sheet: str, header: str, n: int = 3) -> str:
    """The most frequent values of a column, as text (``"Wandelen;Film; · Koken; · …"``)."""
    counts: Counter = mapping.samples.get((file, sheet, header), Counter())
    shown = [_cell(v) for v, _ in counts.most_common(n)]
    more = " · …" if len(counts) > n else ""
    return (" · ".join(s[:40] for s in shown) + more) if shown else "(leeg)"


def column_table(mapping: Mapping, file: str, sheet: str) -> pd.DataFrame:
    """The columns of one sheet as the page lists them: header, field label, confidence in %, reason, examples.

    A column that waits for an answer also has its suggestion (``suggestion``, and ``suggested`` as a label).
    """
    entry = _entry(mapping, file, sheet)
    roles = sheet_roles(entry["role"], entry["split_column"])
    cols = mapping.columns[(mapping.columns["file"] == file) & (mapping.columns["sheet"] == sheet)]
    return pd.DataFrame({
        "header": cols["header"].tolist(),
        "field": pd.Series(cols["field"].tolist(), dtype=object),
        "label": [field_label(f, roles) for f in cols["field"]],
        "confidence": [round(float(c) * 100) for c in cols["confidence"]],
        "reason": cols["reason"].tolist(),
        "examples": [examples(mapping, file, sheet, h) for h in cols["header"]],
        "suggestion": pd.Series(cols["suggestion"].tolist(), dtype=object),
        "suggested": [None if f is None else field_label(f, roles) for f in cols["suggestion"]],
    })


def answers(mapping: Mapping) -> pd.DataFrame:
    """The answers of closed-list columns of the sheets that are read (a sheet left out has none to map)."""
    used = mapping.sheets.loc[mapping.sheets["role"].notna(), ["file", "sheet"]]
    return mapping.values.merge(used, on=["file", "sheet"])[mapping.values.columns]


def role_counts(ds: Dataset) -> dict[str, int]:
    """How many rows each role got when read with the mapping."""
    return {role: len(getattr(ds, frame)) for role, frame in _FRAMES.items()}


def _cell(value: object) -> str:
    if isinstance(value, frozenset):
        return "; ".join(sorted(value))
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "ja" if value else "nee"
    if hasattr(value, "year"):
        return date_text(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def preview(ds: Dataset, role: str, n: int = 5) -> pd.DataFrame:
    """The first ``n`` rows of a role as the app will read them, with the template's headers (all text)."""
    frame = getattr(ds, _FRAMES[role])
    sheet = clues.ROLES[role]
    columns = [c for c in PREVIEW[role] if c in frame]
    out = pd.DataFrame({sheet.column(c).header: [_cell(v) for v in frame[c].head(n)] for c in columns})
    out.insert(0, "Rij", [str(int(r)) for r in frame["source_row"].head(n)])
    out.insert(0, "Bestand", frame["source_file"].head(n).astype(str).tolist())
    return out


def coverage(mapping: Mapping) -> pd.DataFrame:
    """Per sheet: how many columns have a field, how many are left out, how many wait for an answer (asked)."""
    rows = []
    for s in mapping.sheets.itertuples():
        cols = mapping.columns[(mapping.columns["file"] == s.file) & (mapping.columns["sheet"] == s.sheet)]
        used, asked = cols["field"].notna(), cols["suggestion"].notna()
        rows.append({"file": s.file, "sheet": s.sheet, "used": int(used.sum()),
                     "left_out": int((~used & ~asked).sum()), "asked": int(asked.sum())})
    return pd.DataFrame(rows, columns=["file", "sheet", "used", "left_out", "asked"])


def waiting(mapping: Mapping) -> str | None:
    """What the page says while columns wait for an answer (they are not read; the rest is), or ``None``."""
    asked = mapping.asked()
    read = mapping.sheets.loc[mapping.sheets["role"].notna(), ["file", "sheet"]]
    asked = asked.merge(read, on=["file", "sheet"])
    if asked.empty:
        return None
    roles = {(s.file, s.sheet): sheet_roles(s.role, s.split_column) for s in mapping.sheets.itertuples()}
    named = [f"'{a.header}' ({a.sheet}, voorstel: {field_label(a.suggestion, roles[(a.file, a.sheet)])})"
             for a in asked.itertuples()]
    many = len(named) > 1
    return (f"{'Nog ' + str(len(named)) + ' kolommen wachten' if many else 'Nog 1 kolom wacht'} op je antwoord en "
            f"{'worden' if many else 'wordt'} niet ingelezen: {', '.join(named)}. Kies bij 3. Kolommen het veld "
            "(of 'niet gebruiken'); de andere kolommen worden wel ingelezen.")


def no_sign_up_date(mapping: Mapping) -> list[str]:
    """Per participants' sheet that is read without a sign-up date: what the page says (empty: nothing to say).

    Without *Aanmelddatum* nobody's waiting time counts (the waiting list cannot put who waits longest first).
    A form's own time stamp is left out by the assistant (it may be when the form was changed, not when the
    person signed up), so the sentence names it for the professional to choose.
    """
    said = []
    for s in mapping.sheets.itertuples():
        if "Deelnemers" not in sheet_roles(s.role, s.split_column):
            continue
        cols = mapping.columns[(mapping.columns["file"] == s.file) & (mapping.columns["sheet"] == s.sheet)]
        if (cols["field"] == "registered_on").any() or (cols["suggestion"] == "registered_on").any():
            continue
        stamps = [h for h, why in zip(cols["header"], cols["reason"], strict=True) if "(tijdstip)" in str(why)]
        hint = (f" Is {' of '.join(repr(h) for h in stamps)} het moment van inschrijven? Kies daar dan "
                "Aanmelddatum." if stamps else " Kies bij 3. Kolommen de kolom met de datum van aanmelding, als die er is.")
        said.append(f"Tabblad {s.sheet} ({s.file}) heeft geen Aanmelddatum: zonder aanmelddatum telt de wachttijd "
                    f"van deze deelnemers niet, en staat wie het langst wacht niet vooraan.{hint}")
    return said


__all__ = ["LEFT_OUT", "PAGE_SIZE", "ROLE_LABELS", "UNSURE", "answers", "certainty", "column_table", "coverage",
           "examples", "field_choices", "field_label", "no_sign_up_date", "pages", "preview", "role_counts", "value_choices", "waiting"]
