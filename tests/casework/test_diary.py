"""The bring-forward diary: people's key dates open the right work item at the right time, exactly once,
and a changed key date re-plans the open item rather than duplicating it."""

import datetime
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from omhub.audit.models import AuditEvent
from omhub.casework import diary, services
from omhub.casework.models import DiaryRun, KeyDate, Status, WorkItem
from omhub.people.models import LegalStatus
from tests.factories import PersonFactory

# HDC opens 14 weeks before HDCED: for HDCED on Monday 1 March 2027 that is Monday 23 November 2026.
HDCED = datetime.date(2027, 3, 1)
HDC_OPENS = datetime.date(2026, 11, 23)


def key_date(person, kind, date):
    return KeyDate.objects.update_or_create(person=person, kind=kind, defaults={"date": date})[0]


def hdc_items(person):
    return WorkItem.objects.filter(person=person, case_type__code="hdc")


def test_hdc_opens_fourteen_weeks_before_hdced_and_not_a_day_sooner(case_types, person):
    key_date(person, "HDCED", HDCED)
    diary.plan(as_at=HDC_OPENS - datetime.timedelta(days=1))
    assert not hdc_items(person).exists()

    summary = diary.plan(as_at=HDC_OPENS)
    item = hdc_items(person).get()
    assert summary.opened == 1 and summary.references == [item.reference]
    assert item.status == Status.RECEIVED and item.assignee is None
    assert (item.key_date_kind, item.key_date) == ("HDCED", HDCED)
    assert item.values == {"hdced": "2027-03-01"}  # filled in from the key date
    assert item.due_date == datetime.date(2026, 12, 7)  # 10 working days after it opened
    receipt = item.transitions.get()
    assert receipt.actor is None and "Opened by the bring-forward diary: HDCED is 1 March 2027" in receipt.reason
    assert AuditEvent.objects.filter(object_type="casework.workitem", object_id=str(item.pk),
                                     action="create", person_id=person.pk).exists()


def test_a_weekend_opening_day_moves_to_the_working_day_before(case_types, person):
    # 14 weeks before Sunday 7 March 2027 is Sunday 29 November 2026: opened on Friday 27 November.
    key_date(person, "HDCED", datetime.date(2027, 3, 7))
    diary.plan(as_at=datetime.date(2026, 11, 26))
    assert not hdc_items(person).exists()
    diary.plan(as_at=datetime.date(2026, 11, 27))
    assert hdc_items(person).count() == 1


def test_each_key_date_opens_its_item_exactly_once_however_often_the_diary_runs(case_types, person):
    key_date(person, "HDCED", HDCED)
    for day in range(5):
        diary.plan(as_at=HDC_OPENS + datetime.timedelta(days=day))
    assert hdc_items(person).count() == 1


def test_an_item_withdrawn_by_the_hub_is_not_opened_again_for_the_same_date(case_types, person, staff):
    key_date(person, "HDCED", HDCED)
    diary.plan(as_at=HDC_OPENS)
    item = hdc_items(person).get()
    services.take_action(actor=staff["hub-manager"], item=item, action="withdraw", expected_version=item.version,
                         reason="Excluded: serving a sentence for a terrorism offence")
    diary.plan(as_at=HDC_OPENS + datetime.timedelta(days=1))
    assert hdc_items(person).count() == 1


def test_work_found_late_still_opens_until_the_key_date_passes(case_types, person):
    key_date(person, "HDCED", datetime.date(2026, 12, 1))  # a week away: urgent, not pointless
    diary.plan(as_at=HDC_OPENS)
    assert hdc_items(person).count() == 1
    other = PersonFactory(establishment=person.establishment)
    key_date(other, "HDCED", datetime.date(2026, 11, 20))  # already passed
    diary.plan(as_at=HDC_OPENS)
    assert not hdc_items(other).exists()


