"""Every change to sentence records and calculations: permission-checked, validated, audited, one
transaction each."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from omhub.accounts.permissions import Capability, has
from omhub.audit import services as audit
from omhub.calculations import booking_json
from omhub.calculations.models import Adjustment, Booking, CourtCase, Sentence
from omhub.people.models import Person
from omhub.sentencing import InputError

IMPORTED_COURT = "Court not recorded (imported)"


def can_record_sentences(user) -> bool:
    """Sentence records are kept by the hub: those who prepare or check its paperwork."""
    return has(user, Capability.PREPARE_CASEWORK) or has(user, Capability.CHECK_CASEWORK)


def _require_person(actor, person: Person) -> None:
    from omhub.people.selectors import people_visible_to

    if not can_record_sentences(actor):
        raise PermissionDenied("Your roles do not allow you to record sentences.")
    if not people_visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied("This person is not in your units.")


def active_booking(person: Person, *, create: bool = False) -> Booking | None:
    """The person's booking that calculations are made for; with ``create``, a new one if there is none."""
    booking = Booking.objects.filter(person=person, is_active=True).first()
    if booking is None and create:
        booking = Booking.objects.create(person=person, booking_number=person.booking_number)
    return booking


def booking_snapshot(booking: Booking) -> dict:
    """What the booking holds, for the audit trail: its engine JSON (without the person's details)."""
    data = booking_json.to_engine_json(booking)["booking"]
    return {"sentences": data["sentences"], "adjustments": data["adjustments"],
            "returnToCustodyDate": data.get("returnToCustodyDate")}


@transaction.atomic
def import_booking(*, actor, person: Person, case: dict, replace: bool = False) -> Booking:
    """Records from a reference-engine case object, into the person's active booking. The engine reads
    the case first: anything it would refuse is refused here, every problem named by its JSON path, and
    nothing is saved. A booking that already has records is only replaced when ``replace`` says so."""
    _require_person(actor, person)
    if not isinstance(case, dict) or "booking" not in case:
        raise ValidationError({"booking": ["This is not a booking: expected an object with a \"booking\" in it"]})
    try:
        imported = booking_json.read(case)
    except InputError as error:
        raise ValidationError(booking_json.problems(error)) from error
    if imported.date_of_birth and imported.date_of_birth != person.date_of_birth:
        raise ValidationError({"booking.offender.dateOfBirth": [
            f"This booking is for someone born on {imported.date_of_birth:%-d %B %Y}, but {person.full_name} was "
            f"born on {person.date_of_birth:%-d %B %Y}: check that it is the right person's booking"]})
    booking = active_booking(person, create=True)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    has_records = booking.sentences.exists() or booking.adjustments.exists()
    if has_records and not replace:
        raise ValidationError({"replace": ["This person's booking already has sentences or adjustments: "
                                           "choose to replace them, or change them one by one"]})
    before = booking_snapshot(booking) if has_records else None
    if has_records:
        booking.sentences.update(consecutive_to=None)
        booking.sentences.all().delete()
        booking.court_cases.all().delete()
        booking.adjustments.all().delete()
    booking.is_active_sex_offender = imported.is_active_sex_offender
    booking.return_to_custody_date = imported.return_to_custody_date
    booking.extra = imported.extra
    booking.version += 1
    booking.save()
    cases: dict[str, CourtCase] = {}
    by_identifier: dict[str, Sentence] = {}
    for line in imported.sentences:
        key = line.case_reference or f"sentenced {line.sentenced_at.isoformat()}"
        if key not in cases:
            cases[key] = CourtCase.objects.create(booking=booking, court_name=IMPORTED_COURT,
                                                  case_reference=line.case_reference,
                                                  appearance_date=line.sentenced_at)
        by_identifier[line.identifier] = Sentence.objects.create(
            booking=booking, court_case=cases[key], line_number=line.line_number, identifier=line.identifier,
            kind=line.kind, offence_code=line.offence_code, offence_committed_at=line.offence_committed_at,
            sentenced_at=line.sentenced_at, duration=line.duration, custodial_duration=line.custodial_duration,
            extension_duration=line.extension_duration, is_sds_plus=line.is_sds_plus,
            is_sds_plus_eligible=line.is_sds_plus_eligible, early_release_exclusions=line.early_release_exclusions,
            is_section_250=line.is_section_250, fine_amount=line.fine_amount, recall_type=line.recall_type,
            revocation_date=line.revocation_date, return_to_custody_date=line.return_to_custody_date,
            extra=line.extra)
    missing = []
    for line in imported.sentences:
        if line.consecutive_to:
            target = by_identifier.get(line.consecutive_to)
            if target is None:
                missing.append(f"booking.sentences[{line.line_number - 1}].consecutiveSentenceUUIDs names "
                               f"{line.consecutive_to!r}, which is not a sentence in this booking")
                continue
            Sentence.objects.filter(pk=by_identifier[line.identifier].pk).update(consecutive_to=target)
    if missing:
        raise ValidationError({"booking.sentences": missing})
    Adjustment.objects.bulk_create([
        Adjustment(booking=booking, kind=item.kind, days=item.days, from_date=item.from_date, to_date=item.to_date,
                   applies_from=item.applies_from, ual_reason=item.ual_reason, extra=item.extra, created_by=actor)
        for item in imported.adjustments])
    audit.record(actor=actor, action=audit.Action.UPDATE if has_records else audit.Action.CREATE, instance=booking,
                 person_id=person.pk, before=before,
                 after={"imported": True, **booking_snapshot(booking)})
    return booking

