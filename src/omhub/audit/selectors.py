import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from omhub.accounts.permissions import Capability, require
from omhub.audit.chain import ChainReport, verify_events
from omhub.audit.models import AuditChainHead, AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    person_id: int | None = None
    request_id: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def search_events(user, filters: AuditFilters) -> QuerySet[AuditEvent]:
    require(user, Capability.VIEW_AUDIT)
    events = AuditEvent.objects.all().order_by("-sequence")
    if filters.actor:
        events = events.filter(actor_username__iexact=filters.actor.strip())
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id.strip())
    if filters.person_id:
        events = events.filter(person_id=filters.person_id)
    if filters.request_id:
        events = events.filter(request_id=filters.request_id.strip())
    tz = timezone.get_current_timezone()
    if filters.date_from:
        events = events.filter(occurred_at__gte=datetime.datetime.combine(filters.date_from, datetime.time.min, tz))
    if filters.date_to:
        day_after = filters.date_to + datetime.timedelta(days=1)
        events = events.filter(occurred_at__lt=datetime.datetime.combine(day_after, datetime.time.min, tz))
    return events


def get_event(user, sequence: int) -> AuditEvent:
    require(user, Capability.VIEW_AUDIT)
    return AuditEvent.objects.get(sequence=sequence)


def object_types() -> list[str]:
    return list(AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct())


def verify_chain(progress=None) -> ChainReport:
    """Recompute every event's hash in sequence order; see audit.chain for what counts as a problem."""
    events = AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000)
    return verify_events(events, head=AuditChainHead.objects.filter(pk=1).first(), progress=progress)


def chain_length() -> int:
    head = AuditChainHead.objects.filter(pk=1).first()
    return head.sequence if head else 0
