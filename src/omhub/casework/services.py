"""Every change to hub casework: permission-checked, validated, audited, one transaction each.

Two people acting on one item at once: the item row is locked and its version compared, so one wins
and the other gets a ConflictError saying what happened; nothing is half-saved.
"""

import datetime
import logging
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from omhub import identifiers
from omhub.accounts.models import Unit, User
from omhub.accounts.permissions import Capability, has, visible_unit_ids
from omhub.audit import services as audit
from omhub.casework import deadlines
from omhub.casework.models import OPEN_STATUSES, CaseType, Extension, KeyDate, Pause, Status, Transition, WorkItem
from omhub.casework.workflow import ACTIONS, CHECKER, PREPARER
from omhub.core.errors import ConflictError
from omhub.people.models import Person

log = logging.getLogger(__name__)

ITEM_FIELDS = ["status", "assignee", "due_date", "values", "checklist_done", "sent_to", "sent_channel", "sent_on",
               "sent_reference", "needs_review", "review_reason"]


# What other apps do once a step of a work item is saved, in its transaction: callables taking the actor,
# the item and the action's name, registered in their AppConfig.ready (the calculations app adds the
# additional days an adjudication awarded to the person's booking).
AFTER_ACTION_HOOKS: list = []


class FourEyesError(ConflictError):
    """The checker is the person who prepared the item."""


# Rules some case types add to the generic life of a work item, registered by the app that owns them
# (a sentence calculation needs a current calculation before it is sent for check, and is approved only
# by confirming its dates). Casework knows no app that registers here, so it builds on none of them.
#   readiness check: item -> {field: [message]}, the problems that stop it being sent for check
#   action guard: item -> a message saying why the generic step must not be taken, or "" when it may
READINESS_CHECKS: dict[str, list] = {}
ACTION_GUARDS: dict[tuple[str, str], object] = {}


def register_readiness_check(case_type_code: str, check) -> None:
    checks = READINESS_CHECKS.setdefault(case_type_code, [])
    if check not in checks:
        checks.append(check)


def register_action_guard(case_type_code: str, action: str, guard) -> None:
    ACTION_GUARDS[(case_type_code, action)] = guard


def guarded(item: WorkItem, action: str) -> str:
    """Why the generic ``action`` is not how this item takes that step ("" when it is)."""
    guard = ACTION_GUARDS.get((item.case_type.code, action))
    return guard(item) if guard else ""


def _role_codes(user) -> set[str]:
    cached = getattr(user, "_omhub_role_codes", None)
    if cached is None:
        cached = set(user.roles.values_list("code", flat=True))
        user._omhub_role_codes = cached
    return cached


def can_prepare(user, case_type: CaseType) -> bool:
    return has(user, Capability.PREPARE_CASEWORK) and bool(_role_codes(user) & set(case_type.preparer_roles))


def can_check(user, case_type: CaseType) -> bool:
    return has(user, Capability.CHECK_CASEWORK) and bool(_role_codes(user) & set(case_type.checker_roles))


def _require_unit(user, unit: Unit) -> None:
    allowed = visible_unit_ids(user)
    if allowed is not None and unit.id not in allowed:
        raise PermissionDenied("This work belongs to a unit you do not work in.")


def _key_dates(person: Person | None) -> dict[str, datetime.date]:
    if person is None:
        return {}
    return dict(person.key_dates.values_list("kind", "date"))


def _anchor_dates(person: Person | None, case_type: CaseType, values: dict) -> dict[str, datetime.date]:
    """What a deadline may count from: the person's key dates, and the item's own date fields (a rule may
    count from, say, the hearing date)."""
    dates = _key_dates(person)
    for spec in case_type.fields:
        if spec.get("kind") == "date" and values.get(spec["name"]):
            try:
                dates[spec["name"]] = datetime.date.fromisoformat(str(values[spec["name"]]))
            except ValueError:
                continue  # recorded before the field became a date: not a date to count from
    return dates


