"""Lopende duo's: proposals, introductions and active duos, and the next step for each.

A proposal moves on when the introduction was held (kennismaking), then the professional starts the duo
with a contact coach (suggested by free capacity and distance; the duo's own coach first when it has
one), and later records the stop with a reason. Every step is one event in the journal (see the Logboek
page). The duo picker starts empty, every confirmation appears right below the step, and a stop is
asked once more.
"""

import datetime as dt

import streamlit as st

from app_pages.ui import address, feedback, journaling, session, text, widgets
from duo_core import lifecycle
from duo_core.insights.monitoring import for_provinces
from duo_core.output import calendar
from duo_core.schema import STOP_REASONS

ds = session.dataset()
actions = journaling.lifecycle()
st.title("Lopende duo's")
st.write("Voorstellen, kennismakingen en actieve duo's, uit de werkboeken en uit de app. Kies een duo om de "
         "volgende stap vast te leggen.")

provinces = address.province_filter(st, ds.provinces, key="duos_provinces")  # shared with the other pages
duos = lifecycle.open_duos(for_provinces(ds, provinces))
c1, c2, c3 = st.columns(3)
for column, status, label in ((c1, "voorstel", "Voorstellen"), (c2, "kennismaking", "In kennismaking"),
                              (c3, "actief", "Actief")):
    column.metric(label, int((duos["status"] == status).sum()))
statuses = st.multiselect("Status", ["voorstel", "kennismaking", "actief"], default=["voorstel", "kennismaking"],
                          key="duos_status", placeholder="Alle statussen")
shown = duos[duos["status"].isin(statuses)] if statuses else duos
table = lifecycle.open_duos_table(shown)
widgets.table(table, hide_index=True, key="duos_table", width="stretch", column_config={
    "key": "Duo", "participant": "Deelnemer", "volunteer": "Vrijwilliger", "status": "Status",
    "proposed_on": "Voorgesteld op", "proposed_by": "Door", "start_date": "Start", "coach": "Contactcoach",
    "source": "Bron",
})

feedback.show_flash("duo_step")  # the last step's confirmation, right above the picker it was taken with
if actions is None:
    st.stop()
if shown.empty:
    st.info("Geen duo's met deze status.")
    st.stop()
# labels without the status: a label that changes with the status would reset the choice after each step
labels = {row.key: f"{row.key.split('/', 1)[-1]}: {row.participant} + {row.volunteer}" for row in duos.itertuples()}
duo_key = st.selectbox("Duo", list(shown["key"]), format_func=labels.get, index=None, key="duo_pick",
                       placeholder="Kies een duo…")
if duo_key is None:
    st.stop()
duo = shown.set_index("key").loc[duo_key]
st.markdown(f"Status: **{text.plain(lifecycle.status_text(duo))}**")
today = dt.date.today()
steps = actions.next_steps(duo_key)


def act(message: str, action, *args) -> None:
    """One step on this duo: the confirmation appears below the picker, the forms start afresh, on screen too."""
    journaling.run_action(message, action, *args, place="duo_step", scope="duo_form_",
                          start={"start": today, "followup_date": today, "stop_date": today, "stop_sure": False})


if "introduce" in steps and st.button("Kennismaking gehouden", key="introduce", icon=":material/waving_hand:",
                                      type="primary"):
    act(f"Kennismaking van {labels[duo_key]} vastgelegd.", actions.introduce, duo_key)

