"""Downloads of casework lists, and the Logs page: the hub's logs of information, one per case type."""

import datetime
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from omhub.casework import exports, selectors
from omhub.casework.forms import FilterForm, LogsForm, work_filters
from omhub.casework.models import CaseType


def _require_casework(user) -> None:
    if not selectors.can_see_casework(user):
        raise PermissionDenied("Your roles do not allow you to see hub casework.")


def _format(request) -> str:
    fmt = request.GET.get("format", "csv")
    if fmt not in exports.FORMATS:
        raise Http404("Choose CSV or XLSX")
    return fmt


def filters_record(filters: selectors.WorkFilters) -> dict:
    """The filters an export used, as the audit event keeps them (only those that narrow the list)."""
    record = {"view": filters.view, "sort": filters.sort}
    for name in ("case_type", "status", "assignee", "person_query", "due_from", "due_to", "risk"):
        value = getattr(filters, name)
        if value:
            record[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return record


def export_table(user, filters: selectors.WorkFilters, *, today: datetime.date) -> exports.Table:
    """The list page's items, with exactly its filters and sort, as a table to download."""
    items = selectors.work_list(user, filters, today=today)
    case_type = CaseType.objects.filter(code=filters.case_type).first() if filters.case_type else None
    name = selectors.VIEWS.get(filters.view, "list") + (f" {case_type.code}" if case_type else "")
    return exports.list_table(items, case_type=case_type, today=today, name=name)


@require_GET
def export_list(request):
    """The list page as CSV or XLSX: the same query string gives the same items in the same order."""
    _require_casework(request.user)
    fmt = _format(request)
    form = FilterForm(request.GET or None, assignees=list(selectors.preparers_for(request.user)))
    filters = work_filters(request.user, form)
    table = export_table(request.user, filters, today=timezone.localdate())
    exports.record_export(actor=request.user, table=table, fmt=fmt, filters=filters_record(filters))
    return exports.response(table, fmt)


def _logs_form(request) -> LogsForm:
    if {"received_from_0", "received_to_0"} & set(request.GET):
        return LogsForm(request.GET)
    today = timezone.localdate()
    first = today.replace(day=1)
    return LogsForm({"received_from_0": str(first.day), "received_from_1": str(first.month),
                     "received_from_2": str(first.year), "received_to_0": str(today.day),
                     "received_to_1": str(today.month), "received_to_2": str(today.year)})


@require_GET
def logs(request):
    """Every case type's log for a period, each to download as CSV or XLSX. The period defaults to the
    month so far."""
    _require_casework(request.user)
    form = _logs_form(request)
    rows = []
    if form.is_valid():
        start, end = exports.day_bounds(form.cleaned_data["received_from"], form.cleaned_data["received_to"])
        counts = selectors.received_counts(request.user, start, end)
        rows = [{"case_type": case_type, "count": counts.get(case_type.pk, 0)}
                for case_type in CaseType.objects.order_by("number")]
    period = {key: value for key, value in form.data.items() if key.startswith("received_")}
    return render(request, "casework/logs.html", {"form": form, "rows": rows, "query": urlencode(period)})


@require_GET
def log_download(request, code: str):
    _require_casework(request.user)
    fmt = _format(request)
    case_type = CaseType.objects.filter(code=code).first()
    if case_type is None:
        raise Http404("No case type has this code")
    form = LogsForm(request.GET)
    if not form.is_valid():
        return render(request, "casework/logs.html", {"form": form, "rows": [], "query": ""}, status=400)
    first, last = form.cleaned_data["received_from"], form.cleaned_data["received_to"]
    table = exports.log_table(selectors.work_items_visible_to(request.user), case_type=case_type,
                              received_from=first, received_to=last, today=timezone.localdate())
    exports.record_export(actor=request.user, table=table, fmt=fmt,
                          filters={"log": case_type.code, "received_from": first.isoformat(),
                                   "received_to": last.isoformat()})
    return exports.response(table, fmt)
