"""Reads of sentence records, always through the reader's scope.

Anyone who may see a person may read their sentences and adjustments - Business Administrators and Hub
Managers, the Head of Offender Management Delivery and Offender Managers of the person's units, and
auditors - because release planning and oversight rest on them; only the hub changes them
(``services.can_record_sentences``). A person outside the reader's units does not exist for them.
"""

import datetime
from dataclasses import dataclass, field

from omhub.accounts.permissions import Capability, has
from omhub.calculations import record_checks as checks
from omhub.calculations.models import Adjustment, AdjustmentKind, Booking, CourtCase, RecallType, Sentence, SentenceKind
from omhub.people.models import Person


def can_read_sentences(user) -> bool:
    return has(user, Capability.VIEW_PEOPLE)


def person_for(user, person_id: int) -> Person:
    """The person if the reader may see them; Person.DoesNotExist otherwise (PermissionDenied for a role
    that sees no one's records)."""
    from omhub.people.selectors import get_person

    return get_person(user, person_id)


def active_booking_of(person: Person) -> Booking | None:
    return Booking.objects.filter(person=person, is_active=True).first()


@dataclass
class SentenceRow:
    sentence: Sentence
    term: str
    served: str  # "Concurrent" or "Consecutive to line 1"
    flags: list[str]


@dataclass
class CourtCaseGroup:
    court_case: CourtCase
    rows: list[SentenceRow]


@dataclass
class AdjustmentRow:
    adjustment: Adjustment
    name: str
    details: list[str]


@dataclass
class AdjustmentTotal:
    name: str
    count: int
    days: int


@dataclass
class BookingSummary:
    """A booking as its page shows it: court cases with their sentences in words, and the adjustments
    with their totals."""

    booking: Booking | None
    groups: list[CourtCaseGroup] = field(default_factory=list)
    adjustments: list[AdjustmentRow] = field(default_factory=list)
    totals: list[AdjustmentTotal] = field(default_factory=list)
    days_deducted: int = 0
    days_added: int = 0

    @property
    def version(self) -> int:
        return self.booking.version if self.booking else 0

    @property
    def sentence_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)


def term_of(sentence: Sentence) -> str:
    if sentence.kind in checks.EXTENDED_KINDS:
        return (f"{checks.term_in_words(sentence.custodial_duration)} custodial term, "
                f"{checks.term_in_words(sentence.extension_duration)} extension period")
    return checks.term_in_words(sentence.duration)


def flags_of(sentence: Sentence) -> list[str]:
    extra = sentence.extra or {}
    flags = []
    if sentence.is_sds_plus:
        flags.append("SDS+")
    elif sentence.is_sds_plus_eligible:
        flags.append("SDS+ eligible, not SDS+")
    flags.extend(checks.EXCLUSIONS.get(code, code) for code in sentence.early_release_exclusions or [])
    if sentence.is_section_250:
        flags.append("Section 250")
    if extra.get("automaticRelease"):
        flags.append("Automatic release")
    if extra.get("sdopcu18"):
        flags.append("Under 18 (SDOPCU18)")
    if extra.get("latestTusedDate"):
        flags.append(f"Latest TUSED {extra['latestTusedDate'][:10]}")
    if sentence.fine_amount is not None:
        flags.append(f"Fine of £{sentence.fine_amount:,.2f}")
    if sentence.recall_type:
        recall = RecallType(sentence.recall_type).label
        if sentence.revocation_date:
            recall += f", licence revoked {checks.day(sentence.revocation_date)}"
        if sentence.return_to_custody_date:
            recall += f", back in custody {checks.day(sentence.return_to_custody_date)}"
        flags.append(recall)
    return flags


def kind_name(kind: str) -> str:
    return SentenceKind(kind).label if kind in SentenceKind.values else kind


def _details(adjustment: Adjustment) -> list[str]:
    details = []
    if adjustment.kind in checks.DEDUCTION_KINDS and adjustment.applies_from:
        details.append(f"Counts towards the sentences passed on {checks.day(adjustment.applies_from)}")
    elif adjustment.applies_from and adjustment.applies_from != adjustment.from_date:
        details.append(f"Counts from {checks.day(adjustment.applies_from)}")
    if adjustment.ual_reason:
        details.append(checks.UAL_REASONS.get(adjustment.ual_reason, adjustment.ual_reason))
    if adjustment.adjudication_reference:
        details.append(f"Adjudication {adjustment.adjudication_reference}")
    return details


def booking_summary(booking: Booking | None) -> BookingSummary:
    summary = BookingSummary(booking=booking)
    if booking is None:
        return summary
    sentences = list(booking.sentences.select_related("consecutive_to").order_by("line_number"))
    for court_case in booking.court_cases.order_by("appearance_date", "id"):
        rows = [SentenceRow(sentence=sentence, term=term_of(sentence), flags=flags_of(sentence),
                            served=f"Consecutive to line {sentence.consecutive_to.line_number}"
                            if sentence.consecutive_to_id else "Concurrent")
                for sentence in sentences if sentence.court_case_id == court_case.pk]
        summary.groups.append(CourtCaseGroup(court_case=court_case, rows=rows))
    order = list(AdjustmentKind.values)
    adjustments = sorted(booking.adjustments.select_related("source_work_item"), key=lambda a: (
        order.index(a.kind), a.from_date is None, a.from_date or datetime.date.min, a.pk))
    summary.adjustments = [AdjustmentRow(adjustment=a, name=checks.ADJUSTMENT_NAMES[a.kind], details=_details(a))
                           for a in adjustments]
    for kind in order:
        of_kind = [a for a in adjustments if a.kind == kind]
        if of_kind:
            summary.totals.append(AdjustmentTotal(name=checks.ADJUSTMENT_NAMES[kind], count=len(of_kind),
                                                  days=sum(a.days for a in of_kind)))
    summary.days_deducted = sum(a.days for a in adjustments if a.kind in checks.DEDUCTION_KINDS)
    summary.days_added = sum(a.days for a in adjustments if a.kind in (
        AdjustmentKind.UNLAWFULLY_AT_LARGE, AdjustmentKind.ADDITIONAL_DAYS_AWARDED)) - sum(
        a.days for a in adjustments if a.kind == AdjustmentKind.RESTORATION_OF_ADDITIONAL_DAYS_AWARDED)
    return summary
