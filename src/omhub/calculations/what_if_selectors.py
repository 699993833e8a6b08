"""Reads of what-if runs: the runs a user may see, a run's results in the order asked for, and the
summary its page charts. Only those who may run a what-if for the establishment see them."""

from dataclasses import dataclass

from django.db.models import Count, F, Max, Q, QuerySet, Sum

from omhub.calculations.models import WhatIfResult, WhatIfRun
from omhub.calculations.what_if import establishments_for

# How a run's list can be sorted: the key in the address -> the order.
SORTS = {
    "days": ("Days earlier", [F("days_earlier").desc(nulls_last=True), "id"]),
    "release": ("New release date", [F("new_release").asc(nulls_last=True), "id"]),
    "current": ("Release date now", [F("current_release").asc(nulls_last=True), "id"]),
    "name": ("Name", ["person__last_name", "person__first_name", "id"]),
    "number": ("Prison number", ["person__prison_number", "id"]),
}
DEFAULT_SORT = "days"
# The bands of the chart of how much sooner (or later) people would be released.
BANDS = [
    ("Released later", None, -1),
    ("Release date the same (other dates change)", 0, 0),
    ("1 to 7 days earlier", 1, 7),
    ("8 to 28 days earlier", 8, 28),
    ("29 to 91 days earlier", 29, 91),
    ("92 to 182 days earlier", 92, 182),
    ("183 to 365 days earlier", 183, 365),
    ("More than a year earlier", 366, None),
]


def runs_for(user) -> QuerySet[WhatIfRun]:
    return (WhatIfRun.objects.filter(unit__in=establishments_for(user))
            .select_related("unit", "requested_by").order_by("-created_at", "-id"))


def get_run(user, run_id: int) -> WhatIfRun:
    """The run if the user may see it; WhatIfRun.DoesNotExist otherwise (another establishment's run
    does not exist for them)."""
    return runs_for(user).get(pk=run_id)


def results(run: WhatIfRun, *, sort: str = DEFAULT_SORT, descending: bool | None = None,
            only_failed: bool = False) -> QuerySet[WhatIfResult]:
    """The run's people whose dates change (or, with ``only_failed``, who could not be calculated)."""
    query = run.results.select_related("person")
    query = query.exclude(error="") if only_failed else query.filter(error="")
    order = SORTS.get(sort, SORTS[DEFAULT_SORT])[1]
    if descending is not None and descending != (sort == "days"):
        order = [_reversed(term) for term in order]
    return query.order_by(*order)


def _reversed(term):
    if isinstance(term, str):
        return term[1:] if term.startswith("-") else f"-{term}"
    expression = term.expression
    return expression.asc(nulls_last=True) if term.descending else expression.desc(nulls_last=True)


@dataclass
class Band:
    label: str
    count: int
    percent: int


@dataclass
class Summary:
    bands: list[Band]
    earliest: list[dict]  # the earliest new release dates: date, how many people
    total_days_earlier: int
    biggest: int | None


def summary(run: WhatIfRun, *, earliest_dates: int = 5) -> Summary:
    changed = run.results.filter(error="")
    counts = changed.aggregate(**{
        f"band{index}": Count("id", filter=_band_filter(low, high)) for index, (_, low, high) in enumerate(BANDS)})
    total = sum(counts.values()) or 1
    bands = [Band(label, counts[f"band{index}"], round(100 * counts[f"band{index}"] / total))
             for index, (label, _, _) in enumerate(BANDS)]
    earliest = list(changed.filter(new_release__isnull=False, days_earlier__gt=0).values("new_release")
                    .annotate(people=Count("id")).order_by("new_release")[:earliest_dates])
    figures = changed.filter(days_earlier__gt=0).aggregate(days=Sum("days_earlier"), biggest=Max("days_earlier"))
    return Summary(bands=bands, earliest=earliest, total_days_earlier=figures["days"] or 0, biggest=figures["biggest"])


def _band_filter(low: int | None, high: int | None) -> Q:
    condition = Q(days_earlier__isnull=False)
    if low is not None:
        condition &= Q(days_earlier__gte=low)
    if high is not None:
        condition &= Q(days_earlier__lte=high)
    return condition

