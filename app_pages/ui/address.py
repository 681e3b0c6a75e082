"""The address bar: the person, provinces, period and days kept in it, shared by the pages.

Every value read from the address goes through :mod:`duo_core.addressing` (validated and clamped); a value
that cannot be used as typed is ignored or narrowed, with a Dutch notice on the page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

import duo_core
from duo_core import addressing


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
        read = addressing.choices(st.query_params.get("provincies"), options, "provincies")
        _notice(read)
        st.session_state[SHARED_PROVINCES] = read.value
    st.session_state[key] = [p for p in st.session_state[SHARED_PROVINCES] if p in options]

    def changed() -> None:
        st.session_state[SHARED_PROVINCES] = list(st.session_state[key])

    chosen = container.multiselect(label, options, key=key, placeholder=placeholder, on_change=changed)
    keep_in_address({"provincies": chosen})
    return chosen


SHARED_PERIOD = "_filter_period"


def period_filter(container, default_start: dt.date, default_end: dt.date, key: str,
                  bounds: tuple[dt.date, dt.date] | None = None) -> tuple[dt.date, dt.date] | None:
    """A period (two dates), shared by the pages that have one and kept in the address (``?periode=...``).

    ``bounds`` (the data's own date range) limits what the address and the widget can ask for.
    """
    first, last = bounds or (dt.date.min, dt.date.max)

    def clamp(period: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
        start, end = max(min(period[0], last), first), max(min(period[1], last), first)
        return (start, end) if start <= end else (first, last)

    if SHARED_PERIOD not in st.session_state:
        read = addressing.period(st.query_params.get("periode"), first, last)
        _notice(read)
        st.session_state[SHARED_PERIOD] = read.value or (default_start, default_end)
    st.session_state[SHARED_PERIOD] = clamp(st.session_state[SHARED_PERIOD])
    st.session_state[key] = st.session_state[SHARED_PERIOD]

    def changed() -> None:
        chosen = st.session_state[key]
        if isinstance(chosen, tuple) and len(chosen) == 2:
            st.session_state[SHARED_PERIOD] = chosen

    limits = {"min_value": first, "max_value": last} if bounds else {}
    period = container.date_input("Periode", format="DD/MM/YYYY", key=key, on_change=changed, **limits)
    if not isinstance(period, tuple) or len(period) != 2:
        return None
    keep_in_address({"periode": f"{period[0].isoformat()}..{period[1].isoformat()}"})
    return period


def days_from_address(param: str, key: str, maximum: int) -> None:
    """Take a number of days from the address (``?wacht=365``) into widget ``key`` when the page opens with it.

    A value that is no whole number of days is ignored, one above ``maximum`` lowered to it; both with a notice.
    """
    typed = st.query_params.get(param)
    if typed is None or typed == st.session_state.get(f"_address_{param}"):
        return
    st.session_state[f"_address_{param}"] = typed
    read = addressing.days(typed, maximum, param)
    _notice(read)
    if read.value is not None:
        st.session_state[key] = read.value


def choices_from_address(param: str, key: str, options: list[str]) -> None:
    """Take known options from the address (``?ernst=fout``) into widget ``key`` when the session has none yet."""
    if key not in st.session_state:
        read = addressing.choices(st.query_params.get(param), options, param)
        _notice(read)
        st.session_state[key] = read.value


def _notice(read: addressing.Read) -> None:
    if read.notice:
        st.warning(read.notice, icon=":material/link_off:")


def keep_in_address(values: dict[str, Any]) -> None:
    """Write the page's choices into the address (shareable, and kept on reload); ``None`` removes one."""
    for name, value in values.items():
        if value in (None, "", [], ()):
            if name in st.query_params:
                del st.query_params[name]
            st.session_state.pop(f"_address_{name}", None)
            continue
        text = ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
        if st.query_params.get(name) != text:
            st.query_params[name] = text
        st.session_state[f"_address_{name}"] = text


#: What the pages keep of the address in the session; forgotten when a saved view is opened.
_FROM_ADDRESS = (SHARED_PROVINCES, SHARED_PERIOD, "mon_pick", "wait_longer", "dq_severity")


def forget_filters() -> None:
    """Forget the filters of this session, so that the next page takes them from the address (a saved view)."""
    for key in [k for k in st.session_state if str(k).startswith("_address_")] + list(_FROM_ADDRESS):
        st.session_state.pop(key, None)
