"""Reminders and escalation. Each case type says when the people of an open work item are reminded
(``reminder_steps``: due soon so many working days before, due today, overdue, and to which role an
overdue item escalates); ``send_reminders`` takes the steps that apply on one day and tells them.

Never twice: every step sent is a ``Reminder`` row, one per item, step and due date, and its unique
constraint decides even between two runs at once: whichever run inserts the row tells people, the other
finds it there and tells no one. A new due date (an extension, a restarted clock) starts afresh.

At scale: a run reads only the open items due in a few weeks around its day, through the
(status, due_date) index, and writes reminders and notifications in bulk, a chunk per transaction.
A day that is not a working day sends nothing; a run missed on a working day is caught up by the next
(due soon until the due day, overdue for CATCH_UP_WORKING_DAYS working days).
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse

from omhub.accounts.models import Role, User
from omhub.accounts.permissions import Capability
from omhub.audit import services as audit
from omhub.casework import deadlines
from omhub.casework.models import OPEN_STATUSES, CaseType, Pause, Reminder, WorkItem
from omhub.notifications import services as notification_services
from omhub.notifications.models import Kind
from omhub.timescales.calendar import WorkingCalendar

log = logging.getLogger("omhub.casework.reminders")

DUE_SOON, DUE_TODAY, OVERDUE = Reminder.Step.DUE_SOON, Reminder.Step.DUE_TODAY, Reminder.Step.OVERDUE
DEFAULT_DUE_SOON_WORKING_DAYS = 2
MAX_DUE_SOON_WORKING_DAYS = 60
CATCH_UP_WORKING_DAYS = 5
CHUNK_SIZE = 500


@dataclass(frozen=True)
class Step:
    when: str
    working_days_before: int = 0
    escalate_to: str = ""


def parse_steps(raw) -> tuple[Step, ...]:
    """A case type's reminder steps; a step that cannot be read is logged and left out, so one
    mistyped case type never stops everyone else's reminders."""
    steps = []
    for spec in raw if isinstance(raw, list) else []:
        when = spec.get("when") if isinstance(spec, dict) else None
        if when not in Reminder.Step.values:
            log.warning("reminder step %r has no known 'when' (%s): left out", spec, ", ".join(Reminder.Step.values))
            continue
        before = spec.get("working_days_before", DEFAULT_DUE_SOON_WORKING_DAYS) if when == DUE_SOON else 0
        if isinstance(before, bool) or not isinstance(before, int) or not 0 <= before <= MAX_DUE_SOON_WORKING_DAYS:
            log.warning("reminder step %r: working_days_before must be 0 to %s: left out", spec,
                        MAX_DUE_SOON_WORKING_DAYS)
            continue
        escalate_to = spec.get("escalate_to") or ""
        steps.append(Step(when=when, working_days_before=before, escalate_to=str(escalate_to)))
    return tuple(steps)


def step_applies(step: Step, *, due_date: datetime.date, as_at: datetime.date, calendar: WorkingCalendar) -> bool:
    """Whether ``step`` is due on ``as_at`` (a working day) for an item due on ``due_date``.

    Due soon: from the Nth working day before the due date until the working day before the due day.
    Due today: on the due date, or on the last working day before it when it is not a working day.
    Overdue: from the first working day after the due date, for CATCH_UP_WORKING_DAYS working days.
    """
    due_day = calendar.working_day_on_or_before(due_date)
    if step.when == DUE_SOON:
        return calendar.add_working_days(due_date, -step.working_days_before) <= as_at < due_day
    if step.when == DUE_TODAY:
        return as_at == due_day
    first = calendar.next_working_day(due_date)
    return first <= as_at and calendar.working_days_between(first, as_at) < CATCH_UP_WORKING_DAYS


@lru_cache(maxsize=256)
def _due_dates(steps: tuple[Step, ...], as_at: datetime.date) -> dict[datetime.date, tuple[Step, ...]]:
    """For one set of steps: each due date on which some step applies on ``as_at``, and those steps."""
    calendar = deadlines.calendar()
    ahead = max((step.working_days_before for step in steps), default=0)
    day = as_at - datetime.timedelta(days=CATCH_UP_WORKING_DAYS * 2 + 14)
    last = as_at + datetime.timedelta(days=ahead * 2 + 14)
    dates = {}
    while day <= last:
        applying = tuple(step for step in steps if step_applies(step, due_date=day, as_at=as_at, calendar=calendar))
        if applying:
            dates[day] = applying
        day += datetime.timedelta(days=1)
    return dates


