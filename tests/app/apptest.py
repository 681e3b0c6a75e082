"""The AppTest helpers every AppTest module shares: the demo app started (in a role, on a page) and a page switch."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import APP


def started(role: str | None = None, page: str | None = None) -> AppTest:
    """The app on the demo data, run once (as ``role`` in the demo's role switcher, on ``page``), without exception."""
    at = AppTest.from_file(APP, default_timeout=120)
    if role is not None:
        at.session_state["demo_role"] = role
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def on_page(at: AppTest, page: str) -> AppTest:
    """Switch ``at`` to ``page`` and run it, without exception."""
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at
