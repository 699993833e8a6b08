"""Hub casework: case types as data, and the work items that move through preparation, check and
onward transmission."""

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When

from omhub.accounts.models import Unit
from omhub.people.models import Person


class CaseType(models.Model):
    """One kind of hub paperwork. Everything that differs between kinds is data here, editable by a
    system administrator: fields, checklist, deadline rules, reminders, recipients, who prepares and
    who checks. A work item copies the rules it was opened under, so a later edit never moves the
    deadline of an open item silently."""

    code = models.SlugField(max_length=40, unique=True)
    number = models.PositiveSmallIntegerField(unique=True, help_text="Its number in the hub's list of case types")
    name = models.CharField(max_length=120)
    short_name = models.CharField(max_length=12, help_text="Prefix of work item references, e.g. HDC")
    description = models.TextField(blank=True)
    trigger = models.CharField(max_length=300, blank=True, help_text="What usually starts one")
    fields = models.JSONField(default=list, blank=True,
                              help_text="Fields specific to the type: name, label, kind, required, choices")
    checklist = models.JSONField(default=list, blank=True, help_text="Checks that gate 'ready for check'")
    deadline_rule = models.JSONField(help_text="When a work item of this type is due")
    open_rule = models.JSONField(null=True, blank=True,
                                 help_text="When the bring-forward diary opens one, relative to a key date")
    open_only_if = models.JSONField(default=list, blank=True,
                                    help_text="Conditions on the person for the diary to open one, e.g. "
                                              "foreign-national, mappa, in-custody")
    document_template = models.JSONField(default=dict, blank=True,
                                         help_text="The document generated for an item: title and body with "
                                                   "{{ placeholders }} for the item's and person's data")
    reminder_steps = models.JSONField(default=list, blank=True)
    onward_recipients = models.JSONField(default=list, blank=True)
    preparer_roles = models.JSONField(default=list)
    checker_roles = models.JSONField(default=list)
    evidence = models.CharField(max_length=300, blank=True,
                                help_text="Where the default rules come from (E: policy or HMPPS service; "
                                          "G: a default to confirm with users)")
    is_active = models.BooleanField(default=True)
    rules_version = models.PositiveIntegerField(default=1, help_text="Goes up whenever the rules change")
    version = models.PositiveIntegerField(default=1, help_text="Goes up with every edit; stale edits are refused")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return self.name


class Status(models.TextChoices):
    RECEIVED = "received", "Received"
    IN_PREPARATION = "in-preparation", "In preparation"
    READY_FOR_CHECK = "ready-for-check", "Ready for check"
    RETURNED = "returned", "Returned"
    APPROVED = "approved", "Approved"
    SENT = "sent", "Sent onward"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_STATUSES = [Status.RECEIVED, Status.IN_PREPARATION, Status.READY_FOR_CHECK, Status.RETURNED, Status.APPROVED]


class WorkItem(models.Model):
    reference = models.CharField(max_length=30, unique=True)
    case_type = models.ForeignKey(CaseType, on_delete=models.PROTECT, related_name="work_items")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="work_items")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="work_items",
                             help_text="The hub whose work this is")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="assigned_work")
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="prepared_work", help_text="Who sent it for check last")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="checked_work")
    received_at = models.DateTimeField()
    due_date = models.DateField(db_index=True)
    deadline_rule = models.JSONField(help_text="The rule this item's deadline was computed with")
    deadline_explanation = models.JSONField(default=list)
    rules_version = models.PositiveIntegerField()
    values = models.JSONField(default=dict, blank=True)
    checklist_done = models.JSONField(default=list, blank=True)
    key_date_kind = models.CharField(max_length=20, blank=True)
    key_date = models.DateField(null=True, blank=True)
    needs_review = models.BooleanField(default=False, help_text="A key date it was opened for has changed")
    review_reason = models.CharField(max_length=300, blank=True)
    sent_to = models.CharField(max_length=200, blank=True)
    sent_channel = models.CharField(max_length=40, blank=True)
    sent_on = models.DateField(null=True, blank=True)
    sent_reference = models.CharField(max_length=100, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Kept by the database from the status. The queues filter on this rather than on a list of statuses
    # because a query with "status IN (...)" can only seek the index once per status and must then sort.
    open_work = models.GeneratedField(
        expression=Case(When(status__in=OPEN_STATUSES, then=Value(True)), default=Value(False)),
        output_field=models.BooleanField(), db_persist=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["unit", "status", "due_date"], name="workitem_queue_idx"),
            models.Index(fields=["assignee", "status", "due_date"], name="workitem_assignee_idx"),
            models.Index(fields=["person", "created_at"], name="workitem_person_idx"),
            models.Index(fields=["status", "due_date"], name="workitem_status_due_idx"),
            # The queues (team, my work, due soon, due today, overdue) read open work only, in due-date
            # order: these answer them and their counts from the index, without reading closed history.
            models.Index(fields=["unit", "open_work", "assignee", "due_date"], name="workitem_open_assignee_idx"),
            models.Index(fields=["unit", "open_work", "due_date"], name="workitem_open_due_idx"),
            models.Index(fields=["unit", "case_type", "due_date"], name="workitem_unit_type_due_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["person", "case_type", "key_date_kind", "key_date"],
                                    condition=Q(key_date__isnull=False), name="workitem_once_per_key_date"),
        ]

    def __str__(self):
        return f"{self.reference} {self.case_type.name}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Transition(models.Model):
    """A step in a work item's life, with who took it and why: the item's history."""

    work_item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.work_item.reference}: {self.action}"


