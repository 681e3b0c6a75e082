"""The printable page of Match zoeken: one person, their best candidates and why each one fits, as a PDF.

For a participant (or, the other way round, a volunteer): who they are, the filters and weights used,
the candidates of the screen's ranking (the best :data:`LIMIT`, and the chosen candidate when it is not
among them), and per candidate the same explanation as the screen (:func:`duo_core.matching.explain.explain_match`:
points per criterion with its sentence, and why a candidate is excluded). It prints what the role's
projected dataset holds: a professional's page has the notes and care needs, an intake volunteer's
dataset has none, so their page has none either.

:func:`printed_keys` names the people on the page (for the access log); :func:`sheet_lines` gives the
lines (tested as text) and :func:`match_sheet_pdf` lays them out on A4 (:func:`duo_core.output.pages.text_pdf`).
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Sequence

import pandas as pd

from duo_core.dataset import Dataset
from duo_core.formatting import count_text, date_text, moment_text, number
from duo_core.lifecycle.views import full_name
from duo_core.matching.explain import MatchExplanation, explain_match
from duo_core.matching.standing import standing
from duo_core.matching.weights import Weights
from duo_core.output.pages import WIDTH, text_pdf

#: How many candidates the page explains (the best of the ranking).
LIMIT = 10
#: Free text about a person, printed when the role's dataset holds it (professionals only).
PRIVATE = (("notes", "Notities"), ("care_need", "Zorgnood"))


def _id(key: str) -> str:
    return key.split("/", 1)[-1]


def _place(value: object) -> str:
    return value.strip() if isinstance(value, str) and value.strip() else "gemeente onbekend"


def printed(ranking: pd.DataFrame, chosen: str | None = None, limit: int = LIMIT) -> pd.DataFrame:
    """The candidates on the page: the best ``limit`` of the ranking, and ``chosen`` after them if not among them."""
    shown = ranking.head(limit)
    if chosen is not None and chosen not in set(shown["key"]) and chosen in set(ranking["key"]):
        shown = pd.concat([shown, ranking[ranking["key"] == chosen]])
    return shown.reset_index(drop=True)


def printed_keys(person_key: str, ranking: pd.DataFrame, chosen: str | None = None, limit: int = LIMIT) -> list[str]:
    """The keys of everyone the page names: the person and the printed candidates."""
    return [person_key, *printed(ranking, chosen, limit)["key"]]


def _wrapped(text: str, indent: str = "    ") -> list[tuple[str, str]]:
    return [("text", line) for line in textwrap.wrap(text, WIDTH, subsequent_indent=indent) or [""]]


def _private(row: pd.Series) -> list[tuple[str, str]]:
    out = []
    for column, label in PRIVATE:
        value = row.get(column)
        if isinstance(value, str) and value.strip():
            out += _wrapped(f"{label}: {value.strip()}")
    return out


def _score(value: float) -> str:
    return "uitgesloten" if value is None or math.isnan(value) else f"score {number(value)}"


def _candidate_line(i: int, row: pd.Series, chosen: str | None, for_participant: bool) -> str:
    parts = [f"{i}. {row['name']} ({_id(row['key'])})", _place(row["municipality"]),
             _score(float(row["score"])), "afstand onbekend" if pd.isna(row["distance_km"])
             else f"{number(row['distance_km'], 1)} km"]
    if not for_participant and "waiting_days" in row and pd.notna(row["waiting_days"]):
        parts.append(f"wacht {number(row['waiting_days'])} dagen")
    if row["key"] == chosen:
        parts.append("gekozen op het scherm")
    return " · ".join(parts)


def _explanation(i: int, name: str, key: str, found: MatchExplanation, other: pd.Series) -> list[tuple[str, str]]:
    verdict = (f"uitgesloten (score zou {number(found.total)} van 100 zijn)" if found.exclusions
               else f"score {number(found.total)} van 100")
    lines = [("sub", f"{i}. {name} ({_id(key)}): {verdict}")]
    for sentence in found.exclusions:
        lines += _wrapped(f"Uitgesloten: {sentence}")
    for c in found.components:
        lines += _wrapped(f"{c.label}: {number(c.points, 1)} van {number(c.max_points)} punten. {c.sentence}")
    return lines + _private(other) + [("text", "")]


def _filters(provinces: Sequence[str], max_distance_km: float | None, min_score: float) -> str:
    return " · ".join([
        f"Provincies: {', '.join(provinces)}" if provinces else "Provincie: eigen provincie",
        "max. afstand: geen grens" if max_distance_km is None else f"max. afstand: {number(max_distance_km)} km",
        f"minimale score: {number(min_score)}",
    ])


def sheet_title(ds: Dataset, person_key: str, for_participant: bool) -> str:
    """``Match zoeken: <name of the person>``."""
    people = ds.participants_by_key if for_participant else ds.volunteers_by_key
    return f"Match zoeken: {full_name(people.loc[person_key])}"


def sheet_lines(ds: Dataset, person_key: str, for_participant: bool, ranking: pd.DataFrame,
                weights: Weights | dict[str, float] | None = None, *, chosen: str | None = None,
                limit: int = LIMIT, provinces: Sequence[str] = (), max_distance_km: float | None = None,
                min_score: float = 0, made: dt.datetime | None = None) -> list[tuple[str, str]]:
    """The page as ``(style, text)`` lines (style ``heading``, ``sub`` or ``text``), under :func:`sheet_title`.

    ``ranking`` is the screen's ranking (``rank_volunteers``/``rank_participants`` with the screen's
    filters, best first), ``weights`` the weights it used, ``chosen`` the candidate chosen on screen;
    ``provinces``, ``max_distance_km`` and ``min_score`` are the filters, printed as chosen.
    """
    people = ds.participants_by_key if for_participant else ds.volunteers_by_key
    others = ds.volunteers_by_key if for_participant else ds.participants_by_key
    me = people.loc[person_key]
    role = "Deelnemer" if for_participant else "Vrijwilliger"
    lines = [("text", f"{role} {_id(person_key)} · {_place(me['municipality'])} ({me['province']})"),
             ("text", _filters(provinces, max_distance_km, min_score)),
             ("text", f"Cijfers op {date_text(ds.as_of)} · gemaakt op {moment_text(made or dt.datetime.now())}")]
    why_not = standing(ds, person_key, participant=for_participant)
    if why_not:
        lines += _wrapped(f"Let op: {why_not} Er wordt niemand voorgesteld.")
    lines += _private(me)
    shown = printed(ranking, chosen, limit)
    found = [explain_match(ds, *((person_key, k) if for_participant else (k, person_key)), weights)
             for k in shown["key"]]
    if found:
        lines += _wrapped("Gewichten: " + " · ".join(f"{c.label} {number(c.max_points)}" for c in found[0].components))
    lines += [("text", ""), ("heading", "Kandidaten")]
    if shown.empty:
        return [*lines, ("text", "Geen kandidaten met deze filters.")]
    total = count_text(len(ranking), "kandidaat", "kandidaten")
    lines.append(("text", f"De beste {min(limit, len(ranking))} van {total}, best eerst:"
                  if len(ranking) > limit else f"{total}, best eerst:"))
    lines += [("text", _candidate_line(i, row, chosen, for_participant)) for i, row in enumerate(
        (r for _, r in shown.iterrows()), start=1)]
    lines += [("text", ""), ("heading", "Waarom deze kandidaten?")]
    for i, (row, explanation) in enumerate(zip((r for _, r in shown.iterrows()), found, strict=True), start=1):
        lines += _explanation(i, str(row["name"]), row["key"], explanation, others.loc[row["key"]])
    return lines


def match_sheet_pdf(ds: Dataset, person_key: str, for_participant: bool, ranking: pd.DataFrame,
                    weights: Weights | dict[str, float] | None = None, **options) -> bytes:
    """The printable page as a PDF (the ``options`` of :func:`sheet_lines`)."""
    return text_pdf(sheet_title(ds, person_key, for_participant),
                    sheet_lines(ds, person_key, for_participant, ranking, weights, **options))


__all__ = ["LIMIT", "match_sheet_pdf", "printed", "printed_keys", "sheet_lines", "sheet_title"]
