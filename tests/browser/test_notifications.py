"""Notifications in a real browser: the pages meet WCAG A and AA, and work without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from omhub.notifications import services
from omhub.notifications.models import EmailPreference, Kind, Notification
from tests.browser.conftest import sign_in


@pytest.fixture
def notified(staff):
    """A hub manager with one notification of every kind, one of them read, and an email address."""
    hm = staff["hub-manager"]
    hm.email = "hm@example.gov.uk"
    hm.save()
    for number, kind in enumerate(Kind, start=1):
        services.create_notifications([services.Draft(
            recipient=hm, kind=kind, title=f"BAIL-00000{number} is {kind.label.lower()}",
            body="Bail application work at HMP Leeds, due Monday 23 November 2026.",
            url=f"/casework/BAIL-00000{number}/")])
    services.mark_read(actor=hm, notifications=[Notification.objects.order_by("id").first()])
    return hm


@pytest.mark.parametrize("path", ["/notifications/", "/notifications/?show=unread", "/notifications/preferences/"])
def test_the_notification_pages_meet_wcag_a_and_aa(axe_page, notified, check_accessibility, path):
    sign_in(axe_page, notified)
    axe_page.goto(path)
    expect(axe_page.get_by_role("heading", level=1)).to_be_visible()
    check_accessibility(axe_page)


def test_someone_without_javascript_reads_their_notifications_and_chooses_their_emails(
        page_without_javascript, notified):
    page = page_without_javascript
    sign_in(page, notified)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Notifications (3 unread)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_role("table")).to_contain_text("BAIL-000004 is escalated to you")

    page.get_by_role("button", name=re.compile(r"^Mark as read\W+BAIL-000004 is escalated to you$")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Marked as read")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("2 notifications marked as read.")
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()

    page.get_by_role("link", name="Choose which notifications are emailed to you").click()
    expect(page.get_by_text("omhub emails you at hm@example.gov.uk")).to_be_visible()
    page.get_by_label("Due soon:").uncheck()
    page.get_by_role("button", name="Save email choices").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Your email choices have been saved.")
    expect(page.get_by_label("Due soon:")).not_to_be_checked()
    assert list(EmailPreference.objects.filter(user=notified, enabled=False).values_list("kind", flat=True)) == [
        "due-soon"]
