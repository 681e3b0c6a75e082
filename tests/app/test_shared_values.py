"""``session.SharedValues``: what the pages derive, shared by all sessions of a server process."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest

from app_pages.ui.session import SharedValues


def test_a_value_is_computed_once_per_key_and_handed_out_as_the_same_object():
    shared, calls = SharedValues(4, dt.timedelta(hours=1)), []
    first = shared.get(("ranking", 1), lambda: calls.append(1) or [1, 2])
    assert shared.get(("ranking", 1), lambda: calls.append(2) or [3]) is first
    assert shared.get(("ranking", 2), lambda: calls.append(3) or [4]) == [4]
    assert calls == [1, 3]


def test_the_least_recently_used_value_leaves_first():
    shared = SharedValues(2, dt.timedelta(hours=1))
    shared.get(("a",), lambda: "a")
    shared.get(("b",), lambda: "b")
    shared.get(("a",), lambda: "a again")  # a was used last: b leaves
    shared.get(("c",), lambda: "c")
    assert shared.get(("a",), lambda: "new a") == "a"
    assert shared.get(("b",), lambda: "new b") == "new b"


def test_a_value_kept_too_long_is_computed_again():
    shared = SharedValues(2, dt.timedelta(seconds=0.05))
    assert shared.get(("a",), lambda: 1) == 1
    time.sleep(0.1)  # the value's age is what is tested
    assert shared.get(("a",), lambda: 2) == 2


def test_a_computation_that_raises_keeps_nothing():
    shared = SharedValues(2, dt.timedelta(hours=1))

    def fails():
        raise RuntimeError("journal unreachable")

    with pytest.raises(RuntimeError):
        shared.get(("a",), fails)
    assert shared.get(("a",), lambda: "read") == "read"


def test_sessions_asking_at_once_wait_for_one_computation():
    shared, calls, started = SharedValues(2, dt.timedelta(hours=1)), [], threading.Event()

    def slow():
        calls.append(1)
        started.set()
        time.sleep(0.2)  # long enough for the other session to ask meanwhile
        return "proposal"

    results = []
    first = threading.Thread(target=lambda: results.append(shared.get(("p",), slow)))
    first.start()
    started.wait()
    results.append(shared.get(("p",), slow))
    first.join()
    assert results == ["proposal", "proposal"] and calls == [1]
