"""The journal: every transition allowed and refused, undo, concurrency (threads and processes), a crash.

Each state-machine test runs twice: on a SQLite file and on a real local PostgreSQL server.
"""

from __future__ import annotations

import datetime as dt
import signal
import sqlite3
import subprocess
import sys
import threading

import pytest

from duo_core.lifecycle.journal import DuoState, Journal, JournalError
from tests.racers import race

D1, D3, V1, V2 = "Antwerpen/D1", "Antwerpen/D3", "Antwerpen/V1", "Antwerpen/V2"
DAY = dt.date(2026, 11, 2)
APP1 = "Antwerpen/APP00001"


def clock() -> dt.datetime:
    return dt.datetime(2026, 11, 20, 14, 30)


@pytest.fixture
def journal(journal_target):
    return Journal(journal_target, clock=clock)


def _advance(journal, key, steps, base=None):
    for step in steps:
        {
            "introduce": lambda: journal.introduce(key, "a@x", base=base),
            "start": lambda: journal.start(key, "a@x", "Antwerpen/C1", DAY, base=base),
            "followup": lambda: journal.followup(key, "c@x", DAY, "belde even", base=base),
            "stop": lambda: journal.stop(key, "a@x", DAY, "verhuisd", base=base),
            "cancel": lambda: journal.cancel(key, "a@x", base=base),
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
    ([], "followup", "Kan niet: duo 'Antwerpen/APP00001' is voorgesteld (kan enkel vanuit in kennismaking, actief)."),
    ([], "stop", "Kan niet: duo 'Antwerpen/APP00001' is voorgesteld (kan enkel vanuit in kennismaking, actief)."),
    (["introduce"], "introduce", "Kan niet: duo 'Antwerpen/APP00001' is in kennismaking (kan enkel vanuit voorgesteld)."),
    (["introduce", "start"], "introduce",
     "Kan niet: duo 'Antwerpen/APP00001' is actief (kan enkel vanuit voorgesteld)."),
    (["introduce", "start"], "start", "Kan niet: duo 'Antwerpen/APP00001' is actief (kan enkel vanuit in kennismaking)."),
    (["introduce", "start"], "cancel",
     "Kan niet: duo 'Antwerpen/APP00001' is actief (kan enkel vanuit voorgesteld, in kennismaking)."),
    (["introduce", "start", "stop"], "start",
     "Kan niet: duo 'Antwerpen/APP00001' is gestopt (kan enkel vanuit in kennismaking)."),
    (["introduce", "start", "stop"], "followup",
     "Kan niet: duo 'Antwerpen/APP00001' is gestopt (kan enkel vanuit in kennismaking, actief)."),
    (["introduce", "start", "stop"], "stop",
     "Kan niet: duo 'Antwerpen/APP00001' is gestopt (kan enkel vanuit in kennismaking, actief)."),
    (["cancel"], "introduce", "Kan niet: duo 'Antwerpen/APP00001' is geannuleerd (kan enkel vanuit voorgesteld)."),
    (["cancel"], "cancel",
     "Kan niet: duo 'Antwerpen/APP00001' is geannuleerd (kan enkel vanuit voorgesteld, in kennismaking)."),
]


@pytest.mark.parametrize(("before", "action", "status"), ALLOWED)
def test_allowed_transitions(journal, before, action, status):
    key = journal.propose(D1, V1, "intake@x")
    _advance(journal, key, [*before, action])
    assert journal.state(key).status == status


@pytest.mark.parametrize(("before", "action", "message"), REFUSED)
def test_refused_transitions_leave_no_row(journal, before, action, message):
    key = journal.propose(D1, V1, "intake@x")
    _advance(journal, key, before)
    rows = len(journal.events())
    with pytest.raises(JournalError) as err:
        _advance(journal, key, [action])
    assert str(err.value) == message
    assert len(journal.events()) == rows


