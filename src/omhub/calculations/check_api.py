"""Calculations and confirmed key dates through /api/v1, with the pages' rules: the API can calculate,
but only a second checker who did not prepare the dates can confirm them."""

import datetime

from django.http import Http404
from ninja import Field, Path, Router, Schema, Status

from omhub.api.schemas import ERROR_RESPONSES, MAX_ID, CleanStr, ConflictOut, ErrorOut
from omhub.calculations import check_selectors, checking, release_dates
from omhub.casework.models import WorkItem
from omhub.people.models import Person
from omhub.people.selectors import get_person

router = Router(tags=["calculations"])


class ValidationMessageOut(Schema):
    code: str
    message: str


class CalculationOut(Schema):
    id: int
    work_item: str
    reason: str
    reason_detail: str
    status: str = Field(description="preliminary, confirmed or superseded")
    is_current: bool = Field(description="The preparer's calculation waiting to be sent for check or confirmed")
    is_recalculation: bool = Field(description="A second checker's recalculation of the current calculation")
    matches_current: bool | None = Field(description="For a recalculation: whether it gives the same result")
    profile: str
    engine_version: str
    dates: dict[str, str] = Field(description="Release dates by code (CRD, SLED, ...), in the engine's order")
    effective_sentence_length: str
    validation: list[ValidationMessageOut]
    error: str
    error_message: str
    breakdown: list[str]
    is_manual: bool
    manual_reason: str
    needs_manual_dates: bool = Field(description="The engine refused the case or does not support it")
    calculated_by: str
    calculated_at: datetime.datetime
    inputs: dict = Field(description="The booking JSON the engine read, exactly")


class CalculateIn(Schema):
    reason: CleanStr = Field("", max_length=30, description=", ".join(value for value, _ in checking.CHOSEN_REASONS)
                             + "; a second checker's recalculation takes the current calculation's")
    reason_detail: CleanStr = Field("", max_length=300, description="Needed when the reason is other")


class ManualDatesIn(Schema):
    dates: dict[CleanStr, datetime.date] = Field(
        ..., description=f"Dates by code: {', '.join(release_dates.MANUAL_DATE_CODES)}")
    reason: CleanStr = Field("", max_length=2000, description="Why the dates are entered by hand")


class ConfirmIn(Schema):
    version: int = Field(ge=1, le=MAX_ID, description="The work item's version you read")


class ConfirmedSummaryOut(Schema):
    number: int
    person_id: int
    dates: dict[str, str]
    engine_version: str
    profile: str
    work_item: str
    calculation_id: int
    is_manual: bool
    prepared_by: str
    confirmed_by: str
    confirmed_at: datetime.datetime
    changes: list[str] = Field(description="What changed from the version before, in words")
    recheck_needed: bool


class ConfirmedOut(ConfirmedSummaryOut):
    inputs: dict = Field(description="The booking JSON the dates were calculated from")
    key_dates: dict[str, datetime.date] = Field(description="The hub key dates these dates set")


def _item(request, reference: str) -> WorkItem:
    try:
        return check_selectors.calculation_item(request.user, reference)
    except WorkItem.DoesNotExist as error:
        raise Http404("No sentence calculation with this reference in your units") from error


def _out(view: check_selectors.CalculationView) -> dict:
    calculation = view.calculation
    return {
        "id": calculation.pk, "work_item": calculation.work_item.reference, "reason": calculation.reason,
        "reason_detail": calculation.reason_detail, "status": calculation.status, "is_current": view.is_current,
        "is_recalculation": view.is_recalculation, "matches_current": view.matches_current,
        "profile": calculation.profile, "engine_version": calculation.engine_version,
        "dates": release_dates.in_order(calculation.dates),
        "effective_sentence_length": calculation.effective_sentence_length,
        "validation": view.validation_messages, "error": calculation.error,
        "error_message": calculation.error_message, "breakdown": calculation.breakdown,
        "is_manual": calculation.is_manual, "manual_reason": calculation.manual_reason,
        "needs_manual_dates": view.needs_manual_dates, "calculated_by": calculation.calculated_by.username,
        "calculated_at": calculation.calculated_at, "inputs": calculation.inputs,
    }


