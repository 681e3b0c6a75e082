"""Erasure ("Persoon vergeten"): the journal keeps its events but loses a person's names, contact and free text.

A professional forgets a person with a reason from :data:`ERASURE_REASONS`. In one transaction that holds
the journal's write lock, every event about the person (their own duos' proposals, follow-ups, stops)
keeps only what counts and durations need (dates, the coach, the score, a stop reason from the list)
and loses everything else (notes, and whatever an intake event carried: names, contact details, free
text); the erasure itself is a row in the append-only ``erasures`` table (key, reason, who, when; no
name). Then the stored bytes are cleaned: SQLite rewrites the file (``secure_delete``, ``VACUUM`` and a
truncating WAL checkpoint), PostgreSQL rewrites the table (``VACUUM FULL``), so a search of the file or
of a dump for the name finds nothing.

A professional restricted to some provinces forgets only there (:func:`forget_all`); :func:`elsewhere`
counts, per other province, the workbook rows and journal events that still hold the same person (no
content), and :func:`elsewhere_sentence` says that a professional of that province, or the organisation's
privacy contact, completes the request there. A professional of every province covers everything.

The app never writes the source workbooks: :func:`workbook_rows` lists where the person still appears
(file, sheet, Excel row) for the professional to delete, and until then :func:`hide_erased` shows the
person as *te verwijderen*, without name, contact or notes, and never proposes them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import unicodedata
from collections.abc import Callable, Iterable

import pandas as pd

from duo_core.access import key_province, within_provinces
from duo_core.dataset import Dataset
from duo_core.formatting import count_text, listing
from duo_core.lifecycle.access_log import run, side_table
from duo_core.lifecycle.journal import Journal, JournalError
from duo_core.lifecycle.stores import READ_ONLY, JournalUnavailable, PostgresStore
from duo_core.schema import STOP_REASONS

ERASURE_REASONS = (
    "verzoek van de persoon (recht op vergetelheid)",
    "bewaartermijn verstreken",
    "toestemming ingetrokken",
    "gegevens onterecht opgenomen",
)
#: What an event keeps of its payload after an erasure (counts and durations need these; no free text).
KEPT_PAYLOAD = ("date", "next", "coach_key", "event", "score", "points", "shared_interests", "distance_km")
#: The status an erased person has in the pages until the workbooks no longer hold them.
TO_REMOVE = "te verwijderen"
#: Columns of a person that are blanked in the pages after an erasure (names, contact, free text, birth date).
HIDDEN_TEXT = ("last_name", "phone", "email", "notes", "care_need", "intake_by")
ERASURE_COLUMNS = ["id", "at", "actor", "person_key", "reason"]


def _erasures_table(journal: Journal) -> bool:
    return side_table(journal, "erasures", "at TEXT NOT NULL, actor TEXT NOT NULL, person_key TEXT NOT NULL, "
               "reason TEXT NOT NULL", append_only=True, indexes=("person_key",))


def scrubbed(payload: str) -> str:
    """An event's payload (JSON) with only :data:`KEPT_PAYLOAD` and a listed stop reason left."""
    data = json.loads(payload or "{}")
    kept = {k: data[k] for k in KEPT_PAYLOAD if k in data}
    if data.get("reason") in STOP_REASONS:
        kept["reason"] = data["reason"]
    kept["vergeten"] = True
    return json.dumps(kept, ensure_ascii=False)


