"""The words of "Wat werkt?": the groupings' Dutch names, why duos are counted out, the verdict and the download.

:func:`sentence` says what a :class:`duo_core.insights.durability.Durability` shows as a careful
statistician would: group sizes and medians, the p-value written the Flemish way (``p = 0,012``) with
the test used, the correction for the groupings tested together (Holm), and that a difference shows
association, not cause. When nothing is found, it says how large a difference these numbers could have
missed (a hazard ratio with 80 % power, :func:`duo_core.insights.survival.detectable_hazard_ratio`).
A verdict never names a coach. :func:`sheets` gives the same figures as Excel sheets.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from duo_core.formatting import number
from duo_core.insights import survival as sv

TOO_FEW = "te weinig duo's"
#: Per grouping: its Dutch name, the word before a group, whether the groups are ordered, and their plural.
GROUPINGS = {
    "score": ("scoreband bij de start", "met", True, "scorebanden"),
    "shared_interests": ("aantal gedeelde interesses", "met", True, "groepen"),
    "distance": ("afstand", "op", True, "afstandsbanden"),
    "province": ("provincie", "in", False, "provincies"),
    "start_year": ("startjaar", "gestart in", True, "startjaren"),
    "coach": ("contactcoach", "bij", False, "contactcoaches"),
}
#: Bands of the banded groupings as ``[low, high)``; neighbours too small are merged into one band.
BANDS = {
    "score": ((0, 50), (50, 65), (65, 80), (80, 101)),
    "shared_interests": ((0, 1), (1, 2), (2, 3), (3, 99)),
    "distance": ((0, 5), (5, 10), (10, 20), (20, 10**9)),
}

#: Why a duo is counted out, in the order the page lists them.
REASONS = {
    "introduction": "in kennismaking: nog niet gestart",
    "no_start": "geen startdatum",
    "future_start": "startdatum na de peildatum",
    "no_end": "gestopt zonder einddatum",
    "end_before_start": "einddatum vóór de startdatum",
    "future_end": "gestopt met een einddatum na de peildatum",
    "active_ended": "actief maar met een einddatum in het verleden",
    "unknown_pair": "deelnemer of vrijwilliger onbekend (geen score of interesses)",
    "unknown_distance": "afstand onbekend (postcode)",
}

def band_label(by: str, lo: float, hi: float) -> str:
    """The Dutch name of a band (also of merged ones): ``score 65 of meer``, ``2 gedeelde interesses``."""
    lo, hi = int(lo), int(hi)
    if lo == 0 and hi >= BANDS[by][-1][1]:  # every band merged into one
        return {"score": "alle scores", "shared_interests": "alle aantallen gedeelde interesses"}.get(by, "alle afstanden")
    if by == "score":
        return f"score onder {hi}" if lo == 0 else f"score {lo} of meer" if hi > 100 else f"score {lo}-{hi - 1}"
    if by == "shared_interests":
        if hi >= 99:
            return f"{lo} of meer gedeelde interesses"
        if hi - lo == 1:
            return f"{lo} gedeelde interesse" + ("" if lo == 1 else "s")
        return f"{lo}-{hi - 1} gedeelde interesses"
    return f"minder dan {hi} km" if lo == 0 else f"{lo} km of meer" if hi >= 10**9 else f"{lo}-{hi} km"


#: How to read the figures, as the page and the report say it under the chart.
EXPLANATION = (
    "Hoe lang duo's lopen, per groep. Een gestart duo (actief of gestopt) telt mee vanaf zijn startdatum; een "
    "lopend duo telt mee tot de peildatum (het is nog niet gestopt). De score is die bij de start zonder de "
    "punten voor wachttijd, herschaald naar 100: van het voorstel in de app, of anders herberekend uit de "
    "huidige profielen. De mediaan is het eerste moment waarop hoogstens de helft nog loopt; 'meer dan' "
    "wanneer meer dan de helft nog loopt. Een aandeel na 6 of 12 maanden blijft leeg als geen duo van de groep "
    "zo lang gevolgd is. 'Stopt binnen 3 maanden' is de Kaplan-Meier-schatting (lopende duo's tellen mee "
    "zolang ze gevolgd zijn). De band rond elke lijn is het 95 %-betrouwbaarheidsinterval."
)
_COUNT_WORDS = {2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes"}


def p_text(p: float) -> str:
    """A p-value as written in the sentence: ``p < 0,001``, ``p = 0,012`` (3 decimals below 0,1), ``p = 0,34``."""
    return "p < 0,001" if p < 0.001 else f"p = {number(p, 3 if p < 0.1 else 2)}"


def median_text(row: pd.Series) -> str:
    """A group's median: ``12 maanden``, or ``meer dan 20 maanden`` when half of the group still runs."""
    months = number(row["median_months"], 0)
    return f"{months} maanden" if row["median_reached"] else f"meer dan {months} maanden"


def _duos(n: int) -> str:
    return f"{number(n)} duo" + ("" if n == 1 else "'s")


def _tests_note(d) -> str:
    """The test used and, when several groupings were tested together, the Holm-corrected p-value."""
    name = "trendtoets" if d.test.kind == "trend" else f"log-rank-toets over de {d.test.df + 1} groepen"
    m = len(d.tested)
    if m < 2:
        return f"{p_text(d.test.p_value)}, {name}"
    return (f"{p_text(d.test.p_value)}, {name}; {_COUNT_WORDS.get(m, str(m))} groeperingen samen getest, "
            f"na Holm-correctie {p_text(d.p_adjusted)}")


def how_sure(d) -> str:
    """The test behind the verdict, for who wants it (the page shows it under the plain verdict); "" without one."""
    return f"Hoe zeker: {_tests_note(d)}." if d.test is not None else ""


