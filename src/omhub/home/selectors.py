"""What each role sees first on its home page. Each function reads through the domain selectors, so
the same scoping applies here as everywhere else."""

from django.db.models import Count, Q

from omhub.accounts import selectors as accounts_selectors
from omhub.accounts.permissions import visible_unit_ids
from omhub.audit.models import AuditEvent
from omhub.audit.presentation import decorate
from omhub.people.models import CUSTODIAL_STATUSES, RoshLevel
from omhub.people.selectors import people_visible_to

RISK_FLAGS = {
    "risk_to_children": "Risk to children",
    "safeguarding_concern": "Safeguarding concern",
    "harassment_or_restraining_order": "Harassment or restraining order",
    "visor_registered": "ViSOR registered",
    "public_protection_concern": "Public protection concern",
}


def recent_record_changes(user, limit: int = 10):
    """The latest changes to records the user can see (not views of them)."""
    events = AuditEvent.objects.filter(person_id__isnull=False).exclude(action=AuditEvent.Action.READ)
    if visible_unit_ids(user) is not None:
        events = events.filter(person_id__in=people_visible_to(user).values("id"))
    return decorate(list(events.order_by("-sequence")[:limit]))


def unit_summary(user) -> list[dict]:
    """People per unit the user can see: in custody, on probation, and with the heaviest risk."""
    people = people_visible_to(user)
    custodial = Q(legal_status__in=[str(s) for s in CUSTODIAL_STATUSES])
    high_rosh = Q(rosh_level__in=[RoshLevel.HIGH, RoshLevel.VERY_HIGH])
    rows = []
    for kind, field in (("establishment", "establishment__name"), ("probation_unit", "probation_unit__name")):
        for row in (people.exclude(**{f"{kind}__isnull": True}).values(field)
                    .annotate(total=Count("id"), in_custody=Count("id", filter=custodial),
                              high_rosh=Count("id", filter=high_rosh),
                              mappa=Count("id", filter=Q(mappa_level__isnull=False)))
                    .order_by(field)):
            rows.append({"unit": row[field], "total": row["total"], "in_custody": row["in_custody"],
                         "high_rosh": row["high_rosh"], "mappa": row["mappa"]})
    return rows


def risk_flag_counts(user) -> list[dict]:
    people = people_visible_to(user)
    counts = people.aggregate(**{flag: Count("id", filter=Q(**{flag: True})) for flag in RISK_FLAGS},
                              category_a=Count("id", filter=Q(security_category="A")))
    rows = [{"label": label, "count": counts[flag]} for flag, label in RISK_FLAGS.items()]
    rows.append({"label": "Category A", "count": counts["category_a"]})
    return rows


def rosh_distribution(user) -> list[dict]:
    people = people_visible_to(user)
    counts = dict(people.values_list("rosh_level").annotate(n=Count("id")).order_by())
    total = sum(counts.values()) or 1
    rows = []
    for value, label in [*RoshLevel.choices, ("", "Not assessed")]:
        count = counts.get(value, 0)
        rows.append({"label": label, "count": count, "percent": round(100 * count / total)})
    return rows


def probation_caseload(user, *, rosh_levels, limit: int = 15):
    """People on probation in the user's units at the given RoSH levels, heaviest risk first."""
    people = people_visible_to(user).filter(probation_unit__isnull=False, rosh_level__in=rosh_levels)
    order = {"very-high": 0, "high": 1, "medium": 2, "low": 3}
    rows = sorted(people.order_by("last_name")[:500], key=lambda p: (order.get(p.rosh_level, 9), p.last_name))
    return {"count": people.count(), "people": rows[:limit]}


def newest_people(user, limit: int = 10):
    return list(people_visible_to(user).order_by("-created_at", "-id")[:limit])


def locked_accounts():
    return list(accounts_selectors.locked_accounts())


def recent_sensitive_reads(limit: int = 10):
    return decorate(list(AuditEvent.objects.filter(action=AuditEvent.Action.READ).order_by("-sequence")[:limit]))


def people_count(user) -> int:
    return people_visible_to(user).count()


