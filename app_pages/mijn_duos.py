"""Mijn duo's: a contact coach's own duos, phone first; record a follow-up or a stop.

Coaches use this page on their phone: each duo is a card with both names, numbers to tap (``tel:``),
the next follow-up and whether it is late, readable at 390 pixels without scrolling sideways. The full
table is one click away. Forms start empty, clear after success, confirm right below themselves, and a
stop is asked once more before it is recorded.
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

duos = coaches.coach_duos(ds, user.coach_key)
c1, c2 = st.columns(2)
c1.metric("Lopende duo's", len(duos))
c2.metric("Opvolgingen te laat", int(duos["overdue"].sum()))
st.write("Na de eerste kennismaking bel je binnen 14 dagen; daarna om de 8 weken.")


def _phone(label: str, number) -> str:
    href = views.tel_href(number)
    shown = text.plain(number) if isinstance(number, str) and number.strip() else "geen nummer"
    return f"{label}: [{shown}]({href})" if href else f"{label}: {shown}"


def _number(phone) -> str:
    return phone.strip() if isinstance(phone, str) and phone.strip() else "geen nummer"


shown = ds.duos[ds.duos["key"].isin(duos["duo_key"])]
privacy.record("duokaart", [*shown["participant_key"], *shown["volunteer_key"]], "Mijn duo's")
for duo in duos.itertuples():
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

with st.expander("Alle duo's als tabel"):
    st.dataframe(duos.drop(columns=["duo_key"]), hide_index=True, key="my_duos", width="stretch",
                 column_config=widgets.coach_duo_columns())

actions = journaling.lifecycle()
if actions is not None and len(duos) and actions.may("followup"):
    st.subheader("Opvolging vastleggen")
    labels = {row.duo_key: f"{row.participant} + {row.volunteer}" for row in duos.itertuples()}
    today = dt.date.today()
    with st.form("followup_form", clear_on_submit=True):
        duo_key = st.selectbox("Duo", list(labels), format_func=labels.get, index=None, key="followup_duo",
                               placeholder="Kies een duo…")
        when = st.date_input("Datum van het contact", value=today, max_value=today, format="DD/MM/YYYY",
                             key="followup_date")
        note = st.text_input("Korte notitie (optioneel)", max_chars=200, key="followup_note",
                             help="Geen medische details: die horen bij de beroepskracht.")
        if st.form_submit_button("Opvolging vastleggen", type="primary", icon=":material/call:"):
            if duo_key is None:
                st.error("Kies eerst een duo.")
            else:
                journaling.run_action(f"Opvolging vastgelegd voor {labels[duo_key]}. De volgende is over 8 weken.",
                                  actions.followup, duo_key, when, note, place="followup", scope="followup_")
    feedback.show_flash("followup")
    with st.expander("Een duo is gestopt", expanded=f"{feedback.FLASH_KEY}::coach_stop" in st.session_state):
        with st.form("coach_stop_form", clear_on_submit=True):
            duo_key = st.selectbox("Duo", list(labels), format_func=labels.get, index=None, key="coach_stop_duo",
                                   placeholder="Kies een duo…")
            end = st.date_input("Einddatum", value=today, max_value=today, format="DD/MM/YYYY", key="coach_stop_date")
            reason = st.selectbox("Reden", STOP_REASONS, index=None, key="coach_stop_reason",
                                  placeholder="Kies een reden…")
            sure = st.checkbox("Ja, dit duo is echt gestopt", key="coach_stop_sure")
            if st.form_submit_button("Duo stoppen", icon=":material/stop_circle:"):
                if duo_key is None:
                    st.error("Kies eerst een duo.")
                elif not sure:
                    st.error("Vink eerst aan dat dit duo echt gestopt is: een stop kan enkel de beroepskracht "
                             "ongedaan maken.")
                else:
                    journaling.run_action(f"Duo {labels[duo_key]} gestopt ({reason}).", actions.stop, duo_key, end,
                                      reason, place="coach_stop", scope="coach_stop_")
        feedback.show_flash("coach_stop")
