"""The matching model: hard rules, soft criteria, and the vectorised kernel that applies them.

Every rule and criterion is a small named object. Rules give a boolean "excluded" array and, for one
pair, a Dutch sentence; criteria give a value 0..1 per pair (with an explicit value when data is
missing) and, for one pair, a Dutch sentence. :func:`evaluate` applies all of them to two
broadcast-compatible :class:`~duo_core.matching.arrays.Side` views: one participant against many
volunteers, one volunteer against many participants, or a column of participants against a row of
volunteers (the full matrix for the global proposal). No Python loop runs per pair.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from duo_core.geo import chord_km
from duo_core.matching.arrays import MatchArrays, Side
from duo_core.matching.weights import Weights
from duo_core.schema import SIGNED_UP

#: Distance at which proximity gives no more points (km).
PROXIMITY_SCALE_KM = 25.0
PHONE = 2
PHYSICAL = 1


def popcount(bits: np.ndarray) -> np.ndarray:
    """Number of set bits of ``uint64`` bit sets, summed over the last axis (the words)."""
    if bits.shape[-1] == 1:
        return np.bitwise_count(bits[..., 0])
    return np.bitwise_count(bits).sum(axis=-1, dtype=np.int64)


@dataclass(frozen=True)
class PairContext:
    """What the kernel computes once and every rule or criterion may use."""

    distance: np.ndarray
    phone_only: np.ndarray


@dataclass(frozen=True)
class Rule:
    """A hard rule: pairs it excludes cannot become a duo.

    Attributes
    ----------
    name
        Identifier (English).
    label
        Short Dutch label for charts and counts.
    count_text
        Dutch predicate for "N van M vrijwilligers ..." (volunteer side) in the why-unmatched view.
    symmetric
        Whether swapping the two people's answers gives the same verdict.
    excludes
        ``(P, V, ctx, arrays) -> bool array``.
    """

    name: str
    label: str
    count_text: str
    symmetric: bool
    excludes: Callable[[Side, Side, PairContext, MatchArrays], np.ndarray]


@dataclass(frozen=True)
class Criterion:
    """A soft criterion: a value 0..1 per pair, weighted into the score.

    Attributes
    ----------
    name
        Identifier (English), also the weight's name.
    label
        Dutch label for tables and charts.
    missing_value
        The value when either side's data is missing (missing data never excludes).
    compute
        ``(P, V, ctx) -> (values, missing)``.
    """

    name: str
    label: str
    missing_value: float
    compute: Callable[[Side, Side, PairContext], tuple[np.ndarray, np.ndarray]]


# --- hard rules -------------------------------------------------------------------------------


def _signed_up(P: Side) -> np.ndarray:
    return P.status == SIGNED_UP


def _not_waiting(P: Side, V: Side, ctx: PairContext, A: MatchArrays) -> np.ndarray:
    return np.broadcast_to(~P.available & ~_signed_up(P), ctx.distance.shape)


def _no_intake(P: Side, V: Side, ctx: PairContext, A: MatchArrays) -> np.ndarray:
    return np.broadcast_to(_signed_up(P), ctx.distance.shape)


def _not_available(P: Side, V: Side, ctx: PairContext, A: MatchArrays) -> np.ndarray:
    return np.broadcast_to(~V.available, ctx.distance.shape)


def _at_capacity(P: Side, V: Side, ctx: PairContext, A: MatchArrays) -> np.ndarray:
    return np.broadcast_to(V.open_duos >= V.capacity, ctx.distance.shape)


def _reserved(P: Side, V: Side, ctx: PairContext, A: MatchArrays) -> np.ndarray:
    return np.broadcast_to(P.reserved | V.reserved, ctx.distance.shape)


def _too_far(P: Side, V: Side, ctx: PairContext, A: MatchArrays) -> np.ndarray:
    return (ctx.distance > V.max_distance) & ~ctx.phone_only


def _gender_pref(want: np.ndarray, gender: np.ndarray) -> np.ndarray:
    return (want > 0) & (gender > 0) & (gender != want)


def _age_pref(lo: np.ndarray, hi: np.ndarray, age: np.ndarray) -> np.ndarray:
    years = np.floor(age)
    return (years < lo) | (years > hi)


def _both(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray:
    return ((a == 1) & (b == 1)) | ((c == 1) & (d == 1))


def _no_language(P: Side, V: Side, ctx: PairContext, A: MatchArrays) -> np.ndarray:
    return (P.n_languages > 0) & (V.n_languages > 0) & (popcount(P.languages & V.languages) == 0)


def _contact_clash(P: Side, V: Side, ctx: PairContext, A: MatchArrays) -> np.ndarray:
    return ((P.contact == PHYSICAL) & (V.contact == PHONE)) | ((P.contact == PHONE) & (V.contact == PHYSICAL))


def _no_common_time(P: Side, V: Side, ctx: PairContext, A: MatchArrays) -> np.ndarray:
    return (P.availability != 0) & (V.availability != 0) & ((P.availability & V.availability) == 0)


def _target_group(P: Side, V: Side, ctx: PairContext, A: MatchArrays) -> np.ndarray:
    return (V.target != 0) & (P.target != 0) & ((V.target & P.target) == 0)


def _history(P: Side, V: Side, ctx: PairContext, A: MatchArrays) -> np.ndarray:
    if len(A.history_codes) == 0:
        return np.zeros(ctx.distance.shape, dtype=bool)
    codes = P.pos * len(A.volunteers) + V.pos
    return np.isin(codes, A.history_codes)


RULES: tuple[Rule, ...] = (
    Rule("waiting", "deelnemer wacht niet", "komen niet in aanmerking: de deelnemer wacht niet", False, _not_waiting),
    Rule("intake", "nog geen kennismakingsgesprek", "komen niet in aanmerking: nog geen kennismakingsgesprek", False,
         _no_intake),
    Rule("status", "niet beschikbaar", "zijn niet beschikbaar (pauze of gestopt)", False, _not_available),
    Rule("capacity", "volzet", "hebben al hun maximum aantal duo's", False, _at_capacity),
    Rule("reserved", "al voorgesteld", "zijn al voorgesteld aan iemand anders", False, _reserved),
    Rule("distance", "te ver", "wonen te ver", False, _too_far),
    Rule(
        "participant_gender",
        "voorkeur geslacht deelnemer",
        "passen niet bij de voorkeur geslacht van de deelnemer",
        False,
        lambda P, V, ctx, A: _gender_pref(P.pref_gender, V.gender),
    ),
    Rule(
        "volunteer_gender",
        "voorkeur geslacht vrijwilliger",
        "willen een deelnemer van een ander geslacht",
        False,
        lambda P, V, ctx, A: _gender_pref(V.pref_gender, P.gender),
    ),
    Rule(
        "participant_age",
        "voorkeur leeftijd deelnemer",
        "passen niet bij de voorkeur leeftijd van de deelnemer",
        False,
        lambda P, V, ctx, A: _age_pref(P.pref_age_min, P.pref_age_max, V.age),
    ),
    Rule(
        "volunteer_age",
        "voorkeur leeftijd vrijwilliger",
        "willen een deelnemer van een andere leeftijd",
        False,
        lambda P, V, ctx, A: _age_pref(V.pref_age_min, V.pref_age_max, P.age),
    ),
    Rule(
        "smoking",
        "roken",
        "botsen op roken",
        True,
        lambda P, V, ctx, A: _both(P.smokes, V.smoke_bothers, V.smokes, P.smoke_bothers),
    ),
    Rule(
        "pets",
        "huisdieren",
        "botsen op huisdieren",
        True,
        lambda P, V, ctx, A: _both(P.pets, V.pets_bother, V.pets, P.pets_bother),
    ),
    Rule("language", "geen gemeenschappelijke taal", "spreken geen gemeenschappelijke taal", True, _no_language),
    Rule("contact_form", "contactvorm", "willen een andere contactvorm", True, _contact_clash),
    Rule("availability", "geen gemeenschappelijk moment", "hebben geen gemeenschappelijk moment", True, _no_common_time),
    Rule("target_group", "doelgroep", "ondersteunen deze doelgroep niet", False, _target_group),
    Rule("history", "al een duo geweest", "vormden al een duo met deze deelnemer", True, _history),
)
RULES_BY_NAME = {r.name: r for r in RULES}


# --- soft criteria ----------------------------------------------------------------------------


def _proximity(P: Side, V: Side, ctx: PairContext) -> tuple[np.ndarray, np.ndarray]:
    d = ctx.distance
    value = np.clip(1.0 - d / PROXIMITY_SCALE_KM, 0.0, 1.0)
    value = np.where(ctx.phone_only, 1.0, value)
    return value, np.isnan(d) & ~ctx.phone_only


def _shared_bits(cap: int, attr: str) -> Callable[[Side, Side, PairContext], tuple[np.ndarray, np.ndarray]]:
    def compute(P: Side, V: Side, ctx: PairContext) -> tuple[np.ndarray, np.ndarray]:
        shared = popcount(getattr(P, attr) & getattr(V, attr))
        missing = (getattr(P, f"n_{attr}") == 0) | (getattr(V, f"n_{attr}") == 0)
        return np.minimum(shared, cap) / cap, missing

    return compute


def _availability(P: Side, V: Side, ctx: PairContext) -> tuple[np.ndarray, np.ndarray]:
    common = np.bitwise_count(P.availability & V.availability).astype(np.int64)
    missing = (P.availability == 0) | (V.availability == 0)
    return np.minimum(common, 3) / 3.0, missing


def _age(P: Side, V: Side, ctx: PairContext) -> tuple[np.ndarray, np.ndarray]:
    diff = np.abs(P.age - V.age)
    return 1.0 - np.minimum(diff, 40.0) / 40.0, np.isnan(diff)


def _waiting(P: Side, V: Side, ctx: PairContext) -> tuple[np.ndarray, np.ndarray]:
    days = P.waiting_days + np.zeros(ctx.distance.shape)
    return np.clip(days / 365.0, 0.0, 1.0), np.isnan(days)


CRITERIA: tuple[Criterion, ...] = (
    Criterion("proximity", "Afstand", 0.5, _proximity),
    Criterion("interests", "Gedeelde interesses", 0.3, _shared_bits(3, "interests")),
    Criterion("availability", "Gemeenschappelijke momenten", 0.5, _availability),
    Criterion("personality", "Persoonlijkheid", 0.5, _shared_bits(2, "personality")),
    Criterion("age", "Leeftijd", 0.5, _age),
    Criterion("waiting", "Wachttijd deelnemer", 0.0, _waiting),
)
CRITERIA_BY_NAME = {c.name: c for c in CRITERIA}


def preference(score: np.ndarray, distance: np.ndarray, waiting: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Candidate order, best first, defined once for the rankings, greedy matching and the proposal.

    Highest score first; among equal scores the nearest, then the longest waiting participant, then the
    order of the keys. Unknown distances and waiting times come last. Returns indices (``np.lexsort``).
    """
    return np.lexsort((pos, -np.nan_to_num(waiting, nan=-1.0), np.nan_to_num(distance, nan=np.inf),
                       -np.nan_to_num(score, nan=-np.inf)))


