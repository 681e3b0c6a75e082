"""Saved views: names checked with a Dutch message, only filters kept, one file per person written in one step."""

from __future__ import annotations

import json

import pytest

from duo_core import saved_views
from duo_core.saved_views import FileViews, MemoryViews, SavedView, ViewError


def test_only_the_filters_of_the_address_are_kept_in_a_fixed_order():
    params = {"deelnemer": "Antwerpen/D0174", "periode": "2025-01-01..2026-06-30", "provincies": "Limburg,Antwerpen",
              "klik_reden": "x" * 401, "wacht": "365", "klik_maand": ""}
    assert saved_views.filters_of(params) == (("provincies", "Limburg,Antwerpen"), ("periode", "2025-01-01..2026-06-30"),
                                              ("wacht", "365"))


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Geef de weergave een naam."),
    ("   ", "Geef de weergave een naam."),
    ("x" * 61, "Een naam telt hoogstens 60 tekens; deze telt er 61. Kies een kortere naam."),
    ("twee\nregels", "Een naam mag geen regeleinden of onzichtbare tekens bevatten."),
    ("stil\u200bteken", "Een naam mag geen regeleinden of onzichtbare tekens bevatten."),
    (" limburg 2025 ", "Er is al een weergave met de naam 'limburg 2025'. Kies een andere naam, of verwijder eerst de "
                       "bewaarde."),
], ids=["empty", "spaces", "too long", "line break", "zero width", "duplicate"])
def test_a_name_that_cannot_be_used_gets_a_dutch_message(typed, message):
    with pytest.raises(ViewError) as refused:
        saved_views.check_name(typed, [SavedView("Limburg 2025", "monitoring")])
    assert str(refused.value) == message


def test_a_name_is_kept_as_typed_without_surrounding_spaces_and_the_number_of_views_is_bounded():
    assert saved_views.check_name("  [klik](https://evil.example) *vet*  ", []) == "[klik](https://evil.example) *vet*"
    assert saved_views.check_name("x" * 60, []) == "x" * 60
    full = [SavedView(f"v{i}", "overzicht") for i in range(saved_views.MAX_VIEWS)]
    with pytest.raises(ViewError) as refused:
        saved_views.check_name("nog een", full)
    assert str(refused.value) == "Je hebt al 50 bewaarde weergaven. Verwijder er eerst een."


def test_views_are_saved_per_person_in_a_file_and_read_back(tmp_path):
    an = FileViews(tmp_path, "an@samana.be")
    an.save("Limburg 2025", "monitoring", {"provincies": "Limburg", "periode": "2025-01-01..2025-12-31",
                                           "deelnemer": "Limburg/D0001"})
    an.save("Lange wachters", "wachtlijst", {"wacht": "365"})
    again = FileViews(tmp_path, "AN@samana.be ")  # the same person, as the login may spell it
    assert again.views() == [
        SavedView("Limburg 2025", "monitoring", (("provincies", "Limburg"), ("periode", "2025-01-01..2025-12-31"))),
        SavedView("Lange wachters", "wachtlijst", (("wacht", "365"),)),
    ]
    assert FileViews(tmp_path, "bart@samana.be").views() == []
    [written] = list(tmp_path.iterdir())
    assert "samana" not in written.name and written.suffix == ".json"
    assert json.loads(written.read_text(encoding="utf-8"))["views"][1] == {
        "name": "Lange wachters", "page": "wachtlijst", "params": {"wacht": "365"}}
    again.delete("Limburg 2025")
    assert [v.name for v in an.views()] == ["Lange wachters"]
    assert an.get("Lange wachters").page == "wachtlijst" and an.get("Limburg 2025") is None


def test_a_damaged_file_reads_as_no_views_and_a_save_replaces_it(tmp_path):
    views = FileViews(tmp_path, "an@samana.be")
    views.path.write_text('{"views": [{"name": 3}, {"name": "ok", "page": "overzicht", "params": []}, "x"]}')
    assert views.views() == [SavedView("ok", "overzicht")]
    views.path.write_text("{niet af")
    assert views.views() == []
    views.save("nieuw", "overzicht", {})
    assert views.views() == [SavedView("nieuw", "overzicht")]
    assert [p.name for p in tmp_path.iterdir()] == [views.path.name]  # no temporary file left behind


def test_a_folder_that_cannot_be_written_is_a_dutch_message(tmp_path):
    (tmp_path / "weergaven").write_text("een bestand waar de map hoort")
    with pytest.raises(ViewError) as refused:
        FileViews(tmp_path / "weergaven", "an@samana.be").save("x", "overzicht", {})
    assert str(refused.value) == ("De weergave kon niet bewaard worden: de map met bewaarde weergaven is niet "
                                  "beschrijfbaar. Vraag de beheerder om de map van de app na te kijken.")


def test_a_session_keeps_views_in_memory_by_the_same_rules():
    views = MemoryViews()
    views.save("A", "overzicht", {"provincies": "Limburg"})
    with pytest.raises(ViewError) as refused:
        views.save("a", "monitoring", {})
    assert str(refused.value).startswith("Er is al een weergave met de naam 'a'.")
    assert saved_views.describe(views.get("A"), {"overzicht": "Overzicht"}) == "A (Overzicht; provincies Limburg)"
    every = saved_views.filters_of({"provincies": "Limburg,Antwerpen", "periode": "2025-01-01..2026-06-30",
                                    "klik_provincie": "Limburg", "klik_maand": "2026-03-01", "klik_reden": "verhuisd",
                                    "wacht": "365", "ernst": "fout"})
    assert saved_views.describe(SavedView("B", "monitoring", every), {}) == (
        "B (monitoring; provincies Limburg, Antwerpen; periode 01/01/2025 tot 30/06/2026; aangeklikt: provincie "
        "Limburg; aangeklikt: maand maart 2026; aangeklikt: stopreden verhuisd; wacht langer dan 365 dagen; ernst fout)")
    assert saved_views.describe(SavedView("C", "monitoring", (("periode", "x..y"), ("klik_maand", "z"))), {}) == (
        "C (monitoring; periode x tot y; aangeklikt: maand z)")
