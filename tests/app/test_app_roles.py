"""AppTests of login, the allow-list and the pages each role may open."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import APP

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "test-secret",
    "client_id": "duo",
    "client_secret": "duo-secret",
    "server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration",
}
PAGE_FILES = {
    "overzicht": "app_pages/overzicht.py",
    "match": "app_pages/match_zoeken.py",
    "wachtlijst": "app_pages/wachtlijst.py",
    "coaches": "app_pages/contactcoaches.py",
    "monitoring": "app_pages/monitoring.py",
    "kwaliteit": "app_pages/datakwaliteit.py",
    "mijn_duos": "app_pages/mijn_duos.py",
    "duos": "app_pages/lopende_duos.py",
    "logboek": "app_pages/logboek.py",
    "aanmeldingen": "app_pages/aanmeldingen.py",
    "kennismaking": "app_pages/kennismaking.py",
    "privacy": "app_pages/privacy.py",
}
ALLOWED = {
    "boss@samana.be": ["overzicht", "match", "wachtlijst", "aanmeldingen", "kennismaking", "duos", "coaches",
                       "monitoring", "kwaliteit", "logboek", "privacy"],
    "intake@samana.be": ["match", "wachtlijst", "aanmeldingen", "kennismaking", "duos"],
    "coach@samana.be": ["mijn_duos"],
}


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    (tmp_path / "allowlist.toml").write_text(
        '[[user]]\nemail = "boss@samana.be"\nrole = "beroepskracht"\n'
        '[[user]]\nemail = "intake@samana.be"\nrole = "intakevrijwilliger"\nprovinces = ["Limburg"]\n'
        '[[user]]\nemail = "coach@samana.be"\nrole = "contactcoach"\ncoach = "Antwerpen/C01"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUO_CONFIG", raising=False)
    return tmp_path


def _app(email: str | None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": email is not None, **({"email": email} if email else {})}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_not_logged_in_shows_only_the_login_button(workdir):
    at = _app(None)
    assert [b.label for b in at.button] == ["Aanmelden"]
    assert len(at.dataframe) == 0 and len(at.metric) == 0
    assert "dataset" not in at.session_state


def test_unknown_address_gets_a_polite_message_and_no_data(workdir):
    at = _app("stranger@example.org")
    assert "nog geen toegang" in at.info[0].value
    assert [b.label for b in at.button] == ["Afmelden"]
    assert len(at.dataframe) == 0 and "dataset" not in at.session_state


@pytest.mark.parametrize("email", ALLOWED)
def test_each_role_gets_exactly_its_pages(workdir, email):
    at = _app(email)
    assert at.session_state["user"].email == email
    assert len(at.selectbox) == 0 or "demo_role" not in [s.key for s in at.selectbox]  # no switcher with login
    for name, file in PAGE_FILES.items():
        if name in ALLOWED[email]:
            at.switch_page(file).run()
            assert not at.exception, (name, [e.value for e in at.exception])
        else:
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(file)


def test_coach_sees_own_duos_only(workdir):
    at = _app("coach@samana.be")
    ds = at.session_state["dataset"]
    assert set(ds.duos["coach_key"]) == {"Antwerpen/C01"}
    assert set(ds.duos["status"]) <= {"actief", "kennismaking"}
    assert [t.value for t in at.title] == ["Mijn duo's"]
    table = next(d.value for d in at.dataframe if "participant_phone" in d.value.columns)
    assert len(table) == len(ds.duos)


def test_intake_sees_no_sensitive_columns_and_only_their_province(workdir):
    at = _app("intake@samana.be")
    ds = at.session_state["dataset"]
    assert ds.provinces == ["Limburg"]
    assert "care_need" not in ds.participants.columns and "notes" not in ds.volunteers.columns
    assert [t.value for t in at.title] == ["Match zoeken"]


def test_demo_without_login_offers_the_role_switcher(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUO_CONFIG", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert "Demo met fictieve gegevens" in at.warning[0].value
    at.selectbox(key="demo_role").set_value("contactcoach").run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Mijn duo's"]
    assert at.session_state["user"].role == "contactcoach"


def test_own_folder_without_login_runs_as_the_local_professional(tmp_path, monkeypatch):
    from duo_core.demo import generate_demo

    generate_demo(tmp_path / "data", seed=5, scale=0.1, provinces=("Limburg",))
    (tmp_path / "duo.toml").write_text('[data]\nfolder = "data"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUO_CONFIG", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    assert len(at.warning) == 0  # no demo banner
    assert "demo_role" not in [s.key for s in at.selectbox]
    assert at.session_state["user"].email == "lokaal@localhost"
    assert at.session_state["dataset"].provinces == ["Limburg"]
