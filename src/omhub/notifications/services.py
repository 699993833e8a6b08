"""Every change to notifications, and their emails.

Notifications are created by omhub itself (reminders, escalations), never by a person, so creating
them checks no capability; reading, marking read and choosing emails are each person's own business,
and the services refuse anyone acting on someone else's.

Emails are sent after the notifications are saved, never inside that transaction: a slow or broken
mail server cannot roll back or lose a notification. A failed email keeps its error on the notification
and is tried again by later runs, at most MAX_EMAIL_ATTEMPTS times in all and for GIVE_UP_AFTER.
"""

import datetime
import logging
import smtplib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from omhub.audit import services as audit
from omhub.notifications.models import EmailPreference, Kind, Notification

log = logging.getLogger("omhub.notifications")

MAX_EMAIL_ATTEMPTS = 3
RETRY_AFTER = datetime.timedelta(minutes=30)
GIVE_UP_AFTER = datetime.timedelta(days=3)
CLAIM_BATCH = 200
# Failures that concern one message (its recipient or its content): the next message may still go.
MESSAGE_FAILURES = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)


@dataclass(frozen=True)
class Draft:
    recipient: object  # a User
    kind: str
    title: str
    body: str = ""
    url: str = ""


def create_notifications(drafts: Sequence[Draft]) -> list[Notification]:
    """Save many notifications in one write, in the caller's transaction. Whether each should be
    emailed is decided now, from the recipient's address and email choices. The caller audits what
    they were for (a reminder run records one summary event); emails go with send_pending_emails()."""
    if not drafts:
        return []
    unknown = sorted({draft.kind for draft in drafts} - set(Kind.values))
    if unknown:
        raise ValidationError({"kind": [f"Unknown kind of notification: {', '.join(unknown)}"]})
    switched_off = set(EmailPreference.objects.filter(
        user_id__in={draft.recipient.pk for draft in drafts}, enabled=False).values_list("user_id", "kind"))
    notifications = [
        Notification(recipient=draft.recipient, kind=draft.kind, title=draft.title[:200], body=draft.body,
                     url=draft.url[:300],
                     email_wanted=bool(draft.recipient.email) and (draft.recipient.pk, draft.kind) not in switched_off)
        for draft in drafts
    ]
    return Notification.objects.bulk_create(notifications, batch_size=500)


@transaction.atomic
def notify(*, recipient, kind: str, title: str, body: str = "", url: str = "") -> Notification:
    """One notification, audited on its own (bulk senders use create_notifications and a summary)."""
    notification = create_notifications([Draft(recipient=recipient, kind=kind, title=title, body=body, url=url)])[0]
    audit.record(actor=None, action=audit.Action.CREATE, instance=notification,
                 after={"recipient": recipient.username, "kind": kind, "title": notification.title,
                        "url": notification.url, "email_wanted": notification.email_wanted})
    return notification


@transaction.atomic
def mark_read(*, actor, notifications: Sequence[Notification]) -> int:
    """Mark the actor's own notifications read; someone else's is refused outright."""
    if any(notification.recipient_id != actor.pk for notification in notifications):
        raise PermissionDenied("You can only mark your own notifications as read.")
    ids = sorted(notification.pk for notification in notifications if notification.read_at is None)
    if not ids:
        return 0
    now = timezone.now()
    count = Notification.objects.filter(pk__in=ids, recipient_id=actor.pk, read_at__isnull=True).update(read_at=now)
    for notification in notifications:
        notification.read_at = notification.read_at or now
    if len(ids) == 1:
        audit.record(actor=actor, action=audit.Action.UPDATE, object_type="notifications.notification",
                     object_id=str(ids[0]), object_repr=f"notification {ids[0]} of {actor.username}",
                     before={"read_at": None}, after={"read_at": now})
    else:
        audit.record(actor=actor, action=audit.Action.UPDATE, object_type="notifications.notification",
                     object_repr=f"{count} notifications of {actor.username}", after={"read": ids, "read_at": now})
    return count


@transaction.atomic
def mark_all_read(*, actor) -> int:
    now = timezone.now()
    count = Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(read_at=now)
    if count:
        audit.record(actor=actor, action=audit.Action.UPDATE, object_type="notifications.notification",
                     object_repr=f"all {count} unread notifications of {actor.username}",
                     after={"read": "all unread", "count": count, "read_at": now})
    return count


