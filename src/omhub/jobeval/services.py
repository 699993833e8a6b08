"""Every change to job evaluation records: permission check, validation and audit in one transaction."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from omhub.accounts.permissions import Capability, has, require
from omhub.audit import services as audit
from omhub.jobeval.models import (
    BandStructure,
    Evaluation,
    EvaluationFactor,
    JobDescription,
    JobDescriptionVersion,
    LocalBandBoundary,
    PanelMember,
    ProfileFactor,
    RoleProfile,
    RoleRule,
    SchemeVersion,
)
from omhub.jobeval.scoring import NotationError, ScoringError, score
from omhub.jobeval.scoring.bands import BandError
from omhub.jobeval.scoring.docref import DocumentReferenceError, parse_document_reference
from omhub.jobeval.scoring.score import score_factor

MINIMUM_PANEL = 3
JD_FIELDS = ["version", "document_ref", "document_type", "classification", "date_of_issue", "status",
             "produced_by", "authorised_by", "job_title", "group_profile", "organisation_level", "band", "overview",
             "summary", "duties", "behaviours", "hours"]
EVALUATION_FIELDS = ["status", "reason", "job_statement", "consensus", "total_min", "total_max", "band",
                     "band_reason", "signed_off_by", "signed_off_at"]


# ----- job descriptions -------------------------------------------------------------------------------

def _clean_job_description(data: dict) -> dict:
    cleaned = {key: (data.get(key) if key == "date_of_issue" else " ".join(str(data.get(key) or "").split())
                     if key not in {"overview", "summary", "duties", "behaviours"}
                     else str(data.get(key) or "").strip())
               for key in JD_FIELDS}
    errors: dict[str, list[str]] = {}
    reference = None
    if not cleaned["document_ref"]:
        errors["document_ref"] = ["Enter the document reference, for example "
                                  "OR JES 129 JD B3 : BA : Offender Management Hub v8.0"]
    else:
        try:
            reference = parse_document_reference(cleaned["document_ref"])
        except DocumentReferenceError as error:
            errors["document_ref"] = [str(error)]
    if reference is not None:
        if not cleaned["version"]:
            cleaned["version"] = reference.version
        elif reference.version and reference.version != cleaned["version"]:
            errors["version"] = [f"The document reference says version {reference.version}, not "
                                 f"{cleaned['version']}"]
        if not cleaned["band"]:
            cleaned["band"] = reference.band
        if not cleaned["job_title"] and reference.title:
            cleaned["job_title"] = (f"{reference.group_abbreviation} : {reference.title}"
                                    if reference.group_abbreviation else reference.title)
    if not cleaned["version"]:
        errors.setdefault("version", []).append("Enter the version, for example 8.0")
    elif not re.fullmatch(r"\d+(\.\d+)?", cleaned["version"]):
        errors.setdefault("version", []).append("Enter the version as a number, for example 8.0")
    if not cleaned["job_title"]:
        errors["job_title"] = ["Enter the job title"]
    if cleaned["status"] not in JobDescriptionVersion.Status.values:
        errors["status"] = ["Choose Draft, Baselined or Withdrawn"]
    if errors:
        raise ValidationError(errors)
    cleaned["reference"] = reference
    return cleaned


@transaction.atomic
def create_job_description(*, actor, data: dict) -> JobDescription:
    require(actor, Capability.EVALUATE_JOBS)
    cleaned = _clean_job_description(data)
    reference = cleaned.pop("reference")
    if JobDescription.objects.filter(reference=reference.base).exists():
        raise ValidationError({"document_ref": [f"There is already a job description {reference.base}: "
                                                f"revise it to add a version"]})
    job = JobDescription.objects.create(reference=reference.base, title=cleaned["job_title"])
    version = JobDescriptionVersion.objects.create(job_description=job, created_by=actor, **cleaned)
    audit.record(actor=actor, action=audit.Action.CREATE, instance=job, after={"reference": job.reference})
    audit.record(actor=actor, action=audit.Action.CREATE, instance=version, after=audit.snapshot(version, JD_FIELDS))
    return job


@transaction.atomic
def revise_job_description(*, actor, job: JobDescription, data: dict, significant_change: bool,
                           change_note: str) -> JobDescriptionVersion:
    """A new version; the earlier ones stay. A significant change asks for the job to be re-evaluated."""
    require(actor, Capability.EVALUATE_JOBS)
    job = JobDescription.objects.select_for_update().get(pk=job.pk)
    cleaned = _clean_job_description(data)
    reference = cleaned.pop("reference")
    errors = {}
    if reference.base != job.reference:
        errors["document_ref"] = [f"A new version keeps the reference {job.reference}: change only its version"]
    if job.versions.filter(version=cleaned["version"]).exists():
        errors["version"] = [f"Version {cleaned['version']} already exists: give the new version a new number"]
    change_note = (change_note or "").strip()
    if not change_note:
        errors["change_note"] = ["Say what changed in this version"]
    if errors:
        raise ValidationError(errors)
    current = job.current
    if current is not None and all(getattr(current, key) == cleaned[key] for key in JD_FIELDS if key != "version"
                                   and key != "document_ref"):
        raise ValidationError({"duties": ["Nothing has changed apart from the version: change the job description "
                                          "before saving a new version"]})
    version = JobDescriptionVersion.objects.create(job_description=job, created_by=actor,
                                                   significant_change=bool(significant_change),
                                                   change_note=change_note, **cleaned)
    if job.title != cleaned["job_title"]:
        job.title = cleaned["job_title"]
        job.save(update_fields=["title"])
    audit.record(actor=actor, action=audit.Action.CREATE, instance=version,
                 after={**audit.snapshot(version, JD_FIELDS), "significant_change": version.significant_change,
                        "change_note": change_note})
    return version


# ----- evaluations ------------------------------------------------------------------------------------

def _require_in_progress(evaluation: Evaluation) -> None:
    if evaluation.status != Evaluation.Status.IN_PROGRESS:
        raise ValidationError(f"This evaluation is {evaluation.get_status_display().lower()}: it can no longer be "
                              f"changed. Start a re-evaluation instead.")


@transaction.atomic
def start_evaluation(*, actor, version: JobDescriptionVersion, scheme: SchemeVersion) -> Evaluation:
    """Evaluate a version of a job description. When the job was evaluated before, this is a
    re-evaluation: it starts from the earlier levels, and the earlier evaluation is kept."""
    require(actor, Capability.EVALUATE_JOBS)
    job = JobDescription.objects.select_for_update().get(pk=version.job_description_id)
    if Evaluation.objects.filter(job_description_version__job_description=job,
                                 status=Evaluation.Status.IN_PROGRESS).exists():
        raise ValidationError("An evaluation of this job is already in progress: finish it first")
    previous = Evaluation.objects.filter(job_description_version__job_description=job,
                                         status=Evaluation.Status.SIGNED_OFF).first()
    bands = BandStructure.objects.filter(scheme_code=scheme.code).first()
    if bands is None:
        raise ValidationError(f"The {scheme.code} scheme has no band structure")
    if previous is not None and previous.job_description_version_id == version.pk:
        raise ValidationError(f"Version {version.version} was already evaluated: revise the job description first")
    reason = (f"Re-evaluation: version {version.version} replaces {previous.job_description_version.version}"
              if previous else "First evaluation")
    evaluation = Evaluation.objects.create(
        job_description_version=version, scheme=scheme, band_structure=bands, supersedes=previous, reason=reason,
        started_by=actor, profile=previous.profile if previous else None,
        job_statement=previous.job_statement if previous else version.summary)
    if previous is not None and previous.scheme_id == scheme.pk:
        EvaluationFactor.objects.bulk_create(
            EvaluationFactor(evaluation=evaluation, factor_code=item.factor_code, order=item.order,
                             level=item.level, rationale=item.rationale) for item in previous.factors.all())
    audit.record(actor=actor, action=audit.Action.CREATE, instance=evaluation,
                 after={"job_description_version": version.pk, "scheme": f"{scheme.code} {scheme.version}",
                        "reason": reason, "supersedes": previous.pk if previous else None})
    return evaluation


def own_job_roles(user, evaluation: Evaluation) -> list[str]:
    """The user's roles whose job is the one being evaluated (through the rules linking roles to it)."""
    job = evaluation.job_description_version.job_description
    rules = RoleRule.objects.filter(role__in=user.roles.all()).select_related("role", "profile")
    return [rule.role.name for rule in rules
            if rule.job_description_id == job.pk or (rule.profile_id and rule.profile.job_description_id == job.pk)
            or (evaluation.profile_id and rule.profile_id == evaluation.profile_id)]


