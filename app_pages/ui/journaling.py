"""The journal for this run (shared, or the session's trial journal for uploads) and carrying out one action with its message."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

import duo_core
from app_pages.ui.feedback import clear_form, flash
from app_pages.ui.session import CONFIG_KEY, JOURNAL_KEY, LIFECYCLE_KEY, LOG, SOURCE_KEY, DataSource, session_memo, warm
from app_pages.ui.text import plain
from duo_core.config import default_journal, ensure_journal_folder
from duo_core.importing.load import folder_signature
from duo_core.lifecycle import Lifecycle, overlay
from duo_core.lifecycle.demo_journal import seed_demo_journal
from duo_core.lifecycle.journal import Journal
from duo_core.lifecycle.stores import (
    READ_ONLY,
    UNREACHABLE,
    JournalVanished,
    sqlite_location_warning,
    start_new_journal,
    target_label,
)


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
    vanished: bool = False  # a journal that existed is gone: a professional decides what happens


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
        version, writable = found.status()
    except JournalVanished as exc:  # never recreated here: a professional decides (start_new)
        LOG.warning("journal %s vanished", label)
        return JournalState(None, (), False, str(exc), f"Logboek verdwenen: {label}", vanished=True)
    except Exception as exc:  # a locked file, a database that does not answer: show the data read-only
        message = str(exc) if isinstance(exc, duo_core.JournalError) else UNREACHABLE
        LOG.warning("journal %s unavailable: %s", label, type(exc).__name__)
        return JournalState(None, (), False, message, f"Logboek: {label}")
    if not writable:
        LOG.warning("journal %s is read-only", label)
        return JournalState(found, version, False, READ_ONLY, f"Logboek: {label}")
    warning = sqlite_location_warning(target)
    return JournalState(found, version, True, None, warning)


def seeded_demo(config: duo_core.Config, source: DataSource, full: duo_core.Dataset, state: JournalState
                ) -> JournalState:
    """The demo's own journal, when it is new and empty, first gets planned conversations (the intake stage).

    Only the default demo journal (never a configured one, never one that holds any event).
    """
    if (source.kind != "demo" or state.journal is None or not state.writable or state.version[:1] != (0,)
            or config.journal != str(default_journal(None))):
        return state
    try:
        seed_demo_journal(state.journal, full, dt.date.today())
    except duo_core.JournalError as exc:  # another session seeded it at the same moment: theirs stays
        LOG.info("demo journal not seeded: %s", type(exc).__name__)
    return open_journal(config, source)


def drawn_from_current() -> bool:
    """Whether the journal and the workbooks are still what this session's last full run drew the page from.

    ``False`` once an action was recorded anywhere since (another session or another server process sharing
    the journal), the workbooks' files changed, the day changed, or the journal was not available then.
    """
    state, source = journal_state(), st.session_state[SOURCE_KEY]
    if state.journal is None:
        return False  # every full run tries the journal again
    if source.kind != "upload":
        config = st.session_state[CONFIG_KEY]
        if source.signature[1] != folder_signature(config.folder) or source.signature[3] != dt.date.today():
            return False
    try:
        return state.journal.version() == state.version
    except Exception:  # whatever went wrong, the full run says so
        return False


def current_fragment(body: Callable[..., Any]) -> Callable[..., Any]:
    """``st.fragment`` whose own reruns start with the whole page again when the data changed since it was drawn.

    A click inside a fragment reruns only the fragment, not app.py, which reads the journal: without this,
    an action taken elsewhere (say a proposal in another session) would not show until a click outside it.
    In the page's full run the fragment draws from what app.py has just read; in its own reruns it first
    compares the journal's version (and the workbooks) with that run's (:func:`drawn_from_current`) and
    reruns the whole app when they differ, with this click's widget values kept.
    """
    in_full_run = [True]  # a new list with every full run of the page: the fragment's first call is part of it

    @st.fragment
    @functools.wraps(body)
    def run(*args: Any, **kwargs: Any) -> Any:
        if in_full_run[0]:
            in_full_run[0] = False
        elif not drawn_from_current():
            st.rerun(scope="app")
        return body(*args, **kwargs)

    return run


def start_new(target: str) -> None:
    """A professional decided: begin a new, empty journal where the old one vanished."""
    start_new_journal(target)
    journal.clear()


TRIAL_JOURNAL = ("Je werkt op een opgeladen proefkopie: wat je hier vastlegt, blijft enkel in deze sessie en komt "
                 "niet in het gedeelde logboek.")


def journal_state() -> JournalState:
    """The journal app.py opened for this run (it may be read-only or missing)."""
    return st.session_state[JOURNAL_KEY]


def lifecycle() -> Lifecycle | None:
    """The current user's actions (``None`` when the journal is unavailable)."""
    return st.session_state.get(LIFECYCLE_KEY)


def run_action(message: str | Callable[[Any], str], action: Callable, *args, place: str = "top",
               scope: str | None = None, start: Mapping[str, object] | None = None, **kwargs) -> bool:
    """Carry out one lifecycle action: a refusal shows its Dutch message, success reruns with a message.

    ``message`` is the text, or a function of what the action returned (e.g. the new duo key). Every
    message is shown as plain text (names and keys come from the workbooks). ``place`` says where the
    confirmation appears after the rerun (:func:`show_flash` with the same place: where the person was
    looking, not above the screen); ``scope`` is a prefix of widget keys to clear after success, on screen
    too, with ``start`` the values of fields that do not start empty (see :func:`app_pages.ui.feedback.clear_form`).
    """
    try:
        result = action(*args, **kwargs)
    except duo_core.JournalError as exc:
        st.error(plain(str(exc)), icon=":material/error:")
        return False
    flash(message(result) if callable(message) else message, place)
    if scope:
        clear_form(scope, start=start)
    st.rerun()
    return True


def proposed(pair: str) -> str:
    """The confirmation of a proposal: it names the two people (never the duo's key)."""
    return f"Voorstel {pair} vastgelegd. Volg het verder op via Lopende duo's."