if duo["status"] == "voorstel":  # the introduction meeting, with the contact coach, in the phone's calendar
    with st.expander("Kennismaking in mijn agenda (.ics)", icon=":material/calendar_add_on:"):
        suggestions = lifecycle.suggest_coaches(actions.view, duo_key)
        coaches = dict(zip(suggestions["key"], suggestions["coach"], strict=True))
        first = lifecycle.preferred_coach(duo, suggestions)
        meet_day = st.date_input("Datum", value=None, min_value=today, format="DD/MM/YYYY", key="intro_ics_date")
        meet_hour = st.time_input("Uur", value=dt.time(14, 0), step=dt.timedelta(minutes=15), key="intro_ics_time")
        meet_place = st.text_input("Plaats", max_chars=200, key="intro_ics_place", placeholder="bv. bij de deelnemer thuis")
        meet_coach = None if not coaches else st.selectbox(  # an intake volunteer's view holds no coaches
            "Contactcoach die meegaat", list(coaches), format_func=coaches.get,
            index=list(coaches).index(first) if first else None, key="intro_ics_coach",
            placeholder="Geen contactcoach gekozen")
        if meet_day is None:
            st.caption("Kies een datum om de afspraak te downloaden.")
        else:
            phones = lifecycle.duo_phones(actions.view, duo)
            st.download_button(
                "Kennismaking in mijn agenda (.ics)", calendar.introduction_invite(
                    duo_key, duo["participant"], duo["volunteer"], meet_day, meet_hour or dt.time(14, 0),
                    meet_place.strip(), coaches.get(meet_coach, ""), phones),
                file_name="kennismaking.ics", mime="text/calendar", key="intro_ics", icon=":material/calendar_add_on:")

if "start" in steps:
    with st.form("start_form"):
        st.markdown("**Duo starten**: kies een contactcoach")
        suggestions = lifecycle.suggest_coaches(actions.view, duo_key)
        widgets.table(
            lifecycle.suggestions_table(suggestions), hide_index=True, key="coach_suggestions",
            column_config={
                "coach": "Contactcoach", "open_duos": "Lopende duo's", "desired_duos": "Gewenst per jaar",
                "free": "Vrije plaatsen", "distance_km": st.column_config.NumberColumn("Afstand (km)", format="localized"),
            },
        )
        names = dict(zip(suggestions["key"], suggestions["coach"], strict=True))
        keys = list(names)
        first = lifecycle.preferred_coach(duo, suggestions)
        coach = st.selectbox("Contactcoach", keys, format_func=names.get, index=keys.index(first) if first else 0,
                             key=f"duo_coach::{duo_key}",  # the suggestion per duo, never blanked
                             help="Bovenaan: de coach met de meeste vrije plaatsen, dan de dichtstbijzijnde. Heeft "
                                  "het duo al een coach, dan staat die voorgesteld.")
        start = st.date_input("Startdatum", value=today, format="DD/MM/YYYY", key="duo_form_start")
        if st.form_submit_button("Duo starten", type="primary", icon=":material/play_arrow:"):
            act(f"Duo {labels[duo_key]} gestart met {names.get(coach)}.", actions.start, duo_key, coach, start)

# after the introduction it is no longer a proposal: the duo does not start
CANCEL = {"voorstel": ("Voorstel annuleren", "Voorstel {} geannuleerd"),
          "kennismaking": ("Niet starten (annuleren)", "Duo {} start niet (geannuleerd na de kennismaking)")}
if "cancel" in steps and st.button(CANCEL[duo["status"]][0], key="cancel", icon=":material/cancel:"):
    act(f"{CANCEL[duo['status']][1].format(labels[duo_key])}: beide personen zijn weer vrij.", actions.cancel, duo_key)

if "followup" in steps:
    with st.form("duo_followup_form"):  # never collapsed, never cleared by an error: success clears it
        st.markdown("**Opvolging vastleggen**")
        when = st.date_input("Datum van het contact", value=today, format="DD/MM/YYYY",
                             key="duo_form_followup_date")
        note = st.text_input("Korte notitie (optioneel)", max_chars=200, key="duo_form_followup_note")
        if st.form_submit_button("Opvolging vastleggen"):
            act(f"Opvolging van {labels[duo_key]} vastgelegd.", actions.followup, duo_key, when, note)

if "stop" in steps:
    with st.form("stop_form"):
        st.markdown("**Duo stoppen**")
        end = st.date_input("Einddatum", value=today, format="DD/MM/YYYY", key="duo_form_stop_date")
        reason = st.selectbox("Reden", STOP_REASONS, index=None, key="duo_form_stop_reason",
                              placeholder="Kies een reden…")
        sure = st.checkbox("Ja, dit duo is echt gestopt", key="duo_form_stop_sure")
        if st.form_submit_button("Duo stoppen", icon=":material/stop_circle:"):
            if reason is not None and not sure:
                st.error("Vink eerst aan dat dit duo echt gestopt is.", icon=":material/error:")
            else:
                act(f"Duo {labels[duo_key]} gestopt ({reason}).", actions.stop, duo_key, end, reason)
