from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from omhub import identifiers
from omhub.accounts.permissions import Capability, has
from omhub.casework import selectors, services
from omhub.casework.forms import (
    ActionForm,
    AllocateForm,
    DetailsForm,
    ExtendForm,
    FilterForm,
    NewWorkItemForm,
    PauseForm,
    RecomputeForm,
    work_filters,
)
from omhub.casework.models import CaseType, WorkItem
from omhub.casework.workflow import ACTIONS, available_actions
from omhub.core.errors import ConflictError
from omhub.core.forms import apply_service_errors
from omhub.people.models import Person
from omhub.people.selectors import people_visible_to

PAGE_SIZE = 50


def _item_or_404(request, reference: str) -> WorkItem:
    try:
        return selectors.get_work_item(request.user, reference)
    except WorkItem.DoesNotExist as error:
        raise Http404("No work item with this reference in your units") from error


def work_list(request):
    if not selectors.can_see_casework(request.user):
        raise PermissionDenied("Your roles do not allow you to see hub casework.")
    today = timezone.localdate()
    preparers = list(selectors.preparers_for(request.user))
    form = FilterForm(request.GET or None, assignees=preparers)
    filters = work_filters(request.user, form)
    items = selectors.work_list(request.user, filters, today=today)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.with_countdown(page.object_list, today=today)
    return render(request, "casework/list.html", {
        "form": form, "page": page, "filters": filters, "views": selectors.VIEWS,
        "counts": selectors.counts(request.user, today=today),
        "can_allocate": has(request.user, Capability.CHECK_CASEWORK), "preparers": preparers,
        "can_open": has(request.user, Capability.PREPARE_CASEWORK), "query": request.GET.urlencode(),
    })


@require_POST
def allocate(request):
    if not has(request.user, Capability.CHECK_CASEWORK):
        raise PermissionDenied("Only a Hub Manager can allocate work.")
    references = request.POST.getlist("items")
    form = AllocateForm(request.POST, item_choices=references, assignees=selectors.preparers_for(request.user))
    back = request.POST.get("back", "")
    target = f"/casework/?{back}" if back else "/casework/"
    if not form.is_valid() or not references:
        messages.error(request, "Choose at least one work item and who to allocate it to.")
        return redirect(target)
    items = list(selectors.work_items_visible_to(request.user).filter(reference__in=references))
    assignee = next((u for u in selectors.preparers_for(request.user) if u.pk == form.cleaned_data["assignee"]), None)
    try:
        changed = services.assign(actor=request.user, items=items, assignee=assignee)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        who = assignee.username if assignee else "the team queue"
        messages.success(request, f"{changed} work item{'s' if changed != 1 else ''} allocated to {who}.")
    return redirect(target)


@require_http_methods(["GET", "POST"])
def open_item(request):
    if not has(request.user, Capability.PREPARE_CASEWORK):
        raise PermissionDenied("Your roles do not allow you to open hub work.")
    form = NewWorkItemForm(request.POST or None, initial={"case_type": request.GET.get("case_type")})
    if request.method == "POST" and form.is_valid():
        person = None
        if query := form.cleaned_data["person"].strip():
            found = identifiers.identify(query)
            if not found or found[0] not in ("prison_number", "crn"):
                form.add_error("person", "Enter a prison number like A1234BC or a CRN like X123456")
            else:
                person = people_visible_to(request.user).filter(**{found[0]: found[1]}).first()
                if person is None:
                    form.add_error("person", "No one in your units has this prison number or CRN")
        if not form.errors:
            received = form.cleaned_data["received_on"]
            received_at = timezone.now() if received is None else timezone.make_aware(
                timezone.datetime.combine(received, timezone.datetime.min.time().replace(hour=9)))
            try:
                item = services.open_work_item(actor=request.user, case_type=form.cleaned_data["case_type"],
                                               person=person, received_at=received_at,
                                               unit=None if person else _default_unit(request.user))
            except (ValidationError, PermissionDenied) as error:
                if isinstance(error, PermissionDenied):
                    form.add_error("case_type", str(error))
                else:
                    apply_service_errors(form, error)
            else:
                messages.success(request, f"{item.reference} has been opened, due {item.due_date:%-d %B %Y}.")
                return redirect("casework:detail", reference=item.reference)
    return render(request, "casework/open.html", {"form": form})


