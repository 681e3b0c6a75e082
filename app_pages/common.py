"""Shared UI helpers of the pages: the loaded dataset, weight sliders, downloads, Dutch labels."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

import duo_core
from duo_core import access, formatting
from duo_core.config import ensure_journal_folder
from duo_core.importing.load import folder_signature
from duo_core.importing.mapping import Mapping, MappingError
from duo_core.lifecycle import Lifecycle, overlay, views
from duo_core.lifecycle.journal import READ_ONLY, UNREACHABLE, Journal, sqlite_location_warning, target_label
from duo_core.matching.arrays import match_arrays
from duo_core.output.excel import excel_bytes

DS_KEY = "dataset"
SOURCE_KEY = "data_source"
CONFIG_KEY = "config"
UPLOADS_KEY = "uploaded_workbooks"
MAPPING_KEY = "import_mapping"  # a koppelprofiel chosen in this session (page Gegevens koppelen)
UPLOADER_KEY = "uploader"
USER_KEY = "user"
LIFECYCLE_KEY = "lifecycle"
JOURNAL_KEY = "journal_state"
FLASH_KEY = "flash"
WEIGHT_LABELS = {
    "proximity": "Afstand",
    "interests": "Gedeelde interesses",
    "availability": "Gemeenschappelijke momenten",
    "personality": "Persoonlijkheid",
    "age": "Leeftijd",
    "waiting": "Wachttijd deelnemer",
}
EMAIL = re.compile(r"[^\s@'\"()]+@[^\s@'\"()]+")
LOG = logging.getLogger("duowerking")


@dataclass(frozen=True)
class DataSource:
    """Where the data came from, for the sidebar."""

    kind: str  # "demo", "folder" or "upload"
    label: str
    loaded_at: dt.datetime
    signature: tuple = ()


def plain(text: object) -> str:
    """Text from a workbook made safe for st.markdown (see :func:`duo_core.formatting.markdown_text`)."""
    return formatting.markdown_text(text)


def warm(ds: duo_core.Dataset, matching: bool = True) -> duo_core.Dataset:
    """Build the derived data once, so that it is cached together with the dataset."""
    _ = ds.participants_by_key, ds.volunteers_by_key, ds.open_duo_counts
    if matching:
        match_arrays(ds)
    return ds


@st.cache_data(show_spinner="Werkboeken inlezen…", max_entries=4, ttl=dt.timedelta(hours=12), persist=False)
def load_folder(folder: str, signature: tuple, aliases: tuple, as_of: dt.date, _config: duo_core.Config,
                mapping_key: str | None = None, _mapping: Mapping | None = None):
    """Load a folder of workbooks; cached on the files' names, modification times and sizes (and the profile)."""
    return warm(duo_core.load_dataset(folder, config=_config, as_of=as_of, mapping=_mapping)), dt.datetime.now()


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
        names = ", ".join(name for name, _ in files)
        return ds, DataSource("upload", f"Opgeladen (proefkopie){mark}: {names}", at, signature)
    folder = config.folder
    if mapping is None:
        mapping, _ = configured_mapping(config)
        mark = "" if mapping is None else " (met koppelprofiel)"
    fingerprint = None if mapping is None else mapping.fingerprint
    signature = (str(folder), folder_signature(folder), aliases_key(config), today)
    ds, at = load_folder(*signature, config, fingerprint, mapping)
    signature = (*signature, fingerprint)
    if config.uses_demo:
        return ds, DataSource("demo", f"Demogegevens (fictief){mark}", at, signature)
    return ds, DataSource("folder", f"Map: {folder.name}{mark}", at, signature)


@st.cache_resource(show_spinner=False)
def journal(target: str) -> Journal:
    """The shared journal of actions (one object per target; it opens a connection per action).

    A target that cannot be opened raises, and Streamlit does not cache a raise: the next run tries again,
    so the app recovers by itself when the cause is gone.
    """
    ensure_journal_folder(target)
    return Journal(target)


@st.cache_resource(max_entries=4, ttl=dt.timedelta(hours=12), show_spinner="Logboek toepassen…")
def with_journal(signature: tuple, target: str, version: tuple, _full: duo_core.Dataset, _journal: Journal
                 ) -> duo_core.Dataset:
    """The workbooks plus the journal, shared by all sessions (a Dataset is never modified).

    Cached per data version and journal version: every action changes the version, so every session
    sees it at its next run. Only the configured folder comes here; uploads stay in their session.
    """
    return warm(overlay(_full, _journal))


@dataclass(frozen=True)
class JournalState:
    """The journal for this run.

    The object (or ``None``), its version, whether actions may be written, and a Dutch message when
    something is wrong (``detail`` is for professionals only).
    """

    journal: Journal | None
    version: tuple
    writable: bool
    message: str | None = None
    detail: str | None = None


