"""Mijn duo's: a contact coach's own duos, phone first; record a follow-up or a stop on the duo's own card.

Coaches use this page on their phone: each duo is a card with both names, numbers to tap (``tel:``),
the next follow-up and whether it is late, readable at 390 pixels without scrolling sideways. The card
itself opens the follow-up or the stop for that duo (nothing to choose again, nothing far below). What
was chosen or typed stays until it is recorded; an error stands right under the button that was
pressed, and the confirmation appears in the card (a stopped duo leaves the list: its confirmation
stands where the cards begin). A stop is asked once more. The full table is one click away.
"""

import datetime as dt

import streamlit as st

from app_pages.ui import feedback, journaling, privacy, session, text, widgets
from duo_core import formatting
from duo_core.lifecycle import coaches, views
from duo_core.output import calendar
from duo_core.schema import STOP_REASONS

ds = session.dataset()
user = session.current_user()
st.title("Mijn duo's")
me = ds.coaches[ds.coaches["key"] == user.coach_key]
if len(me):
    st.write(text.plain(views.full_name(me.iloc[0])))

# the cards keep their place while the coach works (a follow-up would otherwise move the card away)
duos = coaches.keep_order(coaches.coach_duos(ds, user.coach_key), st.session_state.get("_coach_card_order"))
st.session_state["_coach_card_order"] = duos["duo_key"].tolist()
c1, c2 = st.columns(2)
c1.metric("Lopende duo's", len(duos))
c2.metric("Opvolgingen te laat", int(duos["overdue"].sum()))
st.write("Na de eerste kennismaking bel je binnen 14 dagen; daarna om de 8 weken.")
actions = journaling.lifecycle()
today = dt.date.today()
feedback.show_flash("coach_stop")  # a stopped duo has left the list: its confirmation stands above the cards


def _phone(label: str, number) -> str:
    href = views.tel_href(number)
    shown = text.plain(number) if isinstance(number, str) and number.strip() else "geen nummer"
    return f"{label}: [{shown}]({href})" if href else f"{label}: {shown}"


def _number(phone) -> str:
    return phone.strip() if isinstance(phone, str) and phone.strip() else "geen nummer"


shown = ds.duos[ds.duos["key"].isin(duos["duo_key"])]
privacy.record("duokaart", [*shown["participant_key"], *shown["volunteer_key"]], "Mijn duo's")


def _open(duo_key: str, task: str) -> None:
    """Open (or close again) the card's follow-up or stop form; the state lives in the session, never in the page."""
    state = f"coach_form::{duo_key}::open"
    st.session_state[state] = None if st.session_state.get(state) == task else task


_START = {"date": today, "end": today, "sure": False}  # what a card's forms start with again after a save


def _followup_form(duo_key: str, pair: str) -> None:
    with st.form(f"followup_form::{duo_key}", border=False):
        when = st.date_input("Datum van het contact", value=today, format="DD/MM/YYYY",
                             key=f"coach_form::{duo_key}::date")
        note = st.text_input("Korte notitie (optioneel)", max_chars=200, key=f"coach_form::{duo_key}::note",
                             help="Geen medische details: die horen bij de beroepskracht.")
        if st.form_submit_button("Opvolging bewaren", type="primary", icon=":material/call:"):
            journaling.run_action(f"Opvolging vastgelegd voor {pair}. De volgende is over 8 weken.",
                                  actions.followup, duo_key, when, note, place=f"card::{duo_key}",
                                  scope=f"coach_form::{duo_key}::", start=_START)


def _stop_form(duo_key: str, pair: str) -> None:
    with st.form(f"coach_stop_form::{duo_key}", border=False):
        end = st.date_input("Einddatum", value=today, format="DD/MM/YYYY",
                            key=f"coach_form::{duo_key}::end")
        reason = st.selectbox("Reden", STOP_REASONS, index=None, key=f"coach_form::{duo_key}::reason",
                              placeholder="Kies een reden…")
        sure = st.checkbox("Ja, dit duo is echt gestopt", key=f"coach_form::{duo_key}::sure")
        if st.form_submit_button("Duo stoppen", icon=":material/stop_circle:"):
            if reason is None:
                st.error("Kies een reden om het duo te stoppen.", icon=":material/error:")
            elif not sure:
                st.error("Vink eerst aan dat dit duo echt gestopt is: een stop kan enkel de beroepskracht "
                         "ongedaan maken.", icon=":material/error:")
            else:
                journaling.run_action(f"Duo {pair} gestopt ({reason}).", actions.stop, duo_key, end, reason,
                                      place="coach_stop", scope=f"coach_form::{duo_key}::", start=_START)


for duo in duos.itertuples():
    pair = f"{duo.participant} + {duo.volunteer}"
    with st.container(border=True, key=f"duo_card::{duo.duo_key}"):
        st.markdown(f"**{text.plain(duo.participant)}** en **{text.plain(duo.volunteer)}**")
        st.markdown(f":material/call: {_phone('Deelnemer', duo.participant_phone)}  \n"
                    f":material/call: {_phone('Vrijwilliger', duo.volunteer_phone)}")
        due = formatting.date_text(duo.due) or "nog niet gepland"
        if duo.overdue:
            st.markdown(f":red-background[:material/alarm: **Te laat**: opvolging was gepland op {due} "
                        f"({formatting.count_text(int(duo.days_overdue), 'dag', 'dagen')} geleden)]")
        else:
            st.markdown(f":material/event: Volgende opvolging: {due}")
        if isinstance(duo.due, dt.date | dt.datetime) and not duo.overdue:
            st.download_button(
                "In mijn agenda (.ics)", calendar.followup_invite(
                    duo.duo_key, duo.participant, duo.volunteer, duo.due,
                    f"Deelnemer {_number(duo.participant_phone)}, vrijwilliger {_number(duo.volunteer_phone)}."),
                file_name="opvolging.ics", mime="text/calendar", key=f"followup_ics::{duo.duo_key}",
                icon=":material/calendar_add_on:")
        feedback.show_flash(f"card::{duo.duo_key}")
        if actions is None or not actions.may("followup", duo.duo_key):
            continue
        task = st.session_state.get(f"coach_form::{duo.duo_key}::open")
        b1, b2 = st.columns(2)
        b1.button("Opvolging vastleggen", key=f"open_followup::{duo.duo_key}", icon=":material/call:",
                  width="stretch", on_click=_open, args=(duo.duo_key, "followup"))
        b2.button("Duo is gestopt", key=f"open_stop::{duo.duo_key}", icon=":material/stop_circle:",
                  width="stretch", on_click=_open, args=(duo.duo_key, "stop"))
        if task == "followup":
            _followup_form(duo.duo_key, pair)
        elif task == "stop":
            _stop_form(duo.duo_key, pair)

with st.expander("Alle duo's als tabel"):
    widgets.table(views.for_screen(duos.drop(columns=["duo_key"]), flags=["overdue"]), hide_index=True, key="my_duos", width="stretch",
                 column_config=widgets.coach_duo_columns())