def _default_unit(user):
    return user.units.order_by("kind", "name").first()


def detail(request, reference: str):
    item = _item_or_404(request, reference)
    today = timezone.localdate()
    selectors.with_countdown([item], today=today)
    can_prepare = services.can_prepare(request.user, item.case_type)
    can_check = services.can_check(request.user, item.case_type)
    actions = [a for a in available_actions(item.status)
               if (a.who == "preparer" and can_prepare) or (a.who == "checker" and can_check)
               or (a.who == "either" and (can_prepare or can_check))]
    actions = [a for a in actions if not services.guarded(item, a.name)]  # taken on the case type's own page
    checklist = [{"label": c["label"], "done": c["code"] in item.checklist_done} for c in item.case_type.checklist]
    values = [{"label": f["label"], "value": item.values.get(f["name"], "")} for f in item.case_type.fields]
    return render(request, "casework/detail.html", {
        "item": item, "actions": actions, "checklist": checklist, "values": values,
        "history": selectors.history(item), "can_prepare": can_prepare, "can_check": can_check,
        "editable": can_prepare and item.status in ("received", "in-preparation", "returned"),
        "open_pause": item.pauses.filter(ended_on__isnull=True).first(), "pauses": item.pauses.all(),
        "extensions": item.extensions.all(), "rules_changed": item.rules_version != item.case_type.rules_version,
        "action_form": ActionForm(), "today": today,
    })


@require_http_methods(["GET", "POST"])
def edit_details(request, reference: str):
    item = _item_or_404(request, reference)
    if not services.can_prepare(request.user, item.case_type):
        raise PermissionDenied(f"Your roles do not allow you to prepare {item.case_type.name} work.")
    form = DetailsForm(request.POST or None, case_type=item.case_type, initial=DetailsForm.initial_for(item))
    version = item.version
    if request.method == "POST":
        version = _int(request.POST.get("version"))
        if form.is_valid():
            try:
                services.update_details(actor=request.user, item=item, expected_version=version,
                                        values=form.values(), checklist_done=form.cleaned_data["checklist"])
            except ValidationError as error:
                apply_service_errors(form, error)
            except ConflictError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"{item.reference} has been updated.")
                return redirect("casework:detail", reference=item.reference)
    return render(request, "casework/details_form.html", {"form": form, "item": item, "version": version})


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


@require_POST
def take_action(request, reference: str):
    item = _item_or_404(request, reference)
    form = ActionForm(request.POST)
    action_name = request.POST.get("action", "")
    action = ACTIONS.get(action_name)
    if action is None:
        raise Http404("No such action")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.take_action(actor=request.user, item=item, action=action_name, expected_version=data["version"],
                                 reason=data["reason"], sent={k: data[k] for k in ("sent_to", "sent_channel",
                                                                                    "sent_on", "sent_reference")})
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{item.reference}: {action.label.lower()} done.")
            return redirect("casework:detail", reference=item.reference)
    return render(request, "casework/action_form.html", {"form": form, "item": item, "action": action},
                  status=200)


@require_http_methods(["GET"])
def action_page(request, reference: str, action: str):
    """A page for an action that needs more than a button: a reason, or where it was sent."""
    item = _item_or_404(request, reference)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("No such action")
    if not _may(request.user, item, spec.who):
        raise PermissionDenied(f"Your roles do not allow you to {spec.label.lower()} {item.case_type.name} work.")
    form = ActionForm(initial={"action": action, "version": item.version, "sent_on": timezone.localdate()})
    return render(request, "casework/action_form.html", {"form": form, "item": item, "action": spec})


def _may(user, item, who: str) -> bool:
    prepare, check = services.can_prepare(user, item.case_type), services.can_check(user, item.case_type)
    return {"preparer": prepare, "checker": check}.get(who, prepare or check)


