"""AppTest: every page renders on the demo data, and the pages show what duo_core computes."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import duo_core
from app_pages.ui.text import plain
from duo_core.insights import monitoring
from tests.app.apptest import on_page, started

PAGES = {
    "app_pages/overzicht.py": "Overzicht",
    "app_pages/match_zoeken.py": "Match zoeken",
    "app_pages/wachtlijst.py": "Wachtlijst",
    "app_pages/contactcoaches.py": "Contactcoaches",
    "app_pages/monitoring.py": "Monitoring",
    "app_pages/datakwaliteit.py": "Datakwaliteit",
    "app_pages/gegevens_koppelen.py": "Gegevens koppelen",
    "app_pages/lopende_duos.py": "Lopende duo's",
    "app_pages/logboek.py": "Logboek",
    "app_pages/aanmeldingen.py": "Aanmeldingen",
    "app_pages/kennismaking.py": "Kennismakingsgesprek",
}


@pytest.fixture
def app(demo_workdir):
    return started()




@pytest.mark.parametrize(("page", "title"), PAGES.items())
def test_every_page_renders(app, page, title):
    at = on_page(app, page)
    assert [t.value for t in at.title] == [title]


@pytest.mark.parametrize("page", ["app_pages/datakwaliteit.py", "app_pages/overzicht.py", "app_pages/wachtlijst.py"])
def test_a_missing_value_in_a_table_is_an_empty_cell_not_the_word_none(app, page):
    at = on_page(app, page)
    shown = [(d.proto.HasField("placeholder"), d.proto.placeholder) for d in at.dataframe]
    assert shown and shown == [(True, "")] * len(shown)  # not set: Streamlit writes "None"


def test_sidebar_shows_the_data_source_and_findings(app):
    ds = app.session_state["dataset"]
    texts = [m.value for m in app.sidebar.markdown]
    errors = int((ds.findings["severity"] == "fout").sum())
    warnings = int((ds.findings["severity"] == "waarschuwing").sum())
    assert min(errors, warnings) > 1  # the demo's seeded findings: plural (test_sessions sees the singular)
    assert "Demogegevens \\(fictief\\)" in texts
    assert f"{errors} fouten en {warnings} waarschuwingen in de gegevens" in texts


def test_overview_metrics_equal_the_library(app):
    at = on_page(app, "app_pages/overzicht.py")
    ds = at.session_state["dataset"]
    total = monitoring.key_figures(ds).iloc[-1]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Wachtende deelnemers"] == str(total["waiting"])
    assert metrics["Actieve duo's"] == str(total["active_duos"])
    assert metrics["Fouten in de gegevens"] == str(monitoring.attention(ds)["data_errors"])


def _table(at: AppTest, column: str) -> pd.DataFrame:
    """The one table on the page that has ``column`` (tables without selection have no widget key)."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) == 1, f"{len(found)} tables with column {column}"
    return found[0]


def _ranking_table(at: AppTest) -> pd.DataFrame:
    """The candidates table (its key belongs to the person it ranks for: ``ranking_table::p::<key>::<n>``)."""
    [table] = [d for d in at.dataframe if str(getattr(d, "key", "") or "").startswith("ranking_table::")]
    return table.value


def _choose(at: AppTest, key: str, person: str) -> AppTest:
    at.session_state[key] = person
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _expected(ds, person, **kwargs):
    return duo_core.rank_volunteers(ds, person, duo_core.Weights(), provinces=[person.split("/")[0]], **kwargs)


def test_choosing_a_participant_shows_the_library_ranking(app):
    at = _choose(on_page(app, "app_pages/match_zoeken.py"), "person_p", "Antwerpen/D0174")
    ds = at.session_state["dataset"]
    expected = _expected(ds, "Antwerpen/D0174")
    table = _ranking_table(at)
    assert table["name"].tolist() == expected["name"].tolist()
    assert table["score"].tolist() == expected["score"].round(0).tolist()  # as shown (and read out): whole points
    assert [s.value for s in at.header] == ["Filters en gewichten", "Waarom deze kandidaat?"]  # candidates first


def test_a_participant_on_hold_is_told_why_without_advice_on_the_filters(app):
    at = _choose(on_page(app, "app_pages/match_zoeken.py"), "person_p", "Antwerpen/D0041")
    name = at.session_state["dataset"].participant("Antwerpen/D0041")[["first_name", "last_name"]].str.cat(sep=" ")
    assert [w.value for w in at.warning][1:] == [plain(f"{name}: Deelnemer wacht niet (status: on hold). "
                                                       "Er wordt niemand voorgesteld.")]  # after the demo banner


