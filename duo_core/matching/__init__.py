"""Matching: hard rules, explained scores, rankings in both directions, the global proposal."""

from duo_core.matching.assignment import Proposal, ProposalSummary, propose_assignment
from duo_core.matching.explain import Component, MatchExplanation, explain_match
from duo_core.matching.model import CRITERIA, RULES, Criterion, Rule
from duo_core.matching.ranking import rank_participants, rank_volunteers
from duo_core.matching.standing import standing
from duo_core.matching.waiting import (
    exclusion_counts,
    predicted_waiting,
    recruitment_gaps,
    select_waiting,
    stale_registrations,
    waiting_counts,
    waiting_list,
)
from duo_core.matching.weights import Weights

__all__ = [
    "CRITERIA",
    "RULES",
    "Component",
    "Criterion",
    "MatchExplanation",
    "Proposal",
    "ProposalSummary",
    "Rule",
    "Weights",
    "exclusion_counts",
    "explain_match",
    "predicted_waiting",
    "propose_assignment",
    "rank_participants",
    "rank_volunteers",
    "recruitment_gaps",
    "select_waiting",
    "stale_registrations",
    "standing",
    "waiting_counts",
    "waiting_list",
]
