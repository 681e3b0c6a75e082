"""Matching: hard rules, explained scores, rankings in both directions, the global proposal."""

from duo_core.matching.explain import Component, MatchExplanation, explain_match
from duo_core.matching.model import CRITERIA, RULES, Criterion, Rule
from duo_core.matching.ranking import rank_participants, rank_volunteers
from duo_core.matching.weights import Weights

__all__ = [
    "CRITERIA",
    "RULES",
    "Component",
    "Criterion",
    "MatchExplanation",
    "Rule",
    "Weights",
    "explain_match",
    "rank_participants",
    "rank_volunteers",
]
