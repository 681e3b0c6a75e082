"""After an action: confirmations shown where the person is looking, and its form empty again, on screen too."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from app_pages.ui.text import plain

FLASH_KEY = "flash"


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


_BLANKS = "_cleared_fields"  # fields emptied by the last run, set empty at the start of the next


def _blank(value: object) -> object:
    """A field's empty value: no choice, no text, no date (every widget of the forms takes ``None``), no items."""
    return [] if isinstance(value, list | tuple | set | frozenset) else None


def clear_form(prefix: str, later: bool = True, keep: tuple[str, ...] = (),
               start: Mapping[str, object] | None = None) -> dict[str, object]:
    """Forget every widget value under ``prefix`` (not the notes named in ``keep``); the values the fields start with.

    The browser keeps what a field shows until the server sets a value, so forgetting alone would leave the
    old answers on screen, and send them with the next save. Once a form's widgets are drawn in a run their
    values can only be set in the next one: ``later`` keeps the values for :func:`apply_cleared`, which
    ``app.py`` calls before every page. A field starts empty unless ``start`` gives its value, by its key
    after ``prefix`` (a date field that starts at today, a checkbox that starts unticked: a True/False is
    only set when named there, because a button's value cannot be set).
    """
    start = start or {}
    held = {k: v for k, v in st.session_state.items() if str(k).startswith(prefix)}
    for key in held:
        del st.session_state[key]
    blanks = {k: start.get(name, _blank(v)) for k, v in held.items()
              if (name := k.removeprefix(prefix)) not in keep and (name in start or not isinstance(v, bool))}
    if later:
        set_later(blanks)
    return blanks


def set_later(values: Mapping[str, object]) -> None:
    """Give widgets these values at the start of the next run (a widget drawn in this run cannot be set now).

    Also to show a drawn widget's value afresh: the browser keeps showing a choice's old label until the
    server sets its value again.
    """
    st.session_state[_BLANKS] = {**st.session_state.get(_BLANKS, {}), **values}


def apply_cleared() -> None:
    """Empty the fields of the forms cleared in the previous run, before any widget is drawn."""
    for key, blank in st.session_state.pop(_BLANKS, {}).items():
        st.session_state[key] = blank
