"""Changes to a person's sentence records, one at a time: the booking's details, court cases, sentences
and adjustments. Permission-checked, validated, audited, one transaction each.

Each change is checked twice before it is kept. First against the rules a hub administrator knows
(``record_checks``). Then by the engine itself, which reads the booking JSON the change produces: the
change is made inside the transaction, read back as the engine would read it, and rolled back if the
engine refuses it, so nothing omhub keeps can stop a calculation reading its inputs. Two people changing
one booking at once: the booking's version decides, and the second is told nothing of theirs was saved.
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from omhub import identifiers
from omhub.audit import services as audit
from omhub.calculations import booking_json
from omhub.calculations.models import Adjustment, AdjustmentKind, Booking, CourtCase, Sentence
from omhub.calculations.record_checks import (
    DEDUCTION_KINDS,
    adjustment_data,
    check_booking_adjustments,
    clean_adjustment,
    clean_court_case,
    clean_sentence,
    engine_errors,
    import_size_problems,
    not_future,
    orphaned_deductions,
    raise_errors,
    refuse_new_orphans,
    sentence_data,
    term_in_words,
)
from omhub.calculations.services import can_record_sentences
from omhub.core.errors import ConflictError
from omhub.people.models import Person
from omhub.sentencing import InputError, parse_request

log = logging.getLogger(__name__)


# -- permission, locking and the engine's check ----------------------------------------------------------


def require_recorder(actor, person: Person) -> None:
    """Sentence records are kept by those who prepare or check the hub's paperwork, for their own units."""
    from omhub.people.selectors import people_visible_to

    if not can_record_sentences(actor):
        raise PermissionDenied("Your roles do not allow you to record sentences.")
    if not people_visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied("This person is not in your units.")


def booking_version(person: Person) -> int:
    """The version a change must name: 0 while the person has no booking yet."""
    booking = Booking.objects.filter(person=person, is_active=True).only("version").first()
    return booking.version if booking else 0


def _locked_booking(actor, person: Person, expected_version: int, *, create: bool = True) -> Booking | None:
    require_recorder(actor, person)
    booking = Booking.objects.select_for_update().filter(person=person, is_active=True).first()
    if booking is None and create:
        Person.objects.select_for_update().filter(pk=person.pk).first()  # two first changes at once: one waits
        booking = Booking.objects.select_for_update().filter(person=person, is_active=True).first()
    current = booking.version if booking else 0
    if current != expected_version:
        raise ConflictError(f"Someone else changed {person.full_name}'s sentence records while you were looking at "
                            "them. Nothing you did was saved: look at them as they are now and try again.",
                            current_version=current)
    if booking is None and create:  # version 0 until its first change, as if it were not there yet
        booking = Booking.objects.create(person=person, booking_number=person.booking_number, version=0)
    return booking


def _bump(booking: Booking) -> None:
    booking.version += 1
    booking.save(update_fields=["version", "updated_at"])


def _engine_check(booking: Booking, *, sentence: Sentence | None = None, adjustment: Adjustment | None = None) -> None:
    """Read the booking as the engine will: a refusal undoes the change (the caller's transaction)."""
    booking = Booking.objects.select_related("person").get(pk=booking.pk)
    try:
        parse_request(booking_json.to_engine_json(booking))
    except InputError as error:
        index = None
        if adjustment is not None:
            ids = list(booking.adjustments.filter(kind=adjustment.kind).order_by("id").values_list("id", flat=True))
            index = ids.index(adjustment.pk) if adjustment.pk in ids else None
        raise ValidationError(engine_errors(error, sentence=sentence, adjustment=adjustment,
                                            adjustment_index=index)) from error


# -- the booking's own details ---------------------------------------------------------------------------


@transaction.atomic
def change_booking_details(*, actor, person: Person, expected_version: int, data: dict) -> Booking:
    """The booking number, whether the person is an active sex offender (no HDC), and, for a recall, the
    date they came back into custody."""
    booking = _locked_booking(actor, person, expected_version)
    errors: dict[str, list[str]] = {}
    number = (data.get("booking_number") or "").strip()
    if number:
        try:
            number = identifiers.normalise_booking_number(number)
        except identifiers.InvalidIdentifier as error:
            errors["booking_number"] = [str(error)]
    returned = data.get("return_to_custody_date")
    not_future(errors, "return_to_custody_date", returned, "The return to custody date")
    raise_errors(errors)
    fields = ["booking_number", "is_active_sex_offender", "return_to_custody_date"]
    before = audit.snapshot(booking, fields)
    booking.booking_number = number
    booking.is_active_sex_offender = bool(data.get("is_active_sex_offender"))
    booking.return_to_custody_date = returned
    after = audit.snapshot(booking, fields)
    if after == before:
        return booking
    booking.version += 1
    booking.save()
    _engine_check(booking)
    audit.record_change(actor=actor, instance=booking, before=before, after=after, person_id=person.pk)
    return booking


