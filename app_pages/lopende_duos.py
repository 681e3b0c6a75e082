"""Lopende duo's: proposals, introductions and active duos, and the next step for each.

A proposal moves on when the introduction was held (kennismaking), then the professional starts the duo
with a contact coach (suggested by free capacity and distance), and later records the stop with a
reason. Every step is one event in the journal (see the Logboek page).
"""

import datetime as dt

import streamlit as st

from app_pages import common
from duo_core import lifecycle
from duo_core.schema import STOP_REASONS

ds = common.dataset()
actions = common.lifecycle()
st.title("Lopende duo's")
st.caption("Voorstellen, kennismakingen en actieve duo's, uit de werkboeken en uit de app. "
           "Kies een duo om de volgende stap vast te leggen.")

duos = lifecycle.open_duos(ds)
c1, c2, c3 = st.columns(3)
for column, status, label in ((c1, "voorstel", "Voorstellen"), (c2, "kennismaking", "In kennismaking"),
                              (c3, "actief", "Actief")):
    column.metric(label, int((duos["status"] == status).sum()))
statuses = st.multiselect("Status", ["voorstel", "kennismaking", "actief"], default=["voorstel", "kennismaking"],
                          key="duos_status", placeholder="Alle statussen")
shown = duos[duos["status"].isin(statuses)] if statuses else duos
columns = {
    "key": "Duo",
    "participant": "Deelnemer",
    "volunteer": "Vrijwilliger",
    "status": "Status",
    "proposed_on": st.column_config.DateColumn("Voorgesteld op", format="DD/MM/YYYY"),
    "proposed_by": "Door",
    "start_date": st.column_config.DateColumn("Start", format="DD/MM/YYYY"),
    "coach": "Contactcoach",
    "source_file": "Bron",
}
table = shown[[c for c in columns if c in shown.columns]]
table = table.assign(**{c: table[c].fillna("") for c in ("proposed_by", "coach") if c in table})
st.dataframe(table, hide_index=True, key="duos_table",
             column_config=columns, width="stretch")

if actions is None:
    st.stop()
if shown.empty:
    st.info("Geen duo's met deze status.")
    st.stop()
# labels without the status: a label that changes with the status would reset the choice after each step
labels = {row.key: f"{row.key}: {row.participant} + {row.volunteer}" for row in duos.itertuples()}
duo_key = st.selectbox("Duo", list(shown["key"]), format_func=labels.get, index=None, key="duo_pick",
                       placeholder="Kies een duo…")
if duo_key is None:
    st.stop()
duo = shown.set_index("key").loc[duo_key]
status = duo["status"]
st.markdown(f"Status: **{status}**" + ("" if common.date_text(duo["start_date"]) == ""
                                       else f", gestart op {common.date_text(duo['start_date'])}"))
today = dt.date.today()
steps = actions.next_steps(duo_key)

if "introduce" in steps and st.button("Kennismaking gehouden", key="introduce", icon=":material/waving_hand:",
                                      type="primary"):
    common.run_action(f"Kennismaking van {duo_key} vastgelegd.", actions.introduce, duo_key)

if "start" in steps:
    with st.form("start_form"):
        st.markdown("**Duo starten**: kies een contactcoach")
        suggestions = lifecycle.suggest_coaches(actions.view, duo_key)
        st.dataframe(
            suggestions.drop(columns=["key"]), hide_index=True, key="coach_suggestions",
            column_config={
                "coach": "Contactcoach", "open_duos": "Lopende duo's", "desired_duos": "Gewenst per jaar",
                "free": "Vrije plaatsen", "distance_km": st.column_config.NumberColumn("Afstand (km)", format="%.1f"),
            },
        )
        names = dict(zip(suggestions["key"], suggestions["coach"], strict=True))
        coach = st.selectbox("Contactcoach", list(names), format_func=names.get, key="start_coach",
                             help="Bovenaan: de coach met de meeste vrije plaatsen, dan de dichtstbijzijnde.")
        start = st.date_input("Startdatum", value=today, max_value=today, format="DD/MM/YYYY", key="start_date")
        if st.form_submit_button("Duo starten", type="primary", icon=":material/play_arrow:"):
            common.run_action(f"Duo {duo_key} gestart met {names.get(coach)}.", actions.start, duo_key, coach, start)

if "cancel" in steps and st.button("Voorstel annuleren", key="cancel", icon=":material/cancel:"):
    common.run_action(f"Voorstel {duo_key} geannuleerd: beide personen zijn weer vrij.", actions.cancel, duo_key)

if "followup" in steps:
    with st.expander("Opvolging vastleggen"), st.form("duo_followup_form", clear_on_submit=True):
        when = st.date_input("Datum van het contact", value=today, max_value=today, format="DD/MM/YYYY",
                             key="duo_followup_date")
        note = st.text_input("Korte notitie (optioneel)", max_chars=200, key="duo_followup_note")
        if st.form_submit_button("Opvolging vastleggen"):
            common.run_action(f"Opvolging van {duo_key} vastgelegd.", actions.followup, duo_key, when, note)

if "stop" in steps:
    with st.expander("Duo stoppen"), st.form("stop_form"):
        end = st.date_input("Einddatum", value=today, max_value=today, format="DD/MM/YYYY", key="stop_date")
        reason = st.selectbox("Reden", STOP_REASONS, index=None, key="stop_reason", placeholder="Kies een reden…")
        if st.form_submit_button("Duo stoppen", icon=":material/stop_circle:"):
            common.run_action(f"Duo {duo_key} gestopt ({reason}).", actions.stop, duo_key, end, reason)
