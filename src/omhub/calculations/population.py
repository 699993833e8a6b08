"""The sentence records and confirmed key dates of many people at once, for runs of the engine over a
whole establishment (what-if) or everyone with confirmed dates (the nightly check).

A person's engine inputs are built exactly as a calculation builds them (``checking.engine_inputs``),
from records read in bulk: a handful of queries a chunk of people rather than several a person.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import F

from omhub.calculations import booking_json
from omhub.calculations.models import Adjustment, Booking, ConfirmedKeyDates, CourtCase, Sentence

CHUNK_SIZE = 500


@dataclass
class PersonRecords:
    """One person: the engine inputs their sentence records give now (None when nothing is recorded),
    and their latest confirmed key dates (None when never confirmed)."""

    person_id: int
    inputs: dict | None
    confirmed: ConfirmedKeyDates | None

    @property
    def unchanged_since_confirmed(self) -> bool:
        return self.confirmed is not None and self.inputs is not None and self.confirmed.inputs == self.inputs


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


def latest_confirmed_of(person_ids: list[int]) -> dict[int, ConfirmedKeyDates]:
    """Each person's latest confirmed key dates (the highest version number), with ``entered_by_hand``
    from its calculation."""
    latest_ids = {}
    for pk, person_id in (ConfirmedKeyDates.objects.filter(person_id__in=person_ids)
                          .order_by("person_id", "-number").values_list("pk", "person_id")):
        latest_ids.setdefault(person_id, pk)
    query = (ConfirmedKeyDates.objects.filter(pk__in=list(latest_ids.values()))
             .annotate(entered_by_hand=F("calculation__is_manual")))
    return {confirmed.person_id: confirmed for confirmed in query}


def records_of(person_ids: list[int]) -> list[PersonRecords]:
    inputs = engine_inputs_of(person_ids)
    confirmed = latest_confirmed_of(person_ids)
    return [PersonRecords(person_id, inputs.get(person_id), confirmed.get(person_id)) for person_id in person_ids]
