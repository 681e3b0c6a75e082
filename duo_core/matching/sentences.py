"""Dutch sentences for one pair: why a rule excludes it, and what each criterion contributed.

Sentences are built for the pairs a person looks at (an explanation, the excluded candidates shown),
never inside the vectorised kernel.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from duo_core.formatting import number
from duo_core.matching.arrays import MatchArrays
from duo_core.schema import SIGNED_UP, SLOTS


def _fmt_km(d: float) -> str:
    """Kilometres as a Fleming writes them: whole from 10 km or when whole, else one decimal with a comma."""
    if d >= 10 or float(d).is_integer():
        return f"{d:.0f}"
    return f"{d:.1f}".replace(".", ",")


#: "0" ... "999": whole kilometres written by lookup rather than one conversion per value.
_WHOLE_TEXTS = np.array([str(i) for i in range(1000)], dtype=object)


def _whole_texts(x: np.ndarray) -> np.ndarray:
    """Whole numbers (floats holding integers) as text, an object array; beyond the table by conversion."""
    ints = x.astype(np.int64)
    if len(ints) and ints.min() >= 0 and ints.max() < len(_WHOLE_TEXTS):
        return _WHOLE_TEXTS[ints]
    return ints.astype(str).astype(object)


def _decimal_texts(x: np.ndarray, digits: int) -> list[str]:
    return [t.replace(".", ",") for t in np.char.mod(f"%.{digits}f", x).tolist()]


def km_texts(distance, limit) -> tuple[list[str], list[str]]:
    """A distance and a limit as shown side by side (vectorised), in Flemish notation.

    The distance as :func:`_fmt_km` writes it (whole from 10 km, else one decimal), the limit as typed
    (``12,5``); where rounding would make the distance look equal to the limit (10,04 km against 10 km)
    the distance gets the decimals that show the difference, never "10 km against 10 km".
    """
    d = np.asarray(distance, dtype=float).reshape(-1)
    m = np.broadcast_to(np.asarray(limit, dtype=float), d.shape)
    whole = (d >= 10) | (d == np.floor(d))
    near = _whole_texts(np.rint(d))
    if (~whole).any():
        near[~whole] = _decimal_texts(d[~whole], 1)
    m_whole = m == np.floor(m)
    far = _whole_texts(np.where(m_whole, m, 0))
    if (~m_whole).any():
        far[~m_whole] = [f"{x:g}".replace(".", ",") for x in m[~m_whole]]
    shown = np.where(whole, np.rint(d), np.round(d, 1))
    for i in np.flatnonzero(shown == m):  # rare: a distance just beyond the limit
        for digits in (1, 2, 3):
            near[i] = f"{d[i]:.{digits}f}".replace(".", ",")
            if round(d[i], digits) != m[i]:
                break
    return near.tolist(), far.tolist()


#: The sentence of the intake rule: a person who signed up is matched only after the kennismakingsgesprek.
NO_INTAKE_SENTENCE = "Deelnemer is aangemeld maar had nog geen kennismakingsgesprek: eerst het gesprek, dan de match."


def status_sentence(status: object) -> str:
    """The sentence of the status rule: the volunteer's status (blank: "onbekend")."""
    return f"Vrijwilliger is niet beschikbaar (status: {status or 'onbekend'})."


def capacity_sentence(open_duos: int, capacity: int) -> str:
    """The sentence of the capacity rule: how many duos the volunteer has, against their maximum."""
    return f"Vrijwilliger heeft al {open_duos} duo{'' if open_duos == 1 else 's'} (max. {capacity})."


def distance_sentence(distance: str, limit: str) -> str:
    """The sentence of the distance rule, from the two shown values (see :func:`km_texts`)."""
    return f"Woont {distance} km verder; vrijwilliger gaat max. {limit} km."


def age_range_text(lo: float, hi: float) -> str:
    """``(30, 60)`` -> ``"30-60 jaar"``; open ends in words."""
    if hi >= 120:
        return f"{int(lo)} jaar of ouder"
    if lo <= 0:
        return f"tot {int(hi)} jaar"
    return f"{int(lo)}-{int(hi)} jaar"


