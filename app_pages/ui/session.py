"""What app.py sets up for a run and the pages read: the loaded dataset (folder, demo or uploads), the user, the configuration, and the caches behind them."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

import duo_core
from duo_core import access
from duo_core.importing.load import folder_signature
from duo_core.importing.mapping import Mapping, MappingError
from duo_core.lifecycle.collector import settle
from duo_core.matching.arrays import match_arrays

DS_KEY = "dataset"


SOURCE_KEY = "data_source"


CONFIG_KEY = "config"


UPLOADS_KEY = "uploaded_workbooks"


MAPPING_KEY = "import_mapping"  # a koppelprofiel chosen in this session (page Gegevens koppelen)


UPLOADER_KEY = "uploader"


USER_KEY = "user"


LIFECYCLE_KEY = "lifecycle"


JOURNAL_KEY = "journal_state"


VERSION_KEY = "dataset_version"  # what this run's dataset is: data, journal and its version, the user
TEAM_KEY = "intake_team"


EMAIL = re.compile(r"[^\s@'\"()]+@[^\s@'\"()]+")


LOG = logging.getLogger("duowerking")


@dataclass(frozen=True)
class DataSource:
    """Where the data came from, for the sidebar."""

    kind: str  # "demo", "folder" or "upload"
    label: str
    loaded_at: dt.datetime
    signature: tuple = ()


def warm(ds: duo_core.Dataset, matching: bool = True) -> duo_core.Dataset:
    """Build the derived data once, so that it is cached together with the dataset; later collections skip it."""
    _ = ds.participants_by_key, ds.volunteers_by_key, ds.open_duo_counts
    if matching:
        match_arrays(ds)
    settle()
    return ds


class _Busy(Exception):  # noqa: N818  (not an error: a result that must not be cached)
    """A load that met a busy server (a workbook waited too long for its turn): never cached, read again next run."""

    def __init__(self, result: tuple) -> None:
        super().__init__("bezig")
        self.result = result


@st.cache_resource(show_spinner="Werkboeken inlezen…", max_entries=4, ttl=dt.timedelta(hours=12))
def _load_folder(folder: str, signature: tuple, aliases: tuple, as_of: dt.date, _config: duo_core.Config,
                 mapping_key: str | None = None, _mapping: Mapping | None = None):
    result = warm(duo_core.load_dataset(folder, config=_config, as_of=as_of, mapping=_mapping)), dt.datetime.now()
    if result[0].busy:
        raise _Busy(result)  # Streamlit keeps no exception: the next run reads the folder again
    return result


def load_folder(folder: str, signature: tuple, aliases: tuple, as_of: dt.date, config: duo_core.Config,
                mapping_key: str | None = None, mapping: Mapping | None = None):
    """Load a folder of workbooks; cached on the files' names, modification times and sizes (and the profile).

    One object shared by every session (``st.cache_resource``: no copy per run); a Dataset is never modified
    (``tests/app/test_app_shared.py`` checks that no page does). A load that met a busy server is not cached.
    """
    try:
        return _load_folder(folder, signature, aliases, as_of, config, mapping_key, mapping)
    except _Busy as busy:
        return busy.result


def _load_uploads(files: tuple[tuple[str, bytes], ...], config: duo_core.Config, as_of: dt.date,
                  mapping: Mapping | None = None):
    """Load uploaded workbooks: each is parsed in a child process with a memory and time limit."""
    buffers = []
    for name, content in files:
        buffer = io.BytesIO(content)
        buffer.name = name
        buffers.append(buffer)
    with st.spinner("Opgeladen werkboeken inlezen…"):
        return warm(duo_core.load_dataset(buffers, config=config, as_of=as_of, mapping=mapping)), dt.datetime.now()


def session_memo(name: str, key: tuple, compute: Callable[[], Any]) -> Any:
    """A value kept in this session only (it leaves memory when the session ends), recomputed when ``key`` changes.

    Used for everything derived from uploaded workbooks: they never enter a cache shared by all sessions.
    """
    slot = f"_memo_{name}"
    held = st.session_state.get(slot)
    if held is not None and held[0] == key:
        return held[1]
    value = compute()
    st.session_state[slot] = (key, value)
    return value


def forget_memo(name: str) -> None:
    """Drop what :func:`session_memo` keeps under ``name`` (e.g. a result that must be computed again next run)."""
    st.session_state.pop(f"_memo_{name}", None)


def aliases_key(config: duo_core.Config) -> tuple:
    """The configuration's header aliases as a hashable key."""
    return tuple(sorted((s, tuple(sorted(m.items()))) for s, m in config.aliases.items()))


