"""Reading a workbook through a koppelprofiel: each sheet made readable as the template would be.

:func:`apply` finds, per sheet, the profile entry whose headers it has (the same file and sheet, or next
month's export of the same form), and makes a grid ``parse_sheet`` reads like a template sheet: answers
of closed lists as the profile says, one name column split in two, one-hot columns folded into one
field, address lines cut to postcode and place, the rows of the other role blanked in a sheet that holds
both (so Excel row numbers stay exact), and a status and an ID where the sheet has none. A header that is
new, or gone, is a finding that points to the page Gegevens koppelen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from duo_core.findings import WARNING, Finding
from duo_core.headers import normalise_label
from duo_core.importing import answers as answers_of
from duo_core.importing import clues
from duo_core.importing.assistant import field_label
from duo_core.importing.mapping import Mapping, sheet_roles
from duo_core.reading.dates import parse_date
from duo_core.reading.guarded import RawSheet
from duo_core.reading.sheets import HEADER_ROWS, SUMMARY_WORDS, MappedColumns, as_grid
from duo_core.reading.values import is_blank, parser_for, split_multi
from duo_core.schema import SIGNED_UP


@dataclass(frozen=True)
class MappedSheet:
    """One source sheet made readable for one role: a grid, the header row, header -> field, and what to skip."""

    role: str
    raw: RawSheet
    columns: MappedColumns
    notes: tuple[str, ...] = ()
    grid: np.ndarray | None = None
    #: Per column the app made (a folded group of ticked columns, a name split in two) the column of the
    #: workbook it stands for, so that a finding names what the user sees (``None``: no column, e.g. a status).
    origins: dict[str, str | None] = field(default_factory=dict)
    #: Findings on single cells of ticked columns, named by the column that held them.
    findings: tuple[Finding, ...] = ()


def apply(file: str, sheets: tuple[RawSheet, ...], mapping: Mapping) -> tuple[list[MappedSheet], list[Finding]]:
    """The sheets of one workbook as the mapping reads them, and findings on a form that changed."""
    out, findings = [], []
    for raw in sheets:
        grid = as_grid(raw)
        if grid.size == 0:
            continue
        part, row, headers_here, best = None, 0, (), 0.0
        for r in range(min(len(grid), HEADER_ROWS)):
            hs, end = clues.headers_at(grid, r, below=False)
            found, score = mapping.entry(file, raw.name, hs)
            if found is not None and score > best:
                part, row, headers_here, best = found, end, hs, score
            if best >= 1.9:  # its own sheet with (nearly) the same headers: look no further
                break
        if part is None or not part["entry"]["role"]:
            continue
        if tuple(grid[row]) != headers_here:  # two header rows: the combined headers on the lower one
            grid = grid.copy()
            grid[row] = np.array(headers_here, dtype=object)
        entry, fields, answers = part["entry"], part["fields"], part["answers"]
        for h in headers_here:
            if h in part["asked"]:
                findings.append(Finding(file, raw.name, row + 1, h, WARNING,
                                        f"Kolom '{h}' wacht op je antwoord en wordt nog niet ingelezen (voorstel: "
                                        f"{_label(part['asked'][h], entry)}, maar niet zeker genoeg): kies het veld of "
                                        "'niet gebruiken' op de pagina Gegevens koppelen."))
            elif h and h not in fields:
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
            out.append(_mapped(file, raw, grid.copy(), row, headers_here, fields, answers, role, split))
    return out, findings


def _label(field: str, entry: dict) -> str:
    """The Dutch label of a suggested field, as the page shows it."""
    return field_label(field, sheet_roles(entry["role"], entry["split_column"]))


def _mapped(file: str, raw: RawSheet, grid: np.ndarray, row: int, headers: tuple[str, ...], fields: dict,
            answers: dict, role: str, split: str | None) -> MappedSheet:
    schema = clues.ROLES[role]
    names = {c.name for c in schema.columns}
    aliases, ignored, origins, cell_findings = {}, set(), {}, []
    extra_headers, extra_columns = [], []
    hot: dict[str, list[tuple[int, str]]] = {}
    body = range(row + 1, len(grid))
    if split:
        c = headers.index(split)
        for r in body:
            if clues.role_word(grid[r, c]) != role:
                grid[r, :] = None  # the other role's rows: blank here, so row numbers stay exact
    for c, header in enumerate(headers):
        field = fields.get(header) if header else None
        if not header:
            continue
        if field is None or (field.split("=", 1)[0] not in names and field != clues.FULL_NAME):
            ignored.add(header)
            continue
        if "=" in field:
            target, item = field.split("=", 1)
            hot.setdefault(target, []).append((c, item))
            ignored.add(header)
        elif field == clues.FULL_NAME:
            ignored.add(header)
            firsts, lasts = [], []
            for r in body:
                parts = str(grid[r, c]).split(None, 1) if not is_blank(grid[r, c]) else []
                firsts.append(parts[0] if parts else None)
                lasts.append(parts[1] if len(parts) > 1 else None)
            extra_headers += [f"Voornaam (uit '{header}')", f"Achternaam (uit '{header}')"]
            extra_columns += [firsts, lasts]
            origins.update(dict.fromkeys(extra_headers[-2:], header))
            aliases[extra_headers[-2]], aliases[extra_headers[-1]] = "first_name", "last_name"
        else:
            aliases[header] = field
            if field == "postcode":  # an address line: keep the postcode and the place
                for r in body:
                    if (found := clues.address_postcode(grid[r, c])) is not None:
                        grid[r, c] = found
                continue
            mine = {raw: value for (h, raw), value in answers.items()
                    if h == header and value and clues.folded(raw) != clues.folded(value)}
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
        parse = parser_for(schema.column(target))
        column = []
        read: list[dict] = [{} for _ in items]  # per column: each distinct cell read once
        wrong = {c: None if " " not in item and target == "availability" else parse(item)[1] for c, item in items}
        for r in body:
            marked = []
            for (c, item), seen in zip(items, read, strict=True):
                cell = grid[r, c]
                if is_blank(cell):
                    continue
                if cell not in seen:
                    seen[cell] = _ticked(cell, item, target)
                got, problem = seen[cell]
                if got and wrong[c]:  # the option itself is no value of the field: said on each ticked row
                    got, problem = [], f"Optie '{item}' van deze kolom wordt niet ingelezen: {wrong[c]}"
                if problem:
                    cell_findings.append(Finding(file, raw.name, r + 1, headers[c], WARNING, problem))
                marked += got
            column.append("; ".join(marked) if marked else None)
        extra_headers.append(f"{label} (uit {len(items)} aangekruiste kolommen)")
        extra_columns.append(column)
        aliases[extra_headers[-1]] = target
        origins[extra_headers[-1]] = headers[items[0][0]]  # the group's first column, as the workbook has it
    filled = _filled_rows(grid, row)
    for h, col in zip(extra_headers, extra_columns, strict=True):
        grid = _append(grid, row, filled, h, dict(zip(body, col, strict=True)))
    notes = []
    where = {field: list(grid[row]).index(h) for h, field in aliases.items()}
    if "status" in names and "status" not in where and filled:
        # a form export's participants are sign-ups: matched after their kennismakingsgesprek
        status = SIGNED_UP if role == "Deelnemers" else "beschikbaar"
        grid = _append(grid, row, filled, "Status (niet in het bestand)", dict.fromkeys(filled, status))
        aliases["Status (niet in het bestand)"] = "status"
        origins["Status (niet in het bestand)"] = None
        people = sum(1 for r in filled if not _summary(grid[r]))  # a "Totaal" row is skipped when read
        notes.append(f"Tabblad '{raw.name}' heeft geen kolom Status: alle {people} "
                     f"{role.lower()} tellen als {status} (nieuwe aanmeldingen)"
                     + (": na het kennismakingsgesprek zoekt Match zoeken een vrijwilliger." if status == SIGNED_UP
                        else "."))
    if "id" not in where and filled and "first_name" in where:
        ids = {r: _made_id(grid[r, where["first_name"]], grid[r, where["last_name"]] if "last_name" in where else None,
                           grid[r, where["birth_date"]] if "birth_date" in where else None) for r in filled}
        grid = _append(grid, row, filled, "ID (uit naam en geboortedatum)", ids)
        aliases["ID (uit naam en geboortedatum)"] = "id"
        origins["ID (uit naam en geboortedatum)"] = origins.get(grid[row, where["first_name"]],
                                                                grid[row, where["first_name"]])
        notes.append(f"Tabblad '{raw.name}' heeft geen ID-kolom: elke persoon krijgt een ID uit naam en geboortedatum "
                     f"(bv. '{ids[filled[0]]}'). Een eigen ID-kolom is beter: namen veranderen soms.")
    return MappedSheet(role, RawSheet(raw.name, raw.visible, (), raw.merged, raw.formulas),
                       MappedColumns(row, aliases, frozenset(ignored)), tuple(notes), grid, origins,
                       tuple(cell_findings))


def _ticked(cell: object, item: str, target: str) -> tuple[list[str], str | None]:
    """What one cell of a ticked column adds, and what of it cannot be read (a Dutch sentence) or ``None``.

    A ticked cell adds its item; a cell of a grid column per day adds the day's day-parts.
    """
    if clues.is_marked(cell, item):
        return [item], None
    shown = " ".join(str(cell).split())[:60]
    if target == "availability" and " " not in item:  # a grid column of one day holds day-parts
        parts = split_multi(cell)
        known = [answers_of.day_part(p) for p in parts]
        bad = [p for p, k in zip(parts, known, strict=True) if k is None]
        got = [f"{item} {k}" for k in dict.fromkeys(k for k in known if k)]
        if not bad:
            return got, None
        return got, (f"'{shown}': {', '.join(repr(b) for b in bad)} is geen dagdeel en wordt niet ingelezen"
                     + (", de andere dagdelen wel" if got else "")
                     + ". Schrijf voormiddag, namiddag of avond.")
    if clues.mark_word(cell) in answers_of.NEGATIVES:
        return [], None
    return [], (f"'{shown}' is geen kruisje: '{item}' telt niet als aangekruist. Zet een x als het wel zo is, "
                "of maak de cel leeg.")


def _summary(cells: np.ndarray) -> bool:
    """Whether a row starts with a summary word ("Totaal"): the reader skips it, it is nobody."""
    first = next((v for v in cells if not is_blank(v)), None)
    return isinstance(first, str) and normalise_label(first) in SUMMARY_WORDS


def _filled_rows(grid: np.ndarray, row: int) -> list[int]:
    """The rows below the header that hold anything (a vectorised first look, then the exact test)."""
    body = grid[row + 1:]
    if not body.size:
        return []
    maybe = np.flatnonzero(~((body == None) | (body == "")).all(axis=1)) + row + 1  # noqa: E711  (elementwise)
    return [int(r) for r in maybe if any(not is_blank(v) for v in grid[r])]


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


__all__ = ["MappedSheet", "apply"]
