"""Aanmeldingen: who signed up and waits for a kennismakingsgesprek, a new sign-up, planning the conversation.

Professionals also see "Nieuw na kennismaking": whose conversation was finished, with the whole record,
so nothing has to be typed over. A person who signed up is not matchable until the conversation is
finished (page Kennismakingsgesprek).
"""

import datetime as dt

import pandas as pd
import streamlit as st

from app_pages.ui import feedback, intake_form, session, widgets
from duo_core import access
from duo_core.lifecycle import signups, views
from duo_core.lifecycle.intake import IDENTITY_FIELDS, PERSON_STATUSES
from duo_core.lifecycle.team import shown_names
from duo_core.output import calendar
from duo_core.schema import PROVINCES, STOP_REASONS

ds = session.dataset()
user = session.current_user()
steps = intake_form.intake()
today = dt.date.today()
st.title("Aanmeldingen")
st.write("Wie zich aanmeldde en nog op een kennismakingsgesprek wacht, wie het langst wacht eerst. Pas na het "
         "gesprek ('Klaar voor matching') zoekt Match zoeken een vrijwilliger.")

waiting = signups.signups(ds, ds.as_of)
team = st.session_state.get(session.TEAM_KEY, [])
who = shown_names(team)  # an intake volunteer by name, with the address that is recorded
proposals = signups.propose_planning(waiting, ds, team, today).reindex(waiting["key"])
waiting["proposal"] = [who.get(v, v) if isinstance(v, str) else v for v in proposals]
c1, c2, c3 = st.columns(3)
c1.metric("Aangemeld", len(waiting))
c2.metric("Gesprek gepland", int((waiting["planned"] != "").sum()))
c3.metric("Langer dan 30 dagen", int((waiting["days"].fillna(0) > 30).sum()))
feedback.show_flash("signups")
if waiting.empty:
    st.info("Er wacht niemand op een kennismakingsgesprek.")
else:
    widgets.table(waiting.drop(columns=["key"]), hide_index=True, key="signups_table", width="stretch",
                 column_config={
                     "name": "Naam", "province": "Provincie", "municipality": "Gemeente", "registered_on": "Aangemeld op",
                     "days": st.column_config.NumberColumn("Dagen sinds aanmelding", format="%d"),
                     "planned": "Gesprek gepland", "draft": st.column_config.CheckboxColumn("Gesprek begonnen"),
                     "proposal": "Voorstel: gesprek door",
                 })

# --- a new sign-up -----------------------------------------------------------------------------------
st.header("Nieuwe aanmelding")
SIGNUP = "signup_form_"
if steps is None or not steps.may("signup"):
    st.write("Aanmelden kan nu niet: het logboek kan niet beschreven worden of je rol laat het niet toe.")
else:
    provinces = list(user.provinces) or ds.provinces or list(PROVINCES)
    feedback.show_flash("signup")
    with st.form("signup_form"):
        province = st.selectbox("Provincie", provinces, key=f"{SIGNUP}province")
        intake_form.show_error(SIGNUP, "province")
        intake_form.fields(ds, SIGNUP, IDENTITY_FIELDS, today)
        if st.session_state.get(f"{SIGNUP}registered_on") is None:  # today, also after a save, unless typed
            st.session_state[f"{SIGNUP}registered_on"] = today
        st.date_input("Aanmelddatum", format="DD/MM/YYYY", key=f"{SIGNUP}registered_on")
        intake_form.show_error(SIGNUP, "registered_on")
        intake_form.fields(ds, SIGNUP, ("target_group", "interests", "availability", "contact_form"), today)
        intake_form.summary(SIGNUP)
        if st.form_submit_button("Aanmelding bewaren", type="primary", icon=":material/person_add:"):
            raw = intake_form.values(SIGNUP, (*IDENTITY_FIELDS, "target_group", "interests", "availability",
                                              "contact_form"))
            name = views.full_name(pd.Series(raw))  # the person by name, with the key the app gave
            intake_form.save(SIGNUP, lambda key: f"{name or key} is aangemeld{f' ({key})' if name else ''}. "
                                                 "Plan nu het kennismakingsgesprek.",
                             steps.sign_up, raw, province, st.session_state.get(f"{SIGNUP}registered_on"), today,
                             place="signup")

# --- planning -----------------------------------------------------------------------------------------
st.header("Gesprek plannen")
PLAN = "plan_form_"
feedback.show_flash("plan")
if waiting.empty or steps is None or not steps.may("plan"):
    st.write("Er is geen gesprek te plannen." if waiting.empty else "Plannen kan nu niet.")