def test_distance_filter_changes_the_table(app):
    at = _choose(on_page(app, "app_pages/match_zoeken.py"), "person_p", "Antwerpen/D0174")
    at.slider(key="max_km").set_value(6).run()
    ds = at.session_state["dataset"]
    expected = _expected(ds, "Antwerpen/D0174", max_distance_km=6)
    table = _ranking_table(at)
    assert table["name"].tolist() == expected["name"].tolist()
    assert len(table) < len(_expected(ds, "Antwerpen/D0174"))


def test_weight_change_reorders_the_table(app):
    at = _choose(on_page(app, "app_pages/match_zoeken.py"), "person_p", "Antwerpen/D0174")
    at.slider(key="match_w_proximity").set_value(0).run()
    at.slider(key="match_w_interests").set_value(100).run()
    ds = at.session_state["dataset"]
    weights = duo_core.Weights(proximity=0, interests=100)
    expected = duo_core.rank_volunteers(ds, "Antwerpen/D0174", weights, provinces=["Antwerpen"])
    table = _ranking_table(at)
    assert table["name"].tolist() == expected["name"].tolist()
    assert table["name"].tolist() != _expected(ds, "Antwerpen/D0174")["name"].tolist()


def test_volunteer_direction_ranks_waiting_participants(app):
    at = on_page(app, "app_pages/match_zoeken.py")
    at.radio(key="direction").set_value("Vrijwilliger → wachtende deelnemers").run()
    ds = at.session_state["dataset"]
    volunteer = next(k for k in ds.volunteers["key"] if len(duo_core.rank_participants(ds, k)) >= 2)
    at = _choose(at, "person_v", volunteer)
    expected = duo_core.rank_participants(ds, volunteer, duo_core.Weights(), provinces=[volunteer.split("/")[0]])
    assert _ranking_table(at)["name"].tolist() == expected["name"].tolist()


def test_show_excluded_lists_reasons(app):
    at = _choose(on_page(app, "app_pages/match_zoeken.py"), "person_p", "Antwerpen/D0174")
    at.toggle(key="show_excluded").set_value(True).run()
    table = _ranking_table(at)
    ds = at.session_state["dataset"]
    expected = _expected(ds, "Antwerpen/D0174", include_excluded=True)
    assert len(table) == len(expected)
    assert table["why"].iloc[-1] == " ".join(expected["reasons"].iloc[-1])


def _candidate(at: AppTest):
    [box] = [s for s in at.selectbox if str(s.key).startswith("candidate::")]
    return box


def test_the_province_filter_and_the_candidate_follow_the_person(app):
    at = _choose(on_page(app, "app_pages/match_zoeken.py"), "person_p", "Antwerpen/D0174")
    at.multiselect(key="provinces::p::Antwerpen/D0174").set_value(["Antwerpen", "Limburg"]).run()
    _candidate(at).set_value(_candidate(at).options[2]).run()
    chosen = _candidate(at).value
    ds = at.session_state["dataset"]
    other = next(k for k in ds.participants[(ds.participants["province"] == "West-Vlaanderen")
                                            & (ds.participants["status"] == "wachtend")]["key"]
                 if len(duo_core.rank_volunteers(ds, k)) >= 2)
    # someone in another province: their own province, their own best candidate
    at = _choose(at, "person_p", other)
    expected = duo_core.rank_volunteers(ds, other, duo_core.Weights(), provinces=["West-Vlaanderen"])
    assert at.multiselect(key=f"provinces::p::{other}").value == ["West-Vlaanderen"]
    assert _ranking_table(at)["name"].tolist() == expected["name"].tolist()
    assert _candidate(at).value == expected["key"].iloc[0]
    # and back: as for anyone chosen fresh (nothing carried over from the person in between)
    at = _choose(at, "person_p", "Antwerpen/D0174")
    assert at.multiselect(key="provinces::p::Antwerpen/D0174").value == ["Antwerpen"]
    assert _candidate(at).value == _expected(ds, "Antwerpen/D0174")["key"].iloc[0] != chosen


def test_the_proposal_form_names_the_chosen_pair(app):
    at = _choose(on_page(app, "app_pages/match_zoeken.py"), "person_p", "Antwerpen/D0174")
    ds = at.session_state["dataset"]
    ranking = duo_core.rank_volunteers(ds, "Antwerpen/D0174", duo_core.Weights())
    _candidate(at).set_value(ranking["key"].iloc[1]).run()
    assert [m.value for m in at.markdown if m.value.startswith("**Voorstel")] == [
        f"**Voorstel: Vincent De Decker \\+ {plain(ranking['name'].iloc[1])}**"]
    assert at.markdown[[m.value for m in at.markdown].index(f"**{plain(ranking['name'].iloc[1])}**: score "
                                                             f"{ranking['score'].iloc[1]:.0f} van 100")]


