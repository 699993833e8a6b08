"""Immutable domain objects for one calculation request (RULES §1.3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .durations import Duration, sum_durations


class SentenceKind(StrEnum):
    SDS = "StandardSentence"
    EDS = "ExtendedDeterminateSentence"
    SOPC = "SopcSentence"
    A_FINE = "AFineSentence"
    DTO = "DetentionAndTrainingOrderSentence"
    BOTUS = "BotusSentence"


TERM_KINDS = frozenset({SentenceKind.A_FINE, SentenceKind.DTO, SentenceKind.BOTUS})


@dataclass(frozen=True)
class Offender:
    reference: str
    date_of_birth: date
    is_active_sex_offender: bool = False


@dataclass(frozen=True)
class Offence:
    committed_at: date | None
    offence_code: str | None = None


@dataclass(frozen=True)
class Recall:
    recall_type: str
    revocation_date: date | None = None
    return_to_custody_date: date | None = None

    @property
    def is_fixed_term(self) -> bool:
        return self.recall_type.startswith("FIXED_TERM_RECALL")


@dataclass(frozen=True)
class ReleaseArrangements:
    is_sds_plus: bool = False
    is_sds_plus_eligible: bool = False
    exclusions: frozenset[str] = frozenset()
    is_section_250: bool = False


@dataclass(frozen=True)
class Sentence:
    """One sentence as imposed by the court (a "part" when it sits in a chain)."""

    index: int
    kind: SentenceKind
    identifier: str
    offence: Offence
    sentenced_at: date
    duration: Duration | None = None
    custodial_duration: Duration | None = None
    extension_duration: Duration | None = None
    consecutive_to: str | None = None
    recall: Recall | None = None
    release_arrangements: ReleaseArrangements = ReleaseArrangements()
    automatic_release: bool = False
    sdopcu18: bool = False
    fine_amount: float | None = None
    latest_tused_date: date | None = None

    @property
    def custodial(self) -> Duration:
        """The custodial term: the whole term except for EDS/SOPC."""
        if self.kind in (SentenceKind.EDS, SentenceKind.SOPC):
            assert self.custodial_duration is not None
            return self.custodial_duration
        assert self.duration is not None
        return self.duration

    @property
    def total(self) -> Duration:
        """The whole term: custodial plus extension for EDS/SOPC (element-wise sum)."""
        if self.kind in (SentenceKind.EDS, SentenceKind.SOPC):
            assert self.custodial_duration is not None and self.extension_duration is not None
            return sum_durations([self.custodial_duration, self.extension_duration])
        assert self.duration is not None
        return self.duration

    @property
    def is_term(self) -> bool:
        return self.kind in TERM_KINDS


@dataclass(frozen=True)
class Adjustment:
    kind: str
    applies_from: date | None
    number_of_days: int
    from_date: date | None = None
    to_date: date | None = None
    ual_reason: str | None = None


@dataclass(frozen=True)
class ExternalMovement:
    movement_date: date
    reason: str
    direction: str


@dataclass(frozen=True)
class FixedTermRecallDetails:
    return_to_custody_date: date | None
    recall_length: int | None


@dataclass(frozen=True)
class Booking:
    offender: Offender
    sentences: tuple[Sentence, ...]
    adjustments: tuple[Adjustment, ...] = ()
    return_to_custody_date: date | None = None
    fixed_term_recall_details: FixedTermRecallDetails | None = None
    external_movements: tuple[ExternalMovement, ...] = ()

    def adjustments_of(self, *kinds: str) -> tuple[Adjustment, ...]:
        return tuple(a for a in self.adjustments if a.kind in kinds)


@dataclass(frozen=True)
class CalculationRequest:
    booking: Booking
    profile: str
    calculate_ersed: bool = False
    enabled_toggles: frozenset[str] = frozenset()
    case_id: str | None = None

    def toggle(self, name: str) -> bool:
        """Feature toggles are off unless the request switches them on."""
        return name in self.enabled_toggles
