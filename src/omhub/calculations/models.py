"""Sentence records and the calculations made from them.

A person's *booking* (their period in custody) holds court cases, each with its sentences, and the
booking's adjustments (remand, tagged bail, UAL, ADA, RADA). Those records are what a calculation reads:
``omhub.calculations.booking_json`` turns them into the reference engine's booking JSON and back, so a
booking can be imported from, and exported to, the HMPPS Calculate Release Dates format.

A *calculation* is made for a work item of the case type "Sentence calculation": it keeps the exact
inputs the engine read, the engine version and legislation profile, and what came out (dates,
breakdown, validation messages), so any result can be reproduced later. Only when a Hub Manager approves
it on second check do its dates become the person's *confirmed key dates*, a new numbered version each
time.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from omhub.accounts.models import Unit
from omhub.casework.models import WorkItem
from omhub.people.models import Person


class SentenceKind(models.TextChoices):
    """The sentence types the engine supports, named as the reference engine names them."""

    SDS = "StandardSentence", "Standard determinate sentence (SDS)"
    EDS = "ExtendedDeterminateSentence", "Extended determinate sentence (EDS)"
    SOPC = "SopcSentence", "Special custodial sentence for offenders of particular concern (SOPC)"
    A_FINE = "AFineSentence", "Default term for an unpaid fine"
    DTO = "DetentionAndTrainingOrderSentence", "Detention and training order (DTO)"
    BOTUS = "BotusSentence", "Breach of top-up supervision (BOTUS)"


class RecallType(models.TextChoices):
    STANDARD = "STANDARD_RECALL", "Standard recall"
    FIXED_TERM_14 = "FIXED_TERM_RECALL_14", "Fixed term recall (14 days)"
    FIXED_TERM_28 = "FIXED_TERM_RECALL_28", "Fixed term recall (28 days)"
    FIXED_TERM_56 = "FIXED_TERM_RECALL_56", "Fixed term recall (56 days)"


class AdjustmentKind(models.TextChoices):
    REMAND = "REMAND", "Remand"
    TAGGED_BAIL = "TAGGED_BAIL", "Tagged bail"
    RECALL_REMAND = "RECALL_REMAND", "Remand (recall)"
    RECALL_TAGGED_BAIL = "RECALL_TAGGED_BAIL", "Tagged bail (recall)"
    UNLAWFULLY_AT_LARGE = "UNLAWFULLY_AT_LARGE", "Unlawfully at large (UAL)"
    ADDITIONAL_DAYS_AWARDED = "ADDITIONAL_DAYS_AWARDED", "Additional days awarded (ADA)"
    RESTORATION_OF_ADDITIONAL_DAYS_AWARDED = "RESTORATION_OF_ADDITIONAL_DAYS_AWARDED", \
        "Restoration of additional days awarded (RADA)"


# The early-release exclusions a sentence's offence may carry (SDS40 and the Progression Model).
EARLY_RELEASE_EXCLUSIONS = {
    "SEXUAL": "Sexual offence", "VIOLENT": "Violent offence (4 years or more)",
    "DOMESTIC_ABUSE": "Domestic abuse", "NATIONAL_SECURITY": "National security", "TERRORISM": "Terrorism",
    "SEXUAL_T3": "Sexual offence (tranche 3)", "DOMESTIC_ABUSE_T3": "Domestic abuse (tranche 3)",
    "MURDER_T3": "Murder (tranche 3)",
}


class Booking(models.Model):
    """A person's period in custody: the sentences and adjustments a calculation reads."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="bookings")
    booking_number = models.CharField(max_length=6, blank=True)
    is_active = models.BooleanField(default=True, help_text="The booking calculations are made for")
    is_active_sex_offender = models.BooleanField(default=False)
    return_to_custody_date = models.DateField(null=True, blank=True,
                                              help_text="For a recall: the date they came back into custody")
    extra = models.JSONField(default=dict, blank=True,
                             help_text="Parts of an imported booking with no form of their own (external "
                                       "movements, fixed term recall details), given back on export")
    version = models.PositiveIntegerField(default=1, help_text="Goes up with every change to its records")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_active", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["person"], condition=Q(is_active=True),
                                               name="booking_one_active_per_person")]

    def __str__(self):
        return f"booking {self.booking_number or self.pk} of {self.person}"


class CourtCase(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="court_cases")
    court_name = models.CharField(max_length=200)
    case_reference = models.CharField(max_length=40, blank=True)
    appearance_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["appearance_date", "id"]

    def __str__(self):
        return f"{self.court_name} {self.case_reference}".strip()


