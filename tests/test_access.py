"""Access rules per role: exact rows and columns each role receives."""

from __future__ import annotations

import dataclasses

import pytest

import duo_core
from duo_core import access
from tests.helpers import AS_OF, base_records, to_rows, write_sheets

COACH = access.User("els@samana.be", access.COACH, coach_key="Antwerpen/C1")


@pytest.fixture
def ds(tmp_path):
    a = write_sheets(tmp_path / "Antwerpen.xlsx", to_rows(base_records()))
    b = write_sheets(tmp_path / "Limburg.xlsx", to_rows(base_records()))
    return duo_core.load_dataset([a, b], as_of=AS_OF)


def test_professional_without_provinces_sees_everything(ds):
    assert access.visible_dataset(ds, access.User("a@x", access.PROFESSIONAL)) is ds


def test_professional_sees_only_their_provinces_with_all_columns(ds):
    seen = access.visible_dataset(ds, access.User("a@x", access.PROFESSIONAL, provinces=("Limburg",)))
    assert seen.participants["key"].tolist() == ["Limburg/D1", "Limburg/D2", "Limburg/D3"]
    assert seen.duos["key"].tolist() == ["Limburg/DUO1"]
    assert seen.coaches["key"].tolist() == ["Limburg/C1"]
    assert seen.sources["file"].tolist() == ["Limburg.xlsx"]
    assert list(seen.participants.columns) == [*ds.participants.columns, "open_elsewhere", "reserved_elsewhere"]
    assert seen.participants["care_need"].tolist() == ["MS", "MS", "MS"]


def test_intake_volunteer_gets_matching_data_without_notes_or_care_needs(ds):
    seen = access.visible_dataset(ds, access.User("i@x", access.INTAKE, provinces=("Antwerpen",)))
    assert seen.participants["key"].tolist() == ["Antwerpen/D1", "Antwerpen/D2", "Antwerpen/D3"]
    assert seen.volunteers["key"].tolist() == ["Antwerpen/V1", "Antwerpen/V2"]
    elsewhere = ["open_elsewhere", "reserved_elsewhere"]
    assert list(seen.participants.columns) == [c for c in ds.participants.columns if c not in ("notes", "care_need")
                                               ] + elsewhere
    assert list(seen.volunteers.columns) == [c for c in ds.volunteers.columns if c != "notes"] + elsewhere
    assert seen.coaches.empty and list(seen.coaches.columns) == ["key", "province", "id", "first_name", "last_name"]
    assert seen.findings.empty
    # matching still works on what an intake volunteer sees
    assert duo_core.rank_volunteers(seen, "Antwerpen/D1")["key"].tolist() == ["Antwerpen/V1"]


def test_coach_gets_only_own_duos_and_contact_details(ds):
    seen = access.visible_dataset(ds, COACH)
    assert seen.duos["key"].tolist() == ["Antwerpen/DUO1"]
    assert list(seen.duos.columns) == [c for c in access.COACH_DUO_COLUMNS if c != "workbook_status"]
    assert seen.participants.to_dict("records") == [{
        "key": "Antwerpen/D2", "province": "Antwerpen", "id": "D2", "first_name": "An", "last_name": "Peeters",
        "phone": "015 12 34 56", "email": "an.peeters@telenet.be",
    }]
    assert seen.volunteers["key"].tolist() == ["Antwerpen/V2"]
    assert list(seen.volunteers.columns) == access.COACH_PERSON_COLUMNS
    assert seen.coaches["key"].tolist() == ["Antwerpen/C1"]
    assert seen.findings.empty and seen.sources.empty


def test_coach_does_not_see_stopped_duos(tmp_path):
    records = base_records()
    records["Duo's"][0]["Status"] = "gestopt"
    records["Duo's"][0]["Einddatum"] = "01/06/2026"
    ds = duo_core.load_dataset(write_sheets(tmp_path / "Antwerpen.xlsx", to_rows(records)), as_of=AS_OF)
    seen = access.visible_dataset(ds, COACH)
    assert seen.duos.empty and seen.participants.empty and seen.volunteers.empty


def test_pages_per_role():
    assert access.User("a@x", access.PROFESSIONAL).pages == (
        "overzicht", "match", "wachtlijst", "aanmeldingen", "kennismaking", "duos", "coaches", "monitoring", "kwaliteit",
        "koppelen", "logboek", "privacy")
    assert access.User("i@x", access.INTAKE).pages == ("match", "wachtlijst", "aanmeldingen", "kennismaking", "duos")
    assert COACH.pages == ("mijn_duos",)


