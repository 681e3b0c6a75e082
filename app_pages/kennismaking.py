"""Kennismakingsgesprek: the conversation with a person who signed up, recorded on a phone.

The form is prefilled from the sign-up (or the draft), one field below the other so it reads on a 390-pixel
screen. "Bewaar als ontwerp" keeps it as typed; "Klaar voor matching" checks it, makes the person
*wachtend* and offers Match zoeken for them at once. Impression and care needs are seen afterwards by
professionals only; health data is kept only with the person's consent (date, by whom).
"""

import datetime as dt

import streamlit as st

from app_pages.ui import feedback, intake_form, session
from duo_core.lifecycle import signups
from duo_core.lifecycle.intake import MATCHING_FIELDS

ds = session.dataset()
user = session.current_user()
steps = intake_form.intake()
today = dt.date.today()
FORM = "talk_form_"
st.title("Kennismakingsgesprek")

done = st.session_state.get("talk_done")
if feedback.show_flash("talk") and done:
    st.page_link("app_pages/match_zoeken.py", label="Zoek nu een match voor deze persoon",
                 icon=":material/person_search:", query_params={"deelnemer": done})

waiting = signups.signups(ds, ds.as_of)
if waiting.empty:
    st.info("Er wacht niemand op een kennismakingsgesprek. Nieuwe mensen meld je aan op de pagina Aanmeldingen.")
    st.stop()
if steps is None or not steps.may("intake_done"):
    st.info("Een gesprek vastleggen kan nu niet: het logboek kan niet beschreven worden of je rol laat het niet toe.")
    st.stop()

labels = dict(zip(waiting["key"], waiting["name"] + " (" + waiting["municipality"].fillna("?") + ")", strict=True))
if st.session_state.get("talk_person") not in labels:
    st.session_state.pop("talk_person", None)  # finished meanwhile (by this form or someone else)
person = st.selectbox("Met wie", list(labels), format_func=labels.get, index=None, key="talk_person",
                      placeholder="Kies een aangemelde persoon…")
if person is None:
    st.stop()
row = ds.participant(person)
values = signups.prefill(row, steps.draft(person))
fields = values.pop("fields")
intake_form.load(FORM, person, {**fields, **values, "volunteer": values.get("volunteer") or user.email,
                                "date": values.get("date") or today})
if bool(row.get("intake_draft", False)):
    st.caption("Een ontwerp van dit gesprek werd bewaard: je gaat verder waar het gebleven was.")

with st.form("talk_form"):
    st.markdown("**Over de persoon**")
    intake_form.fields(ds, FORM, ("phone", "email", "postcode", "municipality", *MATCHING_FIELDS), today)
    st.markdown("**Praktisch**")
    st.text_area("Vervoer", key=f"{FORM}transport", max_chars=1000, placeholder="Hoe raakt de persoon ter plaatse?")
    intake_form.show_error(FORM, "transport")
    st.text_area("Praktisch", key=f"{FORM}practical", max_chars=1000)
    intake_form.show_error(FORM, "practical")
    st.text_area("Organisatorisch", key=f"{FORM}organisational", max_chars=1000)
    intake_form.show_error(FORM, "organisational")
    st.markdown("**Voor de beroepskracht** (enkel beroepskrachten zien dit later)")
    st.text_area("Indruk van het gesprek", key=f"{FORM}impression", max_chars=1000)
    intake_form.show_error(FORM, "impression")
    st.text_area("Zorgnood", key=f"{FORM}care_need", max_chars=1000)
    intake_form.show_error(FORM, "care_need")
    st.markdown("**Toestemming**")
    st.checkbox("De persoon geeft uitdrukkelijk toestemming om de gezondheidsgegevens te bewaren", key=f"{FORM}consent")
    intake_form.show_error(FORM, "consent")
    st.date_input("Toestemming gegeven op", value=None, format="DD/MM/YYYY", key=f"{FORM}consent_on")
    intake_form.show_error(FORM, "consent_on")
    st.text_input("Toestemming gevraagd door", key=f"{FORM}consent_by", max_chars=200)
    intake_form.show_error(FORM, "consent_by")
    st.markdown("**Het gesprek**")
    st.date_input("Datum van het gesprek", format="DD/MM/YYYY", key=f"{FORM}date")
    intake_form.show_error(FORM, "date")
    st.text_input("Gesprek door", key=f"{FORM}volunteer", max_chars=200)
    intake_form.summary(FORM)
    draft = st.form_submit_button("Bewaar als ontwerp", icon=":material/save:")
    ready = st.form_submit_button("Klaar voor matching", type="primary", icon=":material/check_circle:")

if draft or ready:
    record = intake_form.values(FORM, ("transport", "practical", "organisational", "impression", "care_need",
                                       "consent", "consent_on", "consent_by", "date", "volunteer"))
    record["fields"] = intake_form.values(FORM, ("phone", "email", "postcode", "municipality", *MATCHING_FIELDS))
    name = labels[person].split(" (")[0]
    if ready:
        st.session_state["talk_done"] = person
        intake_form.save(FORM, f"{name} is klaar voor matching en staat op de wachtlijst.", steps.finish, person,
                         record, today, place="talk")
    else:
        intake_form.save(FORM, f"Het gesprek met {name} is als ontwerp bewaard.", steps.save_draft, person, record,
                         place="talk", keep=True)
