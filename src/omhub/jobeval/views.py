from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from omhub.accounts.permissions import Capability, has, require
from omhub.core.forms import apply_service_errors
from omhub.jobeval import exports, selectors, services
from omhub.jobeval.forms import (
    FactorsForm,
    JobDescriptionForm,
    LocalBandsForm,
    PanelForm,
    RevisionForm,
    SignOffForm,
    StartEvaluationForm,
)
from omhub.jobeval.models import Evaluation, PanelMember


def _get(getter, request, pk):
    try:
        return getter(request.user, pk)
    except ObjectDoesNotExist as error:
        raise Http404("Not found") from error


def _can_evaluate(request) -> bool:
    return has(request.user, Capability.EVALUATE_JOBS)


def catalogue(request):
    services.require_reader(request.user)
    return render(request, "jobeval/catalogue.html", {
        "in_progress": selectors.evaluations_in_progress(request.user),
        "profiles": selectors.profiles(request.user),
        "job_descriptions": selectors.job_descriptions(request.user),
        "schemes": selectors.schemes(request.user),
        "can_evaluate": _can_evaluate(request),
    })


# ----- job descriptions ----------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def create_job_description(request):
    require(request.user, Capability.EVALUATE_JOBS)
    form = JobDescriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.create_job_description(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The job description {job.title} has been added.")
            return redirect("jobeval:job-description", pk=job.pk)
    return render(request, "jobeval/job_description_form.html", {"form": form, "title": "Add a job description"})


def job_description(request, pk: int):
    job = _get(selectors.get_job_description, request, pk)
    versions = list(job.versions.order_by("-created_at", "-pk"))
    return render(request, "jobeval/job_description.html", {
        "job": job, "current": versions[0] if versions else None, "versions": versions,
        "evaluations": selectors.evaluations(request.user).filter(job_description_version__job_description=job)
        .order_by("-started_at", "-pk"),
        "needs_reevaluation": selectors.needs_reevaluation(job),
        "can_evaluate": _can_evaluate(request), "labels": selectors.JD_LABELS,
    })


def job_description_version(request, pk: int, version_pk: int):
    job = _get(selectors.get_job_description, request, pk)
    version = job.versions.filter(pk=version_pk).first()
    if version is None:
        raise Http404("No such version")
    return render(request, "jobeval/job_description_version.html", {"job": job, "version": version})


def job_description_diff(request, pk: int):
    job = _get(selectors.get_job_description, request, pk)
    versions = list(job.versions.order_by("created_at", "pk"))
    by_pk = {str(v.pk): v for v in versions}
    if len(versions) < 2:
        return render(request, "jobeval/job_description_diff.html", {"job": job, "versions": versions,
                                                                      "diff": None})
    older = by_pk.get(request.GET.get("from")) or versions[-2]
    newer = by_pk.get(request.GET.get("to")) or versions[-1]
    return render(request, "jobeval/job_description_diff.html", {
        "job": job, "versions": versions, "older": older, "newer": newer,
        "diff": selectors.version_diff(older, newer)})


@require_http_methods(["GET", "POST"])
def revise_job_description(request, pk: int):
    require(request.user, Capability.EVALUATE_JOBS)
    job = _get(selectors.get_job_description, request, pk)
    current = job.current
    initial = {field: getattr(current, field) for field in services.JD_FIELDS}
    initial["version"] = ""
    initial["document_ref"] = job.reference
    form = RevisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            version = services.revise_job_description(
                actor=request.user, job=job, data=data, significant_change=data.pop("significant_change"),
                change_note=data.pop("change_note"))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Version {version.version} has been saved"
                             + (": the job needs to be re-evaluated." if version.significant_change else "."))
            return redirect("jobeval:job-description", pk=job.pk)
    return render(request, "jobeval/job_description_form.html", {
        "form": form, "title": f"Revise {job.title}", "job": job, "revision": True,
        "help": f"The new version's document reference is {job.reference} followed by its version, for "
                f"example {job.reference} v{_next_version(current.version)}."})


def _next_version(version: str) -> str:
    try:
        return f"{int(float(version)) + 1}.0"
    except ValueError:
        return "2.0"