def forget(journal: Journal, person_key: str, actor: str, reason: str,
           clock: Callable[[], dt.datetime] | None = None, provinces: tuple[str, ...] = ()) -> int:
    """Forget one person in the journal; returns how many events were cleaned.

    ``provinces`` are those of the professional who forgets (empty: all); a key of another province
    is refused.

    Raises
    ------
    JournalError
        For a reason that is not in :data:`ERASURE_REASONS` (with a Dutch message), a key outside
        ``provinces``, or when the journal cannot be written now.
    """
    if reason not in ERASURE_REASONS:
        raise JournalError(f"Kies een reden uit de lijst: {', '.join(ERASURE_REASONS)}.")
    if not person_key or "/" not in person_key:
        raise JournalError(f"'{person_key}' is geen persoon (provincie/ID).")
    if provinces and key_province(person_key) not in provinces:
        raise JournalError(f"{key_province(person_key)} is niet jouw provincie: {ELSEWHERE_WHO} vergeet de persoon "
                           "daar. Er is niets vastgelegd.")
    if not _erasures_table(journal):
        raise JournalUnavailable(READ_ONLY)
    store, p = journal.store, journal.store.param
    postgres = isinstance(store, PostgresStore)
    at = (clock or journal.clock)().isoformat(timespec="seconds")

    def clean(conn) -> int:
        if not postgres:
            conn.execute("PRAGMA secure_delete=ON")  # freed space in a page is overwritten with zeros
        store.begin_write(conn)
        rows = conn.execute(f"SELECT id, payload FROM events WHERE participant_key = {p} OR volunteer_key = {p}",
                            (person_key, person_key)).fetchall()
        for event_id, payload in rows:
            conn.execute(f"UPDATE events SET payload = {p} WHERE id = {p}", (scrubbed(payload), int(event_id)))
        conn.execute(f"INSERT INTO erasures (at, actor, person_key, reason) VALUES ({p}, {p}, {p}, {p})",
                     (at, actor, person_key, reason))
        conn.execute("COMMIT")
        if postgres:
            conn.execute("VACUUM FULL events")  # rewrites the table: the old row versions are gone
        else:
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return len(rows)

    return run(journal, clean)


def forget_all(journal: Journal, ds: Dataset, keys: Iterable[str], actor: str, reason: str,
               provinces: tuple[str, ...] = (), clock: Callable[[], dt.datetime] | None = None
               ) -> tuple[list[str], pd.DataFrame]:
    """Forget the person held under ``keys`` within ``provinces`` (empty: all), the rest left to others.

    Returns the keys forgotten and :func:`elsewhere` of the keys of other provinces (``ds`` is the
    dataset of every province), for :func:`elsewhere_sentence`.
    """
    own, others = within_provinces(keys, provinces)
    if reason not in ERASURE_REASONS:  # refused before anything is written
        raise JournalError(f"Kies een reden uit de lijst: {', '.join(ERASURE_REASONS)}.")
    for key in own:
        forget(journal, key, actor, reason, clock=clock, provinces=provinces)
    return own, elsewhere(ds, journal, others)


#: Who completes a request in a province the professional does not work in.
ELSEWHERE_WHO = "een beroepskracht van die provincie (of de privacyverantwoordelijke van de organisatie)"
ELSEWHERE_COLUMNS = ["Provincie", "Rijen in de werkboeken", "Stappen in het logboek"]


def elsewhere(ds: Dataset, journal: Journal | None, keys: Iterable[str]) -> pd.DataFrame:
    """Per province of ``keys``: how many workbook rows and journal events hold the person; no content.

    ``ds`` is the dataset of every province as read; an event counts once per province of the keys it
    names. Columns :data:`ELSEWHERE_COLUMNS`, one row per province in alphabetical order.
    """
    keys = list(dict.fromkeys(keys))
    if not keys:
        return pd.DataFrame(columns=ELSEWHERE_COLUMNS)
    rows = workbook_rows(ds, keys)["person_key"].map(key_province).value_counts()
    events: dict[str, int] = {}
    if journal is not None:
        marks = ", ".join([journal.store.param] * len(keys))
        sql = f"SELECT participant_key, volunteer_key FROM events WHERE participant_key IN ({marks}) OR " \
              f"volunteer_key IN ({marks})"
        wanted = set(keys)
        for found in run(journal, lambda conn: conn.execute(sql, (*keys, *keys)).fetchall()):
            for province in {key_province(k) for k in found if k in wanted}:
                events[province] = events.get(province, 0) + 1
    provinces = sorted({key_province(k) for k in keys})
    return pd.DataFrame({"Provincie": provinces, "Rijen in de werkboeken": [int(rows.get(p, 0)) for p in provinces],
                         "Stappen in het logboek": [events.get(p, 0) for p in provinces]}, columns=ELSEWHERE_COLUMNS)


