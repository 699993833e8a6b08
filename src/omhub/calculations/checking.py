"""A sentence calculation as hub work: calculated by its preparer, checked by someone else, and only
then confirmed as the person's key dates.

The work item (case type "sentence-calculation") moves through the ordinary casework life; this module
adds what is particular to it:

* ``calculate`` runs the engine on the person's active booking and keeps a ``Calculation`` with the exact
  inputs, profile and engine version. Made by the preparer it becomes the item's *current* calculation
  (earlier ones are superseded); made by the checker during the second check it is a *recalculation*,
  kept beside the current one to show whether the two agree, and never itself confirmed.
* ``record_manual_dates`` keeps dates typed by hand, with a reason, where the engine refused the case or
  does not support it.
* ``confirm`` is the second checker's approval: in one transaction the item is approved, the calculation
  confirmed, the person's next ``ConfirmedKeyDates`` version created, and their hub key dates set from
  it (which flags work made for old dates and re-plans the bring-forward diary).

The item's current calculation is its earliest preliminary one: a preparer's calculation supersedes
every preliminary one before it, so what remains after it can only be recalculations made on check.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from omhub.accounts.permissions import visible_unit_ids
from omhub.audit import services as audit
from omhub.calculations import booking_json, release_dates
from omhub.calculations.models import Booking, Calculation, CalculationReason, ConfirmedKeyDates
from omhub.calculations.services import active_booking
from omhub.casework import services as casework
from omhub.casework.models import Status, Transition, WorkItem
from omhub.core.errors import ConflictError
from omhub.people.models import Person
from omhub.sentencing import ENGINE_VERSION
from omhub.sentencing import calculate as run_engine
from omhub.sentencing.validation import MESSAGES

CASE_TYPE = "sentence-calculation"
PREPARING = (Status.RECEIVED, Status.IN_PREPARATION, Status.RETURNED)
# Validation codes that say the engine does not support the case (rather than that the records need
# correcting): such a case goes to the manual-dates journey, as does one the engine refused outright.
UNSUPPORTED_CODES = frozenset({
    "PROGRESSION_MODEL_UNSUPPORTED_EXTINGUISHED_SENTENCE",
    "UNSUPPORTED_OUT_OF_CUSTODY_AT_PROGRESSION_MODEL_COMMENCEMENT",
    "PROGRESSION_TRANCHE_ONE_ALLOCATION",
    "UNABLE_TO_DETERMINE_SHPO_RELEASE_PROVISIONS",
    "UNSUPPORTED_SDS40_CONSECUTIVE_SDS_BETWEEN_TRANCHE_COMMENCEMENTS",
})
# The reasons a person chooses from; a recheck is opened by omhub when the engine's answer changes.
CHOSEN_REASONS = [(value, label) for value, label in CalculationReason.choices if value != CalculationReason.RECHECK]
SOURCE = "calculation"


# -- reading an item's calculations ---------------------------------------------------------------------


def is_calculation_item(item: WorkItem) -> bool:
    return item.case_type.code == CASE_TYPE


def current_calculation(item: WorkItem) -> Calculation | None:
    """The calculation waiting to be sent for check or confirmed: the preparer's latest."""
    return item.calculations.filter(status=Calculation.Status.PRELIMINARY).order_by("id").first()


def recalculations(item: WorkItem, current: Calculation | None = None) -> list[Calculation]:
    """The checker's recalculations of the current calculation, latest first."""
    current = current or current_calculation(item)
    if current is None:
        return []
    return list(item.calculations.filter(status=Calculation.Status.PRELIMINARY, pk__gt=current.pk)
                .select_related("calculated_by").order_by("-id"))


def confirmed_calculation(item: WorkItem) -> Calculation | None:
    return item.calculations.filter(status=Calculation.Status.CONFIRMED).order_by("-id").first()


def needs_manual_dates(calculation: Calculation) -> bool:
    """The engine refused the case, or said it does not support it."""
    return not calculation.is_manual and (bool(calculation.error)
                                          or bool(UNSUPPORTED_CODES & set(calculation.validation)))


