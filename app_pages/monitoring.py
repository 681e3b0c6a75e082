"""Monitoring: duo counts, flows, stop reasons and waiting times over time, per province; and "Wat werkt?".

As in the report this page replaces: clicking a province in a chart, a month of the flows or a stop
reason filters the other charts (plotly selections); the provinces and the period are kept when moving
between pages and in the address (a view survives a reload and can be shared); "Rapport (PDF)" prints
the page with the chosen provinces and period. "Wat werkt?" shows how long duos last by how well they
matched (:mod:`duo_core.insights.durability`).
"""

import datetime as dt

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from app_pages.ui import address, journaling, session, text, widgets
from duo_core import formatting
from duo_core.insights import durability as duration
from duo_core.insights import monitoring, report
from duo_core.output import downloads
from duo_core.schema import STOP_REASONS

ds = session.dataset()
st.title("Monitoring")

c1, c2 = st.columns([2, 1])
provinces = address.province_filter(c1, ds.provinces, key="mon_provinces")
default_start = dt.date(ds.as_of.year - 3, ds.as_of.month, 1)
period = address.period_filter(c2, default_start, ds.as_of, key="mon_period")
if period is None:
    st.info("Kies een begin- en einddatum.")
    st.stop()
start, end = period

PICK = "mon_pick"  # what was clicked in a chart: {"province": ..., "month": ..., "reason": ...}
if PICK not in st.session_state:  # a click kept in the address (a reload, a shared link)
    st.session_state[PICK] = monitoring.pick_from_address(
        {name: st.query_params.get(name) for name in monitoring.PICK_PARAMS.values()}, ds.provinces, STOP_REASONS)
pick = st.session_state[PICK]
address.keep_in_address({name: pick.get(kind) for kind, name in monitoring.PICK_PARAMS.items()})
chosen = [pick["province"]] if pick.get("province") else provinces
if pick.get("month"):
    start, end = monitoring.month_span(pick["month"])
reason = pick.get("reason")

shown_figures = monitoring.figures(ds, start, end, chosen, reason)
active, flows, reasons, waiting, matched, days = (shown_figures.active, shown_figures.flows, shown_figures.reasons,
                                                  shown_figures.waiting, shown_figures.matched, shown_figures.days)

if pick:
    left_pick, right_pick = st.columns([4, 1])
    left_pick.info(text.plain(monitoring.pick_sentence(pick)), icon=":material/filter_alt:")
    if right_pick.button("Wis selectie", key="mon_clear_pick", icon=":material/filter_alt_off:"):
        st.session_state[PICK] = {}
        st.rerun()


def _picked(chart_key: str, field: str) -> None:
    """A click in a chart: remember what was clicked (the other charts follow)."""
    points = st.session_state[chart_key].selection.points
    if points:
        value = points[0].get(field) if field != "legend" else points[0].get("legendgroup")
        if value:
            st.session_state[PICK] = {**st.session_state[PICK], _FIELD_NAMES[chart_key]: str(value)}


_FIELD_NAMES = {"chart_active": "province", "chart_waiting": "province", "chart_flows": "month",
                "chart_reasons": "reason"}
labels = {"month": "Maand", "province": "Provincie", "active": "Actieve duo's", "new": "Nieuw", "stopped": "Gestopt",
          "waiting": "Wachtend", "quarter": "Kwartaal van aanmelding", "share": "Aandeel", "reason": "Reden",
          "count": "Aantal"}
colors = {"color_discrete_sequence": list(report.PALETTE)}
left, right = st.columns(2)
fig = px.line(active, x="month", y="active", color="province", labels=labels, title="Actieve duo's per provincie",
              markers=True, **colors).update_layout(separators=",.", clickmode="event+select")
fig.update_traces(hovertemplate=monitoring.HOVER["active"]).update_yaxes(**monitoring.count_axis(active["active"].max()))
left.plotly_chart(fig, key="chart_active", on_select=lambda: _picked("chart_active", "legend"),
                  selection_mode="points")
long_flows = flows.melt(id_vars=["month", "province"], value_vars=["new", "stopped"], var_name="kind", value_name="n")
long_flows["kind"] = long_flows["kind"].map({"new": "nieuw", "stopped": "gestopt"})
fig = px.bar(long_flows, x="month", y="n", color="kind", barmode="group", title="Nieuwe en gestopte duo's per maand",
             labels={**labels, "n": "Duo's", "kind": ""}, **colors).update_layout(separators=",.", clickmode="event+select")
fig.update_traces(hovertemplate=monitoring.HOVER["flows"]).update_yaxes(**monitoring.count_axis(long_flows["n"].max()))
right.plotly_chart(fig, key="chart_flows", on_select=lambda: _picked("chart_flows", "x"), selection_mode="points")
fig = px.bar(reasons, x="count", y="reason", orientation="h", labels=labels, title="Stopredenen",
             **colors).update_layout(separators=",.", clickmode="event+select")
fig.update_traces(hovertemplate=monitoring.HOVER["reasons"]).update_xaxes(**monitoring.count_axis(reasons["count"].max()))
left.plotly_chart(fig, key="chart_reasons", on_select=lambda: _picked("chart_reasons", "y"), selection_mode="points")
fig = px.line(waiting, x="month", y="waiting", color="province", labels=labels, markers=True,
              title="Wachtlijst per provincie (einde maand)", **colors).update_layout(separators=",.", clickmode="event+select")
