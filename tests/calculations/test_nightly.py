"""The nightly check: confirmed key dates recalculated from the inputs they were confirmed from; those the
engine no longer agrees with are flagged, once, with a recheck work item; nothing else changes."""

import datetime

import pytest
from django.core.management import call_command

from omhub.audit.models import AuditEvent
from omhub.calculations import checking, nightly
from omhub.calculations.models import CalculationReason, ConfirmedDatesCheck, ConfirmedKeyDates
from omhub.casework.models import KeyDate, WorkItem
from omhub.core.scheduling import configured_jobs
from tests.calculations.check_support import *  # noqa: F403
from tests.calculations.check_support import TODAY, confirm_current, send_for_check

RECHECK = CalculationReason.RECHECK.label


@pytest.fixture
def confirmed(staff, submitted):
    item, _ = submitted
    return confirm_current(item, staff["hub-manager"])


def as_if_confirmed_by_an_older_engine(confirmed: ConfirmedKeyDates, **dates) -> None:
    """The engine of the night gives what it gives; dates confirmed under an older engine or law differ."""
    ConfirmedKeyDates.objects.filter(pk=confirmed.pk).update(dates={**confirmed.dates, **dates})


def run_check() -> ConfirmedDatesCheck:
    return nightly.check_confirmed_dates(as_at=TODAY, triggered_by="test")


def test_dates_the_engine_still_gives_are_left_alone(confirmed):
    check = run_check()
    assert (check.checked, check.matched, check.flagged) == (1, 1, 0) and check.finished_at
    confirmed.refresh_from_db()
    assert not confirmed.recheck_needed
    assert not WorkItem.objects.filter(values__reason=RECHECK).exists()


def test_dates_the_engine_no_longer_gives_are_flagged_and_a_recheck_opens(confirmed, person):
    crd = confirmed.dates["CRD"]
    as_if_confirmed_by_an_older_engine(confirmed, CRD="2027-05-01")
    key_dates = list(KeyDate.objects.filter(person=person).values_list("kind", "date"))
    check = run_check()
    assert (check.checked, check.flagged, check.matched) == (1, 1, 0)
    confirmed.refresh_from_db()
    assert confirmed.recheck_needed
    details = confirmed.recheck_details
    assert details["dates"]["CRD"] == crd and details["found_on"] == TODAY.isoformat()
    assert details["changes"] == [{"code": "CRD", "name": "Conditional release date (CRD)", "before": "2027-05-01",
                                   "after": crd, "days": (datetime.date.fromisoformat(crd)
                                                          - datetime.date(2027, 5, 1)).days}]
    item = WorkItem.objects.get(reference=details["work_item"])
    assert item.case_type.code == "sentence-calculation" and item.person == person
    assert item.values["reason"] == RECHECK and item.needs_review and "Recheck" in item.review_reason
    assert confirmed.dates["CRD"] == "2027-05-01", "the confirmed dates stay until the recheck is confirmed"
    assert list(KeyDate.objects.filter(person=person).values_list("kind", "date")) == key_dates
    assert AuditEvent.objects.filter(object_type="calculations.confirmedkeydates", action="update",
                                     after__recheck_needed=True).exists()


def test_a_person_is_flagged_once_for_the_same_answer(confirmed):
    as_if_confirmed_by_an_older_engine(confirmed, CRD="2027-05-01")
    run_check()
    check = run_check()
    assert (check.flagged, check.still_flagged) == (0, 1)
    assert WorkItem.objects.filter(values__reason=RECHECK).count() == 1


def test_a_flag_whose_dates_match_again_is_cleared(confirmed):
    original = dict(confirmed.dates)
    as_if_confirmed_by_an_older_engine(confirmed, CRD="2027-05-01")
    run_check()
    ConfirmedKeyDates.objects.filter(pk=confirmed.pk).update(dates=original)
    check = run_check()
    confirmed.refresh_from_db()
    assert check.cleared == 1 and not confirmed.recheck_needed
    assert confirmed.recheck_details["previously"]["work_item"]


def test_an_open_sentence_calculation_takes_the_recheck_rather_than_a_second_item(staff, confirmed, person,
                                                                                 case_types):
    from omhub.casework import services as casework

    open_item = casework.open_work_item(actor=staff["business-administrator"],
                                        case_type=case_types["sentence-calculation"], person=person)
    as_if_confirmed_by_an_older_engine(confirmed, CRD="2027-05-01")
    run_check()
    confirmed.refresh_from_db()
    assert confirmed.recheck_details["work_item"] == open_item.reference
    assert not WorkItem.objects.filter(values__reason=RECHECK).exists()


def test_dates_entered_by_hand_are_not_recalculated(confirmed):
    confirmed.calculation.is_manual = True
    confirmed.calculation.save(update_fields=["is_manual"])
    as_if_confirmed_by_an_older_engine(confirmed, CRD="2027-05-01")
    check = run_check()
    assert (check.checked, check.entered_by_hand, check.flagged) == (0, 1, 0)


def test_the_recheck_is_calculated_for_its_own_reason_and_confirmed_like_any_other(staff, confirmed, person,
                                                                                   signed_in):
    as_if_confirmed_by_an_older_engine(confirmed, CRD="2027-05-01")
    run_check()
    item = WorkItem.objects.get(values__reason=RECHECK)
    ba, manager = staff["business-administrator"], staff["hub-manager"]
    page = signed_in(ba).get(f"/calculations/{item.reference}/reason/").content.decode()
    assert RECHECK in page
    from omhub.casework import services as casework

    item = casework.take_action(actor=ba, item=item, action="start", expected_version=item.version)
    calculation = checking.calculate(actor=ba, item=item, reason="recheck")
    assert checking.readiness_problems(WorkItem.objects.get(pk=item.pk)) == {}
    item = send_for_check(item, ba)
    newer = confirm_current(item, manager)
    assert newer.number == 2 and newer.dates == calculation.dates
    assert run_check().matched == 1


def test_the_worker_runs_the_check_every_night():
    jobs = {job.name: job for job in configured_jobs()}
    assert jobs["confirmed-dates-check"].task_path == "omhub.calculations.tasks.check_confirmed_dates"
    assert jobs["confirmed-dates-check"].at == datetime.time(3, 0)


def test_the_command_runs_the_check_and_says_what_it_found(confirmed, capsys):
    as_if_confirmed_by_an_older_engine(confirmed, CRD="2027-05-01")
    call_command("calculations", "check-confirmed", "--as-at", "2026-11-23", "--no-progress")
    out = capsys.readouterr().out
    assert "1 recalculated, 0 match, 1 newly flagged for a recheck" in out
    assert ConfirmedDatesCheck.objects.get().triggered_by == "command"


def test_the_what_if_page_lists_the_people_who_need_a_recheck(staff, confirmed, person, signed_in):
    as_if_confirmed_by_an_older_engine(confirmed, CRD="2027-05-01")
    run_check()
    page = signed_in(staff["head-of-omd"]).get("/calculations/what-if/").content.decode()
    assert "1 person needs a recheck" in page and person.listing_name in page
    assert "CRD: 1 May 2027" in page