def test_a_foreign_national_referral_opens_after_sentence_only_for_foreign_nationals(case_types, units):
    sentenced = datetime.date(2026, 11, 20)
    foreign = PersonFactory(establishment=units["LEI"], nationality="Polish")
    british = PersonFactory(establishment=units["LEI"], nationality="British")
    unknown = PersonFactory(establishment=units["LEI"], nationality="")
    for person in (foreign, british, unknown):
        key_date(person, "SENTENCE", sentenced)
    diary.plan(as_at=datetime.date(2026, 11, 23))
    referrals = WorkItem.objects.filter(case_type__code="foreign-national")
    assert [item.person for item in referrals] == [foreign]
    # due 10 working days after sentence, not after the day the diary found it
    assert referrals.get().due_date == datetime.date(2026, 12, 4)


def test_a_referral_is_not_opened_for_a_sentence_passed_long_ago(case_types, units, settings):
    settings.OMHUB_DIARY_CATCH_UP_DAYS = 28
    person = PersonFactory(establishment=units["LEI"], nationality="Polish")
    key_date(person, "SENTENCE", datetime.date(2026, 10, 1))  # 53 days before
    diary.plan(as_at=datetime.date(2026, 11, 23))
    assert not WorkItem.objects.filter(case_type__code="foreign-national").exists()


def test_prison_work_is_not_opened_for_someone_no_longer_in_custody(case_types, units):
    person = PersonFactory(establishment=units["LEI"], legal_status=LegalStatus.ON_LICENCE)
    key_date(person, "HDCED", HDCED)
    diary.plan(as_at=HDC_OPENS)
    assert not hdc_items(person).exists()


def test_mappa_work_opens_only_for_people_managed_under_mappa(case_types, units):
    release = datetime.date(2027, 5, 20)  # MAPPA opens 6 months before release: 20 November 2026
    managed = PersonFactory(establishment=units["LEI"], mappa_level=2, mappa_category=1)
    not_managed = PersonFactory(establishment=units["LEI"])
    for person in (managed, not_managed):
        key_date(person, "RELEASE", release)
    diary.plan(as_at=HDC_OPENS)
    assert [item.person for item in WorkItem.objects.filter(case_type__code="mappa")] == [managed]


def test_a_changed_key_date_moves_the_open_item_to_it_and_flags_it_for_review(case_types, person, staff):
    key_date(person, "HDCED", HDCED)
    diary.plan(as_at=HDC_OPENS)
    item = hdc_items(person).get()
    new_hdced = datetime.date(2027, 3, 15)
    services.set_key_date(actor=staff["business-administrator"], person=person, kind="HDCED", date=new_hdced)

    item.refresh_from_db()
    assert hdc_items(person).count() == 1  # re-planned, not duplicated
    assert item.key_date == new_hdced and item.values["hdced"] == "2027-03-15"
    assert item.needs_review and "HDCED changed from 1 March 2027 to 15 March 2027" in item.review_reason
    replan = item.transitions.get(action="replan")
    assert replan.details == {"key_date_kind": "HDCED", "from": "2027-03-01", "to": "2027-03-15",
                              "due_date": item.due_date.isoformat()}


def test_after_the_work_is_done_a_new_key_date_opens_new_work(case_types, person, staff):
    key_date(person, "HDCED", HDCED)
    diary.plan(as_at=HDC_OPENS)
    item = hdc_items(person).get()
    services.take_action(actor=staff["hub-manager"], item=item, action="withdraw", expected_version=item.version,
                         reason="Sent by another route")
    services.set_key_date(actor=staff["business-administrator"], person=person, kind="HDCED",
                          date=datetime.date(2027, 2, 22))  # already in its 14 weeks: opens at once
    assert sorted(hdc_items(person).values_list("key_date", flat=True)) == [datetime.date(2027, 2, 22), HDCED]


def test_a_key_date_entered_by_hand_opens_what_is_already_due_at_once(case_types, person, staff):
    services.set_key_date(actor=staff["business-administrator"], person=person, kind="HDCED",
                          date=datetime.date(2027, 2, 1))
    assert hdc_items(person).get().key_date == datetime.date(2027, 2, 1)


