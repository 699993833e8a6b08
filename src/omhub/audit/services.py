"""Writing the audit trail. Every service that changes a record calls ``record`` inside its own
transaction, so the change and its audit event are saved together or not at all."""

import datetime
import decimal
import uuid

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from omhub.audit.chain import GENESIS_HASH, event_digest
from omhub.audit.models import AuditChainHead, AuditEvent
from omhub.core.request_context import current_request_id

Action = AuditEvent.Action


def json_safe(value):
    """Values as they will be stored in the event's JSON, so the hash computed now matches the hash
    recomputed from the database later."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v) for v in value]
    return str(value)


def snapshot(instance, fields) -> dict:
    """The named fields of a model instance, as JSON-safe values (foreign keys as their ids)."""
    result = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            result[name] = sorted(instance.__class__.objects.filter(pk=instance.pk)
                                  .values_list(f"{name}__pk", flat=True).exclude(**{f"{name}__pk": None}))
        elif field.is_relation:
            result[name] = getattr(instance, field.attname)
        else:
            result[name] = json_safe(getattr(instance, name))
    return result


def changes(before: dict, after: dict) -> tuple[dict, dict]:
    """Only what differs, so an event says what changed rather than everything the record holds."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after.get(key) for key in keys}


def _lock_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    try:
        with transaction.atomic():
            AuditChainHead.objects.create(pk=1, sequence=0, hash=GENESIS_HASH)
    except IntegrityError:
        pass
    return AuditChainHead.objects.select_for_update().get(pk=1)


def record(
    *,
    actor,
    action: str,
    instance: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    person_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    if instance is not None:
        object_type = object_type or instance._meta.label_lower
        object_id = object_id or str(instance.pk)
        object_repr = object_repr or str(instance)
    actor_user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        head = _lock_head()
        fields = {
            "sequence": head.sequence + 1,
            "occurred_at": timezone.now(),
            "actor_username": actor_user.username if actor_user else "",
            "action": str(action),
            "object_type": object_type,
            "object_id": str(object_id),
            "object_repr": object_repr[:200],
            "person_id": person_id,
            "before": json_safe(before),
            "after": json_safe(after),
            "request_id": current_request_id(),
            "previous_hash": head.hash,
        }
        digest = event_digest(**fields)
        event = AuditEvent.objects.create(actor=actor_user, hash=digest, **fields)
        AuditChainHead.objects.filter(pk=1).update(sequence=event.sequence, hash=digest)
    return event


def record_change(*, actor, instance, before: dict, after: dict, person_id=None) -> AuditEvent | None:
    """An update event with only the changed fields; nothing is written when nothing changed."""
    changed_before, changed_after = changes(before, after)
    if not changed_after:
        return None
    return record(actor=actor, action=Action.UPDATE, instance=instance, person_id=person_id,
                  before=changed_before, after=changed_after)


def record_many(entries: list[dict]) -> int:
    """Append many events at once (bulk loads such as demo data or imports), chained exactly as
    ``record`` would chain them one by one. Each entry has record()'s keyword arguments."""
    if not entries:
        return 0
    with transaction.atomic():
        head = _lock_head()
        sequence, previous = head.sequence, head.hash
        now = timezone.now()
        request_id = current_request_id()
        events = []
        for entry in entries:
            instance = entry.get("instance")
            actor = entry.get("actor")
            actor_user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
            sequence += 1
            fields = {
                "sequence": sequence,
                "occurred_at": entry.get("occurred_at") or now,
                "actor_username": actor_user.username if actor_user else "",
                "action": str(entry["action"]),
                "object_type": entry.get("object_type") or (instance._meta.label_lower if instance else ""),
                "object_id": str(entry.get("object_id") or (instance.pk if instance else "")),
                "object_repr": (entry.get("object_repr") or (str(instance) if instance else ""))[:200],
                "person_id": entry.get("person_id"),
                "before": json_safe(entry.get("before")),
                "after": json_safe(entry.get("after")),
                "request_id": request_id,
                "previous_hash": previous,
            }
            previous = event_digest(**fields)
            events.append(AuditEvent(actor=actor_user, hash=previous, **fields))
        AuditEvent.objects.bulk_create(events, batch_size=1000)
        AuditChainHead.objects.filter(pk=1).update(sequence=sequence, hash=previous)
    return len(events)
