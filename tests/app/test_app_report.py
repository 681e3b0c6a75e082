"""AppTests of the Monitoring report: made when asked, offered for download, and a Dutch message when it fails."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from app_pages.ui import widgets
from duo_core.insights import report
from tests.conftest import APP


def _monitoring() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("app_pages/monitoring.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _report_button(at: AppTest):
    [button] = [b for b in at.button if b.label == "Rapport (PDF)"]
    return button


def _downloads(at: AppTest) -> list[str]:
    return [d.proto.label for d in at.get("download_button")]


def test_the_report_is_offered_for_download_once_made(demo_workdir):
    at = _monitoring()
    assert "Rapport (PDF) downloaden" not in _downloads(at)
    _report_button(at).click().run()
    assert not at.exception and not at.error
    assert "Rapport (PDF) downloaden" in _downloads(at)
    at.run()  # the next click on the page: the file is not kept (it would no longer fit the filters)
    assert "Rapport (PDF) downloaden" not in _downloads(at)


def test_a_report_that_cannot_be_made_is_a_dutch_message(demo_workdir, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("Unknown symbol: \\x")

    monkeypatch.setattr(report, "monitoring_report", broken)
    at = _monitoring()
    _report_button(at).click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [widgets.REPORT_FAILED]
    assert "Rapport (PDF) downloaden" not in _downloads(at)
