"""AppTests of the Power BI habits: drill-through from a chart, slicers shared by every page, saved views."""

from __future__ import annotations

import os

from streamlit.testing.v1 import AppTest

from duo_core.formatting import markdown_text
from duo_core.insights import drill
from duo_core.lifecycle.access_log import AccessLog
from duo_core.lifecycle.journal import Journal
from tests.app.apptest import on_page, started
from tests.conftest import APP


def test_one_province_slicer_follows_the_person_over_every_page(demo_workdir):
    at = started()
    at.multiselect(key="ov_provinces").set_value(["Limburg"]).run()
    for page, key in (("app_pages/datakwaliteit.py", "dq_provinces"), ("app_pages/lopende_duos.py", "duos_provinces"),
                      ("app_pages/contactcoaches.py", "coach_provinces"), ("app_pages/monitoring.py", "mon_provinces")):
        on_page(at, page)
        assert (page, at.multiselect(key=key).value, at.query_params["provincies"]) == (page, ["Limburg"], "Limburg")
    on_page(at, "app_pages/datakwaliteit.py")
    assert set(at.dataframe(key="dq_table").value["province"]) == {"Limburg"}
    at.multiselect(key="dq_severity").set_value(["waarschuwing", "fout"]).run()  # the address holds what is shown
    assert at.query_params["ernst"] == "waarschuwing,fout"
    assert set(at.dataframe[-1].value["province"]) == {"Limburg"}
    on_page(at, "app_pages/contactcoaches.py")
    assert set(at.dataframe[0].value["province"]) == {"Limburg"}
    on_page(at, "app_pages/lopende_duos.py")
    ds = at.session_state["dataset"]
    open_in_limburg = ds.duos[(ds.duos["province"] == "Limburg") & ds.duos["status"].isin(["voorstel", "kennismaking"])]
    assert sorted(at.dataframe[0].value["key"]) == sorted(k.split("/", 1)[1] for k in open_in_limburg["key"])
    at.multiselect(key="duos_provinces").set_value(["Antwerpen", "Limburg"]).run()  # chosen here, kept on Overzicht
    on_page(at, "app_pages/overzicht.py")
    assert at.multiselect(key="ov_provinces").value == ["Antwerpen", "Limburg"]


def test_a_stop_reason_in_the_address_shows_the_duos_behind_it(demo_workdir):
    at = AppTest.from_file(APP, default_timeout=120).switch_page("app_pages/monitoring.py")
    at.query_params["klik_reden"] = "klik niet goed"
    at.query_params["provincies"] = "Limburg"
    at.run()
    ds = at.session_state["dataset"]
    start, end = at.date_input(key="mon_period").value
    expected = drill.stopped_for_reason(ds, start, end, ["Limburg"], "klik niet goed")
    [shown] = [d for d in at.dataframe if list(d.proto.column_order) == drill.COLUMNS]  # the keys are not shown
    assert len(shown.value) == len(expected) > 0
    assert shown.value.values.tolist() == expected.values.tolist()
    log = AccessLog(Journal(os.environ["DUO_JOURNAL"])).entries()  # the names shown are noted, once per person
    noted = log[log["kind"] == "cijfer"]
    assert sorted(noted["person_key"]) == sorted(drill.people_named(expected))
    assert set(noted["detail"]) == {"Monitoring: stopreden klik niet goed"}
    assert set(noted["actor"]) == {"demo-beroepskracht@localhost"}
    at.run()  # the table stays open: not noted again
    assert len(AccessLog(Journal(os.environ["DUO_JOURNAL"])).entries()) == len(log)
    assert markdown_text(f"{len(expected)} duo's gestopt wegens klik niet goed tussen {start:%d/%m/%Y} en "
                         f"{end:%d/%m/%Y}.") in at.markdown.values
    assert "Duo's achter je klik" in [h.value for h in at.header]
    at.button(key="mon_clear_pick").click().run()
    assert "Duo's achter je klik" not in [h.value for h in at.header]
    assert "klik_reden" not in at.query_params


def test_a_saved_view_opens_its_page_with_its_filters(demo_workdir):
    at = started(page="app_pages/monitoring.py")
    at.multiselect(key="mon_provinces").set_value(["Limburg"]).run()
    first, last = at.date_input(key="mon_period").value
    at.text_input(key="view_name").input("").run()
    at.button(key="view_save").click().run()
    assert [e.value for e in at.sidebar.error] == ["Geef de weergave een naam\\."]
    at.text_input(key="view_name").input("Limburg *nu*").run()
    at.button(key="view_save").click().run()
    assert [s.value for s in at.sidebar.success] == [markdown_text(
        "Weergave 'Limburg *nu*' bewaard: Monitoring met de filters die nu gekozen zijn.")]
    assert at.text_input(key="view_name").value == ""
    at.text_input(key="view_name").input("limburg *NU*").run()
    at.button(key="view_save").click().run()  # the same name, other capitals
    assert [e.value for e in at.sidebar.error] == [markdown_text(
        "Er is al een weergave met de naam 'limburg *NU*'. Kies een andere naam, of verwijder eerst de bewaarde.")]
    assert at.text_input(key="view_name").value == "limburg *NU*"  # a refused name stays typed
    on_page(at, "app_pages/overzicht.py")
    at.multiselect(key="ov_provinces").set_value(["Antwerpen"]).run()
    assert at.selectbox(key="view_pick").options == [  # shown as typed: options are no markdown
        f"Limburg *nu* (Monitoring; provincies Limburg; periode {first:%d/%m/%Y} tot {last:%d/%m/%Y})"]
    at.selectbox(key="view_pick").select("Limburg *nu*").run()
    at.button(key="view_open").click().run()
    assert not at.exception
    assert at.title[0].value == "Monitoring"
    assert at.multiselect(key="mon_provinces").value == ["Limburg"]
    assert at.query_params["provincies"] == "Limburg"
