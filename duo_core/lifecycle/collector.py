"""Python's cyclic garbage collector: paused while the journal is laid over the workbooks, told to skip loaded data.

Building the dataset the pages see makes tens of thousands of small objects at once (the events, their
payloads, the people's rows). Each batch of new objects sets off a collection, and a full one walks every
object the server holds (the loaded workbooks of every session), which cost a third of the overlay in the
benchmark. Nothing the overlay makes is a reference cycle that must be freed at once: reference counting
frees it, and the collector looks again as soon as the pause ends.

The collector is a setting of the whole process and several sessions' script runs may overlay at the same
time, so the pause is counted under a lock: the first run to enter turns the collector off, the last to
leave turns it on again (only when it was on before). This module-level counter is shared state on purpose.

Once a dataset is loaded, :func:`settle` freezes what is alive (``gc.freeze``): later collections skip it.
Without this, Python's full collection walked the whole heap every few dozen clicks (about 190 ms on the demo,
paid by whichever click set it off). A dropped dataset is freed by reference counting alone (it holds no
cycles), so freezing it frees nothing later; whatever else was frozen and became cyclic garbage is found at
the next full collection, which :func:`settle` runs at most every :data:`REFRESH_SECONDS`.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from collections.abc import Callable, Iterator

#: At most this often :func:`settle` unfreezes everything and runs a full collection before it freezes again.
REFRESH_SECONDS = 600.0
_LOCK = threading.Lock()
_paused = 0
_was_enabled = False
_last_full: float | None = None  # when settle() last ran a full collection (monotonic seconds)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off (on again afterwards, also after an error)."""
    global _paused, _was_enabled
    with _LOCK:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _LOCK:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()


def settle(clock: Callable[[], float] = time.monotonic) -> bool:
    """After a dataset was built: freeze every live object, so that later collections skip it.

    The first call, and the first after :data:`REFRESH_SECONDS`, first unfreezes and collects everything
    (frozen objects that have become cyclic garbage since are freed then). Returns whether it collected.
    """
    global _last_full
    with _LOCK:
        now = clock()
        full = _last_full is None or now - _last_full >= REFRESH_SECONDS
        if full:
            gc.unfreeze()
            gc.collect()
            _last_full = now
        gc.freeze()
        return full


__all__ = ["collector_paused", "settle"]
