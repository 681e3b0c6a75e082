"""Mijn duo's: a contact coach's own duos, with contact details and the follow-ups due."""

import streamlit as st

from app_pages import common
from duo_core import coaches

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
    column_config={
        "participant": "Deelnemer",
        "participant_phone": "Tel. deelnemer",
        "volunteer": "Vrijwilliger",
        "volunteer_phone": "Tel. vrijwilliger",
        "status": "Status",
        "start_date": st.column_config.DateColumn("Start", format="DD/MM/YYYY"),
        "last_followup": st.column_config.DateColumn("Laatste opvolging", format="DD/MM/YYYY"),
        "due": st.column_config.DateColumn("Volgende opvolging", format="DD/MM/YYYY"),
        "overdue": st.column_config.CheckboxColumn("Te laat"),
        "days_overdue": "Dagen te laat",
    },
)
