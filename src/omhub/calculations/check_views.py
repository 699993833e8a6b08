"""Pages of the calculation journey: choose the reason, check the information, calculate, see the dates
(or enter them by hand where the engine cannot), and the second check that confirms them. Thin: the
rules are in ``checking``."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_http_methods, require_POST

from omhub.calculations import check_selectors, checking, slip
from omhub.calculations.check_forms import ConfirmForm, ManualDatesForm, ReasonForm, ReturnForm
from omhub.calculations.models import Calculation, CalculationReason
from omhub.calculations.services import active_booking, can_record_sentences
from omhub.casework import services as casework
from omhub.casework.models import Status, WorkItem
from omhub.core.errors import ConflictError
from omhub.core.forms import apply_service_errors
from omhub.people.models import Person
from omhub.people.selectors import get_person
from omhub.sentencing.legislation import DEFAULT_PROFILE


def _item_or_404(request, reference: str) -> WorkItem:
    try:
        return check_selectors.calculation_item(request.user, reference)
    except WorkItem.DoesNotExist as error:
        raise Http404("No sentence calculation with this reference in your units") from error


def _posted(request):
    """The posted data, even when empty (an empty form is still a form sent, to be told what is missing)."""
    return request.POST if request.method == "POST" else None


def _roles(user, item: WorkItem) -> dict:
    """What the user may do with the item now, for the pages to offer (the services decide)."""
    prepare = casework.can_prepare(user, item.case_type)
    check = casework.can_check(user, item.case_type)
    preparing = item.status in checking.PREPARING
    checking_now = item.status == Status.READY_FOR_CHECK and check and item.prepared_by_id != user.pk
    return {"can_prepare": prepare, "can_check": check, "may_calculate": prepare and preparing,
            "may_check": checking_now}


def _reason_of_item(item: WorkItem) -> str:
    labels = {label: value for value, label in CalculationReason.choices}
    return labels.get(item.values.get("reason", ""), "")


def _context(request, item: WorkItem, **extra) -> dict:
    booking = active_booking(item.person)
    return {"item": item, "person": item.person, "summary": check_selectors.booking_summary(booking),
            "booking_url": f"/calculations/people/{item.person_id}/booking/", **_roles(request.user, item), **extra}


def journey(request, reference: str):
    """The item's calculation page: where the preparer starts, and the checker's second check page."""
    item = _item_or_404(request, reference)
    return _render_journey(request, item)


def _render_journey(request, item: WorkItem, *, confirm_form=None, status: int = 200):
    views = check_selectors.calculations_of(item)
    current = next((view for view in views if view.is_current), None)
    confirmed = next((view for view in views if view.calculation.status == Calculation.Status.CONFIRMED), None)
    recalculation = next((view for view in views if view.is_recalculation), None)
    records_changed = current is not None and checking.records_changed_since(current.calculation)
    if confirm_form is None and current is not None:
        confirm_form = ConfirmForm(initial={"version": item.version, "calculation": current.calculation.pk})
    return render(request, "calculations/calculation_journey.html", _context(
        request, item, calculations=views, current=current, confirmed=confirmed, recalculation=recalculation,
        records_changed=records_changed, confirm_form=confirm_form or ConfirmForm()), status=status)


@require_http_methods(["GET", "POST"])
def choose_reason(request, reference: str):
    item = _item_or_404(request, reference)
    if not casework.can_prepare(request.user, item.case_type):
        raise PermissionDenied(f"Your roles do not allow you to prepare {item.case_type.name} work.")
    initial = {"reason": request.GET.get("reason") or _reason_of_item(item),
               "reason_detail": request.GET.get("reason_detail", "")}
    form = ReasonForm(_posted(request), initial=initial, item=item)
    if request.method == "POST" and form.is_valid():
        query = urlencode({"reason": form.cleaned_data["reason"],
                           "reason_detail": form.cleaned_data["reason_detail"].strip()})
        return redirect(f"{reverse('calculations:check-information', args=[item.reference])}?{query}")
    return render(request, "calculations/calculation_reason.html", {"item": item, "form": form})


def check_information(request, reference: str):
    """Everything the calculation will read, on one page, with the button that calculates."""
    item = _item_or_404(request, reference)
    form = ReasonForm(request.GET, item=item) if request.GET.get("reason") else None
    reason = form.cleaned_data if form is not None and form.is_valid() else None
    return render(request, "calculations/calculation_check_information.html", _context(
        request, item, reason=reason, reason_label=CalculationReason(reason["reason"]).label if reason else "",
        profile_name=_profile_name(item)))


def _profile_name(item: WorkItem) -> str:
    booking = active_booking(item.person)
    return check_selectors.profile_name(checking.engine_inputs(booking)["params"] if booking else DEFAULT_PROFILE)


@require_POST
def calculate(request, reference: str):
    item = _item_or_404(request, reference)
    roles = _roles(request.user, item)
    form = ReasonForm(request.POST, item=item)
    recalculating = roles["may_check"]
    if roles["may_calculate"] and not form.is_valid():
        return render(request, "calculations/calculation_reason.html", {"item": item, "form": form})
    data = form.cleaned_data if form.is_valid() else {}
    try:
        calculation = checking.calculate(actor=request.user, item=item, reason=data.get("reason", ""),
                                         reason_detail=data.get("reason_detail", ""))
    except (ValidationError, ConflictError) as error:
        problems = forms.Form(data={})
        problems.is_valid()
        for message in error.messages if isinstance(error, ValidationError) else [error.message]:
            problems.add_error(None, message)
        return render(request, "calculations/calculation_check_information.html", _context(
            request, item, reason=data or None, reason_label=CalculationReason(data["reason"]).label if data else "",
            profile_name=_profile_name(item), problems=problems), status=200)
    if recalculating:
        messages.success(request, "Recalculated: see below whether it matches the preparer's calculation.")
        return redirect(f"{reverse('calculations:journey', args=[item.reference])}#recalculation")
    return redirect("calculations:result", reference=item.reference, calculation_id=calculation.pk)


def result(request, reference: str, calculation_id: int):
    item = _item_or_404(request, reference)
    calculation = item.calculations.filter(pk=calculation_id).first()
    if calculation is None:
        raise Http404("No such calculation of this item")
    view = check_selectors.view_of(item, calculation)
    return render(request, "calculations/calculation_results.html", _context(request, item, view=view))


@require_http_methods(["GET", "POST"])
def manual_dates(request, reference: str):
    item = _item_or_404(request, reference)
    if not casework.can_prepare(request.user, item.case_type):
        raise PermissionDenied(f"Your roles do not allow you to prepare {item.case_type.name} work.")
    current = checking.current_calculation(item)
    allowed = current is not None and checking.needs_manual_dates(current) and item.status in checking.PREPARING
    form = ManualDatesForm(_posted(request))
    if request.method == "POST" and allowed and form.is_valid():
        try:
            calculation = checking.record_manual_dates(actor=request.user, item=item, dates=form.dates(),
                                                       reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "The dates entered by hand have been saved.")
            return redirect("calculations:result", reference=item.reference, calculation_id=calculation.pk)
    return render(request, "calculations/calculation_manual.html", {
        "item": item, "form": form, "allowed": allowed,
        "current": check_selectors.view_of(item, current) if current else None})


@require_POST
def confirm(request, reference: str):
    item = _item_or_404(request, reference)
    if not casework.can_check(request.user, item.case_type):
        raise PermissionDenied(f"Your roles do not allow you to check {item.case_type.name} work.")
    form = ConfirmForm(request.POST)
    if form.is_valid():
        calculation = item.calculations.filter(pk=form.cleaned_data["calculation"]).first()
        if calculation is None:
            form.add_error(None, "These are not the dates waiting for the second check: look at the item as it is now")
        else:
            known = set(item.person.work_items.values_list("pk", flat=True))
            try:
                confirmed = checking.confirm(actor=request.user, item=item, calculation=calculation,
                                             expected_version=form.cleaned_data["version"])
            except ValidationError as error:
                apply_service_errors(form, error)
            except ConflictError as error:
                form.add_error(None, error.message)
            else:
                opened = list(item.person.work_items.exclude(pk__in=known).values_list("reference", flat=True))
                message = (f"Release dates confirmed: version {confirmed.number} of {item.person.full_name}'s key "
                           "dates.")
                if opened:
                    message += f" The bring-forward diary opened {', '.join(opened)}."
                messages.success(request, message)
                return redirect("calculations:journey", reference=item.reference)
    else:
        form.add_error(None, "Reload the page and try again: the form was not complete")
    item.refresh_from_db()
    return _render_journey(request, item, confirm_form=form)


@require_http_methods(["GET", "POST"])
def return_to_preparer(request, reference: str):
    item = _item_or_404(request, reference)
    if not casework.can_check(request.user, item.case_type):
        raise PermissionDenied(f"Your roles do not allow you to check {item.case_type.name} work.")
    form = ReturnForm(_posted(request), initial={"version": item.version})
    if request.method == "POST" and form.is_valid():
        try:
            casework.take_action(actor=request.user, item=item, action="return",
                                 expected_version=form.cleaned_data["version"], reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{item.reference} has been returned to the preparer.")
            return redirect("casework:detail", reference=item.reference)
    return render(request, "calculations/calculation_return.html", {"item": item, "form": form})


def release_dates_slip(request, person_id: int):
    """The person's latest confirmed dates as a PDF to give them: printed by the hub, audited as a read."""
    try:
        person = get_person(request.user, person_id)
    except Person.DoesNotExist as error:
        raise Http404("No person with this id in your units") from error
    if not can_record_sentences(request.user):
        raise PermissionDenied("Only the hub prints release dates slips.")
    try:
        data, filename = slip.print_slip(actor=request.user, person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("people:detail", person_id=person.pk)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
