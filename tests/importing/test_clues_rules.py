"""The import assistant's rules one by one (issue 20, items 1-7), each on the smallest export that shows it."""

from __future__ import annotations

from collections import Counter

import pytest

import duo_core
from duo_core.importing import answers, clues
from tests.helpers import AS_OF
from tests.workbooks import build


def _fields(path) -> dict[str, str | None]:
    m = duo_core.propose_mapping(path, as_of=AS_OF)
    return dict(zip(m.columns["header"], m.columns["field"], strict=True))


def test_the_organisations_name_in_a_file_name_does_not_make_a_duo_sheet(tmp_path):
    rows = [["Voornaam", "Achternaam", "Postcode"], ["An", "Peeters", 2800], ["Jan", "Claes", 2000]]
    m = duo_core.propose_mapping(build(tmp_path / "Kennismakingsformulier Duowerking.xlsx", {"Form1": rows},
                                       province=None), as_of=AS_OF)
    assert m.sheets[["sheet", "role"]].values.tolist() == [["Form1", "Deelnemers"]]
    assert clues.role_of("Form1", "Duowerking regio Aalst.xlsx", {"first_name"}) == "Deelnemers"
    assert clues.role_of("Duo's", "x.xlsx", {"participant_id", "volunteer_id"}) == "Duo's"
    assert clues.role_of("Form1", "x.xlsx", {"first_name", "max_distance_km"}) == "Vrijwilligers"


def test_an_intake_volunteers_sheet_is_not_taken_for_the_volunteers():
    assert clues.role_of("Intakevrijwilligers", "x.xlsx", {"first_name"}) == "Intakevrijwilligers"
    assert clues.role_of("Intakers 2026", "x.xlsx", {"first_name"}) == "Intakevrijwilligers"
    assert clues.role_of("Vrijwilligers", "x.xlsx", {"first_name"}) == "Vrijwilligers"


def test_yes_no_questions_are_yes_no_fields_or_left_out_never_interests(tmp_path):
    rows = [["Voornaam", "Rook je?", "Stoort het je als iemand rookt?", "Zijn er huisdieren bij jou thuis?",
             "Ik geef toestemming (privacy)", "Wil je de nieuwsbrief?", "Film"],
            ["An", "Ja", "Nee", "Ja", "Ja", "Nee", "x"], ["Jan", "Nee", "Ja", "Nee", "Ja", "Ja", None]]
    assert _fields(build(tmp_path / "lijst.xlsx", {"Blad1": rows}, province=None)) == {
        "Voornaam": "first_name", "Rook je?": "smokes", "Stoort het je als iemand rookt?": "smoke_bothers",
        "Zijn er huisdieren bij jou thuis?": "pets", "Ik geef toestemming (privacy)": None,
        "Wil je de nieuwsbrief?": None, "Film": "interests=film"}


def test_a_postcode_in_the_values_gives_the_postcode_whatever_the_header(tmp_path):
    rows = [["Voornaam", "Woonplaats"], ["An", "2800 Mechelen"], ["Jan", "2000 Antwerpen"]]
    path = build(tmp_path / "lijst.xlsx", {"Blad1": rows}, province=None)
    assert _fields(path)["Woonplaats"] == "postcode"
    ds = duo_core.load_dataset(path, mapping=duo_core.propose_mapping(path, as_of=AS_OF), as_of=AS_OF)
    assert ds.participants[["postcode", "municipality"]].values.tolist() == [["2800", "Mechelen"], ["2000", "Antwerpen"]]


def test_values_confirm_a_header_guess():
    anonymous = Counter({"anonymous": 3})
    assert clues.is_metadata("E-mail", anonymous) == "de naam of het e-mailadres van wie het formulier invulde ('anonymous')"
    assert answers.confirms("email", "email", Counter({"Jan": 2})) == "de waarden zijn geen e-mailadressen"
    assert answers.confirms("birth_date", "date", Counter({"Jan": 2})) == "de waarden zijn geen datums"
    assert answers.confirms("email", "email", Counter({"an@x.be": 2})) is None


