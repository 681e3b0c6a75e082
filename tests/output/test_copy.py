"""The updated copy of a province's workbook: the app's people and duos in it, highlighted, and a round trip."""

from __future__ import annotations

import io

from openpyxl import load_workbook

import duo_core
from duo_core import lifecycle
from duo_core.insights import monitoring
from duo_core.lifecycle.intake import Intake
from duo_core.output import copy
from tests.helpers import AS_OF
from tests.lifecycle.test_people import BOSS, MIA, TODAY, conversation, ds, journal, steps  # noqa: F401  (fixtures)


def _record(ds, journal):  # noqa: F811
    key = steps(ds, journal).sign_up(MIA, "Antwerpen", today=TODAY)
    steps(ds, journal).finish(key, conversation(), today=TODAY)
    Intake(journal, lifecycle.overlay(ds, journal), BOSS).set_status("Antwerpen/D3", "on hold")
    duo = lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), BOSS).propose(key, "Antwerpen/V1")
    return key, duo


def test_the_copy_holds_the_app_people_and_duos_highlighted_with_the_changes(ds, journal):  # noqa: F811
    _key, duo = _record(ds, journal)
    data = copy.updated_workbook(lifecycle.overlay(ds, journal), "Antwerpen", journal.events())
    wb = load_workbook(io.BytesIO(data))
    people = wb["Deelnemers"]
    headers = [c.value for c in people[1]]
    rows = {r[0].value: r for r in people.iter_rows(min_row=2)}
    assert headers[-1] == "Wijziging"
    assert rows["AANM00001"][headers.index("Status")].value == "wachtend"
    assert rows["AANM00001"][-1].value == "nieuw" and rows["D3"][-1].value == "gewijzigd"
    assert rows["D3"][headers.index("Status")].value == "on hold"
    assert rows["D1"][-1].value is None
    assert rows["D3"][0].fill.fgColor.rgb == "00FFF2CC" and rows["D1"][0].fill.fgColor.rgb != "00FFF2CC"
    duos = {r[0].value: r for r in wb["Duo's"].iter_rows(min_row=2)}
    assert duos[duo.split("/")[1]][-1].value == "nieuw"
    changes = [[c.value for c in r] for r in wb[copy.CHANGES_SHEET].iter_rows(min_row=2)]
    assert [(r[2], r[3], r[4]) for r in changes] == [
        ("boss@x", "aangemeld", "Antwerpen/persoon:AANM00001"),
        ("boss@x", "klaar voor matching", "Antwerpen/persoon:AANM00001"),
        ("boss@x", "status gewijzigd", "Antwerpen/persoon:D3"),
        ("boss@x", "voorgesteld", duo),
    ]


def test_loading_the_copy_with_the_journal_gives_the_same_figures(tmp_path, ds, journal):  # noqa: F811
    key, _duo = _record(ds, journal)
    before = lifecycle.overlay(ds, journal)
    folder = tmp_path / "copy"
    folder.mkdir()
    (folder / "Antwerpen.xlsx").write_bytes(copy.updated_workbook(before, "Antwerpen", journal.events()))
    after = lifecycle.overlay(duo_core.load_dataset(folder, as_of=AS_OF), journal)
    assert len(after.participants) == len(before.participants) == 4
    assert len(after.duos) == len(before.duos) == 2
    assert after.participant(key)["status"] == before.participant(key)["status"] == "wachtend"
    assert monitoring.key_figures(after).equals(monitoring.key_figures(before))
    assert duo_core.standing(after, key) == duo_core.standing(before, key)
