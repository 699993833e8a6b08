"""Reads for calculating, checking and confirming: always within the user's units.

Who reads what: a sentence calculation item and its calculations are hub casework, seen by those who see
casework in the item's unit (Business Administrators, Hub Managers, the Head of Offender Management
Delivery, auditors). Confirmed key dates are part of the person's record: everyone who may see the person
sees them.
"""

from dataclasses import dataclass, field

from omhub.calculations import checking, release_dates
from omhub.calculations.models import (
    EARLY_RELEASE_EXCLUSIONS,
    AdjustmentKind,
    Booking,
    Calculation,
    ConfirmedKeyDates,
    RecallType,
    SentenceKind,
)
from omhub.casework import selectors as casework_selectors
from omhub.casework.models import WorkItem
from omhub.sentencing.validation import MESSAGES

PROFILE_NAMES = {
    "calculation-params": "The law in force (SDS40 early release)",
    "sds-50": "Release at the halfway point, as before SDS40",
    "sds-progression-model-october": "The Progression Model (from October 2026), with SDS40",
}
# Adjustments that bring release forward, and those that put it back.
DEDUCTIONS = (AdjustmentKind.REMAND, AdjustmentKind.TAGGED_BAIL, AdjustmentKind.RECALL_REMAND,
              AdjustmentKind.RECALL_TAGGED_BAIL, AdjustmentKind.RESTORATION_OF_ADDITIONAL_DAYS_AWARDED)
ADDITIONS = (AdjustmentKind.UNLAWFULLY_AT_LARGE, AdjustmentKind.ADDITIONAL_DAYS_AWARDED)


def profile_name(profile: str) -> str:
    """A legislation profile in words, with its code as the engine knows it."""
    name = PROFILE_NAMES.get(profile)
    return f"{name} ({profile})" if name else profile


def calculation_item(user, reference: str) -> WorkItem:
    """A sentence calculation work item in the user's units (WorkItem.DoesNotExist otherwise: another
    unit's item, or an item of another case type, is not a sentence calculation to them)."""
    item = casework_selectors.get_work_item(user, reference)
    if not checking.is_calculation_item(item):
        raise WorkItem.DoesNotExist(f"{reference} is not a sentence calculation")
    return item


@dataclass
class CalculationView:
    """A calculation as the pages and the API show it."""

    calculation: Calculation
    is_current: bool = False
    is_recalculation: bool = False
    matches_current: bool | None = None
    differences: list[dict] = field(default_factory=list)

    @property
    def dates(self) -> list[dict]:
        dates = self.calculation.dates
        return [{"code": code, "name": name, "date": release_dates.as_dates({code: dates[code]})[code]}
                for code, name in release_dates.ordered(dates)]

    @property
    def validation_messages(self) -> list[dict]:
        return [{"code": code, "message": MESSAGES.get(code, code)} for code in self.calculation.validation]

    @property
    def length_in_words(self) -> str:
        return release_dates.length_in_words(self.calculation.effective_sentence_length)

    @property
    def needs_manual_dates(self) -> bool:
        return checking.needs_manual_dates(self.calculation)

    @property
    def problems(self) -> list[str]:
        return checking.blocking_problems(self.calculation)

    @property
    def profile_name(self) -> str:
        return profile_name(self.calculation.profile)


def calculations_of(item: WorkItem) -> list[CalculationView]:
    """Every calculation of the item, latest first, each marked current, recalculation or neither."""
    current = checking.current_calculation(item)
    views = []
    for calculation in item.calculations.select_related("calculated_by").order_by("-id"):
        view = CalculationView(calculation, is_current=current is not None and calculation.pk == current.pk)
        if current is not None and calculation.status == Calculation.Status.PRELIMINARY and \
                calculation.pk > current.pk:
            view.is_recalculation = True
            view.matches_current = checking.same_result(current, calculation)
            view.differences = release_dates.differences(current.dates, calculation.dates)
        views.append(view)
    return views


def view_of(item: WorkItem, calculation: Calculation) -> CalculationView:
    return next(view for view in calculations_of(item) if view.calculation.pk == calculation.pk)


# -- what the calculation reads ----------------------------------------------------------------------------


def _exclusions(codes) -> list[str]:
    return [EARLY_RELEASE_EXCLUSIONS.get(code, code) for code in codes or []]


