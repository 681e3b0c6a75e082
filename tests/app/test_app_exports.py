"""AppTests of the exports of Match zoeken: the printable page per role (in the role's projection, noted in the
access log) and the map as a picture."""

from __future__ import annotations

import json
import os

import pytest

from duo_core import access
from duo_core.lifecycle.access_log import AccessLog
from duo_core.lifecycle.journal import Journal
from duo_core.output import match_sheet
from tests.app.apptest import started

PERSON = "Antwerpen/D0174"
USERS = {access.PROFESSIONAL: "demo-beroepskracht@localhost", access.INTAKE: "demo-intake@localhost"}


@pytest.mark.parametrize("role", [access.PROFESSIONAL, access.INTAKE])
def test_the_printable_page_is_there_for_each_role_in_its_projection_and_noted(demo_workdir, monkeypatch, role):
    printed = []

    def pdf(ds, person, for_participant, ranking, weights=None, **options):
        printed.append([t for _, t in match_sheet.sheet_lines(ds, person, for_participant, ranking, weights, **options)])
        return b"%PDF-1.4"

    monkeypatch.setattr(match_sheet, "match_sheet_pdf", pdf)
    at = started(role, "app_pages/match_zoeken.py")
    at.selectbox(key="person_p").set_value(PERSON).run()
    assert not at.exception, [e.value for e in at.exception]
    [chart] = at.get("plotly_chart")  # the explanation's waterfall saves itself with a Dutch name and toolbar
    config = json.loads(chart.proto.config)
    assert (config["toImageButtonOptions"]["filename"], config["locale"], config["displaylogo"]) == (
        "uitleg_score", "nl", False)
    downloads = [d.proto.label for d in at.get("download_button")]
    assert downloads == ["Shortlist downloaden (Excel)", "Kaart downloaden (PNG)"]
    [button] = [b for b in at.button if b.label == "Afdrukbare pagina (PDF)"]
    button.click().run()
    assert not at.exception and not at.error
    assert sorted(d.proto.label for d in at.get("download_button")) == sorted(
        [*downloads, "Afdrukbare pagina (PDF) downloaden"])
    [lines] = printed
    private = [t for t in lines if t.startswith(("Notities:", "Zorgnood:"))]
    if role == access.PROFESSIONAL:
        assert private[:2] == ["Notities: Houdt van een vaste dag in de week.",
                               "Zorgnood: mantelzorger voor partner met dementie"]
    else:
        assert private == []
    seen = at.session_state["dataset"]  # the projected dataset the page used
    assert ("care_need" in seen.participants.columns) is (role == access.PROFESSIONAL)
    log = AccessLog(Journal(os.environ["DUO_JOURNAL"])).entries()
    exported = log[log["kind"] == "export"]
    assert set(exported["actor"]) == {USERS[role]}
    assert set(exported["detail"]) == {"match_Antwerpen_D0174.pdf"}
    assert exported["person_key"].iloc[::-1].tolist()[:1] == [PERSON]
    assert len(exported) == 11  # the person and the ten best candidates
