"""A real OpenID Connect login against a local mock provider (oidc-provider-mock on 127.0.0.1).

A contact coach logs in; the page shows their duos, and no name of anybody outside those duos reaches
the browser: not in the page text, not in any WebSocket frame, not in any HTTP response.
"""

from __future__ import annotations

import contextlib
import time

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import login_app

COACH_EMAIL = "coach@samana.be"
COACH_KEY = "Antwerpen/C01"


@pytest.fixture(scope="module")
def coach_app(tmp_path_factory):
    users = [{"sub": "coach1", "email": COACH_EMAIL, "name": "Coach"}]
    allowlist = f'[[user]]\nemail = "{COACH_EMAIL}"\nrole = "contactcoach"\ncoach = "{COACH_KEY}"\n'
    with login_app(tmp_path_factory.mktemp("login_cwd"), users, allowlist) as url:
        yield url


def _names(frame) -> set[str]:
    return set((frame["first_name"].fillna("") + " " + frame["last_name"].fillna("")).str.strip())


def test_coach_logs_in_and_receives_only_own_duos(page: Page, coach_app: str, demo, output_path):
    received: list[bytes] = []
    page.on("websocket", lambda ws: ws.on(
        "framereceived", lambda f: received.append(f if isinstance(f, bytes) else f.encode())))

    def keep_response(response):
        if "/static/" not in response.url:
            with contextlib.suppress(Exception):
                received.append(response.body())

    page.on("response", keep_response)
    page.goto(coach_app)
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_role("button", name="coach1").click()  # the mock provider's predefined user
    expect(page.get_by_role("heading", name="Mijn duo's")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=60_000)
    expect(page.locator("a[href^='tel:']").first).to_be_visible()  # the duo cards, phone first
    page.screenshot(path=output_path + "/mijn_duos_coach.png", full_page=True)

    ds = demo
    duos = ds.duos[(ds.duos["coach_key"] == COACH_KEY) & ds.duos["status"].isin(["actief", "kennismaking"])]
    people = pd.concat([ds.participants, ds.volunteers], ignore_index=True)
    mine = people["key"].isin(set(duos["participant_key"]) | set(duos["volunteer_key"]))
    inside = _names(people[mine])

    def arrived() -> bool:
        data = b"\n".join(received).decode("utf-8", errors="ignore")
        return all(n in data for n in inside)

    deadline = time.monotonic() + 30
    while not arrived() and time.monotonic() < deadline:
        page.wait_for_timeout(50)  # Playwright hands over the frames it holds while it waits: until all are in
    outside = _names(people[~mine]) - inside
    coach = ds.coaches[ds.coaches["key"] == COACH_KEY]
    known_words = {w for n in inside | _names(coach) for w in n.split()}
    # identifying strings of everybody else: full names, phones, e-mails, and surnames only outsiders have
    others = people[~mine]
    markers = outside | set(others["phone"].dropna()) | set(others["email"].dropna()) | {
        s for s in others["last_name"].dropna() if len(s) >= 5 and not any(s in w for w in known_words)
    }
    assert len(inside) >= 10 and len(outside) > 1000

    text = page.inner_text("body").replace("\u2060", "")  # the word joiners that keep e-mail addresses text
    data = b"\n".join(received).decode("utf-8", errors="ignore")
    assert "Contactcoach: coach@samana.be" in text
    missing = sorted(n for n in inside if n not in data)
    assert missing == []  # the coach's own people did reach the page
    # Blank out the coach's own people first (longest first): "Sofie Janssens" must not count as
    # "Sofie Jans"; what is left may hold no full name of anybody else.
    for name in sorted(inside | known_words, key=len, reverse=True):
        text, data = text.replace(name, "|"), data.replace(name, "|")
    leaked = sorted(m for m in markers if m in text or m in data)
    assert leaked == []
