"""The journal: transitions allowed and refused, concurrency, a crash mid-write, undo, reconciliation."""

from __future__ import annotations

import dataclasses
import datetime as dt
import signal
import sqlite3
import subprocess
import sys
import threading

import pytest

import duo_core
from duo_core.journal import Journal, JournalError, overlay
from tests.matching_helpers import P, V, cell, dataset

D1, V1 = "Antwerpen/D1", "Antwerpen/V1"
DAY = dt.date(2026, 11, 2)


@pytest.fixture
def ds(tmp_path):
    """The base province with D3 moved to Mechelen (D1 and D3 both fit V1) and room for a 2nd duo at V2."""
    return dataset(tmp_path, cell(P, 2, "Postcode", 2800), cell(P, 2, "Gemeente", "Mechelen"),
                   cell(V, 1, "Max. aantal duo's", 2))


@pytest.fixture
def journal(tmp_path):
    return Journal(tmp_path / "journal.sqlite")


def _advance(journal, key, steps):
    for step in steps:
        {
            "introduce": lambda: journal.introduce(key, "a@x"),
            "start": lambda: journal.start(key, "a@x", "Antwerpen/C1", DAY),
            "followup": lambda: journal.followup(key, "c@x", DAY),
            "stop": lambda: journal.stop(key, "a@x", DAY, "verhuisd"),
            "cancel": lambda: journal.cancel(key, "a@x"),
        }[step]()


ALLOWED = [
    ([], "introduce", "kennismaking"),
    ([], "cancel", "geannuleerd"),
    (["introduce"], "start", "actief"),
    (["introduce"], "followup", "kennismaking"),
    (["introduce"], "stop", "gestopt"),
    (["introduce"], "cancel", "geannuleerd"),
    (["introduce", "start"], "followup", "actief"),
    (["introduce", "start"], "stop", "gestopt"),
]
REFUSED = [
    ([], "start", "Kan niet: duo 'Antwerpen/APP00001' is voorgesteld (kan enkel vanuit in kennismaking)."),
    ([], "stop", "Kan niet: duo 'Antwerpen/APP00001' is voorgesteld (kan enkel vanuit in kennismaking, actief)."),
    (["introduce", "start"], "introduce",
     "Kan niet: duo 'Antwerpen/APP00001' is actief (kan enkel vanuit voorgesteld)."),
    (["introduce", "start", "stop"], "start",
     "Kan niet: duo 'Antwerpen/APP00001' is gestopt (kan enkel vanuit in kennismaking)."),
    (["cancel"], "introduce", "Kan niet: duo 'Antwerpen/APP00001' is geannuleerd (kan enkel vanuit voorgesteld)."),
    (["introduce", "start"], "cancel",
     "Kan niet: duo 'Antwerpen/APP00001' is actief (kan enkel vanuit voorgesteld, in kennismaking)."),
]


@pytest.mark.parametrize(("before", "action", "status"), ALLOWED)
def test_allowed_transitions(ds, journal, before, action, status):
    key = journal.propose(ds, D1, V1, "intake@x")
    _advance(journal, key, [*before, action])
    assert journal.states()[key].status == status


@pytest.mark.parametrize(("before", "action", "message"), REFUSED)
def test_refused_transitions_leave_no_row(ds, journal, before, action, message):
    key = journal.propose(ds, D1, V1, "intake@x")
    _advance(journal, key, before)
    rows = len(journal.events())
    with pytest.raises(JournalError) as err:
        _advance(journal, key, [action])
    assert str(err.value) == message
    assert len(journal.events()) == rows


def test_excluded_pair_cannot_be_proposed(tmp_path, journal):
    ds = dataset(tmp_path, cell(P, 0, "Voorkeur geslacht vrijwilliger", "vrouw"))
    with pytest.raises(JournalError, match="Deelnemer wil een vrouwelijke vrijwilliger"):
        journal.propose(ds, D1, V1, "intake@x")
    assert journal.events().empty