def _gender_adj(code: str) -> str:
    return {"vrouw": "vrouwelijke", "man": "mannelijke"}.get(code, code)


def _contact_text(form: str) -> str:
    return {"fysiek": "fysiek", "telefonisch": "telefonisch"}.get(form, form)


def _list(items) -> str:
    items = list(items)
    return ", ".join(items) if items else "geen"


def _yes(value) -> bool:
    """A nullable yes/no cell as a plain bool (unknown counts as no)."""
    return value is not None and not pd.isna(value) and bool(value)


def _date(value) -> str:
    return "onbekende datum" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%d/%m/%Y")


def rule_sentence(
    name: str, p: pd.Series, v: pd.Series, distance: float, A: MatchArrays, open_duos: int, age_p: float, age_v: float
) -> str:
    """The sentence that names rule ``name`` and the values that trigger it, for pair (p, v)."""
    if name == "waiting":
        return not_waiting_sentence(p, A)
    if name == "intake":
        return NO_INTAKE_SENTENCE
    if name == "status":
        return status_sentence(v["status"])
    if name == "capacity":
        return capacity_sentence(open_duos, 1 if pd.isna(v["max_duos"]) else int(v["max_duos"]))
    if name == "reserved":
        return _reserved_sentence(p, v, A)
    if name == "distance":
        (near,), (far,) = km_texts(distance, v["max_distance_km"])
        return distance_sentence(near, far)
    if name == "participant_gender":
        return f"Deelnemer wil een {_gender_adj(p['pref_gender'])} vrijwilliger."
    if name == "volunteer_gender":
        return f"Vrijwilliger wil een {_gender_adj(v['pref_gender'])} deelnemer."
    if name == "participant_age":
        rng = age_range_text(p["pref_age_min"], p["pref_age_max"])
        return f"Deelnemer wil een vrijwilliger van {rng}; vrijwilliger is {int(age_v)} jaar."
    if name == "volunteer_age":
        rng = age_range_text(v["pref_age_min"], v["pref_age_max"])
        return f"Vrijwilliger wil een deelnemer van {rng}; deelnemer is {int(age_p)} jaar."
    if name == "smoking":
        if _yes(p["smokes"]) and _yes(v["smoke_bothers"]):
            return "Deelnemer rookt en vrijwilliger vindt roken storend."
        return "Vrijwilliger rookt en deelnemer vindt roken storend."
    if name == "pets":
        if _yes(p["pets"]) and _yes(v["pets_bother"]):
            return "Deelnemer heeft huisdieren en vrijwilliger vindt huisdieren storend."
        return "Vrijwilliger heeft huisdieren en deelnemer vindt huisdieren storend."
    if name == "language":
        return (
            f"Geen gemeenschappelijke taal (deelnemer: {_list(sorted(p['languages']))}; "
            f"vrijwilliger: {_list(sorted(v['languages']))})."
        )
    if name == "contact_form":
        return (
            f"Deelnemer wil enkel {_contact_text(p['contact_form'])} contact, "
            f"vrijwilliger enkel {_contact_text(v['contact_form'])}."
        )
    if name == "availability":
        return "Geen gemeenschappelijk moment."
    if name == "target_group":
        return (
            f"Vrijwilliger ondersteunt doelgroep '{p['target_group']}' niet "
            f"(wel: {_list(sorted(v['target_groups']))})."
        )
    if name == "history":
        i, j = A.participant_pos[p["key"]], A.volunteer_pos[v["key"]]
        status, end, reason = A.history[(i, j)]
        if status == "gestopt":
            return f"Waren al een duo (gestopt op {_date(end)}: {reason or 'geen reden opgegeven'})."
        return f"Vormen al een duo (status: {status})."
    raise KeyError(name)


def not_waiting_sentence(p: pd.Series, A: MatchArrays) -> str:
    """Why a participant is not on the waiting list: their status, or the duo that already holds them."""
    status = p["status"]
    if status == SIGNED_UP:
        return NO_INTAKE_SENTENCE
    if isinstance(status, str) and status != "wachtend":
        return f"Deelnemer wacht niet (status: {status})."
    duo = A.running_duo.get(p["key"])
    if duo:
        return f"Deelnemer zit al in een lopend duo ({duo.split('/', 1)[-1]})."
    return "Deelnemer zit al in een lopend duo in een andere provincie."