def _deadline_change(request, reference, form_class, call, template_title):
    item = _item_or_404(request, reference)
    if not _may(request.user, item, "either"):
        raise PermissionDenied("Your roles do not allow you to change this item's deadline.")
    form = form_class(request.POST or None, initial={"version": item.version})
    if request.method == "POST" and form.is_valid():
        try:
            call(item, form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{item.reference}: deadline updated.")
            return redirect("casework:detail", reference=item.reference)
    return render(request, "casework/deadline_form.html", {"form": form, "item": item, "title": template_title})


@require_http_methods(["GET", "POST"])
def pause(request, reference: str):
    return _deadline_change(request, reference, PauseForm, lambda item, d: services.pause(
        actor=request.user, item=item, expected_version=d["version"], started_on=d["on"], reason=d["reason"]),
        "Stop the clock")


@require_http_methods(["GET", "POST"])
def resume(request, reference: str):
    return _deadline_change(request, reference, PauseForm, lambda item, d: services.resume(
        actor=request.user, item=item, expected_version=d["version"], ended_on=d["on"]), "Restart the clock")


@require_http_methods(["GET", "POST"])
def extend(request, reference: str):
    return _deadline_change(request, reference, ExtendForm, lambda item, d: services.extend(
        actor=request.user, item=item, expected_version=d["version"], working_days=d["working_days"],
        reason=d["reason"]), "Extend the deadline")


@require_http_methods(["GET", "POST"])
def recompute(request, reference: str):
    return _deadline_change(request, reference, RecomputeForm, lambda item, d: services.recompute_deadline(
        actor=request.user, item=item, expected_version=d["version"], reason=d["reason"]),
        "Apply the case type's current deadline rule")


def case_types(request):
    if not selectors.can_see_case_types(request.user):
        raise PermissionDenied("Your roles do not allow you to see the case types.")
    return render(request, "casework/case_types.html", {"case_types": CaseType.objects.order_by("number"),
                                                        "can_see_casework": selectors.can_see_casework(request.user)})




@require_http_methods(["GET", "POST"])
def key_dates(request, person_id: int):
    """Key dates entered by hand, until confirmed sentence calculations provide them."""
    from omhub.casework.forms import KeyDatesForm

    if not has(request.user, Capability.EDIT_PEOPLE):
        raise PermissionDenied("Your roles do not allow you to change key dates.")
    try:
        person = people_visible_to(request.user).get(pk=person_id)
    except Person.DoesNotExist as error:
        raise Http404("No person with this id in your units") from error
    current = dict(person.key_dates.values_list("kind", "date"))
    form = KeyDatesForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        changed = 0
        known = set(person.work_items.values_list("pk", flat=True))
        for kind in form.fields:
            if form.cleaned_data[kind] != current.get(kind):
                services.set_key_date(actor=request.user, person=person, kind=kind, date=form.cleaned_data[kind])
                changed += 1
        message = f"{changed} key date{'s' if changed != 1 else ''} changed."
        opened = list(person.work_items.exclude(pk__in=known).values_list("reference", flat=True))
        if opened:
            message += f" The bring-forward diary opened {', '.join(opened)}."
        messages.success(request, message)
        return redirect("people:detail", person_id=person.pk)
    return render(request, "casework/key_dates.html", {"form": form, "person": person})


DIARY_WEEKS = [1, 2, 4, 8, 13, 26]


def diary_page(request):
    """The bring-forward diary: what it will open in the coming weeks for people in the user's units,
    and what its last runs did."""
    from omhub.casework import diary
    from omhub.casework.models import DiaryRun

    if not selectors.can_see_casework(request.user):
        raise PermissionDenied("Your roles do not allow you to see hub casework.")
    weeks = _int(request.GET.get("weeks"))
    weeks = weeks if weeks in DIARY_WEEKS else 4
    today = timezone.localdate()
    people = people_visible_to(request.user)
    planned = diary.upcoming(people, first=today + timezone.timedelta(days=1),
                             last=today + timezone.timedelta(weeks=weeks))
    page = Paginator(planned, PAGE_SIZE).get_page(request.GET.get("page"))
    by_id = people.in_bulk([entry.person_id for entry in page.object_list])
    rows = [{"entry": entry, "person": by_id.get(entry.person_id)} for entry in page.object_list]
    return render(request, "casework/diary.html", {
        "page": page, "rows": rows, "weeks": weeks, "week_choices": DIARY_WEEKS, "today": today,
        "runs": DiaryRun.objects.all()[:5], "case_types": diary.diary_case_types(),
    })
