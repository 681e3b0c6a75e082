"""The garbage collector is paused while the journal is laid over the workbooks, and always on again after."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest

from duo_core import lifecycle
from duo_core.lifecycle import collector, with_journal
from duo_core.lifecycle.collector import collector_paused


def test_the_collector_is_off_during_the_overlay_and_on_after(demo_ds, monkeypatch):
    seen = []
    real = with_journal._overlay
    monkeypatch.setattr(with_journal, "_overlay", lambda ds, events: (seen.append(gc.isenabled()), real(ds, events))[1])
    view = lifecycle.overlay(demo_ds, [])
    assert (seen, gc.isenabled(), len(view.participants)) == ([False], True, len(demo_ds.participants))


def test_the_collector_is_on_again_after_an_error():
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("stuk")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_two_overlapping_pauses_turn_it_on_only_when_the_last_ends():
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    states = {}

    def first():
        with collector_paused():
            first_in.set()
            second_in.wait(10)
        first_out.set()

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(10)
    with collector_paused():
        second_in.set()
        first_out.wait(10)
        states["after the first left"] = gc.isenabled()
    thread.join(10)
    states["after both left"] = gc.isenabled()
    assert states == {"after the first left": False, "after both left": True}


class _Node:
    """An object in a reference cycle (only the cyclic collector frees it)."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def fresh_collector(monkeypatch):
    """settle() as at a server's start (no full collection yet); nothing stays frozen after the test."""
    monkeypatch.setattr(collector, "_last_full", None)
    yield
    gc.unfreeze()


def _tracked(obj) -> bool:
    """Whether ``obj`` is in one of the collector's three generations (a frozen object is in none)."""
    return any(o is obj for generation in range(3) for o in gc.get_objects(generation))


def test_settle_freezes_what_is_alive_so_collections_skip_it(fresh_collector):
    kept = _Node()
    assert (collector.settle(clock=lambda: 1000.0), _tracked(kept)) == (True, False)


def test_settle_within_the_refresh_time_freezes_without_a_full_collection(fresh_collector):
    collector.settle(clock=lambda: 1000.0)
    dropped = _Node()
    gone = weakref.ref(dropped)
    del dropped
    assert (collector.settle(clock=lambda: 1000.0 + collector.REFRESH_SECONDS - 1), gone() is None) == (False, False)


def test_frozen_cyclic_garbage_is_freed_at_the_first_settle_after_the_refresh_time(fresh_collector):
    collector.settle(clock=lambda: 1000.0)
    dropped = _Node()
    gone = weakref.ref(dropped)
    collector.settle(clock=lambda: 1001.0)  # frozen while alive
    del dropped
    gc.collect()  # a full collection skips frozen objects
    still_there = gone() is not None
    assert (still_there, collector.settle(clock=lambda: 1000.0 + collector.REFRESH_SECONDS), gone()) == (True, True, None)


def test_a_dropped_dataset_holds_no_cycles_so_freezing_it_keeps_nothing(demo_ds):
    ds = lifecycle.overlay(demo_ds, [])
    gone = weakref.ref(ds.participants)
    gc.disable()
    try:
        del ds
        assert gone() is None  # reference counting alone freed it
    finally:
        gc.enable()