def _confirmed_out(version: check_selectors.ConfirmedVersion, *, full: bool = False) -> dict:
    confirmed = version.confirmed
    data = {
        "number": confirmed.number, "person_id": confirmed.person_id, "dates": release_dates.in_order(confirmed.dates),
        "engine_version": confirmed.engine_version, "profile": confirmed.profile,
        "work_item": version.work_item_reference, "calculation_id": confirmed.calculation_id,
        "is_manual": version.is_manual, "prepared_by": confirmed.prepared_by.username,
        "confirmed_by": confirmed.confirmed_by.username, "confirmed_at": confirmed.confirmed_at,
        "changes": version.changes, "recheck_needed": confirmed.recheck_needed,
    }
    if full:
        data["inputs"] = confirmed.inputs
        data["key_dates"] = checking.hub_key_dates(confirmed)
    return data


@router.get("/work-items/{reference}/calculations",
            response={200: list[CalculationOut], 404: ErrorOut, **ERROR_RESPONSES},
            summary="A sentence calculation item's calculations, latest first")
def list_calculations(request, reference: str = Path(..., max_length=30)):
    return [_out(view) for view in check_selectors.calculations_of(_item(request, reference))]


@router.post("/work-items/{reference}/calculations",
             response={201: CalculationOut, 404: ErrorOut, 409: ConflictOut, **ERROR_RESPONSES},
             summary="Calculate the release dates (the preparer), or recalculate them on second check (the checker)")
def create_calculation(request, payload: CalculateIn, reference: str = Path(..., max_length=30)):
    item = _item(request, reference)
    calculation = checking.calculate(actor=request.user, item=item, reason=payload.reason,
                                     reason_detail=payload.reason_detail)
    return Status(201, _out(check_selectors.view_of(item, calculation)))


@router.post("/work-items/{reference}/calculations/manual",
             response={201: CalculationOut, 404: ErrorOut, 409: ConflictOut, **ERROR_RESPONSES},
             summary="Enter the release dates by hand where the engine refused the case or does not support it")
def create_manual_dates(request, payload: ManualDatesIn, reference: str = Path(..., max_length=30)):
    item = _item(request, reference)
    calculation = checking.record_manual_dates(actor=request.user, item=item, dates=payload.dates,
                                               reason=payload.reason)
    return Status(201, _out(check_selectors.view_of(item, calculation)))


@router.post("/work-items/{reference}/calculations/{calculation_id}/confirm",
             response={200: ConfirmedOut, 404: ErrorOut, 409: ConflictOut, **ERROR_RESPONSES},
             summary="Confirm the dates on second check: only a checker who did not prepare them")
def confirm_calculation(request, payload: ConfirmIn, reference: str = Path(..., max_length=30),
                        calculation_id: int = Path(..., ge=1, le=MAX_ID)):
    item = _item(request, reference)
    calculation = item.calculations.filter(pk=calculation_id).first()
    if calculation is None:
        raise Http404("No such calculation of this item")
    confirmed = checking.confirm(actor=request.user, item=item, expected_version=payload.version,
                                 calculation=calculation)
    return _confirmed_out(_version(confirmed.person, confirmed.number), full=True)


def _person(request, person_id: int) -> Person:
    try:
        return get_person(request.user, person_id)
    except Person.DoesNotExist as error:
        raise Http404("No person with this id in your units") from error


def _version(person: Person, number: int) -> check_selectors.ConfirmedVersion:
    version = next((v for v in check_selectors.confirmed_versions(person) if v.confirmed.number == number), None)
    if version is None:
        raise Http404("This person has no confirmed key dates with this number")
    return version


@router.get("/people/{person_id}/confirmed-key-dates",
            response={200: list[ConfirmedSummaryOut], 404: ErrorOut, **ERROR_RESPONSES},
            summary="A person's confirmed key dates, every version, newest first")
def list_confirmed(request, person_id: int = Path(..., ge=1, le=MAX_ID)):
    return [_confirmed_out(version) for version in check_selectors.confirmed_versions(_person(request, person_id))]


@router.get("/people/{person_id}/confirmed-key-dates/{number}",
            response={200: ConfirmedOut, 404: ErrorOut, **ERROR_RESPONSES},
            summary="One version of a person's confirmed key dates, with the inputs that produced it")
def read_confirmed(request, person_id: int = Path(..., ge=1, le=MAX_ID),
                   number: int = Path(..., ge=1, le=MAX_ID)):
    return _confirmed_out(_version(_person(request, person_id), number), full=True)

