"""AppTests of crafted addresses: a value typed in the address bar never crashes or stalls a page.

Each bad value is ignored (or narrowed) with a Dutch notice, and the page shows what it shows without it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from duo_core.insights import monitoring
from tests.conftest import APP

IGNORED_DAYS = "De waarde van 'wacht' in het adres is genegeerd: dat is geen geldig aantal dagen."


def _open(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(page)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _notices(at: AppTest) -> list[str]:
    """The warnings about the address (the demo banner is a warning too)."""
    return [w.value for w in at.warning if "adres" in w.value]


@pytest.mark.parametrize("typed", ["²", "9" * 20, "9" * 5000, "-30"],
                         ids=["superscript", "20 digits", "5000 digits", "negative"])
def test_a_crafted_waiting_time_is_ignored_with_a_notice(demo_workdir, typed):
    at = _open("app_pages/wachtlijst.py", wacht=typed)
    assert _notices(at) == [IGNORED_DAYS]
    assert at.number_input(key="wait_longer").value == 0
    assert "wacht" not in at.query_params


def test_a_waiting_time_in_the_address_filters_the_list(demo_workdir):
    at = _open("app_pages/wachtlijst.py", wacht="365")
    assert at.number_input(key="wait_longer").value == 365
    assert _notices(at) == []
    at = _open("app_pages/wachtlijst.py", wacht="100000")
    assert at.number_input(key="wait_longer").value == 36_500
    assert _notices(at) == [
        "Het aantal dagen in het adres ('wacht') is verlaagd tot het maximum van 36500."]


def test_a_period_beyond_the_data_is_clamped_to_the_data(demo_workdir):
    at = _open("app_pages/monitoring.py", periode="0001-01-01..9999-12-31")
    ds = at.session_state["dataset"]
    first, last = monitoring.data_period(ds)
    assert first < last == ds.as_of
    assert at.date_input(key="mon_period").value == (first, last)
    assert at.query_params["periode"] == f"{first.isoformat()}..{last.isoformat()}"
    assert _notices(at) == [
        f"De periode in het adres is ingekort tot de gegevens: {first:%d/%m/%Y} tot {last:%d/%m/%Y}."]


@pytest.mark.parametrize("typed", ["2025-13-01..2026-01-01", "²..³", "2026-01-01.." + "9" * 5000],
                         ids=["month 13", "superscripts", "5000 digits"])
def test_a_crafted_period_is_ignored_with_a_notice(demo_workdir, typed):
    at = _open("app_pages/monitoring.py", periode=typed)
    ds = at.session_state["dataset"]
    assert at.date_input(key="mon_period").value == (dt.date(ds.as_of.year - 3, ds.as_of.month, 1), ds.as_of)
    [notice] = _notices(at)
    assert notice.startswith("De waarde van 'periode' in het adres is genegeerd: ")


def test_unknown_provinces_in_the_address_are_left_out_with_a_notice(demo_workdir):
    at = _open("app_pages/monitoring.py", provincies="Limburg,[x](https://evil.example)")
    assert at.multiselect(key="mon_provinces").value == ["Limburg"]
    assert _notices(at) == ["Onbekende waarden van 'provincies' in het adres zijn genegeerd."]