def _validate_values(case_type: CaseType, values: dict, *, complete: bool) -> dict:
    """Values typed for the case type's fields. With ``complete``, required fields must be filled."""
    errors: dict[str, list[str]] = {}
    cleaned = {}
    known = {spec["name"]: spec for spec in case_type.fields}
    for name in values:
        if name not in known:
            errors.setdefault(name, []).append(f"{case_type.name} has no field called {name!r}")
    for name, spec in known.items():
        value = values.get(name)
        if value in (None, ""):
            if complete and spec.get("required"):
                errors.setdefault(name, []).append(f"Enter {spec['label'].lower()}")
            continue
        if spec["kind"] == "date":
            if isinstance(value, datetime.date):
                value = value.isoformat()
            try:
                datetime.date.fromisoformat(str(value))
            except ValueError:
                errors.setdefault(name, []).append(f"{spec['label']} must be a real date, like 2026-03-27")
                continue
        elif spec["kind"] == "choice" and value not in spec.get("choices", []):
            errors.setdefault(name, []).append(f"Choose one of: {', '.join(spec.get('choices', []))}")
            continue
        elif spec["kind"] == "person":
            found = identifiers.identify(str(value))
            if not found or found[0] not in ("prison_number", "crn"):
                errors.setdefault(name, []).append(f"{spec['label']}: enter a prison number like A1234BC or a CRN "
                                                   "like X123456")
                continue
            value = found[1]
        elif len(str(value)) > 2000:
            errors.setdefault(name, []).append(f"{spec['label']} must be 2,000 characters or fewer")
            continue
        cleaned[name] = str(value)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def open_work_item(*, actor, case_type: CaseType, person: Person | None = None, unit: Unit | None = None,
                   received_at: datetime.datetime | None = None, values: dict | None = None,
                   assignee: User | None = None, key_date_kind: str = "",
                   key_date: datetime.date | None = None) -> WorkItem:
    """Receive a new piece of work. ``actor`` None means omhub opened it (the bring-forward diary)."""
    if actor is not None and not can_prepare(actor, case_type):
        raise PermissionDenied(f"Your roles do not allow you to prepare {case_type.name} work.")
    if not case_type.is_active:
        raise ValidationError({"case_type": [f"{case_type.name} is no longer in use"]})
    if person is not None and unit is None:
        unit = person.establishment or person.probation_unit
    if unit is None:
        raise ValidationError({"unit": ["Choose the unit this work belongs to"]})
    if actor is not None:
        _require_unit(actor, unit)
        if person is not None:
            from omhub.people.selectors import people_visible_to

            if not people_visible_to(actor).filter(pk=person.pk).exists():
                raise ValidationError({"person": ["No person with this identifier in your units"]})
    cleaned = _validate_values(case_type, values or {}, complete=False)
    item = _new_item(case_type=case_type, person_id=person.pk if person else None, unit_id=unit.pk,
                     received_at=received_at or timezone.now(), key_dates=_anchor_dates(person, case_type, cleaned),
                     values=cleaned, assignee=assignee, key_date_kind=key_date_kind, key_date=key_date)
    item.save()
    item.reference = _reference(case_type, item.pk)
    item.save(update_fields=["reference"])
    Transition.objects.create(work_item=item, action="receive", to_status=Status.RECEIVED, actor=actor,
                              details={"due_date": item.due_date.isoformat()})
    audit.record(actor=actor, action=audit.Action.CREATE, instance=item, person_id=item.person_id,
                 after=_created_snapshot(item))
    return item


