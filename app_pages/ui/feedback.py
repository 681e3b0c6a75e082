"""Confirmations shown where the person is looking, after the rerun an action causes."""

from __future__ import annotations

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
