"""A browserless Streamlit client for benchmarks: speaks Streamlit's WebSocket protocol (BackMsg/ForwardMsg).

It connects to ``/_stcore/stream``, asks for script runs the way the browser does (a ``rerun_script``
BackMsg with the page, the query string, the widget states and, for a fragment, its id) and reads the
ForwardMsgs until the run has finished. Widgets are found by their user key (an element id ends in
``-<key>``), pages by their address (``url_pathname``). Also: a server process's CPU time from /proc,
starting and stopping ``streamlit run`` servers, and a small WebSocket proxy with sticky sessions.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import urllib.request
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
WAIT_SECONDS = 120  # a run that has not ended by then never will: the benchmark stops with what it saw


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process (all its threads), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def settled_cpu(pid: int, timeout: float = 3.0) -> float:
    """The process's CPU time once it has stopped working (work after a run, e.g. garbage collection, counts)."""
    last = cpu_seconds(pid)
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        time.sleep(0.03)
        now = cpu_seconds(pid)
        if now == last:
            return now
        last = now
    return last


@dataclass
class Server:
    """One ``streamlit run`` process."""

    proc: subprocess.Popen
    port: int

    @property
    def pid(self) -> int:
        """The server's process id."""
        return self.proc.pid

    def stop(self) -> None:
        """Stop the server (this process started it)."""
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start_server(port: int, env: dict[str, str], options: dict[str, str], script: str = "app.py") -> Server:
    """Start ``streamlit run`` on 127.0.0.1:``port`` and wait until it answers its health check."""
    args = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
            "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    for name, value in options.items():
        args += [f"--{name}", value]
    proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    end = time.monotonic() + 60
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit stopped: {proc.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as answer:
                if answer.status == 200:
                    return Server(proc, port)
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"streamlit on port {port} did not start")


@dataclass
class Client:
    """One simulated person: a WebSocket session with the widget states their browser would hold."""

    url: str
    route: str = "0"  # the sticky-session cookie a proxy routes on
    ws: object = None
    pages: dict[str, str] = field(default_factory=dict)  # url_pathname -> page_script_hash
    page_hash: str = ""
    query: str = ""
    states: dict[str, object] = field(default_factory=dict)  # widget id -> WidgetState
    elements: dict[str, object] = field(default_factory=dict)  # widget id -> (element kind, proto)
    fragments: dict[str, str] = field(default_factory=dict)  # widget id -> fragment id
    texts: list[str] = field(default_factory=list)  # markdown/alert bodies of the last run
    finished: int = -1  # how the last run ended (ForwardMsg.FINISHED_SUCCESSFULLY or ..._FRAGMENT_RUN_...)

    async def connect(self) -> None:
        """Open the WebSocket session and run the app once, as a browser does when it opens the page."""
        host = self.url.split("//", 1)[1].split("/", 1)[0]
        self.ws = await websockets.connect(
            f"{self.url}/_stcore/stream", subprotocols=["streamlit"], max_size=None,
            origin=f"http://{host}", additional_headers={"Cookie": f"duo_route={self.route}"}, ping_interval=None,
        )
        await self.run()

    async def close(self) -> None:
        """End the session."""
        await self.ws.close()

    def widget(self, key: str) -> str:
        """The id of the widget with user key ``key`` in the last run (``KeyError`` when absent)."""
        for wid in self.elements:
            if wid.endswith("-" + key):
                return wid
        raise KeyError(key)

    def widget_prefix(self, prefix: str) -> str:
        """The id of the first widget whose user key starts with ``prefix``."""
        for wid in self.elements:
            if "-" + prefix in wid:
                return wid
        raise KeyError(prefix)

    async def open_page(self, url_pathname: str) -> float:
        """Go to a page the way the sidebar does (its widgets start afresh)."""
        self.page_hash = self.pages[url_pathname]
        self.query = ""
        keep = {w: s for w, s in self.states.items() if "demo_role" in w}
        self.states = keep
        return await self.run()

    async def set_widget(self, key: str, fragment: bool = False, **value) -> float:
        """Give the widget with user key ``key`` a value (``string_value=...`` etc.) and rerun."""
        wid = self.widget(key) if not key.endswith("*") else self.widget_prefix(key[:-1])
        return await self.set_id(wid, fragment, **value)

    async def set_id(self, wid: str, fragment: bool = False, **value) -> float:
        """Give the widget with id ``wid`` a value and rerun (a trigger, e.g. a button, fires once)."""
        state = BackMsg().rerun_script.widget_states.widgets.add()
        state.id = wid
        for name, val in value.items():
            target = getattr(state, name)
            if isinstance(val, list):
                target.data.extend(val)
            else:
                setattr(state, name, val)
        self.states[wid] = state
        seconds = await self.run(self.fragments.get(wid, "") if fragment else "")
        if state.WhichOneof("value") == "trigger_value":
            del self.states[wid]
        return seconds

    async def run(self, fragment_id: str = "") -> float:
        """Ask for one script run and wait until it has finished; the wall time in seconds."""
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = self.query
        rerun.page_script_hash = self.page_hash
        rerun.fragment_id = fragment_id
        for state in self.states.values():
            rerun.widget_states.widgets.add().CopyFrom(state)
        rerun.context_info.timezone = "Europe/Brussels"
        rerun.context_info.locale = "nl-BE"
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        if not fragment_id:
            self.elements, self.fragments, self.texts = {}, {}, []
        seen: list[str] = []
        try:
            async with asyncio.timeout(WAIT_SECONDS):  # one deadline for the run: a timer per message cost a quarter
                while True:                            # of the clients' CPU, taken from the servers' cores
                    fwd = ForwardMsg()
                    fwd.ParseFromString(await self.ws.recv())
                    kind = fwd.WhichOneof("type")
                    seen.append(kind or "?")
                    if kind == "delta":
                        self._element(fwd.delta)
                    elif kind == "navigation":
                        self.pages = {p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages}
                        self.page_hash = self.page_hash or fwd.navigation.page_script_hash
                    elif kind == "page_info_changed":
                        self.query = fwd.page_info_changed.query_string
                    elif kind == "script_finished" and fwd.script_finished in FINISHED:
                        self.finished = fwd.script_finished
                        return time.perf_counter() - start
        except TimeoutError:
            raise RuntimeError(f"no end of the run after {WAIT_SECONDS} s (page {self.page_hash[:8]}, fragment "
                               f"{fragment_id[:8] or '-'}, route {self.route}); last messages: {seen[-8:]}") from None

    def _element(self, delta) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        inner = getattr(element, kind)
        if kind in ("markdown", "alert"):
            self.texts.append(inner.body)
        wid = getattr(inner, "id", "")
        if wid:
            self.elements[wid] = (kind, inner)
            if delta.fragment_id:
                self.fragments[wid] = delta.fragment_id


