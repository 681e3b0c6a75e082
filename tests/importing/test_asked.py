"""Uncertain guesses are asked, not taken; a workbook the server is too busy to read is said, not dropped.

A column whose guess is below :data:`duo_core.importing.guess.UNSURE` keeps the guess as a suggestion and is
not read until the professional answers (the field, or "niet gebruiken"); loading says which columns wait and
reads the rest. A saved profile keeps the open questions, so they are asked again.
"""

from __future__ import annotations

import io

import pytest

import duo_core
from duo_core.importing import assistant
from duo_core.importing.guess import UNSURE, uncertain
from duo_core.importing.mapping import load_mapping
from duo_core.reading import guarded
from tests import forms
from tests.helpers import AS_OF
from tests.workbooks import build

FILE = "Antwerpen intake deelnemers.xlsx"


@pytest.mark.parametrize(("field", "confidence", "asked"), [
    ("id", 0.5, True), ("gender", 0.6, True), ("gender", UNSURE, False), ("birth_date", 0.95, False),
    (None, 0.0, False), (None, 0.6, False),  # left out is no guess to confirm
])
def test_a_guess_below_the_threshold_is_uncertain(field, confidence, asked):
    assert uncertain(field, confidence) is asked


def _unlabelled(tmp_path):
    """A hand list whose gender column has no telling header: only its answers say what it may be."""
    rows = [["Voornaam", "Familienaam", "Postcode", "Kolom E"],
            ["An", "Peeters", "2800", "vrouw"], ["Jozef", "Claes", "2000", "man"], ["Marie", "Wouters", "2500", "vrouw"]]
    return build(tmp_path / "wachtlijst.xlsx", {"Blad1": rows}, province=None)


def test_an_uncertain_guess_is_a_suggestion_with_its_evidence_and_is_not_read(tmp_path):
    path = _unlabelled(tmp_path)
    m = duo_core.propose_mapping(path, as_of=AS_OF)
    assert m.asked().values.tolist() == [
        ["wachtlijst.xlsx", "Blad1", "Kolom E", "gender", 0.6,
         "100 % van de waarden komen uit de lijst van 'Geslacht'"]]
    assert m.columns.set_index("header").loc["Kolom E", "field"] is None
    assert m.values.empty  # its answers are mapped once it is confirmed
    shown = assistant.column_table(m, "wachtlijst.xlsx", "Blad1").set_index("header")
    assert shown.loc["Kolom E", ["label", "suggested", "confidence", "examples"]].tolist() == [
        assistant.LEFT_OUT, "Geslacht", 60, "vrouw · man"]
    assert assistant.certainty(60) == "60 % · nakijken"
    assert assistant.waiting(m) == (
        "Nog 1 kolom wacht op je antwoord en wordt niet ingelezen: 'Kolom E' (Blad1, voorstel: Geslacht). Kies bij "
        "3. Kolommen het veld (of 'niet gebruiken'); de andere kolommen worden wel ingelezen.")

    ds = duo_core.load_dataset(path, mapping=m, as_of=AS_OF)
    assert ds.participants[["first_name", "postcode", "gender"]].values.tolist() == [
        ["An", "2800", None], ["Jozef", "2000", None], ["Marie", "2500", None]]  # the rest loads
    waits = ds.findings[ds.findings["message"].str.contains("wacht op je antwoord")]
    assert waits[["file", "sheet", "row", "column", "severity", "message"]].values.tolist() == [
        ["wachtlijst.xlsx", "Blad1", 1, "Kolom E", "waarschuwing",
         "Kolom 'Kolom E' wacht op je antwoord en wordt nog niet ingelezen (voorstel: Geslacht, maar niet zeker "
         "genoeg): kies het veld of 'niet gebruiken' op de pagina Gegevens koppelen."]]


