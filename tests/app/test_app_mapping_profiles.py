"""AppTest of Gegevens koppelen with saved profiles and wide exports (issue 20 item 9, issue 19 items 6 and 7).

A profile named in duo.toml starts the assistant for an upload (its choices come back, a new question is
marked to check); a hand-edited profile that cannot be read is a Dutch message naming the entry on every
page; a wide sheet is shown a page of columns at a time and keeps the choices of the pages not shown; a
sheet beyond the documented limit is refused with a Dutch message.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.ui.text import plain
from tests.conftest import APP
from tests.importing.test_profile_reuse import _month, _saved
from tests.workbooks import build

PAGE = "app_pages/gegevens_koppelen.py"


def _app(folder, monkeypatch, mapping_line: str = "") -> AppTest:
    build(folder / "werkboeken" / "Antwerpen.xlsx")
    (folder / "duo.toml").write_text(f'[data]\nfolder = "werkboeken"\n{mapping_line}', encoding="utf-8")
    monkeypatch.chdir(folder)
    monkeypatch.delenv("DUO_CONFIG", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _upload(at: AppTest, *paths) -> AppTest:
    at.session_state["map_uploads"] = tuple((p.name, p.read_bytes()) for p in paths)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _select(at: AppTest, label: str):
    hits = [s for s in at.selectbox if s.label == plain(label)]
    assert len(hits) == 1, [s.label for s in at.selectbox]
    return hits[0]


def test_the_profile_of_duo_toml_starts_the_assistant_for_an_upload(tmp_path, monkeypatch):
    _saved(tmp_path)  # koppeling.toml from October's export, with "Opmerking" left out by hand
    at = _app(tmp_path, monkeypatch, 'mapping = "koppeling.toml"\n')
    november = _month(renamed=True).write(tmp_path / "november")
    at = _upload(at, *november)
    assert at.radio(key="map_start").value == "configured"
    opmerking = _select(at, "Opmerking")
    assert opmerking.options[opmerking.index] == "— niet gebruiken —"  # the choice made in October
    assert _select(at, "Woonplaats").value == "postcode"
    renamed = _select(at, "Wat doe je graag?")  # a renamed question is asked, not read into a guessed field
    assert renamed.value is None
    assert renamed.proto.placeholder == "— kies — (voorstel: Interesses)"
    markdown = [m.value for m in at.markdown]
    assert "50 % · nakijken" in markdown
    assert plain("Voorstel: Interesses, want nieuw sinds het koppelprofiel: nakijken (de vraag gaat over "
                 "'Interesses')") in markdown
    at.radio(key="map_start").set_value("none").run()
    assert not at.exception
    assert _select(at, "Opmerking").value == "notes"  # without the profile: the assistant's own guess


def test_a_hand_edited_profile_in_duo_toml_is_a_message_not_a_crash(tmp_path, monkeypatch):
    (tmp_path / "koppeling.toml").write_text(
        'version = 1\n[[sheet]]\nfile = "a.xlsx"\nsheet = "S"\nrole = "Deelnemers"\nheader_row = 1\ncolumns = "x"\n',
        encoding="utf-8")
    at = _app(tmp_path, monkeypatch, 'mapping = "koppeling.toml"\n')
    assert [w.value for w in at.warning][:1] == [plain(
        "Koppelprofiel 'koppeling.toml', tabblad 1 ('S'): columns moet een tabel zijn ([columns] met regels "
        "\"kop\" = \"...\"), niet 'x'. De werkboeken worden gelezen zoals template.xlsx.")]
    for page in ("app_pages/overzicht.py", "app_pages/match_zoeken.py", "app_pages/datakwaliteit.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])


@pytest.fixture
def wide(tmp_path):
    header = ["Voornaam", "Achternaam", "Geboortedatum"] + [f"Vraag {i}" for i in range(1, 98)]
    rows = [header] + [[f"Naam{r}", f"Fam{r}", f"0{r + 1}/03/1960"] + [f"antwoord {i % 5}" for i in range(1, 98)]
                       for r in range(3)]
    return build(tmp_path / "breed.xlsx", {"Blad1": rows}, province=None)


def test_a_wide_sheet_is_paged_and_keeps_the_choices_of_other_pages(tmp_path, monkeypatch, wide):
    at = _upload(_app(tmp_path, monkeypatch), wide)
    page = next(n for n in at.number_input if n.label == plain("Kolommen van Blad1: pagina (van 3)"))
    assert len([s for s in at.selectbox if s.label.startswith("Vraag")]) == 37  # 40 columns on a page
    _select(at, "Vraag 5").set_value("notes").run()
    page.set_value(3).run()
    assert not at.exception
    assert [s.label for s in at.selectbox if s.label.startswith("Vraag")][:1] == ["Vraag 78"]
    next(n for n in at.number_input if n.label.startswith("Kolommen van Blad1")).set_value(1).run()
    assert _select(at, "Vraag 5").value == "notes"


def test_a_sheet_beyond_the_limit_is_refused_with_a_message(tmp_path, monkeypatch):
    header = ["Voornaam"] + [f"V{i}" for i in range(1, 1001)]
    path = build(tmp_path / "te breed.xlsx", {"Blad1": [header, ["An"] + ["x"] * 1000]}, province=None)
    at = _upload(_app(tmp_path, monkeypatch), path)
    assert [w.value for w in at.warning] == [plain(
        "Tabblad 'Blad1' heeft 1.001 kolommen met een kop; de assistent koppelt er hoogstens 1.000. Verwijder de "
        "kolommen die je niet nodig hebt (of exporteer enkel de vragen van het formulier) en laad het werkboek "
        "opnieuw op.")]
    assert not at.selectbox
