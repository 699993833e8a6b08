"""Sentence-level dates: release, expiry, PED, LED, HDCED, ERSED, TUSED, PRRD, DTO dates.

Each value is a pure function of the calculable sentence, its adjustment counters and the
calculation context (RULES-DETAIL §4.6, §5, §7). The timeline recomputes these whenever it
needs them, so they always reflect the current counters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from . import legislation as law
from .aggregation import expiry_days, release_arithmetic
from .durations import ceil_product, days, days_between, is_over, is_under, plus_months, plus_years, sum_durations
from .errors import CalculationRefused
from .model import CalculationRequest, SentenceKind
from .sentences import CalculableSentence, is_1991_act, is_ora

Kind = SentenceKind


@dataclass(frozen=True)
class Context:
    """Everything outside the sentence that its dates depend on."""

    request: CalculationRequest
    profile: law.Profile
    sds_multipliers: Mapping[int, Fraction]
    explain: bool = True  # whether the dates keep their arithmetic in words (``notes``)

    @property
    def date_of_birth(self) -> date:
        return self.request.booking.offender.date_of_birth

    def under_18_on(self, when: date) -> bool:
        return is_under(self.date_of_birth, when, 18)

    @property
    def pss_repealed(self) -> bool:
        return self.request.toggle("applyPostRecallRepealRules")


@dataclass(frozen=True)
class SentenceDates:
    types: frozenset[str]
    release_days: int
    r0: date
    e0: date
    release_without_awarded: date
    uncapped_release: date
    release: date
    immediate: bool
    adjusted_expiry: date
    expiry: date
    ped0: date | None
    ped: date | None
    prrd: date | None
    led: date | None
    hdced: date | None
    ersed: date | None
    tused: date | None
    etd: date | None
    ltd: date | None
    release_date: date
    defaulted_release: date
    notes: tuple[str, ...]

    @property
    def licence_expiry(self) -> date | None:
        """LED for extraction: a SLED-type sentence's LED is its expiry."""
        if "SLED" in self.types:
            return self.expiry
        return self.led


# ------------------------------------------------------------------- identification of types


def base_types(cs: CalculableSentence, ctx: Context) -> set[str]:
    """Release-date types before the recall and under-18 adjustments (§3.3, §5)."""
    if cs.single_term_days is not None:
        if cs.is_dto:
            return {"SED", "MTD", "ETD", "LTD", "TUSED"}
        types = _types_1991(cs)
        if hdc_eligible(cs, ctx):
            types.add("HDCED")
        return types
    parts = cs.parts
    if any(p.kind in (Kind.EDS, Kind.SOPC) for p in parts):
        if any(p.kind is Kind.SOPC or (p.kind is Kind.EDS and not p.automatic_release) for p in parts):
            return {"SLED", "CRD", "PED"}
        return {"SLED", "CRD"}
    if len(parts) == 1 and parts[0].kind is Kind.A_FINE:
        return {"SED", "ARD"}
    if all(p.kind is Kind.DTO for p in parts):
        return {"SED", "MTD", "ETD", "LTD", "TUSED"}
    if all(p.kind is Kind.BOTUS for p in parts) and len(parts) == 1:
        types = {"ARD", "SED"}
        if parts[0].latest_tused_date is not None and not ctx.pss_repealed:
            types.add("TUSED")
        return types
    sds = cs.sds_parts
    if not sds:
        return {"ARD", "SED"}
    old = [p for p in sds if is_1991_act(p)]
    if all(p.release_arrangements.is_sds_plus for p in parts):
        types = {"SLED", "CRD"}
    elif old and len(old) < len(sds):
        types = {"SLED", "CRD"}
    elif old:
        types = _types_1991(cs)
    else:
        ora = [p for p in sds if is_ora(p)]
        if ora and len(ora) < len(sds):
            types = {"LED", "SED", "CRD"} if cs.shorter_than(months=12) else {"SLED", "CRD"}
        else:
            pre_ora = cs.offence_date is not None and cs.offence_date < law.ORA
            # The Progression Model makes pre-ORA sentences under 12 months conditional (§5.7).
            unlicensed_pre_ora = cs.shorter_than(months=12) and pre_ora and not cs.pm_type_switch
            if unlicensed_pre_ora or cs.length_days <= 1:
                types = {"ARD", "SED"}
            else:
                types = {"SLED", "CRD"}
    if tused_eligible(cs, ctx):
        types.add("TUSED")
    if hdc_eligible(cs, ctx):
        types.add("HDCED")
    return types


def _types_1991(cs: CalculableSentence) -> set[str]:
    if not cs.shorter_than(years=4) and not cs.shorter_than(months=12):
        return {"CRD", "SLED"}
    if not cs.shorter_than(months=12):
        return {"LED", "CRD", "SED"}
    return {"ARD", "SED"}