def _new_item(*, case_type: CaseType, person_id, unit_id, received_at, key_dates, values, assignee=None,
              key_date_kind="", key_date=None) -> WorkItem:
    """An unsaved work item with its deadline worked out under the case type's current rule."""
    due = deadlines.compute(case_type.deadline_rule, received_at=received_at, key_dates=key_dates)
    return WorkItem(
        reference=f"new-{uuid.uuid4().hex[:24]}", case_type=case_type, person_id=person_id, unit_id=unit_id,
        assignee=assignee, received_at=received_at, due_date=due.due_date, deadline_rule=case_type.deadline_rule,
        deadline_explanation=due.explanation, rules_version=case_type.rules_version, values=values,
        key_date_kind=key_date_kind, key_date=key_date,
    )


def _reference(case_type: CaseType, pk: int) -> str:
    return f"{case_type.short_name}-{pk:06d}"


def _created_snapshot(item: WorkItem) -> dict:
    return {"reference": item.reference, "case_type": item.case_type.code, **audit.snapshot(item, ITEM_FIELDS)}


@dataclass(frozen=True)
class DiaryOpening:
    """A work item the bring-forward diary opens: for this person, because of this key date."""

    person_id: int
    unit_id: int
    key_date_kind: str
    key_date: datetime.date
    values: dict


def open_from_diary(*, case_type: CaseType, openings: list[DiaryOpening], received_at: datetime.datetime,
                    key_dates_by_person: dict[int, dict[str, datetime.date]]) -> list[WorkItem]:
    """Open many items at once for the diary, as open_work_item would one by one (reference, deadline,
    first transition, audit event), in bulk so that a run over a whole region stays fast. The caller
    holds the transaction; the unique constraint on (person, case type, key date) makes a second
    opening for the same key date fail rather than duplicate."""
    items = []
    for opening in openings:
        try:
            items.append(_new_item(case_type=case_type, person_id=opening.person_id, unit_id=opening.unit_id,
                                   received_at=received_at, key_dates=key_dates_by_person.get(opening.person_id, {}),
                                   values=opening.values, key_date_kind=opening.key_date_kind,
                                   key_date=opening.key_date))
        except ValidationError as error:
            log.warning("diary could not open %s for person %s: %s", case_type.code, opening.person_id,
                        "; ".join(error.messages))
    if not items:
        return []
    WorkItem.objects.bulk_create(items, batch_size=500)
    for item in items:
        item.reference = _reference(case_type, item.pk)
    WorkItem.objects.bulk_update(items, ["reference"], batch_size=500)
    Transition.objects.bulk_create([
        Transition(work_item=item, action="receive", to_status=Status.RECEIVED, actor=None,
                   reason=f"Opened by the bring-forward diary: {item.key_date_kind} is {item.key_date:%-d %B %Y}",
                   details={"due_date": item.due_date.isoformat(), "opened_by": "bring-forward diary",
                            "key_date_kind": item.key_date_kind, "key_date": item.key_date.isoformat()})
        for item in items], batch_size=500)
    audit.record_many([{"actor": None, "action": audit.Action.CREATE, "instance": item, "person_id": item.person_id,
                        "after": _created_snapshot(item)} for item in items])
    return items


def replan_to_key_date(*, item: WorkItem, kind: str, new_date: datetime.date, values: dict) -> WorkItem:
    """Point an open diary item at the person's new key date (the old one changed): its deadline is worked
    out again and the step recorded with the reason. It stays flagged for review: what was prepared
    for the old date may need redoing. The caller holds the transaction."""
    locked = WorkItem.objects.select_for_update(of=("self",)).select_related("case_type", "person").get(pk=item.pk)
    before = audit.snapshot(locked, [*ITEM_FIELDS, "key_date"])
    old_date = locked.key_date
    locked.key_date = new_date
    locked.values = {**locked.values, **values}
    locked.needs_review = True
    reason = f"{kind} changed from {old_date:%-d %B %Y} to {new_date:%-d %B %Y}"
    locked.review_reason = reason[:300]
    _recompute(locked)
    locked.version += 1
    locked.save()
    audit.record_change(actor=None, instance=locked, before=before,
                        after=audit.snapshot(locked, [*ITEM_FIELDS, "key_date"]), person_id=locked.person_id)
    Transition.objects.create(work_item=locked, action="replan", from_status=locked.status, to_status=locked.status,
                              actor=None, reason=f"Bring-forward diary: {reason}",
                              details={"key_date_kind": kind, "from": old_date.isoformat(),
                                       "to": new_date.isoformat(), "due_date": locked.due_date.isoformat()})
    return locked