def blocking_problems(calculation: Calculation) -> list[str]:
    """Why these dates cannot be sent for check or confirmed, in words; none for usable dates."""
    if calculation.is_manual:
        return []
    if calculation.error:
        return [f"The engine could not calculate these dates ({calculation.error_message or calculation.error}): "
                "enter the dates by hand with the reason, or correct the sentence records and calculate again"]
    if UNSUPPORTED_CODES & set(calculation.validation):
        return ["The engine does not support this case: enter the dates by hand with the reason"]
    if calculation.validation:
        messages = "; ".join(MESSAGES.get(code, code) for code in calculation.validation)
        return [f"The calculation has validation messages to resolve ({messages}): correct the sentence records "
                "and calculate again"]
    return []


def engine_inputs(booking: Booking) -> dict:
    """What the engine reads for this booking: the booking JSON, with the early removal scheme date."""
    return booking_json.to_engine_json(booking, calculate_ersed=True)


def records_changed_since(calculation: Calculation) -> bool:
    """The person's sentence records are no longer those the calculation read."""
    booking = active_booking(calculation.work_item.person)
    return booking is None or engine_inputs(booking) != calculation.inputs


def same_result(first: Calculation, second: Calculation) -> bool:
    return (first.dates, first.effective_sentence_length, list(first.validation), first.error) == \
        (second.dates, second.effective_sentence_length, list(second.validation), second.error)


def hub_key_dates(confirmed: ConfirmedKeyDates) -> dict[str, datetime.date]:
    """The hub key dates (KeyDate kinds) that confirmed dates set."""
    return release_dates.key_dates_from(release_dates.as_dates(confirmed.dates),
                                        sentenced_on=release_dates.earliest_sentence_date(confirmed.inputs))


def reproduce(confirmed: ConfirmedKeyDates) -> dict[str, str]:
    """The dates the engine now gives for the inputs confirmed dates were calculated from."""
    return run_engine(confirmed.inputs).ordered_dates()


# -- the rules of this case type in casework -------------------------------------------------------------


def readiness_problems(item: WorkItem) -> dict[str, list[str]]:
    """What stops a sentence calculation being sent for check, beyond its checklist."""
    current = current_calculation(item)
    if current is None:
        return {"calculation": ["Calculate the release dates first (or, where the engine cannot, enter them by "
                                "hand with the reason)"]}
    problems = {}
    blocking = blocking_problems(current)
    if blocking:
        problems["calculation"] = blocking
    elif records_changed_since(current):
        problems["calculation"] = ["The sentence records have changed since the dates were calculated: "
                                   "calculate again"]
    wanted = CalculationReason(current.reason).label
    chosen = item.values.get("reason")
    if chosen and chosen != wanted and _reason_field_allows(item, wanted):
        problems["reason"] = [f"The reason for calculation is “{chosen}”, but the dates were calculated for "
                              f"“{wanted}”: calculate again with the right reason"]
    return problems


def approval_guard(item: WorkItem) -> str:
    return (f"A sentence calculation is approved by confirming its dates: use the second check page, "
            f"/calculations/{item.reference}/")


def register() -> None:
    """Called when the app is ready: casework then asks this module before those two steps."""
    casework.register_readiness_check(CASE_TYPE, readiness_problems)
    casework.register_action_guard(CASE_TYPE, "approve", approval_guard)


# -- changes ----------------------------------------------------------------------------------------------


def _lock_item(item: WorkItem) -> WorkItem:
    return (WorkItem.objects.select_for_update(of=("self",)).select_related("case_type", "person", "unit")
            .get(pk=item.pk))


def _require_item(actor, item: WorkItem) -> None:
    allowed = visible_unit_ids(actor)
    if allowed is not None and item.unit_id not in allowed:
        raise PermissionDenied("This work belongs to a unit you do not work in.")
    if not is_calculation_item(item):
        raise ValidationError({"work_item": [f"{item.reference} is {item.case_type.name} work, not a sentence "
                                             "calculation"]})
    if item.person_id is None:
        raise ValidationError({"work_item": [f"{item.reference} is not about a person: open a sentence "
                                             "calculation for the person whose dates it calculates"]})


