"""Charts as PNG: the maps drawn on the server (what is drawn, in which colours, as text) and plotly's Dutch toolbar."""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import streamlit
from PIL import Image

import duo_core
from duo_core.lifecycle import views
from duo_core.output import images
from tests.helpers import _VOLUNTEER
from tests.matching_helpers import dataset

BACKDROP = (pd.DataFrame({"lat": [51.02, 51.1, 50.9], "lon": [4.47, 4.5, 4.3]}),
            pd.DataFrame({"name": ["Mechelen", "$Lier$"], "lat": [51.03, 51.13], "lon": [4.48, 4.57]}))


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    """An (D1) in Mechelen; Bart (V1) there too, Sara (V3) 22 km away in Antwerpen who goes only 15 km."""
    def sara(records):
        v = copy.deepcopy(_VOLUNTEER)
        v.update({"ID": "V3", "Voornaam": "Sara", "Achternaam": "$x$ Wouters", "Postcode": 2000,
                  "Gemeente": "Antwerpen"})
        records["Vrijwilligers"].append(v)

    return dataset(tmp_path_factory.mktemp("images"), sara)


def _gid(fig, gid: str):
    ax = fig.axes[0]
    return next(a for a in [*ax.collections, *ax.patches] if a.get_gid() == gid)


def _rgb(color) -> list[int]:
    return [round(c * 255) for c in color[:3]]


def test_the_candidate_map_draws_the_person_candidates_excluded_and_chosen_as_on_screen(ds):
    ranking = duo_core.rank_volunteers(ds, "Antwerpen/D1", details=True, include_excluded=True)
    points = views.map_points(ds, "Antwerpen/D1", ranking, True, chosen="Antwerpen/V1")
    lo, hi = views.score_range(ranking["score"])
    fig = images.candidate_map(points, lo, hi, radius_km=15, backdrop=BACKDROP)
    person, candidates, excluded, chosen = (_gid(fig, g) for g in ("person", "candidates", "excluded", "chosen"))
    assert [_rgb(c) for c in person.get_facecolors()] == [views.PERSON_COLOR]
    assert [_rgb(c) for c in candidates.get_facecolors()] == [views.score_color([ranking["score"][0]], lo, hi)[0]]
    assert len(excluded.get_offsets()) == 2  # Bart's twin V2 (already in a duo) and Sara (too far)
    assert [_rgb(c) for c in excluded.get_edgecolors()] == [views.EXCLUDED_COLOR] * 2
    assert list(excluded.get_facecolors()) == []  # open rings: told apart by shape, not only by colour
    assert len(chosen.get_offsets()) == 1 and [_rgb(c) for c in chosen.get_edgecolors()] == [views.CHOSEN_COLOR]
    assert _gid(fig, "radius").get_radius() == pytest.approx(15 / images.KM_PER_DEGREE)
    legend = fig.legends[0]
    assert legend.get_title().get_text() == "Kleur = score, van 64 (donkerblauw) tot 74 (geel)"
    assert [t.get_text() for t in legend.get_texts()] == [
        "64", "66", "69", "71", "74",  # 63,7 to 73,7 (An and Bart score 73,7)
        "dikke zwarte ring = de gekozen kandidaat", "blauw = de gekozen persoon",
        "open rode ring = uitgesloten", "cirkel: 15 km"]
    assert [t.get_text() for t in fig.texts[:2]] == ["Kandidaten voor An Peeters", "1 kandidaat, 2 uitgesloten · kleur = score"]
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["$Lier$", "Mechelen"]
    png = images.png_bytes(fig)
    picture = Image.open(io.BytesIO(png))
    assert (picture.format, picture.size) == ("PNG", (1200, 1000))
    x, y = fig.axes[0].transData.transform(person.get_offsets()[0])  # the person's point, in pixels from below
    assert list(np.asarray(picture.convert("RGB"))[round(1000 - y), round(x)]) == views.PERSON_COLOR


