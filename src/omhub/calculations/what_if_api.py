"""What-if runs through /api/v1: start one for an establishment, follow its progress, read its results.
The same rules as the pages: only the Head of Offender Management Delivery (or a role given the
capability), for their own establishments."""

import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from ninja import Field, Path, Query, Router, Schema, Status

from omhub.accounts.models import Unit
from omhub.api.schemas import ERROR_RESPONSES, MAX_ID, CleanStr, ConflictOut, ErrorOut
from omhub.calculations import what_if
from omhub.calculations import what_if_selectors as selectors
from omhub.calculations.models import WhatIfRun
from omhub.core.errors import ConflictError

router = Router(tags=["what-if"])


class WhatIfIn(Schema):
    unit: CleanStr = Field(..., max_length=10, description="The establishment's code, like LEI")
    profile: CleanStr = Field(..., max_length=60, description="The legislation profile to compare with the law "
                              "in force: " + ", ".join(code for code, _ in what_if.profile_choices()))


class EarliestOut(Schema):
    new_release: datetime.date
    people: int


class WhatIfRunOut(Schema):
    id: int
    unit: str
    profile: str
    compared_with: str
    state: str = Field(description="queued, running, finished or failed")
    requested_by: str
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    total: int = Field(description="People of the establishment with sentences recorded")
    done: int
    percent: int
    changed: int = Field(description="People whose dates change")
    earlier: int = Field(description="People who would be released earlier")
    failed: int = Field(description="People who could not be calculated")
    without_records: int
    error: str
    earliest_new_releases: list[EarliestOut] = Field(description="When finished: the earliest new release dates")


class DateChangeOut(Schema):
    code: str
    name: str
    before: datetime.date | None
    after: datetime.date | None
    days: int | None = Field(description="Days later (negative: earlier)")


class WhatIfResultOut(Schema):
    person_id: int
    name: str
    prison_number: str | None
    basis: str = Field(description="confirmed (their confirmed key dates) or records (their records as they stand)")
    current_release: datetime.date | None
    new_release: datetime.date | None
    days_earlier: int | None
    current_dates: dict[str, str]
    new_dates: dict[str, str]
    changes: list[DateChangeOut]
    error: str


class WhatIfResultPage(Schema):
    count: int
    page: int
    pages: int
    results: list[WhatIfResultOut]


def _out(run: WhatIfRun) -> dict:
    earliest = selectors.summary(run).earliest if run.state == WhatIfRun.State.FINISHED else []
    return {"id": run.pk, "unit": run.unit.code, "profile": run.profile, "compared_with": run.compared_with,
            "state": run.state, "requested_by": run.requested_by.username, "created_at": run.created_at,
            "started_at": run.started_at, "finished_at": run.finished_at, "total": run.total, "done": run.done,
            "percent": round(100 * run.done / run.total) if run.total else 0, "changed": run.changed,
            "earlier": run.earlier, "failed": run.failed, "without_records": run.without_records, "error": run.error,
            "earliest_new_releases": earliest}


def _run(request, run_id: int) -> WhatIfRun:
    try:
        return selectors.get_run(request.user, run_id)
    except WhatIfRun.DoesNotExist as error:
        raise Http404("No what-if run with this id for your establishments") from error


@router.post("/what-if-runs", response={202: WhatIfRunOut, 409: ConflictOut, **ERROR_RESPONSES},
             summary="Start a what-if: the engine over an establishment under another law, in the background")
def start_what_if(request, payload: WhatIfIn):
    unit = what_if.establishments_for(request.user).filter(code=payload.unit.upper()).first()
    if unit is None and not Unit.objects.filter(code=payload.unit.upper()).exists():
        raise ValidationError({"unit": [f"No establishment has the code {payload.unit!r}"]})
    run = what_if.start_run(actor=request.user, unit=unit, profile=payload.profile)
    return Status(202, _out(run))


@router.get("/what-if-runs", response={200: list[WhatIfRunOut], **ERROR_RESPONSES},
            summary="What-if runs for your establishments, latest first (the last 50)")
def list_what_ifs(request):
    return [_out(run) for run in selectors.runs_for(request.user)[:50]]


@router.get("/what-if-runs/{run_id}", response={200: WhatIfRunOut, 404: ErrorOut, **ERROR_RESPONSES},
            summary="A what-if run: its progress, and when finished how many change")
def read_what_if(request, run_id: int = Path(..., ge=1, le=MAX_ID)):
    return _out(_run(request, run_id))


@router.get("/what-if-runs/{run_id}/results",
            response={200: WhatIfResultPage, 404: ErrorOut, 409: ConflictOut, **ERROR_RESPONSES},
            summary="The people whose dates change (or, with failed=true, who could not be calculated)")
def what_if_results(request, run_id: int = Path(..., ge=1, le=MAX_ID),
                    sort: str = Query(selectors.DEFAULT_SORT, max_length=20,
                                      description="One of: " + ", ".join(selectors.SORTS)),
                    order: str = Query("", max_length=4, description="asc or desc (default: the column's own)"),
                    failed: bool = Query(False, description="Only the people who could not be calculated"),
                    page: int = Query(1, ge=1, le=1_000_000), page_size: int = Query(100, ge=1, le=1000)):
    run = _run(request, run_id)
    errors = {}
    if sort not in selectors.SORTS:
        errors["sort"] = [f"Choose one of: {', '.join(selectors.SORTS)}"]
    if order not in ("", "asc", "desc"):
        errors["order"] = ["Choose asc or desc"]
    if errors:
        raise ValidationError(errors)
    if run.state != WhatIfRun.State.FINISHED:
        raise ConflictError(f"What-if {run.pk} is {run.get_state_display().lower()}: its results come when it "
                            "has finished.")
    query = selectors.results(run, sort=sort, descending={"asc": False, "desc": True}.get(order), only_failed=failed)
    paginator = Paginator(query, page_size)
    current = paginator.get_page(page)
    results = [{"person_id": r.person_id, "name": r.person.full_name, "prison_number": r.person.prison_number,
                "basis": r.basis, "current_release": r.current_release, "new_release": r.new_release,
                "days_earlier": r.days_earlier, "current_dates": r.current_dates, "new_dates": r.new_dates,
                "changes": r.changes, "error": r.error} for r in current.object_list]
    return Status(200, {"count": paginator.count, "page": current.number, "pages": paginator.num_pages,
                        "results": results})
