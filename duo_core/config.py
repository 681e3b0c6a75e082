"""The configuration file ``duo.toml``: read, validated, explained in Dutch when wrong.

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

    [journal]
    path = "/srv/duowerking/logboek.sqlite"     # or: url = "postgresql://..."

    [intake_places]                             # where kennismakingsgesprekken are held, per province
    Antwerpen = ["Samana-lokaal Mechelen, Kerkstraat 1"]
    [privacy]
    retention_months = 24                       # stopped longer ago: "bewaartermijn verstreken"

    [maps]
    tiles = "https://tiles.example.org/{z}/{x}/{y}.png"   # own tile server; default: no tiles

Everything in the file is validated: an unknown section or key, a text where a number belongs, a
negative fee, a weight that is not a finite number, a Windows path written with single backslashes
inside double quotes, a file saved as UTF-16 or with a byte-order mark: each gives a
:class:`ConfigError` whose Dutch message names the entry and what to write instead (and never the
server path of the file, only its name).
"""

from __future__ import annotations

import hashlib
import math
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from duo_core.headers import canonical_province, find_sheet
from duo_core.schema import PROVINCES, SHEETS

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_FOLDER = PROJECT_ROOT / "data" / "demo"
CONFIG_ENV = "DUO_CONFIG"
CONFIG_FILE = "duo.toml"
JOURNAL_ENV = "DUO_JOURNAL"
STATE_ENV = "DUO_STATE_DIR"
APP_NAME = "duowerking"
MAX_CONFIG_BYTES = 1024 * 1024
WEIGHT_NAMES = ("proximity", "interests", "availability", "personality", "age", "waiting")
#: The sections and keys ``duo.toml`` may hold (``aliases`` holds one table per sheet).
KNOWN = {
    "data": {"folder", "mapping"},
    "aliases": None,
    "weights": set(WEIGHT_NAMES),
    "coaches": {"fee_per_duo"},
    "waiting_list": {"stale_after_days"},
    "auth": {"allowlist"},
    "journal": {"path", "url"},
    "intake_places": None,
    "privacy": {"retention_months"},
    "maps": {"tiles"},
}


class ConfigError(ValueError):
    """The configuration cannot be used; the message (Dutch) names the entry and what to fix."""


def state_dir() -> Path:
    """Where this installation keeps its state (the journal): ``$DUO_STATE_DIR`` or the platform's place."""
    if os.environ.get(STATE_ENV):
        return Path(os.environ[STATE_ENV])
    import platformdirs

    return platformdirs.user_state_path(APP_NAME, appauthor=False)


def default_journal(data_folder: Path | None) -> Path:
    """The journal file for a data folder: its own file in the state directory, never beside the data.

    Two folders (production and a test copy) get two journals, and a synced or network folder never
    holds the SQLite file.
    """
    if data_folder is None:
        return state_dir() / "demo_logboek.sqlite"
    resolved = str(Path(data_folder).resolve())
    tag = hashlib.sha1(resolved.encode("utf-8")).hexdigest()[:10]
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in Path(resolved).name)[:40] or "data"
    return state_dir() / f"logboek-{safe}-{tag}.sqlite"


