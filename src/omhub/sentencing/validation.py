"""Post-calculation validators (RULES-DETAIL §9): codes that stop a calculation being used."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from . import legislation as law
from .durations import days, days_between
from .model import SentenceKind
from .sentences import CalculableSentence

if TYPE_CHECKING:
    from .extraction import Entry
    from .timeline import TimelineOutcome

MESSAGES = {
    "ADJUSTMENT_AFTER_RELEASE_ADA": "Additional days were awarded after the release date.",
    "ADJUSTMENT_AFTER_RELEASE_RADA": "Additional days were restored after the release date.",
    "RELEASE_DATE_BEFORE_SENTENCE_DATE": ("Remand or tagged bail means the release date is before the sentence date."),
    "PROGRESSION_MODEL_UNSUPPORTED_EXTINGUISHED_SENTENCE": (
        "The sentence was extinguished by remand before the Progression Model; calculate it manually."
    ),
    "UNSUPPORTED_OUT_OF_CUSTODY_AT_PROGRESSION_MODEL_COMMENCEMENT": (
        "The person was out of custody when the Progression Model commenced; calculate manually."
    ),
    "PROGRESSION_TRANCHE_ONE_ALLOCATION": "Progression Model tranche 1 cases go through the manual journey.",
    "REMAND_OVERLAPS_WITH_SENTENCE": "A remand period overlaps a period of sentence.",
    "UNABLE_TO_DETERMINE_SHPO_RELEASE_PROVISIONS": (
        "A sexual harm prevention order breach (SX03) offence: the release provisions cannot be determined."
    ),
    "UNSUPPORTED_SDS40_CONSECUTIVE_SDS_BETWEEN_TRANCHE_COMMENCEMENTS": (
        "A consecutive SDS imposed between the SDS40 tranche commencements is not supported."
    ),
    "HDCED_REPEAL": "The person is on HDC and HDC has been repealed for this sentence.",
    "FTR_14_DAYS_AGGREGATE_GE_12_MONTHS": ("A 14-day recall length with an aggregate sentence of 12 months or more."),
    "FTR_28_DAYS_AGGREGATE_LT_12_MONTHS": ("A 28-day recall length with an aggregate sentence under 12 months."),
    "FTR_TYPE_14_DAYS_AGGREGATE_GE_12_MONTHS": ("A 14-day fixed-term recall with an aggregate of 12 months or more."),
    "FTR_TYPE_28_DAYS_AGGREGATE_LT_12_MONTHS": ("A 28-day fixed-term recall with an aggregate under 12 months."),
    "FTR_TYPE_14_DAYS_SENTENCE_GT_12_MONTHS": "A 14-day fixed-term recall on a sentence of over 12 months.",
    "FTR_TYPE_14_DAYS_SENTENCE_GAP_GT_14_DAYS": (
        "A 14-day fixed-term recall where the gap to the 12-month sentence is 14 days or more."
    ),
    "FTR_TYPE_28_DAYS_SENTENCE_GAP_LT_14_DAYS": (
        "A 28-day fixed-term recall where the gap to the 12-month sentence is 14 days or less."
    ),
}


def validate(outcome: TimelineOutcome, entries: list[Entry], final: dict[str, date]) -> list[str]:
    request = outcome.context.request
    booking = request.booking
    profile = outcome.context.profile
    codes: list[str] = []

    # Additional days after release
    non_terms = [e for e in entries if not e.cs.is_terms_only]
    if non_terms:
        m = max(e.d.defaulted_release for e in non_terms)
        for kind, code in (
            ("ADDITIONAL_DAYS_AWARDED", "ADJUSTMENT_AFTER_RELEASE_ADA"),
            ("RESTORATION_OF_ADDITIONAL_DAYS_AWARDED", "ADJUSTMENT_AFTER_RELEASE_RADA"),
        ):
            if any(a.kind == kind and a.applies_from is not None and a.applies_from > m for a in booking.adjustments):
                codes.append(code)

    # Extinguished sentences
    by_cs = {id(e.cs): e for e in entries}
    extinguished = False
    for group in outcome.groups:
        candidates = [by_cs[id(cs)] for cs in group.sentences if not cs.is_recall and id(cs) in by_cs]
        if not candidates:
            continue
        latest = max(e.d.uncapped_release for e in candidates)
        top = next(e for e in candidates if e.d.uncapped_release == latest)
        c = top.cs.counters
        if top.d.uncapped_release < group.start - days(1) and (c.remand or c.tagged_bail):
            extinguished = True
    if extinguished:
        pm = profile.progression_model
        manual = (
            request.toggle("routePreProgressionExtinguishedSentenceToManual")
            and pm is not None
            and outcome.pm is not None
            and not any(
                a.kind in ("REMAND", "TAGGED_BAIL", "RECALL_REMAND", "RECALL_TAGGED_BAIL")
                and a.applies_from is not None
                and a.applies_from >= pm.commencement
                for a in booking.adjustments
            )
        )
        codes.append(
            "PROGRESSION_MODEL_UNSUPPORTED_EXTINGUISHED_SENTENCE" if manual else "RELEASE_DATE_BEFORE_SENTENCE_DATE"
        )

    # Out of custody at Progression Model commencement
    if outcome.pm is not None and profile.progression_model is not None:
        commencement = profile.progression_model.commencement
        if _out_of_custody_at(booking, commencement):
            codes.append("UNSUPPORTED_OUT_OF_CUSTODY_AT_PROGRESSION_MODEL_COMMENCEMENT")
        if request.toggle("progressionTrancheOneManualJourney") and outcome.pm.name == "TRANCHE_1":
            codes.append("PROGRESSION_TRANCHE_ONE_ALLOCATION")

    # Remand overlapping a sentence
    for a in booking.adjustments:
        if a.kind != "REMAND" or a.from_date is None or a.to_date is None:
            continue
        if any(
            not any(cs.is_recall for cs in g.sentences)
            and g.start < g.end
            and a.from_date <= g.end
            and g.start <= a.to_date
            for g in outcome.groups
        ):
            codes.append("REMAND_OVERLAPS_WITH_SENTENCE")
            break

    # SHPO breach offences
    t1, t3 = profile.sds40.commencement, profile.t3_date
    for e in entries:
        part_match = any(
            p.kind is SentenceKind.SDS
            and not p.release_arrangements.is_sds_plus
            and p.offence.offence_code in law.SHPO_OFFENCE_CODES
            and p.offence.committed_at is not None
            and law.SHPO_OFFENCES_FROM <= p.offence.committed_at <= t3
            for p in e.cs.parts
        )
        if part_match and t1 <= e.d.release < t3 and (not e.cs.is_recall or e.d.tused is not None):
            codes.append("UNABLE_TO_DETERMINE_SHPO_RELEASE_PROVISIONS")
            break

    # Consecutive SDS between SDS40 tranches
    tranches = profile.sds40.tranches
    if outcome.sds40 is not None and outcome.sds40.name == "TRANCHE_2":
        for e in entries:
            if e.cs.is_chain and any(
                p.kind is SentenceKind.SDS
                and not p.release_arrangements.is_sds_plus
                and tranches[0].date <= p.sentenced_at < tranches[1].date
                for p in e.cs.parts
            ):
                codes.append("UNSUPPORTED_SDS40_CONSECUTIVE_SDS_BETWEEN_TRANCHE_COMMENCEMENTS")
                break

    # HDC repeal
    if request.toggle("applyPostHdcedRepealRules") and "HDCED" in final:
        hdc_outs = [m for m in booking.external_movements if m.direction == "OUT" and m.reason == "HDC"]
        if hdc_outs:
            last_out = max(m.movement_date for m in hdc_outs)
            if not any(m.direction == "IN" and m.movement_date >= last_out for m in booking.external_movements):
                codes.append("HDCED_REPEAL")

    codes.extend(_fixed_term_recall_codes(outcome, entries, final))
    unique: list[str] = []
    for code in codes:
        if code not in unique:
            unique.append(code)
    return unique


def _out_of_custody_at(booking, commencement: date) -> bool:
    day_before = commencement - days(1)
    for a in booking.adjustments:
        if a.kind != "UNLAWFULLY_AT_LARGE" or a.from_date is None or a.to_date is None:
            continue
        reason = a.ual_reason
        if reason == "RELEASE_IN_ERROR" or (reason == "ESCAPE" and a.from_date < law.ESCAPE_PERIOD_CHANGE):
            start, end = a.from_date - days(1), a.to_date + days(1)
        elif reason in ("SENTENCED_IN_ABSENCE", "IMMIGRATION_DETENTION"):
            start, end = a.from_date, a.to_date + days(1)
        elif reason == "ESCAPE":
            start, end = a.from_date, a.to_date
        else:
            continue
        if start <= day_before < end:
            return True
    before = [m for m in booking.external_movements if m.movement_date < commencement]
    outs = [m for m in before if m.direction == "OUT"]
    if outs:
        last_out = max(outs, key=lambda m: m.movement_date)
        if last_out.reason in ("ERS", "PAROLE"):
            ins = [m for m in before if m.direction == "IN"]
            if not ins or max(m.movement_date for m in ins) <= last_out.movement_date:
                return True
    return False


def _twelve_months_or_more(cs: CalculableSentence) -> bool:
    return not cs.shorter_than(months=12)


def _fixed_term_recall_codes(outcome, entries, final) -> list[str]:
    booking = outcome.context.request.booking
    details = booking.fixed_term_recall_details
    if details is None or details.return_to_custody_date is None:
        return []
    frtc = details.return_to_custody_date
    f = [e for e in entries if e.cs.is_recall and e.d.adjusted_expiry >= frtc]
    over = any(_twelve_months_or_more(e.cs) for e in f)
    under = any(not _twelve_months_or_more(e.cs) for e in f)
    codes: list[str] = []
    if over and under:
        rtc = booking.return_to_custody_date
        sled = final.get("SLED")
        if rtc is None or sled is None:
            return []
        sled_entry = next((e for e in f if e.d.adjusted_expiry == sled), None)
        if sled_entry is None:
            return []
        others = [e for e in f if e is not sled_entry and e.d.e0 >= rtc]

        def closest(pool):
            return min(pool, key=lambda e: abs(days_between(rtc, e.d.e0))) if pool else None

        closest_under = closest([e for e in others if not _twelve_months_or_more(e.cs)])
        closest_over = closest([e for e in others if _twelve_months_or_more(e.cs)])
        kind = sled_entry.cs.recall_type
        if (
            _twelve_months_or_more(sled_entry.cs)
            and closest_under is not None
            and closest_under.cs.recall_type == "FIXED_TERM_RECALL_14"
            and abs(days_between(sled, closest_under.d.adjusted_expiry)) >= 14
        ):
            return ["FTR_TYPE_14_DAYS_SENTENCE_GT_12_MONTHS"]
        if (
            not _twelve_months_or_more(sled_entry.cs)
            and kind == "FIXED_TERM_RECALL_14"
            and closest_over is not None
            and abs(days_between(rtc, closest_over.d.adjusted_expiry)) >= 14
        ):
            return ["FTR_TYPE_14_DAYS_SENTENCE_GAP_GT_14_DAYS"]
        if (
            not _twelve_months_or_more(sled_entry.cs)
            and kind == "FIXED_TERM_RECALL_28"
            and closest_over is not None
            and abs(days_between(rtc, closest_over.d.adjusted_expiry)) <= 14
        ):
            return ["FTR_TYPE_28_DAYS_SENTENCE_GAP_LT_14_DAYS"]
        return []
    length = details.recall_length
    chains = [e for e in entries if e.cs.is_chain]
    for e in chains:
        t = e.cs.recall_type
        if (
            ((t == "FIXED_TERM_RECALL_14" and not under) or t == "FIXED_TERM_RECALL_28")
            and length == 14
            and _twelve_months_or_more(e.cs)
        ):
            codes.append("FTR_14_DAYS_AGGREGATE_GE_12_MONTHS")
    for e in chains:
        if (
            e.cs.recall_type in ("FIXED_TERM_RECALL_14", "FIXED_TERM_RECALL_28")
            and not over
            and length == 28
            and not _twelve_months_or_more(e.cs)
        ):
            codes.append("FTR_28_DAYS_AGGREGATE_LT_12_MONTHS")
    for e in chains:
        if e.cs.recall_type == "FIXED_TERM_RECALL_28" and not over and not _twelve_months_or_more(e.cs):
            codes.append("FTR_TYPE_28_DAYS_AGGREGATE_LT_12_MONTHS")
    for e in chains:
        if e.cs.recall_type == "FIXED_TERM_RECALL_14" and not under and _twelve_months_or_more(e.cs):
            codes.append("FTR_TYPE_14_DAYS_AGGREGATE_GE_12_MONTHS")
    return codes
