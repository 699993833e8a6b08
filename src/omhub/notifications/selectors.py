"""Reads of notifications: a person only ever reads their own."""

from django.db.models import QuerySet

from omhub.notifications.models import EmailPreference, Kind, Notification


def notifications_for(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(recipient_id=user.pk)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-id")


def get_notification(user, notification_id: int) -> Notification:
    """The user's own notification; another person's raises DoesNotExist, as if it did not exist."""
    return notifications_for(user).get(pk=notification_id)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def email_choices(user) -> dict[str, bool]:
    """Which kinds of email the user receives: every kind unless they switched it off."""
    chosen = dict(EmailPreference.objects.filter(user_id=user.pk).values_list("kind", "enabled"))
    return {kind: chosen.get(kind, True) for kind in Kind.values}
