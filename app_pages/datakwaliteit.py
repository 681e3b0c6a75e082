"""Datakwaliteit: every finding in the workbooks, filterable and downloadable to fix the rows."""

import streamlit as st

from app_pages import common
from duo_core import downloads
from duo_core.findings import ERROR, SEVERITIES, WARNING, select, severity_counts, with_province

ds = common.dataset()
st.title("Datakwaliteit")
st.caption("Elke melding zegt waar (bestand, tabblad, rij, kolom) en wat je moet verbeteren in het werkboek.")

with st.expander("Eigen werkboeken opladen", expanded=common.UPLOADS_KEY in st.session_state):
    files = st.file_uploader(
        "Werkboeken (.xlsx), één per provincie",
        type=["xlsx", "xlsm"],
        accept_multiple_files=True,
        key=common.UPLOADER_KEY,
        help="Opgeladen werkboeken blijven enkel in het geheugen van deze sessie; er wordt niets bewaard.",
    )
    if common.store_uploads(files):
        st.rerun()
    if common.UPLOADS_KEY in st.session_state:
        st.button("Terug naar de standaardgegevens", on_click=common.clear_uploads, key="clear_uploads")

findings = with_province(ds.findings, ds.sources)
c1, c2, c3 = st.columns(3)
provinces = c1.multiselect("Provincie", sorted(findings["province"].dropna().unique()), key="dq_provinces", placeholder="Alle")
sheets = c2.multiselect("Tabblad", sorted(findings["sheet"].dropna().unique()), key="dq_sheets", placeholder="Alle")
severities = c3.multiselect("Ernst", list(SEVERITIES), key="dq_severity", placeholder="Alle")
shown = select(findings, provinces, sheets, severities)

counts = severity_counts(shown)
m1, m2, m3 = st.columns(3)
m1.metric("Meldingen", len(shown))
m2.metric("Fouten", counts[ERROR])
m3.metric("Waarschuwingen", counts[WARNING])

labels = {
    "province": "Provincie",
    "file": "Bestand",
    "sheet": "Tabblad",
    "row": "Rij",
    "column": "Kolom",
    "severity": "Ernst",
    "message": "Wat verbeteren",
}
table = shown[list(labels)]
st.dataframe(table, hide_index=True, key="dq_table", column_config=labels, width="stretch")
common.download("Meldingen downloaden (Excel)", downloads.findings(shown), "datakwaliteit.xlsx", key="dq_download")

st.subheader("Ingelezen werkboeken")
st.dataframe(
    ds.sources,
    hide_index=True,
    key="dq_sources",
    column_config={
        "file": "Bestand",
        "province": "Provincie",
        "status": "Status",
        "engine": "Lezer",
        "participants": "Deelnemers",
        "volunteers": "Vrijwilligers",
        "duos": "Duo's",
        "coaches": "Contactcoaches",
        "errors": "Fouten",
        "warnings": "Waarschuwingen",
    },
)
