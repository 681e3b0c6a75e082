"""A hand-edited koppelprofiel never crashes: every wrong entry is a Dutch message naming it (issue 19, item 6).

The profile named in ``duo.toml`` is read on every page, before login too; a crash there takes the whole
app down. A profile written by the app itself always loads again, also with characters TOML does not allow
unescaped (DEL) in a header or an answer.
"""

from __future__ import annotations

import pytest

import duo_core
from duo_core.importing.mapping import MappingError, load_mapping
from tests.helpers import AS_OF
from tests.workbooks import build

SHEET = 'version = 1\n[[sheet]]\nfile = "a.xlsx"\nsheet = "S"\nrole = "Deelnemers"\nheader_row = 1\n'
WHERE = "Koppelprofiel 'p.toml', tabblad 1 ('S')"


@pytest.mark.parametrize(("text", "message"), [
    (SHEET + 'columns = "x"\n',
     f"{WHERE}: columns moet een tabel zijn ([columns] met regels \"kop\" = \"...\"), niet 'x'."),
    (SHEET + "values = [1]\n",
     f"{WHERE}: values moet een tabel zijn ([values] met regels \"kop\" = \"...\"), niet een lijst."),
    (SHEET + '[sheet.values]\n"Rook je?" = "ja"\n',
     f"{WHERE}, antwoorden van 'Rook je?': values.\"Rook je?\" moet een tabel zijn "
     "([values.\"Rook je?\"] met regels \"kop\" = \"...\"), niet 'ja'."),
    (SHEET + "headers = 3\n",
     f"{WHERE}: headers moet een lijst van kolomkoppen zijn, bv. [\"Voornaam\", \"Postcode\"]."),
    (SHEET + "split_column = 5\n", f"{WHERE}: split_column moet tekst tussen aanhalingstekens zijn, niet een getal."),
    (SHEET + '[sheet.columns]\n"Rook je?" = {a = 1}\n',
     f"{WHERE}, kolom 'Rook je?': het veld moet tekst tussen aanhalingstekens zijn, niet een tabel."),
    (SHEET.replace("header_row = 1", "header_row = true"), f"{WHERE}: header_row moet een rijnummer zijn (1 tot 1000)."),
    (SHEET.replace('role = "Deelnemers"', 'role = ["Deelnemers"]'),
     f"{WHERE}: role moet tekst tussen aanhalingstekens zijn, niet een lijst."),
    ('version = 1\nsheet = "x"\n', "Koppelprofiel 'p.toml': 'sheet' moet een lijst van [[sheet]]-blokken zijn."),
    ("version = 1\nx = " + "[" * 5000 + "]" * 5000 + "\n",
     "Koppelprofiel 'p.toml' heeft lijsten in lijsten die te diep gaan: dat is geen profiel. Maak het opnieuw op de "
     "pagina Gegevens koppelen."),
], ids=["columns-text", "values-list", "answers-text", "headers-number", "split-number", "field-table",
        "header-row-bool", "role-list", "sheet-text", "deeply-nested"])
def test_a_hand_edited_profile_is_a_message_naming_the_entry(tmp_path, text, message):
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    assert str(caught.value) == message


def test_a_profile_with_a_del_character_loads_again_after_saving(tmp_path):
    rows = [["Voornaam", "Achternaam", "Rook\x7f je?"], ["An", "Peeters", "Ja\x7f"], ["Jan", "Claes", "Nee"]]
    path = build(tmp_path / "lijst.xlsx", {"Lijst": rows}, province=None)
    proposed = duo_core.propose_mapping(path, as_of=AS_OF)
    saved = load_mapping(proposed.save(tmp_path / "profiel.toml"))
    assert "\\u007f" in (tmp_path / "profiel.toml").read_text(encoding="utf-8")
    assert saved.headers[("lijst.xlsx", "Lijst")] == ("Voornaam", "Achternaam", "Rook\x7f je?")
    assert saved.columns[["header", "field"]].values.tolist() == [
        ["Voornaam", "first_name"], ["Achternaam", "last_name"], ["Rook\x7f je?", "smokes"]]
    assert saved.values[["header", "raw", "value"]].values.tolist() == [
        ["Rook\x7f je?", "Ja\x7f", "ja"], ["Rook\x7f je?", "Nee", "nee"]]
