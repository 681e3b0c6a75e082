"""AppTest: what all sessions share (``st.cache_resource``) is one object per data version, and no page modifies it.

The dataset and everything the pages derive from it (``app_pages.ui.session.derived``: the waiting list,
the whole-list proposal, rankings, map points, ...) are handed to every session without a copy, so a
page that wrote into a frame would change what every other person sees. Each value's fingerprint is
taken when a page first receives it and compared after every later run, across all pages and the
interactions that touch the cached values.
"""

from __future__ import annotations

import hashlib
import pickle

import pytest
from streamlit.testing.v1 import AppTest

import duo_core
from app_pages.ui import session
from duo_core import access
from tests.conftest import APP
from tests.workbooks import build

PAGES = ["overzicht", "match_zoeken", "wachtlijst", "contactcoaches", "monitoring", "datakwaliteit",
         "lopende_duos", "logboek"]


def fingerprint(value: object) -> str:
    """A digest of a value's content (a Dataset: its frames; its lazily derived helpers may grow)."""
    if isinstance(value, duo_core.Dataset):
        value = (value.participants, value.volunteers, value.duos, value.coaches, value.findings, value.sources,
                 value.as_of)
    return hashlib.sha1(pickle.dumps(value)).hexdigest()


@pytest.fixture
def handed_out(monkeypatch):
    """Every value ``session.derived`` hands to a page, with its fingerprint when first handed out."""
    seen: dict[int, tuple[str, object, str]] = {}
    original = session.derived

    def recording(name, args, compute):
        value = original(name, args, compute)
        seen.setdefault(id(value), (name, value, fingerprint(value)))
        return value

    monkeypatch.setattr(session, "derived", recording)
    return seen


def _unchanged(at: AppTest, shared: dict, handed_out: dict) -> None:
    assert not at.exception, [e.value for e in at.exception]
    ds = at.session_state["dataset"]
    shared.setdefault(id(ds), (ds, fingerprint(ds)))
    changed = [name for name, value, before in handed_out.values() if fingerprint(value) != before]
    changed += ["dataset" for ds, before in shared.values() if fingerprint(ds) != before]
    assert changed == []


def test_no_page_modifies_the_shared_data(demo_workdir, handed_out):
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    shared: dict = {}
    _unchanged(at, shared, handed_out)
    for page in PAGES:
        at.switch_page(f"app_pages/{page}.py").run()
        _unchanged(at, shared, handed_out)
    at.switch_page("app_pages/match_zoeken.py").run()
    ds = at.session_state["dataset"]
    waiting = ds.participants.loc[ds.participants["status"] == "wachtend", "key"]
    person = next(k for k in waiting if len(duo_core.rank_volunteers(ds, k)) > 1)
    at.selectbox(key="person_p").set_value(person).run()
    _unchanged(at, shared, handed_out)
    at.slider(key="match_w_proximity").set_value(70).run()
    _unchanged(at, shared, handed_out)
    at.toggle(key="show_excluded").set_value(True).run()
    _unchanged(at, shared, handed_out)
    at.radio(key="direction").set_value("Vrijwilliger → wachtende deelnemers").run()
    _unchanged(at, shared, handed_out)
    at.switch_page("app_pages/wachtlijst.py").run()
    at.session_state["wait_person"] = duo_core.waiting_list(at.session_state["dataset"])["key"].iloc[0]
    at.run()
    _unchanged(at, shared, handed_out)
    at.number_input(key="wait_longer").set_value(60).run()
    _unchanged(at, shared, handed_out)
    assert {name for name, _, _ in handed_out.values()} >= {
        "person_options", "ranking", "ranking_view", "ranking_map", "explanation", "profile_rows", "waiting_list",
        "predicted_waiting", "waiting_shown", "waiting_view", "recruitment_gaps", "proposal", "monitoring_figures",
        "monitoring_charts", "durability", "explanation_view"}


def test_sessions_of_the_same_view_share_one_dataset_and_its_derived_values(demo_workdir, handed_out):
    first, second = (AppTest.from_file(APP, default_timeout=120) for _ in range(2))
    for at in (first, second):
        at.session_state["demo_role"] = access.INTAKE
        at.run()
        at.switch_page("app_pages/wachtlijst.py").run()
        assert not at.exception, [e.value for e in at.exception]
    assert first.session_state["dataset"] is second.session_state["dataset"]
    proposals = [value for name, value, _ in handed_out.values() if name == "proposal"]
    assert len(proposals) == 1


def test_what_is_derived_from_uploads_stays_in_that_session(demo_workdir, tmp_path, monkeypatch):
    shared_calls = []
    original = session._derived

    def recording(name, version, args, compute):
        shared_calls.append(name)
        return original(name, version, args, compute)

    monkeypatch.setattr(session, "_derived", recording)
    path = build(tmp_path / "Antwerpen.xlsx")
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["uploaded_workbooks"] = (("Antwerpen.xlsx", path.read_bytes()),)
    at.run()
    for page in ("match_zoeken", "wachtlijst", "monitoring"):
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, [e.value for e in at.exception]
    at.switch_page("app_pages/match_zoeken.py").run()
    at.session_state["person_p"] = "Antwerpen/D1"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert shared_calls == []
    held = {str(k) for k in at.session_state if str(k).startswith("_memo_derived_")}
    assert {"_memo_derived_ranking", "_memo_derived_explanation", "_memo_derived_person_options"} <= held