else:
    labels = signups.plan_labels(waiting)
    person = st.selectbox("Wie", list(labels), format_func=labels.get, index=None, key=f"{PLAN}person",
                          placeholder="Kies een aangemelde persoon…")
    if person is not None:
        proposed = proposals.get(person)
        known = sorted({str(v) for v in ds.participants.get("intake_by", []) if isinstance(v, str)}
                       | {u.email for u in team} | {user.email})
        if isinstance(proposed, str):
            known = [proposed] + [k for k in known if k != proposed]  # the proposal first
        with st.form("plan_form"):
            st.selectbox("Gesprek door", known, format_func=lambda v: who.get(v, v), key=f"{PLAN}volunteer",
                         accept_new_options=True,
                         help="De intakevrijwilliger die het gesprek houdt (of typ een naam). Het voorstel staat "
                              "bovenaan: in de provincie, met de meeste ruimte in wat elk koos per maand.")
            intake_form.show_error(PLAN, "volunteer")
            st.date_input("Datum van het gesprek", value=None, format="DD/MM/YYYY", key=f"{PLAN}date")
            intake_form.show_error(PLAN, "date")
            st.time_input("Uur", value=dt.time(10, 0), step=dt.timedelta(minutes=15), key=f"{PLAN}time")
            places = list(session.config().intake_places.get(person.split("/", 1)[0], ()))
            st.selectbox("Plaats", places, index=None, key=f"{PLAN}place", accept_new_options=True,
                         placeholder="Kies of typ een plaats…",
                         help="De vaste plaatsen van de provincie (duo.toml, [intake_places]) of een andere.")
            intake_form.show_error(PLAN, "place")
            intake_form.summary(PLAN)
            if st.form_submit_button("Gesprek plannen", type="primary", icon=":material/event:"):
                v = intake_form.values(PLAN, ("volunteer", "date", "time", "place"))
                intake_form.save(PLAN, f"Kennismakingsgesprek met {labels[person].split(' (')[0]} gepland.",
                                 steps.plan, person, v["volunteer"], v["date"], v["time"], v["place"], today,
                                 place="plan", keep=True)
        row = ds.participant(person)
        if "intake_planned_on" in row and pd.notna(row["intake_planned_on"]):
            st.download_button(
                "In mijn agenda (.ics)", calendar.intake_invite(row), file_name="kennismakingsgesprek.ics",
                mime="text/calendar", key="plan_ics", icon=":material/calendar_add_on:",
            )

# --- a participant's status (professionals) ------------------------------------------------------------
STATUS = "status_form_"
if steps is not None and steps.may("person_status"):
    st.header("Status van een deelnemer")
    st.write("Op pauze zetten, laten stoppen (met een reden) of opnieuw laten wachten. Ongedaan maken kan op Logboek.")
    feedback.show_flash("status")
    options = views.person_options(ds.participants)
    names = dict(zip(options["key"], options["label"], strict=True))
    with st.form("status_form"):
        who = st.selectbox("Deelnemer", list(names), format_func=names.get, index=None, key=f"{STATUS}person",
                           placeholder="Typ een naam, ID of gemeente…")
        status = st.selectbox("Nieuwe status", PERSON_STATUSES, index=None, key=f"{STATUS}status",
                              placeholder="Kies…")
        intake_form.show_error(STATUS, "status")
        reason = st.selectbox("Reden (bij gestopt)", STOP_REASONS, index=None, key=f"{STATUS}reason",
                              placeholder="Kies…")
        intake_form.show_error(STATUS, "reason")
        intake_form.summary(STATUS)
        if st.form_submit_button("Status wijzigen", icon=":material/swap_horiz:"):
            if who is None:
                st.error("Kies eerst een deelnemer.", icon=":material/error:")
            else:
                intake_form.save(STATUS, f"{names[who].split(' (')[0]} is nu {status}.", steps.set_status, who,
                                 status, reason, place="status")

# --- hand-over to the professional -------------------------------------------------------------------------
if user.role == access.PROFESSIONAL:
    st.header("Nieuw na kennismaking")
    since = st.date_input("Sinds", value=today - dt.timedelta(days=14), max_value=today, format="DD/MM/YYYY",
                          key="handover_since")
    handed = signups.handed_over(ds, since)
    if handed.empty:
        st.write("Sindsdien werd geen gesprek afgerond.")
    else:
        st.write(f"{len(handed)} {'persoon' if len(handed) == 1 else 'personen'} klaar voor matching sinds "
                 f"{since:%d/%m/%Y}, met alles uit het gesprek.")
        widgets.table(handed.drop(columns=["key"]), hide_index=True, key="handover_table", width="stretch",
                     column_config={
                         "name": "Naam", "province": "Provincie", "municipality": "Gemeente", "intake_on": "Gesprek op",
                         "intake_volunteer": "Gesprek door", "intake_transport": "Vervoer",
                         "intake_practical": "Praktisch", "intake_organisational": "Organisatorisch",
                         "intake_impression": "Indruk", "care_need": "Zorgnood", "consent": "Toestemming",
                     })
