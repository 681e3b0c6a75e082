"""Wachtlijst: who waits, why nobody fits, where to recruit, and a proposal for the whole list."""

import hashlib

import pandas as pd
import pydeck as pdk
import streamlit as st

import duo_core
from app_pages.ui import address, feedback, journaling, session, text, widgets
from duo_core import addressing, formatting
from duo_core.lifecycle import views
from duo_core.output import downloads, images

ds = session.dataset()
config = session.config()
st.title("Wachtlijst")
weights = widgets.weight_sliders("wait")

# Computed once per data version, journal version and weights, shared by the sessions that see the same (never modified).
chosen = (tuple(weights.to_dict().items()), config.stale_after_days)
waiting = session.derived("waiting_list", chosen,
                          lambda: duo_core.waiting_list(ds, weights, stale_after_days=config.stale_after_days))
prediction = session.derived("predicted_waiting", (), lambda: duo_core.predicted_waiting(ds))
counts = duo_core.waiting_counts(waiting)
c1, c2, c3, c4 = st.columns(4)
c1.metric("Wachtende deelnemers", counts["waiting"])
c2.metric("Al voorgesteld", counts["proposed"])
c3.metric("Zonder geschikte vrijwilliger", counts["without_volunteer"])
c4.metric("Opnieuw bellen (oude aanmelding)", counts["stale"])

f1, f2 = st.columns([3, 1])
provinces = address.province_filter(f1, ds.provinces, key="wait_provinces")
address.days_from_address("wacht", "wait_longer", addressing.MAX_DAYS)  # ?wacht=365 (a link from Overzicht)
longer = f2.number_input("Wacht langer dan (dagen)", min_value=0, max_value=addressing.MAX_DAYS, step=30,
                         key="wait_longer")
address.keep_in_address({"wacht": longer or None})
shown = session.derived("waiting_shown", (*chosen, tuple(provinces), longer),
                        lambda: duo_core.select_waiting(waiting, provinces, longer))
if longer:
    st.write(f"{formatting.count_text(len(shown), 'deelnemer wacht', 'deelnemers wachten')} langer dan "
             f"{formatting.number(longer)} dagen.")
view = session.derived("waiting_view", (*chosen, tuple(provinces), longer), lambda: views.for_screen(
    shown.assign(reasons=[" ".join(r) for r in shown["main_reasons"]], waiting_shown=shown["waiting_days"]),
    {"best_score": 0}, ["stale"]))
columns = {
    "name": "Naam",
    "municipality": "Gemeente",
    "province": "Provincie",
    "waiting_shown": st.column_config.NumberColumn("Wacht (dagen)", format="localized"),
    "eligible_volunteers": "Geschikte vrijwilligers",
    "best_score": st.column_config.ProgressColumn("Beste score", format="%.0f", min_value=0, max_value=100,
                                                  color=widgets.SCORE_COLOR),
    "reasons": "Waarom niemand past",
    "stale": "Bellen",
}
keys, names, table = session.derived("waiting_table", (*chosen, tuple(provinces), longer), lambda: (
    view["key"].tolist(), dict(zip(view["key"], view["name"], strict=True)), view[list(columns)]))


def _pick_from_table() -> None:
    clicked = widgets.clicked_row("waiting_table", keys)
    if clicked is not None:
        st.session_state["wait_person"] = clicked


widgets.table(table, hide_index=True, key="waiting_table", column_config=columns, width="stretch",
             on_select=_pick_from_table, selection_mode="single-row")
if keys:
    if st.session_state.get("wait_person") not in keys:
        st.session_state.pop("wait_person", None)
    picked = st.selectbox("Bekijk een deelnemer (of vink een rij aan)", keys, format_func=names.get, index=None,
                          key="wait_person", placeholder="Kies een deelnemer…")
    if picked is not None:
        row = view.set_index("key").loc[picked]
        fits = formatting.count_text(int(row["eligible_volunteers"]), "geschikte vrijwilliger", "geschikte vrijwilligers")
        with st.container(border=True):
            st.markdown(f"**{text.plain(row['name'])}** ({text.plain(row['municipality'] or '')}, "
                        f"{text.plain(row['province'])}): wacht {formatting.number(row['waiting_days'])} dagen, "
                        f"{fits}.")
            for reason in row["main_reasons"]:
                st.markdown(f"- {text.plain(reason)}")
            st.page_link("app_pages/match_zoeken.py", label="Zoek een match voor deze deelnemer",
                         icon=":material/person_search:", query_params={"deelnemer": picked})
widgets.download("Wachtlijst downloaden (Excel)", lambda: downloads.waiting_list(shown), "wachtlijst.xlsx",
                 key="waiting_download", people=shown["key"])

st.header("Verwachte wachttijd")
st.write("Wachtlijst gedeeld door het aantal nieuwe duo's per maand (de nieuwe duo's van de laatste 12 maanden "
         "gedeeld door 12).")
# A static table with short headers that wrap between words: the expected waiting time fits a phone's width.
with st.container(key="predicted_waiting"):
    st.table(session.derived("predicted_waiting_table", (), lambda: text.plain_table(pd.DataFrame({
        "Provincie": prediction["province"],
        "Verwachte wachttijd (maanden)": [formatting.number(m) for m in prediction["predicted_months"]],
        "Wachtend": [formatting.number(n) for n in prediction["waiting"]],
        "Nieuwe duo's (12 mnd)": [formatting.number(n) for n in prediction["new_duos_12m"]],
    }).set_index("Provincie"))))

st.header("Waar vrijwilligers werven?")
gaps = session.derived("recruitment_gaps", chosen, lambda: duo_core.recruitment_gaps(ds, weights, waiting=waiting))
gaps = gaps[gaps["lat"].notna()]