def test_two_header_rows_are_one_header():
    top = ["Respondent ID", "Voornaam", "Welke interesses heb je?", None, "Rook je?"]
    second = [None, "Response", "Wandelen", "Film", "Response"]
    assert clues.two_header_rows(top, second) == (
        "Respondent ID", "Voornaam", "Welke interesses heb je? [Wandelen]", "Welke interesses heb je? [Film]", "Rook je?")


def test_a_google_forms_grid_column_gives_the_days_parts(tmp_path):
    assert answers.grid_day("Wanneer ben je beschikbaar? [Dinsdag]", Counter({"Voormiddag, Avond": 2})) == "dinsdag"
    rows = [["Voornaam", "Beschikbaar [Maandag]", "Beschikbaar [Dinsdag]"], ["An", "Voormiddag, Avond", None],
            ["Jan", None, "Namiddag"]]
    path = build(tmp_path / "lijst.xlsx", {"Blad1": rows}, province=None)
    ds = duo_core.load_dataset(path, mapping=duo_core.propose_mapping(path, as_of=AS_OF), as_of=AS_OF)
    assert ds.participants["availability"].tolist() == [
        frozenset({"maandag voormiddag", "maandag avond"}), frozenset({"dinsdag namiddag"})]


def test_pets_as_animals_and_a_distance_as_text():
    assert [answers.yes_no(v, "pets") for v in ("kat", "Een hond", "Geen", "nee")] == [True, True, False, False]
    assert answers.yes_no("Geen", "smokes") is None
    assert answers.km_share(Counter({"tot 10 km": 2, "15 km": 1})) == 1.0


def test_one_sheet_per_year_is_one_list_and_a_person_in_both_counts_once(tmp_path):
    header = ["Voornaam", "Naam", "Geboortedatum", "Postcode"]
    sheets = {"2024": [header, ["An", "Peeters", "03/05/1958", 2800], ["Jan", "Claes", "20/01/1946", 2000]],
              "2025": [header, ["Els", "Maes", "07/07/1990", 2500], ["An", "Peeters", "03/05/1958", 2800]]}
    path = build(tmp_path / "Aanmeldingen Duowerking.xlsx", sheets, province=None)
    ds = duo_core.load_dataset(path, mapping=duo_core.propose_mapping(path, as_of=AS_OF), as_of=AS_OF)
    assert ds.participants[["first_name", "source_row"]].values.tolist() == [["Jan", 3], ["Els", 2], ["An", 3]]
    same = ds.findings[ds.findings["message"].str.startswith("Dezelfde")]
    assert same[["sheet", "row", "column", "severity", "message"]].values.tolist() == [[
        "2024", 2, "Voornaam", "waarschuwing", "Dezelfde deelnemer staat ook in tabblad '2025' (rij 3): die rij wordt "
        "gebruikt, deze telt niet mee. Verwijder een van beide als het dezelfde persoon is."]]


@pytest.mark.parametrize(("header", "field"), [
    ("Wat is uw geslacht?", "gender"),
    ("Voorkeur geslacht vrijwilliger", "pref_gender"),
    ("Hobbies", "interests"),
    ("Wat wil u ons nog vertellen?", "notes"),
    ("Anything else you'd like to tell us?", "notes"),
])
def test_questions_as_forms_ask_them_name_their_field(header, field):
    assert clues.from_header("Deelnemers", header)[0] == field


def test_a_total_row_is_not_counted_among_the_people_without_a_status(tmp_path):
    path = build(tmp_path / "Limburg.xlsx", {"Vrijwilligers": [
        ["Voornaam", "Achternaam", "Postcode"], ["An", "Peeters", "3500"], ["Bart", "Claes", "3600"],
        ["Totaal", "2", None]]}, province=None)
    ds = duo_core.load_dataset(path, mapping=duo_core.propose_mapping(path, as_of=AS_OF).with_suggestions(),
                               as_of=AS_OF)
    assert len(ds.volunteers) == 2
    assert [m for m in ds.findings["message"] if "Status" in m] == [
        "Tabblad 'Vrijwilligers' heeft geen kolom Status: alle 2 vrijwilligers tellen als beschikbaar (nieuwe "
        "aanmeldingen)."]
