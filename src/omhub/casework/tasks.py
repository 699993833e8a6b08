from django.utils import timezone
from django_tasks import task

from omhub.casework.reminders import send_reminders as send_reminders_for


@task()
def send_reminders() -> dict:
    """The daily reminders and escalations (see OMHUB_SCHEDULE), for today in London."""
    return send_reminders_for(as_at=timezone.localdate(), triggered_by="schedule").as_dict()