def _lock(item: WorkItem, expected_version: int) -> WorkItem:
    locked = WorkItem.objects.select_for_update().select_related("case_type").get(pk=item.pk)
    if locked.version != expected_version:
        last = locked.transitions.order_by("-at", "-id").first()
        who = f" ({last.actor.username if last and last.actor else 'omhub'} {last.action if last else 'changed it'})"
        raise ConflictError(f"Someone else changed {locked.reference} while you were looking at it{who}. Nothing "
                            "you did was saved: look at it as it is now and try again.",
                            current_version=locked.version)
    return locked


def _save(item: WorkItem, actor, before: dict, *, step: str = "", reason: str = "") -> None:
    """Save a change with its audit event; the step taken and its reason go into the event too, so
    the person's timeline says what was done and why, not just which fields changed."""
    item.version += 1
    item.save()
    after = audit.snapshot(item, ITEM_FIELDS)
    if step:
        after["step"] = step
    if reason:
        after["reason"] = reason
    audit.record_change(actor=actor, instance=item, before=before, after=after, person_id=item.person_id)


def flag_for_review(*, actor, item: WorkItem, reason: str) -> WorkItem:
    """Mark an item for a person to look at again, with the reason (shown in the queue and on the item);
    never a change of its status. ``actor`` None means omhub flagged it."""
    before = audit.snapshot(item, ITEM_FIELDS)
    item.needs_review = True
    item.review_reason = reason[:300]
    _save(item, actor, before, step="flag-for-review", reason=item.review_reason)
    return item


