"""The koppelprofiel: which sheet is which role, which column which field, and what each answer becomes.

The import assistant (page *Gegevens koppelen*) proposes a :class:`Mapping` for workbooks that do not
follow the template (:func:`duo_core.importing.guess.propose_mapping`), a professional corrects it with
selectboxes (:meth:`Mapping.with_field`, :meth:`Mapping.with_value`, ...) and saves it as a readable TOML
profile (:meth:`Mapping.save`, :func:`load_mapping`). ``load_dataset(source, mapping=...)`` then reads the
organisation's own files with it (:mod:`duo_core.importing.apply`): a profile is matched to next month's export
by its headers, and a question that was added or renamed is a finding that points to the assistant.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from duo_core.findings import Finding
from duo_core.headers import normalise_label
from duo_core.importing import clues
from duo_core.reading.guarded import BUSY
from duo_core.reading.values import split_multi
from duo_core.schema import SHEETS

SHEET_COLUMNS = ["file", "sheet", "role", "header_row", "rows", "split_column", "problem"]
COLUMN_COLUMNS = ["file", "sheet", "header", "field", "confidence", "reason", "suggestion"]
VALUE_COLUMNS = ["file", "sheet", "header", "field", "raw", "value", "count"]
ROLE_NAMES = tuple(s.name for s in SHEETS)
CLOSED = ("vocab", "multi_vocab", "bool")
PROFILE_VERSION = 1


class MappingError(ValueError):
    """A profile that cannot be used; the message (Dutch) names the entry and what to fix."""


@dataclass(frozen=True)
class Mapping:
    """Which sheet is which role, which column is which field, and what each closed-list answer becomes.

    Attributes
    ----------
    sheets
        ``file, sheet, role, header_row, rows, split_column, problem`` (``header_row`` as Excel numbers it; a
        ``split_column`` says per row whether it is a participant or a volunteer; ``problem`` is why a sheet is
        not proposed, e.g. too many columns, else ``None``).
    columns
        ``file, sheet, header, field, confidence, reason, suggestion``; ``field`` is a schema column name,
        ``None`` (left out), ``full_name`` (first and last name in one column) or ``interests=wandelen`` (one
        item of a multi-valued field marked per row, a *one-hot* column). A column with a ``suggestion`` is
        *asked*: the guess was not sure enough (:func:`duo_core.importing.guess.uncertain`) or the question is
        new since the profile, so it is not read until the professional confirms it or picks a field
        (:meth:`Mapping.with_field`); ``field`` is then ``None``.
    values
        ``file, sheet, header, field, raw, value, count``: each distinct answer of a closed-list field and
        what it becomes (``None``: unknown, a finding when loading).
    headers
        Per ``(file, sheet)`` the headers as found, to recognise the same form in later files.
    samples
        Per ``(file, sheet, header)`` the filled values and how often each occurs (only for a proposal, not
        saved): examples on the page, and the answers of a field chosen by hand.
    problems
        Workbooks not proposed and why (only for a proposal, not saved): unreadable, or not read yet because
        the server was busy reading others (:attr:`busy`: propose again shortly).
    """

    sheets: pd.DataFrame
    columns: pd.DataFrame
    values: pd.DataFrame
    headers: dict[tuple[str, str], tuple[str, ...]]
    samples: dict[tuple[str, str, str], Counter] = dataclasses.field(default_factory=dict, compare=False, repr=False)
    problems: tuple[Finding, ...] = dataclasses.field(default=(), compare=False, repr=False)

    @property
    def busy(self) -> bool:
        """Whether a workbook was not looked at because the server was busy: propose again in a moment."""
        return any(f.message == BUSY for f in self.problems)

    def asked(self) -> pd.DataFrame:
        """The columns that wait for an answer (``file, sheet, header, suggestion, confidence, reason``)."""
        hit = self.columns[self.columns["suggestion"].notna()]
        return hit[["file", "sheet", "header", "suggestion", "confidence", "reason"]].reset_index(drop=True)

    # --- changes by hand (each returns a new Mapping) ---------------------------------------------

    def with_field(self, file: str, sheet: str, header: str, field: str | None) -> Mapping:
        """The column ``header`` holds ``field`` (``None``: leave it out); an asked column is answered."""
        columns = self.columns.copy()
        hit = (columns["file"] == file) & (columns["sheet"] == sheet) & (columns["header"] == header)
        columns.loc[hit, ["field", "confidence", "reason", "suggestion"]] = [field, 1.0, "gekozen in de assistent",
                                                                             None]
        values = self.values[~((self.values["file"] == file) & (self.values["sheet"] == sheet)
                               & (self.values["header"] == header))]
        entry = self.sheets[(self.sheets["file"] == file) & (self.sheets["sheet"] == sheet)]
        roles = sheet_roles(entry["role"].iloc[0], entry["split_column"].iloc[0]) if len(entry) else ()
        new = value_rows(file, sheet, header, field, self.samples.get((file, sheet, header), Counter()), roles)
        values = pd.concat([values, table(new, VALUE_COLUMNS)], ignore_index=True) if new else values
        return dataclasses.replace(self, columns=columns, values=values.reset_index(drop=True))

    def with_suggestions(self) -> Mapping:
        """Every column that waits for an answer answered with its suggestion (as if each were confirmed)."""
        answered = self
        for a in self.asked().itertuples():
            answered = answered.with_field(a.file, a.sheet, a.header, a.suggestion)
        return answered

    def with_role(self, file: str, sheet: str, role: str | None) -> Mapping:
        """The sheet holds ``role`` (``None``: leave the sheet out)."""
        sheets = self.sheets.copy()
        sheets.loc[(sheets["file"] == file) & (sheets["sheet"] == sheet), "role"] = role
        return dataclasses.replace(self, sheets=sheets)

    def with_value(self, file: str, sheet: str, header: str, raw: str, value: str | None) -> Mapping:
        """The answer ``raw`` in column ``header`` becomes ``value``."""
        values = self.values.copy()
        hit = (values["file"] == file) & (values["sheet"] == sheet) & (values["header"] == header) & (values["raw"] == raw)
        values.loc[hit, "value"] = value
        return dataclasses.replace(self, values=values)

    def adopt(self, profile: Mapping) -> Mapping:
        """The proposal corrected by a saved profile: what a professional chose before wins.

        Per sheet, the profile entry whose headers it has (:meth:`entry`) gives the role, the column of
        both roles and, per header the profile knows, the field and the answers, as chosen (confidence 1).
        A column the profile does not know keeps its guess, marked new so the page asks about it; a profile
        never moves an answer into a field it was not mapped to.
        """
        adopted = self
        chosen: list[tuple[str, str, dict]] = []
        for s in self.sheets.itertuples():
            part, _ = profile.entry(s.file, s.sheet, self.headers.get((s.file, s.sheet), ()))
            if part is None:
                continue
            chosen.append((s.file, s.sheet, part))
            sheets = adopted.sheets.copy()
            hit = (sheets["file"] == s.file) & (sheets["sheet"] == s.sheet)
            sheets.loc[hit, "role"] = part["entry"]["role"]
            sheets.loc[hit, "split_column"] = part["entry"]["split_column"]
            adopted = dataclasses.replace(adopted, sheets=sheets)
            for c in self.columns[(self.columns["file"] == s.file) & (self.columns["sheet"] == s.sheet)].itertuples():
                if c.header in part["fields"]:
                    adopted = adopted.with_field(s.file, s.sheet, c.header, part["fields"][c.header])
        columns, values = adopted.columns.copy(), adopted.values.copy()
        for file, sheet, part in chosen:
            here = (columns["file"] == file) & (columns["sheet"] == sheet)
            known = here & columns["header"].isin(list(part["fields"]))
            columns.loc[known, "reason"] = "uit het koppelprofiel"
            for j in columns.index[here & ~known]:  # a new or renamed question is asked, never taken
                columns.at[j, "confidence"] = min(float(columns.at[j, "confidence"]), 0.5)
                columns.at[j, "reason"] = f"nieuw sinds het koppelprofiel: nakijken ({columns.at[j, 'reason']})"
                guess = columns.at[j, "field"] or columns.at[j, "suggestion"]
                columns.at[j, "field"], columns.at[j, "suggestion"] = None, guess
                values = values[~((values["file"] == file) & (values["sheet"] == sheet)
                                  & (values["header"] == columns.at[j, "header"]))]
            for j in values.index[(values["file"] == file) & (values["sheet"] == sheet)]:
                answer = part["answers"].get((values.at[j, "header"], values.at[j, "raw"]), "")
                if answer != "":
                    values.at[j, "value"] = answer
        return dataclasses.replace(adopted, columns=columns, values=values.reset_index(drop=True))

    # --- the profile ------------------------------------------------------------------------------

    @functools.cached_property
    def _plan(self) -> dict[tuple[str, str], dict[str, Any]]:
        """Per ``(file, sheet)``: its entry, headers (as written and normalised), fields and answers, once."""
        plan: dict[tuple[str, str], dict[str, Any]] = {}
        for s in self.sheets.to_dict("records"):
            key = (s["file"], s["sheet"])
            headers = self.headers.get(key, ())
            plan[key] = {"entry": s, "headers": headers, "known": frozenset(normalise_label(h) for h in headers),
                         "fields": {}, "asked": {}, "answers": {}, "values": {}}
        for c in self.columns.to_dict("records"):
            if (c["file"], c["sheet"]) in plan:
                if c.get("suggestion"):  # not decided: neither read nor left out
                    plan[(c["file"], c["sheet"])]["asked"][c["header"]] = c["suggestion"]
                else:
                    plan[(c["file"], c["sheet"])]["fields"][c["header"]] = c["field"]
        for v in self.values.to_dict("records"):
            if (v["file"], v["sheet"]) in plan:
                target = plan[(v["file"], v["sheet"])]
                target["answers"][(v["header"], v["raw"])] = v["value"]
                target["values"].setdefault(v["header"], []).append((v["raw"], v["value"]))
        return plan

    @functools.cached_property
    def fingerprint(self) -> str:
        """A short hash of everything the mapping says (to key caches)."""
        return hashlib.sha256(self.to_toml().split("\n", 1)[1].encode("utf-8")).hexdigest()[:16]

    def to_toml(self) -> str:
        """The mapping as a readable TOML profile."""
        q = _quote
        lines = [f"# Koppelprofiel van Duowerking matching (Gegevens koppelen), {dt.date.today():%d/%m/%Y}.",
                 "# Elke [[sheet]] zegt welk tabblad welke rol heeft; onder [sheet.columns] staat per kolomkop",
                 "# het veld (leeg = niet gebruiken), onder [sheet.asked] een voorstel dat nog op een antwoord",
                 "# wacht (die kolom wordt niet ingelezen), onder [sheet.values.\"kop\"] wat een antwoord wordt.",
                 f"version = {PROFILE_VERSION}", ""]
        for part in self._plan.values():
            s = part["entry"]
            lines += ["[[sheet]]", f"file = {q(s['file'])}", f"sheet = {q(s['sheet'])}", f"role = {q(s['role'] or '')}",
                      f"header_row = {int(s['header_row'])}", f"split_column = {q(s['split_column'] or '')}",
                      "headers = [" + ", ".join(q(h) for h in part["headers"]) + "]", "", "[sheet.columns]"]
            lines += [f"{q(h)} = {q(f or '')}" for h, f in part["fields"].items()]
            if part["asked"]:  # questions still open: asked again when the profile is used
                lines += ["", "[sheet.asked]"] + [f"{q(h)} = {q(f)}" for h, f in part["asked"].items()]
            for header, answers in part["values"].items():
                lines += ["", f"[sheet.values.{q(header)}]"]
                lines += [f"{q(raw)} = {q(value or '')}" for raw, value in answers]
            lines.append("")
        return "\n".join(lines)

    def save(self, path: str | Path) -> Path:
        """Write the profile (TOML) to ``path``."""
        path = Path(path)
        path.write_text(self.to_toml(), encoding="utf-8")
        return path

    def entry(self, file: str, sheet: str, headers: tuple[str, ...]) -> tuple[dict[str, Any] | None, float]:
        """The plan of the sheet entry for a header row of a later file, and how alike the headers are.

        The entry of the same file and sheet counts when at least a third of its headers are still there
        (score 1 + overlap); any other entry when at least 60 % of the headers are the same (next month's
        export of the form).
        """
        wanted = {normalise_label(h) for h in headers if h}
        if not wanted:
            return None, 0.0
        best, best_score = None, 0.0
        for (f, sh), part in self._plan.items():
            known = part["known"]
            overlap = len(wanted & known) / max(len(wanted | known), 1)
            same = f == file and sh == sheet
            if overlap >= (1 / 3 if same else 0.6) and overlap + same > best_score:
                best, best_score = part, overlap + same
        return best, best_score


def _quote(text: object) -> str:
    """A TOML basic string: JSON's escapes, plus DEL (U+007F), which TOML does not allow unescaped."""
    return json.dumps(str(text), ensure_ascii=False).replace("\x7f", "\\u007f")


