"""Matching weights: how much each soft criterion counts in the score of 0..100."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Weights:
    """Relative weights of the soft criteria (any non-negative numbers; they are normalised to 100).

    Attributes
    ----------
    proximity
        Living close to each other.
    interests
        Shared interests.
    availability
        Common day-parts.
    personality
        Shared personality traits.
    age
        Closeness in age.
    waiting
        The participant's waiting time (so that among equal fits the longest waiting comes first).
    """

    proximity: float = 30.0
    interests: float = 25.0
    availability: float = 15.0
    personality: float = 10.0
    age: float = 10.0
    waiting: float = 10.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
                raise ValueError(f"Gewicht '{f.name}' moet een getal van 0 of meer zijn (geen nan of oneindig), niet {value!r}.")
        if self.total <= 0:
            raise ValueError("Minstens één gewicht moet groter dan 0 zijn.")

    @property
    def total(self) -> float:
        """Sum of the weights."""
        return float(sum(getattr(self, f.name) for f in fields(self)))

    def share(self, name: str) -> float:
        """The maximum points of criterion ``name`` in a score of 100."""
        return 100.0 * getattr(self, name) / self.total

    def to_dict(self) -> dict[str, float]:
        """The weights as a plain dict."""
        return {k: float(v) for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, values: dict[str, Any] | None) -> Weights:
        """Weights from a dict; keys left out keep their default, unknown keys are refused in Dutch."""
        values = dict(values or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"Onbekend gewicht {', '.join(unknown)}: kies uit {', '.join(sorted(known))}.")
        flags = [k for k, v in values.items() if isinstance(v, bool)]
        if flags:
            raise ValueError(f"Gewicht '{flags[0]}' moet een getal van 0 of meer zijn, niet {values[flags[0]]!r}.")
        try:
            numbers = {k: float(v) for k, v in values.items()}
        except (TypeError, ValueError):
            bad = next(k for k, v in values.items() if not _is_number(v))
            raise ValueError(f"Gewicht '{bad}' moet een getal van 0 of meer zijn, niet {values[bad]!r}.") from None
        return replace(cls(), **numbers)

    @classmethod
    def from_config(cls, config: Any) -> Weights:
        """Weights from a :class:`duo_core.config.Config` (its ``[weights]`` section)."""
        return cls.from_dict(getattr(config, "weights", {}))


def _is_number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def resolve(weights: Weights | dict[str, Any] | None) -> Weights:
    """Accept ``None`` (defaults), a dict, or ``Weights``."""
    if weights is None:
        return Weights()
    if isinstance(weights, Weights):
        return weights
    return Weights.from_dict(weights)
