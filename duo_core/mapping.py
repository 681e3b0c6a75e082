"""The import assistant: a proposed mapping from any workbook to the schema, changed by hand, saved as a profile.

:func:`propose_mapping` reads workbooks (a file, a folder, bytes or uploads, as ``load_dataset``) and
proposes, per sheet, its role and header row, per column the field it holds (with a confidence and a
Dutch reason; :mod:`duo_core.suggest`), and per closed-list answer the value it becomes. A professional
corrects it with selectboxes (:meth:`Mapping.with_field`, :meth:`Mapping.with_value`, ...) and saves it
as a readable TOML profile (:meth:`Mapping.save`, :func:`load_mapping`). ``load_dataset(source,
mapping=...)`` then reads the organisation's own files with it: a profile is matched to next month's
export by its headers, and a question that was added or renamed is a finding that points to the
assistant. Findings keep pointing at the original file, sheet, Excel row and header.
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

import numpy as np
import pandas as pd

from duo_core import suggest
from duo_core.dates import parse_date
from duo_core.findings import WARNING, Finding
from duo_core.parsing import is_blank, split_multi
from duo_core.rawread import DEFAULT_LIMITS, Limits, RawSheet, UnreadableError
from duo_core.schema import INSTRUCTIONS_SHEET, LISTS_SHEET, SHEETS, find_sheet, header_map, normalise_label
from duo_core.sheets import HEADER_ROWS, MappedColumns
from duo_core.sources import collect_sources, read_raw

SHEET_COLUMNS = ["file", "sheet", "role", "header_row", "rows", "split_column"]
COLUMN_COLUMNS = ["file", "sheet", "header", "field", "confidence", "reason"]
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
        ``file, sheet, role, header_row, rows, split_column`` (``header_row`` as Excel numbers it; a
        ``split_column`` says per row whether it is a participant or a volunteer).
    columns
        ``file, sheet, header, field, confidence, reason``; ``field`` is a schema column name, ``None``
        (left out), ``full_name`` (first and last name in one column) or ``interests=wandelen`` (one item
        of a multi-valued field marked per row, a *one-hot* column).
    values
        ``file, sheet, header, field, raw, value, count``: each distinct answer of a closed-list field and
        what it becomes (``None``: unknown, a finding when loading).
    headers
        Per ``(file, sheet)`` the headers as found, to recognise the same form in later files.
    """

    sheets: pd.DataFrame
    columns: pd.DataFrame
    values: pd.DataFrame
    headers: dict[tuple[str, str], tuple[str, ...]]

    # --- changes by hand (each returns a new Mapping) ---------------------------------------------

    def with_field(self, file: str, sheet: str, header: str, field: str | None) -> Mapping:
        """The column ``header`` holds ``field`` (``None``: leave it out)."""
        columns = self.columns.copy()
        hit = (columns["file"] == file) & (columns["sheet"] == sheet) & (columns["header"] == header)
        columns.loc[hit, ["field", "confidence", "reason"]] = [field, 1.0, "gekozen in de assistent"]
        return dataclasses.replace(self, columns=columns, values=_values_for(self, columns))

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

    # --- the profile ------------------------------------------------------------------------------

    @functools.cached_property
    def _plan(self) -> dict[tuple[str, str], dict[str, Any]]:
        """Per ``(file, sheet)``: its entry, headers (as written and normalised), fields and answers, once."""
        plan: dict[tuple[str, str], dict[str, Any]] = {}
        for s in self.sheets.to_dict("records"):
            key = (s["file"], s["sheet"])
            headers = self.headers.get(key, ())
            plan[key] = {"entry": s, "headers": headers, "known": frozenset(normalise_label(h) for h in headers),
                         "fields": {}, "answers": {}, "values": {}}
        for c in self.columns.to_dict("records"):
            if (c["file"], c["sheet"]) in plan:
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
                 "# het veld (leeg = niet gebruiken), onder [sheet.values.\"kop\"] wat een antwoord wordt.",
                 f"version = {PROFILE_VERSION}", ""]
        for part in self._plan.values():
            s = part["entry"]
            lines += ["[[sheet]]", f"file = {q(s['file'])}", f"sheet = {q(s['sheet'])}", f"role = {q(s['role'] or '')}",
                      f"header_row = {int(s['header_row'])}", f"split_column = {q(s['split_column'] or '')}",
                      "headers = [" + ", ".join(q(h) for h in part["headers"]) + "]", "", "[sheet.columns]"]
            lines += [f"{q(h)} = {q(f or '')}" for h, f in part["fields"].items()]
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
    return json.dumps(str(text), ensure_ascii=False)


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for c in columns:
        if c not in ("header_row", "rows", "confidence", "count"):
            frame[c] = frame[c].astype(object).where(frame[c].notna(), None)
    return frame


