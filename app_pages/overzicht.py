"""Overzicht: key figures per province and what needs attention."""

import streamlit as st

from app_pages.ui import address, session, text, widgets
from duo_core.insights import intake, monitoring, report

everything = session.dataset()
st.title("Overzicht")
top_left, top_right = st.columns([3, 1])
provinces = address.province_filter(top_left, everything.provinces, key="ov_provinces")
ds = monitoring.for_provinces(everything, provinces)
top_right.download_button("Rapport (PDF)", data=lambda: report.overview_report(everything, provinces),
                          file_name="overzicht.pdf", mime="application/pdf", key="ov_report", icon=":material/print:",
                          on_click="ignore")
st.write(f"Cijfers op {ds.as_of:%d/%m/%Y}")

figures = monitoring.key_figures(ds)
total = figures.iloc[-1]
cols = st.columns(5)
cols[0].metric("Wachtende deelnemers", int(total["waiting"]))
cols[1].metric("Vrije vrijwilligers", int(total["free_volunteers"]))
cols[2].metric("Actieve duo's", int(total["active_duos"]))
cols[3].metric("Mediane wachttijd (dagen)", "–" if total.isna()["median_waiting_days"] else int(total["median_waiting_days"]))
cols[4].metric(f"Duo's gestart in {ds.as_of.year}", int(total["started_this_year"]))
# said under the figures (in body text: a caption's grey is too faint), not behind a 16-pixel help icon (too small
# for a finger; a larger one cuts the labels)
st.write(text.plain(monitoring.ACTIVE_HELP))

st.header("Aanmeldingen en kennismaking")
stage = intake.intake_figures(ds)
cols = st.columns(4)
cols[0].metric("Wacht op kennismakingsgesprek", stage["signed_up"])
cols[1].metric("Gesprekken vastgelegd", stage["conversations"])
# short labels: a quarter of a laptop screen shows them whole; the caption below says what is counted
for col, label, value in ((cols[2], "Dagen tot gesprek (mediaan)", stage["days_to_conversation"]),
                          (cols[3], "Dagen gesprek → duo (mediaan)", stage["days_to_duo"])):
    col.metric(label, "–" if value != value else round(value))  # NaN: none yet
cols[0].page_link("app_pages/aanmeldingen.py", label="Naar Aanmeldingen", icon=":material/arrow_forward:")
st.write("Dagen tot gesprek: de mediaan van de dagen van de aanmelding tot het kennismakingsgesprek. Dagen gesprek "
           "→ duo: de mediaan van de dagen van het kennismakingsgesprek tot het eerste duo.")

st.header("Per provincie")
widgets.table(
    figures,
    hide_index=True,
    key="key_figures",
    column_config={
        "province": "Provincie",
        "waiting": "Wachtend",
        "free_volunteers": "Vrije vrijwilligers",
        "active_duos": "Actieve duo's",
        "median_waiting_days": st.column_config.NumberColumn("Mediane wachttijd (dagen)", format="%.0f"),
        "started_this_year": f"Gestart in {ds.as_of.year}",
    },
)

st.header("Aandacht nodig")
todo = monitoring.attention(ds)
a, b, c = st.columns(3)
a.metric("Opvolgingen te laat", todo["overdue_followups"])
a.page_link("app_pages/contactcoaches.py", label="Naar Contactcoaches", icon=":material/arrow_forward:")
b.metric("Langer dan een jaar wachtend", todo["long_waits"])
b.page_link("app_pages/wachtlijst.py", label=f"Toon deze {todo['long_waits']} op de wachtlijst",
            icon=":material/arrow_forward:", query_params={"wacht": monitoring.LONG_WAIT_DAYS})
c.metric("Fouten in de gegevens", todo["data_errors"])
c.page_link("app_pages/datakwaliteit.py", label="Toon de fouten", icon=":material/arrow_forward:",
            query_params={"ernst": "fout"})
