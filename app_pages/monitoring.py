"""Monitoring: duo counts, flows, stop reasons and waiting times over time, per province."""

import datetime as dt

import plotly.express as px
import streamlit as st

from app_pages import common
from duo_core import downloads, monitoring

ds = common.dataset()
st.title("Monitoring")

c1, c2 = st.columns([2, 1])
provinces = c1.multiselect("Provincies", ds.provinces, key="mon_provinces", placeholder="Alle provincies")
default_start = dt.date(ds.as_of.year - 3, ds.as_of.month, 1)
period = c2.date_input("Periode", (default_start, ds.as_of), format="DD/MM/YYYY", key="mon_period")
if not isinstance(period, tuple) or len(period) != 2:
    st.info("Kies een begin- en einddatum.")
    st.stop()
start, end = period

active = monitoring.active_duos_over_time(ds, start, end, provinces)
flows = monitoring.duo_flows(ds, start, end, provinces)
reasons = monitoring.stop_reasons(ds, start, end, provinces)
waiting = monitoring.waiting_list_over_time(ds, start, end, provinces)
matched = monitoring.matched_within(ds, start, end, provinces)
days = monitoring.waiting_days(ds)
if provinces:
    days = days[[k.split("/")[0] in provinces for k in days.index]]

labels = {"month": "Maand", "province": "Provincie", "active": "Actieve duo's", "new": "Nieuw", "stopped": "Gestopt",
          "waiting": "Wachtend", "quarter": "Kwartaal van aanmelding", "share": "Aandeel", "reason": "Reden",
          "count": "Aantal"}
left, right = st.columns(2)
left.plotly_chart(px.line(active, x="month", y="active", color="province", labels=labels,
                          title="Actieve duo's per provincie"), key="chart_active")
long_flows = flows.melt(id_vars=["month", "province"], value_vars=["new", "stopped"], var_name="kind", value_name="n")
long_flows["kind"] = long_flows["kind"].map({"new": "nieuw", "stopped": "gestopt"})
right.plotly_chart(px.bar(long_flows, x="month", y="n", color="kind", barmode="group",
                          labels={**labels, "n": "Duo's", "kind": ""}, title="Nieuwe en gestopte duo's per maand"),
                   key="chart_flows")
left.plotly_chart(px.bar(reasons, x="count", y="reason", orientation="h", labels=labels, title="Stopredenen"),
                  key="chart_reasons")
right.plotly_chart(px.line(waiting, x="month", y="waiting", color="province", labels=labels,
                           title="Wachtlijst per provincie (einde maand)"), key="chart_waiting")
left.plotly_chart(px.histogram(x=days.to_numpy(), nbins=30, labels={"x": "Wachttijd (dagen)"},
                               title="Wachttijd van wie nu wacht").update_yaxes(title_text="Deelnemers"),
                  key="chart_wait_hist")
right.plotly_chart(px.line(matched, x="quarter", y="share", color="province", labels=labels,
                           title="Aandeel gematcht binnen 3 maanden na aanmelding").update_yaxes(tickformat=".0%"),
                   key="chart_matched")
st.caption("De wachtlijst vroeger is een ondergrens: wie stopte of op pauze staat zonder duo, telt niet mee.")
common.download("Cijfers downloaden (Excel)", downloads.monitoring(active, flows, reasons, waiting, matched),
                "monitoring.xlsx", key="mon_download")