def _sentence_row(sentence, followers: dict[int, list[int]] | None = None) -> dict:
    if sentence.kind in (SentenceKind.EDS, SentenceKind.SOPC):
        term = (f"custodial term {release_dates.term_in_words(sentence.custodial_duration)}, extension period "
                f"{release_dates.term_in_words(sentence.extension_duration)}")
    else:
        term = release_dates.term_in_words(sentence.duration)
    arrangements = []
    if sentence.is_sds_plus:
        arrangements.append("SDS+ (serves two thirds)")
    if sentence.is_section_250:
        arrangements.append("Section 250 (a child's sentence)")
    arrangements += [f"Excluded from early release: {label.lower()}" for label in
                     _exclusions(sentence.early_release_exclusions)]
    recall = None
    if sentence.recall_type:
        recall = {"type": dict(RecallType.choices).get(sentence.recall_type, sentence.recall_type),
                  "revocation_date": sentence.revocation_date,
                  "return_to_custody_date": sentence.return_to_custody_date}
    return {
        "line": sentence.line_number, "kind": sentence.get_kind_display(), "offence_code": sentence.offence_code,
        "offence_description": sentence.offence_description, "offence_date": sentence.offence_committed_at,
        "sentenced_at": sentence.sentenced_at, "term": term,
        "consecutive_to": sentence.consecutive_to.line_number if sentence.consecutive_to_id else None,
        "followed_by": (followers or {}).get(sentence.pk, []),
        "arrangements": arrangements, "fine_amount": sentence.fine_amount, "recall": recall,
    }


def booking_summary(booking: Booking | None) -> dict:
    """Everything of a booking that a calculation reads, grouped as a person checks it."""
    if booking is None:
        return {"booking": None, "court_cases": [], "adjustments": [], "totals": {}, "sentence_count": 0}
    sentences = list(booking.sentences.select_related("consecutive_to", "court_case").order_by("line_number"))
    followers: dict[int, list[int]] = {}
    for sentence in sentences:
        if sentence.consecutive_to_id:
            followers.setdefault(sentence.consecutive_to_id, []).append(sentence.line_number)
    court_cases = []
    for court_case in booking.court_cases.order_by("appearance_date", "id"):
        rows = [_sentence_row(s, followers) for s in sentences if s.court_case_id == court_case.pk]
        if rows:
            court_cases.append({"court_case": court_case, "sentences": rows})
    adjustments = list(booking.adjustments.order_by("kind", "from_date", "id"))
    by_kind: dict[str, int] = {}
    for adjustment in adjustments:
        by_kind[adjustment.kind] = by_kind.get(adjustment.kind, 0) + adjustment.days
    totals = {
        "by_kind": [{"kind": AdjustmentKind(kind).label, "days": days} for kind, days in by_kind.items()],
        "deducted": sum(days for kind, days in by_kind.items() if kind in DEDUCTIONS),
        "added": sum(days for kind, days in by_kind.items() if kind in ADDITIONS),
    }
    return {"booking": booking, "court_cases": court_cases, "adjustments": adjustments, "totals": totals,
            "sentence_count": len(sentences)}


# -- confirmed key dates ---------------------------------------------------------------------------------------


@dataclass
class ConfirmedVersion:
    confirmed: ConfirmedKeyDates
    changes: list[str]
    dates: list[dict]
    is_manual: bool
    work_item_reference: str

    @property
    def profile_name(self) -> str:
        return profile_name(self.confirmed.profile)


def confirmed_versions(person) -> list[ConfirmedVersion]:
    """A person's confirmed key dates, newest first, each with what changed from the version before.
    The caller has already found the person within the user's units."""
    rows = list(ConfirmedKeyDates.objects.filter(person=person)
                .select_related("prepared_by", "confirmed_by", "calculation__work_item").order_by("number"))
    versions = []
    previous: dict = {}
    for confirmed in rows:
        changes = [release_dates.describe_difference(change)
                   for change in release_dates.differences(previous, confirmed.dates)]
        dates = [{"code": code, "name": name, "date": release_dates.as_dates({code: confirmed.dates[code]})[code]}
                 for code, name in release_dates.ordered(confirmed.dates)]
        versions.append(ConfirmedVersion(confirmed=confirmed, changes=changes if previous else [], dates=dates,
                                         is_manual=confirmed.calculation.is_manual,
                                         work_item_reference=confirmed.calculation.work_item.reference))
        previous = confirmed.dates
    return list(reversed(versions))


def latest_confirmed(person) -> ConfirmedKeyDates | None:
    return ConfirmedKeyDates.objects.filter(person=person).order_by("-number").first()