def panel_problems(members: list[tuple[object, str]], evaluation: Evaluation) -> list[str]:
    problems = []
    if len(members) < MINIMUM_PANEL:
        problems.append(f"A panel needs at least {MINIMUM_PANEL} members: this one has {len(members)}")
    if not any(role == PanelMember.Role.TRADE_UNION for _, role in members):
        problems.append("A panel needs a trade union representative among its members")
    if sum(1 for _, role in members if role == PanelMember.Role.CHAIR) > 1:
        problems.append("A panel has one chair")
    for user, _ in members:
        for role_name in own_job_roles(user, evaluation):
            problems.append(f"{user} holds the role {role_name}, which is the job being evaluated: an evaluator "
                            f"may not sit on a panel for their own job")
    return problems


@transaction.atomic
def set_panel(*, actor, evaluation: Evaluation, members: list, trade_union_rep, chair=None) -> list[PanelMember]:
    """The panel: at least three members, one a trade union representative, none evaluating their own job."""
    require(actor, Capability.EVALUATE_JOBS)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _require_in_progress(evaluation)
    people = list(dict.fromkeys(members))
    for extra in (trade_union_rep, chair):
        if extra is not None and extra not in people:
            people.append(extra)
    errors: dict[str, list[str]] = {}
    if trade_union_rep is None:
        errors["trade_union_rep"] = ["Choose the trade union representative"]
    if chair is not None and chair == trade_union_rep:
        errors["chair"] = ["The chair cannot also be the trade union representative"]
    for person in people:
        if not person.is_active:
            errors.setdefault("members", []).append(f"{person} has no active account")
    roles = [(person, PanelMember.Role.TRADE_UNION if person == trade_union_rep else
              PanelMember.Role.CHAIR if person == chair else PanelMember.Role.EVALUATOR) for person in people]
    problems = panel_problems(roles, evaluation)
    for problem in problems:
        if "trade union" in problem and "trade_union_rep" in errors:
            continue
        errors.setdefault("members", []).append(problem)
    if errors:
        raise ValidationError(errors)
    before = sorted(f"{m.user.username}:{m.role}" for m in evaluation.panel.select_related("user"))
    evaluation.panel.all().delete()
    created = [PanelMember.objects.create(evaluation=evaluation, user=person, role=role) for person, role in roles]
    after = sorted(f"{m.user.username}:{m.role}" for m in created)
    audit.record_change(actor=actor, instance=evaluation, before={"panel": before}, after={"panel": after})
    return created


