"""Mijn duo's: a contact coach's own duos, contact details, follow-ups due; record a follow-up or a stop."""

import datetime as dt

import streamlit as st

from app_pages import common
from duo_core import coaches
from duo_core.schema import STOP_REASONS

ds = common.dataset()
user = common.current_user()
st.title("Mijn duo's")
me = ds.coaches[ds.coaches["key"] == user.coach_key]
if len(me):
    st.caption(f"{common.plain(me['first_name'].iloc[0])} {common.plain(me['last_name'].iloc[0] or '')}")

duos = coaches.coach_duos(ds, user.coach_key)
c1, c2 = st.columns(2)
c1.metric("Lopende duo's", len(duos))
c2.metric("Opvolgingen te laat", int(duos["overdue"].sum()))
st.caption("Na de eerste kennismaking bel je binnen 14 dagen; daarna om de 8 weken.")
st.dataframe(
    duos.drop(columns=["duo_key"]),
    hide_index=True,
    key="my_duos",
    width="stretch",
    column_config=common.coach_duo_columns(),
)

actions = common.lifecycle()
if actions is not None and len(duos) and actions.may("followup"):
    st.subheader("Opvolging vastleggen")
    labels = {row.duo_key: f"{row.participant} + {row.volunteer}" for row in duos.itertuples()}
    today = dt.date.today()
    with st.form("followup_form", clear_on_submit=True):
        duo_key = st.selectbox("Duo", list(labels), format_func=labels.get, key="followup_duo")
        when = st.date_input("Datum van het contact", value=today, max_value=today, format="DD/MM/YYYY",
                             key="followup_date")
        note = st.text_input("Korte notitie (optioneel)", max_chars=200, key="followup_note",
                             help="Geen medische details: die horen bij de beroepskracht.")
        if st.form_submit_button("Opvolging vastleggen", type="primary", icon=":material/call:"):
            common.run_action(f"Opvolging vastgelegd voor {labels[duo_key]}. De volgende is over 8 weken.",
                              actions.followup, duo_key, when, note)
    with st.expander("Een duo is gestopt"), st.form("coach_stop_form"):
        duo_key = st.selectbox("Duo", list(labels), format_func=labels.get, key="coach_stop_duo")
        end = st.date_input("Einddatum", value=today, max_value=today, format="DD/MM/YYYY", key="coach_stop_date")
        reason = st.selectbox("Reden", STOP_REASONS, index=None, key="coach_stop_reason",
                              placeholder="Kies een reden…")
        if st.form_submit_button("Duo stoppen", icon=":material/stop_circle:"):
            common.run_action(f"Duo {labels[duo_key]} gestopt ({reason}).", actions.stop, duo_key, end, reason)
