"""Entry point of the Duowerking matching dashboard: ``streamlit run app.py``."""

import streamlit as st

import duo_core

st.set_page_config(page_title="Duowerking matching", page_icon="🤝", layout="wide")
config = duo_core.load_config()
ds = duo_core.load_dataset(config.folder, config=config)
st.title("Duowerking matching")
st.metric("Meldingen in de gegevens", len(ds.findings))
