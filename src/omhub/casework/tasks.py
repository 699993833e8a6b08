from django.utils import timezone
from django_tasks import task


@task()
def run_diary() -> dict:
    """The daily run of the bring-forward diary (see OMHUB_SCHEDULE)."""
    from omhub.casework import diary

    record = diary.run(as_at=timezone.localdate(), triggered_by="schedule")
    return {"as_at": record.as_at.isoformat(), "opened": record.opened, "replanned": record.replanned}
