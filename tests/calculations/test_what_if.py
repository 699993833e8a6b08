"""What-if for an establishment: the engine over everyone in a prison under another law, in the
background, compared with what they have now, touching nobody's confirmed key dates."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from omhub.calculations import what_if
from omhub.calculations import what_if_selectors as selectors
from omhub.calculations.models import ConfirmedKeyDates, WhatIfResult, WhatIfRun
from omhub.casework.models import KeyDate, WorkItem
from omhub.core.errors import ConflictError
from omhub.sentencing import calculate
from tests.calculations.check_support import *  # noqa: F403
from tests.calculations.check_support import booking_case, confirm_current, imported
from tests.factories import PersonFactory

PM = "sds-progression-model-october"


def engine_dates(case: dict, profile: str) -> dict:
    return calculate({**case, "params": profile, "userInputs": {"calculateErsed": True}}).ordered_dates()


@pytest.fixture
def establishment(staff, units, submitted, person, outsider):
    """HMP Leeds: John Smith with confirmed dates (12 + 6 months consecutive, 30 days' remand); Mohammed
    Khan with a four-year sentence recorded but not calculated; Piotr Nowak with no sentences; and, at HMP
    Wakefield, someone who must not be counted."""
    item, _ = submitted
    confirm_current(item, staff["hub-manager"])
    ba = staff["business-administrator"]
    unconfirmed = PersonFactory(establishment=units["LEI"], first_name="Mohammed", last_name="Khan",
                                date_of_birth=datetime.date(1985, 3, 27))
    imported(ba, unconfirmed, booking_case(terms=({"YEARS": 4},), sentenced="2026-06-01", remand_days=0))
    without = PersonFactory(establishment=units["LEI"], first_name="Piotr", last_name="Nowak")
    elsewhere = PersonFactory(establishment=units["WDI"], date_of_birth=datetime.date(1985, 3, 27))
    imported(outsider, elsewhere, booking_case())
    return {"confirmed": person, "unconfirmed": unconfirmed, "without": without, "elsewhere": elsewhere}


def run_for(staff, units, profile=PM) -> WhatIfRun:
    run = what_if.start_run(actor=staff["head-of-omd"], unit=units["LEI"], profile=profile, background=False)
    return what_if.execute(run.pk)


def test_everyone_with_sentences_is_calculated_and_those_whose_dates_change_are_listed(staff, units, establishment):
    run = run_for(staff, units)
    assert run.state == WhatIfRun.State.FINISHED
    assert (run.total, run.done, run.without_records, run.failed) == (2, 2, 1, 0)
    results = {result.person_id: result for result in run.results.all()}
    assert set(results) <= {establishment["confirmed"].pk, establishment["unconfirmed"].pk}
    four_years = booking_case(terms=({"YEARS": 4},), sentenced="2026-06-01", remand_days=0)
    now, then = engine_dates(four_years, "calculation-params"), engine_dates(four_years, PM)
    assert now != then, "the Progression Model changes a four-year sentence passed in 2026"
    result = results[establishment["unconfirmed"].pk]
    assert result.basis == WhatIfResult.Basis.RECORDS
    assert result.current_dates == now and result.new_dates == then
    current, new = datetime.date.fromisoformat(now["CRD"]), datetime.date.fromisoformat(then["CRD"])
    assert (result.current_release, result.new_release, result.days_earlier) == (current, new, (current - new).days)
    assert {change["code"] for change in result.changes} >= {"CRD"}
    assert run.changed == len(results) and run.earlier == sum(1 for r in results.values() if r.days_earlier > 0)


def test_a_person_whose_records_are_those_confirmed_is_compared_with_their_confirmed_dates(
        staff, units, establishment):
    confirmed = ConfirmedKeyDates.objects.get(person=establishment["confirmed"])
    run = run_for(staff, units)
    result = run.results.filter(person=establishment["confirmed"]).first()
    new = engine_dates(confirmed.inputs, PM)
    if new == confirmed.dates:
        assert result is None
    else:
        assert result.basis == WhatIfResult.Basis.CONFIRMED
        assert result.current_dates == confirmed.dates and result.new_dates == new


def test_a_record_changed_since_confirmation_is_compared_with_the_records_as_they_stand(
        staff, units, establishment):
    ba = staff["business-administrator"]
    imported(ba, establishment["confirmed"], booking_case(terms=({"YEARS": 5},), sentenced="2026-05-04",
                                                          remand_days=0), replace=True)
    run = run_for(staff, units)
    result = run.results.get(person=establishment["confirmed"])
    assert result.basis == WhatIfResult.Basis.RECORDS


def test_nothing_the_hub_works_to_changes(staff, units, establishment):
    confirmed = list(ConfirmedKeyDates.objects.values_list("pk", "dates", "recheck_needed"))
    key_dates = list(KeyDate.objects.values_list("person_id", "kind", "date"))
    items = WorkItem.objects.count()
    run_for(staff, units)
    assert list(ConfirmedKeyDates.objects.values_list("pk", "dates", "recheck_needed")) == confirmed
    assert list(KeyDate.objects.values_list("person_id", "kind", "date")) == key_dates
    assert WorkItem.objects.count() == items


def test_the_law_in_force_is_not_offered_as_the_law_to_compare_with():
    choices = dict(what_if.profile_choices())
    assert "calculation-params" not in choices and PM in choices


def test_a_case_the_engine_cannot_calculate_is_counted_and_says_why(staff, units, establishment):
    booking = establishment["unconfirmed"].bookings.get()
    booking.sentences.update(recall_type="FIXED_TERM_RECALL_28")  # a fixed term recall with no return date
    run = run_for(staff, units)
    result = run.results.get(person=establishment["unconfirmed"])
    assert run.failed == 1 and result.error.startswith("Under the law in force, the engine")
    assert result.new_release is None and result.days_earlier is None


def test_a_run_that_fails_half_way_keeps_no_results_and_says_what_went_wrong(
        staff, units, establishment, monkeypatch):
    calls = []
    real = what_if.compare

    def failing(records, **kwargs):
        calls.append(records.person_id)
        if len(calls) > 1:
            raise RuntimeError("the database went away")
        return real(records, **kwargs)

    monkeypatch.setattr(what_if, "compare", failing)
    monkeypatch.setattr(what_if.population, "CHUNK_SIZE", 1)
    run = run_for(staff, units)
    assert run.state == WhatIfRun.State.FAILED
    assert "the database went away" in run.error and run.finished_at is not None
    assert not run.results.exists()


def test_only_those_who_may_compare_release_dates_run_one_and_only_for_their_establishments(
        staff, units, establishment, make_user):
    with pytest.raises(PermissionDenied):
        what_if.start_run(actor=staff["business-administrator"], unit=units["LEI"], profile=PM)
    with pytest.raises(ValidationError) as error:
        what_if.start_run(actor=staff["head-of-omd"], unit=units["WDI"], profile=PM)
    assert error.value.message_dict == {"unit": ["Choose one of your establishments"]}
    with pytest.raises(ValidationError) as error:
        what_if.start_run(actor=staff["head-of-omd"], unit=units["LEI"], profile="calculation-params")
    assert list(error.value.message_dict) == ["profile"]
    with pytest.raises(ValidationError):
        what_if.start_run(actor=staff["head-of-omd"], unit=units["PDULDS"], profile=PM)
    assert not WhatIfRun.objects.exists()


def test_one_run_at_a_time_for_an_establishment_and_law(staff, units, establishment):
    first = what_if.start_run(actor=staff["head-of-omd"], unit=units["LEI"], profile=PM, background=False)
    with pytest.raises(ConflictError) as error:
        what_if.start_run(actor=staff["head-of-omd"], unit=units["LEI"], profile=PM)
    assert f"run {first.pk}" in error.value.message
    what_if.execute(first.pk)
    assert what_if.start_run(actor=staff["head-of-omd"], unit=units["LEI"], profile=PM, background=False)


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_queued_what_if(staff, units, establishment):
    run = what_if.start_run(actor=staff["head-of-omd"], unit=units["LEI"], profile=PM)
    assert WhatIfRun.objects.get(pk=run.pk).state == WhatIfRun.State.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay")
    run.refresh_from_db()
    assert run.state == WhatIfRun.State.FINISHED and run.done == 2


def test_a_run_is_executed_once_however_often_it_is_asked(staff, units, establishment):
    run = run_for(staff, units)
    changed = run.results.count()
    again = what_if.execute(run.pk)
    assert again.state == WhatIfRun.State.FINISHED and again.results.count() == changed


def test_results_sort_by_days_earlier_release_date_or_name_either_way(staff, units, establishment):
    run = run_for(staff, units)
    for sort in selectors.SORTS:
        ascending = list(selectors.results(run, sort=sort, descending=False))
        descending = list(selectors.results(run, sort=sort, descending=True))
        assert len(ascending) == run.changed
        if len({r.person_id for r in ascending}) > 1 and sort == "name":
            assert ascending == list(reversed(descending))
    by_days = list(selectors.results(run))
    assert by_days == sorted(by_days, key=lambda r: -(r.days_earlier or 0))


def test_the_summary_bands_everyone_whose_dates_change_and_gives_the_earliest_release_dates(
        staff, units, establishment):
    run = run_for(staff, units)
    summary = selectors.summary(run)
    assert sum(band.count for band in summary.bands) == run.results.filter(
        error="", days_earlier__isnull=False).count()
    earlier = run.results.filter(days_earlier__gt=0)
    assert sum(row["people"] for row in summary.earliest) == earlier.count()
    if earlier.exists():
        assert summary.earliest[0]["new_release"] == min(r.new_release for r in earlier)
