"""What omhub tells a member of staff: in the app always, and by email when they have an address and
have not switched that kind of message off."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    DUE_SOON = "due-soon", "Due soon"
    DUE_TODAY = "due-today", "Due today"
    OVERDUE = "overdue", "Overdue"
    ESCALATION = "escalation", "Escalated to you"


# What each kind is, in words for the preferences page.
KIND_DESCRIPTIONS = {
    Kind.DUE_SOON: "Work of yours, or unallocated work you can allocate, is due in the next few working days",
    Kind.DUE_TODAY: "Work of yours, or unallocated work you can allocate, is due today",
    Kind.OVERDUE: "Work of yours, or unallocated work you can allocate, is overdue",
    Kind.ESCALATION: "Someone else's work in your unit is overdue and has been escalated to you",
}


class Notification(models.Model):
    """One message to one person. It is kept whether or not its email could be sent: the email is a
    copy, so a mail server that is down never loses what omhub had to say."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True, help_text="Where in omhub the thing it is about is")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_wanted = models.BooleanField(default=False, help_text="The recipient had an email address and had not "
                                                                "switched this kind off when it was created")
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_attempted_at = models.DateTimeField(null=True, blank=True)
    email_claim = models.CharField(max_length=32, blank=True, help_text="Which sender took the last attempt")
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=500, blank=True, help_text="Why the last try to email it failed")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["recipient", "created_at"], name="notification_recipient_idx"),
            models.Index(fields=["email_attempts", "created_at"], name="notification_email_due_idx",
                         condition=Q(email_wanted=True, emailed_at__isnull=True)),
        ]

    def __str__(self):
        return f"{self.title} (to {self.recipient_id})"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class EmailPreference(models.Model):
    """A choice someone made about one kind of email. No row means the default: the email is sent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="emailpreference_once_per_kind")]

    def __str__(self):
        return f"{self.kind}: {'on' if self.enabled else 'off'}"
