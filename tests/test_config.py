"""duo.toml as administrators write it: every malformed value is a Dutch message naming the entry, never a crash."""

from __future__ import annotations

import pytest

from duo_core.config import ConfigError, load_config


def _load(tmp_path, content: str | bytes):
    path = tmp_path / "duo.toml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return load_config(path)


@pytest.mark.parametrize(("content", "message"), [
    ("[coaches]\nfee_per_duo = \"veel\"\n", "[coaches] fee_per_duo moet een getal zijn (bv. fee_per_duo = 45), niet 'veel'."),
    ("[coaches]\nfee_per_duo = -45\n", "[coaches] fee_per_duo mag niet kleiner zijn dan 0 (nu -45)."),
    ("[coaches]\nfee_per_duo = true\n", "[coaches] fee_per_duo moet een getal zijn, niet true."),
    ("[weights]\nproximity = nan\n", "[weights] proximity moet een eindig getal zijn, niet nan."),
    ("[weights]\nproximity = inf\n", "[weights] proximity moet een eindig getal zijn, niet inf."),
    ("[weights]\nsnelheid = 3\n", "Onbekende sleutel 'snelheid' in [weights] van 'duo.toml': kies uit age, availability, "
                                  "interests, personality, proximity, waiting."),
    ("[weigths]\nproximity = 3\n", "Onbekende sectie [weigths] in 'duo.toml'"),
    ("[waiting_list]\nstale_after_days = 0\n", "[waiting_list] stale_after_days mag niet kleiner zijn dan 1 (nu 0)."),
    ("[waiting_list]\nstale_after_days = 90.5\n", "[waiting_list] stale_after_days moet een geheel getal zijn (nu 90.5)."),
    ("[data]\nfolder = 12\n", "[data] folder moet een tekst tussen aanhalingstekens zijn"),
    ("data = 3\n", "'data' in 'duo.toml' moet een sectie zijn: schrijf [data] op een eigen regel."),
    ("[aliases.Kladblad]\n\"x\" = \"postcode\"\n", "Onbekend tabblad 'Kladblad' in [aliases]"),
    ("[aliases.Deelnemers]\n\"Post nr\" = \"postnummer\"\n", "Onbekende kolom 'postnummer' voor \"Post nr\" in "
                                                              "[aliases.Deelnemers]"),
    ("[journal]\nurl = \"mysql://x\"\n", "[journal] url moet met postgresql:// beginnen"),
    ("[data]\nfolder = \"C:\\Users\\duo\"\n", "Configuratiebestand 'duo.toml' is geen geldige TOML (regel 2, kolom 15): een "
                                             "backslash"),
    ("[data\nfolder = 'x'\n", "Configuratiebestand 'duo.toml' is geen geldige TOML"),
], ids=["text fee", "negative fee", "bool fee", "nan weight", "inf weight", "unknown key", "unknown section",
        "zero days", "fractional days", "folder number", "section as value", "unknown alias sheet",
        "unknown alias column", "journal url", "windows path", "broken toml"])
def test_malformed_values_name_the_entry(tmp_path, content, message):
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, content)
    assert str(caught.value).startswith(message)
    assert str(tmp_path) not in str(caught.value)


def test_numbers_written_as_text_are_accepted(tmp_path):
    config = _load(tmp_path, "[coaches]\nfee_per_duo = \"47,5\"\n[weights]\nproximity = \"30\"\n")
    assert (config.fee_per_duo, config.weights) == (47.5, {"proximity": 30.0})


def test_windows_paths_in_single_quotes_and_forward_slashes_are_fine(tmp_path):
    assert _load(tmp_path, "[data]\nfolder = 'C:\\Werk\\Duo'\n").data_folder.name == "C:\\Werk\\Duo"
    assert _load(tmp_path, "[data]\nfolder = \"/srv/duo\"\n").data_folder.as_posix() == "/srv/duo"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_a_bom_or_utf16_file_is_read(tmp_path, encoding):
    config = _load(tmp_path, "[coaches]\nfee_per_duo = 50\n".encode(encoding))
    assert config.fee_per_duo == 50.0


def test_a_file_in_another_encoding_is_explained(tmp_path):
    with pytest.raises(ConfigError, match="is niet in UTF-8 opgeslagen"):
        _load(tmp_path, "[auth]\nallowlist = \"gebruikers_é.toml\"\n".encode("latin-1"))


def test_a_named_file_that_is_missing_is_explained_without_its_folder(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "weg" / "duo.toml")
    assert str(caught.value) == "Configuratiebestand 'duo.toml' niet gevonden: controleer DUO_CONFIG."


def test_intake_places_per_province(tmp_path):
    config = _load(tmp_path, '[intake_places]\nantwerpen = ["Samana  Mechelen", "Zaal Lier"]\nLimburg = "Hasselt"\n')
    assert config.intake_places == {"Antwerpen": ("Samana Mechelen", "Zaal Lier"), "Limburg": ("Hasselt",)}
    with pytest.raises(ConfigError, match=r"Onbekende provincie 'Brussel' in \[intake_places\]"):
        _load(tmp_path, '[intake_places]\nBrussel = ["x"]\n')
    with pytest.raises(ConfigError, match=r"\[intake_places\] Limburg moet een lijst van plaatsen zijn"):
        _load(tmp_path, '[intake_places]\nLimburg = [1]\n')
