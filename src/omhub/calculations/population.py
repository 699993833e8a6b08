"""The sentence records and confirmed key dates of many people at once, for runs of the engine over a
whole establishment (what-if) or everyone with confirmed dates (the nightly check).

A person's engine inputs are built exactly as a calculation builds them (``checking.engine_inputs``),
from records read in bulk: a handful of queries a chunk of people rather than several a person.
"""

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import F

from omhub.calculations import booking_json
from omhub.calculations.models import Adjustment, Booking, ConfirmedKeyDates, CourtCase, Sentence

CHUNK_SIZE = 1000


@dataclass
class PersonRecords:
    """One person: the engine inputs their sentence records give now (None when nothing is recorded),
    their latest confirmed key dates (None when never confirmed), and whether those were calculated
    from the records exactly as they are now."""

    person_id: int
    inputs: dict | None
    confirmed: ConfirmedKeyDates | None
    unchanged_since_confirmed: bool = False


@contextmanager
def collecting_only_new_objects() -> Iterator[None]:
    """For a run over many people: the garbage collector's full collections look only at objects made
    during the run, not at every object the process had before it (Django's, the worker's), which they
    would otherwise walk about eight times every 10,000 people."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def chunks(ids: Iterable[int], size: int = CHUNK_SIZE) -> Iterator[list[int]]:
    batch: list[int] = []
    for value in ids:
        batch.append(value)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def engine_inputs_of(person_ids: list[int]) -> dict[int, dict]:
    """Each person's engine inputs from their active booking, for those with sentences recorded. Court
    cases and the sentence each one is consecutive to are read once and attached, not joined onto every
    sentence row: most of the cost here is making model objects."""
    bookings = {booking.pk: booking for booking in
                Booking.objects.filter(person_id__in=person_ids, is_active=True).select_related("person")}
    court_cases = {case.pk: case for case in CourtCase.objects.filter(booking_id__in=list(bookings))}
    sentences: dict[int, list[Sentence]] = {}
    by_pk: dict[int, Sentence] = {}
    for sentence in Sentence.objects.filter(booking_id__in=list(bookings)).order_by("booking_id", "line_number", "id"):
        sentence.court_case = court_cases[sentence.court_case_id]
        sentences.setdefault(sentence.booking_id, []).append(sentence)
        by_pk[sentence.pk] = sentence
    for sentence in by_pk.values():
        if sentence.consecutive_to_id:
            sentence.consecutive_to = by_pk[sentence.consecutive_to_id]
    adjustments: dict[int, list[Adjustment]] = {}
    for adjustment in Adjustment.objects.filter(booking_id__in=list(bookings)).order_by("booking_id", "id"):
        adjustments.setdefault(adjustment.booking_id, []).append(adjustment)
    inputs = {}
    for booking_id, booking in bookings.items():
        if booking_id not in sentences:
            continue
        inputs[booking.person_id] = booking_json.to_engine_json(
            booking, calculate_ersed=True, sentences=sentences[booking_id], adjustments=adjustments.get(booking_id, []))
    return inputs


# What runs over many people read of confirmed key dates; the rest is left unread (and read on its own
# if it is asked for).
READ_OF_CONFIRMED = ("person_id", "number", "dates", "profile", "inputs", "recheck_needed", "recheck_details")


def latest_confirmed_of(person_ids: list[int]) -> dict[int, ConfirmedKeyDates]:
    """Each person's latest confirmed key dates (the highest version number), with ``entered_by_hand``,
    and the booking and booking version they were calculated from, from its calculation."""
    latest_ids = {}
    for pk, person_id in (ConfirmedKeyDates.objects.filter(person_id__in=person_ids)
                          .order_by("person_id", "-number").values_list("pk", "person_id")):
        latest_ids.setdefault(person_id, pk)
    query = (ConfirmedKeyDates.objects.filter(pk__in=list(latest_ids.values()))
             .only(*READ_OF_CONFIRMED)
             .annotate(entered_by_hand=F("calculation__is_manual"), from_booking=F("calculation__booking_id"),
                       from_booking_version=F("calculation__booking_version")))
    return {confirmed.person_id: confirmed for confirmed in query}


def records_of(person_ids: list[int]) -> list[PersonRecords]:
    """Everyone's records and latest confirmed dates. Where the active booking is the one the confirmed
    dates were calculated from, at the same version (every change to sentence records raises it), and
    the date of birth is the same, the records are those the dates were confirmed from: their inputs are
    the confirmed inputs, and the records are not read again. Everyone else's are read and compared."""
    confirmed = latest_confirmed_of(person_ids)
    bookings = {person_id: (pk, version, born) for person_id, pk, version, born in
                Booking.objects.filter(person_id__in=person_ids, is_active=True)
                .values_list("person_id", "pk", "version", "person__date_of_birth")}
    known: dict[int, PersonRecords] = {}
    for person_id, dates in confirmed.items():
        booking = bookings.get(person_id)
        offender = dates.inputs.get("booking", {}).get("offender", {})
        if (booking is not None and dates.from_booking_version is not None
                and (dates.from_booking, dates.from_booking_version) == booking[:2]
                and offender.get("dateOfBirth") == booking[2].isoformat()):
            known[person_id] = PersonRecords(person_id, dates.inputs, dates, unchanged_since_confirmed=True)
    inputs = engine_inputs_of([person_id for person_id in person_ids if person_id not in known])
    records = []
    for person_id in person_ids:
        if person_id in known:
            records.append(known[person_id])
            continue
        now, dates = inputs.get(person_id), confirmed.get(person_id)
        records.append(PersonRecords(person_id, now, dates,
                                     unchanged_since_confirmed=dates is not None and now is not None
                                     and dates.inputs == now))
    return records
