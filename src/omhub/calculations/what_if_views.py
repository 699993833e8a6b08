"""Pages of what-if runs: start one, watch its progress, read and sort its results, download them.
Thin: the rules are in ``what_if``, the reads in ``what_if_selectors``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from omhub.accounts.permissions import Capability, require
from omhub.audit import services as audit
from omhub.calculations import nightly, release_dates, what_if, what_if_export
from omhub.calculations import what_if_selectors as selectors
from omhub.calculations.check_selectors import profile_name
from omhub.calculations.models import WhatIfRun
from omhub.calculations.what_if_forms import WhatIfForm
from omhub.core.errors import ConflictError
from omhub.core.forms import apply_service_errors

PAGE_SIZE = 50
# While a run waits or runs its page looks again this often (no JavaScript needed).
REFRESH_SECONDS = 3


def _run_or_404(request, run_id: int) -> WhatIfRun:
    try:
        return selectors.get_run(request.user, run_id)
    except WhatIfRun.DoesNotExist as error:
        raise Http404("No what-if run with this number for your establishments") from error


@require_http_methods(["GET", "POST"])
def index(request):
    """Start a what-if, and the runs so far."""
    require(request.user, Capability.COMPARE_RELEASE_DATES)
    form = WhatIfForm(request.POST if request.method == "POST" else None, user=request.user,
                      initial={"profile": next(iter(dict(what_if.profile_choices())), "")})
    if request.method == "POST" and form.is_valid():
        try:
            run = what_if.start_run(actor=request.user, unit=form.cleaned_data["unit"],
                                    profile=form.cleaned_data["profile"])
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"What-if {run.pk} is waiting to start: this page shows its progress.")
            return redirect("calculations:what-if-run", run_id=run.pk)
    runs = list(selectors.runs_for(request.user)[:20])
    return render(request, "calculations/what_if_index.html", {
        "form": form, "runs": runs, "profile_name": profile_name,
        "recheck": nightly.recheck_summary(request.user)})


def run(request, run_id: int):
    """A run: its progress while it runs; then who changes, sorted as asked, with the summary."""
    current = _run_or_404(request, run_id)
    sort = request.GET.get("sort") if request.GET.get("sort") in selectors.SORTS else selectors.DEFAULT_SORT
    descending = {"desc": True, "asc": False}.get(request.GET.get("order", ""))
    context = {"run": current, "profile": profile_name(current.profile),
               "compared_with": profile_name(current.compared_with), "sort": sort,
               "sort_label": selectors.SORTS[sort][0],
               "refresh": REFRESH_SECONDS if current.state in what_if.ACTIVE_STATES else None,
               "percent": round(100 * current.done / current.total) if current.total else 0}
    if current.state == WhatIfRun.State.FINISHED:
        page = Paginator(selectors.results(current, sort=sort, descending=descending), PAGE_SIZE).get_page(
            request.GET.get("page"))
        page.object_list = list(page.object_list)
        for result in page.object_list:
            result.change_lines = [release_dates.describe_difference(change) for change in result.changes]
        context.update(page=page, summary=selectors.summary(current), failures=selectors.results(
            current, only_failed=True)[:200],
            page_query=urlencode({"sort": sort, **({"order": request.GET["order"]} if descending is not None else {})}),
            sort_links=_sort_links(sort, descending))
        audit.record(actor=request.user, action=audit.Action.READ, instance=current,
                     after={"unit": current.unit.code, "profile": current.profile, "page": page.number})
    return render(request, "calculations/what_if_run.html", context)


def _sort_links(sort: str, descending: bool | None) -> dict:
    """Each column's link: the same column again turns its order round (aria-sort says which)."""
    links = {}
    for key in selectors.SORTS:
        default_descending = key == "days"
        now_descending = default_descending if descending is None else descending
        if key == sort:
            links[key] = {"href": "?" + urlencode({"sort": key, "order": "asc" if now_descending else "desc"}),
                          "aria": "descending" if now_descending else "ascending"}
        else:
            links[key] = {"href": "?" + urlencode({"sort": key}), "aria": "none"}
    return links


def download(request, run_id: int):
    """The people whose dates change, as a spreadsheet: audited as an export of their records."""
    current = _run_or_404(request, run_id)
    if current.state != WhatIfRun.State.FINISHED:
        messages.error(request, "The spreadsheet is ready when the run has finished.")
        return redirect("calculations:what-if-run", run_id=current.pk)
    output, rows = what_if_export.workbook(current)
    audit.record(actor=request.user, action=audit.Action.EXPORT, instance=current,
                 after={"format": "xlsx", "rows": rows, "unit": current.unit.code, "profile": current.profile})
    stamp = timezone.localtime(current.finished_at).strftime("%Y%m%d")
    return FileResponse(output, as_attachment=True, content_type=what_if_export.XLSX_TYPE,
                        filename=f"what-if-{current.unit.code}-{current.profile}-{stamp}.xlsx")


def progress(request, run_id: int):
    """How far a run has got, for the run page to show without reloading (it works without this too)."""
    current = _run_or_404(request, run_id)
    return JsonResponse({"state": current.state, "state_name": current.get_state_display(), "done": current.done,
                         "total": current.total, "changed": current.changed, "failed": current.failed,
                         "percent": round(100 * current.done / current.total) if current.total else 0})