#: What the whole-list proposal adds to an eligible pair's score so that it is never confused with a pair
#: the rules exclude (which scores 0 in the matrix), and so that ties follow :func:`preference`: the
#: nearer pair, then the longer wait. Far below any score difference that matters (max. 1e-6 per pair).
ELIGIBLE_BONUS = 1e-6
TIE_DISTANCE = 1e-8
TIE_WAITING = 1e-10


def assignment_weights(score: np.ndarray, eligible: np.ndarray, distance: np.ndarray, waiting: np.ndarray
                       ) -> np.ndarray:
    """The matrix the proposal maximises: eligible pairs keep their score (plus the tie terms), others 0."""
    d = np.nan_to_num(distance, nan=np.inf)
    near = 1.0 / (1.0 + np.where(np.isfinite(d), d, 1e9))
    w = np.nan_to_num(waiting, nan=0.0)
    waited = w / (1.0 + np.nanmax(w)) if w.size else w
    return np.where(eligible, score + ELIGIBLE_BONUS + TIE_DISTANCE * near + TIE_WAITING * waited, 0.0)


@dataclass(frozen=True)
class Evaluation:
    """Everything the kernel computed for a set of pairs (arrays of one broadcast shape)."""

    distance: np.ndarray
    excluded: dict[str, np.ndarray]
    eligible: np.ndarray
    values: dict[str, np.ndarray]
    missing: dict[str, np.ndarray]
    points: dict[str, np.ndarray]
    score: np.ndarray


