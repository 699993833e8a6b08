"""Demo sentence records: every sentenced or recalled person in a prison gets a booking the engine
calculates cleanly, the same each time, and nobody's own records are touched."""

import datetime

from django.core.management import call_command

from omhub.calculations import population
from omhub.calculations.models import Booking, Sentence, WhatIfRun
from omhub.demo.sentence_records import booking_for, build_sentence_records
from omhub.people.models import LegalStatus
from omhub.sentencing import calculate
from tests.factories import PersonFactory

TODAY = datetime.date(2026, 11, 30)


def test_generated_bookings_are_calculated_without_refusals_or_validation_messages_under_either_law():
    import random

    for index in range(400):
        rng = random.Random(index)
        born = TODAY - datetime.timedelta(days=rng.randint(19 * 365, 70 * 365))
        case, _ = booking_for(rng, born=born, today=TODAY, recalled=index % 5 == 0, index=index)
        for profile in ("calculation-params", "sds-progression-model-october"):
            result = calculate({**case, "params": profile})
            assert not result.error and not result.validation, (index, profile, result.error, result.validation)


def test_sentenced_and_recalled_people_in_prisons_get_records_once(units, staff):
    sentenced = PersonFactory(establishment=units["LEI"], legal_status=LegalStatus.SENTENCED)
    recalled = PersonFactory(establishment=units["LEI"], legal_status=LegalStatus.RECALLED)
    on_remand = PersonFactory(establishment=units["LEI"], legal_status=LegalStatus.REMAND)
    in_the_community = PersonFactory(establishment=None, probation_unit=units["PDULDS"])
    assert build_sentence_records(today=TODAY) == 2
    inputs = population.engine_inputs_of([sentenced.pk, recalled.pk, on_remand.pk, in_the_community.pk])
    assert set(inputs) == {sentenced.pk, recalled.pk}
    for case in inputs.values():
        assert not calculate(case).error
    sentences = Sentence.objects.count()
    assert build_sentence_records(today=TODAY) == 0 and Sentence.objects.count() == sentences
    assert Booking.objects.filter(person=recalled).get().sentences.exclude(offence_description="").exists()


def test_the_same_seed_and_day_give_the_same_records(units, staff):
    person = PersonFactory(establishment=units["LEI"], legal_status=LegalStatus.SENTENCED)
    build_sentence_records(today=TODAY, seed=7)
    first = population.engine_inputs_of([person.pk])[person.pk]
    Booking.objects.filter(person=person).delete()
    build_sentence_records(today=TODAY, seed=7)
    assert population.engine_inputs_of([person.pk])[person.pk] == first


def test_the_demo_what_if_runs_from_the_command(units, staff, capsys):
    for _ in range(6):
        PersonFactory(establishment=units["LEI"], legal_status=LegalStatus.SENTENCED,
                      date_of_birth=datetime.date(1980, 1, 1))
    build_sentence_records(today=TODAY)
    call_command("calculations", "what-if", "--unit", "LEI", "--profile", "sds-progression-model-october",
                 "--user", "head", "--no-progress")
    out = capsys.readouterr().out
    run = WhatIfRun.objects.get()
    assert run.state == "finished" and run.total == 6
    assert f"What-if {run.pk} for HMP Leeds under sds-progression-model-october: 6 people calculated" in out