def test_an_unknown_duo_is_refused(journal):
    with pytest.raises(JournalError, match=r"^Duo 'Antwerpen/APP00042' is niet gekend\.$"):
        journal.introduce("Antwerpen/APP00042", "a@x")


def test_the_replayed_state_holds_every_step(journal):
    key = journal.propose(D1, V1, "intake@x", note="beiden wandelen graag")
    _advance(journal, key, ["introduce", "start", "followup"])
    assert journal.state(key) == DuoState(
        APP1, D1, V1, "actief", "intake@x", "2026-11-20T14:30:00", coach_key="Antwerpen/C1",
        start_date="2026-11-02", last_followup="2026-11-02", next_followup="2026-12-28", note="beiden wandelen graag",
    )


def test_a_proposal_reserves_both_people(journal):
    journal.propose(D1, V1, "intake@x")
    with pytest.raises(JournalError) as err:
        journal.propose(D3, V1, "other@x")
    assert str(err.value) == (
        "Vrijwilliger is al voorgesteld (voorgesteld, duo Antwerpen/APP00001) door intake@x op 2026-11-20.")
    with pytest.raises(JournalError) as err:
        journal.propose(D1, V2, "other@x")
    assert str(err.value) == (
        "Deelnemer is al voorgesteld (voorgesteld, duo Antwerpen/APP00001) door intake@x op 2026-11-20.")


@pytest.mark.parametrize(("steps", "free"), [(["cancel"], True), (["introduce"], False), (["introduce", "start"], True)])
def test_the_reservation_ends_when_the_proposal_is_cancelled_or_the_duo_starts(journal, steps, free):
    key = journal.propose(D1, V1, "intake@x")
    _advance(journal, key, steps)
    if free:
        assert journal.propose(D3, V1, "other@x") == f"Antwerpen/APP{len(steps) + 2:05d}"
    else:
        with pytest.raises(JournalError, match=r"^Vrijwilliger is al voorgesteld \(in kennismaking"):
            journal.propose(D3, V1, "other@x")


def test_steps_on_a_workbook_duo_start_from_its_workbook_state(journal):
    base = DuoState("Antwerpen/DUO1", "Antwerpen/D2", V2, "actief", from_workbook=True)
    journal.followup("Antwerpen/DUO1", "coach@x", DAY, base=base)
    journal.stop("Antwerpen/DUO1", "coach@x", DAY, "doel bereikt", base=base)
    state = journal.state("Antwerpen/DUO1", base=base)
    assert (state.status, state.last_followup, state.end_date, state.stop_reason) == (
        "gestopt", "2026-11-02", "2026-11-02", "doel bereikt")
    stopped = DuoState("Antwerpen/DUO9", "Antwerpen/D2", V2, "gestopt", from_workbook=True)
    with pytest.raises(JournalError, match=r"^Kan niet: duo 'Antwerpen/DUO9' is gestopt"):
        journal.followup("Antwerpen/DUO9", "coach@x", DAY, base=stopped)


def test_undo_returns_to_the_previous_state_and_stays_in_the_audit_view(journal):
    key = journal.propose(D1, V1, "intake@x")
    _advance(journal, key, ["introduce", "start"])
    start_id = int(journal.events()["id"].iloc[-1])
    journal.undo(start_id, "boss@x")
    assert journal.state(key).status == "kennismaking"
    assert journal.events()["action"].tolist() == ["propose", "introduce", "start", "undo"]


def test_undoing_the_proposal_frees_both_people(journal):
    key = journal.propose(D1, V1, "intake@x")
    journal.undo(1, "boss@x")
    assert journal.state(key) is None
    assert journal.propose(D3, V1, "other@x") == "Antwerpen/APP00003"


def test_only_the_last_step_of_a_duo_can_be_undone(journal):
    key = journal.propose(D1, V1, "intake@x")
    _advance(journal, key, ["introduce"])
    with pytest.raises(JournalError) as err:
        journal.undo(1, "boss@x")
    assert str(err.value) == "Enkel de laatste stap van duo 'Antwerpen/APP00001' kan ongedaan gemaakt worden (stap 2)."


