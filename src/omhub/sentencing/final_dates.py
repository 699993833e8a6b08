"""SDS40 and Progression-Model final-date rules (RULES-DETAIL §6.4, §6.5).

The timeline produces the "early" result under the new fractions and a snapshot of the
"standard" result taken just before the tranche applied. These rules decide, date by date, which
one the person gets, so that nobody is released before their tranche commences.
"""

from __future__ import annotations

from datetime import date

from .durations import days
from .model import Booking

CHECKED_TYPES = ("CRD", "ERSED", "HDCED", "PED", "PRRD")


def apply_sds40(
    early: dict[str, date],
    standard: dict[str, date],
    tranche: date,
    commencement: date,
    latest_prrd: date | None,
    active_types: frozenset[str],
    tused_from_recall_sds: bool,
    booking: Booking,
    steps: list[str],
) -> dict[str, date]:
    result = dict(early)
    labels: dict[str, str] = {}
    gate = any(
        (early.get(t) or standard.get(t)) is not None and (early.get(t) or standard.get(t)) < tranche
        for t in CHECKED_TYPES
    )
    for t in CHECKED_TYPES:
        e, s = early.get(t), standard.get(t)
        if not gate:
            labels[t] = "standard" if s is not None and (s < tranche or s == e) else "early"
            continue
        if e is not None and s is not None and e < tranche <= s:
            result[t] = tranche
            labels[t] = "tranche"
            steps.append(
                f"{t} {tranche}: the 40% date {e} is before the SDS40 tranche commences, "
                f"so it is held at the commencement date."
            )
        elif s is not None and (s < tranche or s == e):
            result[t] = s
            labels[t] = "standard"
            if s != e:
                steps.append(f"{t} {s}: the standard (50%) date applies because it falls before the tranche.")
            if t == "CRD" and "TUSED" in standard:
                result["TUSED"] = standard["TUSED"]
        else:
            labels[t] = "early"
    if (
        standard.get("CRD") is not None
        and standard["CRD"] < commencement
        and "TUSED" in result
        and tused_from_recall_sds
        and "TUSED" in standard
    ):
        result["TUSED"] = standard["TUSED"]
    if "CRD" in result or "ARD" in result:
        prrd_candidates = [d for d in (result.get("PRRD"), latest_prrd) if d is not None]
        if "HDCED" in result and prrd_candidates:
            later = [d for d in prrd_candidates if d > result["HDCED"]]
            if later:
                result["HDCED"] = max(later)
        if "PRRD" in result:
            release = result.get("ARD") or result.get("CRD")
            if release is not None and release > result["PRRD"]:
                del result["PRRD"]
            else:
                result.pop("ARD", None)
                result.pop("CRD", None)
                result.pop("HDCED", None)
    release = result.get("CRD") or result.get("ARD")
    for t in ("HDCED", "ERSED"):
        if t in result and result[t] == release == tranche:
            del result[t]
    if "PED" in result and "PED" not in active_types:
        del result["PED"]
    if "CRD" in result:
        n = 0
        for a in booking.adjustments:
            if a.applies_from is None or not (tranche <= a.applies_from < result["CRD"]):
                continue
            if a.kind in ("UNLAWFULLY_AT_LARGE", "ADDITIONAL_DAYS_AWARDED"):
                n += a.number_of_days
            elif a.kind == "RESTORATION_OF_ADDITIONAL_DAYS_AWARDED":
                n -= a.number_of_days
        if n:
            for t in ("HDCED", "ERSED", "PED"):
                if t in result and result[t] <= tranche and labels.get(t) in ("tranche", "standard"):
                    result[t] = result[t] + days(n)
                    if labels[t] == "tranche" and result[t] < tranche:
                        result[t] = tranche
    return result


def apply_progression_model(
    early: dict[str, date], standard: dict[str, date], tranche: date, booking: Booking, steps: list[str]
) -> dict[str, date]:
    result = dict(early)
    awarded = sum(a.number_of_days for a in booking.adjustments if a.kind == "ADDITIONAL_DAYS_AWARDED")
    awarded -= sum(a.number_of_days for a in booking.adjustments if a.kind == "RESTORATION_OF_ADDITIONAL_DAYS_AWARDED")
    if "HDCED" in standard:
        result["HDCED"] = standard["HDCED"]
    for t in ("CRD", "PED", "ERSED"):
        s, e = standard.get(t), early.get(t)
        if s is not None and tranche > s - days(awarded):
            result[t] = s
        elif e is not None:
            if tranche > e - days(awarded):
                result[t] = tranche + days(awarded)
                steps.append(
                    f"{t} {result[t]}: the Progression Model date is before its tranche "
                    f"commences ({tranche}), so it is held there (plus {awarded} added days)."
                )
            else:
                result[t] = e
        else:
            result.pop(t, None)
    return result