def test_upcoming_lists_what_will_open_and_when(case_types, person, units):
    key_date(person, "HDCED", datetime.date(2027, 3, 22))  # opens Monday 14 December 2026
    planned = diary.upcoming(None, first=datetime.date(2026, 11, 24), last=datetime.date(2026, 12, 31))
    assert [(p.case_type.code, p.person_id, p.opens_on) for p in planned] == [
        ("hdc", person.pk, datetime.date(2026, 12, 14))]
    assert diary.upcoming(None, first=datetime.date(2026, 11, 24), last=datetime.date(2026, 12, 13)) == []


def test_a_run_is_recorded_with_what_it_did(case_types, person):
    key_date(person, "HDCED", HDCED)
    record = diary.run(as_at=HDC_OPENS, triggered_by="command")
    assert record.finished_at and record.opened == 1 and record.people_considered == 1
    assert record.details["hdc"] == {"opened": 1, "replanned": 0}


def test_the_diary_uses_the_case_types_current_rule(case_types, person):
    hdc = case_types["hdc"]
    hdc.open_rule = {"unit": "weeks", "amount": 10, "direction": "before", "anchor": "HDCED"}
    hdc.save()
    key_date(person, "HDCED", HDCED)
    diary.plan(as_at=HDC_OPENS)
    assert not hdc_items(person).exists()
    diary.plan(as_at=datetime.date(2026, 12, 21))  # 10 weeks before
    assert hdc_items(person).exists()


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_open_each_item_once(units, time_machine):
    from omhub.casework.reference_data import load_case_types

    load_case_types()
    people = [PersonFactory(establishment=units["LEI"]) for _ in range(20)]
    for person in people:
        key_date(person, "HDCED", HDCED)
    errors = []

    def run():
        try:
            diary.plan(as_at=HDC_OPENS)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert WorkItem.objects.filter(case_type__code="hdc").count() == 20


def test_the_command_runs_the_diary_and_says_what_it_did(case_types, person, capsys):
    key_date(person, "HDCED", HDCED)
    call_command("diary", "run", "--as-at", "2026-11-23", "--no-progress")
    out = capsys.readouterr().out
    assert "hdc: 1 opened, 0 re-planned" in out
    assert "Diary for 2026-11-23: 1 people with key dates, 1 work items opened, 0 re-planned." in out
    assert DiaryRun.objects.get().triggered_by == "command"


def test_the_command_lists_what_is_coming(case_types, person, capsys):
    key_date(person, "HDCED", datetime.date(2027, 3, 22))
    call_command("diary", "upcoming", "--as-at", "2026-11-23", "--weeks", "4")
    assert "2026-12-14  Home Detention Curfew (HDC)" in capsys.readouterr().out


def test_the_command_refuses_a_date_it_cannot_read(db):
    with pytest.raises(CommandError, match="--as-at must be a date like 2026-11-30"):
        call_command("diary", "run", "--as-at", "30/11/2026")


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_diary_on_its_schedule(units, settings, capsys):
    from omhub.casework.reference_data import load_case_types

    load_case_types()
    settings.OMHUB_SCHEDULE = {"bring-forward-diary": {"task": "omhub.casework.tasks.run_diary",
                                                       "daily_at": "00:00"}}
    call_command("worker", "--once")
    assert DiaryRun.objects.get().triggered_by == "schedule"
    assert "Enqueued: bring-forward-diary" in capsys.readouterr().out


def test_the_diary_page_shows_what_will_open_for_people_in_the_users_units(signed_in, staff, outsider, person,
                                                                           case_types):
    key_date(person, "HDCED", datetime.date(2027, 3, 22))
    page = signed_in(staff["business-administrator"]).get("/casework/diary/", {"weeks": "8"}).content.decode()
    assert "1 work item to open in the next 8 weeks" in page and person.listing_name in page
    assert "Mon 14 Dec 2026" in page
    page = signed_in(outsider).get("/casework/diary/", {"weeks": "8"}).content.decode()
    assert "0 work items to open" in page and person.listing_name not in page