def _is_recalculation(actor, item: WorkItem) -> bool:
    """Whether the actor calculates as the preparer (False) or recalculates as the checker (True);
    refused when neither may calculate now."""
    case_type = item.case_type
    if item.status in PREPARING:
        if not casework.can_prepare(actor, case_type):
            raise PermissionDenied(f"Your roles do not allow you to prepare {case_type.name} work.")
        return False
    if item.status == Status.READY_FOR_CHECK:
        if not casework.can_check(actor, case_type):
            if casework.can_prepare(actor, case_type):
                raise ConflictError(f"{item.reference} is waiting for its second check: it can be calculated "
                                    "again only if the checker returns it.", current_version=item.version)
            raise PermissionDenied(f"Your roles do not allow you to check {case_type.name} work.")
        if item.prepared_by_id == actor.pk:
            raise casework.FourEyesError(f"You prepared {item.reference}, so someone else must check it.",
                                         current_version=item.version)
        return True
    if not (casework.can_prepare(actor, case_type) or casework.can_check(actor, case_type)):
        raise PermissionDenied(f"Your roles do not allow you to work on {case_type.name} work.")
    raise ConflictError(f"{item.reference} is {item.get_status_display().lower()}: it cannot be calculated now.",
                        current_version=item.version)


def _validated_reason(reason: str, detail: str) -> tuple[str, str]:
    reason, detail = (reason or "").strip(), (detail or "").strip()
    errors = {}
    if reason not in CalculationReason.values:
        errors["reason"] = ["Choose the reason for the calculation"]
    elif reason == CalculationReason.OTHER and not detail:
        errors["reason_detail"] = ["Say what the other reason for the calculation is"]
    if len(detail) > 300:
        errors["reason_detail"] = ["The reason must be 300 characters or fewer"]
    if errors:
        raise ValidationError(errors)
    return reason, detail


def _booking_to_calculate(person: Person) -> Booking:
    booking = active_booking(person)
    if booking is None or not booking.sentences.exists():
        raise ValidationError({"booking": [f"{person.full_name} has no sentences recorded: record their "
                                           "sentences before calculating"]})
    return booking


def _reason_field_allows(item: WorkItem, label: str) -> bool:
    spec = next((f for f in item.case_type.fields if f["name"] == "reason" and f["kind"] == "choice"), None)
    return spec is not None and label in spec.get("choices", [])


def _agree_item_reason(actor, item: WorkItem, reason: str) -> WorkItem:
    """The work item's "reason" field says what the calculation was made for."""
    label = CalculationReason(reason).label
    if item.values.get("reason") == label or not _reason_field_allows(item, label):
        return item
    return casework.update_details(actor=actor, item=item, expected_version=item.version,
                                   values={**item.values, "reason": label}, checklist_done=item.checklist_done)


def _audit_calculation(actor, calculation: Calculation, item: WorkItem, **extra) -> None:
    audit.record(actor=actor, action=audit.Action.CREATE, instance=calculation, person_id=item.person_id,
                 after={"work_item": item.reference, "reason": calculation.reason,
                        "reason_detail": calculation.reason_detail, "profile": calculation.profile,
                        "engine_version": calculation.engine_version, "dates": calculation.dates,
                        "validation": calculation.validation, "error": calculation.error,
                        "is_manual": calculation.is_manual, "manual_reason": calculation.manual_reason,
                        "booking": calculation.booking_id, **extra})


def _supersede_others(item: WorkItem, keep: Calculation) -> list[int]:
    earlier = item.calculations.filter(status=Calculation.Status.PRELIMINARY).exclude(pk=keep.pk)
    ids = list(earlier.values_list("pk", flat=True))
    earlier.update(status=Calculation.Status.SUPERSEDED)
    return ids


