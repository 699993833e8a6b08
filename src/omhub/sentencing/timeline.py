"""The timeline walk (RULES-DETAIL §2): custodial groups built event date by event date.

Sentences are not calculated in isolation: adjustments, legislation commencements, tranche
allocations and movements happen on dates, and what they touch depends on who is in custody
(the current group) or on licence at that moment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

from . import legislation as law
from .aggregation import combine
from .durations import days, days_between, period_between, previous_working_day
from .model import CalculationRequest, Sentence, SentenceKind
from .sentence_dates import Context, SentenceDates, calculate
from .sentences import (
    CalculableSentence,
    passes_pm_filter,
    passes_sds40_filter,
    passes_t3_filter,
)

if TYPE_CHECKING:
    from .extraction import Extracted

DEDUCTION_KINDS = ("REMAND", "TAGGED_BAIL", "RECALL_REMAND", "RECALL_TAGGED_BAIL")

# Order of work within one date (RULES-DETAIL §2.2).
ERS30_SNAPSHOT, COMMENCEMENT, TRANCHE_ALLOCATION, AMENDMENT = 5, 10, 20, 30
SDS40_SNAPSHOT, PM_SNAPSHOT, TRANCHE_RECALCULATION, FTR56_TRANCHE = 35, 36, 37, 40
SENTENCED, MOVEMENT, ADDITIONAL_DAYS, UAL = 50, 60, 70, 90


@dataclass
class Group:
    start: date
    end: date
    sentences: list[CalculableSentence]


@dataclass
class Allocation:
    name: str
    tranche_date: date


_LEGISLATION_EVENTS: dict[int, tuple[law.Profile, dict[date, tuple[int, ...]]]] = {}


def _legislation_events(profile: law.Profile) -> dict[date, tuple[int, ...]]:
    """The events a legislation profile puts on every timeline (commencements, tranche allocations,
    snapshots and recalculations, FTR56 tranches), worked out once per profile."""
    cached = _LEGISLATION_EVENTS.get(id(profile))
    if cached is not None and cached[0] is profile:
        return cached[1]
    events: dict[date, set[int]] = {}

    def add(d: date | None, order: int) -> None:
        if d is not None:
            events.setdefault(d, set()).add(order)

    sds40 = profile.sds40
    add(sds40.commencement, COMMENCEMENT)
    add(profile.t3_date, COMMENCEMENT)
    add(profile.t3_date, AMENDMENT)
    for t in sds40.tranches:
        for order in (TRANCHE_ALLOCATION, SDS40_SNAPSHOT, TRANCHE_RECALCULATION):
            add(t.date, order)
    pm = profile.progression_model
    if pm is not None:
        add(pm.commencement, COMMENCEMENT)
        for t in pm.tranches:
            for order in (TRANCHE_ALLOCATION, PM_SNAPSHOT, TRANCHE_RECALCULATION):
                add(t.date, order)
    for t in profile.ftr56_tranches:
        add(t.date, FTR56_TRANCHE)
    frozen = {d: tuple(sorted(orders)) for d, orders in events.items()}
    _LEGISLATION_EVENTS[id(profile)] = (profile, frozen)
    return frozen


_TRANCHE_DATES: dict[int, tuple[law.EarlyReleaseAct, frozenset[date]]] = {}


def _tranche_dates(act: law.EarlyReleaseAct) -> frozenset[date]:
    """The dates an early release act's tranches commence, worked out once per act."""
    cached = _TRANCHE_DATES.get(id(act))
    if cached is None or cached[0] is not act:
        cached = _TRANCHE_DATES[id(act)] = (act, frozenset(t.date for t in act.tranches))
    return cached[1]


class _Multipliers(dict):
    """Each SDS part's release multiplier, by part index, keeping beside it the multiplier as a pair of
    integers for memo keys (hashing a ``Fraction`` computes a modular inverse; a pair does not) and a
    count of changes."""

    def __init__(self):
        super().__init__()
        self.as_key: dict[int, tuple[int, int]] = {}
        self.changes = 0

    def __setitem__(self, index: int, value: Fraction) -> None:
        super().__setitem__(index, value)
        self.as_key[index] = (value.numerator, value.denominator)
        self.changes += 1