def pair_context(P: Side, V: Side) -> PairContext:
    """Distances and the phone-only flag of the pairs of ``P`` x ``V``."""
    return PairContext(distance=chord_km(P.x, P.y, P.z, V.x, V.y, V.z), phone_only=(P.contact == PHONE) & (V.contact == PHONE))


def apply_rules(A: MatchArrays, P: Side, V: Side, ctx: PairContext) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Every rule's exclusion mask and the combined ``eligible`` mask."""
    excluded: dict[str, np.ndarray] = {}
    eligible = np.ones(ctx.distance.shape, dtype=bool)
    for rule in RULES:
        mask = rule.excludes(P, V, ctx, A)
        excluded[rule.name] = mask
        eligible &= ~mask
    return excluded, eligible


def apply_criteria(
    P: Side, V: Side, ctx: PairContext, weights: Weights
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, np.ndarray], np.ndarray]:
    """Values, missing masks and points per criterion, and the total score."""
    values: dict[str, np.ndarray] = {}
    missing: dict[str, np.ndarray] = {}
    points: dict[str, np.ndarray] = {}
    score = np.zeros(ctx.distance.shape)
    for criterion in CRITERIA:
        value, miss = criterion.compute(P, V, ctx)
        value = np.where(miss, criterion.missing_value, value)
        values[criterion.name] = value
        missing[criterion.name] = miss
        pts = value * weights.share(criterion.name)
        points[criterion.name] = pts
        score = score + pts
    return values, missing, points, score


def evaluate(A: MatchArrays, P: Side, V: Side, weights: Weights, rules: bool = True) -> Evaluation:
    """Apply every rule and criterion to the pairs of ``P`` x ``V`` (numpy broadcasting).

    Parameters
    ----------
    A
        The dataset's arrays (for the pair history).
    P, V
        Participant and volunteer views whose arrays broadcast against each other.
    weights
        The weights of the soft criteria.
    rules
        Evaluate the hard rules (``False`` skips them: every pair eligible).
    """
    ctx = pair_context(P, V)
    if rules:
        excluded, eligible = apply_rules(A, P, V, ctx)
    else:
        excluded, eligible = {}, np.ones(ctx.distance.shape, dtype=bool)
    values, missing, points, score = apply_criteria(P, V, ctx, weights)
    return Evaluation(ctx.distance, excluded, eligible, values, missing, points, score)