def open_journal(config: duo_core.Config, source: DataSource) -> JournalState:
    """The journal for this run: the session's trial journal for uploads, else the shared one.

    Problems never raise: they disable the actions with a message, and every run checks again.
    """
    if source.kind == "upload":
        trial = session_memo("trial_journal", source.signature, Journal.in_memory)
        return JournalState(trial, trial.version(), True, TRIAL_JOURNAL)
    target = config.journal
    label = target_label(target)
    try:
        found = journal(target)
        version = found.version()
        writable = found.writable()
    except Exception as exc:  # a locked or deleted file, a database that does not answer: show the data read-only
        message = str(exc) if isinstance(exc, duo_core.JournalError) else UNREACHABLE
        LOG.warning("journal %s unavailable: %s", label, type(exc).__name__)
        return JournalState(None, (), False, message, f"Logboek: {label}")
    if not writable:
        LOG.warning("journal %s is read-only", label)
        return JournalState(found, version, False, READ_ONLY, f"Logboek: {label}")
    warning = sqlite_location_warning(target)
    return JournalState(found, version, True, None, warning)


TRIAL_JOURNAL = ("Je werkt op een opgeladen proefkopie: wat je hier vastlegt, blijft enkel in deze sessie en komt "
                 "niet in het gedeelde logboek.")


def journal_state() -> JournalState:
    """The journal app.py opened for this run (it may be read-only or missing)."""
    return st.session_state[JOURNAL_KEY]


def lifecycle() -> Lifecycle | None:
    """The current user's actions (``None`` when the journal is unavailable)."""
    return st.session_state.get(LIFECYCLE_KEY)


def run_action(message: str | Callable[[Any], str], action: Callable, *args, place: str = "top",
               scope: str | None = None, **kwargs) -> bool:
    """Carry out one lifecycle action: a refusal shows its Dutch message, success reruns with a message.

    ``message`` is the text, or a function of what the action returned (e.g. the new duo key). Every
    message is shown as plain text (names and keys come from the workbooks). ``place`` says where the
    confirmation appears after the rerun (:func:`show_flash` with the same place: where the person was
    looking, not above the screen); ``scope`` is a prefix of widget keys to clear after success (the
    form starts empty again).
    """
    try:
        result = action(*args, **kwargs)
    except duo_core.JournalError as exc:
        st.error(plain(str(exc)), icon=":material/error:")
        return False
    flash(message(result) if callable(message) else message, place)
    if scope:
        for key in [k for k in st.session_state if str(k).startswith(scope)]:
            del st.session_state[key]
    st.rerun()
    return True


PROPOSED = "Voorstel {} vastgelegd. Volg het verder op via Lopende duo's."


def flash(message: str, place: str = "top") -> None:
    """A success message shown by the next run's :func:`show_flash` for ``place`` (after ``st.rerun``)."""
    st.session_state[f"{FLASH_KEY}::{place}"] = message


def show_flash(place: str = "top") -> bool:
    """Show (once) the message the previous action left for ``place``; ``True`` when there was one.

    The message stands at ``place`` (below the form it answers) and, for an action, also pops up as a toast
    in the corner of the screen, so it is in view wherever the page was scrolled to (on a phone too).
    """
    message = st.session_state.pop(f"{FLASH_KEY}::{place}", None)
    if message:
        st.success(plain(message), icon=":material/check_circle:")
        if place != "top":
            st.toast(plain(message), icon=":material/check_circle:")
    return bool(message)


count_text = formatting.count_text


number = formatting.number


#: The colour of scores and points (the template's dark blue: readable for everyone, 7:1 on white).
SCORE_COLOR = "#1F5C99"


def map_legend(radius: float | None = None) -> None:
    """The legend under a candidate map: what the colours mean (a colour-blind-safe scale) and the circle."""
    stops = " ".join(
        f'<span style="display:inline-block;width:1.1em;height:1.1em;border:1px solid #333;vertical-align:middle;'
        f'background:rgb({r},{g},{b})"></span> {label}'
        for (r, g, b), label in views.legend_stops()
    )
    circle = f" · cirkel: {number(radius, 0)} km" if radius else ""
    st.markdown(f'<div role="note">Kleur = score: {stops} · grijs = uitgesloten · blauw = de gekozen persoon'
                f"{circle}</div>", unsafe_allow_html=True)


def person_from_address(ds: duo_core.Dataset) -> None:
    """Take the person named in the address (``?deelnemer=Antwerpen/D0174``) when the page opens with it."""
    for param, key, direction, frame in (("deelnemer", "person_p", "Deelnemer → vrijwilligers", ds.participants),
                                         ("vrijwilliger", "person_v", "Vrijwilliger → wachtende deelnemers",
                                          ds.volunteers)):
        wanted = st.query_params.get(param)
        if wanted and wanted != st.session_state.get(f"_address_{param}") and wanted in set(frame["key"]):
            st.session_state[key] = wanted
            st.session_state["direction"] = direction
            st.session_state[f"_address_{param}"] = wanted


SHARED_PROVINCES = "_filter_provinces"


