"""Shared UI helpers of the pages: the loaded dataset, weight sliders, downloads, Dutch labels."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

import duo_core
from duo_core import access
from duo_core.export import excel_bytes
from duo_core.journal import Journal, target_label
from duo_core.lifecycle import Lifecycle, overlay
from duo_core.loader import folder_signature

DS_KEY = "dataset"
SOURCE_KEY = "data_source"
CONFIG_KEY = "config"
UPLOADS_KEY = "uploaded_workbooks"
UPLOADER_KEY = "uploader"
USER_KEY = "user"
LIFECYCLE_KEY = "lifecycle"
FLASH_KEY = "flash"
WEIGHT_LABELS = {
    "proximity": "Afstand",
    "interests": "Gedeelde interesses",
    "availability": "Gemeenschappelijke momenten",
    "personality": "Persoonlijkheid",
    "age": "Leeftijd",
    "waiting": "Wachttijd deelnemer",
}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


@dataclass(frozen=True)
class DataSource:
    """Where the data came from, for the sidebar."""

    kind: str  # "demo", "folder" or "upload"
    label: str
    loaded_at: dt.datetime
    signature: tuple = ()


def plain(text: object) -> str:
    """Text from a workbook made safe for st.markdown: every markdown character is escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def _warm(ds: duo_core.Dataset, matching: bool = True) -> duo_core.Dataset:
    """Build the derived data once, so that it is cached together with the dataset."""
    _ = ds.participants_by_key, ds.volunteers_by_key, ds.open_duo_counts
    if matching:
        _ = ds.arrays
    return ds


@st.cache_data(show_spinner="Werkboeken inlezen…", max_entries=4, persist=False)
def load_folder(folder: str, signature: tuple, aliases: tuple, as_of: dt.date, _config: duo_core.Config):
    """Load a folder of workbooks; cached on the files' names, modification times and sizes."""
    return _warm(duo_core.load_dataset(folder, config=_config, as_of=as_of)), dt.datetime.now()


@st.cache_data(show_spinner="Werkboeken inlezen…", max_entries=4, persist=False)
def load_uploads(files: tuple[tuple[str, bytes], ...], aliases: tuple, as_of: dt.date, _config: duo_core.Config):
    """Load uploaded workbooks (kept in memory only); cached on their names and contents."""
    import io

    buffers = []
    for name, content in files:
        buffer = io.BytesIO(content)
        buffer.name = name
        buffers.append(buffer)
    return _warm(duo_core.load_dataset(buffers, config=_config, as_of=as_of)), dt.datetime.now()


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
    """Forget the uploaded workbooks: back to the configured folder or the demo."""
    st.session_state.pop(UPLOADS_KEY, None)


def load(
    config: duo_core.Config, uploads: tuple[tuple[str, bytes], ...] | None
) -> tuple[duo_core.Dataset, DataSource]:
    """The dataset the app shows: uploaded workbooks if any, else the configured folder, else the demo."""
    today = dt.date.today()
    if uploads:
        files = tuple(uploads)
        ds, at = load_uploads(files, aliases_key(config), today, config)
        names = ", ".join(name for name, _ in files)
        signature = ("upload", tuple((n, hashlib.sha1(c).hexdigest()) for n, c in files), today)
        return ds, DataSource("upload", f"Opgeladen: {names}", at, signature)
    folder = config.folder
    signature = (str(folder), folder_signature(folder), aliases_key(config), today)
    ds, at = load_folder(*signature, config)
    if config.uses_demo:
        return ds, DataSource("demo", "Demogegevens (fictief)", at, signature)
    return ds, DataSource("folder", f"Map: {folder}", at, signature)


@st.cache_resource(show_spinner=False)
def journal(target: str) -> Journal:
    """The journal of actions (one object per target; it opens a connection per action)."""
    return Journal(target)


@st.cache_resource(max_entries=4, show_spinner="Logboek toepassen…")
def with_journal(signature: tuple, target: str, version: tuple, _full: duo_core.Dataset, _journal: Journal
                 ) -> duo_core.Dataset:
    """The workbooks plus the journal, shared by all sessions (a Dataset is never modified).

    Cached per data version and journal version: every action changes the version, so every session
    sees it at its next run.
    """
    return _warm(overlay(_full, _journal))


def open_journal(config: duo_core.Config) -> tuple[Journal | None, tuple]:
    """The configured journal and its version, or ``None`` with a warning when it cannot be opened."""
    try:
        found = journal(config.journal)
        return found, found.version()
    except Exception as exc:  # a locked file, an unreachable database server: show the data read-only
        st.warning(f"Het logboek ({target_label(config.journal)}) kan niet geopend worden: {exc}. "
                   "Je ziet de werkboeken zonder de acties uit de app, en acties zijn uitgeschakeld.",
                   icon=":material/warning:")
        return None, ()


def lifecycle() -> Lifecycle | None:
    """The current user's actions (``None`` when the journal is unavailable)."""
    return st.session_state.get(LIFECYCLE_KEY)


def run_action(message: str | Callable[[Any], str], action: Callable, *args) -> None:
    """Carry out one lifecycle action: a refusal shows its Dutch message, success reruns with a message.

    ``message`` is the text, or a function of what the action returned (e.g. the new duo key).
    """
    try:
        result = action(*args)
    except duo_core.JournalError as exc:
        st.error(str(exc))
    else:
        flash(message(result) if callable(message) else message)
        st.rerun()


PROPOSED = "Voorstel {} vastgelegd. Volg het verder op via Lopende duo's."


def flash(message: str) -> None:
    """A success message shown at the top of the next run (after ``st.rerun``)."""
    st.session_state[FLASH_KEY] = message


def show_flash() -> None:
    """Show (once) the message left by the previous action."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")


@st.cache_data(max_entries=32, persist=False, show_spinner=False)
def project(signature: tuple, user: tuple, _ds: duo_core.Dataset) -> duo_core.Dataset:
    """The dataset as ``user`` may see it (cached per data and journal version and user; see duo_core.access)."""
    email, role, coach_key, provinces = user
    seen = access.visible_dataset(_ds, access.User(email, role, coach_key, provinces))
    return _warm(seen, matching=role != access.COACH)


def login_configured() -> bool:
    """Whether an ``[auth]`` section for st.login exists in the secrets."""
    try:
        return "auth" in st.secrets
    except Exception:
        return False


@st.cache_data(max_entries=4, persist=False, show_spinner=False)
def allowlist(path: str, modified: int) -> dict[str, access.User]:
    """The allow-list, read again when the file changes."""
    return access.load_allowlist(path)


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
    """An Excel download button (built in memory)."""
    st.download_button(
        label,
        data=excel_bytes(sheets),
        file_name=file_name,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key,
    )


def date_text(value) -> str:
    """A date as dd/mm/jjjj, or an empty string."""
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%d/%m/%Y")


def coach_duo_columns() -> dict:
    """Dutch labels of the coach-duo table (``duo_core.coaches.coach_duos``)."""
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
