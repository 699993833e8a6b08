"""Job descriptions, evaluated role profiles, panel evaluations, band structures and the rules roles give.

The scoring itself is the pure engine in ``omhub.jobeval.scoring``; these models keep its data (schemes
and band structures as versioned JSON) and the records around it."""

from django.conf import settings
from django.db import models

from omhub.jobeval import scoring
from omhub.jobeval.scoring.bands import band_structure_from_dict
from omhub.jobeval.scoring.schemes import scheme_from_dict
from omhub.people.models import RoshLevel

ROSH_ORDER = [RoshLevel.LOW, RoshLevel.MEDIUM, RoshLevel.HIGH, RoshLevel.VERY_HIGH]


class SchemeVersion(models.Model):
    """One version of a job evaluation scheme; evaluations pin the version they were scored with."""

    code = models.CharField(max_length=20)
    version = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    data = models.JSONField()
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="jobeval_scheme_version_unique")]
        ordering = ["code", "-version"]

    def __str__(self):
        return f"{self.name} ({self.code} {self.version})"

    def engine(self) -> scoring.Scheme:
        return scheme_from_dict(self.data)


class BandStructure(models.Model):
    code = models.CharField(max_length=40, unique=True)
    scheme_code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    data = models.JSONField()
    provenance = models.TextField()
    confidence = models.CharField(max_length=20)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.name

    def published(self) -> scoring.BandStructure:
        return band_structure_from_dict(self.data)

    def engine(self) -> scoring.BandStructure:
        """The shipped structure with the locally agreed boundaries applied."""
        local = {item.band_code: item.start_points for item in self.local_boundaries.all()}
        structure = self.published()
        return structure.with_local_starts(local) if local else structure


class LocalBandBoundary(models.Model):
    """A band start agreed locally where the published structure does not say (probation)."""

    structure = models.ForeignKey(BandStructure, on_delete=models.CASCADE, related_name="local_boundaries")
    band_code = models.CharField(max_length=10)
    start_points = models.PositiveIntegerField()
    reason = models.TextField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["structure", "band_code"],
                                               name="jobeval_local_boundary_unique")]
        ordering = ["structure", "start_points"]

    def __str__(self):
        return f"{self.structure.code}: Band {self.band_code} from {self.start_points}"


class JobDescription(models.Model):
    """A job description across its versions; ``reference`` is its document reference without version."""

    reference = models.CharField(max_length=200, unique=True)
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def current(self) -> "JobDescriptionVersion":
        return self.versions.order_by("-created_at", "-pk").first()


class JobDescriptionVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        BASELINED = "baselined", "Baselined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    job_description = models.ForeignKey(JobDescription, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(max_length=20)
    document_ref = models.CharField(max_length=200)
    document_type = models.CharField(max_length=60, blank=True)
    classification = models.CharField(max_length=60, blank=True)
    date_of_issue = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    produced_by = models.CharField(max_length=200, blank=True)
    authorised_by = models.CharField(max_length=200, blank=True)
    job_title = models.CharField(max_length=200)
    group_profile = models.CharField(max_length=200, blank=True)
    organisation_level = models.CharField(max_length=100, blank=True)
    band = models.CharField(max_length=10, blank=True)
    overview = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    duties = models.TextField(blank=True)
    behaviours = models.TextField(blank=True)
    hours = models.CharField(max_length=200, blank=True)
    significant_change = models.BooleanField(default=False)
    change_note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job_description", "version"],
                                               name="jobeval_jd_version_unique")]
        ordering = ["job_description", "created_at", "pk"]

    def __str__(self):
        return f"{self.job_title} v{self.version}"