class _Relay(asyncio.Protocol):
    """One direction of a proxied connection: what arrives here is written to ``peer`` (with back-pressure)."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.peer: _Relay | None = None
        self.pending = b""  # what arrived before the other side was connected

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if self.peer is None or self.peer.transport is None:
            self.pending += data
            return
        self.peer.transport.write(data)

    def connection_lost(self, exc) -> None:
        if self.peer is not None and self.peer.transport is not None:
            self.peer.transport.close()

    def pause_writing(self) -> None:  # the peer reads faster than this side can send: stop reading there
        if self.peer is not None and self.peer.transport is not None:
            self.peer.transport.pause_reading()

    def resume_writing(self) -> None:
        if self.peer is not None and self.peer.transport is not None:
            self.peer.transport.resume_reading()


class _Incoming(_Relay):
    """A client's connection: routed by its ``duo_route`` cookie once the request's head has arrived."""

    def __init__(self, backends: list[int]) -> None:
        super().__init__()
        self.backends = backends

    def data_received(self, data: bytes) -> None:
        if self.peer is not None:
            super().data_received(data)
            return
        self.pending += data
        head, found, _ = self.pending.partition(b"\r\n\r\n")
        if not found:
            return
        cookie = next((line.split(b":", 1)[1].decode().strip() for line in head.split(b"\r\n")
                       if line.lower().startswith(b"cookie:")), "")
        route = next((c.split("=", 1)[1] for c in cookie.split("; ") if c.startswith("duo_route=")), "")
        number = int(route) if route.isdigit() else zlib.crc32(route.encode())
        self.peer = _Relay()
        self.peer.peer = self
        asyncio.get_running_loop().create_task(self._connect(self.backends[number % len(self.backends)]))

    async def _connect(self, backend: int) -> None:
        loop = asyncio.get_running_loop()
        try:
            await loop.create_connection(lambda: self.peer, "127.0.0.1", backend)
        except OSError:
            self.transport.close()
            return
        self.peer.transport.write(self.pending)
        self.pending = b""


async def proxy(port: int, backends: list[int]) -> asyncio.AbstractServer:
    """A reverse proxy with sticky sessions: the ``duo_route`` cookie always goes to the same backend.

    It reads only the request's head (for the cookie) and then relays the bytes both ways, unparsed, as nginx
    does with ``proxy_pass`` to a WebSocket: the cheapest a proxy can be, so that on a 2-core machine it takes
    as little as possible from the servers. In production nginx or Caddy does this (see the README).
    """
    loop = asyncio.get_running_loop()
    return await loop.create_server(lambda: _Incoming(backends), "127.0.0.1", port)


def serve_proxy(port: int, backends: list[int]) -> None:
    """Run :func:`proxy` until the process is stopped (in a process of its own, so the clients never block it)."""
    async def forever() -> None:
        await proxy(port, backends)
        await asyncio.Future()

    asyncio.run(forever())
