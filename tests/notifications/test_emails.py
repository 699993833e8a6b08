"""Emails go through Django's SMTP backend to a real SMTP server; when they cannot, the notification
keeps the error and later runs try again, a bounded number of times."""

import datetime

import time_machine
from django.utils import timezone

from omhub.notifications import services
from omhub.notifications.models import Notification
from tests.mail_server import RecordingHandler, free_port, running_smtp_server, use_smtp


def with_address(user, address):
    user.email = address
    user.save(update_fields=["email"])
    return user


def test_a_notification_is_emailed_through_the_smtp_server(staff, make_notification, smtp_server, settings):
    settings.OMHUB_BASE_URL = "https://omhub.example.gov.uk"
    notification = make_notification(with_address(staff["business-administrator"], "ba@example.gov.uk"))
    outcome = services.send_pending_emails()
    assert outcome.as_dict() == {"sent": 1, "failed": 0, "retried": 0}
    [message] = smtp_server.messages
    assert message["To"] == "ba@example.gov.uk" and message["Subject"] == "HDC-000001 is due today"
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    text = message.get_content()
    assert "Home Detention Curfew (HDC) work at HMP Leeds." in text
    assert "https://omhub.example.gov.uk/casework/HDC-000001/" in text
    assert "https://omhub.example.gov.uk/notifications/preferences/" in text
    notification.refresh_from_db()
    assert notification.emailed_at is not None and notification.email_error == "" and notification.email_attempts == 1


def test_an_email_is_sent_once_however_often_pending_emails_are_sent(staff, make_notification, smtp_server):
    make_notification(with_address(staff["business-administrator"], "ba@example.gov.uk"))
    services.send_pending_emails()
    assert services.send_pending_emails().as_dict() == {"sent": 0, "failed": 0, "retried": 0}
    assert len(smtp_server.messages) == 1


def test_no_email_for_someone_without_an_address_or_who_switched_it_off(staff, make_notification, smtp_server):
    ba, hm = staff["business-administrator"], with_address(staff["hub-manager"], "hm@example.gov.uk")
    services.set_email_preferences(actor=hm, user=hm, enabled={"due-today": False})
    make_notification(ba)
    make_notification(hm)
    assert services.send_pending_emails().sent == 0
    assert smtp_server.messages == [] and Notification.objects.count() == 2


def test_a_recipient_the_server_refuses_fails_alone(staff, make_notification, settings):
    handler = RecordingHandler(refuse={"gone@example.gov.uk"})
    with running_smtp_server(handler) as server:
        use_smtp(settings, server.port)
        refused = make_notification(with_address(staff["business-administrator"], "gone@example.gov.uk"))
        accepted = make_notification(with_address(staff["hub-manager"], "hm@example.gov.uk"))
        outcome = services.send_pending_emails()
    assert (outcome.sent, outcome.failed) == (1, 1)
    refused.refresh_from_db()
    accepted.refresh_from_db()
    assert refused.emailed_at is None and "SMTPRecipientsRefused" in refused.email_error
    assert "No such mailbox" in refused.email_error
    assert accepted.emailed_at is not None and [m["To"] for m in server.messages] == ["hm@example.gov.uk"]


def test_a_server_that_refuses_the_message_leaves_the_notification_with_its_error(staff, make_notification,
                                                                                 settings):
    with running_smtp_server(RecordingHandler(fail_data=True)) as server:
        use_smtp(settings, server.port)
        notification = make_notification(with_address(staff["business-administrator"], "ba@example.gov.uk"))
        assert services.send_pending_emails().failed == 1
    notification.refresh_from_db()
    assert notification.emailed_at is None and "Mail system failure" in notification.email_error
    assert Notification.objects.filter(pk=notification.pk, read_at__isnull=True).exists()


def test_an_unreachable_server_fails_every_email_at_once_and_loses_no_notification(staff, make_notification,
                                                                                  settings):
    use_smtp(settings, free_port())  # nothing listens there
    for user, address in (("business-administrator", "ba@example.gov.uk"), ("hub-manager", "hm@example.gov.uk")):
        make_notification(with_address(staff[user], address))
    outcome = services.send_pending_emails()
    assert (outcome.sent, outcome.failed) == (0, 2)
    for notification in Notification.objects.all():
        assert notification.emailed_at is None and notification.email_attempts == 1
        assert "ConnectionRefusedError" in notification.email_error


def test_a_failed_email_is_retried_later_and_sent_when_the_server_is_back(staff, make_notification, settings):
    use_smtp(settings, free_port())
    notification = make_notification(with_address(staff["business-administrator"], "ba@example.gov.uk"))
    services.send_pending_emails()
    with running_smtp_server() as server:
        use_smtp(settings, server.port)
        assert services.send_pending_emails().sent == 0, "too soon after the failure"
        later = timezone.now() + services.RETRY_AFTER
        outcome = services.send_pending_emails(now=later)
    assert outcome.as_dict() == {"sent": 1, "failed": 0, "retried": 1}
    notification.refresh_from_db()
    assert notification.emailed_at is not None and notification.email_error == "" and notification.email_attempts == 2
    assert len(server.messages) == 1


def test_retries_stop_after_the_last_attempt(staff, make_notification, settings):
    use_smtp(settings, free_port())
    notification = make_notification(with_address(staff["business-administrator"], "ba@example.gov.uk"))
    now = timezone.now()
    for attempt in range(services.MAX_EMAIL_ATTEMPTS + 2):
        services.send_pending_emails(now=now + attempt * services.RETRY_AFTER)
    notification.refresh_from_db()
    assert notification.email_attempts == services.MAX_EMAIL_ATTEMPTS and notification.emailed_at is None


def test_an_old_unsent_email_is_given_up(staff, make_notification, smtp_server):
    with time_machine.travel(timezone.now() - services.GIVE_UP_AFTER - datetime.timedelta(minutes=1)):
        notification = make_notification(with_address(staff["business-administrator"], "ba@example.gov.uk"))
    assert services.send_pending_emails().sent == 0
    notification.refresh_from_db()
    assert notification.email_attempts == 0 and smtp_server.messages == []


def test_an_email_claimed_by_one_sender_is_not_sent_by_another(staff, make_notification, smtp_server):
    notification = make_notification(with_address(staff["business-administrator"], "ba@example.gov.uk"))
    now = timezone.now()
    assert services._claim([notification.pk], now) == {notification.pk}
    assert services._claim([notification.pk], now) == set(), "the first sender has it"
    assert services.send_pending_emails().sent == 0, "claimed moments ago: another sender has it"
