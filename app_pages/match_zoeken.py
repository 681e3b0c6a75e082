"""Match zoeken: the best volunteers for a participant, or the best waiting participants for a volunteer."""

import html

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

import duo_core
from app_pages import common
from duo_core import downloads, views

ds = common.dataset()
st.title("Match zoeken")

FORWARD = "Deelnemer → vrijwilligers"
BACKWARD = "Vrijwilliger → wachtende deelnemers"
direction = st.radio("Richting", [FORWARD, BACKWARD], horizontal=True, key="direction")
for_participant = direction == FORWARD
people = ds.participants if for_participant else ds.volunteers
options = views.person_options(people)
labels = dict(zip(options["key"], options["label"], strict=True))
person = st.selectbox(
    "Deelnemer" if for_participant else "Vrijwilliger",
    options["key"].tolist(),
    format_func=labels.get,
    index=None,
    placeholder="Typ een naam, ID of gemeente…",
    key="person_p" if for_participant else "person_v",
)
if person is None:
    st.info("Kies een persoon om kandidaten te zien.")
    st.stop()

own_province = person.split("/")[0]
c1, c2, c3, c4 = st.columns([1, 1, 2, 1])
max_km = c1.slider("Max. afstand (km)", 1, 100, 100, key="max_km", help="100 = geen grens")
min_score = c2.slider("Minimale score", 0, 100, 0, key="min_score")
provinces = c3.multiselect("Provincies", ds.provinces, default=[own_province], key="provinces",
                           placeholder="Eigen provincie")
show_excluded = c4.toggle("Toon uitgeslotenen", key="show_excluded")
weights = common.weight_sliders("match")

filters = {"provinces": provinces or [own_province], "min_score": min_score}
if max_km < 100:
    filters["max_distance_km"] = max_km
rank = duo_core.rank_volunteers if for_participant else duo_core.rank_participants
ranking = rank(ds, person, weights, include_excluded=show_excluded, details=True, **filters)
why_not = duo_core.standing(ds, person, participant=for_participant)
if why_not:
    st.warning(common.plain(f"{labels[person].split(' (')[0]}: {why_not} Er wordt niemand voorgesteld."),
               icon=":material/block:")

SELECTED = "selected_candidate"


def _select_from_table(keys: list[str]) -> None:
    rows = st.session_state["ranking_table"].selection.rows
    if rows:
        st.session_state[SELECTED] = keys[rows[0]]


def _select_from_map() -> None:
    objects = st.session_state["ranking_map"].selection.objects.get("candidates", [])
    if objects:
        st.session_state[SELECTED] = objects[0]["key"]


