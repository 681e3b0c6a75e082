"""The import assistant: every workbook shape of ``tests.forms`` gets exactly the mapping a professional expects.

Each test builds one shape, proposes a mapping and asserts it column by column; then the mapping is
applied and the people read are asserted. The round trip (propose, save, load the profile, load the data)
gives the same people as the template workbook with the same data.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import duo_core
from duo_core.importing import assistant, clues
from duo_core.importing.mapping import MappingError, load_mapping
from tests import forms
from tests.helpers import AS_OF
from tests.workbooks import build


def _fields(mapping: duo_core.Mapping, sheet: str | None = None) -> dict[str, str | None]:
    cols = mapping.columns if sheet is None else mapping.columns[mapping.columns["sheet"] == sheet]
    return dict(zip(cols["header"], cols["field"], strict=True))


def _people(ds: duo_core.Dataset, frame: str = "participants") -> list[tuple]:
    people = getattr(ds, frame)
    return sorted(zip(people["first_name"], people["last_name"], people["postcode"],
                      people["birth_date"].dt.strftime("%Y-%m-%d"), people["interests"].map(lambda s: tuple(sorted(s))),
                      strict=True))


EXPECTED_PEOPLE = sorted(
    (p["first"], p["last"], p["postcode"], p["birth"].strftime("%Y-%m-%d"), tuple(sorted(p["interests"])))
    for p in forms.PEOPLE
)


# --- 1. a Dutch form export -------------------------------------------------------------------


def test_dutch_form_export_maps_every_question(tmp_path):
    m = duo_core.propose_mapping(forms.dutch_form(tmp_path), as_of=AS_OF)
    assert m.sheets[["sheet", "role", "header_row", "rows", "split_column"]].values.tolist() == [
        ["Form1", "Deelnemers", 1, 3, None]]
    assert _fields(m) == {
        "ID": None, "Begintijd": None, "Tijd van voltooien": None, "E-mail": None, "Naam": None,
        "Voornaam": "first_name", "Familienaam": "last_name", "Wat is je geboortedatum?": "birth_date",
        "Postcode en gemeente": "postcode", "Welke interesses heb je?": "interests",
        "Op welke momenten ben je vrij?": "availability", "Rook je?": "smokes", "Heb je huisdieren?": "pets",
        "Welke talen spreek je?": "languages",
        "Heb je een voorkeur voor het geslacht van je vrijwilliger?": "pref_gender", "Geslacht": "gender",
        "Telefoonnummer": "phone", "Je e-mailadres": "email",
    }
    # the form's sequence number may be the ID, but that is not sure: asked, not taken
    assert m.asked()[["header", "suggestion", "confidence"]].values.tolist() == [["ID", "id", 0.5]]


def test_dutch_form_export_reasons_and_confidence(tmp_path):
    m = duo_core.propose_mapping(forms.dutch_form(tmp_path), as_of=AS_OF)
    by_header = m.columns.set_index("header")
    assert by_header.loc["ID", ["confidence", "reason"]].tolist() == [
        0.5, "het volgnummer van het formulier (geen beter ID gevonden)"]
    assert by_header.loc["Begintijd", "reason"] == "gegevens van het formulier zelf (tijdstip)"
    assert by_header.loc["Naam", "reason"] == "de naam of het e-mailadres van wie het formulier invulde (leeg)"
    assert by_header.loc["Postcode en gemeente", ["confidence", "reason"]].tolist() == [
        0.95, "de vraag gaat over 'Postcode'; 100 % van de waarden zijn Belgische postcodes"]


def test_dutch_form_export_maps_the_answers_of_closed_lists(tmp_path):
    m = duo_core.propose_mapping(forms.dutch_form(tmp_path), as_of=AS_OF)
    assert m.values[["header", "raw", "value", "count"]].values.tolist() == [
        ["Rook je?", "Nee", "nee", 2], ["Rook je?", "Ja", "ja", 1],
        ["Heb je huisdieren?", "Ja", "ja", 2], ["Heb je huisdieren?", "Nee", "nee", 1],
        ["Heb je een voorkeur voor het geslacht van je vrijwilliger?", "Maakt niet uit", "geen voorkeur", 2],
        ["Heb je een voorkeur voor het geslacht van je vrijwilliger?", "Liever een vrouw", "vrouw", 1],
        ["Geslacht", "Vrouw", "vrouw", 2], ["Geslacht", "Man", "man", 1],
    ]


def test_dutch_form_export_loads_the_people(tmp_path):
    path = forms.dutch_form(tmp_path)
    confirmed = duo_core.propose_mapping(path, as_of=AS_OF).with_suggestions()  # the ID confirmed on the page
    ds = duo_core.load_dataset(path, mapping=confirmed, as_of=AS_OF)
    assert _people(ds) == EXPECTED_PEOPLE
    p = ds.participants.set_index("first_name")
    assert p.loc["Jozef", ["smokes", "pets", "pref_gender", "municipality", "status"]].tolist() == [
        True, True, "vrouw", "Antwerpen", "aangemeld"]
    assert p.loc["An", "availability"] == frozenset({"maandag voormiddag", "dinsdag namiddag"})
    assert p.loc["Jozef", "languages"] == frozenset({"nederlands", "frans"})
    assert ds.participants["key"].tolist() == ["Antwerpen/1", "Antwerpen/2", "Antwerpen/3"]
    assert ds.findings[["sheet", "severity", "message"]].values.tolist() == [
        ["Form1", "info", "Tabblad 'Form1' heeft geen kolom Status: alle 3 deelnemers tellen als aangemeld "
                          "(nieuwe aanmeldingen): na het kennismakingsgesprek zoekt Match zoeken een vrijwilliger."]]


def test_a_form_without_a_sign_up_date_names_its_time_stamps_until_one_is_chosen(tmp_path):
    path = forms.dutch_form(tmp_path)
    mapping = duo_core.propose_mapping(path, as_of=AS_OF).with_suggestions()
    assert assistant.no_sign_up_date(mapping) == [
        "Tabblad Form1 (Antwerpen intake deelnemers.xlsx) heeft geen Aanmelddatum: zonder aanmelddatum telt de "
        "wachttijd van deze deelnemers niet, en staat wie het langst wacht niet vooraan. Is 'Begintijd' of 'Tijd van "
        "voltooien' het moment van inschrijven? Kies daar dan Aanmelddatum."]
    chosen = mapping.with_field("Antwerpen intake deelnemers.xlsx", "Form1", "Tijd van voltooien", "registered_on")
    assert assistant.no_sign_up_date(chosen) == []
    ds = duo_core.load_dataset(path, mapping=chosen, as_of=AS_OF)
    assert ds.participants["registered_on"].dt.date.tolist() == [(forms.STAMP + dt.timedelta(minutes=6)).date()] * 3


def test_a_finding_in_a_mapped_export_names_the_original_sheet_row_and_question(tmp_path):
    people = [dict(p) for p in forms.PEOPLE]
    people[1]["birth"] = "31/02/1946"
    path = forms.dutch_form(tmp_path, people=people)
    ds = duo_core.load_dataset(path, mapping=duo_core.propose_mapping(path, as_of=AS_OF).with_suggestions(),
                               as_of=AS_OF)
    assert ds.findings[["file", "sheet", "row", "column", "severity", "message"]].values.tolist()[0] == [
        "Antwerpen intake deelnemers.xlsx", "Form1", 3, "Wat is je geboortedatum?", "fout",
        "'31/02/1946' bestaat niet als datum: controleer dag en maand (dd/mm/jjjj)."]
    assert len(ds.participants) == 3  # the row stays, without the date


def test_without_a_mapping_the_form_export_loads_nobody_and_says_why(tmp_path):
    ds = duo_core.load_dataset(forms.dutch_form(tmp_path), as_of=AS_OF)
    assert len(ds.participants) == 0
    assert "Tabblad 'Form1' is onbekend en wordt niet ingelezen." in ds.findings["message"].tolist()


# --- 2. an English form export ------------------------------------------------------------------


def test_english_form_export(tmp_path):
    path = forms.english_form(tmp_path)
    m = duo_core.propose_mapping(path, as_of=AS_OF)
    assert _fields(m) == {
        "ID": None, "Start time": None, "Completion time": None, "Email": None, "Name": None,
        "First name": "first_name", "Last name": "last_name", "Date of birth": "birth_date", "Postal code": "postcode",
        "What are your interests?": "interests", "When are you available?": "availability", "Do you smoke?": "smokes",
        "Do you have pets?": "pets", "Which languages do you speak?": "languages", "Gender": "gender",
        "Phone number": "phone", "Your email address": "email",
    }
    assert m.values.loc[m.values["header"] == "Gender", ["raw", "value"]].values.tolist() == [
        ["Female", "vrouw"], ["Male", "man"]]
    ds = duo_core.load_dataset(path, mapping=m, as_of=AS_OF)
    assert _people(ds) == EXPECTED_PEOPLE
    assert ds.participants["smokes"].tolist() == [False, True, False]


# --- 3. one sheet with both roles -------------------------------------------------------------------


def test_one_sheet_with_both_roles_is_split(tmp_path):
    path = forms.both_roles(tmp_path)
    m = duo_core.propose_mapping(path, as_of=AS_OF)
    assert m.sheets[["sheet", "role", "rows", "split_column"]].values.tolist() == [
        ["Aanmeldingen", "Deelnemers", 5, "Ik meld me aan als"]]
    assert _fields(m) == {
        "Ik meld me aan als": None, "Voornaam": "first_name", "Achternaam": "last_name", "Geboortedatum": "birth_date",
        "Postcode": "postcode", "Gemeente": "municipality", "Interesses": "interests", "Beschikbaarheid": "availability",
        "Rookt": "smokes", "Huisdieren": "pets", "Talen": "languages",
        "Hoeveel km wil je maximaal rijden?": "max_distance_km",
    }
    ds = duo_core.load_dataset(path, mapping=m, as_of=AS_OF)
    assert _people(ds) == EXPECTED_PEOPLE
    assert sorted(zip(ds.volunteers["first_name"], ds.volunteers["max_distance_km"], strict=True)) == [
        ("Luc", 15.0), ("Sofie", 10.0)]
    # Excel rows stay exact: Sofie signed up on row 5, between the participants
    assert ds.volunteers.set_index("first_name").loc["Sofie", "source_row"] == 5
    assert ds.participants.set_index("first_name")["source_row"].to_dict() == {"An": 2, "Jozef": 3, "Marie": 4}


def test_a_sheet_without_ids_gets_ids_from_name_and_birth_date(tmp_path):
    path = forms.both_roles(tmp_path)
    ds = duo_core.load_dataset(path, mapping=duo_core.propose_mapping(path, as_of=AS_OF), as_of=AS_OF)
    assert ds.participants["id"].tolist() == ["An Peeters 03-05-1958", "Jozef Claes 20-01-1946",
                                              "Marie Wouters 30-11-1972"]
    assert ds.findings["message"].tolist()[1] == (
        "Tabblad 'Aanmeldingen' heeft geen ID-kolom: elke persoon krijgt een ID uit naam en geboortedatum "
        "(bv. 'An Peeters 03-05-1958'). Een eigen ID-kolom is beter: namen veranderen soms.")


def test_role_words(tmp_path):
    assert clues.role_word("Deelnemer (ik zoek een vrijwilliger)") == "Deelnemers"
    assert clues.role_word("Ik wil vrijwilliger worden") == "Vrijwilligers"
    assert clues.role_word("Ik zoek een vrijwilliger") == "Deelnemers"
    assert clues.role_word("Mechelen") is None


# --- 4. title rows, one-hot interests and day-parts ------------------------------------------------


def test_one_hot_columns_fold_into_one_field(tmp_path):
    path = forms.one_hot_list(tmp_path)
    m = duo_core.propose_mapping(path, as_of=AS_OF)
    assert m.sheets[["sheet", "role", "header_row", "rows"]].values.tolist() == [["Blad1", "Deelnemers", 3, 3]]
    assert _fields(m) == {
        "Nr": "id", "Voornaam": "first_name", "Achternaam": "last_name", "Geboortedatum": "birth_date",
        "Postcode": "postcode", "Gemeente": "municipality", "Wandelen": "interests=wandelen", "Film": "interests=film",
        "Koken": "interests=koken", "ma vm": "availability=maandag voormiddag",
        "di nm": "availability=dinsdag namiddag", "wo av": "availability=woensdag avond", "Rookt": "smokes",
        "Huisdieren": "pets",
    }
    ds = duo_core.load_dataset(path, mapping=m, as_of=AS_OF)
    assert _people(ds) == EXPECTED_PEOPLE
    slots = dict(zip(ds.participants["first_name"], ds.participants["availability"], strict=True))
    assert slots == {p["first"]: frozenset(p["slots"]) for p in forms.PEOPLE}
    assert ds.participants["source_row"].tolist() == [4, 5, 6]


@pytest.mark.parametrize(("cell", "marked"), [("x", True), ("X", True), ("ja", True), (1, True), ("✓", True),
                                              ("✔", True), (True, True), (None, False), ("nee", False), (0, False)])
def test_marks_of_a_one_hot_column(cell, marked):
    assert clues.is_marked(cell) is marked


# --- 5. a combined postcode-and-place column ------------------------------------------------------------


def test_an_address_column_gives_postcode_and_place(tmp_path):
    path = forms.combined_place(tmp_path)
    m = duo_core.propose_mapping(path, as_of=AS_OF)
    assert _fields(m)["Adres"] == "postcode"
    assert m.columns.set_index("header").loc["Adres", "reason"] == (
        "100 % van de waarden zijn adressen met een postcode en gemeente")
    ds = duo_core.load_dataset(path, mapping=m, as_of=AS_OF)
    assert list(zip(ds.participants["postcode"], ds.participants["municipality"], strict=True)) == [
        ("2800", "Mechelen"), ("2000", "Antwerpen"), ("2500", "Lier")]
    assert ds.participants["lat"].notna().all()


@pytest.mark.parametrize(("text", "expected"), [
    ("Kerkstraat 12, 2800 Mechelen", "2800 Mechelen"), ("2800 Mechelen", "2800 Mechelen"),
    ("Mechelen (2800)", "2800 Mechelen"), ("Kerkstraat 12", None), ("2800", None)])
def test_address_postcode(text, expected):
    assert clues.address_postcode(text) == expected


# --- 6. a single name column ------------------------------------------------------------------------------


def test_one_name_column_is_split_into_first_and_last_name(tmp_path):
    path = forms.single_name(tmp_path)
    m = duo_core.propose_mapping(path, as_of=AS_OF)
    assert _fields(m) == {"Code": "id", "Naam": "full_name", "Geboortedatum": "birth_date", "Postcode": "postcode",
                          "Gemeente": "municipality", "Interesses": "interests"}
    ds = duo_core.load_dataset(path, mapping=m, as_of=AS_OF)
    assert _people(ds) == EXPECTED_PEOPLE
    assert ds.participants["id"].tolist() == ["F1", "F2", "F3"]


# --- 7. the template maps fully, with certainty ---------------------------------------------------------------


def test_the_template_workbook_maps_every_column_with_certainty(tmp_path):
    m = duo_core.propose_mapping(build(tmp_path / "Antwerpen.xlsx"), as_of=AS_OF)
    assert m.sheets["role"].tolist() == ["Deelnemers", "Vrijwilligers", "Duo's", "Contactcoaches"]
    assert m.columns["field"].notna().all()
    assert m.columns["confidence"].eq(1.0).all()
    for s in m.sheets["sheet"]:
        sheet = duo_core.importing.mapping.clues.ROLES[s]
        fields = _fields(m, s)
        assert fields == {h: sheet.column(f).name for h, f in fields.items()}
        assert set(fields.values()) <= {c.name for c in sheet.columns}


def test_the_template_headers_map_to_their_own_field(tmp_path):
    m = duo_core.propose_mapping(build(tmp_path / "Antwerpen.xlsx"), as_of=AS_OF)
    by_header = {(r.sheet, r.header): r.field for r in m.columns.itertuples()}
    for (sheet, header), field in by_header.items():
        assert clues.ROLES[sheet].column(field).header == header


# --- 8. unknown extra columns -----------------------------------------------------------------------------------


def test_two_unknown_columns_are_left_out_without_an_error(tmp_path):
    path = forms.extra_columns(tmp_path)
    m = duo_core.propose_mapping(path, as_of=AS_OF)
    fields = _fields(m)
    assert (fields["Lievelingskleur"], fields["Schoenmaat"]) == (None, None)
    assert m.columns.set_index("header").loc["Schoenmaat", "reason"] == (
        "onbekende kolom: kies zelf een veld of laat ze weg")
    ds = duo_core.load_dataset(path, mapping=m, as_of=AS_OF)
    assert _people(ds) == EXPECTED_PEOPLE
    assert (ds.findings["severity"] == "fout").sum() == 0
    assert not ds.findings["message"].str.contains("Lievelingskleur|Schoenmaat").any()


# --- the profile -------------------------------------------------------------------------------------------------


def test_round_trip_gives_the_people_of_the_template_workbook(tmp_path):
    form = forms.dutch_form(tmp_path / "form")
    profile = duo_core.propose_mapping(form, as_of=AS_OF).save(tmp_path / "koppeling.toml")
    via_profile = duo_core.load_dataset(form, mapping=load_mapping(profile), as_of=AS_OF)
    template = build(tmp_path / "tpl" / "Antwerpen.xlsx", forms.template_rows())
    direct = duo_core.load_dataset(template, as_of=AS_OF)
    columns = ["first_name", "last_name", "birth_date", "gender", "postcode", "municipality", "phone", "email",
               "interests", "availability", "smokes", "pets", "languages", "pref_gender", "lat", "lon", "province"]
    left = via_profile.participants[columns].reset_index(drop=True)
    right = direct.participants[columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right)


def test_the_profile_is_readable_toml(tmp_path):
    m = duo_core.propose_mapping(forms.single_name(tmp_path), as_of=AS_OF)
    text = m.to_toml()
    assert '[[sheet]]\nfile = "Antwerpen wachtlijst.xlsx"\nsheet = "Wachtlijst"\nrole = "Deelnemers"\nheader_row = 1' in text
    assert '"Naam" = "full_name"' in text
    loaded = load_mapping(m.save(tmp_path / "p.toml"))
    assert loaded.columns[["header", "field"]].values.tolist() == m.columns[["header", "field"]].values.tolist()
    assert loaded.fingerprint == m.fingerprint


def test_next_months_export_loads_with_the_same_profile(tmp_path):
    first = forms.dutch_form(tmp_path / "oktober", name="Antwerpen intake oktober.xlsx")
    profile = load_mapping(duo_core.propose_mapping(first, as_of=AS_OF).with_suggestions().save(
        tmp_path / "koppeling.toml"))
    more = [*forms.PEOPLE, {**copy.deepcopy(forms.PEOPLE[0]), "first": "Els", "last": "Maes"}]
    later = forms.dutch_form(tmp_path / "november", name="Antwerpen intake november.xlsx", people=more)
    ds = duo_core.load_dataset(later, mapping=profile, as_of=AS_OF)
    assert sorted(ds.participants["first_name"]) == ["An", "Els", "Jozef", "Marie"]
    assert (ds.findings["severity"] != "info").sum() == 0


def test_a_changed_form_names_the_new_and_the_missing_question(tmp_path):
    first = forms.dutch_form(tmp_path / "a")
    profile = duo_core.propose_mapping(first, as_of=AS_OF).with_suggestions()

    def rename(wb):
        ws = wb["Form1"]
        ws["J1"] = "Wat zijn je hobby's?"  # was "Welke interesses heb je?"

    later = build(tmp_path / "b" / "Antwerpen intake deelnemers.xlsx",
                  {"Form1": [[c.value for c in row] for row in _sheet_rows(first)]}, province=None, edit=rename)
    ds = duo_core.load_dataset(later, mapping=profile, as_of=AS_OF)
    warnings = ds.findings[ds.findings["severity"] == "waarschuwing"]
    assert warnings[["row", "column", "message"]].values.tolist() == [
        [1, "Wat zijn je hobby's?", "Kolom 'Wat zijn je hobby's?' is nieuw sinds het koppelprofiel en wordt niet "
                                    "gebruikt: koppel ze op de pagina Gegevens koppelen en bewaar het profiel opnieuw."],
        [1, "Welke interesses heb je?", "Kolom 'Welke interesses heb je?' uit het koppelprofiel ontbreekt in dit "
                                        "bestand: is de vraag van het formulier veranderd? Kijk het na op de pagina "
                                        "Gegevens koppelen."],
    ]
    assert len(ds.participants) == 3


def _sheet_rows(path: Path):
    from openpyxl import load_workbook

    return list(load_workbook(path)["Form1"].iter_rows())


@pytest.mark.parametrize(("text", "message"), [
    ("version = 1\n[[sheet]]\nfile = 'a.xlsx'\nsheet = 'S'\nrole = 'Klanten'\nheader_row = 1\n",
     "Koppelprofiel 'p.toml', tabblad 1 ('S'): onbekende rol 'Klanten': kies uit Deelnemers, Vrijwilligers, Duo's, "
     "Contactcoaches, Intakevrijwilligers of laat leeg."),
    ("version = 1\n[[sheet]]\nfile = 'a.xlsx'\nsheet = 'S'\nrole = 'Deelnemers'\nheader_row = 0\n",
     "Koppelprofiel 'p.toml', tabblad 1 ('S'): header_row moet een rijnummer zijn (1 tot 1000)."),
    ("version = 1\n[[sheet]]\nfile = 'a.xlsx'\nsheet = 'S'\nrole = 'Deelnemers'\nheader_row = 1\n"
     "[sheet.columns]\n'Naam' = 'schoenmaat'\n",
     "Koppelprofiel 'p.toml', tabblad 1 ('S'), kolom 'Naam': onbekend veld 'schoenmaat'. Kies een veld uit het sjabloon "
     "of laat het leeg."),
    ("version = 2\n", "Koppelprofiel 'p.toml' heeft versie 2: maak het opnieuw op de pagina Gegevens koppelen."),
])
def test_a_bad_profile_is_a_dutch_message_naming_the_entry(tmp_path, text, message):
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    assert str(caught.value) == message


def test_a_profile_that_is_not_toml(tmp_path):
    path = tmp_path / "p.toml"
    path.write_bytes(b"\xff\xfe not toml [[[")
    with pytest.raises(MappingError, match=r"^Koppelprofiel 'p\.toml' is geen geldige TOML"):
        load_mapping(path)


# --- changes by hand ----------------------------------------------------------------------------------------------


def test_one_selectbox_fixes_a_wrong_column(tmp_path):
    path = forms.extra_columns(tmp_path)
    m = duo_core.propose_mapping(path, as_of=AS_OF).with_field("Antwerpen.xlsx", "Deelnemers", "Lievelingskleur",
                                                               "personality")
    row = m.columns.set_index("header").loc["Lievelingskleur"]
    assert row[["field", "confidence", "reason"]].tolist() == ["personality", 1.0, "gekozen in de assistent"]
    ds = duo_core.load_dataset(path, mapping=m, as_of=AS_OF)
    assert ds.participants["personality"].tolist() == [frozenset({"blauw"})] * 3


def test_choosing_a_closed_list_field_by_hand_lists_its_answers(tmp_path):
    path = forms.extra_columns(tmp_path)
    m = duo_core.propose_mapping(path, as_of=AS_OF).with_field("Antwerpen.xlsx", "Deelnemers", "Lievelingskleur",
                                                               "gender")
    assert m.values[["header", "raw", "value", "count"]].values.tolist() == [["Lievelingskleur", "blauw", None, 3]]
    m = m.with_value("Antwerpen.xlsx", "Deelnemers", "Lievelingskleur", "blauw", "x")
    ds = duo_core.load_dataset(path, mapping=m, as_of=AS_OF)
    assert ds.participants["gender"].tolist() == ["x", "x", "x"]


def test_a_sheet_left_out_is_not_read(tmp_path):
    path = forms.extra_columns(tmp_path)
    m = duo_core.propose_mapping(path, as_of=AS_OF).with_role("Antwerpen.xlsx", "Deelnemers", None)
    ds = duo_core.load_dataset(path, mapping=m, as_of=AS_OF)
    assert len(ds.participants) == 0
    assert ds.findings["message"].tolist() == [
        "Tabblad 'Deelnemers' staat niet in het koppelprofiel en wordt niet ingelezen: koppel het op de pagina "
        "Gegevens koppelen als het gegevens bevat."]


def test_a_corrected_header_row_is_proposed_again(tmp_path):
    path = forms.one_hot_list(tmp_path)
    m = duo_core.propose_mapping(path, as_of=AS_OF, header_rows={("Deelnemers Antwerpen 2026.xlsx", "Blad1"): 2})
    assert m.sheets["header_row"].tolist() == [2]
    assert m.columns["header"].tolist() == ["Bijgewerkt door Els, oktober 2026"]


# --- the page's rules ---------------------------------------------------------------------------------------------


def test_field_choices_of_a_one_hot_column(tmp_path):
    m = duo_core.propose_mapping(forms.one_hot_list(tmp_path), as_of=AS_OF)
    choices = assistant.field_choices(m, "Deelnemers Antwerpen 2026.xlsx", "Blad1", "ma vm")
    assert choices[0] is None
    assert choices[-3:] == ["full_name", "interests=ma vm", "availability=maandag voormiddag"]
    assert assistant.field_label("availability=maandag voormiddag") == "Beschikbaarheid: maandag voormiddag (aangekruist)"
    assert assistant.field_label("postcode") == "Postcode"
    assert assistant.field_label(None) == "— niet gebruiken —"


def test_column_table_and_preview(tmp_path):
    path = forms.dutch_form(tmp_path)
    m = duo_core.propose_mapping(path, as_of=AS_OF)
    table = assistant.column_table(m, "Antwerpen intake deelnemers.xlsx", "Form1").set_index("header")
    assert table.loc["Welke interesses heb je?", ["label", "confidence", "examples"]].tolist() == [
        "Interesses", 90, "Wandelen;Film;Koken; · Film; · Koken;Wandelen;"]
    assert table.loc["Wat is je geboortedatum?", "examples"] == "03/05/1958 · 20/01/1946 · 30/11/1972"
    ds = duo_core.load_dataset(path, mapping=m, as_of=AS_OF)
    assert assistant.role_counts(ds) == {"Deelnemers": 3, "Vrijwilligers": 0, "Duo's": 0, "Contactcoaches": 0}
    shown = assistant.preview(ds, "Deelnemers", n=2)
    assert shown.columns.tolist()[:6] == ["Bestand", "Rij", "ID", "Voornaam", "Achternaam", "Geboortedatum"]
    assert shown.iloc[0][["Rij", "Voornaam", "Postcode", "Rookt", "Interesses"]].tolist() == [
        "2", "An", "2800", "nee", "film; koken; wandelen"]


def test_coverage_counts_used_left_out_and_asked(tmp_path):
    m = duo_core.propose_mapping(forms.dutch_form(tmp_path), as_of=AS_OF)
    assert assistant.coverage(m)[["used", "left_out", "asked"]].values.tolist() == [[13, 4, 1]]
    answered = m.with_field("Antwerpen intake deelnemers.xlsx", "Form1", "ID", None)  # "niet gebruiken" is an answer
    assert assistant.coverage(answered)[["used", "left_out", "asked"]].values.tolist() == [[13, 5, 0]]


# --- the goal: form-style workbooks it has never seen -------------------------------------------------------------


def test_unseen_forms_are_mapped_right_for_the_fields_matching_uses(tmp_path):
    """Over the six non-template shapes, at least 90 % of the matching fields are right with no edits."""
    matching_fields = {"first_name", "last_name", "birth_date", "gender", "postcode", "interests", "availability",
                       "smokes", "pets", "languages", "pref_gender", "max_distance_km"}
    truth = {
        "dutch_form": {"Voornaam": "first_name", "Familienaam": "last_name", "Wat is je geboortedatum?": "birth_date",
                       "Postcode en gemeente": "postcode", "Welke interesses heb je?": "interests",
                       "Op welke momenten ben je vrij?": "availability", "Rook je?": "smokes",
                       "Heb je huisdieren?": "pets", "Welke talen spreek je?": "languages",
                       "Heb je een voorkeur voor het geslacht van je vrijwilliger?": "pref_gender",
                       "Geslacht": "gender"},
        "english_form": {"First name": "first_name", "Last name": "last_name", "Date of birth": "birth_date",
                         "Postal code": "postcode", "What are your interests?": "interests",
                         "When are you available?": "availability", "Do you smoke?": "smokes",
                         "Do you have pets?": "pets", "Which languages do you speak?": "languages", "Gender": "gender"},
        "both_roles": {"Voornaam": "first_name", "Achternaam": "last_name", "Geboortedatum": "birth_date",
                       "Postcode": "postcode", "Interesses": "interests", "Beschikbaarheid": "availability",
                       "Rookt": "smokes", "Huisdieren": "pets", "Talen": "languages",
                       "Hoeveel km wil je maximaal rijden?": "max_distance_km"},
        "combined_place": {"Voornaam": "first_name", "Achternaam": "last_name", "Geboortedatum": "birth_date",
                           "Adres": "postcode", "Interesses": "interests", "Beschikbaarheid": "availability"},
        "single_name": {"Naam": "full_name", "Geboortedatum": "birth_date", "Postcode": "postcode",
                        "Interesses": "interests"},
    }
    right = total = 0
    for shape, expected in truth.items():
        fields = _fields(duo_core.propose_mapping(getattr(forms, shape)(tmp_path / shape), as_of=AS_OF))
        for header, field in expected.items():
            assert field in matching_fields | {"full_name"}
            total += 1
            right += fields[header] == field
    assert (right, total) == (total, 41)


def test_propose_mapping_takes_bytes(tmp_path):
    content = forms.dutch_form(tmp_path).read_bytes()
    m = duo_core.propose_mapping(content, as_of=AS_OF)
    assert m.sheets[["file", "sheet"]].values.tolist() == [["opgeladen.xlsx", "Form1"]]


def test_a_date_column_of_form_timestamps_is_not_a_birth_date():
    assert clues.from_values("Deelnemers", [dt.datetime(2026, 10, 3, 14, 12)] * 3, AS_OF) is None