def hdc_eligible(cs: CalculableSentence, ctx: Context) -> bool:
    if ctx.request.booking.offender.is_active_sex_offender or cs.is_recall:
        return False
    if any(p.kind is Kind.DTO for p in cs.parts) or cs.has_extended_part:
        return False
    if any(p.release_arrangements.is_sds_plus_eligible for p in cs.sds_parts):
        return False
    return bool(cs.sds_parts)


def tused_eligible(cs: CalculableSentence, ctx: Context) -> bool:
    if ctx.pss_repealed or cs.has_extended_part:
        return False
    sds = cs.sds_parts
    if not sds or any(is_1991_act(p) for p in sds) or not any(is_ora(p) for p in sds):
        return False
    if cs.single_term_days is not None:
        return False
    if not cs.shorter_than(years=2) or cs.length_days <= 1:
        return False
    halfway = cs.start + days(ceil_product(cs.length_days, law.ONE_HALF))
    return is_over(ctx.date_of_birth, halfway, 18)


def _with_recall_and_age(cs: CalculableSentence, types: set[str], release_for_age: date, ctx: Context) -> set[str]:
    if cs.is_recall:
        types.discard("HDCED")
        types.add("PRRD")
        if cs.has_extended_part:
            types.discard("CRD")
            types.discard("PED")
    if not cs.is_dto and cs.shorter_than(months=12) and ctx.under_18_on(release_for_age):
        types -= {"SLED", "CRD"}
        types |= {"SED", "ARD"}
    return types


# ------------------------------------------------------------------- the date calculation


