from django.utils import timezone
from django_tasks import task

from omhub.casework.reminders import send_reminders as send_reminders_for


@task()
def run_diary() -> dict:
    """The daily run of the bring-forward diary (see OMHUB_SCHEDULE)."""
    from omhub.casework import diary

    record = diary.run(as_at=timezone.localdate(), triggered_by="schedule")
    return {"as_at": record.as_at.isoformat(), "opened": record.opened, "replanned": record.replanned}


@task()
def send_reminders() -> dict:
    """The daily reminders and escalations (see OMHUB_SCHEDULE), for today in London."""
    return send_reminders_for(as_at=timezone.localdate(), triggered_by="schedule").as_dict()
