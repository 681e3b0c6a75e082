"""The address bar: the person, provinces and period kept in it, shared by the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

import duo_core


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
