"""Reads of job evaluation records, and the rules roles give (used by accounts and allocation)."""

import difflib
from dataclasses import dataclass

from django.db.models import Prefetch

from omhub.jobeval.models import (
    ROSH_ORDER,
    BandStructure,
    Evaluation,
    JobDescription,
    JobDescriptionVersion,
    RoleProfile,
    RoleRule,
    SchemeVersion,
)
from omhub.jobeval.scoring import ScoringError, score
from omhub.jobeval.scoring.notation import parse_level
from omhub.jobeval.scoring.score import level_gap
from omhub.jobeval.services import JD_FIELDS, require_reader

JD_LABELS = {
    "version": "Version", "document_ref": "Document reference", "document_type": "Document type",
    "classification": "Classification", "date_of_issue": "Date of issue", "status": "Status",
    "produced_by": "Produced by", "authorised_by": "Authorised by", "job_title": "Job title",
    "group_profile": "Group profile", "organisation_level": "Organisation level", "band": "Band",
    "overview": "Overview of the job", "summary": "Summary", "duties": "Responsibilities, activities and duties",
    "behaviours": "Behaviours", "hours": "Hours of work",
}


def job_descriptions(user):
    require_reader(user)
    return JobDescription.objects.prefetch_related("versions", "profiles").order_by("title")


def get_job_description(user, pk: int) -> JobDescription:
    return job_descriptions(user).get(pk=pk)


def profiles(user):
    require_reader(user)
    return RoleProfile.objects.select_related("scheme", "band_structure", "job_description").prefetch_related(
        "factors", "band_structure__local_boundaries").order_by("-is_benchmark", "number", "title")


def get_profile(user, pk: int) -> RoleProfile:
    return profiles(user).get(pk=pk)


def evaluations(user):
    require_reader(user)
    return Evaluation.objects.select_related(
        "job_description_version__job_description", "scheme", "band_structure", "profile", "started_by",
        "signed_off_by", "supersedes").prefetch_related(
        "factors", Prefetch("panel"), "panel__user", "band_structure__local_boundaries")


def evaluations_in_progress(user):
    return evaluations(user).filter(status=Evaluation.Status.IN_PROGRESS)


def get_evaluation(user, pk: int) -> Evaluation:
    return evaluations(user).get(pk=pk)


def schemes(user):
    require_reader(user)
    return SchemeVersion.objects.order_by("code", "-version")


def band_structures(user):
    require_reader(user)
    return BandStructure.objects.prefetch_related("local_boundaries", "local_boundaries__set_by")


# ----- scored views ----------------------------------------------------------------------------------

@dataclass
class FactorRow:
    code: str
    name: str
    level: str
    rationale: str
    points_min: int | None
    points_max: int | None
    problem: str = ""

    @property
    def points(self) -> str:
        if self.points_min is None:
            return ""
        return str(self.points_min) if self.points_min == self.points_max else f"{self.points_min}-{self.points_max}"

    @property
    def rationale_lines(self) -> list[str]:
        return [line for line in self.rationale.splitlines() if line.strip()]


@dataclass
class Scored:
    rows: list[FactorRow]
    total_min: int | None
    total_max: int | None
    band: object | None  # scoring.BandResult
    problems: list[str]

    @property
    def total(self) -> str:
        if self.total_min is None:
            return ""
        return str(self.total_min) if self.total_min == self.total_max else f"{self.total_min}-{self.total_max}"


def scored(items, scheme: SchemeVersion, bands: BandStructure) -> Scored:
    """Factor rows in the scheme's order with their points, and the total and band when complete."""
    engine = scheme.engine()
    by_code = {item.factor_code: item for item in items}
    rows, problems = [], []
    for factor in engine.factors:
        item = by_code.get(factor.code)
        if item is None:
            rows.append(FactorRow(factor.code, factor.name, "", "", None, None, "Not agreed yet"))
            continue
        notation = parse_level(item.level)
        rows.append(FactorRow(factor.code, factor.name, item.level, item.rationale,
                              factor.points(notation.level_min), factor.points(notation.level_max)))
    try:
        result = score(engine, [(code, item.level) for code, item in by_code.items()], bands=bands.engine())
    except ScoringError as error:
        problems = [message for _, message in error.problems]
        return Scored(rows, None, None, None, problems)
    return Scored(rows, result.total_min, result.total_max, result.band, problems)