@dataclass
class TimelineOutcome:
    groups: list[Group]
    final: Extracted
    context: Context
    sds40: Allocation | None
    pm: Allocation | None
    ftr56: Allocation | None
    sds40_snapshot: object | None
    pm_snapshot: object | None
    ers30_snapshot: object | None
    log: list[str]


@dataclass
class _Legislations:
    sds40: bool = False
    t3: bool = False
    pm: bool = False
    ftr56_applicable: bool = False
    ftr56_tranche_date: date | None = None
    ftr56_first_done: bool = False


class Timeline:
    """Walks the event dates of one booking and leaves the custodial groups calculated."""

    def __init__(
        self,
        request: CalculationRequest,
        profile: law.Profile,
        bank_holidays: frozenset[date],
        extract: Callable[[list[Group], Timeline], Extracted],
        *,
        explain: bool = True,
    ):
        self.request = request
        self.explain = explain
        self.booking = request.booking
        self.profile = profile
        self.bank_holidays = bank_holidays
        # Extraction is passed in (rather than imported) because it reads the timeline's state.
        self.extract = extract
        self.multipliers = _Multipliers()
        self.context = Context(request, profile, self.multipliers, explain)
        self.current: list[CalculableSentence] = []
        self.released: list[Group] = []
        self.licence: list[CalculableSentence] = []
        self.expired: list[CalculableSentence] = []
        self.latest_release = min(s.sentenced_at for s in self.booking.sentences)
        self.pada = 0
        self.ual_periods: list[tuple[date, date]] = []
        self.laws = _Legislations()
        self.sds40: Allocation | None = None
        self.pm: Allocation | None = None
        self.ftr56: Allocation | None = None
        self.sds40_snapshot = None
        self.pm_snapshot = None
        self.ers30_snapshot = None
        self.log: list[str] = []
        self._dates_cache: dict[tuple, SentenceDates] = {}
        self._sds40_tranche_dates = _tranche_dates(profile.sds40)
        pm = profile.progression_model
        self._pm_tranche_dates = _tranche_dates(pm) if pm is not None else frozenset()

    # ------------------------------------------------------------------ helpers
    def dates(self, cs: CalculableSentence) -> SentenceDates:
        """The sentence's dates for its current state, memoised on everything they depend on. The
        sentence keeps the last answer with the counts of changes it was worked out at: while nothing
        has changed since (most asks), that answer stands without building the key."""
        c = cs.counters
        seen = (self, cs.changes, c.changes, self.multipliers.changes)
        last = cs.__dict__.get("last_dates")
        if last is not None and last[0] == seen:
            return last[1]
        key = (
            cs.key,
            cs.single_term_days,
            c.as_key(),
            cs.legislation,
            cs.tranche_date,
            cs.last_ual_day,
            cs.ftr56_switched,
            cs.ftr56_tranche_date,
            cs.pm_type_switch,
            tuple(map(self.multipliers.as_key.get, cs.key)),
        )
        cached = self._dates_cache.get(key)
        if cached is None:
            cached = self._dates_cache[key] = calculate(cs, self.context)
        cs.__dict__["last_dates"] = (seen, cached)  # not an assignment: it changes nothing the dates read
        return cached

    def _event_dates(self) -> list[tuple[date, tuple[int, ...]]]:
        """Every event date in order, each with its kinds of event in the order they are handled."""
        own: dict[date, set[int]] = {}

        def add(d: date | None, order: int) -> None:
            if d is not None:
                own.setdefault(d, set()).add(order)

        for s in self.booking.sentences:
            add(s.sentenced_at, SENTENCED)
        for m in self.booking.external_movements:
            add(m.movement_date, MOVEMENT)
        for a in self.booking.adjustments:
            if a.kind in ("ADDITIONAL_DAYS_AWARDED", "RESTORATION_OF_ADDITIONAL_DAYS_AWARDED"):
                add(a.applies_from, ADDITIONAL_DAYS)
            elif a.kind == "UNLAWFULLY_AT_LARGE":
                add(a.applies_from, UAL)
        if (
            self.request.toggle("useLatestErsedFromPreErs30Snapshot")
            and self.request.calculate_ersed
            and any(s.sentenced_at > law.ERS30 for s in self.booking.sentences)
        ):
            add(law.ERS30, ERS30_SNAPSHOT)
        events = dict(_legislation_events(self.profile))
        for d, orders in own.items():
            events[d] = tuple(sorted(orders.union(events.get(d, ()))))
        return sorted(events.items())

    # ------------------------------------------------------------------ the walk
    def run(self) -> TimelineOutcome:
        # A recompute of the latest release reads only the current sentences, their state, the
        # multipliers and the context; one asked for when none of those has changed since the last one
        # would give the same answer, so it is skipped (the Progression Model's ten tranche dates each ask).
        changed_since_recompute = True
        for d, orders in self._event_dates():
            self._release_check(d)
            recompute = False
            forbid = False
            for order in orders:
                asked, forbids, changed = _HANDLERS[order](self, d)
                recompute |= asked
                forbid |= forbids
                changed_since_recompute |= changed
            if recompute and not forbid and changed_since_recompute:
                self._recompute_latest_release()
                changed_since_recompute = False
        if self.current:
            self.released.append(Group(min(c.start for c in self.current), self.latest_release, self.current))
            self.current = []
        final = self.full_pass(self.released)
        assert final is not None
        return TimelineOutcome(
            self.released,
            final,
            self.context,
            self.sds40,
            self.pm,
            self.ftr56,
            self.sds40_snapshot,
            self.pm_snapshot,
            self.ers30_snapshot,
            self.log,
        )

    # Each kind of event's handler answers: whether it asks for the latest release to be recomputed,
    # whether it forbids that, and whether it may have changed anything a recompute reads. What certainly
    # changes nothing: a commencement (it sets which laws are in force, which no sentence's dates read), a
    # tranche allocation that allocated nothing, a snapshot not taken, a recalculation that changed nothing.

    def _on_ers30_snapshot(self, d: date) -> tuple[bool, bool, bool]:
        self.ers30_snapshot = self._snapshot()
        return False, False, True

    def _on_commencement(self, d: date) -> tuple[bool, bool, bool]:
        if d == self.profile.sds40.commencement:
            self.laws.sds40 = True
        if d == self.profile.t3_date:
            self.laws.t3 = True
        if self.profile.progression_model and d == self.profile.progression_model.commencement:
            self.laws.pm = True
        return False, False, False

    def _on_tranche_allocation(self, d: date) -> tuple[bool, bool, bool]:
        return True, False, self._allocate_tranches(d)

    def _on_amendment(self, d: date) -> tuple[bool, bool, bool]:
        return self._t3_amendment(), False, True

    def _on_sds40_snapshot(self, d: date) -> tuple[bool, bool, bool]:
        return False, False, self._sds40_snapshot(d)

    def _on_pm_snapshot(self, d: date) -> tuple[bool, bool, bool]:
        return False, False, self._pm_snapshot(d)

    def _on_tranche_recalculation(self, d: date) -> tuple[bool, bool, bool]:
        changed = self._tranche_recalculation(d)
        return changed, False, changed

    def _on_ftr56_tranche(self, d: date) -> tuple[bool, bool, bool]:
        return self._ftr56_event(d), False, True

    def _on_sentenced(self, d: date) -> tuple[bool, bool, bool]:
        self._sentenced(d)
        return True, False, True

    def _on_movement(self, d: date) -> tuple[bool, bool, bool]:
        asked, forbids = self._movement(d)
        return asked, forbids, True

    def _on_additional_days(self, d: date) -> tuple[bool, bool, bool]:
        return self._additional_days(d), False, True

    def _on_ual(self, d: date) -> tuple[bool, bool, bool]:
        self._ual(d)
        return True, False, True

    # ------------------------------------------------------------------ release check (§2.3)
    def _licence_expiry_at_release(self, cs: CalculableSentence, dd: SentenceDates) -> date | None:
        if "SLED" in dd.types:
            c = cs.counters
            a = c.ual_custody - c.deductions + c.ada_custody - c.served_ada
            extra = (-a - dd.release_days) if (a < 0 and -a > dd.release_days) else 0
            return dd.expiry + days(extra)
        return None

    def _release_check(self, d: date) -> None:
        if d > self.latest_release:
            if self.current:
                group = Group(min(c.start for c in self.current), self.latest_release, self.current)
                self.released.append(group)
                for cs in self.current:
                    expiry = self._licence_expiry_at_release(cs, self.dates(cs))
                    if expiry is not None and expiry > d:
                        self.licence.append(cs)
                    else:
                        self.expired.append(cs)
                self.current = []
            self.full_pass(self.released, extract=False)
        still = []
        for cs in self.licence:
            expiry = self._licence_expiry_at_release(cs, self.dates(cs))
            if expiry is not None and d > expiry:
                self.expired.append(cs)
            else:
                still.append(cs)
        self.licence = still

    def _recompute_latest_release(self) -> None:
        if not self.current:
            return
        best, best_dates = None, None
        for cs in self.current:
            dd = self.dates(cs)
            if best_dates is None or dd.release > best_dates.release:
                best, best_dates = cs, dd
        assert best is not None and best_dates is not None
        release = best_dates.release
        if best.tranche_date is not None and release < best.tranche_date:
            release = best.tranche_date
        working = previous_working_day(release, self.bank_holidays)
        self.latest_release = max(best.start, working)

    # ------------------------------------------------------------------ full pass (§2.8)
    def full_pass(self, groups: list[Group], extract: bool = True) -> Extracted | None:
        """Unused ADA, unused licence ADA, then (optionally) extraction (RULES-DETAIL §2.8)."""
        for group in groups:
            for cs in group.sentences:
                dd = self.dates(cs)
                if dd.release_date > dd.expiry:
                    cs.counters.unused_ada += days_between(dd.expiry, dd.release_date)
            latest_expiry = max(self.dates(cs).expiry for cs in group.sentences)
            excess = 0
            for cs in group.sentences:
                dd = self.dates(cs)
                if "LED" in dd.types and not cs.is_1991 and dd.led is not None and dd.led > latest_expiry:
                    excess = max(excess, days_between(latest_expiry, dd.led))
            if excess > 0:
                for cs in group.sentences:
                    cs.counters.unused_licence_ada += excess
        if extract:
            return self.extract(groups, self)
        return None

    def _all_groups_now(self) -> list[Group]:
        groups = list(self.released)
        if self.current:
            groups.append(Group(min(c.start for c in self.current), self.latest_release, self.current))
        return groups

    def _snapshot(self):
        """A full pass over every group so far; nothing to record before the first sentence."""
        groups = self._all_groups_now()
        return self.full_pass(groups) if groups else None

    # ------------------------------------------------------------------ sentenced (§2.5)
    def _multiplier_for_new_part(self, part: Sentence) -> Fraction:
        ra = part.release_arrangements
        candidates: list[tuple[date, Fraction]] = []
        pm = self.profile.progression_model
        if self.laws.pm and pm is not None and passes_pm_filter(part):
            candidates.append((pm.commencement, pm.sds_plus_multiplier if ra.is_sds_plus else pm.sds_multiplier))
        if self.laws.t3 and passes_t3_filter(part):
            candidates.append((self.profile.t3_date, law.ONE_HALF))
        if self.laws.sds40 and passes_sds40_filter(part):
            candidates.append((self.profile.sds40.commencement, self.profile.sds40.sds_multiplier))
        if candidates:
            return max(candidates, key=lambda c: c[0])[1]
        return law.TWO_THIRDS if ra.is_sds_plus else law.ONE_HALF

    def _legislation_for(self, cs: CalculableSentence) -> str:
        candidates: list[tuple[date, str]] = []
        pm = self.profile.progression_model
        if self.laws.pm and pm is not None and any(passes_pm_filter(p) for p in cs.parts):
            candidates.append((pm.commencement, "PM"))
        if self.laws.t3 and any(passes_t3_filter(p) for p in cs.parts):
            candidates.append((self.profile.t3_date, "T3"))
        if self.laws.sds40 and any(passes_sds40_filter(p) for p in cs.parts):
            candidates.append((self.profile.sds40.commencement, "SDS_40"))
        return max(candidates)[1] if candidates else "default"

    def _add_counters(
        self,
        cs: CalculableSentence,
        remand: int = 0,
        tagged: int = 0,
        recall_remand: int = 0,
        recall_tagged: int = 0,
        ada: int = 0,
    ) -> None:
        """Add adjustment days to a sentence through the filters of RULES-DETAIL §4.2."""
        if cs.is_terms_only:
            ada = 0
        if cs.is_civil_a_fine or cs.is_botus:
            remand = tagged = 0
        elif cs.is_pre_pcsc_dto:
            remand = 0
        if cs.is_recall:
            remand = tagged = 0
        else:
            recall_remand = recall_tagged = 0
        c = cs.counters
        # Only counters that change are written: a write counts as a change (``Counters.__setattr__``).
        if remand:
            c.remand += remand
        if tagged:
            c.tagged_bail += tagged
        if recall_remand:
            c.recall_remand += recall_remand
        if recall_tagged:
            c.recall_tagged_bail += recall_tagged
        if ada:
            c.ada_custody += ada

    def _sentenced(self, d: date) -> None:
        new_parts = [s for s in self.booking.sentences if s.sentenced_at == d]
        served = 0
        if self.current:
            setter = self._latest_release_setter()
            rw = self.dates(setter).release_without_awarded
            if d > rw:
                served = days_between(rw, d) - 1
            old_ids = {p.identifier for cs in self.current for p in cs.parts}
            if any(p.consecutive_to in old_ids for p in new_parts):
                served = 0
        template = None
        for cs in self.current:
            if template is None or cs.counters.total > template.counters.total:
                template = cs
        for part in new_parts:
            if part.kind is SentenceKind.SDS:
                self.multipliers[part.index] = self._multiplier_for_new_part(part)
        old_parts = {p.index: p for cs in self.current for p in cs.parts}
        all_parts = list(old_parts.values()) + new_parts
        combination = combine(all_parts)
        new_indexes = {p.index for p in new_parts}
        existing = {cs.key: cs for cs in self.current}
        combined: list[CalculableSentence] = []
        kept: list[CalculableSentence] = []
        part_lists = list(combination.chains)
        if combination.single_term is not None:
            part_lists = [combination.single_term]
        for parts in part_lists:
            key = tuple(p.index for p in parts)
            term_days = combination.single_term_days if combination.single_term is not None else None
            if new_indexes & set(key):
                cs = CalculableSentence(parts, single_term_days=term_days)
                self._initialise_new(cs, d)
                if template is not None:
                    t = template.counters
                    self._add_counters(
                        cs, t.remand, t.tagged_bail, t.recall_remand, t.recall_tagged_bail, t.ada_custody
                    )
                    cs.counters.served_ada = served if served else t.served_ada
                if len(parts) > 1 and term_days is None:
                    for old in self.current:
                        if set(old.key) & set(key):
                            cs.counters.ual_custody += old.counters.ual_custody
                            break
                combined.append(cs)
            elif key in existing:
                kept.append(existing[key])
        group = combined + kept
        group.sort(key=lambda cs: cs.start)
        self.current = group
        todays = [a for a in self.booking.adjustments if a.kind in DEDUCTION_KINDS and a.applies_from == d]
        totals = {k: sum(a.number_of_days for a in todays if a.kind == k) for k in DEDUCTION_KINDS}
        for cs in self.current:
            self._add_counters(
                cs,
                totals["REMAND"],
                totals["TAGGED_BAIL"],
                totals["RECALL_REMAND"],
                totals["RECALL_TAGGED_BAIL"],
                self.pada,
            )
        if any(totals.values()):
            self.log.append(f"{d}: deductions of {sum(totals.values())} days applied to the sentences in custody")
        self.pada = 0

    def _initialise_new(self, cs: CalculableSentence, d: date) -> None:
        cs.legislation = self._legislation_for(cs)
        cs.tranche_date = None
        if cs.legislation == "PM":
            cs.pm_type_switch = True
        if self.laws.ftr56_applicable and any(
            p.recall is not None and p.recall.recall_type == "FIXED_TERM_RECALL_56" for p in cs.parts
        ):
            cs.ftr56_switched = True
        if self.laws.ftr56_applicable:
            cs.ftr56_tranche_date = self.laws.ftr56_tranche_date

    def _latest_release_setter(self) -> CalculableSentence:
        best, best_release = self.current[0], None
        for cs in self.current:
            r = self.dates(cs).release
            if best_release is None or r > best_release:
                best, best_release = cs, r
        return best

    # ------------------------------------------------------------------ movements (§2.6)
    def _movement(self, d: date) -> tuple[bool, bool]:
        movements = self.booking.external_movements
        todays = [i for i, m in enumerate(movements) if m.movement_date == d]
        i = todays[-1]
        m = movements[i]
        if m.direction != "OUT":
            return True, False
        if m.reason == "ERS":
            following = movements[i + 1] if i + 1 < len(movements) else None
            if (following is not None and following.reason == "FAILED_ERS_REMOVAL") or d >= law.ERS_STOP_CLOCK:
                return True, True
        if self.current:
            self.latest_release = d
            self.log.append(f"{d}: released ({m.reason} movement out)")
        return True, True

    # ------------------------------------------------------------------ ADA / RADA (§4.3)
    def _additional_days(self, d: date) -> bool:
        n = sum(
            a.number_of_days
            for a in self.booking.adjustments
            if a.applies_from == d and a.kind == "ADDITIONAL_DAYS_AWARDED"
        )
        n -= sum(
            a.number_of_days
            for a in self.booking.adjustments
            if a.applies_from == d and a.kind == "RESTORATION_OF_ADDITIONAL_DAYS_AWARDED"
        )
        if self.current:
            non_terms = [cs for cs in self.current if not cs.is_terms_only]
            if non_terms and max(self.dates(cs).release_date for cs in non_terms) >= d:
                for cs in self.current:
                    self._add_counters(cs, ada=n)
                return True
            return False
        ftr_on_licence = [cs for cs in self.licence if cs.is_fixed_term_recall]
        rtc = self.booking.return_to_custody_date
        if ftr_on_licence and rtc is not None and d >= rtc:
            for cs in ftr_on_licence:
                cs.counters.ada_after_release += n
            return True
        if not any(cs.is_recall for cs in self.licence):
            self.pada += n
        return False

    # ------------------------------------------------------------------ UAL (§4.5)
    def _ual(self, d: date) -> None:
        entries = [a for a in self.booking.adjustments if a.kind == "UNLAWFULLY_AT_LARGE" and a.applies_from == d]
        u = sum(a.number_of_days for a in entries)
        to_dates = [a.to_date for a in entries if a.to_date is not None]
        last_day = max(to_dates) if to_dates else None
        for cs in self.current:
            cs.last_ual_day = last_day
            release = self.dates(cs).release
            if release >= d:
                cs.counters.ual_custody += u
            elif cs.is_recall:
                cs.counters.ual_after_release += u
        rtc = self.booking.return_to_custody_date
        ftr_window = rtc is not None and any(cs.is_fixed_term_recall for cs in self.licence)
        for cs in self.licence:
            dd = self.dates(cs)
            if dd.release >= d:
                if cs.is_recall:
                    cs.counters.ual_after_release += u
                else:
                    cs.counters.ual_custody += u
            elif cs.is_recall:
                in_window = ftr_window and rtc <= d <= dd.release_date
                cs.counters.ual_after_release += u
                cs.last_ual_day = last_day
                if in_window:
                    cs.counters.ual_after_ftr += u
        for a in entries:
            if a.from_date is not None and a.to_date is not None:
                self.ual_periods.append((a.from_date, a.to_date))

    # ------------------------------------------------------------------ tranches (§6)
    def _in_scope(self) -> list[CalculableSentence]:
        return list(self.licence) + list(self.current)

    def tranche_length(self, cs: CalculableSentence, commencement: date) -> tuple[int, int]:
        """(days, whole years) of the parts sentenced before commencement (RULES-DETAIL §6.1)."""
        kept = [p for p in cs.parts if not p.is_term and p.sentenced_at < commencement]
        if not kept:
            return 0, 0
        start = min(p.sentenced_at for p in kept)
        position = start
        for p in kept:
            position = p.total.end_date(position) + days(1)
        return days_between(start, position), period_between(start, position)[0]

    def _choose_tranche(self, tranches, commencement: date, sentences) -> law.Tranche:
        lengths = [self.tranche_length(cs, commencement) for cs in sentences]
        for tranche in tranches:
            if all(tranche.admits(ld, ly) for ld, ly in lengths):
                return tranche
        return tranches[-1]

    def _allocate_tranches(self, d: date) -> bool:
        """Allocates the SDS40 or Progression Model tranche when ``d`` is one of its tranche dates and
        it may apply; whether it allocated one."""
        allocated = False
        sds40 = self.profile.sds40
        if self.sds40 is None and d in self._sds40_tranche_dates:
            c = sds40.commencement
            might_apply = any(
                self.dates(cs).release > c
                and any(
                    p.kind is SentenceKind.SDS and not p.release_arrangements.is_sds_plus and p.sentenced_at < c
                    for p in cs.parts
                )
                for cs in self._in_scope()
            )
            if might_apply:
                scope = [cs for cs in self._in_scope() if self.dates(cs).adjusted_expiry >= c]
                tranche = self._choose_tranche(sds40.tranches, c, scope)
                if not self._out_of_custody_veto(tranche.date):
                    self.sds40 = Allocation(tranche.name, tranche.date)
                    allocated = True
                    self.log.append(f"{d}: SDS40 {tranche.name} allocated (commences {tranche.date})")
        pm = self.profile.progression_model
        if pm is not None and self.pm is None and d in self._pm_tranche_dates:
            c = pm.commencement
            ual_after = sum(days_between(f, t) for f, t in self.ual_periods if f >= c)
            might_apply = any(
                self.dates(cs).release_without_awarded - days(ual_after) >= c
                and any(passes_pm_filter(p) and p.sentenced_at < c for p in cs.parts)
                for cs in self._in_scope()
            )
            if might_apply:
                scope = [cs for cs in self._in_scope() if self.dates(cs).adjusted_expiry >= c]
                tranche = self._choose_tranche(pm.tranches, c, scope)
                self.pm = Allocation(tranche.name, tranche.date)
                allocated = True
                self.log.append(f"{d}: Progression Model {tranche.name} allocated (commences {tranche.date})")
        return allocated

    def _out_of_custody_veto(self, tranche_date: date) -> bool:
        before = [m for m in self.booking.external_movements if m.movement_date < tranche_date]
        if not before:
            return False
        latest = before[0]
        for movement in before:
            if movement.movement_date >= latest.movement_date:
                latest = movement
        if latest.direction != "OUT":
            return False
        if latest.reason in ("HDC", "ERS", "ECSL"):
            return True
        return not any(f < tranche_date <= t for f, t in self.ual_periods)

    def _t3_amendment(self) -> bool:
        changed = False
        for cs in self.current:
            parts = [p for p in cs.parts if passes_t3_filter(p)]
            if parts:
                for p in parts:
                    self.multipliers[p.index] = law.ONE_HALF
                cs.legislation = "T3"
                cs.tranche_date = None
                changed = True
        return changed

    def _sds40_snapshot(self, d: date) -> bool:
        """Takes the SDS40 snapshot on its tranche date, if anything is to be modified; whether it did."""
        if self.sds40 is None or self.sds40.tranche_date != d:
            return False
        if self._to_modify(d, passes_sds40_filter):
            self.sds40_snapshot = self._snapshot()
            return True
        return False

    def _pm_snapshot(self, d: date) -> bool:
        """Takes the Progression Model snapshot on its tranche date; whether it did."""
        if self.pm is None or self.pm.tranche_date != d:
            return False
        if self.current or self.licence or self.released:
            self.pm_snapshot = self._snapshot()
            return True
        return False

    def _to_modify(self, d: date, part_filter) -> list[CalculableSentence]:
        return [cs for cs in self._in_scope() if self.dates(cs).release > d and any(part_filter(p) for p in cs.parts)]

    def _tranche_recalculation(self, d: date) -> bool:
        changed = False
        if self.sds40 is not None and self.sds40.tranche_date == d:
            for cs in self._to_modify(d, passes_sds40_filter):
                for p in cs.parts:
                    if passes_sds40_filter(p):
                        self.multipliers[p.index] = self.profile.sds40.sds_multiplier
                cs.legislation, cs.tranche_date = "SDS_40", d
                cs.counters.unused_ada = cs.counters.unused_licence_ada = 0
                changed = True
        pm = self.profile.progression_model
        if pm is not None and self.pm is not None and self.pm.tranche_date == d:
            for cs in self._to_modify(d, passes_pm_filter):
                for p in cs.parts:
                    if passes_pm_filter(p):
                        plus = p.release_arrangements.is_sds_plus
                        self.multipliers[p.index] = pm.sds_plus_multiplier if plus else pm.sds_multiplier
                cs.legislation, cs.tranche_date = "PM", d
                cs.pm_type_switch = True
                cs.counters.unused_ada = cs.counters.unused_licence_ada = 0
                changed = True
        return changed

    # ------------------------------------------------------------------ FTR56 (§6.6)
    @staticmethod
    def _has_ftr56_part(cs: CalculableSentence) -> bool:
        return any(p.recall is not None and p.recall.recall_type == "FIXED_TERM_RECALL_56" for p in cs.parts)

    def _ftr56_event(self, d: date) -> bool:
        tranches = self.profile.ftr56_tranches
        first = tranches[0].date
        if not self.laws.ftr56_first_done and d == first:
            self.laws.ftr56_first_done = True
            self.laws.ftr56_applicable = True
            pool = [cs for cs in self._in_scope() + self.expired if self._has_ftr56_part(cs)]
            revocations = [
                p.recall.revocation_date
                for cs in pool
                for p in cs.parts
                if p.recall is not None and p.recall.revocation_date is not None
            ]
            if revocations:
                latest_revocation = max(revocations)
                eligible = []
                for cs in pool:
                    revocation = cs.recall.revocation_date if cs.recall else None
                    if (
                        self.dates(cs).adjusted_expiry > latest_revocation
                        and revocation != first
                        and any(
                            p.recall is not None
                            and p.recall.recall_type == "FIXED_TERM_RECALL_56"
                            and p.recall.return_to_custody_date is not None
                            and p.recall.return_to_custody_date <= first
                            for p in cs.parts
                        )
                    ):
                        eligible.append(cs)
                if eligible:
                    tranche = self._choose_tranche(tranches, first, eligible)
                    self.ftr56 = Allocation(tranche.name, tranche.date)
                    self.laws.ftr56_tranche_date = tranche.date
                    self.log.append(f"{d}: FTR56 {tranche.name} allocated (from {tranche.date})")
        if not self.laws.ftr56_applicable:
            return False
        targets = [cs for cs in self._in_scope() if self._has_ftr56_part(cs) and self.dates(cs).release_date > d]
        for cs in targets:
            cs.ftr56_switched = True
            cs.ftr56_tranche_date = self.laws.ftr56_tranche_date
            cs.counters.unused_ada = 0
        return bool(targets) or (self.ftr56 is not None and self.ftr56.tranche_date == d)


_HANDLERS: dict[int, Callable[[Timeline, date], tuple[bool, bool, bool]]] = {
    ERS30_SNAPSHOT: Timeline._on_ers30_snapshot,
    COMMENCEMENT: Timeline._on_commencement,
    TRANCHE_ALLOCATION: Timeline._on_tranche_allocation,
    AMENDMENT: Timeline._on_amendment,
    SDS40_SNAPSHOT: Timeline._on_sds40_snapshot,
    PM_SNAPSHOT: Timeline._on_pm_snapshot,
    TRANCHE_RECALCULATION: Timeline._on_tranche_recalculation,
    FTR56_TRANCHE: Timeline._on_ftr56_tranche,
    SENTENCED: Timeline._on_sentenced,
    MOVEMENT: Timeline._on_movement,
    ADDITIONAL_DAYS: Timeline._on_additional_days,
    UAL: Timeline._on_ual,
}
