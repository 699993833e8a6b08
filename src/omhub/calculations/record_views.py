"""Pages of a person's sentence records: the booking with its court cases, sentences and adjustments,
and a page for each change. Thin: the services check, save and audit; these pages show what they say.

A sentence or an adjustment is added in two steps, each a plain form: choose its type, then fill in the
fields that type has. Every change carries the booking's version, so a change made from a stale page is
refused and nothing is lost."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from omhub.audit import services as audit
from omhub.calculations import booking_json, record_checks, record_selectors, records
from omhub.calculations.models import Adjustment, AdjustmentKind, CourtCase, Sentence, SentenceKind
from omhub.calculations.record_forms import (
    AdjustmentForm,
    AdjustmentKindForm,
    BookingDetailsForm,
    CourtCaseForm,
    ImportForm,
    SentenceForm,
    SentenceKindForm,
    VersionedForm,
    court_case_label,
)
from omhub.calculations.services import can_record_sentences
from omhub.core.errors import ConflictError
from omhub.core.forms import apply_service_errors
from omhub.people.models import Person


def _person_or_404(request, person_id: int) -> Person:
    if not record_selectors.can_read_sentences(request.user):
        raise PermissionDenied("Your roles do not allow you to see people's sentences.")
    try:
        return record_selectors.person_for(request.user, person_id)
    except Person.DoesNotExist as error:
        raise Http404("No person with this id in your units") from error


def _recorder_person_or_404(request, person_id: int) -> Person:
    if not can_record_sentences(request.user):
        raise PermissionDenied("Your roles do not allow you to record sentences.")
    return _person_or_404(request, person_id)


def _booking_url(person: Person) -> str:
    return reverse("calculations:booking", kwargs={"person_id": person.pk})


def _submit(request, form, person: Person, change, success: str, check=None):
    """A POST: the form's own problems and the service's, all at once, and nothing saved; or the change
    made and back to the booking page. ``check`` runs the service's rules on what the form could read,
    so that a mistyped date does not hide a problem with another field."""
    if request.method != "POST":
        return None
    if not form.is_valid():
        if check is not None:
            _check_as_well(form, check)
        return None
    try:
        change()
    except ValidationError as error:
        apply_service_errors(form, error)
    except ConflictError as error:
        form.add_error(None, error.message)
    else:
        messages.success(request, success)
        return redirect(_booking_url(person))
    return None


def _check_as_well(form, check) -> None:
    try:
        check()
    except ValidationError as error:
        for field, messages_ in error.message_dict.items():
            if field in form.errors:
                continue  # the form has said what is wrong with it already
            for message in messages_:
                form.add_error(field if field in form.fields else None, message)


def booking(request, person_id: int):
    person = _person_or_404(request, person_id)
    summary = record_selectors.booking_summary(record_selectors.active_booking_of(person))
    from omhub.casework import selectors as casework_selectors

    return render(request, "calculations/booking_detail.html", {
        "person": person, "summary": summary, "can_record": can_record_sentences(request.user),
        "can_see_casework": casework_selectors.can_see_casework(request.user),
    })


def export(request, person_id: int):
    """The booking as the reference engine's booking JSON, as a download; audited as an export."""
    person = _person_or_404(request, person_id)
    found = record_selectors.active_booking_of(person)
    if found is None:
        raise Http404(f"{person.full_name} has no sentence records to download")
    data = booking_json.to_engine_json(found)
    audit.record(actor=request.user, action=audit.Action.EXPORT, instance=found, person_id=person.pk,
                 after={"format": "booking JSON", "version": found.version,
                        "sentences": len(data["booking"]["sentences"]),
                        "adjustments": sum(len(entries) for entries in data["booking"]["adjustments"].values())})
    response = HttpResponse(json.dumps(data, indent=2) + "\n", content_type="application/json")
    name = f"booking-{person.primary_identifier or person.pk}.json"
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def import_booking(request, person_id: int):
    person = _recorder_person_or_404(request, person_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            records.import_booking(actor=request.user, person=person, case=form.case,
                                   replace=form.cleaned_data["replace"])
        except ValidationError as error:
            _import_errors(form, error)
        else:
            messages.success(request, f"{person.full_name}'s sentences and adjustments have been imported.")
            return redirect(_booking_url(person))
    return render(request, "calculations/booking_import.html", {
        "person": person, "form": form, "has_records": _has_records(person)})


def _import_errors(form, error: ValidationError) -> None:
    """Every problem the engine found, by its JSON path and in words, at the top of the page."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for path, messages_ in error.message_dict.items():
        for message in messages_:
            if path in form.fields:
                form.add_error(path, message)
            elif path.startswith("booking") and message.startswith(path + " "):
                form.add_error(None, record_checks.describe_problem(path, message[len(path) + 1:]))
            else:
                form.add_error(None, message)


def _has_records(person: Person) -> bool:
    found = record_selectors.active_booking_of(person)
    return found is not None and (found.sentences.exists() or found.adjustments.exists())


@require_http_methods(["GET", "POST"])
def details(request, person_id: int):
    person = _recorder_person_or_404(request, person_id)
    found = record_selectors.active_booking_of(person)
    initial = {"version": found.version if found else 0}
    if found:
        initial.update(booking_number=found.booking_number, is_active_sex_offender=found.is_active_sex_offender,
                       return_to_custody_date=found.return_to_custody_date)
    else:
        initial["booking_number"] = person.booking_number
    form = BookingDetailsForm(request.POST or None, initial=initial)
    done = _submit(request, form, person, lambda: records.change_booking_details(
        actor=request.user, person=person, expected_version=form.cleaned_data["version"],
        data=form.data_for_service()), "The booking's details have been saved.")
    if done:
        return done
    return render(request, "calculations/booking_form.html", {
        "person": person, "form": form, "title": "Booking details", "button": "Save booking details"})


# -- court cases -----------------------------------------------------------------------------------------


def _court_case_or_404(person: Person, court_case_id: int) -> CourtCase:
    found = CourtCase.objects.filter(pk=court_case_id, booking__person=person, booking__is_active=True).first()
    if found is None:
        raise Http404("No such court case in this person's booking")
    return found


@require_http_methods(["GET", "POST"])
def court_case_new(request, person_id: int):
    person = _recorder_person_or_404(request, person_id)
    form = CourtCaseForm(request.POST or None, initial={"version": records.booking_version(person)})
    done = _submit(request, form, person, lambda: records.add_court_case(
        actor=request.user, person=person, expected_version=form.cleaned_data["version"],
        data=form.data_for_service()), "The court case has been added.",
        check=lambda: record_checks.clean_court_case(form.data_for_service()))
    if done:
        return done
    return render(request, "calculations/booking_form.html", {
        "person": person, "form": form, "title": "Add a court case", "button": "Add court case"})


@require_http_methods(["GET", "POST"])
def court_case_change(request, person_id: int, court_case_id: int):
    person = _recorder_person_or_404(request, person_id)
    court_case = _court_case_or_404(person, court_case_id)
    form = CourtCaseForm(request.POST or None, initial={
        "version": court_case.booking.version, "court_name": court_case.court_name,
        "case_reference": court_case.case_reference, "appearance_date": court_case.appearance_date})
    done = _submit(request, form, person, lambda: records.change_court_case(
        actor=request.user, person=person, court_case_id=court_case.pk,
        expected_version=form.cleaned_data["version"], data=form.data_for_service()),
        "The court case has been changed.", check=lambda: record_checks.clean_court_case(form.data_for_service()))
    if done:
        return done
    return render(request, "calculations/booking_form.html", {
        "person": person, "form": form, "title": "Change the court case", "button": "Save court case"})


@require_http_methods(["GET", "POST"])
def court_case_remove(request, person_id: int, court_case_id: int):
    person = _recorder_person_or_404(request, person_id)
    court_case = _court_case_or_404(person, court_case_id)
    form = VersionedForm(request.POST or None, initial={"version": court_case.booking.version})
    done = _submit(request, form, person, lambda: records.remove_court_case(
        actor=request.user, person=person, court_case_id=court_case.pk,
        expected_version=form.cleaned_data["version"]), "The court case and its sentences have been removed.")
    if done:
        return done
    rows = [record_selectors.SentenceRow(sentence=s, term=record_selectors.term_of(s), served="", flags=[])
            for s in court_case.sentences.order_by("line_number")]
    return render(request, "calculations/booking_remove.html", {
        "person": person, "form": form, "title": f"Remove the court case at {court_case.court_name}",
        "what": court_case_label(court_case), "rows": rows, "button": "Remove court case"})


# -- sentences -------------------------------------------------------------------------------------------


def _sentence_or_404(person: Person, line: int) -> Sentence:
    found = Sentence.objects.select_related("booking", "consecutive_to", "court_case").filter(
        booking__person=person, booking__is_active=True, line_number=line).first()
    if found is None:
        raise Http404("No such line in this person's booking")
    return found


def _chosen(request) -> bool:
    """The type chooser was sent (with or without a type chosen), rather than first shown."""
    return "kind" in request.GET or request.GET.get("step") == "type"


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_http_methods(["GET", "POST"])
def sentence_new(request, person_id: int):
    """Step 1 chooses the type (a GET form, so it works without JavaScript); step 2 is that type's form."""
    person = _recorder_person_or_404(request, person_id)
    found = record_selectors.active_booking_of(person)
    if found is None or not found.court_cases.exists():
        messages.info(request, "Add the court case first: every sentence is passed in a court case.")
        return redirect("calculations:court-case-new", person_id=person.pk)
    court_case = _int_or_none(request.GET.get("court_case"))
    if request.GET.get("kind") not in SentenceKind.values:
        chooser = SentenceKindForm(request.GET if _chosen(request) else None, initial={"court_case": court_case})
        if chooser.is_bound:
            chooser.is_valid()
        return render(request, "calculations/booking_kind.html", {
            "person": person, "form": chooser, "title": "Add a sentence", "caption": "Sentence"})
    kind = request.GET["kind"]
    form = SentenceForm(request.POST or None, kind=kind, booking=found,
                        initial=SentenceForm.initial_for(None, version=found.version, court_case=court_case, kind=kind))
    done = _submit(request, form, person, lambda: records.add_sentence(
        actor=request.user, person=person, expected_version=form.cleaned_data["version"],
        data=form.data_for_service()), "The sentence has been added.",
        check=lambda: record_checks.clean_sentence(found, person, form.data_for_service(), sentence=None))
    if done:
        return done
    return render(request, "calculations/booking_sentence_form.html", {
        "person": person, "form": form, "kind_label": SentenceKind(kind).label, "title": "Add a sentence",
        "change_kind_url": reverse("calculations:sentence-new", kwargs={"person_id": person.pk}),
        "button": "Add sentence"})


@require_http_methods(["GET", "POST"])
def sentence_change(request, person_id: int, line: int):
    person = _recorder_person_or_404(request, person_id)
    sentence = _sentence_or_404(person, line)
    kind = request.GET.get("kind") if request.GET.get("kind") in SentenceKind.values else sentence.kind
    if "choose" in request.GET or (_chosen(request) and request.GET.get("kind") not in SentenceKind.values):
        chooser = SentenceKindForm(request.GET if _chosen(request) else None, initial={"kind": sentence.kind})
        if chooser.is_bound:
            chooser.is_valid()
        return render(request, "calculations/booking_kind.html", {
            "person": person, "form": chooser, "title": f"Change the type of line {line}", "caption": "Sentence"})
    initial = SentenceForm.initial_for(sentence, version=sentence.booking.version)
    form = SentenceForm(request.POST or None, kind=kind, booking=sentence.booking, sentence=sentence, initial=initial)
    done = _submit(request, form, person, lambda: records.change_sentence(
        actor=request.user, person=person, line=line, expected_version=form.cleaned_data["version"],
        data=form.data_for_service()), f"Line {line} has been changed.",
        check=lambda: record_checks.clean_sentence(sentence.booking, person, form.data_for_service(),
                                                   sentence=sentence))
    if done:
        return done
    return render(request, "calculations/booking_sentence_form.html", {
        "person": person, "form": form, "kind_label": SentenceKind(kind).label, "title": f"Change line {line}",
        "change_kind_url": reverse("calculations:sentence-change", kwargs={"person_id": person.pk, "line": line})
        + "?choose=1", "button": "Save sentence"})


@require_http_methods(["GET", "POST"])
def sentence_remove(request, person_id: int, line: int):
    person = _recorder_person_or_404(request, person_id)
    sentence = _sentence_or_404(person, line)
    form = VersionedForm(request.POST or None, initial={"version": sentence.booking.version})
    done = _submit(request, form, person, lambda: records.remove_sentence(
        actor=request.user, person=person, line=line, expected_version=form.cleaned_data["version"]),
        f"Line {line} has been removed; the lines after it have moved up.")
    if done:
        return done
    rows = [record_selectors.SentenceRow(sentence=sentence, term=record_selectors.term_of(sentence), served="",
                                         flags=[])]
    return render(request, "calculations/booking_remove.html", {
        "person": person, "form": form, "title": f"Remove line {line}", "rows": rows,
        "what": court_case_label(sentence.court_case), "button": "Remove sentence"})


# -- adjustments -----------------------------------------------------------------------------------------


def _adjustment_or_404(person: Person, adjustment_id: int) -> Adjustment:
    found = Adjustment.objects.select_related("booking").filter(
        pk=adjustment_id, booking__person=person, booking__is_active=True).first()
    if found is None:
        raise Http404("No such adjustment in this person's booking")
    return found


@require_http_methods(["GET", "POST"])
def adjustment_new(request, person_id: int):
    person = _recorder_person_or_404(request, person_id)
    if request.GET.get("kind") not in AdjustmentKind.values:
        chooser = AdjustmentKindForm(request.GET if _chosen(request) else None)
        if chooser.is_bound:
            chooser.is_valid()
        return render(request, "calculations/booking_kind.html", {
            "person": person, "form": chooser, "title": "Add an adjustment", "caption": "Adjustment"})
    kind = request.GET["kind"]
    found = record_selectors.active_booking_of(person)
    form = AdjustmentForm(request.POST or None, kind=kind, booking=found,
                          initial=AdjustmentForm.initial_for(None, version=records.booking_version(person)))
    done = _submit(request, form, person, lambda: records.add_adjustment(
        actor=request.user, person=person, expected_version=form.cleaned_data["version"],
        data=form.data_for_service()), f"The {record_checks.ADJUSTMENT_NAMES[kind].lower()} has been added.",
        check=lambda: record_checks.clean_adjustment(found, form.data_for_service()))
    if done:
        return done
    return render(request, "calculations/booking_adjustment_form.html", {
        "person": person, "form": form, "kind_label": record_checks.ADJUSTMENT_NAMES[kind],
        "title": "Add an adjustment", "button": "Add adjustment",
        "change_kind_url": reverse("calculations:adjustment-new", kwargs={"person_id": person.pk})})


@require_http_methods(["GET", "POST"])
def adjustment_change(request, person_id: int, adjustment_id: int):
    person = _recorder_person_or_404(request, person_id)
    adjustment = _adjustment_or_404(person, adjustment_id)
    form = AdjustmentForm(request.POST or None, kind=adjustment.kind, booking=adjustment.booking,
                          initial=AdjustmentForm.initial_for(adjustment, version=adjustment.booking.version))
    done = _submit(request, form, person, lambda: records.change_adjustment(
        actor=request.user, person=person, adjustment_id=adjustment.pk,
        expected_version=form.cleaned_data["version"], data=form.data_for_service()),
        f"The {record_checks.ADJUSTMENT_NAMES[adjustment.kind].lower()} has been changed.",
        check=lambda: record_checks.clean_adjustment(adjustment.booking, form.data_for_service()))
    if done:
        return done
    return render(request, "calculations/booking_adjustment_form.html", {
        "person": person, "form": form, "kind_label": record_checks.ADJUSTMENT_NAMES[adjustment.kind],
        "title": "Change the adjustment", "button": "Save adjustment", "adjustment": adjustment})


@require_http_methods(["GET", "POST"])
def adjustment_remove(request, person_id: int, adjustment_id: int):
    person = _recorder_person_or_404(request, person_id)
    adjustment = _adjustment_or_404(person, adjustment_id)
    name = record_checks.ADJUSTMENT_NAMES[adjustment.kind]
    form = VersionedForm(request.POST or None, initial={"version": adjustment.booking.version})
    done = _submit(request, form, person, lambda: records.remove_adjustment(
        actor=request.user, person=person, adjustment_id=adjustment.pk,
        expected_version=form.cleaned_data["version"]), f"The {name.lower()} has been removed.")
    if done:
        return done
    span = ""
    if adjustment.from_date and adjustment.to_date:
        span = " " + record_checks.span_in_words(adjustment.from_date, adjustment.to_date)
    elif adjustment.from_date:
        span = f" on {record_checks.day(adjustment.from_date)}"
    return render(request, "calculations/booking_remove.html", {
        "person": person, "form": form, "title": f"Remove the {name.lower()}", "button": "Remove adjustment",
        "what": f"{name}: {record_checks.days_in_words(adjustment.days)}{span}"})