# -- court cases ----------------------------------------------------------------------------------------


def _court_case_snapshot(court_case: CourtCase) -> dict:
    return audit.snapshot(court_case, ["court_name", "case_reference", "appearance_date"])


@transaction.atomic
def add_court_case(*, actor, person: Person, expected_version: int, data: dict) -> CourtCase:
    booking = _locked_booking(actor, person, expected_version)
    court_case = CourtCase.objects.create(booking=booking, **clean_court_case(data))
    _bump(booking)
    _engine_check(booking)
    audit.record(actor=actor, action=audit.Action.CREATE, instance=court_case, person_id=person.pk,
                 after=_court_case_snapshot(court_case))
    return court_case


def _court_case_of(booking: Booking | None, court_case_id) -> CourtCase:
    court_case = None if booking is None else booking.court_cases.filter(pk=court_case_id).first()
    if court_case is None:
        raise CourtCase.DoesNotExist("No such court case in this person's booking")
    return court_case


@transaction.atomic
def change_court_case(*, actor, person: Person, court_case_id: int, expected_version: int, data: dict) -> CourtCase:
    booking = _locked_booking(actor, person, expected_version, create=False)
    court_case = _court_case_of(booking, court_case_id)
    before = _court_case_snapshot(court_case)
    for name, value in clean_court_case(data).items():
        setattr(court_case, name, value)
    court_case.save()
    after = _court_case_snapshot(court_case)
    if after != before:
        _bump(booking)
        _engine_check(booking)
        audit.record_change(actor=actor, instance=court_case, before=before, after=after, person_id=person.pk)
    return court_case


@transaction.atomic
def remove_court_case(*, actor, person: Person, court_case_id: int, expected_version: int) -> None:
    """Remove a court case and its sentences, unless a sentence of another case is consecutive to one of them."""
    booking = _locked_booking(actor, person, expected_version, create=False)
    court_case = _court_case_of(booking, court_case_id)
    lines = list(court_case.sentences.order_by("line_number"))
    dependants = booking.sentences.exclude(court_case=court_case).filter(consecutive_to__in=lines) \
        .select_related("consecutive_to").order_by("line_number")
    if dependants:
        raise ValidationError({"__all__": [
            f"Line {other.line_number} is consecutive to line {other.consecutive_to.line_number} of this court case: "
            f"change line {other.line_number} first" for other in dependants]})
    before = {**_court_case_snapshot(court_case), "sentences": [_sentence_snapshot(s) for s in lines]}
    orphans_before = orphaned_deductions(booking)
    Sentence.objects.filter(pk__in=[s.pk for s in lines]).update(consecutive_to=None)
    Sentence.objects.filter(pk__in=[s.pk for s in lines]).delete()
    court_case_pk = court_case.pk
    court_case.delete()
    court_case.pk = court_case_pk
    refuse_new_orphans(booking, orphans_before, field="__all__")
    renumbered = _renumber(booking)
    _bump(booking)
    _engine_check(booking)
    audit.record(actor=actor, action=audit.Action.DELETE, instance=court_case, person_id=person.pk, before=before,
                 after={"renumbered": renumbered} if renumbered else None)


# -- sentences ------------------------------------------------------------------------------------------


def _sentence_snapshot(sentence: Sentence) -> dict:
    """The sentence for the audit trail, its terms in words ("2 years 6 months"): exact, and readable on the
    person's timeline."""
    data = sentence_data(sentence)
    for name in ("duration", "custodial_duration", "extension_duration"):
        data[name] = term_in_words(data[name]) if data[name] else None
    return audit.json_safe({"line_number": sentence.line_number, **data})


