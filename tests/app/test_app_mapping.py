"""AppTest of the page Gegevens koppelen: upload, correct one column, look at the preview, use the data."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.ui.text import plain
from tests import forms
from tests.conftest import APP

PAGE = "app_pages/gegevens_koppelen.py"


@pytest.fixture
def page(demo_workdir):
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def _upload(at: AppTest, path) -> AppTest:
    at.session_state["map_uploads"] = ((path.name, path.read_bytes()),)  # what the file uploader keeps
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _select(at: AppTest, label: str):
    hits = [s for s in at.selectbox if s.label == plain(label)]  # labels from a workbook are escaped
    assert len(hits) == 1, [s.label for s in at.selectbox]
    return hits[0]


def _shown(select) -> str | None:
    """What a selectbox shows chosen (``None``: nothing chosen, its placeholder)."""
    return None if select.index is None else select.options[select.index]


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_without_workbooks_the_page_asks_for_them(page):
    assert [t.value for t in page.title] == ["Gegevens koppelen"]
    assert [i.value for i in page.info] == ["Laad één of meer werkboeken op om te beginnen."]


def test_a_form_export_is_proposed_and_previewed(page, tmp_path):
    at = _upload(page, forms.dutch_form(tmp_path / "wb"))
    assert [s.value for s in at.header] == ["1. Werkboeken", "2. Tabbladen", "3. Kolommen", "4. Antwoorden",
                                               "5. Voorbeeld", "6. Bewaren en gebruiken"]
    assert _select(at, "Familienaam").value == "last_name"
    assert _shown(_select(at, "Begintijd")) == "— niet gebruiken —"
    assert _select(at, "'Maakt niet uit' (2×) wordt").value == "geen voorkeur"
    assert _metrics(at) == {"Deelnemers": "3", "Vrijwilligers": "0", "Duo's": "0", "Contactcoaches": "0"}


def test_fixing_one_column_and_using_the_data(page, tmp_path):
    at = _upload(page, forms.extra_columns(tmp_path / "wb"))
    _select(at, "Lievelingskleur").set_value("personality").run()
    assert not at.exception
    preview = at.dataframe[0].value
    assert preview["Persoonlijkheid"].tolist() == ["blauw", "blauw", "blauw"]
    at.button(key="map_use").click().run()
    assert not at.exception
    ds = at.session_state["dataset"]
    assert sorted(ds.participants["first_name"]) == ["An", "Jozef", "Marie"]
    assert ds.participants["personality"].tolist() == [frozenset({"blauw"})] * 3
    assert plain("Opgeladen (proefkopie) (gekoppeld): Antwerpen.xlsx") in [m.value for m in at.sidebar.markdown]
    assert [s.value for s in at.success] == [
        plain("De gekoppelde gegevens worden nu gebruikt in deze sessie (zie Gegevens in de zijbalk).")]
    at.switch_page("app_pages/match_zoeken.py").run()
    assert not at.exception
    assert at.session_state["dataset"].participants["first_name"].tolist() == ["An", "Jozef", "Marie"]


def test_the_profile_downloads_as_toml(page, tmp_path):
    at = _upload(page, forms.single_name(tmp_path / "wb"))
    download = at.get("download_button")[0]
    assert download.proto.label == "Koppelprofiel downloaden"


def test_a_header_row_corrected_by_hand(page, tmp_path):
    at = _upload(page, forms.one_hot_list(tmp_path / "wb"))
    header = next(n for n in at.number_input if n.label == "Koprij van Blad1")
    assert header.value == 3
    assert _select(at, "Wandelen").value == "interests=wandelen"
    header.set_value(2).run()
    assert not at.exception
    assert [s.label for s in at.selectbox if s.label.startswith("Bijgewerkt")] == [
        plain("Bijgewerkt door Els, oktober 2026")]


def test_back_to_the_standard_data(page, tmp_path):
    at = _upload(page, forms.extra_columns(tmp_path / "wb"))
    at.button(key="map_use").click().run()
    at.button(key="map_clear").click().run()
    assert not at.exception
    assert "Demogegevens \\(fictief\\)" in [m.value for m in at.sidebar.markdown]


def test_an_uncertain_guess_is_asked_and_read_only_once_answered(page, tmp_path):
    at = _upload(page, forms.dutch_form(tmp_path / "wb"))
    asked = _select(at, "ID")  # the form's sequence number: 50 %, not sure enough to take
    assert asked.value is None
    assert asked.proto.placeholder == "— kies — (voorstel: ID)"
    assert "50 % · nakijken" in [m.value for m in at.markdown]
    assert plain("Voorstel: ID, want het volgnummer van het formulier (geen beter ID gevonden)") in [
        m.value for m in at.markdown]
    waiting = plain("Nog 1 kolom wacht op je antwoord en wordt niet ingelezen: 'ID' (Form1, voorstel: ID). Kies bij "
                    "3. Kolommen het veld (of 'niet gebruiken'); de andere kolommen worden wel ingelezen.")
    assert waiting in [w.value for w in at.warning]
    assert at.dataframe[0].value["ID"].tolist() == ["An Peeters 03-05-1958", "Jozef Claes 20-01-1946",
                                                    "Marie Wouters 30-11-1972"]  # the rest loads meanwhile
    assert _metrics(at)["Deelnemers"] == "3"

    _select(at, "ID").set_value("id").run()  # confirmed
    assert not at.exception
    assert waiting not in [w.value for w in at.warning]
    assert _select(at, "ID").value == "id"
    assert at.dataframe[0].value["ID"].tolist() == ["1", "2", "3"]


def test_an_asked_column_is_answered_by_choosing_not_to_use_it(page, tmp_path):
    at = _upload(page, forms.dutch_form(tmp_path / "wb"))
    asked = _select(at, "ID")
    asked.select_index(asked.options.index("— niet gebruiken —")).run()
    assert not at.exception
    assert [w.value for w in at.warning if "wacht" in w.value] == []  # answered: nothing waits any more
    assert _shown(_select(at, "ID")) == "— niet gebruiken —"
    assert at.dataframe[0].value["ID"].tolist() == ["An Peeters 03-05-1958", "Jozef Claes 20-01-1946",
                                                    "Marie Wouters 30-11-1972"]  # not read: made from name and birth date


def test_a_workbook_the_server_is_too_busy_to_read_is_said_and_proposed_on_the_next_run(page, tmp_path, monkeypatch):
    from duo_core.reading import guarded

    queue = guarded.ParsingQueue(workers=1, wait_seconds=0.2)
    monkeypatch.setattr(guarded, "PARSING_QUEUE", queue)
    path = forms.dutch_form(tmp_path / "wb")
    page.session_state["map_uploads"] = ((path.name, path.read_bytes()),)
    with queue.turn():  # another user's workbook holds the only worker
        page.run()
    assert not page.exception
    assert plain(f"{path.name}: {guarded.BUSY}") in [w.value for w in page.warning]
    page.run()  # the busy proposal was not kept: this run reads the workbook
    assert not page.exception
    assert plain(f"{path.name}: {guarded.BUSY}") not in [w.value for w in page.warning]
    assert _select(page, "Familienaam").value == "last_name"
