"""Table-driven tests of each hard rule and each soft criterion on the pair D1 (Mechelen) - V1 (Mechelen).

The base pair is eligible; each case changes one answer and asserts the exact Dutch sentence, or the
exact points.
"""

from __future__ import annotations

import datetime as dt

import pytest

import duo_core
from tests.matching_helpers import P, V, add_duo, cell, dataset

PAIR = ("Antwerpen/D1", "Antwerpen/V1")


def test_base_pair_is_eligible_with_exact_points(tmp_path):
    e = duo_core.explain_match(dataset(tmp_path), *PAIR)
    assert e.eligible and e.exclusions == ()
    assert {c.name: round(c.points, 6) for c in e.components} == {
        "proximity": 30.0,
        "interests": 16.666667,
        "availability": 5.0,
        "personality": 5.0,
        "age": 7.0,  # 68 and 56 years: 12 years apart, 1 - 12/40 of 10 points
        "waiting": 10.0,
    }
    assert round(e.total, 6) == 73.666667


RULE_CASES = [
    ("status", [cell(V, 0, "Status", "pauze")], "Vrijwilliger is niet beschikbaar (status: pauze)."),
    ("capacity", [add_duo("D3", "V1", "actief")], "Vrijwilliger heeft al 1 duo (max. 1)."),
    (
        "distance",
        [cell(V, 0, "Postcode", 9000), cell(V, 0, "Gemeente", "Gent")],
        "Woont 53 km verder; vrijwilliger gaat max. 15 km.",
    ),
    ("participant_gender", [cell(P, 0, "Voorkeur geslacht vrijwilliger", "vrouw")],
     "Deelnemer wil een vrouwelijke vrijwilliger."),
    ("volunteer_gender", [cell(V, 0, "Voorkeur geslacht deelnemer", "man")], "Vrijwilliger wil een mannelijke deelnemer."),
    ("participant_age", [cell(P, 0, "Voorkeur leeftijd vrijwilliger", "30-50")],
     "Deelnemer wil een vrijwilliger van 30-50 jaar; vrijwilliger is 56 jaar."),
    ("volunteer_age", [cell(V, 0, "Voorkeur leeftijd deelnemer", "-60")],
     "Vrijwilliger wil een deelnemer van tot 60 jaar; deelnemer is 68 jaar."),
    ("volunteer_age 60+", [cell(V, 0, "Voorkeur leeftijd deelnemer", "70+")],
     "Vrijwilliger wil een deelnemer van 70 jaar of ouder; deelnemer is 68 jaar."),
    ("smoking by volunteer", [cell(V, 0, "Rookt", "ja")], "Vrijwilliger rookt en deelnemer vindt roken storend."),
    (
        "smoking by participant",
        [cell(P, 0, "Rookt", "ja"), cell(P, 0, "Roken storend", "nee"), cell(V, 0, "Roken storend", "ja")],
        "Deelnemer rookt en vrijwilliger vindt roken storend.",
    ),
    ("pets", [cell(P, 0, "Huisdieren storend", "ja")],
     "Vrijwilliger heeft huisdieren en deelnemer vindt huisdieren storend."),
    (
        "pets by participant",
        [cell(P, 0, "Huisdieren", "ja"), cell(V, 0, "Huisdieren storend", "ja")],
        "Deelnemer heeft huisdieren en vrijwilliger vindt huisdieren storend.",
    ),
    ("language", [cell(V, 0, "Talen", "Frans; Engels")],
     "Geen gemeenschappelijke taal (deelnemer: nederlands; vrijwilliger: engels, frans)."),
    (
        "contact form",
        [cell(P, 0, "Contactvorm", "telefonisch"), cell(V, 0, "Contactvorm", "fysiek")],
        "Deelnemer wil enkel telefonisch contact, vrijwilliger enkel fysiek.",
    ),
    ("availability", [cell(V, 0, "Beschikbaarheid", "zondag avond")], "Geen gemeenschappelijk moment."),
    ("target group", [cell(V, 0, "Doelgroepen", "mantelzorger; zorgnood")],
     "Vrijwilliger ondersteunt doelgroep 'chronische ziekte' niet (wel: mantelzorger, zorgnood)."),
    ("stopped duo", [add_duo("D1", "V1", "gestopt", dt.datetime(2025, 6, 1), "verhuisd")],
     "Waren al een duo (gestopt op 01/06/2025: verhuisd)."),
]


