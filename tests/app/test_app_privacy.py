"""AppTests of privacy: views noted in the access log, the Privacy page (who looked, forgetting), retention."""

from __future__ import annotations

import json
import os

import pytest

from duo_core import access
from duo_core.lifecycle import erasure, retention
from duo_core.lifecycle.access_log import AccessLog
from duo_core.lifecycle.journal import Journal
from tests.app.apptest import started

BOSS = "demo-beroepskracht@localhost"


@pytest.fixture
def workdir(demo_workdir):
    return demo_workdir




def _log() -> AccessLog:
    return AccessLog(Journal(os.environ["DUO_JOURNAL"]))


def _rows() -> list[list[str]]:
    return _log().entries()[["actor", "kind", "person_key", "detail"]].values.tolist()[::-1]


def test_opening_a_profile_and_a_pair_is_noted_once(workdir):
    at = started(access.PROFESSIONAL, "app_pages/match_zoeken.py")
    at.selectbox(key="person_p").set_value("Antwerpen/D0006").run()
    assert not at.exception
    best = at.session_state["candidate::p::Antwerpen/D0006"]  # the candidate the box shows
    pair = f"Antwerpen/D0006 + {best}"
    expected = [[BOSS, "profiel", "Antwerpen/D0006", ""], [BOSS, "uitleg", "Antwerpen/D0006", pair],
                [BOSS, "uitleg", best, pair]]
    assert _rows() == expected
    at.toggle(key="show_excluded").set_value(True).run()  # a rerun with the same person and pair
    assert _rows() == expected


def test_a_coach_s_duo_cards_are_noted(workdir):
    at = started(access.COACH)
    ds = at.session_state["dataset"]
    people = {*ds.duos["participant_key"], *ds.duos["volunteer_key"]}
    rows = _rows()
    assert {r[2] for r in rows} == people and len(rows) == len(people)
    assert {(r[0], r[1], r[3]) for r in rows} == {("demo-coach@localhost", "duokaart", "Mijn duo's")}


def test_only_professionals_have_the_privacy_page(workdir):
    for role in (access.INTAKE, access.COACH):
        at = started(role)
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page("app_pages/privacy.py")


def test_the_privacy_page_shows_who_looked_filtered_per_person_and_user(workdir):
    log = _log()
    log.record("an@samana.be", "profiel", ["Antwerpen/D0001"])
    log.record("bert@samana.be", "export", ["Antwerpen/D0001", "Limburg/V0002"], "wachtlijst.xlsx")
    at = started(access.PROFESSIONAL, "app_pages/privacy.py")
    table = at.dataframe[0].value
    assert table[["Door", "Wat", "Persoon", "Over"]].values.tolist() == [
        ["bert@samana.be", "export met namen", "Limburg/V0002", "wachtlijst.xlsx"],
        ["bert@samana.be", "export met namen", "Antwerpen/D0001", "wachtlijst.xlsx"],
        ["an@samana.be", "profiel geopend", "Antwerpen/D0001", ""],
    ]
    at.text_input(key="log_person").set_value("Limburg/V0002").run()
    assert at.dataframe[0].value["Persoon"].tolist() == ["Limburg/V0002"]
    at.text_input(key="log_person").set_value("").run()
    at.selectbox(key="log_actor").set_value("an@samana.be").run()
    assert at.dataframe[0].value["Wat"].tolist() == ["profiel geopend"]
    assert [b.label for b in at.get("download_button")][:1] == ["Toegangslogboek downloaden (Excel, voor een audit)"]


def test_forgetting_a_person_on_the_privacy_page(workdir, demo_ds):
    at = started(access.PROFESSIONAL, "app_pages/privacy.py")
    key = "Antwerpen/D0006"
    at.selectbox(key="privacy_person").set_value(key).run()
    assert at.multiselect(key=f"privacy_keys::{key}").value == [key]
    assert [b.label for b in at.get("download_button")][1:] == ["Inzage downloaden (Excel)", "Inzage downloaden (PDF)"]
    [forget] = [b for b in at.button if b.label == "Persoon vergeten"]
    forget.click().run()
    assert [e.value for e in at.error] == ["Kies een reden, minstens één sleutel, en vink aan dat je het begrijpt."]
    assert erasure.erased_keys(Journal(os.environ["DUO_JOURNAL"])) == frozenset()

    at.selectbox(key="forget_reason").set_value("verzoek van de persoon (recht op vergetelheid)")
    at.checkbox(key="forget_sure").check()
    next(b for b in at.button if b.label == "Persoon vergeten").click().run()
    assert not at.exception
    assert erasure.erased_keys(Journal(os.environ["DUO_JOURNAL"])) == frozenset({key})
    assert [s.value for s in at.success] == [
        "Vergeten\\: Antwerpen/D0006\\. Verwijder nu de rijen uit de werkboeken \\(hieronder bij Vergeten personen\\)\\."]
    row = demo_ds.participant(key)
    duo_rows = sorted(int(r) for r in demo_ds.duos.loc[demo_ds.duos["participant_key"] == key, "source_row"])
    where = at.dataframe[1].value
    assert where[["person_key", "file", "sheet", "row"]].values.tolist() == (
        [[key, "Antwerpen.xlsx", "Deelnemers", int(row["source_row"])]]
        + [[key, "Antwerpen.xlsx", "Duo's", r] for r in duo_rows])
    seen = at.session_state["dataset"].participant(key)
    assert (seen["first_name"], seen["status"]) == ("(te verwijderen)", "te verwijderen")
    assert [r[1:3] for r in _rows()] == [["vergeten", key]]

    at.switch_page("app_pages/match_zoeken.py").run()
    at.selectbox(key="person_p").set_value(key).run()
    shown = [w.value.replace("\\", "") for w in at.warning]  # shown as plain text: markdown escaped
    assert "(te verwijderen): Deelnemer wacht niet (status: te verwijderen). Er wordt niemand voorgesteld." in shown


