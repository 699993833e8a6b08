"""The bring-forward diary: from people's key dates, open the right work item at the right time.

A case type with an ``open_rule`` (for example HDC: 14 weeks before HDCED) is opened for a person when
the day the rule gives has come and the work is still useful:

* for a rule counted *before* the key date, from its opening day until the key date itself (an HDC item
  found late is urgent, not pointless; after HDCED it is);
* for a rule counted *after* it (a foreign national referral after sentence), for
  ``OMHUB_DIARY_CATCH_UP_DAYS`` calendar days after its opening day, so that a hub starting on omhub does
  not get a work item for every sentence ever passed.

Exactly once per person, case type and key date (a unique constraint, so two runs at once cannot
duplicate), and at most one open diary item per person, case type and kind of key date: when a key date
changes, the open item is re-planned onto the new date (deadline worked out again, flagged for review)
rather than a second one opened. An item for a date that no longer applies is flagged for review by
``services.set_key_date`` and never deleted.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from omhub.casework import deadlines, services
from omhub.casework.models import OPEN_STATUSES, CaseType, DiaryRun, KeyDate, WorkItem
from omhub.people.models import CUSTODIAL_STATUSES, MappaLevel, Person, SecurityCategory
from omhub.timescales.deadlines import compute_deadline
from omhub.timescales.rules import DeadlineRule, Direction, Unit

# Conditions a case type may put on the person before the diary opens one for them.
CONDITIONS = {
    "in-custody": ("is in custody", Q(legal_status__in=CUSTODIAL_STATUSES, establishment__isnull=False)),
    "foreign-national": ("is a foreign national",
                         Q(nationality__gt="") & ~Q(nationality__iregex=r"^(british|united kingdom|uk)$")),
    "mappa": ("is managed under MAPPA", Q(mappa_level__in=MappaLevel.values)),
    "category-a": ("is Category A", Q(security_category=SecurityCategory.A)),
}

# Fields of a case type that the diary fills in from the key date it opened the item for.
PREFILLED_FIELDS = {
    "HDCED": ["hdced"],
    "RELEASE": ["release_date"],
    "PED": ["ped"],
    "TARIFF": ["tariff_expiry"],
    "CAT_A_REVIEW": ["review_date"],
}

# Items the diary opens count as received at this time of the run day: before the 15:00 cut-off.
RECEIVED_AT = datetime.time(7, 0)


def catch_up_days() -> int:
    return int(getattr(settings, "OMHUB_DIARY_CATCH_UP_DAYS", 28))


def describe_conditions(codes: list[str]) -> str:
    return " and ".join(CONDITIONS[code][0] for code in codes if code in CONDITIONS)


@dataclass(frozen=True)
class Planned:
    """One opening the diary has planned: on ``opens_on``, for this person and key date."""

    case_type: CaseType
    person_id: int
    unit_id: int
    key_date_kind: str
    key_date: datetime.date
    opens_on: datetime.date


@dataclass
class Summary:
    as_at: datetime.date
    people_considered: int = 0
    opened: int = 0
    replanned: int = 0
    by_case_type: dict[str, dict[str, int]] = field(default_factory=dict)
    references: list[str] = field(default_factory=list)


@lru_cache(maxsize=256)
def _rule(rule_key: tuple) -> DeadlineRule:
    return DeadlineRule.from_dict(dict(rule_key))


def _rule_of(case_type: CaseType) -> DeadlineRule:
    return _rule(tuple(sorted(case_type.open_rule.items())))


def opens_on(rule: DeadlineRule, key_date: datetime.date) -> datetime.date:
    """The day the rule opens an item for this key date (on the England & Wales working calendar)."""
    return _opens_on(rule, key_date)


@lru_cache(maxsize=65536)
def _opens_on(rule: DeadlineRule, key_date: datetime.date) -> datetime.date:
    return compute_deadline(rule, key_dates={rule.anchor: key_date}, calendar=deadlines.calendar()).due_date


def _span_days(rule: DeadlineRule) -> int:
    """An upper bound, in calendar days, on how far the opening day lies from the key date."""
    amount = rule.amount
    if rule.unit is Unit.WORKING_DAYS:
        return amount * 2 + 14
    if rule.unit is Unit.WEEKS:
        return amount * 7 + 7
    if rule.unit is Unit.MONTHS:
        return amount * 31 + 7
    return amount + 7


def still_useful_until(rule: DeadlineRule, key_date: datetime.date) -> datetime.date:
    """The last day the diary will still open an item for this key date."""
    if rule.direction is Direction.BEFORE:
        return key_date
    return opens_on(rule, key_date) + datetime.timedelta(days=catch_up_days())


def _key_date_range(rule: DeadlineRule, first: datetime.date, last: datetime.date) -> tuple:
    """Key dates that could open an item on some day from ``first`` to ``last`` (then checked exactly)."""
    span = _span_days(rule)
    if rule.direction is Direction.BEFORE:
        return first, last + datetime.timedelta(days=span)
    return first - datetime.timedelta(days=span + catch_up_days()), last + datetime.timedelta(days=span)


def diary_case_types() -> list[CaseType]:
    return [ct for ct in CaseType.objects.filter(is_active=True, open_rule__isnull=False).order_by("number")
            if ct.open_rule]


def _people(case_type: CaseType, people=None):
    query = Person.objects.all() if people is None else people
    for code in case_type.open_only_if or []:
        if code in CONDITIONS:
            query = query.filter(CONDITIONS[code][1])
    return query


def _key_dates(case_type: CaseType, rule: DeadlineRule, first, last, people=None):
    lo, hi = _key_date_range(rule, first, last)
    return (KeyDate.objects.filter(kind=rule.anchor, date__range=(lo, hi),
                                   person__in=_people(case_type, people))
            .values_list("person_id", "date", "person__establishment_id", "person__probation_unit_id"))


def due_today(case_type: CaseType, as_at: datetime.date, people=None) -> list[Planned]:
    """The openings of this case type whose time has come on ``as_at`` and are still useful."""
    rule = _rule_of(case_type)
    planned = []
    for person_id, key_date, establishment_id, probation_unit_id in _key_dates(case_type, rule, as_at, as_at,
                                                                              people):
        day = opens_on(rule, key_date)
        if day <= as_at <= still_useful_until(rule, key_date):
            planned.append(Planned(case_type, person_id, establishment_id or probation_unit_id, rule.anchor,
                                   key_date, day))
    return planned


def upcoming(people, *, first: datetime.date, last: datetime.date) -> list[Planned]:
    """What the diary will open from ``first`` to ``last`` for these people (a queryset the caller has
    already scoped to the user), earliest first."""
    planned = []
    for case_type in diary_case_types():
        rule = _rule_of(case_type)
        for person_id, key_date, establishment_id, probation_unit_id in _key_dates(case_type, rule, first, last,
                                                                                  people):
            day = opens_on(rule, key_date)
            if first <= day <= last and day <= still_useful_until(rule, key_date):
                planned.append(Planned(case_type, person_id, establishment_id or probation_unit_id, rule.anchor,
                                       key_date, day))
    return sorted(planned, key=lambda p: (p.opens_on, p.case_type.number, p.person_id))


def _prefill(case_type: CaseType, kind: str, key_date: datetime.date) -> dict:
    names = {spec["name"] for spec in case_type.fields if spec["kind"] == "date"}
    return {name: key_date.isoformat() for name in PREFILLED_FIELDS.get(kind, []) if name in names}


def _stale_items(case_type: CaseType, rule: DeadlineRule, as_at: datetime.date, people) -> list:
    """Open diary items whose key date has since changed to a date that still calls for the work."""
    current = KeyDate.objects.filter(person=OuterRef("person_id"), kind=rule.anchor).values("date")[:1]
    items = (WorkItem.objects.filter(case_type=case_type, key_date_kind=rule.anchor, status__in=OPEN_STATUSES)
             .annotate(current_date=Subquery(current)).exclude(current_date=None)
             .exclude(current_date=F("key_date")).only("id", "person_id", "key_date"))
    if people is not None:
        items = items.filter(person__in=people)
    return [(item, item.current_date) for item in items if as_at <= still_useful_until(rule, item.current_date)]


def _replan(case_type: CaseType, stale: list) -> int:
    replanned = 0
    for item, new_date in stale:
        try:
            with transaction.atomic():
                services.replan_to_key_date(item=item, kind=item.key_date_kind or case_type.open_rule["anchor"],
                                            new_date=new_date,
                                            values=_prefill(case_type, item.key_date_kind, new_date))
            replanned += 1
        except IntegrityError:
            continue  # an item for the new date exists already: this one stays flagged for review
    return replanned


def _plan_case_type(case_type: CaseType, as_at: datetime.date, people, summary: Summary) -> None:
    rule = _rule_of(case_type)
    replanned = _replan(case_type, _stale_items(case_type, rule, as_at, people))
    planned = due_today(case_type, as_at, people)
    person_ids = {p.person_id for p in planned}
    taken = defaultdict(set)  # person -> key dates with an item, and None when one is still open
    for person_id, date, status in WorkItem.objects.filter(
            case_type=case_type, person_id__in=person_ids, key_date_kind=rule.anchor).values_list(
            "person_id", "key_date", "status"):
        taken[person_id].add(date)
        if status in OPEN_STATUSES:
            taken[person_id].add(None)
    openings = [
        services.DiaryOpening(person_id=plan.person_id, unit_id=plan.unit_id, key_date_kind=plan.key_date_kind,
                              key_date=plan.key_date, values=_prefill(case_type, plan.key_date_kind, plan.key_date))
        for plan in planned
        # exactly once per key date; and never a second open item beside one the hub is working on
        if plan.key_date not in taken[plan.person_id] and None not in taken[plan.person_id]
    ]
    opened = []
    if openings:
        received_at = timezone.make_aware(datetime.datetime.combine(as_at, RECEIVED_AT))
        key_dates_by_person = defaultdict(dict)
        for person_id, kind, date in KeyDate.objects.filter(person_id__in=person_ids).values_list(
                "person_id", "kind", "date"):
            key_dates_by_person[person_id][kind] = date
        for start in range(0, len(openings), 2000):
            with transaction.atomic():
                opened += services.open_from_diary(case_type=case_type, openings=openings[start:start + 2000],
                                                   received_at=received_at, key_dates_by_person=key_dates_by_person)
    if opened or replanned:
        summary.opened += len(opened)
        summary.replanned += replanned
        summary.references += [item.reference for item in opened]
        summary.by_case_type[case_type.code] = {"opened": len(opened), "replanned": replanned}


def plan(*, as_at: datetime.date, people=None, progress=None) -> Summary:
    """Open (or re-plan) everything due on ``as_at``, for everyone or for ``people`` (a queryset).
    A concurrent run that opens the same item first makes this one retry that case type, so each
    opening still happens once."""
    summary = Summary(as_at=as_at)
    case_types = diary_case_types()
    summary.people_considered = (Person.objects.all() if people is None else people).filter(
        key_dates__isnull=False).distinct().count()
    for case_type in case_types:
        for attempt in range(3):
            try:
                _plan_case_type(case_type, as_at, people, summary)
                break
            except IntegrityError:
                if attempt == 2:
                    raise
        if progress:
            progress(1)
    return summary


def run(*, as_at: datetime.date, triggered_by: str, progress=None) -> DiaryRun:
    """A whole run of the diary, recorded so that the hub can see when it last ran and what it did."""
    record = DiaryRun.objects.create(as_at=as_at, triggered_by=triggered_by[:40])
    summary = plan(as_at=as_at, progress=progress)
    record.people_considered = summary.people_considered
    record.opened, record.replanned = summary.opened, summary.replanned
    record.details = summary.by_case_type
    record.finished_at = timezone.now()
    record.save()
    return record


def replan_person(person: Person, *, as_at: datetime.date) -> Summary:
    """After one person's key dates change: open or re-plan what is now due for them."""
    return plan(as_at=as_at, people=Person.objects.filter(pk=person.pk))
