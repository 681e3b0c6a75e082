"""The garbage collector is paused while the journal is laid over the workbooks, and always on again after."""

from __future__ import annotations

import gc
import threading

import pytest

from duo_core import lifecycle
from duo_core.lifecycle import with_journal
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