class Sentence(models.Model):
    """One sentence as the court imposed it. Durations are kept in the engine's shape,
    e.g. {"YEARS": 2, "MONTHS": 6}."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="sentences")
    court_case = models.ForeignKey(CourtCase, on_delete=models.CASCADE, related_name="sentences")
    line_number = models.PositiveSmallIntegerField(help_text="Its place in the booking, from 1")
    identifier = models.CharField(max_length=60, default=uuid.uuid4,
                                  help_text="How the engine and consecutive links refer to it")
    kind = models.CharField(max_length=40, choices=SentenceKind.choices, default=SentenceKind.SDS)
    offence_code = models.CharField(max_length=20, blank=True)
    offence_description = models.CharField(max_length=300, blank=True)
    offence_committed_at = models.DateField(null=True, blank=True)
    sentenced_at = models.DateField()
    duration = models.JSONField(null=True, blank=True, help_text="The term (not for EDS and SOPC)")
    custodial_duration = models.JSONField(null=True, blank=True, help_text="EDS and SOPC: the custodial term")
    extension_duration = models.JSONField(null=True, blank=True, help_text="EDS and SOPC: the extension period")
    consecutive_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="consecutive_sentences")
    is_sds_plus = models.BooleanField(default=False)
    is_sds_plus_eligible = models.BooleanField(default=False,
                                               help_text="SDS+ eligible by sentence type, length and offence")
    early_release_exclusions = models.JSONField(default=list, blank=True)
    is_section_250 = models.BooleanField(default=False)
    fine_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    recall_type = models.CharField(max_length=30, choices=RecallType.choices, blank=True)
    revocation_date = models.DateField(null=True, blank=True)
    return_to_custody_date = models.DateField(null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True,
                             help_text="Engine inputs with no form of their own (automaticRelease, sdopcu18, "
                                       "latestTusedDate), given back on export")

    class Meta:
        ordering = ["line_number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "line_number"], name="sentence_line_once"),
            models.UniqueConstraint(fields=["booking", "identifier"], name="sentence_identifier_once"),
        ]

    def __str__(self):
        return f"line {self.line_number}: {self.get_kind_display()}"


class Adjustment(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="adjustments")
    kind = models.CharField(max_length=45, choices=AdjustmentKind.choices)
    days = models.PositiveIntegerField()
    from_date = models.DateField(null=True, blank=True)
    to_date = models.DateField(null=True, blank=True)
    applies_from = models.DateField(null=True, blank=True,
                                    help_text="The sentences it applies to: those passed on or after this date")
    ual_reason = models.CharField(max_length=60, blank=True)
    adjudication_reference = models.CharField(max_length=40, blank=True, help_text="For an ADA or RADA")
    source_work_item = models.ForeignKey(WorkItem, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="adjustments",
                                         help_text="The adjudication work item the ADA came from")
    extra = models.JSONField(default=dict, blank=True,
                             help_text="The rest of an imported adjustment's additionalInfo, given back on export")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["from_date", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.days} days"


class CalculationReason(models.TextChoices):
    INITIAL = "initial", "Initial calculation"
    TRANSFER = "transfer", "Transfer check"
    FURTHER_SENTENCES = "further-sentences", "Further sentences"
    ADA = "ada", "ADA"
    RADA = "rada", "RADA"
    APPEAL = "appeal", "Appeal decision"
    RECALL = "recall", "Recall"
    FOURTEEN_DAY = "14-day", "14-day check"
    RECHECK = "recheck", "Recheck after a change in the engine or the law"
    OTHER = "other", "Other"


class Calculation(models.Model):
    """One run of the engine for a work item, with everything needed to reproduce it."""

    class Status(models.TextChoices):
        PRELIMINARY = "preliminary", "Preliminary"
        CONFIRMED = "confirmed", "Confirmed"
        SUPERSEDED = "superseded", "Superseded"

    work_item = models.ForeignKey(WorkItem, on_delete=models.PROTECT, related_name="calculations")
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="calculations")
    booking_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The booking's version when calculated: records unchanged since keep it")
    reason = models.CharField(max_length=20, choices=CalculationReason.choices)
    reason_detail = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PRELIMINARY)
    profile = models.CharField(max_length=60, help_text="The legislation profile the engine applied")
    engine_version = models.CharField(max_length=20)
    inputs = models.JSONField(help_text="The booking JSON the engine read, exactly")
    dates = models.JSONField(default=dict, blank=True)
    effective_sentence_length = models.CharField(max_length=40, blank=True)
    validation = models.JSONField(default=list, blank=True, help_text="Validation codes")
    error = models.CharField(max_length=80, blank=True)
    error_message = models.TextField(blank=True)
    breakdown = models.JSONField(default=list, blank=True)
    is_manual = models.BooleanField(default=False, help_text="Dates entered by hand where the engine cannot")
    manual_reason = models.TextField(blank=True)
    calculated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    calculated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-calculated_at", "-id"]

    def __str__(self):
        return f"calculation {self.pk} for {self.work_item.reference}"


class ConfirmedKeyDates(models.Model):
    """A person's release dates as confirmed on second check: version N of their key dates. Kept with
    the engine version, profile and inputs that produced them, so any of them can be reproduced."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="confirmed_key_dates")
    number = models.PositiveIntegerField(help_text="1 for their first confirmed dates, then 2, 3, ...")
    calculation = models.OneToOneField(Calculation, on_delete=models.PROTECT, related_name="confirmation")
    dates = models.JSONField()
    engine_version = models.CharField(max_length=20)
    profile = models.CharField(max_length=60)
    inputs = models.JSONField()
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)
    recheck_needed = models.BooleanField(default=False,
                                         help_text="The nightly check found that the engine now gives other dates")
    recheck_details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["person", "-number"]
        constraints = [models.UniqueConstraint(fields=["person", "number"], name="confirmed_dates_version_once")]

    def __str__(self):
        return f"confirmed key dates {self.number} of {self.person}"


