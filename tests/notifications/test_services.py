"""Notifications and email choices: each person's own, every change audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from omhub.audit.models import AuditEvent
from omhub.notifications import selectors, services
from omhub.notifications.models import EmailPreference, Kind, Notification


def test_a_notification_is_emailed_only_to_someone_with_an_address_who_has_not_switched_its_kind_off(
        staff, make_notification):
    ba, hm, om = staff["business-administrator"], staff["hub-manager"], staff["offender-manager"]
    for user, address in ((ba, "ba@example.gov.uk"), (hm, "hm@example.gov.uk"), (om, "")):
        user.email = address
        user.save(update_fields=["email"])
    services.set_email_preferences(actor=hm, user=hm, enabled={Kind.DUE_TODAY: False})
    assert make_notification(ba).email_wanted is True
    assert make_notification(hm).email_wanted is False
    assert make_notification(hm, kind=Kind.OVERDUE).email_wanted is True
    assert make_notification(om).email_wanted is False


def test_an_unknown_kind_is_refused(staff, make_notification):
    with pytest.raises(ValidationError) as error:
        make_notification(staff["business-administrator"], kind="birthday")
    assert "Unknown kind of notification: birthday" in error.value.message_dict["kind"][0]
    assert not Notification.objects.exists()


def test_a_single_notification_is_audited(staff):
    notification = services.notify(recipient=staff["hub-manager"], kind=Kind.ESCALATION, title="REC-000009 is "
                                   "overdue: escalated to you", url="/casework/REC-000009/")
    event = AuditEvent.objects.get(object_type="notifications.notification", object_id=str(notification.pk))
    assert event.action == "create" and event.after["recipient"] == "hm" and event.after["kind"] == "escalation"


def test_marking_ones_own_notification_read_is_audited_and_counts_once(staff, make_notification):
    ba = staff["business-administrator"]
    notification = make_notification(ba)
    assert selectors.unread_count(ba) == 1
    assert services.mark_read(actor=ba, notifications=[notification]) == 1
    assert services.mark_read(actor=ba, notifications=[notification]) == 0
    assert selectors.unread_count(ba) == 0
    event = AuditEvent.objects.get(object_type="notifications.notification", action="update")
    assert event.actor_username == "ba" and event.object_id == str(notification.pk)


def test_no_one_can_mark_someone_elses_notification_read(staff, make_notification):
    notification = make_notification(staff["business-administrator"])
    with pytest.raises(PermissionDenied):
        services.mark_read(actor=staff["hub-manager"], notifications=[notification])
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_touches_only_ones_own(staff, make_notification):
    ba, hm = staff["business-administrator"], staff["hub-manager"]
    for _ in range(3):
        make_notification(ba)
    make_notification(hm)
    assert services.mark_all_read(actor=ba) == 3
    assert selectors.unread_count(ba) == 0 and selectors.unread_count(hm) == 1
    assert services.mark_all_read(actor=ba) == 0
    event = AuditEvent.objects.get(object_type="notifications.notification", action="update")
    assert event.after["count"] == 3


def test_every_kind_of_email_is_on_until_switched_off_and_the_change_is_audited(staff):
    ba = staff["business-administrator"]
    assert selectors.email_choices(ba) == dict.fromkeys(Kind.values, True)
    services.set_email_preferences(actor=ba, user=ba, enabled={Kind.DUE_SOON: False})
    assert selectors.email_choices(ba) == {**dict.fromkeys(Kind.values, True), "due-soon": False}
    services.set_email_preferences(actor=ba, user=ba, enabled={Kind.DUE_SOON: True, Kind.OVERDUE: False})
    assert selectors.email_choices(ba)["due-soon"] is True and selectors.email_choices(ba)["overdue"] is False
    assert EmailPreference.objects.filter(user=ba).count() == 2
    events = AuditEvent.objects.filter(object_type="accounts.user", object_id=str(ba.pk)).order_by("sequence")
    assert [event.after for event in events] == [{"email_due-soon": False},
                                                 {"email_due-soon": True, "email_overdue": False}]


def test_people_choose_their_own_emails_only(staff):
    with pytest.raises(PermissionDenied):
        services.set_email_preferences(actor=staff["system-administrator"], user=staff["business-administrator"],
                                       enabled={Kind.OVERDUE: False})
    assert not EmailPreference.objects.exists()


def test_an_unknown_kind_of_email_is_refused_and_nothing_changes(staff):
    ba = staff["business-administrator"]
    with pytest.raises(ValidationError) as error:
        services.set_email_preferences(actor=ba, user=ba, enabled={Kind.OVERDUE: False, "weekly-digest": False})
    assert "weekly-digest" in error.value.message_dict["kinds"][0]
    assert not EmailPreference.objects.exists()


def test_a_person_reads_only_their_own_notifications_newest_first(staff, make_notification):
    ba, hm = staff["business-administrator"], staff["hub-manager"]
    first, second = make_notification(ba, title="first"), make_notification(ba, title="second")
    make_notification(hm)
    assert list(selectors.notifications_for(ba)) == [second, first]
    services.mark_read(actor=ba, notifications=[second])
    assert list(selectors.notifications_for(ba, unread_only=True)) == [first]
    with pytest.raises(Notification.DoesNotExist):
        selectors.get_notification(hm, first.pk)