def test_datakwaliteit_lists_the_expired_retention(workdir):
    at = started(access.PROFESSIONAL, "app_pages/datakwaliteit.py")
    ds = at.session_state["dataset"]
    expected = retention.expired(ds, months=24)
    assert len(expected) > 0
    [table] = [d.value for d in at.dataframe if "message" in d.value.columns and "kind" in d.value.columns]
    assert table["key"].tolist() == expected["key"].tolist()
    assert any(m.value.startswith(f"Gestopt meer dan 24 maanden geleden (instelbaar in duo.toml: [privacy] "
                                  f"retention_months): {len(expected)} rijen.") for m in at.markdown)


def test_the_maps_name_no_other_server(workdir):
    at = started(access.PROFESSIONAL, "app_pages/match_zoeken.py")
    at.selectbox(key="person_p").set_value("Antwerpen/D0006").run()
    specs = [json.loads(chart.proto.json) for chart in at.get("deck_gl_json_chart")]
    at.switch_page("app_pages/wachtlijst.py").run()
    assert not at.exception
    specs += [json.loads(chart.proto.json) for chart in at.get("deck_gl_json_chart")]
    assert len(specs) == 2
    for spec in specs:  # Match zoeken's selectable map and Wachtlijst's: both with the tile-free backdrop
        assert spec["mapStyle"].startswith("data:application/json,")
        assert "http" not in json.dumps(spec)
        assert [(layer["id"], layer.get("pickable")) for layer in spec["layers"]][:2] == [
            ("postcodes", False), ("places", False)]


def test_a_professional_of_one_province_answers_there_and_counts_the_other(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from app_pages.ui.text import plain
    from tests.app.test_app_roles import AUTH
    from tests.conftest import APP
    from tests.helpers import base_records, to_rows, write_sheets

    (tmp_path / "data").mkdir()
    records = base_records()
    records["Deelnemers"][1]["Voornaam"], records["Deelnemers"][2]["Voornaam"] = "Jan", "Mia"
    write_sheets(tmp_path / "data" / "Antwerpen.xlsx", to_rows(records))
    moved = base_records()  # the first participant moved to Limburg: the same name and birth date
    moved["Deelnemers"] = moved["Deelnemers"][:1]
    moved["Deelnemers"][0].update({"ID": "D9", "Postcode": 3500, "Gemeente": "Hasselt"})
    moved["Duo's"] = []
    write_sheets(tmp_path / "data" / "Limburg.xlsx", to_rows(moved))
    (tmp_path / "duo.toml").write_text('[data]\nfolder = "data"\n', encoding="utf-8")
    (tmp_path / "allowlist.toml").write_text(
        '[[user]]\nemail = "an@samana.be"\nrole = "beroepskracht"\nprovinces = ["Antwerpen"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUO_CONFIG", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": "an@samana.be"}
    at.run()
    at.switch_page("app_pages/privacy.py").run()
    at.selectbox(key="privacy_person").set_value("Antwerpen/D1").run()
    assert not at.exception
    keys = at.multiselect(key="privacy_keys::Antwerpen/D1")
    assert (keys.label.split(" (")[0], keys.options, keys.value) == (
        "Dezelfde persoon in jouw provincies", ["Antwerpen/D1"], ["Antwerpen/D1"])
    sentence = ("Dezelfde persoon staat ook in Limburg (1 rij in de werkboeken, 0 stappen in het logboek); wat daar "
                "staat, zit niet in dit overzicht: een beroepskracht van die provincie (of de privacyverantwoordelijke "
                "van de organisatie) vervolledigt het verzoek daar.")
    assert plain(sentence) in [i.value for i in at.info]
    at.selectbox(key="forget_reason").set_value("verzoek van de persoon (recht op vergetelheid)")
    at.checkbox(key="forget_sure").check()
    next(b for b in at.button if b.label == "Persoon vergeten").click().run()
    assert not at.exception
    assert erasure.erased_keys(Journal(os.environ["DUO_JOURNAL"])) == frozenset({"Antwerpen/D1"})
    [done] = [s.value.replace("\\", "") for s in at.success]
    assert done.startswith("Vergeten: Antwerpen/D1. Verwijder nu de rijen uit de werkboeken (hieronder bij Vergeten "
                           "personen). Dezelfde persoon staat "
                           "ook in Limburg (1 rij in de werkboeken, 0 stappen in het logboek) en is daar niet vergeten")


def test_one_forgotten_person_still_in_the_workbooks_is_counted_in_the_singular(workdir):
    at = started(access.PROFESSIONAL, "app_pages/privacy.py")
    at.selectbox(key="privacy_person").set_value("Antwerpen/D0006").run()
    at.selectbox(key="forget_reason").set_value("verzoek van de persoon (recht op vergetelheid)")
    at.checkbox(key="forget_sure").check()
    next(b for b in at.button if b.label == "Persoon vergeten").click().run()
    assert [m.value for m in at.markdown if "vergeten;" in m.value] == [
        "1 vergeten; 1 staat nog in de werkboeken (te verwijderen)."]
