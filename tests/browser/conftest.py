"""Browser-test fixtures: Debian's Chromium (no Playwright download) and a live `streamlit run app.py`."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60_000  # ms: the first run of a page loads and caches the demo data
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = Path(CHROMIUM).exists()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if not HAVE_CHROMIUM:
                item.add_marker(pytest.mark.skip(reason="Chromium ontbreekt: installeer het met 'apt-get install chromium'"))


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args():
    return {"viewport": {"width": 1400, "height": 2400}, "locale": "nl-BE"}


@pytest.fixture
def context(context):
    """pytest-playwright's context, whose actions (a click, a bounding box) wait as long as the tests' ``expect``s."""
    context.set_default_timeout(TIMEOUT)
    return context


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, what: str) -> None:
    """Wait until ``url`` answers 200 (60 s at most)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"{what} did not start: {proc.stdout.read().decode(errors='replace')[-2000:]}")


def start_app(env: dict[str, str] | None = None, cwd: Path | None = None, port: int | None = None,
              script: str = "app.py"):
    """Start `streamlit run <script>` on 127.0.0.1:<free port> and wait for its health check."""
    port = port or free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / script),
        "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]
    proc = subprocess.Popen(cmd, cwd=cwd or ROOT, env={**os.environ, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_http(f"{url}/_stcore/health", proc, "streamlit")
    return proc, url


@contextlib.contextmanager
def demo_app(cwd: Path, script: str = "app.py"):
    """The demo app run from ``cwd`` (no duo.toml) with its own journal ``cwd/logboek.sqlite``; yields the URL."""
    proc, url = start_app(env={"DUO_CONFIG": "", "DUO_JOURNAL": str(cwd / "logboek.sqlite")}, cwd=cwd, script=script)
    try:
        yield url
    finally:
        stop(proc)


@contextlib.contextmanager
def login_app(cwd: Path, users: list[dict[str, str]], allowlist: str):
    """The app with login on, run from ``cwd``: a local OpenID Connect mock provider knows ``users``.

    ``users`` are the claims of the mock's predefined users (``sub``, ``email``, ``name``: the login page of
    the mock shows a button per ``sub``); ``allowlist`` is the text of ``cwd/allowlist.toml``. Skipped where
    oidc-provider-mock is not installed. Yields the app's URL.
    """
    if shutil.which("oidc-provider-mock") is None:
        pytest.skip("oidc-provider-mock ontbreekt (pip install -r requirements-dev.txt)")
    mock_port, app_port = free_port(), free_port()
    claims = [arg for user in users for arg in ("--user-claims", json.dumps(user))]
    mock = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--port", str(mock_port), *claims],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_http(f"http://127.0.0.1:{mock_port}/.well-known/openid-configuration", mock, "oidc-provider-mock")
        (cwd / ".streamlit").mkdir(exist_ok=True)
        (cwd / ".streamlit" / "secrets.toml").write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
            'cookie_secret = "test-cookie-secret"\nclient_id = "duo"\nclient_secret = "duo-secret"\n'
            f'server_metadata_url = "http://127.0.0.1:{mock_port}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        (cwd / "allowlist.toml").write_text(allowlist, encoding="utf-8")
        app, url = start_app(env={"DUO_CONFIG": "", "DUO_JOURNAL": str(cwd / "logboek.sqlite")}, cwd=cwd,
                             port=app_port)
        try:
            yield url
        finally:
            stop(app)
    finally:
        stop(mock)


def settled(page: Page) -> None:
    """The app has drawn the page (a title is there), no run is going on and no faded element of a former run is left.

    A role switch runs the app twice (the page of the other role, then the role's own first page); between the
    two runs the status widget is gone for a moment while the former run's elements are still faded (stale).
    """
    expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=TIMEOUT)
    expect(page.locator("[data-stale='true']")).to_have_count(0, timeout=TIMEOUT)


def choose(page: Page, label: str, typed: str, option: str) -> None:
    """Pick an option of a select box as a keyboard user does: open it, type, click the option."""
    page.get_by_role("combobox", name=label).click()
    page.keyboard.type(typed)
    page.get_by_role("option", name=option).click()


def success(page: Page, text: str | re.Pattern):
    """The success message on the page (Streamlit repeats the same text in a toast in the corner)."""
    return page.get_by_test_id("stAlertContentSuccess").get_by_text(text)


def stop(proc: subprocess.Popen) -> None:
    """Terminate a server started by a fixture."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def demo():
    """The demo data as the demo app loads it (as of today), loaded once per worker."""
    import duo_core

    return duo_core.load_dataset(duo_core.config.DEMO_FOLDER)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    with demo_app(tmp_path_factory.mktemp("app_cwd")) as url:
        yield url


@pytest.fixture(scope="session")
def scratch_app(tmp_path_factory):
    """A second demo app, started once per worker, whose journal the tests may write: its URL and folder.

    Shared by modules whose actions touch none of each other's checks (test_exports notes downloads in the
    access log, test_power_bi saves a view). ``app_url`` stays untouched: nothing is recorded there.
    """
    folder = tmp_path_factory.mktemp("scratch")
    with demo_app(folder) as url:
        yield url, folder


#: The two screens every item of a round is tried on: a desktop and a 390-pixel phone.
DEVICES = {
    "desktop": {"viewport": {"width": 1400, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
}


@pytest.fixture(params=list(DEVICES))
def device(request, browser):
    """A page on a desktop screen (1400×900) or a 390-pixel phone (a module may define its own)."""
    context = browser.new_context(locale="nl-BE", **DEVICES[request.param])
    context.set_default_timeout(TIMEOUT)
    yield context.new_page()
    context.close()


def open_sidebar(page: Page) -> None:
    """Open the sidebar when it is closed (a phone starts with it closed; on a desktop it is open)."""
    settled(page)
    opener = page.get_by_test_id("stExpandSidebarButton")
    if opener.count():  # closed (it may stay open after a page link was followed in it)
        opener.click()
    expect(page.get_by_test_id("stSidebarContent")).to_be_in_viewport(timeout=TIMEOUT)


def go_to(page: Page, title: str) -> None:
    """Open another page of the app through its link in the sidebar, as a person does (the session stays)."""
    open_sidebar(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible(timeout=TIMEOUT)
    settled(page)
