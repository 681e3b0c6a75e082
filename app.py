"""Entry point of the Duowerking matching dashboard: ``streamlit run app.py``.

Sets up the shared state of every run (configuration, dataset, data source) and the navigation; the
pages in ``app_pages/`` only lay out widgets and call ``duo_core``.
"""

import streamlit as st

import duo_core
from app_pages import common

st.set_page_config(page_title="Duowerking matching", page_icon=":material/handshake:", layout="wide")

try:
    config = duo_core.load_config()
except ValueError as exc:
    st.error(str(exc))
    st.stop()

ds, source = common.load(config, st.session_state.get(common.UPLOADS_KEY))
st.session_state[common.DS_KEY] = ds
st.session_state[common.CONFIG_KEY] = config
st.session_state[common.SOURCE_KEY] = source

pages = {
    "overzicht": st.Page("app_pages/overzicht.py", title="Overzicht", icon=":material/home:", url_path="overzicht", default=True),
    "match": st.Page("app_pages/match_zoeken.py", title="Match zoeken", icon=":material/person_search:", url_path="match_zoeken"),
    "wachtlijst": st.Page("app_pages/wachtlijst.py", title="Wachtlijst", icon=":material/hourglass_top:", url_path="wachtlijst"),
    "coaches": st.Page("app_pages/contactcoaches.py", title="Contactcoaches", icon=":material/support_agent:", url_path="contactcoaches"),
    "monitoring": st.Page("app_pages/monitoring.py", title="Monitoring", icon=":material/monitoring:", url_path="monitoring"),
    "kwaliteit": st.Page("app_pages/datakwaliteit.py", title="Datakwaliteit", icon=":material/rule:", url_path="datakwaliteit"),
}
page = st.navigation(list(pages.values()))

with st.sidebar:
    st.caption("Gegevens")
    st.write(common.plain(source.label))
    if source.kind == "demo":
        st.caption("Demo: fictieve personen, gegenereerd voor deze toepassing.")
    st.caption(f"Ingelezen om {source.loaded_at:%H:%M} op {source.loaded_at:%d/%m/%Y}")
    errors = int((ds.findings["severity"] == "fout").sum())
    warnings = int((ds.findings["severity"] == "waarschuwing").sum())
    st.write(f"{errors} fouten en {warnings} waarschuwingen in de gegevens")
    st.page_link(pages["kwaliteit"], label="Naar Datakwaliteit", icon=":material/rule:")

page.run()