def store_uploads(files: list | None) -> bool:
    """Keep newly uploaded workbooks' bytes in this session's memory; ``True`` when they changed.

    An empty uploader (e.g. after coming back to the page) keeps what was uploaded before; the
    "back to the standard data" button forgets it.
    """
    if not files:
        return False
    uploads = tuple((f.name, f.getvalue()) for f in files)
    if st.session_state.get(UPLOADS_KEY) == uploads:
        return False
    st.session_state[UPLOADS_KEY] = uploads
    return True


def clear_uploads() -> None:
    """Forget the uploaded workbooks and everything made from them: back to the configured folder or the demo."""
    for key in [k for k in st.session_state if str(k).startswith("_memo_")] + [UPLOADS_KEY, MAPPING_KEY]:
        st.session_state.pop(key, None)


def configured_mapping(config: duo_core.Config) -> tuple[Mapping | None, str | None]:
    """The koppelprofiel of ``duo.toml`` (``[data] mapping``), and a Dutch problem when it cannot be used."""
    path = config.mapping
    if path is None:
        return None, None
    if not path.exists():
        return None, (f"Het koppelprofiel '{path.name}' uit duo.toml bestaat niet: de werkboeken worden gelezen zoals "
                      "template.xlsx. Bewaar het profiel opnieuw op de pagina Gegevens koppelen.")
    try:
        return _profile(str(path), path.stat().st_mtime_ns), None
    except MappingError as exc:
        return None, f"{exc} De werkboeken worden gelezen zoals template.xlsx."


@st.cache_resource(max_entries=4, show_spinner=False)
def _profile(path: str, mtime: int) -> Mapping:
    return duo_core.load_mapping(path)


def load(
    config: duo_core.Config, uploads: tuple[tuple[str, bytes], ...] | None, mapping: Mapping | None = None
) -> tuple[duo_core.Dataset, DataSource]:
    """The dataset the app shows: uploaded workbooks if any, else the configured folder, else the demo.

    ``mapping`` is a koppelprofiel chosen in this session (page Gegevens koppelen); without one, the
    profile of ``duo.toml`` is used for the folder (uploads without a session profile follow the template).
    """
    today = dt.date.today()
    mark = "" if mapping is None else " (gekoppeld)"
    if uploads:
        files = tuple(uploads)
        fingerprint = None if mapping is None else mapping.fingerprint
        signature = ("upload", tuple((n, hashlib.sha1(c).hexdigest()) for n, c in files), aliases_key(config), today,
                     fingerprint)
        ds, at = session_memo("uploads", signature, lambda: _load_uploads(files, config, today, mapping))
        if ds.busy:  # read again on the next run; nothing derived from this half load is kept
            st.session_state.pop("_memo_uploads", None)
            signature = (*signature, ("bezig", at))
        names = ", ".join(name for name, _ in files)
        return ds, DataSource("upload", f"Opgeladen (proefkopie){mark}: {names}", at, signature)
    folder = config.folder
    if mapping is None:
        mapping, _ = configured_mapping(config)
        mark = "" if mapping is None else " (met koppelprofiel)"
    fingerprint = None if mapping is None else mapping.fingerprint
    signature = (str(folder), folder_signature(folder), aliases_key(config), today)
    ds, at = load_folder(*signature, config, fingerprint, mapping)
    signature = (*signature, fingerprint) + ((("bezig", at),) if ds.busy else ())
    if config.uses_demo:
        return ds, DataSource("demo", f"Demogegevens (fictief){mark}", at, signature)
    return ds, DataSource("folder", f"Map: {folder.name}{mark}", at, signature)


