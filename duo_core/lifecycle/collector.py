"""Python's cyclic garbage collector paused while the journal is laid over the workbooks.

Building the dataset the pages see makes tens of thousands of small objects at once (the events, their
payloads, the people's rows). Each batch of new objects sets off a collection, and a full one walks every
object the server holds (the loaded workbooks of every session), which cost a third of the overlay in the
benchmark. Nothing the overlay makes is a reference cycle that must be freed at once: reference counting
frees it, and the collector looks again as soon as the pause ends.

The collector is a setting of the whole process and several sessions' script runs may overlay at the same
time, so the pause is counted under a lock: the first run to enter turns the collector off, the last to
leave turns it on again (only when it was on before). This module-level counter is shared state on purpose.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_LOCK = threading.Lock()
_paused = 0
_was_enabled = False


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


__all__ = ["collector_paused"]
