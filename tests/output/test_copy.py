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
    assert [(r[2], r[3], r[4]) for r in changes] == [  # a person's own step names no duo
        ("boss@x", "aangemeld", None),
        ("boss@x", "klaar voor matching", None),
        ("boss@x", "status gewijzigd", None),
        ("boss@x", "voorgesteld", duo),
    ]


def test_loading_the_copy_with_the_journal_gives_the_same_figures(tmp_path, ds, journal):  # noqa: F811
    key, _duo = _record(ds, journal)
    before = lifecycle.overlay(ds, journal)
    folder = tmp_path / "copy"
    folder.mkdir()
    (folder / "Antwerpen.xlsx").write_bytes(copy.updated_workbook(before, "Antwerpen", journal.events(), source=ds))
    after = lifecycle.overlay(duo_core.load_dataset(folder, as_of=AS_OF), journal)
    assert len(after.participants) == len(before.participants) == 4
    assert len(after.duos) == len(before.duos) == 2
    assert after.participant(key)["status"] == before.participant(key)["status"] == "wachtend"
    assert monitoring.key_figures(after).equals(monitoring.key_figures(before))
    assert duo_core.standing(after, key) == duo_core.standing(before, key)


def _fills(ws) -> dict[str, str]:
    """Every filled cell of a sheet and its colour (as openpyxl reads it back)."""
    return {c.coordinate: c.fill.fgColor.rgb for row in ws.iter_rows() for c in row if c.fill.fill_type == "solid"
            and c.row > 1}


def test_changed_cells_and_new_rows_are_filled_and_listed_cell_by_cell(ds, journal):  # noqa: F811
    key = steps(ds, journal).sign_up(MIA, "Antwerpen", today=TODAY)
    steps(ds, journal).finish(key, conversation(), today=TODAY)
    steps(ds, journal).correct("Antwerpen/D1", {"phone": "0470 99 88 77"})
    Intake(journal, lifecycle.overlay(ds, journal), BOSS).set_status("Antwerpen/D3", "on hold")
    actions = lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), BOSS)
    duo = actions.propose(key, "Antwerpen/V1")
    lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), BOSS).introduce(duo)
    lifecycle.Lifecycle(journal, lifecycle.overlay(ds, journal), BOSS).start(duo, "Antwerpen/C1", TODAY, today=TODAY)
    data = copy.updated_workbook(lifecycle.overlay(ds, journal), "Antwerpen", journal.events(), source=ds)
    wb = load_workbook(io.BytesIO(data))
    green, yellow = "00E2EFDA", "00FFF2CC"
    people = wb["Deelnemers"]  # rows by key: AANM00001 (2), D1 (3), D2 (4), D3 (5); 28 columns + Wijziging (AC)
    fills = _fills(people)
    assert {ref for ref, colour in fills.items() if colour == green} == {f"{c}2" for c in _letters(29)}
    assert {ref for ref, colour in fills.items() if colour == yellow} == {"H3", "K5"}
    assert [people[f"AC{r}"].value for r in range(2, 6)] == ["nieuw", "gewijzigd: Telefoon", None,
                                                             "gewijzigd: Status"]
    volunteers = wb["Vrijwilligers"]  # V1 became gekoppeld when the duo started
    assert _fills(volunteers) == {"K2": yellow}
    assert (volunteers["AC1"].value, volunteers["AC2"].value, volunteers["AC3"].value) == (
        "Wijziging", "gewijzigd: Status", None)
    duos = wb["Duo's"]  # by key: the app's duo APP1 new (row 2), DUO1 as it was (row 3); 10 columns + Wijziging (K)
    assert _fills(duos) == {f"{c}2": green for c in _letters(11)}
    assert (duos["K2"].value, duos["K3"].value) == ("nieuw", None)
    assert wb["Contactcoaches"].max_column == 7 and not _fills(wb["Contactcoaches"])
    sheet = wb[copy.CHANGES_SHEET]
    values = [[c.value for c in r][:6] for r in sheet.iter_rows()]
    start = values.index(copy.CELL_HEADERS)
    assert values[start - 1][0] == "Gemarkeerd in deze kopie: nieuwe rijen (groen) en gewijzigde cellen (geel)"
    assert values[start + 1:] == [
        ["Deelnemers", "A2:AB2", "AANM00001", "nieuwe rij", None, None],
        ["Deelnemers", "H3", "D1", "Telefoon", "015 12 34 56", "0470 99 88 77"],
        ["Deelnemers", "K5", "D3", "Status", "wachtend", "on hold"],
        ["Vrijwilligers", "K2", "V1", "Status", "beschikbaar", "gekoppeld"],
        ["Duo's", "A2:J2", duo.split("/")[1], "nieuwe rij", None, None],
    ]


def _letters(n: int) -> list[str]:
    from openpyxl.utils import get_column_letter

    return [get_column_letter(i) for i in range(1, n + 1)]
