"""AppTests of issue 22 (screens, round two): what the maps draw and say, what the pages confirm."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

import duo_core
from app_pages.ui.text import plain
from duo_core import formatting
from tests.app.apptest import on_page, started


@pytest.fixture
def app(demo_workdir):
    return started()




def _layers(at: AppTest, key_part: str) -> dict[str, dict]:
    [deck] = [json.loads(d.proto.json) for d in at.get("deck_gl_json_chart") if key_part in d.proto.id]
    return {layer["id"]: layer for layer in deck["layers"]}


def _notes(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown if 'role="note"' in m.value)


def test_the_candidate_map_rings_the_excluded_and_the_chosen(app):
    at = on_page(app, "app_pages/match_zoeken.py")
    at.session_state["person_p"] = "Antwerpen/D0174"
    at.run()
    at.toggle(key="show_excluded").set_value(True).run()
    layers = _layers(at, "ranking_map")
    assert (layers["excluded"]["filled"], layers["excluded"]["stroked"]) == (False, True)
    assert (layers["chosen"]["filled"], layers["chosen"]["lineWidthMinPixels"]) == (False, 3)
    chosen = at.session_state["candidate::p::Antwerpen/D0174"]  # the candidate the box shows
    assert [p["key"] for p in layers["chosen"]["data"]] == [chosen]
    assert all(p["excluded"] for p in layers["excluded"]["data"]) and layers["excluded"]["data"]
    legend = _notes(at)
    assert "open rode ring = uitgesloten" in legend and "dikke zwarte ring = de gekozen kandidaat" in legend


def test_the_chosen_candidate_is_drawn_over_candidates_at_the_same_place(app):
    # Luc Stevens (Antwerpen/V0064, score 58, the best) lives in a postcode with other candidates: a point drawn
    # later covered his, and the ring stood around a point of another candidate's colour
    at = on_page(app, "app_pages/match_zoeken.py")
    at.session_state["person_p"] = "Antwerpen/D0174"
    at.run()
    chosen = at.session_state["candidate::p::Antwerpen/D0174"]
    points = _layers(at, "ranking_map")["candidates"]["data"]
    mine = next(p for p in points if p["key"] == chosen)
    same_place = [p["key"] for p in points if (p["lat"], p["lon"]) == (mine["lat"], mine["lon"])]
    assert (chosen, len(same_place) > 1, points[-1]["key"], points[-1]["chosen"]) == ("Antwerpen/V0064", True, chosen,
                                                                                      True)


def test_the_recruitment_map_has_a_legend(app):
    at = on_page(app, "app_pages/wachtlijst.py")
    assert "een gemeente met wachtende deelnemers voor wie geen geschikte vrijwilliger is" in _notes(at)


def test_the_whole_list_proposal_writes_its_scores_as_flemish_numbers(app):
    at = on_page(app, "app_pages/wachtlijst.py")
    s = duo_core.propose_assignment(at.session_state["dataset"], duo_core.Weights(), provinces="alle").summary
    assert s.total_score >= 1000 and s.greedy_total_score >= 1000 and s.gain >= 1000  # a thousands separator shows
    [total] = [m for m in at.metric if m.label == "Totale score"]
    assert (total.value, total.delta) == (formatting.number(s.total_score), formatting.number(s.gain))
    sentence = f"{formatting.number(s.greedy_pairs)} duo's met totale score {formatting.number(s.greedy_total_score)}."
    assert [m.value for m in at.markdown if m.value.startswith("Eén voor één matchen")] == [
        f"Eén voor één matchen (langst wachtende eerst) geeft {sentence}"]


def test_the_active_duos_of_overzicht_are_the_active_and_the_introduced_of_lopende_duos(app):
    at = on_page(app, "app_pages/overzicht.py")
    [active] = [m for m in at.metric if m.label == "Actieve duo's"]
    assert plain("Actieve duo's: actief of in kennismaking (de kennismaking is gehouden); Lopende duo's toont ze "
                 "apart.") in at.markdown.values
    on_page(at, "app_pages/lopende_duos.py")
    shown = {m.label: int(m.value) for m in at.metric}
    assert int(active.value) == shown["Actief"] + shown["In kennismaking"] > shown["Actief"]