# ----- evaluations --------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def start_evaluation(request, pk: int):
    require(request.user, Capability.EVALUATE_JOBS)
    job = _get(selectors.get_job_description, request, pk)
    version = job.current
    form = StartEvaluationForm(request.POST or None, initial={"scheme": selectors.schemes(request.user)
                                                              .filter(code="NJC").first()})
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.start_evaluation(actor=request.user, version=version,
                                                   scheme=form.cleaned_data["scheme"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The evaluation of {version} has started. Choose the panel next.")
            return redirect("jobeval:evaluation-panel", pk=evaluation.pk)
    return render(request, "jobeval/start_evaluation.html", {"form": form, "job": job, "version": version})


def evaluation(request, pk: int):
    item = _get(selectors.get_evaluation, request, pk)
    return render(request, "jobeval/evaluation.html", {
        "evaluation": item, "scored": selectors.evaluation_score(item),
        "can_edit": _can_evaluate(request) and item.status == Evaluation.Status.IN_PROGRESS,
        "sign_off_form": SignOffForm(),
    })


def _editable(request, pk: int) -> Evaluation:
    require(request.user, Capability.EVALUATE_JOBS)
    item = _get(selectors.get_evaluation, request, pk)
    if item.status != Evaluation.Status.IN_PROGRESS:
        messages.error(request, "This evaluation has been signed off and can no longer be changed.")
        raise _Done(redirect("jobeval:evaluation", pk=item.pk))
    return item


class _Done(Exception):
    def __init__(self, response):
        self.response = response


def _handles_done(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Done as done:
            return done.response

    wrapped.__name__ = view.__name__
    return wrapped


@_handles_done
@require_http_methods(["GET", "POST"])
def evaluation_panel(request, pk: int):
    item = _editable(request, pk)
    members = list(item.panel.all())
    initial = {"members": [m.user for m in members],
               "trade_union_rep": next((m.user for m in members if m.role == PanelMember.Role.TRADE_UNION), None),
               "chair": next((m.user for m in members if m.role == PanelMember.Role.CHAIR), None)}
    form = PanelForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_panel(actor=request.user, evaluation=item, members=list(data["members"]),
                               trade_union_rep=data["trade_union_rep"], chair=data["chair"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The panel has been saved. Record the levels the panel agrees next.")
            return redirect("jobeval:evaluation-factors", pk=item.pk)
    return render(request, "jobeval/panel_form.html", {"form": form, "evaluation": item})


@_handles_done
@require_http_methods(["GET", "POST"])
def evaluation_factors(request, pk: int):
    item = _editable(request, pk)
    scheme = item.scheme.engine()
    initial = {"job_statement": item.job_statement}
    for factor in item.factors.all():
        initial[f"level_{factor.factor_code}"] = factor.level
        initial[f"rationale_{factor.factor_code}"] = factor.rationale
    form = FactorsForm(request.POST or None, initial=initial, scheme=scheme)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_factors(actor=request.user, evaluation=item, levels=form.levels(),
                                    job_statement=form.cleaned_data["job_statement"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The factor levels have been saved.")
            return redirect("jobeval:evaluation", pk=item.pk)
    return render(request, "jobeval/factors_form.html", {"form": form, "evaluation": item, "scheme": scheme})


@_handles_done
@require_http_methods(["POST"])
def evaluation_sign_off(request, pk: int):
    item = _editable(request, pk)
    form = SignOffForm(request.POST)
    form.is_valid()
    try:
        services.sign_off(actor=request.user, evaluation=item, consensus=form.cleaned_data.get("consensus", False))
    except ValidationError as error:
        apply_service_errors(form, error)
        return render(request, "jobeval/evaluation.html", {
            "evaluation": item, "scored": selectors.evaluation_score(item), "can_edit": True,
            "sign_off_form": form}, status=200)
    messages.success(request, "The evaluation has been signed off.")
    return redirect("jobeval:evaluation", pk=item.pk)


# ----- profiles -----------------------------------------------------------------------------------------

def profile(request, pk: int):
    item = _get(selectors.get_profile, request, pk)
    return render(request, "jobeval/profile.html", {
        "profile": item, "scored": selectors.profile_score(item), "rules": item.rules.select_related("role"),
        "evaluations": item.evaluations.select_related("job_description_version").order_by("-started_at"),
    })


def profile_consistency(request, pk: int):
    item = _get(selectors.get_profile, request, pk)
    benchmarks, rows = selectors.consistency(request.user, item)
    return render(request, "jobeval/consistency.html", {"profile": item, "benchmarks": benchmarks, "rows": rows,
                                                         "flagged": sum(1 for row in rows if row.flagged)})


def profile_docx(request, pk: int):
    item = _get(selectors.get_profile, request, pk)
    response = HttpResponse(exports.profile_docx(item), content_type=exports.DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(item)}.docx"'
    return response


def profile_pdf(request, pk: int):
    item = _get(selectors.get_profile, request, pk)
    response = HttpResponse(exports.profile_pdf(item), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(item)}.pdf"'
    return response


# ----- bands --------------------------------------------------------------------------------------------

def bands(request):
    structures = selectors.band_structures(request.user)
    return render(request, "jobeval/bands.html", {
        "structures": [(item, item.engine()) for item in structures], "can_evaluate": _can_evaluate(request)})


@require_http_methods(["GET", "POST"])
def local_bands(request, pk: int):
    require(request.user, Capability.EVALUATE_JOBS)
    structure = selectors.band_structures(request.user).filter(pk=pk).first()
    if structure is None:
        raise Http404("No such band structure")
    published = structure.published()
    local = list(structure.local_boundaries.all())
    initial = {f"band_{item.band_code}": item.start_points for item in local}
    initial["reason"] = local[0].reason if local else ""
    form = LocalBandsForm(request.POST or None, initial=initial, structure=published)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_local_band_boundaries(actor=request.user, structure=structure, starts=form.starts(),
                                               reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The local boundaries of {structure.name} have been saved.")
            return redirect("jobeval:bands")
    return render(request, "jobeval/local_bands_form.html", {"form": form, "structure": structure,
                                                             "published": published})
