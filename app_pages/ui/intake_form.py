"""The intake forms' widgets: one widget per person field, its message right below it, and saving without losing input.

A form's widgets keep their values in ``st.session_state`` under ``<prefix><field>``. When a step is refused
field by field (:class:`duo_core.lifecycle.intake.IntakeError`), the messages are kept for the next run and
each appears below its own field, with everything typed still there. Success clears the form, on screen too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import streamlit as st

import duo_core
from app_pages.ui import journaling, session
from app_pages.ui.feedback import clear_form, flash
from app_pages.ui.text import plain
from duo_core.formatting import listing
from duo_core.lifecycle.intake import Intake, IntakeError
from duo_core.schema import PARTICIPANTS, SLOTS

LABELS = {c.name: c.header for c in PARTICIPANTS.columns} | {
    "pref_age": "Voorkeur leeftijd vrijwilliger", "registered_on": "Aanmelddatum", "province": "Provincie",
    "pref_gender": "Voorkeur geslacht vrijwilliger", "transport": "Vervoer", "practical": "Praktisch",
    "organisational": "Organisatorisch", "impression": "Indruk van het gesprek", "care_need": "Zorgnood",
    "consent": "Toestemming", "consent_on": "Toestemming gegeven op", "consent_by": "Toestemming gevraagd door",
    "date": "Datum van het gesprek", "volunteer": "Gesprek door", "place": "Plaats", "time": "Uur",
}
HELP = {"pref_age": "bv. 30-60, 60+ of leeg (geen voorkeur)", "postcode": "4 cijfers, bv. 2800"}
UNKNOWN = "Kies… (leeg = onbekend)"


def intake() -> Intake | None:
    """The current user's intake steps (``None`` when the journal cannot be written now)."""
    state = journaling.journal_state()
    if state.journal is None or not state.writable:
        return None
    return Intake(state.journal, session.dataset(), session.current_user())


def errors(prefix: str) -> dict[str, str]:
    """The messages of the last refused submit of this form, per field."""
    return st.session_state.get(f"{prefix}errors", {})


def show_error(prefix: str, name: str) -> None:
    """The field's message, right below it (plain text); notes the field's place for :func:`summary`."""
    order = st.session_state.setdefault(f"{prefix}order", [])
    if name not in order:
        order.append(name)
    message = errors(prefix).get(name)
    if message:
        st.error(plain(message), icon=":material/error:")


def options(ds: duo_core.Dataset, name: str) -> list[str]:
    """The answers the data already holds for a multi-valued field (a new one can be typed too)."""
    values: set[str] = set()
    for frame in (ds.participants, ds.volunteers):
        if name in frame:
            for answers in frame[name]:
                values.update(answers)
    return sorted(values)


def field(ds: duo_core.Dataset, prefix: str, name: str, today: dt.date) -> None:
    """The widget for one participant field, with its message below it."""
    key, label, help_text = f"{prefix}{name}", LABELS.get(name, name), HELP.get(name)
    kind = "age_range" if name == "pref_age" else PARTICIPANTS.column(name).kind
    if kind == "date":
        st.date_input(label, value=None, min_value=dt.date(1900, 1, 1), format="DD/MM/YYYY",
                      key=key, help=help_text)
    elif kind == "vocab":
        st.selectbox(label, PARTICIPANTS.column(name).vocabulary, index=None, placeholder=UNKNOWN, key=key)
    elif kind == "bool":
        st.selectbox(label, ["ja", "nee"], index=None, placeholder=UNKNOWN, key=key)
    elif kind == "slots":
        st.multiselect(label, list(SLOTS), key=key, placeholder="Kies de momenten…")
    elif kind in ("multi", "multi_vocab"):
        chosen = st.session_state.get(key) or []
        st.multiselect(label, sorted(set(options(ds, name)) | set(chosen)), key=key, accept_new_options=True,
                       placeholder="Kies of typ…")
    else:
        st.text_input(label, key=key, help=help_text, max_chars=200)
    show_error(prefix, name)


def fields(ds: duo_core.Dataset, prefix: str, names: Iterable[str], today: dt.date) -> None:
    """Several fields one below the other (a phone shows one column anyway)."""
    for name in names:
        field(ds, prefix, name, today)


def values(prefix: str, names: Iterable[str]) -> dict:
    """What the form holds for ``names``."""
    return {name: st.session_state.get(f"{prefix}{name}") for name in names}


def load(prefix: str, person: str, prefilled: dict) -> None:
    """Put a person's values in the form once (when the person is chosen), before its widgets are drawn."""
    if st.session_state.get(f"{prefix}loaded") == person:
        return
    for key, blank in clear(prefix, later=False).items():
        st.session_state[key] = blank  # another person's answers never stay in the browser's fields
    for name, value in prefilled.items():
        st.session_state[f"{prefix}{name}"] = value
    st.session_state[f"{prefix}loaded"] = person


def clear(prefix: str, later: bool = True) -> dict[str, object]:
    """Forget everything the form held (after success, or for another person), on screen too.

    See :func:`app_pages.ui.feedback.clear_form`.
    """
    return clear_form(prefix, later, keep=_BOOKKEEPING)


_BOOKKEEPING = ("errors", "loaded", "order")  # a form's own notes, no widgets


def save(prefix: str, message: str | Callable[[object], str], action: Callable, *args, place: str,
         keep: bool = False, **kwargs) -> object:
    """Carry out an intake step; a refusal per field reruns with each message below its field.

    A refusal of the whole step (role, journal busy) is shown right here. Success flashes ``message`` at
    ``place`` and clears the form (``keep``: the values stay, e.g. a draft that is worked on further).
    """
    try:
        result = action(*args, **kwargs)
    except IntakeError as exc:
        st.session_state[f"{prefix}errors"] = exc.errors
        st.rerun()
    except duo_core.JournalError as exc:
        st.error(plain(str(exc)), icon=":material/error:")
        return None
    st.session_state.pop(f"{prefix}errors", None)
    flash(message(result) if callable(message) else message, place)
    if not keep:
        clear(prefix)
    st.rerun()
    return result


def summary(prefix: str) -> None:
    """One line at the buttons that says there are messages above (a phone may have scrolled past them).

    The fields are named in the order the form shows them (the order of :func:`show_error`'s calls).
    """
    found = errors(prefix)
    if found:
        order = st.session_state.get(f"{prefix}order", [])
        ranked = sorted(found, key=lambda k: order.index(k) if k in order else len(order))
        names = listing([LABELS.get(k, k) for k in ranked])
        st.error(plain(f"Niet bewaard: kijk {names} na (de melding staat bij het veld). Wat je typte, blijft staan."),
                 icon=":material/error:")
