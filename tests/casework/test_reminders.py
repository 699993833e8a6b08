"""Reminders and escalation: each step on the right working day, never twice, to the right people,
in omhub always and by email as each person chose."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from omhub.accounts.models import Role
from omhub.audit.models import AuditEvent
from omhub.casework import services
from omhub.casework.models import Reminder, WorkItem
from omhub.casework.reminders import CATCH_UP_WORKING_DAYS, send_reminders
from omhub.notifications import services as notification_services
from omhub.notifications.models import Notification
from tests.casework.conftest import LONDON
from tests.mail_server import RecordingHandler, free_port, running_smtp_server, use_smtp

MONDAY = datetime.date(2026, 11, 23)  # the casework clock's day


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.fixture
def open_item(staff, person, case_types):
    """A work item opened by the business administrator, due on the day given (as its deadline rule or
    an extension would make it), allocated as given."""

    def open_item(due: datetime.date, *, case_type="bail-application", assignee=None, unit=None):
        item = services.open_work_item(actor=staff["business-administrator"], case_type=case_types[case_type],
                                       person=person, unit=unit, assignee=assignee)
        WorkItem.objects.filter(pk=item.pk).update(due_date=due)
        item.refresh_from_db()
        return item

    return open_item


def with_address(user, address):
    user.email = address
    user.save(update_fields=["email"])
    return user


def fired(item) -> dict[str, str]:
    return {reminder.step: reminder.due_date.isoformat() for reminder in Reminder.objects.filter(work_item=item)}


def walk(item, first: str, last: str) -> dict[str, list[str]]:
    """Run the reminders every day from first to last; which steps fired for the item on which day."""
    days = {}
    current = day(first)
    while current <= day(last):
        before = set(Reminder.objects.filter(work_item=item).values_list("step", flat=True))
        send_reminders(as_at=current)
        new = set(Reminder.objects.filter(work_item=item).values_list("step", flat=True)) - before
        if new:
            days[current.isoformat()] = sorted(new)
        current += datetime.timedelta(days=1)
    return days


# On which day ---------------------------------------------------------------------------------------

def test_each_step_fires_on_its_working_day_across_a_weekend(open_item, staff):
    item = open_item(day("2026-12-01"), assignee=staff["business-administrator"])  # a Tuesday
    assert walk(item, "2026-11-23", "2026-12-04") == {
        "2026-11-27": ["due-soon"],  # two working days before: the Friday, not the weekend
        "2026-12-01": ["due-today"],
        "2026-12-02": ["overdue"],
    }


def test_each_step_fires_on_its_working_day_around_christmas_bank_holidays(open_item, staff):
    # Friday 25 December and Monday 28 December 2026 (Boxing Day's substitute) are bank holidays.
    item = open_item(day("2026-12-29"), assignee=staff["business-administrator"])  # Tuesday
    assert walk(item, "2026-12-18", "2026-12-31") == {
        "2026-12-23": ["due-soon"],  # two working days before Tuesday 29th: Wednesday 23rd, Thursday 24th
        "2026-12-29": ["due-today"],
        "2026-12-30": ["overdue"],
    }


def test_work_due_on_a_bank_holiday_is_due_today_on_the_working_day_before(open_item, staff):
    item = open_item(day("2026-12-25"), case_type="mappa", assignee=staff["business-administrator"])
    assert walk(item, "2026-12-18", "2026-12-31") == {
        "2026-12-23": ["due-soon"],  # two working days before the 25th: the 24th and the 23rd
        "2026-12-24": ["due-today"],
        "2026-12-29": ["overdue"],  # the first working day after Christmas
    }
    notification = Notification.objects.get(kind="due-today")
    assert notification.title == (f"{item.reference} is due on Friday 25 December 2026: today is the last working "
                                  "day before it")


def test_nothing_is_sent_on_a_weekend_or_a_bank_holiday(open_item, staff):
    open_item(day("2026-11-28"), assignee=staff["business-administrator"])  # due on the Saturday
    for holiday in ("2026-11-28", "2026-11-29", "2026-12-25", "2026-12-28"):
        run = send_reminders(as_at=day(holiday))
        assert run.working_day is False and run.report()[0].endswith("is not a working day: no reminders are sent.")
    assert not Reminder.objects.exists() and not Notification.objects.exists()
    assert AuditEvent.objects.filter(object_type="casework.reminderrun").count() == 4, "each run is on the record"


def test_a_missed_run_is_caught_up_on_the_next_working_day(open_item, staff):
    soon = open_item(day("2026-11-26"), assignee=staff["business-administrator"])  # due Thursday
    late = open_item(day("2026-11-19"), assignee=staff["business-administrator"])  # due last Thursday
    send_reminders(as_at=day("2026-11-25"))  # nothing ran on Monday or Tuesday
    assert fired(soon) == {"due-soon": "2026-11-26"}
    assert fired(late) == {"overdue": "2026-11-19"}


def test_work_long_overdue_before_reminders_began_is_not_reminded(open_item, staff):
    item = open_item(day("2026-11-02"), assignee=staff["business-administrator"])
    assert CATCH_UP_WORKING_DAYS < 15
    send_reminders(as_at=MONDAY)
    assert fired(item) == {}


# Never twice --------------------------------------------------------------------------------------

def test_running_twice_on_one_day_reminds_no_one_twice(open_item, staff):
    ba = with_address(staff["business-administrator"], "ba@example.gov.uk")
    with_address(staff["hub-manager"], "hm@example.gov.uk")
    open_item(MONDAY, assignee=ba)
    open_item(day("2026-11-20"), assignee=ba)
    first = send_reminders(as_at=MONDAY)
    second = send_reminders(as_at=MONDAY)
    assert first.reminded == {"due-soon": 0, "due-today": 1, "overdue": 1}
    assert second.reminded == {"due-soon": 0, "due-today": 0, "overdue": 0} and second.already_reminded == 2
    assert Reminder.objects.count() == 2
    assert Notification.objects.filter(recipient=ba).count() == 2
    assert len(mail.outbox) == 3  # ba twice, and the hub manager once for the escalation


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_remind_once(open_item, staff):
    ba = with_address(staff["business-administrator"], "ba@example.gov.uk")
    items = [open_item(MONDAY, assignee=ba) for _ in range(5)] + [open_item(day("2026-11-20")) for _ in range(5)]
    start = threading.Barrier(2)
    runs, errors = [], []

    def run():
        try:
            start.wait()
            runs.append(send_reminders(as_at=MONDAY))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(sum(r.reminded.values()) for r in runs) == [0, len(items)]
    assert Reminder.objects.count() == len(items)
    hm = staff["hub-manager"]
    assert Notification.objects.filter(recipient=ba).count() == 5
    assert Notification.objects.filter(recipient=hm, kind="overdue").count() == 5  # unallocated: the allocator
    assert len(mail.outbox) == 5


def test_a_new_due_date_reminds_afresh(staff, person, case_types):
    ba, hm = staff["business-administrator"], staff["hub-manager"]
    item = services.open_work_item(actor=ba, case_type=case_types["bail-application"], person=person, assignee=ba)
    assert item.due_date == day("2026-11-25")  # two working days after Monday morning
    send_reminders(as_at=day("2026-11-25"))
    services.extend(actor=hm, item=item, expected_version=item.version, working_days=2, reason="Waiting on police")
    item.refresh_from_db()
    assert item.due_date == day("2026-11-27")
    send_reminders(as_at=day("2026-11-26"))
    send_reminders(as_at=day("2026-11-27"))
    steps = list(Reminder.objects.filter(work_item=item).order_by("id").values_list("step", "due_date"))
    assert steps == [("due-today", day("2026-11-25")), ("due-soon", day("2026-11-27")),
                     ("due-today", day("2026-11-27"))]
    assert Notification.objects.filter(recipient=ba, kind="due-today").count() == 2


def test_no_reminders_while_the_clock_is_stopped(open_item, staff):
    ba = staff["business-administrator"]
    item = open_item(MONDAY, assignee=ba)
    services.pause(actor=ba, item=item, expected_version=item.version, started_on=day("2026-11-20"),
                   reason="Waiting on the court")
    item.refresh_from_db()
    send_reminders(as_at=item.due_date)
    send_reminders(as_at=day("2026-11-24"))
    assert fired(item) == {}


def test_closed_and_withdrawn_work_is_not_reminded(open_item, staff):
    ba = staff["business-administrator"]
    item = open_item(MONDAY, assignee=ba)
    services.take_action(actor=ba, item=item, action="withdraw", expected_version=item.version, reason="Duplicate")
    send_reminders(as_at=MONDAY)
    assert fired(item) == {}


# To whom ------------------------------------------------------------------------------------------

def test_the_assignee_is_reminded_and_no_one_else_before_it_is_overdue(open_item, staff):
    ba = staff["business-administrator"]
    item = open_item(MONDAY, assignee=ba)
    send_reminders(as_at=MONDAY)
    notification = Notification.objects.get()
    assert notification.recipient == ba and notification.kind == "due-today"
    assert notification.title == f"{item.reference} is due today"
    assert notification.url == f"/casework/{item.reference}/"
    assert "Bail application work at HMP Leeds, due Monday 23 November 2026." in notification.body
    assert Reminder.objects.get().recipients == ["ba"]


def test_unallocated_work_goes_to_the_hub_managers_of_its_unit_only(open_item, staff, make_user, units):
    other_hm = make_user("hub-manager", units["WDI"], username="hm-wakefield")
    make_user("hub-manager", units["LEI"], username="hm-left", is_active=False)
    item = open_item(day("2026-11-25"))
    send_reminders(as_at=MONDAY)
    assert list(Notification.objects.values_list("recipient__username", "kind")) == [("hm", "due-soon")]
    assert not Notification.objects.filter(recipient=other_hm).exists()
    assert "No one is allocated to it" in Notification.objects.get().body
    assert Notification.objects.get().title == f"{item.reference} is due in 2 working days"


def test_overdue_work_escalates_to_the_hub_managers_of_its_unit_and_not_other_units(open_item, staff, make_user,
                                                                                    units):
    ba = staff["business-administrator"]
    second_hm = make_user("hub-manager", units["LEI"], units["WDI"], username="hm-two")
    make_user("hub-manager", units["WDI"], username="hm-wakefield")
    item = open_item(day("2026-11-20"), assignee=ba)
    send_reminders(as_at=MONDAY)
    told = sorted(Notification.objects.values_list("recipient__username", "kind"))
    assert told == [("ba", "overdue"), ("hm", "escalation"), ("hm-two", "escalation")]
    escalation = Notification.objects.get(recipient=second_hm)
    assert escalation.title == f"{item.reference} is overdue: escalated to you"
    assert "It is 1 working day late." in escalation.body and "allocated to" in escalation.body
    assert Reminder.objects.get().recipients == ["ba", "hm", "hm-two"]


def test_a_hub_manager_who_holds_the_overdue_work_is_told_once(open_item, staff):
    hm = staff["hub-manager"]
    open_item(day("2026-11-20"), assignee=hm)
    send_reminders(as_at=MONDAY)
    assert list(Notification.objects.values_list("recipient__username", "kind")) == [("hm", "overdue")]


def test_work_with_no_one_to_tell_is_reported(open_item, staff, units):
    staff["hub-manager"].units.set([units["WDI"]])
    item = open_item(MONDAY)
    run = send_reminders(as_at=MONDAY)
    assert run.nobody_to_tell == [item.reference] and Reminder.objects.get().recipients == []
    assert any(item.reference in line for line in run.report())


def test_an_escalation_goes_to_the_role_the_case_type_names(open_item, staff, case_types):
    case_type = case_types["bail-application"]
    case_type.reminder_steps = [{"when": "overdue", "escalate_to": "head-of-omd"}]
    case_type.save()
    open_item(day("2026-11-20"), assignee=staff["business-administrator"])
    send_reminders(as_at=MONDAY)
    assert sorted(Notification.objects.values_list("recipient__username", "kind")) == [
        ("ba", "overdue"), ("head", "escalation")]


def test_any_step_may_escalate_and_says_which_step_it_is(open_item, staff, case_types):
    case_type = case_types["bail-application"]
    case_type.reminder_steps = [{"when": "due-today", "escalate_to": "hub-manager"}]
    case_type.save()
    item = open_item(MONDAY, assignee=staff["business-administrator"])
    send_reminders(as_at=MONDAY)
    escalation = Notification.objects.get(kind="escalation")
    assert escalation.recipient == staff["hub-manager"]
    assert escalation.title == f"{item.reference} is due today: escalated to you"
    assert "working day" not in escalation.body and escalation.body.endswith("It has been escalated to you.")


def test_steps_that_cannot_be_read_are_left_out_without_stopping_the_others(open_item, staff, case_types):
    case_type = case_types["bail-application"]
    case_type.reminder_steps = [{"when": "fortnightly"}, {"when": "due-soon", "working_days_before": "two"},
                                "due-today", {"when": "due-today"}]
    case_type.save()
    open_item(MONDAY, assignee=staff["business-administrator"])
    open_item(MONDAY, case_type="hdc", assignee=staff["business-administrator"])
    assert send_reminders(as_at=MONDAY).reminded["due-today"] == 2


# Email ---------------------------------------------------------------------------------------------

def test_reminders_are_emailed_through_a_real_smtp_server(open_item, staff, person, settings):
    ba = with_address(staff["business-administrator"], "ba@example.gov.uk")
    hm = with_address(staff["hub-manager"], "hm@example.gov.uk")
    item = open_item(day("2026-11-20"), assignee=ba)
    with running_smtp_server() as server:
        use_smtp(settings, server.port)
        run = send_reminders(as_at=MONDAY)
    assert run.emails.as_dict() == {"sent": 2, "failed": 0, "retried": 0}
    assert {m["To"]: m["Subject"] for m in server.messages} == {
        ba.email: f"{item.reference} is overdue", hm.email: f"{item.reference} is overdue: escalated to you"}
    text = server.to(ba.email)[0].get_content()
    assert f"{settings.OMHUB_BASE_URL}/casework/{item.reference}/" in text
    assert person.last_name not in text and person.prison_number not in text, "no one's personal details by email"


def test_preferences_stop_emails_but_not_notifications(open_item, staff):
    ba = with_address(staff["business-administrator"], "ba@example.gov.uk")
    hm = with_address(staff["hub-manager"], "hm@example.gov.uk")
    notification_services.set_email_preferences(actor=ba, user=ba, enabled={"overdue": False})
    open_item(day("2026-11-20"), assignee=ba)
    send_reminders(as_at=MONDAY)
    assert Notification.objects.filter(recipient=ba, kind="overdue").exists()
    assert [message.to for message in mail.outbox] == [[hm.email]]


def test_a_failing_smtp_server_leaves_the_notification_with_its_error_and_a_later_run_retries(
        open_item, staff, settings, time_machine):
    ba = with_address(staff["business-administrator"], "ba@example.gov.uk")
    open_item(MONDAY, assignee=ba)
    with running_smtp_server(RecordingHandler(fail_data=True)) as server:
        use_smtp(settings, server.port)
        run = send_reminders(as_at=MONDAY)
    assert run.emails.failed == 1 and server.messages == []
    notification = Notification.objects.get(recipient=ba)
    assert notification.emailed_at is None and "SMTPDataError" in notification.email_error
    time_machine.move_to(datetime.datetime(2026, 11, 24, 7, 0, tzinfo=LONDON))
    with running_smtp_server() as server:
        use_smtp(settings, server.port)
        run = send_reminders(as_at=day("2026-11-24"))
    assert run.emails.as_dict() == {"sent": 2, "failed": 0, "retried": 1}  # Tuesday's overdue, and Monday's again
    assert [m["Subject"] for m in server.messages] == [notification.title, notification.title.replace(
        "is due today", "is overdue")]
    notification.refresh_from_db()
    assert notification.emailed_at is not None and notification.email_attempts == 2


def test_an_unreachable_mail_server_loses_no_notification(open_item, staff, settings):
    use_smtp(settings, free_port())
    ba = with_address(staff["business-administrator"], "ba@example.gov.uk")
    open_item(MONDAY, assignee=ba)
    run = send_reminders(as_at=MONDAY)
    assert run.reminded["due-today"] == 1 and run.emails.failed == 1
    assert "ConnectionRefusedError" in Notification.objects.get(recipient=ba).email_error


# The record, and scale ------------------------------------------------------------------------------

def test_each_run_is_audited_once_with_what_it_did(open_item, staff):
    open_item(MONDAY, assignee=staff["business-administrator"])
    send_reminders(as_at=MONDAY, triggered_by="schedule")
    event = AuditEvent.objects.get(object_type="casework.reminderrun")
    assert event.object_id == "2026-11-23" and event.actor_username == ""
    assert event.after["reminded"]["due-today"] == 1 and event.after["notifications"] == 1
    assert event.after["triggered_by"] == "schedule"


def test_a_runs_queries_do_not_grow_with_the_work_it_reminds(open_item, staff, units, make_user):
    """Bulk reads and writes: five items or twenty-five, the same statements (no one here has an email
    address, so no email is claimed one by one; more items than this split the bulk writes into batches)."""
    ba = staff["business-administrator"]

    def queries_for(count: int, as_at: datetime.date) -> int:
        for _ in range(count):
            open_item(as_at, assignee=ba)
            open_item(as_at - datetime.timedelta(days=3))  # overdue and unallocated: hub managers, escalated
        with CaptureQueriesContext(connection) as queries:
            run = send_reminders(as_at=as_at)
        assert sum(run.reminded.values()) == 2 * count
        return len(queries)

    make_user("hub-manager", units["LEI"], username="hm-two")
    assert queries_for(5, day("2026-12-01")) == queries_for(25, day("2026-12-15"))


def test_a_run_reads_only_open_work_due_around_its_day_through_the_status_and_due_date_index(open_item, staff):
    open_item(MONDAY, assignee=staff["business-administrator"])
    with CaptureQueriesContext(connection) as queries:
        send_reminders(as_at=MONDAY)
    [select] = [q["sql"] for q in queries.captured_queries
                if 'FROM "casework_workitem"' in q["sql"] and q["sql"].startswith("SELECT")]
    assert '"casework_workitem"."status" IN' in select
    assert '"casework_workitem"."due_date" >=' in select and '"casework_workitem"."due_date" <=' in select
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            sql = select.split(" ORDER BY")[0]
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", [])
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "workitem_status_due_idx" in plan, plan


# The command, the task and the worker --------------------------------------------------------------

def test_the_command_sends_the_days_reminders_and_says_what_it_did(open_item, staff, capsys):
    open_item(MONDAY, assignee=staff["business-administrator"])
    call_command("reminders", "--as-at", "2026-11-23")
    out = capsys.readouterr().out
    assert "Reminders for Monday 23 November 2026:" in out
    assert "reminded now: 0 due soon, 1 due today, 0 overdue" in out
    call_command("reminders")  # today, by the casework clock: the same Monday
    assert "reminded before, not again: 1" in capsys.readouterr().out


def test_the_command_explains_a_date_it_cannot_read_and_a_day_off(db, capsys):
    with pytest.raises(CommandError, match="--as-at must be a date like 2026-11-23"):
        call_command("reminders", "--as-at", "23/11/2026")
    call_command("reminders", "--as-at", "2026-12-25")
    assert "Friday 25 December 2026 is not a working day" in capsys.readouterr().out


def test_the_task_sends_todays_reminders(open_item, staff):
    from omhub.casework.tasks import send_reminders as task

    open_item(MONDAY, assignee=staff["business-administrator"])
    result = task.call()
    assert result["as_at"] == "2026-11-23" and result["reminded"]["due-today"] == 1
    assert result["triggered_by"] == "schedule"


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_reminders_on_its_schedule(open_item, staff, settings, capsys):
    settings.OMHUB_SCHEDULE = {"casework-reminders": {"task": "omhub.casework.tasks.send_reminders",
                                                      "daily_at": "00:00"}}
    item = open_item(MONDAY, assignee=staff["business-administrator"])
    call_command("worker", "--once")
    assert "Enqueued: casework-reminders" in capsys.readouterr().out
    assert fired(item) == {"due-today": "2026-11-23"}
    assert Notification.objects.get().recipient == staff["business-administrator"]


def test_the_schedule_sends_reminders_every_morning_by_default(db, settings):
    assert settings.OMHUB_SCHEDULE["casework-reminders"] == {"task": "omhub.casework.tasks.send_reminders",
                                                             "daily_at": "07:00"}
    assert Role.objects.filter(code="hub-manager").exists()
