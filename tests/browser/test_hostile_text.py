"""Workbook text full of markdown, HTML, addresses and mathtext stays inert text in Chromium, for every role.

The app runs on a folder whose workbook plants such text in names, interests, notes and a stop reason;
each role logs in (a local OpenID Connect mock) and opens each of its pages. No request leaves for any host
but the app's own (a tracking pixel would), no link or image takes its address from the data, and no page
shows an exception.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import TIMEOUT, choose, login_app, settled
from tests.helpers import base_records, to_rows, write_sheets

pytestmark = pytest.mark.xdist_group("hostile_text")  # this module's app and login provider on one worker

EVIL = "evil.example"
IMAGE = f"![pixel](https://{EVIL}/pixel.png)"
HTML = f"<img src=https://{EVIL}/img.png onerror=alert(1)>"
LINK = f"<a href='https://{EVIL}/a'>klik hier</a>"
BARE = f"www.{EVIL}/w en https://{EVIL}/u"
MAIL = f"iemand@{EVIL}"
MATH = r"$\x$ $$ $x^2$ :material/home:"

USERS = {  # e-mail, role in the allow-list, the pages it opens
    "pro": ("pro@samana.be", 'role = "beroepskracht"',
            ["overzicht", "match_zoeken", "wachtlijst", "lopende_duos", "contactcoaches", "monitoring",
             "datakwaliteit", "gegevens_koppelen", "logboek"]),
    "intake": ("intake@samana.be", 'role = "intakevrijwilliger"', ["match_zoeken", "wachtlijst", "lopende_duos"]),
    "coach": ("coach@samana.be", 'role = "contactcoach"\ncoach = "Antwerpen/C1"', ["mijn_duos"]),
}


def _hostile_records() -> dict:
    records = base_records()
    for row in records["Deelnemers"]:
        row["Voornaam"], row["Achternaam"] = IMAGE, HTML
        row["Interesses"] = f"wandelen; {BARE}; {LINK}; {MATH}"
        row["Notities"] = f"{LINK} {IMAGE}"
        row["Persoonlijkheid"] = f"rustig; {MAIL}"
    for row in records["Vrijwilligers"]:
        row["Voornaam"], row["Achternaam"] = LINK, MAIL
        row["Interesses"] = f"wandelen; {IMAGE}; {MATH}"
    records["Contactcoaches"][0]["Voornaam"] = BARE
    records["Contactcoaches"][0]["Achternaam"] = MATH
    stopped = dict(records["Duo's"][0], **{"Duo ID": "DUO2", "Deelnemer ID": "D3", "Vrijwilliger ID": "V1",
                                         "Status": "gestopt", "Einddatum": dt.datetime.now() - dt.timedelta(days=60),
                                         "Stopreden": f"{LINK} {MATH} {IMAGE}"})
    records["Duo's"].append(stopped)
    return records


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("hostile_cwd")
    write_sheets(cwd / "werkboeken" / "Antwerpen.xlsx", to_rows(_hostile_records()))
    (cwd / "duo.toml").write_text('[data]\nfolder = "werkboeken"\n', encoding="utf-8")
    users = [{"sub": key, "email": email, "name": key} for key, (email, _, _) in USERS.items()]
    allowlist = "".join(f'[[user]]\nemail = "{email}"\n{role}\nprovinces = ["Antwerpen"]\n\n'
                        for email, role, _ in USERS.values())
    with login_app(cwd, users, allowlist) as url:
        yield url


def _from_data(page: Page) -> list[str]:
    """Links and images (HTML and SVG) whose address comes from the workbook's text."""
    found = page.evaluate("""() => [...document.querySelectorAll('a, img, image')].map(e =>
        e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('xlink:href') || '')""")
    return [a for a in found if EVIL in a or a.startswith(("javascript:", "mailto:"))]


def _act(page: Page, path: str) -> None:
    """What a person does on the page that shows the most workbook text."""
    if path == "match_zoeken":
        choose(page, "Deelnemer", "D1", re.compile(r"\(D1\)"))
        expect(page.get_by_text("Waarom deze kandidaat?")).to_be_visible(timeout=TIMEOUT)
    elif path == "wachtlijst":
        page.get_by_role("combobox", name="Bekijk een deelnemer (of vink een rij aan)").click()
        page.get_by_role("option").first.click()
        expect(page.get_by_role("link", name="Zoek een match voor deze deelnemer")).to_be_visible(timeout=TIMEOUT)
    elif path == "lopende_duos" and page.get_by_role("combobox", name="Duo").count():  # with actions on
        page.get_by_role("combobox", name="Duo").click()
        page.get_by_role("option").first.click()
    elif path == "monitoring":
        chart = page.get_by_test_id("stPlotlyChart").filter(has_text="Stopredenen")
        expect(chart).to_contain_text("klik hier</a>", timeout=TIMEOUT)  # the stop reason on the axis, as typed
        chart.scroll_into_view_if_needed()
        bar = chart.locator(".barlayer .point path").first.bounding_box()
        page.mouse.click(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)  # filters by the reason as typed
        shown = re.compile(r"Aangeklikt: stopreden <a href='https:\W?//evil\.example/a'>klik hier</a>")  # a joiner
        expect(page.get_by_text(shown)).to_be_visible(timeout=TIMEOUT)
        settled(page)
        flows = page.get_by_test_id("stPlotlyChart").filter(has_text="Nieuwe en gestopte duo's per maand")
        expect(flows.locator(".legend")).to_contain_text("gestopt", timeout=TIMEOUT)  # the duo with that reason
    settled(page)


@pytest.mark.parametrize("user", list(USERS))
def test_workbook_text_stays_text_on_every_page(browser: Browser, browser_context_args, hostile_app, user):
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.goto(hostile_app)
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_role("button", name=user, exact=True).click()
    settled(page)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    own = (hostile_app, f"blob:{hostile_app}")  # the maps have no tiles: no request leaves the app
    problems = {}
    for i, path in enumerate(USERS[user][2]):
        page.goto(hostile_app if i == 0 else f"{hostile_app}/{path}")  # a role's first page lives at "/"
        settled(page)
        _act(page, path)
        assert any(u.startswith(hostile_app) for u in asked), path  # the listener does hear the app's own requests
        outside = [u for u in asked if not u.startswith(own)]
        exceptions = page.get_by_test_id("stException").count()
        if outside or exceptions or _from_data(page):
            problems[path] = {"requests": outside, "exceptions": exceptions, "links": _from_data(page)}
        asked.clear()
    context.close()
    assert problems == {}