def elsewhere_sentence(counts: pd.DataFrame, erased: bool = False) -> str:
    """The sentence that names the other provinces (with :func:`elsewhere`'s counts) and who completes there.

    Empty when ``counts`` has no rows. ``erased``: said after an erasure, else for an access request.
    """
    if counts.empty:
        return ""
    parts = [f"{province} ({count_text(int(rows), 'rij', 'rijen')} in de werkboeken, "
             f"{count_text(int(steps), 'stap', 'stappen')} in het logboek)"
             for province, rows, steps in counts[ELSEWHERE_COLUMNS].itertuples(index=False)]
    where = listing(parts)
    done = " en is daar niet vergeten" if erased else "; wat daar staat, zit niet in dit overzicht"
    who = ELSEWHERE_WHO if len(parts) == 1 else ELSEWHERE_WHO.replace("die provincie", "die provincies")
    return f"Dezelfde persoon staat ook in {where}{done}: {who} vervolledigt het verzoek daar."


def forgotten_sentence(ds: Dataset, done: Iterable[str], counts: pd.DataFrame) -> str:
    """The confirmation of an erasure: who was forgotten, what is left to delete in the workbooks, and elsewhere.

    ``ds`` is the dataset as read (a person signed up in the app has no workbook row, so nothing is left to
    delete); ``counts`` are :func:`elsewhere`'s counts of the other provinces.
    """
    done = list(done)
    left = workbook_rows(ds, done)
    if left.empty:
        todo = "Er staat niets over in de werkboeken: er is niets meer te verwijderen."
    else:
        todo = "Verwijder nu de rijen uit de werkboeken (hieronder bij Vergeten personen)."
    rest = elsewhere_sentence(counts, erased=True)
    return " ".join(part for part in (f"Vergeten: {', '.join(done)}.", todo, rest) if part)