@st.cache_resource(max_entries=32, ttl=dt.timedelta(hours=12), show_spinner=False)
def project(signature: tuple, user: tuple, _ds: duo_core.Dataset) -> duo_core.Dataset:
    """The dataset as ``user`` may see it (see duo_core.access), shared by the sessions of users who see the same.

    ``signature`` names the data, the journal and its version: two journals at the same version (say one
    event each) are different views.
    """
    email, role, coach_key, provinces = user
    seen = access.visible_dataset(_ds, access.User(email, role, coach_key, provinces))
    return warm(seen, matching=role != access.COACH)


def derived(name: str, args: tuple, compute: Callable[[], Any]) -> Any:
    """A value computed from this run's dataset, once per dataset version and ``args`` (never modify it).

    Shared by every session that sees the same data, journal version and user view (the configured folder
    or the demo); for uploaded workbooks kept in this session only. Every action changes the journal's
    version, so what is derived is recomputed at the next run of every session.
    """
    version = st.session_state[VERSION_KEY]
    if st.session_state[SOURCE_KEY].kind == "upload":
        return session_memo(f"derived_{name}", (version, args), compute)
    return _derived(name, version, args, compute)


class SharedValues:
    """Values shared by every session of this server process, keyed by plain hashable tuples.

    Like ``st.cache_resource`` (one computation per key while others wait for it, at most ``size`` values,
    the least recently used leaving first, each kept at most ``ttl``), without its hashing of the arguments:
    a page asks for ten or more derived values per run, and that hashing cost more than a millisecond each.
    A computation that raises keeps nothing.
    """

    def __init__(self, size: int, ttl: dt.timedelta) -> None:
        self.size, self.ttl = size, ttl.total_seconds()
        self._values: OrderedDict[tuple, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[tuple, threading.Lock] = {}

    def get(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """The value of ``key``, computed by ``compute`` when not kept (or kept too long)."""
        found = self._kept(key)
        if found is not None:
            return found[1]
        with self._lock:
            turn = self._computing.setdefault(key, threading.Lock())
        with turn:  # one computation per key; who waited finds the value
            try:
                found = self._kept(key)
                if found is None:
                    found = (time.monotonic(), compute())
                    with self._lock:
                        self._values[key] = found
                        while len(self._values) > self.size:
                            self._values.popitem(last=False)
            finally:
                with self._lock:
                    self._computing.pop(key, None)
        return found[1]

    def _kept(self, key: tuple) -> tuple[float, Any] | None:
        with self._lock:
            found = self._values.get(key)
            if found is not None and time.monotonic() - found[0] > self.ttl:
                del self._values[key]
                found = None
            if found is not None:
                self._values.move_to_end(key)
            return found

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._values.clear()


_shared = SharedValues(256, dt.timedelta(hours=12))


def _derived(name: str, version: tuple, args: tuple, compute: Callable[[], Any]) -> Any:
    return _shared.get((name, version, args), compute)


def login_configured() -> bool:
    """Whether an ``[auth]`` section for st.login exists in the secrets."""
    try:
        return "auth" in st.secrets
    except Exception:
        return False


@st.cache_data(max_entries=4, persist=False, show_spinner=False)
def allowlist(path: str, modified: int) -> access.AllowList:
    """The allow-list, read again when the file changes (every problem is logged, without e-mail addresses)."""
    found = access.load_allowlist(path)
    for problem in found.problems:
        LOG.warning("allow-list: %s", EMAIL.sub("<e-mail>", problem))
    return found


def user_tuple(user: access.User) -> tuple:
    """A user as a hashable cache key."""
    return (user.email, user.role, user.coach_key, tuple(user.provinces))


def current_user() -> access.User:
    """The user app.py determined for this run."""
    return st.session_state[USER_KEY]


def dataset() -> duo_core.Dataset:
    """The dataset app.py loaded for this run."""
    return st.session_state[DS_KEY]


def config() -> duo_core.Config:
    """The configuration app.py read for this run."""
    return st.session_state[CONFIG_KEY]