@transaction.atomic
def take_action(*, actor, item: WorkItem, action: str, expected_version: int, reason: str = "",
                sent: dict | None = None, guard_passed: bool = False) -> WorkItem:
    """One step of the item's life. ``guard_passed`` is for the service that owns a guarded step (see
    ACTION_GUARDS) taking it itself, having done what the guard asks."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise ValidationError({"action": [f"Choose one of: {', '.join(ACTIONS)}"]})
    locked = _lock(item, expected_version)
    _require_unit(actor, locked.unit)
    case_type = locked.case_type
    allowed = {PREPARER: can_prepare(actor, case_type), CHECKER: can_check(actor, case_type)}
    if not (allowed.get(spec.who) or (spec.who == "either" and (allowed[PREPARER] or allowed[CHECKER]))):
        raise PermissionDenied(f"Your roles do not allow you to {spec.label.lower()} {case_type.name} work.")
    if locked.status not in spec.from_statuses:
        raise ConflictError(f"{locked.reference} is {locked.get_status_display().lower()}: it cannot be "
                            f"{spec.label.lower()} now.", current_version=locked.version)
    if spec.four_eyes and locked.prepared_by_id == actor.pk:
        raise FourEyesError(f"You prepared {locked.reference}, so someone else must check it.",
                            current_version=locked.version)
    if not guard_passed and (refusal := guarded(locked, action)):
        raise ValidationError({"action": [refusal]})
    reason = (reason or "").strip()
    if spec.needs_reason and not reason:
        raise ValidationError({"reason": [f"Give a reason to {spec.label.lower()}"]})
    before = audit.snapshot(locked, ITEM_FIELDS)
    details = {}
    if action == "submit":
        _require_ready(locked)
        locked.prepared_by = actor
    elif action == "start" and locked.assignee_id is None:
        locked.assignee = actor
    elif action in ("approve", "return"):
        locked.checked_by = actor
    elif action == "send":
        details = _validate_sent(sent or {})
        locked.sent_to, locked.sent_channel = details["sent_to"], details["sent_channel"]
        locked.sent_on, locked.sent_reference = details["sent_on"], details["sent_reference"]
        details["sent_on"] = details["sent_on"].isoformat()
    from_status = locked.status
    locked.status = spec.to_status
    locked.closed_at = timezone.now() if spec.to_status in (Status.CLOSED, Status.WITHDRAWN) else None
    _save(locked, actor, before, step=action, reason=reason)
    Transition.objects.create(work_item=locked, action=action, from_status=from_status, to_status=spec.to_status,
                              actor=actor, reason=reason, details=details)
    for hook in AFTER_ACTION_HOOKS:
        hook(actor=actor, item=locked, action=action)
    return locked


def _require_ready(item: WorkItem) -> None:
    errors: dict[str, list[str]] = {}
    codes = {check["code"]: check["label"] for check in item.case_type.checklist}
    missing = [label for code, label in codes.items() if code not in item.checklist_done]
    if missing:
        errors["checklist"] = [f"Complete the checklist first: {', '.join(missing)}"]
    try:
        _validate_values(item.case_type, item.values, complete=True)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    for check in READINESS_CHECKS.get(item.case_type.code, []):
        for field, messages in check(item).items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _validate_sent(sent: dict) -> dict:
    errors = {}
    recipient = (sent.get("sent_to") or "").strip()
    channel = (sent.get("sent_channel") or "").strip()
    sent_on = sent.get("sent_on")
    if not recipient:
        errors["sent_to"] = ["Enter who it was sent to"]
    if not channel:
        errors["sent_channel"] = ["Choose how it was sent"]
    if not isinstance(sent_on, datetime.date):
        errors["sent_on"] = ["Enter the date it was sent"]
    elif sent_on > timezone.localdate():
        errors["sent_on"] = ["The date it was sent must be today or in the past"]
    if errors:
        raise ValidationError(errors)
    return {"sent_to": recipient[:200], "sent_channel": channel[:40], "sent_on": sent_on,
            "sent_reference": (sent.get("sent_reference") or "").strip()[:100]}


@transaction.atomic
def update_details(*, actor, item: WorkItem, expected_version: int, values: dict,
                   checklist_done: list[str]) -> WorkItem:
    locked = _lock(item, expected_version)
    _require_unit(actor, locked.unit)
    if not can_prepare(actor, locked.case_type):
        raise PermissionDenied(f"Your roles do not allow you to prepare {locked.case_type.name} work.")
    if locked.status not in (Status.RECEIVED, Status.IN_PREPARATION, Status.RETURNED):
        raise ConflictError(f"{locked.reference} is {locked.get_status_display().lower()}: its details can only "
                            "change while it is being prepared.", current_version=locked.version)
    codes = {check["code"] for check in locked.case_type.checklist}
    unknown = [code for code in checklist_done if code not in codes]
    if unknown:
        raise ValidationError({"checklist": [f"Unknown checklist item: {', '.join(unknown)}"]})
    before = audit.snapshot(locked, ITEM_FIELDS)
    locked.values = _validate_values(locked.case_type, values, complete=False)
    locked.checklist_done = [code for code in codes if code in checklist_done]
    if audit.snapshot(locked, ITEM_FIELDS) == before:
        return locked
    _save(locked, actor, before, step="details")
    return locked


@transaction.atomic
def assign(*, actor, items: list[WorkItem], assignee: User | None) -> int:
    """Bulk allocation and reallocation by a Hub Manager (for example when someone is on leave)."""
    if not has(actor, Capability.CHECK_CASEWORK):
        raise PermissionDenied("Only a Hub Manager can allocate work.")
    if not items:
        raise ValidationError({"items": ["Choose at least one work item"]})
    changed = 0
    for item in WorkItem.objects.select_for_update().select_related("case_type").filter(
            pk__in=[i.pk for i in items]):
        _require_unit(actor, item.unit)
        if assignee is not None:
            if not can_prepare(assignee, item.case_type):
                raise ValidationError({"assignee": [f"{assignee} cannot prepare {item.case_type.name} work"]})
            allowed = visible_unit_ids(assignee)
            if allowed is not None and item.unit_id not in allowed:
                raise ValidationError({"assignee": [f"{assignee} does not work in {item.unit}"]})
        if item.assignee_id == (assignee.pk if assignee else None) or item.status not in OPEN_STATUSES:
            continue
        before = audit.snapshot(item, ITEM_FIELDS)
        item.assignee = assignee
        _save(item, actor, before, step="allocate")
        Transition.objects.create(work_item=item, action="allocate", from_status=item.status, to_status=item.status,
                                  actor=actor, details={"assignee": assignee.username if assignee else None})
        changed += 1
    return changed


def _recompute(item: WorkItem) -> None:
    due = deadlines.compute(item.deadline_rule, received_at=item.received_at,
                            key_dates=_anchor_dates(item.person, item.case_type, item.values),
                            pauses=[(p.started_on, p.ended_on) for p in item.pauses.all()],
                            extensions=[e.working_days for e in item.extensions.all()])
    item.due_date, item.deadline_explanation = due.due_date, due.explanation


def _require_manage_deadline(actor, item: WorkItem) -> None:
    _require_unit(actor, item.unit)
    if not (can_prepare(actor, item.case_type) or can_check(actor, item.case_type)):
        raise PermissionDenied("Your roles do not allow you to change this item's deadline.")
    if not item.is_open:
        raise ConflictError(f"{item.reference} is not open: its deadline no longer counts.",
                            current_version=item.version)


@transaction.atomic
def pause(*, actor, item: WorkItem, expected_version: int, started_on: datetime.date, reason: str) -> WorkItem:
    """Stop the clock while the item waits on someone else; resume() starts it again."""
    locked = _lock(item, expected_version)
    _require_manage_deadline(actor, locked)
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Give a reason to stop the clock"]})
    if locked.pauses.filter(ended_on__isnull=True).exists():
        raise ValidationError({"started_on": ["The clock is already stopped"]})
    Pause.objects.create(work_item=locked, started_on=started_on, reason=reason.strip()[:300], created_by=actor)
    before = audit.snapshot(locked, ITEM_FIELDS)
    _recompute(locked)
    _save(locked, actor, before, step="pause", reason=reason.strip())
    Transition.objects.create(work_item=locked, action="pause", from_status=locked.status, to_status=locked.status,
                              actor=actor, reason=reason.strip(), details={"started_on": started_on.isoformat()})
    return locked


@transaction.atomic
def resume(*, actor, item: WorkItem, expected_version: int, ended_on: datetime.date) -> WorkItem:
    locked = _lock(item, expected_version)
    _require_manage_deadline(actor, locked)
    open_pause = locked.pauses.filter(ended_on__isnull=True).first()
    if open_pause is None:
        raise ValidationError({"ended_on": ["The clock is not stopped"]})
    if ended_on < open_pause.started_on:
        raise ValidationError({"ended_on": ["The clock cannot restart before it stopped"]})
    open_pause.ended_on = ended_on
    open_pause.save(update_fields=["ended_on"])
    before = audit.snapshot(locked, ITEM_FIELDS)
    _recompute(locked)
    _save(locked, actor, before, step="resume")
    Transition.objects.create(work_item=locked, action="resume", from_status=locked.status, to_status=locked.status,
                              actor=actor, details={"ended_on": ended_on.isoformat()})
    return locked


@transaction.atomic
def extend(*, actor, item: WorkItem, expected_version: int, working_days: int, reason: str) -> WorkItem:
    locked = _lock(item, expected_version)
    _require_manage_deadline(actor, locked)
    if not can_check(actor, locked.case_type):
        raise PermissionDenied("Only a Hub Manager can extend a deadline.")
    if not 1 <= working_days <= 60:
        raise ValidationError({"working_days": ["An extension must be between 1 and 60 working days"]})
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Give a reason for the extension"]})
    Extension.objects.create(work_item=locked, working_days=working_days, reason=reason.strip()[:300],
                             created_by=actor)
    before = audit.snapshot(locked, ITEM_FIELDS)
    _recompute(locked)
    _save(locked, actor, before, step="extend", reason=reason.strip())
    Transition.objects.create(work_item=locked, action="extend", from_status=locked.status, to_status=locked.status,
                              actor=actor, reason=reason.strip(), details={"working_days": working_days})
    return locked


@transaction.atomic
def recompute_deadline(*, actor, item: WorkItem, expected_version: int, reason: str) -> WorkItem:
    """Apply the case type's current rule to an open item: never done silently, always with a reason."""
    locked = _lock(item, expected_version)
    _require_manage_deadline(actor, locked)
    if not can_check(actor, locked.case_type):
        raise PermissionDenied("Only a Hub Manager can recompute a deadline under new rules.")
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Give a reason to apply the new rule"]})
    before = audit.snapshot(locked, ITEM_FIELDS)
    locked.deadline_rule = locked.case_type.deadline_rule
    locked.rules_version = locked.case_type.rules_version
    _recompute(locked)
    _save(locked, actor, before, step="recompute", reason=reason.strip())
    Transition.objects.create(work_item=locked, action="recompute", from_status=locked.status,
                              to_status=locked.status, actor=actor, reason=reason.strip(),
                              details={"rules_version": locked.rules_version})
    return locked