@dataclass
class ReminderRun:
    """What one run did, for the command's output, the task's result and the audit trail."""

    as_at: datetime.date
    working_day: bool
    triggered_by: str = "command"
    items_considered: int = 0
    reminded: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Reminder.Step.values, 0))
    already_reminded: int = 0
    notifications: int = 0
    escalations: int = 0
    nobody_to_tell: list[str] = field(default_factory=list)
    emails: notification_services.EmailOutcome = field(default_factory=notification_services.EmailOutcome)

    def as_dict(self) -> dict:
        return {"as_at": self.as_at.isoformat(), "working_day": self.working_day, "triggered_by": self.triggered_by,
                "items_considered": self.items_considered, "reminded": dict(self.reminded),
                "already_reminded": self.already_reminded, "notifications": self.notifications,
                "escalations": self.escalations, "nobody_to_tell": self.nobody_to_tell,
                "emails": self.emails.as_dict()}

    def report(self) -> list[str]:
        day = f"{self.as_at:%A} {self.as_at.day} {self.as_at:%B %Y}"
        if not self.working_day:
            return [f"{day} is not a working day: no reminders are sent."]
        lines = [f"Reminders for {day}:",
                 f"  open work items due around this day: {self.items_considered}",
                 "  reminded now: " + ", ".join(f"{count} {Reminder.Step(step).label.lower()}"
                                                 for step, count in self.reminded.items()),
                 f"  reminded before, not again: {self.already_reminded}",
                 f"  notifications: {self.notifications} (escalations among them: {self.escalations})",
                 f"  emails: {self.emails.sent} sent, {self.emails.failed} failed "
                 f"({self.emails.retried} of them retries of earlier failures)"]
        if self.nobody_to_tell:
            lines.append(f"  no one to tell (no assignee and no hub manager in the unit): "
                         f"{', '.join(self.nobody_to_tell)}")
        return lines


class _People:
    """Who works where, looked up once per run: the holders of some roles in each unit."""

    def __init__(self):
        self._holders: dict[tuple[str, ...], dict[int, list[User]]] = {}
        self.allocator_roles = tuple(sorted(role.code for role in Role.objects.all()
                                            if str(Capability.CHECK_CASEWORK) in role.capabilities))

    def in_unit(self, role_codes: tuple[str, ...], unit_id: int) -> list[User]:
        if role_codes not in self._holders:
            membership = User.units.through.objects.filter(user__is_active=True, user__roles__code__in=role_codes)
            pairs = set(membership.values_list("unit_id", "user_id"))
            users = User.objects.in_bulk({user_id for _, user_id in pairs})
            by_unit = defaultdict(list)
            for unit, user_id in sorted(pairs, key=lambda pair: users[pair[1]].username):
                by_unit[unit].append(users[user_id])
            self._holders[role_codes] = by_unit
        return self._holders[role_codes].get(unit_id, [])


def send_reminders(*, as_at: datetime.date, triggered_by: str = "command") -> ReminderRun:
    """Send every reminder step due on ``as_at`` that has not been sent, then any email still owed."""
    calendar = deadlines.calendar()
    run = ReminderRun(as_at=as_at, working_day=calendar.is_working_day(as_at), triggered_by=triggered_by)
    if run.working_day:
        _run(run, calendar)
    audit.record(actor=None, action=audit.Action.CREATE, object_type="casework.reminderrun",
                 object_id=as_at.isoformat(), object_repr=f"reminders for {as_at:%d %B %Y}", after=run.as_dict())
    return run


def _run(run: ReminderRun, calendar) -> None:
    case_types = {case_type.pk: case_type for case_type in CaseType.objects.only("id", "name", "reminder_steps")}
    plan = {pk: _due_dates(parse_steps(case_type.reminder_steps), run.as_at) for pk, case_type in case_types.items()}
    plan = {pk: dates for pk, dates in plan.items() if dates}
    if plan:
        items = _candidates(plan)
        run.items_considered = len(items)
        people = _People()
        for start in range(0, len(items), CHUNK_SIZE):
            _remind(items[start:start + CHUNK_SIZE], plan=plan, case_types=case_types, people=people, run=run,
                    calendar=calendar)
    run.emails = notification_services.send_pending_emails()


def _candidates(plan: dict[int, dict]) -> list[WorkItem]:
    """Open items due on a date some step applies to, whose clock is running (a stopped clock waits on
    someone else: no one is reminded until it restarts and the new due date is known)."""
    dates = {day for dates in plan.values() for day in dates}
    stopped = Pause.objects.filter(work_item=OuterRef("pk"), ended_on__isnull=True)
    items = (WorkItem.objects.filter(status__in=OPEN_STATUSES, due_date__gte=min(dates), due_date__lte=max(dates),
                                     case_type_id__in=list(plan))
             .filter(~Exists(stopped))
             .select_related("unit", "assignee")
             .only("id", "reference", "due_date", "status", "case_type_id", "unit__id", "unit__name",
                   "assignee__id", "assignee__username", "assignee__first_name", "assignee__last_name",
                   "assignee__email", "assignee__is_active")
             .order_by("id"))
    return [item for item in items if item.due_date in plan[item.case_type_id]]


