"""Recognising what people typed: headers to canonical columns, sheet names to sheets, province names.

Matching ignores case, spacing, accents and punctuation (:func:`normalise_label`) and knows each column's
Dutch header, its synonyms and the aliases of ``duo.toml``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from duo_core.schema import PROVINCES, SHEETS, Sheet


@dataclass(frozen=True)
class HeaderMap:
    """Maps normalised header text to canonical column names for one sheet."""

    sheet: Sheet
    lookup: dict[str, str] = field(default_factory=dict)

    def match(self, header: object) -> str | None:
        """Return the canonical column name for a header as typed, or ``None``."""
        return self.lookup.get(normalise_label(header))


def normalise_label(text: object) -> str:
    """Fold a header or sheet name for comparison.

    Case, accents, whitespace and punctuation are ignored: ``"Max. afstand (km)"`` and
    ``"max afstand km"`` fold to the same key.
    """
    if text is None:
        return ""
    return _fold(str(text))


@lru_cache(maxsize=16384)
def _fold(text: str) -> str:
    s = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "", s)


def header_map(sheet: Sheet, aliases: dict[str, str] | None = None) -> HeaderMap:
    """Build the header lookup of ``sheet``, including user ``aliases`` (header text -> column name)."""
    lookup: dict[str, str] = {}
    for col in sheet.columns:
        for variant in (col.header, col.name, *col.synonyms):
            lookup.setdefault(normalise_label(variant), col.name)
    # The exact template headers win over synonyms of other columns.
    for col in sheet.columns:
        lookup[normalise_label(col.header)] = col.name
    for text, name in (aliases or {}).items():
        sheet.column(name)  # raises KeyError for an unknown column
        lookup[normalise_label(text)] = name
    return HeaderMap(sheet, lookup)


def find_sheet(name: object) -> Sheet | None:
    """Return the schema sheet a workbook sheet name refers to, or ``None``."""
    key = normalise_label(name)
    for sheet in SHEETS:
        if key in {normalise_label(v) for v in (sheet.name, *sheet.synonyms)}:
            return sheet
    return None


def canonical_province(text: object) -> str | None:
    """Return the canonical province name for ``text`` (file stem or cell), or ``None``."""
    key = normalise_label(text)
    for p in PROVINCES:
        if key == normalise_label(p):
            return p
    aliases = {
        "antwerp": "Antwerpen",
        "ovl": "Oost-Vlaanderen",
        "oostvlaanderen": "Oost-Vlaanderen",
        "eastflanders": "Oost-Vlaanderen",
        "wvl": "West-Vlaanderen",
        "westflanders": "West-Vlaanderen",
        "vlb": "Vlaams-Brabant",
        "vlaamsbrabant": "Vlaams-Brabant",
        "flemishbrabant": "Vlaams-Brabant",
        "lim": "Limburg",
        "ant": "Antwerpen",
    }
    return aliases.get(key)