def test_every_text_of_a_map_is_drawn_as_typed(ds):
    """Names and places with dollar signs are no formulas: the picture is made and the text kept."""
    ranking = duo_core.rank_participants(ds, "Antwerpen/V3", details=True, include_excluded=True)
    points = views.map_points(ds, "Antwerpen/V3", ranking, False)
    fig = images.candidate_map(points, *views.score_range(ranking["score"]), backdrop=BACKDROP)
    assert fig.texts[0].get_text() == "Kandidaten voor Sara $x$ Wouters"
    texts = [*fig.texts, *fig.axes[0].texts, *fig.legends[0].get_texts()]
    assert all(not t.get_parse_math() for t in texts)
    assert images.png_bytes(fig).startswith(b"\x89PNG")


def test_the_chosen_candidate_is_drawn_over_candidates_at_the_same_place(demo_ds):
    ranking = duo_core.rank_volunteers(demo_ds, "Antwerpen/D0174", details=True, provinces=["Antwerpen"])
    best = ranking["key"].iloc[0]  # Antwerpen/V0064, at a postcode with other candidates
    points = views.map_points(demo_ds, "Antwerpen/D0174", ranking, True, chosen=best)
    fig = images.candidate_map(points, *views.score_range(ranking["score"]))
    candidates = _gid(fig, "candidates")
    mine = points[points["key"] == best]
    at_same_place = points[(points["lat"] == mine["lat"].iloc[0]) & (points["lon"] == mine["lon"].iloc[0])]
    assert (len(at_same_place), _rgb(candidates.get_facecolors()[-1]), list(candidates.get_offsets()[-1])) == (
        2, mine["color"].iloc[0], list(images._Projection(points["lat"].to_numpy(dtype=float)).xy(mine)[0]))


def test_the_recruitment_map_sizes_the_circles_and_names_the_largest():
    gaps = pd.DataFrame({"municipality": ["Lier", "Mechelen", "Heist-op-den-Berg"], "province": ["Antwerpen"] * 3,
                         "lat": [51.13, 51.03, 51.08], "lon": [4.57, 4.48, 4.72], "without_volunteer": [2, 4, 1],
                         "waiting": [3, 6, 1]})
    fig = images.recruitment_map(gaps, labelled=2, backdrop=BACKDROP)
    circles = _gid(fig, "gaps")
    radii = [p.get_extents().width / 2 * images.KM_PER_DEGREE for p in circles.get_paths()]
    assert radii == pytest.approx([3.0, 6.0, 1.5], abs=0.01)  # 1,5 km per person, as on screen
    assert [_rgb(c) for c in circles.get_facecolors()] == [views.GAP_COLOR[:3]] * 3
    labels = [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "gap_label"]
    assert labels == ["Mechelen (4)", "Lier (2)"]
    assert fig.texts[1].get_text() == "7 wachtende deelnemers zonder geschikte vrijwilliger, in 3 gemeenten"
    assert Image.open(io.BytesIO(images.png_bytes(fig))).size == (1200, 1000)


def test_plotly_charts_save_a_png_with_a_dutch_name_and_dutch_buttons():
    config = images.plotly_config("stopredenen")
    assert config["toImageButtonOptions"] == {"format": "png", "filename": "stopredenen", "scale": 2}
    assert config["displaylogo"] is False
    assert config["locale"] == "nl"
    assert config["locales"]["nl"]["dictionary"]["Download plot as a PNG"] == "Download als PNG"
    assert "modeBarButtonsToRemove" not in config
    assert images.plotly_config("uitleg_score", zoom=False)["modeBarButtonsToRemove"] == images.ZOOM_BUTTONS


def test_every_translated_toolbar_text_is_one_plotly_in_streamlit_uses():
    """plotly looks a text up by its English words: a key that plotly no longer uses would stay English."""
    bundle = next((Path(streamlit.__file__).parent / "static" / "static" / "js").glob("PlotlyChart*.js")).read_text()
    used = set(re.findall(r"\(e,`([^`]+)`\)", bundle))
    assert set(images.MODEBAR_NL) - used == set()