GAP_TOOLTIP = {"text": "{municipality}: {without_volunteer} van {waiting} wachtenden zonder vrijwilliger"}


def _gap_map() -> dict | None:
    """The recruitment map (made once per data version and weights): municipalities without a fitting volunteer."""
    with_gap = gaps[gaps["without_volunteer"] > 0]
    if not len(with_gap):
        return None
    return widgets.map_spec(
        [
            pdk.Layer(
                "ScatterplotLayer", id="gaps", data=with_gap[["municipality", "province", "lat", "lon",
                                                              "without_volunteer", "waiting"]],
                get_position=["lon", "lat"], get_radius="without_volunteer * 1500", radius_min_pixels=4,
                get_fill_color=views.GAP_COLOR, pickable=True,
            )
        ],
        config.tiles,
        initial_view_state=pdk.ViewState(latitude=51.0, longitude=4.3, zoom=7.3),
    )


gap_map = session.derived("gap_map", (*chosen, config.tiles), _gap_map)
if gap_map is not None:
    st.pydeck_chart(widgets.ReadyDeck(gap_map, GAP_TOOLTIP), key="gap_map", height=380)
    widgets.recruitment_legend()
    widgets.picture("Kaart downloaden (PNG)", lambda: images.recruitment_map(gaps[gaps["without_volunteer"] > 0]), "kaart_vrijwilligers_werven.png",
                    key="gap_map_picture")
widgets.table(
    gaps[["province", "municipality", "waiting", "without_volunteer", "free_volunteers"]].head(25),
    hide_index=True,
    key="gap_table",
    column_config={
        "province": "Provincie",
        "municipality": "Gemeente",
        "waiting": "Wachtend",
        "without_volunteer": "Zonder geschikte vrijwilliger",
        "free_volunteers": "Vrije vrijwilligers daar",
    },
)

st.header("Voorstel voor de hele wachtlijst (proefrun)")
st.write("De combinatie van duo's met de hoogste totale score, binnen elke provincie. Er wordt niets opgeslagen.")
proposal = session.derived("proposal", (chosen[0], tuple(provinces)),
                           lambda: duo_core.propose_assignment(ds, weights, provinces=provinces or "alle"))
s = proposal.summary
m1, m2, m3, m4 = st.columns(4)
m1.metric("Voorgestelde duo's", s.pairs, delta=s.pairs - s.greedy_pairs, help="Verschil met één-voor-één matchen")
m2.metric("Totale score", formatting.number(s.total_score), delta=formatting.number(s.gain))
m3.metric("Blijven wachten", s.unmatched)
m4.metric("Gem. wachttijd gematcht (dagen)", "–" if s.pairs == 0 else formatting.number(s.mean_waiting_days))
st.write(
    f"Eén voor één matchen (langst wachtende eerst) geeft {formatting.number(s.greedy_pairs)} duo's met totale score "
    f"{formatting.number(s.greedy_total_score)}."
)
pair_labels = {
    "participant_name": "Deelnemer",
    "volunteer_name": "Vrijwilliger",
    "province": "Provincie",
    "score": st.column_config.ProgressColumn("Score", format="%.0f", min_value=0, max_value=100,
                                             color=widgets.SCORE_COLOR),
    "distance_km": st.column_config.NumberColumn("Afstand (km)", format="localized"),
    "waiting_days": st.column_config.NumberColumn("Wacht (dagen)", format="localized"),
}
widgets.table(session.derived("proposal_view", (chosen[0], tuple(provinces)), lambda: views.for_screen(
    proposal.pairs[list(pair_labels)], {"score": 0, "distance_km": 1, "waiting_days": 0})),
             hide_index=True, key="proposal_table", column_config=pair_labels, width="stretch")
actions = journaling.lifecycle()
if actions is not None and actions.may("propose") and len(proposal.pairs):
    pairs = proposal.pairs.reset_index(drop=True)
    feedback.show_flash("wait_propose")  # the confirmation stands where the form is, not at the top of the page
    with st.form("wait_propose_form"):
        st.markdown("**Een duo uit dit voorstel vastleggen**")
        pair_labels, version = session.derived("proposal_labels", (chosen[0], tuple(provinces)), lambda: (
            [f"{p} + {v} ({score:.0f})" for p, v, score in
             zip(pairs["participant_name"], pairs["volunteer_name"], pairs["score"], strict=True)],
            hashlib.sha1("|".join(pairs["participant_key"] + "+" + pairs["volunteer_key"]).encode()).hexdigest()[:12]))
        # a box of its own per proposal: after a step the proposed pair leaves it, and a box kept across proposals
        # went on showing that pair in the browser while a second press proposed the new first pair
        pick = st.selectbox("Duo", list(range(len(pairs))), key=f"wait_form_pick::{version}",
                            format_func=pair_labels.__getitem__, placeholder="Kies een duo…")
        note = st.text_input("Korte notitie (optioneel)", max_chars=200, key="wait_form_note")
        if st.form_submit_button("Voorstel vastleggen", type="primary", icon=":material/handshake:"):
            pair = f"{pairs.at[pick, 'participant_name']} + {pairs.at[pick, 'volunteer_name']}"
            journaling.run_action(journaling.proposed(pair), actions.propose, pairs.at[pick, "participant_key"],
                                  pairs.at[pick, "volunteer_key"], note, place="wait_propose", scope="wait_form_")
widgets.download("Voorstel downloaden (Excel)", lambda: downloads.proposal(proposal.pairs, proposal.greedy),
                 "voorstel_wachtlijst.xlsx", key="proposal_download",
                 people=[*proposal.pairs["participant_key"], *proposal.pairs["volunteer_key"]])
