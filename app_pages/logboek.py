"""Logboek: the audit view of every action, undo of a mistaken step, export for the master workbooks."""

import streamlit as st

from app_pages.ui import feedback, journaling, privacy, session, text, widgets
from duo_core import access, lifecycle
from duo_core.lifecycle import views
from duo_core.lifecycle.journal import ACTION_LABELS
from duo_core.output import copy, downloads, master

ds = session.dataset()
actions = journaling.lifecycle()
state = journaling.journal_state()
user = session.current_user()
st.title("Logboek")
if state.journal is None:
    st.info(text.plain(state.message or "Het logboek is niet beschikbaar."))
    st.stop()
st.write(text.plain(f"Elke stap die in de app gezet werd, met wie en wanneer. Opgeslagen in {state.journal.label}; "
                      "de werkboeken zelf worden nooit aangepast."))

audit = lifecycle.audit_view(state.journal.events(), ds, user.provinces)
c1, c2 = st.columns([2, 1])
chosen = c1.multiselect("Soort stap", list(ACTION_LABELS), format_func=ACTION_LABELS.get, key="log_actions",
                        placeholder="Alle stappen")
duo_filter = c2.text_input("Duo", key="log_duo", placeholder="bv. Antwerpen/APP00012")
shown = audit
if chosen:
    shown = shown[shown["action"].isin(chosen)]
if duo_filter.strip():
    shown = shown[shown["duo_key"].str.contains(duo_filter.strip(), case=False, regex=False)]
widgets.table(
    views.for_screen(shown.drop(columns=["action", "subject"]), flags=["undone"]), hide_index=True, key="audit_table", width="stretch",
    column_config={
        "id": "Stap", "at": "Tijdstip", "actor": "Door", "label": "Actie", "duo_key": "Duo",
        "participant": "Deelnemer", "volunteer": "Vrijwilliger", "details": "Details",
        "undone": "Ongedaan gemaakt",
    },
)
widgets.download("Logboek downloaden (Excel)", downloads.audit(shown), "logboek.xlsx", key="audit_download",
                 people=state.journal.events().set_index("id").loc[shown["id"], ["participant_key", "volunteer_key"]]
                 .to_numpy().ravel().tolist())

st.header("Een stap ongedaan maken")
st.write("Enkel de laatste stap van een duo of van een persoon. De stap blijft zichtbaar in het logboek, met wie hem ongedaan maakte.")
choices = lifecycle.undo_choices(audit)
feedback.show_flash("undo")  # where the person is looking: right above the form they used (also after the last step)
if actions is None:
    st.write("Ongedaan maken kan nu niet: het logboek kan niet beschreven worden.")
elif not choices:
    st.write("Er is nog niets om ongedaan te maken.")
else:
    labels = {event_id: choice for event_id, (choice, _) in choices.items()}
    undone = {event_id: what for event_id, (_, what) in choices.items()}
    with st.form("undo_form"):
        event_id = st.selectbox("Stap", list(labels), format_func=labels.get, index=None, key="undo_step",
                                placeholder="Kies een stap…")
        sure = st.checkbox("Ik maak deze stap ongedaan", key="undo_sure")
        if st.form_submit_button("Ongedaan maken", icon=":material/undo:"):
            if event_id not in undone:
                st.error("Kies de stap die je ongedaan wil maken.", icon=":material/error:")
            elif not sure:
                st.error("Vink eerst aan dat je deze stap ongedaan wil maken.", icon=":material/error:")
            else:
                journaling.run_action(f"Ongedaan gemaakt: {undone[event_id]}.", actions.undo, event_id, place="undo",
                                      scope="undo_", start={"sure": False})



def _source():
    """The workbooks as read, seen as this user sees the overlay: what the copy's cells are compared with."""
    everything = st.session_state.get(privacy.EVERYTHING_KEY)
    return access.visible_dataset(everything[0], user) if everything else None


st.header("Bijgewerkte kopie van een werkboek")
st.write("Per provincie een nieuw werkboek in het formaat van het sjabloon: wie zich in de app aanmeldde, gewijzigde "
         "gegevens en statussen, nieuwe en gewijzigde duo's. Nieuwe rijen zijn groen, gewijzigde cellen geel, de kolom "
         "Wijziging zegt wat er veranderde, en het tabblad Wijzigingen geeft elke stap (wat, wanneer, door wie) en elke "
         "gemarkeerde cel (was, nu). Het bronwerkboek blijft ongewijzigd; samen met het logboek ingelezen telt niemand "
         "dubbel.")
if ds.provinces:
    province = st.selectbox("Provincie", ds.provinces, key="copy_province")
    st.download_button(
        f"Bijgewerkte kopie {province} (Excel)",
        data=lambda: copy.updated_workbook(ds, province, state.journal.events(), source=_source()),
        file_name=f"{province} bijgewerkt.xlsx", key="copy_download", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:",
    )

st.header("Naar het hoofdwerkboek")
changed = master.changed_duos(ds)
st.write(f"{int((changed['journal_change'] == lifecycle.NEW).sum())} nieuwe en "
         f"{int((changed['journal_change'] == lifecycle.CHANGED).sum())} gewijzigde duo's sinds de werkboeken.")
if len(changed):
    widgets.download(
        "Nieuwe en gewijzigde duo's (Excel, formaat van het tabblad Duo's)",
        master.export_sheets(ds), "duos_voor_hoofdwerkboek.xlsx", key="export_duos",
    )
    st.write("Eén tabblad per provincie, met de kolommen van het sjabloon. Zodra het hoofdwerkboek dezelfde duo's "
               "bevat, telt het dashboard ze niet dubbel.")