def _renumber(booking: Booking) -> dict[int, int]:
    """Lines 1, 2, 3, ... again after a removal, in their order; returns the lines that moved."""
    moved = {}
    for number, sentence in enumerate(booking.sentences.order_by("line_number", "id"), start=1):
        if sentence.line_number != number:
            moved[sentence.line_number] = number
            Sentence.objects.filter(pk=sentence.pk).update(line_number=number)
    return moved


def _sentence_of(booking: Booking | None, line: int) -> Sentence:
    sentence = None if booking is None else booking.sentences.select_related(
        "consecutive_to", "court_case").filter(line_number=line).first()
    if sentence is None:
        raise Sentence.DoesNotExist(f"No line {line} in this person's booking")
    return sentence


@transaction.atomic
def add_sentence(*, actor, person: Person, expected_version: int, data: dict) -> Sentence:
    """A new sentence takes the next line number."""
    booking = _locked_booking(actor, person, expected_version)
    cleaned = clean_sentence(booking, person, data, sentence=None)
    line = (booking.sentences.aggregate(last=Max("line_number"))["last"] or 0) + 1
    sentence = Sentence.objects.create(booking=booking, line_number=line, **cleaned)
    _bump(booking)
    _engine_check(booking, sentence=sentence)
    audit.record(actor=actor, action=audit.Action.CREATE, instance=sentence, person_id=person.pk,
                 after=_sentence_snapshot(sentence))
    return sentence


@transaction.atomic
def change_sentence(*, actor, person: Person, line: int, expected_version: int, data: dict) -> Sentence:
    booking = _locked_booking(actor, person, expected_version, create=False)
    sentence = _sentence_of(booking, line)
    before = _sentence_snapshot(sentence)
    orphans_before = orphaned_deductions(booking)
    cleaned = clean_sentence(booking, person, data, sentence=sentence)
    for name, value in cleaned.items():
        setattr(sentence, name, value)
    sentence.save()
    after = _sentence_snapshot(sentence)
    if after == before:
        return sentence
    refuse_new_orphans(booking, orphans_before, field="sentenced_at")
    _bump(booking)
    _engine_check(booking, sentence=sentence)
    audit.record_change(actor=actor, instance=sentence, before=before, after=after, person_id=person.pk)
    return sentence


@transaction.atomic
def remove_sentence(*, actor, person: Person, line: int, expected_version: int) -> None:
    """Lines after it move up one. A sentence others are consecutive to stays until they are changed."""
    booking = _locked_booking(actor, person, expected_version, create=False)
    sentence = _sentence_of(booking, line)
    dependants = list(sentence.consecutive_sentences.order_by("line_number").values_list("line_number", flat=True))
    if dependants:
        lines = " and ".join(str(number) for number in dependants)
        plural = len(dependants) > 1
        raise ValidationError({"__all__": [
            f"Line {line} cannot be removed while line{'s' if plural else ''} {lines} {'are' if plural else 'is'} "
            f"consecutive to it: change line{'s' if plural else ''} {lines} first"]})
    before = _sentence_snapshot(sentence)
    orphans_before = orphaned_deductions(booking)
    sentence_pk = sentence.pk
    sentence.delete()
    sentence.pk = sentence_pk
    refuse_new_orphans(booking, orphans_before, field="__all__")
    renumbered = _renumber(booking)
    _bump(booking)
    _engine_check(booking)
    audit.record(actor=actor, action=audit.Action.DELETE, instance=sentence, person_id=person.pk, before=before,
                 after={"renumbered": renumbered} if renumbered else None)


# -- adjustments ----------------------------------------------------------------------------------------


def _adjustment_snapshot(adjustment: Adjustment) -> dict:
    return audit.json_safe({**adjustment_data(adjustment), "source_work_item": adjustment.source_work_item_id})


def _adjustment_of(booking: Booking | None, adjustment_id: int) -> Adjustment:
    adjustment = None if booking is None else booking.adjustments.filter(pk=adjustment_id).first()
    if adjustment is None:
        raise Adjustment.DoesNotExist("No such adjustment in this person's booking")
    return adjustment


def _save_new_adjustment(*, actor, booking: Booking, person: Person, cleaned: dict, source_work_item=None):
    adjustment = Adjustment.objects.create(booking=booking, created_by=actor if getattr(
        actor, "is_authenticated", False) else None, source_work_item=source_work_item, **cleaned)
    check_booking_adjustments(booking, adjustment)
    _bump(booking)
    _engine_check(booking, adjustment=adjustment)
    audit.record(actor=actor, action=audit.Action.CREATE, instance=adjustment, person_id=person.pk,
                 after=_adjustment_snapshot(adjustment))
    return adjustment


