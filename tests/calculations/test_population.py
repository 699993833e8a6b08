"""Reading many people's records and confirmed dates at once, for engine runs over an establishment."""

import datetime
import gc

import pytest

from omhub.calculations import checking, population
from omhub.calculations.models import ConfirmedKeyDates
from tests.calculations.check_support import *  # noqa: F403
from tests.calculations.check_support import confirm_current
from tests.calculations.record_helpers import add_adjustment
from tests.factories import PersonFactory


@pytest.fixture
def confirmed(staff, submitted):
    item, _ = submitted
    return confirm_current(item, staff["hub-manager"])


def test_records_read_in_bulk_are_exactly_what_a_calculation_reads(staff, confirmed, person):
    assert population.engine_inputs_of([person.pk]) == {person.pk: checking.engine_inputs(person.bookings.get())}


def test_records_unchanged_since_confirmation_are_recognised_without_reading_them_again(
        confirmed, person, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        [records] = population.records_of([person.pk])
    assert records.unchanged_since_confirmed and records.inputs == confirmed.inputs
    assert records.confirmed.pk == confirmed.pk


def test_a_change_to_the_records_since_confirmation_is_seen(staff, confirmed, person):
    add_adjustment(staff["business-administrator"], person, kind="TAGGED_BAIL", days=5,
                   applies_from=datetime.date(2026, 10, 20))
    [records] = population.records_of([person.pk])
    assert not records.unchanged_since_confirmed
    assert records.inputs == checking.engine_inputs(person.bookings.get()) != confirmed.inputs


def test_a_corrected_date_of_birth_is_a_change_too(confirmed, person):
    person.date_of_birth = datetime.date(1985, 3, 28)
    person.save(update_fields=["date_of_birth"])
    [records] = population.records_of([person.pk])
    assert not records.unchanged_since_confirmed


def test_confirmed_dates_from_before_booking_versions_were_kept_are_compared_in_full(confirmed, person):
    confirmed.calculation.booking_version = None
    confirmed.calculation.save(update_fields=["booking_version"])
    [records] = population.records_of([person.pk])
    assert records.unchanged_since_confirmed


def test_people_without_records_or_confirmed_dates_are_read_as_such(units):
    nobody = PersonFactory(establishment=units["LEI"])
    [records] = population.records_of([nobody.pk])
    assert (records.inputs, records.confirmed, records.unchanged_since_confirmed) == (None, None, False)
    assert not ConfirmedKeyDates.objects.exists()


def test_a_run_over_many_people_leaves_the_garbage_collector_as_it_found_it():
    with population.collecting_only_new_objects():
        assert gc.get_freeze_count() > 0, "what the process had before the run is left out of collections"
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), population.collecting_only_new_objects():
        raise RuntimeError("a run that fails half-way")
    assert gc.get_freeze_count() == 0


def test_confirmed_dates_read_in_bulk_carry_what_the_runs_use(confirmed, person, django_assert_max_num_queries):
    booking = person.bookings.get()
    with django_assert_max_num_queries(2):
        latest = population.latest_confirmed_of([person.pk])[person.pk]
        assert (latest.dates, latest.inputs, latest.profile, latest.recheck_needed) == (
            confirmed.dates, confirmed.inputs, confirmed.profile, False)
        assert latest.entered_by_hand is False and latest.from_booking == booking.pk
