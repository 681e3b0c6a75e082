"""Access request (inzage): everything the app holds about one person, as a Dutch Excel file and a readable PDF.

One person may be held under several keys (a participant who moved to another province, or who is also a
volunteer; see :func:`duo_core.lifecycle.erasure.same_person`); the request covers every key given, in
every province: the workbook rows as read, their duos (workbook and journal), the journal's events about
them, the data-quality findings on their rows, who opened their data (the access log) and any erasure.

A professional restricted to some provinces gets only what is in their provinces; the other provinces
where the same person is held are listed in the sheet "Elders" with counts only (no content) and the
sentence that a professional of that province, or the organisation's privacy contact, completes the
request there (:func:`duo_core.lifecycle.erasure.elsewhere`).

:func:`access_request` gives the sheets (``{name: frame}``, for :func:`duo_core.output.excel.excel_bytes`),
:func:`access_request_pdf` the same content laid out on A4 pages. Text from the workbooks is drawn as
plain text (no mathtext).
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence

import pandas as pd

from duo_core.access import within_provinces
from duo_core.dataset import Dataset
from duo_core.formatting import date_text, listing
from duo_core.headers import find_sheet
from duo_core.lifecycle.access_log import AccessLog, audit_table, run
from duo_core.lifecycle.duos import audit_view
from duo_core.lifecycle.erasure import elsewhere, elsewhere_sentence, erasures, erasures_table
from duo_core.lifecycle.journal import COLUMNS, Journal
from duo_core.lifecycle.people import PERSON_LABELS
from duo_core.output.pages import WIDTH, text_pdf
from duo_core.schema import DUOS, PARTICIPANTS, VOLUNTEERS

ROLES = {"participants": ("deelnemer", PARTICIPANTS), "volunteers": ("vrijwilliger", VOLUNTEERS)}
EXTRA_LABELS = {"key": "Sleutel", "province": "Provincie", "source_file": "Bestand", "source_row": "Rij in Excel",
                "pref_age_min": "Voorkeur leeftijd (vanaf)", "pref_age_max": "Voorkeur leeftijd (tot)"}
LEFT_OUT = ("lat", "lon", "open_elsewhere", "reserved_elsewhere")


def _value(value: object) -> str:
    if isinstance(value, (set, frozenset, list, tuple)):
        return "; ".join(sorted(str(v) for v in value))
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, (pd.Timestamp, dt.date)):
        return date_text(value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _person_rows(ds: Dataset, keys: Sequence[str]) -> pd.DataFrame:
    rows = []
    for name, (role, sheet) in ROLES.items():
        frame = getattr(ds, name)
        labels = {c.name: c.header for c in sheet.columns} | PERSON_LABELS | EXTRA_LABELS
        for record in frame[frame["key"].isin(keys)].to_dict("records"):
            for column, value in record.items():
                if column in LEFT_OUT:
                    continue
                rows.append({"Sleutel": record["key"], "Rol": role, "Veld": labels.get(column, column),
                             "Waarde": _value(value)})
    return pd.DataFrame(rows, columns=["Sleutel", "Rol", "Veld", "Waarde"])


def _duo_rows(ds: Dataset, keys: Sequence[str]) -> pd.DataFrame:
    duos = ds.duos[ds.duos["participant_key"].isin(keys) | ds.duos["volunteer_key"].isin(keys)]
    labels = {c.name: c.header for c in DUOS.columns}
    out = pd.DataFrame({
        "Duo": duos["key"].to_numpy(),
        "Rol": ["deelnemer" if p in keys else "vrijwilliger" for p in duos["participant_key"]],
    })
    for column in ("participant_id", "volunteer_id", "coach_id", "status", "start_date", "end_date", "stop_reason",
                   "last_followup", "next_followup"):
        out[labels[column]] = [_value(v) for v in duos[column]]
    out["Bron"] = [_value(v) for v in duos["source_file"]]
    out["Rij in Excel"] = [_value(v) for v in duos["source_row"]]
    return out


def _findings(ds: Dataset, keys: Sequence[str]) -> pd.DataFrame:
    places = set()
    for name, (_, sheet) in ROLES.items():
        frame = getattr(ds, name)
        for file, row in frame.loc[frame["key"].isin(keys), ["source_file", "source_row"]].itertuples(index=False):
            if pd.notna(row):  # a person signed up in the app has no workbook row, hence no finding of one
                places.add((file, sheet.name, int(row)))
    f = ds.findings
    names = {s: getattr(find_sheet(s), "name", None) for s in f["sheet"].dropna().unique()}
    sheets = f["sheet"].map(names)
    hit = [(file, s, int(r)) in places if pd.notna(r) else False
           for file, s, r in zip(f["file"], sheets, f["row"], strict=True)]
    shown = f[pd.Series(hit, index=f.index, dtype=bool)]
    return pd.DataFrame({"Bestand": shown["file"].to_numpy(), "Tabblad": shown["sheet"].to_numpy(),
                         "Rij": shown["row"].to_numpy(), "Kolom": shown["column"].to_numpy(),
                         "Ernst": shown["severity"].to_numpy(), "Melding": shown["message"].to_numpy()})


def _events(ds: Dataset, journal: Journal | None, keys: Sequence[str]) -> pd.DataFrame:
    columns = ["Stap", "Tijdstip", "Door", "Actie", "Duo", "Deelnemer", "Vrijwilliger", "Details", "Ongedaan gemaakt"]
    if journal is None:
        return pd.DataFrame(columns=columns)
    p = journal.store.param
    marks = ", ".join([p] * len(keys))
    sql = (f"SELECT {', '.join(COLUMNS)} FROM events WHERE duo_key IN (SELECT duo_key FROM events WHERE "
           f"participant_key IN ({marks}) OR volunteer_key IN ({marks})) ORDER BY id")
    rows = run(journal, lambda conn: conn.execute(sql, (*keys, *keys)).fetchall())
    events = pd.DataFrame([tuple(r) for r in rows], columns=COLUMNS)
    view = audit_view(events.reset_index(drop=True), ds)
    return pd.DataFrame({
        "Stap": view["id"].to_numpy(), "Tijdstip": view["at"].to_numpy(), "Door": view["actor"].to_numpy(),
        "Actie": view["label"].to_numpy(), "Duo": view["duo_key"].to_numpy(),
        "Deelnemer": view["participant"].to_numpy(), "Vrijwilliger": view["volunteer"].to_numpy(),
        "Details": view["details"].to_numpy(), "Ongedaan gemaakt": ["ja" if u else "nee" for u in view["undone"]],
    }, columns=columns)


def access_request(ds: Dataset, journal: Journal | None, keys: Sequence[str],
                   as_of: dt.date | None = None, provinces: Sequence[str] = ()) -> dict[str, pd.DataFrame]:
    """Everything the app holds about the person with ``keys``, one sheet per kind, Dutch headers.

    ``ds`` is the dataset of every province as the app reads it (workbooks plus journal); ``journal``
    may be ``None`` (no journal: its sheets are empty). ``provinces`` are those of the professional who
    asks (empty: all): keys of other provinces only add the sheet "Elders" (counts, no content).
    """
    keys, others = within_provinces(keys, tuple(provinces))
    counts = elsewhere(ds, journal, others)
    looked = AccessLog(journal).entries(keys) if journal is not None else None
    gone = erasures(journal) if journal is not None else None
    made = as_of or dt.date.today()
    about = pd.DataFrame({"Onderwerp": [
        "Gemaakt op", "Over", "Inhoud", "Provincies", "Niet in dit bestand",
    ], "Uitleg": [
        date_text(made),
        ", ".join(keys),
        "Persoonsgegevens uit de werkbladen, duo's, stappen in het logboek, meldingen over de gegevens, "
        "wie de gegevens inkeek en een eventuele vergetelheid.",
        f"Enkel {listing(provinces)}: de provincies van wie dit overzicht maakte." if provinces else
        "Alle provincies.",
        "Mails, papieren dossiers en back-ups buiten deze app: die vraagt de organisatie zelf op.",
    ]})
    if not counts.empty:
        about.loc[len(about)] = ["Elders", elsewhere_sentence(counts)]
    sheets = {
        "Over dit overzicht": about,
        "Persoon": _person_rows(ds, keys),
        "Duo's": _duo_rows(ds, keys),
        "Logboek": _events(ds, journal, keys),
        "Meldingen": _findings(ds, keys),
        "Ingezien": audit_table(looked) if looked is not None else pd.DataFrame(),
        "Vergeten": erasures_table(gone[gone["person_key"].isin(keys)]) if gone is not None else pd.DataFrame(),
    }
    if not counts.empty:
        sheets["Elders"] = counts
    return sheets


def _lines(sheets: dict[str, pd.DataFrame]) -> list[tuple[str, str]]:
    """(style, text) per printed line: headings, then one wrapped line per field or row."""
    out: list[tuple[str, str]] = []
    for name, frame in sheets.items():
        out.append(("heading", name))
        if frame.empty:
            out.append(("text", "Niets."))
        elif list(frame.columns) == ["Onderwerp", "Uitleg"]:  # "Over dit overzicht": one line per subject
            for subject, explanation in zip(frame["Onderwerp"], frame["Uitleg"], strict=True):
                out += [("text", line) for line in textwrap.wrap(f"{subject}: {explanation}", WIDTH,
                                                                  subsequent_indent="    ")]
        elif name == "Persoon":
            for key, part in frame.groupby("Sleutel", sort=False):
                out.append(("sub", f"{key} ({part['Rol'].iloc[0]})"))
                for field, value in zip(part["Veld"], part["Waarde"], strict=True):
                    out += [("text", line) for line in textwrap.wrap(f"{field}: {value}", WIDTH) or [field]]
        else:
            for record in frame.to_dict("records"):
                text = " · ".join(f"{k}: {_value(v)}" for k, v in record.items() if _value(v) != "")
                out += [("text", line) for line in textwrap.wrap(text, WIDTH, subsequent_indent="    ")]
        out.append(("text", ""))
    return out


def access_request_pdf(sheets: dict[str, pd.DataFrame], title: str = "Inzageverzoek") -> bytes:
    """The access request as a readable A4 PDF: a heading per part, one line per field or row.

    The pages are :func:`duo_core.output.pages.text_pdf`'s.
    """
    return text_pdf(title, _lines(sheets))


__all__ = ["access_request", "access_request_pdf"]