@transaction.atomic
def add_adjustment(*, actor, person: Person, expected_version: int, data: dict) -> Adjustment:
    booking = _locked_booking(actor, person, expected_version)
    cleaned = clean_adjustment(booking, data)
    return _save_new_adjustment(actor=actor, booking=booking, person=person, cleaned=cleaned)


@transaction.atomic
def change_adjustment(*, actor, person: Person, adjustment_id: int, expected_version: int, data: dict) -> Adjustment:
    booking = _locked_booking(actor, person, expected_version, create=False)
    adjustment = _adjustment_of(booking, adjustment_id)
    if data.get("kind", adjustment.kind) != adjustment.kind:
        raise ValidationError({"kind": ["The type of an adjustment cannot change: remove it and add the right one"]})
    data = dict(data)
    if adjustment.kind not in DEDUCTION_KINDS and adjustment.applies_from != adjustment.from_date and \
            data.get("from_date") == adjustment.from_date and data.get("applies_from") is None:
        data["applies_from"] = adjustment.applies_from  # an imported date it counts from, kept while its dates are
    before = _adjustment_snapshot(adjustment)
    extra = adjustment.extra
    for name, value in clean_adjustment(booking, data).items():
        setattr(adjustment, name, value)
    adjustment.extra = extra
    adjustment.save()
    after = _adjustment_snapshot(adjustment)
    if after == before:
        return adjustment
    check_booking_adjustments(booking, adjustment)
    _bump(booking)
    _engine_check(booking, adjustment=adjustment)
    audit.record_change(actor=actor, instance=adjustment, before=before, after=after, person_id=person.pk)
    return adjustment


@transaction.atomic
def remove_adjustment(*, actor, person: Person, adjustment_id: int, expected_version: int) -> None:
    booking = _locked_booking(actor, person, expected_version, create=False)
    adjustment = _adjustment_of(booking, adjustment_id)
    before = _adjustment_snapshot(adjustment)
    adjustment_pk = adjustment.pk
    adjustment.delete()
    adjustment.pk = adjustment_pk
    if adjustment.kind == AdjustmentKind.ADDITIONAL_DAYS_AWARDED:
        awarded = sum(booking.adjustments.filter(kind=AdjustmentKind.ADDITIONAL_DAYS_AWARDED)
                      .values_list("days", flat=True))
        restored = sum(booking.adjustments.filter(kind=AdjustmentKind.RESTORATION_OF_ADDITIONAL_DAYS_AWARDED)
                       .values_list("days", flat=True))
        if restored > awarded:
            raise ValidationError({"__all__": [
                f"Without these additional days, more days would be restored ({restored:,}) than awarded "
                f"({awarded:,}): change the restored days first"]})
    _bump(booking)
    _engine_check(booking)
    audit.record(actor=actor, action=audit.Action.DELETE, instance=adjustment, person_id=person.pk, before=before)


# -- additional days from an adjudication, and imports --------------------------------------------------


def add_awarded_days(*, actor, item, days: int, awarded_on: datetime.date) -> Adjustment | None:
    """An ADA from an adjudication work item, once per item: the step that recorded it was already allowed,
    so no role is asked for again. The caller holds the transaction."""
    person = item.person
    booking = Booking.objects.select_for_update().filter(person=person, is_active=True).first()
    if booking is None:
        Person.objects.select_for_update().filter(pk=person.pk).first()
        booking = Booking.objects.filter(person=person, is_active=True).first() or Booking.objects.create(
            person=person, booking_number=person.booking_number, version=0)
    if booking.adjustments.filter(source_work_item=item).exists():
        return None
    cleaned = clean_adjustment(booking, {"kind": AdjustmentKind.ADDITIONAL_DAYS_AWARDED, "days": days,
                                          "from_date": awarded_on, "adjudication_reference": item.reference})
    return _save_new_adjustment(actor=actor, booking=booking, person=person, cleaned=cleaned, source_work_item=item)


def import_booking(*, actor, person: Person, case, replace: bool = False) -> Booking:
    """services.import_booking, after the checks of what the records can hold."""
    from omhub.calculations import services

    require_recorder(actor, person)
    if problems := import_size_problems(case):
        raise ValidationError(problems)
    return services.import_booking(actor=actor, person=person, case=case, replace=replace)