@transaction.atomic
def calculate(*, actor, item: WorkItem, reason: str = "", reason_detail: str = "") -> Calculation:
    """Run the engine for a sentence calculation item. The preparer's run becomes the item's current
    calculation; the checker's, during the second check, is a recalculation compared with it (the reason
    is then the current calculation's)."""
    locked = _lock_item(item)
    _require_item(actor, locked)
    recalculation = _is_recalculation(actor, locked)
    current = current_calculation(locked)
    if recalculation:
        if current is None:
            raise ConflictError(f"{locked.reference} has no calculation to check: return it to the preparer.",
                                current_version=locked.version)
        reason, reason_detail = current.reason, current.reason_detail
    else:
        reason, reason_detail = _validated_reason(reason, reason_detail)
    booking = _booking_to_calculate(locked.person)
    inputs = engine_inputs(booking)
    result = run_engine(inputs)
    calculation = Calculation.objects.create(
        work_item=locked, booking=booking, booking_version=booking.version, reason=reason,
        reason_detail=reason_detail, profile=inputs["params"],
        engine_version=ENGINE_VERSION, inputs=inputs, dates=result.ordered_dates(),
        effective_sentence_length=result.effective_sentence_length or "", validation=list(result.validation),
        error=result.error or "", error_message=result.error_message or "", breakdown=list(result.breakdown),
        calculated_by=actor)
    if recalculation:
        matches = same_result(current, calculation)
        _audit_calculation(actor, calculation, locked, recalculation_of=current.pk, matches=matches)
        Transition.objects.create(
            work_item=locked, action="recalculate", from_status=locked.status, to_status=locked.status, actor=actor,
            reason="Matches the preparer's calculation" if matches else "Differs from the preparer's calculation",
            details={"calculation": calculation.pk, "recalculation_of": current.pk, "matches": matches})
        return calculation
    superseded = _supersede_others(locked, calculation)
    _audit_calculation(actor, calculation, locked, superseded=superseded)
    locked = _agree_item_reason(actor, locked, reason)
    Transition.objects.create(work_item=locked, action="calculate", from_status=locked.status,
                              to_status=locked.status, actor=actor, reason=CalculationReason(reason).label,
                              details={"calculation": calculation.pk, "error": calculation.error,
                                       "validation": calculation.validation})
    return calculation


def _validated_manual_dates(dates: dict, reason: str) -> tuple[dict[str, str], str]:
    errors: dict[str, list[str]] = {}
    cleaned = {}
    for code, value in (dates or {}).items():
        if code not in release_dates.DATE_NAMES:
            errors.setdefault("dates", []).append(
                f"{code!r} is not a release date: use {', '.join(release_dates.MANUAL_DATE_CODES)}")
            continue
        if value in (None, ""):
            continue
        if isinstance(value, datetime.datetime):
            value = value.date()
        if not isinstance(value, datetime.date):
            try:
                value = datetime.date.fromisoformat(str(value))
            except ValueError:
                errors.setdefault(code, []).append(f"{release_dates.DATE_NAMES[code]} must be a real date, like "
                                                   "2027-03-27")
                continue
        cleaned[code] = value.isoformat()
    if not cleaned and "dates" not in errors and not any(code in errors for code in release_dates.DATE_NAMES):
        errors["dates"] = ["Enter at least one release date"]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = ["Give the reason the dates are entered by hand"]
    elif len(reason) > 2000:
        errors["reason"] = ["The reason must be 2,000 characters or fewer"]
    if errors:
        raise ValidationError(errors)
    ordered = {code: cleaned[code] for code, _ in release_dates.ordered(cleaned)}
    return ordered, reason


@transaction.atomic
def record_manual_dates(*, actor, item: WorkItem, dates: dict, reason: str) -> Calculation:
    """Dates typed by hand, with the reason, for a case the engine refused or does not support. They
    become the item's current calculation, checked and confirmed like any other."""
    locked = _lock_item(item)
    _require_item(actor, locked)
    if _is_recalculation(actor, locked):
        raise ConflictError(f"{locked.reference} is waiting for its second check: dates are entered by hand only "
                            "while it is being prepared.", current_version=locked.version)
    current = current_calculation(locked)
    if current is None or not needs_manual_dates(current):
        raise ValidationError({"dates": ["Dates are entered by hand only where the engine cannot calculate them: "
                                         "calculate first, and use this when it refuses the case or does not "
                                         "support it"]})
    cleaned, reason = _validated_manual_dates(dates, reason)
    booking = _booking_to_calculate(locked.person)
    inputs = engine_inputs(booking)
    calculation = Calculation.objects.create(
        work_item=locked, booking=booking, booking_version=booking.version, reason=current.reason,
        reason_detail=current.reason_detail,
        profile=inputs["params"], engine_version=ENGINE_VERSION, inputs=inputs, dates=cleaned, is_manual=True,
        manual_reason=reason, calculated_by=actor)
    superseded = _supersede_others(locked, calculation)
    _audit_calculation(actor, calculation, locked, superseded=superseded,
                       engine_result={"error": current.error, "validation": current.validation})
    Transition.objects.create(work_item=locked, action="enter dates by hand", from_status=locked.status,
                              to_status=locked.status, actor=actor, reason=reason,
                              details={"calculation": calculation.pk, "dates": cleaned})
    return calculation