# --- proposing ---------------------------------------------------------------------------------


def _grid(raw: RawSheet) -> np.ndarray:
    if not raw.rows or not raw.rows[0]:
        return np.empty((0, 0), dtype=object)
    grid = np.empty((len(raw.rows), len(raw.rows[0])), dtype=object)
    grid[:] = raw.rows
    return grid


def _header_row(grid: np.ndarray, merged) -> int | None:
    from duo_core.sheets import find_header

    best, best_score = None, 1
    for sheet in SHEETS:
        row = find_header(grid, header_map(sheet), merged)
        if row is not None:
            score = sum(1 for v in grid[row] if not is_blank(v) and header_map(sheet).match(v))
            if score > best_score:
                best, best_score = row, score
    if best is not None:
        return best
    counts = [sum(1 for v in grid[r] if isinstance(v, str) and v.strip()) for r in range(min(len(grid), HEADER_ROWS))]
    return int(np.argmax(counts)) if counts and max(counts) >= 2 else None


def _column_guess(role: str, header: str, values: Counter, as_of: dt.date, form: bool) -> tuple[str | None, float, str]:
    why = suggest.is_metadata(header, values)
    if why:
        return None, 0.9, why
    by_header = suggest.from_header(role, header)
    hot = suggest.one_hot(role, header, values)
    if hot and (by_header is None or by_header[0] in ("interests", "availability")):
        return f"{hot[0]}={hot[1]}", 0.85, f"aangekruist per rij: één {'moment' if hot[0] == 'availability' else 'interesse'}"
    if suggest.folded(header) == "naam" and values:
        words = [(len(str(v).split()), n) for v, n in values.items()]
        total = sum(n for _, n in words)
        if total and sum(n for w, n in words if w >= 2) / total > 0.6:
            by_header = (suggest.FULL_NAME, 0.85, "één kolom met voornaam en naam")
    if form and suggest.folded(header) == "id":
        return "id", 0.5, "het volgnummer van het formulier (geen beter ID gevonden)"
    by_values = suggest.from_values(role, values, as_of)
    if by_header and by_values and by_header[0] == by_values[0]:
        return by_header[0], min(1.0, max(by_header[1], by_values[1]) + 0.05), f"{by_header[2]}; {by_values[2]}"
    if by_header:
        return by_header
    if by_values:
        return by_values
    return None, 0.0, "onbekende kolom: kies zelf een veld of laat ze weg"


def _sheet_columns(file: str, sheet: str, role: str, headers: list[str], body: np.ndarray, as_of: dt.date,
                   form: bool) -> list[dict]:
    rows = []
    for c, header in enumerate(headers):
        if not header:
            continue
        values = suggest.sample(body[:, c].tolist() if body.size else [])
        field, confidence, reason = _column_guess(role, header, values, as_of, form)
        rows.append({"file": file, "sheet": sheet, "header": header, "field": field,
                     "confidence": round(float(confidence), 2), "reason": reason, "_c": c})
    # one field per column, best first; the form's ID only when nothing better names the person
    taken: dict[str, dict] = {}
    for r in sorted(rows, key=lambda r: -r["confidence"]):
        f = r["field"]
        if f is None or "=" in f:
            continue
        if f in taken:
            r["reason"] = f"{r['reason']}, maar '{taken[f]['header']}' is al {f}: niet gebruikt"
            r["field"], r["confidence"] = None, 0.3
        else:
            taken[f] = r
    if suggest.FULL_NAME in taken and "first_name" in taken:
        r = taken[suggest.FULL_NAME]
        r["field"], r["reason"] = None, "er zijn al aparte kolommen voor voornaam en naam"
    return rows


