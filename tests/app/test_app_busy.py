"""AppTest: a workbook that waits too long for its turn to be parsed says "bezig, even geduld" and is read next run."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from app_pages.ui.text import plain
from duo_core.reading import guarded
from tests.conftest import APP
from tests.reading.test_hostile_xml import SHEET, prefixed
from tests.workbooks import build, patch_part


def test_a_busy_parser_queue_is_a_notice_and_the_folder_is_read_on_the_next_run(tmp_path, monkeypatch):
    # a prefixed workbook is measured in the child process, so it needs a turn in the queue
    patch_part(build(tmp_path / "data" / "Antwerpen.xlsx"), SHEET, prefixed)
    (tmp_path / "duo.toml").write_text('[data]\nfolder = "data"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUO_CONFIG", raising=False)
    monkeypatch.setenv("DUO_STATE_DIR", str(tmp_path / "state"))
    queue = guarded.ParsingQueue(workers=1, wait_seconds=0.2)
    monkeypatch.setattr(guarded, "PARSING_QUEUE", queue)
    at = AppTest.from_file(APP, default_timeout=120)
    with queue.turn():  # another user's upload holds the only worker
        at.run()
    assert not at.exception
    assert at.info[0].value == plain(guarded.BUSY)
    assert len(at.session_state["dataset"].participants) == 0
    at.run()
    assert not at.exception
    assert plain(guarded.BUSY) not in [i.value for i in at.info]
    assert at.session_state["dataset"].participants["id"].tolist() == ["D1", "D2", "D3"]
