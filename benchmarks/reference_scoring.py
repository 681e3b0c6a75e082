"""A plain per-pair Python reference of the matching model, written from the rules, not from the kernel.

It reads the DataFrame rows directly (no bit sets, no numpy broadcasting) so that tests can check the
vectorised ranking against an independent implementation, and ``bench_scoring.py`` can show the speed-up.
"""

from __future__ import annotations

import math

import pandas as pd

from duo_core.dataset import OPEN_DUO_STATUSES, Dataset
from duo_core.matching.weights import Weights

SCALE_KM = 25.0
MISSING = {"proximity": 0.5, "interests": 0.3, "availability": 0.5, "personality": 0.5, "age": 0.5, "waiting": 0.0}


def _known(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x)) and x is not pd.NA and x is not pd.NaT


def _yes(x) -> bool:
    return _known(x) and bool(x)


def _km(p, v) -> float:
    if not (_known(p["lat"]) and _known(v["lat"])):
        return float("nan")
    lat1, lon1, lat2, lon2 = map(math.radians, (p["lat"], p["lon"], v["lat"], v["lon"]))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(max(a, 0.0), 1.0)))


def _age(row, as_of) -> float:
    born = row["birth_date"]
    if not _known(born):
        return float("nan")
    born = pd.Timestamp(born)
    return float(as_of.year - born.year - ((as_of.month, as_of.day) < (born.month, born.day)))  # completed years


def _outside(lo, hi, age) -> bool:
    if not (_known(lo) and _known(age)):
        return False
    years = math.floor(age)
    return years < lo or years > hi


def pair_rules(ds: Dataset, p: pd.Series, v: pd.Series, open_duos: int, history: set,
               reserved: set = frozenset(), active: set = frozenset()) -> list[str]:
    """Names of the rules that exclude pair (p, v).

    ``reserved`` holds the keys of people in an open proposal, ``active`` the participants in an active duo.
    """
    as_of = ds.as_of
    d = _km(p, v)
    phone_only = p["contact_form"] == "telefonisch" and v["contact_form"] == "telefonisch"
    out = []
    if (_known(p["status"]) and p["status"] != "wachtend") or p["key"] in active:
        out.append("waiting")
    if _known(v["status"]) and v["status"] not in ("beschikbaar", "gekoppeld"):
        out.append("status")
    cap = 1 if not _known(v["max_duos"]) else int(v["max_duos"])
    if open_duos >= cap:
        out.append("capacity")
    if p["key"] in reserved or v["key"] in reserved:
        out.append("reserved")
    if _known(d) and _known(v["max_distance_km"]) and d > v["max_distance_km"] and not phone_only:
        out.append("distance")
    if p["pref_gender"] in ("man", "vrouw") and v["gender"] in ("man", "vrouw", "x") and v["gender"] != p["pref_gender"]:
        out.append("participant_gender")
    if v["pref_gender"] in ("man", "vrouw") and p["gender"] in ("man", "vrouw", "x") and p["gender"] != v["pref_gender"]:
        out.append("volunteer_gender")
    if _outside(p["pref_age_min"], p["pref_age_max"], _age(v, as_of)):
        out.append("participant_age")
    if _outside(v["pref_age_min"], v["pref_age_max"], _age(p, as_of)):
        out.append("volunteer_age")
    if (_yes(p["smokes"]) and _yes(v["smoke_bothers"])) or (_yes(v["smokes"]) and _yes(p["smoke_bothers"])):
        out.append("smoking")
    if (_yes(p["pets"]) and _yes(v["pets_bother"])) or (_yes(v["pets"]) and _yes(p["pets_bother"])):
        out.append("pets")
    if p["languages"] and v["languages"] and not (p["languages"] & v["languages"]):
        out.append("language")
    if {p["contact_form"], v["contact_form"]} == {"fysiek", "telefonisch"}:
        out.append("contact_form")
    if p["availability"] and v["availability"] and not (p["availability"] & v["availability"]):
        out.append("availability")
    if v["target_groups"] and _known(p["target_group"]) and p["target_group"] not in v["target_groups"]:
        out.append("target_group")
    if (p["key"], v["key"]) in history:
        out.append("history")
    return out


def pair_points(ds: Dataset, p: pd.Series, v: pd.Series, weights: Weights) -> dict[str, float]:
    """Points per criterion of pair (p, v)."""
    d = _km(p, v)
    phone_only = p["contact_form"] == "telefonisch" and v["contact_form"] == "telefonisch"
    values: dict[str, float | None] = {}
    if phone_only:
        values["proximity"] = 1.0
    elif _known(d):
        values["proximity"] = min(max(1 - d / SCALE_KM, 0.0), 1.0)
    else:
        values["proximity"] = None
    for name, cap in (("interests", 3), ("personality", 2)):
        values[name] = min(len(p[name] & v[name]), cap) / cap if p[name] and v[name] else None
    av = (p["availability"], v["availability"])
    values["availability"] = min(len(av[0] & av[1]), 3) / 3 if av[0] and av[1] else None
    pa, va = _age(p, ds.as_of), _age(v, ds.as_of)
    values["age"] = 1 - min(abs(pa - va), 40) / 40 if _known(pa) and _known(va) else None
    reg = p["registered_on"]
    values["waiting"] = min(max((pd.Timestamp(ds.as_of) - reg).days / 365, 0.0), 1.0) if _known(reg) else None
    return {
        name: (MISSING[name] if value is None else value) * weights.share(name) for name, value in values.items()
    }


def reference_rank_volunteers(ds: Dataset, participant_key: str, weights: Weights | None = None) -> pd.DataFrame:
    """Eligible volunteers of the participant's province, scored pair by pair, best first."""
    weights = weights or Weights()
    p = ds.participants.set_index("key", drop=False).loc[participant_key]
    open_counts = ds.duos[ds.duos["status"].isin(OPEN_DUO_STATUSES)].groupby("volunteer_key").size().to_dict()
    history = set(zip(ds.duos["participant_key"], ds.duos["volunteer_key"], strict=True))
    held = ds.duos[ds.duos["status"].isin(("voorstel", "kennismaking"))]
    reserved = set(held["participant_key"]) | set(held["volunteer_key"])
    active = set(ds.duos.loc[ds.duos["status"] == "actief", "participant_key"])
    rows = []
    for _, v in ds.volunteers[ds.volunteers["province"] == p["province"]].iterrows():
        if pair_rules(ds, p, v, open_counts.get(v["key"], 0), history, reserved, active):
            continue
        points = pair_points(ds, p, v, weights)
        rows.append({"key": v["key"], "score": sum(points.values()), "distance_km": _km(p, v)})
    frame = pd.DataFrame(rows, columns=["key", "score", "distance_km"])
    frame["_d"] = frame["distance_km"].fillna(float("inf"))
    frame = frame.sort_values(["score", "_d", "key"], ascending=[False, True, True], kind="stable")
    return frame.drop(columns="_d").reset_index(drop=True)