def table(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """The rows as one of the three tables of a Mapping (text columns hold None, not NaN)."""
    frame = pd.DataFrame(rows, columns=columns)
    for c in columns:
        if c not in ("header_row", "rows", "confidence", "count"):
            frame[c] = frame[c].astype(object).where(frame[c].notna(), None)
    return frame


def _column_of(roles: tuple[str, ...], field: str):
    for role in roles:
        try:
            return role, clues.ROLES[role].column(field)
        except KeyError:
            continue
    return None, None


def value_rows(file: str, sheet: str, header: str, field: str | None, counts: Counter,
               roles: tuple[str, ...]) -> list[dict]:
    """The rows of :attr:`Mapping.values` for one column: each distinct answer and what it becomes."""
    if not field or "=" in field or field == clues.FULL_NAME:
        return []
    role, col = _column_of(roles, field)
    if col is None or col.kind not in CLOSED:
        return []
    answers: Counter = Counter()
    for v, n in counts.items():
        for item in (split_multi(v) if col.kind == "multi_vocab" else [str(v).strip()]):
            answers[item] += n
    rows = []
    for raw, n in sorted(answers.items(), key=lambda x: (-x[1], x[0])):
        value = clues.canonical_value(role, field, raw)
        rows.append({"file": file, "sheet": sheet, "header": header, "field": field, "raw": raw,
                     "value": None if value is None else str(value), "count": n})
    return rows


def sheet_roles(role: str | None, split_column: str | None) -> tuple[str, ...]:
    """The roles whose fields a sheet's columns can hold (both person roles for a sheet that holds both)."""
    if split_column:
        return ("Deelnemers", "Vrijwilligers")
    return (role,) if role else ()



_FIELDS = {c.name for s in SHEETS for c in s.columns} | {clues.FULL_NAME}


def _valid_field(field: str, where: str) -> str | None:
    if not field:
        return None
    target = field.split("=", 1)[0]
    if target not in _FIELDS:
        raise MappingError(f"{where}: onbekend veld '{field}'. Kies een veld uit het sjabloon of laat het leeg.")
    return field


def _text_of(value: object, where: str, what: str, empty_ok: bool = True) -> str:
    if value is None and empty_ok:
        return ""
    if not isinstance(value, str):
        raise MappingError(f"{where}: {what} moet tekst tussen aanhalingstekens zijn, niet {_kind(value)}.")
    return value


def _table_of(value: object, where: str, what: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MappingError(f"{where}: {what} moet een tabel zijn ([{what}] met regels \"kop\" = \"...\"), "
                           f"niet {_kind(value)}.")
    return value


def _kind(value: object) -> str:
    return {bool: "ja/nee", int: "een getal", float: "een getal", list: "een lijst", dict: "een tabel"}.get(
        type(value), f"'{str(value)[:40]}'")


def load_mapping(path: str | Path) -> Mapping:
    """Read a profile written by :meth:`Mapping.save` (validated: a wrong entry is a Dutch :class:`MappingError`).

    Every entry is checked for its type as well as its value, so a hand-edited profile (``columns = "x"``,
    arrays nested a thousand deep) is a message naming the entry, never a crash.
    """
    path = Path(path)
    try:
        raw_bytes = path.read_bytes()
    except OSError as exc:
        raise MappingError(f"Koppelprofiel '{path.name}' kan niet gelezen worden ({exc.strerror}).") from None
    return read_profile(raw_bytes, path.name)


def read_profile(raw_bytes: bytes, name: str) -> Mapping:
    """A profile from its bytes (an upload on the page); ``name`` is what messages call it. See :func:`load_mapping`."""
    path = Path(name)
    if len(raw_bytes) > 2 * 1024 * 1024:
        raise MappingError(f"Koppelprofiel '{path.name}' is groter dan 2 MB: dat is geen profiel.")
    try:
        data = tomllib.loads(raw_bytes.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise MappingError(f"Koppelprofiel '{path.name}' is geen geldige TOML: {exc}") from None
    except RecursionError:
        raise MappingError(f"Koppelprofiel '{path.name}' heeft lijsten in lijsten die te diep gaan: dat is geen "
                           "profiel. Maak het opnieuw op de pagina Gegevens koppelen.") from None
    if data.get("version") != PROFILE_VERSION:
        raise MappingError(f"Koppelprofiel '{path.name}' heeft versie {data.get('version')!r}: maak het opnieuw op de "
                           "pagina Gegevens koppelen.")
    entries = data.get("sheet", [])
    if not isinstance(entries, list):
        raise MappingError(f"Koppelprofiel '{path.name}': 'sheet' moet een lijst van [[sheet]]-blokken zijn.")
    sheets, columns, values, headers = [], [], [], {}
    for i, s in enumerate(entries, start=1):
        where = f"Koppelprofiel '{path.name}', tabblad {i}"
        if not isinstance(s, dict) or not isinstance(s.get("sheet"), str) or not isinstance(s.get("file"), str):
            raise MappingError(f"{where}: elk [[sheet]] heeft file en sheet nodig.")
        where = f"Koppelprofiel '{path.name}', tabblad {i} ('{s['sheet'][:60]}')"
        role = _text_of(s.get("role"), where, "role") or None
        if role is not None and role not in ROLE_NAMES:
            raise MappingError(f"{where}: onbekende rol '{role}': kies uit {', '.join(ROLE_NAMES)} of laat leeg.")
        row = s.get("header_row")
        if isinstance(row, bool) or not isinstance(row, int) or not 1 <= row <= 1000:
            raise MappingError(f"{where}: header_row moet een rijnummer zijn (1 tot 1000).")
        split = _text_of(s.get("split_column"), where, "split_column") or None
        listed = s.get("headers", [])
        if not isinstance(listed, list) or not all(isinstance(h, str) for h in listed):
            raise MappingError(f"{where}: headers moet een lijst van kolomkoppen zijn, bv. [\"Voornaam\", \"Postcode\"].")
        sheets.append({"file": s["file"], "sheet": s["sheet"], "role": role, "header_row": row, "rows": 0,
                       "split_column": split, "problem": None})
        headers[(s["file"], s["sheet"])] = tuple(listed)
        for header, field in _table_of(s.get("columns"), where, "columns").items():
            column_where = f"{where}, kolom '{header}'"
            columns.append({"file": s["file"], "sheet": s["sheet"], "header": header,
                            "field": _valid_field(_text_of(field, column_where, "het veld"), column_where),
                            "confidence": 1.0, "reason": "uit het koppelprofiel"})
        for header, field in _table_of(s.get("asked"), where, "asked").items():
            column_where = f"{where}, open vraag '{header}'"
            columns.append({"file": s["file"], "sheet": s["sheet"], "header": header, "field": None,
                            "confidence": 0.5, "reason": "nog niet beantwoord in het koppelprofiel",
                            "suggestion": _valid_field(_text_of(field, column_where, "het voorstel"), column_where)})
        for header, answers in _table_of(s.get("values"), where, "values").items():
            answer_where = f"{where}, antwoorden van '{header}'"
            for raw, value in _table_of(answers, answer_where, f'values."{header}"').items():
                values.append({"file": s["file"], "sheet": s["sheet"], "header": header, "field": None, "raw": raw,
                               "value": _text_of(value, f"{answer_where}, '{raw}'", "de waarde") or None,
                               "count": 0})
    return Mapping(table(sheets, SHEET_COLUMNS), table(columns, COLUMN_COLUMNS), table(values, VALUE_COLUMNS),
                   headers)


def resolve(mapping: Mapping | str | Path | None) -> Mapping | None:
    """A Mapping, a profile path (read), or ``None``."""
    if mapping is None or isinstance(mapping, Mapping):
        return mapping
    return load_mapping(mapping)


__all__ = ["Mapping", "MappingError", "load_mapping", "read_profile", "resolve", "sheet_roles", "value_rows"]
