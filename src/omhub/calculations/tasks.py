from django.utils import timezone
from django_tasks import task


@task()
def run_what_if(run_id: int) -> dict:
    """A what-if run a Head of Offender Management Delivery asked for (``what_if.start_run``)."""
    from omhub.calculations import what_if

    run = what_if.execute(run_id)
    return {"run": run.pk, "state": run.state, "done": run.done, "changed": run.changed, "failed": run.failed}


@task()
def check_confirmed_dates() -> dict:
    """The nightly check of everyone's confirmed key dates (see OMHUB_SCHEDULE)."""
    from omhub.calculations import nightly

    check = nightly.check_confirmed_dates(as_at=timezone.localdate(), triggered_by="schedule")
    return {"checked": check.checked, "flagged": check.flagged, "cleared": check.cleared}
