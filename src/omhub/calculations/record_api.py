"""A person's sentence records through /api/v1/people/{id}/booking: read them (with the booking's
version), export and import the reference engine's booking JSON, and add, change or remove court cases,
sentences and adjustments. The same services as the pages: the same rules, words and audit. Every change
sends the version it read; a stale one is refused with 409 and nothing is saved.

Anyone who may see the person reads their records; only the hub (Business Administrators and Hub
Managers of the person's units) changes them."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Path, Router, Schema, Status

from omhub.api.schemas import ERROR_RESPONSES, MAX_ID, CleanStr, ConflictOut, ErrorOut
from omhub.audit import services as audit
from omhub.calculations import booking_json, record_checks, record_selectors, records
from omhub.calculations.models import Adjustment, CourtCase, Sentence
from omhub.calculations.services import can_record_sentences
from omhub.people.models import Person

router = Router()  # mounted on the calculations router, whose tag it takes

PERSON_ID = Path(..., ge=1, le=MAX_ID)
READ_RESPONSES = {404: ErrorOut, **ERROR_RESPONSES}
WRITE_RESPONSES = {404: ErrorOut, 409: ConflictOut, **ERROR_RESPONSES}


class DurationIn(Schema):
    years: int = Field(0, ge=0, le=1_000_000)
    months: int = Field(0, ge=0, le=1_000_000)
    weeks: int = Field(0, ge=0, le=1_000_000)
    days: int = Field(0, ge=0, le=1_000_000)


class DurationOut(Schema):
    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0


def _duration_out(elements: dict | None) -> dict | None:
    if elements is None:
        return None
    return {unit.lower(): int(elements.get(unit) or 0) for unit in record_checks.UNITS}


def _duration_in(value) -> dict | None:
    if value is None:
        return None
    data = value if isinstance(value, dict) else value.dict()
    return {unit: data.get(unit.lower(), 0) for unit in record_checks.UNITS}


class CourtCaseOut(Schema):
    id: int
    court_name: str
    case_reference: str
    appearance_date: datetime.date | None


class SentenceOut(Schema):
    line: int
    identifier: str
    court_case: int
    kind: str
    offence_code: str
    offence_description: str
    offence_committed_at: datetime.date | None
    sentenced_at: datetime.date
    term: str = Field(description="The term in words, e.g. 2 years 6 months")
    duration: DurationOut | None
    custodial_duration: DurationOut | None
    extension_duration: DurationOut | None
    consecutive_to: int | None = Field(description="The line it is consecutive to; null when concurrent")
    is_sds_plus: bool
    is_sds_plus_eligible: bool
    early_release_exclusions: list[str]
    is_section_250: bool
    fine_amount: str | None = Field(description="Pounds, as a decimal string, e.g. \"1250.00\"")
    recall_type: str
    revocation_date: datetime.date | None
    return_to_custody_date: datetime.date | None
    automatic_release: bool
    sdopcu18: bool
    latest_tused_date: datetime.date | None


class AdjustmentOut(Schema):
    id: int
    kind: str
    days: int
    from_date: datetime.date | None
    to_date: datetime.date | None
    applies_from: datetime.date | None = Field(description="Remand and tagged bail: the date of the sentences it "
                                                           "counts towards; others: the date it counts from")
    ual_reason: str
    adjudication_reference: str
    source_work_item: str | None = Field(description="The adjudication work item an ADA came from")


class BookingOut(Schema):
    person_id: int
    version: int = Field(description="Send it with every change; 0 while nothing is recorded")
    booking_number: str
    is_active_sex_offender: bool
    return_to_custody_date: datetime.date | None
    court_cases: list[CourtCaseOut]
    sentences: list[SentenceOut]
    adjustments: list[AdjustmentOut]


class VersionIn(Schema):
    version: int = Field(ge=0, le=MAX_ID, description="The booking's version you read: a stale one is refused")


class BookingDetailsIn(VersionIn):
    booking_number: CleanStr = Field("", max_length=10)
    is_active_sex_offender: bool = False
    return_to_custody_date: datetime.date | None = None


class CourtCaseIn(VersionIn):
    court_name: CleanStr = Field("", max_length=200)
    case_reference: CleanStr = Field("", max_length=40)
    appearance_date: datetime.date | None = None


class CourtCaseUpdate(VersionIn):
    court_name: CleanStr | None = Field(None, max_length=200)
    case_reference: CleanStr | None = Field(None, max_length=40)
    appearance_date: datetime.date | None = None


SENTENCE_FIELD_HELP = {
    "kind": "StandardSentence, ExtendedDeterminateSentence, SopcSentence, AFineSentence, "
            "DetentionAndTrainingOrderSentence or BotusSentence",
    "consecutive_to": "The line it is consecutive to; null when concurrent",
    "early_release_exclusions": ", ".join(record_checks.EXCLUSIONS),
    "recall_type": "STANDARD_RECALL, FIXED_TERM_RECALL_14, FIXED_TERM_RECALL_28 or FIXED_TERM_RECALL_56",
}


class SentenceIn(VersionIn):
    court_case: int | None = Field(None, ge=1, le=MAX_ID, description="The id of a court case of the booking")
    kind: CleanStr = Field("StandardSentence", max_length=40, description=SENTENCE_FIELD_HELP["kind"])
    offence_code: CleanStr = Field("", max_length=20)
    offence_description: CleanStr = Field("", max_length=300)
    offence_committed_at: datetime.date | None = None
    sentenced_at: datetime.date | None = None
    duration: DurationIn | None = None
    custodial_duration: DurationIn | None = None
    extension_duration: DurationIn | None = None
    consecutive_to: int | None = Field(None, ge=1, le=10_000, description=SENTENCE_FIELD_HELP["consecutive_to"])
    is_sds_plus: bool = False
    is_sds_plus_eligible: bool = False
    early_release_exclusions: list[CleanStr] = Field(default_factory=list, max_length=20,
                                                     description=SENTENCE_FIELD_HELP["early_release_exclusions"])
    is_section_250: bool = False
    fine_amount: Decimal | None = Field(None, ge=0, le=Decimal("100000000000"), max_digits=14, decimal_places=2)
    recall_type: CleanStr = Field("", max_length=30, description=SENTENCE_FIELD_HELP["recall_type"])
    revocation_date: datetime.date | None = None
    return_to_custody_date: datetime.date | None = None
    automatic_release: bool = False
    sdopcu18: bool = False
    latest_tused_date: datetime.date | None = None


class SentenceUpdate(VersionIn):
    """Only the fields sent change; the others keep their values (those the new type has no use for are
    cleared when ``kind`` changes)."""

    court_case: int | None = Field(None, ge=1, le=MAX_ID)
    kind: CleanStr | None = Field(None, max_length=40, description=SENTENCE_FIELD_HELP["kind"])
    offence_code: CleanStr | None = Field(None, max_length=20)
    offence_description: CleanStr | None = Field(None, max_length=300)
    offence_committed_at: datetime.date | None = None
    sentenced_at: datetime.date | None = None
    duration: DurationIn | None = None
    custodial_duration: DurationIn | None = None
    extension_duration: DurationIn | None = None
    consecutive_to: int | None = Field(None, ge=1, le=10_000, description=SENTENCE_FIELD_HELP["consecutive_to"])
    is_sds_plus: bool | None = None
    is_sds_plus_eligible: bool | None = None
    early_release_exclusions: list[CleanStr] | None = Field(None, max_length=20)
    is_section_250: bool | None = None
    fine_amount: Decimal | None = Field(None, ge=0, le=Decimal("100000000000"), max_digits=14, decimal_places=2)
    recall_type: CleanStr | None = Field(None, max_length=30, description=SENTENCE_FIELD_HELP["recall_type"])
    revocation_date: datetime.date | None = None
    return_to_custody_date: datetime.date | None = None
    automatic_release: bool | None = None
    sdopcu18: bool | None = None
    latest_tused_date: datetime.date | None = None


ADJUSTMENT_KIND_HELP = ("REMAND, TAGGED_BAIL, RECALL_REMAND, RECALL_TAGGED_BAIL, UNLAWFULLY_AT_LARGE, "
                        "ADDITIONAL_DAYS_AWARDED or RESTORATION_OF_ADDITIONAL_DAYS_AWARDED")


class AdjustmentIn(VersionIn):
    kind: CleanStr = Field(..., max_length=45, description=ADJUSTMENT_KIND_HELP)
    days: int | None = Field(None, ge=0, le=1_000_000, description="Left out for remand and UAL: worked out from "
                                                                    "the dates, both included")
    from_date: datetime.date | None = None
    to_date: datetime.date | None = None
    applies_from: datetime.date | None = Field(None, description="Remand and tagged bail: the date of the sentences "
                                                                 "it counts towards (required); others: the date it "
                                                                 "counts from (default: from_date)")
    ual_reason: CleanStr = Field("", max_length=60, description=", ".join(record_checks.UAL_REASONS))
    adjudication_reference: CleanStr = Field("", max_length=40)


class AdjustmentUpdate(VersionIn):
    days: int | None = Field(None, ge=0, le=1_000_000)
    from_date: datetime.date | None = None
    to_date: datetime.date | None = None
    applies_from: datetime.date | None = None
    ual_reason: CleanStr | None = Field(None, max_length=60)
    adjudication_reference: CleanStr | None = Field(None, max_length=40)


class ImportIn(Schema):
    case: dict = Field(..., description="A case object of the reference engine: {\"booking\": {...}, ...}")
    replace: bool = Field(False, description="Replace the sentences and adjustments recorded now")


# -- reads -----------------------------------------------------------------------------------------------


def _person(request, person_id: int) -> Person:
    if not record_selectors.can_read_sentences(request.user):
        raise PermissionDenied("Your roles do not allow you to see people's sentences.")
    try:
        return record_selectors.person_for(request.user, person_id)
    except Person.DoesNotExist as error:
        raise Http404("No person with this id in your units") from error


def _recorder_person(request, person_id: int) -> Person:
    if not can_record_sentences(request.user):
        raise PermissionDenied("Your roles do not allow you to record sentences.")
    return _person(request, person_id)


def _sentence_out(sentence: Sentence) -> dict:
    data = record_checks.sentence_data(sentence)
    for name in ("duration", "custodial_duration", "extension_duration"):
        data[name] = _duration_out(data[name])
    return {**data, "line": sentence.line_number, "identifier": str(sentence.identifier),
            "term": record_selectors.term_of(sentence),
            "fine_amount": None if sentence.fine_amount is None else f"{Decimal(sentence.fine_amount):.2f}"}


def _adjustment_out(adjustment: Adjustment) -> dict:
    return {**record_checks.adjustment_data(adjustment), "id": adjustment.pk,
            "source_work_item": adjustment.source_work_item.reference if adjustment.source_work_item_id else None}


def booking_out(person: Person) -> dict:
    booking = record_selectors.active_booking_of(person)
    if booking is None:
        return {"person_id": person.pk, "version": 0, "booking_number": person.booking_number,
                "is_active_sex_offender": False, "return_to_custody_date": None, "court_cases": [], "sentences": [],
                "adjustments": []}
    sentences = booking.sentences.select_related("consecutive_to").order_by("line_number")
    adjustments = booking.adjustments.select_related("source_work_item").order_by("id")
    return {"person_id": person.pk, "version": booking.version, "booking_number": booking.booking_number,
            "is_active_sex_offender": booking.is_active_sex_offender,
            "return_to_custody_date": booking.return_to_custody_date,
            "court_cases": list(booking.court_cases.order_by("appearance_date", "id")),
            "sentences": [_sentence_out(s) for s in sentences],
            "adjustments": [_adjustment_out(a) for a in adjustments]}


@router.get("/people/{person_id}/booking", response={200: BookingOut, **READ_RESPONSES},
            summary="A person's sentence records: court cases, sentences, adjustments, and the version to send back")
def read_booking(request, person_id: int = PERSON_ID):
    return booking_out(_person(request, person_id))


@router.get("/people/{person_id}/booking/export", response={200: dict, **READ_RESPONSES},
            summary="The person's booking as the reference engine's booking JSON (audited as an export)")
def export_booking(request, person_id: int = PERSON_ID):
    person = _person(request, person_id)
    booking = record_selectors.active_booking_of(person)
    if booking is None:
        raise Http404(f"{person.full_name} has no sentence records to export")
    data = booking_json.to_engine_json(booking)
    audit.record(actor=request.user, action=audit.Action.EXPORT, instance=booking, person_id=person.pk,
                 after={"format": "booking JSON", "version": booking.version, "via": "API",
                        "sentences": len(data["booking"]["sentences"]),
                        "adjustments": sum(len(entries) for entries in data["booking"]["adjustments"].values())})
    return data


@router.post("/people/{person_id}/booking/import", response={200: BookingOut, **WRITE_RESPONSES},
             summary="Import a booking JSON: the engine reads it first; every problem is named by its JSON path")
def import_booking(request, payload: ImportIn, person_id: int = PERSON_ID):
    person = _recorder_person(request, person_id)
    records.import_booking(actor=request.user, person=person, case=payload.case, replace=payload.replace)
    return booking_out(person)


@router.patch("/people/{person_id}/booking", response={200: BookingOut, **WRITE_RESPONSES},
              summary="Change the booking's details: booking number, active sex offender, return to custody date")
def change_booking(request, payload: BookingDetailsIn, person_id: int = PERSON_ID):
    person = _recorder_person(request, person_id)
    records.change_booking_details(actor=request.user, person=person, expected_version=payload.version,
                                   data=payload.dict(exclude={"version"}))
    return booking_out(person)


# -- court cases -----------------------------------------------------------------------------------------


def _not_found(error: Exception):
    raise Http404(str(error)) from error


@router.post("/people/{person_id}/booking/court-cases", response={201: BookingOut, **WRITE_RESPONSES},
             summary="Add a court case")
def add_court_case(request, payload: CourtCaseIn, person_id: int = PERSON_ID):
    person = _recorder_person(request, person_id)
    records.add_court_case(actor=request.user, person=person, expected_version=payload.version,
                           data=payload.dict(exclude={"version"}))
    return Status(201, booking_out(person))


@router.patch("/people/{person_id}/booking/court-cases/{court_case_id}", response={200: BookingOut, **WRITE_RESPONSES},
              summary="Change a court case: send only what changes")
def change_court_case(request, payload: CourtCaseUpdate, person_id: int = PERSON_ID,
                      court_case_id: int = Path(..., ge=1, le=MAX_ID)):
    person = _recorder_person(request, person_id)
    current = CourtCase.objects.filter(pk=court_case_id, booking__person=person, booking__is_active=True).first()
    if current is None:
        raise Http404("No such court case in this person's booking")
    data = {"court_name": current.court_name, "case_reference": current.case_reference,
            "appearance_date": current.appearance_date, **payload.dict(exclude={"version"}, exclude_unset=True)}
    try:
        records.change_court_case(actor=request.user, person=person, court_case_id=court_case_id,
                                  expected_version=payload.version, data=data)
    except CourtCase.DoesNotExist as error:
        _not_found(error)
    return booking_out(person)


@router.delete("/people/{person_id}/booking/court-cases/{court_case_id}", response={200: BookingOut, **WRITE_RESPONSES},
               summary="Remove a court case and its sentences")
def remove_court_case(request, payload: VersionIn, person_id: int = PERSON_ID,
                      court_case_id: int = Path(..., ge=1, le=MAX_ID)):
    person = _recorder_person(request, person_id)
    try:
        records.remove_court_case(actor=request.user, person=person, court_case_id=court_case_id,
                                  expected_version=payload.version)
    except CourtCase.DoesNotExist as error:
        _not_found(error)
    return booking_out(person)


# -- sentences -------------------------------------------------------------------------------------------


def _sentence_payload(payload) -> dict:
    data = payload.dict(exclude={"version"}, exclude_unset=True)
    for name in ("duration", "custodial_duration", "extension_duration"):
        if name in data:
            data[name] = _duration_in(data[name])
    return data


@router.post("/people/{person_id}/booking/sentences", response={201: BookingOut, **WRITE_RESPONSES},
             summary="Add a sentence: it takes the next line number")
def add_sentence(request, payload: SentenceIn, person_id: int = PERSON_ID):
    person = _recorder_person(request, person_id)
    data = payload.dict(exclude={"version"})
    for name in ("duration", "custodial_duration", "extension_duration"):
        data[name] = _duration_in(data[name])
    records.add_sentence(actor=request.user, person=person, expected_version=payload.version, data=data)
    return Status(201, booking_out(person))


@router.patch("/people/{person_id}/booking/sentences/{line}", response={200: BookingOut, **WRITE_RESPONSES},
              summary="Change a sentence: send only what changes")
def change_sentence(request, payload: SentenceUpdate, person_id: int = PERSON_ID,
                    line: int = Path(..., ge=1, le=10_000)):
    person = _recorder_person(request, person_id)
    current = Sentence.objects.select_related("consecutive_to").filter(
        booking__person=person, booking__is_active=True, line_number=line).first()
    if current is None:
        raise Http404(f"No line {line} in this person's booking")
    sent = _sentence_payload(payload)
    data = record_checks.sentence_data(current)
    kind = sent.get("kind") or current.kind
    if kind != current.kind:
        kept = set(record_checks.applicable_fields(kind))
        data = {name: value for name, value in data.items() if name in kept}
    data.update({name: value for name, value in sent.items() if value is not None or name in (
        "consecutive_to", "offence_committed_at", "revocation_date", "return_to_custody_date", "latest_tused_date",
        "fine_amount", "duration", "custodial_duration", "extension_duration")})
    data["kind"] = kind
    try:
        records.change_sentence(actor=request.user, person=person, line=line, expected_version=payload.version,
                                data=data)
    except Sentence.DoesNotExist as error:
        _not_found(error)
    return booking_out(person)


@router.delete("/people/{person_id}/booking/sentences/{line}", response={200: BookingOut, **WRITE_RESPONSES},
               summary="Remove a sentence: the lines after it move up one")
def remove_sentence(request, payload: VersionIn, person_id: int = PERSON_ID, line: int = Path(..., ge=1, le=10_000)):
    person = _recorder_person(request, person_id)
    try:
        records.remove_sentence(actor=request.user, person=person, line=line, expected_version=payload.version)
    except Sentence.DoesNotExist as error:
        _not_found(error)
    return booking_out(person)


# -- adjustments -----------------------------------------------------------------------------------------


@router.post("/people/{person_id}/booking/adjustments", response={201: BookingOut, **WRITE_RESPONSES},
             summary="Add an adjustment: remand, tagged bail, UAL, ADA or RADA")
def add_adjustment(request, payload: AdjustmentIn, person_id: int = PERSON_ID):
    person = _recorder_person(request, person_id)
    records.add_adjustment(actor=request.user, person=person, expected_version=payload.version,
                           data=payload.dict(exclude={"version"}))
    return Status(201, booking_out(person))


@router.patch("/people/{person_id}/booking/adjustments/{adjustment_id}",
              response={200: BookingOut, **WRITE_RESPONSES}, summary="Change an adjustment: send only what changes")
def change_adjustment(request, payload: AdjustmentUpdate, person_id: int = PERSON_ID,
                      adjustment_id: int = Path(..., ge=1, le=MAX_ID)):
    person = _recorder_person(request, person_id)
    current = Adjustment.objects.filter(pk=adjustment_id, booking__person=person, booking__is_active=True).first()
    if current is None:
        raise Http404("No such adjustment in this person's booking")
    data = {**record_checks.adjustment_data(current), **payload.dict(exclude={"version"}, exclude_unset=True)}
    if "days" not in payload.model_fields_set and current.kind in record_checks.SPAN_KINDS and (
            "from_date" in payload.model_fields_set or "to_date" in payload.model_fields_set):
        data["days"] = None  # new dates: their days are counted again
    try:
        records.change_adjustment(actor=request.user, person=person, adjustment_id=adjustment_id,
                                  expected_version=payload.version, data=data)
    except Adjustment.DoesNotExist as error:
        _not_found(error)
    return booking_out(person)


@router.delete("/people/{person_id}/booking/adjustments/{adjustment_id}",
               response={200: BookingOut, **WRITE_RESPONSES}, summary="Remove an adjustment")
def remove_adjustment(request, payload: VersionIn, person_id: int = PERSON_ID,
                      adjustment_id: int = Path(..., ge=1, le=MAX_ID)):
    person = _recorder_person(request, person_id)
    try:
        records.remove_adjustment(actor=request.user, person=person, adjustment_id=adjustment_id,
                                  expected_version=payload.version)
    except Adjustment.DoesNotExist as error:
        _not_found(error)
    return booking_out(person)