def reservation_sentence(who: str, key: str, A: MatchArrays, pair: tuple[str, str] = ("", "")) -> str | None:
    """What holds a person (``who``: ``Deelnemer``/``Vrijwilliger``), or ``None`` when nothing does.

    The proposal or introduction, to whom, when and by whom; for ``pair`` itself: "Dit duo is al voorgesteld".
    """
    r = A.reservations.get(key)
    if r is None:
        return None
    if r.elsewhere:
        return f"{who} is al voorgesteld aan iemand in een andere provincie."
    by = f" door {r.by}" if isinstance(r.by, str) and r.by else ""
    phase = "" if r.status == "voorstel" else " (kennismaking loopt)"
    if r.other_key in pair:
        return f"Dit duo is al voorgesteld op {_date(r.on)}{by}{phase}."
    other_side, other_pos = (A.volunteers, A.volunteer_pos) if who == "Deelnemer" else (A.participants, A.participant_pos)
    i = other_pos.get(r.other_key)
    name = other_side.name[i] if i is not None else ""
    other = f"{name} ({r.other_key})" if name else r.other_key
    return f"{who} is al voorgesteld aan {other} op {_date(r.on)}{by}{phase}."


def _reserved_sentence(p: pd.Series, v: pd.Series, A: MatchArrays) -> str:
    pair = (p["key"], v["key"])
    parts = []
    for who, key in (("Deelnemer", p["key"]), ("Vrijwilliger", v["key"])):
        sentence = reservation_sentence(who, key, A, pair)
        if sentence and sentence.startswith("Dit duo"):
            return sentence
        if sentence:
            parts.append(sentence)
    return " ".join(parts)


def slot_text(slots) -> str:
    """Slots in week order, e.g. ``"dinsdag namiddag, donderdag voormiddag"``."""
    return ", ".join(s for s in SLOTS if s in slots)


def criterion_sentence(name: str, p: pd.Series, v: pd.Series, distance: float, missing: bool, p_age: float,
                       v_age: float, waiting_days: float, phone_only: bool) -> str:
    """The sentence for criterion ``name`` of pair (p, v)."""
    if name == "proximity":
        if phone_only:
            return "Beiden willen enkel telefonisch contact: afstand speelt geen rol."
        if missing:
            return "Afstand onbekend: een postcode ontbreekt of bestaat niet."
        if distance < 0.05:
            return "Woont in dezelfde gemeente (0 km)."
        return f"Woont {_fmt_km(distance)} km verder."
    if name == "interests":
        if missing:
            return "Interesses onbekend bij een van beiden."
        shared = sorted(p["interests"] & v["interests"])
        if not shared:
            return "Geen gedeelde interesses."
        word = "gedeelde interesse" if len(shared) == 1 else "gedeelde interesses"
        return f"{len(shared)} {word}: {', '.join(shared)}."
    if name == "availability":
        if missing:
            return "Beschikbaarheid onbekend bij een van beiden."
        common = p["availability"] & v["availability"]
        if not common:
            return "Geen gemeenschappelijk moment."
        return f"Beiden vrij op {slot_text(common)}."
    if name == "personality":
        if missing:
            return "Persoonlijkheid onbekend bij een van beiden."
        shared = sorted(p["personality"] & v["personality"])
        return f"Gedeelde eigenschappen: {', '.join(shared)}." if shared else "Geen gedeelde eigenschappen."
    if name == "age":
        if missing:
            return "Leeftijd onbekend bij een van beiden."
        return f"Leeftijdsverschil {abs(int(p_age) - int(v_age))} jaar ({int(p_age)} en {int(v_age)})."
    if name == "waiting":
        if isinstance(p["status"], str) and p["status"] != "wachtend":
            return f"Deelnemer wacht niet (status: {p['status']}): wachttijd telt niet mee."
        if missing or math.isnan(waiting_days):
            return "Aanmelddatum onbekend: wachttijd telt niet mee."
        return f"Deelnemer wacht al {number(int(waiting_days))} dagen."
    raise KeyError(name)
