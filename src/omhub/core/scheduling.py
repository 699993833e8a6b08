"""The worker's schedule: jobs due once a day at a local time, each enqueued exactly once per day."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from omhub.core.models import ScheduledRun


@dataclass(frozen=True)
class DailyJob:
    name: str
    task_path: str
    at: datetime.time

    def due_key(self, now: datetime.datetime) -> str | None:
        """The due time this moment falls after today, or None if today's time has not come yet."""
        local = timezone.localtime(now)
        if local.time() < self.at:
            return None
        return f"{local.date().isoformat()}T{self.at:%H:%M}"


def configured_jobs() -> list[DailyJob]:
    jobs = []
    for name, spec in settings.OMHUB_SCHEDULE.items():
        hours, minutes = (int(part) for part in spec["daily_at"].split(":"))
        jobs.append(DailyJob(name=name, task_path=spec["task"], at=datetime.time(hours, minutes)))
    return jobs


def enqueue_due_jobs(now: datetime.datetime | None = None, jobs: list[DailyJob] | None = None) -> list[str]:
    """Enqueue every job whose time has come today and that no worker has enqueued for today yet."""
    now = now or timezone.now()
    enqueued = []
    for job in configured_jobs() if jobs is None else jobs:
        key = job.due_key(now)
        if key is None:
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job.name, due_key=key)
                result = import_string(job.task_path).enqueue()
                run.task_result_id = str(result.id)
                run.save(update_fields=["task_result_id"])
        except IntegrityError:
            continue
        enqueued.append(job.name)
    return enqueued
