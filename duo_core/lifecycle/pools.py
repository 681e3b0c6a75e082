"""PostgreSQL connections kept open and reused: one small psycopg_pool pool per database URL per process.

Opening a PostgreSQL connection starts a server backend (milliseconds of the database's CPU); the app asks
the journal something on every run, so each process keeps a few connections open instead. :func:`connection`
hands one out; its ``close()`` gives it back (``close_returns``), so callers use it as a plain connection.

The pools live in a module-level registry guarded by a lock: a connection pool is shared state on purpose
(one per URL per process, created on first use, closed at exit by :func:`close_pools`). A connection is
checked before it is handed out (:meth:`ConnectionPool.check_connection`), so one broken by a server restart
never is; the first broken one found empties the pool, as a restart breaks them all. A connection given back
in the middle of a transaction is rolled back by the pool. Waiting for a connection is bounded by
:data:`TIMEOUT` seconds, and a server that refuses connections is reported at once rather than after the
timeout (as a new connection reported it before the pool).
"""

from __future__ import annotations

import atexit
import os
import threading
import time
from typing import Any

#: Seconds a caller waits for a connection (the connect timeout of a new connection before the pool).
TIMEOUT = 5
#: Connections kept per process and database at most.
MAX_SIZE = 8
#: Seconds an idle connection is kept before the pool closes it.
MAX_IDLE = 180
#: Seconds between looks at whether the server refused a connection while a caller waits.
_LOOK = 0.1

#: The error raised when the server refused a new connection while a caller waited.
REFUSED = "the database server refused a new connection"

_POOLS: dict[tuple[int, str], Any] = {}
_LOCK = threading.Lock()


def connection(url: str, **kwargs: Any):
    """A connection of the pool for ``url``; its ``close()`` gives it back to the pool.

    ``kwargs`` are the connection options (e.g. ``autocommit``), fixed by the first call for a URL.

    Raises
    ------
    psycopg.OperationalError
        When the server refuses connections (:data:`REFUSED`), or none is free within :data:`TIMEOUT`
        seconds (``psycopg_pool.PoolTimeout``).
    """
    import psycopg
    from psycopg_pool import PoolTimeout

    pool = _pool(url, kwargs)
    failed_before = pool.get_stats().get("connections_errors", 0)
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:  # in short steps: the pool retries a refused connection in the background, the caller need not wait
            return pool.getconn(timeout=max(min(_LOOK, deadline - time.monotonic()), 0.001))
        except PoolTimeout as exc:
            if pool.get_stats().get("connections_errors", 0) > failed_before:
                raise psycopg.OperationalError(REFUSED) from exc
            if time.monotonic() >= deadline:
                raise


def _pool(url: str, kwargs: dict[str, Any]):
    """The open pool for ``url`` in this process, created on first use."""
    from psycopg_pool import ConnectionPool

    key = (os.getpid(), url)  # a forked process makes its own: the pool's threads are not copied
    with _LOCK:
        pool = _POOLS.get(key)
        if pool is None:

            def check(conn) -> None:
                try:
                    ConnectionPool.check_connection(conn)
                except Exception:
                    pool.drain()  # a restarted server broke every idle connection: replace them all at once
                    raise

            pool = ConnectionPool(url, kwargs=kwargs, min_size=0, max_size=MAX_SIZE, timeout=TIMEOUT,
                                  max_idle=MAX_IDLE, reconnect_timeout=TIMEOUT, check=check, close_returns=True,
                                  name=f"duo-{len(_POOLS)}", open=False)
            pool.open()
            _POOLS[key] = pool
    return pool


def close_pools() -> None:
    """Close this process's pools and their connections (at exit; tests call it after each database)."""
    with _LOCK:
        keys = [key for key in _POOLS if key[0] == os.getpid()]
        pools = [_POOLS.pop(key) for key in keys]
    for pool in pools:
        pool.close(timeout=1)


atexit.register(close_pools)
