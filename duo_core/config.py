"""The configuration file ``duo.toml``.

The app reads ``duo.toml`` from the working directory, or the file named by the environment variable
``DUO_CONFIG``. Every key is optional; without a file the demo data in ``data/demo`` is used.

Example::

    [data]
    folder = "/srv/duowerking/werkbestanden"   # folder with one workbook per province

    [aliases.Deelnemers]                        # extra header texts -> canonical column name
    "Post nr" = "postcode"
    "Hobby" = "interests"

    [weights]                                   # matching weights (see duo_core.Weights)
    proximity = 30
    interests = 25

    [coaches]
    fee_per_duo = 45                            # EUR per duo followed, per year

    [waiting_list]
    stale_after_days = 180                      # ask for re-confirmation after this many days

    [auth]
    allowlist = "allowlist.toml"                # who may log in, with which role (see README)
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from duo_core.schema import SHEETS, find_sheet

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_FOLDER = PROJECT_ROOT / "data" / "demo"
CONFIG_ENV = "DUO_CONFIG"
CONFIG_FILE = "duo.toml"
JOURNAL_ENV = "DUO_JOURNAL"


@dataclass(frozen=True)
class Config:
    """Settings from ``duo.toml``; the defaults apply where the file is silent.

    Attributes
    ----------
    data_folder
        Folder with the province workbooks; ``None`` means the demo data.
    aliases
        Per sheet name, extra header texts mapped to canonical column names.
    weights
        Matching weights by criterion name (missing ones keep their default).
    fee_per_duo
        Coach compensation in EUR per duo followed.
    stale_after_days
        A waiting registration older than this, never re-confirmed, is flagged for a call.
    allowlist
        The allow-list of users for login (relative paths from the configuration file's folder).
    journal_target
        Where the journal of actions is kept: ``[journal] path`` (a SQLite file) or ``[journal] url``
        (``postgresql://...``); ``$DUO_JOURNAL`` overrides both. Default: ``logboek.sqlite`` beside the
        data folder (``data/demo_logboek.sqlite`` for the demo).
    source
        The file the settings came from, or ``None``.
    """

    data_folder: Path | None = None
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    fee_per_duo: float = 45.0
    stale_after_days: int = 180
    allowlist: Path = Path("allowlist.toml")
    journal_target: str | None = None
    source: Path | None = None

    @property
    def folder(self) -> Path:
        """The folder to load: the configured one, or the demo data."""
        return self.data_folder or DEMO_FOLDER

    @property
    def journal(self) -> str:
        """The journal's SQLite path or PostgreSQL URL (see ``journal_target``)."""
        if os.environ.get(JOURNAL_ENV):
            return os.environ[JOURNAL_ENV]
        if self.journal_target:
            return self.journal_target
        if self.data_folder is None:
            return str(DEMO_FOLDER.parent / "demo_logboek.sqlite")
        return str(self.data_folder.parent / "logboek.sqlite")

    @property
    def uses_demo(self) -> bool:
        """Whether the app runs on the demo data."""
        return self.data_folder is None


def _aliases(raw: dict[str, Any]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for sheet_name, mapping in raw.items():
        sheet = find_sheet(sheet_name)
        if sheet is None:
            known = ", ".join(s.name for s in SHEETS)
            raise ValueError(f"Onbekend tabblad '{sheet_name}' in [aliases]: kies uit {known}.")
        for column in mapping.values():
            sheet.column(column)
        out[sheet.name] = {str(k): str(v) for k, v in mapping.items()}
    return out


def load_config(path: str | Path | None = None) -> Config:
    """Read the configuration.

    Parameters
    ----------
    path
        The file to read; default ``$DUO_CONFIG`` or ``./duo.toml``. A missing default file gives the
        defaults; a named file that is missing or malformed raises ``ValueError`` with a Dutch message.
    """
    explicit = path is not None or bool(os.environ.get(CONFIG_ENV))
    file = Path(path or os.environ.get(CONFIG_ENV) or CONFIG_FILE)
    if not file.exists():
        if explicit:
            raise ValueError(f"Configuratiebestand '{file}' niet gevonden.")
        return Config()
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"Configuratiebestand '{file}' is geen geldige TOML: {exc}") from exc
    data = raw.get("data", {})
    folder = data.get("folder")
    if folder:
        folder_path = Path(folder)
        if not folder_path.is_absolute():
            folder_path = (file.parent / folder_path).resolve()
    else:
        folder_path = None
    try:
        aliases = _aliases(raw.get("aliases", {}))
    except KeyError as exc:
        raise ValueError(f"Onbekende kolom {exc} in [aliases] van '{file}'.") from exc
    allowlist = Path(raw.get("auth", {}).get("allowlist", "allowlist.toml"))
    if not allowlist.is_absolute():
        allowlist = (file.parent / allowlist).resolve()
    journal = raw.get("journal", {})
    journal_target = journal.get("url") or journal.get("path")
    if journal_target and not str(journal_target).startswith(("postgresql://", "postgres://")):
        journal_path = Path(journal_target)
        journal_target = str(journal_path if journal_path.is_absolute() else (file.parent / journal_path).resolve())
    return Config(
        data_folder=folder_path,
        journal_target=journal_target,
        allowlist=allowlist,
        aliases=aliases,
        weights={k: float(v) for k, v in raw.get("weights", {}).items()},
        fee_per_duo=float(raw.get("coaches", {}).get("fee_per_duo", 45.0)),
        stale_after_days=int(raw.get("waiting_list", {}).get("stale_after_days", 180)),
        source=file,
    )
