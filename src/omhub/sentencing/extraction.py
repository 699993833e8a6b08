"""Booking-level extraction: from calculated sentences to the final date map (RULES-DETAIL §8).

Each rule that chooses or drops a date appends a plain-English step to the breakdown, naming the
sentence that decided it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from . import legislation as law
from .breakdown import explain_sentence
from .durations import days, days_between, is_under, iso_period, period_between, plus_months
from .sentence_dates import SentenceDates
from .sentences import CalculableSentence, is_ora

if TYPE_CHECKING:
    from .timeline import Group, Timeline


@dataclass
class Entry:
    cs: CalculableSentence
    d: SentenceDates
    group: int


@dataclass
class Extracted:
    dates: dict[str, date]
    esl: str
    latest_prrd: date | None
    active_types: frozenset[str]
    entries: list[Entry]
    steps: list[str] = field(default_factory=list)


def _latest(entries: list[Entry], key) -> Entry | None:
    best = None
    for e in entries:
        value = key(e)
        if value is None:
            continue
        if best is None or value > key(best):
            best = e
    return best


def _label(e: Entry) -> str:
    return e.cs.describe()


def extract(groups: list[Group], timeline: Timeline) -> Extracted:
    entries = [Entry(cs, timeline.dates(cs), gi) for gi, g in enumerate(groups) for cs in g.sentences]
    steps: list[str] = []
    earliest = min(e.cs.start for e in entries)
    latest_e0 = max(e.d.e0 for e in entries)
    esl = iso_period(*period_between(earliest, latest_e0 + days(1)))
    latest_prrd_entry = _latest(entries, lambda e: e.d.prrd)
    latest_prrd = latest_prrd_entry.d.prrd if latest_prrd_entry else None
    if timeline.explain:
        for e in entries:
            steps.append(explain_sentence(e.cs, e.d))
    if len(entries) == 1:
        out = _single(entries[0], timeline, steps)
        return Extracted(out, esl, latest_prrd, entries[0].d.types, entries, steps)
    out = _multiple(entries, groups, timeline, esl, steps)
    active = _latest(entries, lambda e: e.d.defaulted_release)
    assert active is not None
    return Extracted(out, esl, latest_prrd, active.d.types, entries, steps)


def _hdc_suppressed(request, entries: list[Entry], candidate: date, holder: Entry | None) -> bool:
    adult = any(e.cs.is_adult_for_hdc for e in entries)
    if request.toggle("adultHdcSuspended") and adult:
        return True
    if request.toggle("applyPostHdcedRepealRules") and adult:
        pm_affected = holder is not None and holder.cs.legislation == "PM" and bool(holder.cs.sds_parts)
        if candidate >= law.HDC_CLEAN_STOP or pm_affected:
            return True
    return False


def _single(e: Entry, timeline: Timeline, steps: list[str]) -> dict[str, date]:
    d, cs = e.d, e.cs
    out: dict[str, date] = {}
    out["SLED" if "SLED" in d.types else "SED"] = d.expiry
    if cs.is_recall:
        assert d.prrd is not None
        out["PRRD"] = d.prrd
        steps.append(f"Post-recall release {d.prrd}: {_recall_reason(cs)}.")
    elif "CRD" in d.types:
        out["CRD"] = d.release
    elif cs.is_dto:
        out["MTD"] = d.release
    else:
        out["ARD"] = d.release
    if "LED" in d.types and d.led is not None:
        out["LED"] = d.led
    if d.tused is not None:
        out["TUSED"] = d.tused
    if cs.is_botus and cs.parts[0].latest_tused_date is not None and d.expiry < cs.parts[0].latest_tused_date:
        out["TUSED"] = cs.parts[0].latest_tused_date
    if (
        d.hdced is not None
        and "PED" not in d.types
        and not cs.is_recall
        and d.release_date > d.hdced
        and not _hdc_suppressed(timeline.request, [e], d.hdced, e)
    ):
        out["HDCED"] = d.hdced
    if d.ped is not None:
        out["PED"] = max(d.ped, cs.start)
    if d.ersed is not None:
        ersed = d.ersed
        snap = timeline.ers30_snapshot
        if snap is not None and cs.spans(law.ERS30) and snap.dates.get("ERSED") and snap.dates["ERSED"] > ersed:
            ersed = snap.dates["ERSED"]
        out["ERSED"] = ersed
    if d.etd is not None and d.ltd is not None:
        out["ETD"], out["LTD"] = d.etd, d.ltd
    if not cs.is_botus:
        out["ESED"] = d.e0
    return out


def _recall_reason(cs: CalculableSentence) -> str:
    if cs.recall_type == "STANDARD_RECALL" or (cs.recall_type == "FIXED_TERM_RECALL_56" and not cs.ftr56_switched):
        return "a standard recall is served to the sentence expiry"
    return f"a fixed-term recall ({cs.recall_type}) runs from the return to custody, capped at the expiry"


def _under_18(timeline: Timeline, when: date) -> bool:
    return is_under(timeline.request.booking.offender.date_of_birth, when, 18)


def _multiple(entries: list[Entry], groups, timeline: Timeline, esl: str, steps: list[str]) -> dict[str, date]:
    out: dict[str, date] = {}
    max_default = max(e.d.defaulted_release for e in entries)
    mrr = [e for e in entries if e.d.defaulted_release == max_default]
    active = mrr[0]
    latest_release = active.d.release_date
    if timeline.explain:
        steps.append(f"The latest release comes from the {_label(active)}: {latest_release}.")
    by_release = _latest(entries, lambda e: e.d.release_date)
    has_dto = any(e.cs.is_dto for e in entries)
    non_dto = [e for e in entries if not e.cs.is_dto]
    all_dto = not non_dto
    esl_years, esl_months, esl_days = period_between(
        min(e.cs.start for e in entries), max(e.d.e0 for e in entries) + days(1)
    )

    # --- 8.2 CRD or ARD
    led_allowed = True
    key: str | None = None
    q = by_release
    single_sds = [e for e in entries if len(e.cs.parts) == 1 and e.cs.sds_parts]
    if (
        q is not None
        and "CRD" not in q.d.types
        and esl_years < 4
        and any(is_ora(e.cs.parts[0]) for e in single_sds)
        and any(not is_ora(e.cs.parts[0]) and e.cs.shorter_than(months=12) for e in single_sds)
        and any("SED" in e.d.types for e in entries)
        and any("SLED" in e.d.types for e in entries)
    ):
        emax_entry = _latest(entries, lambda e: e.d.expiry)
        sled_latest = _latest([e for e in entries if "SLED" in e.d.types], lambda e: e.d.expiry)
        if "SED" in emax_entry.d.types and latest_release > sled_latest.d.expiry:
            key, led_allowed = "ARD", False
        else:
            key = "CRD"
    if key is None and has_dto:
        all_under_18 = all(_under_18(timeline, e.d.release_date) for e in entries)
        if all_under_18 and esl_years == 0:
            key = "ARD"
        elif non_dto and all(not _under_18(timeline, e.d.release_date) for e in entries):
            key = "CRD"
    if key is None:
        key = (
            "CRD"
            if any(e.d.licence_expiry is not None and e.d.licence_expiry >= latest_release for e in entries)
            else "ARD"
        )

    # --- 8.3 SLED or SED (+LED)
    emax_entry = _latest(entries, lambda e: e.d.expiry)
    emax = emax_entry.d.expiry
    lmax_entry = _latest(entries, lambda e: e.d.licence_expiry)
    lmax = lmax_entry.d.licence_expiry if lmax_entry else None
    sled_written = False
    if timeline.explain:
        steps.append(f"The latest expiry, {emax}, comes from the {_label(emax_entry)}.")
    if lmax == emax and "SLED" in emax_entry.d.types:
        out["SLED"] = emax
        sled_written = True
    elif has_dto and non_dto:
        ordered = sorted(entries, key=lambda e: e.d.release_date)
        ln = [e for e in ordered if not e.cs.is_dto][-1]
        ld = [e for e in ordered if e.cs.is_dto][-1]
        if ln.d.expiry == ld.d.expiry:
            out["SLED"] = emax
            sled_written = True
        else:
            out["SED"] = emax
    else:
        out["SED"] = emax
        if lmax is not None and led_allowed and lmax >= latest_release:
            out["LED"] = lmax

    # --- release key and DTO dates (8.2 value, 8.7)
    has_non_recall = any(not e.cs.is_recall for e in mrr)
    if all_dto:
        out["MTD"] = latest_release
        band_from = _latest(entries, lambda e: e.d.expiry)
        if not any(e.d.immediate for e in entries):
            _dto_band(out, band_from.cs, latest_release)
    elif has_dto:
        ordered = sorted(entries, key=lambda e: e.d.release_date)
        ln = [e for e in ordered if not e.cs.is_dto][-1]
        ld = [e for e in ordered if e.cs.is_dto][-1]
        if has_non_recall:
            out[key] = ln.d.release_date
        if ld.d.immediate and not ld.cs.is_pre_pcsc_dto:
            mtd = ld.cs.start
        elif key == "CRD" and ld.cs.is_pre_pcsc_dto:
            mtd = ld.d.r0
        elif key == "CRD" or all(_under_18(timeline, e.d.release_date) for e in entries):
            mtd = ld.d.release
        else:
            mtd = latest_release
        out["MTD"] = mtd
        if not any(e.d.immediate for e in entries if e.cs.is_dto):
            _dto_band(out, ld.cs, mtd)
        if "CRD" in ln.d.types and not sled_written and ln.d.licence_expiry is not None:
            out["LED"] = ln.d.licence_expiry
    elif has_non_recall:
        out[key] = latest_release
        steps.append(
            f"{key} {latest_release}: the latest release of any sentence"
            + (" on licence" if key == "CRD" else " without licence")
            + "."
        )

    # --- PRRD (8.8, 7.5)
    if any(e.cs.is_recall for e in mrr):
        prrd = _booking_prrd(entries, out, latest_release, timeline)
        out["PRRD"] = prrd
        steps.append(f"PRRD {prrd}: the sentence released last is a recall.")

    # --- PED (7.4)
    if "PED" in active.d.types:
        peds = [e.d.ped for e in entries if e.d.ped is not None]
        q = _latest(entries, lambda e: e.d.release_date)
        if peds and q is not None and q.d.ped is not None:
            pl = max(max(peds), min(e.cs.start for e in entries))
            candidates = [
                e for e in entries if not e.cs.is_recall and e.d.ped is None and not e.cs.is_dto and not e.d.immediate
            ]
            n = _latest(candidates, lambda e: e.d.release_date)
            if n is not None and n.d.release_date >= q.d.release_date:
                pass
            elif n is not None and pl < n.d.release_date:
                out["PED"] = n.d.release_date
                steps.append(f"PED moved to {n.d.release_date}, the later release of the {_label(n)}.")
            else:
                out["PED"] = pl

    # --- HDCED (7.1)
    hdced = _booking_hdced(entries, mrr, latest_release, timeline, steps)
    if hdced is not None:
        if any(e.cs.is_recall for e in mrr):
            prrd = out.get("PRRD")
            releases = [out[k] for k in ("CRD", "ARD", "NPD") if k in out]
            if not (releases and prrd is not None and prrd < max(releases) and prrd != out.get("CRD")):
                hdced = None
        if hdced is not None:
            out["HDCED"] = hdced

    # --- TUSED (7.3)
    tused = _booking_tused(entries, lmax, timeline)
    if tused is not None:
        out["TUSED"] = tused

    # --- ERSED (7.2)
    ersed = _booking_ersed(entries, groups, out, timeline)
    if ersed is not None:
        out["ERSED"] = ersed

    out["ESED"] = max(e.d.e0 for e in entries)
    return out


def _dto_band(out: dict[str, date], cs: CalculableSentence, mtd: date) -> None:
    if not cs.shorter_than(months=8) and cs.shorter_than(months=18):
        out["ETD"], out["LTD"] = plus_months(mtd, -1), plus_months(mtd, 1)
    elif not cs.shorter_than(months=18) and cs.length_days <= days_between(cs.start, plus_months(cs.start, 24)):
        out["ETD"], out["LTD"] = plus_months(mtd, -2), plus_months(mtd, 2)


def _booking_prrd(entries: list[Entry], out: dict[str, date], latest_release: date, timeline) -> date:
    booking = timeline.request.booking
    rtc = booking.return_to_custody_date
    sled = out.get("SLED")
    ftr = [
        e
        for e in entries
        if e.cs.recall_type == "FIXED_TERM_RECALL_28"
        or (e.cs.recall_type == "FIXED_TERM_RECALL_14" and "SLED" in e.d.types)
    ]
    over = [e for e in ftr if not e.cs.shorter_than(months=12)]
    under = [e for e in ftr if e.cs.shorter_than(months=12)]
    if rtc is None or sled is None or not over or not under:
        return latest_release
    x = next((e for e in entries if e.d.adjusted_expiry == sled), None)
    if x is None:
        return latest_release
    c = x.cs.counters
    m = rtc + days((13 if x.cs.recall_type == "FIXED_TERM_RECALL_14" else 27) + c.ual_after_ftr + c.ada_after_release)
    if not x.cs.shorter_than(months=12):
        return min(m, x.d.adjusted_expiry)
    neighbours = [
        e
        for e in entries
        if e.cs.is_fixed_term_recall and not e.cs.shorter_than(months=12) and e.d.adjusted_expiry >= rtc
    ]
    if not neighbours:
        return latest_release
    nearest = min(neighbours, key=lambda e: abs(days_between(latest_release, e.d.e0)))
    gap = days_between(nearest.d.adjusted_expiry, rtc)
    if x.cs.recall_type == "FIXED_TERM_RECALL_28" and gap < 14:
        return min(m, nearest.d.adjusted_expiry)
    if x.cs.recall_type == "FIXED_TERM_RECALL_14" and gap < 14:
        return min(m, x.d.adjusted_expiry)
    return latest_release


def _immediate_custody_release(e: Entry) -> bool:
    c = e.cs.counters
    return e.d.immediate and 1 - (c.ual_custody - c.deductions + c.ada_custody - c.served_ada) == e.d.release_days


def _booking_hdced(entries: list[Entry], mrr: list[Entry], latest_release: date, timeline, steps) -> date | None:
    if any(
        len(e.cs.parts) == 1 and e.cs.sds_parts and e.cs.parts[0].release_arrangements.is_sds_plus_eligible
        for e in entries
    ):
        return None
    eligible = [e for e in entries if not e.cs.is_recall and not e.cs.is_dto]
    last = _latest(eligible, lambda e: e.d.release_date)
    if last is None or last.d.hdced is None:
        return None
    r_star = latest_release
    candidates = [e for e in entries if e.cs.start + days(14) <= r_star and e.d.hdced is not None]
    h_entry = _latest(candidates, lambda e: e.d.hdced)
    if h_entry is None:
        return None
    h = h_entry.d.hdced
    conflicts = [
        e for e in entries if e is not h_entry and e.d.hdced is None and not e.cs.is_dto and e.d.defaulted_release > h
    ]
    n = _latest(conflicts, lambda e: e.d.defaulted_release)
    candidate = h
    if n is not None:
        all_immediate = all(not e.cs.is_recall and e.d.immediate for e in conflicts)
        if not all_immediate or _immediate_custody_release(n):
            candidate = n.d.defaulted_release
            steps.append(f"HDCED moved to {candidate}: the {_label(n)} has no HDC and is released later.")
    if not r_star > h:
        return None
    if _hdc_suppressed(timeline.request, entries, candidate, h_entry):
        return None
    if candidate == h and timeline.explain:
        steps.append(f"HDCED {h} from the {_label(h_entry)}.")
    return candidate


def _booking_tused(entries: list[Entry], lmax: date | None, timeline) -> date | None:
    if any(e.d.licence_expiry is not None for e in entries):
        calculated = [e.d.tused for e in entries if e.d.tused is not None and not e.cs.is_botus]
        if not calculated:
            calculated = [e.d.tused for e in entries if e.d.tused is not None and e.cs.is_botus]
        if not calculated:
            return None
        tused = max(calculated)
        if lmax is not None and not tused > lmax:
            return None
        if any(e.cs.is_dto and e.d.expiry > tused for e in entries):
            return None
        return tused
    dtos = [e for e in entries if e.cs.is_dto]
    if len(dtos) != len(entries):
        return None
    if all(_under_18(timeline, e.d.release_date) for e in dtos):
        return None
    if not all(e.cs.shorter_than(years=2) for e in dtos):
        return None
    values = [e.d.tused for e in dtos if e.d.tused is not None]
    return max(values) if values else None


def _booking_ersed(entries: list[Entry], groups, out: dict[str, date], timeline) -> date | None:
    candidates = [e for e in entries if e.d.ersed is not None and not e.d.immediate]
    x = _latest(candidates, lambda e: e.d.ersed)
    if x is None:
        return None
    ersed = x.d.ersed
    snap = timeline.ers30_snapshot
    if snap is not None and x.cs.spans(law.ERS30) and snap.dates.get("ERSED") and snap.dates["ERSED"] > ersed:
        ersed = snap.dates["ERSED"]
    same_group = [e for e in entries if e.group == x.group]
    terms = [e for e in same_group if (e.cs.is_a_fine or e.cs.is_botus) and not e.d.immediate]
    if any(e.d.release_date > x.d.release_date for e in terms):
        return None
    later_fines = [e for e in same_group if e.cs.is_a_fine and not e.d.immediate and e.d.release_date > ersed]
    if later_fines:
        return max(e.d.release_date for e in later_fines)
    if any(e.cs.is_dto for e in entries):
        mtd = out.get("MTD")
        release = out.get("CRD") or out.get("ARD")
        if mtd is not None and release is not None and mtd < release:
            return max(ersed, mtd)
        return None
    return ersed
