"""Match zoeken: the best volunteers for a participant, or the best waiting participants for a volunteer.

The filters that depend on the person (the provinces) and the chosen candidate belong to that person:
choosing someone else starts from their own province and their best candidate, never from the previous
person's choices. The table, the map and a keyboard-friendly candidate list all choose the same
candidate, and the proposal form names the two people it will propose.
"""

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

import duo_core
from app_pages.ui import address, charts, feedback, journaling, privacy, session, text, widgets
from duo_core import formatting
from duo_core.lifecycle import views
from duo_core.output import downloads, images, match_sheet

ds = session.dataset()
st.title("Match zoeken")


def _options(people: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    """The select box's keys (sorted by label) and their labels."""
    options = views.person_options(people)
    return options["key"].tolist(), dict(zip(options["key"], options["label"], strict=True))


FORWARD = "Deelnemer → vrijwilligers"
BACKWARD = "Vrijwilliger → wachtende deelnemers"
address.person_from_address(ds)  # ?deelnemer=... or ?vrijwilliger=... (a waiting-list row, a shared link)
direction = st.radio("Richting", [FORWARD, BACKWARD], horizontal=True, key="direction")
for_participant = direction == FORWARD
people = ds.participants if for_participant else ds.volunteers
# Built once per data version, shared by the sessions that see the same data (never modified).
option_keys, labels = session.derived("person_options", (for_participant,), lambda: _options(people))
person_key = "person_p" if for_participant else "person_v"


@journaling.current_fragment
def chosen_person() -> None:
    """The person, then their candidates, filters, map and explanation: a choice here reruns only this part.

    An action taken elsewhere since the page was drawn (a proposal in another session) shows at the next click
    here too: the whole page is drawn again then (:func:`journaling.current_fragment`). The person and what
    belongs to them are this page's globals, for the functions below.
    """
    global person, person_name, own_province, scope, rank, CANDIDATE, TABLE_VERSION, why_not
    if st.session_state.get(person_key) not in labels:
        st.session_state.pop(person_key, None)
    person = st.selectbox(
        "Deelnemer" if for_participant else "Vrijwilliger",
        option_keys,
        format_func=labels.get,
        index=None,
        placeholder="Typ een naam, ID of gemeente…",
        key=person_key,
    )
    # exactly what is on screen: the person of this direction, never the other direction's earlier choice
    address.keep_in_address({"deelnemer": person if for_participant else None,
                             "vrijwilliger": None if for_participant else person})
    if person is None:
        st.info("Kies een persoon om kandidaten te zien.")
        return

    person_name = labels[person].split(" (")[0]
    why_not = duo_core.standing(ds, person, participant=for_participant)
    if why_not:
        st.warning(text.plain(f"{person_name}: {why_not} Er wordt niemand voorgesteld."), icon=":material/block:")

    own_province = person.split("/")[0]
    scope = f"{'p' if for_participant else 'v'}::{person}"  # widgets that belong to this person
    rank = duo_core.rank_volunteers if for_participant else duo_core.rank_participants
    CANDIDATE = f"candidate::{scope}"
    for kept in [k for k in st.session_state if k.startswith("candidate::") and "::box::" not in k and k != CANDIDATE]:
        del st.session_state[kept]  # another person's choice: a person chosen again starts from the best candidate
    TABLE_VERSION = f"table_version::{scope}"
    results()


def _select_from_table(keys: list[str], table_key: str) -> None:
    clicked = widgets.clicked_row(table_key, keys)
    if clicked is not None:
        st.session_state[CANDIDATE] = clicked


def _select_from_map(keys: list[str]) -> None:
    found = st.session_state["ranking_map"].selection.objects
    objects = found.get("candidates", []) or found.get("excluded", [])
    if objects and objects[0]["key"] in keys:
        st.session_state[CANDIDATE] = objects[0]["key"]
        _clear_table_selection()


def _chosen_in_box(box: str) -> None:
    st.session_state[CANDIDATE] = st.session_state[box]
    _clear_table_selection()


def _clear_table_selection() -> None:
    """The candidate was chosen elsewhere: the table starts without a highlighted row (it never shows another)."""
    st.session_state[TABLE_VERSION] = st.session_state.get(TABLE_VERSION, 0) + 1


def _filters() -> tuple[dict, bool, duo_core.Weights]:
    """Distance, score, provinces, excluded and weights: below the candidates (the person's choice comes first)."""
    st.header("Filters en gewichten")
    c1, c2, c3, c4 = st.columns([1, 1, 2, 1])
    max_km = c1.slider("Max. afstand (km)", 1, 100, 100, key="max_km", help="100 = geen grens")
    min_score = c2.slider("Minimale score", 0, 100, 0, key="min_score")
    loaded = ds.provinces
    provinces = c3.multiselect("Provincies", loaded, default=[own_province] if own_province in loaded else [],
                               key=f"provinces::{scope}", placeholder="Eigen provincie")
    show_excluded = c4.toggle("Toon uitgeslotenen", key="show_excluded")
    weights = widgets.weight_sliders("match")
    filters = {"provinces": provinces or [own_province], "min_score": min_score}
    if max_km < 100:
        filters["max_distance_km"] = max_km
    return filters, show_excluded, weights


#: The ranking's columns in view and their widths (px) fit a 390-pixel phone: no sideways scrolling inside the
#: table. The others can be shown with the table's own column menu and are all in the shortlist download.
SHOWN = {True: ["name", "score", "distance_shown"], False: ["name", "score", "waiting_days"]}
MORE = ["municipality", "province", "shared"]
WIDTHS = {"name": 130, "score": 100, "distance_shown": 90, "waiting_days": 90}


def results() -> None:
    """The candidates right after the person, then filters, map and explanation."""
    candidates = st.container()  # filled once the filters below are read: first in the page and in Tab order
    filters, show_excluded, weights = _filters()
    chosen_weights = tuple(weights.to_dict().items())
    ranking_key = (for_participant, person, chosen_weights, show_excluded, tuple(filters["provinces"]),
                   filters["min_score"], filters.get("max_distance_km"))
    ranking = session.derived("ranking", ranking_key, lambda: rank(ds, person, weights, include_excluded=show_excluded,
                                                                   details=True, **filters))
    keys = ranking["key"].tolist()
    if keys and st.session_state.get(CANDIDATE) not in keys:
        st.session_state[CANDIDATE] = keys[0]  # the best candidate of this ranking
    # who looked: the person, and the pair explained below, noted in one write before either is drawn
    looked = [("profiel", [person], "")]
    if keys:
        p_key, v_key = _pair(st.session_state[CANDIDATE])
        looked.append(("uitleg", [p_key, v_key], f"{p_key} + {v_key}"))
    privacy.record_all(looked)
    with candidates:
        chosen, names = _candidates(ranking, ranking_key, keys, show_excluded, filters, weights)
    if chosen is None:
        return
    _map(ranking, ranking_key, chosen, keys, filters)
    _explanation(chosen, names, weights, chosen_weights)


def _candidates(ranking: pd.DataFrame, ranking_key: tuple, keys: list[str], show_excluded: bool, filters: dict,
                weights: duo_core.Weights):
    """The count, the keyboard-friendly candidate list and the table of ``ranking`` (rows ``keys``); ``(chosen, names)``."""
    eligible = int(ranking["eligible"].sum())
    count = formatting.count_text(eligible, "geschikte kandidaat", "geschikte kandidaten")
    st.write(count + (f", {len(ranking) - eligible} uitgesloten" if show_excluded else ""))
    if ranking.empty:
        if not feedback.show_flash("propose") and not why_not:  # a person who cannot be matched: said above
            st.warning("Geen kandidaten met deze filters. Verruim de afstand of de provincies, of toon de "
                       "uitgeslotenen.")
        return None, {}
    view = session.derived("ranking_view", ranking_key, lambda: views.for_screen(ranking.assign(
        shared=[", ".join(s) for s in ranking["shared_interests"]],
        why=[" ".join(r) for r in ranking["reasons"]],
        distance_shown=ranking["distance_km"],
    ), {"score": 0, "distance_shown": 1}))
    shown = SHOWN[for_participant] + (["why"] if show_excluded else [])
    names = dict(zip(view["key"], view["name"], strict=True))
    scores = dict(zip(view["key"], view["score"], strict=True))
    # The box's labels hold the scores, which change with the weights and filters; Streamlit keeps a box's choice
    # by its label, so the box is a new one per ranking, set to the candidate kept in CANDIDATE.
    box = f"{CANDIDATE}::box::{hash(ranking_key)}"
    if st.session_state.get(box) != st.session_state[CANDIDATE]:
        st.session_state[box] = st.session_state[CANDIDATE]
    chosen = st.selectbox(
        "Kandidaat (of vink een rij aan in de tabel, of klik een punt op de kaart)", keys, key=box,
        format_func=lambda k: f"{names[k]} – " + ("uitgesloten" if pd.isna(scores[k]) else f"score {scores[k]:.0f}"),
        on_change=_chosen_in_box, args=(box,),
    )
    table_key = f"ranking_table::{scope}::{st.session_state.get(TABLE_VERSION, 0)}"
    widgets.table(
        view[[*shown, *(c for c in ["distance_shown", "waiting_days", *MORE] if c in view.columns and c not in shown)]],
        hide_index=True,
        key=table_key,
        on_select=lambda: _select_from_table(keys, table_key),
        selection_mode="single-row",
        width="stretch",
        column_order=shown,
        column_config={
            "name": st.column_config.TextColumn("Naam", width=WIDTHS["name"]),
            "municipality": "Gemeente",
            "province": "Provincie",
            "score": st.column_config.ProgressColumn("Score", format="%.0f", min_value=0, max_value=100,
                                                     color=widgets.SCORE_COLOR, width=WIDTHS["score"]),
            "distance_shown": st.column_config.NumberColumn("Afstand (km)", format="localized",
                                                            width=WIDTHS["distance_shown"]),
            "waiting_days": st.column_config.NumberColumn("Wacht (dagen)", format="localized",
                                                          width=WIDTHS["waiting_days"]),
            "shared": "Gedeelde interesses",
            "why": "Waarom uitgesloten",
        },
    )
    d1, d2 = st.columns(2)
    with d1:
        widgets.download("Shortlist downloaden (Excel)", lambda: downloads.shortlist(ranking, for_participant),
                         widgets.file_name("shortlist", person), key="shortlist_download", people=[person, *keys])
    sheet_name = widgets.file_name("match", person, ".pdf")
    widgets.report(d2, "Afdrukbare pagina (PDF)", privacy.logged(lambda: match_sheet.match_sheet_pdf(
        ds, person, for_participant, ranking, weights, chosen=chosen, provinces=filters["provinces"],
        max_distance_km=filters.get("max_distance_km"), min_score=filters["min_score"]), "export",
        match_sheet.printed_keys(person, ranking, chosen), sheet_name), sheet_name, key="match_sheet")
    return chosen, names


MAP_TOOLTIP = {"text": "{name}\n{score_text}\n{distance_text}"}


def _ranking_map(ranking: pd.DataFrame, filters: dict) -> tuple[dict, dict[str, dict], tuple] | None:
    """The map of this ranking without its chosen candidate (:func:`_with_chosen` rings it), made once per ranking.

    Returns the map's structure, each candidate's point by key and the legend's arguments; ``None`` when no
    point has coordinates.
    """
    points = views.map_points(ds, person, ranking, for_participant).to_dict("records")  # once, not per layer
    lo, hi = views.score_range(ranking["score"])
    radius = views.travel_radius_km(ds, person, for_participant, filters.get("max_distance_km"))
    me = [p for p in points if p["key"] == person]
    others = [p for p in points if p["key"] != person]
    center = me[0] if me else points[0] if points else None
    if center is None:
        return None
    layers = []
    if radius and me:
        layers.append(pdk.Layer(
            "ScatterplotLayer", id="radius", data=me, get_position=["lon", "lat"], get_radius=radius * 1000,
            stroked=True, filled=False, get_line_color=views.PERSON_COLOR, line_width_min_pixels=2,
        ))
    layers.append(pdk.Layer(  # the chosen candidate: a thick black ring around its point
        "ScatterplotLayer", id="chosen", data=[p for p in others if p["chosen"]], get_position=["lon", "lat"],
        stroked=True, filled=False, get_line_color=views.CHOSEN_COLOR, line_width_min_pixels=3, get_radius=1100,
        radius_min_pixels=11,
    ))
    layers.append(pdk.Layer(
        "ScatterplotLayer", id="candidates", data=[p for p in others if not p["excluded"]], get_position=["lon", "lat"],
        get_fill_color="color", get_line_color=[40, 40, 40], stroked=True, line_width_min_pixels=1, get_radius=600,
        radius_min_pixels=5, pickable=True, auto_highlight=True,
    ))
    layers.append(pdk.Layer(  # excluded: an open red ring, told apart by its shape, not only by its colour
        "ScatterplotLayer", id="excluded", data=[p for p in others if p["excluded"]], get_position=["lon", "lat"],
        stroked=True, filled=False, get_line_color="color", line_width_min_pixels=2, get_radius=600,
        radius_min_pixels=5, pickable=True, auto_highlight=True,
    ))
    layers.append(pdk.Layer(
        "ScatterplotLayer", id="person", data=me, get_position=["lon", "lat"], get_fill_color="color",
        get_radius=900, radius_min_pixels=8, pickable=True,
    ))
    spec = widgets.map_spec(
        layers, session.config().tiles,
        initial_view_state=pdk.ViewState(latitude=float(center["lat"]), longitude=float(center["lon"]), zoom=9.5),
    )
    by_key = {p["key"]: p for layer in spec["layers"] if layer["id"] in ("candidates", "excluded")
              for p in layer["data"]}
    return spec, by_key, (lo, hi, radius, any(p["excluded"] for p in others))


def _with_chosen(spec: dict, by_key: dict[str, dict], chosen: str) -> dict:
    """The map of :func:`_ranking_map` with ``chosen`` ringed, marked and on top (the cached structure is not modified)."""
    point = by_key.get(chosen)
    if point is None:
        return spec
    marked = {**point, "chosen": True}

    def layer(found: dict) -> dict:
        if found["id"] == "chosen":
            return {**found, "data": [marked]}
        if found["id"] in ("candidates", "excluded") and any(p is point for p in found["data"]):
            # last, so drawn over candidates at the same postcode: the ring is around the chosen one's colour
            return {**found, "data": [*(p for p in found["data"] if p is not point), marked]}
        return found

    return {**spec, "layers": [layer(found) for found in spec["layers"]]}


def _map(ranking: pd.DataFrame, ranking_key: tuple, chosen: str, keys: list[str], filters: dict) -> None:
    """The map of the person and the candidates; a click on a point chooses that candidate."""
    drawn = session.derived("ranking_map", (*ranking_key, session.config().tiles),
                            lambda: _ranking_map(ranking, filters))
    if drawn is None:
        st.write("Geen postcodes om op de kaart te tonen.")
        return
    spec, by_key, legend = drawn
    st.pydeck_chart(widgets.ReadyDeck(_with_chosen(spec, by_key, chosen), MAP_TOOLTIP),
                    on_select=lambda: _select_from_map(keys), selection_mode="single-object", key="ranking_map",
                    height=420)
    widgets.map_legend(*legend)
    lo, hi, radius, _ = legend
    widgets.picture("Kaart downloaden (PNG)", lambda: images.candidate_map(
        views.map_points(ds, person, ranking, for_participant, chosen=chosen), lo, hi, radius),
        widgets.file_name("kaart_kandidaten", person, ".png"), key="map_picture", people=[person, *by_key])


def _pair(candidate: str) -> tuple[str, str]:
    """``(participant key, volunteer key)`` of the person and ``candidate``."""
    return (person, candidate) if for_participant else (candidate, person)


def _explanation(chosen: str, names: dict[str, str], weights: duo_core.Weights, chosen_weights: tuple) -> None:
    """Why this candidate: the points per criterion, the two profiles side by side, and the proposal form."""
    st.header("Waarom deze kandidaat?")
    p_key, v_key = _pair(chosen)  # noted in the access log by results(), before anything of theirs was drawn
    explanation = session.derived("explanation", (p_key, v_key, chosen_weights),
                                  lambda: duo_core.explain_match(ds, p_key, v_key, weights))
    st.markdown(f"**{text.plain(names[chosen])}**: score {formatting.number(explanation.total, 0)} van 100")
    if explanation.exclusions:
        st.error("Uitgesloten:\n\n" + "\n".join(f"- {text.plain(s)}" for s in explanation.exclusions))
    left, right = st.columns(2)
    profile = session.derived("profile_rows", (p_key, v_key), lambda: views.profile_rows(ds, p_key, v_key))
    profile_table, fig, parts_table = session.derived("explanation_view", (p_key, v_key, chosen_weights),
                                                      lambda: _explanation_view(profile, explanation))
    left.table(profile_table)
    right.plotly_chart(fig, key="waterfall", config=images.plotly_config("uitleg_score", zoom=False))
    st.table(parts_table)
    if not feedback.show_flash("propose"):  # the confirmation appears where the form was
        propose_form(p_key, v_key, explanation, weights)


def _explanation_view(profile: pd.DataFrame, explanation: duo_core.MatchExplanation
                      ) -> tuple[pd.DataFrame, go.Figure, pd.DataFrame]:
    """The profiles side by side, the points per criterion as a waterfall and as a table (made once per pair)."""
    profile_table = text.plain_table(pd.DataFrame(
        {"Deelnemer": profile["participant"].array, "Vrijwilliger": profile["volunteer"].array,
         "Gedeeld": profile["shared"].array}, index=pd.Index(profile["label"].array, name="")))
    steps = [row for row in explanation.to_records() if row["step"] != "start"]
    # a figure from plain values without plotly's validation of each property: the same figure, a third of the cost
    fig = charts.ReadyFigure(go.Figure({"data": [{
        "type": "waterfall", "x": [s["label"] for s in steps], "y": [s["points"] for s in steps],
        "measure": ["relative"] * (len(steps) - 1) + ["total"],
        "text": [formatting.number(s["points"], 0 if s["step"] == "total" else 1) for s in steps],
        "hovertext": [text.chart(s["sentence"]) for s in steps],
        "hovertemplate": "%{x}: %{text} punten<br>%{hovertext}<extra></extra>",
        "increasing": {"marker": {"color": widgets.SCORE_COLOR}}, "totals": {"marker": {"color": "#0b3d66"}},
    }], "layout": {"title": {"text": "Punten per criterium"}, "yaxis": {"range": [0, 100]}, "height": 360,
                   "margin": {"t": 40, "b": 10}, "separators": ",."}}, _validate=False))
    parts = explanation.components
    parts_table = text.plain_table(pd.DataFrame({
        "Punten": [formatting.number(c.points, 1) for c in parts],
        "Max.": [formatting.number(c.max_points, 0) for c in parts], "Uitleg": [c.sentence for c in parts],
    }, index=pd.Index([c.label for c in parts], name="Criterium")))
    return profile_table, fig, parts_table


def propose_form(p_key: str, v_key: str, explanation: duo_core.MatchExplanation, weights: duo_core.Weights) -> None:
    """Record this pair as a proposal (it reserves both people); the form names both."""
    actions = journaling.lifecycle()
    if actions is None or not actions.may("propose") or not explanation.eligible:
        return
    pair = f"{views.full_name(ds.participants_by_key.loc[p_key])} + {views.full_name(ds.volunteers_by_key.loc[v_key])}"
    with st.form(f"propose_form::{p_key}::{v_key}", clear_on_submit=True, border=True):
        st.markdown(f"**Voorstel: {text.plain(pair)}**")
        st.write("Beide personen worden gereserveerd tot het voorstel verder gaat of geannuleerd wordt.")
        note = st.text_input("Korte notitie (optioneel)", max_chars=200, key="propose_note")
        if st.form_submit_button("Voorstel vastleggen", type="primary", icon=":material/handshake:"):
            journaling.run_action(journaling.proposed(pair), actions.propose, p_key, v_key, note, weights=weights,
                              place="propose")


chosen_person()
