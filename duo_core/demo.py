"""A seeded generator of realistic demo workbooks for the five Flemish provinces.

People get Flemish names (Faker ``nl_BE``) and real postcodes, spread roughly like the population
(the larger cities weigh more). Participants span all ages and the target groups of Samana; volunteers
have a travel radius and a capacity; 3-5 contact coaches per province; about three years of duo history
(active duos, stopped duos with reasons, fresh proposals); and a waiting list where some have waited
over a year. With ``messy=True`` a small dose of the input problems the loader reports is mixed in, so
the data-quality page has something real to show. With ``intake=True`` (the default) each province also has
the intake stage: a few people who just signed up (status *aangemeld*, no conversation yet) and the sheet
*Intakevrijwilligers* with the intake volunteers who held the earlier conversations and how many a month each
wants to hold; they are added after everything else, so the other people stay exactly what they were.
The planned conversations live in the journal: :func:`duo_core.lifecycle.demo_journal.seed_demo_journal`.

Run ``python -m duo_core.demo data/demo`` to write the committed demo data again, or pass
``--participants 2000 --volunteers 1000`` for benchmark-sized workbooks.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np

from duo_core.demo_people import DEMO_AS_OF, PROVINCE_POPULATION, PersonGenerator, email_address
from duo_core.geo import haversine_km
from duo_core.output.template import write_workbook
from duo_core.schema import DUOS, INTAKE_VOLUNTEERS, PARTICIPANTS, PROVINCES, SIGNED_UP, VOLUNTEERS


def _row(sheet, cells: dict[str, Any]) -> list[Any]:
    return [cells.get(c.header, "") for c in sheet.columns]


def generate_province(
    province: str,
    *,
    participants: int,
    volunteers: int,
    coaches: int,
    seed: int,
    as_of: dt.date = DEMO_AS_OF,
    messy: bool = True,
    history: bool = True,
    effect: bool = True,
    intake: bool = True,
) -> dict[str, list[list[Any]]]:
    """Rows per sheet for one province (cells as typed).

    With ``effect`` the history holds a known effect for "Wat werkt?" (see :meth:`PersonGenerator.duration`):
    duos with more shared interests and a shorter distance stop less often with "klik niet goed".
    """
    g = PersonGenerator(province, seed, as_of, messy)
    ps = [g.participant(i + 1) for i in range(participants)]
    vs = [g.volunteer(i + 1) for i in range(volunteers)]
    coach_rows = []
    for i in range(coaches):
        gender = g.choice(("vrouw", "man"), p=(0.7, 0.3))
        first = g.fake.first_name_male() if gender == "man" else g.fake.first_name_female()
        last = g.fake.last_name()
        coach_rows.append(
            {
                "ID": f"C{i + 1:02d}",
                "Voornaam": first,
                "Achternaam": last,
                "E-mail": email_address(first, last, "samana.be"),
                "Telefoon": g.phone(),
                "Postcode": g.place()[0],
                "Gewenst aantal duo's": int(g.choice((10, 12, 15, 18, 20, 24))),
            }
        )

    start_window = as_of - dt.timedelta(days=3 * 365)
    duo_rows: list[dict[str, Any]] = []
    p_lat = np.array([p.lat for p in ps])
    p_lon = np.array([p.lon for p in ps])
    first_duo: dict[str, dt.date] = {}
    last_stop: dict[str, tuple[dt.date, str]] = {}
    n_duos = int(participants * 0.62) if history else 0
    starts = sorted(g.date_between(start_window, as_of) for _ in range(n_duos))
    open_duos: list[dict[str, Any]] = []
    reasons: dict[tuple[int, dt.date], str] = {}
    for start in starts:
        # close duos that ended before this start
        for d in list(open_duos):
            if d["_end"] is not None and d["_end"] <= start:
                open_duos.remove(d)
                d["_p"].busy = False
                d["_v"].open_duos -= 1
        free_vs = [v for v in vs if v.open_duos < v.capacity]
        if not free_vs:
            continue
        v = free_vs[int(g.rng.integers(len(free_vs)))]
        dist = haversine_km(v.lat, v.lon, p_lat, p_lon)
        near = [i for i in np.argsort(dist)[:40] if not ps[i].busy and dist[i] <= v.reach + 5]
        if not near:
            continue
        p = ps[int(near[int(g.rng.integers(min(len(near), 6)))])]
        age_days = (as_of - start).days
        lasts, reason = g.duration(p, v, effect)
        if age_days < 20 and lasts > age_days:
            status = g.choice(("voorstel", "kennismaking"))
            end = None
        elif lasts <= age_days:
            end, status = start + dt.timedelta(days=lasts), "gestopt"
        else:
            end, status = None, "actief"
        reasons[id(p), start] = reason
        d = {"_p": p, "_v": v, "_end": end, "start": start, "status": status}
        p.busy = True
        p.history += 1
        v.open_duos += 1
        v.history += 1
        first_duo.setdefault(p.ident, start)
        first_duo.setdefault(v.ident, start)
        open_duos.append(d)
        duo_rows.append(d)

    coach_running: dict[str, list] = {c["ID"]: [] for c in coach_rows}
    for n, d in enumerate(duo_rows, start=1):
        p, v, start, status, end = d["_p"], d["_v"], d["start"], d["status"], d["_end"]
        coach = g.coach(coach_rows, coach_running, start, end) if status != "voorstel" and coach_rows else ""
        cells: dict[str, Any] = {
            "Duo ID": f"DUO{n:04d}",
            "Deelnemer ID": p.ident,
            "Vrijwilliger ID": v.ident,
            "Contactcoach ID": coach,
            "Startdatum": g.date_cell(start),
            "Status": status,
        }
        if status == "gestopt":
            reason = reasons[id(p), start]
            cells.update({"Einddatum": g.date_cell(end), "Stopreden": reason})
            last_stop[p.ident] = (end, reason)
            if (end - start).days >= 14:
                cells["Laatste opvolging"] = g.date_between(start + dt.timedelta(days=14), end)
        elif status == "actief":
            last = g.date_between(max(start + dt.timedelta(days=14), as_of - dt.timedelta(days=120)), as_of)
            cells["Laatste opvolging"] = last
            cells["Volgende opvolging"] = last + dt.timedelta(days=int(g.choice((42, 56, 70, 90))))
        elif status == "kennismaking":
            cells["Volgende opvolging"] = start + dt.timedelta(days=14)
        duo_rows[n - 1] = cells

    open_by_p = {d["Deelnemer ID"]: d["Status"] for d in duo_rows if d["Status"] != "gestopt"}
    for p in ps:
        reg_floor = as_of - dt.timedelta(days=3 * 365 + 200)
        if p.ident in first_duo:
            registered = first_duo[p.ident] - dt.timedelta(days=int(g.rng.integers(20, 240)))
        else:
            # the waiting list: most recent, a long tail of people waiting over a year
            registered = as_of - dt.timedelta(days=int(min(g.rng.exponential(220), (as_of - reg_floor).days)))
        status = {"actief": "gekoppeld", "voorstel": "in kennismaking", "kennismaking": "in kennismaking"}.get(
            open_by_p.get(p.ident, ""), ""
        )
        if not status:
            stop = last_stop.get(p.ident)
            if stop and stop[1] in ("overleden", "gezondheid deelnemer", "verhuisd", "doel bereikt"):
                status = "gestopt"
            else:
                status = g.choice(("wachtend", "on hold", "gestopt"), p=(0.86, 0.07, 0.07))
        p.cells["Aanmelddatum"] = g.date_cell(registered)
        p.cells["Status"] = status
        if status == "wachtend" and g.rng.random() < 0.55:
            p.cells["Laatst bevestigd"] = g.date_between(max(registered, as_of - dt.timedelta(days=200)), as_of)
    for v in vs:
        start = first_duo.get(v.ident, g.date_between(start_window, as_of))
        start = start - dt.timedelta(days=int(g.rng.integers(14, 120)))
        v.cells["Startdatum"] = g.date_cell(start)
        v.cells["Screening"] = start - dt.timedelta(days=int(g.rng.integers(3, 30)))
        if v.open_duos > 0:
            v.cells["Status"] = "gekoppeld"
        else:
            v.cells["Status"] = g.choice(("beschikbaar", "pauze", "gestopt"), p=(0.84, 0.08, 0.08))

    rows = {
        PARTICIPANTS.name: [_row(PARTICIPANTS, p.cells) for p in ps],
        VOLUNTEERS.name: [_row(VOLUNTEERS, v.cells) for v in vs],
        DUOS.name: [_row(DUOS, d) for d in duo_rows],
        "Contactcoaches": [
            [c["ID"], c["Voornaam"], c["Achternaam"], c["E-mail"], c["Telefoon"], c["Postcode"], c["Gewenst aantal duo's"]]
            for c in coach_rows
        ],
    }
    if messy:
        _add_mess(g, rows)
    if intake:
        _add_intake_stage(g, rows, participants, seed)
    return rows


def _add_intake_stage(g: PersonGenerator, rows: dict[str, list[list[Any]]], participants: int, seed: int) -> None:
    """Sign-ups waiting for their kennismakingsgesprek, and the intake volunteers (sheet Intakevrijwilligers).

    Drawn last (and the numbers from a stream of their own), so every other row stays what it was.
    """
    extra = np.random.default_rng([seed, 3])
    for n in range(participants + 1, participants + 3 + participants // 25):
        p = g.participant(n)
        registered = g.as_of - dt.timedelta(days=int(extra.integers(1, 50)))
        # the kennismakingsformulier asks who they are and what they like; the rest comes in the conversation
        for header in ("Intake door", "Notities", "Zorgnood", "Voorkeur leeftijd vrijwilliger", "Verplaatsing"):
            p.cells[header] = ""
        p.cells.update({"Aanmelddatum": registered, "Status": SIGNED_UP})
        rows[PARTICIPANTS.name].append(_row(PARTICIPANTS, p.cells))
    for i, name in enumerate(g.intakers, start=1):
        first, _, last = name.partition(" ")
        rows[INTAKE_VOLUNTEERS.name] = [*rows.get(INTAKE_VOLUNTEERS.name, []), _row(INTAKE_VOLUNTEERS, {
            "ID": f"I{i:02d}", "Voornaam": first, "Achternaam": last,
            "E-mail": email_address(first, last, "samana.be"),
            "Telefoon": f"04{int(extra.integers(70, 100))} {int(extra.integers(10, 100))} "
                        f"{int(extra.integers(10, 100))} {int(extra.integers(10, 100))}",
            "Gesprekken per maand": int(extra.choice((2, 3, 4, 6))),
        })]


def _add_mess(g: PersonGenerator, rows: dict[str, list[list[Any]]]) -> None:
    """A small dose of the problems people make when typing: each one a finding in the app."""
    p_rows, v_rows, d_rows = rows[PARTICIPANTS.name], rows[VOLUNTEERS.name], rows[DUOS.name]
    col = {sheet.name: {c.header: i for i, c in enumerate(sheet.columns)} for sheet in (PARTICIPANTS, VOLUNTEERS, DUOS)}
    pc, vc, dc = col[PARTICIPANTS.name], col[VOLUNTEERS.name], col[DUOS.name]

    def pick(table: list[list[Any]]) -> list[Any]:
        return table[int(g.rng.integers(len(table)))]

    kind = g.rng.permutation(8)[:4]
    for k in kind:
        if k == 0:  # a row without ID
            pick(p_rows)[pc["ID"]] = ""
        elif k == 1:  # a duplicate ID
            pick(v_rows)[vc["ID"]] = v_rows[0][vc["ID"]]
        elif k == 2:  # a postcode that does not exist
            pick(p_rows)[pc["Postcode"]] = g.choice(("2999", "9999", "3999"))
        elif k == 3:  # a date that does not exist
            pick(p_rows)[pc["Geboortedatum"]] = "31/02/1961"
        elif k == 4:  # a value outside the list
            pick(v_rows)[vc["Geslacht"]] = "onbekend"
        elif k == 5:  # a birth date in the future
            pick(v_rows)[vc["Geboortedatum"]] = dt.date(g.as_of.year + 1, 3, 14)
        elif k == 6 and d_rows:  # a duo pointing at a volunteer that is not in the sheet
            pick(d_rows)[dc["Vrijwilliger ID"]] = "V9999"
        else:  # an e-mail address without @
            row = pick(p_rows)
            row[pc["E-mail"]] = str(row[pc["E-mail"]]).replace("@", " at ")


def province_sizes(scale: float = 1.0) -> dict[str, tuple[int, int, int]]:
    """Demo sizes per province: (participants, volunteers, coaches), proportional to population."""
    sizes = {}
    for province, pop in PROVINCE_POPULATION.items():
        participants = round(110 * pop * scale)
        volunteers = round(participants * 0.52)
        coaches = 3 if pop < 1.0 else 4 if pop < 1.5 else 5
        sizes[province] = (participants, volunteers, coaches)
    return sizes


def generate_demo(
    folder: str | Path,
    *,
    seed: int = 2026,
    scale: float = 1.0,
    participants: int | None = None,
    volunteers: int | None = None,
    as_of: dt.date = DEMO_AS_OF,
    messy: bool = True,
    provinces: tuple[str, ...] = PROVINCES,
    effect: bool = True,
) -> list[Path]:
    """Write one workbook per province into ``folder``; return their paths.

    Parameters
    ----------
    folder
        Where to write ``<Provincie>.xlsx``.
    seed
        The random seed: the same seed gives the same workbooks.
    scale
        Multiplies the demo sizes (ignored for a side given explicitly).
    participants, volunteers
        Exact numbers per province (for benchmarks), instead of the population-based demo sizes.
    as_of
        The "today" of the generated history.
    messy
        Mix in a few typing problems (see :func:`_add_mess`).
    provinces
        Which provinces to write.
    effect
        Plant the known effect on how long duos last (see :func:`generate_province`).
    """
    paths = []
    sizes = province_sizes(scale)
    for i, province in enumerate(provinces):
        n_p, n_v, n_c = sizes[province]
        rows = generate_province(
            province,
            participants=participants or n_p,
            volunteers=volunteers or n_v,
            coaches=n_c,
            seed=seed * 100 + i,
            as_of=as_of,
            messy=messy,
            effect=effect,
        )
        paths.append(write_workbook(Path(folder) / f"{province}.xlsx", province, rows))
    return paths


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m duo_core.demo FOLDER [--seed N] [--participants N --volunteers N]``."""
    parser = argparse.ArgumentParser(description="Schrijf demo-werkboeken per provincie.")
    parser.add_argument("folder")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--participants", type=int)
    parser.add_argument("--volunteers", type=int)
    parser.add_argument("--clean", action="store_true", help="zonder ingebouwde fouten")
    args = parser.parse_args(argv)
    for path in generate_demo(
        args.folder,
        seed=args.seed,
        scale=args.scale,
        participants=args.participants,
        volunteers=args.volunteers,
        messy=not args.clean,
    ):
        print(path)


if __name__ == "__main__":
    main()