def _values_for(mapping_or_none, columns: pd.DataFrame, grids: dict | None = None) -> pd.DataFrame:
    """Each distinct answer of a closed-list column and what it becomes."""
    if grids is None:  # a change by hand: keep the answers known for columns whose field stayed the same
        old = mapping_or_none.values
        keep = old.merge(columns[["file", "sheet", "header", "field"]], on=["file", "sheet", "header", "field"])
        return keep[VALUE_COLUMNS].reset_index(drop=True)
    rows = []
    for c in columns.itertuples():
        sheet_entry = grids.get((c.file, c.sheet))
        if sheet_entry is None or not c.field or "=" in c.field or c.field == suggest.FULL_NAME:
            continue
        role, headers, body = sheet_entry
        try:
            col = suggest.ROLES[role].column(c.field)
        except KeyError:
            continue
        if col.kind not in CLOSED:
            continue
        i = headers.index(c.header)
        counts: Counter = Counter()
        for v in body[:, i].tolist():
            if is_blank(v):
                continue
            items = split_multi(v) if col.kind == "multi_vocab" else [str(v).strip()]
            counts.update(items)
        for raw, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])):
            value = suggest.canonical_value(role, c.field, raw)
            rows.append({"file": c.file, "sheet": c.sheet, "header": c.header, "field": c.field, "raw": raw,
                         "value": None if value is None else str(value), "count": n})
    return _frame(rows, VALUE_COLUMNS)


def propose_mapping(source: Any, *, as_of: dt.date | None = None, limits: Limits = DEFAULT_LIMITS) -> Mapping:
    """Propose how to read the workbooks of ``source`` (a folder, a path, paths, bytes or uploads)."""
    as_of = as_of or dt.date.today()
    if isinstance(source, (bytes, bytearray)):
        import io

        buffer = io.BytesIO(source)
        buffer.name = "opgeladen.xlsx"
        source = [buffer]
    sources, _ = collect_sources(source)
    sheet_rows, column_rows, headers_of, grids = [], [], {}, {}
    for src in sources:
        try:
            raw_book = read_raw(src, limits=limits)
        except UnreadableError:
            continue
        for raw in raw_book.sheets:
            if normalise_label(raw.name) in {normalise_label(INSTRUCTIONS_SHEET), normalise_label(LISTS_SHEET), "info"}:
                continue
            grid = _grid(raw)
            if grid.size == 0:
                continue
            row = _header_row(grid, raw.merged)
            if row is None:
                continue
            headers = ["" if is_blank(h) else str(h).strip() for h in grid[row]]
            body = grid[row + 1:]
            body = body[[not all(is_blank(v) for v in r) for r in body]] if len(body) else body
            form = any(suggest.folded(h) in suggest.METADATA for h in headers)
            split = next((h for c, h in enumerate(headers)
                          if h and body.size and suggest.split_values(suggest.sample(body[:, c].tolist()))), None)
            named = find_sheet(raw.name)
            role = named.name if named is not None else "Deelnemers"
            cols = _sheet_columns(src.name, raw.name, role, headers, body, as_of, form)
            if named is None:
                guessed = suggest.role_of(raw.name, src.name, {c["field"] for c in cols if c["field"]})
                if guessed != role and not split:
                    role = guessed
                    cols = _sheet_columns(src.name, raw.name, role, headers, body, as_of, form)
            if split:
                for c in cols:
                    if c["header"] == split:
                        c["field"], c["confidence"], c["reason"] = None, 0.9, "zegt per rij: deelnemer of vrijwilliger"
                volunteer_fields = _sheet_columns(src.name, raw.name, "Vrijwilligers", headers, body, as_of, form)
                for c, v in zip(cols, volunteer_fields, strict=True):  # fields only volunteers have
                    if c["field"] is None and v["field"] and c["header"] != split:
                        c.update(field=v["field"], confidence=v["confidence"], reason=v["reason"])
            sheet_rows.append({"file": src.name, "sheet": raw.name, "role": role, "header_row": row + 1,
                               "rows": len(body), "split_column": split})
            column_rows += [{k: v for k, v in c.items() if k != "_c"} for c in cols]
            headers_of[(src.name, raw.name)] = tuple(h for h in headers if h)
            grids[(src.name, raw.name)] = (role, headers, body)
    columns = _frame(column_rows, COLUMN_COLUMNS)
    return Mapping(_frame(sheet_rows, SHEET_COLUMNS), columns, _values_for(None, columns, grids), headers_of)


