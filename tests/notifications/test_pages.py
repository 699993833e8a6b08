"""The notifications pages: one's own notifications, newest first, and one's email choices."""

import re

from omhub.audit.models import AuditEvent
from omhub.notifications import services
from omhub.notifications.models import EmailPreference, Notification
from omhub.notifications.views import PAGE_SIZE


def test_the_list_shows_ones_own_notifications_newest_first_with_unread_ones_marked(staff, signed_in,
                                                                                      make_notification):
    ba = staff["business-administrator"]
    older = make_notification(ba, title="BAIL-000001 is due in 2 working days", url="/casework/BAIL-000001/")
    make_notification(ba, title="HDC-000002 is overdue", url="/casework/HDC-000002/")
    make_notification(staff["hub-manager"], title="REC-000003 is overdue: escalated to you")
    services.mark_read(actor=ba, notifications=[older])
    page = signed_in(ba).get("/notifications/").content.decode()
    assert page.index("HDC-000002 is overdue") < page.index("BAIL-000001 is due in 2 working days")
    assert '<a class="govuk-link govuk-!-font-weight-bold" href="/casework/HDC-000002/">' in page
    assert '<a class="govuk-link" href="/casework/BAIL-000001/">' in page
    assert page.count(">Unread</strong>") == 1 and "You have 1 unread notification." in page
    assert "REC-000003" not in page


def test_the_list_can_show_only_unread_ones_and_is_paginated(staff, signed_in, make_notification):
    ba = staff["business-administrator"]
    for number in range(PAGE_SIZE + 2):
        make_notification(ba, title=f"Notification number {number:03d}")
    services.mark_read(actor=ba, notifications=[Notification.objects.order_by("id").first()])
    client = signed_in(ba)
    first = client.get("/notifications/").content.decode()
    assert "Notification number 026" in first and "Notification number 000" not in first
    assert "Page 1 of 2" in first
    second = client.get("/notifications/?page=2").content.decode()
    assert "Notification number 000" in second
    unread = client.get("/notifications/?show=unread&page=2").content.decode()
    assert "Notification number 001" in unread and "Notification number 000" not in unread


def test_mark_all_as_read_is_a_post_and_says_how_many(staff, signed_in, make_notification):
    ba = staff["business-administrator"]
    make_notification(ba)
    make_notification(ba)
    client = signed_in(ba)
    assert client.get("/notifications/read/").status_code == 405
    response = client.post("/notifications/read/", follow=True)
    assert "2 notifications marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=ba, read_at__isnull=True).exists()
    assert "Mark all as read" not in response.content.decode()


def test_one_notification_can_be_marked_read(staff, signed_in, make_notification):
    ba = staff["business-administrator"]
    notification = make_notification(ba)
    response = signed_in(ba).post(f"/notifications/{notification.pk}/read/", follow=True)
    assert f"Marked as read: {notification.title}." in response.content.decode()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_the_preferences_page_shows_where_emails_go_or_that_there_is_nowhere(staff, signed_in):
    ba = staff["business-administrator"]
    page = signed_in(ba).get("/notifications/preferences/").content.decode()
    assert "You have no email address in omhub" in page and "A system administrator can add" in page
    ba.email = "ba@example.gov.uk"
    ba.save()
    page = signed_in(ba).get("/notifications/preferences/").content.decode()
    assert "omhub emails you at <strong>ba@example.gov.uk</strong>" in page
    assert len(re.findall(r'type="checkbox" value="[a-z-]+" checked', page)) == 4, "every kind is on by default"


def test_choosing_emails_saves_and_unticking_everything_switches_every_kind_off(staff, signed_in):
    ba = staff["business-administrator"]
    client = signed_in(ba)
    response = client.post("/notifications/preferences/", {"kinds": ["overdue", "escalation"]}, follow=True)
    assert "Your email choices have been saved." in response.content.decode()
    assert dict(EmailPreference.objects.filter(user=ba).values_list("kind", "enabled")) == {
        "due-soon": False, "due-today": False, "overdue": True, "escalation": True}
    client.post("/notifications/preferences/", {})
    assert not EmailPreference.objects.filter(user=ba, enabled=True).exists()
    events = AuditEvent.objects.filter(object_type="accounts.user", object_id=str(ba.pk), actor_username="ba")
    assert events.count() == 2


def test_a_kind_that_does_not_exist_is_shown_as_a_problem_and_nothing_is_saved(staff, signed_in):
    ba = staff["business-administrator"]
    response = signed_in(ba).post("/notifications/preferences/", {"kinds": ["overdue", "weekly-digest"]})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Choose only the kinds of email listed" in page and "<title>Error: " in page
    assert not EmailPreference.objects.exists()


def test_the_navigation_shows_the_unread_count_to_those_who_see_casework(staff, signed_in, make_notification):
    hm = staff["hub-manager"]
    page = signed_in(hm).get("/").content.decode()
    assert 'href="/notifications/"' in page and "Notifications (" not in page
    make_notification(hm)
    make_notification(hm)
    page = signed_in(hm).get("/").content.decode()
    assert "Notifications (2 unread)" in page
    for role in ("offender-manager", "system-administrator", "job-evaluation-panel"):
        assert 'href="/notifications/"' not in signed_in(staff[role]).get("/").content.decode(), role
