"""Next month's export with a saved koppelprofiel (issue 20, items 8 and 9).

A profile never moves an answer into a field it was not mapped to: a renamed or new question is a finding
that asks the user, and the rest loads. A saved profile can start the assistant for an upload, and the
corrections made by hand survive saving again.
"""

from __future__ import annotations

import duo_core
from duo_core.importing.mapping import load_mapping
from tests.importing.corpus.builders import Col, Shape, crowd
from tests.importing.corpus.cells import at, const, dt_birth, joined, place_line, yes
from tests.importing.corpus.measure import AS_OF

PEOPLE = crowd(31, 4)


def _month(renamed: bool) -> Shape:
    cols = [Col("Voornaam", "first_name", at("first")), Col("Familienaam", "last_name", at("last")),
            Col("Geboortedatum", "birth_date", dt_birth), Col("Woonplaats", "postcode", place_line)]
    if renamed:
        cols += [Col("Ik geef toestemming voor de verwerking van mijn gegevens", None, const("Ja")),
                 Col("Wat doe je graag?", "interests", joined("interests"))]
    else:
        cols += [Col("Welke hobby's heb je?", "interests", joined("interests"))]
    cols += [Col("Rook je?", "smokes", yes("smokes")), Col("Wil je de nieuwsbrief?", None, yes("pets")),
             Col("Opmerking", "notes", const("belt 's avonds"))]
    return Shape("maand").sheet("Intake Duowerking.xlsx", "Form1", cols, PEOPLE)


def _saved(tmp_path) -> duo_core.Mapping:
    october = _month(renamed=False).write(tmp_path / "oktober")
    proposal = duo_core.propose_mapping(october, as_of=AS_OF)
    corrected = proposal.with_field("Intake Duowerking.xlsx", "Form1", "Opmerking", None)  # a choice by hand
    return load_mapping(corrected.save(tmp_path / "koppeling.toml"))


def test_a_renamed_question_is_a_finding_and_no_answer_moves_into_another_field(tmp_path):
    profile = _saved(tmp_path)
    november = _month(renamed=True).write(tmp_path / "november")
    ds = duo_core.load_dataset(november, mapping=profile, as_of=AS_OF)
    p = ds.participants.sort_values("first_name")
    expected = sorted(PEOPLE, key=lambda x: x["first"])
    assert p["first_name"].tolist() == [x["first"] for x in expected]
    assert p["postcode"].tolist() == [x["postcode"] for x in expected]
    assert p["smokes"].tolist() == [x["smokes"] for x in expected]
    assert p["interests"].tolist() == [frozenset()] * 4  # not the consent's "Ja", the newsletter, the renamed question
    assert p["notes"].isna().all()
    changed = ds.findings[ds.findings["message"].str.contains("koppelprofiel")]
    assert changed[["sheet", "row", "column", "severity"]].values.tolist() == [
        ["Form1", 1, "Ik geef toestemming voor de verwerking van mijn gegevens", "waarschuwing"],
        ["Form1", 1, "Wat doe je graag?", "waarschuwing"],
        ["Form1", 1, "Welke hobby's heb je?", "waarschuwing"]]


def test_a_saved_profile_starts_the_assistant_for_an_upload_and_asks_about_new_questions(tmp_path):
    profile = _saved(tmp_path)
    november = _month(renamed=True).write(tmp_path / "november")
    adopted = duo_core.propose_mapping(november, as_of=AS_OF).adopt(profile)
    cols = adopted.columns.set_index("header")
    assert cols.loc["Opmerking", ["field", "confidence", "reason"]].tolist() == [None, 1.0, "uit het koppelprofiel"]
    assert cols.loc["Woonplaats", ["field", "reason"]].tolist() == ["postcode", "uit het koppelprofiel"]
    # the renamed question is asked, not read into the field the assistant guesses
    assert cols.loc["Wat doe je graag?", ["field", "suggestion", "confidence"]].tolist() == [None, "interests", 0.5]
    assert cols.loc["Wat doe je graag?", "reason"].startswith("nieuw sinds het koppelprofiel: nakijken (")
    assert cols.loc["Ik geef toestemming voor de verwerking van mijn gegevens", "field"] is None


def test_corrections_survive_saving_again(tmp_path):
    profile = _saved(tmp_path)
    october = _month(renamed=False).write(tmp_path / "oktober")
    again = duo_core.propose_mapping(october, as_of=AS_OF).adopt(profile)
    saved = load_mapping(again.save(tmp_path / "opnieuw.toml"))
    assert dict(zip(saved.columns["header"], saved.columns["field"], strict=True)) == {
        "Voornaam": "first_name", "Familienaam": "last_name", "Geboortedatum": "birth_date", "Woonplaats": "postcode",
        "Welke hobby's heb je?": "interests", "Rook je?": "smokes", "Wil je de nieuwsbrief?": None, "Opmerking": None}
    assert saved.values[["header", "raw", "value"]].values.tolist() == profile.values[
        ["header", "raw", "value"]].values.tolist()
