"""Reads of hub casework: queues and views, always within the user's units."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from omhub.accounts.permissions import Capability, has, visible_unit_ids
from omhub.casework import deadlines
from omhub.casework.models import CaseType, Status, WorkItem

VIEWS = {
    "team": "Unallocated",
    "mine": "My work",
    "check": "Ready for check",
    "due-soon": "Due soon",
    "due-today": "Due today",
    "overdue": "Overdue",
    "all": "All work",
}
DUE_SOON_WORKING_DAYS = 3

RISK_FILTERS = {
    "high-rosh": Q(person__rosh_level__in=["high", "very-high"]),
    "mappa": Q(person__mappa_level__isnull=False),
    "children": Q(person__risk_to_children=True),
    "category-a": Q(person__security_category="A"),
    "visor": Q(person__visor_registered=True),
}
SORTS = {"due": ("due_date", "id"), "-due": ("-due_date", "-id"), "received": ("received_at", "id"),
         "-received": ("-received_at", "-id"), "reference": ("reference",), "type": ("case_type__number", "due_date")}


def can_see_casework(user) -> bool:
    return any(has(user, cap) for cap in (Capability.PREPARE_CASEWORK, Capability.CHECK_CASEWORK,
                                          Capability.VIEW_REPORTS, Capability.VIEW_AUDIT))


# The audit events of hub work (its steps, their reasons, its files) that a person's timeline leaves out
# for those who may not see casework: the record's own events, key dates included, stay.
WORK_EVENT_TYPES = ("casework.workitem", "casework.attachment")


def timeline_leaves_out(user) -> tuple[str, ...]:
    return () if can_see_casework(user) else WORK_EVENT_TYPES


def can_see_case_types(user) -> bool:
    """Case types are reference data, not anyone's records: those who configure them see them too, without
    seeing any work item or person."""
    return can_see_casework(user) or has(user, Capability.CONFIGURE_CASEWORK)


def work_items_visible_to(user) -> QuerySet[WorkItem]:
    from django.core.exceptions import PermissionDenied

    if not can_see_casework(user):
        raise PermissionDenied("Your roles do not allow you to see hub casework.")
    items = WorkItem.objects.select_related("case_type", "person", "assignee", "unit")
    allowed = visible_unit_ids(user)
    return items if allowed is None else items.filter(unit_id__in=allowed)


def get_work_item(user, reference: str) -> WorkItem:
    return work_items_visible_to(user).get(reference=reference)


@dataclass(frozen=True)
class WorkFilters:
    view: str = "all"
    case_type: str = ""
    status: str = ""
    assignee: int | None = None
    person_query: str = ""
    due_from: datetime.date | None = None
    due_to: datetime.date | None = None
    risk: str = ""
    sort: str = "due"


def work_list(user, filters: WorkFilters, *, today: datetime.date) -> QuerySet[WorkItem]:
    items = work_items_visible_to(user)
    calendar = deadlines.calendar()
    # "open_work IN (true)", not "open_work = true": Django writes the latter as the bare column, which
    # SQLite cannot seek an index with; IN of one value it treats as equality.
    open_items = Q(open_work__in=[True])
    if filters.view == "team":
        items = items.filter(open_items, assignee__isnull=True)
    elif filters.view == "mine":
        items = items.filter(open_items, assignee=user)
    elif filters.view == "check":
        items = items.filter(status=Status.READY_FOR_CHECK)
    elif filters.view == "due-soon":
        horizon = calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)
        items = items.filter(open_items, due_date__gt=today, due_date__lte=horizon)
    elif filters.view == "due-today":
        items = items.filter(open_items, due_date=today)
    elif filters.view == "overdue":
        items = items.filter(open_items, due_date__lt=today)
    if filters.case_type:
        # by id, not by joining on the code: the (unit, case type, due date) index then answers the list
        case_type_id = CaseType.objects.filter(code=filters.case_type).values_list("pk", flat=True).first()
        items = items.filter(case_type_id=case_type_id) if case_type_id else items.none()
    if filters.status:
        items = items.filter(status=filters.status)
    if filters.assignee:
        items = items.filter(assignee_id=filters.assignee)
    if filters.person_query:
        query = filters.person_query.strip().upper()
        items = items.filter(Q(person__prison_number=query) | Q(person__crn=query)
                             | Q(person__last_name__iexact=filters.person_query.strip()))
    if filters.due_from:
        items = items.filter(due_date__gte=filters.due_from)
    if filters.due_to:
        items = items.filter(due_date__lte=filters.due_to)
    if filters.risk in RISK_FILTERS:
        items = items.filter(RISK_FILTERS[filters.risk])
    return items.order_by(*SORTS.get(filters.sort, SORTS["due"]))


def with_countdown(items, *, today: datetime.date):
    """Working days left (negative when overdue) on each item of a page, for the countdown column."""
    calendar = deadlines.calendar()
    for item in items:
        item.working_days_left = calendar.working_days_between(today, item.due_date) if item.is_open else None
    return items


def counts(user, *, today: datetime.date) -> dict[str, int]:
    """How many items wait in each queue. Not "all work": counting a region's whole history on every
    page would cost more than the page itself, and the number tells the hub nothing."""
    return {view: work_list(user, WorkFilters(view=view), today=today).count() for view in VIEWS if view != "all"}


def case_types() -> QuerySet[CaseType]:
    return CaseType.objects.filter(is_active=True).order_by("number")


def history(item: WorkItem):
    return item.transitions.select_related("actor").order_by("at", "id")


def preparers_for(user):
    """Staff who can be given work in the user's units: holders of a preparing role there."""
    from omhub.accounts.models import Role, User

    codes = [role.code for role in Role.objects.all() if Capability.PREPARE_CASEWORK in role.capabilities]
    staff = User.objects.filter(is_active=True, roles__code__in=codes)
    allowed = visible_unit_ids(user)
    if allowed is not None:
        staff = staff.filter(units__id__in=allowed)
    return staff.distinct().order_by("username")


PERSON_HISTORY_LIMIT = 50


def person_history(user, person, *, today: datetime.date) -> list[WorkItem]:
    """A person's hub casework, newest first, within the user's units: the person page's history."""
    items = work_items_visible_to(user).filter(person=person).order_by("-received_at", "-id")
    return with_countdown(list(items[:PERSON_HISTORY_LIMIT]), today=today)


def on_older_rules(user, case_type: CaseType) -> QuerySet[WorkItem]:
    """Open items of a case type, in the user's units, whose deadline follows an earlier version of its rules.
    Counted for anyone who may see the case type (a count shows no one's record)."""
    items = WorkItem.objects.filter(case_type=case_type, open_work=True,
                                    rules_version__lt=case_type.rules_version)
    allowed = visible_unit_ids(user)
    return items if allowed is None else items.filter(unit_id__in=allowed)


def received_counts(user, start: datetime.datetime, end: datetime.datetime) -> dict[int, int]:
    """How many items of each case type the user's units received in a period: the logs page's counts."""
    from django.db.models import Count

    items = work_items_visible_to(user).filter(received_at__gte=start, received_at__lt=end)
    return dict(items.order_by().values_list("case_type").annotate(total=Count("id")))
