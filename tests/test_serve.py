"""``serve.py`` (the entry point behind a reverse proxy) closes Streamlit's metrics; ``app.py`` shows why."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import start_app, stop


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.parametrize(("script", "metrics"), [("serve.py", 404), ("app.py", 200)])
def test_metrics_are_closed_by_serve_py(tmp_path, script, metrics):
    proc, url = start_app(env={"DUO_CONFIG": "", "DUO_JOURNAL": str(tmp_path / "logboek.sqlite")}, cwd=tmp_path,
                          script=script)
    try:
        assert _status(f"{url}/_stcore/metrics") == metrics
        assert _status(f"{url}/_stcore/health") == 200
        assert _status(f"{url}/") == 200
    finally:
        stop(proc)