def profile_score(profile: RoleProfile) -> Scored:
    return scored(profile.factors.all(), profile.scheme, profile.band_structure)


def evaluation_score(evaluation: Evaluation) -> Scored:
    return scored(evaluation.factors.all(), evaluation.scheme, evaluation.band_structure)


@dataclass
class ConsistencyRow:
    name: str
    level: str
    benchmarks: list[tuple[str, int]]  # (level, gap) per benchmark
    flagged: bool


def consistency(user, profile: RoleProfile) -> tuple[list[RoleProfile], list[ConsistencyRow]]:
    """The profile beside the benchmark profiles of its scheme, factor by factor: a factor whose level is
    more than one level away from a benchmark's is flagged for the panel to look at again."""
    benchmarks = [item for item in profiles(user).filter(is_benchmark=True, scheme__code=profile.scheme.code)
                  if item.pk != profile.pk]
    engine = profile.scheme.engine()
    own = {item.factor_code: item.level for item in profile.factors.all()}
    theirs = [{item.factor_code: item.level for item in bench.factors.all()} for bench in benchmarks]
    rows = []
    for factor in engine.factors:
        level = own.get(factor.code, "")
        cells = []
        for levels in theirs:
            other = levels.get(factor.code, "")
            gap = level_gap(parse_level(level), parse_level(other)) if level and other else 0
            cells.append((other, gap))
        flagged = any(gap > 1 for _, gap in cells)
        rows.append(ConsistencyRow(factor.name, level, cells, flagged))
    return benchmarks, rows


# ----- job description history ------------------------------------------------------------------------

def _text(version: JobDescriptionVersion, field: str) -> str:
    if field == "status":
        return version.get_status_display()
    value = getattr(version, field)
    if field == "date_of_issue":
        return value.strftime("%d %B %Y") if value else ""
    return str(value or "")


@dataclass
class DiffLine:
    kind: str  # "added", "removed" or "same"
    text: str


@dataclass
class FieldDiff:
    label: str
    lines: list[DiffLine]


def version_diff(older: JobDescriptionVersion, newer: JobDescriptionVersion) -> list[FieldDiff]:
    """What changed between two versions, field by field and line by line: only the fields that changed."""
    result = []
    for field in JD_FIELDS:
        before, after = _text(older, field), _text(newer, field)
        if before == after:
            continue
        lines = []
        for line in difflib.ndiff(before.splitlines(), after.splitlines()):
            if line.startswith("? "):
                continue
            kind = {"+ ": "added", "- ": "removed"}.get(line[:2], "same")
            lines.append(DiffLine(kind, line[2:]))
        result.append(FieldDiff(JD_LABELS[field], lines))
    return result


def needs_reevaluation(job: JobDescription) -> JobDescriptionVersion | None:
    """The significantly changed version evaluated since the last sign-off, if there is one."""
    last = Evaluation.objects.filter(job_description_version__job_description=job,
                                     status=Evaluation.Status.SIGNED_OFF).select_related(
        "job_description_version").first()
    if last is None:
        return None
    later = job.versions.filter(created_at__gt=last.job_description_version.created_at, significant_change=True)
    if Evaluation.objects.filter(job_description_version__job_description=job,
                                 status=Evaluation.Status.IN_PROGRESS).exists():
        return None
    return later.order_by("-created_at").first()


# ----- the rules roles give -----------------------------------------------------------------------------

def rules_by_role_code() -> dict[str, RoleRule]:
    return {rule.role.code: rule for rule in
            RoleRule.objects.select_related("role", "profile", "job_description")}


def rosh_levels_allowed(user) -> list[str]:
    """The risk of serious harm levels whose cases this user may hold, from their roles' profiles: what
    allocation uses. Empty for a role that holds no cases."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    allowed: set[str] = set()
    for rule in RoleRule.objects.filter(role__in=user.roles.all()):
        allowed.update(rule.rosh_levels)
    return [str(level) for level in ROSH_ORDER if str(level) in allowed]