@pytest.mark.parametrize(("name", "edits", "sentence"), RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_rule_excludes_with_exact_sentence(tmp_path, name, edits, sentence):
    e = duo_core.explain_match(dataset(tmp_path, *edits), *PAIR)
    assert e.exclusions == (sentence,)
    assert e.eligible is False


def test_active_duo_between_the_pair_names_both_rules(tmp_path):
    e = duo_core.explain_match(dataset(tmp_path, add_duo("D1", "V1", "actief")), *PAIR)
    assert e.exclusions == ("Deelnemer wacht niet (status: gekoppeld).", "Vrijwilliger heeft al 1 duo (max. 1).",
                            "Vormen al een duo (status: actief).")


def test_capacity_two_leaves_room_for_a_second_duo(tmp_path):
    ds = dataset(tmp_path, add_duo("D3", "V1", "actief"), cell(V, 0, "Max. aantal duo's", 2))
    assert duo_core.explain_match(ds, *PAIR).eligible


def test_stopped_duos_do_not_take_capacity(tmp_path):
    ds = dataset(tmp_path, add_duo("D3", "V1", "gestopt", dt.datetime(2025, 6, 1), "verhuisd"))
    assert duo_core.explain_match(ds, *PAIR).eligible


def test_phone_only_pairs_ignore_distance(tmp_path):
    ds = dataset(
        tmp_path,
        cell(V, 0, "Postcode", 9000),
        cell(V, 0, "Gemeente", "Gent"),
        cell(P, 0, "Contactvorm", "telefonisch"),
        cell(V, 0, "Contactvorm", "telefonisch"),
    )
    e = duo_core.explain_match(ds, *PAIR)
    assert e.eligible
    proximity = e.components[0]
    assert (proximity.points, proximity.sentence) == (
        30.0,
        "Beiden willen enkel telefonisch contact: afstand speelt geen rol.",
    )


MISSING_CASES = [
    ("unknown gender never excludes", [cell(P, 0, "Geslacht", ""), cell(V, 0, "Voorkeur geslacht deelnemer", "man")],
     None, None),
    ("unknown age never excludes", [cell(V, 0, "Geboortedatum", ""), cell(P, 0, "Voorkeur leeftijd vrijwilliger", "20-30")],
     "age", (5.0, "Leeftijd onbekend bij een van beiden.")),
    ("unknown interests", [cell(P, 0, "Interesses", "")], "interests", (7.5, "Interesses onbekend bij een van beiden.")),
    ("unknown availability never excludes", [cell(V, 0, "Beschikbaarheid", "")], "availability",
     (7.5, "Beschikbaarheid onbekend bij een van beiden.")),
    ("unknown languages never exclude", [cell(V, 0, "Talen", "")], None, None),
    ("unknown postcode", [cell(V, 0, "Postcode", ""), cell(V, 0, "Gemeente", "")], "proximity",
     (15.0, "Afstand onbekend: een postcode ontbreekt of bestaat niet.")),
    ("unknown registration date", [cell(P, 0, "Aanmelddatum", "")], "waiting",
     (0.0, "Aanmelddatum onbekend: wachttijd telt niet mee.")),
]


@pytest.mark.parametrize(("name", "edits", "criterion", "expected"), MISSING_CASES, ids=[c[0] for c in MISSING_CASES])
def test_missing_data_never_excludes_and_says_so(tmp_path, name, edits, criterion, expected):
    e = duo_core.explain_match(dataset(tmp_path, *edits), *PAIR)
    assert e.eligible
    if criterion:
        c = next(c for c in e.components if c.name == criterion)
        assert (c.points, c.sentence, c.missing) == (*expected, True)


CRITERION_CASES = [
    ("proximity 22 km", [cell(V, 0, "Postcode", 2000), cell(V, 0, "Gemeente", "Antwerpen"),
                         cell(V, 0, "Max. afstand (km)", 30)],
     "proximity", 3.354, "Woont 22 km verder."),
    ("proximity over 25 km gives 0", [cell(V, 0, "Postcode", 9000), cell(V, 0, "Gemeente", "Gent"),
                                      cell(V, 0, "Max. afstand (km)", 60)],
     "proximity", 0.0, "Woont 53 km verder."),
    ("three shared interests give the maximum",
     [cell(V, 0, "Interesses", "wandelen; film; koffie drinken; koken")],
     "interests", 25.0, "3 gedeelde interesses: film, koffie drinken, wandelen."),
    ("one shared interest", [cell(V, 0, "Interesses", "Film")], "interests", 8.333, "1 gedeelde interesse: film."),
    ("no shared interest", [cell(V, 0, "Interesses", "koken")], "interests", 0.0, "Geen gedeelde interesses."),
    ("two common day-parts", [cell(V, 0, "Beschikbaarheid", "ma vm; di nm; vr avond")], "availability", 10.0,
     "Beiden vrij op maandag voormiddag, dinsdag namiddag."),
    ("two shared traits give the maximum", [cell(P, 0, "Persoonlijkheid", "rustig; humor")], "personality", 10.0,
     "Gedeelde eigenschappen: humor, rustig."),
    ("same age", [cell(V, 0, "Geboortedatum", "03/05/1958")], "age", 10.0, "Leeftijdsverschil 0 jaar (68 en 68)."),
    ("half a year waiting", [cell(P, 0, "Aanmelddatum", "05/05/2026")], "waiting", 4.932,
     "Deelnemer wacht al 180 dagen."),
]


@pytest.mark.parametrize(("name", "edits", "criterion", "points", "sentence"), CRITERION_CASES,
                         ids=[c[0] for c in CRITERION_CASES])
def test_criterion_points_and_sentence(tmp_path, name, edits, criterion, points, sentence):
    e = duo_core.explain_match(dataset(tmp_path, *edits), *PAIR)
    c = next(c for c in e.components if c.name == criterion)
    assert (round(c.points, 3), c.sentence) == (points, sentence)


def test_weights_change_points_and_keep_the_scale(tmp_path):
    ds = dataset(tmp_path)
    e = duo_core.explain_match(ds, *PAIR, weights={"proximity": 50, "interests": 50, "availability": 0,
                                                   "personality": 0, "age": 0, "waiting": 0})
    assert [round(c.points, 4) for c in e.components] == [50.0, 33.3333, 0.0, 0.0, 0.0, 0.0]
    assert [c.max_points for c in e.components] == [50.0, 50.0, 0.0, 0.0, 0.0, 0.0]


def test_unknown_weight_is_refused_in_dutch():
    with pytest.raises(ValueError, match="Onbekend gewicht snelheid"):
        duo_core.Weights.from_dict({"snelheid": 3})


def test_negative_weight_is_refused():
    with pytest.raises(ValueError, match="moet een getal van 0 of meer zijn"):
        duo_core.Weights(proximity=-1)


def test_explanation_frame_is_a_waterfall(tmp_path):
    frame = duo_core.explain_match(dataset(tmp_path), *PAIR).to_frame()
    assert frame["step"].tolist() == ["start", "proximity", "interests", "availability", "personality", "age",
                                      "waiting", "total"]
    assert round(frame["cumulative"].iloc[-2], 6) == round(frame["points"].iloc[-1], 6) == 73.666667


def test_unknown_key_gives_dutch_key_error(tmp_path):
    with pytest.raises(KeyError, match="Geen deelnemer met sleutel 'Antwerpen/D99'"):
        duo_core.explain_match(dataset(tmp_path), "Antwerpen/D99", "Antwerpen/V1")


def test_reasons_list_all_rules_for_a_doubly_excluded_pair(tmp_path):
    ds = dataset(tmp_path, cell(V, 0, "Rookt", "ja"), cell(V, 0, "Beschikbaarheid", "zondag avond"))
    ranking = duo_core.rank_volunteers(ds, "Antwerpen/D1", include_excluded=True)
    row = ranking.set_index("key").loc["Antwerpen/V1"]
    assert row["reasons"] == ["Vrijwilliger rookt en deelnemer vindt roken storend.", "Geen gemeenschappelijk moment."]
    assert row["eligible"] == False  # noqa: E712 - numpy bool
    assert str(row["score"]) == "nan"