@transaction.atomic
def set_key_date(*, actor, person: Person, kind: str, date: datetime.date | None, source: str = "",
                 replan: bool = True) -> KeyDate | None:
    """Enter or clear a key date by hand (until confirmed calculations provide them). Open work items
    opened for the old date are flagged for review, never deleted. ``source`` says where a date came from
    ("calculation" for confirmed key dates; by hand otherwise); ``replan`` False leaves re-planning the
    diary to a caller that changes several dates at once and re-plans once after the last."""
    from omhub.people.selectors import get_person

    if not has(actor, Capability.EDIT_PEOPLE):
        raise PermissionDenied("Your roles do not allow you to change key dates.")
    get_person(actor, person.pk)
    if kind not in KeyDate.Kind.values:
        raise ValidationError({"kind": [f"Choose one of: {', '.join(KeyDate.Kind.values)}"]})
    existing = KeyDate.objects.select_for_update().filter(person=person, kind=kind).first()
    old = existing.date if existing else None
    if old == date:
        if existing is not None and source and existing.source != source:
            existing.source = source
            existing.save(update_fields=["source", "updated_at"])
        return existing
    if date is None:
        existing.delete()
        key_date = None
    elif existing is None:
        key_date = KeyDate.objects.create(person=person, kind=kind, date=date, **({"source": source} if source else {}))
    else:
        existing.date = date
        existing.source = source or "manual"
        existing.save(update_fields=["date", "source", "updated_at"])
        key_date = existing
    audit.record(actor=actor, action=audit.Action.UPDATE if old else audit.Action.CREATE,
                 object_type="casework.keydate", object_id=f"{person.pk}:{kind}", object_repr=f"{kind} of {person}",
                 person_id=person.pk, before={kind: old} if old else None, after={kind: date})
    if old is not None:
        stale = WorkItem.objects.filter(person=person, key_date_kind=kind, key_date=old, status__in=OPEN_STATUSES)
        for item in stale:
            flag_for_review(actor=actor, item=item,
                            reason=f"{kind} changed from {old:%-d %B %Y} to {date:%-d %B %Y}" if date else
                            f"{kind} of {old:%-d %B %Y} was removed")
    if replan:
        from omhub.casework import diary

        diary.replan_person(person, as_at=timezone.localdate())
    return key_date


