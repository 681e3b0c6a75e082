"""Privacy (professionals): who looked at whose data, access requests, and forgetting a person."""

import pandas as pd
import streamlit as st

from app_pages.ui import feedback, journaling, privacy, session, text, widgets
from duo_core import access, formatting
from duo_core.lifecycle import erasure, views
from duo_core.lifecycle.access_log import audit_table
from duo_core.output.access_request import access_request, access_request_pdf
from duo_core.output.excel import excel_bytes

ds = session.dataset()
user = session.current_user()
state = journaling.journal_state()
full, everything = st.session_state[privacy.EVERYTHING_KEY]
st.title("Privacy")
st.write("Wie welke gegevens inkeek, alles over één persoon voor een inzageverzoek, en een persoon vergeten. "
         "De werkboeken zelf past de app nooit aan: wat daar nog staat, verwijder je zelf.")
log = privacy.access_log()
if log is None:
    st.info(text.plain(state.message or "Het logboek is niet beschikbaar: zonder logboek is er geen toegangslogboek."))
    st.stop()



def _forget(keys: list[str], reason: str) -> list[str]:
    """Forget the person within the user's provinces, and note it in the access log; returns the keys forgotten.

    The person stays chosen, set again so that the browser shows the new label ("te verwijderen"), not the name.
    """
    done, _ = erasure.forget_all(state.journal, everything, keys, user.email, reason, provinces=user.provinces)
    privacy.record("vergeten", done, reason)
    feedback.set_later({"privacy_person": st.session_state["privacy_person"]})
    return done


st.header("Wie keek?")
st.write("Elke keer dat iemand een profiel, de uitleg van een koppel, een duokaart of een export met namen opent, "
         "staat hier wie, wanneer en over wie; nooit wat er getoond werd. Niemand kan een regel wijzigen of wissen.")
c1, c2 = st.columns(2)
who = c1.selectbox("Gebruiker", log.actors(user.provinces), index=None, key="log_actor", placeholder="Alle gebruikers")
about = c2.text_input("Persoon (sleutel)", key="log_person", placeholder="bv. Antwerpen/D0174")
entries = log.entries([about.strip()] if about.strip() else (), who or "", provinces=user.provinces)
table = audit_table(entries)
widgets.table(table, hide_index=True, key="access_table", width="stretch")
st.download_button("Toegangslogboek downloaden (Excel, voor een audit)", data=lambda: excel_bytes({"Ingezien": table}),
                   file_name="toegangslogboek.xlsx", key="access_download", on_click="ignore",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   icon=":material/download:")

if any("consent_missing" in f for f in (ds.participants, ds.volunteers)):
    st.header("Toestemming")
    flagged = [k for f in (ds.participants, ds.volunteers) if "consent_missing" in f
               for k in f.loc[f["consent_missing"], "key"]]
    st.write(f"{len(flagged)} personen zonder geregistreerde toestemming: hun zorgnood en notities zijn voor niemand "
             "zichtbaar tot de toestemming er is.")
    if flagged:
        widgets.table(pd.DataFrame({"Persoon": flagged}), hide_index=True, key="consent_table")

st.header("Over één persoon")
people = pd.concat([views.person_options(ds.participants), views.person_options(ds.volunteers)])
labels = dict(zip(people["key"], people["label"], strict=True))
person = st.selectbox("Persoon", sorted(labels, key=lambda k: labels[k].lower()), format_func=labels.get, index=None,
                      key="privacy_person", placeholder="Typ een naam, ID of gemeente…")
if person is None:
    st.info("Kies een persoon voor een inzageverzoek of om die persoon te vergeten.")
else:
    # a professional of some provinces answers there; the other provinces are only counted (no content)
    own, others = access.within_provinces(erasure.same_person(everything, person), user.provinces)
    keys = st.multiselect("Dezelfde persoon in " + ("alle provincies" if not user.provinces else "jouw provincies")
                          + " (naam en geboortedatum, of naam en e-mail)", own, default=own,
                          key=f"privacy_keys::{person}")
    counts = erasure.elsewhere(everything, state.journal, others)
    if not counts.empty:
        st.info(text.plain(erasure.elsewhere_sentence(counts)), icon=":material/info:")
    st.markdown("**Inzageverzoek**")
    st.write("Alles wat de app over deze persoon bijhoudt: de rijen uit de werkboeken, de duo's, de stappen in het "
             "logboek, de meldingen, wie de gegevens inkeek en een eventuele vergetelheid.")
    d1, d2 = st.columns(2)
    stem = widgets.file_name("inzage", person).removesuffix(".xlsx")
    d1.download_button(
        "Inzage downloaden (Excel)", key="request_excel", on_click="ignore", icon=":material/download:",
        data=privacy.logged(lambda: excel_bytes(access_request(everything, state.journal, [*keys, *others],
                                                            provinces=user.provinces)), "inzage", keys,
                            f"{stem}.xlsx"),
        file_name=f"{stem}.xlsx", mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    d2.download_button(
        "Inzage downloaden (PDF)", key="request_pdf", on_click="ignore", icon=":material/picture_as_pdf:",
        data=privacy.logged(lambda: access_request_pdf(access_request(everything, state.journal, [*keys, *others],
                                                                   provinces=user.provinces)), "inzage",
                            keys, f"{stem}.pdf"),
        file_name=f"{stem}.pdf", mime="application/pdf",
    )

    st.markdown("**Persoon vergeten**")
    st.write("Het logboek houdt de stappen (zodat tellingen en duurtijden kloppen), maar naam, contactgegevens en vrije "
             "tekst over deze persoon verdwijnen er voorgoed uit. Daarna staat de persoon overal als 'te verwijderen' "
             "en wordt niet meer voorgesteld, tot je de rijen hieronder uit de werkboeken verwijderd hebt.")
    actions = journaling.lifecycle()
    if actions is None or state.journal.ephemeral:
        st.write("Vergeten kan nu niet: het logboek kan niet beschreven worden, of je werkt op een proefkopie.")
    else:
        feedback.show_flash("privacy")  # right above the form it answers, where the person is looking
        with st.form("forget_form"):
            reason = st.selectbox("Reden", erasure.ERASURE_REASONS, index=None, key="forget_reason",
                                  placeholder="Kies een reden…")
            sure = st.checkbox("Ik begrijp dat dit niet ongedaan gemaakt kan worden", key="forget_sure")
            if st.form_submit_button("Persoon vergeten", type="primary", icon=":material/person_remove:"):
                if reason is None or not sure or not keys:
                    st.error("Kies een reden, minstens één sleutel, en vink aan dat je het begrijpt.")
                else:
                    journaling.run_action(lambda done: erasure.forgotten_sentence(full, done, counts),
                                          _forget, keys, reason, place="privacy", scope="forget_",
                                          start={"sure": False})

st.header("Vergeten personen")
gone = erasure.erasures(state.journal, user.provinces)
if gone.empty:
    st.write("Nog niemand vergeten.")
else:
    rows = erasure.workbook_rows(full, gone["person_key"])
    still = formatting.count_text(rows["person_key"].nunique(), "staat", "staan")
    st.write(f"{formatting.number(len(gone))} vergeten; {still} nog in de werkboeken (te verwijderen).")
    widgets.table(rows, hide_index=True, key="erased_rows", width="stretch", column_config={
        "person_key": "Persoon", "file": "Bestand", "sheet": "Tabblad",
        "row": st.column_config.NumberColumn("Rij", format="%d"), "what": "Wat",
    })
    widgets.table(erasure.erasures_table(gone), hide_index=True, key="erasures_table", width="stretch")
