"""AppTest: a journal file that existed and vanished is an error for professionals, actions stay off, and a new
journal begins only when a professional decides."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from app_pages.ui.text import plain
from duo_core.lifecycle.stores import VANISHED
from tests.conftest import APP
from tests.workbooks import build


def test_a_vanished_journal_stays_off_until_a_professional_starts_a_new_one(tmp_path, monkeypatch):
    build(tmp_path / "data" / "Antwerpen.xlsx")
    (tmp_path / "duo.toml").write_text('[data]\nfolder = "data"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUO_CONFIG", raising=False)
    journal = tmp_path / "logboek.sqlite"  # DUO_JOURNAL (tests/conftest.py)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert at.session_state["lifecycle"] is not None
    at.session_state["lifecycle"].propose("Antwerpen/D1", "Antwerpen/V1")
    for part in tmp_path.glob("logboek.sqlite*"):
        part.unlink()
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [plain(VANISHED)]
    assert at.session_state["lifecycle"] is None
    assert not journal.exists()  # nothing recreated by a run
    at.run()
    assert not journal.exists()
    assert at.button(key="journal_start_new").disabled
    at.checkbox(key="journal_start_new_sure").check().run()
    at.button(key="journal_start_new").click().run()
    assert not at.exception
    assert plain(VANISHED) not in [e.value for e in at.error]
    assert at.session_state["lifecycle"] is not None
    assert at.session_state["lifecycle"].journal.version() == (0, 0)
    assert journal.exists()
