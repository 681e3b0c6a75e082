"""AppTests of issue 22 (screens, round two): what the maps draw and say, what the pages confirm."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

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
    chosen = at.selectbox(key="candidate::p::Antwerpen/D0174").value
    assert [p["key"] for p in layers["chosen"]["data"]] == [chosen]
    assert all(p["excluded"] for p in layers["excluded"]["data"]) and layers["excluded"]["data"]
    legend = _notes(at)
    assert "open rode ring = uitgesloten" in legend and "dikke zwarte ring = de gekozen kandidaat" in legend


def test_the_recruitment_map_has_a_legend(app):
    at = on_page(app, "app_pages/wachtlijst.py")
    assert "een gemeente met wachtende deelnemers voor wie geen geschikte vrijwilliger is" in _notes(at)