def _remind(items: list[WorkItem], *, plan, case_types, people: _People, run: ReminderRun, calendar) -> None:
    with transaction.atomic():
        # Read inside the transaction: on SQLite a second run waits here until the first has committed.
        sent = set(Reminder.objects.filter(work_item_id__in=[item.pk for item in items])
                   .values_list("work_item_id", "step", "due_date"))
        planned = {}
        for item in items:
            for step in plan[item.case_type_id][item.due_date]:
                if (item.pk, step.when, item.due_date) in sent:
                    run.already_reminded += 1
                else:
                    planned[(item.pk, step.when)] = (item, step, _recipients(item, step, people))
        rows = [Reminder(work_item_id=item.pk, step=step.when, due_date=item.due_date,
                         recipients=sorted({user.username for user, _ in told}))
                for item, step, told in planned.values()]
        drafts = []
        for reminder in _insert(rows):
            item, step, told = planned[(reminder.work_item_id, reminder.step)]
            run.reminded[step.when] += 1
            if not told:
                run.nobody_to_tell.append(item.reference)
                log.warning("%s %s: no assignee and no one in %s to tell", item.reference, step.when, item.unit)
            for user, kind in told:
                title, body = _message(item, step, kind, case_types[item.case_type_id], run.as_at, calendar)
                url = reverse("casework:detail", args=[item.reference])
                drafts.append(notification_services.Draft(recipient=user, kind=kind, title=title, body=body, url=url))
        created = notification_services.create_notifications(drafts)
        run.notifications += len(created)
        run.escalations += sum(1 for notification in created if notification.kind == Kind.ESCALATION)


def _insert(rows: list[Reminder]) -> list[Reminder]:
    """Insert in one statement; if another run inserted some of the same meanwhile, insert one by one
    and keep only those this run inserted."""
    if not rows:
        return []
    try:
        with transaction.atomic():
            return Reminder.objects.bulk_create(rows)
    except IntegrityError:
        inserted = []
        for row in rows:
            try:
                with transaction.atomic():
                    inserted.append(Reminder.objects.create(work_item_id=row.work_item_id, step=row.step,
                                                            due_date=row.due_date, recipients=row.recipients))
            except IntegrityError:
                continue
        return inserted


def _recipients(item: WorkItem, step: Step, people: _People) -> list[tuple[User, str]]:
    """The assignee, or when no one (active) holds it, whoever can allocate it in its unit; then, for
    an escalating step, every holder of the role named, in the item's unit. One message per person."""
    if item.assignee_id and item.assignee.is_active:
        told = [(item.assignee, str(step.when))]
    else:
        told = [(user, str(step.when)) for user in people.in_unit(people.allocator_roles, item.unit_id)]
    if step.escalate_to:
        already = {user.pk for user, _ in told}
        told += [(user, Kind.ESCALATION.value) for user in people.in_unit((step.escalate_to,), item.unit_id)
                 if user.pk not in already]
    return told


def _day(date: datetime.date) -> str:
    return f"{date:%A} {date.day} {date:%B %Y}"


def _message(item: WorkItem, step: Step, kind: str, case_type: CaseType, as_at: datetime.date,
             calendar) -> tuple[str, str]:
    """Title and body of a notification. They name the work, never the person it concerns: emails
    leave omhub, and the work item page shows the rest to those allowed to see it."""
    reference, due = item.reference, _day(item.due_date)
    if step.when == DUE_SOON:
        days = calendar.working_days_between(as_at, item.due_date)
        title = f"{reference} is due in {days} working day{'s' if days != 1 else ''}"
    elif step.when == DUE_TODAY:
        title = f"{reference} is due today" if item.due_date == as_at else \
            f"{reference} is due on {due}: today is the last working day before it"
    else:
        title = f"{reference} is overdue"
    if kind == Kind.ESCALATION:
        title += ": escalated to you"
    lines = [f"{case_type.name} work at {item.unit.name}, due {due}."]
    if step.when == OVERDUE:
        late = calendar.working_days_between(item.due_date, as_at)
        lines.append(f"It is {late} working day{'s' if late != 1 else ''} late.")
    if item.assignee_id and item.assignee.is_active:
        lines.append(f"It is allocated to {item.assignee.get_full_name() or item.assignee.username}.")
    else:
        lines.append("No one is allocated to it: you are told because you can allocate it in this unit.")
    if kind == Kind.ESCALATION:
        lines.append("It has been escalated to you.")
    return title, " ".join(lines)
