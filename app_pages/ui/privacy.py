"""Privacy in the pages: recording who looked (once per session and view; exports when built) and who is forgotten."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import streamlit as st

import duo_core
from app_pages.ui.session import JOURNAL_KEY, LOG, USER_KEY
from duo_core.lifecycle.access_log import AccessLog
from duo_core.lifecycle.erasure import erased_keys

_SEEN = "_access_log_seen"
#: The workbooks as read and with the journal, every province, unhidden: for a professional's Privacy page only.
EVERYTHING_KEY = "privacy_everything"
UNRECORDED = ("Het toegangslogboek kan nu niet bijgehouden worden (het logboek is niet bereikbaar): "
              "wat je opent, wordt niet genoteerd.")


@st.cache_resource(show_spinner=False, max_entries=8)
def _log(_journal: duo_core.Journal, label: str, ident: int) -> AccessLog:
    return AccessLog(_journal)


def access_log() -> AccessLog | None:
    """The access log beside this run's journal (``None`` without a journal)."""
    state = st.session_state.get(JOURNAL_KEY)
    if state is None or state.journal is None:
        return None
    if state.journal.ephemeral:  # the session's trial journal: its log lives and dies with it
        held = st.session_state.get("_trial_access_log")
        if held is None or held.journal is not state.journal:
            held = st.session_state["_trial_access_log"] = AccessLog(state.journal)
        return held
    try:
        return _log(state.journal, state.journal.label, id(state.journal))
    except duo_core.JournalError:  # not cached: the next run tries again
        LOG.warning("access log unavailable")
        return None


def _write(actor: str, views: list[tuple[str, list[str], str]], log: AccessLog | None) -> bool:
    if log is None:
        return False
    try:
        log.record_many(actor, views)
    except duo_core.JournalError:
        LOG.warning("access log could not be written (%s)", ", ".join(kind for kind, _, _ in views))
        return False
    return True


def record(kind: str, keys: Iterable[str], detail: str = "") -> None:
    """Note that the current user opened ``kind`` about ``keys``; once per session for the same view.

    Streamlit reruns a page on every click, so a profile that stays open is noted once, not per rerun.
    """
    record_all([(kind, keys, detail)])


def record_all(views: Iterable[tuple[str, Iterable[str], str]]) -> None:
    """:func:`record` for several views ``(kind, keys, detail)`` shown together: one write for those not yet noted."""
    user = st.session_state.get(USER_KEY)
    if user is None:
        return
    seen = st.session_state.get(_SEEN, frozenset())
    new = {}
    for kind, keys, detail in views:
        keys = [k for k in dict.fromkeys(keys) if isinstance(k, str) and k]
        mark = (kind, tuple(keys), detail)
        if keys and mark not in seen:
            new[mark] = (kind, keys, detail)
    if not new:
        return
    if _write(user.email, list(new.values()), access_log()):
        st.session_state[_SEEN] = seen | set(new)
    else:
        st.caption(UNRECORDED)


def logged(build: Callable[[], bytes], kind: str, keys: Iterable[str], detail: str) -> Callable[[], bytes]:
    """``build`` for a download button, noting the people it names when (and each time) it is built."""
    keys = [k for k in dict.fromkeys(keys) if isinstance(k, str) and k]
    user = st.session_state.get(USER_KEY)
    log = access_log()

    def run() -> bytes:
        if user is not None:
            _write(user.email, [(kind, keys, detail)], log)
        return build()

    return run


def erased(journal: duo_core.Journal | None) -> frozenset[str]:
    """The keys of the forgotten people (empty when the journal cannot say now; the server log notes it)."""
    try:
        return erased_keys(journal)
    except duo_core.JournalError:
        LOG.warning("erasures could not be read")
        return frozenset()
