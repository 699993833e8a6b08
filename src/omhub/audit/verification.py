"""Checking the chain and keeping the result, whoever asks: the nightly job, an auditor, the command."""

from django.utils import timezone

from omhub.audit import selectors
from omhub.audit.models import AuditVerification


def run_verification(*, triggered_by: str, requested_by: str = "", progress=None) -> AuditVerification:
    started = timezone.now()
    report = selectors.verify_chain(progress=progress)
    return AuditVerification.objects.create(
        started_at=started, finished_at=timezone.now(), triggered_by=triggered_by, requested_by=requested_by,
        events_checked=report.events_checked, intact=report.intact,
        problems=[{"sequence": p.sequence, "problem": p.problem} for p in report.problems],
    )


def latest_verification() -> AuditVerification | None:
    return AuditVerification.objects.order_by("-started_at").first()