def test_confirming_or_leaving_out_answers_the_question(tmp_path):
    path = _unlabelled(tmp_path)
    m = duo_core.propose_mapping(path, as_of=AS_OF)
    confirmed = m.with_field("wachtlijst.xlsx", "Blad1", "Kolom E", "gender")
    assert confirmed.asked().empty and assistant.waiting(confirmed) is None
    assert confirmed.values[["raw", "value", "count"]].values.tolist() == [["vrouw", "vrouw", 2], ["man", "man", 1]]
    ds = duo_core.load_dataset(path, mapping=confirmed, as_of=AS_OF)
    assert ds.participants["gender"].tolist() == ["vrouw", "man", "vrouw"]
    assert not ds.findings["message"].str.contains("wacht op je antwoord").any()
    left_out = m.with_field("wachtlijst.xlsx", "Blad1", "Kolom E", None)
    assert left_out.asked().empty
    assert assistant.coverage(left_out)[["used", "left_out", "asked"]].values.tolist() == [[3, 1, 0]]


def test_a_saved_profile_keeps_the_open_question_and_asks_it_again(tmp_path):
    path = _unlabelled(tmp_path)
    m = duo_core.propose_mapping(path, as_of=AS_OF)
    text = m.to_toml()
    assert '[sheet.asked]\n"Kolom E" = "gender"' in text
    assert '"Kolom E" = ""' not in text  # not decided: neither read nor left out
    saved = load_mapping(m.save(tmp_path / "koppeling.toml"))
    assert saved.asked()[["header", "suggestion"]].values.tolist() == [["Kolom E", "gender"]]
    assert saved.fingerprint == m.fingerprint
    assert saved.fingerprint != m.with_field("wachtlijst.xlsx", "Blad1", "Kolom E", None).fingerprint
    again = duo_core.propose_mapping(path, as_of=AS_OF).adopt(saved)
    assert again.asked()[["header", "suggestion"]].values.tolist() == [["Kolom E", "gender"]]


def test_a_form_export_asks_only_about_its_sequence_number(tmp_path):
    m = duo_core.propose_mapping(forms.dutch_form(tmp_path), as_of=AS_OF)
    assert m.asked()[["header", "suggestion", "reason"]].values.tolist() == [
        ["ID", "id", "het volgnummer van het formulier (geen beter ID gevonden)"]]
    ds = duo_core.load_dataset(forms.dutch_form(tmp_path), mapping=m, as_of=AS_OF)
    assert ds.participants["id"].tolist() == ["An Peeters 03-05-1958", "Jozef Claes 20-01-1946",
                                              "Marie Wouters 30-11-1972"]  # until answered: an ID from the name


def test_a_workbook_the_server_is_too_busy_to_read_is_said_not_dropped(tmp_path, monkeypatch):
    queue = guarded.ParsingQueue(workers=1, wait_seconds=0.2)
    monkeypatch.setattr(guarded, "PARSING_QUEUE", queue)
    upload = io.BytesIO(forms.dutch_form(tmp_path).read_bytes())
    upload.name = FILE
    with queue.turn():  # another user's workbook holds the only worker
        busy = duo_core.propose_mapping([upload], as_of=AS_OF)
    assert busy.busy
    assert busy.sheets.empty
    assert [(f.file, f.sheet, f.row, f.column, f.severity, f.message) for f in busy.problems] == [
        (FILE, None, None, None, "waarschuwing", guarded.BUSY)]
    assert guarded.BUSY.startswith("Bezig, even geduld") and "over een minuut" in guarded.BUSY
    again = duo_core.propose_mapping([upload], as_of=AS_OF)  # nothing was kept: the next try reads it
    assert not again.busy and again.problems == ()
    assert again.sheets["sheet"].tolist() == ["Form1"]


def test_an_unreadable_workbook_is_a_problem_of_the_proposal(tmp_path):
    bad = io.BytesIO(b"geen werkboek")
    bad.name = "kapot.xlsx"
    m = duo_core.propose_mapping([bad], as_of=AS_OF)
    assert not m.busy
    assert [(f.file, f.severity) for f in m.problems] == [("kapot.xlsx", "fout")]
