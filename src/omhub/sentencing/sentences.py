"""Calculable sentences: a single sentence, a consecutive chain or a single term.

Identification facts about one court sentence ("part") are pure functions of the input; the
``CalculableSentence`` also carries the mutable calculation state that the timeline walk
accumulates (adjustment counters, the legislation that governs it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import cached_property

from . import legislation as law
from .durations import Duration, days_between, is_less_than, plus_months, sum_durations
from .model import Sentence, SentenceKind

Kind = SentenceKind


# ---------------------------------------------------------------- part-level identification


def is_1991_act(part: Sentence) -> bool:
    """SDS sentenced before LASPO for an offence before the CJA 2003 (RULES-DETAIL §5.1)."""
    committed = part.offence.committed_at
    return (
        part.kind is Kind.SDS and part.sentenced_at < law.LASPO and committed is not None and committed < law.CJA_2003
    )


def is_ora(part: Sentence) -> bool:
    committed = part.offence.committed_at
    return committed is not None and committed >= law.ORA


def is_sds_plus(part: Sentence) -> bool:
    return part.kind is Kind.SDS and part.release_arrangements.is_sds_plus


def is_ped_bearing(part: Sentence) -> bool:
    """Discretionary EDS and SOPC parts: released at the full custodial term unless paroled."""
    return (part.kind is Kind.EDS and not part.automatic_release) or part.kind is Kind.SOPC


def ped_multiplier(part: Sentence) -> Fraction:
    if part.kind is Kind.SOPC and part.sentenced_at < law.PCSC and not part.sdopcu18:
        return law.ONE_HALF
    return law.TWO_THIRDS


def fixed_multiplier(part: Sentence) -> Fraction:
    """Release multiplier of a non-SDS part (RULES-DETAIL §3.4)."""
    if part.kind is Kind.EDS:
        return law.TWO_THIRDS if part.automatic_release else law.FULL
    if part.kind is Kind.SOPC or part.kind is Kind.BOTUS:
        return law.FULL
    if part.kind is Kind.A_FINE:
        big_fine = (part.fine_amount or 0) >= law.A_FINE_TEN_MILLION_AMOUNT
        return law.FULL if big_fine and part.sentenced_at >= law.A_FINE_TEN_MILLION else law.ONE_HALF
    return law.ONE_HALF


def is_pre_pcsc_dto(part: Sentence) -> bool:
    return part.kind is Kind.DTO and part.sentenced_at < law.PCSC


def passes_sds40_filter(part: Sentence) -> bool:
    return (
        part.kind is Kind.SDS
        and not part.release_arrangements.is_sds_plus
        and not (part.release_arrangements.exclusions & law.SDS40_EXCLUSIONS)
    )


def passes_t3_filter(part: Sentence) -> bool:
    return (
        part.kind is Kind.SDS
        and not part.release_arrangements.is_sds_plus
        and bool(part.release_arrangements.exclusions & law.T3_EXCLUSIONS)
    )


def passes_pm_filter(part: Sentence) -> bool:
    ra = part.release_arrangements
    return (
        part.kind is Kind.SDS
        and not ra.is_section_250
        and part.recall is None
        and not (ra.is_sds_plus_eligible and not ra.is_sds_plus)
        and not (ra.exclusions & law.PROGRESSION_MODEL_EXCLUSIONS)
    )


# ---------------------------------------------------------------- calculation state


@dataclass
class Counters:
    """Adjustment day counters held by every calculable sentence (RULES-DETAIL §4.1)."""

    remand: int = 0
    tagged_bail: int = 0
    recall_remand: int = 0
    recall_tagged_bail: int = 0
    ada_custody: int = 0
    ada_after_release: int = 0
    ual_custody: int = 0
    ual_after_release: int = 0
    ual_after_ftr: int = 0
    served_ada: int = 0
    unused_ada: int = 0
    unused_licence_ada: int = 0

    def __setattr__(self, name: str, value) -> None:
        # Counts changes, so that a sentence's memoised dates can tell they are still current without
        # building a key of everything (``Timeline.dates``).
        state = self.__dict__
        state[name] = value
        state["changes"] = state.get("changes", 0) + 1

    def as_key(self) -> tuple[int, ...]:
        """The counters as a flat tuple, for memo keys (``dataclasses.astuple`` deep-copies: far slower)."""
        return (self.remand, self.tagged_bail, self.recall_remand, self.recall_tagged_bail, self.ada_custody,
                self.ada_after_release, self.ual_custody, self.ual_after_release, self.ual_after_ftr,
                self.served_ada, self.unused_ada, self.unused_licence_ada)

    @property
    def deductions(self) -> int:
        return self.remand + self.tagged_bail + self.recall_remand + self.recall_tagged_bail

    @property
    def total(self) -> int:
        return (
            self.deductions
            + self.ada_custody
            + self.ada_after_release
            + self.ual_custody
            + self.ual_after_release
            + self.served_ada
        )


@dataclass(eq=False)
class CalculableSentence:
    """What the engine calculates: one part, a chain of parts, or a merged single term."""

    parts: tuple[Sentence, ...]
    single_term_days: int | None = None
    counters: Counters = field(default_factory=Counters)
    legislation: str = "default"
    tranche_date: date | None = None
    last_ual_day: date | None = None
    ftr56_switched: bool = False
    ftr56_tranche_date: date | None = None
    pm_type_switch: bool = False

    def __setattr__(self, name: str, value) -> None:
        # Counts changes to the sentence's state (as ``Counters`` does), for ``Timeline.dates``.
        state = self.__dict__
        state[name] = value
        state["changes"] = state.get("changes", 0) + 1

    # -- structure
    @cached_property
    def key(self) -> tuple[int, ...]:
        """The parts' indices: what the sentence is made of (its parts never change once made)."""
        return tuple(p.index for p in self.parts)

    @property
    def is_single_term(self) -> bool:
        return self.single_term_days is not None

    @property
    def is_chain(self) -> bool:
        return len(self.parts) > 1 and not self.is_single_term

    @property
    def first(self) -> Sentence:
        return self.parts[0]

    @cached_property
    def start(self) -> date:
        return min(p.sentenced_at for p in self.parts)

    @cached_property
    def offence_date(self) -> date | None:
        dated = [p.offence.committed_at for p in self.parts if p.offence.committed_at is not None]
        return min(dated) if dated else None

    @property
    def recall(self):
        return self.first.recall

    @property
    def is_recall(self) -> bool:
        return self.first.recall is not None

    @property
    def recall_type(self) -> str | None:
        return self.first.recall.recall_type if self.first.recall else None

    @property
    def is_fixed_term_recall(self) -> bool:
        return self.first.recall is not None and self.first.recall.is_fixed_term

    def kinds(self) -> set[Kind]:
        return {p.kind for p in self.parts}

    @property
    def is_dto(self) -> bool:
        return all(p.kind is Kind.DTO for p in self.parts)

    @property
    def is_terms_only(self) -> bool:
        return all(p.is_term for p in self.parts)

    @property
    def is_botus(self) -> bool:
        return all(p.kind is Kind.BOTUS for p in self.parts)

    @property
    def is_a_fine(self) -> bool:
        return all(p.kind is Kind.A_FINE for p in self.parts)

    @property
    def has_extended_part(self) -> bool:
        return any(p.kind in (Kind.EDS, Kind.SOPC) for p in self.parts)

    @property
    def sds_parts(self) -> list[Sentence]:
        return [p for p in self.parts if p.kind is Kind.SDS]

    @property
    def is_pre_pcsc_dto(self) -> bool:
        return self.is_dto and all(is_pre_pcsc_dto(p) for p in self.parts)

    @property
    def is_1991(self) -> bool:
        """Identified under the 1991 Act (single, single term or an all-1991 SDS chain)."""
        sds = self.sds_parts
        return bool(sds) and len(sds) == len(self.parts) and all(is_1991_act(p) for p in sds)

    @property
    def is_civil_a_fine(self) -> bool:
        return self.is_a_fine and all(p.offence.offence_code in law.CIVIL_A_FINE_OFFENCE_CODES for p in self.parts)

    @property
    def is_adult_for_hdc(self) -> bool:
        """'Adult' for the HDC toggles: anything except section 250 SDS and terms."""
        return not all(p.is_term or (p.kind is Kind.SDS and p.release_arrangements.is_section_250) for p in self.parts)

    # -- lengths
    @cached_property
    def length_days(self) -> int:
        """The length used in every "less than N" comparison (RULES-DETAIL §1.2, §3.6)."""
        if self.single_term_days is not None:
            return self.single_term_days
        total = sum_durations(p.total for p in self.parts)
        length = total.length_days(self.start)
        if self.is_chain and self.is_dto:
            cap = Duration(months=24).length_days(self.start)
            if total.end_date(self.start) > plus_months(self.start, 24):
                length = cap
        return length

    def shorter_than(self, years: int = 0, months: int = 0) -> bool:
        # Asked many times a calculation, of parts that never change: answers are kept.
        answers = self.__dict__.setdefault("shorter_than_answers", {})
        answer = answers.get((years, months))
        if answer is None:
            answer = answers[(years, months)] = is_less_than(self.length_days, self.start, years, months)
        return answer

    def spans(self, boundary: date) -> bool:
        dates = [p.sentenced_at for p in self.parts]
        return min(dates) < boundary <= max(dates)

    def describe(self) -> str:
        if self.is_single_term:
            return f"single term of {self.single_term_days} days from {self.start}"
        labels = [f"{_kind_label(p)} of {_term_label(p)} sentenced {p.sentenced_at}" for p in self.parts]
        if len(labels) == 1:
            return labels[0]
        return "consecutive chain [" + ", then ".join(labels) + "]"


