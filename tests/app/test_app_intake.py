"""AppTests of the intake stage: Aanmeldingen (new sign-up, planning, hand-over) and Kennismakingsgesprek."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.ui.text import plain
from duo_core import access, lifecycle
from duo_core.lifecycle import coaches
from duo_core.lifecycle.intake import Intake
from duo_core.lifecycle.journal import Journal
from duo_core.schema import STOP_REASONS
from tests.app.apptest import started
from tests.conftest import APP

TODAY = dt.date.today()


@pytest.fixture
def workdir(demo_workdir):
    return demo_workdir


def _click(at: AppTest, label: str) -> AppTest:
    [button] = [b for b in at.button if b.label == label]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _journal() -> Journal:
    return Journal(os.environ["DUO_JOURNAL"])


def _errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def _successes(at: AppTest) -> list[str]:
    return [s.value for s in at.success]


def _sign_up(at: AppTest, postcode: str = "2800") -> AppTest:
    at.selectbox(key="signup_form_province").set_value("Antwerpen")
    at.text_input(key="signup_form_first_name").input("Mia")
    at.text_input(key="signup_form_last_name").input("Janssens")
    at.date_input(key="signup_form_birth_date").set_value(dt.date(1950, 1, 2))
    at.text_input(key="signup_form_postcode").input(postcode)
    at.multiselect(key="signup_form_interests").set_value(["wandelen", "koken"])
    return _click(at, "Aanmelding bewaren")


def test_a_bad_sign_up_shows_the_message_at_the_field_and_keeps_what_was_typed(workdir):
    at = _sign_up(started("beroepskracht", "app_pages/aanmeldingen.py"), postcode="99")
    assert plain("'99' is geen Belgische postcode: vul 4 cijfers in, bv. 2800.") in _errors(at)
    assert at.text_input(key="signup_form_first_name").value == "Mia"
    assert at.multiselect(key="signup_form_interests").value == ["wandelen", "koken"]
    assert _journal().version() == (0, 0)
    at.text_input(key="signup_form_postcode").input("2800")
    _click(at, "Aanmelding bewaren")
    # the person by name (the one typing knows them so), with the key the app gave
    assert _successes(at) == [plain("Mia Janssens is aangemeld (Antwerpen/AANM00001). Plan nu het kennismakingsgesprek.")]
    assert at.text_input(key="signup_form_first_name").value is None  # the form is empty again, on screen too
    assert at.multiselect(key="signup_form_interests").value == []
    assert at.date_input(key="signup_form_registered_on").value == TODAY
    table = next(d.value for d in at.dataframe if "days" in d.value.columns)
    # the demo's 37 sign-ups waited longer: Mia, signed up today, comes last
    assert len(table) == 38 and table[["name", "municipality", "days"]].values.tolist()[-1] == [
        "Mia Janssens", "Mechelen", 0]
    assert at.metric[0].value == "38"


def test_a_phone_number_without_digits_is_said_at_the_field_and_nothing_is_saved(workdir):
    at = started("beroepskracht", "app_pages/aanmeldingen.py")
    at.text_input(key="signup_form_phone").input("abc")
    at = _sign_up(at)
    assert plain("'abc' is geen telefoonnummer: gebruik 8 tot 15 cijfers, bv. 0470 12 34 56.") in _errors(at)
    assert at.text_input(key="signup_form_phone").value == "abc"
    assert _journal().version() == (0, 0)


def test_the_line_at_the_button_names_the_refused_fields_in_the_order_of_the_form(workdir):
    at = started("beroepskracht", "app_pages/aanmeldingen.py")
    at.text_input(key="signup_form_first_name").input("Mia")
    at.text_input(key="signup_form_phone").input("abc")
    at.text_input(key="signup_form_email").input("geen-mail")
    at.date_input(key="signup_form_birth_date").set_value(dt.date(2030, 1, 2))
    at.text_input(key="signup_form_postcode").input("99")
    _click(at, "Aanmelding bewaren")
    assert _errors(at)[-1] == plain("Niet bewaard: kijk Geboortedatum, Postcode, Telefoon en E-mail na (de melding "
                                    "staat bij het veld). Wat je typte, blijft staan.")


def test_planning_a_conversation_offers_it_for_the_calendar(workdir):
    (workdir / "duo.toml").write_text('[intake_places]\nAntwerpen = ["Samana Mechelen", "Zaal Lier"]\n',
                                      encoding="utf-8")
    at = _sign_up(started("intakevrijwilliger", "app_pages/aanmeldingen.py"))
    table = next(d.value for d in at.dataframe if "days" in d.value.columns)
    # Antwerpen's intake volunteers (sheet Intakevrijwilligers: 3, 2, 4 and 6 a month) and the demo intake volunteer
    # (4, all provinces) take the 37 earlier sign-ups first; then Olivier Timmermans has the most room left (2)
    # shown by name; the address is what the planning records
    assert table.set_index("name").at["Mia Janssens", "proposal"] == "Olivier Timmermans (olivier.timmermans@samana.be)"
    at.selectbox(key="plan_form_person").set_value("Antwerpen/AANM00001").run()
    chosen = at.selectbox(key="plan_form_volunteer")
    assert chosen.value == "olivier.timmermans@samana.be"  # the proposal first
    assert chosen.options[0] == "Olivier Timmermans (olivier.timmermans@samana.be)"
    at.selectbox(key="plan_form_volunteer").set_value("demo-intake@localhost")
    at.date_input(key="plan_form_date").set_value(TODAY + dt.timedelta(days=3))
    assert at.selectbox(key="plan_form_place").options == ["Samana Mechelen", "Zaal Lier"]
    at.selectbox(key="plan_form_place").set_value("Samana Mechelen")
    _click(at, "Gesprek plannen")
    assert plain("Kennismakingsgesprek met Mia Janssens gepland.") in _successes(at)
    table = next(d.value for d in at.dataframe if "days" in d.value.columns)
    planned = TODAY + dt.timedelta(days=3)
    assert table["planned"].tolist() == [""] * 37 + [
        f"{planned:%d/%m/%Y} 10:00 in Samana Mechelen met demo-intake@localhost"]  # the demo's sign-ups: none yet
    assert [b.label for b in at.get("download_button")] == ["In mijn agenda (.ics)"]
    assert "Nieuw na kennismaking" not in [h.value for h in at.header]


def test_the_conversation_is_prefilled_kept_as_draft_and_hands_over_to_matching(workdir):
    _sign_up(started("beroepskracht", "app_pages/aanmeldingen.py"))
    at = started("intakevrijwilliger", "app_pages/kennismaking.py")
    at.selectbox(key="talk_person").set_value("Antwerpen/AANM00001").run()
    assert at.multiselect(key="talk_form_interests").value == ["koken", "wandelen"]
    assert at.text_input(key="talk_form_postcode").value == "2800"
    at.text_area(key="talk_form_transport").input("met de bus")
    at.text_area(key="talk_form_care_need").input("MS")
    _click(at, "Bewaar als ontwerp")  # health data is never kept without consent, not even in a draft
    assert any(plain("Zonder uitdrukkelijke toestemming") in e for e in _errors(at))
    assert at.text_area(key="talk_form_care_need").value == "MS"
    assert _journal().events()["action"].tolist() == ["signup"]  # nothing kept
    at.checkbox(key="talk_form_consent").check()
    _click(at, "Bewaar als ontwerp")
    assert plain("Het gesprek met Mia Janssens is als ontwerp bewaard.") in _successes(at)
    # a new visit continues the draft
    at = started("intakevrijwilliger", "app_pages/kennismaking.py")
    at.selectbox(key="talk_person").set_value("Antwerpen/AANM00001").run()
    assert at.text_area(key="talk_form_transport").value == "met de bus"
    assert at.text_area(key="talk_form_care_need").value == "MS"
    _click(at, "Klaar voor matching")
    assert any(plain("Vul in wanneer de toestemming gegeven werd.") in e for e in _errors(at))
    at.date_input(key="talk_form_consent_on").set_value(TODAY)
    at.text_input(key="talk_form_consent_by").input("Olivier")
    _click(at, "Klaar voor matching")
    assert plain("Mia Janssens is klaar voor matching en staat op de wachtlijst.") in _successes(at)
    [link] = [p for p in at.get("page_link") if p.proto.label == "Zoek nu een match voor deze persoon"]
    assert link.proto.query_string == "deelnemer=Antwerpen%2FAANM00001"
    person = at.session_state["dataset"].participant("Antwerpen/AANM00001")
    assert (person["status"], person["intake_transport"]) == ("wachtend", "met de bus")
    assert "care_need" not in at.session_state["dataset"].participants.columns  # intake volunteers never see it
    at.query_params["deelnemer"] = "Antwerpen/AANM00001"
    at.switch_page("app_pages/match_zoeken.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="person_p").value == "Antwerpen/AANM00001"
    assert at.session_state["candidate::p::Antwerpen/AANM00001"] is not None
    boss = started("beroepskracht", "app_pages/aanmeldingen.py")
    handed = next(d.value for d in boss.dataframe if "intake_volunteer" in d.value.columns)
    assert handed[["name", "intake_transport", "care_need", "consent"]].values.tolist() == [
        ["Mia Janssens", "met de bus", "MS", f"ja, {TODAY:%d/%m/%Y} (Olivier)"]]


def test_a_coach_has_no_intake_pages(workdir):
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["demo_role"] = "contactcoach"
    at.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/aanmeldingen.py")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/kennismaking.py")


def test_overzicht_and_monitoring_count_the_intake_stage(workdir, demo_ds):
    journal = _journal()
    boss = access.User("boss@x", access.PROFESSIONAL)
    key = Intake(journal, lifecycle.overlay(demo_ds, journal), boss).sign_up(
        {"first_name": "Mia", "last_name": "Janssens", "postcode": "2800"}, "Antwerpen")
    Intake(journal, lifecycle.overlay(demo_ds, journal), boss).finish(
        key, {"fields": {}, "date": TODAY, "volunteer": "Olivier"})
    Intake(journal, lifecycle.overlay(demo_ds, journal), boss).sign_up(
        {"first_name": "Lena", "last_name": "Maes", "postcode": "3500"}, "Limburg")
    at = started("beroepskracht", "app_pages/overzicht.py")
    metrics = {m.label: m.value for m in at.metric}
    # Lena and the demo's 37 sign-ups wait for their conversation; Mia's was recorded
    assert (metrics["Wacht op kennismakingsgesprek"], metrics["Gesprekken vastgelegd"]) == ("38", "1")
    assert metrics["Dagen tot gesprek (mediaan)"] == "0"
    at.switch_page("app_pages/monitoring.py").run()
    assert not at.exception, [e.value for e in at.exception]
    table = next(d.value for d in at.dataframe if "chosen_per_month" in d.value.columns)
    assert table[["volunteer", "conversations", "per_month"]].values.tolist() == [["Olivier", 1, "0,1"]]


def test_a_professional_stops_a_participant_with_a_reason(workdir):
    at = started("beroepskracht", "app_pages/aanmeldingen.py")
    at.selectbox(key="status_form_person").set_value("Antwerpen/D0174")
    at.selectbox(key="status_form_status").set_value("gestopt")
    _click(at, "Status wijzigen")
    assert plain("Kies een reden uit " + ", ".join(STOP_REASONS) + ".") in _errors(at)
    assert at.selectbox(key="status_form_person").value == "Antwerpen/D0174"
    at.selectbox(key="status_form_reason").set_value("verhuisd")
    _click(at, "Status wijzigen")
    assert plain("Vincent De Decker is nu gestopt.") in _successes(at)
    assert at.session_state["dataset"].participant("Antwerpen/D0174")["status"] == "gestopt"
    intake = started("intakevrijwilliger", "app_pages/aanmeldingen.py")
    assert "Status van een deelnemer" not in [h.value for h in intake.header]


def test_logboek_lists_person_steps_undoes_them_and_offers_the_updated_copy(workdir, demo_ds):
    journal = _journal()
    boss = access.User("boss@x", access.PROFESSIONAL)
    Intake(journal, lifecycle.overlay(demo_ds, journal), boss).sign_up(
        {"first_name": "Mia", "last_name": "Janssens", "postcode": "2800"}, "Antwerpen")
    at = started("beroepskracht", "app_pages/logboek.py")
    audit = next(d.value for d in at.dataframe if "label" in d.value.columns)
    assert audit[["label", "duo_key", "participant"]].values.tolist() == [
        ["aangemeld", "", "Mia Janssens"]]
    labels = [b.label for b in at.get("download_button")]
    assert "Bijgewerkte kopie Antwerpen (Excel)" in labels
    at.selectbox(key="undo_step").set_value(1)
    at.checkbox(key="undo_sure").check()
    _click(at, "Ongedaan maken")
    assert [e.value for e in at.error] == []
    assert _successes(at) == [plain("Ongedaan gemaakt: aangemeld van Mia Janssens.")]
    assert "Antwerpen/AANM00001" not in set(at.session_state["dataset"].participants["key"])


def test_a_coach_adds_each_planned_follow_up_to_the_calendar(workdir):
    at = started("contactcoach", "app_pages/mijn_duos.py")
    user = at.session_state["user"]
    duos = coaches.coach_duos(at.session_state["dataset"], user.coach_key)
    planned = duos[duos["due"].notna() & ~duos["overdue"]]
    buttons = [b for b in at.get("download_button") if b.label == "In mijn agenda (.ics)"]
    assert len(planned) > 0
    assert len(buttons) == len(planned)


def test_a_new_demo_journal_shows_planned_conversations_and_the_intake_team(workdir, monkeypatch, tmp_path):
    monkeypatch.delenv("DUO_JOURNAL")  # the demo's own journal, in a fresh state directory
    monkeypatch.setenv("DUO_STATE_DIR", str(tmp_path / "state"))
    at = started("beroepskracht", "app_pages/aanmeldingen.py")
    journal = Journal(tmp_path / "state" / "demo_logboek.sqlite")
    assert journal.events()["action"].tolist() == ["plan"] * 19
    table = next(d.value for d in at.dataframe if "days" in d.value.columns)
    assert len(table) == 37 and int((table["planned"] != "").sum()) == 19
    assert at.metric[1].value == "19"  # Gesprek gepland
    started("beroepskracht", "app_pages/aanmeldingen.py")
    assert len(journal.events()) == 19  # seeded once: a journal with events is never touched again