def test_an_undo_cannot_be_undone_or_repeated(journal):
    journal.propose(D1, V1, "intake@x")
    journal.undo(1, "boss@x")
    with pytest.raises(JournalError, match=r"^Stap 2 bestaat niet of is zelf een ongedaanmaking\.$"):
        journal.undo(2, "boss@x")
    with pytest.raises(JournalError, match=r"^Stap 1 is al ongedaan gemaakt\.$"):
        journal.undo(1, "boss@x")


def test_undoing_a_cancel_is_refused_when_the_volunteer_was_proposed_again(journal):
    key = journal.propose(D1, V1, "intake@x")
    journal.cancel(key, "intake@x")
    journal.propose(D3, V1, "other@x")
    with pytest.raises(JournalError) as err:
        journal.undo(2, "boss@x")
    assert str(err.value) == (
        "Vrijwilliger is al voorgesteld (voorgesteld, duo Antwerpen/APP00003) door other@x op 2026-11-20.")
    assert len(journal.events()) == 3


def test_twenty_concurrent_proposals_in_threads(journal):
    barrier = threading.Barrier(20)
    results: list[str] = []

    def propose(i):
        barrier.wait()
        try:
            journal.propose(f"Antwerpen/D{100 + i}", V1, f"intake{i}@x")
            results.append("ok")
        except JournalError as exc:
            results.append(str(exc))

    threads = [threading.Thread(target=propose, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1
    assert sum(r.startswith("Vrijwilliger is al voorgesteld (voorgesteld, duo Antwerpen/APP00001)") for r in results) == 19
    assert journal.events()["action"].tolist() == ["propose"]


PROPOSE = """
from duo_core.lifecycle.journal import Journal, JournalError
target, i = args
journal = Journal(target)
try:
    journal.propose(f"Antwerpen/D{100 + int(i)}", "Antwerpen/V1", f"intake{i}@x")
    print("ok")
except JournalError as exc:
    print(str(exc).replace(chr(10), " "))
"""
#: Processes racing for one volunteer (forked after one import of the journal and pandas: see tests/racers.py).
RACERS = 8


def test_concurrent_proposals_in_processes(journal_target, tmp_path):
    Journal(journal_target)
    results = race(PROPOSE, [[str(journal_target), str(i)] for i in range(RACERS)], tmp_path,
                   imports="import duo_core.lifecycle.journal")
    assert results.count("ok") == 1
    assert sum(r.startswith("Vrijwilliger is al voorgesteld (voorgesteld, duo ") for r in results) == RACERS - 1
    events = Journal(journal_target).events()
    assert len(events) == 1 and events["volunteer_key"].tolist() == [V1]


CHILD = """
import sys
from duo_core.lifecycle.journal import Journal
j = Journal(sys.argv[1])
for i in range(100000):
    key = j.propose(f"Antwerpen/D{i}", f"Antwerpen/V{i}", "child@x", note="x" * 200)
    print(key.split("APP")[1], flush=True)
"""


def test_a_killed_writer_leaves_a_complete_readable_journal(tmp_path):
    path = tmp_path / "logboek.sqlite"
    Journal(path)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, text=True)
    last = 0
    for line in child.stdout:
        last = int(line)
        if last >= 60:
            child.send_signal(signal.SIGKILL)  # in the middle of the next write
            break
    child.wait()
    events = Journal(path).events()
    ids = events["id"].tolist()
    assert ids == list(range(1, len(ids) + 1))  # no gap, no partial row
    assert len(ids) >= last
    assert events["payload"].str.len().eq(len('{"note": ""}') + 200).all()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert Journal(path).propose("Antwerpen/D-new", "Antwerpen/V-new", "after@x").endswith(f"{len(ids) + 1:05d}")
