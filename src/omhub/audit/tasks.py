from django_tasks import task

from omhub.audit.models import AuditVerification
from omhub.audit.verification import run_verification


@task()
def verify_audit_chain() -> dict:
    """The nightly check of the audit chain (see OMHUB_SCHEDULE)."""
    result = run_verification(triggered_by=AuditVerification.Trigger.SCHEDULE)
    return {"events_checked": result.events_checked, "intact": result.intact, "problems": len(result.problems)}
