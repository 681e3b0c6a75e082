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
    column_config=common.coach_duo_columns(),
)
