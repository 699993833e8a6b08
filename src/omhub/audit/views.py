import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from omhub.accounts.permissions import Capability, require
from omhub.audit import selectors
from omhub.audit import services as audit
from omhub.audit.forms import AuditSearchForm
from omhub.audit.models import AuditEvent, AuditVerification
from omhub.audit.presentation import decorate
from omhub.audit.verification import latest_verification, run_verification

CSV_COLUMNS = ["sequence", "occurred_at", "actor_username", "action", "object_type", "object_id", "object_repr",
               "person_id", "before", "after", "request_id", "hash"]


def search(request):
    require(request.user, Capability.VIEW_AUDIT)
    form = AuditSearchForm(request.GET or None, object_types=selectors.object_types())
    filters = selectors.AuditFilters()
    if form.is_valid():
        filters = selectors.AuditFilters(**{k: v for k, v in form.cleaned_data.items() if v not in (None, "")})
    events = selectors.search_events(request.user, filters) if not form.errors else AuditEvent.objects.none()
    if request.GET.get("format") == "csv" and not form.errors:
        return _csv(request, events, filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    decorate(page.object_list)
    return render(request, "audit/search.html", {"form": form, "page": page,
                                                 "chain_length": selectors.chain_length(),
                                                 "verification": latest_verification(),
                                                 "csv_query": request.GET.urlencode()})


class _Echo:
    def write(self, value):
        return value


def _csv(request, events, filters):
    audit.record(actor=request.user, action=audit.Action.EXPORT, object_type="audit.auditevent",
                 object_repr="audit trail export", after={"filters": filters.__dict__})
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(CSV_COLUMNS)
        for event in events.iterator(chunk_size=2000):
            yield writer.writerow([getattr(event, column) for column in CSV_COLUMNS])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="omhub-audit-trail.csv"'
    return response


def detail(request, sequence: int):
    try:
        event = selectors.get_event(request.user, sequence)
    except AuditEvent.DoesNotExist as error:
        raise Http404("No audit event with this number") from error
    decorate([event])
    return render(request, "audit/detail.html", {"event": event})


@require_POST
def verify(request):
    require(request.user, Capability.VIEW_AUDIT)
    result = run_verification(triggered_by=AuditVerification.Trigger.AUDITOR, requested_by=request.user.username)
    if result.intact:
        messages.success(request, f"The audit chain is intact: {result.events_checked:,} events checked.")
        return redirect("audit:search")
    return render(request, "audit/verify_failed.html", {"verification": result})
