from django.conf import settings
from django.db import models


class AuditImmutableError(Exception):
    """Raised when code tries to change or delete an audit event: the trail is append-only."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutableError("Audit events cannot be changed.")

    def delete(self):
        raise AuditImmutableError("Audit events cannot be deleted.")

    def bulk_update(self, *args, **kwargs):
        raise AuditImmutableError("Audit events cannot be changed.")


class AuditEvent(models.Model):
    """One thing that happened: who did what to which record, with the values before and after.

    Each event carries the hash of the one before it, so an event changed or removed directly in the
    database breaks the chain and ``omhub audit verify`` reports where.
    """

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"
        READ = "read", "Viewed"
        SIGN_IN = "sign-in", "Signed in"
        SIGN_IN_FAILED = "sign-in-failed", "Failed to sign in"
        LOCKED_OUT = "locked-out", "Locked out"
        SIGN_OUT = "sign-out", "Signed out"
        TOKEN_CREATED = "token-created", "API token created"
        TOKEN_REVOKED = "token-revoked", "API token revoked"
        EXPORT = "export", "Exported"

    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    person_id = models.BigIntegerField(null=True, blank=True, help_text="The person the event concerns, if any")
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["person_id", "sequence"], name="audit_person_idx"),
            models.Index(fields=["actor", "sequence"], name="audit_actor_idx"),
        ]

    def __str__(self):
        return f"#{self.sequence} {self.actor_username or 'system'} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditImmutableError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("Audit events cannot be deleted.")


class AuditChainHead(models.Model):
    """The newest link of the chain. Writers lock this row, so events get gapless sequence numbers and
    each names its true predecessor even with several app servers writing at once."""

    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self):
        return f"audit chain at #{self.sequence}"


class AuditVerification(models.Model):
    """One check of the whole chain: when, who or what asked, and what it found. Auditors see the
    latest on their home page, so a broken chain cannot go unnoticed between their visits."""

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "Nightly check"
        AUDITOR = "auditor", "An auditor"
        COMMAND = "command", "The command line"

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    triggered_by = models.CharField(max_length=20, choices=Trigger.choices)
    requested_by = models.CharField(max_length=150, blank=True)
    events_checked = models.PositiveBigIntegerField()
    intact = models.BooleanField()
    problems = models.JSONField(default=list)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"{'intact' if self.intact else 'BROKEN'} at {self.finished_at:%Y-%m-%d %H:%M}"