fig.update_traces(hovertemplate=monitoring.HOVER["waiting"]).update_yaxes(**monitoring.count_axis(waiting["waiting"].max()))
right.plotly_chart(fig, key="chart_waiting", on_select=lambda: _picked("chart_waiting", "legend"),
                   selection_mode="points")
left.plotly_chart(px.histogram(x=days.to_numpy(), nbins=30, labels={"x": "Wachttijd (dagen)"},
                               title="Wachttijd van wie nu wacht", **colors)
                  .update_yaxes(title_text="Deelnemers", tickformat=",d").update_traces(hovertemplate=monitoring.HOVER["days"])
                  .update_layout(separators=",.", clickmode="event+select"), key="chart_wait_hist")
right.plotly_chart(px.line(matched, x="quarter", y="share", color="province", labels=labels, markers=True,
                           title="Aandeel gematcht binnen 3 maanden na aanmelding", **colors)
                   .update_yaxes(tickformat=".0%").update_traces(hovertemplate=monitoring.HOVER["matched"])
                   .update_layout(separators=",.", clickmode="event+select"), key="chart_matched")
st.write("Klik een provincie, een maand of een stopreden in een grafiek om de andere grafieken daarop te filteren. "
         "De wachtlijst vroeger is een ondergrens: wie stopte of op pauze staat zonder duo, telt niet mee.")
d1, d2 = st.columns(2)
with d1:
    widgets.download("Cijfers downloaden (Excel)", downloads.monitoring(active, flows, reasons, waiting, matched),
                    "monitoring.xlsx", key="mon_download")
d2.download_button("Rapport (PDF)", data=lambda: report.monitoring_report(ds, start, end, chosen, reason),
                   file_name="monitoring.pdf", mime="application/pdf", key="mon_report", icon=":material/print:",
                   on_click="ignore")

# --- Wat werkt? How long duos last, by how well they matched ----------------------------------
st.header("Wat werkt?")
st.write("Hoe lang duo's lopen, volgens hoe goed ze bij de start pasten. Een lopend duo telt mee tot vandaag "
         "(het is nog niet gestopt). De score bij de start is die van het voorstel in de app, of anders herberekend "
         "uit de huidige profielen.")
groupings = {key: name.capitalize() for key, (name, _, _) in duration.GROUPINGS.items()}
by = st.selectbox("Groeperen per", list(groupings), format_func=groupings.get, key="durability_by")
state = journaling.journal_state()
found = duration.durability(monitoring.for_provinces(ds, chosen), by,
                              journal_rows=state.journal.rows() if state.journal is not None else None)
st.info(text.plain(found.sentence()), icon=":material/insights:")
if not found.curves.empty:
    fig = go.Figure()
    for i, (group, curve) in enumerate(found.curves.groupby("group", sort=False)):
        color = report.PALETTE[i % len(report.PALETTE)]
        fig.add_trace(go.Scatter(x=curve["months"], y=curve["high"], line={"width": 0, "shape": "hv"},
                                 showlegend=False, hoverinfo="skip", legendgroup=group))
        fig.add_trace(go.Scatter(x=curve["months"], y=curve["low"], line={"width": 0, "shape": "hv"}, fill="tonexty",
                                 fillcolor=color, opacity=0.18, showlegend=False, hoverinfo="skip", legendgroup=group))
        fig.add_trace(go.Scatter(x=curve["months"], y=curve["survival"], name=group, legendgroup=group,
                                 line={"color": color, "shape": "hv", "width": 2.5},
                                 hovertemplate="%{y:.0%} loopt nog na %{x:.1f} maanden<extra>" + group + "</extra>"))
    fig.update_layout(title="Aandeel duo's dat nog loopt (met 95 %-betrouwbaarheidsband)", height=420,
                      xaxis_title="Maanden sinds de start", yaxis_title="Loopt nog", yaxis_tickformat=".0%",
                      yaxis_range=[0, 1.02], separators=",.", margin={"t": 50})
    st.plotly_chart(fig, key="chart_durability")
groups = found.groups
st.dataframe(pd.DataFrame({
    "Groep": groups["group"], "Duo's": groups["n"], "Gestopt": groups["stopped"],
    "Mediane duur (maanden)": [("" if pd.isna(m) else ("" if r else "> ") + formatting.number(m, 0))
                               if e else duration.TOO_FEW
                               for m, r, e in zip(groups["median_months"], groups["median_reached"], groups["enough"],
                                                  strict=True)],
    "Loopt na 12 maanden": ["" if pd.isna(v) else formatting.number(v * 100, 0) + " %" for v in groups["running_12m"]],
    "Gestopt binnen 3 maanden": [("" if pd.isna(r) else f"{n} ({formatting.number(r * 100, 0)} %)")
                                 for n, r in zip(groups["early_stops"], groups["early_rate"], strict=True)],
    "Redenen vroege stops": groups["early_reasons"],
}), hide_index=True, key="durability_table", width="stretch")
if found.left_out:
    st.write(f"{formatting.count_text(found.left_out, 'gestopt duo zonder einddatum telt', 'gestopte duo zonder einddatum tellen')} "
             "niet mee: vul de einddatum in.")
widgets.download("Wat werkt? downloaden (Excel)", found.to_sheets(), f"wat_werkt_{by}.xlsx", key="durability_download")
