"""Saved views: a named set of filters (the page, provinces, period, clicked filters) a person opens again.

A view is what the address holds on a page, limited to the filters (:data:`FILTER_PARAMS`; never a person,
so a forgotten person leaves no trace here). Every value is validated again when the view is opened, as
any address is (:mod:`duo_core.addressing`).

Where views live: per user, in a small JSON file in the installation's state directory
(``<state>/weergaven/<hash of the e-mail>.json``; platformdirs, or ``$DUO_STATE_DIR``). Not in the journal:
the journal records what happened to people in one data folder (and an upload's journal dies with its
session), while a view is a person's own preference, the same for every data folder. The file name is a
hash, so no e-mail address appears on disk; a file is replaced in one step (write, then rename), so a
crash never leaves half a file. The demo keeps views in the session only (:class:`MemoryViews`): anyone
may try it, and nothing they type is written on the server.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

#: The longest name, in characters.
MAX_NAME = 60
#: The most views one person keeps.
MAX_VIEWS = 50
#: The longest value of one filter, in characters (the provinces of Flanders take 75).
MAX_VALUE = 400
#: The address parameters a view keeps: the filters, never a person (``deelnemer``, ``vrijwilliger``).
FILTER_PARAMS = ("provincies", "periode", "klik_provincie", "klik_maand", "klik_reden", "wacht", "ernst")
FOLDER = "weergaven"
LOG = logging.getLogger("duowerking")


class ViewError(ValueError):
    """A view that cannot be saved as asked; the message is Dutch and says what to do."""


@dataclass(frozen=True)
class SavedView:
    """A named set of filters on one page (``page``: the page's name in the app, e.g. ``"monitoring"``)."""

    name: str
    page: str
    params: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict:
        """The view as it is written in the file."""
        return {"name": self.name, "page": self.page, "params": dict(self.params)}


def filters_of(params: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    """The filters among the address's parameters, in :data:`FILTER_PARAMS` order; over-long values are left out."""
    kept = []
    for name in FILTER_PARAMS:
        value = params.get(name)
        if value not in (None, "") and len(str(value)) <= MAX_VALUE:
            kept.append((name, str(value)))
    return tuple(kept)


def check_name(typed: object, existing: list[SavedView]) -> str:
    """The name a view is saved under (spaces around it removed), or :class:`ViewError` with a Dutch message.

    Refused: an empty name, one over :data:`MAX_NAME` characters, one with line breaks or invisible
    characters, and a name already used (whatever the capitals); also a new view beyond :data:`MAX_VIEWS`.
    """
    name = str(typed or "").strip()
    if not name:
        raise ViewError("Geef de weergave een naam.")
    if len(name) > MAX_NAME:
        raise ViewError(f"Een naam telt hoogstens {MAX_NAME} tekens; deze telt er {len(name)}. Kies een kortere naam.")
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise ViewError("Een naam mag geen regeleinden of onzichtbare tekens bevatten.")
    if any(v.name.casefold() == name.casefold() for v in existing):
        raise ViewError(f"Er is al een weergave met de naam '{name}'. Kies een andere naam, of verwijder eerst de "
                        "bewaarde.")
    if len(existing) >= MAX_VIEWS:
        raise ViewError(f"Je hebt al {MAX_VIEWS} bewaarde weergaven. Verwijder er eerst een.")
    return name


def _parse(raw: object) -> list[SavedView]:
    """Views from the file's content; entries that are not views are left out."""
    found = []
    for entry in raw.get("views", []) if isinstance(raw, dict) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not isinstance(entry.get("page"), str):
            continue
        params = entry.get("params") if isinstance(entry.get("params"), dict) else {}
        found.append(SavedView(entry["name"], entry["page"], filters_of(params)))
    return found


class MemoryViews:
    """Views kept in memory (a demo session): the same rules as :class:`FileViews`, nothing written."""

    def __init__(self) -> None:
        self._views: list[SavedView] = []

    def views(self) -> list[SavedView]:
        """The saved views, in the order they were saved."""
        return list(self._views)

    def _write(self, views: list[SavedView]) -> None:
        self._views = list(views)

    def save(self, name: object, page: str, params: Mapping[str, object]) -> SavedView:
        """Save the filters of ``params`` on ``page`` under ``name`` (see :func:`check_name`)."""
        views = self.views()
        view = SavedView(check_name(name, views), page, filters_of(params))
        self._write([*views, view])
        return view

    def delete(self, name: str) -> None:
        """Forget the view called ``name`` (nothing happens when there is none)."""
        self._write([v for v in self.views() if v.name != name])

    def get(self, name: str) -> SavedView | None:
        """The view called ``name``, or ``None``."""
        return next((v for v in self.views() if v.name == name), None)


class FileViews(MemoryViews):
    """One person's views in a JSON file of ``folder`` (read again at every call: several servers may share it)."""

    def __init__(self, folder: Path | str, user: str) -> None:
        super().__init__()
        digest = hashlib.sha256(user.strip().casefold().encode("utf-8")).hexdigest()[:32]
        self.path = Path(folder) / f"{digest}.json"

    def views(self) -> list[SavedView]:
        """The saved views; a file that cannot be read counts as none (and is replaced at the next save)."""
        try:
            return _parse(json.loads(self.path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return []
        except (OSError, ValueError):
            LOG.warning("saved views: a file of saved views cannot be read and is treated as empty")
            return []

    def _write(self, views: list[SavedView]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".weergaven-", dir=self.path.parent)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump({"version": 1, "views": [v.to_dict() for v in views]}, out, ensure_ascii=False)
                os.replace(temporary, self.path)
            finally:
                Path(temporary).unlink(missing_ok=True)
        except OSError as exc:
            raise ViewError("De weergave kon niet bewaard worden: de map met bewaarde weergaven is niet "
                            "beschrijfbaar. Vraag de beheerder om de map van de app na te kijken.") from exc


_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")


def _date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return text


def _month(text: str) -> str:
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        return text
    return f"{_MONTHS[day.month - 1]} {day.year}"


_WORDS = {
    "provincies": lambda v: "provincies " + ", ".join(v.split(",")),
    "periode": lambda v: "periode " + " tot ".join(_date(d) for d in v.split("..", 1)),
    "klik_provincie": lambda v: f"aangeklikt: provincie {v}",
    "klik_maand": lambda v: f"aangeklikt: maand {_month(v)}",
    "klik_reden": lambda v: f"aangeklikt: stopreden {v}",
    "wacht": lambda v: f"wacht langer dan {v} dagen",
    "ernst": lambda v: f"ernst {v}",
}


def describe(view: SavedView, titles: Mapping[str, str]) -> str:
    """A view in words for its list: ``"Limburg 2025 (Monitoring; provincies Limburg; periode 01/01/2025 tot ...)"``."""
    said = [titles.get(view.page, view.page), *(_WORDS[name](value) for name, value in view.params)]
    return f"{view.name} ({'; '.join(said)})"


__all__ = ["FILTER_PARAMS", "FOLDER", "MAX_NAME", "MAX_VALUE", "MAX_VIEWS", "FileViews", "MemoryViews", "SavedView",
           "ViewError", "check_name", "describe", "filters_of"]
