"""Explanations as data: one record per criterion, rendered separately by the pages."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from duo_core.dataset import Dataset
from duo_core.matching.arrays import match_arrays
from duo_core.matching.model import CRITERIA, PHONE, RULES, evaluate
from duo_core.matching.ranking import position
from duo_core.matching.sentences import criterion_sentence, rule_sentence, slot_text
from duo_core.matching.weights import Weights, resolve


@dataclass(frozen=True)
class Component:
    """One criterion's part of a score.

    Attributes
    ----------
    name, label
        The criterion's identifier and Dutch label.
    participant_value, volunteer_value
        What each side answered, as display text.
    points, max_points
        Points earned and the most this criterion can give (its weight's share of 100).
    sentence
        Dutch explanation, e.g. ``"3 gedeelde interesses: film, koken, wandelen."``.
    shared
        The values both sides share (interests, day-parts, traits) to highlight side by side.
    missing
        Whether data was missing (then the criterion's ``missing_value`` was used).
    """

    name: str
    label: str
    participant_value: str
    volunteer_value: str
    points: float
    max_points: float
    sentence: str
    shared: tuple[str, ...]
    missing: bool

    def to_dict(self) -> dict[str, object]:
        """The component as a plain dict."""
        return asdict(self)


@dataclass(frozen=True)
class MatchExplanation:
    """Why a participant and a volunteer fit (or not).

    Attributes
    ----------
    participant_key, volunteer_key
        The pair.
    total
        The score 0..100 the pair would get (computed even when a rule excludes it).
    eligible
        ``False`` when any hard rule excludes the pair.
    distance_km
        Great-circle distance between their postcodes (NaN when unknown).
    components
        One :class:`Component` per criterion, in model order.
    exclusions
        One Dutch sentence per hard rule that excludes the pair.
    """

    participant_key: str
    volunteer_key: str
    total: float
    eligible: bool
    distance_km: float
    components: tuple[Component, ...]
    exclusions: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """The explanation as a plain dict (components as dicts)."""
        return asdict(self)

    def to_text(self) -> str:
        """The explanation as plain Dutch text, one line per criterion (for a note or an e-mail)."""
        lines = [f"Score {self.total:.0f}/100 voor {self.participant_key} en {self.volunteer_key}."]
        lines += [
            f"- {c.label}: {c.points:.1f} van {c.max_points:.0f} punten. {c.sentence}".replace(".", ",", 1)
            for c in self.components
        ]
        if self.exclusions:
            lines.append("Uitgesloten:")
            lines += [f"- {sentence}" for sentence in self.exclusions]
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """Records for a waterfall: a start row, one row per criterion, and the total.

        Columns: ``step, label, points, cumulative, max_points, sentence`` (:meth:`to_records` as a frame).
        """
        return pd.DataFrame(self.to_records())

    def to_records(self) -> list[dict[str, object]]:
        """The rows of :meth:`to_frame` as dicts: a start row, one row per criterion, and the total."""
        rows = [{"step": "start", "label": "Start", "points": 0.0, "cumulative": 0.0, "max_points": 0.0, "sentence": ""}]
        running = 0.0
        for c in self.components:
            running += c.points
            rows.append(
                {
                    "step": c.name,
                    "label": c.label,
                    "points": c.points,
                    "cumulative": running,
                    "max_points": c.max_points,
                    "sentence": c.sentence,
                }
            )
        rows.append(
            {
                "step": "total",
                "label": "Totaal",
                "points": self.total,
                "cumulative": self.total,
                "max_points": 100.0,
                "sentence": "Uitgesloten: " + " ".join(self.exclusions) if self.exclusions else "",
            }
        )
        return rows


def _values(name: str, row: pd.Series, age: float, waiting: float, is_participant: bool) -> str:
    if name == "proximity":
        return f"{row['postcode'] or '?'} {row['municipality'] or ''}".strip()
    if name == "interests":
        return ", ".join(sorted(row["interests"])) or "onbekend"
    if name == "availability":
        return slot_text(row["availability"]) or "onbekend"
    if name == "personality":
        return ", ".join(sorted(row["personality"])) or "onbekend"
    if name == "age":
        return "onbekend" if math.isnan(age) else f"{int(age)} jaar"
    if name == "waiting":
        if not is_participant:
            return ""
        return "onbekend" if math.isnan(waiting) else f"{int(waiting)} dagen"
    raise KeyError(name)


def _shared(name: str, p: pd.Series, v: pd.Series) -> tuple[str, ...]:
    if name in ("interests", "personality"):
        return tuple(sorted(p[name] & v[name]))
    if name == "availability":
        common = p["availability"] & v["availability"]
        return tuple(s for s in slot_text(common).split(", ") if s)
    return ()


def explain_match(
    ds: Dataset,
    participant_key: str,
    volunteer_key: str,
    weights: Weights | dict[str, float] | None = None,
) -> MatchExplanation:
    """Explain the score of one pair, criterion by criterion, with the exclusion sentences if any."""
    A = match_arrays(ds)
    w = resolve(weights)
    i = position(A.participant_pos, participant_key, "deelnemer")
    j = position(A.volunteer_pos, volunteer_key, "vrijwilliger")
    P = A.participants.take(slice(i, i + 1))
    V = A.volunteers.take(slice(j, j + 1))
    ev = evaluate(A, P, V, w)
    p = ds.participants_by_key.loc[participant_key]
    v = ds.volunteers_by_key.loc[volunteer_key]
    distance = float(ev.distance[0])
    p_age, v_age, waiting = float(P.age[0]), float(V.age[0]), float(P.waiting_days[0])
    phone_only = bool(P.contact[0] == PHONE and V.contact[0] == PHONE)
    components = tuple(
        Component(
            name=c.name,
            label=c.label,
            participant_value=_values(c.name, p, p_age, waiting, True),
            volunteer_value=_values(c.name, v, v_age, waiting, False),
            points=float(ev.points[c.name][0]),
            max_points=w.share(c.name),
            sentence=criterion_sentence(
                c.name, p, v, distance, bool(ev.missing[c.name][0]), p_age, v_age, waiting, phone_only
            ),
            shared=_shared(c.name, p, v),
            missing=bool(ev.missing[c.name][0]),
        )
        for c in CRITERIA
    )
    exclusions = tuple(
        rule_sentence(r.name, p, v, distance, A, int(V.open_duos[0]), p_age, v_age)
        for r in RULES
        if bool(np.asarray(ev.excluded[r.name]).reshape(-1)[0])
    )
    return MatchExplanation(
        participant_key=participant_key,
        volunteer_key=volunteer_key,
        total=float(ev.score[0]),
        eligible=not exclusions,
        distance_km=distance,
        components=components,
        exclusions=exclusions,
    )