def test_wat_werkt_shows_the_library_figures(app):
    at = on_page(app, "app_pages/monitoring.py")
    at.selectbox(key="durability_by").set_value("shared_interests").run()
    ds = at.session_state["dataset"]
    found = duo_core.durability(ds, "shared_interests", journal_rows=[])
    assert plain(found.sentence(detail=False)) in [i.value for i in at.info]  # plain words; the test under it
    assert plain(found.how_sure()) in [m.value for m in at.markdown]
    table = _table(at, "Redenen vroege stops")
    assert table["Groep"].tolist() == found.groups["group"].tolist()
    assert table["Duo's"].tolist() == found.groups["n"].tolist()
    assert table["Stopt binnen 3 maanden"].tolist() == [f"{round(r * 100)} %" for r in found.groups["early_rate"]]
    left_out = _table(at, "Waarom niet meegeteld")
    assert left_out.values.tolist() == found.left_out.values.tolist()


def _durability_chart(at: AppTest) -> list[dict]:
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    [chart] = [c for c in charts if "nog loopt" in c["layout"]["title"]["text"]]
    return chart["data"]


def test_wat_werkt_chart_is_readable_with_the_chosen_groups_medians(app):
    at = on_page(app, "app_pages/monitoring.py")
    at.selectbox(key="durability_by").set_value("shared_interests").run()
    found = duo_core.durability(at.session_state["dataset"], "shared_interests", journal_rows=[])
    traces = _durability_chart(at)
    bands = [i for i, t in enumerate(traces) if t.get("fill") == "tonexty"]
    curves = [i for i, t in enumerate(traces) if t.get("showlegend", True) and t.get("mode") != "lines+markers"]
    assert len(bands) == len(curves) == 3 and max(bands) < min(curves)  # every curve drawn over every band
    assert all(traces[i]["fillcolor"].endswith(", 0.15)") for i in bands)  # translucent
    medians = [t for t in traces if t.get("mode") == "lines+markers"]
    assert [(t["legendgroup"], t["x"]) for t in medians] == [
        (g, [m, m]) for g, m in zip(found.groups["group"], found.groups["median_months"], strict=True)]
    at.multiselect(key="durability_groups_shared_interests").set_value(["1 gedeelde interesse"]).run()
    traces = _durability_chart(at)
    assert {t["legendgroup"] for t in traces} == {"1 gedeelde interesse"}
    assert [t["y"] for t in traces if t.get("mode") == "lines+markers"] == [[0, 0.5]]


def test_a_clicked_finding_is_shown_in_full(app):
    at = on_page(app, "app_pages/datakwaliteit.py")
    [table] = [d for d in at.dataframe if getattr(d, "key", None) == "dq_table"]
    longest = int(table.value["message"].str.len().idxmax())
    at.session_state["dq_open"] = longest  # what a click on that row sets
    at.run()
    message = table.value.loc[longest, "message"]
    assert len(message) > 100  # longer than its column shows
    assert plain(message) in [m.value for m in at.markdown]


def test_data_quality_shows_no_reader_or_server_details(app):
    at = on_page(app, "app_pages/datakwaliteit.py")
    tables = [d.value for d in at.dataframe]
    assert any("participants" in t.columns for t in tables)  # the table of the workbooks read is there
    assert [t for t in tables if "engine" in t.columns] == []
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not [t for t in texts if "calamine" in t or "Lezer" in t or "/" in t.split(" ")[0]]


def test_a_chosen_waiting_participant_shows_every_reason_in_full(app):
    at = on_page(app, "app_pages/wachtlijst.py")
    waiting = duo_core.waiting_list(app.session_state["dataset"])
    longest = waiting.loc[waiting["main_reasons"].map(lambda r: len(" ".join(r))).idxmax()]
    assert len(" ".join(longest["main_reasons"])) > 100  # longer than the table's column shows
    at.selectbox(key="wait_person").set_value(longest["key"]).run()
    shown = [m.value for m in at.markdown]
    assert [f"- {plain(r)}" for r in longest["main_reasons"]] == [m for m in shown if m.startswith("- ")]


def test_the_score_in_the_heading_is_the_total_shown_in_the_chart(app):
    at = _choose(on_page(app, "app_pages/match_zoeken.py"), "person_p", "Antwerpen/D0174")
    [heading] = [m.value for m in at.markdown if " van 100" in m.value and "score" in m.value]
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    [waterfall] = [t for c in charts for t in c["data"] if t.get("type") == "waterfall"]
    assert heading.endswith(f"score {waterfall['text'][-1]} van 100")
    assert heading == "**Luc Stevens**: score 58 van 100"
    # the hover says the criterion's sentence and its points as shown, not plotly's "Initial: 39,50372"
    assert waterfall["hovertemplate"] == "%{x}: %{text} punten<br>%{hovertext}<extra></extra>"