@transaction.atomic
def record_factors(*, actor, evaluation: Evaluation, levels: dict[str, tuple[str, str]],
                   job_statement: str | None = None) -> Evaluation:
    """The levels and rationales the panel agreed, by factor code. A factor left blank is not agreed yet;
    a level needs its rationale, and a level must be one the factor has."""
    require(actor, Capability.EVALUATE_JOBS)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _require_in_progress(evaluation)
    engine = evaluation.scheme.engine()
    errors: dict[str, list[str]] = {}
    unknown = [code for code in levels if not any(f.code == code for f in engine.factors)]
    for code in unknown:
        errors.setdefault("__all__", []).append(f"'{code}' is not a factor of the {engine.code} scheme")
    wanted = {}
    for factor in engine.factors:
        level, rationale = levels.get(factor.code, ("", ""))
        level, rationale = (level or "").strip(), (rationale or "").strip()
        if not level and not rationale:
            continue
        if not level:
            errors[f"level_{factor.code}"] = [f"Enter the level agreed for {factor.name}"]
            continue
        try:
            score_factor(factor, level)
        except NotationError as error:
            errors[f"level_{factor.code}"] = [f"{factor.name}: {error}"]
        if not rationale:
            errors[f"rationale_{factor.code}"] = [f"Enter the rationale for the level of {factor.name}"]
        wanted[factor.code] = (factor.order, level, rationale)
    if errors:
        raise ValidationError(errors)
    before = {item.factor_code: [item.level, item.rationale] for item in evaluation.factors.all()}
    evaluation.factors.all().delete()
    EvaluationFactor.objects.bulk_create(
        EvaluationFactor(evaluation=evaluation, factor_code=code, order=order, level=level, rationale=rationale)
        for code, (order, level, rationale) in wanted.items())
    after = {code: [level, rationale] for code, (_, level, rationale) in wanted.items()}
    if job_statement is not None and job_statement.strip() != evaluation.job_statement:
        before["job_statement"], after["job_statement"] = evaluation.job_statement, job_statement.strip()
        evaluation.job_statement = job_statement.strip()
        evaluation.save(update_fields=["job_statement"])
    audit.record_change(actor=actor, instance=evaluation, before=before, after=after)
    return evaluation


def outcome(evaluation: Evaluation):
    """The score of the levels recorded so far (ScoringError naming what is missing or wrong)."""
    levels = [(item.factor_code, item.level) for item in evaluation.factors.all()]
    return score(evaluation.scheme.engine(), levels, bands=evaluation.band_structure.engine())


