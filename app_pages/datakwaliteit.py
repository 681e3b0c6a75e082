"""Datakwaliteit: every finding in the workbooks, filterable and downloadable to fix the rows."""

import pandas as pd
import streamlit as st

from app_pages.ui import address, session, text, widgets
from duo_core.findings import ERROR, SEVERITIES, WARNING, select, severity_counts, with_province
from duo_core.insights.monitoring import for_provinces
from duo_core.lifecycle import retention
from duo_core.output import downloads

ds = session.dataset()
st.title("Datakwaliteit")
st.write("Elke melding zegt waar (bestand, tabblad, rij, kolom) en wat je moet verbeteren in het werkboek.")

with st.expander("Eigen werkboeken opladen", expanded=session.UPLOADS_KEY in st.session_state):
    files = st.file_uploader(
        "Werkboeken (.xlsx), één per provincie",
        type=["xlsx", "xlsm"],
        accept_multiple_files=True,
        key=session.UPLOADER_KEY,
        help="Opgeladen werkboeken blijven enkel in het geheugen van deze sessie; er wordt niets bewaard.",
    )
    if session.store_uploads(files):
        st.rerun()
    if session.UPLOADS_KEY in st.session_state:
        st.button("Terug naar de standaardgegevens", on_click=session.clear_uploads, key="clear_uploads")

findings = with_province(ds.findings, ds.sources)
c1, c2, c3 = st.columns(3)
provinces = address.province_filter(c1, ds.provinces, key="dq_provinces")  # shared with the other pages
sheets = c2.multiselect("Tabblad", sorted(findings["sheet"].dropna().unique()), key="dq_sheets", placeholder="Alle")
address.choices_from_address("ernst", "dq_severity", list(SEVERITIES))  # from Overzicht: "Toon de fouten"
severities = c3.multiselect("Ernst", list(SEVERITIES), key="dq_severity", placeholder="Alle")
address.keep_in_address({"ernst": severities})
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
    "row": st.column_config.NumberColumn("Rij", format="%d", width=90),  # up to 1048576 (Excel's last row)
    "column": "Kolom",
    "severity": "Ernst",
    "message": "Wat verbeteren",
}
table = shown[list(labels)]


def _open_finding() -> None:
    rows = st.session_state["dq_table"].selection.rows
    st.session_state["dq_open"] = rows[0] if rows else None


widgets.table(table, hide_index=True, key="dq_table", column_config=labels, width="stretch", on_select=_open_finding,
             selection_mode="single-row")
opened = st.session_state.get("dq_open")
if opened is not None and opened < len(table):
    f = table.iloc[opened]
    where = ", ".join(str(x) for x in (f["file"], f["sheet"], None if pd.isna(f["row"]) else f"rij {f['row']}",
                                        f["column"]) if isinstance(x, str) and x)
    with st.container(border=True):
        st.markdown(f"**{text.plain(where)}** ({text.plain(f['severity'])})")
        st.write(text.plain(f["message"]))
else:
    st.write("Klik een melding om ze volledig te lezen.")
widgets.download("Meldingen downloaden (Excel)", downloads.findings(shown), "datakwaliteit.xlsx", key="dq_download")

months = session.config().retention_months
st.header("Bewaartermijn verstreken")
expired = retention.expired(for_provinces(ds, provinces), months=months)
st.write(f"Gestopt meer dan {months} maanden geleden (instelbaar in duo.toml: [privacy] retention_months): "
         f"{len(expired)} rijen. Verwijder ze uit het werkboek, of vergeet de persoon op de pagina Privacy.")
if len(expired):
    retention_labels = {"kind": "Soort", "key": "Sleutel", "province": "Provincie",
                        "since": st.column_config.DateColumn("Gestopt sinds", format="DD/MM/YYYY"),
                        "file": "Bestand", "sheet": "Tabblad", "row": st.column_config.NumberColumn("Rij", format="%d"),
                        "message": "Wat doen"}
    widgets.table(expired, hide_index=True, key="retention_table", width="stretch", column_config=retention_labels)
    widgets.download("Bewaartermijn verstreken downloaden (Excel)", retention.sheets(expired),
                     "bewaartermijn_verstreken.xlsx", key="retention_download")

st.header("Ingelezen werkboeken")
widgets.table(
    for_provinces(ds, provinces).sources.drop(columns=["engine"]),
    hide_index=True,
    key="dq_sources",
    column_config={
        "file": "Bestand",
        "province": "Provincie",
        "status": "Status",
        "participants": "Deelnemers",
        "volunteers": "Vrijwilligers",
        "duos": "Duo's",
        "coaches": "Contactcoaches",
        "errors": "Fouten",
        "warnings": "Waarschuwingen",
    },
)