def calculate(cs: CalculableSentence, ctx: Context) -> SentenceDates:
    c = cs.counters
    s = cs.start
    arithmetic = release_arithmetic(cs, ctx.sds_multipliers, explain=ctx.explain)
    rel_days = arithmetic.release_days
    exp_days = expiry_days(cs)
    r0 = s + days(rel_days - 1)
    e0 = s + days(exp_days - 1)
    ded = c.deductions
    rw = r0 + days(c.ual_custody - ded)
    uncapped = rw + days(c.ada_custody - c.served_ada)
    release = uncapped - days(c.unused_ada)
    if release <= s:
        release = s
    immediate = release == s
    ae = e0 + days(c.ual_custody + c.ual_after_release - ded)
    expiry = max(ae, s)
    if cs.last_ual_day is not None:
        expiry = max(expiry, cs.last_ual_day + days(1))

    prrd = _prrd(cs, ctx, expiry) if cs.is_recall else None
    release_date = prrd if prrd is not None else release
    types = frozenset(_with_recall_and_age(cs, base_types(cs, ctx), release_date, ctx))

    ped0 = ped = None
    if "PED" in types and arithmetic.ped_days is not None:
        ped0 = s + days(arithmetic.ped_days - 1)
        ped = ped0 + days(c.ual_custody - ded + c.ada_custody - c.served_ada)

    led = None
    if "LED" in types:
        if cs.is_1991:
            x = ded - rel_days if (not cs.is_recall and ded >= rel_days) else 0
            led = s + days(ceil_product(exp_days, law.THREE_QUARTERS) + x + c.ual_custody - ded - 1)
        else:
            ora_total = sum_durations(p.total for p in cs.sds_parts if is_ora(p))
            n = ora_total.length_days(s)
            led = release + days(n // 2 - c.unused_licence_ada)

    hdced = _hdced(cs, ctx, rel_days, release) if "HDCED" in types else None
    ersed = _ersed(cs, ctx, ped0, ped, r0, release) if _ersed_eligible(cs, ctx) else None
    tused = None
    if "TUSED" in types:
        if cs.is_botus:
            tused = cs.parts[0].latest_tused_date
        elif exp_days - rel_days < 365 and not is_under(ctx.date_of_birth, rw, 18):
            base = s if immediate else rw
            tused = plus_months(base, 12) + days(c.ual_after_release)
    etd = ltd = None
    if cs.is_dto and not immediate:
        if not cs.shorter_than(months=8) and cs.shorter_than(months=18):
            etd, ltd = plus_months(release, -1), plus_months(release, 1)
        elif not cs.shorter_than(months=18) and cs.length_days <= days_between(s, plus_months(s, 24)):
            etd, ltd = plus_months(release, -2), plus_months(release, 2)
    defaulted = release_date
    if cs.tranche_date is not None:
        if cs.legislation == "PM":
            if cs.tranche_date > release - days(c.ada_custody):
                defaulted = cs.tranche_date + days(c.ada_custody)
        elif release_date < cs.tranche_date:
            defaulted = cs.tranche_date
    return SentenceDates(
        types=types,
        release_days=rel_days,
        r0=r0,
        e0=e0,
        release_without_awarded=rw,
        uncapped_release=uncapped,
        release=release,
        immediate=immediate,
        adjusted_expiry=ae,
        expiry=expiry,
        ped0=ped0,
        ped=ped,
        prrd=prrd,
        led=led,
        hdced=hdced,
        ersed=ersed,
        tused=tused,
        etd=etd,
        ltd=ltd,
        release_date=release_date,
        defaulted_release=defaulted,
        notes=arithmetic.steps,
    )


def recall_return_to_custody(cs: CalculableSentence, ctx: Context) -> date:
    recall = cs.recall
    assert recall is not None
    rtc = recall.return_to_custody_date or ctx.request.booking.return_to_custody_date
    if rtc is None:
        raise CalculationRefused(
            "NoValidReturnToCustodyDateException",
            f"the fixed-term recall on the sentence of {cs.start} has no return-to-custody date",
        )
    return rtc


def _prrd(cs: CalculableSentence, ctx: Context, expiry: date) -> date:
    c = cs.counters
    recall_type = cs.recall_type
    if recall_type == "FIXED_TERM_RECALL_56":
        rtc = recall_return_to_custody(cs, ctx)
        if not cs.ftr56_switched:
            return expiry
        p = rtc + days(55 + c.ual_after_ftr)
    elif recall_type in ("FIXED_TERM_RECALL_14", "FIXED_TERM_RECALL_28"):
        rtc = recall_return_to_custody(cs, ctx)
        p = rtc + days(law.FTR_RECALL_DAYS[recall_type] - 1 + c.ual_after_ftr)
    else:
        return expiry
    if cs.ftr56_tranche_date is not None and p <= cs.ftr56_tranche_date:
        p = cs.ftr56_tranche_date
    p = p + days(c.ada_after_release)
    return min(p, expiry)


def _hdced(cs: CalculableSentence, ctx: Context, c_days: int, release: date) -> date | None:
    """HDCED of one sentence (RULES-DETAIL §7.1): HDC180 before 2025-06-03, HDC365 after."""
    c = cs.counters
    s = cs.start
    if release < s + days(law.HDC_MINIMUM_DAYS_AFTER_SENTENCE) or c_days < law.HDC_MINIMUM_CUSTODIAL_DAYS:
        return None
    ded, u = c.deductions, c.ual_custody
    other = c.ada_custody - c.unused_ada - c.served_ada

    def variant(rule: law.HdcRule) -> date:
        if c_days < rule.midpoint:
            base = max(law.HDC_MINIMUM_BASE_DAYS, ceil_product(c_days, law.ONE_HALF))
        else:
            base = c_days - rule.deduction
        d = s + days(base - ded + u)
        if s + days(law.HDC_MINIMUM_DAYS_AFTER_SENTENCE) >= d - days(u):
            d = s + days(law.HDC_MINIMUM_DAYS_AFTER_SENTENCE + u)
        return d

    d1, d2 = variant(law.HDC180), variant(law.HDC365_RULE)
    test = max(d1, law.HDC365) if cs.spans(law.HDC365) else d1
    if test < law.HDC365:
        return d1 + days(other)
    if d2 >= law.HDC365:
        return d2 + days(other)
    return law.HDC365 + days(other)


def _ersed_eligible(cs: CalculableSentence, ctx: Context) -> bool:
    if not ctx.request.calculate_ersed or cs.is_recall or cs.is_1991:
        return False
    return any(p.kind in (Kind.SDS, Kind.EDS, Kind.SOPC) for p in cs.parts)


def _ersed(cs: CalculableSentence, ctx: Context, ped0: date | None, ped: date | None, r0: date, release: date) -> date:
    """ERSED (RULES-DETAIL §7.2): ERS50 before 2025-09-23, ERS30 after."""
    c = cs.counters
    s = cs.start
    reff = ped if ped is not None else release
    ueff = ped0 if ped0 is not None else r0
    ir = c.ual_custody - c.deductions + c.ada_custody - c.served_ada
    n = days_between(s, ueff) + 1

    def variant(rule: law.ErsRule) -> tuple[date, date]:
        if rule.cap_days is not None:
            latest = reff - days(rule.cap_days)
        else:
            latest = plus_years(reff, -(rule.cap_years or 0))
        earliest = min(s + days(ceil_product(n, rule.fraction) + ir), reff)
        e = earliest if earliest > latest else latest
        if e - days(c.ual_custody + c.ada_custody) < s:
            return s + days(c.ual_custody + c.ada_custody), s + days(c.ual_custody)
        return e, e - days(c.ada_custody)

    post_ers30 = s >= law.ERS30 or cs.spans(law.ERS30)
    ers50, ers50_without_ada = variant(law.ERS50)
    if not post_ers30 and ers50_without_ada < law.ERS30:
        return ers50
    ers30, ers30_without_ada = variant(law.ERS30_RULE)
    if post_ers30 or ers30_without_ada >= law.ERS30:
        return ers30
    return law.ERS30 + days(c.ada_custody - c.unused_ada - c.served_ada)