def test_a_proposal_reserves_both_people(ds, journal):
    journal.propose(ds, D1, V1, "intake@x")
    with pytest.raises(JournalError) as err:
        journal.propose(ds, "Antwerpen/D3", V1, "other@x")
    assert str(err.value) == "Dit duo kan niet voorgesteld worden: Vrijwilliger heeft al 1 duo (max. 1)."
    with pytest.raises(JournalError, match=r"^Deelnemer is al voorgesteld \(voorgesteld\) door intake@x op "):
        journal.propose(ds, D1, "Antwerpen/V2", "other@x")


def test_start_and_followup_show_in_the_overlay(ds, journal):
    key = journal.propose(ds, D1, V1, "intake@x", note="beiden houden van wandelen")
    _advance(journal, key, ["introduce", "start", "followup"])
    duo = overlay(ds, journal).duos.set_index("key").loc[key]
    assert (duo["status"], duo["coach_key"], str(duo["start_date"].date()), str(duo["next_followup"].date())) == (
        "actief", "Antwerpen/C1", "2026-11-02", "2026-12-28")
    assert len(duo_core.coaches.coach_duos(overlay(ds, journal), "Antwerpen/C1")) == 2


def test_workbook_duo_is_not_counted_twice(ds, journal):
    key = journal.propose(ds, D1, V1, "intake@x")
    _advance(journal, key, ["introduce", "start"])
    assert len(overlay(ds, journal).duos) == 2
    # the master workbook now holds the same duo (same pair, same start date)
    workbook = ds.duos.iloc[[0]].assign(participant_key=D1, volunteer_key=V1, start_date=dt.datetime(2026, 11, 2))
    merged = overlay(dataclasses.replace(ds, duos=workbook), journal)
    assert len(merged.duos) == 1


def test_undo_frees_the_volunteer_and_stays_in_the_audit_view(ds, journal):
    key = journal.propose(ds, D1, V1, "intake@x")
    first = int(journal.events()["id"].iloc[0])
    journal.undo(first, "boss@x")
    assert key not in journal.states()
    assert journal.events()["action"].tolist() == ["propose", "undo"]
    assert journal.propose(ds, "Antwerpen/D3", V1, "other@x") == "Antwerpen/APP00003"


def test_twenty_concurrent_proposals_for_one_volunteer(tmp_path):
    ds = duo_core.load_dataset(duo_core.config.DEMO_FOLDER, as_of=dt.date(2026, 11, 1))
    volunteer = "Antwerpen/V0049"
    ranked = duo_core.rank_participants(ds, volunteer, provinces="alle")
    candidates = ranked["key"].tolist()[:20]
    assert len(candidates) == 20
    journal = Journal(tmp_path / "journal.sqlite")
    barrier = threading.Barrier(20)
    results: list[str] = []

    def propose(p_key):
        barrier.wait()
        try:
            journal.propose(ds, p_key, volunteer, f"{p_key}@x")
            results.append("ok")
        except JournalError as exc:
            results.append(str(exc))

    threads = [threading.Thread(target=propose, args=(k,)) for k in candidates]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1
    assert all(r.startswith("Vrijwilliger is al voorgesteld (voorgesteld) door ") for r in results if r != "ok")
    assert len(journal.events()) == 1


CHILD = """
import sys
from duo_core.journal import Journal
j = Journal(sys.argv[1])
for i in range(100000):
    eid, _ = j._write(lambda states, n: (f"Antwerpen/APP{n}", "Antwerpen/D1", "Antwerpen/V1"), "propose",
                      "child@x", {"note": "x" * 200})
    print(eid, flush=True)
"""


def test_killed_writer_leaves_a_complete_readable_journal(tmp_path):
    path = tmp_path / "journal.sqlite"
    Journal(path)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, text=True)
    last = 0
    for line in child.stdout:
        last = int(line)
        if last >= 60:
            child.send_signal(signal.SIGKILL)
            break
    child.wait()
    events = Journal(path).events()
    ids = events["id"].tolist()
    assert ids == list(range(1, len(ids) + 1))  # no gap, no partial row
    assert len(ids) >= last
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