@st.fragment
def results(ranking: pd.DataFrame) -> None:
    """Table, map and explanation; a selection reruns only this fragment."""
    eligible = int(ranking["eligible"].sum())
    st.write(f"{eligible} geschikte kandidaten" + (f", {len(ranking) - eligible} uitgesloten" if show_excluded else ""))
    if ranking.empty:
        st.warning("Geen kandidaten met deze filters. Verruim de afstand of de provincies, of toon de uitgeslotenen.")
        return
    view = ranking.assign(
        shared=[", ".join(s) for s in ranking["shared_interests"]],
        why=[" ".join(r) for r in ranking["reasons"]],
    )
    columns = ["name", "municipality", "province", "score", "distance_km", "shared"]
    if not for_participant:
        columns.insert(5, "waiting_days")
    if show_excluded:
        columns.append("why")
    keys = view["key"].tolist()
    st.dataframe(
        view[columns],
        hide_index=True,
        key="ranking_table",
        on_select=lambda: _select_from_table(keys),
        selection_mode="single-row",
        width="stretch",
        column_config={
            "name": "Naam",
            "municipality": "Gemeente",
            "province": "Provincie",
            "score": st.column_config.ProgressColumn("Score", format="%.0f", min_value=0, max_value=100),
            "distance_km": st.column_config.NumberColumn("Afstand (km)", format="%.1f"),
            "waiting_days": st.column_config.NumberColumn("Wacht (dagen)", format="%.0f"),
            "shared": "Gedeelde interesses",
            "why": "Waarom uitgesloten",
        },
    )
    common.download("Shortlist downloaden (Excel)", downloads.shortlist(ranking, for_participant),
                    common.file_name("shortlist", person), key="shortlist_download")

    points = views.map_points(ds, person, ranking, for_participant)
    radius = views.travel_radius_km(ds, person, for_participant, filters.get("max_distance_km"))
    me = points[points["key"] == person]
    layers = []
    if radius and len(me):
        layers.append(pdk.Layer(
            "ScatterplotLayer", id="radius", data=me, get_position=["lon", "lat"], get_radius=radius * 1000,
            stroked=True, filled=False, get_line_color=[30, 100, 220], line_width_min_pixels=2,
        ))
    layers.append(pdk.Layer(
        "ScatterplotLayer", id="candidates", data=points[points["key"] != person], get_position=["lon", "lat"],
        get_fill_color="color", get_radius=600, radius_min_pixels=5, pickable=True, auto_highlight=True,
    ))
    layers.append(pdk.Layer(
        "ScatterplotLayer", id="person", data=me, get_position=["lon", "lat"], get_fill_color="color",
        get_radius=900, radius_min_pixels=8, pickable=True,
    ))
    center = me.iloc[0] if len(me) else points.iloc[0] if len(points) else None
    if center is not None:
        deck = pdk.Deck(
            layers=layers,
            initial_view_state=pdk.ViewState(latitude=float(center["lat"]), longitude=float(center["lon"]), zoom=9.5),
            tooltip={"text": "{name}\n{score_text}\n{distance_text}"},
        )
        st.pydeck_chart(deck, on_select=_select_from_map, selection_mode="single-object", key="ranking_map", height=420)
    else:
        st.caption("Geen postcodes om op de kaart te tonen.")

    selected = st.session_state.get(SELECTED)
    if selected not in keys:
        selected = keys[0]
    st.subheader("Waarom deze kandidaat?")
    st.caption("Klik een rij in de tabel of een punt op de kaart om een andere kandidaat te bekijken.")
    p_key, v_key = (person, selected) if for_participant else (selected, person)
    explanation = duo_core.explain_match(ds, p_key, v_key, weights)
    name = view.set_index("key").loc[selected, "name"]
    st.markdown(f"**{common.plain(name)}**: score {explanation.total:.0f} van 100")
    if explanation.exclusions:
        st.error("Uitgesloten:\n\n" + "\n".join(f"- {common.plain(s)}" for s in explanation.exclusions))
    left, right = st.columns(2)
    profile = views.profile_rows(ds, p_key, v_key)
    left.dataframe(
        profile.style.apply(
            lambda row: ["background-color: #d9f2d9" if row["shared"] else "" for _ in row], axis=1
        ),
        hide_index=True,
        key="profile_table",
        column_config={"label": "", "participant": "Deelnemer", "volunteer": "Vrijwilliger", "shared": "Gedeeld"},
    )
    frame = explanation.to_frame()
    steps = frame[frame["step"] != "start"]
    fig = go.Figure(go.Waterfall(
        x=steps["label"], y=steps["points"],
        measure=["relative"] * (len(steps) - 1) + ["total"],
        text=[f"{p:.1f}" for p in steps["points"]], hovertext=[html.escape(t) for t in steps["sentence"]],
    ))
    fig.update_layout(title="Punten per criterium", yaxis_range=[0, 100], height=360, margin={"t": 40, "b": 10})
    right.plotly_chart(fig, key="waterfall", config={"displayModeBar": False})
    st.dataframe(
        pd.DataFrame([c.to_dict() for c in explanation.components])[["label", "points", "max_points", "sentence"]],
        hide_index=True,
        key="explanation_table",
        column_config={
            "label": "Criterium",
            "points": st.column_config.NumberColumn("Punten", format="%.1f"),
            "max_points": st.column_config.NumberColumn("Max.", format="%.0f"),
            "sentence": "Uitleg",
        },
        width="stretch",
    )
    propose_form(p_key, v_key, explanation)


def propose_form(p_key: str, v_key: str, explanation: duo_core.MatchExplanation) -> None:
    """Record this pair as a proposal (it reserves both people)."""
    actions = common.lifecycle()
    if actions is None or not actions.may("propose") or not explanation.eligible:
        return
    with st.form("propose_form", clear_on_submit=True, border=True):
        st.markdown("**Dit duo voorstellen**: beide personen worden gereserveerd tot het voorstel verder gaat of "
                    "geannuleerd wordt.")
        note = st.text_input("Korte notitie (optioneel)", max_chars=200, key="propose_note")
        if st.form_submit_button("Voorstel vastleggen", type="primary", icon=":material/handshake:"):
            common.run_action(common.PROPOSED.format, actions.propose, p_key, v_key, note, weights=weights)


results(ranking)
