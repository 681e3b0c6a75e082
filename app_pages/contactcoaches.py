"""Contactcoaches: each coach's duos with follow-ups due, load, and the yearly compensation."""

import streamlit as st

from app_pages.ui import address, session, widgets
from duo_core.insights.monitoring import for_provinces
from duo_core.lifecycle import coaches
from duo_core.output import downloads

ds = session.dataset()
fee = session.config().fee_per_duo
st.title("Contactcoaches")

f1, f2 = st.columns([3, 1])
provinces = address.province_filter(f1, ds.provinces, key="coach_provinces")  # shared with the other pages
years = list(range(ds.as_of.year, ds.as_of.year - 4, -1))
year = f2.selectbox("Jaar", years, key="coach_year")
overview = coaches.coach_overview(for_provinces(ds, provinces), year, fee)

c1, c2, c3 = st.columns(3)
c1.metric("Contactcoaches", len(overview))
c2.metric(f"Opgevolgde duo's in {year}", int(overview["followed_in_year"].sum()))
c3.metric(f"Vergoeding {year}", f"€ {overview['compensation_eur'].sum():,.0f}".replace(",", "."))

labels = {
    "coach": "Contactcoach",
    "province": "Provincie",
    "email": "E-mail",
    "open_duos": "Lopende duo's",
    "desired_duos": "Gewenst per jaar",
    "followed_in_year": f"Opgevolgd in {year}",
    "load": st.column_config.ProgressColumn("Belasting", format="percent", min_value=0, max_value=2),
    "overdue": "Opvolgingen te laat",
    "compensation_eur": st.column_config.NumberColumn(f"Vergoeding {year} (€)", format="%.0f"),
}
widgets.table(overview[list(labels)], hide_index=True, key="coach_overview", column_config=labels, width="stretch")
widgets.download(f"Betalingslijst {year} (Excel)", downloads.payment(overview, year), f"vergoeding_{year}.xlsx",
                "coach_pay")

st.header("Duo's van een contactcoach")
options = dict(zip(overview["key"], overview["coach"] + " (" + overview["province"] + ")", strict=True))
coach = st.selectbox("Contactcoach", list(options), format_func=options.get, key="coach_select")
if coach:
    duos = coaches.coach_duos(ds, coach)
    late = int(duos["overdue"].sum())
    if late:
        st.warning(f"{late} opvolging(en) te laat.")
    widgets.table(
        duos,
        hide_index=True,
        key="coach_duos",
        width="stretch",
        column_config=widgets.coach_duo_columns(),
    )