class RoleProfile(models.Model):
    """An evaluated role: a job statement and, per factor, the level and its rationale."""

    number = models.PositiveIntegerField(null=True, blank=True, unique=True)
    title = models.CharField(max_length=200)
    job_statement = models.TextField(blank=True)
    scheme = models.ForeignKey(SchemeVersion, on_delete=models.PROTECT, related_name="profiles")
    band_structure = models.ForeignKey(BandStructure, on_delete=models.PROTECT, related_name="profiles")
    is_benchmark = models.BooleanField(default=False)
    source = models.TextField(blank=True)
    job_description = models.ForeignKey(JobDescription, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="profiles")
    published_band = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number", "title"]

    def __str__(self):
        return f"{self.number}. {self.title}" if self.number else self.title

    @property
    def job_statement_lines(self) -> list[str]:
        return [line.strip() for line in self.job_statement.splitlines() if line.strip()]


class FactorLevel(models.Model):
    """A factor's level (a notation such as "3-4" or "4(a)") and the rationale for it, in the scheme's order."""

    factor_code = models.CharField(max_length=10)
    order = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=40)
    rationale = models.TextField()

    class Meta:
        abstract = True


class ProfileFactor(FactorLevel):
    profile = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="factors")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "factor_code"],
                                               name="jobeval_profile_factor_unique")]
        ordering = ["profile", "order"]

    def __str__(self):
        return f"{self.profile}: {self.factor_code} {self.level}"


class Evaluation(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in-progress", "In progress"
        SIGNED_OFF = "signed-off", "Signed off"
        SUPERSEDED = "superseded", "Superseded"

    job_description_version = models.ForeignKey(JobDescriptionVersion, on_delete=models.PROTECT,
                                                related_name="evaluations")
    profile = models.ForeignKey(RoleProfile, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="evaluations")
    scheme = models.ForeignKey(SchemeVersion, on_delete=models.PROTECT, related_name="evaluations")
    band_structure = models.ForeignKey(BandStructure, on_delete=models.PROTECT, related_name="evaluations")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="superseded_by")
    reason = models.CharField(max_length=200)
    job_statement = models.TextField(blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    consensus = models.BooleanField(default=False)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    signed_off_at = models.DateTimeField(null=True, blank=True)
    total_min = models.PositiveIntegerField(null=True, blank=True)
    total_max = models.PositiveIntegerField(null=True, blank=True)
    band = models.CharField(max_length=40, blank=True)
    band_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"Evaluation of {self.job_description_version}"


class PanelMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        EVALUATOR = "evaluator", "Evaluator"
        TRADE_UNION = "trade-union", "Trade union representative"

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="panel")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.EVALUATOR)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluation", "user"], name="jobeval_panel_member_unique")]
        ordering = ["evaluation", "role", "user__username"]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class EvaluationFactor(FactorLevel):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="factors")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluation", "factor_code"],
                                               name="jobeval_evaluation_factor_unique")]
        ordering = ["evaluation", "order"]

    def __str__(self):
        return f"{self.evaluation}: {self.factor_code} {self.level}"


class RoleRule(models.Model):
    """What holding a role allows, taken from the role profile or job description it comes from: used by
    the accounts (the roles page) and by allocation."""

    role = models.OneToOneField("accounts.Role", on_delete=models.CASCADE, related_name="jobeval_rule")
    profile = models.ForeignKey(RoleProfile, null=True, blank=True, on_delete=models.PROTECT, related_name="rules")
    job_description = models.ForeignKey(JobDescription, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="rules")
    max_rosh = models.CharField(max_length=20, choices=RoshLevel.choices, blank=True,
                                help_text="The highest risk of serious harm a holder may hold a case at; "
                                          "blank when the role holds no cases")
    may_prepare = models.BooleanField(default=False)
    may_check = models.BooleanField(default=False)
    basis = models.TextField(help_text="Where in the profile or job description the rule comes from")

    class Meta:
        ordering = ["role__display_order"]

    def __str__(self):
        return f"Rules for {self.role}"

    @property
    def rosh_levels(self) -> list[str]:
        if not self.max_rosh:
            return []
        return [str(level) for level in ROSH_ORDER[: ROSH_ORDER.index(RoshLevel(self.max_rosh)) + 1]]

    @property
    def rosh_labels(self) -> list[str]:
        return [RoshLevel(level).label.lower() for level in self.rosh_levels]