def province_filter(container, options: list[str], key: str, label: str = "Provincies",
                    placeholder: str = "Alle provincies") -> list[str]:
    """The provinces filter of a page, shared by all pages and kept in the address (``?provincies=...``).

    Choosing provinces on Wachtlijst keeps them on Monitoring and Overzicht, after a reload and in a
    shared link; a page's own widget key only holds its widget.
    """
    if SHARED_PROVINCES not in st.session_state:
        typed = st.query_params.get("provincies", "")
        st.session_state[SHARED_PROVINCES] = [p for p in typed.split(",") if p in options]
    st.session_state[key] = [p for p in st.session_state[SHARED_PROVINCES] if p in options]

    def changed() -> None:
        st.session_state[SHARED_PROVINCES] = list(st.session_state[key])

    chosen = container.multiselect(label, options, key=key, placeholder=placeholder, on_change=changed)
    keep_in_address({"provincies": chosen})
    return chosen


SHARED_PERIOD = "_filter_period"


def period_filter(container, default_start: dt.date, default_end: dt.date, key: str) -> tuple[dt.date, dt.date] | None:
    """A period (two dates), shared by the pages that have one and kept in the address (``?periode=...``)."""
    if SHARED_PERIOD not in st.session_state:
        typed = str(st.query_params.get("periode", ""))
        try:
            first, last = (dt.date.fromisoformat(x) for x in typed.split(".."))
            st.session_state[SHARED_PERIOD] = (first, last) if first <= last else (default_start, default_end)
        except ValueError:
            st.session_state[SHARED_PERIOD] = (default_start, default_end)
    st.session_state[key] = st.session_state[SHARED_PERIOD]

    def changed() -> None:
        chosen = st.session_state[key]
        if isinstance(chosen, tuple) and len(chosen) == 2:
            st.session_state[SHARED_PERIOD] = chosen

    period = container.date_input("Periode", format="DD/MM/YYYY", key=key, on_change=changed)
    if not isinstance(period, tuple) or len(period) != 2:
        return None
    keep_in_address({"periode": f"{period[0].isoformat()}..{period[1].isoformat()}"})
    return period


def keep_in_address(values: dict[str, Any]) -> None:
    """Write the page's choices into the address (shareable, and kept on reload); ``None`` removes one."""
    for name, value in values.items():
        if value in (None, "", [], ()):
            if name in st.query_params:
                del st.query_params[name]
            continue
        text = ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
        if st.query_params.get(name) != text:
            st.query_params[name] = text
        st.session_state[f"_address_{name}"] = text


@st.cache_data(max_entries=32, persist=False, show_spinner=False)
def project(signature: tuple, user: tuple, _ds: duo_core.Dataset) -> duo_core.Dataset:
    """The dataset as ``user`` may see it (see duo_core.access).

    ``signature`` names the data, the journal and its version: two journals at the same version (say one
    event each) are different views.
    """
    email, role, coach_key, provinces = user
    seen = access.visible_dataset(_ds, access.User(email, role, coach_key, provinces))
    return warm(seen, matching=role != access.COACH)


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


def weight_sliders(prefix: str) -> duo_core.Weights:
    """Sliders for the matching weights (defaults from the configuration) with a reset button."""
    defaults = duo_core.Weights.from_config(config()).to_dict()
    with st.expander("Gewichten van de criteria"):
        if st.button("Standaardgewichten", key=f"{prefix}_reset"):
            for name, value in defaults.items():
                st.session_state[f"{prefix}_w_{name}"] = int(value)
        values = {
            name: st.slider(WEIGHT_LABELS[name], 0, 100, int(defaults[name]), key=f"{prefix}_w_{name}")
            for name in defaults
        }
    if sum(values.values()) == 0:
        st.warning("Alle gewichten staan op 0: de standaardgewichten worden gebruikt.")
        return duo_core.Weights.from_dict(defaults)
    return duo_core.Weights.from_dict(values)


def download(label: str, sheets: dict[str, pd.DataFrame], file_name: str, key: str) -> None:
    """An Excel download button: the workbook is built in memory when the button is clicked, not on every run."""
    st.download_button(
        label,
        data=lambda: excel_bytes(sheets),
        file_name=file_name,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key,
        on_click="ignore",
        icon=":material/download:",
    )


def file_name(stem: str, key: str) -> str:
    """A download's file name from a key (``Antwerpen/D0174`` -> ``shortlist_Antwerpen_D0174.xlsx``), safe characters only."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", key).strip("_")[:60]
    return f"{stem}_{safe}.xlsx"


date_text = formatting.date_text


def coach_duo_columns() -> dict:
    """Dutch labels of the coach-duo table (``duo_core.lifecycle.coaches.coach_duos``)."""
    return {
        "duo_key": "Duo",
        "participant": "Deelnemer",
        "participant_phone": "Tel. deelnemer",
        "volunteer": "Vrijwilliger",
        "volunteer_phone": "Tel. vrijwilliger",
        "status": "Status",
        "start_date": st.column_config.DateColumn("Start", format="DD/MM/YYYY"),
        "last_followup": st.column_config.DateColumn("Laatste opvolging", format="DD/MM/YYYY"),
        "due": st.column_config.DateColumn("Volgende opvolging", format="DD/MM/YYYY"),
        "overdue": st.column_config.CheckboxColumn("Te laat"),
        "days_overdue": "Dagen te laat",
    }
