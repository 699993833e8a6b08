"""Case type pages: everything about one type, its edit pages (System Administrators), and applying the
current rule to open work that follows an older one (Hub Managers)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from omhub.accounts.models import Role
from omhub.accounts.permissions import Capability, has, visible_unit_ids
from omhub.casework import case_type_services, documents, selectors, services
from omhub.casework.case_type_forms import PARTS, BulkRecomputeForm
from omhub.casework.models import CaseType
from omhub.core.errors import ConflictError


def _case_type_or_404(code: str) -> CaseType:
    case_type = CaseType.objects.filter(code=code).first()
    if case_type is None:
        raise Http404("No case type has this code")
    return case_type


def _reminders_in_words(case_type: CaseType, role_names: dict) -> list[str]:
    lines = []
    for step in case_type.reminder_steps:
        when = step.get("when")
        if when == "due-soon":
            days = step.get("working_days_before")
            lines.append(f"Due soon: {days} working day{'s' if days != 1 else ''} before the due date")
        elif when == "due-today":
            lines.append("Due today: on the day the work is due")
        elif when == "overdue":
            escalate = step.get("escalate_to")
            lines.append("Overdue: the day after the due date" + (
                f", escalated to every {role_names.get(escalate, escalate)} of the unit" if escalate else ""))
    return lines


def _detail_context(request, case_type: CaseType, recompute_form=None) -> dict:
    user = request.user
    role_names = dict(Role.objects.values_list("code", "name"))
    older = selectors.on_older_rules(user, case_type).count()
    return {
        "case_type": case_type,
        "kinds": case_type_services.FIELD_KINDS,
        "conditions": [case_type_services.OPEN_CONDITIONS.get(c, c) for c in case_type.open_only_if],
        "reminders": _reminders_in_words(case_type, role_names),
        "preparers": [role_names.get(code, code) for code in case_type.preparer_roles],
        "checkers": [role_names.get(code, code) for code in case_type.checker_roles],
        "older": older,
        "national": visible_unit_ids(user) is None,
        "can_configure": has(user, Capability.CONFIGURE_CASEWORK),
        "can_recompute": older > 0 and services.can_check(user, case_type),
        "recompute_form": recompute_form or BulkRecomputeForm(),
        "parts": [(part, form.title) for part, form in PARTS.items()],
    }


def detail(request, code: str):
    if not selectors.can_see_case_types(request.user):
        raise PermissionDenied("Your roles do not allow you to see the case types.")
    case_type = _case_type_or_404(code)
    return render(request, "casework/case_type_detail.html", _detail_context(request, case_type))


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def _place_errors(form, error: ValidationError) -> None:
    """Each message of the service beside the box it is about, or at the top when no box is."""
    for key, messages_ in error.message_dict.items():
        box = form.box_for(key)
        for message in messages_:
            form.add_error(box if box in form.fields else None, form.message_for(key, message))


@require_http_methods(["GET", "POST"])
def edit(request, code: str, part: str):
    if not has(request.user, Capability.CONFIGURE_CASEWORK):
        raise PermissionDenied("Your roles do not allow you to change case types.")
    case_type = _case_type_or_404(code)
    form_class = PARTS.get(part)
    if form_class is None:
        raise Http404("No such part of a case type")
    version = case_type.version
    if request.method == "POST":
        version = _int(request.POST.get("version"))
        adding = "add_rows" in request.POST
        extra = {"add_rows": True} if adding else {}
        form = form_class(request.POST, case_type=case_type, **extra)
        if not adding and form.is_valid():
            try:
                case_type_services.update_case_type(actor=request.user, case_type=case_type,
                                                    expected_version=version, changes=form.changes())
            except ValidationError as error:
                _place_errors(form, error)
            except ConflictError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"{case_type.name}: {form.title.lower()} saved.")
                return redirect("casework:case-type", code=case_type.code)
    else:
        form = form_class(case_type=case_type, initial=form_class.initial_for(case_type))
    placeholders = None
    if part == "document":
        placeholders = list(documents.PLACEHOLDERS.items()) + [
            (f"field.{spec['name']}", spec.get("label", "")) for spec in case_type.fields]
    return render(request, "casework/case_type_edit.html", {
        "form": form, "case_type": case_type, "version": version, "part": part, "placeholders": placeholders,
        "rows": hasattr(form, "row_groups"),
    })


@require_POST
def recompute_open_items(request, code: str):
    """A Hub Manager applies the case type's current rule to the open items of their units that follow an
    older one: explicitly, with a reason, reported back."""
    if not selectors.can_see_case_types(request.user):
        raise PermissionDenied("Your roles do not allow you to see the case types.")
    case_type = _case_type_or_404(code)
    if not services.can_check(request.user, case_type):
        raise PermissionDenied(f"Only a Hub Manager who checks {case_type.name} work can apply its current rule.")
    form = BulkRecomputeForm(request.POST)
    if form.is_valid():
        try:
            result = case_type_services.recompute_open_items(actor=request.user, case_type=case_type,
                                                             reason=form.cleaned_data["reason"])
        except ValidationError as error:
            for message in error.message_dict.get("reason", error.messages):
                form.add_error("reason", message)
        else:
            messages.success(request, result.summary())
            for reference, why in result.failed:
                messages.error(request, f"{reference} was left as it was: {why}")
            return redirect("casework:case-type", code=case_type.code)
    return render(request, "casework/case_type_detail.html", _detail_context(request, case_type, form))
