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
import streamlit as st

from app_pages.ui import address, charts, journaling, privacy, session, text, widgets
from duo_core import formatting
from duo_core.insights import drill, intake, monitoring, report
from duo_core.insights import durability as duration
from duo_core.lifecycle import team
from duo_core.output import downloads, images
from duo_core.schema import STOP_REASONS

ds = session.dataset()
st.title("Monitoring")

c1, c2 = st.columns([2, 1])
provinces = address.province_filter(c1, ds.provinces, key="mon_provinces")
default_start = dt.date(ds.as_of.year - 3, ds.as_of.month, 1)
period = address.period_filter(c2, default_start, ds.as_of, key="mon_period", bounds=monitoring.data_period(ds))
if period is None:
    st.info("Kies een begin- en einddatum.")
    st.stop()
start, end = period

PICK = "mon_pick"  # what was clicked in a chart: {"province": ..., "month": ..., "reason": ...}
if PICK not in st.session_state:  # a click kept in the address (a reload, a shared link)
    st.session_state[PICK] = monitoring.pick_from_address(
        {name: st.query_params.get(name) for name in monitoring.PICK_PARAMS.values()}, ds.provinces,
        [*STOP_REASONS, drill.UNKNOWN_REASON, *ds.duos["stop_reason"].dropna().unique()], monitoring.data_period(ds))
pick = st.session_state[PICK]
address.keep_in_address({name: pick.get(kind) for kind, name in monitoring.PICK_PARAMS.items()})
chosen = [pick["province"]] if pick.get("province") else provinces
if pick.get("month"):
    start, end = monitoring.month_span(pick["month"])
reason = pick.get("reason")

# Computed once per data version, journal version and filters, shared by the sessions that see the same.
filters = (start, end, tuple(chosen), reason)
shown_figures = session.derived("monitoring_figures", filters, lambda: monitoring.figures(ds, start, end, chosen, reason))
active, flows, reasons, waiting, matched, days = (shown_figures.active, shown_figures.flows, shown_figures.reasons,
                                                  shown_figures.waiting, shown_figures.matched, shown_figures.days)

if pick:
    left_pick, right_pick = st.columns([4, 1])
    left_pick.info(text.plain(monitoring.pick_sentence(pick)), icon=":material/filter_alt:")
    if right_pick.button("Wis selectie", key="mon_clear_pick", icon=":material/filter_alt_off:"):
        st.session_state[PICK] = {}
        st.rerun()


# Provinces and stop reasons come from the workbooks: the charts show them escaped (plotly renders a subset of
# HTML); a click gives the escaped text back, which is looked up here.
drawn = {text.chart(v): v for v in [*ds.provinces, *reasons["reason"]]}