# --- the profile file --------------------------------------------------------------------------

_FIELDS = {c.name for s in SHEETS for c in s.columns} | {suggest.FULL_NAME}


def _valid_field(field: str, where: str) -> str | None:
    if not field:
        return None
    target = field.split("=", 1)[0]
    if target not in _FIELDS:
        raise MappingError(f"{where}: onbekend veld '{field}'. Kies een veld uit het sjabloon of laat het leeg.")
    return field


def load_mapping(path: str | Path) -> Mapping:
    """Read a profile written by :meth:`Mapping.save` (validated: a wrong entry is a Dutch :class:`MappingError`)."""
    path = Path(path)
    try:
        raw_bytes = path.read_bytes()
    except OSError as exc:
        raise MappingError(f"Koppelprofiel '{path.name}' kan niet gelezen worden ({exc.strerror}).") from None
    if len(raw_bytes) > 2 * 1024 * 1024:
        raise MappingError(f"Koppelprofiel '{path.name}' is groter dan 2 MB: dat is geen profiel.")
    try:
        data = tomllib.loads(raw_bytes.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise MappingError(f"Koppelprofiel '{path.name}' is geen geldige TOML: {exc}") from None
    if data.get("version") != PROFILE_VERSION:
        raise MappingError(f"Koppelprofiel '{path.name}' heeft versie {data.get('version')!r}: maak het opnieuw op de "
                           "pagina Gegevens koppelen.")
    sheets, columns, values, headers = [], [], [], {}
    for i, s in enumerate(data.get("sheet", []), start=1):
        where = f"Koppelprofiel '{path.name}', tabblad {i}"
        if not isinstance(s, dict) or not isinstance(s.get("sheet"), str) or not isinstance(s.get("file"), str):
            raise MappingError(f"{where}: elk [[sheet]] heeft file en sheet nodig.")
        role = s.get("role") or None
        if role is not None and role not in ROLE_NAMES:
            raise MappingError(f"{where}: onbekende rol '{role}': kies uit {', '.join(ROLE_NAMES)} of laat leeg.")
        row = s.get("header_row")
        if not isinstance(row, int) or not 1 <= row <= 1000:
            raise MappingError(f"{where}: header_row moet een rijnummer zijn (1 of meer).")
        sheets.append({"file": s["file"], "sheet": s["sheet"], "role": role, "header_row": row, "rows": 0,
                       "split_column": s.get("split_column") or None})
        headers[(s["file"], s["sheet"])] = tuple(str(h) for h in s.get("headers", []))
        for header, field in (s.get("columns") or {}).items():
            columns.append({"file": s["file"], "sheet": s["sheet"], "header": header,
                            "field": _valid_field(str(field), f"{where}, kolom '{header}'"),
                            "confidence": 1.0, "reason": "uit het koppelprofiel"})
        for header, answers in (s.get("values") or {}).items():
            for raw, value in (answers or {}).items():
                values.append({"file": s["file"], "sheet": s["sheet"], "header": header, "field": None, "raw": raw,
                               "value": str(value) or None, "count": 0})
    return Mapping(_frame(sheets, SHEET_COLUMNS), _frame(columns, COLUMN_COLUMNS), _frame(values, VALUE_COLUMNS),
                   headers)


def resolve(mapping: Mapping | str | Path | None) -> Mapping | None:
    """A Mapping, a profile path (read), or ``None``."""
    if mapping is None or isinstance(mapping, Mapping):
        return mapping
    return load_mapping(mapping)


# --- applying ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MappedSheet:
    """One source sheet made readable for one role: a grid, the header row, header -> field, and what to skip."""

    role: str
    raw: RawSheet
    columns: MappedColumns
    notes: tuple[str, ...] = ()


def apply(file: str, sheets: tuple[RawSheet, ...], mapping: Mapping) -> tuple[list[MappedSheet], list[Finding]]:
    """The sheets of one workbook as the mapping reads them, and findings on a form that changed."""
    out, findings = [], []
    for raw in sheets:
        grid = _grid(raw)
        if grid.size == 0:
            continue
        part, row, headers_here, best = None, 0, (), 0.0
        for r in range(min(len(grid), HEADER_ROWS)):
            hs = tuple("" if is_blank(h) else str(h).strip() for h in grid[r])
            found, score = mapping.entry(file, raw.name, hs)
            if found is not None and score > best:
                part, row, headers_here, best = found, r, hs, score
            if best >= 1.9:  # its own sheet with (nearly) the same headers: look no further
                break
        if part is None or not part["entry"]["role"]:
            continue
        entry, fields, answers = part["entry"], part["fields"], part["answers"]
        for h in headers_here:
            if h and h not in fields:
                findings.append(Finding(file, raw.name, row + 1, h, WARNING,
                                        f"Kolom '{h}' is nieuw sinds het koppelprofiel en wordt niet gebruikt: koppel ze "
                                        "op de pagina Gegevens koppelen en bewaar het profiel opnieuw."))
        for h in fields:
            if h not in headers_here:
                findings.append(Finding(file, raw.name, row + 1, h, WARNING,
                                        f"Kolom '{h}' uit het koppelprofiel ontbreekt in dit bestand: is de vraag van het "
                                        "formulier veranderd? Kijk het na op de pagina Gegevens koppelen."))
        roles = [entry["role"]]
        split = entry["split_column"]
        if split and split in headers_here:
            roles = ["Deelnemers", "Vrijwilligers"]
        for role in roles:
            out.append(_mapped(raw, grid.copy(), row, headers_here, fields, answers, role, split))
    return out, findings


def _mapped(raw: RawSheet, grid: np.ndarray, row: int, headers: tuple[str, ...], fields: dict, answers: dict,
            role: str, split: str | None) -> MappedSheet:
    schema = suggest.ROLES[role]
    names = {c.name for c in schema.columns}
    aliases, ignored = {}, set()
    extra_headers, extra_columns = [], []
    hot: dict[str, list[tuple[int, str]]] = {}
    body = range(row + 1, len(grid))
    for c, header in enumerate(headers):
        field = fields.get(header) if header else None
        if not header:
            continue
        if field is None or (field.split("=", 1)[0] not in names and field != suggest.FULL_NAME):
            ignored.add(header)
            continue
        if "=" in field:
            target, item = field.split("=", 1)
            hot.setdefault(target, []).append((c, item))
            ignored.add(header)
        elif field == suggest.FULL_NAME:
            ignored.add(header)
            firsts, lasts = [], []
            for r in body:
                parts = str(grid[r, c]).split(None, 1) if not is_blank(grid[r, c]) else []
                firsts.append(parts[0] if parts else None)
                lasts.append(parts[1] if len(parts) > 1 else None)
            extra_headers += [f"Voornaam (uit '{header}')", f"Achternaam (uit '{header}')"]
            extra_columns += [firsts, lasts]
            aliases[extra_headers[-2]], aliases[extra_headers[-1]] = "first_name", "last_name"
        else:
            aliases[header] = field
            if field == "postcode":  # an address line: keep the postcode and the place
                for r in body:
                    if (found := suggest.address_postcode(grid[r, c])) is not None:
                        grid[r, c] = found
                continue
            mine = {raw: value for (h, raw), value in answers.items()
                    if h == header and value and suggest.folded(raw) != suggest.folded(value)}
            if not mine:
                continue
            seen: dict[object, object] = {}
            for r in body:  # closed-list answers as the profile says they read
                cell = grid[r, c]
                if is_blank(cell):
                    continue
                if cell not in seen:
                    text = str(cell).strip()
                    items = split_multi(cell)
                    seen[cell] = (mine[text] if text in mine else
                                  "; ".join(mine.get(i, i) for i in items) if any(i in mine for i in items) else cell)
                grid[r, c] = seen[cell]
    for target, items in hot.items():
        label = schema.column(target).header
        column = []
        for r in body:
            marked = [item for c, item in items if suggest.is_marked(grid[r, c])]
            column.append("; ".join(marked) if marked else None)
        extra_headers.append(f"{label} (uit {len(items)} aangekruiste kolommen)")
        extra_columns.append(column)
        aliases[extra_headers[-1]] = target
    if split:
        c = headers.index(split)
        for r in body:
            if suggest.role_word(grid[r, c]) != role:
                grid[r, :] = None  # the other role's rows: blank here, so row numbers stay exact
    filled = [r for r in body if not all(is_blank(v) for v in grid[r])]
    for h, col in zip(extra_headers, extra_columns, strict=True):
        grid = _append(grid, row, filled, h, dict(zip(body, col, strict=True)))
    notes = []
    where = {field: list(grid[row]).index(h) for h, field in aliases.items()}
    if "status" in names and "status" not in where and filled:
        status = "wachtend" if role == "Deelnemers" else "beschikbaar"
        grid = _append(grid, row, filled, "Status (niet in het bestand)", dict.fromkeys(filled, status))
        aliases["Status (niet in het bestand)"] = "status"
        notes.append(f"Tabblad '{raw.name}' heeft geen kolom Status: alle {len(filled)} "
                     f"{role.lower()} tellen als {status} (nieuwe aanmeldingen).")
    if "id" not in where and filled and "first_name" in where:
        ids = {r: _made_id(grid[r, where["first_name"]], grid[r, where["last_name"]] if "last_name" in where else None,
                           grid[r, where["birth_date"]] if "birth_date" in where else None) for r in filled}
        grid = _append(grid, row, filled, "ID (uit naam en geboortedatum)", ids)
        aliases["ID (uit naam en geboortedatum)"] = "id"
        notes.append(f"Tabblad '{raw.name}' heeft geen ID-kolom: elke persoon krijgt een ID uit naam en geboortedatum "
                     f"(bv. '{ids[filled[0]]}'). Een eigen ID-kolom is beter: namen veranderen soms.")
    return MappedSheet(role, RawSheet(raw.name, raw.visible, grid.tolist(), (), raw.formulas),
                       MappedColumns(row, aliases, frozenset(ignored)), tuple(notes))


def _append(grid: np.ndarray, row: int, filled: list[int], header: str, values: dict[int, object]) -> np.ndarray:
    """``grid`` with one more column: ``header`` in the header row, ``values`` on the rows that hold a person."""
    column = np.full((len(grid), 1), None, dtype=object)
    column[row, 0] = header
    for r in filled:
        column[r, 0] = values.get(r)
    return np.concatenate([grid, column], axis=1)


def _made_id(first: object, last: object, birth: object) -> str | None:
    """A readable ID for a list without one: ``An Peeters 03-05-1958``."""
    if is_blank(first):
        return None
    name = " ".join(str(v).strip() for v in (first, last) if not is_blank(v))
    day = parse_date(birth, birth=True)[0] if not is_blank(birth) else None
    return f"{name} {day:%d-%m-%Y}" if day is not None else name


__all__ = ["Mapping", "MappingError", "apply", "load_mapping", "propose_mapping", "resolve"]