def test_allowlist(tmp_path):
    path = tmp_path / "allowlist.toml"
    path.write_text(
        '[[user]]\nemail = "An.Peeters@Samana.be"\nrole = "beroepskracht"\nprovinces = ["Antwerpen"]\n'
        '[[user]]\nemail = "els@x.org"\nrole = "contactcoach"\ncoach = "Antwerpen/C1"\n',
        encoding="utf-8",
    )
    users = access.load_allowlist(path)
    assert access.user_for(" an.peeters@samana.be ", users) == access.User(
        "an.peeters@samana.be", access.PROFESSIONAL, None, ("Antwerpen",))
    assert access.user_for("els@x.org", users).coach_key == "Antwerpen/C1"
    assert access.user_for("onbekend@x.org", users) is None
    assert access.user_for(None, users) is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[[user]]\nemail = "a@x"\nrole = "baas"\n', "Gebruiker 1 (a@x) in 'allowlist.toml' heeft een onbekende rol 'baas': "
                                                    "kies uit beroepskracht, intakevrijwilliger, contactcoach."),
        ('[[user]]\nemail = "a@x"\nrole = "contactcoach"\n', "Gebruiker 1 (a@x) in 'allowlist.toml' is contactcoach "
                                                            "maar heeft geen coach: vul coach = \"Antwerpen/C01\" in "
                                                            "(provincie/ID)."),
        ('[[user]]\nrole = "beroepskracht"\n', "Gebruiker 1 in 'allowlist.toml' heeft geen geldig e-mailadres: vul "
                                               "email = \"naam@organisatie.be\" in."),
        ("[[user]\n", "Toegangslijst 'allowlist.toml' is geen geldige TOML"),
    ],
)
def test_allowlist_problems_are_dutch(tmp_path, text, problem):
    path = tmp_path / "allowlist.toml"
    path.write_text(text, encoding="utf-8")
    found = access.load_allowlist(path)
    assert found.users == {}
    assert len(found.problems) == 1 and found.problems[0].startswith(problem)


def test_an_intake_volunteer_chooses_conversations_per_month(tmp_path):
    path = tmp_path / "allowlist.toml"
    path.write_text('[[user]]\nemail = "i@x"\nrole = "intakevrijwilliger"\nconversations_per_month = 4\n'
                    '[[user]]\nemail = "b@x"\nrole = "beroepskracht"\nconversations_per_month = 4\n'
                    '[[user]]\nemail = "j@x"\nrole = "intakevrijwilliger"\nconversations_per_month = -1\n',
                    encoding="utf-8")
    found = access.load_allowlist(path)
    assert list(found.users) == ["i@x"] and found.users["i@x"].per_month == 4
    assert found.problems == (
        "Gebruiker 2 (b@x) in 'allowlist.toml' heeft conversations_per_month maar de rol beroepskracht: enkel voor "
        "intakevrijwilligers.",
        "Gebruiker 3 (j@x) in 'allowlist.toml': conversations_per_month moet een geheel getal vanaf 0 zijn, bv. "
        "conversations_per_month = 4.",
    )


def test_care_needs_of_people_without_recorded_consent_are_shown_to_nobody(tmp_path):
    ds = duo_core.load_dataset(write_sheets(tmp_path / "Antwerpen.xlsx", to_rows(base_records())), as_of=AS_OF)
    assert access.visible_dataset(ds, access.User("a@x", access.PROFESSIONAL)) is ds  # nobody records consent
    recorded = dataclasses.replace(ds, participants=ds.participants.assign(consent=[True, "nee", None]))
    for user in (access.User("a@x", access.PROFESSIONAL), access.User("b@x", access.PROFESSIONAL, None, ("Antwerpen",))):
        seen = access.visible_dataset(recorded, user).participants
        assert seen["consent_missing"].tolist() == [False, True, True]
        assert seen["care_need"].tolist()[0] == "MS" and seen["care_need"].iloc[1:].isna().all()
        assert seen["notes"].tolist()[0] == "Belt liever." and seen["notes"].iloc[1:].isna().all()
        assert seen["first_name"].tolist() == ["An", "An", "An"]  # only the care-need fields go
    assert recorded.participants["care_need"].tolist() == ["MS", "MS", "MS"]  # the dataset given is not modified
    assert [access.consented(v) for v in (True, False, "Ja", " akkoord ", "nee", "", None, 1, 0.0)] == [
        True, False, True, True, False, False, False, True, False]


def test_each_role_sees_the_intake_team_it_needs(tmp_path):
    def with_team(province):
        sheets = to_rows(base_records())
        sheets["Intakevrijwilligers"] = [["ID", "Voornaam", "E-mail", "Telefoon", "Gesprekken per maand"],
                                         ["I1", f"Olivier {province}", "o@x", "0470 12 34 56", 3]]
        return write_sheets(tmp_path / f"{province}.xlsx", sheets)

    ds = duo_core.load_dataset([with_team("Antwerpen"), with_team("Limburg")], as_of=AS_OF)
    boss = access.visible_dataset(ds, access.User("a@x", access.PROFESSIONAL, provinces=("Limburg",)))
    assert boss.intake_volunteers[["key", "phone"]].values.tolist() == [["Limburg/I1", "0470 12 34 56"]]
    colleague = access.visible_dataset(ds, access.User("i@x", access.INTAKE, provinces=("Antwerpen",)))
    assert colleague.intake_volunteers.columns.tolist() == access.INTAKE_TEAM_COLUMNS  # no phone numbers
    assert colleague.intake_volunteers["first_name"].tolist() == ["Olivier Antwerpen"]
    assert access.visible_dataset(ds, COACH).intake_volunteers.empty
