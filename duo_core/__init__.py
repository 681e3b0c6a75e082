"""duo_core: the pure-Python core of the Samana Duowerking matching dashboard.

The public API is small; everything else lives in internal modules.

>>> import duo_core
>>> ds = duo_core.load_dataset("data/demo")          # doctest: +SKIP
>>> ds.participants, ds.volunteers, ds.duos, ds.coaches, ds.findings   # doctest: +SKIP
"""

from duo_core.config import Config, ConfigError, load_config
from duo_core.dataset import Dataset
from duo_core.findings import Finding
from duo_core.importing.guess import propose_mapping
from duo_core.importing.load import WorkbookCache, load_dataset
from duo_core.importing.mapping import Mapping, MappingError, load_mapping
from duo_core.insights.durability import Durability, durability
from duo_core.lifecycle import Lifecycle, overlay
from duo_core.lifecycle.journal import Journal, JournalError, JournalUnavailable
from duo_core.matching import (
    CRITERIA,
    RULES,
    MatchExplanation,
    Proposal,
    Weights,
    exclusion_counts,
    explain_match,
    predicted_waiting,
    propose_assignment,
    rank_participants,
    rank_volunteers,
    recruitment_gaps,
    select_waiting,
    stale_registrations,
    standing,
    waiting_counts,
    waiting_list,
)

__all__ = [
    "CRITERIA",
    "RULES",
    "Config",
    "ConfigError",
    "Dataset",
    "Durability",
    "Finding",
    "Journal",
    "JournalError",
    "JournalUnavailable",
    "Lifecycle",
    "Mapping",
    "MappingError",
    "MatchExplanation",
    "Proposal",
    "Weights",
    "WorkbookCache",
    "durability",
    "exclusion_counts",
    "explain_match",
    "load_config",
    "load_dataset",
    "load_mapping",
    "overlay",
    "predicted_waiting",
    "propose_assignment",
    "propose_mapping",
    "rank_participants",
    "rank_volunteers",
    "recruitment_gaps",
    "select_waiting",
    "stale_registrations",
    "standing",
    "waiting_counts",
    "waiting_list",
]