@transaction.atomic
def set_email_preferences(*, actor, user, enabled: dict[str, bool]) -> dict[str, bool]:
    """Choose which kinds of email ``user`` receives. Kinds left out keep their setting. People choose
    for themselves only."""
    from omhub.notifications.selectors import email_choices

    if actor is None or actor.pk != user.pk:
        raise PermissionDenied("You can only choose your own emails.")
    unknown = sorted(set(enabled) - set(Kind.values))
    if unknown:
        raise ValidationError({"kinds": [f"There is no kind of email called {', '.join(unknown[:10])}: choose from "
                                         f"{', '.join(Kind.values)}"]})
    before = email_choices(user)
    for kind, on in enabled.items():
        EmailPreference.objects.update_or_create(user=user, kind=kind, defaults={"enabled": bool(on)})
    after = email_choices(user)
    audit.record_change(actor=actor, instance=user, before={"email_" + k: v for k, v in before.items()},
                        after={"email_" + k: v for k, v in after.items()})
    return after


# Emails --------------------------------------------------------------------------------------------

@dataclass
class EmailOutcome:
    sent: int = 0
    failed: int = 0
    retried: int = 0

    def as_dict(self) -> dict:
        return {"sent": self.sent, "failed": self.failed, "retried": self.retried}


def _still_pending(notifications, now: datetime.datetime):
    return (notifications.filter(email_wanted=True, emailed_at__isnull=True, email_attempts__lt=MAX_EMAIL_ATTEMPTS,
                                 created_at__gte=now - GIVE_UP_AFTER)
            .filter(Q(email_attempted_at__isnull=True) | Q(email_attempted_at__lte=now - RETRY_AFTER)))


def _claim(ids: Sequence[int], now: datetime.datetime) -> set[int]:
    """Take these emails for this sender, those still pending, in one statement marked with a token of
    its own: two senders at once (two workers, the command beside the worker) never take the same one."""
    token = uuid.uuid4().hex
    _still_pending(Notification.objects.filter(pk__in=ids), now).update(
        email_claim=token, email_attempts=F("email_attempts") + 1, email_attempted_at=now)
    return set(Notification.objects.filter(pk__in=ids, email_claim=token).values_list("pk", flat=True))


def _failed(notification: Notification, error: Exception | str) -> None:
    text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    log.warning("could not email notification %s to %s: %s", notification.pk, notification.recipient.username, text)
    Notification.objects.filter(pk=notification.pk).update(email_error=text[:500])


def email_text(notification: Notification) -> str:
    base = settings.OMHUB_BASE_URL.rstrip("/")
    when = timezone.localtime(notification.created_at)
    lines = [notification.body.strip(), ""]
    if notification.url:
        lines += [f"Open it in omhub: {base}{notification.url}", ""]
    lines += [f"omhub sent this on {when:%A} {when.day} {when:%B %Y at %H:%M}. You can see every notification "
              f"at {base}/notifications/ and choose which ones are emailed to you at "
              f"{base}/notifications/preferences/.",
              "", "This email holds no one's personal details: open omhub to see them."]
    return "\n".join(lines)


def send_pending_emails(*, now: datetime.datetime | None = None, limit: int = 5000) -> EmailOutcome:
    """Email every notification that should be and has not been, through Django's configured mail
    backend (SMTP in production). A message the server refuses fails alone; a server that cannot be
    reached fails the rest of this batch at once (each keeps the error) instead of waiting on it for
    every message."""
    now = now or timezone.now()
    outcome = EmailOutcome()
    pending = list(_still_pending(Notification.objects.select_related("recipient"), now).order_by("id")[:limit])
    if not pending:
        return outcome
    connection = mail.get_connection()
    broken: str | None = None
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001 - any failure to reach the server is recorded, never raised
        broken = f"{type(error).__name__}: {error}"
    try:
        mine: set[int] = set()
        for position, notification in enumerate(pending):
            if position % CLAIM_BATCH == 0:
                mine = _claim([n.pk for n in pending[position:position + CLAIM_BATCH]], now)
            if notification.pk not in mine:
                continue
            if notification.email_attempts:
                outcome.retried += 1
            if broken is not None:
                _failed(notification, broken)
                outcome.failed += 1
                continue
            address = notification.recipient.email
            if not address:
                _failed(notification, "The recipient no longer has an email address")
                outcome.failed += 1
                continue
            message = mail.EmailMessage(subject=notification.title, body=email_text(notification), to=[address],
                                        connection=connection)
            try:
                message.send()
            except MESSAGE_FAILURES as error:
                _failed(notification, error)
                outcome.failed += 1
            except Exception as error:  # noqa: BLE001 - the connection is gone: fail the rest without waiting
                broken = f"{type(error).__name__}: {error}"
                _failed(notification, broken)
                outcome.failed += 1
            else:
                Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now(), email_error="")
                outcome.sent += 1
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - closing a broken connection may fail too; nothing is lost
            log.debug("closing the mail connection failed", exc_info=True)
    if outcome.failed:
        log.warning("emails: %s sent, %s failed", outcome.sent, outcome.failed)
    return outcome
