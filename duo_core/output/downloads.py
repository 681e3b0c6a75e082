"""Every Excel download of the app, as sheets with Dutch headers and rounded figures.

Each function takes what a page shows and returns ``{sheet name: frame}`` ready for
:func:`duo_core.output.excel.excel_bytes` (which guards every text cell against formulas). People are named
by their ID and province as in the workbooks, never by an internal key; scores are whole numbers,
distances have one decimal, shares are percentages, dates are dates.
"""

from __future__ import annotations

import pandas as pd


def _people_ids(keys: pd.Series) -> pd.Series:
    """``Antwerpen/D0174`` -> ``D0174`` (the ID the workbook shows)."""
    return keys.astype(object).map(lambda k: str(k).split("/", 1)[-1] if isinstance(k, str) else None)


def _round(values: pd.Series, digits: int = 0) -> pd.Series:
    rounded = pd.to_numeric(values, errors="coerce").round(digits)
    return rounded.astype("Int64") if digits == 0 else rounded


def _texts(values: pd.Series) -> list[str]:
    return ["; ".join(v) if isinstance(v, (list, tuple)) else ("" if v is None else str(v)) for v in values]


def shortlist(ranking: pd.DataFrame, for_participant: bool) -> dict[str, pd.DataFrame]:
    """The candidates of one ranking (Match zoeken), best first."""
    frame = pd.DataFrame({
        "ID": _people_ids(ranking["key"]),
        "Naam": ranking["name"].to_numpy(),
        "Gemeente": ranking["municipality"].to_numpy(),
        "Provincie": ranking["province"].to_numpy(),
        "Score": _round(ranking["score"]).to_numpy(),
        "Afstand (km)": _round(ranking["distance_km"], 1).to_numpy(),
    })
    if not for_participant and "waiting_days" in ranking:
        frame["Wacht (dagen)"] = _round(ranking["waiting_days"]).to_numpy()
    if "shared_interests" in ranking:
        frame["Gedeelde interesses"] = [", ".join(s) for s in ranking["shared_interests"]]
    frame["Geschikt"] = ["ja" if e else "nee" for e in ranking["eligible"]]
    frame["Waarom uitgesloten"] = [" ".join(r) for r in ranking["reasons"]]
    return {"Kandidaten": frame}


def waiting_list(waiting: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The waiting list (Wachtlijst), longest waiting first."""
    return {"Wachtlijst": pd.DataFrame({
        "ID": _people_ids(waiting["key"]).to_numpy(),
        "Naam": waiting["name"].to_numpy(),
        "Gemeente": waiting["municipality"].to_numpy(),
        "Provincie": waiting["province"].to_numpy(),
        "Wacht (dagen)": _round(waiting["waiting_days"]).to_numpy(),
        "Geschikte vrijwilligers": waiting["eligible_volunteers"].to_numpy(),
        "Beste score": _round(waiting["best_score"]).to_numpy(),
        "Waarom niemand past": _texts(waiting["main_reasons"]),
        "Opnieuw bellen": ["ja" if s else "nee" for s in waiting["stale"]],
    })}


def _pairs(pairs: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Deelnemer": pairs["participant_name"].to_numpy(),
        "ID deelnemer": _people_ids(pairs["participant_key"]).to_numpy(),
        "Vrijwilliger": pairs["volunteer_name"].to_numpy(),
        "ID vrijwilliger": _people_ids(pairs["volunteer_key"]).to_numpy(),
        "Provincie": pairs["province"].to_numpy(),
        "Score": _round(pairs["score"]).to_numpy(),
        "Afstand (km)": _round(pairs["distance_km"], 1).to_numpy(),
        "Wacht (dagen)": _round(pairs["waiting_days"]).to_numpy(),
    })


def proposal(pairs: pd.DataFrame, greedy: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The whole-list proposal and, for comparison, one-at-a-time matching."""
    return {"Voorstel": _pairs(pairs), "Eén voor één": _pairs(greedy)}


def monitoring(active: pd.DataFrame, flows: pd.DataFrame, reasons: pd.DataFrame, waiting: pd.DataFrame,
               matched: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The series of the Monitoring page."""
    def month(values: pd.Series) -> list:
        return [pd.Timestamp(v).date() for v in values]

    return {
        "Actieve duo's": pd.DataFrame({"Maand": month(active["month"]), "Provincie": active["province"].to_numpy(),
                                       "Actieve duo's": active["active"].to_numpy()}),
        "Nieuw en gestopt": pd.DataFrame({"Maand": month(flows["month"]), "Provincie": flows["province"].to_numpy(),
                                          "Nieuw": flows["new"].to_numpy(), "Gestopt": flows["stopped"].to_numpy()}),
        "Stopredenen": pd.DataFrame({"Reden": reasons["reason"].to_numpy(), "Aantal": reasons["count"].to_numpy()}),
        "Wachtlijst": pd.DataFrame({"Maand": month(waiting["month"]), "Provincie": waiting["province"].to_numpy(),
                                    "Wachtend": waiting["waiting"].to_numpy()}),
        "Binnen 3 maanden": pd.DataFrame({
            "Kwartaal van aanmelding": month(matched["quarter"]), "Provincie": matched["province"].to_numpy(),
            "Aangemeld": matched["registered"].to_numpy(), "Gematcht binnen 3 maanden": matched["matched"].to_numpy(),
            "Aandeel (%)": _round(matched["share"] * 100, 1).to_numpy(),
        }),
    }


def audit(events: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The audit view of the journal (Logboek), newest first."""
    return {"Logboek": pd.DataFrame({
        "Stap": events["id"].to_numpy(),
        "Tijdstip": events["at"].to_numpy(),  # already dd/mm/jjjj uu:mm
        "Door": events["actor"].to_numpy(),
        "Actie": events["label"].to_numpy(),
        "Duo": events["duo_key"].to_numpy(),
        "Deelnemer": events["participant"].to_numpy(),
        "Vrijwilliger": events["volunteer"].to_numpy(),
        "Details": events["details"].to_numpy(),
        "Ongedaan gemaakt": ["ja" if u else "nee" for u in events["undone"]],
    })}


FINDING_HEADERS = {
    "province": "Provincie", "file": "Bestand", "sheet": "Tabblad", "row": "Rij", "column": "Kolom",
    "severity": "Ernst", "message": "Wat verbeteren",
}


def findings(shown: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The data-quality findings (Datakwaliteit)."""
    return {"Meldingen": shown[list(FINDING_HEADERS)].rename(columns=FINDING_HEADERS)}


def payment(overview: pd.DataFrame, year: int) -> dict[str, pd.DataFrame]:
    """The coaches' payment list of one year (Contactcoaches)."""
    return {f"Vergoeding {year}": pd.DataFrame({
        "Contactcoach": overview["coach"].to_numpy(),
        "E-mail": overview["email"].to_numpy(),
        "Provincie": overview["province"].to_numpy(),
        f"Opgevolgde duo's {year}": overview["followed_in_year"].to_numpy(),
        "Bedrag (EUR)": _round(overview["compensation_eur"], 2).to_numpy(),
    })}


__all__ = ["audit", "findings", "monitoring", "payment", "proposal", "shortlist", "waiting_list"]
