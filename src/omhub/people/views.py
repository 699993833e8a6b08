from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from omhub.accounts.models import Unit
from omhub.accounts.permissions import Capability, has, require, visible_unit_ids
from omhub.core.errors import ConflictError
from omhub.core.forms import apply_service_errors
from omhub.people import selectors, services
from omhub.people.forms import AliasForm, PersonForm, SearchForm
from omhub.people.models import Alias, Person

PAGE_SIZE = 25


def _person_or_404(request, person_id: int) -> Person:
    try:
        return selectors.get_person(request.user, person_id)
    except Person.DoesNotExist as error:
        raise Http404("No person with this id in your units") from error


def search(request):
    require(request.user, Capability.VIEW_PEOPLE)
    allowed = visible_unit_ids(request.user)
    units = Unit.objects.filter(is_active=True) if allowed is None else Unit.objects.filter(id__in=allowed)
    form = SearchForm(request.GET or None, units=units)
    filters = selectors.PeopleFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.PeopleFilters(query=data["q"], unit_id=data["unit"].id if data["unit"] else None,
                                          legal_status=data["legal_status"], rosh_level=data["rosh_level"])
    results = selectors.search_people(request.user, filters)
    page = Paginator(results.people, PAGE_SIZE).get_page(request.GET.get("page"))
    if results.kind == "identifier" and len(results.people) == 1 and request.GET.get("page") is None:
        return redirect("people:detail", person_id=results.people[0].pk)
    return render(request, "people/search.html", {
        "form": form, "results": results, "page": page, "query": filters.query,
        "can_create": has(request.user, Capability.CREATE_PEOPLE),
    })


def detail(request, person_id: int):
    person = _person_or_404(request, person_id)
    services.record_person_read(actor=request.user, person=person, via="person page")
    from omhub.casework import selectors as casework_selectors  # casework builds on people, not the reverse

    return render(request, "people/detail.html", {
        "person": person,
        "timeline": selectors.timeline(person, leave_out=casework_selectors.timeline_leaves_out(request.user)),
        "can_edit": has(request.user, Capability.EDIT_PEOPLE),
        **_casework_history(request.user, person),
        **_confirmed_key_dates(request.user, person),
    })


def _casework_history(user, person: Person) -> dict:
    """The person's hub casework, for those who may see casework: imported here because casework builds
    on people, not the other way round."""
    from django.utils import timezone

    from omhub.casework import selectors as casework_selectors

    if not casework_selectors.can_see_casework(user):
        return {}
    items = casework_selectors.person_history(user, person, today=timezone.localdate())
    return {"casework_items": items, "casework_limit": casework_selectors.PERSON_HISTORY_LIMIT,
            "show_casework": True}


def _confirmed_key_dates(user, person: Person) -> dict:
    """The person's confirmed release dates and their history: part of their record, so shown to everyone
    who sees it; the slip is printed by the hub. Imported here because calculations build on people."""
    from omhub.calculations import check_selectors
    from omhub.calculations.services import can_record_sentences

    return {"confirmed_versions": check_selectors.confirmed_versions(person),
            "can_print_slip": can_record_sentences(user)}


def _initial_from(person: Person) -> dict:
    initial = {field: getattr(person, field) for field in services.EDITABLE_FIELDS}
    return {key: ("" if value is None and key not in {"establishment", "probation_unit"} else value)
            for key, value in initial.items()}


@require_http_methods(["GET", "POST"])
def create(request):
    require(request.user, Capability.CREATE_PEOPLE)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{person.full_name} has been added.")
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/form.html", {"form": form, "title": "Add a person",
                                                "cancel_url": reverse("people:search")})


@require_http_methods(["GET", "POST"])
def edit(request, person_id: int):
    require(request.user, Capability.EDIT_PEOPLE)
    person = _person_or_404(request, person_id)
    form = PersonForm(request.POST or None, initial=_initial_from(person))
    version = person.version
    conflict = None
    if request.method == "POST":
        version = _posted_version(request)
        if form.is_valid():
            try:
                services.update_person(actor=request.user, person=person, data=form.cleaned_data,
                                       expected_version=version)
            except ValidationError as error:
                apply_service_errors(form, error)
            except ConflictError as error:
                conflict = error.message
                form.add_error(None, error.message)
            else:
                messages.success(request, f"{person.full_name}'s record has been updated.")
                return redirect("people:detail", person_id=person.pk)
    return render(request, "people/form.html", {
        "form": form, "person": person, "version": version, "conflict": conflict,
        "title": f"Change {person.full_name}'s record",
        "cancel_url": reverse("people:detail", kwargs={"person_id": person.pk}),
    })


def _posted_version(request) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


@require_http_methods(["GET", "POST"])
def add_alias(request, person_id: int):
    require(request.user, Capability.EDIT_PEOPLE)
    person = _person_or_404(request, person_id)
    form = AliasForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_alias(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The alias has been added.")
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/alias_form.html", {"form": form, "person": person})


@require_POST
def remove_alias(request, person_id: int, alias_id: int):
    require(request.user, Capability.EDIT_PEOPLE)
    person = _person_or_404(request, person_id)
    try:
        alias = person.aliases.get(pk=alias_id)
    except Alias.DoesNotExist as error:
        raise Http404("No such alias") from error
    services.remove_alias(actor=request.user, alias=alias)
    messages.success(request, f"The alias {alias} has been removed.")
    return redirect("people:detail", person_id=person.pk)


