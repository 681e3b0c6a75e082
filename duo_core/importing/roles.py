"""Which role a sheet or a row holds, and what a closed-list answer becomes.

A sheet's role comes from its name, else its content (the fields its columns hold), never from a word in
the file name that the organisation's own name holds ("Duowerking"). A column that says per row
"deelnemer" or "vrijwilliger" splits one sheet into both roles. Part of the import assistant's clues
(:mod:`.clues`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from duo_core.importing.answers import folded, yes_no
from duo_core.importing.value_clues import ROLES, sample
from duo_core.reading.values import parser_for


def role_of(sheet_name: str, file_name: str, fields: set[str]) -> str:
    """Which role a sheet holds: from its name, else from its content, else from a person word in the file name.

    The file name never makes a sheet the Duo's sheet: the organisation's own name holds "duo"
    (``Kennismakingsformulier Duowerking.xlsx``); a duo sheet is one whose columns name a participant and a volunteer.
    """
    text = folded(sheet_name)
    for role, words in (("Intakevrijwilligers", ("intakevrijwillig", "intaker", "intake volunteer")),
                        ("Vrijwilligers", ("vrijwillig", "volunteer", "buddy", "benevole")),
                        ("Contactcoaches", ("coach",)), ("Deelnemers", ("deelnem", "aanmeld", "participant"))):
        if any(w in text for w in words):
            return role
    if {"participant_id", "volunteer_id"} <= fields:
        return "Duo's"
    if re.search(r"\bduo s?\b|\bkoppeling", text) and {"participant_id", "volunteer_id"} & fields:
        return "Duo's"
    if {"max_distance_km", "max_duos", "transport", "target_groups"} & fields:
        return "Vrijwilligers"
    name = folded(file_name)
    if any(w in name for w in ("vrijwillig", "volunteer", "benevole")):
        return "Vrijwilligers"
    return "Deelnemers"


def split_values(values: Sequence[object] | Counter) -> bool:
    """Whether a column says per row which role it is (deelnemer / vrijwilliger)."""
    counts = sample(values)
    if len(counts) > 20:  # a role question has a few answers
        return False
    kinds = {role_word(v) for v in counts}
    return kinds == {"Deelnemers", "Vrijwilligers"}


def role_word(value: object) -> str | None:
    """``Deelnemers`` or ``Vrijwilligers`` for a value like "deelnemer", "Ik wil vrijwilliger worden"."""
    text = folded(value)
    hits = [(text.find(w), role) for role, words in (("Vrijwilligers", ("vrijwillig", "volunteer", "buddy")),
                                                      ("Deelnemers", ("deelnem", "participant", "hulp zoek", "zoek een")))
            for w in words if w in text]
    return min(hits)[1] if hits else None


_PREFERENCE_WORDS = {"maakt niet uit": "geen voorkeur", "geen voorkeur": "geen voorkeur", "om het even": "geen voorkeur",
                     "doesn t matter": "geen voorkeur", "no preference": "geen voorkeur"}


def canonical_value(role: str, field: str, raw: object) -> object:
    """What a raw answer of a closed-list field becomes (``None`` when it cannot be told)."""
    col = ROLES[role].column(field)
    value, problem = parser_for(col)(raw)
    if problem is None and value not in (None, frozenset()):
        if isinstance(value, bool):
            return "ja" if value else "nee"
        return value if not isinstance(value, frozenset) else "; ".join(sorted(value))
    text = folded(raw)
    for phrase, canonical in _PREFERENCE_WORDS.items():
        if phrase in text and canonical in col.vocabulary:
            return canonical
    if col.kind == "bool":
        said = yes_no(raw, field)
        return None if said is None else "ja" if said else "nee"
    hits = [v for v in col.vocabulary if re.search(rf"\b{re.escape(folded(v))}\b", text)]
    return hits[0] if len(hits) == 1 else None


__all__ = ["canonical_value", "role_of", "role_word", "split_values"]