def _require_checker(actor, item: WorkItem) -> None:
    allowed = visible_unit_ids(actor)
    if allowed is not None and item.unit_id not in allowed:
        raise PermissionDenied("This work belongs to a unit you do not work in.")
    if not casework.can_check(actor, item.case_type):
        raise PermissionDenied(f"Your roles do not allow you to check {item.case_type.name} work: only a second "
                               "checker confirms release dates.")


@transaction.atomic
def confirm(*, actor, item: WorkItem, expected_version: int, calculation: Calculation) -> ConfirmedKeyDates:
    """The second check approves the calculation: the item is approved, the dates become the person's
    next confirmed key dates, and the hub's key dates (and so its bring-forward diary) follow them."""
    _require_checker(actor, item)
    _require_item(actor, item)
    if calculation.work_item_id != item.pk:
        raise ValidationError({"calculation": [f"This calculation is not one of {item.reference}'s"]})
    approved = casework.take_action(actor=actor, item=item, action="approve", expected_version=expected_version,
                                    guard_passed=True)
    calculation = Calculation.objects.select_for_update(of=("self",)).select_related("work_item__person").get(
        pk=calculation.pk)
    current = current_calculation(approved)
    if current is None or current.pk != calculation.pk:
        raise ConflictError("These are not the dates waiting for the second check: look at the item as it is now.",
                            current_version=expected_version)
    if calculation.calculated_by_id == actor.pk:
        raise casework.FourEyesError("You calculated these dates, so someone else must check them.",
                                     current_version=expected_version)
    problems = blocking_problems(calculation)
    if problems:
        raise ValidationError({"calculation": problems})
    if records_changed_since(calculation):
        raise ConflictError("The sentence records have changed since these dates were calculated: return the item "
                            "to the preparer to calculate again.", current_version=expected_version)
    calculation.status = Calculation.Status.CONFIRMED
    calculation.save(update_fields=["status"])
    _supersede_others(approved, calculation)
    person = Person.objects.select_for_update().get(pk=approved.person_id)
    previous = ConfirmedKeyDates.objects.filter(person=person).order_by("-number").first()
    number = (ConfirmedKeyDates.objects.filter(person=person).aggregate(top=Max("number"))["top"] or 0) + 1
    confirmed = ConfirmedKeyDates.objects.create(
        person=person, number=number, calculation=calculation, dates=calculation.dates,
        engine_version=calculation.engine_version, profile=calculation.profile, inputs=calculation.inputs,
        prepared_by=calculation.calculated_by, confirmed_by=actor)
    changes = release_dates.differences(previous.dates if previous else {}, confirmed.dates)
    audit.record(actor=actor, action=audit.Action.CREATE, instance=confirmed, person_id=person.pk,
                 after={"number": number, "work_item": approved.reference, "calculation": calculation.pk,
                        "dates": confirmed.dates, "engine_version": confirmed.engine_version,
                        "profile": confirmed.profile, "is_manual": calculation.is_manual,
                        "prepared_by": calculation.calculated_by.username,
                        "changes": [release_dates.describe_difference(change) for change in changes]})
    audit.record_change(actor=actor, instance=calculation, person_id=person.pk,
                        before={"status": Calculation.Status.PRELIMINARY}, after={"status": calculation.status})
    _set_key_dates(actor, person, confirmed)
    return confirmed


def _set_key_dates(actor, person: Person, confirmed: ConfirmedKeyDates) -> None:
    """The hub key dates follow the confirmed dates: each one set (marked as from a calculation), those
    the dates no longer have cleared, then the bring-forward diary re-planned once for the person."""
    from omhub.casework import diary

    wanted = hub_key_dates(confirmed)
    for kind in (*release_dates.CALCULATED_KEY_DATES, "SENTENCE"):
        if kind == "SENTENCE" and kind not in wanted:
            continue
        casework.set_key_date(actor=actor, person=person, kind=kind, date=wanted.get(kind), source=SOURCE,
                              replan=False)
    diary.replan_person(person, as_at=timezone.localdate())