def _term_label(part: Sentence) -> str:
    if part.kind in (Kind.EDS, Kind.SOPC):
        assert part.extension_duration is not None
        return f"{part.custodial.describe()} custodial + {part.extension_duration.describe()} extension"
    return part.total.describe()


def _kind_label(part: Sentence) -> str:
    if part.kind is Kind.SDS:
        return "SDS+" if part.release_arrangements.is_sds_plus else "SDS"
    return {
        Kind.EDS: "EDS",
        Kind.SOPC: "SOPC",
        Kind.A_FINE: "A-FINE default term",
        Kind.DTO: "DTO",
        Kind.BOTUS: "BOTUS",
    }[part.kind]


def single_term_days_1991(parts: list[Sentence]) -> int:
    """Days of a 1991-Act single term: from the first two parts only (RULES-DETAIL §3.7)."""
    a, b = parts[0], parts[1]
    start = min(a.sentenced_at, b.sentenced_at)
    end = max(a.total.end_date(a.sentenced_at), b.total.end_date(b.sentenced_at))
    return days_between(start, end) + 1


def single_term_days_dto(parts: list[Sentence]) -> int:
    earliest_date = min(p.sentenced_at for p in parts)
    latest_date = max(p.sentenced_at for p in parts)

    def longest(on: date) -> Sentence:
        candidates = [p for p in parts if p.sentenced_at == on]
        return max(candidates, key=lambda p: p.total.length_days(p.sentenced_at))

    first, last = longest(earliest_date), longest(latest_date)
    end = max(first.total.end_date(first.sentenced_at), last.total.end_date(last.sentenced_at))
    total = days_between(earliest_date, end) + 1
    cap_end = plus_months(earliest_date, 24)
    if end > cap_end:
        total = days_between(earliest_date, cap_end)
    return total