class Pause(models.Model):
    """Stop the clock: the deadline moves on by the working days the item waited on someone else."""

    work_item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="pauses")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self):
        return f"paused {self.started_on} to {self.ended_on or 'now'}: {self.reason}"


class Extension(models.Model):
    work_item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="extensions")
    working_days = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"+{self.working_days} working days: {self.reason}"


class KeyDate(models.Model):
    """A person's key date (HDCED, CRD, PED, ...): entered by hand until confirmed sentence calculations
    provide them. The bring-forward diary opens work items from these."""

    class Kind(models.TextChoices):
        HDCED = "HDCED", "Home detention curfew eligibility date (HDCED)"
        CRD = "CRD", "Conditional release date (CRD)"
        ARD = "ARD", "Automatic release date (ARD)"
        PED = "PED", "Parole eligibility date (PED)"
        TARIFF = "TARIFF", "Tariff expiry date"
        ERSED = "ERSED", "Early removal scheme eligibility date (ERSED)"
        RELEASE = "RELEASE", "Release date"
        SENTENCE = "SENTENCE", "Sentence date"
        RECAT = "RECAT", "Recategorisation review date"
        CAT_A_REVIEW = "CAT_A_REVIEW", "Category A review date"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="key_dates")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField()
    source = models.CharField(max_length=20, default="manual")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "kind"], name="keydate_one_per_kind")]
        indexes = [models.Index(fields=["kind", "date"], name="keydate_kind_date_idx")]
        ordering = ["date"]

    def __str__(self):
        return f"{self.kind} {self.date}"


class Attachment(models.Model):
    """A file kept with a work item: uploaded by staff, or a document omhub generated from the case
    type's template. The bytes live in the attachment storage (outside the database); the checksum
    proves on every download that they are the bytes that were stored. Removing one keeps the row
    and the file, so what was once attached can always be accounted for."""

    class Kind(models.TextChoices):
        UPLOAD = "upload", "Uploaded"
        GENERATED = "generated", "Generated by omhub"

    work_item = models.ForeignKey(WorkItem, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.UPLOAD)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=300, unique=True, help_text="Its name in the attachment storage")
    description = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    removed_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return f"{self.filename} ({self.work_item.reference})"


class Reminder(models.Model):
    """A reminder step sent for a work item: at most one per item, step and due date, so that no one
    is reminded of the same thing twice; a new due date (an extension, a pause) starts afresh."""

    class Step(models.TextChoices):
        DUE_SOON = "due-soon", "Due soon"
        DUE_TODAY = "due-today", "Due today"
        OVERDUE = "overdue", "Overdue"

    work_item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="reminders")
    step = models.CharField(max_length=20, choices=Step.choices)
    due_date = models.DateField()
    recipients = models.JSONField(default=list, help_text="Usernames told, escalations included")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["work_item", "step", "due_date"], name="reminder_once")]

    def __str__(self):
        return f"{self.work_item.reference} {self.step} {self.due_date}"


class DiaryRun(models.Model):
    """One run of the bring-forward diary: when, for which day, and what it did."""

    as_at = models.DateField()
    triggered_by = models.CharField(max_length=40, help_text="schedule, command, or a username")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    people_considered = models.PositiveIntegerField(default=0)
    opened = models.PositiveIntegerField(default=0)
    replanned = models.PositiveIntegerField(default=0)
    details = models.JSONField(default=dict, blank=True, help_text="Items opened per case type")

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"diary {self.as_at}: {self.opened} opened"