def sentence(d, detail: bool = True) -> str:
    """What the data shows for this grouping, and how sure it is (see the module text).

    ``detail=False``: the same verdict in plain words, without the test and its p-values (:func:`how_sure`).
    """
    name, word, ordered, plural = GROUPINGS[d.by]
    if d.test is None:
        return (f"Te weinig duo's om groepen te vergelijken per {name}: daarvoor zijn minstens twee groepen van "
                f"{d.min_group} duo's nodig.")
    rows = d.groups[d.groups["enough"]].set_index("group")
    small = int((~d.groups["enough"]).sum())
    left = (f" {number(small)} {plural if small > 1 else name} met minder dan {d.min_group} duo's "
            f"{'tellen' if small > 1 else 'telt'} niet mee.") if small else ""
    if not d.found:
        return _nothing_found(d, rows, name, detail) + left
    tests = f" ({_tests_note(d)})" if detail else ""
    note = f"Zo'n verschil is bij toeval alleen onwaarschijnlijk{tests}, maar het toont samenhang, geen oorzaak."
    if ordered:
        first, last = rows.iloc[0], rows.iloc[-1]
        longer, shorter = (last, first) if d.test.trend < 0 else (first, last)
        return (f"Duo's {word} {longer.name} ({_duos(longer['n'])}) liepen langer dan duo's {word} {shorter.name} "
                f"({_duos(shorter['n'])}): mediaan {median_text(longer)} tegenover {median_text(shorter)}. {note}"
                + left)
    low, high = rows.sort_values("median_months").iloc[[0, -1]].itertuples(index=False)
    return (f"Hoe lang duo's liepen, verschilt tussen de {len(rows)} {plural} met minstens {d.min_group} duo's "
            f"({_duos(int(rows['n'].sum()))}): de medianen liggen tussen {median_text(pd.Series(low._asdict()))} "
            f"en {median_text(pd.Series(high._asdict()))}. {note}" + left)


def _nothing_found(d, rows: pd.DataFrame, name: str, detail: bool = True) -> str:
    """No clear difference: the figures, and how large a difference these numbers could have missed."""
    stops = int(rows["stopped"].sum())
    ordered = d.test.kind == "trend"
    tests = f"; {_tests_note(d)}" if detail else ""
    text = (f"Geen duidelijk verschil in hoe lang duo's liepen per {name} ({len(rows)} groepen, "
            f"{_duos(int(rows['n'].sum()))}, waarvan {number(stops)} gestopt{tests}).")
    ratio = sv.detectable_hazard_ratio(stops, rows["n"].to_numpy(float), ordered)
    if not np.isfinite(ratio) or ratio > 5:
        return text + " Met zo weinig stops kan zelfs een groot verschil gemist zijn."
    between = "van de ene groep naar de volgende" if ordered else "tussen de twee grootste groepen"
    tested = d.duos[d.duos["group"].isin(rows.index)]
    pooled = sv.kaplan_meier(tested["months"].to_numpy(float), tested["ended"].to_numpy(bool))
    example = (f" (bv. mediaan {number(pooled['median'], 0)} tegenover {number(pooled['median'] / ratio, 0)} "
               "maanden)") if pooled["reached"] else ""
    return (text + f" Met deze aantallen kon een verschil tot ongeveer {number(ratio, 1)} keer zo snel stoppen "
            f"{between} gemist worden{example}.")


def _percent(values: pd.Series) -> pd.Series:
    return (pd.to_numeric(values, errors="coerce") * 100).round(0)


def sheets(d) -> dict[str, pd.DataFrame]:
    """The figures of a :class:`~duo_core.insights.durability.Durability` as Excel sheets with Dutch headers."""
    g = d.groups
    per_group = pd.DataFrame({
        GROUPINGS[d.by][0].capitalize(): g["group"],
        "Duo's": g["n"], "Gestopt": g["stopped"],
        "Mediane duur (maanden)": g["median_months"].round(1),
        "Mediaan bereikt": [("ja" if r else "nee (meer dan dit)") if e else TOO_FEW
                            for r, e in zip(g["median_reached"], g["enough"], strict=True)],
        "Langst gevolgd (maanden)": g["follow_up"].round(1),
        "Loopt na 6 maanden (%)": _percent(g["running_6m"]),
        "Loopt na 12 maanden (%)": _percent(g["running_12m"]),
        "Gestopt binnen 3 maanden": g["early_stops"],
        "Stopt binnen 3 maanden (%, Kaplan-Meier)": _percent(g["early_rate"]),
        "Redenen vroege stops": g["early_reasons"],
    })
    test = d.test
    conclusion = pd.DataFrame({"Wat": ["Wat de gegevens tonen", "Toets", "Toetsgrootheid (chi-kwadraat)",
                                       "Vrijheidsgraden", "p", "p na Holm-correctie", "Samen getest"],
                               "Waarde": [sentence(d), "" if test is None else
                                          ("trendtoets (log-rank)" if test.kind == "trend" else
                                           "log-rank over alle groepen"),
                                          "" if test is None else number(test.statistic, 2),
                                          "" if test is None else str(test.df),
                                          "" if test is None else p_text(test.p_value),
                                          "" if test is None else p_text(d.p_adjusted),
                                          ", ".join(GROUPINGS[k][0] for k in d.tested)]})
    left_out = pd.DataFrame({"Waarom niet meegeteld": d.left_out["reason"], "Duo's": d.left_out["n"]})
    return {"Per groep": per_group, "Conclusie": conclusion, "Niet meegeteld": left_out}


__all__ = ["BANDS", "EXPLANATION", "GROUPINGS", "REASONS", "TOO_FEW", "band_label", "median_text", "p_text", "sentence", "sheets"]
