"""The sentence records and confirmed key dates of many people at once, for runs of the engine over a
whole establishment (what-if) or everyone with confirmed dates (the nightly check).

A person's engine inputs are built exactly as a calculation builds them (``checking.engine_inputs``),
from records read in bulk: a handful of queries a chunk of people rather than several a person.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from omhub.calculations import booking_json
from omhub.calculations.models import Adjustment, Booking, ConfirmedKeyDates, Sentence

CHUNK_SIZE = 500


@dataclass
class PersonRecords:
    """One person: the engine inputs their sentence records give now (None when nothing is recorded),
    and their latest confirmed key dates (None when never confirmed)."""

    person_id: int
    inputs: dict | None
    confirmed: ConfirmedKeyDates | None

    @property
    def confirmed_by_engine(self) -> bool:
        """Confirmed dates the engine produced (not entered by hand), so the engine can be asked again."""
        return self.confirmed is not None and not self.confirmed.calculation.is_manual

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
    """Each person's engine inputs from their active booking, for those with sentences recorded."""
    bookings = {booking.pk: booking for booking in
                Booking.objects.filter(person_id__in=person_ids, is_active=True).select_related("person")}
    sentences: dict[int, list[Sentence]] = {}
    for sentence in (Sentence.objects.filter(booking_id__in=list(bookings))
                     .select_related("consecutive_to", "court_case").order_by("booking_id", "line_number", "id")):
        sentences.setdefault(sentence.booking_id, []).append(sentence)
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


def latest_confirmed_of(person_ids: list[int], *, with_inputs: bool = True) -> dict[int, ConfirmedKeyDates]:
    """Each person's latest confirmed key dates (the highest version number), with its calculation."""
    latest_ids = {}
    for pk, person_id in (ConfirmedKeyDates.objects.filter(person_id__in=person_ids)
                          .order_by("person_id", "-number").values_list("pk", "person_id")):
        latest_ids.setdefault(person_id, pk)
    query = ConfirmedKeyDates.objects.filter(pk__in=list(latest_ids.values())).select_related("calculation")
    if not with_inputs:
        query = query.defer("inputs", "calculation__inputs", "calculation__breakdown")
    else:
        query = query.defer("calculation__inputs", "calculation__breakdown")
    return {confirmed.person_id: confirmed for confirmed in query}


def records_of(person_ids: list[int]) -> list[PersonRecords]:
    inputs = engine_inputs_of(person_ids)
    confirmed = latest_confirmed_of(person_ids)
    return [PersonRecords(person_id, inputs.get(person_id), confirmed.get(person_id)) for person_id in person_ids]