def erasures(journal: Journal, provinces: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every erasure (of people in ``provinces``; empty: all), oldest first: ``id, at, actor, person_key, reason``."""
    if not _erasures_table(journal):
        return pd.DataFrame(columns=ERASURE_COLUMNS)
    rows = run(journal, lambda conn: conn.execute(f"SELECT {', '.join(ERASURE_COLUMNS)} FROM erasures ORDER BY id"
                                                  ).fetchall())
    found = pd.DataFrame([tuple(r) for r in rows], columns=ERASURE_COLUMNS)
    if provinces:
        found = found[found["person_key"].map(key_province).isin(provinces)].reset_index(drop=True)
    return found


def erasures_table(gone: pd.DataFrame) -> pd.DataFrame:
    """:func:`erasures` as professionals read them (and an access request lists them): Dutch headers, a readable time."""
    return pd.DataFrame({
        "Tijdstip": [dt.datetime.fromisoformat(a).strftime("%d/%m/%Y %H:%M:%S") for a in gone["at"]],
        "Door": gone["actor"].to_numpy(), "Persoon": gone["person_key"].to_numpy(),
        "Reden": gone["reason"].to_numpy(),
    }, columns=["Tijdstip", "Door", "Persoon", "Reden"])


def erased_keys(journal: Journal | None) -> frozenset[str]:
    """The keys of every forgotten person (empty without a journal)."""
    if journal is None or not _erasures_table(journal):
        return frozenset()
    return frozenset(row[0] for row in run(journal, lambda conn: conn.execute("SELECT person_key FROM erasures"
                                                                              ).fetchall()))


def hide_erased(ds: Dataset, erased: Iterable[str]) -> Dataset:
    """The dataset with every forgotten person shown as *te verwijderen* (``ds`` is not modified).

    Their first name becomes "(te verwijderen)", last name, contact details, notes, care need and birth
    date are blank, and their status is :data:`TO_REMOVE`: no ranking or proposal takes them.
    """
    erased = frozenset(erased)
    if not erased:
        return ds
    frames = {}
    for name in ("participants", "volunteers"):
        frame = getattr(ds, name)
        gone = frame["key"].isin(erased)
        if not gone.any():
            continue
        changes = {"first_name": frame["first_name"].mask(gone, f"({TO_REMOVE})"),
                   "status": frame["status"].mask(gone, TO_REMOVE),
                   "birth_date": frame["birth_date"].mask(gone)}
        changes |= {c: frame[c].mask(gone) for c in HIDDEN_TEXT if c in frame}
        frames[name] = frame.assign(**changes)
    return dataclasses.replace(ds, **frames) if frames else ds


def workbook_rows(ds: Dataset, keys: Iterable[str]) -> pd.DataFrame:
    """Where the people ``keys`` still appear in the workbooks: ``person_key, file, sheet, row, what``.

    ``ds`` is the dataset as read (every province); a duo that only the journal knows is not listed.
    """
    keys = list(dict.fromkeys(keys))
    parts = []
    for frame, sheet in ((ds.participants, "Deelnemers"), (ds.volunteers, "Vrijwilligers")):
        hit = frame[frame["key"].isin(keys)]
        parts.append(pd.DataFrame({"person_key": hit["key"].to_numpy(), "file": hit["source_file"].to_numpy(),
                                   "sheet": sheet, "row": hit["source_row"].to_numpy(),
                                   "what": "naam, contactgegevens en notities: verwijder de hele rij"}))
    duos = ds.duos[ds.duos["source_row"].notna()]
    for column in ("participant_key", "volunteer_key"):
        hit = duos[duos[column].isin(keys)]
        parts.append(pd.DataFrame({"person_key": hit[column].to_numpy(), "file": hit["source_file"].to_numpy(),
                                   "sheet": "Duo's", "row": hit["source_row"].to_numpy(),
                                   "what": "enkel het ID, geen naam: mag blijven voor de tellingen"}))
    out = pd.concat(parts, ignore_index=True)
    out["row"] = out["row"].astype("Int64")
    return out.sort_values(["person_key", "file", "sheet", "row"], ignore_index=True)


def _norm(value: object) -> str:
    if not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    return " ".join(text.replace("-", " ").split())


def same_person(ds: Dataset, key: str) -> list[str]:
    """Every key in every province that holds the person with ``key`` (``key`` itself first).

    The same person is the same first and last name (ignoring case, accents and spacing) with the same
    birth date, or with the same e-mail address where a birth date is missing: a participant who moved
    to another province, or who is also a volunteer.
    """
    people = pd.concat([ds.participants[["key", "first_name", "last_name", "birth_date", "email"]],
                        ds.volunteers[["key", "first_name", "last_name", "birth_date", "email"]]],
                       ignore_index=True)
    me = people[people["key"] == key]
    if me.empty:
        return [key]
    row = me.iloc[0]
    name = (_norm(row["first_name"]), _norm(row["last_name"]))
    names = list(zip(people["first_name"].map(_norm), people["last_name"].map(_norm), strict=True))
    same_name = pd.Series([n == name for n in names], index=people.index)
    if pd.notna(row["birth_date"]):
        same = same_name & (people["birth_date"] == row["birth_date"])
    else:
        mail = _norm(row["email"])
        same = same_name & (people["email"].map(_norm) == mail) & bool(mail)
    found = [k for k in people.loc[same, "key"] if k != key]
    return [key, *dict.fromkeys(found)]


__all__ = [
    "ELSEWHERE_COLUMNS", "ERASURE_REASONS", "KEPT_PAYLOAD", "TO_REMOVE", "elsewhere", "elsewhere_sentence",
    "erased_keys", "erasures", "forget", "forget_all", "hide_erased", "same_person", "scrubbed", "workbook_rows",
]