@transaction.atomic
def sign_off(*, actor, evaluation: Evaluation, consensus: bool) -> Evaluation:
    """The panel's outcome: every factor agreed by consensus, a lawful panel; the total and band are
    worked out (never typed), the role profile takes the outcome and an earlier evaluation is superseded."""
    require(actor, Capability.EVALUATE_JOBS)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _require_in_progress(evaluation)
    errors: dict[str, list[str]] = {}
    if not consensus:
        errors["consensus"] = ["Confirm that the panel agreed every factor's level by consensus"]
    members = [(m.user, m.role) for m in evaluation.panel.select_related("user")]
    problems = panel_problems(members, evaluation)
    if problems:
        errors.setdefault("__all__", []).extend(problems)
    result = None
    try:
        result = outcome(evaluation)
    except ScoringError as error:
        errors.setdefault("__all__", []).extend(message for _, message in error.problems)
    missing_rationale = [item.factor_code for item in evaluation.factors.all() if not item.rationale.strip()]
    if missing_rationale:
        errors.setdefault("__all__", []).append("Every factor needs its rationale")
    if not evaluation.job_statement.strip():
        errors.setdefault("__all__", []).append("Enter the job statement before signing off")
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(evaluation, EVALUATION_FIELDS)
    evaluation.total_min, evaluation.total_max = result.total_min, result.total_max
    evaluation.band, evaluation.band_reason = result.band.label, result.band.reason
    evaluation.consensus = True
    evaluation.status = Evaluation.Status.SIGNED_OFF
    evaluation.signed_off_by, evaluation.signed_off_at = actor, timezone.now()
    evaluation.profile = _publish_profile(actor, evaluation)
    evaluation.save()
    audit.record_change(actor=actor, instance=evaluation, before=before, after=audit.snapshot(
        evaluation, EVALUATION_FIELDS))
    if evaluation.supersedes_id:
        earlier = Evaluation.objects.select_for_update().get(pk=evaluation.supersedes_id)
        earlier.status = Evaluation.Status.SUPERSEDED
        earlier.save(update_fields=["status"])
        audit.record_change(actor=actor, instance=earlier, before={"status": Evaluation.Status.SIGNED_OFF},
                            after={"status": Evaluation.Status.SUPERSEDED, "superseded_by": evaluation.pk})
    return evaluation


def _publish_profile(actor, evaluation: Evaluation) -> RoleProfile:
    version = evaluation.job_description_version
    profile = evaluation.profile or RoleProfile.objects.filter(job_description=version.job_description,
                                                               is_benchmark=False).first()
    fields = ["title", "job_statement", "scheme", "band_structure", "source"]
    wanted = {"title": version.job_title, "job_statement": evaluation.job_statement, "scheme": evaluation.scheme,
              "band_structure": evaluation.band_structure,
              "source": f"Panel evaluation of {version.document_ref}, signed off "
                        f"{timezone.localdate():%d %B %Y}"}
    if profile is None:
        profile = RoleProfile.objects.create(job_description=version.job_description, **wanted)
        audit.record(actor=actor, action=audit.Action.CREATE, instance=profile, after=audit.snapshot(profile, fields))
    else:
        before = audit.snapshot(profile, fields)
        for key, value in wanted.items():
            setattr(profile, key, value)
        profile.save()
        audit.record_change(actor=actor, instance=profile, before=before, after=audit.snapshot(profile, fields))
    profile.factors.all().delete()
    ProfileFactor.objects.bulk_create(
        ProfileFactor(profile=profile, factor_code=item.factor_code, order=item.order, level=item.level,
                      rationale=item.rationale) for item in evaluation.factors.all())
    return profile


# ----- bands ------------------------------------------------------------------------------------------

@transaction.atomic
def set_local_band_boundaries(*, actor, structure: BandStructure, starts: dict[str, int | None],
                              reason: str) -> BandStructure:
    """Set (or, with None, clear) the lowest total of bands the published structure leaves unknown."""
    require(actor, Capability.EVALUATE_JOBS)
    structure = BandStructure.objects.select_for_update().get(pk=structure.pk)
    published = structure.published()
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = ["Say where the local boundaries come from, for example the local agreement"]
    wanted = {code: value for code, value in starts.items() if value is not None}
    for code in starts:
        if code not in published.codes:
            errors.setdefault("__all__", []).append(f"{structure.name} has no band {code}")
        elif published.starts[published.codes.index(code)] is not None:
            errors[f"band_{code}"] = [f"Band {code} has a published start: it cannot be set locally"]
    if not errors:
        try:
            published.with_local_starts(wanted)
        except BandError as error:
            errors.setdefault("__all__", []).append(str(error))
    if errors:
        raise ValidationError(errors)
    before = {item.band_code: item.start_points for item in structure.local_boundaries.all()}
    structure.local_boundaries.exclude(band_code__in=wanted).delete()
    for code, value in wanted.items():
        LocalBandBoundary.objects.update_or_create(structure=structure, band_code=code,
                                                   defaults={"start_points": value, "reason": reason,
                                                             "set_by": actor})
    audit.record(actor=actor, action=audit.Action.UPDATE, instance=structure, before={"local_starts": before},
                 after={"local_starts": wanted, "reason": reason})
    return structure


def require_reader(user) -> None:
    """The catalogue is for the panel and for everyone who may see the roles."""
    if not (has(user, Capability.EVALUATE_JOBS) or has(user, Capability.VIEW_ROLES)):
        raise PermissionDenied("Your roles do not allow you to: see job descriptions and role profiles.")
