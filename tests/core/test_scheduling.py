"""The worker's schedule: each job enqueued once per due time, however many workers look."""

import datetime
import zoneinfo

import pytest
from django.core.management import call_command

from omhub.audit.models import AuditVerification
from omhub.core.models import ScheduledRun
from omhub.core.scheduling import DailyJob, enqueue_due_jobs

LONDON = zoneinfo.ZoneInfo("Europe/London")
JOB = DailyJob(name="verify-audit-chain", task_path="omhub.audit.tasks.verify_audit_chain", at=datetime.time(2, 0))


def test_a_job_is_not_due_before_its_time(db):
    assert enqueue_due_jobs(datetime.datetime(2026, 11, 22, 1, 59, tzinfo=LONDON), [JOB]) == []


def test_a_job_is_enqueued_once_per_day_however_often_workers_look(db):
    at_two = datetime.datetime(2026, 11, 22, 2, 0, tzinfo=LONDON)
    assert enqueue_due_jobs(at_two, [JOB]) == ["verify-audit-chain"]
    assert enqueue_due_jobs(at_two + datetime.timedelta(hours=5), [JOB]) == []
    assert enqueue_due_jobs(at_two + datetime.timedelta(days=1), [JOB]) == ["verify-audit-chain"]
    assert list(ScheduledRun.objects.order_by("due_key").values_list("due_key", flat=True)) == [
        "2026-11-22T02:00", "2026-11-23T02:00"]


def test_due_times_are_in_london_time_across_the_clock_change(db):
    # 01:30 UTC on 29 March 2026 is 02:30 BST: the 02:00 job is due.
    assert JOB.due_key(datetime.datetime(2026, 3, 29, 1, 30, tzinfo=datetime.UTC)) == "2026-03-29T02:00"


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_nightly_audit_check_and_keeps_its_result(staff, capsys, settings):
    settings.OMHUB_SCHEDULE = {"verify-audit-chain": {"task": "omhub.audit.tasks.verify_audit_chain",
                                                      "daily_at": "00:00"}}
    call_command("worker", "--once")
    verification = AuditVerification.objects.get()
    assert verification.intact and verification.triggered_by == "schedule"
    assert "Enqueued: verify-audit-chain" in capsys.readouterr().out


def test_the_auditor_sees_the_last_verification_on_their_home_page(staff, signed_in):
    from omhub.audit.verification import run_verification

    run_verification(triggered_by="schedule")
    page = signed_in(staff["auditor"]).get("/").content.decode()
    assert "Last verified" in page and "Intact" in page
