"""AppTest: every page renders on the demo data, and the pages show what duo_core computes."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import duo_core
from duo_core import coaches, monitoring
from tests.conftest import ROOT
from tests.helpers import base_records, to_rows, write_sheets

APP = str(ROOT / "app.py")
PAGES = {
    "app_pages/overzicht.py": "Overzicht",
    "app_pages/match_zoeken.py": "Match zoeken",
    "app_pages/wachtlijst.py": "Wachtlijst",
    "app_pages/contactcoaches.py": "Contactcoaches",
    "app_pages/monitoring.py": "Monitoring",
    "app_pages/datakwaliteit.py": "Datakwaliteit",
    "app_pages/lopende_duos.py": "Lopende duo's",
    "app_pages/logboek.py": "Logboek",
}


@pytest.fixture
def app(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no duo.toml here: the demo data
    monkeypatch.delenv("DUO_CONFIG", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def _page(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(("page", "title"), PAGES.items())
def test_every_page_renders(app, page, title):
    at = _page(app, page)
    assert [t.value for t in at.title] == [title]


def test_sidebar_shows_the_data_source_and_findings(app):
    ds = app.session_state["dataset"]
    texts = [m.value for m in app.sidebar.markdown]
    errors = int((ds.findings["severity"] == "fout").sum())
    warnings = int((ds.findings["severity"] == "waarschuwing").sum())
    assert "Demogegevens \\(fictief\\)" in texts
    assert f"{errors} fouten en {warnings} waarschuwingen in de gegevens" in texts


def test_overview_metrics_equal_the_library(app):
    at = _page(app, "app_pages/overzicht.py")
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
    return at.dataframe(key="ranking_table").value


def _choose(at: AppTest, key: str, person: str) -> AppTest:
    at.session_state[key] = person
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _expected(ds, person, **kwargs):
    return duo_core.rank_volunteers(ds, person, duo_core.Weights(), provinces=[person.split("/")[0]], **kwargs)


def test_choosing_a_participant_shows_the_library_ranking(app):
    at = _choose(_page(app, "app_pages/match_zoeken.py"), "person_p", "Antwerpen/D0174")
    ds = at.session_state["dataset"]
    expected = _expected(ds, "Antwerpen/D0174")
    table = _ranking_table(at)
    assert table["name"].tolist() == expected["name"].tolist()
    assert table["score"].round(9).tolist() == expected["score"].round(9).tolist()
    assert [s.value for s in at.subheader] == ["Waarom deze kandidaat?"]


def test_distance_filter_changes_the_table(app):
    at = _choose(_page(app, "app_pages/match_zoeken.py"), "person_p", "Antwerpen/D0174")
    at.slider(key="max_km").set_value(6).run()
    ds = at.session_state["dataset"]
    expected = _expected(ds, "Antwerpen/D0174", max_distance_km=6)
    table = _ranking_table(at)
    assert table["name"].tolist() == expected["name"].tolist()
    assert len(table) < len(_expected(ds, "Antwerpen/D0174"))


def test_weight_change_reorders_the_table(app):
    at = _choose(_page(app, "app_pages/match_zoeken.py"), "person_p", "Antwerpen/D0174")
    at.slider(key="match_w_proximity").set_value(0).run()
    at.slider(key="match_w_interests").set_value(100).run()
    ds = at.session_state["dataset"]
    weights = duo_core.Weights(proximity=0, interests=100)
    expected = duo_core.rank_volunteers(ds, "Antwerpen/D0174", weights, provinces=["Antwerpen"])
    table = _ranking_table(at)
    assert table["name"].tolist() == expected["name"].tolist()
    assert table["name"].tolist() != _expected(ds, "Antwerpen/D0174")["name"].tolist()


def test_volunteer_direction_ranks_waiting_participants(app):
    at = _page(app, "app_pages/match_zoeken.py")
    at.radio(key="direction").set_value("Vrijwilliger → wachtende deelnemers").run()
    at = _choose(at, "person_v", "Antwerpen/V0049")
    ds = at.session_state["dataset"]
    expected = duo_core.rank_participants(ds, "Antwerpen/V0049", duo_core.Weights(), provinces=["Antwerpen"])
    assert _ranking_table(at)["name"].tolist() == expected["name"].tolist()


def test_show_excluded_lists_reasons(app):
    at = _choose(_page(app, "app_pages/match_zoeken.py"), "person_p", "Antwerpen/D0174")
    at.toggle(key="show_excluded").set_value(True).run()
    table = _ranking_table(at)
    ds = at.session_state["dataset"]
    expected = _expected(ds, "Antwerpen/D0174", include_excluded=True)
    assert len(table) == len(expected)
    assert table["why"].iloc[-1] == " ".join(expected["reasons"].iloc[-1])


def test_uploading_a_workbook_switches_the_data(app, tmp_path):
    path = write_sheets(tmp_path / "Limburg.xlsx", to_rows(base_records()))
    at = _page(app, "app_pages/datakwaliteit.py")
    at.file_uploader(key="uploader").set_value(
        ("Limburg.xlsx", path.read_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    )
    at.run()
    assert at.session_state["uploaded_workbooks"][0][0] == "Limburg.xlsx"
    at.run()  # the page called st.rerun(); AppTest leaves that rerun to the test
    assert not at.exception
    ds = at.session_state["dataset"]
    assert ds.provinces == ["Limburg"]
    assert ds.participants["key"].tolist() == ["Limburg/D1", "Limburg/D2", "Limburg/D3"]
    assert "Opgeladen \\(proefkopie\\)\\: Limburg\\.xlsx" in [m.value for m in at.sidebar.markdown]
    at = _page(at, "app_pages/overzicht.py")  # the upload stays while navigating
    assert at.session_state["dataset"].provinces == ["Limburg"]
    at = _page(at, "app_pages/datakwaliteit.py")
    at.button(key="clear_uploads").click().run()
    assert len(at.session_state["dataset"].provinces) == 5


def test_coach_page_totals_equal_the_library(app):
    at = _page(app, "app_pages/contactcoaches.py")
    ds = at.session_state["dataset"]
    year = ds.as_of.year
    overview = coaches.coach_overview(ds, year, 45.0)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Contactcoaches"] == str(len(overview))
    assert metrics[f"Opgevolgde duo's in {year}"] == str(int(overview["followed_in_year"].sum()))
    table = _table(at, "compensation_eur")
    assert table["compensation_eur"].sum() == overview["compensation_eur"].sum()
    first = overview["key"].iloc[0]
    assert len(_table(at, "participant_phone")) == len(coaches.coach_duos(ds, first))


def test_data_quality_filters(app):
    at = _page(app, "app_pages/datakwaliteit.py")
    ds = at.session_state["dataset"]
    assert len(_table(at, "message")) == len(ds.findings)
    at.multiselect(key="dq_severity").set_value(["waarschuwing"]).run()
    assert len(_table(at, "message")) == int((ds.findings["severity"] == "waarschuwing").sum())


def test_waiting_list_page_matches_library(app):
    at = _page(app, "app_pages/wachtlijst.py")
    ds = at.session_state["dataset"]
    assert len(_table(at, "eligible_volunteers")) == len(duo_core.waiting_list(ds))
    proposal = duo_core.propose_assignment(ds)
    assert {m.label: m.value for m in at.metric}["Voorgestelde duo's"] == str(proposal.summary.pairs)