def ensure_journal_folder(target: str) -> None:
    """Create the state directory when the journal lives there by default and it does not exist yet.

    A fresh installation has no state directory, and SQLite does not create folders. Only the state
    directory is ever created (readable by its owner alone): a configured path whose folder is missing
    stays an error, so an unmounted share is never silently replaced by a local folder.
    """
    if "://" in target or target.startswith("file:"):
        return
    folder = state_dir()
    if Path(target).parent == folder and not folder.exists():
        folder.mkdir(parents=True, mode=0o700, exist_ok=True)


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
        (``postgresql://...``); ``$DUO_JOURNAL`` overrides both. Default: a file of this data folder in
        the installation's state directory (:func:`default_journal`).
    retention_months
        People and duos stopped longer ago than this are listed as "bewaartermijn verstreken".
    tiles
        A map tile address with ``{z}``, ``{x}`` and ``{y}`` (``[maps] tiles``); ``None``: maps without
        tiles, so the app asks no other server for anything.
    mapping
        An import profile (``[data] mapping``) made on the page *Gegevens koppelen*, or ``None``.
    source
        The file the settings came from, or ``None``.
    intake_places
        Per province, the central places where kennismakingsgesprekken are held (``[intake_places]``,
        e.g. ``Antwerpen = ["Samana Mechelen, Kerkstraat 1"]``), offered when a conversation is planned.
    """

    data_folder: Path | None = None
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    fee_per_duo: float = 45.0
    stale_after_days: int = 180
    allowlist: Path = Path("allowlist.toml")
    journal_target: str | None = None
    mapping: Path | None = None
    source: Path | None = None
    intake_places: dict[str, tuple[str, ...]] = field(default_factory=dict)
    retention_months: int = 24
    tiles: str | None = None

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
        return str(default_journal(self.data_folder))

    @property
    def uses_demo(self) -> bool:
        """Whether the app runs on the demo data."""
        return self.data_folder is None


def _decode(raw: bytes, name: str) -> str:
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"Configuratiebestand '{name}' is groter dan 1 MB: dat is geen instellingenbestand.")
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"Configuratiebestand '{name}' is niet in UTF-8 opgeslagen: sla het op als UTF-8 "
                          "(Kladblok: Opslaan als > Codering UTF-8).") from exc


def _toml_error(exc: tomllib.TOMLDecodeError, name: str) -> ConfigError:
    text = str(exc)
    where = text[text.find("(at "):] if "(at " in text else ""
    where = where.replace("(at line", "(regel").replace(", column", ", kolom").replace("(at end of document)",
                                                                                         "(aan het einde)")
    if any(word in text.lower() for word in ("escape", "hex value", "'\\'")):
        hint = ("een backslash (\\) in een tekst tussen dubbele aanhalingstekens: schrijf een Windows-pad tussen enkele "
                "aanhalingstekens ('C:\\Werk\\Duo') of met gewone schuine strepen (\"C:/Werk/Duo\")")
    else:
        hint = "controleer aanhalingstekens, = tekens en [secties]"
    return ConfigError(f"Configuratiebestand '{name}' is geen geldige TOML {where}: {hint}.".replace("  ", " "))


def _number(section: str, key: str, value: Any, *, minimum: float = 0.0, whole: bool = False) -> float:
    """A finite number of at least ``minimum`` (a number written as text, ``"45"`` or ``"45,5"``, is accepted)."""
    shown = f"[{section}] {key}"
    if isinstance(value, bool):
        raise ConfigError(f"{shown} moet een getal zijn, niet {str(value).lower()}.")
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            raise ConfigError(f"{shown} moet een getal zijn (bv. {key} = 45), niet '{value}'.") from None
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ConfigError(f"{shown} moet een eindig getal zijn, niet {value!r}.")
    if value < minimum:
        raise ConfigError(f"{shown} mag niet kleiner zijn dan {minimum:g} (nu {value:g}).")
    if whole and not float(value).is_integer():
        raise ConfigError(f"{shown} moet een geheel getal zijn (nu {value:g}).")
    return float(value)


def _text(section: str, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"[{section}] {key} moet een tekst tussen aanhalingstekens zijn, bv. {key} = \"...\".")
    return value.strip()


def _check_keys(raw: dict[str, Any], name: str) -> None:
    for section, value in raw.items():
        if section not in KNOWN:
            raise ConfigError(f"Onbekende sectie [{section}] in '{name}': kies uit "
                              f"{', '.join(f'[{s}]' for s in KNOWN)}.")
        if not isinstance(value, dict):
            raise ConfigError(f"'{section}' in '{name}' moet een sectie zijn: schrijf [{section}] op een eigen regel.")
        allowed = KNOWN[section]
        if allowed is None:
            continue
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise ConfigError(f"Onbekende sleutel '{unknown[0]}' in [{section}] van '{name}': kies uit "
                              f"{', '.join(sorted(allowed))}.")


def _aliases(raw: dict[str, Any]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for sheet_name, mapping in raw.items():
        sheet = find_sheet(sheet_name)
        if sheet is None:
            known = ", ".join(s.name for s in SHEETS)
            raise ConfigError(f"Onbekend tabblad '{sheet_name}' in [aliases]: kies uit {known}.")
        if not isinstance(mapping, dict):
            raise ConfigError(f"[aliases.{sheet_name}] moet een sectie zijn met regels \"Kop\" = \"kolom\".")
        for header, column in mapping.items():
            names = [c.name for c in sheet.columns]
            if column not in names:
                raise ConfigError(f"Onbekende kolom '{column}' voor \"{header}\" in [aliases.{sheet_name}]: kies uit "
                                  f"{', '.join(names)}.")
        out[sheet.name] = {str(k): str(v) for k, v in mapping.items()}
    return out


def _intake_places(raw: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for province, places in raw.items():
        canonical = canonical_province(province)
        if canonical is None:
            raise ConfigError(f"Onbekende provincie '{province}' in [intake_places]: kies uit {', '.join(PROVINCES)}.")
        if isinstance(places, str):
            places = [places]
        if not isinstance(places, list) or not all(isinstance(p, str) and p.strip() for p in places):
            raise ConfigError(f"[intake_places] {province} moet een lijst van plaatsen zijn, bv. "
                              f"{province} = [\"Samana-lokaal, Kerkstraat 1\"].")
        out[canonical] = tuple(" ".join(p.split()) for p in places)
    return out


def _path(base: Path, text: str) -> Path:
    path = Path(text)
    return path if path.is_absolute() else (base / path).resolve()


def load_config(path: str | Path | None = None) -> Config:
    """Read and validate the configuration.

    Parameters
    ----------
    path
        The file to read; default ``$DUO_CONFIG`` or ``./duo.toml``. A missing default file gives the
        defaults; a named file that is missing or malformed raises :class:`ConfigError`.
    """
    explicit = path is not None or bool(os.environ.get(CONFIG_ENV))
    file = Path(path or os.environ.get(CONFIG_ENV) or CONFIG_FILE)
    name = file.name
    try:
        raw_bytes = file.read_bytes()
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"Configuratiebestand '{name}' niet gevonden: controleer DUO_CONFIG.") from None
        return Config()
    except OSError as exc:
        raise ConfigError(f"Configuratiebestand '{name}' kan niet gelezen worden ({exc.strerror}).") from None
    try:
        raw = tomllib.loads(_decode(raw_bytes, name))
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(exc, name) from None
    _check_keys(raw, name)
    base = file.parent
    data = raw.get("data", {})
    folder = _path(base, _text("data", "folder", data["folder"])) if "folder" in data else None
    mapping = _path(base, _text("data", "mapping", data["mapping"])) if "mapping" in data else None
    auth = raw.get("auth", {})
    allowlist = _path(base, _text("auth", "allowlist", auth["allowlist"])) if "allowlist" in auth else (
        base / "allowlist.toml").resolve()
    journal = raw.get("journal", {})
    if "url" in journal and "path" in journal:
        raise ConfigError("[journal] heeft zowel path als url: kies er één (een SQLite-bestand of PostgreSQL).")
    journal_target = None
    if "url" in journal:
        journal_target = _text("journal", "url", journal["url"])
        if not journal_target.startswith(("postgresql://", "postgres://")):
            raise ConfigError("[journal] url moet met postgresql:// beginnen; gebruik path voor een SQLite-bestand.")
    elif "path" in journal:
        journal_target = str(_path(base, _text("journal", "path", journal["path"])))
    weights = {k: _number("weights", k, v) for k, v in raw.get("weights", {}).items()}
    if weights and not any(weights.values()) and len(weights) == len(WEIGHT_NAMES):
        raise ConfigError("[weights]: minstens één gewicht moet groter dan 0 zijn.")
    coaches = raw.get("coaches", {})
    waiting = raw.get("waiting_list", {})
    privacy = raw.get("privacy", {})
    tiles = _text("maps", "tiles", raw["maps"]["tiles"]) if "tiles" in raw.get("maps", {}) else None
    if tiles is not None and not (tiles.startswith(("https://", "http://")) and all(
            part in tiles for part in ("{z}", "{x}", "{y}"))):
        raise ConfigError("[maps] tiles moet een adres zijn met {z}, {x} en {y}, bv. "
                          "tiles = \"https://tegels.example.org/{z}/{x}/{y}.png\".")
    return Config(
        data_folder=folder,
        journal_target=journal_target,
        allowlist=allowlist,
        aliases=_aliases(raw.get("aliases", {})),
        weights=weights,
        fee_per_duo=_number("coaches", "fee_per_duo", coaches["fee_per_duo"]) if "fee_per_duo" in coaches else 45.0,
        stale_after_days=int(_number("waiting_list", "stale_after_days", waiting["stale_after_days"], minimum=1,
                                     whole=True)) if "stale_after_days" in waiting else 180,
        mapping=mapping,
        source=file,
        intake_places=_intake_places(raw.get("intake_places", {})),
        retention_months=int(_number("privacy", "retention_months", privacy["retention_months"], minimum=1,
                                     whole=True)) if "retention_months" in privacy else 24,
        tiles=tiles,
    )
