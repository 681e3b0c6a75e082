"""AppTests of the app when things go wrong or someone tries: uploads, journals, logins, payloads, odd data.

Every page stays up, every problem is a Dutch message, and what one session tries never reaches another.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.ui.text import plain
from duo_core import access
from duo_core.lifecycle.journal import Journal
from duo_core.lifecycle.stores import READ_ONLY, UNREACHABLE
from tests.app.test_app_roles import AUTH, PAGE_FILES
from tests.conftest import APP
from tests.helpers import base_records, to_rows, write_sheets
from tests.workbooks import build

PAYLOADS = {
    "markdown": "[Klik hier om in te loggen](https://evil.example/login)",
    "html": "<img src=x onerror=alert(1)>",
    "javascript": "javascript:alert(document.cookie)",
}


def _texts(node) -> list[str]:
    """Every text the app rendered in markdown-like elements (title, markdown, captions, alerts, labels)."""
    out = []
    for child in getattr(node, "children", {}).values() if hasattr(node, "children") else []:
        out.extend(_texts(child))
    for attr in ("value", "label", "body"):
        value = getattr(node, attr, None)
        if isinstance(value, str):
            out.append(value)
    return out


def _all_texts(at: AppTest) -> list[str]:
    return _texts(at._tree)


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def demo(demo_workdir):
    return demo_workdir


def _app(role: str = access.PROFESSIONAL, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["demo_role"] = role
    _run(at)
    if page:
        at.switch_page(page)
        _run(at)
    return at


# --- uploads are trials -------------------------------------------------------------------------


def test_actions_on_an_uploaded_copy_stay_in_that_session(demo, tmp_path):
    path = build(tmp_path / "Antwerpen.xlsx")
    trial = _app()
    trial.session_state["uploaded_workbooks"] = (("Antwerpen.xlsx", path.read_bytes()),)
    trial.switch_page("app_pages/match_zoeken.py")
    _run(trial)
    assert "Je werkt op een opgeladen proefkopie" in " ".join(i.value for i in trial.info)
    trial.session_state["person_p"] = "Antwerpen/D1"
    _run(trial)
    [button] = [b for b in trial.button if b.label == "Voorstel vastleggen"]
    button.click()
    _run(trial)
    view = trial.session_state["dataset"]
    duo = view.duos.set_index("key").loc["Antwerpen/APP00001"]
    pair = " + ".join(" ".join(frame.loc[key, ["first_name", "last_name"]]) for frame, key in (
        (view.participants_by_key, duo["participant_key"]), (view.volunteers_by_key, duo["volunteer_key"])))
    assert [s.value for s in trial.success] == [plain(f"Voorstel {pair} vastgelegd. Volg het verder op via Lopende duo's.")]
    assert pair.startswith("An Peeters + ")
    assert trial.session_state["journal_state"].journal.version() == (1, 1)
    assert Journal(os.environ["DUO_JOURNAL"]).version() == (0, 0)  # the shared journal holds nothing
    other = _app(page="app_pages/match_zoeken.py")  # a second session on the real (demo) data
    assert other.session_state["journal_state"].journal.version() == (0, 0)
    assert other.session_state["dataset"].duos["source_file"].ne("logboek").all()


def test_an_uploaded_dataset_is_kept_in_its_session_only(demo, tmp_path):
    path = build(tmp_path / "Limburg.xlsx", province="Limburg")
    at = _app()
    at.session_state["uploaded_workbooks"] = (("Limburg.xlsx", path.read_bytes()),)
    _run(at)
    assert at.session_state["dataset"].provinces == ["Limburg"]
    held = [k for k in at.session_state if str(k).startswith("_memo_")]
    # what is derived from the upload (the sidebar's counts of findings) is kept in the session too
    assert sorted(held) == ["_memo_derived_severity_counts", "_memo_overlay", "_memo_projected",
                            "_memo_trial_journal", "_memo_uploads"]
    at.session_state["uploaded_workbooks"] = None
    _run(at)
    assert len(at.session_state["dataset"].provinces) == 5


# --- the journal fails politely -----------------------------------------------------------------


@pytest.mark.parametrize("role", [access.PROFESSIONAL, access.INTAKE, access.COACH])
def test_an_unreachable_journal_shows_no_credentials_and_recovers(demo, monkeypatch, role):
    monkeypatch.setenv("DUO_JOURNAL", "postgresql://duo:geheim@127.0.0.1:1/duo?password=geheim2")
    at = _app(role)
    assert [w.value for w in at.warning][-1] == plain(UNREACHABLE)
    assert at.session_state["lifecycle"] is None
    assert not any("geheim" in t for t in _all_texts(at))
    details = " ".join(_all_texts(at))
    assert ("postgresql" in details) == (role == access.PROFESSIONAL)  # where it is: for professionals only
    monkeypatch.setenv("DUO_JOURNAL", str(demo / "logboek.sqlite"))
    _run(at)
    assert at.session_state["lifecycle"] is not None
    assert not [w.value for w in at.warning if "logboek" in w.value.lower()]


def test_a_fresh_installation_records_actions_in_a_new_state_directory(demo, monkeypatch, tmp_path):
    # the README's run command on a new machine: no DUO_JOURNAL, no state directory yet
    monkeypatch.delenv("DUO_JOURNAL")
    monkeypatch.setenv("DUO_STATE_DIR", str(tmp_path / "nieuw" / "state"))
    at = _app()
    assert at.session_state["lifecycle"] is not None
    assert not [w.value for w in at.warning if "logboek" in w.value.lower()]
    assert (tmp_path / "nieuw" / "state" / "demo_logboek.sqlite").is_file()


def test_a_read_only_journal_disables_actions_but_keeps_the_audit(demo, monkeypatch):
    path = demo / "logboek.sqlite"
    Journal(path).propose("Antwerpen/D0174", "Antwerpen/V0049", "a@x")
    monkeypatch.setenv("DUO_JOURNAL", f"file:{path}?mode=ro")
    at = _app(page="app_pages/match_zoeken.py")
    assert plain(READ_ONLY) in [w.value for w in at.warning]
    at.session_state["person_p"] = "Antwerpen/D0112"
    _run(at)
    assert "Voorstel vastleggen" not in [b.label for b in at.button]
    at.switch_page("app_pages/logboek.py")
    _run(at)
    [audit] = [d.value for d in at.dataframe if "actor" in d.value.columns]
    assert audit["duo_key"].tolist() == ["Antwerpen/APP00001"]
    assert "Ongedaan maken kan nu niet: het logboek kan niet beschreven worden." in [m.value for m in at.markdown]


# --- login and the allow-list -------------------------------------------------------------------


@pytest.fixture
def broken_allowlist(tmp_path, monkeypatch):
    (tmp_path / "allowlist.toml").write_text(
        '[[user]]\nemail = "boss@samana.be"\nrole = "beroepskracht"\n'
        '[[user]]\nemail = "els@samana.be"\nrole = "coach"\n'
        '[[user]]\nemail = "jan@samana.be"\nrole = "contactcoach"\n'
        '[[user]]\nemail = "mie@samana.be"\nrole = "contactcoach"\ncoach = "Antwerpen/C99"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUO_CONFIG", raising=False)
    return tmp_path


def _login(email: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": email}
    return _run(at)


@pytest.mark.parametrize("email", ["stranger@example.org", "els@samana.be", "jan@samana.be", "mie@samana.be"])
def test_a_stranger_or_a_bad_entry_sees_only_the_polite_message_and_a_logout(broken_allowlist, email):
    at = _login(email)
    assert [b.label for b in at.button] == ["Afmelden"]
    assert [i.value for i in at.info] == [
        "Welkom! Je bent aangemeld, maar je account heeft nog geen toegang tot dit dashboard. Vraag de beroepskracht "
        "van Duowerking om je toe te voegen."]
    # nobody's address, not even their own (the page's style sheet has "@media", which is no address)
    assert not [t for t in _all_texts(at) if re.search(r"[\w.+-]+@[\w-]+\.\w", t)]
    assert "dataset" not in at.session_state  # and no data was handed to the pages


def test_the_professional_sees_every_allowlist_problem(broken_allowlist):
    at = _login("boss@samana.be")
    [expander] = [e for e in at.sidebar.expander if e.label.startswith("Instellingen")]
    assert expander.label == "Instellingen: 3 meldingen"
    problems = [m.value for m in expander.markdown]
    assert len(problems) == 3
    assert "onbekende rol 'coach'" in problems[0] and "heeft geen coach" in problems[1]
    assert "Antwerpen/C99" in problems[2]


def test_the_allowlist_file_missing_locks_out_politely(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUO_CONFIG", raising=False)
    at = _login("boss@samana.be")
    assert [b.label for b in at.button] == ["Afmelden"]
    assert not at.error


# --- person-supplied text is text ---------------------------------------------------------------


@pytest.fixture
def hostile_folder(tmp_path, monkeypatch):
    records = base_records()
    records["Contactcoaches"][0]["Voornaam"] = PAYLOADS["markdown"]
    records["Contactcoaches"][0]["Achternaam"] = PAYLOADS["html"]
    for row in records["Deelnemers"]:
        row["Voornaam"], row["Achternaam"] = PAYLOADS["html"], PAYLOADS["markdown"]
        row["Interesses"] = f"wandelen; {PAYLOADS['javascript']}; {PAYLOADS['html']}"
    for row in records["Vrijwilligers"]:
        row["Voornaam"], row["Achternaam"] = PAYLOADS["javascript"], PAYLOADS["markdown"]
        row["Interesses"] = f"wandelen; {PAYLOADS['javascript']}; {PAYLOADS['html']}"
    write_sheets(tmp_path / "werkboeken" / "Antwerpen.xlsx", to_rows(records))
    (tmp_path / "duo.toml").write_text('[data]\nfolder = "werkboeken"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUO_CONFIG", raising=False)
    return tmp_path


def _no_raw_payload(at: AppTest) -> None:
    for text in _all_texts(at):
        for payload in PAYLOADS.values():
            assert payload not in text, text


def test_payloads_in_names_reach_messages_as_text(hostile_folder):
    at = AppTest.from_file(APP, default_timeout=120)
    _run(at)
    at.switch_page("app_pages/match_zoeken.py")
    _run(at)
    at.session_state["person_p"] = "Antwerpen/D1"
    _run(at)
    _no_raw_payload(at)
    chart = at.get("plotly_chart")[0].proto.spec  # the hover of the explanation chart
    assert "&lt;img src=x onerror=alert(1)&gt;" in chart
    assert "<img" not in chart
    [button] = [b for b in at.button if b.label == "Voorstel vastleggen"]
    button.click()
    _run(at)
    _no_raw_payload(at)
    at.switch_page("app_pages/lopende_duos.py")
    _run(at)
    at.session_state["duo_pick"] = "Antwerpen/APP00001"
    _run(at)
    [button] = [b for b in at.button if b.label == "Kennismaking gehouden"]
    button.click()
    _run(at)
    at.session_state["duo_coach::Antwerpen/APP00001"] = "Antwerpen/C1"
    [button] = [b for b in at.button if b.label == "Duo starten"]
    button.click()
    _run(at)
    messages = [s.value for s in at.success]
    assert len(messages) == 1 and "gestart met \\[Klik hier" in messages[0], ([e.value for e in at.error], messages)
    _no_raw_payload(at)
    for page in PAGE_FILES.values():
        if page != "app_pages/mijn_duos.py":
            at.switch_page(page)
            _run(at)
            _no_raw_payload(at)


# --- configuration, folders and odd keys --------------------------------------------------------


@pytest.mark.parametrize("content", ["[coaches]\nfee_per_duo = \"veel\"\n", "[weights]\nproximity = nan\n",
                                     "[data]\nfolder = \"C:\\Users\\duo\"\n", "\xff\xfe[[[", "[weigths]\nx = 1\n"])
def test_a_malformed_configuration_is_a_message_not_a_crash(tmp_path, monkeypatch, content):
    (tmp_path / "duo.toml").write_bytes(content.encode("latin-1"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUO_CONFIG", raising=False)
    at = _run(AppTest.from_file(APP, default_timeout=120))
    [error] = at.error
    assert error.value.startswith("De instellingen \\(duo\\.toml\\) kunnen niet gebruikt worden\\:")
    assert str(tmp_path) not in error.value


@pytest.mark.parametrize("folder", ["bestaat-niet", "werkboeken.txt"])
def test_a_missing_folder_or_a_file_keeps_every_page_up(tmp_path, monkeypatch, folder):
    (tmp_path / "werkboeken.txt").write_text("geen map")
    (tmp_path / "duo.toml").write_text(f'[data]\nfolder = "{folder}"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUO_CONFIG", raising=False)
    at = _run(AppTest.from_file(APP, default_timeout=120))
    assert "Er zijn nog geen gegevens ingelezen. Zie Datakwaliteit." in [i.value for i in at.sidebar.info]
    for page in PAGE_FILES.values():
        if page != "app_pages/mijn_duos.py":
            at.switch_page(page)
            _run(at)
    assert str(tmp_path) not in " ".join(_all_texts(at))


def test_every_page_stays_up_with_duplicate_and_odd_keys(tmp_path, monkeypatch):
    records = base_records()
    records["Deelnemers"][2]["ID"] = "D1"  # a repeated ID
    records["Vrijwilligers"][1]["ID"] = "V/1"  # a slash in an ID
    records["Duo's"][0]["Vrijwilliger ID"] = "V/1"
    folder = tmp_path / "werkboeken"
    build(folder / "Antwerpen.xlsx", to_rows(records))
    build(folder / "Kopie van Antwerpen.xlsx", to_rows(records))  # a second workbook of one province
    build(folder / "regio.xlsx", to_rows(base_records()), province="Regio Noord/Kempen")
    (tmp_path / "duo.toml").write_text('[data]\nfolder = "werkboeken"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUO_CONFIG", raising=False)
    at = _run(AppTest.from_file(APP, default_timeout=120))
    ds = at.session_state["dataset"]
    assert ds.participants["key"].is_unique and ds.volunteers["key"].is_unique
    assert ds.provinces == ["Antwerpen", "Regio Noord-Kempen"]
    for page in PAGE_FILES.values():
        if page == "app_pages/mijn_duos.py":
            continue
        at.switch_page(page)
        _run(at)
    at.switch_page("app_pages/match_zoeken.py")
    _run(at)
    for key in ("Antwerpen/D1@4", "Regio Noord-Kempen/D1"):
        at.session_state["person_p"] = key
        _run(at)
    at.session_state["direction"] = "Vrijwilliger → wachtende deelnemers"
    _run(at)
    at.session_state["person_v"] = "Antwerpen/V/1"
    _run(at)
    assert Path(os.environ["DUO_JOURNAL"]).name == "logboek.sqlite"