class WhatIfRun(models.Model):
    """The engine run over every person in an establishment under another legislation profile, without
    touching anyone's confirmed key dates: who would see their dates change, and by how much."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="what_if_runs")
    profile = models.CharField(max_length=60, help_text="The legislation profile to compare with")
    compared_with = models.CharField(max_length=60, help_text="The profile in force, as confirmed dates used")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0, help_text="People with sentence records to calculate")
    done = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    earlier = models.PositiveIntegerField(default=0, help_text="People who would be released sooner")
    failed = models.PositiveIntegerField(default=0)
    without_records = models.PositiveIntegerField(default=0,
                                                  help_text="People of the establishment with no sentences recorded")
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"what-if {self.profile} at {self.unit}"


class WhatIfResult(models.Model):
    """One person in a what-if run whose dates change (or who could not be calculated)."""

    class Basis(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed key dates"
        RECORDS = "records", "Sentence records (dates not confirmed as they stand)"

    # Read by run only (the composite indexes below start with it): no index of their own, so that a run
    # writing 100,000 rows into a table of earlier runs' rows appends rather than scatters.
    run = models.ForeignKey(WhatIfRun, on_delete=models.CASCADE, related_name="results", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    current_dates = models.JSONField(default=dict)
    new_dates = models.JSONField(default=dict)
    current_release = models.DateField(null=True, blank=True)
    new_release = models.DateField(null=True, blank=True)
    days_earlier = models.IntegerField(null=True, blank=True, help_text="Positive when release comes sooner")
    basis = models.CharField(max_length=10, choices=Basis.choices, default=Basis.CONFIRMED)
    changes = models.JSONField(default=list, blank=True, help_text="Date by date: code, before, after, days")
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["new_release", "id"]
        indexes = [models.Index(fields=["run", "days_earlier"], name="whatif_run_days_idx"),
                   models.Index(fields=["run", "new_release"], name="whatif_run_release_idx")]

    def __str__(self):
        return f"{self.person}: {self.days_earlier} days"


class ConfirmedDatesCheck(models.Model):
    """One nightly run of the engine over everyone's confirmed key dates: how many still match, and who
    was flagged for a recheck because the engine (or the law in force) now gives other dates."""

    as_at = models.DateField()
    triggered_by = models.CharField(max_length=20, default="schedule")
    engine_version = models.CharField(max_length=20)
    profile = models.CharField(max_length=60, help_text="The law in force the dates were recalculated under")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    checked = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0, help_text="Newly found to differ: a recheck item opened")
    still_flagged = models.PositiveIntegerField(default=0)
    cleared = models.PositiveIntegerField(default=0, help_text="Flagged before, matching again now")
    entered_by_hand = models.PositiveIntegerField(default=0, help_text="Dates entered by hand: not recalculated")

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"confirmed dates check {self.as_at}"