def _drawn(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    return frame.assign(**{column: [text.chart(v) for v in frame[column]]})


def _picked(chart_key: str, field: str) -> None:
    """A click in a chart: remember what was clicked (the other charts follow)."""
    points = st.session_state[chart_key].selection.points
    if points:
        value = points[0].get(field) if field != "legend" else points[0].get("legendgroup")
        if value:
            field = _FIELD_NAMES[chart_key]
            value = monitoring.month_span(value)[0].isoformat() if field == "month" else drawn.get(str(value), str(value))
            st.session_state[PICK] = {**st.session_state[PICK], field: value}


_FIELD_NAMES = {"chart_active": "province", "chart_waiting": "province", "chart_flows": "month",
                "chart_reasons": "reason"}
labels = {"month": "Maand", "province": "Provincie", "active": "Actieve duo's", "new": "Nieuw", "stopped": "Gestopt",
          "waiting": "Wachtend", "quarter": "Kwartaal van aanmelding", "share": "Aandeel", "reason": "Reden",
          "count": "Aantal"}
colors = {"color_discrete_sequence": list(report.PALETTE)}


def _charts() -> list:
    """The six charts of these figures (built once per data version and filters; never modified)."""
    long_flows = flows.melt(id_vars=["month", "province"], value_vars=["new", "stopped"], var_name="kind",
                            value_name="n")
    long_flows["kind"] = long_flows["kind"].map({"new": "nieuw", "stopped": "gestopt"})
    return [
        px.line(_drawn(active, "province"), x="month", y="active", color="province", labels=labels, title="Actieve duo's per provincie",
                markers=True, **colors).update_layout(separators=",.", clickmode="event+select")
        .update_traces(hovertemplate=monitoring.HOVER["active"]).update_yaxes(**monitoring.count_axis(active["active"].max())),
        px.bar(long_flows, x="month", y="n", color="kind", barmode="group", title="Nieuwe en gestopte duo's per maand",
               labels={**labels, "n": "Duo's", "kind": ""}, **colors).update_layout(separators=",.",
                                                                                  clickmode="event+select")
        .update_traces(hovertemplate=monitoring.HOVER["flows"]).update_yaxes(**monitoring.count_axis(long_flows["n"].max())),
        px.bar(_drawn(reasons, "reason"), x="count", y="reason", orientation="h", labels=labels, title="Stopredenen",
               **colors).update_layout(separators=",.", clickmode="event+select")
        .update_traces(hovertemplate=monitoring.HOVER["reasons"]).update_xaxes(**monitoring.count_axis(reasons["count"].max())),
        px.line(_drawn(waiting, "province"), x="month", y="waiting", color="province", labels=labels, markers=True,
                title="Wachtlijst per provincie (einde maand)", **colors).update_layout(separators=",.",
                                                                                       clickmode="event+select")
        .update_traces(hovertemplate=monitoring.HOVER["waiting"]).update_yaxes(**monitoring.count_axis(waiting["waiting"].max())),
        px.histogram(x=days.to_numpy(), nbins=30, labels={"x": "Wachttijd (dagen)"},
                     title="Wachttijd van wie nu wacht", **colors)
        .update_yaxes(title_text="Deelnemers", tickformat=",d").update_traces(hovertemplate=monitoring.HOVER["days"])
        .update_layout(separators=",.", clickmode="event+select"),
        px.line(_drawn(matched, "province"), x="quarter", y="share", color="province", labels=labels, markers=True,
                title="Aandeel gematcht binnen 3 maanden na aanmelding", **colors)
        .update_yaxes(tickformat=".0%").update_traces(hovertemplate=monitoring.HOVER["matched"])
        .update_layout(separators=",.", clickmode="event+select"),
    ]


figures = session.derived("monitoring_charts", filters,
                          lambda: [charts.ReadyFigure(charts.phone_friendly(f)) for f in _charts()])
left, right = st.columns(2)
left.plotly_chart(figures[0], key="chart_active", config=images.plotly_config("actieve_duos"),
                  on_select=lambda: _picked("chart_active", "legend"), selection_mode="points")
right.plotly_chart(figures[1], key="chart_flows", config=images.plotly_config("nieuwe_en_gestopte_duos"),
                   on_select=lambda: _picked("chart_flows", "x"), selection_mode="points")
left.plotly_chart(figures[2], key="chart_reasons", config=images.plotly_config("stopredenen"),
                  on_select=lambda: _picked("chart_reasons", "y"), selection_mode="points")
right.plotly_chart(figures[3], key="chart_waiting", config=images.plotly_config("wachtlijst_per_provincie"),
                   on_select=lambda: _picked("chart_waiting", "legend"), selection_mode="points")
left.plotly_chart(figures[4], key="chart_wait_hist", config=images.plotly_config("wachttijd"))
right.plotly_chart(figures[5], key="chart_matched",
                   config=images.plotly_config("gematcht_binnen_3_maanden"))
st.write("Klik een provincie, een maand of een stopreden in een grafiek om de andere grafieken daarop te filteren; "
         "een maand of een stopreden toont ook de duo's erachter. De wachtlijst vroeger is een ondergrens: wie stopte "
         "of op pauze staat zonder duo, telt niet mee.")
behind = session.derived("monitoring_drill", (*filters, tuple(sorted(pick.items()))),
                         lambda: drill.drill_rows(ds, pick, start, end, chosen))
if behind is not None:  # drill-through: the duos behind the clicked bar or month
    st.header("Duo's achter je klik")
    st.write(text.plain(drill.drill_sentence(pick, behind, start, end)))
    privacy.record("cijfer", drill.people_named(behind), drill.drill_detail(pick))  # the table names them
    widgets.table(behind, hide_index=True, key="drill_table", width="stretch", column_order=drill.COLUMNS,
                 column_config={
                     "event": "Gebeurtenis", "date": st.column_config.DateColumn("Datum", format="DD/MM/YYYY"),
                     "duo": "Duo", "province": "Provincie", "participant": "Deelnemer", "volunteer": "Vrijwilliger",
                     "stop_reason": "Stopreden"})
d1, d2 = st.columns(2)
with d1:
    widgets.download("Cijfers downloaden (Excel)", lambda: downloads.monitoring(active, flows, reasons, waiting, matched),
                     "monitoring.xlsx", key="mon_download")
journal_state = journaling.journal_state()


def _journal_rows() -> list | None:
    """The journal's events, read only when a figure that needs them is computed."""
    return journal_state.journal.rows() if journal_state.journal is not None else None


pdf_by = st.session_state.get("durability_by", "score")  # "Wat werkt?" as chosen below (kept by its widgets)
pdf_groups = st.session_state.get(f"durability_groups_{pdf_by}")
widgets.report(d2, "Rapport (PDF)", lambda: report.monitoring_report(
    ds, start, end, chosen, reason, by=pdf_by, journal_rows=_journal_rows(), groups=pdf_groups),
               "monitoring.pdf", key="mon_report")

# --- The intake stage: conversations held per intake volunteer ---------------------------------
st.header("Kennismakingsgesprekken per intakevrijwilliger (laatste 12 maanden)")
chosen_load = team.chosen_per_month(st.session_state.get(session.TEAM_KEY, []))
per_volunteer = session.derived(
    "intake_per_volunteer", (tuple(chosen), tuple(sorted(chosen_load.items()))),
    lambda: intake.conversations_per_volunteer(monitoring.for_provinces(ds, chosen), chosen=chosen_load))
if per_volunteer.empty:
    st.write("Nog geen kennismakingsgesprekken vastgelegd in de app.")
else:
    shown = per_volunteer.assign(  # 0,1 as Flemish people write it (a number column would show 0.1)
        per_month=[formatting.number(v, 1) for v in per_volunteer["per_month"]],
        chosen_per_month=[formatting.number(v) for v in per_volunteer["chosen_per_month"]])
    widgets.table(shown, hide_index=True, key="intake_volunteers", column_config={
        "volunteer": "Intakevrijwilliger", "conversations": "Gesprekken", "per_month": "Per maand",
        "chosen_per_month": "Gekozen per maand",
    })

# --- Wat werkt? How long duos last, by how well they matched ----------------------------------
st.header("Wat werkt?")
groupings = {key: name.capitalize() for key, (name, *_) in duration.GROUPINGS.items()}
by = st.selectbox("Groeperen per", list(groupings), format_func=groupings.get, key="durability_by")
found = session.derived("durability", (tuple(chosen), by), lambda: duration.durability(
    monitoring.for_provinces(ds, chosen), by, journal_rows=_journal_rows()))
st.info(text.plain(found.sentence(detail=False)), icon=":material/insights:")
if found.how_sure():  # body text: a caption's grey is too faint (contrast)
    st.write(text.plain(found.how_sure()))
with_figures = found.groups.loc[found.groups["enough"], "group"].tolist()
shown_groups = st.multiselect("Groepen in de grafiek", with_figures, key=f"durability_groups_{by}",
                              default=found.chart_groups(len(report.PALETTE)),
                              help="De mediaan van elke gekozen groep staat op de grafiek.")
if shown_groups:
    st.plotly_chart(session.derived("durability_chart", (tuple(chosen), by, tuple(shown_groups)),
                                    lambda: charts.ReadyFigure(charts.durability_figure(found, shown_groups))),
                    key="chart_durability",
                    config=images.plotly_config(f"wat_werkt_{by}"))
st.caption(duration.EXPLANATION)
groups = found.groups


def _share(values) -> list[str]:
    return ["" if pd.isna(v) else formatting.number(v * 100, 0) + " %" for v in values]


widgets.table(session.derived("durability_view", (tuple(chosen), by), lambda: pd.DataFrame({
    "Groep": groups["group"], "Duo's": groups["n"], "Gestopt": groups["stopped"],
    "Mediane duur (maanden)": [("" if r else "meer dan ") + formatting.number(m, 0) if e else duration.TOO_FEW
                               for m, r, e in zip(groups["median_months"], groups["median_reached"], groups["enough"],
                                                  strict=True)],
    "Loopt na 6 maanden": _share(groups["running_6m"]),
    "Loopt na 12 maanden": _share(groups["running_12m"]),
    "Stopt binnen 3 maanden": _share(groups["early_rate"]),
    "Gestopt binnen 3 maanden": groups["early_stops"],
    "Redenen vroege stops": groups["early_reasons"],
})), hide_index=True, key="durability_table", width="stretch")
if not found.left_out.empty:
    total = int(found.left_out["n"].sum())
    st.write(f"Niet meegeteld: {formatting.count_text(total, 'duo', 'duo' + chr(39) + 's')}, om deze redenen:")
    widgets.table(pd.DataFrame({"Waarom niet meegeteld": found.left_out["reason"], "Duo's": found.left_out["n"]}),
                 hide_index=True, key="durability_left_out")
widgets.download("Wat werkt? downloaden (Excel)", found.to_sheets,
                 f"wat_werkt_{by}.xlsx", key="durability_download")
